/* test_threads.c — one pack shared read-only by many evaluators: 8 threads,
** each with its own facts, evaluator and result, evaluate every golden
** patient of the ketamine pack and of the demo pack (which has a
** Lua-function condition) many times over, in different orders, and every
** result must be byte for byte the single-threaded one; and threads load
** packs at the same time.  `make tsan` runs this under ThreadSanitizer. */
#include <cjson/cJSON.h>
#include <pthread.h>

#include "harness.h"

#define THREADS 8
#define ROUNDS 6

typedef struct corpus {
  medrule_pack *pack;
  char **records, **want; /* fact files, and their single-threaded JSON results */
  int n;
} corpus;

typedef struct worker {
  const corpus *c;
  int id, mismatches, failures;
} worker;

/* The facts of every case in the .json files of PACK/tests, as JSON text. */
static void load_corpus(corpus *c, const char *pack_dir) {
  memset(c, 0, sizeof *c);
  char *err = NULL;
  assert_int_equal(medrule_pack_open(pack_dir, NULL, &c->pack, &err), MEDRULE_OK);
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/tests", pack_dir);
  DIR *d = opendir(dir);
  assert_non_null(d);
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l < 6 || strcmp(e->d_name + l - 5, ".json")) continue;
    char path[PATH_MAX + 300];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 22];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    cJSON *doc = cJSON_Parse(buf), *cs;
    assert_non_null(doc);
    cJSON_ArrayForEach(cs, doc) {
      cJSON *facts = cJSON_GetObjectItemCaseSensitive(cs, "facts");
      if (!facts) continue;
      c->records = realloc(c->records, (size_t)(c->n + 1) * sizeof *c->records);
      assert_non_null(c->records);
      c->records[c->n++] = cJSON_PrintUnformatted(facts);
    }
    cJSON_Delete(doc);
  }
  closedir(d);
  assert_true(c->n > 5);
}

/* Evaluates record i with the given objects into its JSON result (or the
** load error), owned by the caller. */
static char *answer(const corpus *c, medrule_facts *f, medrule_evaluator *ev, medrule_result *r, int i) {
  if (medrule_facts_load_json(f, c->records[i], strlen(c->records[i]), "golden", 1, 0) != MEDRULE_OK)
    return strdup(medrule_facts_errmsg(f));
  int rc = medrule_evaluate(ev, f, r);
  if (rc != MEDRULE_OK && rc != MEDRULE_RUNTIME) return strdup("evaluation failed");
  const char *out;
  size_t len;
  if (medrule_result_render(r, NULL, &out, &len) != MEDRULE_OK) return strdup("render failed");
  return strdup(out);
}

static void *work(void *arg) {
  worker *w = arg;
  const corpus *c = w->c;
  medrule_facts *f = medrule_facts_new(c->pack);
  medrule_evaluator *ev = medrule_evaluator_new(c->pack, NULL);
  medrule_result *r = medrule_result_new();
  if (!f || !ev || !r) {
    w->failures++;
  } else {
    for (int round = 0; round < ROUNDS; round++)
      for (int k = 0; k < c->n; k++) {
        int i = (k * (2 * w->id + 1) + round) % c->n; /* each thread its own order */
        char *got = answer(c, f, ev, r, i);
        if (!got) w->failures++;
        else if (strcmp(got, c->want[i])) w->mismatches++;
        free(got);
      }
  }
  medrule_result_free(r);
  medrule_evaluator_free(ev);
  medrule_facts_free(f);
  return NULL;
}

static void run_pack(const char *pack_dir) {
  corpus c;
  load_corpus(&c, pack_dir);
  medrule_facts *f = medrule_facts_new(c.pack);
  medrule_evaluator *ev = medrule_evaluator_new(c.pack, NULL);
  medrule_result *r = medrule_result_new();
  c.want = calloc((size_t)c.n, sizeof *c.want);
  assert_non_null(c.want);
  for (int i = 0; i < c.n; i++) c.want[i] = answer(&c, f, ev, r, i);
  medrule_result_free(r);
  medrule_evaluator_free(ev);
  medrule_facts_free(f);

  pthread_t t[THREADS];
  worker w[THREADS];
  for (int i = 0; i < THREADS; i++) {
    w[i] = (worker){&c, i, 0, 0};
    assert_int_equal(pthread_create(&t[i], NULL, work, &w[i]), 0);
  }
  int mismatches = 0, failures = 0;
  for (int i = 0; i < THREADS; i++) {
    pthread_join(t[i], NULL);
    mismatches += w[i].mismatches;
    failures += w[i].failures;
  }
  if (mismatches || failures)
    print_error("%s: %d results differ from the single-threaded ones, %d failures\n", pack_dir, mismatches, failures);
  assert_int_equal(mismatches, 0);
  assert_int_equal(failures, 0);
  for (int i = 0; i < c.n; i++) free(c.records[i]), free(c.want[i]);
  free(c.records);
  free(c.want);
  medrule_pack_close(c.pack);
}

static void test_ketamine_pack_8_threads(void **state) {
  (void)state;
  run_pack("rules/asra-ketamine-2018");
}

static void test_demo_pack_with_lua_condition_8_threads(void **state) {
  (void)state;
  run_pack(demo_pack_dir());
}

/* Loading keeps no state between threads: 4 threads each open and close
** the two packs, alternately, and every load sorts the facts of its own
** pack (a race shows under ThreadSanitizer, or as a wrong order here). */
static void *load_packs(void *arg) {
  int *fails = arg;
  for (int i = 0; i < 6; i++) {
    medrule_pack *p = NULL;
    char *err = NULL;
    const char *dir = (i & 1) ? demo_pack_dir() : "rules/asra-ketamine-2018";
    if (medrule_pack_open(dir, NULL, &p, &err) != MEDRULE_OK) {
      (*fails)++;
      medrule_free(err);
      continue;
    }
    /* a fact set missing every fact lists them sorted by name */
    medrule_facts *f = medrule_facts_new(p);
    medrule_evaluator *ev = medrule_evaluator_new(p, NULL);
    medrule_result *r = medrule_result_new();
    if (!f || !ev || !r || medrule_evaluate(ev, f, r) != MEDRULE_OK) (*fails)++;
    for (int k = 1; r && k < medrule_result_missing_count(r); k++)
      if (strcmp(medrule_result_missing_fact(r, k - 1), medrule_result_missing_fact(r, k)) >= 0) (*fails)++;
    medrule_result_free(r);
    medrule_evaluator_free(ev);
    medrule_facts_free(f);
    medrule_pack_close(p);
  }
  return NULL;
}

static void test_packs_loaded_at_once(void **state) {
  (void)state;
  pthread_t t[4];
  int fails[4] = {0};
  for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, load_packs, &fails[i]), 0);
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    assert_int_equal(fails[i], 0);
  }
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_ketamine_pack_8_threads),
    harness_test(test_demo_pack_with_lua_condition_8_threads),
    harness_test(test_packs_loaded_at_once),
  };
  return cmocka_run_group_tests_name("threads", tests, NULL, NULL);
}
