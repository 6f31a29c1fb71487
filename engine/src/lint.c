/* lint.c — static checks of a loaded pack (medrule_pack_lint).
**
** The checks that need no analysis: facts no rule reads, empty or over-long
** quotes and sections, missing citations, and (with a sources directory)
** quotes that are not verbatim in the pack's source text.
**
** The checks that do: a rule that can never fire or always fires, numeric
** bands that overlap or leave a gap, and contradictory recommendations that
** can fire on one patient.  They enumerate the declared fact domains: every
** fact a condition reads takes each value that can change the condition's
** outcome — unknown; false and true; each class of codes the condition tells
** apart; for numbers, each constant the fact is compared with (solved through
** unit scaling and linear arithmetic), the points between them and the ends
** of the declared range.  When the fact is compared only linearly with
** constants, that is exact.  Arithmetic over several facts (a rate times a
** weight) is sampled instead, and findings that rest on a sample say so.
** Derived facts are taken as facts of their own, over their declared range.
** A conjunction or disjunction whose terms read disjoint facts is analysed
** term by term, so the enumeration stays small; each enumeration is capped
** at LINT_MAX_ASSIGNMENTS assignments (beyond it the rule is not analysed
** and an "info" finding says so). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "internal.h"
#include "render.h"

#define LINT_MAX_ASSIGNMENTS (1L << 16)
#define LINT_LONG_QUOTE_WORDS 40
#define LINT_MAX_CODE_CLASSES 16

enum { SEV_ERROR, SEV_WARNING, SEV_INFO };
static const char *const SEV_NAMES[] = {"error", "warning", "info"};

enum { NOVAL = 3 };

typedef struct finding {
  int sev;
  const char *check;
  char *file;
  int line, col;
  const char *rule;
  char *msg, *hint;
  int key, seq;
} finding;

/* One fact value of an assignment. */
/* An assigned value: the engine's own fact value, so that conditions are
** evaluated by the engine's evaluator, exactly as for a patient. */
typedef mr_value aval;

/* A witness: the values of some facts that give a condition some value. */
typedef struct wit {
  int n, cap;
  int *fact;
  aval *v;
} wit;

/* Which truth values a condition can take, with a witness for each. */
typedef struct res {
  int ok;            /* 0: too many assignments, not analysed */
  int can[3];
  wit w[3];
} res;

/* The domain of one fact within one enumeration. */
typedef struct fdom {
  int fact;
  int sampled, allvals;
  double *pts;
  int npts, cappts;
  uint64_t *masks;
  int nmasks, capmasks;
  aval *v;
  int nv, capv;
} fdom;

/* A numeric band a rule's conjunction puts on a fact. */
typedef struct band {
  int fact;
  int haslo, hashi, loinc, hiinc;
  double lo, hi;
} band;

typedef struct lint {
  const medrule_pack *p;
  finding *f;
  int nf, capf;
  int oom;
  int key;           /* ordering key of findings being added */
  int words;
  aval *vals;        /* current assignment, by fact (the evaluator's values) */
  medrule_evaluator ev; /* the engine's evaluator over that assignment; no Lua */
  int *dix;          /* fact -> index into the current domains, or -1 */
  int known_only;    /* enumerate known values only */
  int sampled;       /* an enumeration since the last reset was sampled */
  int too_big;       /* an enumeration since the last reset was over the cap */
} lint;

/* ------------------------------------------------------------ findings */

static void add_finding(lint *L, int sev, const char *check, const char *file, int line, int col,
                        const char *rule, char *hint, char *msg) {
  if (!msg || !hint) L->oom = 1;
  if (L->nf == L->capf && !L->oom) {
    int cap = L->capf ? L->capf * 2 : 16;
    finding *f = mr_realloc(L->f, (size_t)cap * sizeof *f);
    if (!f) L->oom = 1;
    else L->f = f, L->capf = cap;
  }
  char vdir[4096];
  char *path = file ? mr_printf("%s/%s", mr_file_dir(L->p->dir, file, vdir, sizeof vdir), file)
                    : mr_strdup(L->p->dir);
  if (!path) L->oom = 1;
  if (L->oom) {
    mr_free(msg), mr_free(hint), mr_free(path);
    return;
  }
  finding *f = &L->f[L->nf];
  f->sev = sev;
  f->check = check;
  f->file = path;
  f->line = line;
  f->col = col;
  f->rule = rule;
  f->msg = msg;
  f->hint = hint;
  f->key = L->key;
  f->seq = L->nf;
  L->nf++;
}

