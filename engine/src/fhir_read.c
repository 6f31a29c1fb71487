/* fhir_read.c — reading FHIR JSON values for fhir.c and fhir_plan.c: member
** lookup over the flat value array, messages that name the entry and field,
** CodeableConcepts, dates and UCUM Quantities, each checked for shape. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fhir.h"

/* ------------------------------------------------------------ JSON access */

size_t fj_get(const fhir_ctx *c, size_t obj, const char *key) {
  if (obj >= c->nv || c->v[obj].type != MR_JOBJECT) return 0;
  for (size_t k = obj + 1; k < c->v[obj].end; k = c->v[k].end)
    if (!strcmp(c->v[k].key, key)) return k;
  return 0;
}

const char *fj_str(const fhir_ctx *c, size_t obj, const char *key) {
  size_t k = fj_get(c, obj, key);
  return k && c->v[k].type == MR_JSTRING ? c->v[k].str : NULL;
}

static void message(fhir_ctx *c, int error, const char *path, const char *fmt, va_list ap) {
  char msg[800], where[200];
  vsnprintf(msg, sizeof msg, fmt, ap);
  if (c->entry == (size_t)-1) snprintf(where, sizeof where, "%s", path && *path ? path : "$");
  else snprintf(where, sizeof where, "entry[%zu].resource%s%s", c->entry, path && *path ? "." : "", path ? path : "");
  int rc = error ? medrule_facts_add_error(c->f, where, msg) : medrule_facts_add_warning(c->f, where, msg);
  if (rc == MEDRULE_NOMEM) c->nomem = 1;
}

void fhir_error(fhir_ctx *c, const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  message(c, 1, path, fmt, ap);
  va_end(ap);
}

void fhir_warning(fhir_ctx *c, const char *path, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  message(c, 0, path, fmt, ap);
  va_end(ap);
}

const char *fj_type_name(int t) {
  static const char *const N[] = {"null", "false", "true", "a number", "a string", "a list", "an object"};
  return N[t];
}

/* Member `key` of `obj` of JSON type `type`, 0 when absent; an error (and 0)
** when present with another type. */
size_t fj_want(fhir_ctx *c, size_t obj, const char *key, int type, const char *path) {
  size_t k = fj_get(c, obj, key);
  if (!k || c->v[k].type == type || (type == MR_JTRUE && c->v[k].type == MR_JFALSE)) return k;
  fhir_error(c, path, "'%s' must be %s, not %s", key, fj_type_name(type), fj_type_name(c->v[k].type));
  return 0;
}

/* A code of `system` among the codings of the CodeableConcept at cc, by
** calling fn for each; checks the shape.  `path` names cc. */
void fhir_each_coding(fhir_ctx *c, size_t cc, const char *path, coding_fn fn, void *ctx) {
  if (!cc) return;
  if (c->v[cc].type != MR_JOBJECT) {
    fhir_error(c, path, "a CodeableConcept must be an object, not %s", fj_type_name(c->v[cc].type));
    return;
  }
  char p[160];
  snprintf(p, sizeof p, "%s", path);
  size_t codings = fj_want(c, cc, "coding", MR_JARRAY, p);
  if (!codings) return;
  size_t i = 0;
  for (size_t k = codings + 1; k < c->v[codings].end; k = c->v[k].end, i++) {
    snprintf(p, sizeof p, "%s.coding[%zu]", path, i);
    if (c->v[k].type != MR_JOBJECT) {
      fhir_error(c, p, "a Coding must be an object, not %s", fj_type_name(c->v[k].type));
      continue;
    }
    size_t sk = fj_want(c, k, "system", MR_JSTRING, p), ck = fj_want(c, k, "code", MR_JSTRING, p);
    if (!sk || !ck) continue;
    for (int s = 0; s < SYS_COUNT; s++)
      if (!strcmp(c->v[sk].str, MR_FHIR_SYSTEMS[s])) fn(c, s, c->v[ck].str, ctx);
  }
}

