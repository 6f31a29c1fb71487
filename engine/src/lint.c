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

#include "lint.h"
#include "render.h"

static const char *const SEV_NAMES[] = {"error", "warning", "info"};

/* ------------------------------------------------------------ findings */

void mr_lint_add_finding(lint *L, int sev, const char *check, const char *file, int line, int col,
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
int mr_lint_find_in_file(const medrule_pack *p, const char *file, int from, const char *needle, int same_line,
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

void mr_lint_rule_loc(const medrule_pack *p, const mr_rule *r, int *line, int *col) {
  *line = r->line;
  *col = 0;
  mr_lint_find_in_file(p, r->file, r->line, "rule", 1, line, col);
}

/* Where the first token of a node is written. */
void mr_lint_node_loc(const medrule_pack *p, const mr_rule *r, int n, int *line, int *col) {
  mr_lint_rule_loc(p, r, line, col);
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

void mr_lint_mark_facts(const medrule_pack *p, int n, uint64_t *set) {
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
      for (int i = 0; i < nd->nkids; i++) mr_lint_mark_facts(p, p->kids[nd->kids + i], set);
      return;
    case N_CONST_BOOL: case N_CONST_NUM: case N_CONST_CODE: case N_CONST_CODES: return;
    default:
      mr_lint_mark_facts(p, nd->a, set);
      mr_lint_mark_facts(p, nd->b, set);
  }
}


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
    mr_lint_mark_facts(p, p->facts[i].derive, used);
    if (p->facts[i].per >= 0) used[p->facts[i].per >> 6] |= 1ull << (p->facts[i].per & 63);
  }
  L->key = -1;
  for (int i = 0; i < p->nfacts; i++) {
    const mr_fact *f = &p->facts[i];
    /* A shared vocabulary's facts are for every pack that uses it: each pack reads some. */
    if (has_bit(used, i) || strcmp(f->name, "patient.id") == 0 || !strncmp(f->file, "vocabulary/", 11))
      continue;
    int line = f->line, col = 0;
    char *needle = mr_printf("\"%s\"", f->name);
    if (needle && mr_lint_find_in_file(p, f->file, f->line, needle, 1, &line, &col)) col++;
    mr_free(needle);
    if (f->derive >= 0)
      mr_lint_add_finding(L, SEV_WARNING, "unused-fact", f->file, line, col, NULL,
                          mr_strdup("read it in a rule's condition, or remove the derived fact"),
                          mr_printf("derived fact %s is read by no rule and no other derivation", f->name));
    else
      mr_lint_add_finding(L, SEV_WARNING, "unused-fact", f->file, line, col, NULL,
                          mr_strdup("read it in a rule's condition or a derivation, or remove the declaration"),
                          mr_printf("fact %s is declared but read by no rule and no derivation", f->name));
  }
  mr_free(used);
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
  if (!L.oom) mr_lint_check_citations(&L, sources_dir);
  for (int i = 0; !L.oom && i < p->nrules; i++) mr_lint_check_firing(&L, i);
  if (!L.oom) mr_lint_check_pairs(&L);
  int rc = MEDRULE_OK;
  if (!L.oom) {
    if (L.nf) qsort(L.f, (size_t)L.nf, sizeof *L.f, finding_cmp); /* L.f is NULL when there are none */
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
