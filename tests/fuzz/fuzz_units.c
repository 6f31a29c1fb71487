/* fuzz_units.c — the UCUM unit parser (mr_unit_parse) and the unit algebra on
** what it accepts: product, quotient, ratio, conversion and kind. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "units.h"

/* Field by field: the struct has padding that nothing initialises. */
static int same_unit(mr_unit a, mr_unit b) {
  return memcmp(a.dim, b.dim, sizeof a.dim) == 0 && a.num == b.num && a.den == b.den;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mr_unit u, v, w;
  char err[160], kind[64];
  memset(err, 'X', sizeof err);
  /* Split at the first '|' into two units, so that pairs are exercised too. */
  const char *s = (const char *)data;
  const char *bar = memchr(s, '|', size);
  size_t n1 = bar ? (size_t)(bar - s) : size;
  int rc = mr_unit_parse(s, n1, &u, err, sizeof err);
  if (rc) {
    FUZZ_CHECK(rc == -1, "status %d", rc);
    FUZZ_CHECK(memchr(err, 0, sizeof err) != NULL && err[0] != 0, "no error message");
    return 0;
  }
  FUZZ_CHECK(u.num > 0 && u.den > 0, "factor %lld/%lld", (long long)u.num, (long long)u.den);
  mr_unit_kind(u, kind, sizeof kind);
  FUZZ_CHECK(kind[0] != 0, "empty kind");
  /* parsing is a function: the same text gives the same unit */
  FUZZ_CHECK(mr_unit_parse(s, n1, &v, err, sizeof err) == 0 && same_unit(u, v), "not deterministic");
  FUZZ_CHECK(mr_unit_commensurable(u, u), "not commensurable with itself");
  double x = mr_unit_convert(1.0, u, u);
  FUZZ_CHECK(x == 1.0, "1 in a unit converts to %.17g in the same unit", x);
  if (bar) {
    if (mr_unit_parse(bar + 1, size - n1 - 1, &v, err, sizeof err)) return 0;
    if (mr_unit_mul(u, v, &w) == 0) {
      FUZZ_CHECK(w.num > 0 && w.den > 0, "product factor");
      mr_unit_kind(w, kind, sizeof kind);
    }
    if (mr_unit_div(u, v, &w) == 0) FUZZ_CHECK(w.num > 0 && w.den > 0, "quotient factor");
    if (mr_unit_commensurable(u, v)) {
      int64_t num, den;
      mr_unit_ratio(u, v, &num, &den);
      FUZZ_CHECK(den != 0, "zero denominator");
      double y = mr_unit_convert(7.0, u, v);
      FUZZ_CHECK(!isnan(y), "NaN from converting 7");
    }
  }
  return 0;
}
