/* test_api.c — the structured API, as an embedding host uses it: typed fact
** setters with the checks a fact file gets, reading values back, errors
** collected in one pass, pack and rule metadata without evaluating, and a
** result read field by field.  Only medrule.h is used. */
#include "harness.h"

static int fact(fx *x, const char *name) {
  int i = medrule_fact_index(x->pack, name);
  if (i < 0) print_error("no fact %s\n", name);
  assert_true(i >= 0);
  return i;
}

static double number_of(fx *x, const char *name) {
  medrule_value v;
  assert_int_equal(medrule_facts_get(x->facts, fact(x, name), &v), MEDRULE_OK);
  assert_int_equal(v.known, 1);
  return v.number;
}

/* ------------------------------------------------------------ setters */

static void test_typed_setters(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  medrule_facts *f = x.facts;
  medrule_value v;
  assert_int_equal(medrule_facts_set_quantity(f, fact(&x, "patient.weight"), 154.3235835, "[lb_av]"), MEDRULE_OK);
  assert_true(number_of(&x, "patient.weight") > 69.99 && number_of(&x, "patient.weight") < 70.01);
  assert_int_equal(medrule_facts_set_number(f, fact(&x, "patient.weight"), 70), MEDRULE_OK);
  assert_double_exact(number_of(&x, "patient.weight"), 70);
  assert_int_equal(medrule_facts_set_quantity(f, fact(&x, "plan.infusion_rate"), 7, "ug/kg/min"), MEDRULE_OK);
  assert_double_exact(number_of(&x, "plan.infusion_rate"), 0.42);
  assert_int_equal(medrule_facts_set_quantity_text(f, fact(&x, "plan.infusion_duration"), "4 hrs"), MEDRULE_OK);
  assert_double_exact(number_of(&x, "plan.infusion_duration"), 4);
  assert_int_equal(medrule_facts_set_boolean(f, fact(&x, "patient.pregnant"), 7), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, fact(&x, "patient.pregnant"), &v), MEDRULE_OK);
  assert_int_equal(v.type, MEDRULE_TYPE_BOOLEAN);
  assert_int_equal(v.boolean, 1);
  assert_int_equal(medrule_facts_set_code(f, fact(&x, "history.liver_disease"), "moderate"), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, fact(&x, "history.liver_disease"), &v), MEDRULE_OK);
  assert_string_equal(medrule_fact_code(x.pack, fact(&x, "history.liver_disease"), v.code), "moderate");
  const char *codes[] = {"crps", "other", "crps"};
  assert_int_equal(medrule_facts_set_codes(f, fact(&x, "pain.conditions"), codes, 3), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, fact(&x, "pain.conditions"), &v), MEDRULE_OK);
  assert_int_equal(v.codes, (1u << 0) | (1u << 2));
  assert_int_equal(medrule_facts_set_codes(f, fact(&x, "pain.conditions"), NULL, 0), MEDRULE_OK); /* empty, known */
  assert_int_equal(medrule_facts_get(f, fact(&x, "pain.conditions"), &v), MEDRULE_OK);
  assert_int_equal(v.known, 1);
  assert_int_equal(v.codes, 0);
  assert_int_equal(medrule_facts_set_string(f, fact(&x, "patient.id"), "p-7"), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, fact(&x, "patient.id"), &v), MEDRULE_OK);
  assert_string_equal(v.text, "p-7");
  /* a text keeps its room from one value to the next: longer, shorter, the
  ** set's own text, part of it, and after clearing */
  int id = fact(&x, "patient.id");
  char longer[300];
  memset(longer, 'x', sizeof longer - 1);
  longer[sizeof longer - 1] = 0;
  assert_int_equal(medrule_facts_set_string(f, id, longer), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, id, &v), MEDRULE_OK);
  assert_string_equal(v.text, longer);
  assert_int_equal(medrule_facts_set_string(f, id, "ab"), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, id, &v), MEDRULE_OK);
  assert_string_equal(v.text, "ab");
  assert_int_equal(medrule_facts_set_string(f, id, "p-7 and more"), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, id, &v), MEDRULE_OK);
  assert_int_equal(medrule_facts_set_string(f, id, v.text), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, id, &v), MEDRULE_OK);
  assert_string_equal(v.text, "p-7 and more");
  assert_int_equal(medrule_facts_set_string(f, id, v.text + 4), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, id, &v), MEDRULE_OK);
  assert_string_equal(v.text, "and more");
  assert_int_equal(medrule_facts_set_unknown(f, id), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, id, &v), MEDRULE_OK);
  assert_int_equal(v.known, 0);
  medrule_facts_clear(f);
  assert_int_equal(medrule_facts_get(f, id, &v), MEDRULE_OK);
  assert_int_equal(v.known, 0);
  assert_int_equal(medrule_facts_set_string(f, id, "p-8"), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, id, &v), MEDRULE_OK);
  assert_string_equal(v.text, "p-8");
  /* unknown is a value of its own, and "given" */
  assert_false(medrule_facts_is_given(f, fact(&x, "patient.age")));
  assert_int_equal(medrule_facts_set_unknown(f, fact(&x, "patient.age")), MEDRULE_OK);
  assert_true(medrule_facts_is_given(f, fact(&x, "patient.age")));
  assert_int_equal(medrule_facts_get(f, fact(&x, "patient.age"), &v), MEDRULE_OK);
  assert_int_equal(v.known, 0);
  assert_int_equal(medrule_facts_error_count(f), 0);
  fx_close(&x);
}

