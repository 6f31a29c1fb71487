/* lint_analysis.c — whether a rule can never fire or always fires: the
** enumeration of fact domains described in lint.c, the witnesses it finds,
** and the analysis of a condition term by term. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "render.h"

/* ------------------------------------------------------------ evaluation */

/* The truth of node n under the current assignment.  The assignment changes
** between calls, so the evaluator's memo of shared conditions is invalidated
** each time; a Lua-function condition is unknown (the evaluator has no Lua). */
static int a_bool(lint *L, int n) {
  if (++L->ev.epoch == 0) {
    memset(L->ev.memo_epoch, 0, (size_t)(L->p->nmemo ? L->p->nmemo : 1) * sizeof *L->ev.memo_epoch);
    L->ev.epoch = 1;
  }
  return mr_eval_bool(&L->ev, n);
}

/* ------------------------------------------------------------ linear forms */

/* A numeric expression as k * fact + m (fact -1: the constant m). */
typedef struct lin {
  int ok, fact;
  double k, m;
} lin;

static lin linear(const medrule_pack *p, int n) {
  const mr_node *nd = &p->nodes[n];
  lin r = {0, -1, 0, 0}, a, b;
  switch (nd->op) {
    case N_CONST_NUM: r.ok = 1, r.m = nd->num; return r;
    case N_FACT: r.ok = 1, r.fact = nd->a, r.k = 1; return r;
    case N_NEG:
      a = linear(p, nd->a);
      a.k = -a.k, a.m = -a.m;
      return a;
    case N_SCALE:
      a = linear(p, nd->a);
      a.k = a.k * nd->num / nd->den, a.m = a.m * nd->num / nd->den;
      return a;
    case N_ADD: case N_SUB: {
      a = linear(p, nd->a);
      b = linear(p, nd->b);
      if (!a.ok || !b.ok || (a.fact >= 0 && b.fact >= 0 && a.fact != b.fact)) return r;
      double s = nd->op == N_ADD ? 1 : -1;
      r.ok = 1;
      r.fact = a.fact >= 0 ? a.fact : b.fact;
      r.k = a.k + s * b.k;
      r.m = a.m + s * b.m;
      return r;
    }
    case N_MUL:
      a = linear(p, nd->a);
      b = linear(p, nd->b);
      if (!a.ok || !b.ok || (a.fact >= 0 && b.fact >= 0)) return r;
      if (a.fact < 0) {
        lin t = a;
        a = b, b = t;
      }
      a.k *= b.m, a.m *= b.m;
      return a;
    case N_DIV:
      a = linear(p, nd->a);
      b = linear(p, nd->b);
      if (!a.ok || !b.ok || b.fact >= 0 || b.m == 0) return r;
      a.k /= b.m, a.m /= b.m;
      return a;
    default: return r;
  }
}

/* The comparison node n as "fact op v" (op among N_LT..N_NE), when it
** compares one fact linearly with constants. */
int mr_lint_solve_cmp(const medrule_pack *p, int n, int *fact, int *op, double *v, int *scaled) {
  const mr_node *nd = &p->nodes[n];
  if (nd->op < N_LT || nd->op > N_NE) return 0;
  lin a = linear(p, nd->a), b = linear(p, nd->b);
  if (!a.ok || !b.ok || (a.fact >= 0 && b.fact >= 0 && a.fact != b.fact)) return 0;
  double k = a.k - b.k, m = a.m - b.m;
  int f = a.fact >= 0 ? a.fact : b.fact;
  if (f < 0 || k == 0) return 0;
  /* k f + m OP 0  <=>  f OP' -m/k */
  *fact = f;
  *v = -m / k;
  *scaled = fabs(k) != 1 || (a.fact >= 0 ? a.m : b.m) != 0;
  int o = nd->op;
  if (k < 0) o = o == N_LT ? N_GT : o == N_LE ? N_GE : o == N_GT ? N_LT : o == N_GE ? N_LE : o;
  *op = o;
  return 1;
}

/* ------------------------------------------------------------ domains */

