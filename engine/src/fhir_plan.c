/* fhir_plan.c — the planned ketamine order: which MedicationRequest it is
** (its code, or the Medication it refers to, by code or ingredient) and what
** its dosage says: route, infusion rate, duration, bolus. */
#include <stdio.h>
#include <string.h>

#include "fhir.h"

/* The Medication resource `target` names in this bundle ("Medication/id" or
** its fullUrl), or 0. */
static size_t find_medication(fhir_ctx *c, const char *target) {
  for (size_t i = 0; i < c->nmeds; i++) {
    size_t entry = c->meds[2 * i], res = c->meds[2 * i + 1];
    const char *id = fj_str(c, res, "id"), *full = fj_str(c, entry, "fullUrl");
    if ((full && !strcmp(full, target)) || (id && !strncmp(target, "Medication/", 11) && !strcmp(target + 11, id)))
      return res;
  }
  return 0;
}

/* A Medication contained in resource r, referred to as "#id". */
static size_t contained_medication(fhir_ctx *c, size_t r, const char *target) {
  size_t con = fj_get(c, r, "contained");
  if (target[0] != '#' || !con || c->v[con].type != MR_JARRAY) return 0;
  for (size_t k = con + 1; k < c->v[con].end; k = c->v[k].end) {
    const char *rt = fj_str(c, k, "resourceType"), *id = fj_str(c, k, "id");
    if (rt && id && !strcmp(rt, "Medication") && !strcmp(id, target + 1)) return k;
  }
  return 0;
}

static size_t referenced_medication(fhir_ctx *c, size_t r) {
  size_t ref = fj_get(c, r, "medicationReference");
  const char *target = ref ? fj_str(c, ref, "reference") : NULL;
  if (!target) return 0;
  size_t m = contained_medication(c, r, target);
  return m ? m : find_medication(c, target);
}

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
  size_t res = referenced_medication(c, r);
  if (!res) { /* a reference out of the bundle (a prefetch without the Medication): the drug is unknown */
    fhir_warning(c, "medicationReference", "'%s' is not a Medication in this bundle: which drug it is stays unknown",
                 target);
    return;
  }
  fhir_each_coding(c, fj_get(c, res, "code"), "medicationReference->code", fn, ctx);
  size_t ing = fj_get(c, res, "ingredient");
  if (ing && c->v[ing].type == MR_JARRAY)
    for (size_t k = ing + 1; k < c->v[ing].end; k = c->v[k].end)
      fhir_each_coding(c, fj_get(c, k, "itemCodeableConcept"), "medicationReference->ingredient", fn, ctx);
}

/* The strength of the planned drug in mg/mL, from the ingredient of the
** Medication the order refers to; 0 when the bundle does not say. */
static double strength_mg_per_ml(fhir_ctx *c, size_t r) {
  size_t med = referenced_medication(c, r), ing = med ? fj_get(c, med, "ingredient") : 0;
  if (!ing || c->v[ing].type != MR_JARRAY) return 0;
  mr_unit mg_ml;
  char why[160];
  if (mr_unit_parse("mg/mL", 5, &mg_ml, why, sizeof why)) return 0;
  for (size_t k = ing + 1; k < c->v[ing].end; k = c->v[k].end) {
    int hit = 0;
    size_t item = fj_get(c, k, "itemCodeableConcept"), st = fj_get(c, k, "strength");
    if (item) fhir_each_coding(c, item, "medicationReference->ingredient", fhir_is_plan, &hit);
    size_t num = st ? fj_get(c, st, "numerator") : 0, den = st ? fj_get(c, st, "denominator") : 0;
    double nv, dv;
    const char *nu, *du;
    mr_unit a, b, ab;
    if (!hit || !num || !den || fhir_quantity(c, num, "medicationReference->ingredient.strength.numerator", &nv, &nu) ||
        fhir_quantity(c, den, "medicationReference->ingredient.strength.denominator", &dv, &du) || dv <= 0 ||
        mr_unit_parse(nu, strlen(nu), &a, why, sizeof why) || mr_unit_parse(du, strlen(du), &b, why, sizeof why) ||
        mr_unit_div(a, b, &ab) || !mr_unit_commensurable(ab, mg_ml))
      continue;
    return mr_unit_convert(nv / dv, ab, mg_ml);
  }
  return 0;
}

