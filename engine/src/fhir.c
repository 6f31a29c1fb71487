/* fhir.c — reads one FHIR R4 Bundle (contract §6) into a fact set through
** the pack's compiled mapping (fhir_map.c): no Lua runs per patient.
**
** Each resource is read for what the mapping asks of it.  Only resources
** that are current count: an active, confirmed Condition; a final, amended
** or corrected Observation; an active or draft MedicationRequest; an active
** MedicationStatement; an active Consent (a completed MedicationAdministration
** or a past statement of the planned drug says it was given before).  Entered-in-error, cancelled,
** stopped and unconfirmed entries are skipped; a refuted Condition or
** AllergyIntolerance is an explicit negative; a resolved or remitted one
** may set a past value (history.psychosis = "history") where the mapping
** says so.  How the values gathered become facts is fhir_facts.c.
**
** A malformed bundle is an error naming the entry and field
** ("entry[3].resource.code: ..."): nothing is evaluated from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fhir.h"

/* ------------------------------------------------------------ resources */

static void offer_list(fhir_ctx *c, const mr_fhir_fxs *l, int prio) {
  for (int i = 0; i < l->n; i++) fhir_offer(c, &l->v[i], prio);
}

typedef struct clinical { /* how the current Condition, allergy or medication counts */
  int prio;               /* PRIO_ACTIVE, PRIO_PAST, PRIO_REFUTED, or PRIO_NONE (ignore) */
  int kind;
  size_t reaction;        /* AllergyIntolerance.reaction, for the manifestation filter */
  const char *ordered;    /* a MedicationRequest's authoredOn ("" when absent); NULL for anything else */
} clinical;

static int has_manifestation(fhir_ctx *c, const mr_fhir_rule *r, size_t reactions) {
  if (!r->nmanifestations) return 1;
  if (!reactions || c->v[reactions].type != MR_JARRAY) return 0;
  for (size_t k = reactions + 1; k < c->v[reactions].end; k = c->v[k].end) {
    size_t ms = fj_get(c, k, "manifestation");
    if (!ms || c->v[ms].type != MR_JARRAY) continue;
    for (size_t m = ms + 1; m < c->v[ms].end; m = c->v[m].end)
      for (int i = 0; i < r->nmanifestations; i++) {
        size_t codings = fj_get(c, m, "coding");
        if (!codings || c->v[codings].type != MR_JARRAY) continue;
        for (size_t g = codings + 1; g < c->v[codings].end; g = c->v[g].end) {
          const char *s = fj_str(c, g, "system"), *cd = fj_str(c, g, "code");
          if (s && cd && !strcmp(s, MR_FHIR_SYSTEMS[SYS_SNOMED]) && !strcmp(cd, r->manifestations[i])) return 1;
        }
      }
  }
  return 0;
}

static void clinical_rule(void *ctx, const mr_fhir_rule *r, int rule) {
  (void)rule;
  fhir_ctx *c = ((void **)ctx)[0];
  const clinical *cl = ((void **)ctx)[1];
  if (cl->kind == K_ALLERGY && !has_manifestation(c, r, cl->reaction)) return;
  if (r->kind == K_PREMEDICATION) { /* counts only if ordered with the ketamine (fhir_facts.c) */
    for (int i = 0; i < r->active.n; i++)
      fhir_offer_obs(c, r->active.v[i].slot, COMBINE_PREMEDICATION, "", cl->ordered, &r->active.v[i]);
    return;
  }
  if (cl->prio == PRIO_ACTIVE) offer_list(c, &r->active, PRIO_ACTIVE);
  else if (cl->prio == PRIO_PAST) offer_list(c, &r->past, PRIO_PAST);
  else if (cl->prio == PRIO_REFUTED) offer_list(c, &r->refuted, PRIO_REFUTED);
}

