/* test_eval.c — evaluation and results: because lists, missing facts,
** weight-based doses, derived facts, disposition, deterministic JSON,
** result reuse, division by zero, Lua-function failures and time limits, and
** NULL arguments to every public function. */
#include "harness.h"

#include <cjson/cJSON.h>
#include <time.h>

/* Renders with the given format and flags (the options struct, filled in). */
static int render(medrule_result *r, int format, unsigned flags, const char **out, size_t *len) {
  medrule_render_options o = {sizeof o, format, flags, 0};
  return medrule_result_render(r, &o, out, len);
}

/* ------------------------------------------------------------ JSON helpers */

static void json_delete(void *p) { cJSON_Delete(p); }

/* The rendered result, parsed (free with harness_release). */
static cJSON *result_json(fx *x) {
  cJSON *j = harness_keep(json_delete, cJSON_Parse(fx_json(x)));
  assert_non_null(j);
  return j;
}

/* The recommendation with id `id` in a parsed result, or NULL. */
static const cJSON *find_rec(const cJSON *root, const char *id) {
  const cJSON *recs = cJSON_GetObjectItemCaseSensitive(root, "recommendations");
  const cJSON *r;
  cJSON_ArrayForEach(r, recs) {
    const cJSON *rid = cJSON_GetObjectItemCaseSensitive(r, "id");
    if (cJSON_IsString(rid) && !strcmp(rid->valuestring, id)) return r;
  }
  return NULL;
}

/* The because list of recommendation `id` as "fact=value,..." (values as
** JSON text). */
static const char *because_of(const cJSON *root, const char *id, char *buf, size_t len) {
  const cJSON *r = find_rec(root, id);
  if (!r) print_error("no recommendation %s\n", id);
  assert_non_null(r);
  const cJSON *b, *list = cJSON_GetObjectItemCaseSensitive(r, "because");
  assert_true(cJSON_IsArray(list));
  size_t at = 0;
  buf[0] = 0;
  cJSON_ArrayForEach(b, list) {
    char *v = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(b, "value"));
    assert_non_null(v);
    at += (size_t)snprintf(buf + at, len - at, "%s%s=%s", at ? "," : "",
                           cJSON_GetObjectItemCaseSensitive(b, "fact")->valuestring, v);
    cJSON_free(v);
    assert_true(at < len);
  }
  return buf;
}

/* The warnings of a parsed result joined by "\n". */
static const char *warnings_of(const cJSON *root, char *buf, size_t len) {
  const cJSON *w, *list = cJSON_GetObjectItemCaseSensitive(root, "warnings");
  assert_true(cJSON_IsArray(list));
  size_t at = 0;
  buf[0] = 0;
  cJSON_ArrayForEach(w, list) {
    assert_true(cJSON_IsString(w));
    at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? "\n" : "", w->valuestring);
    assert_true(at < len);
  }
  return buf;
}

/* ------------------------------------------------------------ because */

static void test_because_lists(void **state) {
  (void)state;
  const char *pack = PACK_HEAD
    "fact { \"b.a\", type = \"boolean\" }\n"
    "fact { \"b.b\", type = \"boolean\" }\n"
    "fact { \"b.c\", type = \"boolean\" }\n"
    "fact { \"n.x\", type = \"number\" }\n"
    "fact { \"q.w\", type = \"quantity\", unit = \"kg\" }\n"
    "fact { \"c.k\", type = \"code\", values = { \"one\", \"two\" } }\n"
    RULE("bec.and", "[[ b.a and b.b ]]")
    RULE("bec.or", "[[ b.c or b.b or b.a ]]")
    RULE("bec.not", "[[ not b.c ]]")
    RULE("bec.mixed", "[[ b.a and (b.c or n.x > 3) ]]")
    RULE("bec.not_and", "[[ not (b.c and b.a) ]]")
    RULE("bec.quantity", "[[ q.w >= 100 [lb_av] ]]")
    RULE("bec.code", "[[ c.k == \"two\" and b.a ]]")
    RULE("bec.nested", "[[ (b.c or (b.a and (b.c or n.x > 3 or b.b))) and b.b ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, "{\"b\":{\"a\":true,\"b\":true,\"c\":false},\"n\":{\"x\":5},\"q\":{\"w\":\"50 kg\"},"
                               "\"c\":{\"k\":\"two\"}}"),
                   MEDRULE_OK);
  assert_int_equal(medrule_result_recommendation_count(x.res), 8);
  /* recommendations in declaration order */
  assert_string_equal(medrule_result_recommendation_id(x.res, 0), "bec.and");
  assert_string_equal(medrule_result_recommendation_id(x.res, 6), "bec.code");
  cJSON *j = result_json(&x);
  char buf[512];
  /* and: every term had to hold */
  assert_string_equal(because_of(j, "bec.and", buf, sizeof buf), "b.a=true,b.b=true");
  /* or: the first term that settled it, not the others */
  assert_string_equal(because_of(j, "bec.or", buf, sizeof buf), "b.b=true");
  /* not: the fact that was false */
  assert_string_equal(because_of(j, "bec.not", buf, sizeof buf), "b.c=false");
  assert_string_equal(because_of(j, "bec.mixed", buf, sizeof buf), "b.a=true,n.x=5");
  /* not (c and a): the and was false because of c alone */
  assert_string_equal(because_of(j, "bec.not_and", buf, sizeof buf), "b.c=false");
  /* quantities in their canonical unit, with the unit */
  assert_string_equal(because_of(j, "bec.quantity", buf, sizeof buf), "q.w=50");
  const cJSON *qb = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(find_rec(j, "bec.quantity"), "because"), 0);
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(qb, "unit")->valuestring, "kg");
  assert_string_equal(because_of(j, "bec.code", buf, sizeof buf), "c.k=\"two\",b.a=true");
  /* an or inside an and inside an or: each or by its first true term */
  assert_string_equal(because_of(j, "bec.nested", buf, sizeof buf), "b.a=true,n.x=5,b.b=true");
  harness_release(j);
  fx_close(&x);
}

/* ------------------------------------------------------------ missing facts */

static void test_missing_facts_sorted_by_name(void **state) {
  (void)state;
  const char *pack = PACK_HEAD
    "fact { \"z.last\", type = \"boolean\" }\n"
    "fact { \"m.mid\", type = \"boolean\" }\n"
    "fact { \"a.first\", type = \"boolean\" }\n"
    "fact { \"b.other\", type = \"number\" }\n"
    "fact { \"k.known\", type = \"boolean\" }\n"
    RULE("miss.three", "[[ z.last and a.first and m.mid and k.known ]]")
    RULE("miss.two", "[[ b.other > 1 or m.mid ]]")
    RULE("miss.none", "[[ k.known ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, "{\"k\":{\"known\":true}}"), MEDRULE_OK);
  char buf[512];
  assert_int_equal(medrule_result_unknown_count(x.res), 2);
  assert_int_equal(medrule_result_unknown_rule(x.res, 0), medrule_pack_rule_index(x.pack, "miss.three"));
  assert_int_equal(medrule_result_unknown_rule(x.res, 1), medrule_pack_rule_index(x.pack, "miss.two"));
  assert_string_equal(fx_unknown_missing(&x, "miss.three", buf, sizeof buf), "a.first,m.mid,z.last");
  assert_string_equal(fx_unknown_missing(&x, "miss.two", buf, sizeof buf), "b.other,m.mid");
  /* the union, once each, sorted */
  assert_string_equal(fx_missing_list(&x, buf, sizeof buf), "a.first,b.other,m.mid,z.last");
  /* the same in the JSON */
  const char *json = fx_json(&x);
  assert_contains(json, "\"unknown\":[{\"rule\":\"miss.three\",\"missing\":[\"a.first\",\"m.mid\",\"z.last\"]},"
                        "{\"rule\":\"miss.two\",\"missing\":[\"b.other\",\"m.mid\"]}]");
  assert_contains(json, "\"missing_facts\":[\"a.first\",\"b.other\",\"m.mid\",\"z.last\"]");
  /* out-of-range accessors */
  assert_int_equal(medrule_result_unknown_rule(x.res, 2), -1);
  assert_int_equal(medrule_result_unknown_missing_count(x.res, 5), 0);
  assert_null(medrule_result_unknown_missing(x.res, 0, 3));
  assert_null(medrule_result_unknown_missing(x.res, 0, -1));
  assert_null(medrule_result_missing_fact(x.res, 4));
  assert_int_equal(medrule_result_rule_state(x.res, 3), -1);
  assert_int_equal(medrule_result_rule_state(x.res, -1), -1);
  fx_close(&x);
}

