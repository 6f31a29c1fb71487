/* eval.h — evaluator and result internals, shared by eval.c, explain.c and
** render.c. */
#ifndef MR_EVAL_H
#define MR_EVAL_H

#include "internal.h"
#include "luabox.h"

/* facts.c */
const mr_value *mr_facts_values(const medrule_facts *f);
const medrule_pack *mr_facts_pack(const medrule_facts *f);
const char *mr_facts_source(const medrule_facts *f);
const char *const *mr_facts_from_all(const medrule_facts *f); /* per fact, or NULL when none has one */
/* Asks for f's header and values (nfacts of them) from memory, without
** reading f: an evaluation of a fact set read long ago waits for them once,
** not for the header and then for the values. */
void mr_facts_prefetch(const medrule_facts *f, int nfacts);

typedef struct mr_because {
  int32_t fact;
  int32_t from;          /* offset of its provenance in the result's from_buf, or -1 */
  mr_value value;
} mr_because;

/* A growable array of ints. */
typedef struct ivec {
  int *v;
  int n, cap;
  int oom;
} ivec;
void iv_grow(ivec *a); /* doubles the room, or sets oom */
static inline void iv_push(ivec *a, int x) {
  if (a->n == a->cap) iv_grow(a);
  if (!a->oom) a->v[a->n++] = x;
}
void iv_free(ivec *a);

/* Instructions of a flat condition (eval_flat.c).  A comparison is one op
** per operator (I_LT + N_xx - N_LT), so the loop's dispatch is the only one;
** a leaf's `neg` is applied inside its case. */
enum { I_OPEN, I_CLOSE, I_LT, I_LE, I_GT, I_GE, I_EQ, I_NE, I_KNOWN, I_BFACT, I_CIN, I_HAS, I_CONST, I_CALL, I_END };

/* One instruction of a flat condition. */
typedef struct mr_ins {
  uint8_t op, neg;
  uint8_t cmp;           /* comparison (N_LT ...), constant truth value, or what settles an and/or */
  int32_t node;          /* the tree node it stands for */
  int32_t fact;
  int32_t jump;          /* OPEN: index of its CLOSE */
  double c;
  uint64_t mask;
} mr_ins;

/* What the rule loop reads of one rule, side by side (the mr_rule itself is
** large): per condition ([0] `applies`, [1] `when`) its node (-1: no
** `applies`), where its program starts (negative: none, use the tree), and
** its memo slot when shared and not a plain leaf, else -1. */
typedef struct mr_rstep {
  int32_t node[2], start[2], memo[2];
  int32_t leaf[2];       /* the condition is this one leaf instruction (run in place), or -1 */
  int32_t effect;
} mr_rstep;

/* Every rule's conditions evaluated at once, branch-free (eval_bits.c). */
typedef struct mr_bits mr_bits;

/* An instruction of an arithmetic program (eval_num.c). */
typedef struct mr_nins mr_nins;

