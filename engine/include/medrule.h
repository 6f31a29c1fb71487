/*
** medrule.h — the public C API of medrule, a rule-based clinical decision
** support engine.  If it is not in this file it is not API.
**
** THE OBJECTS
**   medrule_pack       A loaded, validated, compiled rule pack.  Immutable once
**                      open; one pack may be shared read-only by any number of
**                      threads.
**   medrule_facts      One patient's facts, checked against a pack's fact
**                      vocabulary.  Reusable: clear it and load the next patient.
**   medrule_evaluator  Scratch space for evaluating facts against a pack.  Not
**                      thread-safe: use one per thread.
**   medrule_result     The outcome of one evaluation (contract §3).  Owned by
**                      the caller; reusable across evaluations.
**
** OWNERSHIP AND LIFETIME (stated once, holds everywhere)
**   Inputs are copied: after a call returns the caller may free or change any
**   buffer it passed.  Every object is created by a *_open / *_new function and
**   destroyed by the matching *_close / *_free, which accept NULL and then do
**   nothing.  A `const char *` returned by an accessor points into the object it
**   came from and stays valid until that object is changed (the next load,
**   evaluation or clear on it) or destroyed.  Facts, evaluators and results
**   hold a reference to the pack they were made for: close the pack last.
**
** THREADS
**   Functions on distinct objects may run concurrently.  A pack may be used by
**   any number of threads at once (every pack function takes `const`).  Facts,
**   evaluators and results must not be used by two threads at the same time.
**   The one exception is medrule_config_allocator(): call it before anything
**   else, while no other thread uses the library.  Messages never come from
**   strerror() (not thread-safe, and it follows the host's LC_MESSAGES): the
**   text of a system error is English from the library's own table.
**
** ERRORS
**   Functions that can fail return an int status: MEDRULE_OK (0) or one of the
**   codes below.  A message saying where and why is available from the object
**   (medrule_facts_errmsg) or, when there is no object yet, through a `char **`
**   out-parameter that the caller frees with medrule_free().  No Lua error and
**   no longjmp ever crosses this API.  A NULL pointer where an object is
**   required gives MEDRULE_MISUSE, never a crash.
*/
#ifndef MEDRULE_H
#define MEDRULE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MEDRULE_VERSION "0.2.0"
#define MEDRULE_VERSION_NUMBER 2000 /* 1000000 * major + 1000 * minor + patch */
#define MEDRULE_CONTRACT 1

/* Status codes.  One X-macro keeps the names, numbers and texts together. */
#define MEDRULE_STATUS_MAP(X)                                              \
  X(OK,        0, "not an error")                                         \
  X(ERROR,     1, "internal error")                                       \
  X(NOMEM,     2, "out of memory")                                        \
  X(MISUSE,    3, "API misuse")                                           \
  X(IO,        4, "cannot read file")                                     \
  X(PACK,      5, "rule pack failed to load")                             \
  X(INPUT,     6, "fact file failed to load")                             \
  X(NOTFOUND,  7, "no such name")                                         \
  X(LIMIT,     8, "resource limit exceeded")                              \
  X(RUNTIME,   9, "a rule failed while evaluating")

enum {
#define MEDRULE_STATUS_ENUM(name, num, text) MEDRULE_##name = num,
  MEDRULE_STATUS_MAP(MEDRULE_STATUS_ENUM)
#undef MEDRULE_STATUS_ENUM
};

/* The text of a status code.  Static storage; never NULL. */
const char *medrule_errstr(int status);

/* Frees a string this API handed over (error messages, JSON, explanations),
** through the library's allocator (medrule_config_allocator).  NULL is a
** no-op. */
void medrule_free(void *p);

/* ----------------------------------------------------------- memory
**
** Every block libmedrule allocates — packs, facts, evaluators, results, the
** strings it hands over, the Lua states of packs and evaluators, each
** thread's JSON reader — comes from one allocator: the C library's, or the
** host's given here.  Not routed: the JSON reader's internal simdjson parse
** buffers (allocated once per thread that reads JSON, and grown for larger
** texts) come from the C++ runtime's operator new, and what the C library
** allocates for itself is the C library's business.  The hook is
** libmedrule's own: it never touches the allocator of Lua, cJSON or the C
** library for anyone else. */
typedef struct medrule_allocator {
  size_t size;                                  /* sizeof(medrule_allocator) */
  void *(*malloc)(void *ud, size_t n);          /* n > 0; NULL when out of memory */
  void *(*realloc)(void *ud, void *p, size_t n);/* p not NULL, n > 0 */
  void (*free)(void *ud, void *p);              /* p not NULL */
  void *ud;                                     /* passed to each */
} medrule_allocator;

/* Makes `a` (copied) the library's allocator; NULL restores the C library's.
** Call it before anything else of this API, from one thread, while no other
** thread uses the library.  Returns MEDRULE_OK; MEDRULE_MISUSE (allocator
** unchanged) when any block the library allocated is still live — an open
** pack, facts, evaluator or result, a string not yet given to medrule_free(),
** or this thread's JSON reader (release it with medrule_thread_cleanup()) —
** or when `a` has a size smaller than this header's or a NULL function. */
int medrule_config_allocator(const medrule_allocator *a);

/* Frees the calling thread's JSON reader now, instead of when the thread
** ends (a thread that never ends, such as the main thread, keeps it until
** the process exits).  The next JSON read on the thread makes a new one.
** Thread-safe; affects only the calling thread. */
void medrule_thread_cleanup(void);

/* The version of the library actually linked, which may differ from the
** header compiled against (MEDRULE_VERSION, MEDRULE_VERSION_NUMBER).  Static
** storage; thread-safe. */
const char *medrule_libversion(void);
int medrule_libversion_number(void);

/* ---------------------------------------------------------------- packs */

typedef struct medrule_pack medrule_pack;

