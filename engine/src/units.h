/* units.h — a UCUM subset with exact conversion factors.
**
** A unit is a dimension vector (mass, length, time) and a rational factor to
** the base units kg, m, s: value_in_base = value * num / den.  Factors stay
** rational so that 7 ug/kg/min converts to exactly 0.42 mg/kg/h (one rounding,
** at the end), never through accumulated binary fractions. */
#ifndef MR_UNITS_H
#define MR_UNITS_H

#include <stdint.h>
#include <stddef.h>

enum { MR_DIM_MASS, MR_DIM_LENGTH, MR_DIM_TIME, MR_NDIM };

typedef struct mr_unit {
  int8_t dim[MR_NDIM];
  int64_t num, den; /* > 0, reduced */
} mr_unit;

/* The dimensionless unit "1". */
mr_unit mr_unit_one(void);

/* Parses `text` (`len` bytes) as a unit.  Returns 0 and fills *out, or -1
** with a reason in err (at least 128 bytes). */
int mr_unit_parse(const char *text, size_t len, mr_unit *out, char *err, size_t errlen);

/* a*b and a/b; return -1 when a factor would overflow 63 bits. */
int mr_unit_mul(mr_unit a, mr_unit b, mr_unit *out);
int mr_unit_div(mr_unit a, mr_unit b, mr_unit *out);

/* 1 when a and b are the same unit (compares fields, never padding). */
int mr_unit_equal(mr_unit a, mr_unit b);

/* 1 when a and b measure the same kind of thing. */
int mr_unit_commensurable(mr_unit a, mr_unit b);

/* Converts v from unit `from` to unit `to` (must be commensurable), with a
** single rounding where the exact ratio allows it. */
double mr_unit_convert(double v, mr_unit from, mr_unit to);

/* mr_unit_convert in two steps, for converting many values between the same
** two units: the exact ratio once, then each value (the same result, bit for
** bit, as mr_unit_convert). */
typedef struct mr_unit_conv {
  mr_unit from, to;
  int64_t n, d; /* mr_unit_ratio(from, to); unused when same */
  int same;     /* the same scale: the value is returned as it is */
} mr_unit_conv;
void mr_unit_conv_init(mr_unit_conv *c, mr_unit from, mr_unit to);
double mr_unit_conv_apply(const mr_unit_conv *c, double v);

/* The factor from `from` to `to` as a double (for compiled scaling nodes),
** and as an exact ratio (for folding constants). */
void mr_unit_ratio(mr_unit from, mr_unit to, int64_t *num, int64_t *den);

/* Describes the dimension in words ("mass", "time", "mass/time", ...) into
** buf, for error messages. */
void mr_unit_kind(mr_unit u, char *buf, size_t len);

#endif
