/* lint_quotes.c — lint checks of quotes, sections and citations: empty or
** over-long quotes, a missing citation, and (with a sources directory) quotes
** that are not verbatim in the pack's source text. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "render.h"

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
    mr_lint_rule_loc(L->p, r, &line, &col);
    mr_lint_find_in_file(L->p, r->file, r->line, quote, 0, &line, &col);
    char *hint = quote_hint(text, q);
    strbuf m;
    sb_init(&m);
    sb_printf(&m, "%s \"", what);
    put_excerpt(&m, q, 60, 0);
    sb_printf(&m, "\" not found in %s", src_name);
    mr_lint_add_finding(L, SEV_ERROR, "quote-not-found", r->file, line, col, r->id, hint, sb_steal(&m));
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

void mr_lint_check_citations(lint *L, const char *sources_dir) {
  const medrule_pack *p = L->p;
  L->key = -2;
  if (blank(p->citation))
    mr_lint_add_finding(L, SEV_WARNING, "missing-citation", "pack.lua", 0, 0, NULL,
                        mr_strdup("add source = { document = ..., citation = \"the full reference\" } to pack { }"),
                        mr_strdup("the pack has no full citation of its source"));
  char *text = NULL, *src_name = NULL;
  if (sources_dir) {
    if (!p->source_file) {
      mr_lint_add_finding(L, SEV_WARNING, "source-missing", "pack.lua", 0, 0, NULL,
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
        mr_lint_add_finding(L, SEV_ERROR, "source-missing", "pack.lua", 0, 0, NULL,
                            mr_printf("put the source text in %s, or point --sources at the directory that holds it",
                                      sources_dir),
                            mr_printf("source text file %s/%s cannot be read%s%s%s; quotes were not checked",
                                      sources_dir, p->source_file, absent ? "" : " (", absent ? "" : reason,
                                      absent ? "" : ")"));
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
    mr_lint_rule_loc(p, r, &line, &col);
    L->key = i;
    if (blank(r->document))
      mr_lint_add_finding(L, SEV_ERROR, "missing-citation", r->file, line, col, r->id,
                          mr_strdup("give the pack a source document, or the rule source = { document = ... }"),
                          mr_strdup("the rule cites no document"));
    if (blank(r->section))
      mr_lint_add_finding(L, SEV_ERROR, "missing-section", r->file, line, col, r->id,
                          mr_strdup("name the section, question or table the rule comes from"),
                          mr_strdup("the rule's source names no section"));
    if (blank(r->quote)) {
      mr_lint_add_finding(L, SEV_ERROR, "missing-quote", r->file, line, col, r->id,
                          mr_strdup("quote the sentence of the source the rule rests on, verbatim"),
                          mr_strdup("the rule's source has no quote"));
    } else {
      int nw = count_words(r->quote);
      if (nw > LINT_LONG_QUOTE_WORDS) {
        int ql = line, qc = col;
        mr_lint_find_in_file(p, r->file, r->line, r->quote, 0, &ql, &qc);
        mr_lint_add_finding(L, SEV_WARNING, "long-quote", r->file, ql, qc, r->id,
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
          mr_lint_add_finding(L, SEV_ERROR, "missing-quote", r->file, line, col, r->id,
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