struct medrule_evaluator {
  const medrule_pack *p;
  mr_bits *bits;         /* NULL: the pack has Lua-function conditions, or one too deep */
  int bits_derives;      /* bits derives the derived booleans: mr_prepare leaves them */
  uint32_t bits_epoch;   /* the evaluation bits_val holds (epoch), 0: none */
  const uint8_t *bits_val;        /* bits' values by slot: 0 false, 1 unknown, 2 true */
  const int32_t *bits_node_slot;  /* per node: its slot << 1, | 1 for its negation's; or -1 */
  int32_t *rule_lists;   /* per evaluation: the fired rules, then (from nrules) the unknown ones */
  mr_ins *flat;          /* conditions as flat instruction arrays (eval_flat.c) */
  int32_t *flat_start;   /* per node: where its program starts, or negative: none */
  mr_rstep *step;        /* per rule: its conditions' entries, its effect */
  mr_nins *num;          /* arithmetic as programs (eval_num.c) */
  int32_t *num_start;    /* per node: where its program starts (a derived number, or a comparison of
                         ** arithmetic), or -1: none, walk the tree */
  mr_value *vals;        /* working copy of the facts, with derived facts */
  uint64_t *seen;        /* scratch bitset over facts: by index for `because` lists; by rank (position by
                         ** name) for missing facts, so that they come out sorted */
  int32_t *rank;         /* per fact: its rank (p->facts[f].sort_rank, at hand) */
  int words;
  int noval_node;        /* where arithmetic first had no value (division by zero), or -1 */
  int lua_failed;        /* a Lua-function condition failed, or was not called, in this evaluation */
  strbuf lua_notes;      /* why: NUL-terminated messages, one per such rule, for the warnings */
  mr_luabox box;         /* only when the pack has Lua-function conditions */
  int fn_table;          /* registry reference to the functions, by rule */
  int env_mt;            /* registry reference to the metatable of each call's fresh globals */
  unsigned *lua_timeouts;      /* per rule: calls that exceeded the time limit */
  unsigned long *lua_skipped;  /* per rule: calls not made after MEDRULE_LUA_STRIKES timeouts */
  ivec scratch;          /* reused per fired rule: its `because` facts */
  int32_t *why_start;    /* per rule: where its fixed `because` list starts in why, -2 - that when the list is
                         ** plain facts each once, or -1: none (eval_why.c) */
  int32_t *why;          /* the lists, each ended by INT32_MIN; a fact f, or -1 - f for one a Lua function reads */
  int32_t *why_derived;  /* per fact f: [2f + v] where the list of derived fact f of value v (a boolean's 0 or 1,
                         ** a number's 0) starts in why, or -1 (not derived) */
  /* Per evaluation, the facts whose absence leaves each derived fact unknown
  ** (eval_why.c): several unknown rules often wait on the same one. */
  int32_t *miss_slot;    /* per fact: its slot, or -1 (not derived, or no room) */
  uint32_t *miss_epoch;  /* per slot: the evaluation its bits are from */
  uint64_t *miss_bits;   /* per slot: `words` words */
  uint32_t epoch;        /* bumped per evaluation; memo entries of older epochs are stale */
  uint32_t *memo_epoch;  /* per shared condition */
  uint8_t *memo_val;
  size_t memory_limit;   /* 0: none (medrule_evaluator_options) */
  mr_budget budget;      /* its account, when limited */
  size_t fixed;          /* C bytes it allocated at creation */
};

/* The fixed pieces of a pack's contract JSON (render_json.c): spans (offset,
** length) into `text`. */
typedef struct mr_frags {
  const medrule_pack *p;
  int nfacts, nrules, nparts;
  size_t digests;        /* every part's digest, NUL-terminated, from here: what the pieces are for */
  strbuf text;
  uint32_t head[2];      /* the result up to the patient's id */
  uint32_t screen_head[2]; /* the same for the screening format (render_screen.c) */
  uint32_t *fact_pre;    /* per fact, three spans: {"fact":NAME,"value":  ,"unit":UNIT (or empty)  "NAME" */
  uint32_t *code_base;   /* per fact: its first span in codes */
  uint32_t *codes;       /* each code, quoted */
  uint32_t *rule_id;     /* each rule's id, quoted */
} mr_frags;
/* The pieces for r->p, made or reused; NULL when out of memory. */
const mr_frags *mr_frags_for(medrule_result *r);
void mr_frags_free(mr_frags *g);
/* Appends span `at` of g. */
static inline void mr_frag(strbuf *b, const mr_frags *g, const uint32_t *at) { sb_add(b, g->text.data + at[0], at[1]); }

