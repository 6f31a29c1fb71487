/* eval_bits.c — every rule's conditions at once, without a data-dependent
** branch.
**
** The flat programs (eval_flat.c) stop an and at its first false term and
** an or at its first true one.  Which branch each term takes then depends on
** the patient, and over a pack's hundreds of terms the processor guesses
** wrong often enough to cost most of an evaluation.  Here every distinct
** leaf of the rules' conditions is evaluated, whatever the others say, in
** one loop per kind of leaf; then each and/or combines its terms' values
** with min and max over the ordering false < unknown < true (Kleene's
** logic).  The work is the same for every patient, so nothing is guessed.
**
** Evaluating a term the short-circuit would skip is invisible when terms
** are pure: a leaf is, and so is arithmetic unless it divides by zero, which
** sets noval_node.  So the evaluator uses this path only for packs without
** Lua-function conditions, only when no derived fact lacks a value, and
** throws its values away when a condition's arithmetic divided by zero:
** then the flat programs run instead, in their order, and say where, as
** before.
**
** Derived boolean facts are part of the run: a rule's test of one reads the
** slot its derivation wrote, and the values go back into the evaluator's
** copy of the facts afterwards (for the `because` and missing lists).  Only
** the numbers are derived beforehand (mr_prepare); numbers never depend on
** booleans.  A pack whose arithmetic reads a derived boolean (a == b of two
** booleans) has them derived beforehand too, since arithmetic runs first. */
#include <stdlib.h>
#include <string.h>

#include "eval.h"

/* Values of slots: ordered so that and is min and or is max. */
enum { K_F = 0, K_U = 1, K_T = 2 }; /* eval.h's mr_slot_truth reads them */

/* Leaf kinds, each evaluated by its own loop (L_ARITH: a comparison of
** arithmetic, by its program; L_CALL: anything else, by mr_eval_bool). */
enum { L_LT, L_LE, L_GT, L_GE, L_EQ, L_NE, L_KNOWN, L_BFACT, L_CIN, L_HAS, L_ARITH, L_CALL, L_KINDS };

/* Deepest nesting compiled; a deeper condition leaves the evaluator on the
** flat programs. */
#define BITS_DEPTH 64

/* 16 bytes: the leaf loops read every leaf of the pack per patient. */
typedef struct bleaf {
  uint8_t kind, neg;
  int32_t fact;          /* L_CALL: the node; L_ARITH: its program (eval_num.c) */
  union {
    double c;            /* a comparison's constant */
    uint64_t mask;       /* a code set; L_ARITH: the node */
  } u;
} bleaf;

/* Operations over slots: and, or, and whether a slot is known (or not);
** each is a 3 x 3 table over its two slots' values (KNOWN reads one). */
enum { OP_AND, OP_OR, OP_KNOWN, OP_UNKNOWN };

/* An operation of two slots: a junction of n terms is a tree of n - 1, so
** that the loop over them has no inner loop whose length a processor would
** have to guess. */
typedef struct bop {
  int32_t a, b;
  uint8_t kind;
} bop;

/* An operation as run: its two slots.  Operations of one kind are run by
** one loop (a segment), so the kind need not be read per operation. */
typedef struct bpair {
  int32_t a, b;
} bpair;

/* A run of consecutive operations of one kind, up to `end`. */
typedef struct bseg {
  int32_t end;
  uint8_t kind;
} bseg;

/* A derived boolean fact, written back from its slot after each run. */
typedef struct bderived {
  int32_t fact, slot;
  uint8_t computed;      /* else a value given in the input stands */
} bderived;

