/* test_compile.c — the condition compiler and pack loader, through
** medrule_pack_open on small temporary packs: every form the rule language
** documents compiles and evaluates as documented, and every load error is
** MEDRULE_PACK with a message naming file:line(:col), the rule and why. */
#include "harness.h"

/* ------------------------------------------------------------ accepted forms */

#define FORM_FACTS                                                                                  \
  "fact { \"patient.weight\", type = \"quantity\", unit = \"kg\" }\n"                               \
  "fact { \"patient.height\", type = \"quantity\", unit = \"cm\" }\n"                               \
  "fact { \"patient.age\", type = \"quantity\", unit = \"a\" }\n"                                   \
  "fact { \"plan.infusion_rate\", type = \"quantity\", unit = \"mg/kg/h\" }\n"                      \
  "fact { \"plan.infusion_duration\", type = \"quantity\", unit = \"h\" }\n"                        \
  "fact { \"plan.bolus\", type = \"quantity\", unit = \"mg/kg\" }\n"                                \
  "fact { \"plan.route\", type = \"code\", values = { \"iv\", \"subcutaneous\", \"oral\" } }\n"     \
  "fact { \"route.previous\", type = \"code\", values = { \"iv\", \"subcutaneous\", \"oral\" } }\n" \
  "fact { \"pain.conditions\", type = \"codes\",\n"                                                 \
  "       values = { \"crps\", \"fibromyalgia\", \"mixed_neuropathic\", \"other\" } }\n"            \
  "fact { \"pain.refractory\", type = \"boolean\" }\n"                                              \
  "fact { \"history.liver_disease\", type = \"code\", values = { \"none\", \"mild\", \"moderate\", \"severe\" } }\n" \
  "fact { \"history.psychosis\", type = \"code\", values = { \"none\", \"past\", \"active\" } }\n"  \
  "fact { \"history.glaucoma\", type = \"boolean\" }\n"                                             \
  "fact { \"history.elevated_iop\", type = \"boolean\" }\n"                                         \
  "fact { \"response.pain_before\", type = \"number\" }\n"                                          \
  "fact { \"response.pain_after\", type = \"number\" }\n"                                           \
  "fact { \"vitals.sbp\", type = \"quantity\", unit = \"mm[Hg]\" }\n"                               \
  "fact { \"vitals.urine\", type = \"quantity\", unit = \"mL/h\" }\n"                               \
  "fact { \"score.asa\", type = \"number\" }\n"

