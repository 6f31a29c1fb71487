/* fhir_plan.c — the planned ketamine order: which MedicationRequest it is
** (its code, or the Medication it refers to, by code or ingredient) and what
** its dosage says: route, infusion rate, duration, bolus. */
#include <stdio.h>
#include <string.h>

#include "fhir.h"

/* The codes of a medication: its CodeableConcept, or the Medication it refers to. */
void fhir_medication_codes(fhir_ctx *c, size_t r, coding_fn fn, void *ctx) {
  size_t cc = fj_get(c, r, "medicationCodeableConcept");
  if (cc) {
    fhir_each_coding(c, cc, "medicationCodeableConcept", fn, ctx);
    return;
  }
  size_t ref = fj_get(c, r, "medicationReference");
  const char *target = ref ? fj_str(c, ref, "reference") : NULL;
  if (!target) {
    fhir_error(c, "", "a medication needs medicationCodeableConcept or medicationReference.reference");
    return;
  }
  /* the Medication resource in this bundle, by "Medication/id" or fullUrl */
  size_t entries = fj_get(c, 0, "entry");
  for (size_t e = entries + 1; e < c->v[entries].end; e = c->v[e].end) {
    size_t res = fj_get(c, e, "resource");
    const char *rt = fj_str(c, res, "resourceType"), *id = fj_str(c, res, "id"), *full = fj_str(c, e, "fullUrl");
    if (!rt || strcmp(rt, "Medication")) continue;
    int hit = (full && !strcmp(full, target)) ||
              (id && !strncmp(target, "Medication/", 11) && !strcmp(target + 11, id));
    if (!hit) continue;
    size_t saved_res = c->res;
    fhir_each_coding(c, fj_get(c, res, "code"), "medicationReference->code", fn, ctx);
    size_t ing = fj_get(c, res, "ingredient");
    if (ing && c->v[ing].type == MR_JARRAY)
      for (size_t k = ing + 1; k < c->v[ing].end; k = c->v[k].end)
        fhir_each_coding(c, fj_get(c, k, "itemCodeableConcept"), "medicationReference->ingredient", fn, ctx);
    c->res = saved_res;
    return;
  }
  fhir_error(c, "medicationReference", "'%s' is not a Medication in this bundle", target);
}

void fhir_is_plan(fhir_ctx *c, int sys, const char *code, void *ctx) {
  int *hit = ctx;
  if (mr_fhir_lookup(c->m, sys, code, 0) >= 0) {
    int at = mr_fhir_lookup(c->m, sys, code, 0);
    for (; at < c->m->ncodes && c->m->codes[at].sys == sys && !strcmp(c->m->codes[at].code, code); at++)
      if (c->m->rules[c->m->codes[at].rule].kind == K_PLAN) *hit = 1;
  }
}

/* The planned ketamine order: route, infusion rate, duration, bolus. */
void fhir_plan(fhir_ctx *c, size_t r) {
  const mr_fhir_map *m = c->m;
  size_t dis = fj_want(c, r, "dosageInstruction", MR_JARRAY, "");
  if (!dis) return;
  size_t i = 0;
  char p[160];
  for (size_t d = dis + 1; d < c->v[dis].end; d = c->v[d].end, i++) {
    snprintf(p, sizeof p, "dosageInstruction[%zu]", i);
    if (c->v[d].type != MR_JOBJECT) {
      fhir_error(c, p, "a Dosage must be an object");
      continue;
    }
    size_t route = fj_get(c, d, "route");
    const char *rc = route ? fhir_concept_code(c, d, "route", MR_FHIR_SYSTEMS[SYS_SNOMED]) : NULL;
    if (route && m->route_slot >= 0) {
      const mr_fhir_fx *fx = rc ? mr_fhir_pair_find(&m->routes, rc) : NULL;
      if (fx) fhir_offer(c, fx, PRIO_ACTIVE);
      else fhir_warning(c, p, "route %s is not one the mapping knows: plan.route stays unknown", rc ? rc : "(no SNOMED CT code)");
    }
    size_t timing = fj_get(c, d, "timing"), rep = timing ? fj_get(c, timing, "repeat") : 0;
    size_t dur = rep ? fj_get(c, rep, "duration") : 0;
    if (dur && m->duration_slot >= 0) {
      const char *du = fj_str(c, rep, "durationUnit");
      char dp[200];
      snprintf(dp, sizeof dp, "%s.timing.repeat.duration", p);
      if (c->v[dur].type != MR_JNUMBER || !du) fhir_error(c, dp, "a duration needs a number and a durationUnit");
      else fhir_offer_quantity(c, m->duration_slot, c->v[dur].num, du, dp, NULL);
    }
    size_t dr = fj_get(c, d, "doseAndRate");
    if (!dr || c->v[dr].type != MR_JARRAY) continue;
    size_t j = 0;
    for (size_t x = dr + 1; x < c->v[dr].end; x = c->v[x].end, j++) {
      char xp[200];
      snprintf(xp, sizeof xp, "%s.doseAndRate[%zu]", p, j);
      size_t rq = fj_get(c, x, "rateQuantity"), rr = fj_get(c, x, "rateRatio"), dq = fj_get(c, x, "doseQuantity");
      double q;
      const char *u;
      char path[260];
      if (rq && m->rate_slot >= 0) {
        snprintf(path, sizeof path, "%s.rateQuantity", xp);
        if (!fhir_quantity(c, rq, path, &q, &u)) fhir_offer_quantity(c, m->rate_slot, q, u, path, NULL);
      } else if (rr && m->rate_slot >= 0) {
        double nq, dq2;
        const char *nu, *du;
        snprintf(path, sizeof path, "%s.rateRatio", xp);
        size_t num = fj_get(c, rr, "numerator"), den = fj_get(c, rr, "denominator");
        char np[300], dp2[300];
        snprintf(np, sizeof np, "%s.numerator", path);
        snprintf(dp2, sizeof dp2, "%s.denominator", path);
        if (!num || !den) fhir_error(c, path, "a rateRatio needs a numerator and a denominator");
        else if (!fhir_quantity(c, num, np, &nq, &nu) && !fhir_quantity(c, den, dp2, &dq2, &du)) {
          char unit[100];
          snprintf(unit, sizeof unit, "%s/%s", nu, du);
          if (dq2 <= 0) fhir_error(c, dp2, "the denominator must be positive");
          else fhir_offer_quantity(c, m->rate_slot, nq / dq2, unit, path, NULL);
        }
      } else if (dq && m->bolus_slot >= 0) { /* a dose without a rate: the bolus */
        snprintf(path, sizeof path, "%s.doseQuantity", xp);
        if (!fhir_quantity(c, dq, path, &q, &u)) fhir_offer_quantity(c, m->bolus_slot, q, u, path, NULL);
      }
    }
  }
}

