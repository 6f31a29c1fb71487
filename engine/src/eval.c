/* eval.c — evaluating compiled conditions with Kleene three-valued logic,
** and assembling the result: recommendations with the facts that made them
** fire, unknown rules with the facts that would decide them, the
** disposition.  No Lua runs here unless a rule is a Lua function. */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"

/* ------------------------------------------------------------ vectors */

void iv_grow(ivec *a) {
  if (a->oom) return;
  int cap = a->cap ? a->cap * 2 : 16;
  int *v = mr_realloc(a->v, (size_t)cap * sizeof *v);
  if (!v) {
    a->oom = 1;
    return;
  }
  a->v = v;
  a->cap = cap;
}

void iv_free(ivec *a) {
  mr_free(a->v);
  memset(a, 0, sizeof *a);
}

static void iv_reset(ivec *a) {
  a->n = 0;
  a->oom = 0;
}

/* ------------------------------------------------------------ nodes */

enum { NOVAL = MR_NOVAL };

static int call_lua(medrule_evaluator *ev, int rule);
static int eval_bool_node(medrule_evaluator *ev, int n);

/* mr_eval_num, with a fact or a constant read here (an operand: no call). */
static inline int num_at(medrule_evaluator *ev, int n, double *out) {
  const mr_node *nd = &ev->p->nodes[n];
  if (nd->op == N_FACT) {
    const mr_value *v = &ev->vals[nd->a];
    if (v->state != MR_T) return v->state == MR_NOVAL ? NOVAL : MR_U;
    *out = v->num;
    return MR_T;
  }
  if (nd->op == N_CONST_NUM) {
    *out = nd->num;
    return MR_T;
  }
  return mr_eval_num(ev, n, out);
}

int mr_eval_num(medrule_evaluator *ev, int n, double *out) {
  const mr_node *nd = &ev->p->nodes[n];
  double a = 0, b = 0;
  int ra, rb;
  switch (nd->op) {
    case N_CONST_NUM: case N_FACT: return num_at(ev, n, out);
    case N_NEG:
      ra = num_at(ev, nd->a, &a);
      *out = -a;
      return ra;
    case N_SCALE:
      ra = num_at(ev, nd->a, &a);
      if (ra == MR_T) *out = mr_scale(a, nd->num, nd->den);
      return ra;
    default: break;
  }
  ra = num_at(ev, nd->a, &a);
  rb = num_at(ev, nd->b, &b);
  if (ra == NOVAL || rb == NOVAL) return NOVAL;
  if (ra != MR_T || rb != MR_T) return MR_U;
  switch (nd->op) {
    case N_ADD: *out = a + b; return MR_T;
    case N_SUB: *out = a - b; return MR_T;
    case N_MUL: *out = a * b; return MR_T;
    case N_DIV:
      if (b == 0) {
        if (ev->noval_node < 0) ev->noval_node = n;
        return NOVAL;
      }
      *out = a / b;
      return MR_T;
  }
  return MR_U;
}

/* A rule's condition (its entry from mr_flat_build): the flat program
** straight away, through the memo when shared; without a program, the tree. */
static inline int root_bool(medrule_evaluator *ev, const mr_rstep *s, int c) {
  if (s->leaf[c] >= 0) return mr_leaf(ev, &ev->flat[s->leaf[c]]); /* cheaper than its memo */
  int start = s->start[c], memo = s->memo[c];
  if (start < 0) return mr_eval_bool(ev, s->node[c]);
  if (memo >= 0 && ev->memo_epoch[memo] == ev->epoch) return ev->memo_val[memo];
  int k = mr_flat_run(ev, start);
  if (memo >= 0) {
    ev->memo_epoch[memo] = ev->epoch;
    ev->memo_val[memo] = (uint8_t)k;
  }
  return k;
}

int mr_eval_bool(medrule_evaluator *ev, int n) {
  const mr_node *nd = &ev->p->nodes[n];
  int k = mr_fast_leaf(ev, nd, n);
  if (k >= 0) return k;
  if (nd->memo >= 0) { /* a condition several rules share: evaluate it once per patient */
    if (ev->memo_epoch[nd->memo] == ev->epoch) return ev->memo_val[nd->memo];
    ev->memo_epoch[nd->memo] = ev->epoch;
    return ev->memo_val[nd->memo] = (uint8_t)eval_bool_node(ev, n);
  }
  return eval_bool_node(ev, n);
}