static const char FORMS_PACK[] = PACK_HEAD FORM_FACTS
  /* numbers and quantities in UCUM units, compared after exact conversion */
  RULE("num.rate_ge_1", "[[ plan.infusion_rate >= 1 mg/kg/h ]]")
  RULE("num.rate_eq_042", "[[ plan.infusion_rate == 0.42 mg/kg/h ]]")
  RULE("num.rate_eq_ug", "[[ plan.infusion_rate == 7 ug/kg/min ]]")
  RULE("num.rate_eq_mcg", "[[ plan.infusion_rate == 7 mcg/kg/min ]]")
  RULE("num.bolus", "[[ plan.bolus == 0.35 mg/kg ]]")
  RULE("num.age_ge", "[[ patient.age >= 65 a ]]")
  RULE("num.age_gt", "[[ patient.age > 65 a ]]")
  RULE("num.age_months", "[[ patient.age == 780 mo ]]")
  RULE("num.pct_ge", "[[ (response.pain_before - response.pain_after) / response.pain_before >= 30 % ]]")
  RULE("num.pct_gt", "[[ (response.pain_before - response.pain_after) / response.pain_before > 30 % ]]")
  RULE("num.plain_lt", "[[ score.asa < 3 ]]")
  RULE("num.plain_le", "[[ score.asa <= 2 ]]")
  RULE("num.plain_ne", "[[ score.asa != 2 ]]")
  RULE("num.plain_eq_dec", "[[ score.asa == 2.0 ]]")
  RULE("num.sci", "[[ score.asa * 1e2 == 200 ]]")
  RULE("num.pressure", "[[ vitals.sbp >= 120 mmHg ]]")
  RULE("num.pressure_ucum", "[[ vitals.sbp < 120 mm[Hg] ]]")
  RULE("num.volume", "[[ vitals.urine == 500 mL/h ]]")
  RULE("num.height", "[[ patient.height is unknown ]]")
  /* arithmetic with unit algebra: mg/kg/h * kg * h is mg */
  RULE("arith.total_ge_80", "[[ plan.infusion_rate * patient.weight * plan.infusion_duration >= 80 mg ]]")
  RULE("arith.total_ge_85", "[[ plan.infusion_rate * patient.weight * plan.infusion_duration >= 85 mg ]]")
  RULE("arith.total_in_g", "[[ plan.infusion_rate * patient.weight * plan.infusion_duration < 0.085 g ]]")
  RULE("arith.bolus_mg", "[[ plan.bolus * patient.weight > 27.9 mg and plan.bolus * patient.weight < 28.1 mg ]]")
  RULE("arith.add_units", "[[ plan.infusion_duration + 30 min == 3 h ]]")
  RULE("arith.per_time", "[[ plan.infusion_rate * patient.weight > 33 mg/h ]]")
  /* precedence: or < and < not < comparison < + - < * / < unary - */
  RULE("prec.or_and", "[[ pain.refractory or history.glaucoma and history.glaucoma ]]")
  RULE("prec.not_and", "[[ not history.glaucoma and history.glaucoma ]]")
  RULE("prec.not_cmp", "[[ not score.asa > 5 ]]")
  RULE("prec.add_mul", "[[ score.asa + 3 * 2 == 8 ]]")
  RULE("prec.sub_left", "[[ score.asa - 1 - 1 == 0 ]]")
  RULE("prec.div_left", "[[ score.asa / score.asa / score.asa == 0.5 ]]")
  RULE("prec.neg", "[[ -score.asa * 2 == -4 ]]")
  RULE("prec.and_or_cmp", "[[ score.asa > 1 and score.asa < 3 or history.glaucoma ]]")
  RULE("prec.parens", "[[ (pain.refractory or history.glaucoma) and history.glaucoma ]]")
  /* codes, lists and `in` three ways */
  RULE("code.crps_refractory", "[[ \"crps\" in pain.conditions and pain.refractory ]]")
  RULE("code.or_single_quotes", "[[ history.liver_disease == \"severe\" or history.psychosis == 'active' ]]")
  RULE("code.eq_false", "[[ history.liver_disease == 'severe' ]]")
  RULE("code.ne", "[[ history.liver_disease != \"none\" ]]")
  RULE("code.in_list", "[[ plan.route in [\"iv\", \"subcutaneous\"] ]]")
  RULE("code.in_list_false", "[[ plan.route in [\"oral\"] ]]")
  RULE("code.not_in_list", "[[ plan.route not in [\"oral\", \"subcutaneous\"] ]]")
  RULE("code.list_in_fact_false", "[[ [\"mixed_neuropathic\", \"fibromyalgia\"] in pain.conditions ]]")
  RULE("code.list_in_fact", "[[ [\"fibromyalgia\", \"other\"] in pain.conditions ]]")
  RULE("code.fact_in_list", "[[ pain.conditions in [\"fibromyalgia\"] ]]")
  RULE("code.not_in_fact", "[[ \"fibromyalgia\" not in pain.conditions ]]")
  RULE("code.fact_eq_fact", "[[ plan.route == route.previous ]]")
  /* booleans */
  RULE("bool.eq_true", "[[ pain.refractory == true ]]")
  RULE("bool.ne_false", "[[ history.glaucoma != false ]]")
  RULE("bool.true", "[[ true ]]")
  RULE("bool.false", "[[ false ]]")
  RULE("bool.bare", "\"pain.refractory\"")
  /* is known / is unknown / is not known, not ( ... ) */
  RULE("is.known", "[[ patient.weight is known ]]")
  RULE("is.unknown", "[[ patient.weight is unknown ]]")
  RULE("is.not_known", "[[ patient.height is not known ]]")
  RULE("not.paren", "[[ not (history.glaucoma or history.elevated_iop) ]]")
  /* comments to the end of the line, and conditions over several lines */
  "rule { id = \"comment.multi\", category = \"indication\", action = \"info\", grade = \"A\",\n"
  "  certainty = \"high\", text = \"t\", source = { section = \"S\", quote = \"Q\" },\n"
  "  when = [[ pain.refractory -- failed other treatment (see 'section 2'\n"
  "           and \"crps\" in pain.conditions -- and not \"fibromyalgia\"\n"
  "         ]] }\n"
  RULE("comment.hides_rest", "\"pain.refractory -- and false\"");

/* Patient A: 0.42 mg/kg/h for 2.5 h at 80 kg is 84 mg. */
static const char PATIENT_A[] =
  "{\"patient\":{\"weight\":\"80 kg\",\"age\":\"780 mo\"},"
  "\"plan\":{\"infusion_rate\":\"7 ug/kg/min\",\"infusion_duration\":\"150 min\",\"bolus\":\"0.35 mg/kg\","
  "\"route\":\"iv\"},"
  "\"pain\":{\"conditions\":[\"crps\",\"other\"],\"refractory\":true},"
  "\"history\":{\"liver_disease\":\"mild\",\"psychosis\":\"active\",\"glaucoma\":false,\"elevated_iop\":false},"
  "\"response\":{\"pain_before\":10,\"pain_after\":7},"
  "\"vitals\":{\"sbp\":\"120 mm[Hg]\",\"urine\":\"0.5 L/h\"},"
  "\"score\":{\"asa\":2},\"route\":{\"previous\":\"iv\"}}";

/* Patient B flips most of them. */
static const char PATIENT_B[] =
  "{\"patient\":{\"weight\":\"50 kg\",\"age\":\"64 a\",\"height\":\"170 cm\"},"
  "\"plan\":{\"infusion_rate\":\"1.2 mg/kg/h\",\"infusion_duration\":\"1 h\",\"bolus\":\"0 mg/kg\","
  "\"route\":\"oral\"},"
  "\"pain\":{\"conditions\":[\"fibromyalgia\"],\"refractory\":false},"
  "\"history\":{\"liver_disease\":\"none\",\"psychosis\":\"none\",\"glaucoma\":true,\"elevated_iop\":false},"
  "\"response\":{\"pain_before\":10,\"pain_after\":8},"
  "\"vitals\":{\"sbp\":\"119 mmHg\",\"urine\":\"400 mL/h\"},"
  "\"score\":{\"asa\":3},\"route\":{\"previous\":\"iv\"}}";

