/* json.cpp — the strict JSON reader of json.h, on simdjson (the one C++
** file of medrule; compiled without exceptions, using only simdjson's
** error-code API).
**
** Accepting is simdjson's DOM parser (runtime-dispatched SIMD kernels of
** libsimdjson): a text it accepts, whose values also pass medrule's policy
** (json.h), is turned into the flat mr_jval array (or, for
** mr_json_parse_tape, left on simdjson's tape, its policy checked by
** json_tape.c).  Rejecting needs a
** place, which the DOM parser does not give, so a rejected text is walked
** again (error path only) by the same library's On Demand front end, which
** knows where it is (current_location(), raw_json_token()):
**   1. encoding: simdjson::validate_utf8 on the whole text; if it fails, on
**      one character at a time to find the first bad one;
**   2. the text is wrapped as '[' text ']' (so that a truncated or
**      over-closed text reaches the walk instead of failing On Demand's
**      root check, and a scalar root is an element like any other) and
**      On Demand's first pass runs: an unclosed string is retried with '"'
**      appended; a raw control character in a string is found with
**      simdjson::minify (which keeps string contents and drops what is
**      outside strings);
**   3. every value is visited in document order and read with the typed
**      getter (get_string, get_number, get_bool, is_null, unescaped_key),
**      so the first token the library refuses, or the first policy breach,
**      stops the walk with its position.
** Errors of encoding (1, 2) are only reported if the text before them has
** no error of its own: the text before them is checked first.
** Inside a rejected string, the escape to blame is found by giving each
** escape (and, for surrogate pairs, the pair) to the DOM parser alone.
** What the reader decides by itself is only wording (json_wording.c):
** which sentence describes a token the library has already refused. */
#include "json.h"
#include "alloc.h"
#include "json_wording.h"

#include <simdjson.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

namespace {

namespace dom = simdjson::dom;
namespace od = simdjson::ondemand;
using found = mr_jfound;
using simdjson::error_code;
using simdjson::SUCCESS;

static_assert(simdjson::SIMDJSON_PADDING <= MR_JSON_PADDING, "MR_JSON_PADDING is smaller than simdjson's padding");

constexpr double kExact = 9007199254740992.0; /* 2^53: integers up to this are exact doubles */
constexpr size_t kMaxText = 0xFFFFFFFFu - 8;   /* simdjson's limit (4 GiB - 1), less the wrapper */

/* malloc'd copy of text[0..len) followed by `tail` and MR_JSON_PADDING zero
** bytes, with `head` (0 for none) in front. */
char *padded_copy(char head, const char *text, size_t len, const char *tail) {
  size_t h = head ? 1 : 0, t = strlen(tail);
  char *p = static_cast<char *>(mr_malloc(h + len + t + MR_JSON_PADDING));
  if (!p) return nullptr;
  if (h) p[0] = head;
  if (len) memcpy(p + h, text, len);
  memcpy(p + h + len, tail, t);
  memset(p + h + len + t, 0, MR_JSON_PADDING);
  return p;
}

/* ------------------------------------------------------------ strings */

/* Whether the DOM parser accepts the string "`s[0..n)`"; *nul is set when
** the unescaped string holds a NUL.  -2: out of memory. */
int string_ok(dom::parser &p, const char *s, size_t n, bool *nul) {
  char small[64 + MR_JSON_PADDING];
  char *buf = n + 2 <= 64 ? small : static_cast<char *>(mr_malloc(n + 2 + MR_JSON_PADDING));
  if (!buf) return -2;
  buf[0] = '"';
  memcpy(buf + 1, s, n);
  buf[n + 1] = '"';
  memset(buf + n + 2, 0, MR_JSON_PADDING);
  dom::element e;
  error_code err = p.parse(buf, n + 2, false).get(e);
  int ok = 0;
  if (err == simdjson::MEMALLOC) ok = -2;
  else if (!err) {
    std::string_view sv;
    ok = e.get_string().get(sv) == SUCCESS;
    if (ok) *nul = memchr(sv.data(), 0, sv.size()) != nullptr;
  }
  if (buf != small) mr_free(buf);
  return ok;
}

bool hex4(const char *s, const char *end) {
  if (end - s < 4) return false;
  for (int i = 0; i < 4; i++)
    if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i]) return false;
  return true;
}