typedef struct medrule_pack_options {
  /* Memory limit for the Lua state that runs the pack files, in bytes;
  ** 0 means the default (64 MiB). */
  size_t memory_limit;
  /* Time limit for loading the pack, and for each call of a Lua-function
  ** condition, in milliseconds; 0 means the default (2000 ms / 100 ms). */
  unsigned load_time_limit_ms;
  unsigned call_time_limit_ms;
} medrule_pack_options;

/* Loads the pack in directory `dir` (its pack.lua and the files it includes),
** validates it and compiles every condition.  `opts` may be NULL for the
** defaults.  On success *out is the pack and MEDRULE_OK is returned.  On
** failure *out is NULL, the status says what kind of failure, and, when
** `errmsg` is not NULL, *errmsg is a message naming the pack file, line, rule
** and reason, to be freed with medrule_free().  Thread-safe. */
int medrule_pack_open(const char *dir, const medrule_pack_options *opts,
                      medrule_pack **out, char **errmsg);

/* Loads several packs to be evaluated together (contract §5): `dirs` holds
** `n` pack directories, the first of which is the primary pack (it alone sets
** the disposition).  The packs share one fact vocabulary: a fact declared in
** several must be declared the same way.  The result is one medrule_pack that
** every other function takes like a single pack; medrule_pack_count() says
** how many it holds.  n == 1 is medrule_pack_open.  Same contract as
** medrule_pack_open otherwise. */
int medrule_pack_open_many(const char *const *dirs, int n, const medrule_pack_options *opts,
                           medrule_pack **out, char **errmsg);

/* Destroys a pack.  NULL is a no-op.  Every facts, evaluator and result object
** made for the pack must be freed first. */
void medrule_pack_close(medrule_pack *pack);

/* Pack metadata.  Strings live as long as the pack.  NULL pack gives NULL. */
const char *medrule_pack_id(const medrule_pack *pack);
const char *medrule_pack_version(const medrule_pack *pack);
const char *medrule_pack_title(const medrule_pack *pack);
const char *medrule_pack_digest(const medrule_pack *pack); /* "sha256:<hex>" */
const char *medrule_pack_dir(const medrule_pack *pack);

/* The pack described as one JSON document: metadata, evidence scale, fact
** vocabulary, rules with their conditions, grades, citations and judgment
** calls, the disposition policy, and the map of the source's statements to
** rules (coverage).  This is what `medrule doc`, `lint` and `facts` read.
** *json is freed with medrule_free().  Thread-safe. */
int medrule_pack_describe_json(const medrule_pack *pack, char **json);

/* Static checks of a pack ("lint"): undeclared and unused facts, rules that
** can never or always fire over the declared fact domains, overlapping or
** gapped numeric bands, contradictory recommendations that can fire on the
** same patient, missing citations, and (when `sources_dir` is not NULL)
** quotes that do not appear verbatim in the pack's source text file found in
** that directory.  *json is a JSON array of findings, each with "severity"
** ("error", "warning" or "info"), "check", "file", "line", "column", "rule",
** "message" and "hint", in rule order; free it with medrule_free().  Only
** errors should fail a CI run.  Thread-safe. */
int medrule_pack_lint(const medrule_pack *pack, const char *sources_dir, char **json);

/* ------------------------------------------------------- pack metadata
**
** Everything a pack declares can be read without evaluating anything.  All
** metadata functions are thread-safe (the pack is immutable), return strings
** that live as long as the pack, and give NULL (or -1, or 0 for counts) for a
** NULL pack, an index out of range or a field the item does not have.  They
** are cheap: no allocation, no copying. */

/* Several packs may be loaded together (medrule_pack_open_many); the first is
** the primary one.  Returns how many, 1 for a single pack. */
int medrule_pack_count(const medrule_pack *pack);

/* Field `field` of pack `k` (0 = the primary pack). */
enum {
  MEDRULE_PACK_ID = 0,      /* "asra-ketamine-2018" */
  MEDRULE_PACK_VERSION,     /* "1.0.0" */
  MEDRULE_PACK_TITLE,
  MEDRULE_PACK_DIGEST,      /* "sha256:<hex>" of its files */
  MEDRULE_PACK_DIR,         /* the directory it was loaded from */
  MEDRULE_PACK_DOCUMENT,    /* short citation of its source: "Cohen 2018 Reg Anesth Pain Med 43:521" */
  MEDRULE_PACK_CITATION,    /* the full reference */
  MEDRULE_PACK_URL,         /* a link to the source (https), or NULL */
  MEDRULE_PACK_SOURCE_FILE, /* the name of the source text file its quotes come from, or NULL */
  MEDRULE_PACK_SCALE,       /* the name of its evidence scale: "USPSTF (July 2012)" */
  MEDRULE_PACK_GRADE_WORD   /* what its scale calls a value: "grade", "level" */
};
const char *medrule_pack_info(const medrule_pack *pack, int k, int field);

/* The values of pack k's evidence scale in order (strongest first), with the
** one-line meaning the pack gives each (NULL when it gives none), and its
** certainty values. */
int         medrule_pack_grade_count(const medrule_pack *pack, int k);
const char *medrule_pack_grade(const medrule_pack *pack, int k, int i);
const char *medrule_pack_grade_meaning(const medrule_pack *pack, int k, int i);
int         medrule_pack_certainty_count(const medrule_pack *pack, int k);
const char *medrule_pack_certainty(const medrule_pack *pack, int k, int i);

/* Recommendation categories in display order: their ids ("dosing") and
** titles ("Dosing"). */
int         medrule_pack_category_count(const medrule_pack *pack);
const char *medrule_pack_category(const medrule_pack *pack, int i);
const char *medrule_pack_category_title(const medrule_pack *pack, int i);

