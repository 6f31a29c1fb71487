/* facts.c — one patient's facts: their storage, the typed setters that check
** every value against the pack's vocabulary (contract §1), and the errors and
** warnings collected while a set is filled.  Reading fact files is built on
** these setters (facts_json.c), as any host's own loader would be.
**
** Hygiene is strict because a typo must not turn a contraindication into
** "unknown": wrong types, undeclared codes, wrong or unparsable units and
** implausible values are errors naming the fact and saying what would be
** right. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "eval.h"

#define MAX_STRING_FACT 4096
#define MAX_ERRORS 20

/* Fact files repeat a handful of units ("kg", "mg/kg/h"): a small cache of
** parsed units, per fact set (so per thread), skips the parser; each entry
** also keeps the conversion last made from its unit for one fact (a fact set
** has one pack, so the fact's address names it).  Two places per unit. */
typedef struct unit_memo {
  char text[23];
  uint8_t len;         /* 0: empty */
  mr_unit unit;
  const mr_fact *fd;   /* the fact `conv` converts to, or NULL */
  int needs_per;       /* 0: into fd's unit; 1 or 2: fd's value waits for its `per` fact */
  mr_unit_conv conv;
} unit_memo;
#define UNIT_MEMOS 64

/* What an evaluation reads comes first, and the values sit in the same
** block at a fixed place (`vals`): an evaluator can ask for them before the
** header has arrived from memory (mr_facts_prefetch). */
struct medrule_facts {
  const medrule_pack *p;
  char *source;       /* source_buf while a source is set, else NULL */
  char **from;        /* per fact, where it came from ("Condition/c1"), or NULL; allocated on first use */
  int nfrom;          /* how many are set: clearing skips the array when 0 */
  int nwarnings;
  char **warnings;
  int nerrors;
  int nfacts;         /* p->nfacts, at hand for the setters */
  char **errors;
  char **strings;     /* per fact: the room of an MR_STRING value, kept from one record to the next */
  uint32_t *string_cap; /* per fact: the size of strings[i] */
  int *per_facts;     /* facts converted with another fact (a dose per weight) */
  int nper_facts;
  uint8_t *is_per;    /* per fact: some fact in per_facts is converted with it */
  double *raw;        /* per fact with needs_per: its value before its `per` fact applies (mr_value.raw) */
  uint8_t *plain;     /* per fact: 1 << its type when stored plainly (stored_plainly) and not computed, else 0 */
  char *source_buf;   /* kept from one load to the next: one allocation, not one per record */
  size_t source_cap;
  strbuf errmsg;      /* the errors, one per line */
  int nomem;          /* an error or warning could not be recorded */
  unit_memo memo[UNIT_MEMOS];
  mr_value vals[];    /* per fact */
};

/* Access for the evaluator. */
const mr_value *mr_facts_values(const medrule_facts *f) { return f->vals; }

void mr_facts_prefetch(const medrule_facts *f, int nfacts) {
  const char *v = (const char *)f->vals; /* its place is known before f->p is read */
  size_t bytes = (size_t)nfacts * sizeof *f->vals;
  __builtin_prefetch(f);
  for (size_t at = 0; at < bytes; at += 64) __builtin_prefetch(v + at);
}
const medrule_pack *mr_facts_pack(const medrule_facts *f) { return f->p; }
const char *mr_facts_source(const medrule_facts *f) { return f->source; }
const char *const *mr_facts_from_all(const medrule_facts *f) { return f->nfrom ? (const char *const *)f->from : NULL; }
const medrule_pack *medrule_facts_pack(const medrule_facts *f) { return f ? f->p : NULL; }


static void free_list(char **v, int n) {
  for (int i = 0; i < n; i++) mr_free(v[i]);
  mr_free(v);
}

