/* json.h — medrule's strict JSON reader (internal; implemented in json.cpp
** on simdjson, behind this C interface).
**
** A document is read into a flat array of values in document order
** (pre-order): v[0] is the root, a container is followed by its children,
** and v[i].end is the index one past the last descendant of v[i], so that
** v[i + 1] is the first child of a non-empty container and v[v[i].end] its
** next sibling.
**
** Strictness.  Every text that RFC 8259 rejects is rejected, with the line,
** column and byte offset of the first problem and a reason in plain words.
** The validation is simdjson's (DOM parser); when it fails, the same library
** (On Demand, walking the whole text; simdjson::validate_utf8 for encoding
** errors; simdjson::minify to tell text inside strings from text outside)
** finds where.  Problems of the text's encoding (invalid UTF-8, a raw
** control character in a string, a string never closed) are found in a
** first pass over the whole text; one of them is reported unless a grammar
** error comes before it.
**
** Policy: what medrule rejects beyond RFC 8259, and the choices RFC 8259
** leaves to implementations (JSONTestSuite's i_ cases), each with line:col:
**   - a UTF-8 byte order mark: rejected ("... save the text as UTF-8
**     without BOM"); RFC 8259 section 8.1 forbids adding one and only
**     allows a parser to ignore it.
**   - invalid UTF-8 anywhere (also overlong forms, encoded surrogates,
**     code points past U+10FFFF; UTF-16 and Latin-1 text): rejected.
**   - escaped lone surrogates (\uD800 alone, \uDC00 first, reversed pairs):
**     rejected.  Noncharacters (U+FFFF, U+FDD0...) are accepted: they are
**     valid Unicode scalar values.
**   - \u0000 in a string or a key: rejected; a NUL in a fact is never
**     meant and C strings would truncate it.  (Raw NUL bytes are rejected
**     by RFC 8259 already.)
**   - nesting deeper than MR_JSON_MAX_DEPTH (64) arrays/objects: rejected.
**     Fact files are 2-4 levels deep and FHIR resources and bundles about
**     15; 64 leaves a wide margin, keeps the recursion of any consumer
**     walking the values small, and stops a hostile 100000 '[' early.
**   - numbers are doubles.  An integer literal (no fraction, no exponent)
**     beyond +-2^53 (9007199254740992) is rejected rather than silently
**     rounded: a fact must mean what was written.  A number with a
**     fraction or an exponent is rounded to the nearest double (correctly,
**     by simdjson); one that overflows a double (1e400) is rejected; one too
**     small for a double (1e-400) becomes 0.  "-0" is the integer 0 (the
**     library reads it as an integer; integers have no sign of zero);
**     "-0.0" is the double -0.0.
**   - duplicate keys are kept, both, in document order: whether that is an
**     error is the caller's decision (the fact reader rejects them).
**
** Threads and memory: an mr_jdoc owns its simdjson parsers and buffers and
** is used by one thread at a time; medrule keeps no global state here (simdjson
** itself picks its SIMD kernel once per process, on first use), nothing
** depends on the locale, and no C++ exception reaches the caller.  Allocation
** failure is the status -2. */
#ifndef MEDRULE_JSON_H
#define MEDRULE_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { MR_JSON_MAX_DEPTH = 64 };
/* Bytes past the end that mr_json_parse_padded may read (they need not be
** initialised, only allocated and readable); simdjson's SIMDJSON_PADDING. */
enum { MR_JSON_PADDING = 64 };

typedef enum { MR_JNULL, MR_JFALSE, MR_JTRUE, MR_JNUMBER, MR_JSTRING, MR_JARRAY, MR_JOBJECT } mr_jtype;

typedef struct mr_jval { /* one value, in document order (pre-order) */
  uint8_t type;          /* an mr_jtype */
  uint32_t key_len;      /* members of an object: the length of the key */
  const char *key;       /* members of an object: the unescaped key (NUL-terminated); else NULL */
  const char *str;       /* strings: the unescaped UTF-8 bytes (NUL-terminated); else NULL */
  uint32_t len;          /* strings: the length in bytes; arrays and objects: the number of
                            direct children; else 0 */
  uint32_t end;          /* index one past this value's last descendant */
  double num;            /* numbers; else 0 */
} mr_jval;

typedef struct mr_jdoc mr_jdoc; /* reusable; one per thread (or per object) */

/* A new reader; NULL when out of memory. */
mr_jdoc *mr_jdoc_new(void);
/* Frees the reader and every value it returned; NULL is fine. */
void mr_jdoc_free(mr_jdoc *d);

typedef struct mr_jerror {
  size_t offset;  /* byte offset of the problem in the text (len: at the end of the input) */
  unsigned line;  /* 1-based; lines end at '\n' */
  unsigned col;   /* 1-based, in UTF-8 characters (a tab is one) */
  char msg[200];  /* the reason in plain words, without the position */
} mr_jerror;

/* Reads the len bytes at text (no NUL terminator needed; it is copied into
** a padded buffer owned by d).  Returns 0 with *v = the values (v[0] is the
** root) and *n = their number, valid until the next parse on d or
** mr_jdoc_free(d); -1 with *err filled (when err is not NULL) if the text is
** rejected (also a text of 4 GiB or more); -2 when out of memory (*err says
** so too).  *v and *n are set to NULL and 0 unless 0 is returned. */
int mr_json_parse(mr_jdoc *d, const char *text, size_t len, const mr_jval **v, size_t *n, mr_jerror *err);

