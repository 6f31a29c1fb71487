/* strbuf.c — growable buffer; JSON string escaping for the fixed-shape output
** writer (building a cJSON tree per result would cost an allocation per node),
** and the one display escaping that messages and JSON fields share. */
#include "strbuf.h"
#include "alloc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf *b) { memset(b, 0, sizeof *b); }

void sb_free(strbuf *b) {
  mr_free(b->data);
  sb_init(b);
}

void sb_reset(strbuf *b) {
  b->len = 0;
  b->oom = 0;
  if (b->data) b->data[0] = 0;
}

int sb_reserve(strbuf *b, size_t extra) {
  if (b->oom) return -1;
  if (b->len + extra + 1 <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) {
    if (cap > ((size_t)-1) / 2) {
      b->oom = 1;
      return -1;
    }
    cap *= 2;
  }
  char *d = mr_realloc(b->data, cap);
  if (!d) {
    b->oom = 1;
    return -1;
  }
  b->data = d;
  b->cap = cap;
  return 0;
}

void sb_add_slow(strbuf *b, const char *s, size_t n) {
  if (sb_reserve(b, n)) return;
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}


void sb_printf(strbuf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char tmp[256];
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof tmp) {
    sb_add(b, tmp, (size_t)n);
    return;
  }
  if (sb_reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

/* The length of the valid UTF-8 sequence at s[0..n) (s[0] >= 0x80), or 0 when
** it is not one: overlong forms, surrogates and code points above U+10FFFF
** are invalid.  *cp receives the code point. */
static size_t utf8_len(const unsigned char *s, size_t n, unsigned *cp) {
  unsigned c = s[0], min;
  size_t len;
  if (c >= 0xc2 && c <= 0xdf) len = 2, c &= 0x1f, min = 0x80;
  else if (c >= 0xe0 && c <= 0xef) len = 3, c &= 0x0f, min = 0x800;
  else if (c >= 0xf0 && c <= 0xf4) len = 4, c &= 0x07, min = 0x10000;
  else return 0;
  if (len > n) return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xc0) != 0x80) return 0;
    c = c << 6 | (s[i] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
  *cp = c;
  return len;
}

static const char hex[] = "0123456789abcdef";

/* A byte as the four characters \xHH. */
static void put_hex_byte(strbuf *b, unsigned char c) {
  char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
  sb_add(b, e, 4);
}

/* Control characters as JSON escapes; a byte that is not valid UTF-8 as the
** text \xHH (JSON "\\xHH"), like sb_put_printable, so that the output is
** always valid UTF-8 and a name reads the same in a message and a field. */
void sb_json_strn(strbuf *b, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  sb_putc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = u[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') continue; /* the common case: plain ASCII */
    unsigned cp = 0;
    size_t len = c >= 0x80 ? utf8_len(u + i, n - i, &cp) : 1;
    if (len > 1 && cp >= 0xa0) { /* valid, and not a C1 control */
      i += len - 1;
      continue;
    }
    sb_add(b, s + run, i - run);
    switch (c) {
      case '"': sb_add(b, "\\\"", 2); break;
      case '\\': sb_add(b, "\\\\", 2); break;
      case '\n': sb_add(b, "\\n", 2); break;
      case '\t': sb_add(b, "\\t", 2); break;
      case '\r': sb_add(b, "\\r", 2); break;
      default:
        if (len == 0) { /* not UTF-8: the text \xHH, its backslash escaped */
          char e[5] = {'\\', '\\', 'x', hex[c >> 4], hex[c & 15]};
          sb_add(b, e, 5);
        } else { /* C0, DEL or C1 control: \u00XX */
          unsigned v = len > 1 ? cp : c;
          char e[6] = {'\\', 'u', '0', '0', hex[v >> 4], hex[v & 15]};
          sb_add(b, e, 6);
          i += len - 1;
        }
    }
    run = i + 1;
  }
  sb_add(b, s + run, n - run);
  sb_putc(b, '"');
}

void sb_json_str(strbuf *b, const char *s) {
  if (!s) {
    sb_add(b, "null", 4);
    return;
  }
  sb_json_strn(b, s, strlen(s));
}

char *sb_steal(strbuf *b) {
  if (b->oom) {
    sb_free(b);
    return NULL;
  }
  if (!b->data) {
    b->data = mr_malloc(1);
    if (!b->data) return NULL;
    b->data[0] = 0;
  }
  char *d = b->data;
  sb_init(b);
  return d;
}

void sb_put_printablen(strbuf *b, const char *s, size_t n) {
  const unsigned char *u = (const unsigned char *)s;
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = u[i];
    if (c >= 0x20 && c < 0x7f) continue;
    unsigned cp = 0;
    size_t len = c >= 0x80 ? utf8_len(u + i, n - i, &cp) : 0;
    if (len && cp >= 0xa0) { /* printable UTF-8 */
      i += len - 1;
      continue;
    }
    sb_add(b, s + run, i - run);
    for (size_t k = 0; k < (len ? len : 1); k++) put_hex_byte(b, u[i + k]);
    i += len ? len - 1 : 0;
    run = i + 1;
  }
  sb_add(b, s + run, n - run);
}

void sb_put_printable(strbuf *b, const char *s) { sb_put_printablen(b, s, strlen(s)); }
