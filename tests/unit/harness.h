/* harness.h — shared helpers for the cmocka unit tests of medrule.
**
** Every test program includes this file once.  It provides:
**   tap_output()          TAP output for prove (call first in main)
**   pack_write()          a temporary pack directory holding pack.lua
**   pack_add_file()       another file in that directory
**   pack_remove()         removes the directory and everything in it
**   pack_open_text()      writes, opens and removes a pack in one call
**   demo_pack_dir()       the repository's rules/demo
**   text_pos()            line and column of a string in a pack text
**   fx_*                  a pack + facts + evaluator + result fixture
**   assert_double_exact() exact double comparison that prints both values
**   assert_contains()     substring assertion that prints the haystack
** All helpers are static inline so that a test file need not use every one. */
#ifndef MEDRULE_TEST_HARNESS_H
#define MEDRULE_TEST_HARNESS_H

#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "medrule.h"

/* ------------------------------------------------------------ output */

static inline void tap_output(void) { cmocka_set_message_output(CM_OUTPUT_TAP); }

/* ------------------------------------------------------------ assertions */

#define assert_double_exact(actual, expected)                                                       \
  do {                                                                                              \
    double a_ = (actual), e_ = (expected);                                                          \
    if (!(a_ == e_)) {                                                                              \
      print_error("%s = %.17g, expected exactly %.17g\n", #actual, a_, e_);                         \
      fail();                                                                                       \
    }                                                                                               \
  } while (0)

#define assert_contains(haystack, needle)                                                           \
  do {                                                                                              \
    const char *h_ = (haystack), *n_ = (needle);                                                    \
    if (!h_ || !strstr(h_, n_)) {                                                                   \
      print_error("'%s' does not contain '%s'\n", h_ ? h_ : "(null)", n_);                          \
      fail();                                                                                       \
    }                                                                                               \
  } while (0)

#define assert_not_contains(haystack, needle)                                                       \
  do {                                                                                              \
    const char *h_ = (haystack), *n_ = (needle);                                                    \
    if (h_ && strstr(h_, n_)) {                                                                     \
      print_error("'%s' should not contain '%s'\n", h_, n_);                                        \
      fail();                                                                                       \
    }                                                                                               \
  } while (0)

/* ------------------------------------------------------------ pack text */

/* A pack declaration used by the purpose-built packs: 5 lines, so that the
** first declaration after it is on line 6. */
#define PACK_HEAD                                                                                   \
  "pack { id = \"t\", version = \"1.0.0\", title = \"test pack\",\n"                                 \
  "  source = { document = \"test document\", citation = \"none\" },\n"                              \
  "  evidence = { scale = \"test scale\", grades = { \"A\", \"B\", \"C\" },\n"                       \
  "               certainties = { \"high\", \"low\" } },\n"                                          \
  "}\n"

/* A rule on one line: id, category, action and the `when` field as Lua
** source (e.g. "[[ x.a and x.b ]]"). */
#define RULE_CA(id, category, action, when)                                                         \
  "rule { id = \"" id "\", category = \"" category "\", action = \"" action "\", grade = \"A\", "   \
  "certainty = \"high\", text = \"text of " id "\", source = { section = \"S\", quote = \"Q\" }, "   \
  "when = " when " }\n"
#define RULE(id, when) RULE_CA(id, "indication", "info", when)
/* The same with an `applies` condition. */
#define RULE_APPLIES(id, applies, when)                                                             \
  "rule { id = \"" id "\", category = \"indication\", action = \"info\", grade = \"A\", "           \
  "certainty = \"high\", text = \"text of " id "\", source = { section = \"S\", quote = \"Q\" }, "   \
  "applies = " applies ", when = " when " }\n"

/* ------------------------------------------------------------ cleanup */

/* A failed assertion leaves the test function at once, so anything it holds
** is kept here too and released by harness_teardown (the teardown of every
** test), keeping sanitizer reports about the engine, not about the tests. */
typedef struct harness_res {
  void (*fn)(void *);
  void *p;
} harness_res;
static harness_res harness_res_list[64];
static int harness_nres;

/* Keeps p, to be released with fn(p); returns p. */
static inline void *harness_keep(void (*fn)(void *), void *p) {
  if (p && harness_nres < (int)(sizeof harness_res_list / sizeof harness_res_list[0]))
    harness_res_list[harness_nres++] = (harness_res){fn, p};
  return p;
}

/* Releases p now with the function it was kept with.  Returns 0 when p
** was not kept (and then does nothing). */
static inline int harness_release(void *p) {
  for (int i = harness_nres - 1; i >= 0; i--)
    if (harness_res_list[i].p == p) {
      harness_res r = harness_res_list[i];
      memmove(&harness_res_list[i], &harness_res_list[i + 1], (size_t)(harness_nres - i - 1) * sizeof r);
      harness_nres--;
      r.fn(r.p);
      return 1;
    }
  return 0;
}

static inline void harness_free_fn(void *p) { free(p); }

/* A malloc'd pointer (or one from the medrule API) kept until freed. */
static inline void *harness_own(void *p) { return harness_keep(harness_free_fn, p); }

/* Frees p, kept or not. */
static inline void harness_free(void *p) {
  if (!harness_release(p)) free(p);
}

static inline int harness_teardown(void **state) {
  (void)state;
  while (harness_nres > 0) {
    harness_res r = harness_res_list[--harness_nres];
    r.fn(r.p);
  }
  return 0;
}

/* Release functions for medrule objects. */
static inline void harness_pack_close(void *p) { medrule_pack_close(p); }
static inline void harness_facts_free(void *p) { medrule_facts_free(p); }
static inline void harness_evaluator_free(void *p) { medrule_evaluator_free(p); }
static inline void harness_result_free(void *p) { medrule_result_free(p); }

/* A test with the harness teardown. */
#define harness_test(f) cmocka_unit_test_teardown(f, harness_teardown)

/* ------------------------------------------------------------ temp packs */

static inline void pack_add_file(const char *dir, const char *name, const char *text) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  size_t n = strlen(text);
  assert_int_equal(fwrite(text, 1, n, f), n);
  assert_int_equal(fclose(f), 0);
}

