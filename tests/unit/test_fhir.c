/* test_fhir.c — medrule_facts_load_fhir through the public API, on a
** purpose-built pack with its own fhir.lua: misuse, options, provenance
** kept in facts and copied into results, the mapping's load-time checks. */
#include "harness.h"

#define FACTS                                                                                       \
  "fact { \"patient.id\", type = \"string\" }\n"                                                    \
  "fact { \"patient.age\", type = \"quantity\", unit = \"a\", range = { 0, 120 } }\n"               \
  "fact { \"patient.weight\", type = \"quantity\", unit = \"kg\", range = { 2, 400 } }\n"           \
  "fact { \"history.glaucoma\", type = \"boolean\" }\n"                                             \
  "fact { \"history.liver_disease\", type = \"code\", values = { \"none\", \"mild\", \"severe\" } }\n" \
  "fact { \"site.monitored\", type = \"boolean\" }\n"

static const char PACK[] = PACK_HEAD FACTS RULE("t.glaucoma", "[[ history.glaucoma ]]")
    RULE("t.heavy", "[[ patient.weight > 100 kg ]]") RULE("t.site", "[[ site.monitored ]]");

static const char MAP[] =
  "patient { age = \"patient.age\", id = \"patient.id\" }\n"
  "observation { \"patient.weight\", loinc = { \"29463-7\" } }\n"
  "condition { \"history.glaucoma\", true, icd10 = { \"H40.1*\" } }\n"
  "condition { \"history.liver_disease\", \"mild\", icd10 = { \"K76.0\" }, absent = \"none\" }\n"
  "condition { \"history.liver_disease\", \"severe\", icd10 = { \"K74.6*\" } }\n";

static const char BUNDLE[] =
  "{\"resourceType\": \"Bundle\", \"timestamp\": \"2026-01-02T00:00:00Z\", \"entry\": ["
  "{\"resource\": {\"resourceType\": \"Patient\", \"id\": \"p9\", \"birthDate\": \"1990-01-02\"}},"
  "{\"resource\": {\"resourceType\": \"Observation\", \"id\": \"w\", \"status\": \"final\","
  " \"code\": {\"coding\": [{\"system\": \"http://loinc.org\", \"code\": \"29463-7\"}]},"
  " \"valueQuantity\": {\"value\": 250, \"unit\": \"[lb_av]\", \"system\": \"http://unitsofmeasure.org\", \"code\": \"[lb_av]\"}}},"
  "{\"resource\": {\"resourceType\": \"Condition\", \"id\": \"g\","
  " \"clinicalStatus\": {\"coding\": [{\"code\": \"active\"}]},"
  " \"code\": {\"coding\": [{\"system\": \"http://hl7.org/fhir/sid/icd-10-cm\", \"code\": \"H40.1120\"}]}}},"
  "{\"resource\": {\"resourceType\": \"Condition\", \"id\": \"l1\", \"clinicalStatus\": {\"coding\": [{\"code\": \"active\"}]},"
  " \"code\": {\"coding\": [{\"system\": \"http://hl7.org/fhir/sid/icd-10-cm\", \"code\": \"K76.0\"}]}}},"
  "{\"resource\": {\"resourceType\": \"Condition\", \"id\": \"l2\", \"clinicalStatus\": {\"coding\": [{\"code\": \"active\"}]},"
  " \"code\": {\"coding\": [{\"system\": \"http://hl7.org/fhir/sid/icd-10-cm\", \"code\": \"K74.60\"}]}}}"
  "]}";

static medrule_pack *open_with_map(const char *map, char **err) {
  char *dir = pack_write(PACK);
  if (map) pack_add_file(dir, "fhir.lua", map);
  medrule_pack *p = NULL;
  *err = NULL;
  medrule_pack_open(dir, NULL, &p, err);
  if (*err) harness_own(*err);
  pack_remove(dir);
  return p;
}

static int fact(const medrule_pack *p, const char *name) {
  int i = medrule_fact_index(p, name);
  assert_true(i >= 0);
  return i;
}