/* A volume (per time, when `per_time`) is converted to mass with the drug's
** strength: 4 mL/h of 50 mg/mL is 200 mg/h.  Returns 1 with *q and *unit
** replaced, 0 when the unit is not a volume, -1 (after a warning) when the
** strength is unknown. */
static int volume_to_mass(fhir_ctx *c, size_t r, double *q, const char **unit, int per_time, const char *path,
                          const char *fact) {
  mr_unit u, want;
  char why[160];
  const char *ref = per_time ? "mL/h" : "mL";
  if (mr_unit_parse(*unit, strlen(*unit), &u, why, sizeof why) || mr_unit_parse(ref, strlen(ref), &want, why, sizeof why) ||
      !mr_unit_commensurable(u, want))
    return 0;
  double s = strength_mg_per_ml(c, r);
  if (s <= 0) {
    fhir_warning(c, path, "%g %s is a volume: without the drug's strength (the ingredient strength of the Medication "
                 "the order refers to) %s stays unknown", *q, *unit, fact);
    return -1;
  }
  *q = mr_unit_convert(*q, u, want) * s;
  *unit = per_time ? "mg/h" : "mg";
  return 1;
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
        if (!fhir_quantity(c, rq, path, &q, &u) && volume_to_mass(c, r, &q, &u, 1, path, m->slots[m->rate_slot]) >= 0)
          fhir_offer_quantity(c, m->rate_slot, q, u, path, NULL);
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
          double rate = nq / dq2;
          const char *ru = unit;
          if (dq2 <= 0) fhir_error(c, dp2, "the denominator must be positive");
          else if (volume_to_mass(c, r, &rate, &ru, 1, path, m->slots[m->rate_slot]) >= 0)
            fhir_offer_quantity(c, m->rate_slot, rate, ru, path, NULL);
        }
      } else if (dq && m->bolus_slot >= 0) { /* a dose without a rate: the bolus */
        snprintf(path, sizeof path, "%s.doseQuantity", xp);
        if (!fhir_quantity(c, dq, path, &q, &u) && volume_to_mass(c, r, &q, &u, 0, path, m->slots[m->bolus_slot]) >= 0)
          fhir_offer_quantity(c, m->bolus_slot, q, u, path, NULL);
      }
    }
  }
}


/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static long day_number(const char *s) {
  long y = 0, m = 0, d = 0;
  for (int i = 0; i < 4; i++) y = y * 10 + (s[i] - '0');
  m = (s[5] - '0') * 10 + (s[6] - '0');
  d = (s[8] - '0') * 10 + (s[9] - '0');
  return days_from_civil(y, m, d);
}

long fhir_days_between(const char *a, const char *b) { return day_number(b) - day_number(a); }

typedef struct given_ctx {
  int plan;
} given_ctx;

void fhir_given_before(fhir_ctx *c, size_t r, int statement, int plan) {
  const mr_fhir_map *m = c->m;
  if (m->first_slot < 0 && m->since_slot < 0) return;
  const char *status = fj_str(c, r, "status");
  if (!status) {
    fhir_error(c, "status", "a %s needs a status", statement ? "MedicationStatement" : "MedicationAdministration");
    return;
  }
  /* given: an administration completed or under way; a statement of use, now or before */
  if (statement ? strcmp(status, "active") && strcmp(status, "completed") && strcmp(status, "stopped")
                : strcmp(status, "completed") && strcmp(status, "in-progress"))
    return;
  given_ctx g = {plan > 0};
  if (plan < 0) fhir_medication_codes(c, r, fhir_is_plan, &g.plan);
  if (!g.plan) return;
  if (m->first_slot >= 0) {
    mr_fhir_fx fx = {m->first_slot, 0, NULL};
    fhir_offer(c, &fx, PRIO_ACTIVE);
  }
  const char *when = fhir_when(c, r);
  if (fhir_date_ok(when) && strlen(when) >= 10 && strncmp(when, c->last_given, 10) > 0)
  {
    snprintf(c->last_given, sizeof c->last_given, "%.10s", when);
    snprintf(c->last_given_from, sizeof c->last_given_from, "%s", c->from);
  }
}

void fhir_maybe_given(fhir_ctx *c) {
  if (c->m->first_slot >= 0 && c->fact[c->m->first_slot] >= 0) c->acc[c->m->first_slot].maybe = 1;
}