static void clinical_coding(fhir_ctx *c, int sys, const char *code, void *ctx) {
  const clinical *cl = ctx;
  void *pair[2] = {c, (void *)cl};
  mr_fhir_match(c->m, sys, code, cl->kind, clinical_rule, pair);
  if (cl->ordered && cl->prio == PRIO_ACTIVE) /* an active order may be premedication too */
    mr_fhir_match(c->m, sys, code, K_PREMEDICATION, clinical_rule, pair);
}

/* Condition and AllergyIntolerance: clinicalStatus and verificationStatus. */
static void condition(fhir_ctx *c, size_t r, int kind) {
  const char *clin = fhir_concept_code(c, r, "clinicalStatus", NULL);
  const char *ver = fhir_concept_code(c, r, "verificationStatus", NULL);
  clinical cl = {PRIO_NONE, kind, fj_get(c, r, "reaction"), NULL};
  if (ver && !strcmp(ver, "entered-in-error")) return;
  if (ver && !strcmp(ver, "refuted")) cl.prio = PRIO_REFUTED;
  else if (ver && strcmp(ver, "confirmed")) return; /* unconfirmed, provisional, differential: not counted */
  else if (!clin || !strcmp(clin, "active") || !strcmp(clin, "recurrence") || !strcmp(clin, "relapse"))
    cl.prio = clin || kind == K_ALLERGY ? PRIO_ACTIVE : PRIO_NONE;
  else if (!strcmp(clin, "inactive") || !strcmp(clin, "remission") || !strcmp(clin, "resolved")) cl.prio = PRIO_PAST;
  if (cl.prio == PRIO_NONE) {
    /* FHIR requires it only of problem-list items: an encounter diagnosis without one is not counted */
    if (!clin) fhir_warning(c, "clinicalStatus", "absent: whether the Condition is current is unknown, so it is not counted");
    return;
  }
  fhir_each_coding(c, fj_get(c, r, "code"), "code", clinical_coding, &cl);
}

typedef struct med_ctx {
  clinical cl;
  int plan;
} med_ctx;

static void medication_coding(fhir_ctx *c, int sys, const char *code, void *ctx) {
  med_ctx *mc = ctx;
  clinical_coding(c, sys, code, &mc->cl);
  fhir_is_plan(c, sys, code, &mc->plan);
}

static void medication(fhir_ctx *c, size_t r, int statement) {
  const char *status = fj_str(c, r, "status");
  if (!status) {
    fhir_error(c, "status", "a %s needs a status", statement ? "MedicationStatement" : "MedicationRequest");
    return;
  }
  const char *authored = fj_str(c, r, "authoredOn");
  med_ctx mc = {{PRIO_NONE, K_MEDICATION, 0, statement ? NULL : authored ? authored : ""}, 0};
  if (!strcmp(status, "active") || (statement ? !strcmp(status, "intended") : !strcmp(status, "draft")))
    mc.cl.prio = PRIO_ACTIVE;
  else if (statement && (!strcmp(status, "completed") || !strcmp(status, "stopped"))) mc.cl.prio = PRIO_PAST;
  else if (!statement && (!strcmp(status, "completed") || !strcmp(status, "stopped"))) {
    int plan = 0; /* an ended ketamine order may have been given: no assumption about the first infusion */
    fhir_medication_codes(c, r, fhir_is_plan, &plan);
    if (plan) fhir_maybe_given(c);
    return;
  } else return; /* entered-in-error, cancelled, on-hold, not-taken, unknown */
  fhir_medication_codes(c, r, medication_coding, &mc);
  if (statement) fhir_given_before(c, r, 1, mc.plan);
  if (!statement && mc.cl.prio == PRIO_ACTIVE && mc.plan) {
    fhir_plan(c, r);
    if (authored && c->nplan_dates < 8) snprintf(c->plan_dates[c->nplan_dates++], 11, "%.10s", authored);
  }
}

typedef struct obs_ctx {
  size_t r;
  const char *when;
  const char *loinc;
} obs_ctx;

