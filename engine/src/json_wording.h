/* json_wording.h — the error sentences of the strict JSON reader
** (json_wording.c), for json.cpp's error path.  Not API. */
#ifndef MR_JSON_WORDING_H
#define MR_JSON_WORDING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A place and a reason, found by the error path. */
typedef struct mr_jfound {
  int status;  /* 0: nothing found, 1: found, -2: out of memory */
  size_t off;  /* offset in the text given to the search */
  char msg[200];
} mr_jfound;

/* Sets f's reason (formatted) and place; 0. */
int mr_jsay(mr_jfound *f, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

int mr_jis_ws(unsigned char c);
/* Whitespace, a structural character or a quote: where a bare token ends. */
int mr_jends_token(unsigned char c);
/* The name of a control character (or DEL). */
const char *mr_jcontrol_name(unsigned char c);
/* The token at p (up to end, at most 24 characters, whole UTF-8 characters,
** control characters written as U+00XX) into out. */
void mr_jshow_token(char *out, size_t cap, const char *p, const char *end);
/* The character at p, quoted, or its code (U+000C) when not printable. */
void mr_jshow_char(char *out, size_t cap, const char *p, const char *end);
/* Why the library refused the number token at p (it already did: this
** only picks the sentence); 0. */
int mr_jnumber_reason(mr_jfound *f, size_t off, const char *p, const char *end);
/* A sentence for an unexpected token (or the end) at p, where `want` was
** expected (NULL: after the value); 0. */
int mr_junexpected(mr_jfound *f, size_t off, const char *p, const char *end, const char *want);

#ifdef __cplusplus
}
#endif

#endif