static int finding_cmp(const void *a, const void *b) {
  const finding *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Line and column of `needle` in pack file `file`, searched from line
** `from`; with `same_line`, only a match on that line counts. */
static int find_in_file(const medrule_pack *p, const char *file, int from, const char *needle, int same_line,
                        int *line, int *col) {
  const mr_file *mf = NULL;
  for (int i = 0; i < p->nfiles; i++)
    if (strcmp(p->files[i].name, file) == 0) mf = &p->files[i];
  if (!mf || !needle || !*needle) return 0;
  const char *s = mf->text;
  int l = 1;
  while (l < from && (s = strchr(s, '\n'))) s++, l++;
  if (!s) return 0;
  const char *at = strstr(s, needle);
  if (!at) return 0;
  const char *bol = s;
  for (const char *q = s; q < at; q++)
    if (*q == '\n') l++, bol = q + 1;
  if (same_line && l != from) return 0;
  *line = l;
  *col = (int)(at - bol) + 1;
  return 1;
}

static void rule_loc(const medrule_pack *p, const mr_rule *r, int *line, int *col) {
  *line = r->line;
  *col = 0;
  find_in_file(p, r->file, r->line, "rule", 1, line, col);
}

/* Where the first token of a node is written. */
static void node_loc(const medrule_pack *p, const mr_rule *r, int n, int *line, int *col) {
  rule_loc(p, r, line, col);
  if (n < 0) return;
  const mr_node *nd = &p->nodes[n];
  const mr_text *t = &p->texts[nd->text];
  if (t->col <= 0) return;
  int l = t->line, c = t->col;
  for (uint32_t i = 0; i < nd->off && t->text[i]; i++) {
    if (t->text[i] == '\n') l++, c = 1;
    else c++;
  }
  *line = l;
  *col = c;
}

/* ------------------------------------------------------------ fact use */

static void mark_facts(const medrule_pack *p, int n, uint64_t *set) {
  if (n < 0) return;
  const mr_node *nd = &p->nodes[n];
  switch (nd->op) {
    case N_FACT: set[nd->a >> 6] |= 1ull << (nd->a & 63); return;
    case N_LUA: {
      const mr_rule *r = &p->rules[nd->a];
      for (int i = 0; i < r->nreads; i++) set[r->reads[i] >> 6] |= 1ull << (r->reads[i] & 63);
      return;
    }
    case N_AND: case N_OR:
      for (int i = 0; i < nd->nkids; i++) mark_facts(p, p->kids[nd->kids + i], set);
      return;
    case N_CONST_BOOL: case N_CONST_NUM: case N_CONST_CODE: case N_CONST_CODES: return;
    default:
      mark_facts(p, nd->a, set);
      mark_facts(p, nd->b, set);
  }
}

static int has_bit(const uint64_t *set, int f) { return (int)(set[f >> 6] >> (f & 63) & 1); }

static void check_unused_facts(lint *L) {
  const medrule_pack *p = L->p;
  uint64_t *used = mr_calloc((size_t)(L->words ? L->words : 1), sizeof *used);
  if (!used) {
    L->oom = 1;
    return;
  }
  for (int i = 0; i < p->nrules; i++)
    for (int w = 0; w < L->words; w++) used[w] |= p->rules[i].deps[w];
  for (int i = 0; i < p->nfacts; i++) {
    mark_facts(p, p->facts[i].derive, used);
    if (p->facts[i].per >= 0) used[p->facts[i].per >> 6] |= 1ull << (p->facts[i].per & 63);
  }
  L->key = -1;
  for (int i = 0; i < p->nfacts; i++) {
    const mr_fact *f = &p->facts[i];
    /* A shared vocabulary's facts are for every pack that uses it: each pack reads some. */
    if (has_bit(used, i) || strcmp(f->name, "patient.id") == 0 || !strncmp(f->file, "vocabulary/", 11)) continue;
    int line = f->line, col = 0;
    char *needle = mr_printf("\"%s\"", f->name);
    if (needle && find_in_file(p, f->file, f->line, needle, 1, &line, &col)) col++;
    mr_free(needle);
    if (f->derive >= 0)
      add_finding(L, SEV_WARNING, "unused-fact", f->file, line, col, NULL,
                  mr_strdup("read it in a rule's condition, or remove the derived fact"),
                  mr_printf("derived fact %s is read by no rule and no other derivation", f->name));
    else
      add_finding(L, SEV_WARNING, "unused-fact", f->file, line, col, NULL,
                  mr_strdup("read it in a rule's condition or a derivation, or remove the declaration"),
                  mr_printf("fact %s is declared but read by no rule and no derivation", f->name));
  }
  mr_free(used);
}

/* ------------------------------------------------------------ quotes */

static int is_space_at(const char *s, size_t *len) {
  unsigned char c = (unsigned char)s[0];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    *len = 1;
    return 1;
  }
  if (c == 0xC2 && (unsigned char)s[1] == 0xA0) { /* no-break space */
    *len = 2;
    return 1;
  }
  return 0;
}