/* The pack files that were read (names relative to the pack directory), and
** the disposition policy as declared, as JSON ({"stop": [...], "caution":
** [...]}). */
int         medrule_pack_file_count(const medrule_pack *pack);
const char *medrule_pack_file(const medrule_pack *pack, int i);
const char *medrule_pack_policy_json(const medrule_pack *pack);

/* The map of the source's statements to the rules that encode them
** (coverage { ... } in the pack): each item's text, an optional note, and
** its rules by index. */
int         medrule_pack_coverage_count(const medrule_pack *pack);
const char *medrule_pack_coverage_item(const medrule_pack *pack, int i);
const char *medrule_pack_coverage_note(const medrule_pack *pack, int i);
int         medrule_pack_coverage_rule_count(const medrule_pack *pack, int i);
int         medrule_pack_coverage_rule(const medrule_pack *pack, int i, int k);

/* ------------------------------------------------------- rules */

/* Rules by index, 0 <= rule < medrule_pack_rule_count(), in declaration order
** (the primary pack's first).  medrule_pack_rule_index gives -1 for an id
** the pack does not have. */
int         medrule_pack_rule_count(const medrule_pack *pack);
const char *medrule_pack_rule_id(const medrule_pack *pack, int rule);
int         medrule_pack_rule_index(const medrule_pack *pack, const char *id);

/* What a rule does to the disposition when it fires. */
enum { MEDRULE_EFFECT_NONE = 0, MEDRULE_EFFECT_CAUTION = 1, MEDRULE_EFFECT_STOP = 2 };
/* "none", "caution", "stop"; NULL for another value. */
const char *medrule_effect_name(int effect);

/* Field `field` of a rule. */
enum {
  MEDRULE_RULE_ID = 0,
  MEDRULE_RULE_CATEGORY,   /* "contraindication" */
  MEDRULE_RULE_ACTION,     /* "recommend" "consider" "caution" "avoid" "do_not" "not_supported" "info" */
  MEDRULE_RULE_EFFECT,     /* "stop" "caution" "none" (medrule_rule_effect gives the number) */
  MEDRULE_RULE_GRADE,      /* exactly as the source attaches it; NULL when the source does not grade it */
  MEDRULE_RULE_CERTAINTY,  /* the same */
  MEDRULE_RULE_SCALE,      /* the evidence scale its grade belongs to */
  MEDRULE_RULE_TEXT,       /* the recommendation, for a person */
  MEDRULE_RULE_DOCUMENT,   /* the source document */
  MEDRULE_RULE_SECTION,    /* where in it: "Guideline Question 2; Table 6" */
  MEDRULE_RULE_QUOTE,      /* a short verbatim quote */
  MEDRULE_RULE_WHEN,       /* its condition as written; NULL for a Lua-function rule */
  MEDRULE_RULE_APPLIES,    /* its applicability condition as written, or NULL */
  MEDRULE_RULE_FILE,       /* the pack file that declares it */
  MEDRULE_RULE_PACK,       /* the id of the pack it belongs to */
  MEDRULE_RULE_JSON,       /* its recommendation's fixed JSON, up to the open "because" list */
  MEDRULE_RULE_TOPIC,      /* the question it answers that other packs may answer too ("dosing.infusion_rate"), or NULL */
  MEDRULE_RULE_POSITION    /* its answer on that topic ("0.5-2 mg/kg/h"); packs disagree where positions differ */
};
const char *medrule_rule_info(const medrule_pack *pack, int rule, int field);
int medrule_rule_effect(const medrule_pack *pack, int rule);   /* MEDRULE_EFFECT_*, or -1 */
int medrule_rule_line(const medrule_pack *pack, int rule);     /* line in its file, or -1 */
int medrule_rule_pack(const medrule_pack *pack, int rule);     /* index of its pack, or -1 */
int medrule_rule_is_function(const medrule_pack *pack, int rule); /* 1: a Lua-function condition */

/* The facts a rule's conditions read, sorted by name. */
int medrule_rule_read_count(const medrule_pack *pack, int rule);
int medrule_rule_read(const medrule_pack *pack, int rule, int k);

/* The judgment calls behind a rule (where the source is vague or disagrees
** with itself): an id ("AMB-07"), a note saying which reading the pack chose,
** and the quotes it rests on. */
int         medrule_rule_judgment_count(const medrule_pack *pack, int rule);
const char *medrule_rule_judgment_id(const medrule_pack *pack, int rule, int j);
const char *medrule_rule_judgment_note(const medrule_pack *pack, int rule, int j);
int         medrule_rule_judgment_quote_count(const medrule_pack *pack, int rule, int j);
const char *medrule_rule_judgment_quote(const medrule_pack *pack, int rule, int j, int q);

/* ------------------------------------------------------- facts of the vocabulary */

/* Facts by index, 0 <= fact < medrule_pack_fact_count(), in declaration order.
** A fact's name is its dotted path ("history.liver_disease"). */
int         medrule_pack_fact_count(const medrule_pack *pack);
const char *medrule_pack_fact_name(const medrule_pack *pack, int fact);

/* The index of the fact named `name` (`len` bytes, need not be
** NUL-terminated), or -1.  Resolve names once and keep the index: it is
** stable for the pack's lifetime.  medrule_fact_index takes a C string. */
int medrule_fact_lookup(const medrule_pack *pack, const char *name, size_t len);
int medrule_fact_index(const medrule_pack *pack, const char *name);

/* medrule_fact_lookup with a guess: `hint` when that is the index of the
** fact named `name` (`len` bytes), else the same as medrule_fact_lookup.  A
** loader reading files whose keys come in the same order each time keeps the
** index found at each position and passes it back as the hint: a right guess
** costs one comparison of lengths and one of bytes, no hashing.  Any `hint`
** is safe (out of range, negative: no guess).  Reads the pack only: safe from
** any number of threads; NULL pack or name: -1. */
int medrule_fact_lookup_hint(const medrule_pack *pack, const char *name, size_t len, int hint);