static void test_setter_errors(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  medrule_facts *f = x.facts;
  medrule_facts_set_source(f, "host");
  int w = fact(&x, "patient.weight");
  assert_int_equal(medrule_facts_set_number(f, w, 70), MEDRULE_OK);
  /* each failure leaves the fact as it was and says why */
  assert_int_equal(medrule_facts_set_number(f, w, 900), MEDRULE_INPUT);
  assert_int_equal(medrule_facts_set_quantity(f, w, 82, "mmHg"), MEDRULE_INPUT);
  assert_int_equal(medrule_facts_set_quantity_text(f, w, "82 hours"), MEDRULE_INPUT);
  assert_int_equal(medrule_facts_set_boolean(f, w, 1), MEDRULE_INPUT);
  assert_int_equal(medrule_facts_set_code(f, fact(&x, "history.liver_disease"), "sever"), MEDRULE_INPUT);
  assert_int_equal(medrule_facts_set_number(f, fact(&x, "response.pain_reduction"), 50), MEDRULE_INPUT);
  assert_double_exact(number_of(&x, "patient.weight"), 70);
  assert_int_equal(medrule_facts_error_count(f), 6);
  assert_string_equal(medrule_facts_error(f, 0), "host: patient.weight: 900 kg is outside the plausible range 2 to 400 kg");
  assert_contains(medrule_facts_error(f, 1), "pressure");
  assert_contains(medrule_facts_error(f, 2), "did you mean 'h'?");
  assert_contains(medrule_facts_error(f, 3), "expected a quantity");
  assert_contains(medrule_facts_error(f, 4), "did you mean 'severe'?");
  assert_contains(medrule_facts_error(f, 5), "derived by the pack");
  assert_contains(medrule_facts_errmsg(f), "\n"); /* all of them, one per line */
  /* misuse and indexes out of range */
  assert_int_equal(medrule_facts_set_number(NULL, w, 1), MEDRULE_MISUSE);
  assert_int_equal(medrule_facts_set_number(f, -1, 1), MEDRULE_NOTFOUND);
  assert_int_equal(medrule_facts_set_number(f, medrule_pack_fact_count(x.pack), 1), MEDRULE_NOTFOUND);
  assert_int_equal(medrule_facts_set_quantity(f, w, 1, NULL), MEDRULE_MISUSE);
  assert_int_equal(medrule_facts_set_codes(f, fact(&x, "pain.conditions"), NULL, 2), MEDRULE_MISUSE);
  medrule_value v;
  assert_int_equal(medrule_facts_get(f, -1, &v), MEDRULE_NOTFOUND);
  assert_int_equal(medrule_facts_get(f, w, NULL), MEDRULE_MISUSE);
  medrule_facts_clear(f);
  assert_int_equal(medrule_facts_error_count(f), 0);
  assert_string_equal(medrule_facts_errmsg(f), "");
  fx_close(&x);
}

