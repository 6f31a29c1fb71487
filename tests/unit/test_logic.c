/* test_logic.c — Kleene three-valued logic, through real packs: and/or/not
** truth tables, `is known` / `is unknown`, arithmetic and comparisons with
** unknown operands, the facts reported missing, and `applies`. */
#include "harness.h"

/* Facts used by every pack here.  The input below makes x.t true, x.f
** false and leaves x.u unknown; n.a = 5 and q.w = 80 kg are known, n.u and
** q.u unknown. */
#define LOGIC_FACTS                                                                                 \
  "fact { \"x.t\", type = \"boolean\" }\n"                                                          \
  "fact { \"x.f\", type = \"boolean\" }\n"                                                          \
  "fact { \"x.u\", type = \"boolean\" }\n"                                                          \
  "fact { \"x.u2\", type = \"boolean\" }\n"                                                         \
  "fact { \"y.only\", type = \"boolean\" }\n"                                                       \
  "fact { \"y.quiet\", type = \"boolean\" }\n"                                                      \
  "fact { \"y.quiet2\", type = \"boolean\" }\n"                                                     \
  "fact { \"z.app\", type = \"boolean\" }\n"                                                        \
  "fact { \"n.a\", type = \"number\" }\n"                                                           \
  "fact { \"n.u\", type = \"number\" }\n"                                                           \
  "fact { \"q.w\", type = \"quantity\", unit = \"kg\" }\n"                                          \
  "fact { \"q.u\", type = \"quantity\", unit = \"kg\" }\n"                                          \
  "fact { \"c.code\", type = \"code\", values = { \"a\", \"b\" } }\n"                               \
  "fact { \"c.list\", type = \"codes\", values = { \"a\", \"b\" } }\n"

#define LOGIC_INPUT "{\"x\":{\"t\":true,\"f\":false},\"n\":{\"a\":5},\"q\":{\"w\":\"80 kg\"}}"

static const char *const TRUTH_NAME[3] = {"F", "T", "U"};      /* by MR truth value 0, 1, 2 */
static const char *const TRUTH_FACT[3] = {"x.f", "x.t", "x.u"};
static const char *const TRUTH_FACT2[3] = {"x.f", "x.t", "x.u2"}; /* a second unknown */

static int kleene_and(int a, int b) { return a == 0 || b == 0 ? 0 : a == 2 || b == 2 ? 2 : 1; }
static int kleene_or(int a, int b) { return a == 1 || b == 1 ? 1 : a == 2 || b == 2 ? 2 : 0; }
static int kleene_not(int a) { return a == 2 ? 2 : !a; }
static int state_of(int truth) {
  return truth == 1 ? MEDRULE_FIRED : truth == 0 ? MEDRULE_NOT_FIRED : MEDRULE_UNKNOWN;
}

static void append(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char *buf, size_t cap, const char *fmt, ...) {
  size_t len = strlen(buf);
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf + len, cap - len, fmt, ap);
  va_end(ap);
  assert_true(n >= 0 && (size_t)n < cap - len);
}

static void append_rule(char *buf, size_t cap, const char *id, const char *when) {
  append(buf, cap,
         "rule { id = \"%s\", category = \"indication\", action = \"info\", grade = \"A\", certainty = \"high\", "
         "text = \"t\", source = { section = \"S\", quote = \"Q\" }, when = [[ %s ]] }\n",
         id, when);
}

/* ------------------------------------------------------------ truth tables */