static int push_pt(fdom *d, double x) {
  if (!isfinite(x)) return 0;
  if (d->npts == d->cappts) {
    int cap = d->cappts ? d->cappts * 2 : 8;
    double *v = mr_realloc(d->pts, (size_t)cap * sizeof *v);
    if (!v) return -1;
    d->pts = v, d->cappts = cap;
  }
  d->pts[d->npts++] = x;
  return 0;
}

static int push_mask(fdom *d, uint64_t m) {
  for (int i = 0; i < d->nmasks; i++)
    if (d->masks[i] == m) return 0;
  if (d->nmasks == d->capmasks) {
    int cap = d->capmasks ? d->capmasks * 2 : 8;
    uint64_t *v = mr_realloc(d->masks, (size_t)cap * sizeof *v);
    if (!v) return -1;
    d->masks = v, d->capmasks = cap;
  }
  d->masks[d->nmasks++] = m;
  return 0;
}

static fdom *dom_of(lint *L, fdom *doms, int f) { return L->dix[f] >= 0 ? &doms[L->dix[f]] : NULL; }

static void mark_sampled(lint *L, fdom *doms, int n) {
  const mr_node *nd = &L->p->nodes[n];
  if (nd->op == N_FACT) {
    fdom *d = dom_of(L, doms, nd->a);
    if (d) d->sampled = 1;
    return;
  }
  if (nd->op == N_CONST_NUM) return;
  if (nd->a >= 0) mark_sampled(L, doms, nd->a);
  if (nd->b >= 0 && nd->op != N_LUA) mark_sampled(L, doms, nd->b);
}

/* Gathers from the tree under n what each fact's domain must tell apart. */
static int gather(lint *L, fdom *doms, int n) {
  const medrule_pack *p = L->p;
  const mr_node *nd = &p->nodes[n];
  switch (nd->op) {
    case N_AND: case N_OR:
      for (int i = 0; i < nd->nkids; i++)
        if (gather(L, doms, p->kids[nd->kids + i])) return -1;
      return 0;
    case N_NOT: case N_KNOWN: case N_UNKNOWN: return gather(L, doms, nd->a);
    case N_BEQ: case N_BNE: return gather(L, doms, nd->a) || gather(L, doms, nd->b) ? -1 : 0;
    case N_LT: case N_LE: case N_GT: case N_GE: case N_EQ: case N_NE: {
      int f, op, scaled;
      double v;
      if (mr_lint_solve_cmp(p, n, &f, &op, &v, &scaled)) {
        fdom *d = dom_of(L, doms, f);
        if (d && push_pt(d, v)) return -1;
        if (d && scaled && (push_pt(d, nextafter(v, -INFINITY)) || push_pt(d, nextafter(v, INFINITY))))
          return -1;
      } else {
        mark_sampled(L, doms, nd->a);
        mark_sampled(L, doms, nd->b);
      }
      return 0;
    }
    case N_CIN: case N_HAS: {
      fdom *d = dom_of(L, doms, p->nodes[nd->a].a);
      return d ? push_mask(d, nd->mask) : 0;
    }
    case N_CEQ: case N_CNE: {
      fdom *d = dom_of(L, doms, p->nodes[nd->a].a), *e = dom_of(L, doms, p->nodes[nd->b].a);
      if (d) d->allvals = 1;
      if (e) e->allvals = 1;
      return 0;
    }
    default: return 0;
  }
}

static int dbl_cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int push_val(fdom *d, aval v) {
  if (d->nv == d->capv) {
    int c = d->capv ? d->capv * 2 : 8;
    aval *n = mr_realloc(d->v, (size_t)c * sizeof *n);
    if (!n) return -1;
    d->v = n, d->capv = c;
  }
  d->v[d->nv++] = v;
  return 0;
}

