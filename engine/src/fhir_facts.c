/* fhir_facts.c — turns what fhir.c gathered from a bundle into facts.
**
** Several resources may speak to one fact.  The rules, in order:
**   - an active finding beats a past one, which beats an explicit negative
**     (refuted), which beats an assumption of --complete;
**   - among equals, a boolean's true wins (a recorded contraindication
**     counts), a code's most severe value wins (the later declared: none <
**     mild < moderate < severe), a list of codes takes them all;
**   - an observation or consent counts by its latest record (or, for
**     combine = "worst", the worst of the latest per LOINC code);
**   - two resources that give different quantities for one plan fact (two
**     infusion rates) are an error: the plan is ambiguous.
** Every fact set gets its provenance: the resources it came from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fhir.h"

static void add_from(fhir_acc *a, const char *from) {
  /* once each, in bundle order */
  size_t n = strlen(from);
  for (const char *s = a->from.data; s && *s;) {
    const char *e = strchr(s, ',');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    if (len == n && !memcmp(s, from, n)) return;
    s = e ? e + 2 : s + len;
  }
  if (a->from.len) sb_puts(&a->from, ", ");
  sb_puts(&a->from, from);
}

static void set_from(fhir_acc *a, const char *from) {
  sb_reset(&a->from);
  sb_puts(&a->from, from);
}

static void offer_from(fhir_ctx *c, const mr_fhir_fx *fx, int prio, const char *from) {
  int f = c->fact[fx->slot];
  if (f < 0) return;
  fhir_acc *a = &c->acc[fx->slot];
  switch (medrule_fact_type(c->p, f)) {
    case MEDRULE_TYPE_BOOLEAN:
      if (prio > a->prio || (prio == a->prio && fx->b && !a->b)) {
        a->prio = prio, a->b = fx->b;
        set_from(a, from);
      } else if (prio == a->prio && fx->b == a->b) {
        add_from(a, from);
      }
      break;
    case MEDRULE_TYPE_CODE: {
      int rank = medrule_fact_code_index(c->p, f, fx->code);
      if (prio > a->prio || (prio == a->prio && rank > a->rank)) {
        a->prio = prio, a->rank = rank, a->code = fx->code;
        set_from(a, from);
      } else if (prio == a->prio && rank == a->rank) {
        add_from(a, from);
      }
      break;
    }
    case MEDRULE_TYPE_CODES: {
      int rank = medrule_fact_code_index(c->p, f, fx->code);
      if (rank < 0 || rank > 63) return;
      if (prio > a->prio) { /* a list keeps what the strongest evidence says */
        a->codes = 0;
        sb_reset(&a->from);
        a->prio = prio;
      }
      if (prio == a->prio) {
        a->codes |= 1ull << rank;
        add_from(a, from);
      }
      break;
    }
    default:
      break;
  }
  if (a->from.oom) c->nomem = 1;
}

void fhir_offer(fhir_ctx *c, const mr_fhir_fx *fx, int prio) { offer_from(c, fx, prio, c->from); }

void fhir_offer_obs(fhir_ctx *c, int slot, int combine, const char *loinc, const char *when, const mr_fhir_fx *fx) {
  if (c->fact[slot] < 0) return;
  if (c->nobs == c->cap_obs) {
    int cap = c->cap_obs ? c->cap_obs * 2 : 32;
    fhir_obs *o = mr_realloc(c->obs, (size_t)cap * sizeof *o);
    if (!o) {
      c->nomem = 1;
      return;
    }
    c->obs = o, c->cap_obs = cap;
  }
  fhir_obs *o = &c->obs[c->nobs++];
  o->slot = slot, o->combine = combine, o->loinc = loinc, o->fx = *fx, o->entry = c->entry;
  snprintf(o->when, sizeof o->when, "%s", when ? when : "");
  snprintf(o->from, sizeof o->from, "%s", c->from);
}

