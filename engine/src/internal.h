/* internal.h — the engine's data model, shared by its modules; not API. */
#ifndef MR_INTERNAL_H
#define MR_INTERNAL_H

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>
#include <string.h>

#include "medrule.h"
#include "units.h"
#include "strbuf.h"
#include "numfmt.h"
#include "alloc.h"

/* Fact types. */
enum { MR_BOOL, MR_NUMBER, MR_QUANTITY, MR_CODE, MR_CODES, MR_STRING };

/* Truth values of conditions, and known-ness of values.  MR_NOVAL: a derived
** value that has none (division by zero): comparisons with it are false. */
enum { MR_F = 0, MR_T = 1, MR_U = 2, MR_NOVAL = 3 };

/* One fact value.  `state` is MR_T when known, MR_U when unknown.  Numbers
** and quantities live in `num`; booleans and codes in `bits` (0/1, the
** code's index), code lists as a mask; text in `str`.  The three never meet
** in one fact, so they share room: 16 bytes a value, which every fact set,
** evaluation and result copies whole.  Read a value by its fact's type. */
typedef struct mr_value {
  uint8_t state;
  uint8_t needs_per;   /* 1: divide by its `per` fact, 2: multiply by it */
  uint8_t present;     /* the input named it (even as null) */
  uint8_t from_default;
  int32_t blame;       /* fact to ask for when unknown (-1: the fact itself) */
  union {
    double num;
    uint64_t bits;
    const char *str;   /* MR_STRING: owned by the facts object */
    double raw;        /* a quantity with needs_per, until its `per` fact applies: its value before that (then
                        ** kept by the fact set, which applies it again when the `per` fact changes) */
  };
} mr_value;

typedef struct mr_fact {
  char *name;
  int type;
  mr_unit unit;        /* MR_QUANTITY; MR_NUMBER is dimensionless */
  char *unit_text;
  int per;             /* fact index, or -1 */
  char **values;       /* MR_CODE / MR_CODES */
  uint8_t *value_lens; /* strlen of each value, 255 for longer ones; set when the values are read */
  int nvalues;
  int has_range;
  double min, max;
  char *default_text;  /* as declared, for documents */
  mr_value def;
  int has_default;
  int derive;          /* node index of the derivation, or -1 */
  int computed;        /* derived only; not accepted from input */
  char *description;
  int line;
  const char *file;
  int group;           /* index of its parent group in pack->groups, or -1 */
  uint32_t local_len;  /* length of the name's last part, after its last dot (all of it at the top) */
  int sort_rank;       /* position when facts are sorted by name */
  uint32_t name_hash;  /* mr_hash of the name */
  uint32_t name_len;
} mr_fact;

/* Node operators of compiled conditions. */
enum {
  N_CONST_BOOL, N_CONST_NUM, N_CONST_CODE, N_CONST_CODES,
  N_FACT,
  N_AND, N_OR, N_NOT,
  N_LT, N_LE, N_GT, N_GE, N_EQ, N_NE, /* numbers */
  N_BEQ, N_BNE,                        /* booleans */
  N_CEQ, N_CNE,                        /* code vs code */
  N_CIN,                               /* code in literal set (mask) */
  N_HAS,                               /* code list shares a code with mask */
  N_KNOWN, N_UNKNOWN,
  N_ADD, N_SUB, N_MUL, N_DIV, N_NEG, N_SCALE,
  N_LUA,                               /* Lua-function condition */
  N_COUNT
};