/* The string token starting with the quote at q (base: the start of the
** text, end: the end of the user's text) was refused by the library, or
** holds a NUL: finds the escape to blame.  0, or -2 when out of memory. */
int blame_escape(dom::parser &p, found *f, const char *base, const char *q, const char *end) {
  /* the escapes of the string: a backslash and what follows it */
  const char *s = q + 1;
  while (s < end && *s != '"') {
    if (*s != '\\') {
      s++;
      continue;
    }
    size_t rest = static_cast<size_t>(end - s);
    size_t n = s + 1 < end && s[1] == 'u' ? 6 : 2;
    if (n > rest) n = rest;
    const char *close = static_cast<const char *>(memchr(s + 1, '"', n - 1));
    if (close && !(close == s + 1)) n = static_cast<size_t>(close - s); /* \u12" : the escape stops at the quote */
    bool nul = false;
    int ok = string_ok(p, s, n, &nul);
    if (ok < 0) return -2;
    size_t pair = 0;
    if (!ok && n == 6 && rest >= 12 && s[6] == '\\' && s[7] == 'u') { /* a surrogate pair is one character */
      int ok2 = string_ok(p, s, 12, &nul);
      if (ok2 < 0) return -2;
      if (ok2) ok = 1, pair = 6;
    }
    size_t at = static_cast<size_t>(s - base);
    if (!ok) {
      char esc[16];
      size_t shown = n;
      if (s[1] != 'u') { /* \ and one whole character */
        unsigned char c = static_cast<unsigned char>(s[1]);
        shown = 1 + (c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1);
        if (shown > rest) shown = rest;
      }
      snprintf(esc, sizeof esc, "%.*s", static_cast<int>(shown), s);
      if (s[1] == 'u' && hex4(s + 2, end)) {
        char hex[5] = {s[2], s[3], s[4], s[5], 0};
        unsigned cp = static_cast<unsigned>(strtoul(hex, nullptr, 16));
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          mr_jsay(f, at, "lone surrogate '%s': a high surrogate escape must be followed by a low one (\\uDC00 to \\uDFFF)", esc);
          return 0;
        }
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
          mr_jsay(f, at, "lone surrogate '%s': a low surrogate escape must follow a high one (\\uD800 to \\uDBFF)", esc);
          return 0;
        }
      }
      if (s[1] == 'u') mr_jsay(f, at, "invalid escape '%s': \\u must be followed by four hexadecimal digits", esc);
      else if (static_cast<unsigned char>(s[1]) < 0x20)
        mr_jsay(f, at, "invalid escape: a backslash followed by %s (U+%04X)", mr_jcontrol_name(static_cast<unsigned char>(s[1])),
            static_cast<unsigned char>(s[1]));
      else mr_jsay(f, at, "invalid escape '%s' (the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)", esc);
      return 0;
    }
    if (nul) {
      mr_jsay(f, at, "the escape '%.*s' (NUL) is not allowed", static_cast<int>(n), s);
      return 0;
    }
    s += n + pair;
  }
  return 0;
}

/* ------------------------------------------------------------ the walk */

enum want { WANT_VALUE, WANT_ARRAY_SEP, WANT_KEY, WANT_COLON, WANT_OBJECT_SEP };

const char *want_text(want w) {
  switch (w) {
    case WANT_ARRAY_SEP: return "',' or ']' after an array element";
    case WANT_KEY: return "a key (a string in double quotes)";
    case WANT_COLON: return "':' after the key";
    case WANT_OBJECT_SEP: return "',' or '}' after an object member";
    default: return "a value";
  }
}

/* Walks W = '[' text ']' (text: the user's real bytes, then what the error
** path appended) with On Demand. */
struct walker {
  dom::parser &dp;  /* for blame_escape */
  od::document doc;
  const char *W;    /* the wrapped copy */
  const char *text; /* W + 1 */
  const char *end;  /* text + real: the end of the user's bytes */
  const char *close; /* the wrapper's ']' */
  found *f;

