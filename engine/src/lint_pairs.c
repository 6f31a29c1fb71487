/* lint_pairs.c — lint checks of pairs of rules: contradictory
** recommendations that can fire together, numeric bands that overlap, and
** gaps between the bands of rules on one fact. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "render.h"

/* ------------------------------------------------------------ pairs */

static int positive(const char *a) { return !strcmp(a, "recommend") || !strcmp(a, "consider"); }
static int negative(const char *a) {
  return !strcmp(a, "do_not") || !strcmp(a, "avoid") || !strcmp(a, "not_supported");
}

/* Do the two rules speak about different items of one list fact?  That is
** when each requires, in its top-level conjunction, a code of the same list
** fact and the two sets of codes share none ("crps" in pain.conditions vs
** "fibromyalgia" in pain.conditions): a patient with both gets both
** statements, each about its own condition, which is not a contradiction. */
static int different_subjects(const medrule_pack *p, const mr_rule *a, const mr_rule *b) {
  ivec2 ta = {0}, tb = {0};
  int r = 0;
  if (mr_lint_rule_terms(p, a, &ta) || mr_lint_rule_terms(p, b, &tb)) {
    r = -1;
    goto done;
  }
  for (int i = 0; i < ta.n && !r; i++) {
    const mr_node *x = &p->nodes[ta.v[i]];
    if (x->op != N_HAS) continue;
    for (int j = 0; j < tb.n && !r; j++) {
      const mr_node *y = &p->nodes[tb.v[j]];
      if (y->op == N_HAS && p->nodes[x->a].a == p->nodes[y->a].a && !(x->mask & y->mask)) r = 1;
    }
  }
done:
  mr_free(ta.v), mr_free(tb.v);
  return r;
}

/* Can both rules fire on one patient?  1 yes (witness in *w), 0 no, -1 not
** analysed (too big), -2 out of memory. */
static int fire_together(lint *L, const mr_rule *a, const mr_rule *b, char **w) {
  ivec2 t = {0};
  res r;
  mr_lint_res_init(&r);
  int out = -2;
  *w = NULL;
  L->sampled = 0;
  if (mr_lint_rule_terms(L->p, a, &t) || mr_lint_rule_terms(L->p, b, &t) || mr_lint_analyse_terms(L, &t, 1, &r))
    goto done;
  if (r.ok && !r.can[MR_T]) { /* perhaps with some fact unknown */
    mr_lint_res_free(&r);
    if (mr_lint_analyse_terms(L, &t, 0, &r)) goto done;
  }
  if (!r.ok) {
    out = -1;
  } else if (r.can[MR_T]) {
    *w = mr_lint_format_witness(L->p, &r.w[MR_T]);
    out = *w ? 1 : -2;
  } else {
    out = 0;
  }
done:
  mr_lint_res_free(&r);
  mr_free(t.v);
  return out;
}

static void check_contradiction(lint *L, int i, int j) {
  const medrule_pack *p = L->p;
  const mr_rule *a = &p->rules[i], *b = &p->rules[j];
  char *w;
  int rc = fire_together(L, a, b, &w);
  int line, col;
  mr_lint_node_loc(p, b, b->when, &line, &col);
  L->key = j;
  if (rc == -2) {
    L->oom = 1;
  } else if (rc == -1) {
    mr_lint_add_finding(L, SEV_INFO, "not-analysed", b->file, line, col, b->id,
                        mr_strdup("split the conditions, or give numeric facts a range"),
                        mr_printf("whether this rule (%s) and rule %s (%s) can fire together was not analysed: "
                                  "too many combinations",
                                  b->action, a->id, a->action));
  } else if (rc == 1) {
    mr_lint_add_finding(L, SEV_WARNING, "contradiction", b->file, line, col, b->id,
                        mr_strdup("make the conditions exclusive (e.g. add 'not (...)' of the other rule's condition), "
                                  "or merge the two into one rule"),
                        mr_printf("contradictory recommendations can fire together: this rule (%s) and rule %s (%s, "
                                  "line %d), e.g. for %s",
                                  b->action, a->id, a->action, a->line, w));
  }
  mr_free(w);
}

