/* eval_why.c — why a rule came out as it did: the facts that decided a
** fired rule (its `because`), and the facts whose absence left a rule
** unknown (its missing facts).
**
** A fired rule's `when` is usually an `and` of leaves: every fact it reads
** counts, in the order the tree lists them, whatever their values.  So each
** rule's walk is made once per evaluator (mr_why_build) into a list of the
** facts it visits, and collecting its `because` is a loop over that list
** rather than a walk of the tree.  Where only the first term that settled
** an `or` counts, the list holds a choice: each term with its own list,
** the first term with the wanted value taken. */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "eval.h"

/* Node n's truth value: from this evaluation's run of every condition
** (eval_bits.c) when it holds the node, else evaluated again (pure). */
static inline int node_truth(medrule_evaluator *ev, int n) {
  int k = mr_bits_node(ev, n);
  return k >= 0 ? k : mr_bool_at(ev, n);
}

/* Appends fact f unless it is there already; 1 when it was appended. */
static int push_fact_once(medrule_evaluator *ev, int f, ivec *into) {
  if (ev->seen[f >> 6] >> (f & 63) & 1) return 0;
  ev->seen[f >> 6] |= 1ull << (f & 63);
  iv_push(into, f);
  return 1;
}

static void facts_in(medrule_evaluator *ev, int n, ivec *into);
static const int32_t *run_why(medrule_evaluator *ev, const int32_t *w, ivec *into);

/* A fact a condition reads, once; a derived one followed into what decided it. */
static inline void fact_in(medrule_evaluator *ev, int f, ivec *into) {
  const medrule_pack *p = ev->p;
  if (!push_fact_once(ev, f, into)) return;
  /* A value the pack derived says little by itself ("plan.monitoring_required
  ** = true"): add the input facts that decided it (the age, the dose). */
  const mr_fact *fd = &p->facts[f];
  if (fd->derive >= 0) {
    const mr_value *v = &ev->vals[f];
    if (v->state == MR_T && (fd->computed || !v->present)) /* its list for its value (mr_why_build) */
      run_why(ev, ev->why + ev->why_derived[2 * f + (p->nodes[fd->derive].type == MR_BOOL && v->bits)], into);
  }
}

static void facts_in(medrule_evaluator *ev, int n, ivec *into) {
  const medrule_pack *p = ev->p;
  const mr_node *nd = &p->nodes[n];
  /* a fact against a constant, or a fact known: the constant reads nothing */
  if (nd->fast != FAST_NONE) {
    fact_in(ev, nd->fact, into);
    return;
  }
  switch (nd->op) {
    case N_FACT: fact_in(ev, nd->a, into); return;
    case N_LUA: {
      const mr_rule *r = &p->rules[nd->a];
      for (int i = 0; i < r->nreads; i++) push_fact_once(ev, r->reads[i], into);
      return;
    }
    case N_AND: case N_OR:
      for (int i = 0; i < nd->nkids; i++) facts_in(ev, p->kids[nd->kids + i], into);
      return;
    default:
      if (nd->a >= 0) facts_in(ev, nd->a, into);
      if (nd->b >= 0) facts_in(ev, nd->b, into);
  }
}

void mr_collect_because(medrule_evaluator *ev, int n, int want, ivec *into) {
  const medrule_pack *p = ev->p;
  const mr_node *nd = &p->nodes[n];
  switch (nd->op) {
    case N_AND: case N_OR: {
      /* all terms matter when each had to hold (and: true, or: false);
      ** otherwise the first term that settled it */
      int all = (nd->op == N_AND) == (want == MR_T);
      for (int i = 0; i < nd->nkids; i++) {
        int k = p->kids[nd->kids + i];
        if (all) {
          mr_collect_because(ev, k, want, into);
        } else if (node_truth(ev, k) == want) {
          mr_collect_because(ev, k, want, into);
          return;
        }
      }
      return;
    }
    case N_NOT: mr_collect_because(ev, nd->a, want == MR_T ? MR_F : MR_T, into); return;
    case N_CONST_BOOL: return;
    default: facts_in(ev, n, into);
  }
}