typedef struct mr_node {
  uint8_t op;
  uint8_t type;      /* MR_BOOL, MR_NUMBER (numbers and quantities), MR_CODE, MR_CODES */
  uint16_t nkids;
  int32_t a, b;      /* children, or fact index (N_FACT), or function (N_LUA) */
  int32_t kids;      /* first index into pack->kids for N_AND / N_OR */
  double num;        /* constant, or scale numerator */
  double den;        /* scale denominator */
  uint64_t mask;     /* code constant or set */
  mr_unit unit;      /* unit of a numeric node */
  int32_t text;      /* index of the condition text in pack->texts */
  int32_t memo;      /* slot in the evaluator's memo when shared by rules, else -1 */
  /* Evaluator shortcuts, set at load; the tree itself is unchanged for
  ** explain and lint.  FAST_CMP: fact `fact` against the constant `cnum`;
  ** FAST_KNOWN: fact `fact` is known (is unknown for N_UNKNOWN). */
  uint8_t fast;
  int32_t fact;
  double cnum;
  uint32_t off, len; /* span of this node in that text */
} mr_node;

typedef struct mr_judgment {
  char *id, *note;
  char **quotes;
  int nquotes;
} mr_judgment;

typedef struct mr_rule {
  char *id, *category, *action, *grade, *certainty, *text;
  char *document, *section, *quote;
  char *topic, *position;  /* the question it answers that other packs answer too, and its answer */
  mr_judgment *judgments;
  int njudgments;
  int when;          /* node index */
  int applies;       /* node index or -1 */
  int effect;        /* MR_EFFECT_* */
  int category_index;
  int line;
  const char *file;
  int lua_fn;        /* index of a Lua-function condition, or -1 */
  int part;          /* which of several packs loaded together it belongs to (0: the primary) */
  int32_t *reads;    /* facts a Lua-function condition reads */
  int nreads;
  uint64_t *deps;    /* bitset of the facts its conditions read */
  char *json_head;   /* its recommendation's fixed JSON, up to "because" */
  size_t json_head_len;
} mr_rule;

enum { MR_EFFECT_NONE, MR_EFFECT_CAUTION, MR_EFFECT_STOP };
enum { FAST_NONE, FAST_CMP, FAST_KNOWN };

typedef struct mr_text {  /* a condition as written, with where it was written */
  char *text;
  const char *file;
  int line, col;          /* where text[0] is in the file; col 0 = not found */
  int root;               /* the compiled condition of a rule, or -1 */
} mr_text;

typedef struct mr_file {
  char *name;             /* relative to the pack directory */
  char *text;
  size_t len;
} mr_file;

struct medrule_pack {
  char *dir, *id, *version, *title, *digest;
  char *document, *citation, *source_file, *url;
  char *scale, *grade_word;      /* the evidence scale's name, and what it calls its values */
  char **grades, **grade_meanings, **certainties, **categories, **category_titles;
  char **topic_ids, **topic_questions; /* the questions of the topics it declares */
  int ntopics;
  int ngrades, ncertainties, ncategories;
  mr_fact *facts;
  int nfacts;
  char **groups;          /* every proper prefix of a fact name */
  uint32_t *group_hashes; /* mr_hash of each */
  uint32_t *group_lens;   /* strlen of each */
  int ngroups;
  int *derive_order;      /* derived facts in dependency order */
  int nderive_order;
  int *sorted_facts;      /* fact indexes by name */
  mr_rule *rules;
  int nrules;
  mr_node *nodes;
  int nnodes, cap_nodes;
  int32_t *kids;
  int nkids, cap_kids;
  mr_text *texts;
  int ntexts;
  mr_file *files;
  int nfiles;
  int nlua_fns;
  int nmemo;              /* condition roots shared by several rules */
  int patient_id_fact;    /* the text fact `patient.id`, echoed in results, or -1 */
  mr_value *initial;      /* every fact as a new fact set has it: default or unknown */
  /* fact-name lookup: open addressing over names (full path) */
  int32_t *hash;
  uint32_t hash_mask;
  int32_t *group_hash;
  uint32_t group_hash_mask;
  struct mr_coverage { char *item, *note; int *rules; int nrules; } *coverage;
  int ncoverage;
  medrule_pack_options opts;
  char *policy_json;      /* the policy as declared, for documents */
  /* Several packs loaded together (packset.c): the packs as loaded, the
  ** primary first.  This pack is their union: it owns its arrays, and
  ** shares their strings, which the parts keep. */
  struct medrule_pack **parts;
  int nparts;             /* 0 for a single pack */
  int nlua_rules;         /* rules whose Lua functions the pack files give: the primary's */
  struct mr_fhir_map *fhir; /* its FHIR mapping (fhir.lua, fhir_map.c), or NULL */
};

