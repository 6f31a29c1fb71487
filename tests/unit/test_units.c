/* test_units.c — the UCUM subset (engine/src/units.c): parsing, exact
** conversion, commensurability and error messages. */
#include "harness.h"

#include "units.h"

/* Parses `text`, which must be a valid unit. */
static mr_unit parse_ok(const char *text) {
  mr_unit u;
  char err[160] = "";
  int rc = mr_unit_parse(text, strlen(text), &u, err, sizeof err);
  if (rc != 0) print_error("'%s' did not parse: %s\n", text, err);
  assert_int_equal(rc, 0);
  return u;
}

/* v in unit `from` converted to unit `to` (both must parse and be
** commensurable). */
static double conv(double v, const char *from, const char *to) {
  mr_unit a = parse_ok(from), b = parse_ok(to);
  if (!mr_unit_commensurable(a, b)) print_error("'%s' and '%s' are not commensurable\n", from, to);
  assert_true(mr_unit_commensurable(a, b));
  return mr_unit_convert(v, a, b);
}

/* `text` must fail to parse with a message containing `why`. */
static void parse_fails(const char *text, size_t len, const char *why) {
  mr_unit u;
  char err[160];
  memset(err, 0, sizeof err);
  int rc = mr_unit_parse(text, len, &u, err, sizeof err);
  if (rc == 0) print_error("'%.*s' parsed but should not\n", (int)len, text);
  assert_int_equal(rc, -1);
  assert_true(strlen(err) > 0);
  assert_contains(err, why);
}

static int same_unit(mr_unit a, mr_unit b) {
  return memcmp(a.dim, b.dim, sizeof a.dim) == 0 && a.num == b.num && a.den == b.den;
}

/* ------------------------------------------------------------ conversions */

static void test_ug_kg_min_is_exactly_042_mg_kg_h(void **state) {
  (void)state;
  assert_double_exact(conv(7, "ug/kg/min", "mg/kg/h"), 0.42);
  /* and back: 0.42 mg/kg/h is exactly 7 ug/kg/min */
  assert_double_exact(conv(0.42, "mg/kg/h", "ug/kg/min"), 7);
  /* a few more doses that a binary-fraction chain gets wrong */
  assert_double_exact(conv(1, "ug/kg/min", "mg/kg/h"), 0.06);
  assert_double_exact(conv(5, "ug/kg/min", "mg/kg/h"), 0.3);
  assert_double_exact(conv(0.35, "mg/kg", "ug/kg"), 350);
}

static void test_mg_per_kg_identity(void **state) {
  (void)state;
  mr_unit u = parse_ok("mg/kg");
  assert_int_equal(u.dim[MR_DIM_MASS], 0);
  assert_int_equal(u.dim[MR_DIM_LENGTH], 0);
  assert_int_equal(u.dim[MR_DIM_TIME], 0);
  /* mg/kg is the dimensionless ratio 1e-6 */
  assert_true(u.num == 1 && u.den == 1000000);
  assert_double_exact(conv(0.35, "mg/kg", "mg/kg"), 0.35);
  assert_double_exact(conv(0.35, "mg/kg", "g/kg"), 0.00035);
  assert_false(same_unit(u, mr_unit_one()));
}

static void test_microgram_spellings(void **state) {
  (void)state;
  mr_unit ug = parse_ok("ug");
  assert_true(same_unit(parse_ok("\xc2\xb5g"), ug)); /* MICRO SIGN */
  assert_true(same_unit(parse_ok("\xce\xbcg"), ug)); /* GREEK SMALL LETTER MU */
  assert_true(same_unit(parse_ok("mcg"), ug));
  assert_int_equal(ug.dim[MR_DIM_MASS], 1);
  assert_double_exact(conv(250, "\xc2\xb5g", "mg"), 0.25);
  assert_double_exact(conv(250, "\xce\xbcg", "mg"), 0.25);
  assert_double_exact(conv(250, "mcg", "mg"), 0.25);
  assert_double_exact(conv(1, "mg", "ug"), 1000);
  assert_double_exact(conv(1, "ug", "ng"), 1000);
  assert_double_exact(conv(7, "\xc2\xb5g/kg/min", "mg/kg/h"), 0.42);
}

static void test_pounds(void **state) {
  (void)state;
  assert_true(same_unit(parse_ok("[lb_av]"), parse_ok("lb")));
  /* 176 lb = 176 * 0.45359237 kg = 79.83225712 kg exactly; the double must
  ** be the correctly rounded value of that decimal (one rounding), which is
  ** not what the naive product 176 * 0.45359237 of two doubles gives. */
  assert_double_exact(conv(176, "[lb_av]", "kg"), 79.83225712);
  assert_double_exact(conv(176, "lb", "kg"), 79.83225712);
  assert_double_exact(conv(1, "[lb_av]", "g"), 453.59237);
  assert_double_exact(conv(100, "[lb_av]", "kg"), 45.359237);
}