/* The demo pack with everything but the dose known and no contraindication. */
#define DEMO_CLEAN                                                                                  \
  "\"pain\":{\"conditions\":[\"other\"]},\"history\":{\"liver_disease\":\"none\"},"                 \
  "\"response\":{\"pain_before\":5,\"pain_after\":5}"

static void test_dose_per_hour_waits_for_weight(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  assert_int_equal(fx_eval(&x, "{" DEMO_CLEAN ",\"patient\":{\"pregnant\":false},"
                               "\"plan\":{\"infusion_rate\":\"40 mg/h\",\"infusion_duration\":\"2 h\"}}"),
                   MEDRULE_OK);
  /* the rate is unknown until the weight is known: the rate rule is quiet */
  assert_state(&x, "demo.dosing.rate_high", MEDRULE_NOT_APPLICABLE);
  assert_state(&x, "demo.dosing.total_low", MEDRULE_UNKNOWN);
  char buf[512];
  /* the weight is what to ask for, not the rate that was given */
  assert_string_equal(fx_unknown_missing(&x, "demo.dosing.total_low", buf, sizeof buf), "patient.weight");
  assert_string_equal(fx_missing_list(&x, buf, sizeof buf), "patient.weight");
  assert_false(fx_missing_has(&x, "plan.infusion_rate"));
  assert_string_equal(medrule_result_disposition(x.res), "proceed");

  /* now the weight: 40 mg/h at 80 kg is 0.5 mg/kg/h; 0.5 * 80 * 2 = 80 mg */
  assert_int_equal(medrule_facts_set(x.facts, "patient.weight", "80"), MEDRULE_OK);
  assert_int_equal(medrule_evaluate(x.ev, x.facts, x.res), MEDRULE_OK);
  assert_state(&x, "demo.dosing.rate_high", MEDRULE_NOT_FIRED);
  assert_state(&x, "demo.dosing.total_low", MEDRULE_NOT_FIRED);
  assert_int_equal(medrule_result_missing_count(x.res), 0);

  /* 200 mg/h at 80 kg is 2.5 mg/kg/h: above 2 */
  assert_int_equal(medrule_facts_set(x.facts, "plan.infusion_rate", "200 mg/h"), MEDRULE_OK);
  assert_int_equal(medrule_evaluate(x.ev, x.facts, x.res), MEDRULE_OK);
  assert_state(&x, "demo.dosing.rate_high", MEDRULE_FIRED);
  cJSON *j = result_json(&x);
  assert_string_equal(because_of(j, "demo.dosing.rate_high", buf, sizeof buf), "plan.infusion_rate=2.5");
  harness_release(j);
  assert_string_equal(medrule_result_disposition(x.res), "proceed_with_caution");
  fx_close(&x);
}

/* ------------------------------------------------------------ derived facts */

static void test_derived_total_dose(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  char buf[512];
  /* 1 mg/kg/h * 70 kg * 1 h + 0 mg/kg (default bolus) = 70 mg */
  assert_int_equal(fx_eval(&x, "{" DEMO_CLEAN ",\"patient\":{\"pregnant\":false,\"weight\":70},"
                               "\"plan\":{\"infusion_rate\":\"1 mg/kg/h\",\"infusion_duration\":\"1 h\"}}"),
                   MEDRULE_OK);
  assert_state(&x, "demo.dosing.total_low", MEDRULE_FIRED);
  cJSON *j = result_json(&x);
  /* a derived value is followed by the input facts it was derived from */
  assert_string_equal(because_of(j, "demo.dosing.total_low", buf, sizeof buf),
                      "plan.total_dose=70,plan.infusion_rate=1,patient.weight=70,plan.infusion_duration=1,plan.bolus=0");
  const cJSON *b0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(find_rec(j, "demo.dosing.total_low"), "because"), 0);
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(b0, "unit")->valuestring, "mg");
  harness_release(j);

  /* other units: 50 ug/kg/min = 3 mg/kg/h; 3 * 70 * 1.5 = 315 mg */
  assert_int_equal(fx_eval(&x, "{" DEMO_CLEAN ",\"patient\":{\"pregnant\":false,\"weight\":\"70 kg\"},"
                               "\"plan\":{\"infusion_rate\":\"50 ug/kg/min\",\"infusion_duration\":\"90 min\"}}"),
                   MEDRULE_OK);
  assert_state(&x, "demo.dosing.total_low", MEDRULE_NOT_FIRED);

  /* the total unknown names the facts it needs, sorted */
  assert_int_equal(fx_eval(&x, "{" DEMO_CLEAN ",\"patient\":{\"pregnant\":false}}"), MEDRULE_OK);
  assert_state(&x, "demo.dosing.total_low", MEDRULE_UNKNOWN);
  assert_string_equal(fx_unknown_missing(&x, "demo.dosing.total_low", buf, sizeof buf),
                      "patient.weight,plan.infusion_duration,plan.infusion_rate");

  /* a derived (not computed) fact given in the input is taken as given */
  assert_int_equal(fx_eval(&x, "{" DEMO_CLEAN ",\"patient\":{\"pregnant\":false,\"weight\":70},"
                               "\"plan\":{\"infusion_rate\":\"5 mg/kg/h\",\"infusion_duration\":\"2 h\","
                               "\"total_dose\":\"50 mg\"}}"),
                   MEDRULE_OK);
  assert_state(&x, "demo.dosing.total_low", MEDRULE_FIRED);
  fx_close(&x);
}

static void test_derived_total_with_bolus(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  /* 1 mg/kg/h * 70 kg * 0.5 h = 35 mg, + a 50 mg bolus (given in mg, divided
  ** by the weight, multiplied back) = 85 mg */
  assert_int_equal(fx_eval(&x, "{" DEMO_CLEAN ",\"patient\":{\"pregnant\":false,\"weight\":70},"
                               "\"plan\":{\"infusion_rate\":\"1 mg/kg/h\",\"infusion_duration\":\"30 min\","
                               "\"bolus\":\"50 mg\"}}"),
                   MEDRULE_OK);
  assert_state(&x, "demo.dosing.total_low", MEDRULE_NOT_FIRED);
  assert_int_equal(fx_eval(&x, "{" DEMO_CLEAN ",\"patient\":{\"pregnant\":false,\"weight\":70},"
                               "\"plan\":{\"infusion_rate\":\"1 mg/kg/h\",\"infusion_duration\":\"30 min\","
                               "\"bolus\":\"0.1 mg/kg\"}}"),
                   MEDRULE_OK);
  /* 35 + 7 = 42 mg */
  assert_state(&x, "demo.dosing.total_low", MEDRULE_FIRED);
  fx_close(&x);
}