/* The values of d's fact worth trying (unknown is added by the caller).
** Returns 0, -1 out of memory, 1 too many. */
static int build_values(lint *L, fdom *d) {
  const mr_fact *f = &L->p->facts[d->fact];
  aval v = {MR_T, 0, 0};
  switch (f->type) {
    case MR_BOOL:
      if (push_val(d, v)) return -1;
      v.bits = 1;
      return push_val(d, v) ? -1 : 0;
    case MR_STRING: return push_val(d, v) ? -1 : 0;
    case MR_CODE: case MR_CODES: {
      /* codes that every test treats alike form a class; one stands for all */
      uint64_t sig[64];
      int rep[64], nclass = 0;
      for (int i = 0; i < f->nvalues; i++) {
        uint64_t s = 0;
        if (d->allvals || d->nmasks > 64) {
          s = (uint64_t)i + 1;
        } else {
          for (int k = 0; k < d->nmasks; k++)
            if (d->masks[k] >> i & 1) s |= 1ull << k;
        }
        if (f->type == MR_CODES && s == 0) continue;
        int c = 0;
        while (c < nclass && sig[c] != s) c++;
        if (c == nclass) sig[nclass] = s, rep[nclass++] = i;
      }
      if (f->type == MR_CODE) {
        for (int c = 0; c < nclass; c++) {
          v.bits = (uint64_t)rep[c];
          if (push_val(d, v)) return -1;
        }
        return 0;
      }
      if (nclass > LINT_MAX_CODE_CLASSES) return 1;
      for (uint32_t s = 0; s < 1u << nclass; s++) {
        v.bits = 0;
        for (int c = 0; c < nclass; c++)
          if (s >> c & 1) v.bits |= 1ull << rep[c];
        if (push_val(d, v)) return -1;
      }
      return 0;
    }
    default: break;
  }
  /* numbers: breakpoints, the points between them, the range's ends */
  if (d->sampled) {
    L->sampled = 1;
    if (f->has_range) {
      for (int q = 0; q <= 4; q++)
        if (push_pt(d, f->min + (f->max - f->min) * q / 4)) return -1;
    } else {
      static const double S[] = {-1, 0, 1, 10, 100, 1000};
      for (size_t q = 0; q < sizeof S / sizeof S[0]; q++)
        if (push_pt(d, S[q])) return -1;
    }
  }
  /* With a range, [min, first breakpoint) is one class that min stands for
  ** (likewise max), unless min (max) is a breakpoint itself. */
  int min_is_bp = 0, max_is_bp = 0;
  if (f->has_range) {
    int k = 0;
    for (int i = 0; i < d->npts; i++)
      if (d->pts[i] >= f->min && d->pts[i] <= f->max) {
        d->pts[k++] = d->pts[i];
        if (d->pts[i] == f->min) min_is_bp = 1;
        if (d->pts[i] == f->max) max_is_bp = 1;
      }
    d->npts = k;
    if (push_pt(d, f->min) || push_pt(d, f->max)) return -1;
  }
  qsort(d->pts, (size_t)d->npts, sizeof *d->pts, dbl_cmp);
  int k = 0;
  for (int i = 0; i < d->npts; i++)
    if (k == 0 || d->pts[i] != d->pts[k - 1]) d->pts[k++] = d->pts[i];
  d->npts = k;
  if (k == 0) {
    v.num = 0;
    return push_val(d, v) ? -1 : 0;
  }
  if (!f->has_range) {
    v.num = d->pts[0] - fmax(1, fabs(d->pts[0]));
    if (push_val(d, v)) return -1;
  }
  for (int i = 0; i < k; i++) {
    int skip_mid = f->has_range && ((i == 1 && !min_is_bp) || (i == k - 1 && !max_is_bp));
    if (i > 0 && !skip_mid) {
      v.num = d->pts[i - 1] + (d->pts[i] - d->pts[i - 1]) / 2;
      if (v.num != d->pts[i - 1] && v.num != d->pts[i] && push_val(d, v)) return -1;
    }
    v.num = d->pts[i];
    if (push_val(d, v)) return -1;
  }
  if (!f->has_range) {
    v.num = d->pts[k - 1] + fmax(1, fabs(d->pts[k - 1]));
    if (push_val(d, v)) return -1;
  }
  return 0;
}

/* ------------------------------------------------------------ witnesses */

