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

#define MEDRULE_VERSION "0.1.0"
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

/* Frees a string this API handed over (error messages, JSON, explanations).
** NULL is a no-op. */
void medrule_free(void *p);

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

/* Rules and facts by index, 0 <= i < count.  Out of range gives NULL. */
int         medrule_pack_rule_count(const medrule_pack *pack);
const char *medrule_pack_rule_id(const medrule_pack *pack, int i);
int         medrule_pack_rule_index(const medrule_pack *pack, const char *id);
int         medrule_pack_fact_count(const medrule_pack *pack);
const char *medrule_pack_fact_name(const medrule_pack *pack, int i);

/* ---------------------------------------------------------------- facts */

typedef struct medrule_facts medrule_facts;

/* Flags for medrule_facts_load_json. */
#define MEDRULE_ALLOW_EXTRA 0x1 /* unknown fact names warn instead of failing */

/* A new, empty fact set for `pack` (every fact unknown or at its default).
** Returns NULL when out of memory or pack is NULL. */
medrule_facts *medrule_facts_new(const medrule_pack *pack);
void medrule_facts_free(medrule_facts *facts);

/* Forgets every fact, warning and error: the set is as new. */
void medrule_facts_clear(medrule_facts *facts);

/* Replaces the facts with those of one JSON object `json` of `len` bytes (it
** need not be NUL-terminated).  `source` names where it came from (a file
** name, "file:line" for NDJSON, or NULL) and is echoed in results and in
** error messages; `line` is the line the object starts on (1 for a whole
** file), so that syntax errors point at the right line.  Returns MEDRULE_OK,
** or MEDRULE_INPUT with the set cleared and medrule_facts_errmsg() saying
** where (line and column, or JSON path) and why, or MEDRULE_NOMEM. */
int medrule_facts_load_json(medrule_facts *facts, const char *json, size_t len,
                            const char *source, unsigned line, unsigned flags);

/* Sets one fact from the text of a JSON value: `true`, `82`, `"82 kg"`,
** `{"value":82,"unit":"kg"}`, `["crps"]`, `null`.  Text that is not JSON is
** taken as a JSON string, so `1.2 mg/kg/h` works as typed on a command line.
** Weight-based conversions are redone.  Returns MEDRULE_OK, MEDRULE_NOTFOUND
** for a name the pack does not declare, or MEDRULE_INPUT (see errmsg). */
int medrule_facts_set(medrule_facts *facts, const char *name, const char *value);

/* The last error message of this fact set, "" when none.  Never NULL for a
** non-NULL facts. */
const char *medrule_facts_errmsg(const medrule_facts *facts);

/* Warnings from the last load (e.g. ignored extra fields), one per entry. */
int         medrule_facts_warning_count(const medrule_facts *facts);
const char *medrule_facts_warning(const medrule_facts *facts, int i);

/* --------------------------------------------------------- evaluation */

typedef struct medrule_evaluator medrule_evaluator;
typedef struct medrule_result medrule_result;

/* A new evaluator for `pack`.  Returns NULL when out of memory, pack is NULL,
** or the pack's Lua-function conditions cannot be prepared; when `errmsg` is
** not NULL it then says why (free with medrule_free()). */
medrule_evaluator *medrule_evaluator_new(const medrule_pack *pack, char **errmsg);
void medrule_evaluator_free(medrule_evaluator *ev);

/* A new, empty result.  NULL when out of memory. */
medrule_result *medrule_result_new(void);
void medrule_result_free(medrule_result *result);

/* Evaluates `facts` (which must belong to the evaluator's pack): derived facts
** in dependency order, then every rule, then the disposition.  The previous
** content of `result` is replaced.  Returns MEDRULE_OK; MEDRULE_RUNTIME when
** a Lua-function condition failed or hit a limit (the rule is reported
** unknown and a warning says why; the result is still complete);
** MEDRULE_MISUSE for NULL arguments or a pack mismatch; MEDRULE_NOMEM. */
int medrule_evaluate(medrule_evaluator *ev, const medrule_facts *facts,
                     medrule_result *result);

/* Outcome of one rule in the last evaluation. */
enum { MEDRULE_NOT_FIRED = 0, MEDRULE_FIRED = 1, MEDRULE_UNKNOWN = 2,
       MEDRULE_NOT_APPLICABLE = 3 };

/* Result accessors.  Strings point into the result or its pack. */
const char *medrule_result_disposition(const medrule_result *r);
int         medrule_result_rule_state(const medrule_result *r, int rule);
int         medrule_result_recommendation_count(const medrule_result *r);
const char *medrule_result_recommendation_id(const medrule_result *r, int i);
int         medrule_result_missing_count(const medrule_result *r);
const char *medrule_result_missing_fact(const medrule_result *r, int i);

/* The rules that set the disposition, in declaration order (contract §3
** "disposition_reasons"): the fired stops for do_not_proceed, the unknown
** rules that could still stop for insufficient_data, the fired cautions for
** proceed_with_caution, none for proceed.  Returns the rule index, or -1
** for an index out of range or a NULL result; its state is
** medrule_result_rule_state(). */
int         medrule_result_reason_count(const medrule_result *r);
int         medrule_result_reason_rule(const medrule_result *r, int i);

/* Unknown rules of the last evaluation, in declaration order, and for each
** the facts (sorted by name) whose absence leaves it undecided. */
int         medrule_result_unknown_count(const medrule_result *r);
int         medrule_result_unknown_rule(const medrule_result *r, int i);
int         medrule_result_unknown_missing_count(const medrule_result *r, int i);
const char *medrule_result_unknown_missing(const medrule_result *r, int i, int k);

/* Output formats for medrule_result_render. */
enum { MEDRULE_FORMAT_JSON = 0, MEDRULE_FORMAT_TEXT = 1, MEDRULE_FORMAT_CARDS = 2 };
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
** Cards are CDS Hooks cards (contract §7).  *out (length in *len when len is
** not NULL) is owned by the result and valid until the next evaluation or
** render on it.  Returns MEDRULE_OK, MEDRULE_MISUSE (NULL result or out, a
** result never evaluated, an unknown format), or MEDRULE_NOMEM. */
int medrule_result_render(medrule_result *r, const medrule_render_options *opts, const char **out, size_t *len);

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