  size_t off(const char *p) const {
    if (p <= text) return 0;
    if (p >= end) return static_cast<size_t>(end - text);
    return static_cast<size_t>(p - text);
  }
  /* Where the iterator is (after an error: the token it refused); past
  ** the wrapper's ']' when every token has been read. */
  const char *here() {
    const char *p = nullptr;
    if (doc.current_location().get(p) || !p || p > close) return close + 1;
    return p;
  }
  /* The last non-blank character before p, or NULL. */
  const char *before(const char *p) const {
    while (p > text && mr_jis_ws(static_cast<unsigned char>(p[-1]))) p--;
    return p > text ? p - 1 : nullptr;
  }

  int fail(error_code e, const char *p, want w) {
    if (p >= end) {
      mr_jsay(f, off(end), "unexpected end of input (the JSON is truncated?)");
      return 1;
    }
    unsigned char c = static_cast<unsigned char>(*p);
    if (w == WANT_VALUE && (c == '-' || (c >= '0' && c <= '9')) &&
        (e == simdjson::NUMBER_ERROR || e == simdjson::INCORRECT_TYPE)) {
      mr_jnumber_reason(f, off(p), p, end);
      return 1;
    }
    if (w == WANT_VALUE && (c == 't' || c == 'f' || c == 'n') &&
        (e == simdjson::INCORRECT_TYPE || e == simdjson::T_ATOM_ERROR || e == simdjson::F_ATOM_ERROR ||
         e == simdjson::N_ATOM_ERROR)) {
      char tok[120];
      mr_jshow_token(tok, sizeof tok, p, end);
      mr_jsay(f, off(p), "invalid literal '%s' (the literals are true, false and null)", tok);
      return 1;
    }
    if (c == ']' || c == '}') {
      const char *b = before(p);
      if (b && *b == ',') {
        mr_jsay(f, off(b), "trailing comma: a ',' must be followed by another %s", c == '}' ? "member" : "element");
        return 1;
      }
    }
    mr_junexpected(f, off(p), p, end, want_text(w));
    return 1;
  }

  /* A string (or key) token at q that the library refused or that holds a
  ** NUL. */
  int bad_string(const char *q, bool refused) {
    if (blame_escape(dp, f, text, q, end) < 0) return -2;
    if (f->status == 0) mr_jsay(f, off(q), refused ? "invalid string" : "a NUL (\\u0000) is not allowed in a string");
    return 1;
  }

  /* An integer literal (no fraction, no exponent)? */
  bool integer_literal(const char *p) const {
    for (; p < end && !mr_jends_token(static_cast<unsigned char>(*p)); p++)
      if (*p == '.' || *p == 'e' || *p == 'E') return false;
    return true;
  }