static int wit_add(wit *w, int fact, aval v) {
  if (w->n == w->cap) {
    int cap = w->cap ? w->cap * 2 : 8;
    int *f = mr_realloc(w->fact, (size_t)cap * sizeof *f);
    if (!f) return -1;
    w->fact = f;
    aval *nv = mr_realloc(w->v, (size_t)cap * sizeof *nv);
    if (!nv) return -1;
    w->v = nv;
    w->cap = cap;
  }
  w->fact[w->n] = fact;
  w->v[w->n++] = v;
  return 0;
}

static int wit_append(wit *dst, const wit *src) {
  for (int i = 0; i < src->n; i++)
    if (wit_add(dst, src->fact[i], src->v[i])) return -1;
  return 0;
}

static void wit_free(wit *w) {
  mr_free(w->fact);
  mr_free(w->v);
  memset(w, 0, sizeof *w);
}

void mr_lint_res_init(res *r) {
  memset(r, 0, sizeof *r);
  r->ok = 1;
}

void mr_lint_res_free(res *r) {
  for (int i = 0; i < 3; i++) wit_free(&r->w[i]);
}

static void res_swap_tf(res *r) {
  int c = r->can[MR_T];
  r->can[MR_T] = r->can[MR_F];
  r->can[MR_F] = c;
  wit w = r->w[MR_T];
  r->w[MR_T] = r->w[MR_F];
  r->w[MR_F] = w;
}

/* ------------------------------------------------------------ enumeration */

/* Enumerates every assignment of the facts read by nodes[0..n), combined
** with op (N_AND or N_OR), and records which truth values occur. */
static int enumerate(lint *L, int op, const int *nodes, int n, res *out) {
  const medrule_pack *p = L->p;
  mr_lint_res_init(out);
  uint64_t *set = mr_calloc((size_t)(L->words ? L->words : 1), sizeof *set);
  if (!set) return -1;
  for (int i = 0; i < n; i++) mr_lint_mark_facts(p, nodes[i], set);
  int nd = 0;
  for (int f = 0; f < p->nfacts; f++) nd += has_bit(set, f);
  fdom *doms = mr_calloc((size_t)(nd ? nd : 1), sizeof *doms);
  int *idx = mr_calloc((size_t)(nd ? nd : 1), sizeof *idx);
  int rc = 0;
  if (!doms || !idx) {
    rc = -1;
    goto done;
  }
  nd = 0;
  for (int f = 0; f < p->nfacts; f++)
    if (has_bit(set, f)) {
      doms[nd].fact = f;
      L->dix[f] = nd++;
    }
  for (int i = 0; i < n && !rc; i++) rc = gather(L, doms, nodes[i]);
  long total = 1;
  for (int i = 0; i < nd && !rc; i++) {
    int b = build_values(L, &doms[i]);
    if (b < 0) rc = -1;
    else if (b > 0) total = LINT_MAX_ASSIGNMENTS + 1;
    if (!rc && !L->known_only && push_val(&doms[i], (aval){MR_U, 0, 0})) rc = -1;
    if (!rc && total <= LINT_MAX_ASSIGNMENTS) total *= doms[i].nv;
  }
  if (rc) goto done;
  if (total > LINT_MAX_ASSIGNMENTS) {
    out->ok = 0;
    L->too_big = 1;
    goto done;
  }
  for (;;) {
    for (int i = 0; i < nd; i++) L->vals[doms[i].fact] = doms[i].v[idx[i]];
    int t = op == N_AND ? MR_T : MR_F;
    for (int i = 0; i < n; i++) {
      int k = a_bool(L, nodes[i]);
      if (op == N_AND) {
        if (k == MR_F) {
          t = MR_F;
          break;
        }
        if (k == MR_U) t = MR_U;
      } else {
        if (k == MR_T) {
          t = MR_T;
          break;
        }
        if (k == MR_U) t = MR_U;
      }
    }
    if (!out->can[t]) {
      out->can[t] = 1;
      for (int i = 0; i < nd && !rc; i++) rc = wit_add(&out->w[t], doms[i].fact, doms[i].v[idx[i]]);
      if (rc || (out->can[0] && out->can[1] && out->can[2])) break;
    }
    int i = 0;
    while (i < nd && ++idx[i] == doms[i].nv) idx[i++] = 0;
    if (i == nd) break;
  }
done:
  if (doms)
    for (int i = 0; i < nd; i++) {
      L->dix[doms[i].fact] = -1;
      mr_free(doms[i].pts), mr_free(doms[i].masks), mr_free(doms[i].v);
    }
  mr_free(doms), mr_free(idx), mr_free(set);
  return rc;
}