/* A dose in mg/h waits for the weight, in either order; a weight that would
** make it implausible is refused and changes nothing. */
static void test_per_in_either_order(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  medrule_facts *f = x.facts;
  int rate = fact(&x, "plan.infusion_rate"), w = fact(&x, "patient.weight");
  medrule_value v;
  assert_int_equal(medrule_facts_set_quantity(f, rate, 35, "mg/h"), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, rate, &v), MEDRULE_OK);
  assert_int_equal(v.known, 0);
  assert_int_equal(v.waits_for, w);
  assert_int_equal(medrule_facts_set_number(f, w, 70), MEDRULE_OK);
  assert_double_exact(number_of(&x, "plan.infusion_rate"), 0.5);
  assert_int_equal(medrule_facts_set_number(f, w, 3), MEDRULE_INPUT); /* 35 mg/h / 3 kg > 10 mg/kg/h */
  assert_contains(medrule_facts_errmsg(f), "plan.infusion_rate");
  assert_double_exact(number_of(&x, "patient.weight"), 70);
  assert_double_exact(number_of(&x, "plan.infusion_rate"), 0.5);
  assert_int_equal(medrule_facts_set_unknown(f, w), MEDRULE_OK);
  assert_int_equal(medrule_facts_get(f, rate, &v), MEDRULE_OK);
  assert_int_equal(v.known, 0);
  /* the dose as given (35 mg/h) is kept while the weight is unknown */
  assert_int_equal(medrule_facts_set_number(f, w, 50), MEDRULE_OK);
  assert_double_exact(number_of(&x, "plan.infusion_rate"), 0.7);
  assert_int_equal(medrule_facts_set_number(f, w, 70), MEDRULE_OK);
  assert_double_exact(number_of(&x, "plan.infusion_rate"), 0.5);
  /* a dose refused as implausible leaves nothing behind: a later weight
  ** converts the dose that stands (35 mg/h), not the refused one */
  assert_int_equal(medrule_facts_set_quantity(f, rate, 2000, "mg/h"), MEDRULE_INPUT);
  assert_double_exact(number_of(&x, "plan.infusion_rate"), 0.5);
  assert_int_equal(medrule_facts_set_number(f, w, 50), MEDRULE_OK);
  assert_double_exact(number_of(&x, "plan.infusion_rate"), 0.7);
  fx_close(&x);
}

/* A file with several mistakes: every one reported, with where and a hint. */
static void test_load_reports_every_error(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  const char *json = "{\"patient\":{\"wieght\":\"70 kg\",\"age\":250},\"plan\":{\"infusion_duration\":\"4 hours\"},"
                     "\"history\":{\"liver_disease\":\"low\"}}";
  assert_int_equal(medrule_facts_load_json(x.facts, json, strlen(json), "p.json", 1, 0), MEDRULE_INPUT);
  assert_int_equal(medrule_facts_error_count(x.facts), 4);
  assert_contains(medrule_facts_error(x.facts, 0), "p.json: $.patient.wieght: unknown fact");
  assert_contains(medrule_facts_error(x.facts, 1), "p.json: patient.age: 250 a is outside");
  assert_contains(medrule_facts_error(x.facts, 2), "p.json: plan.infusion_duration: unknown unit 'hours' (did you mean 'h'?)");
  assert_contains(medrule_facts_error(x.facts, 3), "p.json: history.liver_disease: 'low' is not one of its codes");
  /* nothing stays from a file that failed */
  medrule_value v;
  assert_int_equal(medrule_facts_get(x.facts, fact(&x, "patient.age"), &v), MEDRULE_OK);
  assert_int_equal(v.known, 0);
  /* at most 20 */
  char big[8192] = "{\"patient\":{";
  for (int i = 0; i < 30; i++) snprintf(big + strlen(big), sizeof big - strlen(big), "%s\"x%d\":1", i ? "," : "", i);
  strcat(big, "}}");
  assert_int_equal(medrule_facts_load_json(x.facts, big, strlen(big), "big.json", 1, 0), MEDRULE_INPUT);
  assert_int_equal(medrule_facts_error_count(x.facts), 20);
  fx_close(&x);
}

