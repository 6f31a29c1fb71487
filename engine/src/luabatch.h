/* luabatch.h — what an evaluator's Lua-function conditions did over its
** lifetime (a batch of patients), for the medrule program's end-of-batch
** note.  Internal to the project (the command-line program links the
** library statically); not part of the public API in medrule.h. */
#ifndef MR_LUABATCH_H
#define MR_LUABATCH_H

#include "medrule.h"

/* After a rule's Lua condition has exceeded its time limit this many times
** in one evaluator, the evaluator stops calling it: the rule stays unknown,
** with a warning saying so in each result (documented in
** docs/rule-language.md). */
#define MR_LUA_STRIKES 3

/* For rule `rule`: how many calls of its Lua condition exceeded the time
** limit, and for how many evaluations it was not called after that.  Both 0
** for a rule that is not a Lua function, or out of range. */
void mr_evaluator_lua_strikes(const medrule_evaluator *ev, int rule, unsigned *timeouts,
                              unsigned long *skipped);

#endif