static void test_and_or_not_truth_tables(void **state) {
  (void)state;
  static char pack[65536];
  pack[0] = 0;
  append(pack, sizeof pack, "%s%s", PACK_HEAD, LOGIC_FACTS);
  char id[64], when[128];
  for (int a = 0; a < 3; a++) {
    for (int b = 0; b < 3; b++) {
      snprintf(id, sizeof id, "and.%s.%s", TRUTH_NAME[a], TRUTH_NAME[b]);
      snprintf(when, sizeof when, "%s and %s", TRUTH_FACT[a], TRUTH_FACT2[b]);
      append_rule(pack, sizeof pack, id, when);
      snprintf(id, sizeof id, "or.%s.%s", TRUTH_NAME[a], TRUTH_NAME[b]);
      snprintf(when, sizeof when, "%s or %s", TRUTH_FACT[a], TRUTH_FACT2[b]);
      append_rule(pack, sizeof pack, id, when);
    }
    snprintf(id, sizeof id, "not.%s", TRUTH_NAME[a]);
    snprintf(when, sizeof when, "not %s", TRUTH_FACT[a]);
    append_rule(pack, sizeof pack, id, when);
  }
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, LOGIC_INPUT), MEDRULE_OK);
  for (int a = 0; a < 3; a++) {
    for (int b = 0; b < 3; b++) {
      snprintf(id, sizeof id, "and.%s.%s", TRUTH_NAME[a], TRUTH_NAME[b]);
      assert_state(&x, id, state_of(kleene_and(a, b)));
      snprintf(id, sizeof id, "or.%s.%s", TRUTH_NAME[a], TRUTH_NAME[b]);
      assert_state(&x, id, state_of(kleene_or(a, b)));
    }
    snprintf(id, sizeof id, "not.%s", TRUTH_NAME[a]);
    assert_state(&x, id, state_of(kleene_not(a)));
  }
  fx_close(&x);
}