void fhir_offer_quantity(fhir_ctx *c, int slot, double q, const char *unit, const char *path, const char *when) {
  if (c->fact[slot] < 0) return;
  fhir_acc *a = &c->acc[slot];
  char where[200];
  if (c->entry == (size_t)-1) snprintf(where, sizeof where, "%s", path);
  else snprintf(where, sizeof where, "entry[%zu].resource.%s", c->entry, path);
  if (a->has_q && !when) {
    if (a->q == q && !strcmp(a->unit, unit)) {
      add_from(a, c->from);
      return;
    }
    fhir_error(c, path, "%s is given twice: %g %s here and %g %s at %s", c->p ? medrule_pack_fact_name(c->p, c->fact[slot]) : "",
               q, unit, a->q, a->unit, a->where);
    return;
  }
  if (a->has_q && when && strcmp(when, a->when) < 0) return; /* an older observation */
  if (strlen(unit) >= sizeof a->unit) {
    fhir_error(c, path, "the unit '%.40s...' is too long", unit);
    return;
  }
  a->has_q = 1, a->q = q;
  snprintf(a->unit, sizeof a->unit, "%s", unit);
  snprintf(a->where, sizeof a->where, "%s", where);
  snprintf(a->when, sizeof a->when, "%s", when ? when : "");
  a->entry = c->entry;
  set_from(a, c->from);
}

/* The observations: per slot, the latest; for "worst", the latest per code, then the worst. */
static void resolve_obs(fhir_ctx *c) {
  for (int i = 0; i < c->nobs; i++) {
    const fhir_obs *o = &c->obs[i];
    if (o->combine == COMBINE_PREMEDICATION) { /* a drug ordered the day ketamine is: premedication */
      for (int d = 0; d < c->nplan_dates; d++)
        if (o->when[0] && !strncmp(o->when, c->plan_dates[d], 10)) {
          offer_from(c, &o->fx, PRIO_ACTIVE, o->from);
          break;
        }
      continue;
    }
    int best = 1;
    for (int j = 0; j < c->nobs && best; j++) {
      const fhir_obs *x = &c->obs[j];
      if (j == i || x->slot != o->slot || x->combine == COMBINE_PREMEDICATION) continue;
      if (o->combine == COMBINE_WORST && strcmp(x->loinc, o->loinc)) continue;
      int cmp = strcmp(x->when, o->when);
      if (cmp > 0 || (cmp == 0 && x->entry > o->entry)) best = 0;
    }
    if (best) offer_from(c, &o->fx, PRIO_ACTIVE, o->from);
  }
}

/* Hypertension recorded: its control from the latest blood pressure. */
static void resolve_bp(fhir_ctx *c) {
  const mr_fhir_map *m = c->m;
  if (m->bp_slot < 0 || c->fact[m->bp_slot] < 0) return;
  fhir_acc *a = &c->acc[m->bp_slot];
  if (a->prio != PRIO_ACTIVE || !a->code || strcmp(a->code, m->bp_needs)) return;
  const char *name = m->slots[m->bp_slot];
  c->entry = (size_t)-1;
  if (c->has_bp && (c->bp_sys >= m->bp_poor_sys || c->bp_dia >= m->bp_poor_dia)) {
    a->code = m->bp_poor;
    a->rank = medrule_fact_code_index(c->p, c->fact[m->bp_slot], a->code);
    add_from(a, c->bp_from);
  } else if (c->has_bp && c->bp_sys >= 0 && c->bp_dia >= 0 && c->bp_sys < m->bp_ok_sys && c->bp_dia < m->bp_ok_dia) {
    a->code = m->bp_controlled;
    add_from(a, c->bp_from);
  } else {
    fhir_warning(c, name, "hypertension is recorded (%s) but %s: %s stays unknown", a->from.data,
                 c->has_bp ? "the latest blood pressure does not say how well it is controlled"
                           : "no blood pressure says how well it is controlled", name);
    a->prio = PRIO_NONE;
  }
}

/* "problems,medications": the sections in `bits`, as --complete names them. */
static void section_names(unsigned bits, char *buf, size_t size) {
  static const char *const N[] = {"problems", "medications", "allergies"};
  size_t at = 0;
  buf[0] = 0;
  for (int i = 0; i < 3; i++)
    if (bits & (1u << i)) at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? "," : "", N[i]);
}

/* --complete, and Lists that say "nil known": absent means the negative. */
static void resolve_absent(fhir_ctx *c) {
  const mr_fhir_map *m = c->m;
  unsigned have = c->complete | c->listed;
  for (int i = 0; i < m->nabsent; i++) {
    const mr_fhir_absent *ab = &m->absent[i];
    const fhir_acc *a = &c->acc[ab->slot];
    if (c->fact[ab->slot] < 0 || a->prio != PRIO_NONE || a->has_q || a->maybe) continue;
    if (!ab->sections || (ab->sections & have) != ab->sections) continue;
    if ((ab->sections & c->listed) == ab->sections) {
      offer_from(c, &ab->fx, PRIO_ABSENT, c->list_from);
      continue;
    }
    offer_from(c, &ab->fx, PRIO_ABSENT, "");
    sb_reset(&c->acc[ab->slot].from); /* an assumption, not a resource */
    c->acc[ab->slot].from_complete = 1;
    c->entry = (size_t)-1;
    char names[64];
    section_names(ab->sections & ~c->listed, names, sizeof names);
    fhir_warning(c, m->slots[ab->slot], "taken as %s: nothing in the bundle says so, and --complete %s declares "
                 "that part of the record complete", ab->fx.code ? ab->fx.code : ab->fx.b ? "true" : "false", names);
  }
}