/* A coded observation's value: answer, interpretation, or reference range. */
static void coded_value(fhir_ctx *c, const mr_fhir_rule *rule, const obs_ctx *o) {
  size_t r = o->r;
  const mr_fhir_fx *fx = NULL;
  size_t vcc = fj_get(c, r, "valueCodeableConcept");
  if (vcc) {
    const char *code = fhir_concept_code(c, r, "valueCodeableConcept", MR_FHIR_SYSTEMS[SYS_SNOMED]);
    fx = code ? mr_fhir_pair_find(&rule->answers, code) : NULL;
  }
  if (!fx) {
    size_t in = fj_get(c, r, "interpretation");
    if (in && c->v[in].type == MR_JARRAY)
      for (size_t k = in + 1; k < c->v[in].end && !fx; k = c->v[k].end) {
        size_t codings = fj_get(c, k, "coding");
        if (!codings || c->v[codings].type != MR_JARRAY) continue;
        for (size_t g = codings + 1; g < c->v[codings].end && !fx; g = c->v[g].end) {
          const char *s = fj_str(c, g, "system"), *cd = fj_str(c, g, "code");
          if (s && cd && !strcmp(s, MR_FHIR_SYSTEMS[SYS_V3])) fx = mr_fhir_pair_find(&rule->interp, cd);
        }
      }
  }
  mr_fhir_fx tmp = {rule->slot, 0, NULL};
  size_t vq = fj_get(c, r, "valueQuantity"), rr = fj_get(c, r, "referenceRange");
  if (!fx && vq && rr && c->v[rr].type == MR_JARRAY && c->v[rr].len && (rule->above || rule->within)) {
    double q, hi;
    const char *u, *hu;
    size_t high = fj_get(c, rr + 1, "high");
    if (high && !fhir_quantity(c, vq, "valueQuantity", &q, &u) && !fhir_quantity(c, high, "referenceRange[0].high", &hi, &hu)) {
      if (strcmp(u, hu)) fhir_warning(c, "referenceRange[0].high", "unit %s differs from the value's %s: not compared", hu, u);
      else if ((tmp.code = q > hi ? rule->above : rule->within) != NULL) fx = &tmp;
    }
  }
  if (fx) fhir_offer_obs(c, rule->slot, rule->combine, o->loinc, o->when, fx);
}

static void observation_rule(void *ctx, const mr_fhir_rule *rule, int ri) {
  (void)ri;
  fhir_ctx *c = ((void **)ctx)[0];
  const obs_ctx *o = ((void **)ctx)[1];
  if (rule->mode == OBS_CODED) {
    coded_value(c, rule, o);
    return;
  }
  size_t vq = fj_get(c, o->r, "valueQuantity");
  double q;
  const char *u;
  if (!vq) return; /* dataAbsentReason, or a value of another kind: unknown */
  if (!fhir_quantity(c, vq, "valueQuantity", &q, &u)) fhir_offer_quantity(c, rule->slot, q, u, "valueQuantity", o->when);
}

static void observation_coding(fhir_ctx *c, int sys, const char *code, void *ctx) {
  obs_ctx *o = ctx;
  if (sys != SYS_LOINC) return;
  o->loinc = code;
  void *pair[2] = {c, o};
  mr_fhir_match(c->m, sys, code, K_OBSERVATION, observation_rule, pair);
}