static int eval_bool_node(medrule_evaluator *ev, int n) {
  const medrule_pack *p = ev->p;
  const mr_node *nd = &p->nodes[n];
  if (ev->flat_start && ev->flat_start[n] >= 0) return mr_flat_run(ev, ev->flat_start[n]);
  switch (nd->op) {
    case N_CONST_BOOL: return nd->num != 0 ? MR_T : MR_F;
    case N_FACT: {
      const mr_value *v = &ev->vals[nd->a];
      return v->state != MR_T ? MR_U : v->bits ? MR_T : MR_F;
    }
    case N_AND: {
      int r = MR_T;
      for (int i = 0; i < nd->nkids; i++) {
        int k = mr_bool_at(ev, p->kids[nd->kids + i]);
        if (k == MR_F) return MR_F;
        if (k == MR_U) r = MR_U;
      }
      return r;
    }
    case N_OR: {
      int r = MR_F;
      for (int i = 0; i < nd->nkids; i++) {
        int k = mr_bool_at(ev, p->kids[nd->kids + i]);
        if (k == MR_T) return MR_T;
        if (k == MR_U) r = MR_U;
      }
      return r;
    }
    case N_NOT: {
      int k = mr_bool_at(ev, nd->a);
      return k == MR_U ? MR_U : !k;
    }
    case N_LT: case N_LE: case N_GT: case N_GE: case N_EQ: case N_NE: {
      double a, b;
      int ra = mr_eval_num(ev, nd->a, &a), rb = mr_eval_num(ev, nd->b, &b);
      if (ra == NOVAL || rb == NOVAL) { /* the division noted itself already */
        if (ev->noval_node < 0) ev->noval_node = n;
        return MR_F;
      }
      if (ra != MR_T || rb != MR_T) return MR_U;
      return mr_cmp(nd->op, a, b) ? MR_T : MR_F;
    }
    case N_BEQ: case N_BNE: {
      int a = mr_eval_bool(ev, nd->a), b = mr_eval_bool(ev, nd->b);
      if (a == MR_U || b == MR_U) return MR_U;
      return (a == b) == (nd->op == N_BEQ) ? MR_T : MR_F;
    }
    case N_CEQ: case N_CNE: {
      const mr_value *a = &ev->vals[p->nodes[nd->a].a], *b = &ev->vals[p->nodes[nd->b].a];
      if (a->state != MR_T || b->state != MR_T) return MR_U;
      return (a->bits == b->bits) == (nd->op == N_CEQ) ? MR_T : MR_F;
    }
    case N_CIN: {
      const mr_value *v = &ev->vals[p->nodes[nd->a].a];
      if (v->state != MR_T) return MR_U;
      return nd->mask >> v->bits & 1 ? MR_T : MR_F;
    }
    case N_HAS: {
      const mr_value *v = &ev->vals[p->nodes[nd->a].a];
      if (v->state != MR_T) return MR_U;
      return v->bits & nd->mask ? MR_T : MR_F;
    }
    case N_KNOWN: return mr_eval_known(ev, nd->a) ? MR_T : MR_F;
    case N_UNKNOWN: return mr_eval_known(ev, nd->a) ? MR_F : MR_T;
    case N_LUA: return call_lua(ev, nd->a);
  }
  return MR_U;
}

int mr_eval_known(medrule_evaluator *ev, int n) {
  const mr_node *nd = &ev->p->nodes[n];
  if (nd->type == MR_BOOL) return mr_eval_bool(ev, n) != MR_U;
  if (nd->type == MR_NUMBER) {
    double x;
    return mr_eval_num(ev, n, &x) != MR_U;
  }
  if (nd->op == N_FACT) return ev->vals[nd->a].state == MR_T;
  return 1;
}

/* ------------------------------------------------------------ Lua conditions */

static int l_setup(lua_State *L) {
  medrule_evaluator *ev = lua_touserdata(L, 1);
  mr_luabox_run_pack(&ev->box);
  /* functions by rule index, in a table the pack's code cannot reach */
  lua_getfield(L, -1, "rules");
  /* several packs: only the primary's rules can have Lua functions, and they come first */
  int n = ev->p->nparts ? ev->p->nlua_rules : ev->p->nrules;
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, -2, i + 1);
    lua_getfield(L, -1, "fn");
    lua_rawseti(L, -3, i + 1);
    lua_pop(L, 1);
  }
  ev->fn_table = luaL_ref(L, LUA_REGISTRYINDEX);
  lua_getfield(L, -2, "call_env_mt"); /* the stack holds the registry, then its rules */
  ev->env_mt = luaL_ref(L, LUA_REGISTRYINDEX);
  return 0;
}

static void push_value(lua_State *L, const mr_fact *f, const mr_value *v) {
  if (v->state != MR_T) {
    lua_pushnil(L);
    return;
  }
  switch (f->type) {
    case MR_BOOL: lua_pushboolean(L, (int)v->bits); break;
    case MR_NUMBER: case MR_QUANTITY: lua_pushnumber(L, v->num); break;
    case MR_CODE: lua_pushstring(L, f->values[v->bits]); break;
    case MR_CODES: {
      lua_createtable(L, 4, 0);
      int k = 1;
      for (int i = 0; i < f->nvalues; i++)
        if (v->bits >> i & 1) {
          lua_pushstring(L, f->values[i]);
          lua_rawseti(L, -2, k++);
        }
      break;
    }
    default: lua_pushstring(L, v->str); break;
  }
}