static int analyse_list(lint *L, int op, const int *nodes, int n, res *out);

static int analyse_node(lint *L, int n, res *out) {
  const mr_node *nd = &L->p->nodes[n];
  if (nd->op == N_AND || nd->op == N_OR) return analyse_list(L, nd->op, &L->p->kids[nd->kids], nd->nkids, out);
  if (nd->op == N_NOT) {
    int rc = analyse_node(L, nd->a, out);
    res_swap_tf(out);
    return rc;
  }
  return enumerate(L, N_AND, &n, 1, out);
}

/* Combines independent parts under op. */
static int combine(int op, res *parts, int m, res *out) {
  int dom = op == N_AND ? MR_F : MR_T, neu = op == N_AND ? MR_T : MR_F;
  mr_lint_res_init(out);
  for (int i = 0; i < m; i++)
    if (!parts[i].ok) out->ok = 0;
  if (!out->ok) return 0;
  out->can[neu] = 1;
  for (int i = 0; i < m; i++) out->can[neu] &= parts[i].can[neu];
  if (out->can[neu])
    for (int i = 0; i < m; i++)
      if (wit_append(&out->w[neu], &parts[i].w[neu])) return -1;
  for (int i = 0; i < m; i++)
    if (parts[i].can[dom]) {
      out->can[dom] = 1;
      if (wit_append(&out->w[dom], &parts[i].w[dom])) return -1;
      break;
    }
  int all = 1, some = -1;
  for (int i = 0; i < m; i++) {
    if (!parts[i].can[neu] && !parts[i].can[MR_U]) all = 0;
    if (parts[i].can[MR_U] && some < 0) some = i;
  }
  if (all && some >= 0) {
    out->can[MR_U] = 1;
    for (int i = 0; i < m; i++) {
      const wit *w = i == some ? &parts[i].w[MR_U] : parts[i].can[neu] ? &parts[i].w[neu] : &parts[i].w[MR_U];
      if (wit_append(&out->w[MR_U], w)) return -1;
    }
  }
  return 0;
}

static int find_root(int *parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

/* The terms of an and/or over nodes[0..n): terms that share no fact are
** independent and analysed apart; terms that do are enumerated together. */
static int analyse_list(lint *L, int op, const int *nodes, int n, res *out) {
  if (n == 1) return analyse_node(L, nodes[0], out);
  const medrule_pack *p = L->p;
  int W = L->words ? L->words : 1;
  uint64_t *sets = mr_calloc((size_t)n * (size_t)W, sizeof *sets);
  int *parent = mr_malloc((size_t)n * sizeof *parent);
  int *comp = mr_malloc((size_t)n * sizeof *comp);
  res *parts = mr_calloc((size_t)n, sizeof *parts);
  int rc = 0, m = 0;
  if (!sets || !parent || !comp || !parts) {
    rc = -1;
    goto done;
  }
  for (int i = 0; i < n; i++) {
    mr_lint_mark_facts(p, nodes[i], sets + (size_t)i * W);
    parent[i] = i;
  }
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      int shared = 0;
      for (int w = 0; w < W && !shared; w++) shared = (sets[(size_t)i * W + w] & sets[(size_t)j * W + w]) != 0;
      if (shared) parent[find_root(parent, i)] = find_root(parent, j);
    }
  for (int i = 0; i < n; i++) {
    if (find_root(parent, i) != i) continue;
    int k = 0;
    for (int j = 0; j < n; j++)
      if (find_root(parent, j) == i) comp[k++] = nodes[j];
    if (k == n) {
      rc = enumerate(L, op, nodes, n, out);
      goto done;
    }
    rc = k == 1 ? analyse_node(L, comp[0], &parts[m]) : enumerate(L, op, comp, k, &parts[m]);
    m++;
    if (rc) goto done;
  }
  rc = combine(op, parts, m, out);
done:
  if (parts)
    for (int i = 0; i < m; i++) mr_lint_res_free(&parts[i]);
  mr_free(sets), mr_free(parent), mr_free(comp), mr_free(parts);
  return rc;
}