/* The blood pressure: a panel's components or single observations. */
static void blood_pressure(fhir_ctx *c, size_t r, const char *when) {
  const mr_fhir_map *m = c->m;
  if (m->bp_slot < 0 || strcmp(when, c->bp_when) < 0) return;
  double sys = -1, dia = -1;
  size_t comps = fj_get(c, r, "component");
  size_t items[64];
  size_t n = 0;
  items[n++] = r;
  if (comps && c->v[comps].type == MR_JARRAY)
    for (size_t k = comps + 1; k < c->v[comps].end && n < 64; k = c->v[k].end) items[n++] = k;
  for (size_t i = 0; i < n; i++) {
    const char *code = fhir_concept_code(c, items[i], "code", MR_FHIR_SYSTEMS[SYS_LOINC]);
    size_t vq = fj_get(c, items[i], "valueQuantity"), vk = vq ? fj_get(c, vq, "value") : 0;
    if (!code || !vk || c->v[vk].type != MR_JNUMBER) continue;
    if (!strcmp(code, m->bp_systolic)) sys = c->v[vk].num;
    if (!strcmp(code, m->bp_diastolic)) dia = c->v[vk].num;
  }
  if (sys < 0 && dia < 0) return;
  c->has_bp = 1;
  c->bp_sys = sys, c->bp_dia = dia;
  snprintf(c->bp_when, sizeof c->bp_when, "%s", when);
  snprintf(c->bp_from, sizeof c->bp_from, "%s", c->from);
}

static void observation(fhir_ctx *c, size_t r) {
  const char *status = fj_str(c, r, "status");
  if (!status) {
    fhir_error(c, "status", "an Observation needs a status");
    return;
  }
  if (strcmp(status, "final") && strcmp(status, "amended") && strcmp(status, "corrected")) return;
  obs_ctx o = {r, fhir_when(c, r), NULL};
  fhir_each_coding(c, fj_get(c, r, "code"), "code", observation_coding, &o);
  blood_pressure(c, r, o.when);
}

static void procedure_rule(void *ctx, const mr_fhir_rule *r, int ri) {
  (void)ri;
  fhir_ctx *c = ctx;
  if (r->not_done.slot >= 0) fhir_offer_obs(c, r->not_done.slot, COMBINE_WORST, "procedure", "", &r->not_done);
}

static void procedure_coding(fhir_ctx *c, int sys, const char *code, void *ctx) {
  (void)ctx;
  mr_fhir_match(c->m, sys, code, K_PROCEDURE, procedure_rule, c);
}

static void procedure(fhir_ctx *c, size_t r) {
  const char *status = fj_str(c, r, "status");
  if (status && !strcmp(status, "not-done")) fhir_each_coding(c, fj_get(c, r, "code"), "code", procedure_coding, NULL);
}

static void consent(fhir_ctx *c, size_t r) {
  const mr_fhir_map *m = c->m;
  const char *status = fj_str(c, r, "status");
  /* active: its provision says; rejected: the patient refused it */
  if (m->consent_slot < 0 || !status || (strcmp(status, "active") && strcmp(status, "rejected"))) return;
  if (m->consent_scope) {
    const char *scope = fhir_concept_code(c, r, "scope", NULL);
    if (!scope || strcmp(scope, m->consent_scope)) return;
  }
  size_t prov = fj_get(c, r, "provision");
  const char *type = !strcmp(status, "rejected") ? "deny" : prov ? fj_str(c, prov, "type") : NULL;
  if (!type) return;
  mr_fhir_fx fx = {m->consent_slot, 0, !strcmp(type, "permit") ? m->consent_permit : !strcmp(type, "deny") ? m->consent_deny : NULL};
  if (!fx.code) fhir_error(c, "provision.type", "'%s' is neither permit nor deny", type);
  else fhir_offer_obs(c, m->consent_slot, COMBINE_LATEST, "consent", fhir_when(c, r), &fx);
}

static void list_rule(void *ctx, const mr_fhir_rule *r, int ri) {
  (void)ri;
  fhir_ctx *c = ctx;
  c->listed |= r->section;
  snprintf(c->list_from, sizeof c->list_from, "%s", c->from);
}

static void list_coding(fhir_ctx *c, int sys, const char *code, void *ctx) {
  (void)ctx;
  mr_fhir_match(c->m, sys, code, K_LIST, list_rule, c);
}

