/* facts_json.c — fact files (contract §1): a JSON object per patient, read
** with the strict JSON reader and put into a fact set through the public
** typed setters, exactly as a host's own loader would.  This file uses only
** medrule.h (and the reader and a byte buffer): nothing internal.
**
** Every problem in a file is reported, up to the fact set's limit, each with
** where it is (line and column for syntax, the fact or JSON path for
** meaning) and what would be right, so that a person fixes a file in one
** pass; and nothing is evaluated from a file that failed. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "medrule.h"
#include "strbuf.h"

/* One reader per thread, made on first use and freed when the thread ends. */
static pthread_key_t reader_key;
static pthread_once_t reader_once = PTHREAD_ONCE_INIT;
static int reader_key_ok;
static void free_reader(void *d) { mr_jdoc_free(d); }
static void make_reader_key(void) { reader_key_ok = pthread_key_create(&reader_key, free_reader) == 0; }

static mr_jdoc *thread_reader(void) {
  pthread_once(&reader_once, make_reader_key);
  if (!reader_key_ok) return NULL;
  mr_jdoc *d = pthread_getspecific(reader_key);
  if (!d && (d = mr_jdoc_new()) != NULL && pthread_setspecific(reader_key, d) != 0) {
    mr_jdoc_free(d);
    d = NULL;
  }
  return d;
}

mr_jdoc *mr_json_thread_reader(void) { return thread_reader(); }

void medrule_thread_cleanup(void) {
  pthread_once(&reader_once, make_reader_key);
  if (!reader_key_ok) return;
  mr_jdoc *d = pthread_getspecific(reader_key);
  if (d && pthread_setspecific(reader_key, NULL) == 0) mr_jdoc_free(d);
}

typedef struct loader {
  medrule_facts *facts;
  const medrule_pack *pack;
  mr_jtape tp;     /* the document: values by their index on the tape */
  unsigned flags;
  int nomem;
  int failed;      /* an error was recorded: the error count is worth looking at */
  uint8_t *given;  /* per fact, 1 when set by this load (what medrule_facts_is_given
                      says after the clear); NULL: ask it */
  uint64_t *met;   /* a bit per group met by this load, or NULL */
  int breach;      /* a number read is beyond the JSON reader's policy: the text is refused */
  int unread;      /* some value was not read (an ignored name): its numbers are unchecked */
} loader;

static const char *kind_of(mr_jtype t) {
  switch (t) {
    case MR_JFALSE: case MR_JTRUE: return "a boolean";
    case MR_JNUMBER: return "a number";
    case MR_JSTRING: return "a string";
    case MR_JARRAY: return "a list";
    case MR_JOBJECT: return "an object";
    default: return "null";
  }
}

/* The value at tape index i. */
static mr_jtype jtype(const loader *ld, size_t i) { return mr_jt_type(&ld->tp, i); }
static const char *kind(const loader *ld, size_t i) { return kind_of(jtype(ld, i)); }
static const char *jstr(const loader *ld, size_t i) {
  uint32_t len;
  return mr_jt_str(&ld->tp, i, &len);
}

