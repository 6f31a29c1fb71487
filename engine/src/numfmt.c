/* numfmt.c — numbers read and written the same way whatever locale the host
** process set (the library never calls setlocale): "0.5", never "0,5". */
#define _GNU_SOURCE /* strtod_l */
#include "numfmt.h"

#include <math.h>
#include <stdint.h>

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

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

/* Writes n / 10^k (k >= 0) in decimal, at the end of buf; returns the start. */
static char *decimal(char *end, unsigned long long n, int k, int negative) {
  char *q = end;
  for (int i = 0; i < k; i++, n /= 10) *--q = (char)('0' + n % 10);
  if (k) *--q = '.';
  do *--q = (char)('0' + n % 10); while (n /= 10);
  if (negative) *--q = '-';
  return q;
}

size_t mr_fmt_num_to(char *dst, double v) {
  /* The digits end at tmp + 40; up to 32 bytes are copied from their start,
  ** which stays inside tmp (a short decimal has at most 20 characters). */
  char tmp[72];
  if (v == 0) v = 0; /* no "-0" */
  /* Short decimals (70, 0.42, 2.25: nearly every clinical value) without
  ** printf: the fewest digits k such that n / 10^k gives v back exactly.  A
  ** correctly rounded reader maps "n.nn" to the double nearest n / 10^k,
  ** which is what the division computed, so the text reads back as v. */
  static const double POW10[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  double a = v < 0 ? -v : v;
  if (a < 1e15)
    for (int k = 0; k <= 6; k++) {
      double scaled = a * POW10[k];
      if (scaled >= 1e15) break;
      unsigned long long n = (unsigned long long)(scaled + 0.5);
      if ((double)n / POW10[k] == a) {
        char *end = tmp + 40, *q = decimal(end, n, k, v < 0);
        /* "0.50" never happens: the smallest k wins, so n has no trailing zero unless k == 0 */
        memcpy(dst, q, 32); /* one fixed-size copy; the bytes past the number are the caller's slack */
        return (size_t)(end - q);
      }
    }
  if (!isfinite(v)) { /* never written: values are checked finite on input */
    memcpy(dst, "null", 4);
    return 4;
  }
  size_t n = mr_json_format_double(v, tmp);
  memcpy(dst, tmp, n);
  return n;
}

void mr_fmt_num(strbuf *b, double v) {
  char tmp[MR_FMT_NUM_ROOM];
  sb_add(b, tmp, mr_fmt_num_to(tmp, v));
}

void mr_fmt_num_short(strbuf *b, double v) {
  char tmp[40];
  if (v == 0) v = 0;
  if (v >= 1e4 || v <= -1e4) format_g(tmp, sizeof tmp, -1, v);
  else format_g(tmp, sizeof tmp, 4, v);
  sb_puts(b, tmp);
}

size_t mr_parse_number(const char *s, size_t n, double *out) {
  size_t i = 0;
  while (i < n && s[i] == ' ') i++;
  static const double POW10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  { /* the common case first: [+-]digits[.digits], 1 to 15 digits, then neither
    ** a digit, a point nor an exponent; anything else takes the path below */
    size_t j = i;
    int neg = j < n && s[j] == '-';
    if (j < n && (s[j] == '+' || s[j] == '-')) j++;
    uint64_t mant = 0;
    size_t d0 = j;
    while (j < n && (unsigned)(s[j] - '0') < 10 && j - d0 < 15) mant = mant * 10 + (uint64_t)(s[j++] - '0');
    size_t digits = j - d0, frac = 0;
    if (j < n && s[j] == '.') {
      size_t f0 = ++j;
      while (j < n && (unsigned)(s[j] - '0') < 10 && digits + (j - f0) < 15)
        mant = mant * 10 + (uint64_t)(s[j++] - '0');
      frac = j - f0;
    }
    if (digits + frac > 0 &&
        !(j < n && ((unsigned)(s[j] - '0') < 10 || s[j] == '.' || s[j] == 'e' || s[j] == 'E'))) {
      double v = (double)mant / POW10[frac];
      *out = neg ? -v : v;
      return j;
    }
  }
  /* The number's own characters (copied for strtod, so that it stops where
  ** we do).  Plain decimals of at most 15 digits ("82", "0.35", "-4.5") are
  ** read on the way: the digits n and the power 10^k are exact doubles, so
  ** n / 10^k is the correctly rounded value strtod gives, without the copy. */
  size_t j = i;
  if (j < n && (s[j] == '+' || s[j] == '-')) j++;
  size_t digits = j;
  uint64_t mant = 0;
  int ndig = 0, frac = -1, plain = 1;
  for (; j < n; j++) {
    if (s[j] >= '0' && s[j] <= '9') {
      if (!plain) continue;
      mant = mant * 10 + (uint64_t)(s[j] - '0');
      if (++ndig > 15) plain = 0;
      if (frac >= 0) frac++;
    } else if (s[j] == '.') {
      if (frac >= 0) plain = 0; /* "1.2.3": strtod refuses it below */
      frac = 0;
    } else {
      break;
    }
  }
  if (j == digits || (j == digits + 1 && s[digits] == '.')) return 0;
  if (j < n && (s[j] == 'e' || s[j] == 'E')) {
    size_t k = j + 1;
    if (k < n && (s[k] == '+' || s[k] == '-')) k++;
    if (k < n && s[k] >= '0' && s[k] <= '9') {
      while (k < n && s[k] >= '0' && s[k] <= '9') k++;
      j = k;
      plain = 0; /* an exponent: strtod */
    }
  }
  if (plain && ndig > 0) {
    double v = (double)mant / POW10[frac < 0 ? 0 : frac];
    *out = digits > i && s[i] == '-' ? -v : v;
    return j;
  }
  locale_t c_locale = the_c_locale();
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

