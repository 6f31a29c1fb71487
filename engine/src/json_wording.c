/* json_wording.c — the sentences of the strict JSON reader's errors (json.h):
** which words describe a token the library has already refused, and how a
** token or a character is shown in them.  Plain C, for json.cpp's error
** path only.  The sentence functions return mr_jsay's 0, so that each case
** can end with `return mr_jsay(...)`. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "json_wording.h"

int mr_jsay(mr_jfound *f, size_t off, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(f->msg, sizeof f->msg, fmt, ap);
  va_end(ap);
  f->status = 1;
  f->off = off;
  return 0;
}

int mr_jis_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
int mr_jends_token(unsigned char c) { return mr_jis_ws(c) || (c != 0 && strchr(",:[]{}\"", c) != NULL); }

/* The name of a control character (or DEL). */
const char *mr_jcontrol_name(unsigned char c) {
  switch (c) {
    case 0x00: return "NUL";
    case 0x08: return "backspace";
    case 0x09: return "tab";
    case 0x0A: return "line feed";
    case 0x0B: return "vertical tab";
    case 0x0C: return "form feed";
    case 0x0D: return "carriage return";
    case 0x1B: return "escape";
    default: return "control character";
  }
}

/* Appends the token at p (up to end, at most 24 characters, whole UTF-8
** characters, control characters written as U+00XX) to out. */
void mr_jshow_token(char *out, size_t cap, const char *p, const char *end) {
  size_t o = 0, chars = 0;
  int str = p < end && *p == '"';
  const char *s = p;
  out[0] = 0;
  while (s < end && chars < 24) {
    unsigned char c = (unsigned char)(*s);
    if (s > p && (str ? c == '"' && s[-1] != '\\' : mr_jends_token(c) || c < 0x20)) {
      if (str && o + 2 < cap) out[o++] = '"';
      break;
    }
    if (!str && s == p && c != 0 && strchr(",:[]{}", c)) { /* a one-character token */
      if (o + 2 < cap) out[o++] = (char)(c);
      break;
    }
    size_t n = 1;
    if (c >= 0xC0) n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (n > (size_t)(end - s)) n = (size_t)(end - s);
    if (c < 0x20 || c == 0x7F) {
      if (o + 8 >= cap) break;
      o += (size_t)(snprintf(out + o, cap - o, "U+%04X", c));
    } else {
      if (o + n + 1 >= cap) break;
      memcpy(out + o, s, n);
      o += n;
    }
    s += n;
    chars++;
  }
  if (chars == 24 && s < end && !mr_jends_token((unsigned char)(*s)) && o + 4 < cap) {
    memcpy(out + o, "...", 3);
    o += 3;
  }
  out[o] = 0;
}

/* The character at p, quoted, or its code (U+000C) when not printable. */
void mr_jshow_char(char *out, size_t cap, const char *p, const char *end) {
  unsigned char c = (unsigned char)(*p);
  size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (n > (size_t)(end - p)) n = (size_t)(end - p);
  if (c < 0x20 || c == 0x7F) snprintf(out, cap, "U+%04X", c);
  else snprintf(out, cap, "'%.*s'", (int)(n), p);
}

static int digit(const char *q, const char *end) { return q < end && *q >= '0' && *q <= '9'; }