static void test_computed_fact_in_input_rejected(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  const char *json = "{\"response\":{\"pain_before\":8,\"pain_reduction\":\"50 %\"}}";
  assert_int_equal(medrule_facts_load_json(x.facts, json, strlen(json), "in.json", 1, 0), MEDRULE_INPUT);
  assert_contains(medrule_facts_errmsg(x.facts), "in.json");
  assert_contains(medrule_facts_errmsg(x.facts), "response.pain_reduction");
  assert_contains(medrule_facts_errmsg(x.facts), "derived");
  assert_int_equal(medrule_facts_set(x.facts, "response.pain_reduction", "50 %"), MEDRULE_INPUT);
  assert_contains(medrule_facts_errmsg(x.facts), "response.pain_reduction");
  /* it is computed when its inputs are given: (8 - 2) / 8 = 75 % */
  assert_int_equal(fx_eval(&x, "{\"response\":{\"pain_before\":8,\"pain_after\":2}}"), MEDRULE_OK);
  assert_state(&x, "demo.response.positive", MEDRULE_FIRED);
  char buf[256];
  cJSON *j = result_json(&x);
  assert_string_equal(because_of(j, "demo.response.positive", buf, sizeof buf),
                      "response.pain_reduction=75,response.pain_before=8,response.pain_after=2");
  harness_release(j);
  fx_close(&x);
}

/* ------------------------------------------------------------ disposition */

static void test_disposition_demo(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  const char *base = "{" DEMO_CLEAN ",\"patient\":{\"weight\":70%s},\"plan\":{\"infusion_rate\":\"%s\","
                     "\"infusion_duration\":\"1 h\"}}";
  char json[1024];
  struct { const char *pregnant, *rate, *want; } cases[] = {
    {",\"pregnant\":false", "1 mg/kg/h", "proceed"},
    {",\"pregnant\":true", "1 mg/kg/h", "do_not_proceed"},
    {"", "1 mg/kg/h", "insufficient_data"},
    {",\"pregnant\":null", "1 mg/kg/h", "insufficient_data"},
    {",\"pregnant\":false", "3 mg/kg/h", "proceed_with_caution"},
    {",\"pregnant\":true", "3 mg/kg/h", "do_not_proceed"},
    {"", "3 mg/kg/h", "insufficient_data"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    snprintf(json, sizeof json, base, cases[i].pregnant, cases[i].rate);
    assert_int_equal(fx_eval(&x, json), MEDRULE_OK);
    if (strcmp(medrule_result_disposition(x.res), cases[i].want)) {
      print_error("%s: disposition %s, expected %s\n", json, medrule_result_disposition(x.res), cases[i].want);
      fail();
    }
    char expect[64];
    snprintf(expect, sizeof expect, "\"disposition\":\"%s\"", cases[i].want);
    assert_contains(fx_json(&x), expect);
  }
  /* severe liver disease (avoid) stops too */
  assert_int_equal(fx_eval(&x, "{\"history\":{\"liver_disease\":\"severe\"}}"), MEDRULE_OK);
  assert_string_equal(medrule_result_disposition(x.res), "do_not_proceed");
  fx_close(&x);
}

#define POLICY_RULES                                                                                \
  "fact { \"d.a\", type = \"boolean\" }\n"                                                          \
  "fact { \"d.b\", type = \"boolean\" }\n"                                                          \
  "fact { \"d.c\", type = \"boolean\" }\n"                                                          \
  "fact { \"d.d\", type = \"boolean\" }\n"                                                          \
  RULE_CA("dosing.do_not", "dosing", "do_not", "\"d.a\"")                                           \
  RULE_CA("ci.caution", "contraindication", "caution", "\"d.b\"")                                   \
  "rule { id = \"info.stop\", category = \"indication\", action = \"info\", grade = \"A\", "          \
  "certainty = \"high\", text = \"t\", source = { section = \"S\", quote = \"Q\" }, effect = \"stop\", " \
  "when = \"d.c\" }\n"                                                                              \
  "rule { id = \"ci.avoid_none\", category = \"contraindication\", action = \"avoid\", grade = \"A\", " \
  "certainty = \"high\", text = \"t\", source = { section = \"S\", quote = \"Q\" }, effect = \"none\", " \
  "when = \"d.d\" }\n"

static const char *disposition_for(fx *x, const char *json) {
  assert_int_equal(fx_eval(x, json), MEDRULE_OK);
  return medrule_result_disposition(x->res);
}

static void test_disposition_policy(void **state) {
  (void)state;
  fx x;
  fx_open_text(&x, PACK_HEAD POLICY_RULES
               "policy {\n"
               "  stop = { { category = \"contraindication\", actions = { \"do_not\", \"avoid\" } } },\n"
               "  caution = { { actions = { \"caution\" } } },\n"
               "}\n",
               NULL);
  const char *F = "\"a\":false,\"b\":false,\"c\":false,\"d\":false";
  char json[256];
  /* do_not outside the stop category: fires, but does not stop */
  assert_string_equal(disposition_for(&x, "{\"d\":{\"a\":true,\"b\":false,\"c\":false,\"d\":false}}"), "proceed");
  assert_state(&x, "dosing.do_not", MEDRULE_FIRED);
  /* a caution action in a contraindication: caution */
  assert_string_equal(disposition_for(&x, "{\"d\":{\"a\":false,\"b\":true,\"c\":false,\"d\":false}}"),
                      "proceed_with_caution");
  /* effect = "stop" overrides the policy */
  assert_string_equal(disposition_for(&x, "{\"d\":{\"a\":false,\"b\":true,\"c\":true,\"d\":false}}"),
                      "do_not_proceed");
  /* effect = "none" overrides it the other way */
  assert_string_equal(disposition_for(&x, "{\"d\":{\"a\":false,\"b\":false,\"c\":false,\"d\":true}}"), "proceed");
  /* an unknown stop rule: insufficient data; an unknown effect-none rule: no matter */
  assert_string_equal(disposition_for(&x, "{\"d\":{\"a\":false,\"b\":true,\"d\":false}}"), "insufficient_data");
  assert_string_equal(disposition_for(&x, "{\"d\":{\"a\":false,\"b\":false,\"c\":false}}"), "proceed");
  snprintf(json, sizeof json, "{\"d\":{%s}}", F);
  assert_string_equal(disposition_for(&x, json), "proceed");
  fx_close(&x);

  /* without a policy: do_not and avoid stop in any category, caution cautions */
  fx_open_text(&x, PACK_HEAD POLICY_RULES, NULL);
  assert_string_equal(disposition_for(&x, "{\"d\":{\"a\":true,\"b\":false,\"c\":false,\"d\":false}}"),
                      "do_not_proceed");
  assert_string_equal(disposition_for(&x, "{\"d\":{\"a\":false,\"b\":true,\"c\":false,\"d\":false}}"),
                      "proceed_with_caution");
  assert_string_equal(disposition_for(&x, "{\"d\":{\"b\":false,\"c\":false,\"d\":false}}"), "insufficient_data");
  fx_close(&x);
}

/* ------------------------------------------------------------ determinism */

#define RICH_PATIENT                                                                                \
  "{\"patient\":{\"id\":\"p-42\",\"weight\":\"176 [lb_av]\",\"pregnant\":true},"                    \
  "\"pain\":{\"conditions\":[\"crps\",\"fibromyalgia\"]},"                                          \
  "\"plan\":{\"infusion_rate\":\"7 ug/kg/min\",\"bolus\":\"0.35 mg/kg\"},"                          \
  "\"response\":{\"pain_before\":8,\"pain_after\":3},\"unknown\":{\"x\":1}}"

static void test_json_render_is_deterministic(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  const char *json = RICH_PATIENT;
  assert_int_equal(medrule_facts_load_json(x.facts, json, strlen(json), "rich.json", 1, MEDRULE_ALLOW_EXTRA),
                   MEDRULE_OK);
  assert_int_equal(medrule_evaluate(x.ev, x.facts, x.res), MEDRULE_OK);
  const char *out = NULL;
  size_t len = 0;
  assert_int_equal(render(x.res, MEDRULE_FORMAT_JSON, 0, &out, &len), MEDRULE_OK);
  char *first = harness_own(strndup(out, len));
  assert_non_null(first);
  /* one line, ending in a newline, valid JSON, contract 1 */
  assert_true(len > 2 && first[len - 1] == '\n');
  assert_null(memchr(first, '\n', len - 1));
  cJSON *j = harness_keep(json_delete, cJSON_Parse(first));
  assert_non_null(j);
  assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "contract")->valueint, 1);
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "patient"), "id")->valuestring,
                      "p-42");
  assert_string_equal(
    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(j, "patient"), "source")->valuestring,
    "rich.json");
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "disposition")->valuestring, "do_not_proceed");
  char wbuf[1024];
  /* the ignored extra field is a warning of the result */
  assert_contains(warnings_of(j, wbuf, sizeof wbuf), "$.unknown");
  assert_contains(warnings_of(j, wbuf, sizeof wbuf), "ignored");
  harness_release(j);

  /* the same evaluator and result again */
  assert_int_equal(medrule_evaluate(x.ev, x.facts, x.res), MEDRULE_OK);
  assert_int_equal(render(x.res, MEDRULE_FORMAT_JSON, 0, &out, &len), MEDRULE_OK);
  assert_int_equal(len, strlen(first));
  assert_memory_equal(out, first, len);
  /* rendering twice without evaluating */
  assert_int_equal(render(x.res, MEDRULE_FORMAT_JSON, 0, &out, &len), MEDRULE_OK);
  assert_memory_equal(out, first, len);

  /* a second evaluator, result and fact set for the same pack */
  medrule_facts *f2 = harness_keep(harness_facts_free, medrule_facts_new(x.pack));
  medrule_evaluator *ev2 = harness_keep(harness_evaluator_free, medrule_evaluator_new(x.pack, NULL));
  medrule_result *r2 = harness_keep(harness_result_free, medrule_result_new());
  assert_non_null(f2);
  assert_non_null(ev2);
  assert_non_null(r2);
  assert_int_equal(medrule_facts_load_json(f2, json, strlen(json), "rich.json", 1, MEDRULE_ALLOW_EXTRA), MEDRULE_OK);
  assert_int_equal(medrule_evaluate(ev2, f2, r2), MEDRULE_OK);
  assert_int_equal(render(r2, MEDRULE_FORMAT_JSON, 0, &out, &len), MEDRULE_OK);
  assert_int_equal(len, strlen(first));
  assert_memory_equal(out, first, len);
  harness_release(r2);
  harness_release(ev2);
  harness_release(f2);
  /* and a second pack object loaded from the same directory */
  medrule_pack *p2 = NULL;
  assert_int_equal(medrule_pack_open(demo_pack_dir(), NULL, &p2, NULL), MEDRULE_OK);
  fx y;
  fx_from_pack(&y, p2);
  assert_string_equal(medrule_pack_digest(p2), medrule_pack_digest(x.pack));
  assert_int_equal(medrule_facts_load_json(y.facts, json, strlen(json), "rich.json", 1, MEDRULE_ALLOW_EXTRA),
                   MEDRULE_OK);
  assert_int_equal(medrule_evaluate(y.ev, y.facts, y.res), MEDRULE_OK);
  assert_string_equal(fx_json(&y), first);
  fx_close(&y);
  harness_free(first);
  fx_close(&x);
}