static int l_call(lua_State *L) {
  medrule_evaluator *ev = lua_touserdata(L, 1);
  int rule = (int)lua_tointeger(L, 2);
  const mr_rule *r = &ev->p->rules[rule];
  lua_rawgeti(L, LUA_REGISTRYINDEX, ev->fn_table);
  lua_rawgeti(L, -1, rule + 1);
  /* A fresh global table for every call, reading the pack's globals through
  ** read-only views: nothing a call writes is there for the next patient.
  ** The function has no other upvalue (the loader refuses them). */
  for (int i = 1;; i++) {
    const char *name = lua_getupvalue(L, -1, i);
    if (!name) break;
    lua_pop(L, 1);
    if (strcmp(name, "_ENV") == 0) {
      lua_createtable(L, 0, 0);
      lua_rawgeti(L, LUA_REGISTRYINDEX, ev->env_mt);
      lua_setmetatable(L, -2);
      lua_setupvalue(L, -2, i);
    }
  }
  lua_createtable(L, 0, r->nreads);
  for (int i = 0; i < r->nreads; i++) {
    push_value(L, &ev->p->facts[r->reads[i]], &ev->vals[r->reads[i]]);
    lua_setfield(L, -2, ev->p->facts[r->reads[i]].name);
  }
  lua_call(L, 1, 1);
  if (lua_isnil(L, -1)) lua_pushinteger(L, MR_U);
  else if (lua_isboolean(L, -1)) lua_pushinteger(L, lua_toboolean(L, -1) ? MR_T : MR_F);
  else return luaL_error(L, "a condition function must return true, false or nil, not %s", luaL_typename(L, -1));
  return 1;
}