/* Why the library refused the number token at p (it already did: this only
** picks the sentence). */
int mr_jnumber_reason(mr_jfound *f, size_t off, const char *p, const char *end) {
  char tok[120];
  mr_jshow_token(tok, sizeof tok, p, end);
  const char *q = p;
  if (q < end && *q == '+') return mr_jsay(f, off, "invalid number '%s': a number cannot start with '+'", tok);
  if (q < end && *q == '.') return mr_jsay(f, off, "invalid number '%s': a number needs a digit before the decimal point", tok);
  if (q < end && *q == '-') {
    q++;
    if (!digit(q, end)) {
      if (q < end && *q == '.')
        return mr_jsay(f, off, "invalid number '%s': a number needs a digit before the decimal point", tok);
      return mr_jsay(f, off, "invalid number '%s': a minus sign must be followed by a digit", tok);
    }
  }
  if (*q == '0' && digit(q + 1, end))
    return mr_jsay(f, off, "invalid number '%s': a number cannot start with 0 followed by more digits", tok);
  int integer = 1;
  while (digit(q, end)) q++;
  if (q < end && *q == '.') {
    integer = 0;
    if (!digit(++q, end)) return mr_jsay(f, off, "invalid number '%s': a number needs digits after the decimal point", tok);
    while (digit(q, end)) q++;
  }
  if (q < end && (*q == 'e' || *q == 'E')) {
    integer = 0;
    q++;
    if (q < end && (*q == '+' || *q == '-')) q++;
    if (!digit(q, end)) return mr_jsay(f, off, "invalid number '%s': a number needs digits in its exponent", tok);
    while (digit(q, end)) q++;
  }
  if (q < end && !mr_jends_token((unsigned char)(*q))) {
    char one[16];
    mr_jshow_char(one, sizeof one, q, end);
    /* at the character that cannot follow */
    return mr_jsay(f, off + (size_t)(q - p), "invalid number '%s': unexpected %s after '%.*s'", tok, one,
               (int)(q - p), p);
  }
  if (integer) return mr_jsay(f, off, "the integer '%s' is too large (at most 9007199254740992 either way)", tok);
  return mr_jsay(f, off, "the number '%s' is too large for a double", tok);
}

/* A sentence for an unexpected token (or the end) at p, where `want` was
** expected. */
int mr_junexpected(mr_jfound *f, size_t off, const char *p, const char *end, const char *want) {
  if (p >= end) return mr_jsay(f, off, "unexpected end of input (the JSON is truncated?)");
  unsigned char c = (unsigned char)(*p);
  char tok[120];
  mr_jshow_token(tok, sizeof tok, p, end);
  if (!want && c >= 0x20 && c != 0x7F)
    return mr_jsay(f, off, "unexpected %s%s%s after the JSON value (one value per text)", c == '"' ? "" : "'", tok,
               c == '"' ? "" : "'");
  if (c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9')) {
    if (!want || !strcmp(want, "a value")) return mr_jnumber_reason(f, off, p, end);
  }
  if (c == '\'') return mr_jsay(f, off, "unexpected %s: strings and keys need double quotes (\"), not single quotes", tok);
  if (c == '/') return mr_jsay(f, off, "unexpected '/': JSON has no comments");
  if (c == 0xEF && end - p >= 3 && (unsigned char)(p[1]) == 0xBB && (unsigned char)(p[2]) == 0xBF)
    return mr_jsay(f, off, "a byte order mark (U+FEFF) is not allowed: save the text as UTF-8 without BOM");
  if (c < 0x20 || c == 0x7F) {
    if (c == 0)
      return mr_jsay(f, off, "unexpected NUL byte (U+0000)%s", want ? "; is the text UTF-16? JSON must be UTF-8" : "");
    return mr_jsay(f, off, "unexpected %s (U+%04X)%s%s", mr_jcontrol_name(c), c, want ? ", expected " : "", want ? want : "");
  }
  if (!strncmp(tok, "NaN", 3) || !strncmp(tok, "Infinity", 8) || !strncmp(tok, "-Infinity", 9) || !strncmp(tok, "Inf", 3))
    return mr_jsay(f, off, "unexpected '%s': JSON has no NaN or Infinity", tok);
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
    if (!want || !strcmp(want, "a value"))
      return mr_jsay(f, off, "unexpected '%s': expected a value (strings need double quotes; the literals are "
                         "true, false and null)", tok);
  }
  return mr_jsay(f, off, "expected %s, found '%s'", want, tok);
}