static void test_time_units(void **state) {
  (void)state;
  assert_double_exact(conv(90, "min", "h"), 1.5);
  assert_double_exact(conv(1, "h", "min"), 60);
  assert_double_exact(conv(1, "h", "s"), 3600);
  assert_double_exact(conv(2, "d", "h"), 48);
  assert_double_exact(conv(1, "wk", "d"), 7);
  /* UCUM: a is the Julian year of 365.25 d, mo one twelfth of it */
  assert_double_exact(conv(1, "a", "d"), 365.25);
  assert_double_exact(conv(1, "mo", "d"), 30.4375);
  assert_double_exact(conv(12, "mo", "a"), 1);
  assert_double_exact(conv(780, "mo", "a"), 65);
  assert_double_exact(conv(3, "y", "a"), 3);
  assert_double_exact(conv(3, "yr", "a"), 3);
  assert_true(same_unit(parse_ok("y"), parse_ok("a")));
  mr_unit h = parse_ok("h");
  assert_int_equal(h.dim[MR_DIM_TIME], 1);
  assert_int_equal(h.dim[MR_DIM_MASS], 0);
}

static void test_volume_units(void **state) {
  (void)state;
  mr_unit ml = parse_ok("mL"), l = parse_ok("L");
  assert_int_equal(ml.dim[MR_DIM_LENGTH], 3);
  assert_true(mr_unit_commensurable(ml, l));
  assert_double_exact(conv(500, "mL", "L"), 0.5);
  assert_double_exact(conv(2, "L", "mL"), 2000);
  assert_double_exact(conv(1, "dL", "mL"), 100);
  /* a litre is a cubic decimetre */
  assert_double_exact(conv(1, "L", "cm3"), 1000);
  assert_double_exact(conv(1, "mL", "cm3"), 1);
}

static void test_pressure_units(void **state) {
  (void)state;
  mr_unit hg = parse_ok("mm[Hg]");
  assert_true(same_unit(hg, parse_ok("mmHg")));
  assert_int_equal(hg.dim[MR_DIM_MASS], 1);
  assert_int_equal(hg.dim[MR_DIM_LENGTH], -1);
  assert_int_equal(hg.dim[MR_DIM_TIME], -2);
  /* mm[Hg] is a pressure, not a length: not commensurable with mm */
  assert_false(mr_unit_commensurable(hg, parse_ok("mm")));
  assert_double_exact(conv(120, "mm[Hg]", "mmHg"), 120);
  char kind[64];
  mr_unit_kind(hg, kind, sizeof kind);
  assert_string_equal(kind, "pressure");
}

static void test_percent_and_annotations(void **state) {
  (void)state;
  mr_unit pct = parse_ok("%");
  assert_true(mr_unit_commensurable(pct, mr_unit_one()));
  assert_double_exact(conv(30, "%", "1"), 0.3);
  assert_double_exact(conv(0.3, "1", "%"), 30);
  mr_unit score = parse_ok("{score}");
  assert_true(same_unit(score, mr_unit_one()));
  /* an annotation on an atom does not change it */
  assert_true(same_unit(parse_ok("mg{dose}"), parse_ok("mg")));
  assert_true(same_unit(parse_ok("1"), mr_unit_one()));
  assert_true(same_unit(parse_ok("1/min"), parse_ok("min-1")));
}

static void test_exponents(void **state) {
  (void)state;
  mr_unit m2 = parse_ok("m2");
  assert_int_equal(m2.dim[MR_DIM_LENGTH], 2);
  assert_true(m2.num == 1 && m2.den == 1);
  mr_unit cm2 = parse_ok("cm2");
  assert_int_equal(cm2.dim[MR_DIM_LENGTH], 2);
  assert_true(cm2.num == 1 && cm2.den == 10000);
  assert_double_exact(conv(1, "m2", "cm2"), 10000);
  mr_unit hz = parse_ok("s-1");
  assert_int_equal(hz.dim[MR_DIM_TIME], -1);
  assert_true(same_unit(hz, parse_ok("/s")));
  assert_true(same_unit(parse_ok("mg.h-1"), parse_ok("mg/h")));
  assert_true(same_unit(parse_ok("mg/m2"), parse_ok("mg.m-2")));
  assert_double_exact(conv(60, "min-1", "s-1"), 1);
}