struct mr_bits {
  int nleaves, nops, nslots, nsegs;
  int kind_end[L_KINDS]; /* leaves of kind k: from kind_end[k-1] (0) to kind_end[k] */
  bleaf *leaf;           /* sorted by kind; leaf i writes slot 2 + i */
  bpair *op;             /* in dependency order; op i writes slot 2 + nleaves + i */
  bseg *seg;             /* the operations, cut where their kind changes */
  int32_t *rule_slot;    /* per rule: [2i] its `applies` (K_T when none), [2i+1] its `when` */
  int32_t *memo_slot;    /* per shared condition: its slot, or -1 */
  uint8_t *val;          /* per slot, per evaluation */
  int32_t *node_slot;    /* per node: the slot of its value << 1, | 1 when it holds its negation; or -1 */
  bderived *derived;     /* the derived booleans the run computes, in derivation order */
  int nderived;
};

/* ------------------------------------------------------------ building */

typedef struct bb {
  const medrule_pack *p;
  const int32_t *num_start; /* the evaluator's arithmetic programs, per node */
  bleaf *leaf;
  int nleaves, cap_leaves;
  /* ops as built, with their terms as references (below) */
  bop *op;
  int nops, cap_ops;
  int32_t *node_ref[2];  /* per node and negation: its reference, or -1 */
  int32_t *fact_ref[2];  /* per derived boolean fact and negation: its reference, or -1 */
  int derives;           /* derived booleans are compiled in */
  int blocked;           /* ... but arithmetic reads one: build again without */
  int32_t *hash;         /* leaves by leaf_hash, open addressing; -1: empty */
  uint32_t hmask;
  int fail;              /* out of memory (-1), or not compilable (1) */
} bb;

/* A reference names a slot before the leaves are sorted: constants are 0
** (false) and 1 (true), leaf i is 2 + 2i, op i is 3 + 2i. */
#define REF_LEAF(i) (2 + 2 * (i))
#define REF_OP(i) (3 + 2 * (i))

static int grow(void **v, int *cap, int need, size_t size, bb *b) {
  if (need <= *cap) return 0;
  int cap2 = *cap ? *cap * 2 : 64;
  while (cap2 < need) cap2 *= 2;
  void *nv = mr_realloc(*v, (size_t)cap2 * size);
  if (!nv) {
    b->fail = -1;
    return -1;
  }
  *v = nv;
  *cap = cap2;
  return 0;
}

static uint32_t leaf_hash(const bleaf *l) {
  uint64_t h = ((uint64_t)l->kind << 40 ^ (uint64_t)l->neg << 32 ^ (uint32_t)l->fact) * 0x9e3779b97f4a7c15u;
  h ^= l->u.mask * 0xc4ceb9fe1a85ec53u; /* the constant's bits, or the set's */
  return (uint32_t)(h >> 32 ^ h);
}

/* Leaf l's reference: the same test in several rules is evaluated once. */
static int add_leaf(bb *b, bleaf l) {
  uint32_t at = leaf_hash(&l) & b->hmask;
  for (; b->hash[at] >= 0; at = (at + 1) & b->hmask) {
    const bleaf *o = &b->leaf[b->hash[at]];
    if (o->kind == l.kind && o->neg == l.neg && o->fact == l.fact && o->u.mask == l.u.mask)
      return REF_LEAF(b->hash[at]);
  }
  if (grow((void **)&b->leaf, &b->cap_leaves, b->nleaves + 1, sizeof *b->leaf, b)) return -1;
  b->leaf[b->nleaves] = l;
  b->hash[at] = b->nleaves;
  return REF_LEAF(b->nleaves++);
}

static int compile(bb *b, int n, int neg, int depth);

/* The reference of a new operation on references x and y. */
static int add_op(bb *b, int x, int y, int kind) {
  if (x < 0 || y < 0 || grow((void **)&b->op, &b->cap_ops, b->nops + 1, sizeof *b->op, b)) return -1;
  b->op[b->nops] = (bop){x, y, (uint8_t)kind};
  return REF_OP(b->nops++);
}

