/* luabox_pool.c — the pool allocator of a Lua state that lives only while a
** pack (or its FHIR map) loads (mr_luabox_open_pooled, luabox.c). */
#include <string.h>

#include "luabox.h"

/* The pool allocator of a loading state (mr_luabox_open_pooled).  A load
** makes hundreds of thousands of small blocks and frees them all at the end;
** the C library's malloc and free cost more than the load's own work on
** them.  Blocks of up to MR_POOL_MAX bytes come from 64 KiB chunks in size
** classes of 16 bytes; a freed block goes to its class's free list, for the
** next block of that class; larger blocks are the host's, as before.  The
** limit counts every chunk whole (a chunk near the limit is made smaller),
** so the pool never holds more than the limit, free blocks included.  A
** block's class comes from its size, which Lua passes with every call.
** Under AddressSanitizer a free block and a chunk's unused tail are
** poisoned, so a read of a freed Lua string from C is still reported. */
#if defined(__SANITIZE_ADDRESS__) /* GCC */
#define MR_POOL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) /* Clang */
#define MR_POOL_ASAN 1
#endif
#endif
#ifdef MR_POOL_ASAN
#include <sanitizer/asan_interface.h>
#define POOL_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define POOL_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POOL_POISON(p, n) ((void)(p), (void)(n))
#define POOL_UNPOISON(p, n) ((void)(p), (void)(n))
#endif
#define POOL_GRAIN 16
#define POOL_CHUNK ((size_t)64 << 10)
#define POOL_HEAD 16 /* a chunk's first word links it to the next */

static inline unsigned pool_class(size_t n) { return (unsigned)((n - 1) / POOL_GRAIN); }

/* A new chunk with room for `size` bytes, counted whole: 1, or 0 when the
** limit leaves no room, or -1 when the host's allocator failed. */
static int pool_grow(mr_luabox *b, size_t size) {
  /* Near the limit a chunk takes at most a quarter of the room left, so
  ** that the pool does not take what a large block would have fitted in. */
  size_t room = b->limit > b->used ? b->limit - b->used : 0;
  size_t want = room / 4 < POOL_CHUNK ? (room / 4) & ~(size_t)(POOL_GRAIN - 1) : POOL_CHUNK;
  if (want < POOL_HEAD + size) want = POOL_HEAD + size;
  if (want > room) return 0;
  char *c = mr_realloc_lua(NULL, want);
  if (!c) return -1;
  size_t tail = (size_t)(b->pool_end - b->pool_next); /* a multiple of 16, below `size` */
  if (tail) {
    unsigned k = pool_class(tail);
    POOL_UNPOISON(b->pool_next, sizeof(void *)); /* the link; the rest stays poisoned */
    *(void **)b->pool_next = b->pool_free[k];
    b->pool_free[k] = b->pool_next;
  }
  *(void **)c = b->pool_chunks;
  b->pool_chunks = c;
  b->pool_next = c + POOL_HEAD;
  b->pool_end = c + want;
  b->used += want;
  POOL_POISON(b->pool_next, want - POOL_HEAD);
  return 1;
}

/* A block of class k, or NULL (*failed: 0 the limit, -1 the host). */
static inline void *pool_take(mr_luabox *b, unsigned k, int *failed) {
  size_t size = (size_t)(k + 1) * POOL_GRAIN;
  void *p = b->pool_free[k];
  if (p) {
    POOL_UNPOISON(p, size);
    b->pool_free[k] = *(void **)p;
    return p;
  }
  if ((size_t)(b->pool_end - b->pool_next) < size) {
    int r = pool_grow(b, size);
    if (r <= 0) {
      *failed = r;
      return NULL;
    }
  }
  p = b->pool_next;
  b->pool_next += size;
  POOL_UNPOISON(p, size);
  return p;
}

static inline void pool_release(mr_luabox *b, void *p, size_t size) {
  if (size > MR_POOL_MAX) {
    mr_free(p);
    b->used -= size;
  } else if (!b->pool_closing) { /* closing: the chunks go all at once */
    unsigned k = pool_class(size);
    *(void **)p = b->pool_free[k];
    b->pool_free[k] = p;
    POOL_POISON(p, (size_t)(k + 1) * POOL_GRAIN);
  }
}

/* The same contract as limited_alloc (no budget): growth past the limit is
** refused, and Lua's retry after its emergency collection clears mem_hit. */
void *mr_pool_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  mr_luabox *b = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    if (ptr) pool_release(b, ptr, old);
    return NULL;
  }
  int retry = mr_luabox_retry(b, ptr, nsize);
  int small = nsize <= MR_POOL_MAX, was_small = ptr && old <= MR_POOL_MAX;
  if (small && was_small && pool_class(old) == pool_class(nsize)) return ptr;
  void *np;
  int failed = 0;
  if (small) {
    np = pool_take(b, pool_class(nsize), &failed);
    if (!np && was_small && nsize < old) return ptr; /* a shrinking pool block may stay where it is */
    if (np && ptr) {
      memcpy(np, ptr, old < nsize ? old : nsize);
      pool_release(b, ptr, old);
    }
  } else {
    size_t keep = was_small ? 0 : old; /* a pool block moves out to the host's */
    if (nsize > keep && b->used + (nsize - keep) > b->limit) {
      failed = 0;
      np = NULL;
    } else {
      if (nsize >= MR_BIG_ALLOC && nsize > old) mr_luabox_big_alloc(b);
      np = mr_realloc_lua(was_small ? NULL : ptr, nsize);
      if (!np) failed = -1;
      else {
        b->used = b->used - keep + nsize;
        if (was_small) {
          memcpy(np, ptr, old);
          pool_release(b, ptr, old);
        }
      }
    }
  }
  if (!np) {
    if (failed == 0) mr_luabox_refuse(b, ptr, nsize); /* the limit */
    return NULL;
  }
  mr_luabox_granted(b, retry);
  return np;
}

void mr_pool_free_chunks(mr_luabox *b) {
  while (b->pool_chunks) {
    void *c = b->pool_chunks;
    b->pool_chunks = *(void **)c;
    mr_free(c);
  }
  b->pool_next = b->pool_end = NULL;
  memset(b->pool_free, 0, sizeof b->pool_free);
}
