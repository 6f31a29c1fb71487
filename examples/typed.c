/* typed.c — an EHR-style host: facts set one by one through the typed API
** (as they come out of the host's own records, no JSON), and the result read
** field by field.  After `make install`:
**   cc typed.c $(pkg-config --cflags --libs medrule) -o typed
**   ./typed [PACK_DIR]
** It prints one line per field, which tests/install compares with what
** `medrule check --format json` says for the same patient. */
#include <stdio.h>
#include <string.h>

#include "medrule.h"

/* A fact by name; the index stays valid for the pack's lifetime, so a real
** host resolves its names once at start-up. */
static int fact(const medrule_pack *p, const char *name) {
  int i = medrule_fact_index(p, name);
  if (i < 0) fprintf(stderr, "typed: the pack has no fact %s\n", name);
  return i;
}

/* A 58-year-old woman with fibromyalgia and controlled hypertension, no ECG
** yet, planned for a first outpatient infusion (examples/patients/ecg-pending.json). */
static int set_patient(medrule_facts *f, const medrule_pack *p) {
  const char *none[] = {"none"}, *fibro[] = {"fibromyalgia"};
  static const char *const FALSE_FACTS[] = {
    "patient.pregnant", "patient.significant_comorbidities", "history.unstable_angina", "history.elevated_icp",
    "history.elevated_iop", "history.glaucoma", "history.acute_globe_injury", "history.hyperthyroidism",
    "history.pheochromocytoma", "history.chronic_hepatitis", "history.alcohol_abuse", "history.full_stomach",
    "history.intoxicated", "history.delirium", "history.serious_psychomimetic_reaction",
    "history.benzodiazepine_contraindicated", "plan.series"};
  static const char *const TRUE_FACTS[] = {
    "pain.refractory", "plan.first_infusion", "site.monitored", "site.resuscitation_equipment",
    "site.rescue_medications", "site.airway_personnel", "staff.supervisor.acls", "staff.supervisor.moderate_sedation",
    "staff.supervisor.ketamine_experience", "staff.supervisor.immediately_available",
    "staff.administrator.moderate_sedation", "staff.administrator.acls"};
  static const char *const CODES[][2] = {
    {"patient.sex", "female"}, {"history.hypertension", "controlled"}, {"history.coronary_disease", "none"},
    {"history.cardiovascular_risk", "low"}, {"history.cardiovascular_disease_control", "controlled"},
    {"history.liver_disease", "none"}, {"history.substance_abuse", "none"}, {"history.psychosis", "none"},
    {"consent", "given"}, {"plan.route", "iv"}, {"plan.setting", "outpatient"},
    {"staff.supervisor.role", "anesthesiologist"}, {"staff.administrator.role", "registered_nurse"},
    {"tests.ecg", "not_done"}, {"tests.lft", "not_done"}};
  int bad = 0;
  bad |= medrule_facts_set_string(f, fact(p, "patient.id"), "ex-ecg-pending");
  bad |= medrule_facts_set_number(f, fact(p, "patient.age"), 58);
  bad |= medrule_facts_set_quantity(f, fact(p, "patient.weight"), 66, "kg");
  bad |= medrule_facts_set_codes(f, fact(p, "pain.conditions"), fibro, 1);
  bad |= medrule_facts_set_quantity_text(f, fact(p, "plan.infusion_rate"), "0.5 mg/kg/h");
  bad |= medrule_facts_set_quantity(f, fact(p, "plan.infusion_duration"), 4, "h");
  bad |= medrule_facts_set_number(f, fact(p, "plan.treatments_past_year"), 0);
  bad |= medrule_facts_set_codes(f, fact(p, "plan.premedication"), none, 1);
  for (size_t i = 0; i < sizeof FALSE_FACTS / sizeof *FALSE_FACTS; i++)
    bad |= medrule_facts_set_boolean(f, fact(p, FALSE_FACTS[i]), 0);
  for (size_t i = 0; i < sizeof TRUE_FACTS / sizeof *TRUE_FACTS; i++)
    bad |= medrule_facts_set_boolean(f, fact(p, TRUE_FACTS[i]), 1);
  for (size_t i = 0; i < sizeof CODES / sizeof *CODES; i++)
    bad |= medrule_facts_set_code(f, fact(p, CODES[i][0]), CODES[i][1]);
  return bad;
}