/* An and (or, with `is_or`) of node n's terms, each negated when `neg`: a
** balanced tree of two-term operations, so that its longest chain of
** operations that wait for each other is log2 of its terms, not their
** number (and and or are associative). */
static int compile_junction(bb *b, const mr_node *nd, int is_or, int neg, int depth) {
  if (nd->nkids == 0) return is_or ? 0 : 1; /* of no terms: false (or), true (and) */
  int32_t small[16], *term = nd->nkids <= 16 ? small : mr_malloc((size_t)nd->nkids * sizeof *term);
  if (!term) {
    b->fail = -1;
    return -1;
  }
  int n = 0;
  for (int i = 0; i < nd->nkids && !b->fail; i++) {
    term[n] = compile(b, b->p->kids[nd->kids + i], neg, depth + 1);
    if (term[n++] < 0) break;
  }
  while (n > 1 && !b->fail) {
    int m = 0;
    for (int i = 0; i + 1 < n; i += 2) term[m++] = add_op(b, term[i], term[i + 1], is_or ? OP_OR : OP_AND);
    if (n & 1) term[m++] = term[n - 1];
    n = m;
  }
  int ref = b->fail ? -1 : term[0];
  if (term != small) mr_free(term);
  return ref;
}

static int is_derived_bool(const medrule_pack *p, int f) {
  return p->facts[f].derive >= 0 && p->nodes[p->facts[f].derive].type == MR_BOOL;
}

/* Whether node n reads a derived boolean fact (arithmetic: it runs before
** the operations that derive them). */
static int reads_derived_bool(const medrule_pack *p, int n) {
  const mr_node *nd = &p->nodes[n];
  if (nd->op == N_FACT) return is_derived_bool(p, nd->a);
  if (nd->op == N_AND || nd->op == N_OR) {
    for (int i = 0; i < nd->nkids; i++)
      if (reads_derived_bool(p, p->kids[nd->kids + i])) return 1;
    return 0;
  }
  return (nd->a >= 0 && reads_derived_bool(p, nd->a)) || (nd->b >= 0 && reads_derived_bool(p, nd->b));
}

/* The reference of derived boolean fact f's value, negated when `neg`: what
** mr_prepare would store, its derivation, or the input's value when the
** fact is not `computed` and the input gives it. */
static int derived_ref(bb *b, int f, int neg, int depth) {
  if (b->fact_ref[neg][f] >= 0) return b->fact_ref[neg][f];
  const mr_fact *fd = &b->p->facts[f];
  int ref = compile(b, fd->derive, neg, depth + 1);
  if (!fd->computed) { /* given ? value : derived, and given is never unknown */
    bleaf l;
    memset(&l, 0, sizeof l);
    l.kind = L_KNOWN, l.fact = f;
    int given = add_leaf(b, l);
    l.neg = 1;
    int not_given = add_leaf(b, l);
    l.kind = L_BFACT, l.neg = (uint8_t)neg;
    int value = add_leaf(b, l);
    ref = add_op(b, add_op(b, given, value, OP_AND), add_op(b, not_given, ref, OP_AND), OP_OR);
  }
  if (ref >= 0) b->fact_ref[neg][f] = ref;
  return ref;
}

