/* units.c — the UCUM subset medrule understands, with exact rational factors. */
#include "units.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct atom {
  const char *name;
  int8_t m, l, t;
  int64_t num, den;
  uint8_t len;
} atom;

#define A(name, m, l, t, num, den) {name, m, l, t, num, den, sizeof name - 1}

/* Factors to kg, m, s.  Calendar units follow UCUM: a year is the Julian year
** (365.25 d) and a month one twelfth of it.  Aliases that are not UCUM but
** that clinicians type (lb, lbs, mmHg, mcg, hr, hrs, y, yr) are accepted as the
** contract allows; words (hours, days) get a suggestion instead. */
static const atom ATOMS[] = {
  A("kg", 1, 0, 0, 1, 1),
  A("g", 1, 0, 0, 1, 1000),
  A("mg", 1, 0, 0, 1, 1000000),
  A("ug", 1, 0, 0, 1, 1000000000),
  A("\xc2\xb5g", 1, 0, 0, 1, 1000000000), /* µg, MICRO SIGN */
  A("\xce\xbcg", 1, 0, 0, 1, 1000000000), /* μg, GREEK MU */
  A("mcg", 1, 0, 0, 1, 1000000000),
  A("ng", 1, 0, 0, 1, 1000000000000),
  A("[lb_av]", 1, 0, 0, 45359237, 100000000),
  A("lb", 1, 0, 0, 45359237, 100000000),
  A("lbs", 1, 0, 0, 45359237, 100000000),
  A("s", 0, 0, 1, 1, 1),
  A("min", 0, 0, 1, 60, 1),
  A("h", 0, 0, 1, 3600, 1),
  A("hr", 0, 0, 1, 3600, 1), /* "mg/kg/hr" on many order sets */
  A("hrs", 0, 0, 1, 3600, 1),
  A("d", 0, 0, 1, 86400, 1),
  A("wk", 0, 0, 1, 604800, 1),
  A("mo", 0, 0, 1, 2629800, 1),
  A("a", 0, 0, 1, 31557600, 1),
  A("y", 0, 0, 1, 31557600, 1),
  A("yr", 0, 0, 1, 31557600, 1),
  A("m", 0, 1, 0, 1, 1),
  A("cm", 0, 1, 0, 1, 100),
  A("mm", 0, 1, 0, 1, 1000),
  A("L", 0, 3, 0, 1, 1000),
  A("l", 0, 3, 0, 1, 1000),
  A("dL", 0, 3, 0, 1, 10000),
  A("mL", 0, 3, 0, 1, 1000000),
  A("ml", 0, 3, 0, 1, 1000000),
  A("mm[Hg]", 1, -1, -2, 66661, 500), /* 133.322 Pa */
  A("mmHg", 1, -1, -2, 66661, 500),
  A("%", 0, 0, 0, 1, 100),
};

mr_unit mr_unit_one(void) {
  mr_unit u;
  memset(&u, 0, sizeof u);
  u.num = u.den = 1;
  return u;
}

/* Reduces n/d into (*on, *od); fails when the result does not fit. */
static int reduce(__int128 n, __int128 d, int64_t *on, int64_t *od) {
  __int128 a = n, b = d;
  while (b) {
    __int128 t = a % b;
    a = b;
    b = t;
  }
  n /= a;
  d /= a;
  if (n > INT64_MAX || d > INT64_MAX) return -1;
  *on = (int64_t)n;
  *od = (int64_t)d;
  return 0;
}

int mr_unit_mul(mr_unit a, mr_unit b, mr_unit *out) {
  mr_unit r;
  for (int i = 0; i < MR_NDIM; i++) {
    int s = a.dim[i] + b.dim[i];
    if (s > 100 || s < -100) return -1;
    r.dim[i] = (int8_t)s;
  }
  if (reduce((__int128)a.num * b.num, (__int128)a.den * b.den, &r.num, &r.den)) return -1;
  *out = r;
  return 0;
}

int mr_unit_div(mr_unit a, mr_unit b, mr_unit *out) {
  mr_unit inv = b;
  for (int i = 0; i < MR_NDIM; i++) inv.dim[i] = (int8_t)-b.dim[i];
  inv.num = b.den;
  inv.den = b.num;
  return mr_unit_mul(a, inv, out);
}

static int upow(mr_unit a, int e, mr_unit *out) {
  mr_unit r = mr_unit_one();
  mr_unit base = a;
  if (e < 0) {
    if (mr_unit_div(r, a, &base)) return -1;
    e = -e;
  }
  for (int i = 0; i < e; i++)
    if (mr_unit_mul(r, base, &r)) return -1;
  *out = r;
  return 0;
}

int mr_unit_commensurable(mr_unit a, mr_unit b) {
  return memcmp(a.dim, b.dim, sizeof a.dim) == 0;
}

int mr_unit_equal(mr_unit a, mr_unit b) {
  return mr_unit_commensurable(a, b) && a.num == b.num && a.den == b.den;
}