/* A List "no known problems": status current, empty, emptyReason nilknown. */
static void list(fhir_ctx *c, size_t r) {
  const char *status = fj_str(c, r, "status");
  const char *why = fhir_concept_code(c, r, "emptyReason", NULL);
  size_t entries = fj_get(c, r, "entry");
  if (!status || strcmp(status, "current") || !why || strcmp(why, "nilknown")) return;
  if (entries && c->v[entries].len) {
    fhir_error(c, "emptyReason", "a List with entries cannot have an emptyReason");
    return;
  }
  fhir_each_coding(c, fj_get(c, r, "code"), "code", list_coding, NULL);
}

/* ------------------------------------------------------------ the patient */

static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
  return v;
}

static void patient(fhir_ctx *c, size_t r, int *seen) {
  const mr_fhir_map *m = c->m;
  if ((*seen)++) {
    fhir_error(c, "", "a second Patient: a bundle is read as one patient's record");
    return;
  }
  const char *id = fj_str(c, r, "id");
  if (id && m->id_slot >= 0 && c->fact[m->id_slot] >= 0)
    if (medrule_facts_set_string(c->f, c->fact[m->id_slot], id) == MEDRULE_NOMEM) c->nomem = 1;
  size_t gk = fj_want(c, r, "gender", MR_JSTRING, "");
  const char *g = gk ? c->v[gk].str : NULL;
  if (g && m->sex_slot >= 0) {
    const mr_fhir_fx *fx = mr_fhir_pair_find(&m->genders, g);
    if (fx) fhir_offer(c, fx, PRIO_ACTIVE);
    else if (strcmp(g, "unknown")) fhir_error(c, "gender", "'%s' is not a FHIR administrative gender", g);
  }
  size_t bk = fj_get(c, r, "birthDate");
  if (!bk || m->age_slot < 0 || c->fact[m->age_slot] < 0) return;
  const char *b = c->v[bk].type == MR_JSTRING ? c->v[bk].str : NULL;
  if (!b || !fhir_date_ok(b) || strlen(b) > 10) {
    fhir_error(c, "birthDate", "not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD)");
    return;
  }
  if (strlen(b) < 10) {
    fhir_warning(c, "birthDate", "'%s' is not a whole date: age stays unknown", b);
    return;
  }
  if (!c->as_of[0]) {
    fhir_warning(c, "birthDate", "no --as-of date and no Bundle.timestamp: age stays unknown");
    return;
  }
  int by = digits(b, 4), bm = digits(b + 5, 2), bd = digits(b + 8, 2);
  int ay = digits(c->as_of, 4), am = digits(c->as_of + 5, 2), ad = digits(c->as_of + 8, 2);
  int age = ay - by - (am < bm || (am == bm && ad < bd));
  if (age < 0) {
    fhir_error(c, "birthDate", "%s is after the as-of date %s", b, c->as_of);
    return;
  }
  fhir_offer_quantity(c, m->age_slot, age, "a", "birthDate", NULL);
}

/* ------------------------------------------------------------ the bundle */

static void resource(fhir_ctx *c, size_t r, int *patients) {
  const char *rt = fj_str(c, r, "resourceType");
  if (!rt) {
    fhir_error(c, "resourceType", "a resource needs a resourceType string");
    return;
  }
  const char *id = fj_str(c, r, "id");
  if (fj_get(c, r, "id") && !id) fhir_error(c, "id", "must be a string");
  if (id) snprintf(c->from, sizeof c->from, "%s/%s", rt, id);
  else snprintf(c->from, sizeof c->from, "%s/entry[%zu]", rt, c->entry);
  if (!strcmp(rt, "Patient")) patient(c, r, patients);
  else if (!strcmp(rt, "Condition")) condition(c, r, K_CONDITION);
  else if (!strcmp(rt, "AllergyIntolerance")) condition(c, r, K_ALLERGY);
  else if (!strcmp(rt, "Observation")) observation(c, r);
  else if (!strcmp(rt, "MedicationRequest")) medication(c, r, 0);
  else if (!strcmp(rt, "MedicationStatement")) medication(c, r, 1);
  else if (!strcmp(rt, "MedicationAdministration")) fhir_given_before(c, r, 0, -1);
  else if (!strcmp(rt, "Procedure")) procedure(c, r);
  else if (!strcmp(rt, "Consent")) consent(c, r);
  else if (!strcmp(rt, "List")) list(c, r);
  /* any other resource (Encounter, Practitioner, ...) says nothing the pack asks */
}