/* The reference of node n's value, negated when `neg`; -1 on failure. */
static int compile(bb *b, int n, int neg, int depth) {
  if (b->fail) return -1;
  if (depth > BITS_DEPTH) {
    b->fail = 1;
    return -1;
  }
  if (b->node_ref[neg][n] >= 0) return b->node_ref[neg][n]; /* shared, or met before */
  const medrule_pack *p = b->p;
  const mr_node *nd = &p->nodes[n];
  bleaf l;
  memset(&l, 0, sizeof l);
  l.neg = (uint8_t)neg;
  int ref;
  if (nd->fast == FAST_CMP) {
    l.kind = (uint8_t)(L_LT + (nd->op - N_LT));
    l.fact = nd->fact;
    l.u.c = nd->cnum;
    ref = add_leaf(b, l);
  } else if (nd->fast == FAST_KNOWN && b->derives && is_derived_bool(p, nd->fact)) {
    int v = derived_ref(b, nd->fact, 0, depth);
    ref = add_op(b, v, v, neg ^ (nd->op == N_UNKNOWN) ? OP_UNKNOWN : OP_KNOWN);
  } else if (nd->fast == FAST_KNOWN) {
    l.kind = L_KNOWN;
    l.fact = nd->fact;
    l.neg ^= nd->op == N_UNKNOWN;
    ref = add_leaf(b, l);
  } else {
    switch (nd->op) {
      case N_CONST_BOOL: ref = (nd->num != 0) ^ neg; break;
      case N_FACT:
        if (b->derives && is_derived_bool(p, nd->a)) {
          ref = derived_ref(b, nd->a, neg, depth);
          break;
        }
        l.kind = L_BFACT;
        l.fact = nd->a;
        ref = add_leaf(b, l);
        break;
      case N_CIN: case N_HAS:
        l.kind = nd->op == N_CIN ? L_CIN : L_HAS;
        l.fact = p->nodes[nd->a].a;
        l.u.mask = nd->mask;
        ref = add_leaf(b, l);
        break;
      case N_NOT: ref = compile(b, nd->a, !neg, depth + 1); break;
      /* not (a and b) is (not a) or (not b): negation ends at the leaves */
      case N_AND: ref = compile_junction(b, nd, neg, neg, depth); break;
      case N_OR: ref = compile_junction(b, nd, !neg, neg, depth); break;
      case N_LUA: /* the evaluator does not take this path for such packs */
        b->fail = 1;
        return -1;
      default: /* arithmetic, boolean and code comparisons: by a program, or through the tree */
        if (b->derives && reads_derived_bool(p, n)) b->blocked = 1;
        if (b->num_start[n] >= 0) {
          l.kind = L_ARITH;
          l.fact = b->num_start[n];
          l.u.mask = (uint64_t)n;
          ref = add_leaf(b, l);
          break;
        }
        l.kind = L_CALL;
        l.fact = n;
        ref = add_leaf(b, l);
        break;
    }
  }
  if (ref >= 0) b->node_ref[neg][n] = ref;
  return ref;
}

static int leaf_kind_cmp(const void *a, const void *b) {
  const int32_t *x = a, *y = b; /* {kind, index}: stable by index within a kind */
  return x[0] != y[0] ? x[0] - y[0] : x[1] - y[1];
}

void mr_bits_free(mr_bits *t) {
  if (!t) return;
  mr_free(t->leaf);
  mr_free(t->op);
  mr_free(t->seg);
  mr_free(t->rule_slot);
  mr_free(t->memo_slot);
  mr_free(t->val);
  mr_free(t->node_slot);
  mr_free(t->derived);
  mr_free(t);
}