static void test_load_and_provenance(void **state) {
  (void)state;
  char *err;
  medrule_pack *p = open_with_map(MAP, &err);
  if (!p) print_error("%s\n", err ? err : "?");
  assert_non_null(p);
  fx x;
  fx_from_pack(&x, p);
  assert_int_equal(medrule_pack_has_fhir(p), 1);
  medrule_fhir_options o = {sizeof o, NULL, 0, "b.json", NULL, 0};
  int rc = medrule_facts_load_fhir(x.facts, BUNDLE, strlen(BUNDLE), &o);
  if (rc) print_error("%s\n", medrule_facts_errmsg(x.facts));
  assert_int_equal(rc, MEDRULE_OK);
  medrule_value v;
  assert_int_equal(medrule_facts_get(x.facts, fact(p, "patient.age"), &v), MEDRULE_OK);
  assert_double_exact(v.number, 36); /* 2026-01-02, birthday that day */
  assert_int_equal(medrule_facts_get(x.facts, fact(p, "history.liver_disease"), &v), MEDRULE_OK);
  assert_string_equal(medrule_fact_code(p, fact(p, "history.liver_disease"), v.code), "severe"); /* most severe wins */
  assert_string_equal(medrule_facts_from(x.facts, fact(p, "history.glaucoma")), "Condition/g");
  assert_string_equal(medrule_facts_from(x.facts, fact(p, "patient.weight")), "Observation/w");
  assert_null(medrule_facts_from(x.facts, fact(p, "site.monitored")));
  assert_null(medrule_facts_from(x.facts, -1));
  assert_int_equal(medrule_evaluate(x.ev, x.facts, x.res), MEDRULE_OK);
  /* t.glaucoma and t.heavy fired, each with its source */
  assert_int_equal(medrule_result_recommendation_count(x.res), 2);
  assert_string_equal(medrule_result_because_from(x.res, 0, 0), "Condition/g");
  assert_string_equal(medrule_result_because_from(x.res, 1, 0), "Observation/w");
  assert_null(medrule_result_because_from(x.res, 1, 5));
  const char *json;
  assert_int_equal(medrule_result_render(x.res, NULL, &json, NULL), MEDRULE_OK);
  assert_contains(json, "\"from\":\"Condition/g\"");
  /* the result holds its own copy: clearing the facts changes nothing in it */
  medrule_facts_clear(x.facts);
  assert_null(medrule_facts_from(x.facts, fact(p, "history.glaucoma")));
  assert_string_equal(medrule_result_because_from(x.res, 0, 0), "Condition/g");
  /* a fact file has none */
  fx_eval(&x, "{\"history\": {\"glaucoma\": true}}");
  assert_null(medrule_result_because_from(x.res, 0, 0));
  assert_int_equal(medrule_result_render(x.res, NULL, &json, NULL), MEDRULE_OK);
  assert_not_contains(json, "\"from\"");
  /* a host's loader may set it */
  assert_int_equal(medrule_facts_set_from(x.facts, fact(p, "history.glaucoma"), "Condition/h"), MEDRULE_OK);
  assert_string_equal(medrule_facts_from(x.facts, fact(p, "history.glaucoma")), "Condition/h");
  assert_int_equal(medrule_facts_set_from(x.facts, fact(p, "history.glaucoma"), NULL), MEDRULE_OK);
  assert_null(medrule_facts_from(x.facts, fact(p, "history.glaucoma")));
  assert_int_equal(medrule_facts_set_from(x.facts, 999, "x"), MEDRULE_NOTFOUND);
  assert_int_equal(medrule_facts_set_from(NULL, 0, "x"), MEDRULE_MISUSE);
  fx_close(&x);
}

