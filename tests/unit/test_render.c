/* test_render.c — contract JSON around the output buffer's growth: the
** writer checks its room once per entry, so a patient id or a source of any
** length, escaped or not, must still come out whole and as valid JSON, in a
** new result and in one reused (whose buffer keeps its size). */
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

/* Evaluates with id and source, renders as JSON, and checks both whole. */
static void check_one(fx *x, medrule_result *r, const char *id, const char *source) {
  assert_int_equal(medrule_facts_load_json(x->facts, "{}", 2, source, 7, 0), MEDRULE_OK);
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
  cJSON_Delete(j);
  if (!ok) print_error("id or source changed (%zu, %zu bytes)\n", strlen(id), strlen(source));
  assert_true(ok);
}

static void test_long_id_and_source(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  char *id = harness_own(malloc(1400)), *source = harness_own(malloc(1400));
  for (int n = 0; n <= 1300; n++) {
    make_text(id, n);
    make_text(source, n / 3 + 1);
    medrule_result *fresh = medrule_result_new();
    assert_non_null(fresh);
    check_one(&x, fresh, id, source);
    medrule_result_free(fresh);
    check_one(&x, x.res, id, source); /* reused: its buffer as the last length left it */
  }
  fx_close(&x);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_long_id_and_source),
  };
  return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