/* Builds ev->bits, with the derived booleans when `derives`: 0 (built, or
** not for this pack), -1 out of memory, 2 to be built again without them. */
static int build(medrule_evaluator *ev, int derives) {
  const medrule_pack *p = ev->p;
  bb b;
  memset(&b, 0, sizeof b);
  b.p = p;
  b.num_start = ev->num_start;
  b.derives = derives;
  mr_bits *t = mr_calloc(1, sizeof *t);
  int32_t *rule_ref = mr_malloc((size_t)p->nrules * 2 * sizeof *rule_ref);
  int32_t *memo_ref = mr_malloc((size_t)(p->nmemo ? p->nmemo : 1) * sizeof *memo_ref);
  b.node_ref[0] = mr_malloc((size_t)(p->nnodes ? p->nnodes : 1) * sizeof(int32_t));
  b.node_ref[1] = mr_malloc((size_t)(p->nnodes ? p->nnodes : 1) * sizeof(int32_t));
  b.fact_ref[0] = mr_malloc((size_t)(p->nfacts ? p->nfacts : 1) * sizeof(int32_t));
  b.fact_ref[1] = mr_malloc((size_t)(p->nfacts ? p->nfacts : 1) * sizeof(int32_t));
  int32_t *order = NULL, *slot_of = NULL, *op_pos = NULL, *sorted = NULL;
  int rc = -1;
  /* at most one leaf per node and negation: the table stays under half full */
  for (b.hmask = 63; b.hmask < 4u * (uint32_t)p->nnodes; b.hmask = b.hmask * 2 + 1) {}
  b.hash = mr_malloc(((size_t)b.hmask + 1) * sizeof *b.hash);
  if (!t || !rule_ref || !memo_ref || !b.node_ref[0] || !b.node_ref[1] || !b.fact_ref[0] || !b.fact_ref[1] ||
      !b.hash)
    goto oom;
  for (int i = 0; i < p->nnodes; i++) b.node_ref[0][i] = b.node_ref[1][i] = -1;
  for (int i = 0; i < p->nfacts; i++) b.fact_ref[0][i] = b.fact_ref[1][i] = -1;
  for (uint32_t i = 0; i <= b.hmask; i++) b.hash[i] = -1;
  for (int i = 0; i < p->nrules && !b.fail; i++) {
    rule_ref[2 * i] = p->rules[i].applies >= 0 ? compile(&b, p->rules[i].applies, 0, 0) : 1;
    rule_ref[2 * i + 1] = compile(&b, p->rules[i].when, 0, 0);
  }
  /* every derived boolean, for its value (the rules may not read them all) */
  for (int k = 0; derives && k < p->nderive_order && !b.fail; k++)
    if (is_derived_bool(p, p->derive_order[k])) derived_ref(&b, p->derive_order[k], 0, 0);
  if (derives && (b.blocked || b.fail > 0)) {
    rc = 2;
    goto out;
  }
  for (int i = 0; i < p->nmemo; i++) memo_ref[i] = -1;
  for (int i = 0; i < p->nnodes; i++)
    if (p->nodes[i].memo >= 0 && b.node_ref[0][i] >= 0) memo_ref[p->nodes[i].memo] = b.node_ref[0][i];
  if (b.fail < 0) goto oom;
  if (b.fail > 0) goto none;

  /* The leaves sorted by kind (one loop each); references become slots. */
  t->nleaves = b.nleaves, t->nops = b.nops, t->nslots = 2 + b.nleaves + b.nops;
  order = mr_malloc((size_t)(b.nleaves ? b.nleaves : 1) * 2 * sizeof *order);
  slot_of = mr_malloc((size_t)(b.nleaves ? b.nleaves : 1) * sizeof *slot_of);
  t->leaf = mr_malloc((size_t)(b.nleaves ? b.nleaves : 1) * sizeof *t->leaf);
  t->val = mr_calloc((size_t)t->nslots, 1);
  t->node_slot = mr_malloc((size_t)(p->nnodes ? p->nnodes : 1) * sizeof *t->node_slot);
  t->rule_slot = mr_malloc((size_t)p->nrules * 2 * sizeof *t->rule_slot);
  t->memo_slot = mr_malloc((size_t)(p->nmemo ? p->nmemo : 1) * sizeof *t->memo_slot);
  t->derived = mr_malloc((size_t)(p->nderive_order ? p->nderive_order : 1) * sizeof *t->derived);
  t->op = mr_malloc((size_t)(b.nops ? b.nops : 1) * sizeof *t->op);
  t->seg = mr_malloc((size_t)(b.nops ? b.nops : 1) * sizeof *t->seg);
  if (!t->op || !t->seg || !order || !slot_of || !t->leaf || !t->val || !t->node_slot || !t->rule_slot || !t->memo_slot || !t->derived)
    goto oom;
  for (int i = 0; i < b.nleaves; i++) order[2 * i] = b.leaf[i].kind, order[2 * i + 1] = i;
  qsort(order, (size_t)b.nleaves, 2 * sizeof *order, leaf_kind_cmp);
  for (int i = 0; i < b.nleaves; i++) {
    t->leaf[i] = b.leaf[order[2 * i + 1]];
    slot_of[order[2 * i + 1]] = 2 + i;
  }
  for (int k = 0, i = 0; k < L_KINDS; k++) {
    while (i < b.nleaves && t->leaf[i].kind == k) i++;
    t->kind_end[k] = i;
  }
  /* The operations by level (an operation is one level above its deeper
  ** term), by kind within one, else in order: consecutive operations then
  ** rarely wait for each other, and the processor overlaps them; and each
  ** kind's are run by a loop of their own. */
  op_pos = mr_malloc((size_t)(b.nops ? b.nops : 1) * sizeof *op_pos);
  sorted = mr_malloc((size_t)(b.nops ? b.nops : 1) * sizeof *sorted);
  if (!op_pos || !sorted) goto oom;
  int levels = 0;
  for (int i = 0; i < b.nops; i++) { /* op_pos: level, for now; terms come before their operation */
    int la = b.op[i].a & 1 && b.op[i].a > 1 ? op_pos[(b.op[i].a - 3) / 2] : 0;
    int lb = b.op[i].b & 1 && b.op[i].b > 1 ? op_pos[(b.op[i].b - 3) / 2] : 0;
    op_pos[i] = 1 + (la > lb ? la : lb);
    if (op_pos[i] > levels) levels = op_pos[i];
  }
  for (int level = 1, at = 0; level <= levels; level++)
    for (int kind = OP_AND; kind <= OP_UNKNOWN; kind++)
      for (int i = 0; i < b.nops; i++)
        if (op_pos[i] == level && b.op[i].kind == kind) sorted[at++] = i;
  for (int k = 0; k < b.nops; k++) op_pos[sorted[k]] = k;
  for (int k = 0; k < b.nops; k++) {
    if (t->nsegs == 0 || t->seg[t->nsegs - 1].kind != b.op[sorted[k]].kind)
      t->seg[t->nsegs++] = (bseg){0, b.op[sorted[k]].kind};
    t->seg[t->nsegs - 1].end = k + 1;
  }
#define SLOT(ref) ((ref) < 2 ? (ref) : ((ref) & 1) ? 2 + t->nleaves + op_pos[((ref) - 3) / 2] : slot_of[((ref) - 2) / 2])
  for (int k = 0; k < b.nops; k++) {
    bop o = b.op[sorted[k]];
    t->op[k] = (bpair){SLOT(o.a), SLOT(o.b)};
  }
  for (int i = 0; i < 2 * p->nrules; i++) t->rule_slot[i] = SLOT(rule_ref[i]);
  for (int i = 0; i < p->nmemo; i++) t->memo_slot[i] = memo_ref[i] < 0 ? -1 : SLOT(memo_ref[i]);
  for (int i = 0; i < p->nnodes; i++) /* a node met only negated: its negation's slot */
    t->node_slot[i] = b.node_ref[0][i] >= 0 ? SLOT(b.node_ref[0][i]) << 1
                    : b.node_ref[1][i] >= 0 ? SLOT(b.node_ref[1][i]) << 1 | 1 : -1;
  for (int k = 0; derives && k < p->nderive_order; k++) {
    int f = p->derive_order[k];
    if (is_derived_bool(p, f))
      t->derived[t->nderived++] = (bderived){f, SLOT(b.fact_ref[0][f]), (uint8_t)(p->facts[f].computed != 0)};
  }
#undef SLOT
  /* the two constants */
  t->val[0] = K_F;
  t->val[1] = K_T;
  ev->bits = t;
  ev->bits_derives = derives;
  ev->bits_val = t->val;
  ev->bits_node_slot = t->node_slot;
  t = NULL;
  rc = 0;
  goto out;
none: /* not for this pack: the flat programs serve */
  rc = 0;
  goto out;
oom:
  rc = -1;
out:
  mr_bits_free(t);
  mr_free(order);
  mr_free(slot_of);
  mr_free(op_pos);
  mr_free(sorted);
  mr_free(rule_ref);
  mr_free(memo_ref);
  mr_free(b.node_ref[0]);
  mr_free(b.node_ref[1]);
  mr_free(b.fact_ref[0]);
  mr_free(b.fact_ref[1]);
  mr_free(b.leaf);
  mr_free(b.op);
  mr_free(b.hash);
  return rc;
}