/* ------------------------------------------------------------ conditions */


static int iv2_push(ivec2 *a, int x) {
  if (a->n == a->cap) {
    int cap = a->cap ? a->cap * 2 : 16;
    int *v = mr_realloc(a->v, (size_t)cap * sizeof *v);
    if (!v) return -1;
    a->v = v, a->cap = cap;
  }
  a->v[a->n++] = x;
  return 0;
}

static int flatten_and(const medrule_pack *p, int n, ivec2 *into) {
  if (n < 0) return 0;
  const mr_node *nd = &p->nodes[n];
  if (nd->op == N_AND) {
    for (int i = 0; i < nd->nkids; i++)
      if (flatten_and(p, p->kids[nd->kids + i], into)) return -1;
    return 0;
  }
  return iv2_push(into, n);
}

/* The conjuncts of "rule fires": its applies and its when. */
int mr_lint_rule_terms(const medrule_pack *p, const mr_rule *r, ivec2 *into) {
  return flatten_and(p, r->applies, into) || flatten_and(p, r->when, into) ? -1 : 0;
}


/* Analyses the conjunction of terms; known_only restricts to known facts. */
int mr_lint_analyse_terms(lint *L, const ivec2 *t, int known_only, res *out) {
  L->known_only = known_only;
  if (t->n == 0) {
    mr_lint_res_init(out);
    out->can[MR_T] = 1;
    return 0;
  }
  return analyse_list(L, N_AND, t->v, t->n, out);
}

static int fact_rank_cmp_ctx(const medrule_pack *p, int a, int b) {
  return p->facts[a].sort_rank - p->facts[b].sort_rank;
}

/* "a=1, b=true" from a witness, sorted by fact name. */
char *mr_lint_format_witness(const medrule_pack *p, const wit *w) {
  int *ord = mr_malloc((size_t)(w->n ? w->n : 1) * sizeof *ord);
  if (!ord) return NULL;
  for (int i = 0; i < w->n; i++) ord[i] = i;
  for (int i = 1; i < w->n; i++)
    for (int j = i; j > 0 && fact_rank_cmp_ctx(p, w->fact[ord[j - 1]], w->fact[ord[j]]) > 0; j--) {
      int t = ord[j];
      ord[j] = ord[j - 1];
      ord[j - 1] = t;
    }
  strbuf b;
  sb_init(&b);
  for (int i = 0; i < w->n; i++) {
    const mr_fact *f = &p->facts[w->fact[ord[i]]];
    const aval *a = &w->v[ord[i]];
    if (i) sb_puts(&b, ", ");
    sb_puts(&b, f->name);
    if (a->state != MR_T) {
      sb_puts(&b, " unknown");
      continue;
    }
    sb_putc(&b, '=');
    if (f->type == MR_STRING) {
      sb_puts(&b, "(any text)");
      continue;
    }
    mr_value v;
    memset(&v, 0, sizeof v);
    v.state = MR_T;
    if (p->facts[w->fact[ord[i]]].type == MR_NUMBER || p->facts[w->fact[ord[i]]].type == MR_QUANTITY)
      v.num = a->num; /* the two share their room */
    else
      v.bits = a->bits;
    medrule_value pv;
    mr_value_public(p, w->fact[ord[i]], &v, &pv);
    mr_value_text(&b, p, w->fact[ord[i]], &pv);
  }
  if (w->n == 0) sb_puts(&b, "any facts");
  mr_free(ord);
  return sb_steal(&b);
}