/* ------------------------------------------------------------ metadata */

static void test_metadata(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  const medrule_pack *p = x.pack;
  assert_int_equal(medrule_pack_count(p), 1);
  assert_string_equal(medrule_pack_info(p, 0, MEDRULE_PACK_ID), "demo");
  assert_string_equal(medrule_pack_info(p, 0, MEDRULE_PACK_SCALE), "demo");
  assert_null(medrule_pack_info(p, 1, MEDRULE_PACK_ID));
  assert_null(medrule_pack_info(p, 0, 999));
  assert_int_equal(medrule_pack_grade_count(p, 0), 3);
  assert_string_equal(medrule_pack_grade(p, 0, 2), "C");
  assert_int_equal(medrule_libversion_number(), MEDRULE_VERSION_NUMBER);
  assert_string_equal(medrule_libversion(), MEDRULE_VERSION);

  int r = medrule_pack_rule_index(p, "demo.dosing.rate_high");
  assert_true(r >= 0);
  assert_string_equal(medrule_rule_info(p, r, MEDRULE_RULE_ACTION), "caution");
  assert_string_equal(medrule_rule_info(p, r, MEDRULE_RULE_EFFECT), "caution");
  assert_int_equal(medrule_rule_effect(p, r), MEDRULE_EFFECT_CAUTION);
  assert_string_equal(medrule_rule_info(p, r, MEDRULE_RULE_GRADE), "C");
  assert_string_equal(medrule_rule_info(p, r, MEDRULE_RULE_WHEN), "plan.infusion_rate > 2 mg/kg/h");
  assert_string_equal(medrule_rule_info(p, r, MEDRULE_RULE_APPLIES), "plan.infusion_rate is known");
  assert_int_equal(medrule_rule_judgment_count(p, r), 1);
  assert_string_equal(medrule_rule_judgment_id(p, r, 0), "AMB-03");
  assert_string_equal(medrule_rule_judgment_quote(p, r, 0, 1), "b");
  assert_null(medrule_rule_judgment_quote(p, r, 0, 2));
  assert_int_equal(medrule_rule_read_count(p, r), 1);
  assert_int_equal(medrule_rule_read(p, r, 0), medrule_fact_index(p, "plan.infusion_rate"));
  assert_int_equal(medrule_rule_read(p, r, 1), -1);
  int lua = medrule_pack_rule_index(p, "demo.response.lua");
  assert_true(medrule_rule_is_function(p, lua));
  assert_null(medrule_rule_info(p, lua, MEDRULE_RULE_WHEN));
  assert_null(medrule_rule_info(p, medrule_pack_rule_index(p, "demo.dosing.total_low"), MEDRULE_RULE_GRADE));
  assert_null(medrule_rule_info(p, -1, MEDRULE_RULE_ID));
  assert_int_equal(medrule_rule_effect(p, 999), -1);

  int bolus = medrule_fact_index(p, "plan.bolus");
  assert_string_equal(medrule_fact_info(p, bolus, MEDRULE_FACT_UNIT), "mg/kg");
  assert_string_equal(medrule_fact_info(p, bolus, MEDRULE_FACT_PER), "patient.weight");
  assert_string_equal(medrule_fact_info(p, bolus, MEDRULE_FACT_TYPE), "quantity");
  assert_int_equal(medrule_fact_type(p, bolus), MEDRULE_TYPE_QUANTITY);
  double lo, hi;
  assert_int_equal(medrule_fact_range(p, bolus, &lo, &hi), 1);
  assert_double_exact(hi, 5);
  assert_int_equal(medrule_fact_range(p, medrule_fact_index(p, "patient.pregnant"), &lo, &hi), 0);
  assert_true(medrule_fact_is_computed(p, medrule_fact_index(p, "response.pain_reduction")));
  assert_int_equal(medrule_fact_lookup(p, "patient.weightXYZ", 14), medrule_fact_index(p, "patient.weight"));
  assert_true(medrule_pack_is_group(p, "patient", 7));
  assert_false(medrule_pack_is_group(p, "patient.weight", 14));
  assert_string_equal(medrule_pack_suggest(p, "patient.wieght"), "patient.weight");
  assert_int_equal(medrule_fact_code_index(p, medrule_fact_index(p, "history.liver_disease"), "severe"), 3);
  assert_int_equal(medrule_fact_index(p, "nope"), -1);
  assert_int_equal(medrule_fact_type(NULL, 0), -1);
  fx_close(&x);
}

