/* test_locale.c — a host that runs under a comma-decimal locale gets the
** same bytes: numbers in fact files are read and results written the same
** way whatever LC_NUMERIC says.  The locale is generated for the test with
** localedef when the system does not have it. */
#include <locale.h>

#include "harness.h"

static char locale_dir[PATH_MAX];

/* Renders `facts` (a JSON fact file) against `pack` in every format into buf. */
static void render_all(fx *x, const char *json, char *buf, size_t len) {
  assert_int_equal(fx_eval(x, json), MEDRULE_OK);
  buf[0] = 0;
  for (int fmt = 0; fmt < 3; fmt++) {
    medrule_render_options o = {sizeof o, fmt, 0, 0};
    const char *out;
    size_t n;
    assert_int_equal(medrule_result_render(x->res, &o, &out, &n), MEDRULE_OK);
    assert_true(strlen(buf) + n < len);
    strcat(buf, out);
  }
}

static const char *PATIENT =
  "{\"patient\":{\"id\":\"loc-1\",\"weight\":\"70.5 kg\",\"age\":\"44.5 a\",\"pregnant\":false},"
  "\"pain\":{\"conditions\":[\"crps\"]},\"history\":{\"liver_disease\":\"none\"},"
  "\"plan\":{\"infusion_rate\":\"0.42 mg/kg/h\",\"infusion_duration\":\"2.5 h\",\"bolus\":\"10.5 mg\"},"
  "\"response\":{\"pain_before\":7.5,\"pain_after\":2.25}}";

static void test_comma_locale_same_bytes(void **state) {
  (void)state;
  static char before[1 << 17], after[1 << 17];
  fx x;
  fx_open_demo(&x);
  render_all(&x, PATIENT, before, sizeof before);
  assert_non_null(strstr(before, "\"value\":7.5")); /* a number with a decimal point in the output */

  /* a comma-decimal locale, made for the test if the system has none */
  char cmd[PATH_MAX + 200];
  snprintf(locale_dir, sizeof locale_dir, "%s/medrule-locale-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  assert_non_null(mkdtemp(locale_dir));
  snprintf(cmd, sizeof cmd, "localedef -i de_DE -f UTF-8 %s/de_DE.UTF-8 >/dev/null 2>&1", locale_dir);
  if (system(cmd) != 0) print_error("localedef failed (install the Debian package 'locales')\n");
  setenv("LOCPATH", locale_dir, 1);
  const char *set = setlocale(LC_ALL, "de_DE.UTF-8");
  if (!set) print_error("setlocale de_DE.UTF-8 failed\n");
  assert_non_null(set);
  assert_string_equal(localeconv()->decimal_point, ",");
  char probe[32];
  snprintf(probe, sizeof probe, "%.1f", 0.5); /* the host's own printf does use the comma */
  assert_string_equal(probe, "0,5");

  /* "10.5 mg" still reads as ten and a half; output still says 0.5, not 0,5 */
  render_all(&x, PATIENT, after, sizeof after);
  assert_string_equal(after, before);
  assert_int_equal(medrule_facts_set(x.facts, "plan.infusion_duration", "1.25 h"), MEDRULE_OK);
  medrule_value v;
  assert_int_equal(medrule_facts_get(x.facts, medrule_fact_index(x.pack, "plan.infusion_duration"), &v), MEDRULE_OK);
  assert_double_exact(v.number, 1.25);

  setlocale(LC_ALL, "C");
  snprintf(cmd, sizeof cmd, "rm -rf %s", locale_dir);
  assert_int_equal(system(cmd), 0);
  fx_close(&x);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_comma_locale_same_bytes),
  };
  return cmocka_run_group_tests_name("locale", tests, NULL, NULL);
}