static void reset(medrule_facts *f) {
  const medrule_pack *p = f->p;
  memcpy(f->vals, p->initial, (size_t)p->nfacts * sizeof *f->vals);
  for (int k = 0; k < f->nper_facts; k++) { /* a default waiting for its `per` fact ("0 mg") */
    int d = f->per_facts[k];
    if (f->vals[d].needs_per) f->raw[d] = f->vals[d].raw;
  }
  if (f->nfrom)
    for (int i = 0; i < p->nfacts; i++) {
      mr_free(f->from[i]);
      f->from[i] = NULL;
    }
  f->nfrom = 0;
  free_list(f->errors, f->nerrors);
  free_list(f->warnings, f->nwarnings);
  f->errors = f->warnings = NULL;
  f->nerrors = f->nwarnings = 0;
  f->nomem = 0;
  sb_reset(&f->errmsg);
  f->source = NULL;
}

/* Fact i's value goes straight into its slot: no fact waits for it (its
** `per`).  Most facts; text too, whose string is already in the set's room. */
static inline int stored_plainly(const medrule_facts *f, int i) { return !f->is_per[i]; }

medrule_facts *medrule_facts_new(const medrule_pack *p) {
  if (!p) return NULL;
  size_t n = (size_t)(p->nfacts ? p->nfacts : 1);
  medrule_facts *f = mr_calloc(1, sizeof *f + n * sizeof *f->vals);
  if (!f) return NULL;
  f->p = p;
  f->nfacts = p->nfacts;
  f->strings = mr_calloc(n, sizeof *f->strings);
  f->string_cap = mr_calloc(n, sizeof *f->string_cap);
  f->per_facts = mr_calloc(n, sizeof *f->per_facts);
  f->raw = mr_calloc(n, sizeof *f->raw);
  f->is_per = mr_calloc(n, 1);
  f->plain = mr_calloc(n, 1);
  sb_init(&f->errmsg);
  if (!f->strings || !f->string_cap || !f->per_facts || !f->raw || !f->is_per || !f->plain) {
    medrule_facts_free(f);
    return NULL;
  }
  for (int i = 0; i < p->nfacts; i++)
    if (p->facts[i].per >= 0) {
      f->per_facts[f->nper_facts++] = i;
      f->is_per[p->facts[i].per] = 1;
    }
  for (int i = 0; i < p->nfacts; i++)
    if (!p->facts[i].computed && stored_plainly(f, i)) f->plain[i] = (uint8_t)(1u << p->facts[i].type);
  reset(f);
  return f;
}

void medrule_facts_free(medrule_facts *f) {
  if (!f) return;
  if (f->strings)
    for (int i = 0; i < f->p->nfacts; i++) mr_free(f->strings[i]);
  free_list(f->errors, f->nerrors);
  free_list(f->warnings, f->nwarnings);
  mr_free(f->strings);
  mr_free(f->string_cap);
  if (f->from)
    for (int i = 0; i < f->p->nfacts; i++) mr_free(f->from[i]);
  mr_free(f->from);
  mr_free(f->per_facts);
  mr_free(f->raw);
  mr_free(f->is_per);
  mr_free(f->plain);
  mr_free(f->source_buf);
  sb_free(&f->errmsg);
  mr_free(f);
}

void medrule_facts_clear(medrule_facts *f) {
  if (f) reset(f);
}

int medrule_facts_set_source(medrule_facts *f, const char *source) {
  if (!f) return MEDRULE_MISUSE;
  if (!source) {
    f->source = NULL;
    return MEDRULE_OK;
  }
  size_t n = strlen(source) + 1;
  if (n > f->source_cap) {
    size_t cap = n < 64 ? 64 : n;
    char *b = mr_malloc(cap);
    if (!b) return MEDRULE_NOMEM; /* the source set before stays */
    memcpy(b, source, n);
    mr_free(f->source_buf);
    f->source_buf = b;
    f->source_cap = cap;
  } else {
    memmove(f->source_buf, source, n); /* `source` may be the set's own */
  }
  f->source = f->source_buf;
  return MEDRULE_OK;
}

/* Provenance: where a fact's value came from, echoed as "from" in results. */
int medrule_facts_set_from(medrule_facts *f, int i, const char *from) {
  if (!f) return MEDRULE_MISUSE;
  if (i < 0 || i >= f->p->nfacts) return MEDRULE_NOTFOUND;
  if (!from && !f->nfrom) return MEDRULE_OK;
  if (!f->from && !(f->from = mr_calloc((size_t)f->p->nfacts, sizeof *f->from))) return MEDRULE_NOMEM;
  char *s = NULL;
  if (from && !(s = mr_strdup(from))) return MEDRULE_NOMEM;
  if (f->from[i]) f->nfrom--;
  mr_free(f->from[i]);
  f->from[i] = s;
  if (s) f->nfrom++;
  return MEDRULE_OK;
}