/* Collapses every run of white space to one space and trims both ends. */
static char *collapse_ws(const char *s, size_t n) {
  char *o = mr_malloc(n + 1);
  if (!o) return NULL;
  size_t k = 0, i = 0, w;
  int pending = 0;
  while (i < n) {
    if (is_space_at(s + i, &w) && i + w <= n) {
      pending = 1;
      i += w;
      continue;
    }
    if (pending && k > 0) o[k++] = ' ';
    pending = 0;
    o[k++] = s[i++];
  }
  o[k] = 0;
  return o;
}

static int count_words(const char *s) {
  int n = 0, in = 0;
  for (; *s; s++) {
    int sp = *s == ' ' || *s == '\t' || *s == '\n' || *s == '\r';
    if (!sp && !in) n++;
    in = !sp;
  }
  return n;
}

static int blank(const char *s) {
  if (!s) return 1;
  for (; *s; s++)
    if (!strchr(" \t\r\n", *s)) return 0;
  return 1;
}

/* Appends at most `max` bytes of s, cut at a UTF-8 character boundary. */
static void put_excerpt(strbuf *b, const char *s, size_t max, int from_end) {
  size_t n = strlen(s);
  if (n <= max) {
    sb_puts(b, s);
    return;
  }
  if (from_end) {
    const char *q = s + n - max, *sp = strchr(q, ' ');
    if (sp && sp[1]) q = sp + 1;
    while (((unsigned char)*q & 0xC0) == 0x80) q++;
    sb_puts(b, "...");
    sb_puts(b, q);
  } else {
    size_t k = max;
    while (k > 0 && s[k] != ' ') k--;
    if (k == 0) k = max;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    sb_add(b, s, k);
    sb_puts(b, "...");
  }
}

/* The hint for a quote not found: how much of its beginning the source has,
** and where the two part. */
static char *quote_hint(const char *text, const char *q) {
  /* word starts of q */
  int nw = 0;
  size_t starts[4096];
  for (size_t i = 0; q[i] && nw < 4096; i++)
    if (i == 0 || q[i - 1] == ' ') starts[nw++] = i;
  size_t qlen = strlen(q);
  /* the longest prefix of whole words found (a prefix of a match matches) */
  int lo = 0, hi = nw;
  const char *at = NULL;
  while (lo < hi) {
    int mid = (lo + hi + 1) / 2;
    size_t len = mid < nw ? starts[mid] - 1 : qlen;
    char *pre = mr_strndup(q, len);
    if (!pre) return NULL;
    const char *hit = strstr(text, pre);
    mr_free(pre);
    if (hit) lo = mid;
    else hi = mid - 1;
  }
  strbuf b;
  sb_init(&b);
  if (lo == 0) {
    sb_puts(&b, "not even its first word is in the source; check the quote and the source file");
    return sb_steal(&b);
  }
  size_t plen = lo < nw ? starts[lo] - 1 : qlen;
  char *pre = mr_strndup(q, plen);
  if (!pre) {
    sb_free(&b);
    return NULL;
  }
  at = strstr(text, pre);
  sb_printf(&b, "the first %d of %d words match: \"", lo, nw);
  put_excerpt(&b, pre, 60, 1);
  sb_puts(&b, "\"; then the source has \"");
  const char *sn = at + plen, *qn = q + plen;
  if (*sn == ' ' && *qn == ' ') sn++, qn++;
  char *src_next = mr_strndup(sn, 50);
  char *q_next = mr_strdup(qn);
  if (src_next && q_next) {
    put_excerpt(&b, src_next, 40, 0);
    sb_puts(&b, "\" where the quote has \"");
    put_excerpt(&b, q_next, 40, 0);
    sb_putc(&b, '"');
  }
  mr_free(src_next), mr_free(q_next), mr_free(pre);
  return sb_steal(&b);
}