static void test_accepted_forms_patient_a(void **state) {
  (void)state;
  fx x;
  fx_open_text(&x, FORMS_PACK, NULL);
  assert_int_equal(fx_eval(&x, PATIENT_A), MEDRULE_OK);
  assert_state(&x, "num.rate_ge_1", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.rate_eq_042", MEDRULE_FIRED);
  assert_state(&x, "num.rate_eq_ug", MEDRULE_FIRED);
  assert_state(&x, "num.rate_eq_mcg", MEDRULE_FIRED);
  assert_state(&x, "num.bolus", MEDRULE_FIRED);
  assert_state(&x, "num.age_ge", MEDRULE_FIRED);
  assert_state(&x, "num.age_gt", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.age_months", MEDRULE_FIRED);
  assert_state(&x, "num.pct_ge", MEDRULE_FIRED);
  assert_state(&x, "num.pct_gt", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.plain_lt", MEDRULE_FIRED);
  assert_state(&x, "num.plain_le", MEDRULE_FIRED);
  assert_state(&x, "num.plain_ne", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.plain_eq_dec", MEDRULE_FIRED);
  assert_state(&x, "num.sci", MEDRULE_FIRED);
  assert_state(&x, "num.pressure", MEDRULE_FIRED);
  assert_state(&x, "num.pressure_ucum", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.volume", MEDRULE_FIRED);
  assert_state(&x, "num.height", MEDRULE_FIRED);
  assert_state(&x, "arith.total_ge_80", MEDRULE_FIRED);
  assert_state(&x, "arith.total_ge_85", MEDRULE_NOT_FIRED);
  assert_state(&x, "arith.total_in_g", MEDRULE_FIRED);
  assert_state(&x, "arith.bolus_mg", MEDRULE_FIRED);
  assert_state(&x, "arith.add_units", MEDRULE_FIRED);
  assert_state(&x, "arith.per_time", MEDRULE_FIRED);
  assert_state(&x, "prec.or_and", MEDRULE_FIRED);
  assert_state(&x, "prec.not_and", MEDRULE_NOT_FIRED);
  assert_state(&x, "prec.not_cmp", MEDRULE_FIRED);
  assert_state(&x, "prec.add_mul", MEDRULE_FIRED);
  assert_state(&x, "prec.sub_left", MEDRULE_FIRED);
  assert_state(&x, "prec.div_left", MEDRULE_FIRED);
  assert_state(&x, "prec.neg", MEDRULE_FIRED);
  assert_state(&x, "prec.and_or_cmp", MEDRULE_FIRED);
  assert_state(&x, "prec.parens", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.crps_refractory", MEDRULE_FIRED);
  assert_state(&x, "code.or_single_quotes", MEDRULE_FIRED);
  assert_state(&x, "code.eq_false", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.ne", MEDRULE_FIRED);
  assert_state(&x, "code.in_list", MEDRULE_FIRED);
  assert_state(&x, "code.in_list_false", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.not_in_list", MEDRULE_FIRED);
  assert_state(&x, "code.list_in_fact_false", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.list_in_fact", MEDRULE_FIRED);
  assert_state(&x, "code.fact_in_list", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.not_in_fact", MEDRULE_FIRED);
  assert_state(&x, "code.fact_eq_fact", MEDRULE_FIRED);
  assert_state(&x, "bool.eq_true", MEDRULE_FIRED);
  assert_state(&x, "bool.ne_false", MEDRULE_NOT_FIRED);
  assert_state(&x, "bool.true", MEDRULE_FIRED);
  assert_state(&x, "bool.false", MEDRULE_NOT_FIRED);
  assert_state(&x, "bool.bare", MEDRULE_FIRED);
  assert_state(&x, "is.known", MEDRULE_FIRED);
  assert_state(&x, "is.unknown", MEDRULE_NOT_FIRED);
  assert_state(&x, "is.not_known", MEDRULE_FIRED);
  assert_state(&x, "not.paren", MEDRULE_FIRED);
  assert_state(&x, "comment.multi", MEDRULE_FIRED);
  assert_state(&x, "comment.hides_rest", MEDRULE_FIRED);
  /* every fact was given: nothing is unknown */
  assert_int_equal(medrule_result_unknown_count(x.res), 0);
  fx_close(&x);
}

static void test_accepted_forms_patient_b(void **state) {
  (void)state;
  fx x;
  fx_open_text(&x, FORMS_PACK, NULL);
  assert_int_equal(fx_eval(&x, PATIENT_B), MEDRULE_OK);
  assert_state(&x, "num.rate_ge_1", MEDRULE_FIRED);
  assert_state(&x, "num.rate_eq_042", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.age_ge", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.pct_ge", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.plain_lt", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.plain_ne", MEDRULE_FIRED);
  assert_state(&x, "num.pressure", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.pressure_ucum", MEDRULE_FIRED);
  assert_state(&x, "num.volume", MEDRULE_NOT_FIRED);
  assert_state(&x, "num.height", MEDRULE_NOT_FIRED);
  /* 1.2 mg/kg/h * 50 kg * 1 h = 60 mg */
  assert_state(&x, "arith.total_ge_80", MEDRULE_NOT_FIRED);
  assert_state(&x, "arith.total_in_g", MEDRULE_FIRED);
  assert_state(&x, "arith.add_units", MEDRULE_NOT_FIRED);
  assert_state(&x, "prec.or_and", MEDRULE_FIRED);
  assert_state(&x, "prec.parens", MEDRULE_FIRED);
  assert_state(&x, "prec.add_mul", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.crps_refractory", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.or_single_quotes", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.ne", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.in_list", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.in_list_false", MEDRULE_FIRED);
  assert_state(&x, "code.not_in_list", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.list_in_fact_false", MEDRULE_FIRED);
  assert_state(&x, "code.fact_in_list", MEDRULE_FIRED);
  assert_state(&x, "code.not_in_fact", MEDRULE_NOT_FIRED);
  assert_state(&x, "code.fact_eq_fact", MEDRULE_NOT_FIRED);
  assert_state(&x, "bool.eq_true", MEDRULE_NOT_FIRED);
  assert_state(&x, "bool.ne_false", MEDRULE_FIRED);
  assert_state(&x, "not.paren", MEDRULE_NOT_FIRED);
  assert_state(&x, "comment.multi", MEDRULE_NOT_FIRED);
  assert_state(&x, "comment.hides_rest", MEDRULE_NOT_FIRED);
  fx_close(&x);
}

/* `+ - * /` are documented arithmetic: a number literal followed by
** " / " is a division, not a number with a unit. */
static void test_number_literal_then_division(void **state) {
  (void)state;
  const char *text = PACK_HEAD FORM_FACTS
    RULE("div.literals", "[[ 12 / 2 / 3 == score.asa ]]")
    RULE("div.literal_by_fact", "[[ 1 / score.asa < 1 ]]");
  fx x;
  fx_open_text(&x, text, NULL);
  assert_int_equal(fx_eval(&x, "{\"score\":{\"asa\":2}}"), MEDRULE_OK);
  assert_state(&x, "div.literals", MEDRULE_FIRED);
  assert_state(&x, "div.literal_by_fact", MEDRULE_FIRED);
  fx_close(&x);
}

static void test_include_sibling_file(void **state) {
  (void)state;
  char *dir = pack_write(PACK_HEAD "include \"facts.lua\"\ninclude \"rules-1.lua\"\n");
  pack_add_file(dir, "facts.lua", "fact { \"a.b\", type = \"boolean\" }\n");
  pack_add_file(dir, "rules-1.lua", RULE("inc.rule", "[[ a.b ]]"));
  medrule_pack *p = NULL;
  char *err = NULL;
  int rc = medrule_pack_open(dir, NULL, &p, &err);
  if (rc) print_error("%s\n", err);
  harness_own(err);
  assert_int_equal(rc, MEDRULE_OK);
  assert_null(err);
  harness_keep(harness_pack_close, p);
  assert_int_equal(medrule_pack_fact_count(p), 1);
  assert_string_equal(medrule_pack_fact_name(p, 0), "a.b");
  assert_int_equal(medrule_pack_rule_index(p, "inc.rule"), 0);
  assert_string_equal(medrule_pack_id(p), "t");
  assert_string_equal(medrule_pack_version(p), "1.0.0");
  assert_string_equal(medrule_pack_title(p), "test pack");
  assert_string_equal(medrule_pack_dir(p), dir);
  assert_true(strncmp(medrule_pack_digest(p), "sha256:", 7) == 0);
  assert_int_equal(strlen(medrule_pack_digest(p)), 7 + 64);
  harness_release(p);
  pack_remove(dir);
}

/* ------------------------------------------------------------ load errors */

#define BASE_FACTS                                                                                  \
  "fact { \"patient.weight\", type = \"quantity\", unit = \"kg\" }\n"                               \
  "fact { \"plan.bolus\", type = \"quantity\", unit = \"mg/kg\", per = \"patient.weight\" }\n"      \
  "fact { \"plan.infusion_duration\", type = \"quantity\", unit = \"h\" }\n"                        \
  "fact { \"plan.route\", type = \"code\", values = { \"iv\", \"subcutaneous\" } }\n"               \
  "fact { \"history.liver_disease\", type = \"code\", values = { \"none\", \"mild\", \"severe\" } }\n" \
  "fact { \"pain.refractory\", type = \"boolean\" }\n"                                              \
  "fact { \"score.asa\", type = \"number\" }\n"

/* A failed load: the message, and the location it must begin with. */
typedef struct perr {
  char *msg;
  char where[600];
} perr;

/* Opens `text`, which must fail with MEDRULE_PACK, no pack and a message
** containing every string of the NULL-terminated list.  The location the
** message must begin with, "DIR/FILE:LINE:COL: " (":COL" left out when col
** is 0), is kept for assert_located(), which tests call last so that the
** other checks run even when the location is wrong. */
static perr vload_fail(const char *text, const char *file, int line, int col, va_list ap) {
  perr e;
  medrule_pack *p = (medrule_pack *)&p; /* must be reset to NULL */
  char *dir = NULL;
  e.msg = NULL;
  int rc = pack_open_text(text, NULL, &p, &e.msg, &dir);
  if (rc != MEDRULE_PACK)
    print_error("status %d (%s), message: %s\n", rc, medrule_errstr(rc), e.msg ? e.msg : "(null)");
  assert_int_equal(rc, MEDRULE_PACK);
  assert_null(p);
  assert_non_null(e.msg);
  if (col > 0)
    snprintf(e.where, sizeof e.where, "%s/%s:%d:%d: ", dir, file, line, col);
  else
    snprintf(e.where, sizeof e.where, "%s/%s:%d: ", dir, file, line);
  harness_free(dir);
  for (const char *s; (s = va_arg(ap, const char *)) != NULL;) assert_contains(e.msg, s);
  return e;
}

#define load_fail_at(text, line, col, ...) load_fail_at_((text), (line), (col), __VA_ARGS__, (const char *)NULL)
static perr load_fail_at_(const char *text, int line, int col, ...) {
  va_list ap;
  va_start(ap, col);
  perr e = vload_fail(text, "pack.lua", line, col, ap);
  va_end(ap);
  return e;
}

/* The same, located at the first `at` in pack.lua (its column too when
** with_col is set). */
#define load_fail(text, at, with_col, ...) load_fail_((text), (at), (with_col), __VA_ARGS__, (const char *)NULL)
static perr load_fail_(const char *text, const char *at, int with_col, ...) {
  int line, col;
  text_pos(text, at, &line, &col);
  va_list ap;
  va_start(ap, with_col);
  perr e = vload_fail(text, "pack.lua", line, with_col ? col : 0, ap);
  va_end(ap);
  return e;
}

/* Checks that the message begins with the expected location, and frees it.
** A wrong location is counted, not fatal, so that one test can check
** several errors; locations_checked() at the end of the test fails if any
** was wrong. */
static int bad_locations;

static void assert_located(perr *e) {
  if (strncmp(e->msg, e->where, strlen(e->where)) != 0) {
    print_error("the message does not begin with '%s':\n%s\n", e->where, e->msg);
    bad_locations++;
  }
  harness_free(e->msg);
  e->msg = NULL;
}

static void locations_checked(void) {
  int n = bad_locations;
  bad_locations = 0;
  if (n) print_error("%d message(s) did not begin with their file:line(:col)\n", n);
  assert_int_equal(n, 0);
}

static int reset_locations(void **state) {
  (void)state;
  bad_locations = 0;
  return 0;
}

/* A condition error shows the condition line and a caret under `token`. */
static void assert_caret_at(const char *msg, const char *token) {
  const char *l2 = strchr(msg, '\n');
  assert_non_null(l2);
  l2++;
  const char *l3 = strchr(l2, '\n');
  assert_non_null(l3);
  l3++;
  const char *caret = strchr(l3, '^');
  if (!caret) {
    print_error("no caret line in:\n%s\n", msg);
    fail();
  }
  size_t at = (size_t)(caret - l3);
  for (const char *s = l3; s < caret; s++) assert_true(*s == ' ' || *s == '\t');
  if (at >= (size_t)(l3 - l2) || strncmp(l2 + at, token, strlen(token)) != 0) {
    print_error("the caret does not point at '%s':\n%s\n", token, msg);
    fail();
  }
}

static void test_error_undeclared_fact_did_you_mean(void **state) {
  (void)state;
  const char *text = PACK_HEAD BASE_FACTS RULE("bad.undeclared", "[[ pain.refractory and patient.wieght > 70 kg ]]");
  perr e = load_fail(text, "patient.wieght", 1, "rule bad.undeclared", "'patient.wieght' is not a declared fact",
                     "did you mean 'patient.weight'?");
  assert_caret_at(e.msg, "patient.wieght");
  assert_located(&e);
  /* far from every name: no suggestion */
  text = PACK_HEAD BASE_FACTS RULE("bad.undeclared2", "[[ something.else.entirely ]]");
  e = load_fail(text, "something.else.entirely", 1, "rule bad.undeclared2", "not a declared fact");
  assert_not_contains(e.msg, "did you mean");
  assert_located(&e);
  locations_checked();
}

static void test_error_code_not_declared(void **state) {
  (void)state;
  const char *text = PACK_HEAD BASE_FACTS RULE("bad.code", "[[ history.liver_disease == \"sever\" ]]");
  perr e = load_fail(text, "\"sever\"", 1, "rule bad.code", "'sever'", "history.liver_disease", "not a code");
  assert_caret_at(e.msg, "\"sever\"");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS RULE("bad.code_list", "[[ plan.route in [\"iv\", \"intrathecal\"] ]]");
  e = load_fail(text, "[\"iv\"", 1, "rule bad.code_list", "'intrathecal'", "plan.route");
  assert_located(&e);
  locations_checked();
}

static void test_error_mass_vs_pressure(void **state) {
  (void)state;
  const char *text = PACK_HEAD BASE_FACTS RULE("bad.dims", "[[ patient.weight > 120 mm[Hg] ]]");
  perr e = load_fail(text, "patient.weight > 120", 1, "rule bad.dims", "mass", "pressure");
  assert_caret_at(e.msg, "patient.weight");
  assert_located(&e);
  locations_checked();
}

static void test_error_quantity_vs_bare_number(void **state) {
  (void)state;
  const char *text = PACK_HEAD BASE_FACTS RULE("bad.bare", "[[ patient.weight > 70 ]]");
  perr e = load_fail(text, "patient.weight > 70", 1, "rule bad.bare", "mass", "dimensionless", "with its unit");
  assert_located(&e);
  /* and the other way round: a plain number against a quantity */
  text = PACK_HEAD BASE_FACTS RULE("bad.bare2", "[[ score.asa > 3 kg ]]");
  e = load_fail(text, "score.asa > 3 kg", 1, "rule bad.bare2", "mass", "dimensionless");
  assert_located(&e);
  locations_checked();
}

static void test_error_adding_mass_and_time(void **state) {
  (void)state;
  const char *text =
    PACK_HEAD BASE_FACTS RULE("bad.add", "[[ plan.bolus * patient.weight + plan.infusion_duration > 1 mg ]]");
  perr e = load_fail(text, "plan.bolus * patient.weight +", 1, "rule bad.add", "cannot add mass and time");
  assert_caret_at(e.msg, "plan.bolus");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS RULE("bad.sub", "[[ patient.weight - 1 h > 1 kg ]]");
  e = load_fail(text, "patient.weight - 1 h", 1, "rule bad.sub", "cannot subtract mass and time");
  assert_located(&e);
  locations_checked();
}

static void test_error_type_mismatches(void **state) {
  (void)state;
  const char *text = PACK_HEAD BASE_FACTS RULE("bad.not_bool", "[[ score.asa + 1 ]]");
  perr e = load_fail(text, "score.asa + 1", 1, "rule bad.not_bool", "must be a condition");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS RULE("bad.code_order", "[[ history.liver_disease > \"mild\" ]]");
  e = load_fail(text, "history.liver_disease >", 1, "rule bad.code_order", "==", "!=");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS RULE("bad.bool_num", "[[ pain.refractory > 1 ]]");
  e = load_fail(text, "pain.refractory > 1", 1, "rule bad.bool_num", "pain.refractory");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS RULE("bad.bad_unit", "[[ patient.weight > 70 kgg ]]");
  e = load_fail(text, "kgg", 1, "rule bad.bad_unit", "kgg");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS RULE("bad.in", "[[ \"iv\" in plan.route ]]");
  e = load_fail(text, "\"iv\" in plan.route", 1, "rule bad.in", "list-of-codes");
  assert_located(&e);
  locations_checked();
}

static void test_error_unbalanced_parenthesis(void **state) {
  (void)state;
  /* the condition on its own line, in a Lua string: the error is where it ends */
  const char *text = PACK_HEAD BASE_FACTS
    "rule { id = \"bad.paren\", category = \"indication\", action = \"info\", grade = \"A\", certainty = \"high\",\n"
    "  text = \"t\", source = { section = \"S\", quote = \"Q\" },\n"
    "  when = \"(pain.refractory and pain.refractory\" }\n";
  int line, col;
  text_pos(text, "pain.refractory\" }", &line, &col);
  perr e = load_fail_at(text, line, col + (int)strlen("pain.refractory"), "rule bad.paren", "ends too early");
  assert_caret_at(e.msg, "");
  assert_located(&e);
  /* one ')' too many: the column and the caret are those of the second ')' */
  text = PACK_HEAD BASE_FACTS RULE("bad.paren2", "[[ (pain.refractory)) ]]");
  text_pos(text, ")) ]]", &line, &col);
  e = load_fail_at(text, line, col + 1, "rule bad.paren2", "unexpected ')'");
  assert_caret_at(e.msg, ") ");
  assert_located(&e);
  locations_checked();
}

static void test_error_dangling_operator(void **state) {
  (void)state;
  const char *text = PACK_HEAD BASE_FACTS
    "rule { id = \"bad.dangling\", category = \"indication\", action = \"info\", grade = \"A\", certainty = \"high\",\n"
    "  text = \"t\", source = { section = \"S\", quote = \"Q\" },\n"
    "  when = \"pain.refractory and\" }\n";
  int line, col;
  text_pos(text, "pain.refractory and\"", &line, &col);
  perr e = load_fail_at(text, line, col + (int)strlen("pain.refractory and"), "rule bad.dangling", "ends too early");
  assert_caret_at(e.msg, "");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS RULE("bad.dangling2", "[[ score.asa * * 2 > 1 ]]");
  e = load_fail(text, "* 2 > 1", 1, "rule bad.dangling2", "unexpected '*");
  assert_caret_at(e.msg, "* 2");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS RULE("bad.dangling3", "[[ score.asa > ]]");
  text_pos(text, "> ]]", &line, &col);
  e = load_fail_at(text, line, col + 2, "rule bad.dangling3", "ends too early");
  assert_located(&e);
  locations_checked();
}

/* A rule on one line with the given grade/certainty/category/action fields. */
#define RULE_FIELDS(id, fields)                                                                     \
  "rule { id = \"" id "\", " fields ", text = \"t\", source = { section = \"S\", quote = \"Q\" }, "  \
  "when = [[ pain.refractory ]] }\n"

static void test_error_grade_and_certainty(void **state) {
  (void)state;
  const char *text = PACK_HEAD BASE_FACTS
    RULE_FIELDS("bad.grade", "category = \"indication\", action = \"info\", grade = \"Z\", certainty = \"high\"");
  perr e = load_fail(text, "rule { id = \"bad.grade\"", 0, "rule bad.grade", "grade 'Z'", "evidence scale");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS
    RULE_FIELDS("bad.certainty", "category = \"indication\", action = \"info\", grade = \"A\", certainty = \"medium\"");
  e = load_fail(text, "rule { id = \"bad.certainty\"", 0, "rule bad.certainty", "certainty 'medium'",
                "evidence scale");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS
    RULE_FIELDS("bad.no_grade", "category = \"indication\", action = \"info\", certainty = \"high\"");
  e = load_fail(text, "rule { id = \"bad.no_grade\"", 0, "rule bad.no_grade", "'grade' is missing", "grade = false");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS RULE_FIELDS("bad.no_certainty", "category = \"indication\", action = \"info\", grade = \"A\"");
  e = load_fail(text, "rule { id = \"bad.no_certainty\"", 0, "rule bad.no_certainty", "'certainty' is missing");
  assert_located(&e);
  /* grade = false is the documented way to say "ungraded" */
  text = PACK_HEAD BASE_FACTS
    RULE_FIELDS("ok.ungraded", "category = \"indication\", action = \"info\", grade = false, certainty = false");
  medrule_pack *p = NULL;
  char *err = NULL;
  assert_int_equal(pack_open_text(text, NULL, &p, &err, NULL), MEDRULE_OK);
  assert_null(err);
  medrule_pack_close(p);
  locations_checked();
}

static void test_error_category_and_action(void **state) {
  (void)state;
  const char *text = PACK_HEAD BASE_FACTS
    RULE_FIELDS("bad.category", "category = \"dosage\", action = \"info\", grade = \"A\", certainty = \"high\"");
  perr e = load_fail(text, "rule { id = \"bad.category\"", 0, "rule bad.category", "category 'dosage'");
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS
    RULE_FIELDS("bad.action", "category = \"indication\", action = \"forbid\", grade = \"A\", certainty = \"high\"");
  e = load_fail(text, "rule { id = \"bad.action\"", 0, "rule bad.action", "action 'forbid'");
  assert_located(&e);
  /* a pack category declared in pack { categories = ... } is accepted */
  const char *ok =
    "pack { id = \"t\", version = \"1.0.0\", title = \"x\", source = { document = \"d\" },\n"
    "  evidence = { scale = \"s\", grades = { \"A\" }, certainties = { \"high\" } }, categories = { \"dosage\" } }\n"
    "fact { \"pain.refractory\", type = \"boolean\" }\n"
    RULE_FIELDS("ok.category", "category = \"dosage\", action = \"info\", grade = \"A\", certainty = \"high\"");
  medrule_pack *p = NULL;
  char *err = NULL;
  int rc = pack_open_text(ok, NULL, &p, &err, NULL);
  if (rc) print_error("%s\n", err);
  assert_int_equal(rc, MEDRULE_OK);
  medrule_pack_close(p);
  locations_checked();
}

static void test_error_duplicates(void **state) {
  (void)state;
  const char *text = PACK_HEAD BASE_FACTS RULE("dup.rule", "[[ pain.refractory ]]")
    "rule { id = \"dup.rule\", category = \"indication\", action = \"info\", grade = \"A\", certainty = \"high\", "
    "text = \"t\", source = { section = \"S\", quote = \"Q\" }, when = [[ pain.refractory ]] } -- second\n";
  int first, col;
  text_pos(text, "rule { id = \"dup.rule\"", &first, &col);
  perr e = load_fail_at(text, first + 1, 0, "rule dup.rule", "twice");
  char buf[64];
  snprintf(buf, sizeof buf, "line %d", first);
  assert_contains(e.msg, buf);
  assert_located(&e);
  text = PACK_HEAD BASE_FACTS "fact { \"pain.refractory\", type = \"boolean\" } -- again\n";
  text_pos(text, "-- again", &first, &col);
  e = load_fail_at(text, first, 0, "pain.refractory", "declared twice");
  assert_located(&e);
  locations_checked();
}

static void test_error_derivation_cycle(void **state) {
  (void)state;
  const char *text = PACK_HEAD
    "fact { \"a.x\", type = \"number\", derive = \"a.y + 1\" }\n"
    "fact { \"a.y\", type = \"number\", derive = \"a.z * 2\" }\n"
    "fact { \"a.z\", type = \"number\", derive = \"a.x - 1\" }\n"
    RULE("cyc.rule", "[[ a.x > 1 ]]");
  /* the message names the whole cycle, at the declaration that closes it */
  perr e = load_fail(text, "fact { \"a.x\"", 0, "cycle", "a.x -> a.y -> a.z -> a.x");
  assert_located(&e);
  /* a fact deriving from itself */
  text = PACK_HEAD "fact { \"a.s\", type = \"number\", derive = \"a.s + 1\" }\n";
  e = load_fail(text, "fact { \"a.s\"", 0, "cycle", "a.s -> a.s");
  assert_located(&e);
  /* a derivation chain that is not a cycle loads, declared in any order */
  text = PACK_HEAD "fact { \"a.x\", type = \"number\" }\n"
                   "fact { \"a.z\", type = \"number\", derive = \"a.y * 2\" }\n"
                   "fact { \"a.y\", type = \"number\", derive = \"a.x + 1\" }\n"
                   RULE("chain", "[[ a.z == 8 ]]");
  fx x;
  fx_open_text(&x, text, NULL);
  assert_int_equal(fx_eval(&x, "{\"a\":{\"x\":3}}"), MEDRULE_OK);
  assert_state(&x, "chain", MEDRULE_FIRED);
  fx_close(&x);
  locations_checked();
}

static void test_error_per_undeclared(void **state) {
  (void)state;
  const char *text = PACK_HEAD
    "fact { \"patient.weight\", type = \"quantity\", unit = \"kg\" }\n"
    "fact { \"plan.bolus\", type = \"quantity\", unit = \"mg/kg\", per = \"patient.wt\" }\n";
  perr e = load_fail(text, "fact { \"plan.bolus\"", 0, "plan.bolus", "per 'patient.wt'");
  assert_located(&e);
  locations_checked();
}

static void test_error_include_outside_pack(void **state) {
  (void)state;
  const char *text = PACK_HEAD "include \"../x.lua\"\n";
  perr e = load_fail(text, "include \"../x.lua\"", 0, "include", "'../x.lua'");
  assert_located(&e);
  text = PACK_HEAD "include \"/etc/passwd\"\n";
  e = load_fail(text, "include \"/etc/passwd\"", 0, "include", "'/etc/passwd'");
  assert_located(&e);
  /* a missing sibling is an error naming it */
  text = PACK_HEAD "include \"nosuch.lua\"\n";
  e = load_fail(text, "include \"nosuch.lua\"", 0, "nosuch.lua");
  assert_located(&e);
  locations_checked();
}

static void test_error_in_included_file_names_it(void **state) {
  (void)state;
  char *dir = pack_write(PACK_HEAD BASE_FACTS "include \"rules.lua\"\n");
  const char *rules = "-- rules\n" RULE("inc.bad", "[[ patient.wieght > 1 kg ]]");
  pack_add_file(dir, "rules.lua", rules);
  perr e;
  medrule_pack *p = (medrule_pack *)&p;
  e.msg = NULL;
  assert_int_equal(medrule_pack_open(dir, NULL, &p, &e.msg), MEDRULE_PACK);
  harness_own(e.msg);
  assert_null(p);
  assert_contains(e.msg, "rule inc.bad");
  assert_contains(e.msg, "rules.lua");
  int line, col;
  text_pos(rules, "patient.wieght", &line, &col);
  snprintf(e.where, sizeof e.where, "%s/rules.lua:%d:%d: ", dir, line, col);
  assert_located(&e);
  pack_remove(dir);
  locations_checked();
}

static void test_error_lua_syntax(void **state) {
  (void)state;
  const char *text = PACK_HEAD "fact { \"a.b\", type = \"boolean\"\n"
                               "rule { id = \"x\" }\n";
  /* Lua gives up on the line after the unclosed '{' */
  perr e = load_fail(text, "rule { id = \"x\" }", 0, "'}' expected");
  assert_located(&e);
  locations_checked();
}

static void test_error_missing_pack_file(void **state) {
  (void)state;
  char *dir = pack_write(NULL); /* an empty directory */
  medrule_pack *p = (medrule_pack *)&p;
  char *err = NULL;
  assert_int_equal(medrule_pack_open(dir, NULL, &p, &err), MEDRULE_PACK);
  harness_own(err);
  assert_null(p);
  char path[PATH_MAX + 64];
  snprintf(path, sizeof path, "%s/pack.lua", dir);
  assert_contains(err, path);
  harness_free(err);
  /* a directory that does not exist */
  char gone[PATH_MAX];
  snprintf(gone, sizeof gone, "%s/does-not-exist", dir);
  err = NULL;
  assert_int_equal(medrule_pack_open(gone, NULL, &p, &err), MEDRULE_PACK);
  harness_own(err);
  assert_null(p);
  snprintf(path, sizeof path, "%s/pack.lua", gone);
  assert_contains(err, path);
  harness_free(err);
  pack_remove(dir);
  locations_checked();
}

static void test_error_sandbox_has_no_io(void **state) {
  (void)state;
  const char *text = PACK_HEAD "local f = io.open(\"/etc/passwd\")\n";
  perr e = load_fail(text, "local f = io.open", 0, "io");
  assert_located(&e);
  text = PACK_HEAD "os.exit(1)\n";
  e = load_fail(text, "os.exit", 0, "os");
  assert_located(&e);
  locations_checked();
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_accepted_forms_patient_a),
    harness_test(test_accepted_forms_patient_b),
    harness_test(test_number_literal_then_division),
    harness_test(test_include_sibling_file),
    cmocka_unit_test_setup_teardown(test_error_undeclared_fact_did_you_mean, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_code_not_declared, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_mass_vs_pressure, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_quantity_vs_bare_number, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_adding_mass_and_time, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_type_mismatches, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_unbalanced_parenthesis, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_dangling_operator, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_grade_and_certainty, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_category_and_action, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_duplicates, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_derivation_cycle, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_per_undeclared, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_include_outside_pack, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_in_included_file_names_it, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_lua_syntax, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_missing_pack_file, reset_locations, harness_teardown),
    cmocka_unit_test_setup_teardown(test_error_sandbox_has_no_io, reset_locations, harness_teardown),
  };
  return cmocka_run_group_tests_name("compile", tests, NULL, NULL);
}