/* Missing fact f, by its rank. */
static void mark(medrule_evaluator *ev, int f) {
  int k = ev->rank[f];
  ev->seen[k >> 6] |= 1ull << (k & 63);
}

/* The missing facts of unknown derived fact f: collected once per evaluation
** into its slot's bits (ev->seen pointed there meanwhile; a derived fact
** under it does the same with its own slot), then added to ev->seen.  They
** are a set, and depend on the facts' values only. */
static void missing_derived(medrule_evaluator *ev, int f) {
  int s = ev->miss_slot ? ev->miss_slot[f] : -1;
  if (s < 0) {
    mr_collect_missing(ev, ev->p->facts[f].derive);
    return;
  }
  uint64_t *bits = ev->miss_bits + (size_t)s * (size_t)ev->words;
  if (ev->miss_epoch[s] != ev->epoch) {
    memset(bits, 0, (size_t)ev->words * sizeof *bits);
    uint64_t *seen = ev->seen;
    ev->seen = bits;
    mr_collect_missing(ev, ev->p->facts[f].derive);
    ev->seen = seen;
    ev->miss_epoch[s] = ev->epoch;
  }
  for (int w = 0; w < ev->words; w++) ev->seen[w] |= bits[w];
}

static void missing_fact(medrule_evaluator *ev, int f) {
  const mr_value *v = &ev->vals[f];
  if (v->state == MR_T || v->state == MR_NOVAL) return;
  if (v->blame >= 0) mark(ev, v->blame);          /* e.g. a dose in mg waits for the weight */
  else if (ev->p->facts[f].derive >= 0) missing_derived(ev, f);
  else mark(ev, f);
}

void mr_collect_missing(medrule_evaluator *ev, int n) {
  const medrule_pack *p = ev->p;
  const mr_node *nd = &p->nodes[n];
  double x;
  /* a fact against a constant is unknown exactly when its fact is (the
  ** constant is known); a fact known or not is never unknown */
  if (nd->fast == FAST_CMP) {
    missing_fact(ev, nd->fact);
    return;
  }
  if (nd->fast == FAST_KNOWN) return;
  switch (nd->op) {
    case N_FACT: missing_fact(ev, nd->a); return;
    case N_CIN: case N_HAS: missing_fact(ev, p->nodes[nd->a].a); return; /* a code against constants */
    case N_NOT: /* unknown exactly when its term is */
      if (node_truth(ev, nd->a) == MR_U) mr_collect_missing(ev, nd->a);
      return;
    case N_AND: case N_OR:
      for (int i = 0; i < nd->nkids; i++) {
        int k = p->kids[nd->kids + i];
        if (node_truth(ev, k) == MR_U) mr_collect_missing(ev, k);
      }
      return;
    case N_LUA: {
      const mr_rule *r = &p->rules[nd->a];
      for (int i = 0; i < r->nreads; i++) missing_fact(ev, r->reads[i]);
      return;
    }
    case N_KNOWN: case N_UNKNOWN: case N_CONST_BOOL: case N_CONST_NUM: return;
    default:
      for (int side = 0; side < 2; side++) {
        int k = side ? nd->b : nd->a;
        if (k < 0) continue;
        const mr_node *kn = &p->nodes[k];
        int unknown = kn->type == MR_BOOL ? node_truth(ev, k) == MR_U /* from the run when it has it */
                    : kn->type == MR_NUMBER ? mr_eval_num(ev, k, &x) == MR_U
                    : !mr_eval_known(ev, k);
        if (unknown) mr_collect_missing(ev, k);
      }
  }
}

/* ------------------------------------------------------------ fixed lists */

typedef struct why_list {
  int32_t *v;
  int n, cap;
} why_list;

static int why_add(why_list *l, int32_t x) {
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 256;
    int32_t *v = mr_realloc(l->v, (size_t)cap * sizeof *v);
    if (!v) return -1;
    l->v = v, l->cap = cap;
  }
  l->v[l->n++] = x;
  return 0;
}