  /* Visits v and its descendants; *next: where the token after v starts. */
  int value(od::value v, int depth, const char **next) {
    std::string_view raw = v.raw_json_token();
    const char *tok = raw.data();
    *next = tok + raw.size(); /* a scalar's token runs up to the next token */
    od::json_type t;
    error_code e = v.type().get(t);
    if (e) return fail(e, tok, WANT_VALUE);
    switch (t) {
      case od::json_type::array: {
        if (depth + 1 > MR_JSON_MAX_DEPTH) {
          mr_jsay(f, off(tok), "nested deeper than %d arrays and objects", MR_JSON_MAX_DEPTH);
          return 1;
        }
        od::array a;
        if ((e = v.get_array().get(a))) return fail(e, here(), WANT_VALUE);
        od::array_iterator it, stop;
        if ((e = a.begin().get(it)) || (e = a.end().get(stop))) return fail(e, here(), WANT_VALUE);
        for (; it != stop; ++it) {
          od::value x;
          /* the first element cannot fail here; a later one fails when no ',' or ']' follows the one before */
          if ((e = (*it).get(x))) return fail(e, here(), WANT_ARRAY_SEP);
          const char *after;
          int r = value(x, depth + 1, &after);
          if (r) return r;
        }
        *next = here();
        return 0;
      }
      case od::json_type::object: {
        if (depth + 1 > MR_JSON_MAX_DEPTH) {
          mr_jsay(f, off(tok), "nested deeper than %d arrays and objects", MR_JSON_MAX_DEPTH);
          return 1;
        }
        od::object o;
        if ((e = v.get_object().get(o))) return fail(e, here(), WANT_VALUE);
        od::object_iterator it, stop;
        if ((e = o.begin().get(it)) || (e = o.end().get(stop))) return fail(e, here(), WANT_VALUE);
        const char *sep = nullptr;
        for (; it != stop; ++it) {
          od::field fl;
          if ((e = (*it).get(fl))) { /* no ',' or '}' after a member, a key that is not a string, or no ':' */
            const char *p = here();
            const char *b = before(p);
            return fail(e, p, sep && p == sep ? WANT_OBJECT_SEP : b && *b == '"' ? WANT_COLON : WANT_KEY);
          }
          const char *kq = fl.key().raw() - 1;
          std::string_view k;
          if ((e = fl.unescaped_key().get(k))) return bad_string(kq, true);
          if (memchr(k.data(), 0, k.size())) return bad_string(kq, false);
          int r = value(fl.value(), depth + 1, &sep);
          if (r) return r;
        }
        *next = here();
        return 0;
      }
      case od::json_type::string: {
        std::string_view s;
        if ((e = v.get_string().get(s))) return bad_string(tok, true);
        if (memchr(s.data(), 0, s.size())) return bad_string(tok, false);
        return 0;
      }
      case od::json_type::number: {
        od::number n;
        if ((e = v.get_number().get(n))) return fail(e, tok, WANT_VALUE);
        bool big = false;
        switch (n.get_number_type()) {
          case od::number_type::signed_integer: {
            int64_t i = n.get_int64();
            big = i > static_cast<int64_t>(kExact) || i < -static_cast<int64_t>(kExact);
            break;
          }
          case od::number_type::unsigned_integer:
            big = n.get_uint64() > static_cast<uint64_t>(kExact);
            break;
          default: /* a double: an integer literal here is beyond 64 bits */
            big = integer_literal(tok);
            break;
        }
        if (big) {
          char shown[120];
          mr_jshow_token(shown, sizeof shown, tok, end);
          mr_jsay(f, off(tok), "the integer '%s' is too large to be held exactly (at most 9007199254740992 either way)",
              shown);
          return 1;
        }
        return 0;
      }
      case od::json_type::boolean: {
        bool b;
        if ((e = v.get_bool().get(b))) return fail(e, tok, WANT_VALUE);
        return 0;
      }
      case od::json_type::null: {
        bool isnull = false;
        if ((e = v.is_null().get(isnull)) || !isnull) return fail(e ? e : simdjson::N_ATOM_ERROR, tok, WANT_VALUE);
        return 0;
      }
    }
    return fail(simdjson::TAPE_ERROR, tok, WANT_VALUE);
  }

  /* The root: the wrapper's one element, then nothing but the wrapper's ']'. */
  int root() {
    od::array a;
    od::array_iterator it, stop;
    error_code e = doc.get_array().get(a);
    if (e || (e = a.begin().get(it)) || (e = a.end().get(stop))) return fail(e, here(), WANT_VALUE);
    if (!(it != stop)) { /* empty: a blank text, or the user's ']' closed the wrapper */
      const char *p = here();
      if (p > close) {
        mr_jsay(f, off(end), "empty input: expected a JSON value");
        return 1;
      }
      const char *b = before(p);
      return fail(simdjson::TAPE_ERROR, b ? b : p, WANT_VALUE);
    }
    od::value x;
    if ((e = (*it).get(x))) return fail(e, here(), WANT_VALUE);
    const char *after;
    int r = value(x, 0, &after);
    if (r) return r;
    if (after != close && after >= end) { /* the wrapper's ']' closed one of the user's */
      mr_jsay(f, off(end), "unexpected end of input (the JSON is truncated?)");
      return 1;
    }
    if (after < end) {
      unsigned char c = static_cast<unsigned char>(*after);
      if (c == ']' || c == '}') mr_jsay(f, off(after), "unexpected '%c': there is no '%c' for it to close", c, c == ']' ? '[' : '{');
      else mr_junexpected(f, off(after), after, end, nullptr);
      return 1;
    }
    return 0;
  }
};

