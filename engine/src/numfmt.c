/* numfmt.c — numbers read and written the same way whatever locale the host
** process set (the library never calls setlocale): "0.5", never "0,5". */
#define _GNU_SOURCE /* strtod_l */
#include "numfmt.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The "C" locale, made once per process (never freed, like any static
** data), for reading and writing numbers the same way whatever locale the
** host set: the library never calls setlocale. */
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static locale_t c_locale_obj;
static void make_c_locale(void) { c_locale_obj = newlocale(LC_ALL_MASK, "C", (locale_t)0); }
static locale_t the_c_locale(void) {
  pthread_once(&c_locale_once, make_c_locale);
  return c_locale_obj;
}

/* printf("%.*g") (prec >= 0) or printf("%.0f") (prec < 0) in the C locale,
** whatever the host set: uselocale changes only this thread, for this call. */
static void format_g(char *buf, size_t len, int prec, double v) {
  locale_t c_locale = the_c_locale();
  locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
  if (prec >= 0) snprintf(buf, len, "%.*g", prec, v);
  else snprintf(buf, len, "%.0f", v);
  if (old) uselocale(old);
}

void mr_fmt_num(strbuf *b, double v) {
  char tmp[40];
  if (v == 0) v = 0; /* no "-0" */
  if (v > -1e15 && v < 1e15 && v == (double)(long long)v) { /* integers: the common case, no printf */
    long long n = (long long)v;
    char *e = tmp + sizeof tmp, *q = e;
    unsigned long long u = n < 0 ? -(unsigned long long)n : (unsigned long long)n;
    do *--q = (char)('0' + u % 10); while (u /= 10);
    if (n < 0) *--q = '-';
    sb_add(b, q, (size_t)(e - q));
    return;
  }
  for (int prec = 15; prec <= 17; prec++) {
    format_g(tmp, sizeof tmp, prec, v);
    double back;
    if (mr_parse_number(tmp, strlen(tmp), &back) && back == v) break;
  }
  sb_puts(b, tmp);
}

void mr_fmt_num_short(strbuf *b, double v) {
  char tmp[40];
  if (v == 0) v = 0;
  if (v >= 1e4 || v <= -1e4) format_g(tmp, sizeof tmp, -1, v);
  else format_g(tmp, sizeof tmp, 4, v);
  sb_puts(b, tmp);
}

size_t mr_parse_number(const char *s, size_t n, double *out) {
  locale_t c_locale = the_c_locale();
  size_t i = 0;
  while (i < n && s[i] == ' ') i++;
  /* the number's own characters, copied so that strtod stops where we do */
  size_t j = i;
  if (j < n && (s[j] == '+' || s[j] == '-')) j++;
  size_t digits = j;
  while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')) j++;
  if (j == digits || (j == digits + 1 && s[digits] == '.')) return 0;
  if (j < n && (s[j] == 'e' || s[j] == 'E')) {
    size_t k = j + 1;
    if (k < n && (s[k] == '+' || s[k] == '-')) k++;
    if (k < n && s[k] >= '0' && s[k] <= '9') {
      while (k < n && s[k] >= '0' && s[k] <= '9') k++;
      j = k;
    }
  }
  char buf[64];
  if (j - i >= sizeof buf || !c_locale) return 0;
  memcpy(buf, s + i, j - i);
  buf[j - i] = 0;
  char *end;
  double v = strtod_l(buf, &end, c_locale);
  if (*end) return 0; /* "1.2.3" */
  *out = v;
  return j;
}