/* Facts in the lists: a fact f that is not derived as f; a derived one as
** WHY_DERIVED(f), to be followed into what decided it; a fact a Lua
** function reads as -1 - f (not followed). */
#define WHY_DERIVED(p, f) (-1 - (p)->nfacts - (f))

/* What facts_in visits under node n, in its order: N_FACT's fact, or a Lua
** function's reads (they are not followed into derivations). */
static int fixed_facts_in(const medrule_pack *p, int n, why_list *l) {
  const mr_node *nd = &p->nodes[n];
  switch (nd->op) {
    case N_FACT: /* a derived fact is followed into what decided it */
      return why_add(l, p->facts[nd->a].derive >= 0 ? WHY_DERIVED(p, nd->a) : nd->a);
    case N_LUA: {
      const mr_rule *r = &p->rules[nd->a];
      for (int i = 0; i < r->nreads; i++)
        if (why_add(l, -1 - r->reads[i])) return -1;
      return 0;
    }
    case N_AND: case N_OR:
      for (int i = 0; i < nd->nkids; i++)
        if (fixed_facts_in(p, p->kids[nd->kids + i], l)) return -1;
      return 0;
    default:
      if (nd->a >= 0 && fixed_facts_in(p, nd->a, l)) return -1;
      if (nd->b >= 0 && fixed_facts_in(p, nd->b, l)) return -1;
      return 0;
  }
}

/* Tags in the lists, beside facts: the end of a rule's list; a choice,
** followed by its number of terms and, per term, its node, the value wanted,
** the length of its list (to its ALT_END, included) and that list. */
enum { WHY_END = INT32_MIN, WHY_CHOICE = INT32_MIN + 1, WHY_ALT_END = INT32_MIN + 2 };

/* Appends what mr_collect_because(n, want) visits; -1 when out of memory. */
static int fixed_because(const medrule_pack *p, int n, int want, why_list *l) {
  const mr_node *nd = &p->nodes[n];
  switch (nd->op) {
    case N_AND: case N_OR:
      if ((nd->op == N_AND) == (want == MR_T)) { /* every term counts */
        for (int i = 0; i < nd->nkids; i++)
          if (fixed_because(p, p->kids[nd->kids + i], want, l)) return -1;
        return 0;
      }
      if (why_add(l, WHY_CHOICE) || why_add(l, nd->nkids)) return -1;
      for (int i = 0; i < nd->nkids; i++) {
        int k = p->kids[nd->kids + i];
        if (why_add(l, k) || why_add(l, want) || why_add(l, 0)) return -1;
        int len_at = l->n - 1;
        if (fixed_because(p, k, want, l) || why_add(l, WHY_ALT_END)) return -1;
        l->v[len_at] = l->n - (len_at + 1);
      }
      return 0;
    case N_NOT: return fixed_because(p, nd->a, want == MR_T ? MR_F : MR_T, l);
    case N_CONST_BOOL: return 0;
    default: return fixed_facts_in(p, n, l);
  }
}

