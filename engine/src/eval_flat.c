/* eval_flat.c — conditions as flat instruction arrays, for the evaluator's
** loop over rules.  The tree (mr_node) stays what explain and lint walk; this
** is the same evaluation, in the same order, without a call per node: each
** root (a rule's `applies` and `when`, a derived fact's definition, a shared
** condition) becomes a pre-order array of leaves between OPEN and CLOSE marks,
** run by one loop with a small stack of and/or accumulators.  An and stops at
** the first false term, an or at the first true one, exactly as the tree does,
** so the first division by zero noted (`noval_node`) is the same.  Anything
** that is not a plain leaf (arithmetic, a shared condition, a Lua function)
** is one CALL instruction back to mr_eval_bool. */
#include <string.h>

#include "eval.h"

/* Deepest and/or nesting compiled; deeper roots stay on the tree. */
#define FLAT_DEPTH 16

typedef struct fl {
  const medrule_pack *p;
  mr_ins *ins;
  int n, cap;
  int oom;
} fl;

static int emit(fl *c, mr_ins in) {
  if (c->oom) return -1;
  if (c->n == c->cap) {
    int cap = c->cap ? c->cap * 2 : 256;
    mr_ins *v = mr_realloc(c->ins, (size_t)cap * sizeof *v);
    if (!v) {
      c->oom = 1;
      return -1;
    }
    c->ins = v;
    c->cap = cap;
  }
  c->ins[c->n] = in;
  return c->n++;
}

/* Emits node n, negated when `neg`.  `root`: n is the program's own root (a
** shared root is then compiled, not called).  Returns the nesting depth used,
** or -1 when too deep or out of memory. */
static int gen(fl *c, int n, int neg, int root) {
  const medrule_pack *p = c->p;
  const mr_node *nd = &p->nodes[n];
  mr_ins in;
  memset(&in, 0, sizeof in);
  in.neg = (uint8_t)neg;
  in.node = n;
  if (nd->memo >= 0 && !root) {
    in.op = I_CALL;
  } else if (nd->fast == FAST_CMP) {
    in.op = (uint8_t)(I_LT + (nd->op - N_LT));
    in.fact = nd->fact;
    in.c = nd->cnum;
  } else if (nd->fast == FAST_KNOWN) {
    in.op = I_KNOWN;
    in.fact = nd->fact;
    if (nd->op == N_UNKNOWN) in.neg ^= 1; /* known-ness is never unknown: negation is exact */
  } else {
    switch (nd->op) {
      case N_CONST_BOOL:
        in.op = I_CONST;
        in.cmp = (uint8_t)((nd->num != 0 ? MR_T : MR_F) ^ in.neg);
        break;
      case N_FACT:
        in.op = I_BFACT;
        in.fact = nd->a;
        break;
      case N_CIN: case N_HAS:
        in.op = nd->op == N_CIN ? I_CIN : I_HAS;
        in.fact = p->nodes[nd->a].a;
        in.mask = nd->mask;
        break;
      case N_NOT: return gen(c, nd->a, !neg, 0);
      case N_AND: case N_OR: {
        in.op = I_OPEN;
        in.cmp = nd->op == N_AND ? MR_F : MR_T; /* the value that settles it */
        int open = emit(c, in), depth = 0;
        for (int i = 0; i < nd->nkids && open >= 0; i++) {
          int d = gen(c, p->kids[nd->kids + i], 0, 0);
          if (d < 0) return -1;
          if (d > depth) depth = d;
        }
        in.op = I_CLOSE;
        int close = emit(c, in);
        if (open < 0 || close < 0 || depth + 1 > FLAT_DEPTH) return -1;
        c->ins[open].jump = close;
        return depth + 1;
      }
      default: in.op = I_CALL; break;
    }
  }
  return emit(c, in) < 0 ? -1 : 0;
}

static int add_root(fl *c, int32_t *start, int n) {
  if (n < 0 || start[n] != -1) return 0;
  const mr_node *nd = &c->p->nodes[n];
  if (nd->type != MR_BOOL) return 0;
  int at = c->n;
  int rc = gen(c, n, 0, 1);
  if (rc < 0 && c->oom) return -1;
  /* too deep, or nothing but a call back to the tree for this very node
  ** (arithmetic, a Lua function): this root stays on the tree */
  if (rc < 0 || (c->ins[at].op == I_CALL && c->ins[at].node == n)) {
    c->n = at;
    start[n] = -2;
    return 0;
  }
  mr_ins end;
  memset(&end, 0, sizeof end);
  end.op = I_END;
  if (emit(c, end) < 0) return -1;
  start[n] = at;
  return 0;
}