int mr_bits_build(medrule_evaluator *ev) {
  ev->bits = NULL;
  ev->bits_derives = 0;
  if (ev->p->nlua_fns > 0 || ev->p->nrules == 0) return 0;
  int rc = build(ev, 1);
  return rc == 2 ? build(ev, 0) : rc;
}

/* ------------------------------------------------------------ running */

/* Leaf values as slots: K_T when `x` (0 or 1, already negated as asked),
** K_F when not, K_U when the fact is unknown; arithmetic, not a branch (nor
** a table: a load that waits for the test). */
#define KV(known, x) (uint8_t)(K_U + (int)(known) * (2 * (int)(x) - 1))

/* The loops read their bounds and arrays from locals: a store through a
** uint8_t pointer could alias anything, and would make the compiler reload
** them at every step. */
#define LEAF_LOOP(KIND, EXPR)                                     \
  for (int end = kind_end[KIND]; i < end; i++) {                  \
    const bleaf *l = &leaf[i];                                     \
    const mr_value *v = &vals[l->fact];                            \
    val[2 + i] = KV(v->state == MR_T, EXPR);                       \
  }


/* An operation's value by its slots' values x, y (and is the smaller, or
** the larger), and whether x is known. */
static inline uint8_t op_and(uint8_t x, uint8_t y) { return x < y ? x : y; }
static inline uint8_t op_or(uint8_t x, uint8_t y) { return x > y ? x : y; }
static inline uint8_t op_known(uint8_t x, uint8_t y) { (void)y; return x == K_U ? K_F : K_T; }
static inline uint8_t op_unknown(uint8_t x, uint8_t y) { (void)y; return x == K_U ? K_T : K_F; }
#define OP_LOOP(FN)                                          \
  for (; o < end; o++) val[base + o] = FN(val[op[o].a], val[op[o].b]); \
  break;