/* The code of `system` in a CodeableConcept (status concepts), or NULL. */
const char *fhir_concept_code(fhir_ctx *c, size_t obj, const char *key, const char *system) {
  size_t cc = fj_get(c, obj, key), codings = cc ? fj_get(c, cc, "coding") : 0;
  if (!codings || c->v[codings].type != MR_JARRAY) return NULL;
  for (size_t k = codings + 1; k < c->v[codings].end; k = c->v[k].end) {
    const char *s = fj_str(c, k, "system"), *code = fj_str(c, k, "code");
    if (code && (!system || (s && !strcmp(s, system)))) return code;
  }
  return NULL;
}

/* A FHIR date or dateTime: its text, checked to start YYYY[-MM[-DD]]. */
int fhir_date_ok(const char *s) {
  size_t n = strlen(s);
  if (n < 4) return 0;
  for (int i = 0; i < 4; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  if (n == 4) return 1;
  if (s[4] != '-' || n < 7 || s[5] < '0' || s[5] > '1' || s[6] < '0' || s[6] > '9') return 0;
  int month = (s[5] - '0') * 10 + s[6] - '0';
  if (month < 1 || month > 12) return 0;
  if (n == 7) return 1;
  if (s[7] != '-' || n < 10 || s[8] < '0' || s[8] > '3' || s[9] < '0' || s[9] > '9') return 0;
  int day = (s[8] - '0') * 10 + s[9] - '0';
  return day >= 1 && day <= 31;
}

/* When a clinical resource happened: the first of its date fields. */
const char *fhir_when(fhir_ctx *c, size_t r) {
  static const char *const KEYS[] = {"effectiveDateTime", "issued", "authoredOn", "dateTime", "recordedDate",
                                     "onsetDateTime", "performedDateTime", "dateAsserted", "date"};
  for (size_t i = 0; i < sizeof KEYS / sizeof *KEYS; i++) {
    const char *s = fj_str(c, r, KEYS[i]);
    if (s) return s;
  }
  size_t per = fj_get(c, r, "effectivePeriod");
  if (!per) per = fj_get(c, r, "performedPeriod");
  const char *s = per ? fj_str(c, per, "start") : NULL;
  return s ? s : "";
}

/* ------------------------------------------------------------ quantities */

/* A Quantity at q (path names it): its value and UCUM unit.  A system other
** than UCUM is an error, not a guess. */
int fhir_quantity(fhir_ctx *c, size_t q, const char *path, double *value, const char **unit) {
  if (c->v[q].type != MR_JOBJECT) {
    fhir_error(c, path, "a Quantity must be an object, not %s", fj_type_name(c->v[q].type));
    return -1;
  }
  size_t vk = fj_get(c, q, "value");
  const char *sys = fj_str(c, q, "system"), *code = fj_str(c, q, "code"), *u = fj_str(c, q, "unit");
  if (!vk || c->v[vk].type != MR_JNUMBER) {
    fhir_error(c, path, "a Quantity needs a numeric 'value'");
    return -1;
  }
  if (fj_get(c, q, "system") && !sys) {
    fhir_error(c, path, "'system' must be a string");
    return -1;
  }
  if (sys && strcmp(sys, "http://unitsofmeasure.org")) {
    fhir_error(c, path, "the unit system '%s' is not UCUM (http://unitsofmeasure.org): '%s' cannot be read", sys,
               code ? code : u ? u : "");
    return -1;
  }
  const char *cmp = fj_str(c, q, "comparator");
  if (cmp) {
    fhir_error(c, path, "a Quantity with comparator '%s' is not a value", cmp);
    return -1;
  }
  *unit = sys && code ? code : code ? code : u;
  if (!*unit) {
    fhir_error(c, path, "a Quantity needs a UCUM 'code' (or a 'unit')");
    return -1;
  }
  *value = c->v[vk].num;
  return 0;
}

