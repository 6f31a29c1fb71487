/* bench.c — `make bench`: pack load time, evaluation alone, and NDJSON text
** to results end to end (contract JSON, and the screening format), on one
** core.  Prints numbers; asserts nothing.
**
**   bench PACK_DIR PATIENTS.ndjson */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "medrule.h"

/* Renders with the given format and flags (the options struct, filled in). */
static int render(medrule_result *r, int format, unsigned flags, const char **out, size_t *len) {
  medrule_render_options o = {sizeof o, format, flags, 0};
  return medrule_result_render(r, &o, out, len);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bench PACK_DIR PATIENTS.ndjson\n");
    return 2;
  }
  /* 1. pack load */
  enum { LOADS = 40 };
  double t_load[LOADS];
  medrule_pack *pack = NULL;
  for (int i = 0; i < LOADS; i++) {
    char *err = NULL;
    double t0 = now();
    int rc = medrule_pack_open(argv[1], NULL, &pack, &err);
    t_load[i] = now() - t0;
    if (rc != MEDRULE_OK) {
      fprintf(stderr, "bench: %s\n", err);
      return 1;
    }
    if (i + 1 < LOADS) medrule_pack_close(pack);
  }
  qsort(t_load, LOADS, sizeof(double), cmp_double);

  /* 2. the records, in memory */
  FILE *f = fopen(argv[2], "rb");
  if (!f) {
    perror(argv[2]);
    return 1;
  }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *text = malloc((size_t)size + 1);
  if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) return 1;
  fclose(f);
  text[size] = 0;
  int n = 0;
  for (long i = 0; i < size; i++) n += text[i] == '\n';
  char **line = malloc((size_t)n * sizeof *line);
  size_t *len = malloc((size_t)n * sizeof *len);
  int k = 0;
  for (char *p = text; k < n && *p;) {
    char *nl = strchr(p, '\n');
    line[k] = p;
    len[k] = (size_t)(nl - p);
    k++;
    p = nl + 1;
  }

  /* 3. facts loaded once, for evaluation alone */
  medrule_facts **facts = malloc((size_t)n * sizeof *facts);
  int bad = 0;
  for (int i = 0; i < n; i++) {
    facts[i] = medrule_facts_new(pack);
    if (medrule_facts_load_json(facts[i], line[i], len[i], "bench", (unsigned)i + 1, 0) != MEDRULE_OK) {
      if (!bad) fprintf(stderr, "bench: record %d: %s\n", i + 1, medrule_facts_errmsg(facts[i]));
      bad++;
    }
  }
  medrule_evaluator *ev = medrule_evaluator_new(pack, NULL);
  medrule_result *res = medrule_result_new();
  long fired = 0, unknown = 0;
  for (int i = 0; i < n; i++) {
    medrule_evaluate(ev, facts[i], res);
    fired += medrule_result_recommendation_count(res);
    unknown += medrule_result_unknown_count(res);
  }

  double best_eval = 1e9, best_hot = 1e9, best_read = 1e9, best_parse = 1e9, best_e2e = 1e9, best_screen = 1e9;
  size_t out_bytes = 0, screen_bytes = 0;
  for (int round = 0; round < 5; round++) {
    double t0 = now();
    for (int i = 0; i < n; i++) medrule_evaluate(ev, facts[i], res);
    double t = (now() - t0) / n;
    if (t < best_eval) best_eval = t;

    /* the same number of evaluations over the first 64 fact sets only: their
    ** values stay in the cache, as when each patient is evaluated right
    ** after it is read (end to end) */
    t0 = now();
    for (int i = 0; i < n; i++) medrule_evaluate(ev, facts[i % (n < 64 ? n : 64)], res);
    t = (now() - t0) / n;
    if (t < best_hot) best_hot = t;

    /* each patient once, right after it is read, as in the pipeline: read
    ** 64, then evaluate those 64 (timed); their facts are in the cache, and
    ** no patient comes round again for the processor to learn its branches */
    enum { BATCH = 64 };
    medrule_facts *batch[BATCH];
    for (int j = 0; j < BATCH; j++) batch[j] = medrule_facts_new(pack);
    t = 0;
    for (int i = 0; i < n; i += BATCH) {
      int m = n - i < BATCH ? n - i : BATCH;
      for (int j = 0; j < m; j++)
        medrule_facts_load_json(batch[j], line[i + j], len[i + j], "bench", (unsigned)(i + j) + 1, 0);
      t0 = now();
      for (int j = 0; j < m; j++) medrule_evaluate(ev, batch[j], res);
      t += now() - t0;
    }
    t /= n;
    if (t < best_read) best_read = t;
    for (int j = 0; j < BATCH; j++) medrule_facts_free(batch[j]);

    medrule_facts *one = medrule_facts_new(pack);
    t0 = now();
    for (int i = 0; i < n; i++) medrule_facts_load_json(one, line[i], len[i], "bench", (unsigned)i + 1, 0);
    t = (now() - t0) / n;
    if (t < best_parse) best_parse = t;

    out_bytes = 0;
    t0 = now();
    for (int i = 0; i < n; i++) {
      const char *out;
      size_t olen;
      if (medrule_facts_load_json(one, line[i], len[i], "bench", (unsigned)i + 1, 0) != MEDRULE_OK) continue;
      medrule_evaluate(ev, one, res);
      render(res, MEDRULE_FORMAT_JSON, 0, &out, &olen);
      out_bytes += olen;
    }
    t = (now() - t0) / n;
    if (t < best_e2e) best_e2e = t;

    screen_bytes = 0;
    t0 = now();
    for (int i = 0; i < n; i++) {
      const char *out;
      size_t olen;
      if (medrule_facts_load_json(one, line[i], len[i], "bench", (unsigned)i + 1, 0) != MEDRULE_OK) continue;
      medrule_evaluate(ev, one, res);
      render(res, MEDRULE_FORMAT_SCREEN, 0, &out, &olen);
      screen_bytes += olen;
    }
    t = (now() - t0) / n;
    if (t < best_screen) best_screen = t;
    medrule_facts_free(one);
  }

  printf("pack %s %s: %d rules, %d facts\n", medrule_pack_id(pack), medrule_pack_version(pack),
         medrule_pack_rule_count(pack), medrule_pack_fact_count(pack));
  printf("patients: %d records (%ld bytes, %d failed to load), %.1f recommendations and %.1f unknown rules each\n",
         n, size, bad, (double)fired / n, (double)unknown / n);
  printf("pack load:              median %.2f ms, best %.2f ms (%d loads)\n", t_load[LOADS / 2] * 1e3,
         t_load[0] * 1e3, LOADS);
  printf("evaluation alone:       %.3f us per patient (best of 5 rounds; each of %d patients once, just after it "
         "is read, 64 at a time)\n", best_read * 1e6, n);
  printf("  from memory:            %.3f us per patient (%d fact sets read beforehand, evaluated in turn)\n",
         best_eval * 1e6, n);
  printf("  64 again and again:     %.3f us per patient (the first 64 fact sets only: values and branches learned)\n",
         best_hot * 1e6);
  printf("fact file parse+check:  %.3f us per patient\n", best_parse * 1e6);
  printf("end to end, one core:   %.0f patients/s (%.3f us each: NDJSON text -> facts -> evaluation -> JSON, "
         "%.0f bytes of JSON each)\n",
         1 / best_e2e, best_e2e * 1e6, (double)out_bytes / n);
  printf("end to end, screen:     %.0f patients/s (%.3f us each: the same with --format screen, "
         "%.0f bytes each)\n",
         1 / best_screen, best_screen * 1e6, (double)screen_bytes / n);
  for (int i = 0; i < n; i++) medrule_facts_free(facts[i]);
  free(facts);
  medrule_result_free(res);
  medrule_evaluator_free(ev);
  medrule_pack_close(pack);
  free(line);
  free(len);
  free(text);
  return 0;
}