static void test_result_reuse_across_patients(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  /* patient A: fires, unknowns, a warning, an id, a source */
  const char *a = RICH_PATIENT;
  assert_int_equal(medrule_facts_load_json(x.facts, a, strlen(a), "a.json", 1, MEDRULE_ALLOW_EXTRA), MEDRULE_OK);
  assert_int_equal(medrule_evaluate(x.ev, x.facts, x.res), MEDRULE_OK);
  assert_true(medrule_result_recommendation_count(x.res) >= 2);
  assert_true(medrule_result_missing_count(x.res) >= 1);
  assert_contains(fx_json(&x), "p-42");

  /* patient B, in the same fact set, evaluator and result */
  const char *b = "{\"patient\":{\"weight\":60,\"pregnant\":false},\"pain\":{\"conditions\":[\"other\"]},"
                  "\"history\":{\"liver_disease\":\"none\"},"
                  "\"plan\":{\"infusion_rate\":\"0.5 mg/kg/h\",\"infusion_duration\":\"4 h\"},"
                  "\"response\":{\"pain_before\":6,\"pain_after\":6}}";
  assert_int_equal(medrule_facts_load_json(x.facts, b, strlen(b), NULL, 1, 0), MEDRULE_OK);
  assert_int_equal(medrule_facts_warning_count(x.facts), 0);
  assert_int_equal(medrule_evaluate(x.ev, x.facts, x.res), MEDRULE_OK);
  char *reused = harness_own(strdup(fx_json(&x)));
  assert_non_null(reused);
  assert_not_contains(reused, "p-42");
  assert_not_contains(reused, "a.json");
  assert_not_contains(reused, "ignored");
  assert_contains(reused, "\"patient\":{\"id\":null,\"source\":null}");
  assert_contains(reused, "\"disposition\":\"proceed\"");
  /* 0.5 * 60 * 4 = 120 mg: nothing fires, nothing is missing */
  assert_int_equal(medrule_result_recommendation_count(x.res), 0);
  assert_int_equal(medrule_result_unknown_count(x.res), 0);
  assert_int_equal(medrule_result_missing_count(x.res), 0);
  assert_contains(reused, "\"recommendations\":[],\"unknown\":[],\"missing_facts\":[],\"warnings\":[]");

  /* byte-identical to a fresh evaluation of B */
  fx y;
  fx_open_demo(&y);
  assert_int_equal(medrule_facts_load_json(y.facts, b, strlen(b), NULL, 1, 0), MEDRULE_OK);
  assert_int_equal(medrule_evaluate(y.ev, y.facts, y.res), MEDRULE_OK);
  assert_string_equal(fx_json(&y), reused);
  fx_close(&y);
  harness_free(reused);

  /* A's pregnancy does not leak into a patient that does not mention it */
  assert_int_equal(fx_eval(&x, "{\"patient\":{\"weight\":60}}"), MEDRULE_OK);
  assert_state(&x, "demo.contraindication.pregnancy", MEDRULE_UNKNOWN);
  /* and medrule_facts_clear forgets everything */
  assert_int_equal(medrule_facts_set(x.facts, "patient.pregnant", "true"), MEDRULE_OK);
  medrule_facts_clear(x.facts);
  assert_int_equal(medrule_evaluate(x.ev, x.facts, x.res), MEDRULE_OK);
  assert_state(&x, "demo.contraindication.pregnancy", MEDRULE_UNKNOWN);
  assert_true(fx_missing_has(&x, "patient.weight"));
  fx_close(&x);
}

/* ------------------------------------------------------------ flat conditions */

