/* test_alloc.c — the allocator hook sees every block of the library and
** every block is given back; the hook cannot change under live memory; an
** evaluator's memory limit fails cleanly (MEDRULE_NOMEM, empty result) or,
** when generous, changes nothing; a pack's load under a small memory limit
** fails with MEDRULE_LIMIT; errno texts in messages are English under
** a German locale. */
#include <dirent.h>
#include <errno.h>
#include <locale.h>

#include "harness.h"

/* ------------------------------------------------------------ counting allocator */

typedef struct counts {
  long allocs, frees, reallocs;
  long long live_bytes;
} counts;

static counts C;

/* Each block carries its size in front, so that frees can be counted in bytes. */
#define HDR 16

static void *count_malloc(void *ud, size_t n) {
  counts *c = ud;
  char *p = malloc(n + HDR);
  if (!p) return NULL;
  memcpy(p, &n, sizeof n);
  c->allocs++;
  c->live_bytes += (long long)n;
  return p + HDR;
}

static void *count_realloc(void *ud, void *q, size_t n) {
  counts *c = ud;
  char *p = (char *)q - HDR;
  size_t old;
  memcpy(&old, p, sizeof old);
  char *np = realloc(p, n + HDR);
  if (!np) return NULL;
  memcpy(np, &n, sizeof n);
  c->reallocs++;
  c->live_bytes += (long long)n - (long long)old;
  return np + HDR;
}

static void count_free(void *ud, void *q) {
  counts *c = ud;
  char *p = (char *)q - HDR;
  size_t old;
  memcpy(&old, p, sizeof old);
  c->frees++;
  c->live_bytes -= (long long)old;
  free(p);
}

/* ------------------------------------------------------------ helpers */

/* Every example patient's text, NULL-terminated; with the C library's malloc. */
static char **read_patients(void) {
  DIR *d = opendir("examples/patients");
  assert_non_null(d);
  char **v = calloc(256, sizeof *v);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 255) {
    size_t len = strlen(e->d_name);
    if (len < 6 || strcmp(e->d_name + len - 5, ".json")) continue;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "examples/patients/%s", e->d_name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 20);
    size_t got = fread(buf, 1, (1 << 20) - 1, f);
    buf[got] = 0;
    fclose(f);
    v[n++] = buf;
  }
  closedir(d);
  assert_true(n >= 5);
  return v;
}

static void free_patients(char **v) {
  for (int i = 0; v[i]; i++) free(v[i]);
  free(v);
}

/* Loads, evaluates and renders every patient in every format against `dir`,
** appending the JSON renderings to out (when not NULL); an evaluator with
** `limit` (0: medrule_evaluator_new).  Returns how many evaluations ran. */
static int run_cycle(const char *dir, size_t limit, char **patients, char *out, size_t outlen) {
  medrule_pack *p = NULL;
  char *err = NULL;
  assert_int_equal(medrule_pack_open(dir, NULL, &p, &err), MEDRULE_OK);
  char *doc = NULL;
  assert_int_equal(medrule_pack_describe_json(p, &doc), MEDRULE_OK);
  medrule_free(doc);
  medrule_evaluator *ev;
  if (limit) {
    medrule_evaluator_options o = {sizeof o, limit};
    ev = medrule_evaluator_new_opts(p, &o, &err);
  } else {
    ev = medrule_evaluator_new(p, &err);
  }
  assert_non_null(ev);
  medrule_facts *f = medrule_facts_new(p);
  medrule_result *r = medrule_result_new();
  assert_non_null(f);
  assert_non_null(r);
  int runs = 0;
  if (out) out[0] = 0;
  for (int i = 0; patients[i]; i++) {
    medrule_facts_clear(f);
    /* the demo pack declares fewer facts than the example patients give */
    if (medrule_facts_load_json(f, patients[i], strlen(patients[i]), "patient", 1, MEDRULE_ALLOW_EXTRA) != MEDRULE_OK)
      continue;
    int rc = medrule_evaluate(ev, f, r);
    assert_true(rc == MEDRULE_OK || rc == MEDRULE_RUNTIME);
    runs++;
    for (int fmt = 0; fmt < 3; fmt++) {
      medrule_render_options o = {sizeof o, fmt, 0, 0};
      const char *text;
      size_t n;
      assert_int_equal(medrule_result_render(r, &o, &text, &n), MEDRULE_OK);
      if (out) {
        assert_true(strlen(out) + n < outlen);
        strcat(out, text);
      }
    }
    char *ex = NULL;
    assert_int_not_equal(medrule_explain_rule(ev, f, 0, MEDRULE_EXPLAIN_DECISIVE, &ex), MEDRULE_MISUSE);
    medrule_free(ex);
  }
  medrule_result_free(r);
  medrule_facts_free(f);
  medrule_evaluator_free(ev);
  medrule_pack_close(p);
  return runs;
}