/* 1 when `name` is a group of facts ("patient", "staff.supervisor"), else 0. */
int medrule_pack_is_group(const medrule_pack *pack, const char *name, size_t len);

/* Groups by index, 0 <= group < medrule_pack_group_count(): every proper
** prefix of a fact name ("patient", "staff", "staff.supervisor"), each once.
** medrule_group_lookup returns the index of the group named `name` (`len`
** bytes, need not be NUL-terminated), or -1; like a fact's, a group's index
** is stable for the pack's lifetime.  medrule_pack_group_name returns its
** name, owned by the pack and valid until the pack is closed, or NULL for
** an index out of range.  A NULL pack has no groups (0, -1, NULL).  These
** only read the pack: safe from any number of threads. */
int         medrule_pack_group_count(const medrule_pack *pack);
const char *medrule_pack_group_name(const medrule_pack *pack, int group);
int         medrule_group_lookup(const medrule_pack *pack, const char *name, size_t len);
/* medrule_group_lookup with a guess, as medrule_fact_lookup_hint. */
int         medrule_group_lookup_hint(const medrule_pack *pack, const char *name, size_t len, int hint);

/* A guess checked by the key alone, for a loader walking nested objects:
** the type of fact `hint` (a MEDRULE_TYPE_*) when its name is the name of
** group `group` (medrule_group_lookup), a dot and the `len` bytes at `key`
** (need not be NUL-terminated); for group -1, the top level, when its name
** is the key alone.  Else -1, and the loader builds the dotted name and
** calls medrule_fact_lookup.  Only the key's bytes are compared (with the
** last part of the fact's name): no dotted name is built.  Any hint and
** group are safe (a wrong one gives -1).  Reads the pack only: safe from any
** number of threads; NULL pack or key: -1. */
int         medrule_fact_hint_in_group(const medrule_pack *pack, int hint, int group, const char *key, size_t len);

/* The declared fact or group name closest to `name` when it looks like a typo
** of it ("patient.wieght" -> "patient.weight"), else NULL. */
const char *medrule_pack_suggest(const medrule_pack *pack, const char *name);

/* Fact types. */
enum {
  MEDRULE_TYPE_BOOLEAN = 0,
  MEDRULE_TYPE_NUMBER,    /* a plain number */
  MEDRULE_TYPE_QUANTITY,  /* a number in the fact's canonical unit */
  MEDRULE_TYPE_CODE,      /* one of the fact's codes */
  MEDRULE_TYPE_CODES,     /* a set of the fact's codes */
  MEDRULE_TYPE_STRING     /* text */
};
int medrule_fact_type(const medrule_pack *pack, int fact); /* MEDRULE_TYPE_*, or -1 */

/* Field `field` of a fact. */
enum {
  MEDRULE_FACT_NAME = 0,
  MEDRULE_FACT_TYPE,        /* "boolean" "number" "quantity" "code" "codes" "string" */
  MEDRULE_FACT_UNIT,        /* a quantity's canonical UCUM unit ("mg/kg/h"), else NULL */
  MEDRULE_FACT_PER,         /* the fact a quantity may be divided or multiplied by ("patient.weight"), or NULL */
  MEDRULE_FACT_DEFAULT,     /* the value it takes when absent, in input syntax ("\"0 mg/kg\""), or NULL */
  MEDRULE_FACT_DERIVE,      /* how the pack derives it, as written, or NULL */
  MEDRULE_FACT_DESCRIPTION,
  MEDRULE_FACT_FILE         /* the pack file that declares it */
};
const char *medrule_fact_info(const medrule_pack *pack, int fact, int field);
int medrule_fact_line(const medrule_pack *pack, int fact);        /* line in its file, or -1 */
int medrule_fact_is_computed(const medrule_pack *pack, int fact); /* 1: derived only, never input */

/* The plausible range of a number or quantity (in its canonical unit): 1 and
** *min, *max when it declares one, else 0. */
int medrule_fact_range(const medrule_pack *pack, int fact, double *min, double *max);

/* The codes of a code or codes fact, in declared order, and the index of one
** (exact match) or -1. */
int         medrule_fact_code_count(const medrule_pack *pack, int fact);
const char *medrule_fact_code(const medrule_pack *pack, int fact, int k);
int         medrule_fact_code_index(const medrule_pack *pack, int fact, const char *code);

/* ---------------------------------------------------------------- facts */

typedef struct medrule_facts medrule_facts;

/* A new, empty fact set for `pack` (every fact unknown or at its default).
** Returns NULL when out of memory or pack is NULL.  Not thread-safe: one
** thread at a time per fact set. */
medrule_facts *medrule_facts_new(const medrule_pack *pack);
void medrule_facts_free(medrule_facts *facts);

/* Forgets every fact, warning, error and the source name: the set is as new. */
void medrule_facts_clear(medrule_facts *facts);

/* The pack the set was made for. */
const medrule_pack *medrule_facts_pack(const medrule_facts *facts);