/* The first character of text[0..len) that simdjson::validate_utf8 refuses
** (len when none). */
size_t first_bad_utf8(const char *text, size_t len) {
  for (size_t i = 0; i < len;) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (n > len - i) n = len - i;
    if (!simdjson::validate_utf8(text + i, n)) return i;
    i += n;
  }
  return len;
}

}  // namespace

struct mr_jdoc {
  dom::parser dom;
  od::parser od;
  mr_jval *v = nullptr;
  size_t nv = 0, cap = 0;
  char *buf = nullptr; /* the padded copy made by mr_json_parse */
  size_t bufcap = 0;
};

namespace {

/* Whether text[0..len) ends inside a string: On Demand's first pass over
** it (wrapped like find() does) finds a string never closed.  1, 0, or -2. */
int ends_in_string(od::parser &p, const char *text, size_t len) {
  char *W = padded_copy('[', text, len, "]");
  if (!W) return -2;
  od::document doc;
  error_code e = p.iterate(W, len + 2, len + 2 + MR_JSON_PADDING).get(doc);
  mr_free(W);
  if (e == simdjson::MEMALLOC) return -2;
  return e == simdjson::UNCLOSED_STRING;
}

/* The first control character that simdjson::minify keeps.  minify keeps
** the bytes of strings and drops the blanks outside them, so this is the
** first raw control character in a string, or one outside any string that
** is no blank (itself an error).  Found in text by matching the output back
** (a dropped blank is never followed by a kept one outside a string).  len
** when none; (size_t)-1 when out of memory. */
size_t first_kept_control(const char *text, size_t len) {
  char *m = static_cast<char *>(mr_malloc(len + 1));
  if (!m) return static_cast<size_t>(-1);
  size_t mlen = 0, at = len;
  if (simdjson::minify(text, len, m, mlen) == SUCCESS) {
    size_t k = 0;
    while (k < mlen && static_cast<unsigned char>(m[k]) >= 0x20) k++;
    if (k < mlen) {
      size_t o = 0;
      for (size_t j = 0; j < k && o < len; o++)
        if (text[o] == m[j]) j++;
      while (o < len && text[o] != m[k]) o++;
      at = o;
    }
  }
  mr_free(m);
  return at;
}

/* Where and why text[0..len) is rejected; text is readable MR_JSON_PADDING
** bytes past len; text[0..real) are the user's bytes (the rest was appended
** here).  level bounds the retries. */
found find(mr_jdoc *d, const char *text, size_t len, size_t real, int level) {
  found f{};
  if (level > 8) return f;
  if (!simdjson::validate_utf8(text, len)) {
    size_t e = first_bad_utf8(text, len);
    if (e >= real) return f; /* cannot be: only quotes are appended */
    found r = find(d, text, e, e, level + 1);
    if (r.status < 0 || (r.status == 1 && r.off < e)) return r;
    /* the refused byte and the continuation bytes after it (at most 4) */
    size_t n = 1;
    while (n < 4 && e + n < real && (static_cast<unsigned char>(text[e + n]) & 0xC0) == 0x80) n++;
    char bytes[16] = "";
    for (size_t i = 0, o = 0; i < n; i++)
      o += static_cast<size_t>(snprintf(bytes + o, sizeof bytes - o, "%s%02X", i ? " " : "",
                                        static_cast<unsigned char>(text[e + i])));
    mr_jsay(&f, e, "invalid UTF-8 (%s %s): JSON text must be UTF-8", n > 1 ? "bytes" : "byte", bytes);
    return f;
  }
  char *W = padded_copy('[', text, len, "]");
  if (!W) {
    f.status = -2;
    return f;
  }
  od::document doc;
  error_code e = d->od.iterate(W, len + 2, len + 2 + MR_JSON_PADDING).get(doc);
  if (e == simdjson::UNCLOSED_STRING) {
    mr_free(W);
    char *T = padded_copy(0, text, len, "\"");
    if (!T) {
      f.status = -2;
      return f;
    }
    found r = find(d, T, len + 1, real, level + 1);
    mr_free(T);
    if (r.status < 0 || (r.status == 1 && r.off < real)) return r;
    mr_jsay(&f, real, "unexpected end of input inside a string (a closing '\"' is missing)");
    return f;
  }
  if (e == simdjson::UNESCAPED_CHARS) {
    mr_free(W);
    size_t at = first_kept_control(text, len);
    if (at == static_cast<size_t>(-1)) {
      f.status = -2;
      return f;
    }
    if (at >= real) return f;
    int in = ends_in_string(d->od, text, at);
    if (in < 0) {
      f.status = -2;
      return f;
    }
    if (!in) { /* outside a string: a grammar error, which the walk of the text up to it words */
      found r = find(d, text, at + 1, at + 1, level + 1);
      if (r.status < 0 || (r.status == 1 && r.off <= at)) return r;
      unsigned char c = static_cast<unsigned char>(text[at]);
      mr_jsay(&f, at, "unexpected %s (U+%04X)", mr_jcontrol_name(c), c);
      return f;
    }
    found r = find(d, text, at, at, level + 1);
    if (r.status < 0 || (r.status == 1 && r.off < at)) return r;
    unsigned char c = static_cast<unsigned char>(text[at]);
    const char *how = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : c == '\b' ? "\\b" : c == '\f' ? "\\f" : nullptr;
    if (how)
      mr_jsay(&f, at, "unescaped %s (U+%04X) in a string: write it as %s", mr_jcontrol_name(c), c, how);
    else
      mr_jsay(&f, at, "unescaped %s (U+%04X) in a string: write it as \\u%04X", mr_jcontrol_name(c), c, c);
    return f;
  }
  if (e == simdjson::MEMALLOC) {
    mr_free(W);
    f.status = -2;
    return f;
  }
  if (e) { /* not expected from a text that starts with '[' */
    mr_free(W);
    mr_jsay(&f, 0, "invalid JSON (%s)", simdjson::error_message(e));
    return f;
  }
  walker w{d->dom, std::move(doc), W, W + 1, W + 1 + real, W + 1 + len, &f};
  int r = w.root();
  if (r < 0) f.status = -2;
  mr_free(W);
  return f;
}

/* Turns the DOM parser's document into d->v by one pass over its tape
** (simdjson's documented tape format, doc/tape.md: one 64-bit word per
** value with the type in the top byte; a number's value in the next word;
** a string's payload the offset of its 32-bit length and bytes in the
** string buffer; keys and values alternate inside an object).  The
** document was accepted by the library, so only medrule's policy is checked
** here.  0; 1: a policy breach (the error path will say where); -2: out of
** memory.  nul: whether a string may hold a NUL; one can only come from a
** \u0000 escape (the library rejects a raw NUL in a string), so a text
** without a backslash needs no look into its strings. */
int build(mr_jdoc *d, const dom::document &doc, bool nul) {
  namespace in = simdjson::internal;
  const uint64_t *t = doc.tape.get();
  const char *sb = reinterpret_cast<const char *>(doc.string_buf.get());
  size_t last = static_cast<size_t>(t[0] & in::JSON_VALUE_MASK) - 1; /* the closing root word */
  if (last > d->cap) { /* at most one value per tape word */
    size_t cap = d->cap ? d->cap : 64;
    while (cap < last) cap *= 2;
    mr_jval *v = static_cast<mr_jval *>(mr_realloc(d->v, cap * sizeof *v));
    if (!v) return -2;
    d->v = v;
    d->cap = cap;
  }
  mr_jval *v = d->v;
  uint32_t open[MR_JSON_MAX_DEPTH + 1]; /* the open containers, as indexes in v */
  int depth = 0;
  bool in_object = false; /* the innermost open container is an object */
  size_t n = 0;
  for (size_t i = 1; i < last; i++) {
    uint64_t w = t[i];
    unsigned char type = static_cast<unsigned char>(w >> 56);
    if (type == '}' || type == ']') {
      mr_jval *c = &v[open[--depth]];
      c->end = static_cast<uint32_t>(n);
      if (c->len == in::JSON_COUNT_MASK) { /* the tape's count saturates: count the children */
        uint32_t k = 0;
        for (size_t e = open[depth] + 1; e < n; e = v[e].end) k++;
        c->len = k;
      }
      in_object = depth && v[open[depth - 1]].type == MR_JOBJECT;
      continue;
    }
    /* each value is written whole, once: one store per field */
    const char *key = nullptr;
    uint32_t key_len = 0;
    if (in_object) { /* a key, then its value in the next word */
      const char *s = sb + (w & in::JSON_VALUE_MASK);
      memcpy(&key_len, s, sizeof key_len);
      key = s + sizeof key_len;
      if (nul && memchr(key, 0, key_len)) return 1;
      w = t[++i];
      type = static_cast<unsigned char>(w >> 56);
    }
    mr_jval *x = &v[n++];
    uint32_t end = static_cast<uint32_t>(n);
    switch (type) {
      case '"': {
        const char *s = sb + (w & in::JSON_VALUE_MASK);
        uint32_t len;
        memcpy(&len, s, sizeof len);
        if (nul && memchr(s + sizeof len, 0, len)) return 1;
        *x = mr_jval{MR_JSTRING, key_len, key, s + sizeof len, len, end, 0};
        break;
      }
      case 't': *x = mr_jval{MR_JTRUE, key_len, key, nullptr, 0, end, 0}; break;
      case 'f': *x = mr_jval{MR_JFALSE, key_len, key, nullptr, 0, end, 0}; break;
      case 'n': *x = mr_jval{MR_JNULL, key_len, key, nullptr, 0, end, 0}; break;
      case 'l': {
        int64_t k;
        memcpy(&k, &t[++i], sizeof k);
        if (k > static_cast<int64_t>(kExact) || k < -static_cast<int64_t>(kExact)) return 1;
        *x = mr_jval{MR_JNUMBER, key_len, key, nullptr, 0, end, static_cast<double>(k)};
        break;
      }
      case 'd': {
        double num;
        memcpy(&num, &t[++i], sizeof num);
        *x = mr_jval{MR_JNUMBER, key_len, key, nullptr, 0, end, num};
        break;
      }
      case '{': case '[': /* `end` is set when it closes */
        if (depth == MR_JSON_MAX_DEPTH + 1) return 1; /* the parser was made with this limit */
        *x = mr_jval{static_cast<uint8_t>(type == '{' ? MR_JOBJECT : MR_JARRAY), key_len, key, nullptr,
                     static_cast<uint32_t>(w >> 32) & in::JSON_COUNT_MASK /* direct children */, end, 0};
        open[depth++] = static_cast<uint32_t>(n - 1);
        in_object = type == '{';
        break;
      default: return 1; /* 'u': only used beyond INT64_MAX */
    }
  }
  if (depth) return 1; /* cannot be: the library balances the tape */
  d->nv = n;
  return 0;
}

void locate(mr_jerror *err, const char *text, size_t len, size_t off) {
  if (off > len) off = len;
  unsigned line = 1, col = 1;
  for (size_t i = 0; i < off; i++) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') line++, col = 1;
    else if ((c & 0xC0) != 0x80) col++;
  }
  err->offset = off;
  err->line = line;
  err->col = col;
}