static void note_rc(fhir_ctx *c, int rc) {
  if (rc == MEDRULE_NOMEM) c->nomem = 1;
}

/* The site profile's site.* and staff.* facts, as given there. */
static void copy_site(fhir_ctx *c, const medrule_facts *site) {
  const medrule_pack *p = c->p;
  for (int f = 0; f < medrule_pack_fact_count(p); f++) {
    if (!medrule_facts_is_given(site, f)) continue;
    medrule_value v;
    if (medrule_facts_get(site, f, &v)) continue;
    int rc = MEDRULE_OK;
    if (!v.known) rc = medrule_facts_set_unknown(c->f, f);
    else if (v.type == MEDRULE_TYPE_BOOLEAN) rc = medrule_facts_set_boolean(c->f, f, v.boolean);
    else if (v.type == MEDRULE_TYPE_NUMBER || v.type == MEDRULE_TYPE_QUANTITY) rc = medrule_facts_set_number(c->f, f, v.number);
    else if (v.type == MEDRULE_TYPE_CODE) rc = medrule_facts_set_code(c->f, f, medrule_fact_code(p, f, v.code));
    else if (v.type == MEDRULE_TYPE_STRING) rc = medrule_facts_set_string(c->f, f, v.text);
    else if (v.type == MEDRULE_TYPE_CODES) {
      const char *codes[64];
      int n = 0;
      for (int k = 0; k < 64; k++)
        if (v.codes >> k & 1) codes[n++] = medrule_fact_code(p, f, k);
      rc = medrule_facts_set_codes(c->f, f, codes, n);
    }
    note_rc(c, rc);
  }
}

/* Days since the last earlier ketamine, as of the as-of date. */
static void resolve_since(fhir_ctx *c) {
  const mr_fhir_map *m = c->m;
  if (m->since_slot < 0 || c->fact[m->since_slot] < 0 || !c->last_given[0] || !c->as_of[0]) return;
  long days = fhir_days_between(c->last_given, c->as_of);
  if (days < 0) return; /* given after the as-of date: not "since" */
  fhir_acc *a = &c->acc[m->since_slot];
  a->has_q = 1, a->q = (double)days;
  snprintf(a->unit, sizeof a->unit, "d");
  snprintf(a->where, sizeof a->where, "the latest earlier ketamine (%s)", c->last_given);
  set_from(a, c->last_given_from);
}

void fhir_finish(fhir_ctx *c, const medrule_facts *site) {
  const mr_fhir_map *m = c->m;
  resolve_since(c);
  resolve_obs(c);
  resolve_bp(c);
  resolve_absent(c);
  c->entry = (size_t)-1;
  for (int s = 0; s < m->nslots && !c->nomem; s++) {
    int f = c->fact[s];
    fhir_acc *a = &c->acc[s];
    if (f < 0 || (a->prio == PRIO_NONE && !a->has_q)) continue;
    int rc;
    if (a->has_q) {
      rc = medrule_facts_set_quantity(c->f, f, a->q, a->unit);
      if (rc == MEDRULE_INPUT) { /* the setter said why; say where too */
        fhir_error(c, a->where, "%s %g %s cannot be read (see above)", m->slots[s], a->q, a->unit);
        continue;
      }
    } else {
      switch (medrule_fact_type(c->p, f)) {
        case MEDRULE_TYPE_BOOLEAN: rc = medrule_facts_set_boolean(c->f, f, a->b); break;
        case MEDRULE_TYPE_CODE: rc = medrule_facts_set_code(c->f, f, a->code); break;
        default: {
          const char *codes[64];
          int n = 0;
          for (int k = 0; k < 64; k++)
            if (a->codes >> k & 1) codes[n++] = medrule_fact_code(c->p, f, k);
          rc = medrule_facts_set_codes(c->f, f, codes, n);
        }
      }
    }
    note_rc(c, rc);
    if (rc == MEDRULE_OK && a->from.len) note_rc(c, medrule_facts_set_from(c->f, f, a->from.data));
  }
  if (site) copy_site(c, site);
}