/* Typed setters: one fact, by index (medrule_fact_index resolves a name
** once).  Each applies the checks a fact file gets: the fact's type, its
** codes, the dimension of the unit, its plausible range; a fact the pack
** derives itself cannot be set.  A quantity in a unit that needs another fact
** to convert ("40 mg" for a dose in mg/kg, divided by patient.weight) waits
** for that fact: it is unknown until that fact is known, and converted as
** soon as it is (in either order).  On success the fact is set and
** MEDRULE_OK returned.  On failure nothing changes, MEDRULE_INPUT is returned
** and the reason is added to the set's errors ("SOURCE: fact: why");
** MEDRULE_NOTFOUND for a fact index out of range; MEDRULE_MISUSE for NULL
** facts; MEDRULE_NOMEM.
**
**   set_unknown   the fact is given as unknown (JSON null): not its default
**   set_boolean   0 or 1 (any non-zero value is 1)
**   set_number    a number, or a quantity in its canonical unit
**   set_quantity  a number and a UCUM unit ("ug/kg/min", "[lb_av]", "mg/h");
**                 common clinical spellings (mcg, hr, lbs) are accepted
**   set_quantity_text  the same written as text: "0.42 mg/kg/h" (the number
**                 is read the same whatever the host's locale)
**   set_code      one of the fact's codes.  A code written in another case or
**                 with spaces or hyphens for underscores ("IV", "low back") is
**                 accepted with a warning naming the code it was read as;
**                 anything else is an error with the closest code suggested
**   set_codes     n codes for a codes fact (n may be 0: the empty list)
**   set_string    text (UTF-8, no control characters, at most 4096 bytes) */
int medrule_facts_set_unknown(medrule_facts *facts, int fact);
int medrule_facts_set_boolean(medrule_facts *facts, int fact, int value);
int medrule_facts_set_number(medrule_facts *facts, int fact, double value);
int medrule_facts_set_quantity(medrule_facts *facts, int fact, double value, const char *unit);
int medrule_facts_set_quantity_text(medrule_facts *facts, int fact, const char *text);
int medrule_facts_set_code(medrule_facts *facts, int fact, const char *code);
int medrule_facts_set_codes(medrule_facts *facts, int fact, const char *const *codes, int n);
int medrule_facts_set_string(medrule_facts *facts, int fact, const char *text);

/* A fact value as the engine holds it. */
typedef struct medrule_value {
  int type;                 /* MEDRULE_TYPE_* of the fact */
  int known;                /* 1 known; 0 unknown (the other fields are zero) */
  int boolean;              /* MEDRULE_TYPE_BOOLEAN: 0 or 1 */
  double number;            /* NUMBER, and QUANTITY in the fact's canonical unit */
  int code;                 /* CODE: the code's index (medrule_fact_code) */
  unsigned long long codes; /* CODES: bit k set when code k is in the set */
  const char *text;         /* STRING: owned by the fact set, valid until it changes */
  int waits_for;            /* unknown because it waits for this fact (e.g. the weight), else -1 */
} medrule_value;

/* The value of one fact (a default counts as known).  MEDRULE_OK,
** MEDRULE_NOTFOUND for an index out of range, MEDRULE_MISUSE for NULL. */
int medrule_facts_get(const medrule_facts *facts, int fact, medrule_value *out);

/* 1 when the fact was given (set, or given as unknown) since the last clear;
** 0 when it is untouched (unknown, or at its default). */
int medrule_facts_is_given(const medrule_facts *facts, int fact);

/* Names where the facts come from (a file name, "file:line"); echoed in
** results and at the start of every error message.  NULL forgets it.
** MEDRULE_OK or MEDRULE_NOMEM. */
int medrule_facts_set_source(medrule_facts *facts, const char *source);

/* Errors and warnings.  A fact set collects every error of a load (up to 20)
** so that a person can fix a file in one pass; errors of setters accumulate
** until the set is cleared or loaded again.  Each entry is one line:
** "SOURCE: WHERE: why".  medrule_facts_errmsg() is all errors, one per line,
** "" when there is none; never NULL for a non-NULL facts.  Loaders of other
** formats add their own with medrule_facts_add_error / _add_warning (`where`
** may be NULL); add_error returns MEDRULE_INPUT (or MEDRULE_NOMEM) so that
** `return medrule_facts_add_error(...)` reads naturally. */
int         medrule_facts_error_count(const medrule_facts *facts);
const char *medrule_facts_error(const medrule_facts *facts, int i);
const char *medrule_facts_errmsg(const medrule_facts *facts);
int         medrule_facts_warning_count(const medrule_facts *facts);
const char *medrule_facts_warning(const medrule_facts *facts, int i);
int         medrule_facts_add_error(medrule_facts *facts, const char *where, const char *message);
int         medrule_facts_add_warning(medrule_facts *facts, const char *where, const char *message);

/* ------------------------------------------------- facts from JSON (built on the setters above) */

/* Flags for medrule_facts_load_json. */
#define MEDRULE_ALLOW_EXTRA 0x1 /* unknown fact names warn instead of failing */

/* Replaces the facts with those of one JSON object `json` of `len` bytes (it
** need not be NUL-terminated): a fact file (contract §1).  `source` names
** where it came from (a file name, "file:line" for NDJSON, or NULL); `line`
** is the line the object starts on (1 for a whole file), so that syntax
** errors point at the right line.  Returns MEDRULE_OK, or MEDRULE_INPUT with
** every value cleared (nothing is evaluated from a file that failed) and
** every error found listed (syntax errors with line and column, others with
** the fact or JSON path), or MEDRULE_NOMEM. */
int medrule_facts_load_json(medrule_facts *facts, const char *json, size_t len,
                            const char *source, unsigned line, unsigned flags);

/* Sets one fact from the text of a JSON value: `true`, `82`, `"82 kg"`,
** `{"value":82,"unit":"kg"}`, `["crps"]`, `null`.  Text that is not JSON is
** taken as a JSON string, so `1.2 mg/kg/h` works as typed on a command line.
** Returns MEDRULE_OK, MEDRULE_NOTFOUND for a name the pack does not declare,
** or MEDRULE_INPUT (see the errors). */
int medrule_facts_set(medrule_facts *facts, const char *name, const char *value);

/* ------------------------------------------------- provenance */

/* Where fact `fact`'s value came from, as a FHIR reference
** ("Condition/c-17"; several, comma-separated, for a list fact read from
** several resources).  Set by medrule_facts_load_fhir; a host's own loader
** may set it too.  It is echoed as "from" in the result's `because` entries
** (contract §6) and forgotten by medrule_facts_clear and every load.  NULL
** `from` forgets it.  The string is copied.  set_from returns MEDRULE_OK,
** MEDRULE_NOTFOUND for an index out of range, MEDRULE_MISUSE for NULL
** facts, MEDRULE_NOMEM.  medrule_facts_from gives NULL when none is set (or
** for a NULL set or an index out of range); the string is owned by the set
** and valid until the fact's provenance changes or the set is cleared. */
int         medrule_facts_set_from(medrule_facts *facts, int fact, const char *from);
const char *medrule_facts_from(const medrule_facts *facts, int fact);