int out_of_memory(mr_jerror *err) {
  if (err) {
    memset(err, 0, sizeof *err);
    err->line = err->col = 1;
    snprintf(err->msg, sizeof err->msg, "out of memory");
  }
  return -2;
}

/* tape: NULL to build the values (*v, *n), else the tape is left for the
** caller, its policy checked by mr_jt_policy (json_tape.c; lazy: only when
** the text has a backslash, so that strings need a look; the caller checks
** the numbers). */
int parse(mr_jdoc *d, const char *text, size_t len, const mr_jval **v, size_t *n, mr_jtape *tape, bool lazy,
          mr_jerror *err) {
  if (v) *v = nullptr;
  if (n) *n = 0;
  if (!d || (!text && len)) {
    if (err) {
      memset(err, 0, sizeof *err);
      err->line = err->col = 1;
      snprintf(err->msg, sizeof err->msg, "no text to read");
    }
    return -1;
  }
  if (!text) text = "";
  if (len > kMaxText) {
    if (err) {
      memset(err, 0, sizeof *err);
      err->line = err->col = 1;
      snprintf(err->msg, sizeof err->msg, "the text is too large (4 GiB or more)");
    }
    return -1;
  }
  dom::element root;
  error_code e = d->dom.parse(text, len, false).get(root);
  d->nv = 0;
  if (e == simdjson::MEMALLOC) return out_of_memory(err);
  if (!e && tape) {
    const uint64_t *t = d->dom.doc.tape.get();
    const char *sb = reinterpret_cast<const char *>(d->dom.doc.string_buf.get());
    bool nul = memchr(text, '\\', len) != nullptr;
    if ((lazy && !nul) || mr_jt_policy(t, sb, nul) == 0) {
      tape->t = t;
      tape->sb = sb;
      return 0;
    }
  } else if (!e) {
    int r = build(d, d->dom.doc, memchr(text, '\\', len) != nullptr);
    if (r == -2) return out_of_memory(err);
    if (r == 0) {
      if (v) *v = d->v;
      if (n) *n = d->nv;
      return 0;
    }
  }
  d->nv = 0;
  found f = find(d, text, len, len, 0);
  if (f.status < 0) return out_of_memory(err);
  if (f.status == 0) /* the library's two front ends disagree: say what the DOM parser said */
    mr_jsay(&f, 0, "invalid JSON (%s)", e ? simdjson::error_message(e) : "a value medrule does not accept");
  if (err) {
    locate(err, text, len, f.off);
    memcpy(err->msg, f.msg, sizeof err->msg);
  }
  return -1;
}

}  // namespace