static void test_parentheses(void **state) {
  (void)state;
  assert_true(same_unit(parse_ok("mg/(kg.h)"), parse_ok("mg/kg/h")));
  assert_true(same_unit(parse_ok("(mg/kg)/h"), parse_ok("mg/kg/h")));
  /* mg/(kg/h) is mg.h/kg, not mg/kg/h */
  mr_unit inv = parse_ok("mg/(kg/h)");
  assert_int_equal(inv.dim[MR_DIM_TIME], 1);
  assert_false(same_unit(inv, parse_ok("mg/kg/h")));
  assert_double_exact(conv(7, "ug/(kg.min)", "mg/(kg.h)"), 0.42);
}

static void test_parse_errors(void **state) {
  (void)state;
  parse_fails("kgg", 3, "kgg");
  parse_fails("kgg", 3, "unknown unit");
  parse_fails("mg//kg", 6, "/");
  parse_fails("", 0, "missing");
  parse_fails("mg/", 3, "missing");
  parse_fails("[lb_av", 6, "[lb_av");
  parse_fails("[lb_av", 6, "unclosed");
  parse_fails("(mg/kg", 6, ")");
  parse_fails("mg)", 3, ")");
  parse_fails("mg kg", 5, "kg");
  parse_fails("{score", 6, "annotation");
  parse_fails("m99", 3, "exponent");
  parse_fails("10mg", 4, "10");
  /* the length is honoured: "mgXYZ" with length 2 is mg */
  mr_unit u;
  char err[160];
  assert_int_equal(mr_unit_parse("mgXYZ", 2, &u, err, sizeof err), 0);
  assert_true(same_unit(u, parse_ok("mg")));
}

static void test_error_message_fits_small_buffer(void **state) {
  (void)state;
  /* a long unknown unit in a small buffer: truncated, terminated, no overflow */
  char err[16];
  memset(err, 'x', sizeof err);
  mr_unit u;
  const char *t = "averyveryverylongunknownunitname";
  assert_int_equal(mr_unit_parse(t, strlen(t), &u, err, sizeof err), -1);
  assert_non_null(memchr(err, 0, sizeof err));
}

static void test_commensurability(void **state) {
  (void)state;
  assert_false(mr_unit_commensurable(parse_ok("mg/kg"), parse_ok("mg")));
  assert_false(mr_unit_commensurable(parse_ok("mg/h"), parse_ok("mg/kg/h")));
  assert_true(mr_unit_commensurable(parse_ok("mg/kg/h"), parse_ok("ug/kg/min")));
  assert_true(mr_unit_commensurable(parse_ok("kg"), parse_ok("[lb_av]")));
  assert_false(mr_unit_commensurable(parse_ok("kg"), parse_ok("mm[Hg]")));
  assert_false(mr_unit_commensurable(parse_ok("kg"), parse_ok("h")));
  assert_false(mr_unit_commensurable(parse_ok("L"), parse_ok("m")));
  /* unit algebra: mg/kg/h * kg * h is mg */
  mr_unit r, t;
  assert_int_equal(mr_unit_mul(parse_ok("mg/kg/h"), parse_ok("kg"), &t), 0);
  assert_int_equal(mr_unit_mul(t, parse_ok("h"), &r), 0);
  assert_true(same_unit(r, parse_ok("mg")));
  assert_int_equal(mr_unit_div(parse_ok("mg"), parse_ok("kg"), &r), 0);
  assert_true(same_unit(r, parse_ok("mg/kg")));
}

static void test_kind_words(void **state) {
  (void)state;
  char k[64];
  mr_unit_kind(parse_ok("mg"), k, sizeof k);
  assert_string_equal(k, "mass");
  mr_unit_kind(parse_ok("min"), k, sizeof k);
  assert_string_equal(k, "time");
  mr_unit_kind(parse_ok("mL"), k, sizeof k);
  assert_string_equal(k, "volume");
  mr_unit_kind(parse_ok("mg/h"), k, sizeof k);
  assert_string_equal(k, "mass per time");
  mr_unit_kind(parse_ok("%"), k, sizeof k);
  assert_string_equal(k, "dimensionless number (a count, or a ratio such as mg/kg or %)");
  mr_unit_kind(parse_ok("kg.s"), k, sizeof k); /* no name: a unit expression */
  assert_string_equal(k, "kg.s");
  mr_unit_kind(parse_ok("m/s2"), k, sizeof k);
  assert_string_equal(k, "m/s2");
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_ug_kg_min_is_exactly_042_mg_kg_h),
    harness_test(test_mg_per_kg_identity),
    harness_test(test_microgram_spellings),
    harness_test(test_pounds),
    harness_test(test_time_units),
    harness_test(test_volume_units),
    harness_test(test_pressure_units),
    harness_test(test_percent_and_annotations),
    harness_test(test_exponents),
    harness_test(test_parentheses),
    harness_test(test_parse_errors),
    harness_test(test_error_message_fits_small_buffer),
    harness_test(test_commensurability),
    harness_test(test_kind_words),
  };
  return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
