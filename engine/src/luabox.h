/* luabox.h — a Lua state that runs pack files in the sandbox, with a memory
** limit (always on, through the allocator) and a time limit (a count hook
** installed only while a deadline is armed; every C function the pack's code
** can call and every large allocation look at the clock too). */
#ifndef MR_LUABOX_H
#define MR_LUABOX_H

#include <lua.h>
#include <time.h>

#include "internal.h"

typedef struct mr_luabox {
  lua_State *L;
  size_t used, limit;
  int mem_hit;       /* the allocator refused memory */
  int timed_out;     /* the deadline passed */
  int armed;         /* a deadline is armed */
  int unhooked;      /* a declaration runs without the count hook (luabox.c) */
  char where[160];   /* "file.lua:LINE: " where the deadline was first noticed */
  unsigned limit_ms;
  struct timespec deadline;
  void *refused;     /* the last allocation refused (block, new size): when */
  size_t refused_size; /* Lua's retry after an emergency collection succeeds, it was no failure */
  int hit_stood;     /* a refusal was not retried (a memory error was raised): mem_hit stays set */
  const medrule_pack *pack;  /* files come from here when reading stored text */
  medrule_pack *loading;     /* files are read from disk into this pack */
  mr_budget *budget;         /* an evaluator's memory limit, also charged with the state's growth, or NULL */
  /* The pool of a state opened with mr_luabox_open_pooled (luabox.c): blocks
  ** of up to MR_POOL_MAX bytes in size classes of 16, carved from chunks that
  ** are freed all at once when the state closes.  `used` counts the chunks
  ** whole, whatever is free in them, so the limit bounds real memory. */
  int pooled;
  int pool_closing;          /* lua_close is freeing everything: no free lists kept */
  char *pool_next, *pool_end; /* the free tail of the newest chunk */
  void *pool_chunks;         /* the chunks, linked through their first word */
  void *pool_free[32];       /* a free list per size class */
} mr_luabox;

#define MR_POOL_MAX 512

/* Both allocators' bookkeeping of a refusal.  Lua retries a refused request
** once, after an emergency collection that only frees: that retry is the
** next request that is not a free, and when it fits nothing failed.  Any
** other request means the refusal stood (a memory error was raised, which
** the pack may have caught): mem_hit then stays set until cleared.
** mr_luabox_retry tells whether request (ptr, nsize) is that retry. */
static inline int mr_luabox_retry(mr_luabox *b, const void *ptr, size_t nsize) {
  if (!b->refused_size) return 0;
  int retry = b->refused == ptr && b->refused_size == nsize;
  if (!retry) b->hit_stood = 1;
  b->refused_size = 0;
  return retry;
}
static inline void mr_luabox_refuse(mr_luabox *b, void *ptr, size_t nsize) {
  b->mem_hit = 1;
  b->refused = ptr;
  b->refused_size = nsize;
}
static inline void mr_luabox_granted(mr_luabox *b, int retry) {
  if (retry && !b->hit_stood) b->mem_hit = 0;
}
static inline void mr_luabox_clear_hit(mr_luabox *b) {
  b->mem_hit = b->hit_stood = 0;
  b->refused_size = 0;
}

/* Between luabox.c and luabox_pool.c: the pool's allocator and its release
** at close; an allocation of MR_BIG_ALLOC bytes or more looks at the clock
** (mr_luabox_big_alloc: past the deadline, the next instruction raises). */
#define MR_BIG_ALLOC ((size_t)64 << 10)
void *mr_pool_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
void mr_pool_free_chunks(mr_luabox *b);
void mr_luabox_big_alloc(mr_luabox *b);
/* parse(text) for the prelude: a condition's tree built in C, or nil when
** LPeg is to parse it (luabox_parse.c). */
int mr_luabox_parse(lua_State *L);

/* Opens a state with the libraries the prelude needs, its live memory bound
** by `limit` and charged to `budget` (or NULL).  0, or -1 when out of memory. */
int mr_luabox_open(mr_luabox *b, size_t limit, mr_budget *budget);
void mr_luabox_close(mr_luabox *b);
/* The same with the pool allocator, for a state that lives only while a
** pack (or its FHIR map) loads: no budget.  Freed blocks stay in the pool
** for reuse by blocks of the same size class until the state closes. */
int mr_luabox_open_pooled(mr_luabox *b, size_t limit);

/* Arms a deadline `ms` from now; disarm removes the hook. */
void mr_luabox_arm(mr_luabox *b, unsigned ms);
void mr_luabox_disarm(mr_luabox *b);

/* Runs the prelude and the pack (from disk when b->loading is set, else from
** b->pack's stored files) and leaves the declaration registry on the stack.
** Must be called under lua_pcall: errors propagate as Lua errors. */
void mr_luabox_run_pack(mr_luabox *b);

/* The message handler for every lua_pcall into pack code: an error message
** that does not start with a pack file's location ("dosing.lua:12: ") gets
** the location of the innermost pack-file line on the stack, replacing the
** prelude's own ("prelude:302: "), so that every message names the pack
** file and line. */
int mr_luabox_msgh(lua_State *L);

/* 1 when s starts with a pack file's location, "name.lua:LINE:". */
int mr_luabox_located(const char *s);

/* "file.lua:LINE: " of the innermost pack-file line running on L's stack from
** `level` up, or "" when none. */
void mr_luabox_where(lua_State *L, int level, char *buf, size_t size);

/* Reads file `name` of directory `dir` for the engine: only a regular file
** (not a symbolic link, directory, FIFO or device), opened without blocking,
** of at most `max` bytes.  Returns the text (NUL-terminated, *len bytes;
** free it), or NULL with the reason in `why` ("cannot open PATH: ..." or
** "cannot read NAME: ...", or "out of memory").  `name` must be a plain file
** name; the callers check that. */
char *mr_read_pack_file(const char *dir, const char *name, size_t max, size_t *len, char *why, size_t whylen);

/* Raises the engine's own out-of-memory error (a sentinel, so that no
** message has to be allocated and the status can say NOMEM). */
int mr_lua_oom(lua_State *L);
/* 1 when the error value at `idx` is that sentinel. */
int mr_lua_is_oom(lua_State *L, int idx);

/* Raises `msg`, a message that already names the pack directory, file and
** line, so that mr_luabox_error passes it on unchanged. */
int mr_lua_raise_complete(lua_State *L, const char *msg, size_t len);

/* Turns the error value on top of the stack into a message naming the pack
** file and line: "DIR/file.lua:12: why".  Pops it. */
char *mr_luabox_error(mr_luabox *b, const char *dir);

#endif