static int error(loader *ld, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int error(loader *ld, const char *where, const char *fmt, ...) {
  char msg[1200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ld->failed = 1;
  if (medrule_facts_add_error(ld->facts, where, msg) == MEDRULE_NOMEM) ld->nomem = 1;
  return -1;
}

/* A FHIR Quantity {"value": 82, "unit": "kg", "system": ..., "code": ...}
** at tape index `at`: the UCUM code when there is one, else the unit. */
static int __attribute__((noinline)) quantity_object(loader *ld, int fact, size_t at) {
  const mr_jtape *tp = &ld->tp;
  const char *name = medrule_pack_fact_name(ld->pack, fact);
  size_t value = 0, unit = 0, code = 0, system = 0; /* tape indexes; 0: absent */
  for (size_t c = at + 1, close = mr_jt_next(tp, at) - 1; c < close; c = mr_jt_next(tp, c + 1)) {
    const char *k = jstr(ld, c);
    mr_jtype jt = jtype(ld, c + 1); /* every number checked, every container left for the full check */
    if (jt == MR_JNUMBER && !mr_jt_number_ok(tp, c + 1)) return ld->breach = 1, -1;
    if (jt == MR_JOBJECT || jt == MR_JARRAY) ld->unread = 1;
    if (!strcmp(k, "value")) value = c + 1;
    else if (!strcmp(k, "unit")) unit = c + 1;
    else if (!strcmp(k, "code")) code = c + 1;
    else if (!strcmp(k, "system")) system = c + 1;
    else return error(ld, name, "a quantity object has 'value', 'unit', 'system' and 'code', not '%s'", k);
  }
  if (system && (jtype(ld, system) != MR_JSTRING || strcmp(jstr(ld, system), "http://unitsofmeasure.org")))
    return error(ld, name, "the quantity's system is not UCUM (http://unitsofmeasure.org): its unit cannot be read");
  size_t u = code && jtype(ld, code) == MR_JSTRING ? code : unit;
  if (!value || jtype(ld, value) != MR_JNUMBER || !u || jtype(ld, u) != MR_JSTRING)
    return error(ld, name, "a quantity object needs a numeric 'value' and a 'unit' (or UCUM 'code') string");
  return medrule_facts_set_quantity(ld->facts, fact, mr_jt_num(tp, value), jstr(ld, u)) ? -1 : 0;
}

/* The list of codes at tape index `at` (an array) for fact `fact`: the
** setter's status, or -1 after an error of the list's own.  Apart from
** set_value, whose frame stays small. */
static int __attribute__((noinline)) code_list(loader *ld, int fact, size_t at) {
  const char *codes[64];
  int n = 0;
  for (size_t c = at + 1, close = mr_jt_next(&ld->tp, at) - 1; c < close; c = mr_jt_next(&ld->tp, c)) {
    if (jtype(ld, c) != MR_JSTRING)
      return error(ld, medrule_pack_fact_name(ld->pack, fact), "item %d is %s; expected one of its codes", n,
                   kind(ld, c));
    if (n == 64) return error(ld, medrule_pack_fact_name(ld->pack, fact), "more than 64 codes");
    codes[n++] = jstr(ld, c);
  }
  return medrule_facts_set_codes(ld->facts, fact, codes, n);
}

/* The number at tape index `at` for fact `fact`: the setter's status, or -1
** with ld->breach set for an integer beyond the reader's policy. */
static int number(loader *ld, int fact, size_t at) {
  if (!mr_jt_number_ok(&ld->tp, at)) return ld->breach = 1, -1;
  return medrule_facts_set_number(ld->facts, fact, mr_jt_num(&ld->tp, at));
}

/* A value for fact `fact` of type `type`, through the typed setter for its
** type: of JSON type `jt` at tape index `at`, or (`str` not NULL, at 0) a
** text that is not JSON, taken as a string.  A value of the wrong kind is an
** error saying what was expected. */
static inline __attribute__((always_inline)) int set_value(loader *ld, int fact, int type, mr_jtype jt,
                                                          const char *str, size_t at) {
  medrule_facts *f = ld->facts;
  int rc = -1;
  if (jt == MR_JNULL) return medrule_facts_set_unknown(f, fact) ? -1 : 0;
  switch (type) {
    case MEDRULE_TYPE_BOOLEAN:
      if (jt == MR_JTRUE || jt == MR_JFALSE) rc = medrule_facts_set_boolean(f, fact, jt == MR_JTRUE);
      break;
    case MEDRULE_TYPE_NUMBER:
      if (jt == MR_JNUMBER) rc = number(ld, fact, at);
      break;
    case MEDRULE_TYPE_QUANTITY:
      if (jt == MR_JNUMBER) rc = number(ld, fact, at); /* in the declared unit */
      else if (jt == MR_JSTRING) rc = medrule_facts_set_quantity_text(f, fact, str ? str : jstr(ld, at));
      else if (jt == MR_JOBJECT) return quantity_object(ld, fact, at);
      break;
    case MEDRULE_TYPE_CODE:
      if (jt == MR_JSTRING) rc = medrule_facts_set_code(f, fact, str ? str : jstr(ld, at));
      break;
    case MEDRULE_TYPE_CODES:
      if (jt == MR_JARRAY) {
        rc = code_list(ld, fact, at);
        if (rc < 0) return -1;
      }
      break;
    default:
      if (jt == MR_JSTRING) rc = medrule_facts_set_string(f, fact, str ? str : jstr(ld, at));
      break;
  }
  if (rc == MEDRULE_OK) return 0;
  if (rc == MEDRULE_NOMEM) ld->nomem = 1;
  if (rc >= 0 || ld->breach) return -1; /* the setter said why, or the text is refused */
  static const char *const WANT[] = {"true or false", "a number", "a quantity such as \"82 kg\"",
                                     "one of its codes", "a list of its codes", "text"};
  return error(ld, medrule_pack_fact_name(ld->pack, fact), "expected %s, got %s", WANT[type], kind_of(jt));
}

/* The value at tape index `at` for fact `fact` of type `type`. */
static inline __attribute__((always_inline)) int set_at(loader *ld, int fact, int type, size_t at) {
  return set_value(ld, fact, type, jtype(ld, at), NULL, at);
}

/* Out of memory, or as many errors as a fact set keeps: the walk stops.  The
** count is looked up only once something failed. */
static int full(loader *ld) {
  return ld->nomem || ld->breach || (ld->failed && medrule_facts_error_count(ld->facts) >= 20);
}

static int test_bit(const uint64_t *b, int i) { return (int)(b[i >> 6] >> (i & 63)) & 1; }
static void set_bit(uint64_t *b, int i) { b[i >> 6] |= 1ull << (i & 63); }

/* Whether fact `fact` was set already by this load. */
static inline int given(const loader *ld, int fact) {
  return ld->given ? ld->given[fact] : medrule_facts_is_given(ld->facts, fact);
}

/* Files from one source list their keys in one order: the fact or group
** found last time for the key at this position of this object is the guess
** for the pack's lookup (medrule_fact_lookup_hint), which takes it only when
** its whole name is this key's path, so the memo is exact (also across
** packs).  Each object has a span of MEMO_SPAN slots: the top level the
** first, group g the (g mod 31) + 1st (a span shared by two groups only
** costs misses).  One memo per thread. */
#define MEMO 1024
#define MEMO_SPAN 32
static _Thread_local int32_t memo[MEMO]; /* fact + 1, -(group + 1), or 0 */

static uint32_t group_span(int g) { return MEMO_SPAN * (1 + (uint32_t)g % (MEMO / MEMO_SPAN - 1)); }

/* A key (its path in path[0..len)) at `pos` of an object whose span
** starts at `span`: its fact (>= 0), or -2 - group, or -1 when it is
** neither. */
static int lookup_key(loader *ld, uint32_t span, size_t pos, const char *path, size_t len) {
  int32_t *m = pos < MEMO_SPAN ? &memo[span + pos] : NULL;
  int32_t guess = m ? *m : 0;
  if (guess < 0 && medrule_group_lookup_hint(ld->pack, path, len, -guess - 1) == -guess - 1) return guess - 1;
  int fact = medrule_fact_lookup_hint(ld->pack, path, len, guess - 1); /* guess - 1 < 0: no guess */
  if (fact >= 0) {
    if (m) *m = fact + 1;
    return fact;
  }
  int g = medrule_group_lookup(ld->pack, path, len);
  if (g < 0) return -1;
  if (m) *m = -(g + 1);
  return -2 - g;
}

static void walk(loader *ld, size_t obj, char *path, size_t plen, int group, uint32_t span);

/* Every key but a fact set without fuss: a fact given twice or whose value
** was refused, a group, an unknown name.  The key is at tape index c (its
** value at c + 1) in the object at `obj`; `path` is its dotted name
** (path[0..len), NUL-terminated); `fact` is what lookup_key said. */
static void __attribute__((noinline)) other_key(loader *ld, size_t obj, size_t c, int fact, char *path,
                                                size_t len) {
  const mr_jtape *tp = &ld->tp;
  uint32_t klen;
  const char *key = mr_jt_str(tp, c, &klen);
  if (fact >= 0) {
    if (given(ld, fact)) error(ld, path, "given twice (duplicate key)");
    else ld->failed = 1; /* the setter refused the value, and may have recorded why */
  } else if (fact < -1) { /* a group */
    int g = -2 - fact, dup = 0;
    /* a group not met yet in this load cannot have an earlier sibling of the same key */
    if (!ld->met || test_bit(ld->met, g))
      for (size_t e = obj + 1; e < c; e = mr_jt_next(tp, e + 1)) {
        uint32_t elen;
        const char *ekey = mr_jt_str(tp, e, &elen);
        dup |= elen == klen && !memcmp(ekey, key, klen);
      }
    if (ld->met) set_bit(ld->met, g);
    mr_jtype jt = jtype(ld, c + 1);
    if (dup || (jt != MR_JOBJECT && jt != MR_JNULL)) { /* the place is formatted only for an error */
      char where[520];
      snprintf(where, sizeof where, "$.%s", path);
      if (dup) error(ld, where, "the group '%s' is given twice (duplicate key)", path);
      else error(ld, where, "'%s' is a group of facts and must be an object, got %s", path, kind_of(jt));
    } else if (jt == MR_JOBJECT) {
      walk(ld, c + 1, path, len, g, group_span(g));
    }
  } else {
    const char *s = medrule_pack_suggest(ld->pack, path);
    char where[520];
    snprintf(where, sizeof where, "$.%s", path);
    if (ld->flags & MEDRULE_ALLOW_EXTRA) {
      ld->unread = 1;
      char msg[700];
      snprintf(msg, sizeof msg, "ignored: not a fact of pack %s%s%s%s", medrule_pack_id(ld->pack),
               s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
      if (medrule_facts_add_warning(ld->facts, where, msg)) ld->nomem = 1;
    } else if (s) {
      error(ld, where, "unknown fact '%s' (did you mean '%s'?; --allow-extra ignores unknown names)", path, s);
    } else {
      error(ld, where, "unknown fact '%s' (not in pack %s; --allow-extra ignores unknown names)", path,
            medrule_pack_id(ld->pack));
    }
  }
}

/* Walks the object at tape index obj, group `group` (-1: the top level);
** `path` holds its dotted name (plen bytes, "" at the top), `span` its keys'
** place in the memo.  A fact guessed right and set without fuss is the whole
** of most iterations: its dotted name is not even built.  Anything else may
** fill the error list, which is looked at after it. */
static void walk(loader *ld, size_t obj, char *path, size_t plen, int group, uint32_t span) {
  const uint64_t *t = ld->tp.t;
  size_t pos = 0, close = (uint32_t)t[obj] - 1, next;
  for (size_t c = obj + 1; c < close; c = next, pos++) {
    uint32_t klen;
    const char *key = mr_jt_str(&ld->tp, c, &klen);
    uint64_t w = t[c + 1]; /* the value: its kind, and where the next key is */
    unsigned info = mr_jt_info[w >> 56];
    next = info & MR_JT_CONTAINER ? (uint32_t)w : c + 2 + ((info & MR_JT_TWO_WORDS) != 0);
    if (plen + klen + 2 > 512) {
      path[plen] = 0;
      char where[520]; /* the object holding the key, after the source like every other error */
      snprintf(where, sizeof where, "$%s%s", plen ? "." : "", path);
      error(ld, where, "the name '%.40s...' is too long to be a fact", key);
      if (full(ld)) break;
      continue;
    }
    int32_t guess = pos < MEMO_SPAN ? memo[span + pos] : 0;
    int fact = guess - 1, type = -1;
    if (guess > 0) type = medrule_fact_hint_in_group(ld->pack, fact, group, key, klen);
    if (type >= 0 && !given(ld, fact) && set_value(ld, fact, type, (mr_jtype)(info & 7), NULL, c + 1) == 0) {
      if (ld->given) ld->given[fact] = 1;
      continue;
    }
    size_t at = plen;
    if (plen) path[at++] = '.';
    memcpy(path + at, key, klen + 1);
    size_t len = at + klen;
    if (type < 0) { /* no guess, or a wrong one */
      fact = lookup_key(ld, span, pos, path, len);
      if (fact >= 0 && !given(ld, fact) && set_at(ld, fact, medrule_fact_type(ld->pack, fact), c + 1) == 0) {
        if (ld->given) ld->given[fact] = 1;
        continue;
      }
    }
    other_key(ld, obj, c, fact, path, len);
    if (full(ld)) break;
  }
}

/* "file:3:7: why" for a syntax error; an NDJSON source ("file:3") already
** names its line, which the position replaces. */
static void syntax_error(loader *ld, const char *source, unsigned first_line, const mr_jerror *e) {
  const char *src = source ? source : "<facts>";
  const char *colon = strrchr(src, ':');
  size_t srclen = colon && colon[1] >= '0' && colon[1] <= '9' ? (size_t)(colon - src) : strlen(src);
  char msg[1000];
  snprintf(msg, sizeof msg, "%.*s:%u:%u: %s", (int)srclen, src, e->line + first_line - 1, e->col, e->msg);
  if (medrule_facts_add_error(ld->facts, NULL, msg) == MEDRULE_NOMEM) ld->nomem = 1;
}

/* After a failed load: no value stays, the errors do. */
static void clear_keeping_errors(medrule_facts *f, const char *source) {
  int n = medrule_facts_error_count(f);
  strbuf keep; /* the messages, NUL-separated */
  sb_init(&keep);
  for (int i = 0; i < n; i++) {
    sb_puts(&keep, medrule_facts_error(f, i));
    sb_putc(&keep, 0);
  }
  medrule_facts_clear(f);
  medrule_facts_set_source(f, source);
  const char *at = keep.data;
  for (int i = 0; i < n; i++) { /* already formatted */
    medrule_facts_add_error(f, NULL, keep.oom ? "out of memory" : at);
    if (!keep.oom) at += strlen(at) + 1;
  }
  sb_free(&keep);
}

int medrule_facts_load_json(medrule_facts *f, const char *json, size_t len, const char *source, unsigned line,
                            unsigned flags) {
  if (!f || (!json && len)) return MEDRULE_MISUSE;
  medrule_facts_clear(f);
  if (medrule_facts_set_source(f, source)) return MEDRULE_NOMEM;
  if (line == 0) line = 1;
  const medrule_pack *p = medrule_facts_pack(f);
  int nfacts = medrule_pack_fact_count(p), ngroups = medrule_pack_group_count(p);
  uint8_t given[4096]; /* a larger pack asks the fact set */
  uint64_t met_bits[16]; /* up to 1024 groups; a larger pack compares keys */
  loader ld = {.facts = f, .pack = p, .flags = flags};
  if (nfacts <= (int)sizeof given) {
    memset(given, 0, (size_t)nfacts);
    ld.given = given;
  }
  if (ngroups <= 16 * 64) {
    memset(met_bits, 0, (size_t)(ngroups + 63) / 64 * sizeof *met_bits);
    ld.met = met_bits;
  }
  size_t first = 0;
  while (first < len && strchr(" \t\r\n", json[first])) first++;
  mr_jerror e;
  mr_jdoc *doc = thread_reader();
  if (!doc) return MEDRULE_NOMEM;
  int rc = first == len ? -1 : mr_json_parse_tape(doc, json, len, &ld.tp, 1, &e);
  if (first == len) {
    memset(&e, 0, sizeof e);
    e.line = 1, e.col = 1;
    snprintf(e.msg, sizeof e.msg, "empty: a fact file is one JSON object");
  }
  if (rc == -2) return MEDRULE_NOMEM;
  if (rc) {
    syntax_error(&ld, source, line, &e);
  } else if (jtype(&ld, MR_JTAPE_ROOT) != MR_JOBJECT) {
    error(&ld, "$", "a fact file is one JSON object, not %s", kind(&ld, MR_JTAPE_ROOT));
  } else {
    char path[520];
    path[0] = 0;
    walk(&ld, MR_JTAPE_ROOT, path, 0, -1, 0);
  }
  /* The tape was read lazily: the numbers the walk read were checked; any it
  ** did not read are checked now, unless the file loads cleanly having read
  ** them all.  A text beyond the policy is refused as mr_json_parse says. */
  if (rc == 0 && (ld.breach || ((ld.unread || ld.failed || medrule_facts_error_count(f)) && mr_jt_check(&ld.tp)))) {
    medrule_facts_clear(f);
    if (medrule_facts_set_source(f, source)) return MEDRULE_NOMEM;
    const mr_jval *v;
    size_t n;
    rc = mr_json_parse(doc, json, len, &v, &n, &e);
    if (rc == -2) return MEDRULE_NOMEM;
    if (rc == 0) { /* cannot be: both apply one policy; refused all the same */
      memset(&e, 0, sizeof e);
      e.line = 1, e.col = 1;
      snprintf(e.msg, sizeof e.msg, "a number medrule does not accept (integers beyond 9007199254740992)");
    }
    ld.nomem = 0;
    syntax_error(&ld, source, line, &e);
  }
  if (ld.nomem) {
    medrule_facts_clear(f);
    return MEDRULE_NOMEM;
  }
  if (medrule_facts_error_count(f) == 0) return MEDRULE_OK;
  clear_keeping_errors(f, source);
  return MEDRULE_INPUT;
}

/* Text typed for one fact: a whole JSON value ("7 ug/kg/min" is not the
** number 7), or failing that a JSON string, so `1.2 mg/kg/h` works as typed
** on a command line. */
int medrule_facts_set(medrule_facts *f, const char *name, const char *value) {
  if (!f || !name || !value) return MEDRULE_MISUSE;
  const medrule_pack *p = medrule_facts_pack(f);
  int fact = medrule_fact_index(p, name);
  if (fact < 0) {
    const char *s = medrule_pack_suggest(p, name);
    char msg[700];
    snprintf(msg, sizeof msg, "not a fact of pack %s%s%s%s", medrule_pack_id(p), s ? " (did you mean '" : "",
             s ? s : "", s ? "'?)" : "");
    medrule_facts_add_error(f, name, msg);
    return MEDRULE_NOTFOUND;
  }
  mr_jdoc *doc = thread_reader();
  if (!doc) return MEDRULE_NOMEM;
  loader ld = {.facts = f, .pack = p};
  mr_jerror e;
  int rc = mr_json_parse_tape(doc, value, strlen(value), &ld.tp, 0, &e);
  if (rc == -2) return MEDRULE_NOMEM;
  const char *t = value + strspn(value, " \t\r\n");
  if (rc && strchr("\"{[", *t) && *t) { /* it means to be JSON: say what is wrong with it */
    char msg[300];
    snprintf(msg, sizeof msg, "not valid JSON at column %u: %s", e.col, e.msg);
    medrule_facts_add_error(f, name, msg);
    return MEDRULE_INPUT;
  }
  int type = medrule_fact_type(p, fact);
  rc = rc == 0 ? set_at(&ld, fact, type, MR_JTAPE_ROOT) : set_value(&ld, fact, type, MR_JSTRING, value, 0);
  if (ld.nomem) return MEDRULE_NOMEM;
  return rc ? MEDRULE_INPUT : MEDRULE_OK;
}