/* The band that the conjunction of a rule's terms puts on fact f. */
static int rule_band(const medrule_pack *p, const mr_rule *r, int f, band *out) {
  ivec2 t = {0};
  memset(out, 0, sizeof *out);
  out->fact = f;
  if (mr_lint_rule_terms(p, r, &t)) {
    mr_free(t.v);
    return -1;
  }
  for (int i = 0; i < t.n; i++) {
    int n = t.v[i], neg = 0;
    if (p->nodes[n].op == N_NOT) n = p->nodes[n].a, neg = 1;
    int g, op, scaled;
    double v;
    if (!mr_lint_solve_cmp(p, n, &g, &op, &v, &scaled) || g != f) continue;
    if (neg) op = op == N_LT ? N_GE : op == N_LE ? N_GT : op == N_GT ? N_LE : op == N_GE ? N_LT
                : op == N_EQ ? N_NE : N_EQ;
    int lo = op == N_GT || op == N_GE || op == N_EQ, hi = op == N_LT || op == N_LE || op == N_EQ;
    int inc = op == N_GE || op == N_LE || op == N_EQ;
    if (lo && (!out->haslo || v > out->lo || (v == out->lo && !inc)))
      out->haslo = 1, out->lo = v, out->loinc = inc;
    if (hi && (!out->hashi || v < out->hi || (v == out->hi && !inc)))
      out->hashi = 1, out->hi = v, out->hiinc = inc;
  }
  mr_free(t.v);
  return out->haslo || out->hashi;
}

/* Clips a band to the fact's range; 0 when nothing is left. */
static int clip(const mr_fact *f, band *b) {
  if (f->has_range) {
    if (!b->haslo || b->lo < f->min) b->haslo = 1, b->lo = f->min, b->loinc = 1;
    if (!b->hashi || b->hi > f->max) b->hashi = 1, b->hi = f->max, b->hiinc = 1;
  }
  if (b->haslo && b->hashi && (b->lo > b->hi || (b->lo == b->hi && !(b->loinc && b->hiinc)))) return 0;
  return 1;
}

/* "in [a, b] unit", or "= a unit" for a single value. */
static void put_interval(strbuf *s, const mr_fact *f, const band *b) {
  if (b->haslo && b->hashi && b->lo == b->hi) {
    sb_puts(s, "= ");
    mr_fmt_num(s, b->lo);
  } else {
    sb_puts(s, "in ");
    sb_putc(s, b->haslo && b->loinc ? '[' : '(');
    if (b->haslo) mr_fmt_num(s, b->lo);
    else sb_puts(s, "-inf");
    sb_puts(s, ", ");
    if (b->hashi) mr_fmt_num(s, b->hi);
    else sb_puts(s, "inf");
    sb_putc(s, b->hashi && b->hiinc ? ']' : ')');
  }
  if (f->type == MR_QUANTITY) {
    sb_putc(s, ' ');
    sb_puts(s, f->unit_text);
  }
}

static int intersect(const band *a, const band *b, band *o) {
  *o = *a;
  if (b->haslo && (!o->haslo || b->lo > o->lo || (b->lo == o->lo && !b->loinc)))
    o->haslo = 1, o->lo = b->lo, o->loinc = b->loinc;
  if (b->hashi && (!o->hashi || b->hi < o->hi || (b->hi == o->hi && !b->hiinc)))
    o->hashi = 1, o->hi = b->hi, o->hiinc = b->hiinc;
  if (o->haslo && o->hashi && (o->lo > o->hi || (o->lo == o->hi && !(o->loinc && o->hiinc)))) return 0;
  return 1;
}

/* The facts a rule bands: facts compared with a constant in a top-level
** conjunct. */
static int banded_facts(const medrule_pack *p, const mr_rule *r, uint64_t *set) {
  ivec2 t = {0};
  if (mr_lint_rule_terms(p, r, &t)) {
    mr_free(t.v);
    return -1;
  }
  for (int i = 0; i < t.n; i++) {
    int n = t.v[i];
    if (p->nodes[n].op == N_NOT) n = p->nodes[n].a;
    int g, op, scaled;
    double v;
    if (mr_lint_solve_cmp(p, n, &g, &op, &v, &scaled) && op != N_NE) set[g >> 6] |= 1ull << (g & 63);
  }
  mr_free(t.v);
  return 0;
}