/* The same without the copy, for callers whose buffer has MR_JSON_PADDING
** allocated, readable bytes after text + len (their content does not
** matter, and the text is not modified). */
int mr_json_parse_padded(mr_jdoc *d, const char *text, size_t len, const mr_jval **v, size_t *n,
                         mr_jerror *err);

/* ------------------------------------------------------------ the tape
** For a reader that walks a document once and builds nothing (the fact-file
** reader): the text read as mr_json_parse reads it (the same texts accepted,
** the same policy, the same errors), its values left on simdjson's DOM tape
** (simdjson's documented tape format, doc/tape.md) instead of copied into an
** mr_jval array.  A value is at a tape index: the root at MR_JTAPE_ROOT; a
** container's children run from its index + 1 to mr_jt_next(its index) - 1
** (its closing word), an object's as key, value, key, value...; a key is a
** string word.  Valid until the next parse on the same reader. */
typedef struct mr_jtape {
  const uint64_t *t; /* one 64-bit word per value (numbers: two), the kind in the top byte */
  const char *sb;    /* strings: a 32-bit length, the bytes, a NUL */
} mr_jtape;
enum { MR_JTAPE_ROOT = 1 };

/* 0 with *tape set; -1 (with *err) or -2 as mr_json_parse.  lazy: the
** integers are not checked against the policy (beyond 2^53 either way,
** beyond INT64_MAX): a reader that reads each number with mr_jt_number_ok
** and, before it accepts a document in which it did not read every value,
** calls mr_jt_check, saves a pass over the tape; when either says no, the
** text is refused, and mr_json_parse says where and why.  The rest of the
** policy is applied either way. */
int mr_json_parse_tape(mr_jdoc *d, const char *text, size_t len, mr_jtape *tape, int lazy, mr_jerror *err);

/* 0 when every integer on the tape is within the policy; 1 if not. */
int mr_jt_check(const mr_jtape *tp);

/* The policy on a tape (t[0] the root word, sb its strings): 0, or 1 on
** exactly the documents whose values mr_json_parse refuses to build; nul:
** whether strings and keys are looked into for a NUL (only a \u0000 escape
** makes one).  For json.cpp's parse and mr_jt_check (json_tape.c). */
int mr_jt_policy(const uint64_t *t, const char *sb, int nul);

/* The value at index i: its type; the index after it (after a container's
** closing word); a string's (or key's) unescaped, NUL-terminated bytes and
** length; a number.  mr_jt_info maps a tape word's kind (its top byte) to
** its mr_jtype, with MR_JT_CONTAINER and MR_JT_TWO_WORDS. */
enum { MR_JT_CONTAINER = 0x10, MR_JT_TWO_WORDS = 0x20 };
extern const unsigned char mr_jt_info[256];

static inline mr_jtype mr_jt_type(const mr_jtape *tp, size_t i) {
  return (mr_jtype)(mr_jt_info[tp->t[i] >> 56] & 7);
}

static inline size_t mr_jt_next(const mr_jtape *tp, size_t i) {
  uint64_t w = tp->t[i];
  unsigned info = mr_jt_info[w >> 56];
  if (info & MR_JT_CONTAINER) return (uint32_t)w;
  return i + 1 + ((info & MR_JT_TWO_WORDS) != 0);
}

static inline const char *mr_jt_str(const mr_jtape *tp, size_t i, uint32_t *len) {
  const char *s = tp->sb + (tp->t[i] & 0x00FFFFFFFFFFFFFFull);
  memcpy(len, s, sizeof *len);
  return s + sizeof *len;
}

/* Whether the number at i is within the policy (always, unless read lazily). */
static inline int mr_jt_number_ok(const mr_jtape *tp, size_t i) {
  unsigned char c = (unsigned char)(tp->t[i] >> 56);
  if (c == 'd') return 1;
  if (c != 'l') return 0; /* 'u': beyond INT64_MAX */
  int64_t k;
  memcpy(&k, &tp->t[i + 1], sizeof k);
  return k <= 9007199254740992 && k >= -9007199254740992;
}

static inline double mr_jt_num(const mr_jtape *tp, size_t i) {
  if ((unsigned char)(tp->t[i] >> 56) == 'l') {
    int64_t k;
    memcpy(&k, &tp->t[i + 1], sizeof k);
    return (double)k; /* exact: the policy keeps integers within 2^53 */
  }
  double d;
  memcpy(&d, &tp->t[i + 1], sizeof d);
  return d;
}

/* The calling thread's reader, made on first use and freed when the thread
** ends or calls medrule_thread_cleanup (facts_json.c); NULL when out of
** memory.  Shared by the fact-file and FHIR loaders, one parse at a time. */
mr_jdoc *mr_json_thread_reader(void);

/* Writes finite v the shortest way that reads back to the same double
** (simdjson's writer: "0.5010505958747218", "1e-07", "70.0"), at most 32
** bytes, no NUL; returns the length.  Locale-independent. */
size_t mr_json_format_double(double v, char *buf);

#ifdef __cplusplus
}
#endif

#endif