static void lua_note(medrule_evaluator *ev, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void lua_note(medrule_evaluator *ev, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *msg = n >= 0 ? mr_malloc((size_t)n + 1) : NULL;
  if (msg) {
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_add(&ev->lua_notes, msg, (size_t)n + 1); /* with its NUL: the notes are NUL-separated */
    mr_free(msg);
  } else {
    ev->lua_notes.oom = 1;
  }
  ev->lua_failed = 1;
}

static int call_lua(medrule_evaluator *ev, int rule) {
  lua_State *L = ev->box.L;
  if (!L) return MR_U;
  const mr_rule *ru = &ev->p->rules[rule];
  unsigned limit = ev->p->opts.call_time_limit_ms;
  if (ev->lua_timeouts[rule] >= MEDRULE_LUA_STRIKES) { /* a loop costs the limit once per patient: no more */
    char note[400];
    snprintf(note, sizeof note, "rule %s: not called: its Lua condition exceeded the time limit of %u ms %u times "
             "in this batch; the rule stays unknown", ru->id, limit, ev->lua_timeouts[rule]);
    int noted = 0; /* an explanation of the same patient asks again: count the patient once */
    for (size_t at = 0; at < ev->lua_notes.len && !noted; at += strlen(ev->lua_notes.data + at) + 1)
      noted = strcmp(ev->lua_notes.data + at, note) == 0;
    if (!noted) {
      ev->lua_skipped[rule]++;
      lua_note(ev, "%s", note);
    }
    ev->lua_failed = 1;
    return MR_U;
  }
  lua_pushcfunction(L, mr_luabox_msgh);
  lua_pushcfunction(L, l_call);
  lua_pushlightuserdata(L, ev);
  lua_pushinteger(L, rule);
  mr_luabox_clear_hit(&ev->box);
  mr_luabox_arm(&ev->box, limit);
  int rc = lua_pcall(L, 2, 1, -4);
  mr_luabox_disarm(&ev->box);
  if (rc == LUA_OK && ev->box.mem_hit) rc = LUA_ERRMEM; /* a pcall in the function swallowed the memory error */
  if (rc != LUA_OK) {
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
    if (ev->box.timed_out) {
      ev->lua_timeouts[rule]++;
      if (!msg || !strstr(msg, "time limit of"))
        lua_note(ev, "rule %s: Lua condition failed: %stime limit of %u ms exceeded", ru->id,
                 ev->box.where[0] ? ev->box.where : "", limit);
      else
        lua_note(ev, "rule %s: Lua condition failed: %s", ru->id, msg);
    } else if (ev->box.mem_hit || rc == LUA_ERRMEM) {
      size_t lim = ev->box.limit;
      lua_note(ev, "rule %s: Lua condition failed: memory limit of %zu %s exceeded (the rule is declared at %s:%d)",
               ru->id, lim % (1u << 20) ? lim : lim >> 20, lim % (1u << 20) ? "bytes" : "MiB", ru->file, ru->line);
    } else if (msg && mr_luabox_located(msg)) {
      lua_note(ev, "rule %s: Lua condition failed: %s", ru->id, msg);
    } else { /* no line of the pack on the stack (a tail call): the rule's */
      lua_note(ev, "rule %s: Lua condition failed: %s (in the condition function of the rule declared at %s:%d)",
               ru->id, msg ? msg : "error (an error object that is not a message)", ru->file, ru->line);
    }
    lua_pop(L, 2);
    lua_gc(L, LUA_GCCOLLECT);
    return MR_U;
  }
  int r = (int)lua_tointeger(L, -1);
  lua_pop(L, 2);
  return r;
}

void medrule_evaluator_rule_timeouts(const medrule_evaluator *ev, int rule, unsigned *timeouts, unsigned long *skipped) {
  int known = ev && ev->lua_timeouts && rule >= 0 && rule < ev->p->nrules;
  if (timeouts) *timeouts = known ? ev->lua_timeouts[rule] : 0;
  if (skipped) *skipped = known ? ev->lua_skipped[rule] : 0;
}

/* ------------------------------------------------------------ evaluator */

/* Why creation failed: over the evaluator's limit (`over`), or out of memory. */
static char *oom_message(size_t limit, int over) {
  return over ? mr_printf("out of memory: the evaluator's memory limit of %zu bytes is too small for this pack", limit)
               : mr_strdup("out of memory");
}

/* Creation, with `budget` current (NULL when not limited). */
static medrule_evaluator *evaluator_new(const medrule_pack *p, size_t limit, mr_budget *budget, char **errmsg) {
  medrule_evaluator *ev = mr_calloc(1, sizeof *ev);
  if (!ev) goto oom;
  if (limit) {
    ev->memory_limit = limit;
    ev->budget = *budget;        /* the account moves into the evaluator */
    mr_budget_enter(&ev->budget);
  }
  ev->p = p;
  ev->noval_node = -1;
  ev->words = (p->nfacts + 63) / 64;
  ev->vals = mr_calloc((size_t)(p->nfacts ? p->nfacts : 1), sizeof *ev->vals);
  ev->seen = mr_calloc((size_t)(ev->words ? ev->words : 1), sizeof *ev->seen);
  ev->rank = mr_malloc((size_t)(p->nfacts ? p->nfacts : 1) * sizeof *ev->rank);
  if (ev->rank)
    for (int f = 0; f < p->nfacts; f++) ev->rank[f] = p->facts[f].sort_rank;
  ev->memo_epoch = mr_calloc((size_t)(p->nmemo ? p->nmemo : 1), sizeof *ev->memo_epoch);
  ev->memo_val = mr_calloc((size_t)(p->nmemo ? p->nmemo : 1), 1);
  ev->rule_lists = mr_malloc((size_t)(p->nrules ? p->nrules : 1) * 2 * sizeof *ev->rule_lists);
  if (!ev->vals || !ev->seen || !ev->rank || !ev->memo_epoch || !ev->memo_val || !ev->rule_lists || mr_flat_build(ev) ||
      mr_why_build(ev) || mr_num_build(ev) || mr_bits_build(ev))
    goto oom;
  sb_init(&ev->lua_notes);
  if (p->nlua_fns > 0) {
    ev->lua_timeouts = mr_calloc((size_t)p->nrules, sizeof *ev->lua_timeouts);
    ev->lua_skipped = mr_calloc((size_t)p->nrules, sizeof *ev->lua_skipped);
    if (!ev->lua_timeouts || !ev->lua_skipped) goto oom;
    if (mr_luabox_open(&ev->box, limit && limit < p->opts.memory_limit ? limit : p->opts.memory_limit,
                       limit ? &ev->budget : NULL)) goto oom;
    ev->box.pack = p;
    mr_luabox_arm(&ev->box, p->opts.load_time_limit_ms);
    lua_pushcfunction(ev->box.L, mr_luabox_msgh);
    lua_pushcfunction(ev->box.L, l_setup);
    lua_pushlightuserdata(ev->box.L, ev);
    int rc = lua_pcall(ev->box.L, 1, 0, -3);
    mr_luabox_disarm(&ev->box);
    if (rc != LUA_OK) {
      mr_budget_enter(NULL); /* the message is not the evaluator's to pay for */
      int over = limit && ev->budget.hit;
      char *msg = mr_lua_is_oom(ev->box.L, -1) || over ? NULL
                : rc == LUA_ERRMEM && !ev->box.mem_hit
                  /* a refusal the allocator later took for Lua's retry: still out of memory */
                  ? mr_printf("%s: out of memory while setting up the Lua conditions (the pack's Lua memory limit is "
                              "%zu bytes)", p->dir, p->opts.memory_limit)
                  : mr_luabox_error(&ev->box, p->dir);
      if (!msg) msg = oom_message(limit, over);
      if (errmsg) *errmsg = msg;
      else mr_free(msg);
      medrule_evaluator_free(ev);
      return NULL;
    }
  }
  if (limit) ev->fixed = ev->budget.spent - ev->box.used;
  return ev;
oom:
  mr_budget_enter(NULL);
  int over = limit && (ev ? ev->budget.hit : budget->hit);
  medrule_evaluator_free(ev);
  if (errmsg) *errmsg = oom_message(limit, over);
  return NULL;
}

medrule_evaluator *medrule_evaluator_new_opts(const medrule_pack *p, const medrule_evaluator_options *opts,
                                              char **errmsg) {
  if (errmsg) *errmsg = NULL;
  if (!p) return NULL;
  size_t limit = 0;
  if (opts) {
    if (opts->size < offsetof(medrule_evaluator_options, memory_limit) + sizeof opts->memory_limit) {
      if (errmsg) *errmsg = mr_printf("medrule_evaluator_options: size %zu is too small", opts->size);
      return NULL;
    }
    limit = opts->memory_limit;
  }
  mr_budget budget = {limit, 0, 0};
  mr_budget *prev = mr_budget_enter(limit ? &budget : NULL);
  medrule_evaluator *ev = evaluator_new(p, limit, &budget, errmsg);
  mr_budget_enter(prev);
  return ev;
}

medrule_evaluator *medrule_evaluator_new(const medrule_pack *p, char **errmsg) {
  return medrule_evaluator_new_opts(p, NULL, errmsg);
}



void medrule_evaluator_free(medrule_evaluator *ev) {
  if (!ev) return;
  mr_luabox_close(&ev->box);
  iv_free(&ev->scratch);
  mr_flat_free(ev);
  mr_bits_free(ev->bits);
  mr_num_free(ev);
  mr_why_free(ev);
  mr_free(ev->memo_epoch);
  mr_free(ev->memo_val);
  mr_free(ev->rule_lists);
  mr_free(ev->vals);
  mr_free(ev->seen);
  mr_free(ev->rank);
  sb_free(&ev->lua_notes);
  mr_free(ev->lua_timeouts);
  mr_free(ev->lua_skipped);
  mr_free(ev);
}

void mr_prepare(medrule_evaluator *ev, const medrule_facts *facts, int bools) {
  const medrule_pack *p = ev->p;
  if (++ev->epoch == 0) { /* wrapped: forget every memo entry */
    memset(ev->memo_epoch, 0, (size_t)(p->nmemo ? p->nmemo : 1) * sizeof *ev->memo_epoch);
    ev->epoch = 1;
    mr_why_reset(ev);
    mr_bits_stale(ev);
  }
  memcpy(ev->vals, mr_facts_values(facts), (size_t)p->nfacts * sizeof *ev->vals);
  for (int k = 0; k < p->nderive_order; k++) {
    int f = p->derive_order[k];
    mr_value *v = &ev->vals[f];
    if (v->state == MR_T && !p->facts[f].computed) continue; /* given in the input */
    const mr_node *d = &p->nodes[p->facts[f].derive];
    if (d->type == MR_BOOL && !bools) continue;
    mr_value nv;
    memset(&nv, 0, sizeof nv);
    nv.blame = -1;
    nv.state = MR_U;
    if (d->type == MR_BOOL) {
      int r = mr_bool_at(ev, p->facts[f].derive); /* its program straight away unless shared */
      if (r != MR_U) nv.state = MR_T, nv.bits = (uint64_t)r;
    } else if (d->type == MR_NUMBER) {
      double x;
      int at = ev->num_start[p->facts[f].derive];
      int r = at >= 0 ? mr_num_run(ev, at, &x) : NOVAL;
      if (r == NOVAL) r = mr_eval_num(ev, p->facts[f].derive, &x); /* notes where, or has no program */
      if (r == MR_T) nv.state = MR_T, nv.num = x;
      if (r == NOVAL) nv.state = MR_NOVAL; /* noval_node is set: reported as a warning */
    } else if (d->op == N_FACT) {
      nv = ev->vals[d->a];
    }
    *v = nv;
  }
}

/* ------------------------------------------------------------ results */

medrule_result *medrule_result_new(void) {
  medrule_result *r = mr_calloc(1, sizeof *r);
  if (!r) return NULL;
  sb_init(&r->warnings);
  sb_init(&r->out);
  sb_init(&r->source_buf);
  sb_init(&r->id_buf);
  sb_init(&r->from_buf);
  return r;
}

void medrule_result_free(medrule_result *r) {
  if (!r) return;
  mr_free(r->state);
  iv_free(&r->recs), iv_free(&r->rec_because), iv_free(&r->unk), iv_free(&r->unk_missing_off);
  iv_free(&r->unk_missing), iv_free(&r->missing), iv_free(&r->warning_off), iv_free(&r->reasons);
  iv_free(&r->dis_off), iv_free(&r->dis_rules);
  mr_free(r->because);
  sb_free(&r->warnings);
  sb_free(&r->out);
  sb_free(&r->source_buf);
  sb_free(&r->id_buf);
  sb_free(&r->from_buf);
  mr_frags_free(r->frags);
  mr_free(r);
}

static void add_warning(medrule_result *r, const char *w) {
  iv_push(&r->warning_off, (int)r->warnings.len);
  sb_puts(&r->warnings, w);
  sb_putc(&r->warnings, 0);
}

/* Moves the facts marked in ev->seen (by rank) into `into`, sorted by name;
** clears. */
static void drain_sorted(medrule_evaluator *ev, ivec *into, uint64_t *also) {
  const int *by_rank = ev->p->sorted_facts;
  for (int w = 0; w < ev->words; w++) {
    uint64_t bits = ev->seen[w];
    if (also) also[w] |= bits;
    ev->seen[w] = 0;
    while (bits) {
      int b = __builtin_ctzll(bits);
      bits &= bits - 1;
      iv_push(into, by_rank[w * 64 + b]);
    }
  }
}

/* Room for one more `because` entry; -1 when out of memory. */
static int because_grow(medrule_result *r) {
  int cap = r->because_cap ? r->because_cap * 2 : 32;
  mr_because *b = mr_realloc(r->because, (size_t)cap * sizeof *b);
  if (!b) return -1;
  r->because = b;
  r->because_cap = cap;
  return 0;
}

/* Appends fact f with its value, and its provenance `from` (or NULL). */
static inline int push_because(medrule_result *r, const medrule_evaluator *ev, int f, const char *from) {
  if (r->nbecause == r->because_cap && because_grow(r)) return -1;
  mr_because *b = &r->because[r->nbecause++];
  b->fact = f;
  b->value = ev->vals[f];
  b->from = -1;
  if (from) { /* copied: a result holds no reference to the facts */
    b->from = (int32_t)r->from_buf.len;
    sb_puts(&r->from_buf, from);
    sb_putc(&r->from_buf, 0);
    if (r->from_buf.oom) return -1;
  }
  return 0;
}

static void node_text(const medrule_pack *p, int n, char *buf, size_t len) {
  const mr_node *nd = &p->nodes[n];
  snprintf(buf, len, "%.*s", (int)nd->len, p->texts[nd->text].text + nd->off);
}

/* A rule's state from its `applies` and its `when` (MR_F, MR_T, MR_U). */
static const uint8_t rule_state[3][3] = {
  [MR_F] = {MEDRULE_NOT_APPLICABLE, MEDRULE_NOT_APPLICABLE, MEDRULE_NOT_APPLICABLE},
  [MR_T] = {[MR_F] = MEDRULE_NOT_FIRED, [MR_T] = MEDRULE_FIRED, [MR_U] = MEDRULE_UNKNOWN},
  [MR_U] = {[MR_F] = MEDRULE_NOT_FIRED, [MR_T] = MEDRULE_UNKNOWN, [MR_U] = MEDRULE_UNKNOWN},
};

/* What a fired or unknown rule says about the disposition. */
enum { STOP_FIRED = 1, STOP_UNKNOWN = 2, CAUTION_FIRED = 4 };

/* Fired rule i: listed, with the facts that made it fire. */
static int rule_fired(medrule_evaluator *ev, const char *const *from, medrule_result *r, int i) {
  iv_push(&r->recs, i);
  iv_push(&r->rec_because, r->nbecause);
  int effect = ev->step[i].effect;
  int flag = effect == MR_EFFECT_STOP ? STOP_FIRED : effect == MR_EFFECT_CAUTION ? CAUTION_FIRED : 0;
  const int32_t *plain = mr_rule_plain_because(ev, i);
  if (plain) { /* as it stands */
    for (; *plain >= 0; plain++)
      if (push_because(r, ev, *plain, from ? from[*plain] : NULL)) r->oom = 1;
    return flag;
  }
  ivec *tmp = &ev->scratch;
  iv_reset(tmp);
  mr_rule_because(ev, i, tmp);
  for (int k = 0; k < tmp->n; k++) {
    int f = tmp->v[k];
    ev->seen[f >> 6] &= ~(1ull << (f & 63));
    if (push_because(r, ev, f, from ? from[f] : NULL)) r->oom = 1;
  }
  if (tmp->oom) r->oom = 1;
  return flag;
}

/* Unknown rule i (its `applies` a, its `when` w): listed, with the facts
** that would decide it, which also go into `um`. */
static int rule_unknown(medrule_evaluator *ev, medrule_result *r, int i, int a, int w, uint64_t *um) {
  const mr_rstep *rs = &ev->step[i];
  iv_push(&r->unk, i);
  iv_push(&r->unk_missing_off, r->unk_missing.n);
  if (a == MR_U) mr_collect_missing(ev, rs->node[0]);
  if (w == MR_U) mr_collect_missing(ev, rs->node[1]);
  drain_sorted(ev, &r->unk_missing, um);
  return rs->effect == MR_EFFECT_STOP ? STOP_UNKNOWN : 0;
}

static int evaluate(medrule_evaluator *ev, const medrule_facts *facts, medrule_result *r) {
  const medrule_pack *p = ev->p;
  /* A fact set read long ago is out of the cache: its source is asked for
  ** now, and copied once the values are (mr_prepare), so that the misses
  ** overlap. */
  const char *source = mr_facts_source(facts);
  if (source) __builtin_prefetch(source);
  const mr_value *given = mr_facts_values(facts);
  int pid = p->patient_id_fact;
  if (pid >= 0 && given[pid].state == MR_T) __builtin_prefetch(given[pid].str);
  if (r->nstate < p->nrules) {
    uint8_t *s = mr_realloc(r->state, (size_t)(p->nrules ? p->nrules : 1));
    if (!s) return MEDRULE_NOMEM;
    r->state = s;
    r->nstate = p->nrules;
  }
  r->p = p;
  iv_reset(&r->recs), iv_reset(&r->rec_because), iv_reset(&r->unk), iv_reset(&r->unk_missing_off);
  iv_reset(&r->unk_missing), iv_reset(&r->missing), iv_reset(&r->warning_off), iv_reset(&r->reasons);
  iv_reset(&r->dis_off), iv_reset(&r->dis_rules);
  sb_reset(&r->warnings);
  r->nbecause = 0;
  sb_reset(&r->from_buf);
  r->oom = 0;
  r->source = r->patient_id = NULL;
  sb_reset(&r->source_buf);
  sb_reset(&r->id_buf);
  for (int i = 0; i < medrule_facts_warning_count(facts); i++) add_warning(r, medrule_facts_warning(facts, i));

  ev->noval_node = -1;
  ev->lua_failed = 0;
  sb_reset(&ev->lua_notes);
  mr_prepare(ev, facts, !ev->bits_derives);
  if (source) {
    sb_puts(&r->source_buf, source);
    r->source = r->source_buf.data;
  }
  if (pid >= 0 && given[pid].state == MR_T) {
    sb_puts(&r->id_buf, given[pid].str);
    r->patient_id = r->id_buf.data;
  }
  if (r->source_buf.oom || r->id_buf.oom) return MEDRULE_NOMEM;

  uint64_t union_missing[64];
  uint64_t *um = ev->words <= 64 ? union_missing : mr_calloc((size_t)ev->words, sizeof *um);
  if (!um) return MEDRULE_NOMEM;
  memset(um, 0, (size_t)ev->words * sizeof *um);
  memset(ev->seen, 0, (size_t)ev->words * sizeof *ev->seen);

  int flags = 0;
  const mr_rstep *step = ev->step;
  const char *const *from = mr_facts_from_all(facts); /* provenance per fact, or NULL */
  /* every condition at once (eval_bits.c) unless a value is missing for a
  ** reason the short-circuit order must report */
  if (ev->bits && ev->noval_node < 0 && mr_bits_run(ev) == 0) {
    /* the states first, without a branch per rule; then the fired and the
    ** unknown rules, each in declaration order */
    int32_t *fired = ev->rule_lists, *unknown = ev->rule_lists + p->nrules;
    int nu, nf = mr_bits_states(ev, r->state, fired, unknown, &nu);
    for (int k = 0; k < nf; k++) flags |= rule_fired(ev, from, r, fired[k]);
    for (int k = 0; k < nu; k++) {
      int a, w;
      mr_bits_rule(ev, unknown[k], &a, &w);
      flags |= rule_unknown(ev, r, unknown[k], a, w, um);
    }
  } else {
    if (ev->bits) {
      /* Again, as if the run had not been: it may have met a rule's
      ** division by zero, and filled shared conditions' memo entries that
      ** would keep the rules after the first from saying so.  Every derived
      ** fact, in the order that finds the first division by zero. */
      ev->noval_node = -1;
      mr_prepare(ev, facts, 1);
    }
    if (ev->noval_node >= 0) {
      char t[200], w[300];
      node_text(p, ev->noval_node, t, sizeof t);
      snprintf(w, sizeof w, "a derived fact has no value: division by zero in '%s'; comparisons with it are false", t);
      add_warning(r, w);
    }
    for (int i = 0; i < p->nrules; i++) {
      const mr_rstep *rs = &step[i];
      ev->noval_node = -1;
      int a = MR_T;
      if (rs->node[0] >= 0) {
        a = root_bool(ev, rs, 0);
        if (a == MR_F) {
          r->state[i] = MEDRULE_NOT_APPLICABLE;
          continue;
        }
      }
      int w = root_bool(ev, rs, 1);
      if (ev->noval_node >= 0) {
        const mr_rule *rule = &p->rules[i];
        char t[200], msg[400];
        node_text(p, ev->noval_node, t, sizeof t);
        snprintf(msg, sizeof msg, "rule %s: division by zero in '%s'; the comparison counts as false", rule->id, t);
        add_warning(r, msg);
      }
      r->state[i] = rule_state[a][w];
      if (r->state[i] == MEDRULE_FIRED) flags |= rule_fired(ev, from, r, i);
      else if (r->state[i] == MEDRULE_UNKNOWN) flags |= rule_unknown(ev, r, i, a, w, um);
    }
  }
  int stop_fired = flags & STOP_FIRED, stop_unknown = flags & STOP_UNKNOWN, caution_fired = flags & CAUTION_FIRED;
  iv_push(&r->rec_because, r->nbecause);
  iv_push(&r->unk_missing_off, r->unk_missing.n);
  memcpy(ev->seen, um, (size_t)ev->words * sizeof *um);
  drain_sorted(ev, &r->missing, NULL);
  if (um != union_missing) mr_free(um);
  for (size_t at = 0; at < ev->lua_notes.len; at += strlen(ev->lua_notes.data + at) + 1)
    add_warning(r, ev->lua_notes.data + at);
  if (ev->lua_notes.oom) r->oom = 1;

  r->dcode = stop_fired ? MEDRULE_DO_NOT_PROCEED : stop_unknown ? MEDRULE_INSUFFICIENT_DATA
           : caution_fired ? MEDRULE_PROCEED_WITH_CAUTION : MEDRULE_PROCEED;
  r->disposition = medrule_disposition_name(r->dcode);
  /* The reasons are exactly the rules of the kind that decided: fired stops,
  ** else unknown stops, else fired cautions. */
  int want_state = stop_fired || !stop_unknown ? MEDRULE_FIRED : MEDRULE_UNKNOWN;
  int want_effect = stop_fired || stop_unknown ? MR_EFFECT_STOP : MR_EFFECT_CAUTION;
  if (stop_fired || stop_unknown || caution_fired) { /* the fired, or unknown, rules are listed in order already */
    const ivec *of = want_state == MEDRULE_FIRED ? &r->recs : &r->unk;
    for (int k = 0; k < of->n; k++)
      if (step[of->v[k]].effect == want_effect) iv_push(&r->reasons, of->v[k]); /* not p->rules: far larger */
  }
  mr_find_disagreements(p, &r->recs, &r->dis_off, &r->dis_rules);
  if (r->oom || r->recs.oom || r->rec_because.oom || r->unk.oom || r->unk_missing_off.oom ||
      r->unk_missing.oom || r->missing.oom || r->warning_off.oom || r->warnings.oom || r->reasons.oom ||
      r->dis_off.oom || r->dis_rules.oom)
    return MEDRULE_NOMEM;
  return ev->lua_failed ? MEDRULE_RUNTIME : MEDRULE_OK;
}

/* Under the evaluator's budget when it has a limit; out of memory leaves the
** result empty, as never evaluated, rather than half-filled. */
int medrule_evaluate(medrule_evaluator *ev, const medrule_facts *facts, medrule_result *r) {
  if (!ev || !facts || !r) return MEDRULE_MISUSE;
  mr_facts_prefetch(facts, ev->p->nfacts);
  if (mr_facts_pack(facts) != ev->p) return MEDRULE_MISUSE;
  mr_budget *prev = NULL;
  if (ev->memory_limit) {
    /* Lua garbage counts as live: near the limit, collect it first, so that
    ** whether an evaluation fits does not depend on when Lua last collected. */
    if (ev->box.L && ev->fixed + ev->box.used > ev->memory_limit - ev->memory_limit / 4)
      lua_gc(ev->box.L, LUA_GCCOLLECT);
    ev->budget.spent = ev->fixed + ev->box.used;
    ev->budget.hit = 0;
    prev = mr_budget_enter(&ev->budget);
  }
  int status = evaluate(ev, facts, r);
  if (ev->memory_limit) mr_budget_enter(prev);
  if (status == MEDRULE_NOMEM) {
    r->disposition = NULL;
    r->p = NULL;
    iv_reset(&r->recs), iv_reset(&r->rec_because), iv_reset(&r->unk), iv_reset(&r->unk_missing_off);
    iv_reset(&r->unk_missing), iv_reset(&r->missing), iv_reset(&r->warning_off), iv_reset(&r->reasons);
    sb_reset(&r->warnings);
    r->nbecause = 0;
    r->source = r->patient_id = NULL;
  }
  return status;
}