static void check_one_quote(lint *L, const mr_rule *r, const char *quote, const char *what, const char *text,
                            const char *src_name) {
  char *q = collapse_ws(quote, strlen(quote));
  if (!q) {
    L->oom = 1;
    return;
  }
  if (*q && !strstr(text, q)) {
    int line, col;
    rule_loc(L->p, r, &line, &col);
    find_in_file(L->p, r->file, r->line, quote, 0, &line, &col);
    char *hint = quote_hint(text, q);
    strbuf m;
    sb_init(&m);
    sb_printf(&m, "%s \"", what);
    put_excerpt(&m, q, 60, 0);
    sb_printf(&m, "\" not found in %s", src_name);
    add_finding(L, SEV_ERROR, "quote-not-found", r->file, line, col, r->id, hint, sb_steal(&m));
  }
  mr_free(q);
}

/* The source text: a regular file directly in the sources directory (the
** loader allows only a plain file name), never through a symbolic link, a
** FIFO or a device, and at most this large. */
#define MAX_SOURCE_FILE ((size_t)16 << 20)

static char *read_source(const char *dir, const char *name, char *why, size_t whylen) {
  if (!*name || strchr(name, '/') || strstr(name, "..")) {
    snprintf(why, whylen, "'%s' is not a plain file name", name);
    return NULL;
  }
  size_t len;
  return mr_read_pack_file(dir, name, MAX_SOURCE_FILE, &len, why, whylen);
}

