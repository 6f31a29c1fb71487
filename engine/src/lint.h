/* lint.h — what the parts of medrule_pack_lint share: findings, the fact
** domains an analysis enumerates, and the functions one part calls in another
** (lint.c: findings and the API; lint_quotes.c: quotes and citations;
** lint_analysis.c: never/always fires; lint_pairs.c: contradictions, overlapping
** bands and gaps). */
#ifndef MEDRULE_LINT_H
#define MEDRULE_LINT_H

#include <stdint.h>

#include "eval.h"
#include "internal.h"

#include "render.h"

#define LINT_MAX_ASSIGNMENTS (1L << 16)
#define LINT_LONG_QUOTE_WORDS 40
#define LINT_MAX_CODE_CLASSES 16

enum { SEV_ERROR, SEV_WARNING, SEV_INFO };

enum { NOVAL = 3 };

typedef struct finding {
  int sev;
  const char *check;
  char *file;
  int line, col;
  const char *rule;
  char *msg, *hint;
  int key, seq;
} finding;

/* One fact value of an assignment. */
/* An assigned value: the engine's own fact value, so that conditions are
** evaluated by the engine's evaluator, exactly as for a patient. */
typedef mr_value aval;

/* A witness: the values of some facts that give a condition some value. */
typedef struct wit {
  int n, cap;
  int *fact;
  aval *v;
} wit;

/* Which truth values a condition can take, with a witness for each. */
typedef struct res {
  int ok;            /* 0: too many assignments, not analysed */
  int can[3];
  wit w[3];
} res;

/* The domain of one fact within one enumeration. */
typedef struct fdom {
  int fact;
  int sampled, allvals;
  double *pts;
  int npts, cappts;
  uint64_t *masks;
  int nmasks, capmasks;
  aval *v;
  int nv, capv;
} fdom;

/* A numeric band a rule's conjunction puts on a fact. */
typedef struct band {
  int fact;
  int haslo, hashi, loinc, hiinc;
  double lo, hi;
} band;

typedef struct lint {
  const medrule_pack *p;
  finding *f;
  int nf, capf;
  int oom;
  int key;           /* ordering key of findings being added */
  int words;
  aval *vals;        /* current assignment, by fact (the evaluator's values) */
  medrule_evaluator ev; /* the engine's evaluator over that assignment; no Lua */
  int *dix;          /* fact -> index into the current domains, or -1 */
  int known_only;    /* enumerate known values only */
  int sampled;       /* an enumeration since the last reset was sampled */
  int too_big;       /* an enumeration since the last reset was over the cap */
} lint;

typedef struct ivec2 {
  int *v;
  int n, cap;
} ivec2;

void mr_lint_add_finding(lint *L, int sev, const char *check, const char *file, int line, int col,
                         const char *rule, char *hint, char *msg);
int mr_lint_find_in_file(const medrule_pack *p, const char *file, int from, const char *needle, int same_line,
                         int *line, int *col);
void mr_lint_rule_loc(const medrule_pack *p, const mr_rule *r, int *line, int *col);
void mr_lint_node_loc(const medrule_pack *p, const mr_rule *r, int n, int *line, int *col);
static inline int has_bit(const uint64_t *set, int f) { return (int)(set[f >> 6] >> (f & 63) & 1); }
void mr_lint_mark_facts(const medrule_pack *p, int n, uint64_t *set);
void mr_lint_check_citations(lint *L, const char *sources_dir);
int mr_lint_analyse_terms(lint *L, const ivec2 *t, int known_only, res *out);
char *mr_lint_format_witness(const medrule_pack *p, const wit *w);
static inline int is_lua(const mr_rule *r) { return r->lua_fn >= 0; }
void mr_lint_res_free(res *r);
void mr_lint_res_init(res *r);
int mr_lint_rule_terms(const medrule_pack *p, const mr_rule *r, ivec2 *into);
int mr_lint_solve_cmp(const medrule_pack *p, int n, int *fact, int *op, double *v, int *scaled);
void mr_lint_check_firing(lint *L, int i);
void mr_lint_check_pairs(lint *L);

#endif
