/* fhir_map.h — a pack's FHIR mapping (fhir.lua) compiled into C tables:
** code -> rule, LOINC -> observation rule, RxNorm -> plan.  Built once when
** the pack is opened (fhir_map.c); read without Lua for every bundle
** (fhir.c).  Internal. */
#ifndef MR_FHIR_MAP_H
#define MR_FHIR_MAP_H

#include "internal.h"

/* Code systems the mapping names, by their FHIR URIs. */
enum { SYS_SNOMED, SYS_ICD10, SYS_LOINC, SYS_RXNORM, SYS_V3, SYS_COUNT };
extern const char *const MR_FHIR_SYSTEMS[SYS_COUNT];

/* What a rule's code is looked for in. */
enum { K_CONDITION, K_ALLERGY, K_MEDICATION, K_PREMEDICATION, K_PROCEDURE, K_OBSERVATION, K_PLAN, K_LIST,
       K_COUNT };

/* One effect: fact slot `slot` takes boolean `b` or code `code`. */
typedef struct mr_fhir_fx {
  int slot;
  int b;
  const char *code; /* code and codes facts; owned by the map */
} mr_fhir_fx;

typedef struct mr_fhir_fxs {
  mr_fhir_fx *v;
  int n;
} mr_fhir_fxs;

/* A code that maps, in one system; prefix: an ICD-10-CM category ("G90.5*")
** covering every code under it.  Codes are stored without dots, upper case
** for ICD-10-CM. */
typedef struct mr_fhir_code {
  uint8_t sys, prefix;
  const char *code;
  int rule;
} mr_fhir_code;

/* A code -> value table (answers, interpretations, routes, genders). */
typedef struct mr_fhir_pair {
  const char *code;
  mr_fhir_fx fx;
} mr_fhir_pair;

typedef struct mr_fhir_pairs {
  mr_fhir_pair *v;
  int n;
} mr_fhir_pairs;

enum { OBS_QUANTITY, OBS_CODED };
enum { COMBINE_LATEST, COMBINE_WORST, COMBINE_PREMEDICATION /* ordered the day of the ketamine order */ };

typedef struct mr_fhir_rule {
  int kind, line;
  mr_fhir_fxs active, past, refuted; /* clinical status: active; resolved, inactive, remission; refuted */
  unsigned section;                  /* MEDRULE_FHIR_COMPLETE_* bits its facts belong to (K_LIST: the list's) */
  /* K_ALLERGY: the reaction must show one of these (none: any reaction) */
  const char **manifestations;
  int nmanifestations;
  /* K_OBSERVATION */
  int slot, mode, combine;
  mr_fhir_pairs answers;   /* valueCodeableConcept (SNOMED CT) -> value */
  mr_fhir_pairs interp;    /* interpretation (v3 ObservationInterpretation) -> value */
  const char *above, *within; /* valueQuantity against referenceRange: above high, within */
  mr_fhir_fx not_done;     /* K_PROCEDURE: status not-done */
} mr_fhir_rule;

typedef struct mr_fhir_absent { /* what --complete takes for an unknown fact */
  int slot;
  mr_fhir_fx fx;
  unsigned sections; /* every section that maps the fact: all must be complete */
} mr_fhir_absent;

typedef struct mr_fhir_map {
  char **slots;            /* fact names the mapping sets; resolved per facts object's pack */
  int nslots;
  mr_fhir_rule *rules;
  int nrules;
  mr_fhir_code *codes;     /* sorted by (sys, code) */
  int ncodes;
  mr_fhir_absent *absent;
  int nabsent;
  /* patient */
  int age_slot, sex_slot, id_slot;
  mr_fhir_pairs genders;
  /* the planned ketamine order */
  int route_slot, rate_slot, duration_slot, bolus_slot;
  int first_slot, since_slot; /* earlier ketamine given: not the first infusion, days since the last */
  mr_fhir_pairs routes;    /* SNOMED CT route -> code */
  /* consent */
  int consent_slot;
  const char *consent_permit, *consent_deny, *consent_scope;
  /* blood pressure and hypertension control */
  int bp_slot;
  const char *bp_systolic, *bp_diastolic;
  double bp_ok_sys, bp_ok_dia, bp_poor_sys, bp_poor_dia;
  const char *bp_controlled, *bp_poor, *bp_needs; /* bp_needs: the code an active Condition must have set */
  char **strings;          /* every string above, owned */
  int nstrings, cap_strings;
} mr_fhir_map;

/* Reads DIR/fhir.lua when the pack has one, in a sandboxed Lua state of its
** own, and compiles it against `p`'s vocabulary.  0 with *out NULL when the
** pack has no fhir.lua; 0 with *out the map; -1 with a message naming the
** file and line in *errmsg (NULL: out of memory). */
int mr_fhir_map_open(medrule_pack *p, mr_fhir_map **out, char **errmsg);
void mr_fhir_map_free(mr_fhir_map *m);

/* The first code entry for (sys, code), or -1; entries for one code are
** adjacent.  ICD-10-CM codes are matched with their categories too: call
** with each shorter prefix (mr_fhir_lookup_icd does). */
int mr_fhir_lookup(const mr_fhir_map *m, int sys, const char *code, int prefix);

/* Calls fn for every rule of kind `kind` a coding (sys, code) maps to. */
typedef void (*mr_fhir_rule_fn)(void *ctx, const mr_fhir_rule *r, int rule);
void mr_fhir_match(const mr_fhir_map *m, int sys, const char *code, int kind, mr_fhir_rule_fn fn, void *ctx);

/* The value of a code in a pair table, or NULL. */
const mr_fhir_fx *mr_fhir_pair_find(const mr_fhir_pairs *t, const char *code);

#endif