static const mr_fhir_map *map_of(const medrule_pack *p) {
  if (!p) return NULL;
  return p->nparts ? p->parts[0]->fhir : p->fhir;
}

int medrule_pack_has_fhir(const medrule_pack *p) { return map_of(p) != NULL; }

/* The as-of date, "YYYY-MM-DD", from the option or the Bundle's timestamp. */
static int as_of(fhir_ctx *c, const medrule_fhir_options *o) {
  const char *s = o && o->as_of ? o->as_of : fj_str(c, 0, "timestamp");
  if (!s) return 0;
  if (!fhir_date_ok(s) || strlen(s) < 10 || (strlen(s) > 10 && s[10] != 'T')) {
    fhir_error(c, o && o->as_of ? "--as-of" : "timestamp", "'%s' is not a date YYYY-MM-DD (or a FHIR dateTime)", s);
    return -1;
  }
  memcpy(c->as_of, s, 10);
  c->as_of[10] = 0;
  return 0;
}

int medrule_facts_load_fhir(medrule_facts *f, const char *json, size_t len, const medrule_fhir_options *opts) {
  if (!f || (!json && len)) return MEDRULE_MISUSE;
  medrule_fhir_options o = {sizeof o, NULL, 0, NULL, NULL, 0};
  if (opts) {
    if (opts->size < offsetof(medrule_fhir_options, as_of) + sizeof opts->as_of) return MEDRULE_MISUSE;
    memcpy(&o, opts, opts->size < sizeof o ? opts->size : sizeof o);
  }
  const medrule_pack *p = medrule_facts_pack(f);
  if (o.site && medrule_facts_pack(o.site) != p) return MEDRULE_MISUSE;
  medrule_facts_clear(f);
  if (medrule_facts_set_source(f, o.source)) return MEDRULE_NOMEM;
  const mr_fhir_map *m = map_of(p);
  if (!m) {
    medrule_facts_add_error(f, NULL, "the pack has no FHIR mapping (fhir.lua, or its vocabulary's): it cannot read FHIR bundles");
    return MEDRULE_NOTFOUND;
  }
  fhir_ctx c;
  memset(&c, 0, sizeof c);
  c.f = f, c.p = p, c.m = m, c.entry = (size_t)-1, c.complete = o.complete;
  c.fact = mr_calloc((size_t)(m->nslots ? m->nslots : 1), sizeof *c.fact);
  c.acc = mr_calloc((size_t)(m->nslots ? m->nslots : 1), sizeof *c.acc);
  mr_jdoc *doc = mr_json_thread_reader(); /* freed with the thread (medrule_thread_cleanup) */
  int status = MEDRULE_NOMEM;
  if (!c.fact || !c.acc || !doc) goto done;
  for (int i = 0; i < m->nslots; i++) {
    c.fact[i] = medrule_fact_index(p, m->slots[i]);
    sb_init(&c.acc[i].from);
  }
  mr_jerror e;
  int rc = mr_json_parse(doc, json ? json : "", len, &c.v, &c.nv, &e);
  if (rc == -2) goto done;
  status = MEDRULE_INPUT;
  if (rc) { /* "file:3:7: why"; an NDJSON source ("file:3") already names its line, which the position replaces */
    char msg[600];
    const char *src = o.source ? o.source : "<bundle>", *colon = strrchr(src, ':');
    int srclen = colon && colon[1] >= '0' && colon[1] <= '9' ? (int)(colon - src) : (int)strlen(src);
    snprintf(msg, sizeof msg, "%.*s:%u:%u: %s", srclen, src, e.line + (o.line ? o.line : 1) - 1, e.col, e.msg);
    if (medrule_facts_add_error(f, NULL, msg) == MEDRULE_NOMEM) status = MEDRULE_NOMEM;
    goto failed;
  }
  const char *rt = fj_str(&c, 0, "resourceType");
  if (c.v[0].type != MR_JOBJECT || !rt || strcmp(rt, "Bundle")) {
    fhir_error(&c, "$.resourceType", "not a FHIR Bundle (resourceType is %s%s%s)", rt ? "'" : "", rt ? rt : "missing",
               rt ? "'" : "");
    goto failed;
  }
  if (as_of(&c, &o)) goto failed;
  size_t entries = fj_want(&c, 0, "entry", MR_JARRAY, "$");
  int patients = 0;
  if (entries && c.v[entries].len) { /* the Medications, found once for every medicationReference */
    c.meds = mr_malloc(2 * (size_t)c.v[entries].len * sizeof *c.meds);
    if (!c.meds) {
      status = MEDRULE_NOMEM;
      goto done;
    }
    for (size_t k = entries + 1; k < c.v[entries].end; k = c.v[k].end) {
      size_t r = fj_get(&c, k, "resource");
      const char *t = r ? fj_str(&c, r, "resourceType") : NULL;
      if (t && !strcmp(t, "Medication")) c.meds[2 * c.nmeds] = k, c.meds[2 * c.nmeds + 1] = r, c.nmeds++;
    }
  }
  if (entries) {
    size_t i = 0;
    for (size_t k = entries + 1; k < c.v[entries].end && !c.nomem; k = c.v[k].end, i++) {
      char path[40];
      snprintf(path, sizeof path, "entry[%zu]", i);
      c.entry = (size_t)-1;
      if (c.v[k].type != MR_JOBJECT) {
        fhir_error(&c, path, "an entry must be an object, not %s", fj_type_name(c.v[k].type));
        continue;
      }
      size_t r = fj_get(&c, k, "resource");
      if (!r || c.v[r].type != MR_JOBJECT) {
        fhir_error(&c, path, "an entry needs a resource object");
        continue;
      }
      c.entry = i, c.res = r;
      resource(&c, r, &patients);
      if (medrule_facts_error_count(f) >= 20) break;
    }
  }
  c.entry = (size_t)-1;
  if (!patients) fhir_warning(&c, "$", "no Patient resource: age, sex and id stay unknown");
  if (!medrule_facts_error_count(f) && !c.nomem) fhir_finish(&c, o.site);
  if (c.nomem) {
    status = MEDRULE_NOMEM;
    goto done;
  }
  if (!medrule_facts_error_count(f)) {
    status = MEDRULE_OK;
    goto done;
  }
failed: { /* nothing is evaluated from a bundle that failed: keep the errors, drop the values */
  int n = medrule_facts_error_count(f);
  strbuf keep;
  sb_init(&keep);
  for (int i = 0; i < n; i++) {
    sb_puts(&keep, medrule_facts_error(f, i));
    sb_putc(&keep, 0);
  }
  medrule_facts_clear(f);
  medrule_facts_set_source(f, o.source);
  const char *at = keep.data;
  for (int i = 0; i < n && at; i++, at += strlen(at) + 1) medrule_facts_add_error(f, NULL, keep.oom ? "out of memory" : at);
  sb_free(&keep);
}
done:
  if (c.acc)
    for (int i = 0; i < m->nslots; i++) sb_free(&c.acc[i].from);
  mr_free(c.acc);
  mr_free(c.fact);
  mr_free(c.obs);
  mr_free(c.meds);
  if (status == MEDRULE_NOMEM) medrule_facts_clear(f);
  return status;
}