struct medrule_result {
  const medrule_pack *p;
  uint8_t *state;        /* per rule: MEDRULE_FIRED, ... */
  int nstate;
  ivec recs;             /* fired rules, declaration order */
  ivec rec_because;      /* offsets into because, recs.n + 1 of them */
  mr_because *because;
  int nbecause, because_cap;
  ivec unk;              /* unknown rules */
  ivec unk_missing_off;  /* offsets into unk_missing, unk.n + 1 */
  ivec unk_missing;      /* fact indexes, sorted by name */
  ivec missing;          /* union, sorted by name */
  ivec reasons;          /* rules that set the disposition, declaration order */
  ivec dis_off;          /* several packs: offsets into dis_rules, one more than the disagreements */
  ivec dis_rules;        /* the statements of each disagreement (disagree.c) */
  strbuf warnings;       /* NUL-separated */
  ivec warning_off;
  const char *disposition; /* NULL until the first evaluation */
  int dcode;               /* MEDRULE_PROCEED ... */
  char *source;          /* NULL, or points into source_buf */
  char *patient_id;      /* NULL, or points into id_buf */
  strbuf source_buf, id_buf; /* reused across evaluations */
  strbuf from_buf;       /* provenance of because entries, NUL-separated */
  strbuf out;
  int oom;
  mr_frags *frags;       /* made on the first JSON render */
};

/* A comparison's fact is not known: unknown, or without a value (a
** division by zero), which compares false and is noted once. */
int mr_cmp_unknown(medrule_evaluator *ev, const mr_ins *in, int state);

#define MR_CMP_CASE(OP, EXPR, ev, vals, in, k)                                                   \
  case OP: {                                                                                     \
    const mr_value *v_ = &(vals)[(in)->fact];                                                    \
    k = v_->state == MR_T ? (v_->num EXPR (in)->c) ^ (in)->neg : mr_cmp_unknown(ev, in, v_->state); \
    break;                                                                                       \
  }

/* The cases of the leaf instructions (I_LT ... I_HAS), each setting k to
** the leaf's truth value over the values `vals`: one text for the flat
** program's loop and for a condition that is a single leaf (mr_leaf). */
#define MR_LEAF_CASES(ev, vals, in, k)                                                    \
  MR_CMP_CASE(I_LT, <, ev, vals, in, k)                                                   \
  MR_CMP_CASE(I_LE, <=, ev, vals, in, k)                                                  \
  MR_CMP_CASE(I_GT, >, ev, vals, in, k)                                                   \
  MR_CMP_CASE(I_GE, >=, ev, vals, in, k)                                                  \
  MR_CMP_CASE(I_EQ, ==, ev, vals, in, k)                                                  \
  MR_CMP_CASE(I_NE, !=, ev, vals, in, k)                                                  \
  case I_KNOWN: k = ((vals)[(in)->fact].state == MR_T) ^ (in)->neg; break;                \
  case I_BFACT: {                                                                         \
    const mr_value *v_ = &(vals)[(in)->fact];                                             \
    k = v_->state != MR_T ? MR_U : (v_->bits != 0) ^ (in)->neg;                           \
    break;                                                                                \
  }                                                                                       \
  case I_CIN: {                                                                           \
    const mr_value *v_ = &(vals)[(in)->fact];                                             \
    k = v_->state != MR_T ? MR_U : (int)((in)->mask >> v_->bits & 1) ^ (in)->neg;         \
    break;                                                                                \
  }                                                                                       \
  case I_HAS: {                                                                           \
    const mr_value *v_ = &(vals)[(in)->fact];                                             \
    k = v_->state != MR_T ? MR_U : (v_->bits & (in)->mask) != 0 ? !(in)->neg : (in)->neg; \
    break;                                                                                \
  }

/* A condition that is a single leaf instruction: its truth value, without
** the call and the loop of mr_flat_run. */
static inline int mr_leaf(medrule_evaluator *ev, const mr_ins *in) {
  const mr_value *vals = ev->vals;
  int k = MR_U;
  switch (in->op) {
    MR_LEAF_CASES(ev, vals, in, k)
    default: break;
  }
  return k;
}