int mr_flat_build(medrule_evaluator *ev) {
  const medrule_pack *p = ev->p;
  fl c = {p, NULL, 0, 0, 0};
  int32_t *start = mr_malloc((size_t)(p->nnodes ? p->nnodes : 1) * sizeof *start);
  if (!start) return -1;
  for (int i = 0; i < p->nnodes; i++) start[i] = -1;
  int rc = 0;
  for (int i = 0; i < p->nrules && !rc; i++)
    rc = add_root(&c, start, p->rules[i].applies) || add_root(&c, start, p->rules[i].when);
  for (int i = 0; i < p->nfacts && !rc; i++) rc = add_root(&c, start, p->facts[i].derive);
  for (int i = 0; i < p->nnodes && !rc; i++)
    if (p->nodes[i].memo >= 0) rc = add_root(&c, start, i);
  mr_rstep *step = rc ? NULL : mr_malloc((size_t)(p->nrules ? p->nrules : 1) * sizeof *step);
  if (!step) {
    mr_free(c.ins);
    mr_free(start);
    return -1;
  }
  for (int i = 0; i < 2 * p->nrules; i++) {
    mr_rstep *s = &step[i / 2];
    int n = i & 1 ? p->rules[i / 2].when : p->rules[i / 2].applies;
    const mr_node *nd = n >= 0 ? &p->nodes[n] : NULL;
    s->node[i & 1] = n;
    s->start[i & 1] = nd ? start[n] : -1;
    /* as mr_eval_bool: a plain leaf is evaluated each time, never memoized */
    s->memo[i & 1] = nd && nd->fast == FAST_NONE ? nd->memo : -1;
    /* a condition that is one leaf (about half of them) is run in place */
    int at = s->start[i & 1];
    s->leaf[i & 1] = at >= 0 && c.ins[at].op >= I_LT && c.ins[at].op <= I_HAS && c.ins[at + 1].op == I_END ? at : -1;
    s->effect = p->rules[i / 2].effect;
  }
  ev->flat = c.ins;
  ev->flat_start = start;
  ev->step = step;
  return 0;
}

int mr_cmp_unknown(medrule_evaluator *ev, const mr_ins *in, int state) {
  if (state != MR_NOVAL) return MR_U;
  if (ev->noval_node < 0) ev->noval_node = in->node;
  return MR_F ^ in->neg;
}

int mr_flat_run(medrule_evaluator *ev, int at) {
  const mr_ins *base = ev->flat, *in = base + at;
  const mr_value *vals = ev->vals;
  uint8_t acc[FLAT_DEPTH], settle[FLAT_DEPTH];
  int32_t close[FLAT_DEPTH];
  int top = -1;
  for (;; in++) {
    int k;
    switch (in->op) {
      case I_OPEN:
        top++;
        settle[top] = in->cmp;
        acc[top] = in->cmp ^ 1; /* and: true, or: false, until a term says otherwise */
        close[top] = in->jump;
        continue;
      case I_CLOSE:
        k = acc[top--];
        if (k != MR_U) k ^= in->neg;
        break;
      MR_LEAF_CASES(ev, vals, in, k)
      case I_CONST: k = in->cmp; break; /* negated when built */
      case I_CALL:
        k = mr_eval_bool(ev, in->node);
        if (k != MR_U) k ^= in->neg;
        break;
      case I_END: return MR_U; /* never reached: the root's value returns first */
      /* Every op mr_flat_build emits has its case above; saying so spares the
      ** jump table its bounds check (UBSan's `unreachable` check in the test
      ** build would catch an op without one). */
      default: __builtin_unreachable();
    }
    /* a term that settles its and/or closes it at once (and its parent, when
    ** that settles it too); the loop goes on after the CLOSE */
    for (;;) {
      if (top < 0) return k;
      if (k != settle[top]) break;
      in = base + close[top--];
      k ^= in->neg; /* k is not MR_U here */
    }
    if (k == MR_U) acc[top] = MR_U;
  }
}

void mr_flat_free(medrule_evaluator *ev) {
  mr_free(ev->flat);
  mr_free(ev->flat_start);
  mr_free(ev->step);
  ev->step = NULL;
  ev->flat = NULL;
  ev->flat_start = NULL;
}