/* The pack a rule belongs to (the part, or the pack itself when single). */
const medrule_pack *mr_rule_pack(const medrule_pack *p, int rule);

/* Merges packs loaded separately into one (packset.c); takes the parts
** whatever happens.  0, or -1 with a message in *errmsg (NULL: out of memory). */
int mr_packset_merge(medrule_pack **parts, int n, medrule_pack **out, char **errmsg);
void mr_packset_free(medrule_pack *p);

/* ------------------------------------------------------------ helpers */
/* The hash of a name (fact and group lookups, unit memos). */
uint32_t mr_hash(const char *s, size_t n);

static inline uint64_t mr_load8(const char *s) {
  uint64_t x;
  memcpy(&x, s, sizeof x);
  return x;
}

static inline uint32_t mr_load4(const char *s) {
  uint32_t x;
  memcpy(&x, s, sizeof x);
  return x;
}

/* memcmp(a, b, n) == 0 for the short keys and units of fact files (most
** are 1 to 32 bytes): overlapping 8- or 4-byte loads, or the first, middle
** and last byte, compare them without a call. */
static inline int mr_same_bytes(const char *a, const char *b, size_t n) {
  if (n >= 8 && n <= 32) {
    if (mr_load8(a) != mr_load8(b) || mr_load8(a + n - 8) != mr_load8(b + n - 8)) return 0;
    return n <= 16 || (mr_load8(a + 8) == mr_load8(b + 8) && mr_load8(a + n - 16) == mr_load8(b + n - 16));
  }
  if (n >= 4 && n < 8) return mr_load4(a) == mr_load4(b) && mr_load4(a + n - 4) == mr_load4(b + n - 4);
  if (n < 4) return n == 0 || (a[0] == b[0] && a[n - 1] == b[n - 1] && a[n / 2] == b[n / 2]);
  return memcmp(a, b, n) == 0;
}

/* Index of a fact by full dotted name, or -1. */
int mr_fact_find(const medrule_pack *p, const char *name, size_t len);
/* The same with the name's hash already known. */
int mr_fact_find_h(const medrule_pack *p, const char *name, size_t len, uint32_t hash);
int mr_group_find_h(const medrule_pack *p, const char *name, size_t len, uint32_t hash);
/* Index of a group prefix ("staff.supervisor"), or -1. */
int mr_group_find(const medrule_pack *p, const char *name, size_t len);
/* Index of code `s` in fact f's values, or -1. */
int mr_code_find(const mr_fact *f, const char *s, size_t len);

/* Appends a zeroed node; returns its index, or -1 when out of memory. */
int mr_pack_add_node(medrule_pack *p);

/* Writes each rule's fixed recommendation JSON once per pack (pack_info.c). */
int mr_render_prepare(medrule_pack *p);

/* Builds the fact-name hash tables and sorted order; called by the loader. */
int mr_pack_index(medrule_pack *p);

/* The default of fact i as the pack declared it (kind 'b' boolean, 'n'
** number, 's' text such as "0 mg/kg" or a code) into *v; 0, or -1 with a
** reason in err. */
int mr_value_from_default(const medrule_pack *p, int i, int kind, int b, double num, const char *s, mr_value *v,
                          char *err, size_t errlen);

/* A fact value as the public medrule_value. */
void mr_value_public(const medrule_pack *p, int fact, const mr_value *v, medrule_value *out);

/* The code of fact f closest to `s` when it looks like a typo of it, else NULL. */
const char *mr_suggest_code(const mr_fact *f, const char *s);

/* Levenshtein-closest declared fact name to `name`, or NULL. */
const char *mr_suggest_fact(const medrule_pack *p, const char *name);
const char *mr_file_dir(const char *dir, const char *file, char *buf, size_t n);

#endif