/* "a.b (0 to 10 mg), c.d" — the facts a rule reads, by name, with ranges. */
static char *fact_list(const medrule_pack *p, const mr_rule *r, int *count) {
  strbuf b;
  sb_init(&b);
  *count = 0;
  for (int k = 0; k < p->nfacts; k++) {
    int f = p->sorted_facts[k];
    if (!has_bit(r->deps, f)) continue;
    const mr_fact *fd = &p->facts[f];
    if ((*count)++) sb_puts(&b, ", ");
    sb_puts(&b, fd->name);
    if (fd->has_range) {
      sb_puts(&b, " (");
      mr_fmt_num(&b, fd->min);
      sb_puts(&b, " to ");
      mr_fmt_num(&b, fd->max);
      if (fd->type == MR_QUANTITY) sb_printf(&b, " %s", fd->unit_text);
      sb_putc(&b, ')');
    }
  }
  if (*count == 0) sb_puts(&b, "no facts");
  return sb_steal(&b);
}

void mr_lint_check_firing(lint *L, int i) {
  const medrule_pack *p = L->p;
  const mr_rule *r = &p->rules[i];
  int line, col;
  L->key = i;
  if (is_lua(r)) {
    mr_lint_rule_loc(p, r, &line, &col);
    mr_lint_add_finding(L, SEV_INFO, "not-analysed", r->file, line, col, r->id,
                        mr_strdup("write the condition in the rule language to have it analysed"),
                        mr_strdup("a Lua-function condition is not analysed (never/always fires, bands, "
                                  "contradictions)"));
    return;
  }
  ivec2 t = {0};
  res all, known;
  mr_lint_res_init(&all), mr_lint_res_init(&known);
  L->sampled = L->too_big = 0;
  if (mr_lint_rule_terms(p, r, &t) || mr_lint_analyse_terms(L, &t, 0, &all) ||
      mr_lint_analyse_terms(L, &t, 1, &known)) {
    L->oom = 1;
    goto done;
  }
  mr_lint_node_loc(p, r, r->when, &line, &col);
  if (!all.ok || !known.ok) {
    mr_lint_add_finding(L, SEV_INFO, "not-analysed", r->file, line, col, r->id,
                        mr_strdup("split the condition, or give numeric facts a range"),
                        mr_printf("the condition has too many combinations of fact values to enumerate (more than %ld)",
                                  LINT_MAX_ASSIGNMENTS));
    goto done;
  }
  const char *how = L->sampled ? " (sampled: arithmetic over several facts is tried at sample values only)" : "";
  int never = !all.can[MR_T], always = !never && known.can[MR_T] && !known.can[MR_F] && !known.can[MR_U];
  int nf = 0;
  char *facts = never || always ? fact_list(p, r, &nf) : NULL;
  if (never) {
    mr_lint_add_finding(L, L->sampled ? SEV_WARNING : SEV_ERROR, "never-fires", r->file, line, col, r->id,
                        mr_strdup("the condition contradicts itself or the declared ranges and codes; check each "
                                  "comparison against the facts' ranges"),
                        facts ? nf == 0
                                    ? mr_strdup("the rule can never fire: its condition reads no facts and is not true")
                                    : mr_printf("the rule can never fire: no values of %s make its condition true%s",
                                                facts, how)
                              : NULL);
  } else if (always) {
    mr_lint_add_finding(L, SEV_WARNING, "always-fires", r->file, line, col, r->id,
                        mr_strdup("a rule that fires for every patient whose facts are known is a constant; check "
                                  "its comparisons and ranges"),
                        facts ? nf == 0 ? mr_strdup("the rule fires for every patient: its condition reads no facts")
                              : mr_printf("the rule fires whenever %s %s known, whatever %s%s", facts,
                                          nf == 1 ? "is" : "are", nf == 1 ? "its value" : "their values", how)
                              : NULL);
  }
  mr_free(facts);
done:
  mr_lint_res_free(&all), mr_lint_res_free(&known);
  mr_free(t.v);
}