/* Removes a directory (and its files) and frees the path. */
static inline void pack_remove_now(void *p) {
  char *dir = p;
  if (!dir) return;
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
      char path[PATH_MAX];
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      unlink(path);
    }
    closedir(d);
  }
  rmdir(dir);
  free(dir);
}

/* Removes a directory made by pack_write. */
static inline void pack_remove(char *dir) {
  if (!harness_release(dir)) pack_remove_now(dir);
}

/* A new temporary directory (malloc'd path) holding pack.lua = text, or no
** pack.lua when text is NULL. */
static inline char *pack_write(const char *text) {
  const char *tmp = getenv("TMPDIR");
  char templ[PATH_MAX];
  snprintf(templ, sizeof templ, "%s/medrule-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  char *dir = mkdtemp(templ);
  assert_non_null(dir);
  dir = harness_keep(pack_remove_now, strdup(dir));
  assert_non_null(dir);
  if (text) pack_add_file(dir, "pack.lua", text);
  return dir;
}

/* Writes `text` as the pack.lua of a fresh directory, opens it, removes the
** directory.  Returns the status of medrule_pack_open; *errmsg (may be NULL)
** receives the message, with the directory as written in *dir_out when
** dir_out is not NULL.  Both are kept: free them with harness_free(). */
static inline int pack_open_text(const char *text, const medrule_pack_options *opts, medrule_pack **out,
                                 char **errmsg, char **dir_out) {
  char *dir = pack_write(text);
  int rc = medrule_pack_open(dir, opts, out, errmsg);
  if (errmsg) harness_own(*errmsg);
  if (dir_out) *dir_out = harness_own(strdup(dir));
  pack_remove(dir);
  return rc;
}

/* rules/demo of the repository: found from the current directory (make runs
** the tests from the top directory) or from the test program's location
** (BUILD/tests/test_x). */
static inline const char *demo_pack_dir(void) {
  static char dir[PATH_MAX];
  if (access("rules/demo/pack.lua", R_OK) == 0) return "rules/demo";
  char exe[PATH_MAX - 64];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) *slash = 0;
    snprintf(dir, sizeof dir, "%s/../../rules/demo", exe);
    char probe[PATH_MAX + 16];
    snprintf(probe, sizeof probe, "%s/pack.lua", dir);
    if (access(probe, R_OK) == 0) return dir;
  }
  return "rules/demo";
}

