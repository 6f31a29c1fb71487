/* test_render.c — contract JSON around the output buffer's growth: the
** writer checks its room once per entry, so a patient id, a source or a
** warning of any length, escaped or not, must still come out whole and as
** valid JSON, in a new result and in one reused (whose buffer keeps its
** size). */
#include "harness.h"

#include <cjson/cJSON.h>

/* Characters that JSON escapes ('"', '\\'), that it does not, and UTF-8
** ("é"), in turn. */
static void make_text(char *s, int n) {
  static const char *const parts[] = {"a", "\"", "b", "\\", "c", "\xc3\xa9", "0"};
  int len = 0;
  for (int k = 0; len < n; k++) {
    const char *p = parts[k % 7];
    size_t pn = strlen(p);
    if (len + (int)pn > n) p = "z", pn = 1;
    memcpy(s + len, p, pn);
    len += (int)pn;
  }
  s[len] = 0;
}

/* Evaluates with id and source, and a name the pack does not declare (a
** warning), renders as JSON, and checks all three whole. */
static void check_one(fx *x, medrule_result *r, const char *id, const char *source, const char *extra) {
  char json[128];
  snprintf(json, sizeof json, "{\"%s\":1}", extra);
  assert_int_equal(medrule_facts_load_json(x->facts, json, strlen(json), source, 7, MEDRULE_ALLOW_EXTRA), MEDRULE_OK);
  assert_int_equal(medrule_facts_set_string(x->facts, medrule_fact_index(x->pack, "patient.id"), id), MEDRULE_OK);
  assert_int_equal(medrule_evaluate(x->ev, x->facts, r), MEDRULE_OK);
  const char *out = NULL;
  size_t len = 0;
  assert_int_equal(medrule_result_render(r, NULL, &out, &len), MEDRULE_OK);
  assert_int_equal(strlen(out), len);
  assert_true(len >= 2 && out[len - 2] == '}' && out[len - 1] == '\n');
  cJSON *j = cJSON_Parse(out);
  if (!j) print_error("not JSON for an id of %zu bytes: %s\n", strlen(id), out);
  assert_non_null(j);
  const cJSON *patient = cJSON_GetObjectItemCaseSensitive(j, "patient");
  const cJSON *jid = cJSON_GetObjectItemCaseSensitive(patient, "id");
  const cJSON *jsrc = cJSON_GetObjectItemCaseSensitive(patient, "source");
  int ok = cJSON_IsString(jid) && !strcmp(jid->valuestring, id) && cJSON_IsString(jsrc) &&
           !strcmp(jsrc->valuestring, source);
  const cJSON *missing = cJSON_GetObjectItemCaseSensitive(j, "missing_facts");
  ok = ok && cJSON_IsArray(missing) && cJSON_GetArraySize(missing) > 0; /* the rest is there too */
  const cJSON *warnings = cJSON_GetObjectItemCaseSensitive(j, "warnings");
  const cJSON *w = cJSON_GetArrayItem(warnings, 0);
  ok = ok && cJSON_GetArraySize(warnings) == 1 && cJSON_IsString(w) && strstr(w->valuestring, extra);
  cJSON_Delete(j);
  if (!ok) print_error("id, source or warning changed (%zu, %zu, %zu bytes)\n", strlen(id), strlen(source), strlen(extra));
  assert_true(ok);
}

static void test_long_id_source_and_warning(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  char *id = harness_own(malloc(1400)), *source = harness_own(malloc(1400)), extra[100];
  for (int n = 0; n <= 1300; n++) {
    make_text(id, n);
    make_text(source, n / 3 + 1);
    memset(extra, 'x', (size_t)(n % 97 + 1)); /* a name of at most 97 bytes: longer is no fact name */
    extra[n % 97 + 1] = 0;
    medrule_result *fresh = medrule_result_new();
    assert_non_null(fresh);
    check_one(&x, fresh, id, source, extra);
    medrule_result_free(fresh);
    check_one(&x, x.res, id, source, extra); /* reused: its buffer as the last length left it */
  }
  fx_close(&x);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_long_id_source_and_warning),
  };
  return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