static const uint8_t from_mr[3] = {K_F, K_T, K_U};

int mr_bits_run(medrule_evaluator *ev) {
  mr_bits *t = ev->bits;
  const mr_value *vals = ev->vals;
  const bleaf *leaf = t->leaf;
  const int *kind_end = t->kind_end;
  uint8_t *val = t->val;
  int i = 0;
  LEAF_LOOP(L_LT, (v->num < l->u.c) ^ l->neg)
  LEAF_LOOP(L_LE, (v->num <= l->u.c) ^ l->neg)
  LEAF_LOOP(L_GT, (v->num > l->u.c) ^ l->neg)
  LEAF_LOOP(L_GE, (v->num >= l->u.c) ^ l->neg)
  LEAF_LOOP(L_EQ, (v->num == l->u.c) ^ l->neg)
  LEAF_LOOP(L_NE, (v->num != l->u.c) ^ l->neg)
  for (int end = kind_end[L_KNOWN]; i < end; i++) /* never unknown */
    val[2 + i] = (uint8_t)(2 * ((vals[leaf[i].fact].state == MR_T) ^ leaf[i].neg));
  LEAF_LOOP(L_BFACT, (v->bits != 0) ^ l->neg)
  LEAF_LOOP(L_CIN, (int)(l->u.mask >> (v->bits & 63) & 1) ^ l->neg)
  LEAF_LOOP(L_HAS, ((v->bits & l->u.mask) != 0) ^ l->neg)
  for (int end = kind_end[L_ARITH]; i < end; i++) {
    int k = mr_num_run(ev, leaf[i].fact, NULL);
    if (k == MR_NOVAL) { /* the flat programs will say where */
      if (ev->noval_node < 0) ev->noval_node = (int)leaf[i].u.mask;
      k = MR_F;
    }
    if (k != MR_U) k ^= leaf[i].neg;
    val[2 + i] = from_mr[k];
  }
  for (int end = kind_end[L_CALL]; i < end; i++) {
    int k = mr_eval_bool(ev, leaf[i].fact);
    if (k != MR_U) k ^= leaf[i].neg;
    val[2 + i] = from_mr[k];
  }
  if (ev->noval_node >= 0) { /* a division by zero: the flat programs say where */
    ev->bits_epoch = 0;
    return -1;
  }
  const bpair *op = t->op;
  const bseg *seg = t->seg;
  for (int s = 0, nsegs = t->nsegs, o = 0, base = 2 + t->nleaves; s < nsegs; s++) {
    int end = seg[s].end;
    switch (seg[s].kind) {
      case OP_AND: OP_LOOP(op_and)
      case OP_OR: OP_LOOP(op_or)
      case OP_KNOWN: OP_LOOP(op_known)
      default: OP_LOOP(op_unknown)
    }
  }
  /* the derived booleans, where the lists of facts read them */
  mr_value *vals_out = ev->vals;
  for (int d = 0, n = t->nderived; d < n; d++) {
    const bderived *dv = &t->derived[d];
    mr_value *v = &vals_out[dv->fact];
    if (!dv->computed && v->state == MR_T) continue; /* given in the input */
    uint8_t k = val[dv->slot];
    memset(v, 0, sizeof *v);
    v->blame = -1;
    v->state = k == K_U ? MR_U : MR_T;
    v->bits = k == K_T;
  }
  /* the shared conditions' memo, for the explanations that walk the tree */
  const int32_t *memo_slot = t->memo_slot;
  for (int m = 0, n = ev->p->nmemo; m < n; m++)
    if (memo_slot[m] >= 0) {
      ev->memo_epoch[m] = ev->epoch;
      ev->memo_val[m] = (uint8_t)mr_slot_truth(val[memo_slot[m]]);
    }
  ev->bits_epoch = ev->epoch;
  return 0;
}

