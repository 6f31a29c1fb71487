/* alloc.h — every allocation of libmedrule: through the host's allocator
** (medrule_config_allocator), counted, and charged to the budget of the
** evaluator at work on this thread, if any.  Shared by the C and C++ files. */
#ifndef MR_ALLOC_H
#define MR_ALLOC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Test hook: when >= 0, allocation number mr_fail_after (0-based) fails. */
extern long mr_fail_after;
void *mr_malloc(size_t n);
void *mr_calloc(size_t n, size_t size);
void *mr_realloc(void *p, size_t n);
void mr_free(void *p);
/* mr_realloc for the Lua allocator, which keeps its own (net) account and
** limit: neither charged to the thread's budget nor failed by mr_fail_after. */
void *mr_realloc_lua(void *p, size_t n);
char *mr_strdup(const char *s);
char *mr_strndup(const char *s, size_t n);
char *mr_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A memory budget: while one is current on a thread, every allocation that
** thread makes through mr_* adds its requested size to `spent`, and fails
** (returns NULL) once `spent` would pass `limit`.  Frees give nothing back:
** the count is gross, so it bounds the work of one call. */
typedef struct mr_budget {
  size_t limit, spent;
  int hit;                /* an allocation was refused */
} mr_budget;

/* Makes `b` (or NULL: none) this thread's budget; returns the previous one. */
mr_budget *mr_budget_enter(mr_budget *b);

/* English text of an errno value, whatever the locale; thread-safe. */
const char *mr_errno_text(int e);

#ifdef __cplusplus
}
#endif

#endif