/* ------------------------------------------------------------ tests */

static void test_every_block_returned(void **state) {
  (void)state;
  char **patients = read_patients();
  const char *packs[] = {"rules/asra-ketamine-2018", "rules/demo"}; /* demo has a Lua-function condition */
  for (int k = 0; k < 2; k++) {
    long before = C.allocs;
    assert_true(run_cycle(packs[k], 0, patients, NULL, 0) > 0);
    medrule_thread_cleanup(); /* this thread's JSON reader */
    assert_true(C.allocs - before > 100); /* the hook did see the library's allocations */
    assert_int_equal(C.allocs, C.frees);
    assert_int_equal(C.live_bytes, 0);
  }
  /* a failed pack open (no such directory) returns everything too */
  medrule_pack *p = NULL;
  char *err = NULL;
  assert_int_not_equal(medrule_pack_open("/nonexistent/medrule-pack", NULL, &p, &err), MEDRULE_OK);
  medrule_free(err);
  assert_int_equal(C.allocs, C.frees);
  assert_int_equal(C.live_bytes, 0);
  free_patients(patients);
}

static void test_hook_refused_while_memory_lives(void **state) {
  (void)state;
  counts other = {0};
  medrule_allocator a = {sizeof a, count_malloc, count_realloc, count_free, &other};
  medrule_result *r = medrule_result_new();
  assert_non_null(r);
  assert_int_equal(medrule_config_allocator(&a), MEDRULE_MISUSE);
  assert_int_equal(medrule_config_allocator(NULL), MEDRULE_MISUSE);
  medrule_result_free(r);
  /* a string handed over counts as live until medrule_free */
  medrule_pack *p = NULL;
  char *err = NULL;
  assert_int_not_equal(medrule_pack_open("/nonexistent/medrule-pack", NULL, &p, &err), MEDRULE_OK);
  assert_non_null(err);
  assert_int_equal(medrule_config_allocator(&a), MEDRULE_MISUSE);
  medrule_free(err);
  /* invalid allocators */
  medrule_allocator bad = a;
  bad.size = 4;
  assert_int_equal(medrule_config_allocator(&bad), MEDRULE_MISUSE);
  bad = a;
  bad.free = NULL;
  assert_int_equal(medrule_config_allocator(&bad), MEDRULE_MISUSE);
  assert_int_equal(other.allocs, 0);
  assert_int_equal(C.allocs, C.frees);
}

static void test_tiny_limit_fails_cleanly(void **state) {
  (void)state;
  char **patients = read_patients();
  medrule_pack *p = NULL;
  char *err = NULL;
  /* creation: a Lua state does not fit in 1 KiB */
  assert_int_equal(medrule_pack_open("rules/demo", NULL, &p, &err), MEDRULE_OK);
  medrule_evaluator_options o = {sizeof o, 1024};
  assert_null(medrule_evaluator_new_opts(p, &o, &err));
  assert_non_null(err);
  assert_contains(err, "memory limit of 1024 bytes");
  medrule_free(err);
  err = NULL;
  medrule_evaluator_options small = {sizeof(size_t), 0}; /* too small to hold memory_limit */
  assert_null(medrule_evaluator_new_opts(p, &small, &err));
  assert_contains(err, "too small");
  medrule_free(err);
  medrule_pack_close(p);

  /* evaluation: the smallest limit an evaluator fits in leaves no room to
  ** fill a new result: NOMEM, and the result is empty, never half-written */
  assert_int_equal(medrule_pack_open("rules/asra-ketamine-2018", NULL, &p, &err), MEDRULE_OK);
  medrule_evaluator *ev = NULL;
  size_t limit;
  for (limit = 64; !ev && limit < (1u << 20); limit += 64) {
    o.memory_limit = limit;
    ev = medrule_evaluator_new_opts(p, &o, NULL);
  }
  assert_non_null(ev);
  medrule_facts *f = medrule_facts_new(p);
  medrule_result *r = medrule_result_new();
  int nomem = 0;
  for (int i = 0; patients[i]; i++) {
    if (medrule_facts_load_json(f, patients[i], strlen(patients[i]), "patient", 1, 0) != MEDRULE_OK) continue;
    int rc = medrule_evaluate(ev, f, r);
    if (rc != MEDRULE_NOMEM) continue;
    nomem++;
    assert_null(medrule_result_disposition(r));
    assert_int_equal(medrule_result_disposition_code(r), -1);
    medrule_render_options ro = {sizeof ro, 0, 0, 0};
    const char *text;
    size_t n;
    assert_int_equal(medrule_result_render(r, &ro, &text, &n), MEDRULE_MISUSE);
  }
  assert_true(nomem > 0);
  medrule_result_free(r);
  medrule_facts_free(f);
  medrule_evaluator_free(ev);
  medrule_pack_close(p);
  medrule_thread_cleanup();
  assert_int_equal(C.allocs, C.frees);
  free_patients(patients);
}