static void test_named_kleene_cases(void **state) {
  (void)state;
  const char *pack = PACK_HEAD LOGIC_FACTS
    RULE("false_and_unknown", "[[ x.f and x.u ]]")
    RULE("unknown_and_false", "[[ x.u and x.f ]]")
    RULE("true_or_unknown", "[[ x.t or x.u ]]")
    RULE("unknown_or_true", "[[ x.u or x.t ]]")
    RULE("not_unknown", "[[ not x.u ]]")
    RULE("not_not_unknown", "[[ not not x.u ]]")
    RULE("unknown_and_true", "[[ x.u and x.t ]]")
    RULE("unknown_or_false", "[[ x.u or x.f ]]")
    RULE("three_and", "[[ x.t and x.u and x.f ]]")
    RULE("three_or", "[[ x.f or x.u or x.t ]]")
    RULE("bool_eq_unknown", "[[ x.u == x.t ]]")
    RULE("bool_ne_self_unknown", "[[ x.u != x.u ]]")
    RULE("bool_eq_true", "[[ x.t == true ]]")
    RULE("bool_ne_false", "[[ x.f != false ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, LOGIC_INPUT), MEDRULE_OK);
  assert_state(&x, "false_and_unknown", MEDRULE_NOT_FIRED);
  assert_state(&x, "unknown_and_false", MEDRULE_NOT_FIRED);
  assert_state(&x, "true_or_unknown", MEDRULE_FIRED);
  assert_state(&x, "unknown_or_true", MEDRULE_FIRED);
  assert_state(&x, "not_unknown", MEDRULE_UNKNOWN);
  assert_state(&x, "not_not_unknown", MEDRULE_UNKNOWN);
  assert_state(&x, "unknown_and_true", MEDRULE_UNKNOWN);
  assert_state(&x, "unknown_or_false", MEDRULE_UNKNOWN);
  assert_state(&x, "three_and", MEDRULE_NOT_FIRED);
  assert_state(&x, "three_or", MEDRULE_FIRED);
  assert_state(&x, "bool_eq_unknown", MEDRULE_UNKNOWN);
  assert_state(&x, "bool_ne_self_unknown", MEDRULE_UNKNOWN);
  assert_state(&x, "bool_eq_true", MEDRULE_FIRED);
  assert_state(&x, "bool_ne_false", MEDRULE_NOT_FIRED);
  /* decided rules name no missing facts; undecided ones name x.u only */
  char buf[512];
  assert_string_equal(fx_unknown_missing(&x, "unknown_and_true", buf, sizeof buf), "x.u");
  assert_string_equal(fx_unknown_missing(&x, "not_unknown", buf, sizeof buf), "x.u");
  assert_string_equal(fx_unknown_missing(&x, "false_and_unknown", buf, sizeof buf), "-");
  assert_string_equal(fx_missing_list(&x, buf, sizeof buf), "x.u");
  fx_close(&x);
}

/* ------------------------------------------------------------ is known */

static void test_is_known_is_never_unknown(void **state) {
  (void)state;
  const char *pack = PACK_HEAD LOGIC_FACTS
    RULE("t_known", "[[ x.t is known ]]")
    RULE("f_known", "[[ x.f is known ]]")
    RULE("u_known", "[[ x.u is known ]]")
    RULE("t_unknown", "[[ x.t is unknown ]]")
    RULE("f_unknown", "[[ x.f is unknown ]]")
    RULE("u_unknown", "[[ x.u is unknown ]]")
    RULE("u_not_known", "[[ x.u is not known ]]")
    RULE("t_not_known", "[[ x.t is not known ]]")
    RULE("not_u_known", "[[ not (x.u is known) ]]")
    RULE("n_u_known", "[[ n.u is known ]]")
    RULE("q_w_known", "[[ q.w is known ]]")
    RULE("code_unknown", "[[ c.code is unknown ]]")
    RULE("codes_unknown", "[[ c.list is unknown ]]")
    RULE("sum_known", "[[ (n.a + n.u) is known ]]")
    RULE("sum_known2", "[[ (n.a + 1) is known ]]")
    /* x.u and x.f is false, which is known; x.u or x.f is unknown */
    RULE("and_known", "[[ (x.u and x.f) is known ]]")
    RULE("or_known", "[[ (x.u or x.f) is known ]]")
    RULE("cmp_unknown", "[[ (n.u > 3) is unknown ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, LOGIC_INPUT), MEDRULE_OK);
  assert_state(&x, "t_known", MEDRULE_FIRED);
  assert_state(&x, "f_known", MEDRULE_FIRED);
  assert_state(&x, "u_known", MEDRULE_NOT_FIRED);
  assert_state(&x, "t_unknown", MEDRULE_NOT_FIRED);
  assert_state(&x, "f_unknown", MEDRULE_NOT_FIRED);
  assert_state(&x, "u_unknown", MEDRULE_FIRED);
  assert_state(&x, "u_not_known", MEDRULE_FIRED);
  assert_state(&x, "t_not_known", MEDRULE_NOT_FIRED);
  assert_state(&x, "not_u_known", MEDRULE_FIRED);
  assert_state(&x, "n_u_known", MEDRULE_NOT_FIRED);
  assert_state(&x, "q_w_known", MEDRULE_FIRED);
  assert_state(&x, "code_unknown", MEDRULE_FIRED);
  assert_state(&x, "codes_unknown", MEDRULE_FIRED);
  assert_state(&x, "sum_known", MEDRULE_NOT_FIRED);
  assert_state(&x, "sum_known2", MEDRULE_FIRED);
  assert_state(&x, "and_known", MEDRULE_FIRED);
  assert_state(&x, "or_known", MEDRULE_NOT_FIRED);
  assert_state(&x, "cmp_unknown", MEDRULE_FIRED);
  /* no rule is unknown, so nothing is missing */
  assert_int_equal(medrule_result_unknown_count(x.res), 0);
  assert_int_equal(medrule_result_missing_count(x.res), 0);
  fx_close(&x);
}

/* ------------------------------------------------------------ arithmetic */

static void test_arithmetic_with_unknown_operands(void **state) {
  (void)state;
  const char *pack = PACK_HEAD LOGIC_FACTS
    RULE("add", "[[ n.a + n.u > 0 ]]")
    RULE("sub", "[[ n.a - n.u < 100 ]]")
    RULE("mul_zero", "[[ n.u * 0 == 0 ]]")
    RULE("div", "[[ n.a / n.u > 0 ]]")
    RULE("neg", "[[ -n.u < 0 ]]")
    RULE("self_eq", "[[ n.u == n.u ]]")
    RULE("quantity", "[[ q.w + q.u > 1 kg ]]")
    RULE("quantity_known", "[[ q.w * 2 == 160 kg ]]")
    RULE("known_sum", "[[ n.a + 1 == 6 ]]")
    RULE("or_true", "[[ n.a * n.u > 1 or x.t ]]")
    RULE("and_false", "[[ n.a * n.u > 1 and x.f ]]")
    RULE("code_eq", "[[ c.code == \"a\" ]]")
    RULE("code_ne", "[[ c.code != \"a\" ]]")
    RULE("code_in_all", "[[ c.code in [\"a\", \"b\"] ]]")
    RULE("code_has", "[[ \"a\" in c.list ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, LOGIC_INPUT), MEDRULE_OK);
  assert_state(&x, "add", MEDRULE_UNKNOWN);
  assert_state(&x, "sub", MEDRULE_UNKNOWN);
  assert_state(&x, "mul_zero", MEDRULE_UNKNOWN);
  assert_state(&x, "div", MEDRULE_UNKNOWN);
  assert_state(&x, "neg", MEDRULE_UNKNOWN);
  assert_state(&x, "self_eq", MEDRULE_UNKNOWN);
  assert_state(&x, "quantity", MEDRULE_UNKNOWN);
  assert_state(&x, "quantity_known", MEDRULE_FIRED);
  assert_state(&x, "known_sum", MEDRULE_FIRED);
  assert_state(&x, "or_true", MEDRULE_FIRED);
  assert_state(&x, "and_false", MEDRULE_NOT_FIRED);
  assert_state(&x, "code_eq", MEDRULE_UNKNOWN);
  assert_state(&x, "code_ne", MEDRULE_UNKNOWN);
  assert_state(&x, "code_in_all", MEDRULE_UNKNOWN);
  assert_state(&x, "code_has", MEDRULE_UNKNOWN);
  /* only the unknown operand is missing, never the known one */
  char buf[512];
  assert_string_equal(fx_unknown_missing(&x, "add", buf, sizeof buf), "n.u");
  assert_string_equal(fx_unknown_missing(&x, "div", buf, sizeof buf), "n.u");
  assert_string_equal(fx_unknown_missing(&x, "quantity", buf, sizeof buf), "q.u");
  assert_string_equal(fx_unknown_missing(&x, "code_has", buf, sizeof buf), "c.list");
  assert_false(fx_missing_has(&x, "n.a"));
  assert_false(fx_missing_has(&x, "q.w"));
  assert_string_equal(fx_missing_list(&x, buf, sizeof buf), "c.code,c.list,n.u,q.u");
  fx_close(&x);
}

static void test_missing_only_under_undecided_parts(void **state) {
  (void)state;
  const char *pack = PACK_HEAD LOGIC_FACTS
    /* the right disjunct is false (x.f), so n.u does not matter */
    RULE("mixed", "[[ (x.u and x.t) or (n.u > 1 and x.f) ]]")
    RULE("both", "[[ y.only or x.u ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, LOGIC_INPUT), MEDRULE_OK);
  assert_state(&x, "mixed", MEDRULE_UNKNOWN);
  assert_state(&x, "both", MEDRULE_UNKNOWN);
  char buf[512];
  assert_string_equal(fx_unknown_missing(&x, "mixed", buf, sizeof buf), "x.u");
  /* sorted by name, not by position in the condition */
  assert_string_equal(fx_unknown_missing(&x, "both", buf, sizeof buf), "x.u,y.only");
  assert_string_equal(fx_missing_list(&x, buf, sizeof buf), "x.u,y.only");
  fx_close(&x);
}

/* ------------------------------------------------------------ applies */

static void test_applies_false_says_nothing(void **state) {
  (void)state;
  const char *pack = PACK_HEAD LOGIC_FACTS
    RULE_APPLIES("app.false_unknown", "[[ x.f ]]", "[[ y.quiet ]]")
    RULE_APPLIES("app.false_true", "[[ x.f ]]", "[[ x.t ]]")
    RULE_APPLIES("app.quiet_until_known", "[[ y.quiet2 is known ]]", "[[ y.quiet2 ]]")
    RULE_APPLIES("app.unknown_false", "[[ z.app ]]", "[[ x.f ]]")
    RULE_APPLIES("app.unknown_true", "[[ z.app ]]", "[[ x.t ]]")
    RULE_APPLIES("app.true_true", "[[ x.t ]]", "[[ x.t ]]")
    RULE_APPLIES("app.true_unknown", "[[ x.t ]]", "[[ x.u ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, LOGIC_INPUT), MEDRULE_OK);
  assert_state(&x, "app.false_unknown", MEDRULE_NOT_APPLICABLE);
  assert_state(&x, "app.false_true", MEDRULE_NOT_APPLICABLE);
  assert_state(&x, "app.quiet_until_known", MEDRULE_NOT_APPLICABLE);
  assert_state(&x, "app.unknown_false", MEDRULE_NOT_FIRED);
  assert_state(&x, "app.unknown_true", MEDRULE_UNKNOWN);
  assert_state(&x, "app.true_true", MEDRULE_FIRED);
  assert_state(&x, "app.true_unknown", MEDRULE_UNKNOWN);

  /* a rule that does not apply: no recommendation, not unknown, and its
  ** facts are never asked for */
  assert_int_equal(medrule_result_recommendation_count(x.res), 1);
  assert_string_equal(medrule_result_recommendation_id(x.res, 0), "app.true_true");
  char buf[512];
  assert_string_equal(fx_unknown_missing(&x, "app.false_unknown", buf, sizeof buf), "-");
  assert_string_equal(fx_unknown_missing(&x, "app.quiet_until_known", buf, sizeof buf), "-");
  assert_false(fx_missing_has(&x, "y.quiet"));
  assert_false(fx_missing_has(&x, "y.quiet2"));
  /* an unknown `applies` is asked for when it leaves the rule undecided */
  assert_string_equal(fx_unknown_missing(&x, "app.unknown_true", buf, sizeof buf), "z.app");
  assert_string_equal(fx_unknown_missing(&x, "app.true_unknown", buf, sizeof buf), "x.u");
  assert_string_equal(fx_missing_list(&x, buf, sizeof buf), "x.u,z.app");
  assert_int_equal(medrule_result_unknown_count(x.res), 2);
  const char *json = fx_json(&x);
  assert_not_contains(json, "app.false_unknown");
  assert_not_contains(json, "app.false_true");
  assert_not_contains(json, "y.quiet");

  /* once y.quiet2 is known the quiet rule speaks */
  assert_int_equal(fx_eval(&x, "{\"x\":{\"t\":true,\"f\":false},\"y\":{\"quiet2\":true}}"), MEDRULE_OK);
  assert_state(&x, "app.quiet_until_known", MEDRULE_FIRED);
  fx_close(&x);
}

static void test_lua_function_three_valued(void **state) {
  (void)state;
  /* a Lua-function condition returning nil is unknown, and its declared
  ** reads are the missing facts */
  const char *pack = PACK_HEAD LOGIC_FACTS
    "rule { id = \"lua.nil\", category = \"indication\", action = \"info\", grade = false, certainty = false,\n"
    "  text = \"t\", source = { section = \"S\", quote = \"Q\" }, reads = { \"x.u\" },\n"
    "  when = function(f) if f[\"x.u\"] == nil then return nil end return f[\"x.u\"] end }\n"
    "rule { id = \"lua.and\", category = \"indication\", action = \"info\", grade = false, certainty = false,\n"
    "  text = \"t\", source = { section = \"S\", quote = \"Q\" }, reads = { \"x.t\", \"n.a\" },\n"
    "  when = function(f) return f[\"x.t\"] and f[\"n.a\"] == 5 end }\n";
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, LOGIC_INPUT), MEDRULE_OK);
  assert_state(&x, "lua.nil", MEDRULE_UNKNOWN);
  assert_state(&x, "lua.and", MEDRULE_FIRED);
  char buf[512];
  assert_string_equal(fx_unknown_missing(&x, "lua.nil", buf, sizeof buf), "x.u");
  assert_int_equal(fx_eval(&x, "{\"x\":{\"t\":true,\"u\":false},\"n\":{\"a\":4}}"), MEDRULE_OK);
  assert_state(&x, "lua.nil", MEDRULE_NOT_FIRED);
  assert_state(&x, "lua.and", MEDRULE_NOT_FIRED);
  fx_close(&x);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_and_or_not_truth_tables),
    harness_test(test_named_kleene_cases),
    harness_test(test_is_known_is_never_unknown),
    harness_test(test_arithmetic_with_unknown_operands),
    harness_test(test_missing_only_under_undecided_parts),
    harness_test(test_applies_false_says_nothing),
    harness_test(test_lua_function_three_valued),
  };
  return cmocka_run_group_tests_name("logic", tests, NULL, NULL);
}
