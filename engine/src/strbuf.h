/* strbuf.h — a growable byte buffer that remembers running out of memory.
**
** Appending never fails loudly: on allocation failure the buffer sets `oom`
** and ignores further appends, so callers check once at the end. */
#ifndef MR_STRBUF_H
#define MR_STRBUF_H

#include <stddef.h>

typedef struct strbuf {
  char *data;
  size_t len, cap;
  int oom;
} strbuf;

void sb_init(strbuf *b);
void sb_free(strbuf *b);
void sb_reset(strbuf *b);           /* len = 0, keeps the memory */
void sb_add_slow(strbuf *b, const char *s, size_t n);
/* Makes room for `extra` more bytes and the NUL after them: 0, or -1 (and
** `oom` set) when out of memory.  For a writer that then copies without a
** check per piece (render_json.c). */
int sb_reserve(strbuf *b, size_t extra);
/* The common case (it fits) inline: output is many small appends. */
static inline void sb_add(strbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 <= b->cap && !b->oom) {
    __builtin_memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
    return;
  }
  sb_add_slow(b, s, n);
}
static inline void sb_puts(strbuf *b, const char *s) { sb_add(b, s, __builtin_strlen(s)); }
static inline void sb_putc(strbuf *b, char c) {
  if (b->len + 2 <= b->cap && !b->oom) {
    b->data[b->len++] = c;
    b->data[b->len] = 0;
    return;
  }
  sb_add_slow(b, &c, 1);
}
void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A quoted JSON string: control characters as JSON escapes, a byte that is
** not valid UTF-8 as the text \xHH; the result is always valid UTF-8. */
void sb_json_str(strbuf *b, const char *s); /* NULL as null */
void sb_json_strn(strbuf *b, const char *s, size_t n);
char *sb_steal(strbuf *b);
/* Appends s for a message: printable UTF-8 as it is; a control character
** (C0, DEL, C1: it could drive a terminal) and a byte that is not valid UTF-8
** as the four characters \xHH, byte by byte.  The result is printable UTF-8,
** and escaping it again changes nothing.  The CLI escapes file names with it
** too, so a name reads the same in every message and JSON field. */
void sb_put_printable(strbuf *b, const char *s);
void sb_put_printablen(strbuf *b, const char *s, size_t n);

#endif