static void test_options_and_misuse(void **state) {
  (void)state;
  char *err;
  medrule_pack *p = open_with_map(MAP, &err);
  assert_non_null(p);
  fx x;
  fx_from_pack(&x, p);
  assert_int_equal(medrule_facts_load_fhir(NULL, BUNDLE, strlen(BUNDLE), NULL), MEDRULE_MISUSE);
  assert_int_equal(medrule_facts_load_fhir(x.facts, NULL, 5, NULL), MEDRULE_MISUSE);
  medrule_fhir_options tiny = {sizeof(size_t), NULL, 0, NULL, NULL, 0};
  assert_int_equal(medrule_facts_load_fhir(x.facts, BUNDLE, strlen(BUNDLE), &tiny), MEDRULE_MISUSE);
  /* --as-of overrides the timestamp: the day before the birthday */
  medrule_fhir_options o = {sizeof o, "2027-01-01", 0, NULL, NULL, 0};
  assert_int_equal(medrule_facts_load_fhir(x.facts, BUNDLE, strlen(BUNDLE), &o), MEDRULE_OK);
  medrule_value v;
  medrule_facts_get(x.facts, fact(p, "patient.age"), &v);
  assert_double_exact(v.number, 36);
  /* complete problems: liver disease absent = none, with a warning; glaucoma was given */
  static const char EMPTY[] = "{\"resourceType\": \"Bundle\", \"entry\": []}";
  o.as_of = NULL;
  o.complete = medrule_fhir_section("problems", 8);
  assert_int_equal(o.complete, MEDRULE_FHIR_COMPLETE_PROBLEMS);
  assert_int_equal(medrule_fhir_section("labs", 4), 0);
  assert_int_equal(medrule_facts_load_fhir(x.facts, EMPTY, strlen(EMPTY), &o), MEDRULE_OK);
  medrule_facts_get(x.facts, fact(p, "history.liver_disease"), &v);
  assert_int_equal(v.known, 1);
  medrule_facts_get(x.facts, fact(p, "history.glaucoma"), &v);
  assert_int_equal(v.known, 1);
  assert_int_equal(v.boolean, 0);
  assert_true(medrule_facts_warning_count(x.facts) >= 2);
  /* a site profile is copied in */
  medrule_facts *site = medrule_facts_new(p);
  assert_non_null(site);
  harness_keep(harness_facts_free, site);
  assert_int_equal(medrule_facts_set_boolean(site, fact(p, "site.monitored"), 1), MEDRULE_OK);
  o.complete = 0;
  o.site = site;
  assert_int_equal(medrule_facts_load_fhir(x.facts, EMPTY, strlen(EMPTY), &o), MEDRULE_OK);
  medrule_facts_get(x.facts, fact(p, "site.monitored"), &v);
  assert_int_equal(v.known && v.boolean, 1);
  /* a malformed bundle: every value cleared, the entry named */
  static const char BAD[] = "{\"resourceType\": \"Bundle\", \"entry\": [{\"resource\": {\"resourceType\": \"Patient\","
                            " \"id\": \"p\"}}, {\"resource\": {\"resourceType\": \"Condition\", \"code\": [],"
                            " \"clinicalStatus\": {\"coding\": [{\"code\": \"active\"}]}}}]}";
  o.site = NULL;
  assert_int_equal(medrule_facts_load_fhir(x.facts, BAD, strlen(BAD), &o), MEDRULE_INPUT);
  assert_contains(medrule_facts_errmsg(x.facts), "entry[1].resource");
  medrule_facts_get(x.facts, fact(p, "patient.id"), &v);
  assert_int_equal(v.known, 0);
  harness_release(site);
  fx_close(&x);
}

static void test_no_mapping(void **state) {
  (void)state;
  char *err;
  medrule_pack *p = open_with_map(NULL, &err);
  assert_non_null(p);
  fx x;
  fx_from_pack(&x, p);
  assert_int_equal(medrule_pack_has_fhir(p), 0);
  assert_int_equal(medrule_pack_has_fhir(NULL), 0);
  assert_int_equal(medrule_facts_load_fhir(x.facts, BUNDLE, strlen(BUNDLE), NULL), MEDRULE_NOTFOUND);
  assert_contains(medrule_facts_errmsg(x.facts), "no FHIR mapping");
  fx_close(&x);
}

/* Every mistake in fhir.lua fails the pack load with its line. */
static void test_mapping_errors(void **state) {
  (void)state;
  static const struct {
    const char *map, *want;
  } CASES[] = {
    {"\n\ncondition { \"history.glaucomma\", true, icd10 = { \"H40\" } }\n", "fhir.lua:3: 'history.glaucomma' is not a fact"},
    {"condition { \"history.liver_disease\", \"moderate\", icd10 = { \"K70\" } }\n", "fhir.lua:1: 'history.liver_disease' takes one of its codes"},
    {"condition { \"history.glaucoma\", \"yes\" }\n", "must be true or false"},
    {"observation { \"patient.weight\", loinc = { 29463 } }\n", "must be a code string"},
    {"os.exit(1)\n", "fhir.lua:1:"},
    {"while true do end\n", "time limit"},
    {"condition { \"history.glaucoma\", true, section = \"labs\" }\n", "section 'labs'"},
  };
  for (size_t i = 0; i < sizeof CASES / sizeof *CASES; i++) {
    char *err;
    medrule_pack *p = open_with_map(CASES[i].map, &err);
    if (p) medrule_pack_close(p);
    assert_null(p);
    assert_contains(err, CASES[i].want);
  }
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_load_and_provenance),
    harness_test(test_options_and_misuse),
    harness_test(test_no_mapping),
    harness_test(test_mapping_errors),
  };
  return cmocka_run_group_tests_name("fhir", tests, NULL, NULL);
}