void mr_unit_ratio(mr_unit from, mr_unit to, int64_t *num, int64_t *den) {
  /* from.num/from.den / (to.num/to.den); the product of two reduced 63-bit
  ** factors fits 127 bits, and the reduced ratio of the units we parse fits. */
  if (reduce((__int128)from.num * to.den, (__int128)from.den * to.num, num, den)) {
    *num = 0;
    *den = 1;
  }
}

void mr_unit_conv_init(mr_unit_conv *c, mr_unit from, mr_unit to) {
  c->from = from;
  c->to = to;
  c->same = from.num == to.num && from.den == to.den; /* "4 h" for a fact in h */
  c->n = 0;
  c->d = 1;
  if (!c->same) mr_unit_ratio(from, to, &c->n, &c->d);
}

double mr_unit_conv_apply(const mr_unit_conv *c, double v) {
  if (c->same) return v;
  int64_t n = c->n, d = c->d;
  if (n == 0) return (double)((long double)v * c->from.num / c->from.den * c->to.den / c->to.num);
  if (d == 1) return v * (double)n;
  if (n == 1) return v / (double)d;
  return (double)((long double)v * n / d);
}

double mr_unit_convert(double v, mr_unit from, mr_unit to) {
  mr_unit_conv c;
  mr_unit_conv_init(&c, from, to);
  return mr_unit_conv_apply(&c, v);
}

void mr_unit_kind(mr_unit u, char *buf, size_t len) {
  static const struct { int8_t m, l, t; const char *name; } KINDS[] = {
    {0, 0, 0, "dimensionless number (a count, or a ratio such as mg/kg or %)"}, {1, 0, 0, "mass"}, {0, 0, 1, "time"},
    {0, 3, 0, "volume"}, {0, 1, 0, "length"}, {1, -1, -2, "pressure"},
    {1, 0, -1, "mass per time"}, {0, 0, -1, "rate per time"},
    {1, -3, 0, "mass concentration"},
  };
  for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
    if (KINDS[i].m == u.dim[0] && KINDS[i].l == u.dim[1] && KINDS[i].t == u.dim[2]) {
      snprintf(buf, len, "%s", KINDS[i].name);
      return;
    }
  /* anything else as a unit expression over kg, m and s: "kg.s", "m/s2" */
  static const char *const BASE[] = {"kg", "m", "s"};
  size_t at = 0;
  for (int sign = 1; sign >= -1; sign -= 2)
    for (int i = 0; i < MR_NDIM; i++) {
      int e = u.dim[i] * sign;
      if (e <= 0 || at + 8 >= len) continue;
      int n = snprintf(buf + at, len - at, "%s%s", at ? (sign > 0 ? "." : (strchr(buf, '/') ? "." : "/")) : (sign > 0 ? "" : "1/"), BASE[i]);
      at += (size_t)n;
      if (e > 1) at += (size_t)snprintf(buf + at, len - at, "%d", e);
    }
  if (at == 0) snprintf(buf, len, "1");
}

/* ------------------------------------------------------------- parser */

typedef struct uparser {
  const char *s, *end;
  char *err;
  size_t errlen;
} uparser;

static int is_atom_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '[' || c == ']' ||
         c == '_' || c == '%' || c >= 0x80;
}

static int parse_term(uparser *p, mr_unit *out);

static int fail(uparser *p, const char *fmt, const char *a, size_t alen) {
  snprintf(p->err, p->errlen, fmt, (int)alen, a);
  return -1;
}

/* Words and spellings people write for units, and the unit they mean. */
static const char *const SPELLED[][2] = {
  {"hour", "h"}, {"hours", "h"}, {"minute", "min"}, {"minutes", "min"}, {"mins", "min"}, {"sec", "s"},
  {"seconds", "s"}, {"day", "d"}, {"days", "d"}, {"week", "wk"}, {"weeks", "wk"}, {"wks", "wk"},
  {"month", "mo"}, {"months", "mo"}, {"year", "a"}, {"years", "a"}, {"yrs", "a"}, {"kgs", "kg"},
  {"kilogram", "kg"}, {"kilograms", "kg"}, {"gram", "g"}, {"grams", "g"}, {"milligram", "mg"},
  {"milligrams", "mg"}, {"microgram", "ug"}, {"micrograms", "ug"}, {"pound", "[lb_av]"}, {"pounds", "[lb_av]"},
  {"litre", "L"}, {"liter", "L"}, {"millilitre", "mL"}, {"milliliter", "mL"}, {"percent", "%"},
};