static void check_overlap(lint *L, int i, int j, int f, const band *ba, const band *bb) {
  const medrule_pack *p = L->p;
  const mr_rule *a = &p->rules[i], *b = &p->rules[j];
  const mr_fact *fd = &p->facts[f];
  band x;
  if (!intersect(ba, bb, &x)) return;
  char *w;
  int rc = fire_together(L, a, b, &w);
  if (rc == -2) L->oom = 1;
  if (rc != 1) return;
  int line, col;
  mr_lint_node_loc(p, b, b->when, &line, &col);
  strbuf m;
  sb_init(&m);
  sb_printf(&m, "overlapping bands: this rule (%s) has %s ", b->action, fd->name);
  put_interval(&m, fd, bb);
  sb_printf(&m, ", rule %s (%s, line %d) has %s ", a->id, a->action, a->line, fd->name);
  put_interval(&m, fd, ba);
  sb_printf(&m, "; they overlap on %s ", fd->name);
  put_interval(&m, fd, &x);
  sb_printf(&m, " and both fire for e.g. %s", w);
  mr_free(w);
  L->key = j;
  mr_lint_add_finding(L, SEV_WARNING, "overlapping-bands", b->file, line, col, b->id,
                      mr_strdup("make adjacent bands meet without overlapping: '<' on one side, '>=' on the other"),
                      sb_steal(&m));
}

typedef struct gapitem {
  int rule;
  band b, orig;
} gapitem;

static int gap_cmp(const void *x, const void *y) {
  const gapitem *a = x, *b = y;
  if (a->b.lo != b->b.lo) return a->b.lo < b->b.lo ? -1 : 1;
  if (a->b.loinc != b->b.loinc) return a->b.loinc ? -1 : 1;
  return a->rule - b->rule;
}

/* Gaps between the bands of rules of one category on fact f. */
static void check_gaps(lint *L, const int *rules, int n, int f) {
  const medrule_pack *p = L->p;
  const mr_fact *fd = &p->facts[f];
  gapitem *g = mr_calloc((size_t)n, sizeof *g);
  if (!g) {
    L->oom = 1;
    return;
  }
  int k = 0;
  for (int i = 0; i < n; i++) {
    band b;
    int rb = rule_band(p, &p->rules[rules[i]], f, &b);
    if (rb < 0) L->oom = 1;
    if (rb <= 0) continue;
    g[k].rule = rules[i];
    g[k].orig = b;
    if (!clip(fd, &b)) continue;
    if (!b.haslo) b.lo = -INFINITY, b.loinc = 0;
    if (!b.hashi) b.hi = INFINITY, b.hiinc = 0;
    g[k].b = b;
    k++;
  }
  qsort(g, (size_t)k, sizeof *g, gap_cmp);
  int cur = 0; /* the item whose band reaches furthest so far */
  double hi = k ? g[0].b.hi : 0;
  int hiinc = k ? g[0].b.hiinc : 0;
  for (int i = 1; i < k; i++) {
    const band *nb = &g[i].b;
    int gap = nb->lo > hi || (nb->lo == hi && !nb->loinc && !hiinc);
    int point = nb->lo == hi;
    int two_sided = (g[cur].orig.haslo && g[cur].orig.hashi) || (g[i].orig.haslo && g[i].orig.hashi);
    if (gap && (point || two_sided)) {
      const mr_rule *a = &p->rules[g[cur].rule], *b = &p->rules[g[i].rule];
      const mr_rule *later = g[cur].rule > g[i].rule ? a : b, *earlier = later == a ? b : a;
      band hole = {f, 1, 1, !hiinc, !nb->loinc, hi, nb->lo};
      strbuf m;
      sb_init(&m);
      sb_printf(&m, "gap between bands: no rule of category %s covers %s ", b->category, fd->name);
      put_interval(&m, fd, &hole);
      sb_printf(&m, "; rule %s has %s ", a->id, fd->name);
      put_interval(&m, fd, &g[cur].b);
      sb_printf(&m, ", rule %s has %s ", b->id, fd->name);
      put_interval(&m, fd, nb);
      int line, col;
      mr_lint_node_loc(p, later, later->when, &line, &col);
      L->key = (int)(later - p->rules);
      mr_lint_add_finding(L, SEV_WARNING, "band-gap", later->file, line, col, later->id,
                          point ? mr_strdup("make one of the two bounds inclusive (<= or >=) so that the boundary "
                                            "value belongs to a band")
                                : mr_printf("extend a band to meet its neighbour, or ignore this if the source says "
                                            "nothing for these values (see rule %s)",
                                            earlier->id),
                          sb_steal(&m));
    }
    if (nb->hi > hi || (nb->hi == hi && nb->hiinc)) {
      hi = nb->hi;
      hiinc = nb->hiinc;
      cur = i;
    }
  }
  mr_free(g);
}