static void check_citations(lint *L, const char *sources_dir) {
  const medrule_pack *p = L->p;
  L->key = -2;
  if (blank(p->citation))
    add_finding(L, SEV_WARNING, "missing-citation", "pack.lua", 0, 0, NULL,
                mr_strdup("add source = { document = ..., citation = \"the full reference\" } to pack { }"),
                mr_strdup("the pack has no full citation of its source"));
  char *text = NULL, *src_name = NULL;
  if (sources_dir) {
    if (!p->source_file) {
      add_finding(L, SEV_WARNING, "source-missing", "pack.lua", 0, 0, NULL,
                  mr_strdup("name the source text file in pack { source = { file = \"...\" } }"),
                  mr_strdup("the pack names no source text file; quotes were not checked"));
    } else {
      char why[600];
      char *raw = read_source(sources_dir, p->source_file, why, sizeof why);
      if (!raw && !strcmp(why, "out of memory")) {
        L->oom = 1;
      } else if (!raw) {
        /* the reason without the reader's "cannot open PATH: " or "cannot read NAME: " */
        const char *reason = why, *colon = strstr(why, p->source_file);
        if (colon && (colon = strstr(colon, ": "))) reason = colon + 2;
        int absent = !strcmp(reason, mr_errno_text(ENOENT));
        add_finding(L, SEV_ERROR, "source-missing", "pack.lua", 0, 0, NULL,
                    mr_printf("put the source text in %s, or point --sources at the directory that holds it",
                              sources_dir),
                    mr_printf("source text file %s/%s cannot be read%s%s%s; quotes were not checked", sources_dir,
                              p->source_file, absent ? "" : " (", absent ? "" : reason, absent ? "" : ")"));
      }
      if (raw) {
        text = collapse_ws(raw, strlen(raw));
        src_name = mr_strdup(p->source_file);
        if (!text || !src_name) L->oom = 1;
      }
      mr_free(raw);
    }
  }
  for (int i = 0; i < p->nrules; i++) {
    const mr_rule *r = &p->rules[i];
    int line, col;
    rule_loc(p, r, &line, &col);
    L->key = i;
    if (blank(r->document))
      add_finding(L, SEV_ERROR, "missing-citation", r->file, line, col, r->id,
                  mr_strdup("give the pack a source document, or the rule source = { document = ... }"),
                  mr_strdup("the rule cites no document"));
    if (blank(r->section))
      add_finding(L, SEV_ERROR, "missing-section", r->file, line, col, r->id,
                  mr_strdup("name the section, question or table the rule comes from"),
                  mr_strdup("the rule's source names no section"));
    if (blank(r->quote)) {
      add_finding(L, SEV_ERROR, "missing-quote", r->file, line, col, r->id,
                  mr_strdup("quote the sentence of the source the rule rests on, verbatim"),
                  mr_strdup("the rule's source has no quote"));
    } else {
      int nw = count_words(r->quote);
      if (nw > LINT_LONG_QUOTE_WORDS) {
        int ql = line, qc = col;
        find_in_file(p, r->file, r->line, r->quote, 0, &ql, &qc);
        add_finding(L, SEV_WARNING, "long-quote", r->file, ql, qc, r->id,
                    mr_printf("quote the shortest passage that carries the recommendation (at most %d words)",
                              LINT_LONG_QUOTE_WORDS),
                    mr_printf("the quote is %d words long", nw));
      }
      if (text) check_one_quote(L, r, r->quote, "quote", text, src_name);
    }
    for (int j = 0; j < r->njudgments; j++)
      for (int k = 0; k < r->judgments[j].nquotes; k++) {
        const char *jq = r->judgments[j].quotes[k];
        if (blank(jq)) {
          add_finding(L, SEV_ERROR, "missing-quote", r->file, line, col, r->id,
                      mr_strdup("remove the empty quote or fill it in"),
                      mr_printf("judgment %s has an empty quote", r->judgments[j].id));
        } else if (text) {
          char what[200];
          snprintf(what, sizeof what, "judgment %s quote", r->judgments[j].id);
          check_one_quote(L, r, jq, what, text, src_name);
        }
      }
  }
  mr_free(text);
  mr_free(src_name);
}

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
static int solve_cmp(const medrule_pack *p, int n, int *fact, int *op, double *v, int *scaled) {
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
      if (solve_cmp(p, n, &f, &op, &v, &scaled)) {
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

static void res_init(res *r) {
  memset(r, 0, sizeof *r);
  r->ok = 1;
}

static void res_free(res *r) {
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
  res_init(out);
  uint64_t *set = mr_calloc((size_t)(L->words ? L->words : 1), sizeof *set);
  if (!set) return -1;
  for (int i = 0; i < n; i++) mark_facts(p, nodes[i], set);
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
  res_init(out);
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
    mark_facts(p, nodes[i], sets + (size_t)i * W);
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
    for (int i = 0; i < m; i++) res_free(&parts[i]);
  mr_free(sets), mr_free(parent), mr_free(comp), mr_free(parts);
  return rc;
}

/* ------------------------------------------------------------ conditions */

typedef struct ivec2 {
  int *v;
  int n, cap;
} ivec2;

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
static int rule_terms(const medrule_pack *p, const mr_rule *r, ivec2 *into) {
  return flatten_and(p, r->applies, into) || flatten_and(p, r->when, into) ? -1 : 0;
}

static int is_lua(const mr_rule *r) { return r->lua_fn >= 0; }

/* Analyses the conjunction of terms; known_only restricts to known facts. */
static int analyse_terms(lint *L, const ivec2 *t, int known_only, res *out) {
  L->known_only = known_only;
  if (t->n == 0) {
    res_init(out);
    out->can[MR_T] = 1;
    return 0;
  }
  return analyse_list(L, N_AND, t->v, t->n, out);
}

static int fact_rank_cmp_ctx(const medrule_pack *p, int a, int b) {
  return p->facts[a].sort_rank - p->facts[b].sort_rank;
}

/* "a=1, b=true" from a witness, sorted by fact name. */
static char *format_witness(const medrule_pack *p, const wit *w) {
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
    v.num = a->num;
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

static void check_firing(lint *L, int i) {
  const medrule_pack *p = L->p;
  const mr_rule *r = &p->rules[i];
  int line, col;
  L->key = i;
  if (is_lua(r)) {
    rule_loc(p, r, &line, &col);
    add_finding(L, SEV_INFO, "not-analysed", r->file, line, col, r->id,
                mr_strdup("write the condition in the rule language to have it analysed"),
                mr_strdup("a Lua-function condition is not analysed (never/always fires, bands, contradictions)"));
    return;
  }
  ivec2 t = {0};
  res all, known;
  res_init(&all), res_init(&known);
  L->sampled = L->too_big = 0;
  if (rule_terms(p, r, &t) || analyse_terms(L, &t, 0, &all) || analyse_terms(L, &t, 1, &known)) {
    L->oom = 1;
    goto done;
  }
  node_loc(p, r, r->when, &line, &col);
  if (!all.ok || !known.ok) {
    add_finding(L, SEV_INFO, "not-analysed", r->file, line, col, r->id,
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
    add_finding(L, L->sampled ? SEV_WARNING : SEV_ERROR, "never-fires", r->file, line, col, r->id,
                mr_strdup("the condition contradicts itself or the declared ranges and codes; check each "
                          "comparison against the facts' ranges"),
                facts ? nf == 0 ? mr_strdup("the rule can never fire: its condition reads no facts and is not true")
                      : mr_printf("the rule can never fire: no values of %s make its condition true%s", facts, how)
                      : NULL);
  } else if (always) {
    add_finding(L, SEV_WARNING, "always-fires", r->file, line, col, r->id,
                mr_strdup("a rule that fires for every patient whose facts are known is a constant; check "
                          "its comparisons and ranges"),
                facts ? nf == 0 ? mr_strdup("the rule fires for every patient: its condition reads no facts")
                      : mr_printf("the rule fires whenever %s %s known, whatever %s%s", facts, nf == 1 ? "is" : "are",
                                  nf == 1 ? "its value" : "their values", how)
                      : NULL);
  }
  mr_free(facts);
done:
  res_free(&all), res_free(&known);
  mr_free(t.v);
}

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
  if (rule_terms(p, a, &ta) || rule_terms(p, b, &tb)) {
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
  res_init(&r);
  int out = -2;
  *w = NULL;
  L->sampled = 0;
  if (rule_terms(L->p, a, &t) || rule_terms(L->p, b, &t) || analyse_terms(L, &t, 1, &r)) goto done;
  if (r.ok && !r.can[MR_T]) { /* perhaps with some fact unknown */
    res_free(&r);
    if (analyse_terms(L, &t, 0, &r)) goto done;
  }
  if (!r.ok) {
    out = -1;
  } else if (r.can[MR_T]) {
    *w = format_witness(L->p, &r.w[MR_T]);
    out = *w ? 1 : -2;
  } else {
    out = 0;
  }
done:
  res_free(&r);
  mr_free(t.v);
  return out;
}

static void check_contradiction(lint *L, int i, int j) {
  const medrule_pack *p = L->p;
  const mr_rule *a = &p->rules[i], *b = &p->rules[j];
  char *w;
  int rc = fire_together(L, a, b, &w);
  int line, col;
  node_loc(p, b, b->when, &line, &col);
  L->key = j;
  if (rc == -2) {
    L->oom = 1;
  } else if (rc == -1) {
    add_finding(L, SEV_INFO, "not-analysed", b->file, line, col, b->id,
                mr_strdup("split the conditions, or give numeric facts a range"),
                mr_printf("whether this rule (%s) and rule %s (%s) can fire together was not analysed: too many "
                          "combinations",
                          b->action, a->id, a->action));
  } else if (rc == 1) {
    add_finding(L, SEV_WARNING, "contradiction", b->file, line, col, b->id,
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
  if (rule_terms(p, r, &t)) {
    mr_free(t.v);
    return -1;
  }
  for (int i = 0; i < t.n; i++) {
    int n = t.v[i], neg = 0;
    if (p->nodes[n].op == N_NOT) n = p->nodes[n].a, neg = 1;
    int g, op, scaled;
    double v;
    if (!solve_cmp(p, n, &g, &op, &v, &scaled) || g != f) continue;
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
  if (rule_terms(p, r, &t)) {
    mr_free(t.v);
    return -1;
  }
  for (int i = 0; i < t.n; i++) {
    int n = t.v[i];
    if (p->nodes[n].op == N_NOT) n = p->nodes[n].a;
    int g, op, scaled;
    double v;
    if (solve_cmp(p, n, &g, &op, &v, &scaled) && op != N_NE) set[g >> 6] |= 1ull << (g & 63);
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
  node_loc(p, b, b->when, &line, &col);
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
  add_finding(L, SEV_WARNING, "overlapping-bands", b->file, line, col, b->id,
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
      node_loc(p, later, later->when, &line, &col);
      L->key = (int)(later - p->rules);
      add_finding(L, SEV_WARNING, "band-gap", later->file, line, col, later->id,
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

static void check_pairs(lint *L) {
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

/* ------------------------------------------------------------ the API */

int medrule_pack_lint(const medrule_pack *p, const char *sources_dir, char **json) {
  if (!json) return MEDRULE_MISUSE;
  *json = NULL;
  if (!p) return MEDRULE_MISUSE;
  lint L;
  memset(&L, 0, sizeof L);
  L.p = p;
  L.words = (p->nfacts + 63) / 64;
  L.vals = mr_calloc((size_t)(p->nfacts ? p->nfacts : 1), sizeof *L.vals);
  L.dix = mr_malloc((size_t)(p->nfacts ? p->nfacts : 1) * sizeof *L.dix);
  L.ev.p = p;
  L.ev.vals = L.vals;
  L.ev.words = L.words;
  L.ev.seen = mr_calloc((size_t)(L.words ? L.words : 1), sizeof *L.ev.seen);
  L.ev.memo_epoch = mr_calloc((size_t)(p->nmemo ? p->nmemo : 1), sizeof *L.ev.memo_epoch);
  L.ev.memo_val = mr_calloc((size_t)(p->nmemo ? p->nmemo : 1), 1);
  if (!L.vals || !L.dix || !L.ev.seen || !L.ev.memo_epoch || !L.ev.memo_val) L.oom = 1;
  for (int i = 0; !L.oom && i < p->nfacts; i++) L.dix[i] = -1;
  if (!L.oom) check_unused_facts(&L);
  if (!L.oom) check_citations(&L, sources_dir);
  for (int i = 0; !L.oom && i < p->nrules; i++) check_firing(&L, i);
  if (!L.oom) check_pairs(&L);
  int rc = MEDRULE_OK;
  if (!L.oom) {
    qsort(L.f, (size_t)L.nf, sizeof *L.f, finding_cmp);
    strbuf b;
    sb_init(&b);
    sb_putc(&b, '[');
    for (int i = 0; i < L.nf; i++) {
      const finding *f = &L.f[i];
      sb_puts(&b, i ? ",\n" : "\n");
      sb_printf(&b, "{\"severity\":\"%s\",\"check\":\"%s\",\"file\":", SEV_NAMES[f->sev], f->check);
      sb_json_str(&b, f->file);
      sb_printf(&b, ",\"line\":%d,\"column\":%d,\"rule\":", f->line, f->col);
      sb_json_str(&b, f->rule);
      sb_puts(&b, ",\"message\":");
      sb_json_str(&b, f->msg);
      sb_puts(&b, ",\"hint\":");
      sb_json_str(&b, f->hint);
      sb_putc(&b, '}');
    }
    sb_puts(&b, L.nf ? "\n]\n" : "]\n");
    *json = sb_steal(&b);
    if (!*json) rc = MEDRULE_NOMEM;
  } else {
    rc = MEDRULE_NOMEM;
  }
  for (int i = 0; i < L.nf; i++) mr_free(L.f[i].file), mr_free(L.f[i].msg), mr_free(L.f[i].hint);
  mr_free(L.f);
  mr_free(L.vals);
  mr_free(L.ev.seen);
  mr_free(L.ev.memo_epoch);
  mr_free(L.ev.memo_val);
  mr_free(L.dix);
  return rc;
}