int mr_why_build(medrule_evaluator *ev) {
  const medrule_pack *p = ev->p;
  ev->why_start = mr_malloc((size_t)(p->nrules ? p->nrules : 1) * sizeof *ev->why_start);
  if (!ev->why_start) return -1;
  why_list l = {NULL, 0, 0};
  for (int r = 0; r < p->nrules; r++) {
    int at = l.n;
    if (p->rules[r].when < 0) { /* walked (and found empty) */
      ev->why_start[r] = -1;
      continue;
    }
    if (fixed_because(p, p->rules[r].when, MR_T, &l) || why_add(&l, WHY_END)) {
      mr_free(l.v);
      return -1;
    }
    ev->why_start[r] = at;
    /* a list of plain facts only (the usual `and` of tests of input facts):
    ** each kept once, in order, so that it is copied as it stands */
    int plain = 1;
    for (int k = at; l.v[k] != WHY_END; k++) plain &= l.v[k] >= 0;
    if (plain) {
      int n = at;
      for (int k = at; l.v[k] != WHY_END; k++) {
        int dup = 0;
        for (int j = at; j < n && !dup; j++) dup = l.v[j] == l.v[k];
        if (!dup) l.v[n++] = l.v[k];
      }
      l.v[n] = WHY_END;
      l.n = n + 1;
      ev->why_start[r] = -2 - at;
    }
  }
  /* each derived fact's list, by its value: what fact_in follows */
  ev->why_derived = mr_malloc((size_t)(p->nfacts ? p->nfacts : 1) * 2 * sizeof *ev->why_derived);
  if (!ev->why_derived) {
    mr_free(l.v);
    return -1;
  }
  for (int f = 0; f < p->nfacts; f++) {
    int d = p->facts[f].derive;
    ev->why_derived[2 * f] = ev->why_derived[2 * f + 1] = -1;
    if (d < 0) continue;
    for (int v = 0; v < 2; v++) {
      ev->why_derived[2 * f + v] = l.n;
      int rc = p->nodes[d].type == MR_BOOL ? fixed_because(p, d, v ? MR_T : MR_F, &l) : fixed_facts_in(p, d, &l);
      if (rc || why_add(&l, WHY_END)) {
        mr_free(l.v);
        return -1;
      }
    }
  }
  ev->why = l.v;
  /* slots for the derived facts, while their bits stay small beside the pack */
  size_t nd = (size_t)p->nderive_order, words = (size_t)ev->words;
  if (nd > 0 && nd * words <= 65536) {
    ev->miss_slot = mr_malloc((size_t)p->nfacts * sizeof *ev->miss_slot);
    ev->miss_epoch = mr_calloc(nd, sizeof *ev->miss_epoch);
    ev->miss_bits = mr_calloc(nd * words, sizeof *ev->miss_bits);
    if (!ev->miss_slot || !ev->miss_epoch || !ev->miss_bits) return -1;
    for (int f = 0; f < p->nfacts; f++) ev->miss_slot[f] = -1;
    for (int k = 0; k < p->nderive_order; k++) ev->miss_slot[p->derive_order[k]] = k;
  }
  return 0;
}

void mr_why_reset(medrule_evaluator *ev) {
  if (ev->miss_epoch) memset(ev->miss_epoch, 0, (size_t)ev->p->nderive_order * sizeof *ev->miss_epoch);
}

void mr_why_free(medrule_evaluator *ev) {
  mr_free(ev->why_start);
  mr_free(ev->why);
  mr_free(ev->why_derived);
  mr_free(ev->miss_slot);
  mr_free(ev->miss_epoch);
  mr_free(ev->miss_bits);
}

/* Runs list w to its end (WHY_END or WHY_ALT_END); returns where that is. */
static const int32_t *run_why(medrule_evaluator *ev, const int32_t *w, ivec *into) {
  int nfacts = ev->p->nfacts;
  for (;; w++) {
    int32_t x = *w;
    if (x >= 0) {
      push_fact_once(ev, x, into);
    } else if (x >= -nfacts) {
      push_fact_once(ev, -1 - x, into);
    } else if (x > WHY_ALT_END) {
      fact_in(ev, -1 - nfacts - x, into);
    } else if (x == WHY_CHOICE) {
      int n = w[1], chosen = 0;
      w += 2;
      for (int i = 0; i < n; i++) { /* the first term with the wanted value */
        if (!chosen && node_truth(ev, w[0]) == w[1]) {
          run_why(ev, w + 3, into);
          chosen = 1;
        }
        w += 3 + w[2];
      }
      w--; /* the loop steps onto what follows the choice */
    } else {
      return w; /* WHY_END, WHY_ALT_END */
    }
  }
}

/* The same facts, in the same order, as mr_collect_because on the tree:
** each once, and a derived fact followed by the facts that decided it. */
void mr_rule_because(medrule_evaluator *ev, int rule, ivec *into) {
  int at = ev->why_start[rule];
  if (at != -1) run_why(ev, ev->why + (at < 0 ? -2 - at : at), into); /* -1: no `when` */
}