/* ------------------------------------------------- facts from FHIR R4 (contract §6) */

/* The parts of a record a caller may declare complete (--complete): what
** the bundle does not list there is then taken as absent (a boolean fact
** false, a severity "none"), and each such assumption is a warning. */
#define MEDRULE_FHIR_COMPLETE_PROBLEMS    0x1 /* Condition: the problem list */
#define MEDRULE_FHIR_COMPLETE_MEDICATIONS 0x2 /* MedicationRequest, MedicationStatement */
#define MEDRULE_FHIR_COMPLETE_ALLERGIES   0x4 /* AllergyIntolerance */

/* The MEDRULE_FHIR_COMPLETE_* bit of a section name ("problems",
** "medications", "allergies"; `len` bytes, need not be NUL-terminated), or
** 0 for another name or NULL.  Thread-safe. */
unsigned medrule_fhir_section(const char *name, size_t len);

typedef struct medrule_fhir_options {
  size_t size;           /* sizeof(medrule_fhir_options); fields past it count as 0 */
  /* The date time-relative facts (age) are computed as of: "YYYY-MM-DD" or
  ** a FHIR dateTime (its date part is used).  NULL: the Bundle's
  ** `timestamp`; with neither, age stays unknown and a warning says so.
  ** Never the wall clock. */
  const char *as_of;
  unsigned complete;     /* MEDRULE_FHIR_COMPLETE_* bits */
  const char *source;    /* names the bundle in results and messages ("bundle.json"), or NULL */
  /* A site profile: its given facts (meant to be site.* and staff.* only)
  ** are copied into the facts after the bundle is read: site and staff facts
  ** are not patient data.  NULL: none.  Must belong to the same pack.  It is
  ** only read, so several threads may share one while nothing changes it. */
  const medrule_facts *site;
  /* The line the bundle starts on in its file (NDJSON of bundles), so that
  ** syntax errors point at the right line; 0 or 1 for a whole file. */
  unsigned line;
} medrule_fhir_options;

/* 1 when the pack (its primary pack, for several) has a FHIR mapping
** (fhir.lua in its directory, else vocabulary/NAME.fhir.lua of the shared
** vocabulary it uses), else 0 (also for NULL).  Thread-safe.  The mapping is
** read and checked when the pack is opened, and the pack digest covers it: a
** mistake in it fails medrule_pack_open with its file and line. */
int medrule_pack_has_fhir(const medrule_pack *pack);

/* Replaces the facts with those read from one FHIR R4 Bundle (JSON, `len`
** bytes, need not be NUL-terminated) through the pack's mapping (see
** medrule_pack_has_fhir), compiled when the pack was opened (no Lua runs here).  Only
** active, confirmed resources count; what the bundle does not say stays
** unknown unless opts->complete says that part of the record is complete.
** Each fact read from a resource gets its provenance (medrule_facts_from).
** Returns MEDRULE_OK (warnings, such as an age that cannot be computed, in
** medrule_facts_warning); MEDRULE_INPUT with every value cleared and every
** error listed, each naming the entry and field ("entry[3].resource.code:
** ...") — a malformed bundle, a Quantity whose system is not UCUM, a
** value outside the fact's plausible range; MEDRULE_NOTFOUND when the pack
** declares no FHIR mapping; MEDRULE_MISUSE for NULL facts, NULL json with
** len > 0, an opts->size too small, or a site profile of another pack;
** MEDRULE_NOMEM (every value cleared).  NULL opts: the defaults (no as-of
** date but the Bundle's, nothing complete, no source, no site).  Nothing of
** json or opts is kept after the call.  Same threading rules as the other
** loaders; it parses with the calling thread's JSON reader, like
** medrule_facts_load_json (medrule_thread_cleanup frees it). */
int medrule_facts_load_fhir(medrule_facts *facts, const char *json, size_t len,
                            const medrule_fhir_options *opts);

/* --------------------------------------------------------- evaluation */

typedef struct medrule_evaluator medrule_evaluator;
typedef struct medrule_result medrule_result;

/* A new evaluator for `pack`.  Returns NULL when out of memory, pack is NULL,
** or the pack's Lua-function conditions cannot be prepared; when `errmsg` is
** not NULL it then says why (free with medrule_free()). */
medrule_evaluator *medrule_evaluator_new(const medrule_pack *pack, char **errmsg);
void medrule_evaluator_free(medrule_evaluator *ev);

typedef struct medrule_evaluator_options {
  size_t size;          /* sizeof(medrule_evaluator_options) */
  /* Bytes this evaluator may use; 0: no limit beyond the pack's.  It bounds
  ** the sum of: (1) what creating the evaluator allocated (its scratch
  ** vectors); (2) the live memory of its Lua state, when the pack has
  ** Lua-function conditions, garbage included (collected first when an
  ** evaluation starts near the limit; the state stays bound by the pack's
  ** memory_limit too); (3) within each medrule_evaluate, every byte requested
  ** from the allocator during the call (growth of the result's lists and
  ** buffers, the evaluator's scratch), counted gross: a block grown twice
  ** counts twice, and nothing freed is given back until the next call.  Not
  ** counted: the pack, the facts, and rendering (medrule_result_render). */
  size_t memory_limit;
} medrule_evaluator_options;