/* A rule's state from its `applies` a and its `when` w, as slot values:
** [3a + w]. */
static const uint8_t rule_state_k[9] = {
  MEDRULE_NOT_APPLICABLE, MEDRULE_NOT_APPLICABLE, MEDRULE_NOT_APPLICABLE, /* a false */
  MEDRULE_NOT_FIRED, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN,                     /* a unknown */
  MEDRULE_NOT_FIRED, MEDRULE_UNKNOWN, MEDRULE_FIRED,                       /* a true */
};

int mr_bits_states(const medrule_evaluator *ev, uint8_t *state, int32_t *fired, int32_t *unknown, int *nunknown) {
  const mr_bits *t = ev->bits;
  const uint8_t *val = t->val;
  const int32_t *slot = t->rule_slot;
  int nf = 0, nu = 0;
  for (int i = 0, n = ev->p->nrules; i < n; i++) { /* no branch per rule: each is written, and kept when it is one */
    uint8_t st = rule_state_k[3 * val[slot[2 * i]] + val[slot[2 * i + 1]]];
    state[i] = st;
    fired[nf] = i, unknown[nu] = i;
    nf += st == MEDRULE_FIRED;
    nu += st == MEDRULE_UNKNOWN;
  }
  *nunknown = nu;
  return nf;
}

void mr_bits_rule(const medrule_evaluator *ev, int rule, int *applies, int *when) {
  const mr_bits *t = ev->bits;
  *applies = mr_slot_truth(t->val[t->rule_slot[2 * rule]]);
  *when = mr_slot_truth(t->val[t->rule_slot[2 * rule + 1]]);
}

void mr_bits_stale(medrule_evaluator *ev) { ev->bits_epoch = 0; }