/* The 1-based line and column (in bytes) of the first `needle` in `text`. */
static inline void text_pos(const char *text, const char *needle, int *line, int *col) {
  const char *at = strstr(text, needle);
  assert_non_null(at);
  int l = 1;
  const char *bol = text;
  for (const char *s = text; s < at; s++)
    if (*s == '\n') l++, bol = s + 1;
  *line = l;
  *col = (int)(at - bol) + 1;
}

/* ------------------------------------------------------------ fixture */

typedef struct fx {
  medrule_pack *pack;
  medrule_facts *facts;
  medrule_evaluator *ev;
  medrule_result *res;
  int eval_rc;
} fx;

/* Frees a heap copy of a fixture made by fx_from_pack. */
static inline void fx_release(void *p) {
  fx *x = p;
  medrule_result_free(x->res);
  medrule_evaluator_free(x->ev);
  medrule_facts_free(x->facts);
  medrule_pack_close(x->pack);
  free(x);
}

/* The heap copy of fixture x, kept for the teardown. */
static inline fx *fx_kept(const fx *x) {
  for (int i = 0; i < harness_nres; i++)
    if (harness_res_list[i].fn == fx_release && ((fx *)harness_res_list[i].p)->pack == x->pack)
      return harness_res_list[i].p;
  return NULL;
}

static inline void fx_from_pack(fx *x, medrule_pack *p) {
  memset(x, 0, sizeof *x);
  x->pack = p;
  fx *kept = harness_keep(fx_release, calloc(1, sizeof *kept));
  assert_non_null(kept);
  kept->pack = p;
  x->facts = medrule_facts_new(p);
  assert_non_null(x->facts);
  char *err = NULL;
  kept->facts = x->facts;
  x->ev = medrule_evaluator_new(p, &err);
  kept->ev = x->ev;
  if (!x->ev) print_error("evaluator: %s\n", err ? err : "?");
  medrule_free(err);
  assert_non_null(x->ev);
  x->res = medrule_result_new();
  *kept = *x;
  assert_non_null(x->res);
}

/* Opens a pack from pack.lua text (the open must succeed). */
static inline void fx_open_text(fx *x, const char *text, const medrule_pack_options *opts) {
  medrule_pack *p = NULL;
  char *err = NULL;
  int rc = pack_open_text(text, opts, &p, &err, NULL);
  if (rc != MEDRULE_OK) print_error("pack failed to open: %s\n", err ? err : "?");
  harness_free(err);
  assert_int_equal(rc, MEDRULE_OK);
  fx_from_pack(x, p);
}

static inline void fx_open_demo(fx *x) {
  medrule_pack *p = NULL;
  char *err = NULL;
  int rc = medrule_pack_open(demo_pack_dir(), NULL, &p, &err);
  if (rc != MEDRULE_OK) print_error("demo pack failed to open: %s\n", err ? err : "?");
  medrule_free(err);
  assert_int_equal(rc, MEDRULE_OK);
  fx_from_pack(x, p);
}

