/* strbuf.c — growable buffer; JSON string escaping for the fixed-shape output
** writer (building a cJSON tree per result would cost an allocation per node). */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(strbuf *b) { memset(b, 0, sizeof *b); }

void sb_free(strbuf *b) {
  free(b->data);
  sb_init(b);
}

void sb_reset(strbuf *b) {
  b->len = 0;
  b->oom = 0;
  if (b->data) b->data[0] = 0;
}

static int grow(strbuf *b, size_t extra) {
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
  char *d = realloc(b->data, cap);
  if (!d) {
    b->oom = 1;
    return -1;
  }
  b->data = d;
  b->cap = cap;
  return 0;
}

void sb_add_slow(strbuf *b, const char *s, size_t n) {
  if (grow(b, n)) return;
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}

void sb_puts(strbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

void sb_putc(strbuf *b, char c) {
  if (grow(b, 1)) return;
  b->data[b->len++] = c;
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
  if (grow(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void sb_json_strn(strbuf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  sb_putc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    sb_add(b, s + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': sb_add(b, "\\\"", 2); break;
      case '\\': sb_add(b, "\\\\", 2); break;
      case '\n': sb_add(b, "\\n", 2); break;
      case '\t': sb_add(b, "\\t", 2); break;
      case '\r': sb_add(b, "\\r", 2); break;
      default: {
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        sb_add(b, e, 6);
      }
    }
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
    b->data = malloc(1);
    if (!b->data) return NULL;
    b->data[0] = 0;
  }
  char *d = b->data;
  sb_init(b);
  return d;
}

void sb_put_printable(strbuf *b, const char *s) {
  for (; *s; s++) sb_putc(b, ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s);
}