void mr_lint_check_pairs(lint *L) {
  const medrule_pack *p = L->p;
  int *grp = mr_malloc((size_t)(p->nrules ? p->nrules : 1) * sizeof *grp);
  uint64_t *bf = mr_calloc((size_t)(p->nrules ? p->nrules : 1) * (size_t)(L->words ? L->words : 1),
                           sizeof *bf);
  if (!grp || !bf) {
    L->oom = 1;
    goto done;
  }
  int W = L->words ? L->words : 1;
  for (int i = 0; i < p->nrules; i++)
    if (!is_lua(&p->rules[i]) && banded_facts(p, &p->rules[i], bf + (size_t)i * W)) L->oom = 1;
  for (int j = 0; j < p->nrules && !L->oom; j++) {
    const mr_rule *b = &p->rules[j];
    if (is_lua(b)) continue;
    for (int i = 0; i < j && !L->oom; i++) {
      const mr_rule *a = &p->rules[i];
      if (is_lua(a) || a->category_index != b->category_index) continue;
      if ((positive(a->action) && negative(b->action)) || (negative(a->action) && positive(b->action))) {
        int d = different_subjects(p, a, b);
        if (d < 0) L->oom = 1;
        else if (!d) check_contradiction(L, i, j);
        continue;
      }
      /* bands meant as tiers: different actions, neither a mere "info", not
      ** two restrictions (avoid, do_not, not_supported) layered */
      if (!strcmp(a->action, b->action) || !strcmp(a->action, "info") || !strcmp(b->action, "info") ||
          (negative(a->action) && negative(b->action)))
        continue;
      for (int f = 0; f < p->nfacts; f++) {
        if (!has_bit(bf + (size_t)i * W, f) || !has_bit(bf + (size_t)j * W, f)) continue;
        band ba, bb;
        int ra = rule_band(p, a, f, &ba), rb = rule_band(p, b, f, &bb);
        if (ra < 0 || rb < 0) L->oom = 1;
        if (ra <= 0 || rb <= 0) continue;
        /* two thresholds on the same side ("> 2", "> 7") escalate; not tiers */
        if (ba.haslo != ba.hashi && bb.haslo != bb.hashi && ba.haslo == bb.haslo) continue;
        if (!clip(&p->facts[f], &ba) || !clip(&p->facts[f], &bb)) continue;
        check_overlap(L, i, j, f, &ba, &bb);
        break; /* one overlap finding per pair */
      }
    }
  }
  /* gaps: per category and fact, the rules that band the fact */
  for (int c = 0; c < p->ncategories && !L->oom; c++)
    for (int f = 0; f < p->nfacts; f++) {
      int n = 0;
      for (int i = 0; i < p->nrules; i++)
        if (p->rules[i].category_index == c && !is_lua(&p->rules[i]) && has_bit(bf + (size_t)i * W, f))
          grp[n++] = i;
      if (n >= 2) check_gaps(L, grp, n, f);
    }
done:
  mr_free(grp);
  mr_free(bf);
}