/* Builds ev->flat for ev->p; -1 when out of memory. */
int mr_flat_build(medrule_evaluator *ev);
/* Truth value of the program starting at `at` (a root's flat_start). */
int mr_flat_run(medrule_evaluator *ev, int at);
void mr_flat_free(medrule_evaluator *ev);

/* Builds ev->num and ev->num_start; -1 when out of memory. */
int mr_num_build(medrule_evaluator *ev);
void mr_num_free(medrule_evaluator *ev);
/* Runs the program starting at `at` over ev->vals: a comparison's truth
** value (MR_T, MR_F), or MR_T and the number in *out; MR_U when a fact it
** reads is unknown; MR_NOVAL when a value is missing (a division by zero, or a
** derived fact without one), without noting where: mr_eval_num does. */
int mr_num_run(const medrule_evaluator *ev, int at, double *out);

/* Builds ev->bits when the pack's conditions allow it (else leaves it
** NULL); -1 when out of memory. */
int mr_bits_build(medrule_evaluator *ev);
void mr_bits_free(mr_bits *t);
/* Evaluates every rule's conditions over ev->vals; -1 when arithmetic
** divided by zero (noval_node is set): the flat programs must run instead,
** to report where. */
int mr_bits_run(medrule_evaluator *ev);
/* From the last run: each rule's state into `state`, the fired rules into
** `fired` (their number is returned) and the unknown ones into `unknown`
** (*nunknown of them), each list in declaration order. */
int mr_bits_states(const medrule_evaluator *ev, uint8_t *state, int32_t *fired, int32_t *unknown, int *nunknown);
/* Rule `rule`'s `applies` and `when` (MR_F, MR_T, MR_U) from the last run. */
void mr_bits_rule(const medrule_evaluator *ev, int rule, int *applies, int *when);
/* A slot's value (0 false, 1 unknown, 2 true) as MR_F, MR_U, MR_T: two bits
** each, read from a constant (no division, no load); its negation's from
** MR_SLOT_NOT. */
#define MR_SLOT_TRUTH 0x18 /* MR_F, MR_U, MR_T */
#define MR_SLOT_NOT 0x09   /* MR_T, MR_U, MR_F */
static inline int mr_slot_truth(int k) { return MR_SLOT_TRUTH >> (2 * k) & 3; }

/* Node n's truth value from this evaluation's run, when it has one; else -1. */
static inline int mr_bits_node(const medrule_evaluator *ev, int n) {
  if (ev->bits_epoch != ev->epoch || ev->bits_node_slot[n] < 0) return -1;
  int32_t s = ev->bits_node_slot[n];
  int k = ev->bits_val[s >> 1];
  return (s & 1 ? MR_SLOT_NOT : MR_SLOT_TRUTH) >> (2 * k) & 3;
}
/* Forgets the run (the epoch counter wrapped). */
void mr_bits_stale(medrule_evaluator *ev);

/* Copies the facts into the evaluator and computes the derived facts: all
** of them when `bools`, else the ones that are not booleans (the run of
** every condition at once derives those). */
void mr_prepare(medrule_evaluator *ev, const medrule_facts *facts, int bools);
/* Truth value (MR_F, MR_T, MR_U) of a boolean node. */
int mr_eval_bool(medrule_evaluator *ev, int node);
/* Value of a numeric node: MR_T known (in *out), MR_U unknown, 3 no value. */
int mr_eval_num(medrule_evaluator *ev, int node, double *out);
/* Known-ness of any node (for explain). */
int mr_eval_known(medrule_evaluator *ev, int node);
/* Appends to `into` the facts (their indexes, once each) that decided node
** `n` to have truth value `want` (eval_why.c). */
void mr_collect_because(medrule_evaluator *ev, int n, int want, ivec *into);
/* The same for fired rule `rule`'s `when`, from the list mr_why_build made
** for it. */
void mr_rule_because(medrule_evaluator *ev, int rule, ivec *into);
/* Fired rule `rule`'s `because` facts when they are plain facts, each once,
** in order (a list ended by a negative number); else NULL. */
static inline const int32_t *mr_rule_plain_because(const medrule_evaluator *ev, int rule) {
  int at = ev->why_start[rule];
  return at < -1 ? ev->why + (-2 - at) : NULL;
}
/* Marks in ev->seen the facts whose absence leaves node n unknown. */
void mr_collect_missing(medrule_evaluator *ev, int n);
/* Builds each rule's list of the facts its `when` reads when every one of
** them counts once the rule has fired; -1 when out of memory. */
int mr_why_build(medrule_evaluator *ev);
/* Forgets every evaluation's missing facts of derived facts (the epoch
** counter wrapped). */
void mr_why_reset(medrule_evaluator *ev);
void mr_why_free(medrule_evaluator *ev);