/* ------------------------------------------------------------ results */

static void test_result_field_by_field(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  assert_int_equal(medrule_result_disposition_code(x.res), -1);
  assert_int_equal(fx_eval(&x, "{\"patient\":{\"id\":\"r-1\",\"weight\":70,\"pregnant\":true},"
                               "\"plan\":{\"infusion_rate\":\"2.5 mg/kg/h\"}}"),
                   MEDRULE_OK);
  const medrule_result *r = x.res;
  assert_ptr_equal(medrule_result_pack(r), x.pack);
  assert_string_equal(medrule_result_patient_id(r), "r-1");
  assert_int_equal(medrule_result_disposition_code(r), MEDRULE_DO_NOT_PROCEED);
  assert_string_equal(medrule_result_disposition(r), "do_not_proceed");
  assert_string_equal(medrule_disposition_name(MEDRULE_INSUFFICIENT_DATA), "insufficient_data");
  assert_null(medrule_disposition_name(4));
  assert_int_equal(medrule_result_reason_count(r), 1);
  int stop = medrule_result_reason_rule(r, 0);
  assert_string_equal(medrule_pack_rule_id(x.pack, stop), "demo.contraindication.pregnancy");
  assert_int_equal(medrule_result_rule_state(r, stop), MEDRULE_FIRED);
  /* the recommendation of the rate: its rule, and the fact behind it with its value */
  int found = 0;
  for (int i = 0; i < medrule_result_recommendation_count(r); i++) {
    int rule = medrule_result_recommendation_rule(r, i);
    if (strcmp(medrule_pack_rule_id(x.pack, rule), "demo.dosing.rate_high")) continue;
    found = 1;
    assert_string_equal(medrule_rule_info(x.pack, rule, MEDRULE_RULE_TEXT), "Infusion above 2 mg/kg/h.");
    assert_int_equal(medrule_result_because_count(r, i), 1);
    assert_int_equal(medrule_result_because_fact(r, i, 0), medrule_fact_index(x.pack, "plan.infusion_rate"));
    medrule_value v;
    assert_int_equal(medrule_result_because_value(r, i, 0, &v), MEDRULE_OK);
    assert_int_equal(v.known, 1);
    assert_double_exact(v.number, 2.5);
    assert_int_equal(medrule_result_because_value(r, i, 1, &v), MEDRULE_NOTFOUND);
  }
  assert_true(found);
  assert_int_equal(medrule_result_warning_count(r), 0);
  assert_null(medrule_result_warning(r, 0));
  assert_int_equal(medrule_result_recommendation_rule(r, 99), -1);
  assert_int_equal(medrule_result_because_count(r, -1), 0);
  fx_close(&x);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_typed_setters),
    harness_test(test_setter_errors),
    harness_test(test_per_in_either_order),
    harness_test(test_load_reports_every_error),
    harness_test(test_metadata),
    harness_test(test_result_field_by_field),
  };
  return cmocka_run_group_tests_name("api", tests, NULL, NULL);
}
