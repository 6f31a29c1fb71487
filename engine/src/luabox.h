/* luabox.h — a Lua state that runs pack files in the sandbox, with a memory
** limit (always on, through the allocator) and a time limit (a count hook
** installed only while a deadline is armed). */
#ifndef MR_LUABOX_H
#define MR_LUABOX_H

#include <lua.h>
#include <time.h>

#include "internal.h"

typedef struct mr_luabox {
  lua_State *L;
  size_t used, limit;
  int mem_hit;       /* the allocator refused memory */
  int timed_out;     /* the deadline passed */
  char where[160];   /* "file.lua:LINE" where the deadline was first noticed */
  unsigned limit_ms;
  struct timespec deadline;
  const medrule_pack *pack;  /* files come from here when reading stored text */
  medrule_pack *loading;     /* files are read from disk into this pack */
} mr_luabox;

/* Opens a state with the libraries the prelude needs.  0, or -1 when out of
** memory. */
int mr_luabox_open(mr_luabox *b, size_t limit);
void mr_luabox_close(mr_luabox *b);

/* Arms a deadline `ms` from now; disarm removes the hook. */
void mr_luabox_arm(mr_luabox *b, unsigned ms);
void mr_luabox_disarm(mr_luabox *b);

/* Runs the prelude and the pack (from disk when b->loading is set, else from
** b->pack's stored files) and leaves the declaration registry on the stack.
** Must be called under lua_pcall: errors propagate as Lua errors. */
void mr_luabox_run_pack(mr_luabox *b);

/* Raises the engine's own out-of-memory error (a sentinel, so that no
** message has to be allocated and the status can say NOMEM). */
int mr_lua_oom(lua_State *L);
/* 1 when the error value at `idx` is that sentinel. */
int mr_lua_is_oom(lua_State *L, int idx);

/* Raises `msg`, a message that already names the pack directory, file and
** line, so that mr_luabox_error passes it on unchanged. */
int mr_lua_raise_complete(lua_State *L, const char *msg, size_t len);

/* Turns the error value on top of the stack into a message naming the pack
** file and line: "DIR/file.lua:12: why".  Pops it. */
char *mr_luabox_error(mr_luabox *b, const char *dir);

#endif