const char *medrule_facts_from(const medrule_facts *f, int i) {
  return f && i >= 0 && i < f->p->nfacts && f->nfrom ? f->from[i] : NULL;
}

/* ------------------------------------------------------------ diagnostics */

/* "SOURCE: WHERE: message"; `where` NULL: the message names its own place.
** Control characters and invalid UTF-8 from the input are escaped. */
static char *diagnostic(const medrule_facts *f, const char *where, const char *message) {
  strbuf b;
  sb_init(&b);
  if (where) {
    if (f->source) {
      sb_put_printable(&b, f->source);
      sb_puts(&b, ": ");
    }
    sb_put_printable(&b, where);
    sb_puts(&b, ": ");
  }
  sb_put_printable(&b, message);
  return sb_steal(&b);
}

static int push(char ***list, int *n, char *s) {
  if (!s) return -1;
  char **l = mr_realloc(*list, (size_t)(*n + 1) * sizeof *l);
  if (!l) {
    mr_free(s);
    return -1;
  }
  *list = l;
  l[(*n)++] = s;
  return 0;
}

int medrule_facts_add_error(medrule_facts *f, const char *where, const char *message) {
  if (!f || !message) return MEDRULE_MISUSE;
  if (f->nerrors >= MAX_ERRORS) return MEDRULE_INPUT; /* enough to fix a file in one pass */
  char *e = diagnostic(f, where, message);
  if (push(&f->errors, &f->nerrors, e)) {
    f->nomem = 1;
    return MEDRULE_NOMEM;
  }
  if (f->nerrors > 1) sb_putc(&f->errmsg, '\n');
  sb_puts(&f->errmsg, e);
  if (f->errmsg.oom) f->nomem = 1;
  return MEDRULE_INPUT;
}

int medrule_facts_add_warning(medrule_facts *f, const char *where, const char *message) {
  if (!f || !message) return MEDRULE_MISUSE;
  if (push(&f->warnings, &f->nwarnings, diagnostic(f, where, message))) {
    f->nomem = 1;
    return MEDRULE_NOMEM;
  }
  return MEDRULE_OK;
}

int medrule_facts_error_count(const medrule_facts *f) { return f ? f->nerrors : 0; }

const char *medrule_facts_error(const medrule_facts *f, int i) {
  return f && i >= 0 && i < f->nerrors ? f->errors[i] : NULL;
}

const char *medrule_facts_errmsg(const medrule_facts *f) {
  if (!f) return "no fact set";
  if (f->nomem || f->errmsg.oom) return "out of memory";
  return f->errmsg.data ? f->errmsg.data : "";
}

int medrule_facts_warning_count(const medrule_facts *f) { return f ? f->nwarnings : 0; }

const char *medrule_facts_warning(const medrule_facts *f, int i) {
  return f && i >= 0 && i < f->nwarnings ? f->warnings[i] : NULL;
}

