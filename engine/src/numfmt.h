/* numfmt.h — numbers read and written the same way under any host locale. */
#ifndef MR_NUMFMT_H
#define MR_NUMFMT_H

#include <stddef.h>

#include "strbuf.h"

/* Appends v the shortest way that reads back to the same double ("0.42",
** "70", "1e-07"); never "-0". */
void mr_fmt_num(strbuf *b, double v);
/* The same written at dst, which must have MR_FMT_NUM_ROOM bytes of room
** (bytes past the number may be overwritten); returns its length. */
#define MR_FMT_NUM_ROOM 48
size_t mr_fmt_num_to(char *dst, double v);

/* Appends v for a person: at most 4 significant digits (0.5010505 -> 0.501). */
void mr_fmt_num_short(strbuf *b, double v);

/* Reads the number at the start of s (after spaces): "0.5", "-2", "1e3",
** ".5".  Returns the bytes used (spaces included), or 0 when there is no
** number there (also for hex, inf and nan). */
size_t mr_parse_number(const char *s, size_t n, double *out);

#endif