/* medrule_evaluator_new with options (NULL: the defaults, as
** medrule_evaluator_new).  Returns NULL (with *errmsg saying why, when
** errmsg is not NULL) when opts->size is too small to hold memory_limit
** (fields past opts->size count as 0, so older callers keep working), or the
** evaluator does not fit in its limit ("out of memory", as for a failed
** allocation).  When an evaluation
** would pass the limit, medrule_evaluate returns MEDRULE_NOMEM and leaves
** the result empty, as if never evaluated; a Lua-function condition that
** passes it fails like one over the pack's memory limit (the rule is
** unknown, a warning says so, MEDRULE_RUNTIME). */
medrule_evaluator *medrule_evaluator_new_opts(const medrule_pack *pack, const medrule_evaluator_options *opts,
                                              char **errmsg);

/* After a rule's Lua-function condition has exceeded its time limit this
** many times in one evaluator, the evaluator stops calling it: the rule stays
** unknown, with a warning saying so in each result. */
#define MEDRULE_LUA_STRIKES 3

/* For rule `rule`, over the evaluator's lifetime: how many calls of its Lua
** condition exceeded the time limit (*timeouts), and for how many
** evaluations it was not called after that (*skipped).  Both 0 for a rule
** that is not a Lua function, an index out of range or a NULL evaluator;
** either pointer may be NULL.  For a host's end-of-batch report. */
void medrule_evaluator_rule_timeouts(const medrule_evaluator *ev, int rule, unsigned *timeouts,
                                     unsigned long *skipped);

/* A new, empty result.  NULL when out of memory. */
medrule_result *medrule_result_new(void);
void medrule_result_free(medrule_result *result);

/* Evaluates `facts` (which must belong to the evaluator's pack): derived facts
** in dependency order, then every rule, then the disposition.  The previous
** content of `result` is replaced.  Returns MEDRULE_OK; MEDRULE_RUNTIME when
** a Lua-function condition failed or hit a limit (the rule is reported
** unknown and a warning says why; the result is still complete);
** MEDRULE_MISUSE for NULL arguments or a pack mismatch; MEDRULE_NOMEM (out
** of memory, or over the evaluator's memory_limit) with the result left
** empty, as if never evaluated (accessors give NULL / -1 / 0, rendering
** gives MEDRULE_MISUSE). */
int medrule_evaluate(medrule_evaluator *ev, const medrule_facts *facts,
                     medrule_result *result);

/* ------------------------------------------------------- results
**
** A result is complete after medrule_evaluate and holds no reference to the
** facts or the evaluator: it can be read, rendered or kept after both change.
** It refers to its pack (close the pack last).  Accessors are cheap, do not
** allocate, and give NULL / -1 / 0 for a NULL result, a result never
** evaluated, or an index out of range.  Strings point into the result or its
** pack and stay valid until the result is evaluated into again or freed. */

/* The pack the result was evaluated against (NULL before the first evaluation). */
const medrule_pack *medrule_result_pack(const medrule_result *r);

/* The patient id (fact patient.id, when the pack declares it and it is known)
** and the source name of the facts; either may be NULL. */
const char *medrule_result_patient_id(const medrule_result *r);
const char *medrule_result_source(const medrule_result *r);

/* The disposition: as a number and as its contract name ("do_not_proceed"). */
enum { MEDRULE_PROCEED = 0, MEDRULE_PROCEED_WITH_CAUTION = 1, MEDRULE_DO_NOT_PROCEED = 2,
       MEDRULE_INSUFFICIENT_DATA = 3 };
int         medrule_result_disposition_code(const medrule_result *r); /* -1 before evaluation */
const char *medrule_result_disposition(const medrule_result *r);
const char *medrule_disposition_name(int disposition);              /* NULL for another value */

/* Outcome of one rule in the last evaluation. */
enum { MEDRULE_NOT_FIRED = 0, MEDRULE_FIRED = 1, MEDRULE_UNKNOWN = 2,
       MEDRULE_NOT_APPLICABLE = 3 };
int medrule_result_rule_state(const medrule_result *r, int rule);

/* The rules that set the disposition, in declaration order (contract §3
** "disposition_reasons"): the fired stops for do_not_proceed, the unknown
** rules that could still stop for insufficient_data, the fired cautions for
** proceed_with_caution, none for proceed.  Returns the rule index, or -1
** for an index out of range or a NULL result; its state is
** medrule_result_rule_state(). */
int medrule_result_reason_count(const medrule_result *r);
int medrule_result_reason_rule(const medrule_result *r, int i);

/* Several packs (medrule_pack_open_many): the topics on which the fired
** rules of two or more packs give different positions (contract §5
** "disagreements"), sorted by topic id; always 0 for a single pack or a
** NULL result.  For disagreement i: its topic id (MEDRULE_RULE_TOPIC of its
** rules; NULL when i is out of range), and its statements, the fired rules
** on that topic in declaration order (rule index, or -1 out of range).
** Pointers stay valid until the next evaluation into the result. */
int medrule_result_disagreement_count(const medrule_result *r);
/* The question a topic's rules answer, as the first pack that declares the
** topic words it (pack { topics = { { id, question }, ... } }); NULL when no
** pack declares it, or for a NULL argument.  Valid while the pack is open. */
const char *medrule_topic_question(const medrule_pack *pack, const char *topic);
const char *medrule_result_disagreement_topic(const medrule_result *r, int i);
int medrule_result_disagreement_statement_count(const medrule_result *r, int i);
int medrule_result_disagreement_statement(const medrule_result *r, int i, int k);

/* Recommendations: the rules that fired, in declaration order.  The rule
** index gives everything about it (medrule_rule_info: text, action, grade,
** certainty, scale, source ...), and `because` the facts that made it fire,
** with the values they had (a derived fact is followed by the facts it was
** derived from). */
int         medrule_result_recommendation_count(const medrule_result *r);
int         medrule_result_recommendation_rule(const medrule_result *r, int i);
const char *medrule_result_recommendation_id(const medrule_result *r, int i);
int         medrule_result_because_count(const medrule_result *r, int i);
int         medrule_result_because_fact(const medrule_result *r, int i, int k);
int         medrule_result_because_value(const medrule_result *r, int i, int k, medrule_value *out);
/* Where because entry k of recommendation i came from ("Condition/c-17"),
** copied from the facts' provenance at evaluation; NULL when the fact has
** none (always for fact files), for an index out of range or a NULL result.
** Valid until the result is evaluated into again or freed. */
const char *medrule_result_because_from(const medrule_result *r, int i, int k);

