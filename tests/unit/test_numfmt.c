/* test_numfmt.c — numbers in results: the shortest text that reads back to
** the same double, for the short decimals of clinical values and for
** arbitrary doubles, and numbers read from text whatever the locale. */
#include <math.h>

#include "harness.h"
#include "numfmt.h"

static const char *fmt(strbuf *b, double v) {
  sb_reset(b);
  mr_fmt_num(b, v);
  return b->data;
}

static void test_short_decimals(void **state) {
  (void)state;
  strbuf b;
  sb_init(&b);
  assert_string_equal(fmt(&b, 0), "0");
  assert_string_equal(fmt(&b, -0.0), "0"); /* no "-0" */
  assert_string_equal(fmt(&b, 70), "70");
  assert_string_equal(fmt(&b, 0.42), "0.42");
  assert_string_equal(fmt(&b, 2.25), "2.25");
  assert_string_equal(fmt(&b, -3.75), "-3.75");
  assert_string_equal(fmt(&b, 0.1), "0.1");
  assert_string_equal(fmt(&b, 0.000025), "0.000025");
  assert_string_equal(fmt(&b, 123456.789), "123456.789");
  assert_string_equal(fmt(&b, 0.5010505958747218), "0.5010505958747218");
  assert_string_equal(fmt(&b, 0.42 * 70.5 * 2.5), "74.025"); /* 74.02500000000001 as a double */
  assert_string_equal(fmt(&b, 1.0 / 3), "0.3333333333333333");
  assert_string_equal(fmt(&b, 1e-7), "1e-07");
  sb_free(&b);
}

/* Every finite double, drawn at random by its bits, reads back exactly. */
static void test_round_trip(void **state) {
  (void)state;
  strbuf b;
  sb_init(&b);
  uint64_t x = 0x9E3779B97F4A7C15ull;
  int bad = 0;
  for (int i = 0; i < 300000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    double v;
    if (i % 2) {
      v = (double)(x % 100000000) / pow(10, (double)((x >> 60) % 8));
    } else {
      memcpy(&v, &x, sizeof v);
      if (!isfinite(v)) continue;
    }
    fmt(&b, v);
    double back;
    if (!mr_parse_number(b.data, b.len, &back) || back != v) {
      if (bad++ < 5) print_error("%.17g written as %s\n", v, b.data);
    }
  }
  assert_int_equal(bad, 0);
  sb_free(&b);
}

static void test_parse_number(void **state) {
  (void)state;
  double v;
  assert_int_equal(mr_parse_number(" 0.5 mg", 7, &v), 4);
  assert_double_exact(v, 0.5);
  assert_int_equal(mr_parse_number(".5", 2, &v), 2);
  assert_int_equal(mr_parse_number("-1e3x", 5, &v), 4);
  assert_double_exact(v, -1000);
  assert_int_equal(mr_parse_number("0x50", 4, &v), 1); /* "0", then text: the caller sees an unknown unit */
  assert_int_equal(mr_parse_number("inf", 3, &v), 0);
  assert_int_equal(mr_parse_number("nan", 3, &v), 0);
  assert_int_equal(mr_parse_number(".", 1, &v), 0);
  assert_int_equal(mr_parse_number("1.2.3", 5, &v), 0);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_short_decimals),
    harness_test(test_round_trip),
    harness_test(test_parse_number),
  };
  return cmocka_run_group_tests_name("numfmt", tests, NULL, NULL);
}