/* x converted by the ratio num / den (a unit conversion). */
static inline double mr_scale(double x, double num, double den) {
  if (den == 1) return x * num;
  if (num == 1) return x / den;
  return (double)((long double)x * num / den);
}

static inline int mr_cmp(int op, double a, double b) {
  switch (op) {
    case N_LT: return a < b;
    case N_LE: return a <= b;
    case N_GT: return a > b;
    case N_GE: return a >= b;
    case N_EQ: return a == b;
    default: return a != b;
  }
}

/* The leaves most conditions are made of (a fact against a constant, a
** fact known, a boolean fact, a code in a set), evaluated in place by the
** loops over a condition's terms instead of by a call each; anything else,
** and a shared condition (its memo), goes to mr_eval_bool.  Leaves are pure,
** so evaluating one again gives what a memo would. */
/* A fact against a constant, or a fact known or not (node n, nd): its truth
** value; -1 when the node is neither. */
static inline int mr_fast_leaf(medrule_evaluator *ev, const mr_node *nd, int n) {
  if (nd->fast == FAST_CMP) {
    const mr_value *v = &ev->vals[nd->fact];
    if (v->state != MR_T) {
      if (v->state != MR_NOVAL) return MR_U;
      if (ev->noval_node < 0) ev->noval_node = n; /* no value (a division by zero): false, noted once */
      return MR_F;
    }
    return mr_cmp(nd->op, v->num, nd->cnum) ? MR_T : MR_F;
  }
  if (nd->fast == FAST_KNOWN) return (ev->vals[nd->fact].state == MR_T) != (nd->op == N_UNKNOWN) ? MR_T : MR_F;
  return -1;
}

static inline int mr_bool_at(medrule_evaluator *ev, int n) {
  const mr_node *nd = &ev->p->nodes[n];
  if (ev->flat_start && ev->flat_start[n] >= 0 && nd->memo < 0) return mr_flat_run(ev, ev->flat_start[n]);
  int k = mr_fast_leaf(ev, nd, n);
  if (k >= 0) return k;
  switch (nd->op) {
    case N_FACT: {
      const mr_value *v = &ev->vals[nd->a];
      return v->state != MR_T ? MR_U : v->bits ? MR_T : MR_F;
    }
    case N_CIN: {
      const mr_value *v = &ev->vals[ev->p->nodes[nd->a].a];
      if (v->state != MR_T) return MR_U;
      return nd->mask >> v->bits & 1 ? MR_T : MR_F;
    }
    case N_HAS: {
      const mr_value *v = &ev->vals[ev->p->nodes[nd->a].a];
      if (v->state != MR_T) return MR_U;
      return v->bits & nd->mask ? MR_T : MR_F;
    }
    default: return mr_eval_bool(ev, n);
  }
}

/* The topics the fired rules of several packs disagree on (disagree.c). */
void mr_find_disagreements(const medrule_pack *p, const ivec *fired, ivec *off, ivec *rules);

#endif