static void test_generous_limit_same_bytes(void **state) {
  (void)state;
  char **patients = read_patients();
  static char plain[1 << 21], limited[1 << 21];
  const char *packs[] = {"rules/asra-ketamine-2018", "rules/demo"};
  for (int k = 0; k < 2; k++) {
    int a = run_cycle(packs[k], 0, patients, plain, sizeof plain);
    int b = run_cycle(packs[k], (size_t)256 << 20, patients, limited, sizeof limited);
    assert_int_equal(a, b);
    assert_true(strlen(plain) > 1000);
    if (strcmp(plain, limited)) {
      size_t at = 0;
      while (plain[at] == limited[at]) at++;
      print_error("%s: first difference at byte %zu:\n%.300s\n---\n%.300s\n", packs[k], at,
                  plain + (at > 100 ? at - 100 : 0), limited + (at > 100 ? at - 100 : 0));
      fail();
    }
  }
  medrule_thread_cleanup();
  assert_int_equal(C.allocs, C.frees);
  free_patients(patients);
}

/* A pack loaded under every limit from 64 KiB up to where it fits: each
** load either succeeds or says the memory limit was reached (never "out of
** memory", which would mean the host's allocator failed), and gives every
** block back, the loader's pool chunks included. */
static void test_pack_load_limits(void **state) {
  (void)state;
  int loaded = 0;
  for (size_t limit = 64u << 10; limit <= (1u << 20) && loaded < 3; limit += 24u << 10) {
    medrule_pack_options o = {limit, 0, 0};
    medrule_pack *p = NULL;
    char *err = NULL;
    int rc = medrule_pack_open("rules/asra-ketamine-2018", &o, &p, &err);
    if (rc == MEDRULE_OK) {
      loaded++;
      medrule_pack_close(p);
    } else {
      char want[64];
      snprintf(want, sizeof want, "memory limit of %zu bytes exceeded", limit);
      if (rc != MEDRULE_LIMIT || !err || !strstr(err, want)) {
        print_error("limit %zu: status %d, %s\n", limit, rc, err ? err : "(no message)");
        fail();
      }
      medrule_free(err);
    }
    assert_int_equal(C.allocs, C.frees);
    assert_int_equal(C.live_bytes, 0);
  }
  assert_int_equal(loaded, 3);
}

/* A pack file that cannot be opened is reported with the errno's text in
** English, whatever LC_MESSAGES says (strerror would follow the locale). */
static void test_errno_text_english_under_german_locale(void **state) {
  (void)state;
  char dir[PATH_MAX], cmd[PATH_MAX + 200];
  snprintf(dir, sizeof dir, "%s/medrule-locale-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  assert_non_null(mkdtemp(dir));
  snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", dir);
  if (system(cmd) != 0) print_error("localedef failed (install the Debian package 'locales')\n");
  setenv("LOCPATH", dir, 1);
  assert_non_null(setlocale(LC_ALL, "de_DE.UTF-8"));
  /* for the record: what the C library says under this locale */
  print_message("# strerror(ENOENT) under de_DE: %s\n", strerror(ENOENT));

  medrule_pack *p2 = NULL;
  char *err2 = NULL;
  int rc2 = medrule_pack_open("/nonexistent/medrule-pack", NULL, &p2, &err2);
  setlocale(LC_ALL, "C");
  unsetenv("LOCPATH");
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  assert_int_equal(system(cmd), 0);

  assert_int_not_equal(rc2, MEDRULE_OK);
  assert_non_null(err2);
  assert_contains(err2, "No such file or directory");
  medrule_free(err2);
}

int main(void) {
  tap_output();
  /* before anything else of the library */
  medrule_allocator a = {sizeof a, count_malloc, count_realloc, count_free, &C};
  if (medrule_config_allocator(&a) != MEDRULE_OK) {
    printf("not ok 1 - medrule_config_allocator before any other call\n");
    return 1;
  }
  const struct CMUnitTest tests[] = {
    harness_test(test_every_block_returned),
    harness_test(test_hook_refused_while_memory_lives),
    harness_test(test_tiny_limit_fails_cleanly),
    harness_test(test_generous_limit_same_bytes),
    harness_test(test_pack_load_limits),
    harness_test(test_errno_text_english_under_german_locale),
  };
  int rc = cmocka_run_group_tests_name("alloc", tests, NULL, NULL);
  medrule_thread_cleanup();
  if (C.allocs != C.frees) return 1;
  assert_int_equal(medrule_config_allocator(NULL), MEDRULE_OK);
  return rc;
}
