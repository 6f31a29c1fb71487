/* summary.c — `medrule check --summary`: what a screening wants first, at
** the end of a batch.  Patients by disposition, by recommendation (the rules
** that fired) and by missing fact, plus records and error records.  The
** order is fixed: dispositions in contract order, rules and facts by count,
** most first, then by name, so the same batch prints the same bytes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int summary_init(summary *s, const medrule_pack *pack) {
  memset(s, 0, sizeof *s);
  s->pack = pack;
  s->rule = calloc((size_t)medrule_pack_rule_count(pack) + 1, sizeof *s->rule);
  s->fact = calloc((size_t)medrule_pack_fact_count(pack) + 1, sizeof *s->fact);
  return s->rule && s->fact ? 0 : -1;
}

void summary_free(summary *s) {
  free(s->rule);
  free(s->fact);
  s->rule = s->fact = NULL;
}

void summary_add(summary *s, int disposition, const int *fired, int nfired, const int *missing, int nmissing) {
  if (disposition >= 0 && disposition < 4) s->disposition[disposition]++;
  for (int i = 0; i < nfired; i++) s->rule[fired[i]]++;
  for (int i = 0; i < nmissing; i++) s->fact[missing[i]]++;
}

/* One counted name: a rule id or a fact name. */
typedef struct counted {
  const char *name;
  unsigned long count;
} counted;

static int by_count_then_name(const void *a, const void *b) {
  const counted *x = a, *y = b;
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return strcmp(x->name, y->name);
}

/* The names with a nonzero count, sorted (free it); *n their number. */
static counted *sorted(const summary *s, int facts, int *n) {
  int total = facts ? medrule_pack_fact_count(s->pack) : medrule_pack_rule_count(s->pack);
  counted *c = malloc(sizeof *c * (size_t)(total + 1));
  *n = 0;
  if (!c) return NULL;
  for (int i = 0; i < total; i++) {
    unsigned long k = facts ? s->fact[i] : s->rule[i];
    if (k) c[(*n)++] = (counted){facts ? medrule_pack_fact_name(s->pack, i) : medrule_pack_rule_id(s->pack, i), k};
  }
  qsort(c, (size_t)*n, sizeof *c, by_count_then_name);
  return c;
}

static void print_json(const summary *s, const counted *rules, int nrules, const counted *facts, int nfacts) {
  out_printf("{\"summary\":{\"records\":%lu,\"errors\":%lu,\"dispositions\":{", s->records, s->errors);
  for (int d = 0; d < 4; d++) out_printf("%s\"%s\":%lu", d ? "," : "", medrule_disposition_name(d), s->disposition[d]);
  out_puts("},\"recommendations\":[");
  for (int i = 0; i < nrules; i++) {
    out_puts(i ? ",{\"id\":" : "{\"id\":");
    out_json_str(rules[i].name);
    out_printf(",\"count\":%lu}", rules[i].count);
  }
  out_puts("],\"missing_facts\":[");
  for (int i = 0; i < nfacts; i++) {
    out_puts(i ? ",{\"fact\":" : "{\"fact\":");
    out_json_str(facts[i].name);
    out_printf(",\"count\":%lu}", facts[i].count);
  }
  out_puts("]}}\n");
}

static void print_table(const char *title, const char *head, const counted *c, int n) {
  out_printf("\n%s\n", title);
  if (n == 0) {
    out_puts("  (none)\n");
    return;
  }
  out_printf("  %8s  %s\n", "patients", head);
  for (int i = 0; i < n; i++) {
    out_printf("  %8lu  ", c[i].count);
    out_printable(c[i].name);
    out_putc('\n');
  }
}

static void print_text(const summary *s, const counted *rules, int nrules, const counted *facts, int nfacts) {
  out_printf("\nSummary: %lu record%s, %lu error record%s\n", s->records, s->records == 1 ? "" : "s", s->errors,
             s->errors == 1 ? "" : "s");
  out_printf("\nDisposition\n  %8s  %s\n", "patients", "disposition");
  for (int d = 0; d < 4; d++) out_printf("  %8lu  %s\n", s->disposition[d], medrule_disposition_name(d));
  print_table("Recommendations", "rule", rules, nrules);
  print_table("Missing facts", "fact", facts, nfacts);
}

void summary_print(const summary *s, int format) {
  int nrules, nfacts;
  counted *rules = sorted(s, 0, &nrules), *facts = sorted(s, 1, &nfacts);
  if (!rules || !facts) out_fail(ENOMEM);
  else if (format == MEDRULE_FORMAT_TEXT) print_text(s, rules, nrules, facts, nfacts);
  else print_json(s, rules, nrules, facts, nfacts);
  free(rules);
  free(facts);
}
