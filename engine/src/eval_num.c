/* eval_num.c — arithmetic as flat programs.
**
** A derived number ("(pain_before - pain_after) / pain_before") and a
** comparison of arithmetic ("followon.dose > 1 mg/kg * patient.weight") are
** trees that mr_eval_num walks node by node, a call and a switch per node.
** Here each becomes, once per evaluator, a postfix program over a small stack
** of values, each with its state: known, unknown, or without a value (a
** division by zero).  The evaluation is the tree's own: both operands of
** every operation, in the tree's order; unknown when an operand is unknown;
** no value when one has none or a divisor is zero.
**
** A program reports a missing value without saying where: the caller then
** walks the tree, which notes the first division by zero (noval_node) as
** before.  A tree the programs cannot hold (too deep, or an operation they do
** not know) keeps no program, and is walked. */
#include <string.h>

#include "eval.h"

/* Deepest stack a program may use; a deeper tree stays a tree. */
#define NUM_STACK 32

enum { X_FACT, X_CONST, X_NEG, X_SCALE, X_ADD, X_SUB, X_MUL, X_DIV, X_CMP, X_END };

/* One instruction: a fact to push, a constant (a) to push, a scale by a / b,
** or a comparison `cmp` (N_LT ...) of the two values on the stack. */
typedef struct mr_nins {
  uint8_t op, cmp;
  int32_t fact;
  double a, b;
} mr_nins;

/* A value's state on the stack: ordered so that an operation's is the
** larger of its operands'. */
enum { S_KNOWN, S_UNKNOWN, S_NOVAL };

typedef struct nb {
  const medrule_pack *p;
  mr_nins *ins;
  int n, cap;
  int fail;              /* -1 out of memory, 1 not compilable */
} nb;

static void emit(nb *c, mr_nins in) {
  if (c->fail) return;
  if (c->n == c->cap) {
    int cap = c->cap ? c->cap * 2 : 64;
    mr_nins *v = mr_realloc(c->ins, (size_t)cap * sizeof *v);
    if (!v) {
      c->fail = -1;
      return;
    }
    c->ins = v;
    c->cap = cap;
  }
  c->ins[c->n++] = in;
}

/* Emits numeric node n; `depth`: the stack's height before it.  Returns the
** stack's greatest height while it runs. */
static int gen(nb *c, int n, int depth) {
  const mr_node *nd = &c->p->nodes[n];
  mr_nins in;
  memset(&in, 0, sizeof in);
  if (depth >= NUM_STACK) {
    c->fail = 1;
    return depth;
  }
  switch (nd->op) {
    case N_FACT: in.op = X_FACT, in.fact = nd->a; emit(c, in); return depth + 1;
    case N_CONST_NUM: in.op = X_CONST, in.a = nd->num; emit(c, in); return depth + 1;
    case N_NEG: case N_SCALE: {
      int high = gen(c, nd->a, depth);
      in.op = nd->op == N_NEG ? X_NEG : X_SCALE;
      in.a = nd->num, in.b = nd->den;
      emit(c, in);
      return high;
    }
    case N_ADD: case N_SUB: case N_MUL: case N_DIV: {
      int ha = gen(c, nd->a, depth), hb = gen(c, nd->b, depth + 1);
      in.op = (uint8_t)(X_ADD + (nd->op - N_ADD));
      emit(c, in);
      return ha > hb ? ha : hb;
    }
    default: /* what mr_eval_num does not compute either */
      c->fail = 1;
      return depth;
  }
}

/* Compiles node n (a comparison when `cmp`, else a number) as a program of
** its own, into ev->num_start[n]. */
static void compile_root(medrule_evaluator *ev, nb *c, int n, int cmp) {
  const mr_node *nd = &c->p->nodes[n];
  int start = c->n;
  mr_nins end;
  memset(&end, 0, sizeof end);
  if (cmp) {
    gen(c, nd->a, 0);
    gen(c, nd->b, 1);
    end.op = X_CMP;
    end.cmp = nd->op;
  } else {
    gen(c, n, 0);
    end.op = X_END;
  }
  emit(c, end);
  if (c->fail > 0) { /* not this one: the others still may */
    c->fail = 0;
    c->n = start;
    return;
  }
  if (!c->fail) ev->num_start[n] = start;
}

int mr_num_build(medrule_evaluator *ev) {
  const medrule_pack *p = ev->p;
  nb c;
  memset(&c, 0, sizeof c);
  c.p = p;
  ev->num_start = mr_malloc((size_t)(p->nnodes ? p->nnodes : 1) * sizeof *ev->num_start);
  if (!ev->num_start) return -1;
  for (int n = 0; n < p->nnodes; n++) ev->num_start[n] = -1;
  for (int n = 0; n < p->nnodes && !c.fail; n++) { /* comparisons of arithmetic */
    const mr_node *nd = &p->nodes[n];
    if (nd->op >= N_LT && nd->op <= N_NE && nd->fast != FAST_CMP) compile_root(ev, &c, n, 1);
  }
  for (int k = 0; k < p->nderive_order && !c.fail; k++) { /* derived numbers */
    int d = p->facts[p->derive_order[k]].derive;
    if (p->nodes[d].type == MR_NUMBER && ev->num_start[d] < 0) compile_root(ev, &c, d, 0);
  }
  ev->num = c.ins;
  return c.fail < 0 ? -1 : 0;
}

void mr_num_free(medrule_evaluator *ev) {
  mr_free(ev->num);
  mr_free(ev->num_start);
}

int mr_num_run(const medrule_evaluator *ev, int at, double *out) {
  double v[NUM_STACK];
  uint8_t s[NUM_STACK];
  int sp = 0;
  const mr_value *vals = ev->vals;
  for (const mr_nins *in = ev->num + at;; in++) {
    switch (in->op) {
      case X_FACT: {
        const mr_value *x = &vals[in->fact];
        v[sp] = x->num;
        s[sp++] = x->state == MR_T ? S_KNOWN : x->state == MR_NOVAL ? S_NOVAL : S_UNKNOWN;
        break;
      }
      case X_CONST:
        v[sp] = in->a;
        s[sp++] = S_KNOWN;
        break;
      case X_NEG: v[sp - 1] = -v[sp - 1]; break;
      case X_SCALE:
        if (s[sp - 1] == S_KNOWN) v[sp - 1] = mr_scale(v[sp - 1], in->a, in->b);
        break;
      case X_CMP: {
        int st = s[0] > s[1] ? s[0] : s[1];
        if (st != S_KNOWN) return st == S_NOVAL ? MR_NOVAL : MR_U;
        return mr_cmp(in->cmp, v[0], v[1]) ? MR_T : MR_F;
      }
      case X_END:
        if (s[0] != S_KNOWN) return s[0] == S_NOVAL ? MR_NOVAL : MR_U;
        *out = v[0];
        return MR_T;
      default: { /* X_ADD ... X_DIV */
        sp--;
        uint8_t st = s[sp - 1] > s[sp] ? s[sp - 1] : s[sp];
        double a = v[sp - 1], b = v[sp];
        if (st == S_KNOWN) {
          switch (in->op) {
            case X_ADD: a += b; break;
            case X_SUB: a -= b; break;
            case X_MUL: a *= b; break;
            default:
              if (b == 0) st = S_NOVAL;
              else a /= b;
          }
        }
        v[sp - 1] = a;
        s[sp - 1] = st;
      }
    }
  }
}