/* Conditions run as flat programs (eval_flat.c); one nested deeper than the
** programs allow stays on the tree.  Both must give Kleene's answers, and so
** must a negated and, a condition two rules share, and `applies`. */
static void test_flat_and_tree_conditions_agree(void **state) {
  (void)state;
  /* a.t and (a.f or (a.t and (a.f or ... n.v > 3))): as n.v > 3 when a.t and not a.f */
  char deep[1024] = "[[ ", *w = deep + 3;
  for (int i = 0; i < 20; i++) w += sprintf(w, i % 2 ? "a.f or (" : "a.t and (");
  w += sprintf(w, "n.v > 3");
  for (int i = 0; i < 20; i++) *w++ = ')';
  strcpy(w, " ]]");
  const char *shallow = "[[ a.t and (a.f or (a.t and (a.f or n.v > 3))) ]]";
  char pack[4096];
  snprintf(pack, sizeof pack,
           PACK_HEAD "fact { \"a.t\", type = \"boolean\" }\n"
           "fact { \"a.f\", type = \"boolean\" }\n"
           "fact { \"a.x\", type = \"boolean\" }\n"
           "fact { \"n.v\", type = \"number\" }\n"
           RULE("f.deep", "%s") RULE("f.shallow", "%s")
           RULE("f.nand", "[[ not (a.x and a.t) ]]")
           RULE("f.shared1", "[[ a.x or n.v > 3 ]]") RULE("f.shared2", "[[ a.x or n.v > 3 ]]")
           RULE_APPLIES("f.applies", "[[ not a.f and a.t ]]", "[[ a.x ]]"),
           deep, shallow);
  fx x;
  fx_open_text(&x, pack, NULL);
  static const struct {
    const char *in;
    int deep, shallow, nand, shared, applies;
  } cases[] = {
    {"{\"a\":{\"t\":true,\"f\":false,\"x\":true},\"n\":{\"v\":5}}", MEDRULE_FIRED, MEDRULE_FIRED,
     MEDRULE_NOT_FIRED, MEDRULE_FIRED, MEDRULE_FIRED},
    {"{\"a\":{\"t\":true,\"f\":false,\"x\":false},\"n\":{\"v\":1}}", MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED,
     MEDRULE_FIRED, MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED},
    {"{\"a\":{\"t\":true,\"f\":false}}", MEDRULE_UNKNOWN, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN,
     MEDRULE_UNKNOWN},
    /* a.t false: both false whatever n.v; the and is false, its negation true */
    {"{\"a\":{\"t\":false,\"f\":true}}", MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED, MEDRULE_FIRED, MEDRULE_UNKNOWN,
     MEDRULE_NOT_APPLICABLE},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(fx_eval(&x, cases[i].in), MEDRULE_OK);
    assert_state(&x, "f.deep", cases[i].deep);
    assert_state(&x, "f.shallow", cases[i].shallow);
    assert_state(&x, "f.nand", cases[i].nand);
    assert_state(&x, "f.shared1", cases[i].shared);
    assert_state(&x, "f.shared2", cases[i].shared);
    assert_state(&x, "f.applies", cases[i].applies);
  }
  fx_close(&x);
}

/* Negated leaves of every kind the flat programs have, and an and/or that a
** term settles inside another, known and unknown. */
static void test_flat_negated_leaves(void **state) {
  (void)state;
  const char *pack = PACK_HEAD
    "fact { \"a.t\", type = \"boolean\" }\n"
    "fact { \"n.v\", type = \"number\" }\n"
    "fact { \"c.k\", type = \"code\", values = { \"one\", \"two\" } }\n"
    RULE("g.lt", "[[ not (n.v < 3) ]]") RULE("g.le", "[[ not (n.v <= 3) ]]")
    RULE("g.gt", "[[ not (n.v > 3) ]]") RULE("g.ge", "[[ not (n.v >= 3) ]]")
    RULE("g.eq", "[[ not (n.v == 3) ]]") RULE("g.ne", "[[ not (n.v != 3) ]]")
    RULE("g.known", "[[ not (n.v is known) ]]") RULE("g.bool", "[[ not a.t ]]")
    RULE("g.in", "[[ not (c.k in [\"one\"]) ]]")
    RULE("g.nest", "[[ a.t and not (n.v > 1 or (c.k == \"two\" and n.v < 0)) ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  static const struct {
    const char *in;
    int lt, le, gt, ge, eq, ne, known, b, in_, nest;
  } cases[] = {
    {"{\"a\":{\"t\":true},\"n\":{\"v\":3},\"c\":{\"k\":\"one\"}}", MEDRULE_FIRED, MEDRULE_NOT_FIRED,
     MEDRULE_FIRED, MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED, MEDRULE_FIRED, MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED,
     MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED},
    {"{\"a\":{\"t\":false},\"n\":{\"v\":1},\"c\":{\"k\":\"two\"}}", MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED,
     MEDRULE_FIRED, MEDRULE_FIRED, MEDRULE_FIRED, MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED, MEDRULE_FIRED,
     MEDRULE_FIRED, MEDRULE_NOT_FIRED},
    /* n.v 1, c.k two: the inner and is false, the or false, its negation true */
    {"{\"a\":{\"t\":true},\"n\":{\"v\":1},\"c\":{\"k\":\"two\"}}", MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED,
     MEDRULE_FIRED, MEDRULE_FIRED, MEDRULE_FIRED, MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED,
     MEDRULE_FIRED, MEDRULE_FIRED},
    /* nothing known: negation keeps unknown unknown; known-ness is never unknown */
    {"{}", MEDRULE_UNKNOWN, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN,
     MEDRULE_FIRED, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN},
    /* a.t true, n.v unknown, c.k one: the inner and is false, the or unknown */
    {"{\"a\":{\"t\":true},\"c\":{\"k\":\"one\"}}", MEDRULE_UNKNOWN, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN,
     MEDRULE_UNKNOWN, MEDRULE_UNKNOWN, MEDRULE_UNKNOWN, MEDRULE_FIRED, MEDRULE_NOT_FIRED, MEDRULE_NOT_FIRED,
     MEDRULE_UNKNOWN},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(fx_eval(&x, cases[i].in), MEDRULE_OK);
    assert_state(&x, "g.lt", cases[i].lt);
    assert_state(&x, "g.le", cases[i].le);
    assert_state(&x, "g.gt", cases[i].gt);
    assert_state(&x, "g.ge", cases[i].ge);
    assert_state(&x, "g.eq", cases[i].eq);
    assert_state(&x, "g.ne", cases[i].ne);
    assert_state(&x, "g.known", cases[i].known);
    assert_state(&x, "g.bool", cases[i].b);
    assert_state(&x, "g.in", cases[i].in_);
    assert_state(&x, "g.nest", cases[i].nest);
  }
  fx_close(&x);
}

