/* bench.h - what bench.c and its C++ part (simd.cpp) share. */
#ifndef JSON_CHOICE_BENCH_H
#define JSON_CHOICE_BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    const char *ptr;
    size_t len;
} line_t;

/* What the walk touches; identical across libraries if they agree. */
typedef struct {
    uint64_t objects, arrays, strings, numbers, bools, nulls;
    uint64_t key_bytes, str_bytes;
    int64_t num_milli; /* sum of round(number * 1000) */
} stats_t;

static inline void add_number(stats_t *s, double d)
{
    s->numbers++;
    s->num_milli += (int64_t)(d * 1000.0 + (d < 0 ? -0.5 : 0.5));
}

/* simd.cpp: simdjson 3.0.1.  Records are readable BENCH_PADDING bytes past
 * their end (the next records, or the padding after the file). */
enum { BENCH_PADDING = 64 };
const char *simd_version(void);
int run_simd_dom(const line_t *lines, size_t n, stats_t *s, int flags);
int run_simd_dom_copy(const line_t *lines, size_t n, stats_t *s, int flags);
int run_simd_ondemand(const line_t *lines, size_t n, stats_t *s, int flags);
int accepts_simd_dom(const char *text, size_t len, int flags);
int accepts_simd_ondemand(const char *text, size_t len, int flags);

#ifdef __cplusplus
}
#endif

#endif