/* "unknown unit 'hours' (did you mean 'h'?)": a spelled-out word, or an atom
** written in the wrong case ("KG", "Mg"). */
static int unknown_unit(uparser *p, const char *name, size_t n) {
  const char *hint = NULL;
  for (size_t i = 0; i < sizeof SPELLED / sizeof SPELLED[0] && !hint; i++)
    if (strlen(SPELLED[i][0]) == n && strncasecmp(SPELLED[i][0], name, n) == 0) hint = SPELLED[i][1];
  for (size_t i = 0; i < sizeof ATOMS / sizeof ATOMS[0] && !hint; i++)
    if (ATOMS[i].len == n && strncasecmp(ATOMS[i].name, name, n) == 0) hint = ATOMS[i].name;
  if (hint) snprintf(p->err, p->errlen, "unknown unit '%.*s' (did you mean '%s'?)", (int)n, name, hint);
  else snprintf(p->err, p->errlen, "unknown unit '%.*s'", (int)n, name);
  return -1;
}

static void skip_annotation(uparser *p) {
  while (p->s < p->end && *p->s == '{') {
    const char *close = memchr(p->s, '}', (size_t)(p->end - p->s));
    if (!close) return;
    p->s = close + 1;
  }
}

static int parse_component(uparser *p, mr_unit *out) {
  if (p->s >= p->end) return fail(p, "a unit is missing%.*s", "", 0);
  if (*p->s == '{') {
    const char *start = p->s;
    skip_annotation(p);
    if (p->s == start) return fail(p, "unclosed annotation '%.*s'", start, (size_t)(p->end - start));
    *out = mr_unit_one();
    return 0;
  }
  if (*p->s == '(') {
    p->s++;
    if (parse_term(p, out)) return -1;
    if (p->s >= p->end || *p->s != ')') return fail(p, "missing ')'%.*s", "", 0);
    p->s++;
    return 0;
  }
  if (*p->s >= '0' && *p->s <= '9') {
    const char *start = p->s;
    while (p->s < p->end && *p->s >= '0' && *p->s <= '9') p->s++;
    if (p->s - start != 1 || *start != '1')
      return fail(p, "numeric unit factor '%.*s' is not supported", start, (size_t)(p->s - start));
    *out = mr_unit_one();
    skip_annotation(p);
    return 0;
  }
  const char *start = p->s;
  while (p->s < p->end && is_atom_char((unsigned char)*p->s)) {
    /* "[Hg]" belongs to "mm"; a '[' starts a bracketed atom part. */
    if (*p->s == '[') {
      const char *close = memchr(p->s, ']', (size_t)(p->end - p->s));
      if (!close) return fail(p, "unclosed '[' in '%.*s'", start, (size_t)(p->end - start));
      p->s = close + 1;
    } else {
      p->s++;
    }
  }
  size_t n = (size_t)(p->s - start);
  if (n == 0) return fail(p, "unexpected '%.*s' in unit", start, 1);
  const atom *a = NULL;
  for (size_t i = 0; i < sizeof ATOMS / sizeof ATOMS[0]; i++)
    if (ATOMS[i].len == n && memcmp(ATOMS[i].name, start, n) == 0) {
      a = &ATOMS[i];
      break;
    }
  if (!a) return unknown_unit(p, start, n);
  mr_unit u;
  u.dim[0] = a->m;
  u.dim[1] = a->l;
  u.dim[2] = a->t;
  u.num = a->num;
  u.den = a->den;
  /* An integer exponent directly after the atom: m2, s-1. */
  const char *e = p->s;
  int sign = 1;
  if (e < p->end && (*e == '-' || *e == '+')) {
    sign = *e == '-' ? -1 : 1;
    e++;
  }
  if (e < p->end && *e >= '0' && *e <= '9') {
    int ex = 0;
    while (e < p->end && *e >= '0' && *e <= '9') {
      ex = ex * 10 + (*e - '0');
      if (ex > 9) return fail(p, "exponent too large in '%.*s'", start, (size_t)(e - start + 1));
      e++;
    }
    p->s = e;
    if (upow(u, sign * ex, &u)) return fail(p, "unit '%.*s' is too large", start, n);
  }
  skip_annotation(p);
  *out = u;
  return 0;
}

static int parse_term(uparser *p, mr_unit *out) {
  mr_unit acc = mr_unit_one();
  int first = 1;
  while (p->s < p->end && *p->s != ')') {
    char op = '.';
    if (*p->s == '.' || *p->s == '/') {
      op = *p->s++;
    } else if (!first) {
      return fail(p, "expected '.' or '/' before '%.*s'", p->s, (size_t)(p->end - p->s));
    }
    mr_unit c;
    if (parse_component(p, &c)) return -1;
    if ((op == '/' ? mr_unit_div(acc, c, &acc) : mr_unit_mul(acc, c, &acc)))
      return fail(p, "unit too complex%.*s", "", 0);
    first = 0;
  }
  if (first) return fail(p, "a unit is missing%.*s", "", 0);
  *out = acc;
  return 0;
}

int mr_unit_parse(const char *text, size_t len, mr_unit *out, char *err, size_t errlen) {
  uparser p = {text, text + len, err, errlen};
  if (len == 0) return fail(&p, "a unit is missing%.*s", "", 0);
  if (parse_term(&p, out)) return -1;
  if (p.s != p.end) return fail(&p, "unexpected '%.*s' in unit", p.s, (size_t)(p.end - p.s));
  return 0;
}
