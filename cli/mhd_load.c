/* mhd_load.c — libmicrohttpd by dlopen(3), for `medrule serve` only
** (mhd_load.h says why).  The soname is the one the program was built
** against (the Makefile reads it off the library), so an incompatible
** libmicrohttpd is refused by name, as the dynamic linker would. */
#include <dlfcn.h>
#include <stdio.h>

#include "mhd_load.h"

#ifndef MHD_SONAME
#define MHD_SONAME "libmicrohttpd.so.12"
#endif

static mhd_api api;
static int loaded;

const mhd_api *mhd_load(char *why, size_t n) {
  if (loaded) return &api;
  void *lib = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *e = dlerror();
    snprintf(why, n, "cannot load %s, which medrule serve needs: %s", MHD_SONAME, e ? e : "not found");
    return NULL;
  }
  /* dlsym returns an object pointer; POSIX requires it to convert to a function pointer. */
#define MHD_LOAD_SYMBOL(name)                                                            \
  if (!(*(void **)&api.name = dlsym(lib, "MHD_" #name))) {                               \
    snprintf(why, n, "%s has no MHD_%s: not the libmicrohttpd medrule was built with", MHD_SONAME, #name); \
    dlclose(lib);                                                                        \
    return NULL;                                                                         \
  }
  MHD_LOAD_FUNCTIONS(MHD_LOAD_SYMBOL)
#undef MHD_LOAD_SYMBOL
  loaded = 1;
  return &api;
}
