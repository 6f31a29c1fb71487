/* compile.h — condition syntax trees to evaluator nodes. */
#ifndef MR_COMPILE_H
#define MR_COMPILE_H

#include <lua.h>

#include "internal.h"

/* Compiles the syntax tree on top of L's stack, written in p->texts[text].
** `want` is the required result type (MR_BOOL for conditions) or -1 for any.
** Facts read are added to the bitset `deps` (may be NULL).  Returns 0 with
** the root node in *out, or -1 with a message in err and the offending span
** of the text in *err_off, *err_len.  Raises a Lua error only when out of
** memory, so call it under lua_pcall. */
int mr_compile(medrule_pack *p, lua_State *L, int text, int want, uint64_t *deps, int *out, strbuf *err,
               uint32_t *err_off, uint32_t *err_len);

#endif