/* The missing facts of a derived fact are kept per evaluation for the rules
** that wait on it: the next patient, with other facts missing, gets its own. */
static void test_derived_missing_per_patient(void **state) {
  (void)state;
  const char *pack = PACK_HEAD
    "fact { \"a.x\", type = \"boolean\" }\n"
    "fact { \"a.y\", type = \"boolean\" }\n"
    "fact { \"n.v\", type = \"number\" }\n"
    "fact { \"d.inner\", type = \"boolean\", computed = true, derive = \"a.x and n.v > 2\" }\n"
    "fact { \"d.outer\", type = \"boolean\", computed = true, derive = \"d.inner or a.y\" }\n"
    RULE("h.one", "[[ d.outer ]]") RULE("h.two", "[[ not d.outer ]]") RULE("h.three", "[[ d.inner ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  char buf[256];
  static const struct {
    const char *in, *outer, *inner;
  } cases[] = {
    {"{}", "a.x,a.y,n.v", "a.x,n.v"},
    {"{\"a\":{\"x\":true}}", "a.y,n.v", "n.v"},
    {"{\"a\":{\"x\":false}}", "a.y", NULL},
    {"{}", "a.x,a.y,n.v", "a.x,n.v"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(fx_eval(&x, cases[i].in), MEDRULE_OK);
    assert_string_equal(fx_unknown_missing(&x, "h.one", buf, sizeof buf), cases[i].outer);
    assert_string_equal(fx_unknown_missing(&x, "h.two", buf, sizeof buf), cases[i].outer);
    if (cases[i].inner) assert_string_equal(fx_unknown_missing(&x, "h.three", buf, sizeof buf), cases[i].inner);
    else assert_state(&x, "h.three", MEDRULE_NOT_FIRED);
    assert_string_equal(fx_missing_list(&x, buf, sizeof buf), cases[i].outer);
  }
  fx_close(&x);
}

/* ------------------------------------------------------------ division by zero */

static void test_division_by_zero_in_condition(void **state) {
  (void)state;
  const char *pack = PACK_HEAD
    "fact { \"n.a\", type = \"number\" }\n"
    "fact { \"n.b\", type = \"number\" }\n"
    RULE("dz.ratio", "[[ n.a / n.b > 1 ]]")
    RULE("dz.ratio_le", "[[ n.a / n.b <= 1 ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, "{\"n\":{\"a\":4,\"b\":0}}"), MEDRULE_OK);
  /* no value: the comparison is false (either way round), with a warning */
  assert_state(&x, "dz.ratio", MEDRULE_NOT_FIRED);
  assert_state(&x, "dz.ratio_le", MEDRULE_NOT_FIRED);
  assert_int_equal(medrule_result_unknown_count(x.res), 0);
  cJSON *j = result_json(&x);
  char buf[1024];
  const char *w = warnings_of(j, buf, sizeof buf);
  assert_contains(w, "division by zero");
  assert_contains(w, "dz.ratio");
  harness_release(j);
  /* a non-zero divisor: no warning */
  assert_int_equal(fx_eval(&x, "{\"n\":{\"a\":4,\"b\":2}}"), MEDRULE_OK);
  assert_state(&x, "dz.ratio", MEDRULE_FIRED);
  assert_contains(fx_json(&x), "\"warnings\":[]");
  fx_close(&x);
}

/* The warning quotes the division whole: a parenthesized last term keeps
** its closing parenthesis, in the middle of a chain too. */
static void test_division_by_zero_names_the_whole_division(void **state) {
  (void)state;
  const char *pack = PACK_HEAD
    "fact { \"n.a\", type = \"number\" }\n"
    "fact { \"n.b\", type = \"number\" }\n"
    RULE("dz.paren", "[[ n.a / (n.b - 1) > 1 ]]")
    RULE("dz.inner", "[[ n.a / (n.b - 1) * 2  > 1 ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, "{\"n\":{\"a\":4,\"b\":1}}"), MEDRULE_OK);
  cJSON *j = result_json(&x);
  char buf[1024];
  const char *w = warnings_of(j, buf, sizeof buf);
  assert_contains(w, "rule dz.paren: division by zero in 'n.a / (n.b - 1)';");
  assert_contains(w, "rule dz.inner: division by zero in 'n.a / (n.b - 1)';");
  harness_release(j);
  fx_close(&x);
}

static void test_division_by_zero_in_derived_fact(void **state) {
  (void)state;
  /* demo: response.pain_reduction = (before - after) / before */
  fx x;
  fx_open_demo(&x);
  assert_int_equal(fx_eval(&x, "{\"response\":{\"pain_before\":0,\"pain_after\":0}}"), MEDRULE_OK);
  cJSON *j = result_json(&x);
  char buf[1024];
  const char *w = warnings_of(j, buf, sizeof buf);
  if (!strstr(w, "division by zero"))
    print_error("no division-by-zero warning; rule demo.response.positive is %s; JSON: %s\n",
                state_name(fx_state(&x, "demo.response.positive")), fx_json(&x));
  assert_contains(w, "division by zero");
  harness_release(j);
  /* the comparison over a value-less derivation is false, not undecided
  ** with nothing to ask for */
  assert_state(&x, "demo.response.positive", MEDRULE_NOT_FIRED);
  fx_close(&x);
}

/* ------------------------------------------------------------ Lua failures */

#define LUA_RULE(id, body)                                                                          \
  "rule { id = \"" id "\", category = \"response\", action = \"info\", grade = false, certainty = false,\n" \
  "  text = \"t\", source = { section = \"S\", quote = \"Q\" }, reads = { \"x.t\" },\n"             \
  "  when = function(f) " body " end }\n"

static void test_lua_condition_returning_non_boolean(void **state) {
  (void)state;
  const char *pack = PACK_HEAD
    "fact { \"x.t\", type = \"boolean\" }\n"
    RULE("plain.first", "\"x.t\"")
    LUA_RULE("lua.number", "return 42")
    LUA_RULE("lua.string", "return \"yes\"")
    LUA_RULE("lua.ok", "return f[\"x.t\"]")
    RULE("plain.last", "\"x.t\"");
  fx x;
  fx_open_text(&x, pack, NULL);
  assert_int_equal(fx_eval(&x, "{\"x\":{\"t\":true}}"), MEDRULE_RUNTIME);
  /* the failed rules are unknown, every other rule is still evaluated */
  assert_state(&x, "lua.number", MEDRULE_UNKNOWN);
  assert_state(&x, "lua.string", MEDRULE_UNKNOWN);
  assert_state(&x, "plain.first", MEDRULE_FIRED);
  assert_state(&x, "lua.ok", MEDRULE_FIRED);
  assert_state(&x, "plain.last", MEDRULE_FIRED);
  cJSON *j = result_json(&x);
  char buf[1024];
  const char *w = warnings_of(j, buf, sizeof buf);
  assert_contains(w, "lua.number");
  assert_contains(w, "number");
  assert_contains(w, "true, false or nil");
  harness_release(j);

  /* a Lua error inside the function is reported the same way */
  fx_close(&x);
  fx_open_text(&x, PACK_HEAD "fact { \"x.t\", type = \"boolean\" }\n" LUA_RULE("lua.err", "error(\"boom\")"), NULL);
  assert_int_equal(fx_eval(&x, "{\"x\":{\"t\":true}}"), MEDRULE_RUNTIME);
  assert_state(&x, "lua.err", MEDRULE_UNKNOWN);
  j = result_json(&x);
  assert_contains(warnings_of(j, buf, sizeof buf), "boom");
  harness_release(j);
  fx_close(&x);
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void test_lua_endless_loop_is_stopped(void **state) {
  (void)state;
  const char *pack = PACK_HEAD
    "fact { \"x.t\", type = \"boolean\" }\n"
    LUA_RULE("lua.loop", "while true do end")
    LUA_RULE("lua.pcall_loop", "while true do pcall(function() while true do end end) end")
    RULE("plain.after", "\"x.t\"");
  medrule_pack_options opts;
  memset(&opts, 0, sizeof opts);
  opts.call_time_limit_ms = 50;
  fx x;
  fx_open_text(&x, pack, &opts);
  for (int round = 0; round < 2; round++) { /* the limit is re-armed for each call */
    double t0 = now_s();
    assert_int_equal(fx_eval(&x, "{\"x\":{\"t\":true}}"), MEDRULE_RUNTIME);
    double took = now_s() - t0;
    if (took > 2.0) print_error("evaluation took %.2f s with a 50 ms limit per call\n", took);
    assert_true(took < 2.0);
    assert_state(&x, "lua.loop", MEDRULE_UNKNOWN);
    assert_state(&x, "lua.pcall_loop", MEDRULE_UNKNOWN);
    assert_state(&x, "plain.after", MEDRULE_FIRED);
    cJSON *j = result_json(&x);
    char buf[1024];
    const char *w = warnings_of(j, buf, sizeof buf);
    assert_contains(w, "lua.loop");
    assert_contains(w, "time limit");
    harness_release(j);
  }
  fx_close(&x);
}

/* ------------------------------------------------------------ NULL arguments */

/* medrule_pack_lint is declared in medrule.h; it is looked up weakly so that
** this file still links while the library lacks it. */
#pragma weak medrule_pack_lint

static void trace_cb(void *ctx, int node, int part, int depth, const char *text, size_t len, int truth) {
  (void)node, (void)part, (void)depth, (void)text, (void)len, (void)truth;
  ++*(int *)ctx;
}

static void test_null_arguments(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  char *s = (char *)&s;
  medrule_pack *p = (medrule_pack *)&p;

  /* status texts */
  assert_non_null(medrule_errstr(MEDRULE_OK));
  assert_non_null(medrule_errstr(-1));
  assert_non_null(medrule_errstr(12345));
  assert_string_equal(medrule_errstr(MEDRULE_MISUSE), "API misuse");
  medrule_free(NULL);

  /* packs */
  s = (char *)&s;
  assert_int_equal(medrule_pack_open(NULL, NULL, &p, &s), MEDRULE_MISUSE);
  harness_own(s);
  assert_null(p);
  harness_free(s);
  assert_int_equal(medrule_pack_open(demo_pack_dir(), NULL, NULL, NULL), MEDRULE_MISUSE);
  assert_int_equal(medrule_pack_open(NULL, NULL, NULL, NULL), MEDRULE_MISUSE);
  medrule_pack_close(NULL);
  assert_null(medrule_pack_id(NULL));
  assert_null(medrule_pack_version(NULL));
  assert_null(medrule_pack_title(NULL));
  assert_null(medrule_pack_digest(NULL));
  assert_null(medrule_pack_dir(NULL));
  s = (char *)&s;
  assert_int_equal(medrule_pack_describe_json(NULL, &s), MEDRULE_MISUSE);
  assert_int_equal(medrule_pack_describe_json(x.pack, NULL), MEDRULE_MISUSE);
  if (medrule_pack_lint) {
    s = (char *)&s;
    assert_int_equal(medrule_pack_lint(NULL, NULL, &s), MEDRULE_MISUSE);
    assert_int_equal(medrule_pack_lint(x.pack, NULL, NULL), MEDRULE_MISUSE);
  }
  assert_int_equal(medrule_pack_rule_count(NULL), 0);
  assert_null(medrule_pack_rule_id(NULL, 0));
  assert_null(medrule_pack_rule_id(x.pack, -1));
  assert_null(medrule_pack_rule_id(x.pack, medrule_pack_rule_count(x.pack)));
  assert_int_equal(medrule_pack_rule_index(NULL, "demo.indication.crps"), -1);
  assert_int_equal(medrule_pack_rule_index(x.pack, NULL), -1);
  assert_int_equal(medrule_pack_rule_index(x.pack, "no.such.rule"), -1);
  assert_int_equal(medrule_pack_fact_count(NULL), 0);
  assert_null(medrule_pack_fact_name(NULL, 0));
  assert_null(medrule_pack_fact_name(x.pack, -1));
  assert_null(medrule_pack_fact_name(x.pack, medrule_pack_fact_count(x.pack)));

  /* facts */
  assert_null(medrule_facts_new(NULL));
  medrule_facts_free(NULL);
  medrule_facts_clear(NULL);
  assert_int_equal(medrule_facts_load_json(NULL, "{}", 2, NULL, 1, 0), MEDRULE_MISUSE);
  assert_int_equal(medrule_facts_load_json(x.facts, NULL, 5, NULL, 1, 0), MEDRULE_MISUSE);
  assert_int_equal(medrule_facts_set(NULL, "patient.weight", "80"), MEDRULE_MISUSE);
  assert_int_equal(medrule_facts_set(x.facts, NULL, "80"), MEDRULE_MISUSE);
  assert_int_equal(medrule_facts_set(x.facts, "patient.weight", NULL), MEDRULE_MISUSE);
  assert_non_null(medrule_facts_errmsg(NULL));
  assert_non_null(medrule_facts_errmsg(x.facts));
  assert_int_equal(medrule_facts_warning_count(NULL), 0);
  assert_null(medrule_facts_warning(NULL, 0));
  assert_null(medrule_facts_warning(x.facts, 0));
  assert_null(medrule_facts_warning(x.facts, -1));

  /* evaluators and results */
  s = (char *)&s;
  assert_null(medrule_evaluator_new(NULL, &s));
  assert_null(s);
  assert_null(medrule_evaluator_new(NULL, NULL));
  medrule_evaluator_free(NULL);
  medrule_result_free(NULL);
  assert_int_equal(medrule_evaluate(NULL, x.facts, x.res), MEDRULE_MISUSE);
  assert_int_equal(medrule_evaluate(x.ev, NULL, x.res), MEDRULE_MISUSE);
  assert_int_equal(medrule_evaluate(x.ev, x.facts, NULL), MEDRULE_MISUSE);
  assert_int_equal(medrule_evaluate(NULL, NULL, NULL), MEDRULE_MISUSE);

  /* accessors of NULL and of a result never evaluated */
  medrule_result *fresh = harness_keep(harness_result_free, medrule_result_new());
  assert_non_null(fresh);
  const medrule_result *rs[2] = {NULL, fresh};
  for (int i = 0; i < 2; i++) {
    assert_null(medrule_result_disposition(rs[i]));
    assert_int_equal(medrule_result_rule_state(rs[i], 0), -1);
    assert_int_equal(medrule_result_recommendation_count(rs[i]), 0);
    assert_null(medrule_result_recommendation_id(rs[i], 0));
    assert_int_equal(medrule_result_missing_count(rs[i]), 0);
    assert_null(medrule_result_missing_fact(rs[i], 0));
    assert_int_equal(medrule_result_unknown_count(rs[i]), 0);
    assert_int_equal(medrule_result_unknown_rule(rs[i], 0), -1);
    assert_int_equal(medrule_result_unknown_missing_count(rs[i], 0), 0);
    assert_null(medrule_result_unknown_missing(rs[i], 0, 0));
  }
  const char *out = NULL;
  size_t len = 0;
  assert_int_equal(render(NULL, MEDRULE_FORMAT_JSON, 0, &out, &len), MEDRULE_MISUSE);
  assert_int_equal(render(fresh, MEDRULE_FORMAT_JSON, 0, &out, &len), MEDRULE_MISUSE);
  assert_int_equal(render(fresh, MEDRULE_FORMAT_TEXT, 0, &out, &len), MEDRULE_MISUSE);
  harness_release(fresh);

  /* an evaluated result: NULL out, bad format */
  assert_int_equal(fx_eval(&x, "{}"), MEDRULE_OK);
  assert_int_equal(render(x.res, MEDRULE_FORMAT_JSON, 0, NULL, &len), MEDRULE_MISUSE);
  assert_int_equal(render(x.res, 99, 0, &out, &len), MEDRULE_MISUSE);
  assert_int_equal(render(x.res, -1, 0, &out, &len), MEDRULE_MISUSE);
  /* len may be NULL; every format renders; NULL options mean JSON; an options
  ** struct smaller than its first fields is misuse */
  assert_int_equal(render(x.res, MEDRULE_FORMAT_JSON, 0, &out, NULL), MEDRULE_OK);
  assert_int_equal(render(x.res, MEDRULE_FORMAT_TEXT, 0, &out, NULL), MEDRULE_OK);
  assert_int_equal(render(x.res, MEDRULE_FORMAT_CARDS, MEDRULE_RENDER_COLOR, &out, NULL), MEDRULE_OK);
  assert_int_equal(medrule_result_render(x.res, NULL, &out, &len), MEDRULE_OK);
  assert_true(len > 0 && out[0] == '{' && strstr(out, "\"disposition_reasons\":[") != NULL);
  medrule_render_options tiny = {sizeof(size_t), MEDRULE_FORMAT_TEXT, 0, 0};
  assert_int_equal(medrule_result_render(x.res, &tiny, &out, &len), MEDRULE_MISUSE);

  /* explain and trace */
  s = (char *)&s;
  assert_int_equal(medrule_explain_rule(NULL, x.facts, 0, 0, &s), MEDRULE_MISUSE);
  assert_null(s);
  assert_int_equal(medrule_explain_rule(x.ev, NULL, 0, 0, &s), MEDRULE_MISUSE);
  assert_int_equal(medrule_explain_rule(x.ev, x.facts, 0, 0, NULL), MEDRULE_MISUSE);
  assert_int_equal(medrule_explain_rule(x.ev, x.facts, -1, 0, &s), MEDRULE_MISUSE);
  assert_int_equal(medrule_explain_rule(x.ev, x.facts, medrule_pack_rule_count(x.pack), 1, &s), MEDRULE_MISUSE);
  assert_int_equal(medrule_explain_rule(x.ev, x.facts, 0, 1, &s), MEDRULE_OK);
  harness_own(s);
  assert_contains(s, "demo.indication.crps");
  harness_free(s);
  int calls = 0;
  assert_int_equal(medrule_trace_rule(NULL, x.facts, 0, trace_cb, &calls), MEDRULE_MISUSE);
  assert_int_equal(medrule_trace_rule(x.ev, NULL, 0, trace_cb, &calls), MEDRULE_MISUSE);
  assert_int_equal(medrule_trace_rule(x.ev, x.facts, 0, NULL, &calls), MEDRULE_MISUSE);
  assert_int_equal(medrule_trace_rule(x.ev, x.facts, 999, trace_cb, &calls), MEDRULE_MISUSE);
  assert_int_equal(calls, 0);
  assert_int_equal(medrule_trace_rule(x.ev, x.facts, 0, trace_cb, &calls), MEDRULE_OK);
  assert_true(calls >= 1);

  /* facts of another pack */
  fx y;
  fx_open_text(&y, PACK_HEAD "fact { \"a.b\", type = \"boolean\" }\n" RULE("r", "\"a.b\""), NULL);
  assert_int_equal(medrule_evaluate(x.ev, y.facts, x.res), MEDRULE_MISUSE);
  assert_int_equal(medrule_evaluate(y.ev, x.facts, y.res), MEDRULE_MISUSE);
  s = (char *)&s;
  assert_int_equal(medrule_explain_rule(x.ev, y.facts, 0, 0, &s), MEDRULE_MISUSE);
  assert_int_equal(medrule_trace_rule(y.ev, x.facts, 0, trace_cb, &calls), MEDRULE_MISUSE);
  fx_close(&y);
  fx_close(&x);
}

/* medrule_result_render_swap: the same bytes as medrule_result_render, and
** the buffers change places, so two renders hand back each other's buffer. */
static void test_render_swap(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  char *buf = NULL;
  size_t len = 7, cap = 0;
  medrule_result *fresh = medrule_result_new();
  assert_int_equal(medrule_result_render_swap(fresh, NULL, &buf, &len, &cap), MEDRULE_MISUSE);
  medrule_result_free(fresh);
  const char *a = RICH_PATIENT;
  assert_int_equal(medrule_facts_load_json(x.facts, a, strlen(a), "a.json", 1, MEDRULE_ALLOW_EXTRA), MEDRULE_OK);
  assert_int_equal(medrule_evaluate(x.ev, x.facts, x.res), MEDRULE_OK);
  const char *text;
  size_t n;
  assert_int_equal(medrule_result_render(x.res, NULL, &text, &n), MEDRULE_OK);
  char *want = harness_own(strdup(text));
  assert_int_equal(medrule_result_render_swap(x.res, NULL, NULL, &len, &cap), MEDRULE_MISUSE);
  assert_int_equal(medrule_result_render_swap(x.res, NULL, &buf, NULL, &cap), MEDRULE_MISUSE);
  assert_int_equal(medrule_result_render_swap(x.res, NULL, &buf, &len, NULL), MEDRULE_MISUSE);
  char stack[8];
  char *odd = stack;
  assert_int_equal(medrule_result_render_swap(x.res, NULL, &odd, &len, &cap), MEDRULE_MISUSE); /* cap 0 */
  assert_ptr_equal(odd, stack);

  assert_int_equal(medrule_result_render_swap(x.res, NULL, &buf, &len, &cap), MEDRULE_OK);
  assert_non_null(buf);
  assert_int_equal(len, n);
  assert_true(cap > len && buf[len] == 0);
  assert_string_equal(buf, want);
  /* the result renders again into a buffer of its own */
  assert_int_equal(medrule_result_render(x.res, NULL, &text, &n), MEDRULE_OK);
  assert_string_equal(text, want);
  assert_true(text != buf);
  /* a second swap hands back the buffer just rendered into and keeps buf */
  char *first = buf;
  const char *second = text;
  assert_int_equal(medrule_result_render_swap(x.res, NULL, &buf, &len, &cap), MEDRULE_OK);
  assert_ptr_equal(buf, second);
  assert_string_equal(buf, want);
  medrule_render_options screen = {sizeof screen, MEDRULE_FORMAT_SCREEN, 0, 0};
  assert_int_equal(medrule_result_render(x.res, &screen, &text, &n), MEDRULE_OK);
  assert_ptr_equal(text, first);
  assert_int_equal(text[0], '{');
  medrule_free(buf);
  harness_free(want);
  fx_close(&x);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_because_lists),
    harness_test(test_missing_facts_sorted_by_name),
    harness_test(test_dose_per_hour_waits_for_weight),
    harness_test(test_derived_total_dose),
    harness_test(test_derived_total_with_bolus),
    harness_test(test_flat_negated_leaves),
    harness_test(test_derived_missing_per_patient),
    harness_test(test_computed_fact_in_input_rejected),
    harness_test(test_disposition_demo),
    harness_test(test_disposition_policy),
    harness_test(test_json_render_is_deterministic),
    harness_test(test_result_reuse_across_patients),
    harness_test(test_flat_and_tree_conditions_agree),
    harness_test(test_division_by_zero_in_condition),
    harness_test(test_division_by_zero_names_the_whole_division),
    harness_test(test_division_by_zero_in_derived_fact),
    harness_test(test_lua_condition_returning_non_boolean),
    harness_test(test_lua_endless_loop_is_stopped),
    harness_test(test_null_arguments),
    harness_test(test_render_swap),
  };
  return cmocka_run_group_tests_name("eval", tests, NULL, NULL);
}