/* A value the way the contract's JSON writes it: numbers, codes, lists. */
static void print_value(const medrule_pack *p, int f, const medrule_value *v) {
  if (!v->known) {
    printf("null");
    return;
  }
  switch (v->type) {
    case MEDRULE_TYPE_BOOLEAN: printf("%s", v->boolean ? "true" : "false"); break;
    case MEDRULE_TYPE_NUMBER: case MEDRULE_TYPE_QUANTITY: printf("%.17g", v->number); break;
    case MEDRULE_TYPE_CODE: printf("%s", medrule_fact_code(p, f, v->code)); break;
    case MEDRULE_TYPE_CODES:
      for (int k = 0, first = 1; k < medrule_fact_code_count(p, f); k++)
        if (v->codes >> k & 1) printf("%s%s", first ? "" : ",", medrule_fact_code(p, f, k)), first = 0;
      break;
    default: printf("%s", v->text); break;
  }
}

int main(int argc, char **argv) {
  const char *dir = argc > 1 ? argv[1] : "rules/asra-ketamine-2018";
  medrule_pack *pack;
  char *err = NULL;
  if (medrule_pack_open(dir, NULL, &pack, &err) != MEDRULE_OK) {
    fprintf(stderr, "typed: %s\n", err);
    medrule_free(err);
    return 1;
  }
  medrule_facts *facts = medrule_facts_new(pack);
  medrule_evaluator *ev = medrule_evaluator_new(pack, NULL);
  medrule_result *r = medrule_result_new();
  int status = 1;
  if (!facts || !ev || !r) {
    fprintf(stderr, "typed: out of memory\n");
  } else if (set_patient(facts, pack)) {
    fprintf(stderr, "typed: %s\n", medrule_facts_errmsg(facts));
  } else if (medrule_evaluate(ev, facts, r) != MEDRULE_OK) {
    fprintf(stderr, "typed: evaluation failed\n");
  } else {
    printf("library %s\n", medrule_libversion());
    printf("disposition %s\n", medrule_result_disposition(r));
    for (int i = 0; i < medrule_result_reason_count(r); i++) {
      int rule = medrule_result_reason_rule(r, i);
      printf("reason %s %s\n", medrule_pack_rule_id(pack, rule), medrule_rule_info(pack, rule, MEDRULE_RULE_EFFECT));
    }
    for (int i = 0; i < medrule_result_recommendation_count(r); i++) {
      int rule = medrule_result_recommendation_rule(r, i);
      const char *grade = medrule_rule_info(pack, rule, MEDRULE_RULE_GRADE);
      printf("recommendation %s %s %s %s\n", medrule_pack_rule_id(pack, rule),
             medrule_rule_info(pack, rule, MEDRULE_RULE_ACTION), medrule_rule_info(pack, rule, MEDRULE_RULE_EFFECT),
             grade ? grade : "-");
      for (int k = 0; k < medrule_result_because_count(r, i); k++) {
        int f = medrule_result_because_fact(r, i, k);
        medrule_value v;
        medrule_result_because_value(r, i, k, &v);
        printf("  because %s=", medrule_pack_fact_name(pack, f));
        print_value(pack, f, &v);
        printf("\n");
      }
    }
    for (int i = 0; i < medrule_result_missing_count(r); i++) printf("missing %s\n", medrule_result_missing_fact(r, i));
    status = 0;
  }
  medrule_result_free(r);
  medrule_evaluator_free(ev);
  medrule_facts_free(facts);
  medrule_pack_close(pack);
  return status;
}
