/* pack_load.h — what the parts of the pack loader share (pack.c: opening,
** closing and the digest; pack_lua.c: reading the Lua declarations and
** compiling conditions; pack_declarations.c: turning each kind of declaration
** into the pack's C structures).  Only the loader uses it. */
#ifndef MEDRULE_PACK_LOAD_H
#define MEDRULE_PACK_LOAD_H

#include <lua.h>
#include <stdint.h>

#include "compile.h"
#include "internal.h"
#include "luabox.h"

/* An index of strings by content for the loader: slots hold an entry's
** number + 1 (0: empty); the strings themselves stay where they are. */
typedef struct mr_ld_index {
  int *slots;
  size_t cap, n; /* cap: a power of two, or 0 */
} mr_ld_index;

typedef struct loader {
  medrule_pack *p;
  mr_luabox box;
  lua_State *L;
  /* where mr_ld_add_text last found a line: conditions come in file order,
  ** so the next search starts there (file index + 1, line, its offset) */
  int line_file, line_no;
  size_t line_off;
  mr_ld_index roots;  /* texts compiled as a condition (texts[i].root set), by text */
  mr_ld_index rule_ids; /* rules by id, for coverage */
} loader;

/* The first entry whose string (str(p, i)) equals s, or -1. */
int mr_ld_index_find(const mr_ld_index *x, const medrule_pack *p, const char *(*str)(const medrule_pack *, int),
                     const char *s);
/* Adds entry i; of entries with the same string the lowest is kept.  Raises
** out of memory. */
void mr_ld_index_add(loader *ld, mr_ld_index *x, const char *(*str)(const medrule_pack *, int), int i);
void mr_ld_index_free(mr_ld_index *x);

void mr_free_strings(char **v, int n);
void *mr_ld_need(loader *ld, void *ptr);
char *mr_ld_opt_str(loader *ld, int idx, const char *k);
lua_Integer mr_ld_opt_int(loader *ld, int idx, const char *k);
char **mr_ld_str_list(loader *ld, int idx, const char *k, int *n);
const char *mr_ld_file_name(loader *ld, const char *name);
int mr_ld_error(loader *ld, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int mr_ld_add_text(loader *ld, const char *text, const char *file, int line);
int mr_ld_compile_condition(loader *ld, const char *what, const char *file, int line, int want, uint64_t *deps);
void mr_ld_read_pack_meta(loader *ld, int reg);
void mr_ld_read_facts(loader *ld, int reg);
void mr_ld_resolve_facts(loader *ld, int reg, uint64_t *deps, int words);
void mr_ld_order_derivations(loader *ld, const uint64_t *deps, int words);
void mr_ld_read_rules(loader *ld, int reg);
void mr_ld_read_coverage(loader *ld, int reg);

#endif
