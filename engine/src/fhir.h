/* fhir.h — what the FHIR bundle reader (fhir.c) and the fact assembly
** (fhir_facts.c) share.  Internal. */
#ifndef MR_FHIR_H
#define MR_FHIR_H

#include "fhir_map.h"
#include "json.h"

enum { PRIO_NONE, PRIO_ABSENT, PRIO_REFUTED, PRIO_PAST, PRIO_ACTIVE };

/* What the bundle says about one fact slot so far. */
typedef struct fhir_acc {
  int prio;
  int b;                  /* boolean facts */
  int rank;               /* code facts: the code's index (the later declared, the more severe) */
  const char *code;
  uint64_t codes;         /* codes facts: bits by code index */
  strbuf from;            /* provenance, comma-separated */
  int from_complete;      /* set by --complete, not by the bundle: warn */
  int maybe;              /* the bundle hints at a value it does not state: --complete assumes nothing */
  /* quantities: the value as the resource gave it */
  int has_q;
  double q;
  char unit[48];
  char where[200];        /* the JSON path it came from, for a conflict or a setter error */
  char when[40];          /* observations: when it was observed (the latest wins) */
  size_t entry;           /* the entry it came from */
} fhir_acc;

/* A dated candidate for an observation or consent fact: the latest (or, for
** combine = "worst", the worst of the latest per code) wins. */
typedef struct fhir_obs {
  int slot, combine;
  const char *loinc;      /* per-code grouping for "worst" */
  char when[40];
  mr_fhir_fx fx;
  char from[160];
  size_t entry;           /* bundle order breaks ties */
} fhir_obs;

typedef struct fhir_ctx {
  medrule_facts *f;
  const medrule_pack *p;
  const mr_fhir_map *m;
  const mr_jval *v;
  size_t nv;
  int *fact;              /* per slot: the fact index in the facts' pack, or -1 */
  fhir_acc *acc;          /* per slot */
  fhir_obs *obs;
  int nobs, cap_obs;
  unsigned complete;      /* sections the caller declared complete */
  unsigned listed;        /* sections a List with emptyReason nilknown declares complete */
  char list_from[160];
  char as_of[11];         /* YYYY-MM-DD, or "" */
  int nomem;
  /* the resource being read */
  size_t entry;           /* its index in Bundle.entry */
  size_t res;             /* its value index */
  char from[160];         /* "Condition/c-17" */
  /* blood pressure: the latest systolic and diastolic */
  size_t *meds;           /* the bundle's Medication entries: (entry, resource) value indexes, in pairs */
  size_t nmeds;           /* pairs */
  char plan_dates[8][11]; /* authoredOn dates of the ketamine orders */
  char last_given[11];    /* the latest date earlier ketamine was given, or "" */
  char last_given_from[160];
  int nplan_dates;
  double bp_sys, bp_dia;
  char bp_when[40], bp_from[160];
  int has_bp;
} fhir_ctx;

/* JSON helpers over the flat value array (fhir_read.c). */
size_t fj_get(const fhir_ctx *c, size_t obj, const char *key); /* member index, or 0 when absent */
const char *fj_str(const fhir_ctx *c, size_t obj, const char *key); /* a string member, or NULL */
const char *fj_type_name(int t); /* "a string", "an object", ... */
/* Member `key` of `obj` of JSON type `type`, 0 when absent; an error (and 0)
** when present with another type. */
size_t fj_want(fhir_ctx *c, size_t obj, const char *key, int type, const char *path);
/* Calls fn for each coding of a known system in the CodeableConcept at cc
** (0: none), checking its shape; `path` names cc in messages. */
typedef void (*coding_fn)(fhir_ctx *c, int sys, const char *code, void *ctx);
void fhir_each_coding(fhir_ctx *c, size_t cc, const char *path, coding_fn fn, void *ctx);
/* The code of `system` (NULL: any) in CodeableConcept obj[key], or NULL. */
const char *fhir_concept_code(fhir_ctx *c, size_t obj, const char *key, const char *system);
/* 1 when s starts like a FHIR date, YYYY[-MM[-DD]], with a valid month and day. */
int fhir_date_ok(const char *s);
/* When a clinical resource happened: the first of its date fields, or "". */
const char *fhir_when(fhir_ctx *c, size_t r);
/* A Quantity: its value and UCUM unit; -1 after an error (not UCUM, no value). */
int fhir_quantity(fhir_ctx *c, size_t q, const char *path, double *value, const char **unit);

/* The planned order (fhir_plan.c): the codes of a medication (its concept or
** the Medication it refers to), whether a code is the plan's, and the plan
** read from a MedicationRequest's dosage. */
void fhir_medication_codes(fhir_ctx *c, size_t r, coding_fn fn, void *ctx);
void fhir_is_plan(fhir_ctx *c, int sys, const char *code, void *ctx);
void fhir_plan(fhir_ctx *c, size_t r);
/* Ketamine given before (a MedicationAdministration or MedicationStatement
** of the planned drug): not the first infusion, and the days since.  `plan`:
** whether the medication is the plan's drug, or -1 to find out. */
void fhir_given_before(fhir_ctx *c, size_t r, int statement, int plan);
/* An ended order of the planned drug: it may have been given. */
void fhir_maybe_given(fhir_ctx *c);
/* Days from date a to date b (both YYYY-MM-DD). */
long fhir_days_between(const char *a, const char *b);

/* An error at entry[k].resource.PATH ("" = the resource itself). */
void fhir_error(fhir_ctx *c, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void fhir_warning(fhir_ctx *c, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Offers a value for a slot from the current resource (fhir_facts.c). */
void fhir_offer(fhir_ctx *c, const mr_fhir_fx *fx, int prio);
void fhir_offer_obs(fhir_ctx *c, int slot, int combine, const char *loinc, const char *when, const mr_fhir_fx *fx);
/* A quantity for a slot; an error when another resource gave a different one
** (plan facts) unless `latest` (then the later `when` wins). */
void fhir_offer_quantity(fhir_ctx *c, int slot, double q, const char *unit, const char *path, const char *when);
/* Sets the facts from what was gathered, then --complete and the site profile. */
void fhir_finish(fhir_ctx *c, const medrule_facts *site);

#endif