static inline void fx_close(fx *x) {
  fx *kept = fx_kept(x);
  if (kept) {
    harness_release(kept);
  } else { /* not kept (the list was full) */
    medrule_result_free(x->res);
    medrule_evaluator_free(x->ev);
    medrule_facts_free(x->facts);
    medrule_pack_close(x->pack);
  }
  memset(x, 0, sizeof *x);
}

/* Loads `json` (which must load) and evaluates; returns the status of
** medrule_evaluate (also kept in x->eval_rc). */
static inline int fx_eval(fx *x, const char *json) {
  int rc = medrule_facts_load_json(x->facts, json, strlen(json), "test.json", 1, 0);
  if (rc != MEDRULE_OK) print_error("facts failed to load: %s\n", medrule_facts_errmsg(x->facts));
  assert_int_equal(rc, MEDRULE_OK);
  x->eval_rc = medrule_evaluate(x->ev, x->facts, x->res);
  return x->eval_rc;
}

/* The state of rule `id` in the last evaluation. */
static inline int fx_state(const fx *x, const char *id) {
  int i = medrule_pack_rule_index(x->pack, id);
  if (i < 0) print_error("no rule %s\n", id);
  assert_true(i >= 0);
  return medrule_result_rule_state(x->res, i);
}

static inline const char *state_name(int s) {
  switch (s) {
    case MEDRULE_NOT_FIRED: return "NOT_FIRED";
    case MEDRULE_FIRED: return "FIRED";
    case MEDRULE_UNKNOWN: return "UNKNOWN";
    case MEDRULE_NOT_APPLICABLE: return "NOT_APPLICABLE";
    default: return "(invalid)";
  }
}

#define assert_state(x, id, want)                                                                   \
  do {                                                                                              \
    int s_ = fx_state((x), (id));                                                                   \
    if (s_ != (want)) {                                                                             \
      print_error("rule %s is %s, expected %s\n", (id), state_name(s_), state_name(want));          \
      fail();                                                                                       \
    }                                                                                               \
  } while (0)

/* The result rendered as JSON (owned by the result). */
static inline const char *fx_json(fx *x) {
  const char *out = NULL;
  size_t len = 0;
  assert_int_equal(medrule_result_render(x->res, NULL, &out, &len), MEDRULE_OK);
  assert_non_null(out);
  assert_int_equal(strlen(out), len);
  return out;
}

/* 1 when `name` is in the result's missing_facts. */
static inline int fx_missing_has(const fx *x, const char *name) {
  for (int i = 0; i < medrule_result_missing_count(x->res); i++)
    if (!strcmp(medrule_result_missing_fact(x->res, i), name)) return 1;
  return 0;
}

/* The missing facts of unknown rule `id`, joined by ",", into buf; "-"
** when the rule is not among the unknown rules. */
static inline const char *fx_unknown_missing(const fx *x, const char *id, char *buf, size_t len) {
  int rule = medrule_pack_rule_index(x->pack, id);
  snprintf(buf, len, "-");
  for (int i = 0; i < medrule_result_unknown_count(x->res); i++) {
    if (medrule_result_unknown_rule(x->res, i) != rule) continue;
    size_t at = 0;
    buf[0] = 0;
    for (int k = 0; k < medrule_result_unknown_missing_count(x->res, i); k++)
      at += (size_t)snprintf(buf + at, at < len ? len - at : 0, "%s%s", k ? "," : "",
                             medrule_result_unknown_missing(x->res, i, k));
  }
  return buf;
}

/* The missing_facts of the result joined by ",". */
static inline const char *fx_missing_list(const fx *x, char *buf, size_t len) {
  size_t at = 0;
  buf[0] = 0;
  for (int i = 0; i < medrule_result_missing_count(x->res); i++)
    at += (size_t)snprintf(buf + at, at < len ? len - at : 0, "%s%s", i ? "," : "",
                           medrule_result_missing_fact(x->res, i));
  return buf;
}

#endif