extern "C" {

mr_jdoc *mr_jdoc_new(void) {
  void *mem = mr_malloc(sizeof(mr_jdoc));
  if (!mem) return nullptr;
  mr_jdoc *d = new (mem) mr_jdoc();
  if (d->dom.allocate(4096, MR_JSON_MAX_DEPTH) != SUCCESS) {
    mr_jdoc_free(d);
    return nullptr;
  }
  return d;
}

void mr_jdoc_free(mr_jdoc *d) {
  if (!d) return;
  mr_free(d->v);
  mr_free(d->buf);
  d->~mr_jdoc();
  mr_free(d);
}

/* The copy into d's padded buffer, then parse(). */
static int parse_copy(mr_jdoc *d, const char *text, size_t len, const mr_jval **v, size_t *n, mr_jtape *tape,
                      bool lazy, mr_jerror *err) {
  if (!d || (!text && len) || len > kMaxText) return parse(d, text, len, v, n, tape, lazy, err);
  if (d->bufcap < len + MR_JSON_PADDING) {
    size_t cap = len + MR_JSON_PADDING;
    if (cap < 4096) cap = 4096;
    char *b = static_cast<char *>(mr_malloc(cap));
    if (!b) {
      if (v) *v = nullptr;
      if (n) *n = 0;
      return out_of_memory(err);
    }
    mr_free(d->buf);
    d->buf = b;
    d->bufcap = cap;
  }
  if (len) memcpy(d->buf, text, len);
  memset(d->buf + len, 0, MR_JSON_PADDING);
  return parse(d, d->buf, len, v, n, tape, lazy, err);
}

int mr_json_parse(mr_jdoc *d, const char *text, size_t len, const mr_jval **v, size_t *n, mr_jerror *err) {
  return parse_copy(d, text, len, v, n, nullptr, false, err);
}

int mr_json_parse_tape(mr_jdoc *d, const char *text, size_t len, mr_jtape *tape, int lazy, mr_jerror *err) {
  mr_jtape none;
  return parse_copy(d, text, len, nullptr, nullptr, tape ? tape : &none, lazy != 0, err);
}


int mr_json_parse_padded(mr_jdoc *d, const char *text, size_t len, const mr_jval **v, size_t *n, mr_jerror *err) {
  return parse(d, text, len, v, n, nullptr, false, err);
}

/* simdjson's shortest round-trip writer (the one its own serializer uses). */
size_t mr_json_format_double(double v, char *buf) {
  char *end = simdjson::internal::to_chars(buf, buf + 32, v);
  return static_cast<size_t>(end - buf);
}

}  // extern "C"