/* Unknown rules of the last evaluation, in declaration order, and for each
** the facts (sorted by name) whose absence leaves it undecided; and the union
** of those facts, sorted by name (contract "missing_facts"). */
int         medrule_result_unknown_count(const medrule_result *r);
int         medrule_result_unknown_rule(const medrule_result *r, int i);
int         medrule_result_unknown_missing_count(const medrule_result *r, int i);
const char *medrule_result_unknown_missing(const medrule_result *r, int i, int k);
int         medrule_result_missing_count(const medrule_result *r);
const char *medrule_result_missing_fact(const medrule_result *r, int i);

/* Warnings for the reader: those of the facts (an ignored field, a code read
** in another case) and of the evaluation (a division by zero, a failed
** Lua-function condition). */
int         medrule_result_warning_count(const medrule_result *r);
const char *medrule_result_warning(const medrule_result *r, int i);

/* Output formats for medrule_result_render. */
enum { MEDRULE_FORMAT_JSON = 0, MEDRULE_FORMAT_TEXT = 1, MEDRULE_FORMAT_CARDS = 2, MEDRULE_FORMAT_SCREEN = 3 };
/* Render flags. */
#define MEDRULE_RENDER_COLOR   0x1 /* ANSI colour in text output */

/* How to render.  Set `size` to sizeof(medrule_render_options): fields added
** in later versions then keep their defaults for older callers. */
typedef struct medrule_render_options {
  size_t size;
  int format;      /* MEDRULE_FORMAT_* */
  unsigned flags;  /* MEDRULE_RENDER_* */
  int width;       /* text: wrap at this many columns; 0 means 80, a negative value never wraps */
} medrule_render_options;

/* Renders a result in `opts->format` (NULL opts: JSON).  It needs only the
** result: nothing is evaluated again.  JSON is contract §3, one line, with a
** trailing newline; byte-identical for the same pack and facts.  Text is for a
** person: the disposition and the rules that set it, then the
** recommendations by category, then what is undecided and what to collect.
** Cards are CDS Hooks cards (contract §7).  Screen is one JSON line per
** patient for registry screening: the patient, the disposition, and the ids
** of the rules behind it, fired and unknown, the missing facts and the
** warnings, without the pack's fixed text (contract, "--format screen");
** byte-identical like JSON.  *out (length in *len when len is
** not NULL) is owned by the result and valid until the next evaluation or
** render on it.  Returns MEDRULE_OK, MEDRULE_MISUSE (NULL result or out, a
** result never evaluated, an unknown format), or MEDRULE_NOMEM. */
int medrule_result_render(medrule_result *r, const medrule_render_options *opts, const char **out, size_t *len);

/* The same rendering, handed over without a copy: the rendered text and the
** buffer in *buf change places.  On MEDRULE_OK, *buf holds the text
** (NUL-terminated, *len bytes before the NUL) in a buffer of *cap bytes that
** the caller now owns, and the result keeps the buffer the caller passed in
** for its next render.  Pass *buf NULL with *cap 0 the first time, then a
** buffer this function returned (from any result): a caller that renders
** many results keeps a few buffers in circulation and allocates nothing once
** they are large enough.  Free a buffer with medrule_free().  The result is
** used as by medrule_result_render: one thread at a time.  Returns
** MEDRULE_OK; MEDRULE_MISUSE (as medrule_result_render, or a NULL buf, len
** or cap, or exactly one of *buf and *cap zero), with nothing exchanged; or
** MEDRULE_NOMEM. */
int medrule_result_render_swap(medrule_result *r, const medrule_render_options *opts, char **buf, size_t *len,
                               size_t *cap);

/* Explains one rule for `facts`: its state, then each sub-condition with its
** value and the fact values that decided it, indented by depth.  Flags:
** MEDRULE_EXPLAIN_DECISIVE shows only the sub-conditions that decided the
** outcome (why / why-not); MEDRULE_EXPLAIN_COLOR adds ANSI colour.  *text is
** freed with medrule_free().  Returns MEDRULE_MISUSE when the evaluator and
** the facts belong to different packs, MEDRULE_RUNTIME (with *text complete)
** when a Lua-function condition failed. */
#define MEDRULE_EXPLAIN_DECISIVE 0x1
#define MEDRULE_EXPLAIN_COLOR    0x2
int medrule_explain_rule(medrule_evaluator *ev, const medrule_facts *facts, int rule, unsigned flags,
                         char **text);

/* Visits every boolean sub-condition of rule `rule` (its `applies`, then its
** `when`) for `facts`, depth first: `node` identifies the sub-condition
** within the pack (stable for the pack's lifetime), `part` is 0 for applies
** and 1 for when, `text` (not NUL-terminated, `len` bytes) is how the author
** wrote it, `truth` is MEDRULE_TRUTH_*.  For coverage tools and viewers.
** Returns MEDRULE_OK, or MEDRULE_MISUSE. */
enum { MEDRULE_TRUTH_FALSE = 0, MEDRULE_TRUTH_TRUE = 1, MEDRULE_TRUTH_UNKNOWN = 2 };
typedef void (*medrule_trace_fn)(void *ctx, int node, int part, int depth, const char *text, size_t len,
                                 int truth);
int medrule_trace_rule(medrule_evaluator *ev, const medrule_facts *facts, int rule, medrule_trace_fn fn,
                       void *ctx);

#ifdef __cplusplus
}
#endif
#endif /* MEDRULE_H */
