/* alloc.c — the library's allocator: the host's (medrule_config_allocator)
** or the C library's, with a count of live blocks so that the allocator is
** never changed under memory it did not allocate. */
#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "medrule.h"

/* A test hook: when set, the N-th allocation through mr_malloc & co fails. */
long mr_fail_after = -1;

static void *libc_malloc(void *ud, size_t n) { (void)ud; return malloc(n); }
static void *libc_realloc(void *ud, void *p, size_t n) { (void)ud; return realloc(p, n); }
static void libc_free(void *ud, void *p) { (void)ud; free(p); }

/* Set before any other call (documented), then only read: no lock needed. */
static medrule_allocator host = {sizeof(medrule_allocator), libc_malloc, libc_realloc, libc_free, NULL};
static atomic_long live_blocks;

/* The budget of the evaluator working on this thread (a pointer, no
** allocation: nothing to free when the thread ends). */
static _Thread_local mr_budget *current;

mr_budget *mr_budget_enter(mr_budget *b) {
  mr_budget *old = current;
  current = b;
  return old;
}

static int should_fail(size_t n) {
  if (mr_fail_after >= 0) {
    if (mr_fail_after == 0) return 1;
    mr_fail_after--;
  }
  mr_budget *b = current;
  if (b) {
    if (n > b->limit - b->spent) {
      b->hit = 1;
      return 1;
    }
    b->spent += n;
  }
  return 0;
}

void *mr_malloc(size_t n) {
  if (!n) n = 1;
  if (should_fail(n)) return NULL;
  void *p = host.malloc(host.ud, n);
  if (p) atomic_fetch_add_explicit(&live_blocks, 1, memory_order_relaxed);
  return p;
}

void *mr_calloc(size_t n, size_t size) {
  if (!n) n = 1;
  if (!size) size = 1;
  if (n > (size_t)-1 / size) return NULL;
  void *p = mr_malloc(n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

static void *raw_realloc(void *p, size_t n) {
  if (!p) {
    p = host.malloc(host.ud, n);
    if (p) atomic_fetch_add_explicit(&live_blocks, 1, memory_order_relaxed);
    return p;
  }
  return host.realloc(host.ud, p, n);
}

void *mr_realloc(void *p, size_t n) {
  if (!n) n = 1;
  return should_fail(n) ? NULL : raw_realloc(p, n);
}

void *mr_realloc_lua(void *p, size_t n) { return raw_realloc(p, n ? n : 1); }

void mr_free(void *p) {
  if (!p) return;
  atomic_fetch_sub_explicit(&live_blocks, 1, memory_order_relaxed);
  host.free(host.ud, p);
}

char *mr_strndup(const char *s, size_t n) {
  char *d = mr_malloc(n + 1);
  if (!d) return NULL;
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

char *mr_strdup(const char *s) { return s ? mr_strndup(s, strlen(s)) : NULL; }

char *mr_printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *d = mr_malloc((size_t)n + 1);
  if (!d) return NULL;
  va_start(ap, fmt);
  vsnprintf(d, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return d;
}

void medrule_free(void *p) { mr_free(p); }

int medrule_config_allocator(const medrule_allocator *a) {
  if (a && (a->size < sizeof *a || !a->malloc || !a->realloc || !a->free)) return MEDRULE_MISUSE;
  if (atomic_load(&live_blocks) != 0) return MEDRULE_MISUSE;
  if (a) {
    host = *a;
    host.size = sizeof host;
  } else {
    host = (medrule_allocator){sizeof host, libc_malloc, libc_realloc, libc_free, NULL};
  }
  return MEDRULE_OK;
}

/* The errnos the library reports (opening and reading pack files), in
** English: strerror is neither thread-safe nor locale-independent. */
const char *mr_errno_text(int e) {
  switch (e) {
    case ENOENT: return "No such file or directory";
    case EACCES: return "Permission denied";
    case EPERM: return "Operation not permitted";
    case EISDIR: return "Is a directory";
    case ENOTDIR: return "Not a directory";
    case ENAMETOOLONG: return "File name too long";
    case ELOOP: return "Too many levels of symbolic links";
    case EMFILE: return "Too many open files";
    case ENFILE: return "Too many open files in system";
    case ENOMEM: return "Cannot allocate memory";
    case EIO: return "Input/output error";
    case EINTR: return "Interrupted system call";
    case EAGAIN: return "Resource temporarily unavailable";
    case EFBIG: return "File too large";
    case EOVERFLOW: return "Value too large for defined data type";
    case EINVAL: return "Invalid argument";
    case ENXIO: return "No such device or address";
    case ENODEV: return "No such device";
    case ESTALE: return "Stale file handle";
    case 0: return "Success";
  }
  return "Unknown error";
}