/* An error about fact i; returns MEDRULE_INPUT (MEDRULE_NOMEM when even the
** message could not be kept). */
static int fact_error(medrule_facts *f, int i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fact_error(medrule_facts *f, int i, const char *fmt, ...) {
  char msg[1200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return medrule_facts_add_error(f, f->p->facts[i].name, msg);
}

/* ------------------------------------------------------------ checks */

static int range_error(const mr_fact *fd, double v, char *err, size_t errlen);
static inline int check_range(const mr_fact *fd, double v, char *err, size_t errlen) {
  if (!fd->has_range || (v >= fd->min && v <= fd->max)) return 0;
  return range_error(fd, v, err, errlen);
}

static int range_error(const mr_fact *fd, double v, char *err, size_t errlen) {
  strbuf b;
  sb_init(&b);
  mr_fmt_num(&b, v);
  if (fd->unit_text) sb_printf(&b, " %s", fd->unit_text);
  sb_puts(&b, " is outside the plausible range ");
  mr_fmt_num(&b, fd->min);
  sb_puts(&b, " to ");
  mr_fmt_num(&b, fd->max);
  if (fd->unit_text) sb_printf(&b, " %s", fd->unit_text);
  snprintf(err, errlen, "%s", b.data ? b.data : "out of range");
  sb_free(&b);
  return -1;
}

/* Unit text ut[0..utlen) into *u; *slot: its memo entry, or NULL. */
static int parse_unit(unit_memo *memo, const char *ut, size_t utlen, mr_unit *u, unit_memo **slot, char *why,
                      size_t whylen) {
  unit_memo *m = NULL;
  *slot = NULL;
  if (memo && utlen && utlen < sizeof memo->text) {
    uint32_t h = mr_hash(ut, utlen) % UNIT_MEMOS;
    for (int k = 0; k < 2; k++) {
      unit_memo *e = &memo[h ^ (uint32_t)k];
      if (e->len == utlen && mr_same_bytes(e->text, ut, utlen)) {
        *u = e->unit;
        *slot = e;
        return 0;
      }
    }
    m = memo[h].len == 0 || memo[h ^ 1].len != 0 ? &memo[h] : &memo[h ^ 1];
  }
  if (mr_unit_parse(ut, utlen, u, why, whylen)) return -1;
  if (m) {
    memcpy(m->text, ut, utlen);
    m->len = (uint8_t)utlen;
    m->unit = *u;
    m->fd = NULL;
    *slot = m;
  }
  return 0;
}

/* A quantity `q` in unit text `ut` for fact fd, into v (which may then wait
** for its `per` fact: v->needs_per, v->raw). */
static int quantity_value(const medrule_pack *p, unit_memo *memo, const mr_fact *fd, double q, const char *ut,
                          size_t utlen, mr_value *v, char *err, size_t errlen) {
  mr_unit u;
  unit_memo *m;
  char why[160];
  if (!isfinite(q)) {
    snprintf(err, errlen, "the number is not finite");
    return -1;
  }
  if (parse_unit(memo, ut, utlen, &u, &m, why, sizeof why)) {
    snprintf(err, errlen, "%s", why);
    return -1;
  }
  if (m && m->fd == fd) { /* converted from this unit for this fact before */
    double x = mr_unit_conv_apply(&m->conv, q);
    if (!m->needs_per) {
      v->num = x;
      if (!isfinite(v->num)) {
        snprintf(err, errlen, "the value is too large");
        return -1;
      }
      return check_range(fd, v->num, err, errlen);
    }
    v->raw = x;
    v->needs_per = (uint8_t)m->needs_per;
    return isfinite(v->raw) ? 0 : (snprintf(err, errlen, "the value is too large"), -1);
  }
  mr_unit_conv conv;
  if (mr_unit_commensurable(u, fd->unit)) {
    mr_unit_conv_init(&conv, u, fd->unit);
    if (m) m->fd = fd, m->needs_per = 0, m->conv = conv;
    v->num = mr_unit_conv_apply(&conv, q);
    if (!isfinite(v->num)) {
      snprintf(err, errlen, "the value is too large");
      return -1;
    }
    return check_range(fd, v->num, err, errlen);
  }
  if (fd->per >= 0) {
    /* "40 mg" for a dose in mg/kg waits to be divided by the weight;
    ** "0.5 mg/kg" for a dose in mg waits to be multiplied by it. */
    mr_unit times, per_unit;
    const mr_fact *per = &p->facts[fd->per];
    int how = 0;
    if (mr_unit_mul(fd->unit, per->unit, &times) == 0 && mr_unit_commensurable(u, times)) {
      mr_unit_conv_init(&conv, u, times);
      how = 1;
    } else if (mr_unit_div(fd->unit, per->unit, &per_unit) == 0 && mr_unit_commensurable(u, per_unit)) {
      mr_unit_conv_init(&conv, u, per_unit);
      how = 2;
    }
    if (how) {
      if (m) m->fd = fd, m->needs_per = how, m->conv = conv;
      v->raw = mr_unit_conv_apply(&conv, q);
      v->needs_per = (uint8_t)how;
      return isfinite(v->raw) ? 0 : (snprintf(err, errlen, "the value is too large"), -1);
    }
  }
  char have[64], want[64];
  mr_unit_kind(u, have, sizeof have);
  mr_unit_kind(fd->unit, want, sizeof want);
  if (fd->per >= 0)
    snprintf(err, errlen, "'%.*s' is a %s; expected %s (%s), or that times or per %s", (int)utlen, ut, have,
             want, fd->unit_text, p->facts[fd->per].name);
  else
    snprintf(err, errlen, "'%.*s' is a %s, but %s is a %s (%s)", (int)utlen, ut, have, fd->name, want,
             fd->unit_text);
  return -1;
}

/* Converts a value waiting for its `per` fact, now that the set holds `w`
** for it: 0, or -1 with a reason. */
static int apply_per(const mr_fact *fd, mr_value *v, double raw, const mr_value *w, const char *per_name, char *err,
                     size_t errlen) {
  if (w->state != MR_T) {
    v->state = MR_U;
    v->blame = fd->per;
    return 0;
  }
  if (w->num == 0 && v->needs_per == 1) {
    snprintf(err, errlen, "cannot divide by %s = 0", per_name);
    return -1;
  }
  v->state = MR_T;
  v->blame = -1;
  v->num = v->needs_per == 1 ? raw / w->num : raw * w->num;
  return check_range(fd, v->num, err, errlen);
}

/* Puts v into fact i, then converts the facts that wait for fact i.  When
** one of them becomes implausible nothing changes and the error names it. */

static int commit_slow(medrule_facts *f, int i, mr_value v);
static inline int commit(medrule_facts *f, int i, mr_value v) {
  if (!v.needs_per && f->plain[i]) { /* stored plainly (commit follows settable): nothing else to do */
    v.present = 1;
    v.from_default = 0;
    f->vals[i] = v;
    return MEDRULE_OK;
  }
  return commit_slow(f, i, v);
}

static int commit_slow(medrule_facts *f, int i, mr_value v) {
  const medrule_pack *p = f->p;
  const mr_fact *fd = &p->facts[i];
  char err[400];
  v.present = 1;
  v.from_default = 0;
  /* v's room becomes its value: the value before its `per` fact applies is
  ** kept by the set, once v is stored */
  double raw = v.needs_per ? v.raw : 0;
  if (v.needs_per && v.state == MR_T &&
      apply_per(fd, &v, raw, &f->vals[fd->per], p->facts[fd->per].name, err, sizeof err))
    return fact_error(f, i, "%s", err);
  double old_raw = f->raw[i];
  if (v.needs_per) f->raw[i] = raw;
  if (!f->is_per[i]) { /* most facts are no other's `per`: nothing waits for them */
    f->vals[i] = v;
    return MEDRULE_OK;
  }
  mr_value old = f->vals[i];
  f->vals[i] = v;
  for (int k = 0; k < f->nper_facts; k++) {
    int d = f->per_facts[k];
    if (p->facts[d].per != i || !f->vals[d].needs_per) continue;
    mr_value dv = f->vals[d];
    dv.state = MR_T;
    if (apply_per(&p->facts[d], &dv, f->raw[d], &f->vals[i], fd->name, err, sizeof err)) {
      f->vals[i] = old; /* a new weight must not leave an earlier dose implausible */
      f->raw[i] = old_raw;
      for (int j = 0; j < k; j++) {
        int e = f->per_facts[j];
        if (p->facts[e].per == i && f->vals[e].needs_per) {
          mr_value ev = f->vals[e];
          ev.state = MR_T;
          apply_per(&p->facts[e], &ev, f->raw[e], &old, fd->name, err, sizeof err);
          f->vals[e] = ev;
        }
      }
      return fact_error(f, d, "%s", err);
    }
    f->vals[d] = dv;
  }
  return MEDRULE_OK;
}

/* The common start of every setter: a fact that may be set, of one of the
** allowed types.  Returns 0, or the status to return. */
static int not_settable(medrule_facts *f, int i, const char *given);
static inline int settable(medrule_facts *f, int i, unsigned types, const char *given) {
  if (!f) return MEDRULE_MISUSE;
  if (i < 0 || i >= f->p->nfacts) return MEDRULE_NOTFOUND;
  const mr_fact *fd = &f->p->facts[i];
  if (!fd->computed && (types & (1u << fd->type))) return 0;
  return not_settable(f, i, given);
}

static int not_settable(medrule_facts *f, int i, const char *given) {
  const mr_fact *fd = &f->p->facts[i];
  if (fd->computed) return fact_error(f, i, "derived by the pack from other facts; it cannot be given");
  static const char *const WANT[] = {"true or false", "a number", "a quantity", "one of its codes",
                                     "a list of its codes", "text"};
  return fact_error(f, i, "expected %s, got %s", WANT[fd->type], given);
}

static mr_value known(void) {
  mr_value v;
  memset(&v, 0, sizeof v);
  v.state = MR_T;
  v.blame = -1;
  return v;
}

/* ------------------------------------------------------------ setters */

/* The common case of a setter, without building a value for commit(): fact
** i's slot when fact i may be set, has one of `types`, and is stored plainly;
** else NULL, and the setter takes its full path (settable, commit), which
** finds the error if there is one. */
static inline mr_value *plain_slot(medrule_facts *f, int i, unsigned types) {
  if (!f || (unsigned)i >= (unsigned)f->nfacts || !(types & f->plain[i])) return NULL;
  return &f->vals[i];
}

/* A known value as commit() stores it: present, not from a default. */
#define PLAIN_VALUE(...) ((mr_value){.state = MR_T, .present = 1, .blame = -1, __VA_ARGS__})

int medrule_facts_set_unknown(medrule_facts *f, int i) {
  int rc = settable(f, i, ~0u, "");
  if (rc) return rc;
  mr_value v = known();
  v.state = MR_U;
  return commit(f, i, v);
}

static int set_boolean(medrule_facts *f, int i, int value);
int medrule_facts_set_boolean(medrule_facts *f, int i, int value) {
  mr_value *slot = plain_slot(f, i, 1u << MR_BOOL);
  if (!slot) return set_boolean(f, i, value);
  *slot = PLAIN_VALUE(.bits = value != 0);
  return MEDRULE_OK;
}

static int set_boolean(medrule_facts *f, int i, int value) {
  int rc = settable(f, i, 1u << MR_BOOL, "a boolean");
  if (rc) return rc;
  mr_value v = known();
  v.bits = value != 0;
  return commit(f, i, v);
}

static int set_number(medrule_facts *f, int i, double value);
int medrule_facts_set_number(medrule_facts *f, int i, double value) {
  mr_value *slot = plain_slot(f, i, 1u << MR_NUMBER | 1u << MR_QUANTITY);
  if (!slot || !isfinite(value)) return set_number(f, i, value);
  const mr_fact *fd = &f->p->facts[i];
  if (fd->has_range && !(value >= fd->min && value <= fd->max)) return set_number(f, i, value);
  *slot = PLAIN_VALUE(.num = value);
  return MEDRULE_OK;
}

static int set_number(medrule_facts *f, int i, double value) {
  int rc = settable(f, i, 1u << MR_NUMBER | 1u << MR_QUANTITY, "a number");
  if (rc) return rc;
  const mr_fact *fd = &f->p->facts[i];
  char err[400];
  if (!isfinite(value)) return fact_error(f, i, "the number is not finite");
  if (check_range(fd, value, err, sizeof err)) return fact_error(f, i, "%s", err);
  mr_value v = known();
  v.num = value;
  return commit(f, i, v);
}

int medrule_facts_set_quantity(medrule_facts *f, int i, double value, const char *unit) {
  int rc = settable(f, i, 1u << MR_QUANTITY, "a quantity");
  if (rc) return rc;
  if (!unit) return MEDRULE_MISUSE;
  char err[400];
  mr_value v = known();
  if (quantity_value(f->p, f->memo, &f->p->facts[i], value, unit, strlen(unit), &v, err, sizeof err))
    return fact_error(f, i, "%s", err);
  return commit(f, i, v);
}

int medrule_facts_set_quantity_text(medrule_facts *f, int i, const char *text) {
  int rc = settable(f, i, 1u << MR_QUANTITY, "text");
  if (rc) return rc;
  if (!text) return MEDRULE_MISUSE;
  const mr_fact *fd = &f->p->facts[i];
  double q;
  size_t len = strlen(text);
  size_t used = mr_parse_number(text, len, &q);
  const char *s = text;
  while (*s == ' ') s++;
  if (!used) return fact_error(f, i, "'%s' is not a quantity like \"%s\"", text, fd->unit_text ? "82 kg" : "82");
  const char *u = text + used;
  while (*u == ' ') u++;
  size_t ul = len - (size_t)(u - text);
  while (ul && u[ul - 1] == ' ') ul--;
  if (ul == 0) return fact_error(f, i, "'%s' has no unit (write e.g. \"%s %s\")", text, s, fd->unit_text);
  char err[400];
  mr_value v = known();
  if (quantity_value(f->p, f->memo, fd, q, u, ul, &v, err, sizeof err)) return fact_error(f, i, "%s", err);
  return commit(f, i, v);
}

/* A code as people type it: lower case, with spaces and hyphens as the
** underscores of declared codes. */
static int same_code_loosely(const char *code, const char *typed) {
  for (; *code && *typed; code++, typed++) {
    char c = *typed >= 'A' && *typed <= 'Z' ? (char)(*typed - 'A' + 'a') : *typed == ' ' || *typed == '-' ? '_' : *typed;
    if (c != *code) return 0;
  }
  return *code == 0 && *typed == 0;
}

/* The index of code `s` for fact i, or -1 with the error recorded.  A loose
** match is taken with a warning. */
static int code_of(medrule_facts *f, int i, const char *s) {
  const mr_fact *fd = &f->p->facts[i];
  int k = mr_code_find(fd, s, strlen(s));
  if (k >= 0) return k;
  for (int c = 0; c < fd->nvalues; c++)
    if (same_code_loosely(fd->values[c], s)) {
      char msg[600];
      snprintf(msg, sizeof msg, "'%s' read as the code '%s'", s, fd->values[c]);
      if (medrule_facts_add_warning(f, fd->name, msg)) return -1;
      return c;
    }
  char codes[400] = "";
  for (int c = 0; c < fd->nvalues && strlen(codes) + strlen(fd->values[c]) + 6 < sizeof codes; c++)
    snprintf(codes + strlen(codes), sizeof codes - strlen(codes), "%s%s", c ? ", " : "", fd->values[c]);
  const char *near = mr_suggest_code(fd, s);
  if (near) fact_error(f, i, "'%s' is not one of its codes (did you mean '%s'?; codes: %s)", s, near, codes);
  else fact_error(f, i, "'%s' is not one of its codes (%s)", s, codes);
  return -1;
}

static int set_code(medrule_facts *f, int i, const char *code);

int medrule_facts_set_code(medrule_facts *f, int i, const char *code) {
  mr_value *slot = plain_slot(f, i, 1u << MR_CODE);
  int k = slot && code ? mr_code_find(&f->p->facts[i], code, strlen(code)) : -1;
  if (k < 0) return set_code(f, i, code); /* also a code read loosely, with its warning */
  *slot = PLAIN_VALUE(.bits = (uint64_t)k);
  return MEDRULE_OK;
}

static int set_code(medrule_facts *f, int i, const char *code) {
  int rc = settable(f, i, 1u << MR_CODE, "a string");
  if (rc) return rc;
  if (!code) return MEDRULE_MISUSE;
  int k = code_of(f, i, code);
  if (k < 0) return f->nomem ? MEDRULE_NOMEM : MEDRULE_INPUT;
  mr_value v = known();
  v.bits = (uint64_t)k;
  return commit(f, i, v);
}

int medrule_facts_set_codes(medrule_facts *f, int i, const char *const *codes, int n) {
  int rc = settable(f, i, 1u << MR_CODES, "a list");
  if (rc) return rc;
  if (n < 0 || (n > 0 && !codes)) return MEDRULE_MISUSE;
  mr_value v = known();
  for (int c = 0; c < n; c++) {
    if (!codes[c]) return MEDRULE_MISUSE;
    int k = code_of(f, i, codes[c]);
    if (k < 0) return f->nomem ? MEDRULE_NOMEM : MEDRULE_INPUT;
    v.bits |= 1ull << k;
  }
  return commit(f, i, v);
}

int medrule_facts_set_string(medrule_facts *f, int i, const char *text) {
  int rc = settable(f, i, 1u << MR_STRING, "text");
  if (rc) return rc;
  if (!text) return MEDRULE_MISUSE;
  size_t n = strlen(text);
  if (n > MAX_STRING_FACT) return fact_error(f, i, "the text is longer than %d bytes", MAX_STRING_FACT);
  for (size_t k = 0; k < n; k++)
    if ((unsigned char)text[k] < 0x20 || text[k] == 0x7f)
      return fact_error(f, i, "the text contains a control character (byte %zu)", k);
  if (u8_check((const uint8_t *)text, n)) return fact_error(f, i, "the text is not valid UTF-8");
  /* Into the room the fact's text had in earlier records: no allocation per
  ** record (a text fact is never another's `per`, so commit cannot refuse
  ** it once the text is in place).  `text` may be the set's own: it then
  ** fits where it is, and moves within it. */
  if (n + 1 > f->string_cap[i]) {
    size_t cap = n + 1 < 32 ? 32 : n + 1;
    char *room = mr_malloc(cap);
    if (!room) return MEDRULE_NOMEM;
    mr_free(f->strings[i]);
    f->strings[i] = room;
    f->string_cap[i] = (uint32_t)cap;
  }
  memmove(f->strings[i], text, n);
  f->strings[i][n] = 0;
  mr_value v = known();
  v.str = f->strings[i];
  return commit(f, i, v);
}

/* ------------------------------------------------------------ reading */

int medrule_facts_get(const medrule_facts *f, int i, medrule_value *out) {
  if (!f || !out) return MEDRULE_MISUSE;
  if (i < 0 || i >= f->p->nfacts) return MEDRULE_NOTFOUND;
  mr_value_public(f->p, i, &f->vals[i], out);
  return MEDRULE_OK;
}

int medrule_facts_is_given(const medrule_facts *f, int i) {
  return f && i >= 0 && i < f->p->nfacts && f->vals[i].present;
}

/* A default, as the pack declares it (a Lua boolean, number or string). */
int mr_value_from_default(const medrule_pack *p, int i, int kind, int b, double num, const char *s, mr_value *v,
                          char *err, size_t errlen) {
  const mr_fact *fd = &p->facts[i];
  *v = known();
  v->from_default = 1;
  switch (fd->type) {
    case MR_BOOL:
      if (kind != 'b') break;
      v->bits = b != 0;
      return 0;
    case MR_NUMBER:
      if (kind != 'n') break;
      v->num = num;
      return check_range(fd, num, err, errlen);
    case MR_QUANTITY: {
      if (kind == 'n') {
        v->num = num;
        return check_range(fd, num, err, errlen);
      }
      if (kind != 's') break;
      double q;
      size_t used = mr_parse_number(s, strlen(s), &q);
      const char *u = s + used;
      while (*u == ' ') u++;
      if (!used || !*u) {
        snprintf(err, errlen, "write a quantity default as \"0 %s\"", fd->unit_text);
        return -1;
      }
      if (quantity_value(p, NULL, fd, q, u, strlen(u), v, err, errlen)) return -1;
      if (v->needs_per) v->state = MR_U, v->blame = fd->per; /* "0 mg" waits for the weight */
      return 0;
    }
    case MR_CODE: {
      int k = kind == 's' ? mr_code_find(fd, s, strlen(s)) : -1;
      if (k < 0) break;
      v->bits = (uint64_t)k;
      return 0;
    }
    default: break;
  }
  snprintf(err, errlen, "a %s default must be %s", fd->type == MR_CODES ? "list" : "text",
           fd->type == MR_BOOL ? "true or false" : fd->type == MR_NUMBER ? "a number"
           : fd->type == MR_QUANTITY ? "a quantity such as \"0 mg\"" : fd->type == MR_CODE ? "one of its codes"
           : "absent (lists and text have no default)");
  return -1;
}
