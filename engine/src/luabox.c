/* luabox.c — the sandboxed, limited Lua state that runs pack files. */
#include "luabox.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lua-lpeg.h>

extern const unsigned char mr_prelude_lua[];
extern const size_t mr_prelude_lua_len;

#define MAX_PACK_FILE (4u << 20) /* a pack file larger than 4 MiB is refused */

/* The deadline is read from a clock that costs a few nanoseconds (the hook
** looks at it on every function call); its resolution, a few milliseconds,
** is fine for limits of 100 ms and more. */
#ifdef CLOCK_MONOTONIC_COARSE
#define MR_CLOCK CLOCK_MONOTONIC_COARSE
#else
#define MR_CLOCK CLOCK_MONOTONIC
#endif

static void deadline_hook(lua_State *L, lua_Debug *ar);

static int past(const struct timespec *d) {
  struct timespec now;
  clock_gettime(MR_CLOCK, &now);
  return now.tv_sec > d->tv_sec || (now.tv_sec == d->tv_sec && now.tv_nsec >= d->tv_nsec);
}

/* The allocator refuses growth past the limit; shrinking and freeing always
** succeed, as Lua requires.  When Lua retries a refused allocation after an
** emergency collection and it fits, nothing failed: mem_hit is cleared, so
** that garbage left by an earlier call never makes a later one fail; a
** refusal that stood keeps it set (mr_luabox_retry). */
static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  mr_luabox *b = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    mr_free(ptr);
    b->used -= old;
    if (b->budget) b->budget->spent -= old < b->budget->spent ? old : b->budget->spent;
    return NULL;
  }
  int retry = mr_luabox_retry(b, ptr, nsize);
  if (nsize > old) {
    int over_budget = b->budget && nsize - old > b->budget->limit - b->budget->spent;
    if (over_budget) b->budget->hit = 1;
    if (b->used + (nsize - old) > b->limit || over_budget) {
      mr_luabox_refuse(b, ptr, nsize);
      return NULL;
    }
    if (nsize >= MR_BIG_ALLOC) mr_luabox_big_alloc(b);
  }
  void *np = mr_realloc_lua(ptr, nsize);
  if (!np) return NULL;
  b->used = b->used - old + nsize;
  if (b->budget) {
    if (nsize >= old) b->budget->spent += nsize - old;
    else b->budget->spent -= old - nsize < b->budget->spent ? old - nsize : b->budget->spent;
  }
  mr_luabox_granted(b, retry);
  return np;
}

/* An allocation of MR_BIG_ALLOC bytes or more is where one VM instruction (a
** concatenation, a string.rep) can spend milliseconds: past the deadline,
** the next instruction or call raises the error. */
void mr_luabox_big_alloc(mr_luabox *b) {
  if (b->armed && !b->timed_out && past(&b->deadline)) lua_sethook(b->L, deadline_hook, LUA_MASKCOUNT, 1);
}

static int panic(lua_State *L) {
  fprintf(stderr, "medrule: unprotected Lua error: %s\n", lua_tostring(L, -1));
  abort(); /* unreachable: every entry into Lua is protected */
}

static const char OOM_SENTINEL = 0;

int mr_lua_oom(lua_State *L) {
  lua_pushlightuserdata(L, (void *)&OOM_SENTINEL);
  return lua_error(L);
}

int mr_lua_is_oom(lua_State *L, int idx) { return lua_touserdata(L, idx) == (void *)&OOM_SENTINEL; }

int mr_lua_raise_complete(lua_State *L, const char *msg, size_t len) {
  lua_createtable(L, 0, 1);
  lua_pushlstring(L, msg, len);
  lua_setfield(L, -2, "complete");
  return lua_error(L);
}

int mr_luabox_open(mr_luabox *b, size_t limit, mr_budget *budget) {
  memset(b, 0, sizeof *b);
  b->limit = limit;
  b->budget = budget;
  b->L = lua_newstate(limited_alloc, b);
  if (!b->L) return -1;
  lua_atpanic(b->L, panic);
  *(mr_luabox **)lua_getextraspace(b->L) = b;
  return 0;
}

int mr_luabox_open_pooled(mr_luabox *b, size_t limit) {
  memset(b, 0, sizeof *b);
  b->limit = limit;
  b->pooled = 1;
  b->L = lua_newstate(mr_pool_alloc, b);
  if (!b->L) {
    mr_luabox_close(b);
    return -1;
  }
  lua_atpanic(b->L, panic);
  *(mr_luabox **)lua_getextraspace(b->L) = b;
  return 0;
}

void mr_luabox_close(mr_luabox *b) {
  b->pool_closing = 1;
  if (b->L) lua_close(b->L);
  b->L = NULL;
  mr_pool_free_chunks(b);
}

void mr_luabox_where(lua_State *L, int level, char *buf, size_t size) {
  lua_Debug ar;
  buf[0] = 0;
  for (; lua_getstack(L, level, &ar); level++)
    if (lua_getinfo(L, "Sl", &ar) && ar.source[0] == '@' && ar.currentline > 0) {
      snprintf(buf, size, "%s:%d: ", ar.short_src, ar.currentline);
      return;
    }
}

/* Raises the time-limit error, and from now on the hook fires on every
** instruction and raises each time, so a pcall in pack code cannot swallow
** the limit and carry on. */
static int time_up(lua_State *L, mr_luabox *b) {
  if (!b->timed_out) {
    b->timed_out = 1;
    lua_sethook(L, deadline_hook, LUA_MASKCOUNT, 1);
  }
  /* where it ran over: the pack's line, not the prelude's */
  if (!b->where[0]) mr_luabox_where(L, 0, b->where, sizeof b->where);
  lua_pushfstring(L, "%stime limit of %d ms exceeded", b->where, (int)b->limit_ms);
  return lua_error(L);
}

/* Checks the clock every 1000 instructions. */
static void deadline_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  mr_luabox *b = *(mr_luabox **)lua_getextraspace(L);
  if (b->timed_out || past(&b->deadline)) time_up(L, b);
}

/* Every C function the pack's code can call is called through this gate
** (upvalue 1 is the function): a library function is where one step can
** take long, so the clock is checked before each call, not only every 1000
** instructions.  C functions it returns (the iterators of pairs, ipairs,
** string.gmatch, utf8.codes) come back gated too. */
static int gate(lua_State *L) {
  mr_luabox *b = *(mr_luabox **)lua_getextraspace(L);
  if (b->armed && (b->timed_out || past(&b->deadline))) return time_up(L, b);
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  int r = lua_gettop(L);
  for (int i = 1; i <= r; i++)
    if (lua_iscfunction(L, i) && lua_tocfunction(L, i) != gate) {
      luaL_checkstack(L, 2, NULL);
      lua_pushvalue(L, i);
      lua_pushcclosure(L, gate, 1);
      lua_replace(L, i);
    }
  return r;
}

/* gate(f) for the prelude: f behind the gate (a Lua function as it is). */
static int l_gate(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 1);
  if (lua_iscfunction(L, 1) && lua_tocfunction(L, 1) != gate) lua_pushcclosure(L, gate, 1);
  return 1;
}

int mr_luabox_located(const char *s) {
  const char *p = s;
  if (strncmp(p, "vocabulary/", 11) == 0) p += 11; /* a shared vocabulary's file */
  while (isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.') p++;
  if (p - s < 5 || strncmp(p - 4, ".lua", 4) != 0 || *p++ != ':' || !isdigit((unsigned char)*p)) return 0;
  while (isdigit((unsigned char)*p)) p++;
  return *p == ':';
}

int mr_luabox_msgh(lua_State *L) {
  if (lua_type(L, 1) != LUA_TSTRING) return 1; /* error tables and the memory sentinel pass */
  const char *s = lua_tostring(L, 1);
  if (mr_luabox_located(s)) return 1;
  const char *rest = s;
  if (strncmp(s, "prelude:", 8) == 0 && isdigit((unsigned char)s[8])) {
    const char *p = s + 8;
    while (isdigit((unsigned char)*p)) p++;
    if (*p == ':') rest = p[1] == ' ' ? p + 2 : p + 1;
  }
  char where[160];
  mr_luabox_where(L, 1, where, sizeof where);
  if (!where[0] && rest == s) return 1;
  lua_pushfstring(L, "%s%s", where, rest);
  return 1;
}

void mr_luabox_arm(mr_luabox *b, unsigned ms) {
  clock_gettime(MR_CLOCK, &b->deadline);
  b->deadline.tv_sec += ms / 1000;
  b->deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (b->deadline.tv_nsec >= 1000000000L) {
    b->deadline.tv_sec++;
    b->deadline.tv_nsec -= 1000000000L;
  }
  b->limit_ms = ms;
  b->timed_out = 0;
  b->where[0] = 0;
  b->armed = 1;
  lua_sethook(b->L, deadline_hook, LUA_MASKCOUNT, 1000);
}

void mr_luabox_disarm(mr_luabox *b) {
  b->armed = 0;
  lua_sethook(b->L, NULL, 0, 0);
}

char *mr_read_pack_file(const char *dir, const char *name, size_t max, size_t *len, char *why, size_t whylen) {
  *len = 0;
  char *path = mr_printf("%s/%s", dir, name);
  if (!path) {
    snprintf(why, whylen, "out of memory");
    return NULL;
  }
  /* O_NONBLOCK: a FIFO must not hang the open; O_NOFOLLOW: a symbolic link
  ** would lead outside the directory. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    if (e == ELOOP || e == EMLINK)
      snprintf(why, whylen, "cannot open %s: a symbolic link; only regular files inside the directory are read",
               path);
    else
      snprintf(why, whylen, "cannot open %s: %s", path, mr_errno_text(e));
    mr_free(path);
    return NULL;
  }
  struct stat st;
  char *text = NULL;
  if (fstat(fd, &st) != 0) {
    snprintf(why, whylen, "cannot read %s: %s", name, mr_errno_text(errno));
  } else if (!S_ISREG(st.st_mode)) {
    const char *kind = S_ISDIR(st.st_mode) ? "a directory" : S_ISFIFO(st.st_mode) ? "a FIFO"
                     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device" : S_ISSOCK(st.st_mode) ? "a socket"
                     : "not a file";
    snprintf(why, whylen, "cannot read %s: not a regular file but %s", name, kind);
  } else if ((unsigned long long)st.st_size > max) {
    snprintf(why, whylen, "cannot read %s: larger than %zu %s", name, max % (1u << 20) ? max : max >> 20,
             max % (1u << 20) ? "bytes" : "MiB");
  } else {
    size_t cap = (size_t)st.st_size + 1, n = 0;
    text = mr_malloc(cap + 1);
    if (!text) snprintf(why, whylen, "out of memory");
    while (text) { /* the file may have grown since fstat: read to its end, up to max */
      if (n == cap) {
        if (cap > max) {
          snprintf(why, whylen, "cannot read %s: larger than %zu %s", name, max % (1u << 20) ? max : max >> 20,
                   max % (1u << 20) ? "bytes" : "MiB");
          mr_free(text);
          text = NULL;
          break;
        }
        size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
        char *t = mr_realloc(text, ncap + 1);
        if (!t) {
          snprintf(why, whylen, "out of memory");
          mr_free(text);
          text = NULL;
          break;
        }
        text = t;
        cap = ncap;
      }
      ssize_t got = read(fd, text + n, cap - n);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        snprintf(why, whylen, "cannot read %s: %s", name, mr_errno_text(errno));
        mr_free(text);
        text = NULL;
        break;
      }
      if (got == 0) {
        text[n] = 0;
        *len = n;
        break;
      }
      n += (size_t)got;
    }
  }
  close(fd);
  mr_free(path);
  return text;
}

/* readfile(name) for the prelude: a sibling file of the pack, from disk while
** loading (recorded in the pack for the digest and for evaluators), or from
** the pack's stored copy afterwards. */
static int l_readfile(lua_State *L) {
  mr_luabox *b = *(mr_luabox **)lua_getextraspace(L);
  const char *name = luaL_checkstring(L, 1);
  if (!b->loading) {
    for (int i = 0; i < b->pack->nfiles; i++)
      if (strcmp(b->pack->files[i].name, name) == 0) {
        lua_pushlstring(L, b->pack->files[i].text, b->pack->files[i].len);
        return 1;
      }
    lua_pushnil(L);
    lua_pushfstring(L, "'%s' is not a file of this pack", name);
    return 2;
  }
  medrule_pack *p = b->loading;
  char why[512];
  size_t len;
  /* "vocabulary/NAME.lua" (from use "NAME") lives in the directory vocabulary
  ** beside the pack's own; it is stored under that name, like a pack file. */
  char vdir[4096];
  char *text = mr_read_pack_file(mr_file_dir(p->dir, name, vdir, sizeof vdir), name, MAX_PACK_FILE, &len, why,
                                 sizeof why);
  if (!text) {
    if (!strcmp(why, "out of memory")) return mr_lua_oom(L);
    lua_pushnil(L);
    lua_pushstring(L, why);
    return 2;
  }
  if (memchr(text, 0, len)) {
    mr_free(text);
    lua_pushnil(L);
    lua_pushfstring(L, "%s contains a NUL byte: pack files are Lua text, never bytecode", name);
    return 2;
  }
  mr_file *files = mr_realloc(p->files, (size_t)(p->nfiles + 1) * sizeof *files);
  if (!files) {
    mr_free(text);
    return mr_lua_oom(L);
  }
  p->files = files;
  mr_file *nf = &p->files[p->nfiles];
  nf->len = len;
  nf->text = text;
  nf->name = mr_strdup(name);
  if (!nf->text || !nf->name) {
    mr_free(nf->text);
    mr_free(nf->name);
    return mr_lua_oom(L);
  }
  p->nfiles++;
  lua_pushlstring(L, nf->text, nf->len);
  return 1;
}

/* The prelude's deep copy of a declaration (prelude.lua, plain()), in C: the
** same raw traversal (lua_next is Lua's next) and the same insertions in the
** same order, so the limits fail on the same entry.  The copy is made at its
** size (table_size) instead of growing as Lua's loop made it grow; the order
** pairs() visits string keys in was never fixed (Lua seeds its string hashes
** per state), and the keys 1..n stay in the array part, in order.  The table
** at the top of the stack gets its copy pushed above it; NULL, or why it
** cannot be copied.  The clock is read every 1024 entries. */
#define PLAIN_MAX_DEPTH 12
#define UNHOOKED_MAX_ENTRIES 4096      /* a declaration larger than this */
#define UNHOOKED_MAX_BYTES (64u << 10) /* or with more text runs its checks hooked */
#define PLAIN_MAX_ENTRIES 100000
/* Pushes an empty table sized for the entries of the table at idx: its keys
** 1..n in the array part, the rest in the hash part.  A table past the limit
** gets an empty one (the copy fails at the limit, as it would have), and so
** does one whose positive integer keys have holes. */
static void table_size(lua_State *L, int idx) {
  long total = 0, ints = 0;
  lua_Integer top = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (++total > PLAIN_MAX_ENTRIES) {
      lua_pop(L, 1);
      lua_createtable(L, 0, 0);
      return;
    }
    if (lua_isinteger(L, -1)) {
      lua_Integer k = lua_tointeger(L, -1);
      if (k >= 1 && k <= PLAIN_MAX_ENTRIES) {
        ints++;
        if (k > top) top = k;
      }
    }
  }
  if (top != ints) /* integer keys with holes: '#' may pick any border, so the */
    lua_createtable(L, 0, 0); /* copy grows as Lua's loop made it grow */
  else
    lua_createtable(L, (int)ints, (int)(total - ints));
}

static const char *plain_copy(lua_State *L, mr_luabox *b, int depth, unsigned *steps, size_t *bytes, int *sizes);

/* The value on top of the stack as the copy holds it: a table replaced by
** its copy, a string's length added to *bytes.  NULL, or why not. */
static const char *copy_top(lua_State *L, mr_luabox *b, int depth, unsigned *steps, size_t *bytes) {
  int type = lua_type(L, -1);
  if (type == LUA_TSTRING) *bytes += lua_rawlen(L, -1);
  if (type != LUA_TTABLE) return NULL;
  const char *why = plain_copy(L, b, depth + 1, steps, bytes, NULL);
  if (!why) lua_remove(L, -2);
  return why;
}

/* A table of up to PLAIN_SMALL entries is read once: its keys and values
** go on the stack while they are counted, and the copy, made at its size,
** takes them from there in the same order; a larger one is counted first
** (table_size) and read again. */
#define PLAIN_SMALL 32

/* Copies entry (key at k, value at k + 1) into the table at dst. */
static const char *copy_entry(lua_State *L, mr_luabox *b, int depth, unsigned *steps, size_t *bytes, int k,
                              int dst) {
  if ((++*steps & 1023) == 0 && b->armed && (b->timed_out || past(&b->deadline))) time_up(L, b);
  const char *why;
  lua_pushvalue(L, k); /* the key, then the value, each as the copy holds it */
  if ((why = copy_top(L, b, depth, steps, bytes))) return why;
  lua_pushvalue(L, k + 1);
  if ((why = copy_top(L, b, depth, steps, bytes))) return why;
  lua_rawset(L, dst);
  return NULL;
}

/* sizes, when not NULL, gets the array and hash sizes the copy was made
** with (-1, -1 when it grew). */
static const char *plain_copy(lua_State *L, mr_luabox *b, int depth, unsigned *steps, size_t *bytes, int *sizes) {
  if (depth > PLAIN_MAX_DEPTH) return "a declaration nests tables too deeply (or refers to itself)";
  int src = lua_gettop(L);
  luaL_checkstack(L, 2 * PLAIN_SMALL + 8, NULL);
  long total = 0, ints = 0;
  lua_Integer top = 0;
  lua_pushnil(L);
  while (lua_next(L, src)) { /* src k1 v1 ... k v */
    if (++total > PLAIN_SMALL) break;
    if (lua_isinteger(L, -2)) {
      lua_Integer k = lua_tointeger(L, -2);
      if (k >= 1 && k <= PLAIN_MAX_ENTRIES) {
        ints++;
        if (k > top) top = k;
      }
    }
    lua_pushvalue(L, -2);
  }
  if (total <= PLAIN_SMALL) {
    int holes = top != ints; /* '#' may pick any border: the copy grows as Lua's loop made it grow */
    lua_createtable(L, holes ? 0 : (int)ints, holes ? 0 : (int)(total - ints));
    if (sizes) sizes[0] = holes ? -1 : (int)ints, sizes[1] = holes ? -1 : (int)(total - ints);
    int dst = lua_gettop(L);
    for (int i = 0; i < total; i++) {
      const char *why = copy_entry(L, b, depth, steps, bytes, src + 1 + 2 * i, dst);
      if (why) return why;
    }
    if (dst > src + 1) { /* the pairs read lie between src and the copy */
      lua_replace(L, src + 1);
      lua_settop(L, src + 1);
    }
    return NULL;
  }
  lua_settop(L, src);
  table_size(L, src);
  if (sizes) sizes[0] = sizes[1] = -1;
  int dst = src + 1;
  long n = 0;
  lua_pushnil(L);
  while (lua_next(L, src)) { /* src dst k x */
    if (++n > PLAIN_MAX_ENTRIES) return "a declaration table is too large";
    const char *why = copy_entry(L, b, depth, steps, bytes, lua_gettop(L) - 1, dst);
    if (why) return why;
    lua_pop(L, 1);
  }
  return NULL;
}

/* copy_plain(t) for the prelude: the copy and a second, shallow copy of it
** (made the same way: its top level in the copy's order), or nil and why
** not.  With the copies made, t is emptied when it has no metatable, as the
** prelude's seal() then did field by field (it seals t next). */
static int l_copy_plain(lua_State *L) {
  mr_luabox *b = *(mr_luabox **)lua_getextraspace(L);
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  luaL_checkstack(L, 4 * (PLAIN_MAX_DEPTH + 2), NULL);
  unsigned steps = 0;
  size_t bytes = 0;
  int sizes[2];
  const char *why = plain_copy(L, b, 0, &steps, &bytes, sizes);
  if (why) {
    lua_pushnil(L);
    lua_pushstring(L, why);
    return 2;
  }
  /* The checks that follow are linear in the copy and in its condition
  ** texts: a large declaration runs them with the hook back on. */
  if (b->unhooked && !b->timed_out && (steps > UNHOOKED_MAX_ENTRIES || bytes > UNHOOKED_MAX_BYTES))
    lua_sethook(L, deadline_hook, LUA_MASKCOUNT, 1000);
  if (sizes[0] >= 0) /* the copy has the keys of t: the same sizes */
    lua_createtable(L, sizes[0], sizes[1]); /* 1: t, 2: copy, 3: shallow */
  else
    table_size(L, 2);
  lua_pushnil(L);
  while (lua_next(L, 2)) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, 3);
  }
  if (!lua_getmetatable(L, 1)) { /* clearing fields while traversing is allowed */
    lua_pushnil(L);
    while (lua_next(L, 1)) {
      lua_pop(L, 1);
      lua_pushvalue(L, -1);
      lua_pushnil(L);
      lua_rawset(L, 1);
    }
  } else {
    lua_pop(L, 1);
  }
  return 2;
}

/* unknown_key(t, allowed) for the prelude: the first key of t (in next's
** order) that is not a key of allowed, or nothing.  Both are plain tables
** (the copy, the prelude's list). */
static int l_unknown_key(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  lua_pushnil(L);
  while (lua_next(L, 1)) {
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    int known = lua_rawget(L, 2) != LUA_TNIL && lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (!known) return 1;
  }
  return 0;
}

/* unhooked(f) for the prelude: f (a declaration: pack, fact, rule, policy,
** coverage) run without the count hook, which costs a call on every VM
** instruction while it is set (about a tenth of a pack's load).  Safe
** because a declaration runs only the prelude's code, on its own copy of
** what it was given (no metamethod or function of the pack), and bounded:
** its work is linear in that copy, and copy_plain turns the hook back on
** for a large one.  The clock is read before and after: a deadline passed
** meanwhile is reported at the pack's line that made the declaration. */
static int unhooked_call(lua_State *L) {
  mr_luabox *b = *(mr_luabox **)lua_getextraspace(L);
  int n = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  if (!b->armed || b->unhooked) {
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
  }
  if (b->timed_out || past(&b->deadline)) return time_up(L, b);
  lua_sethook(L, NULL, 0, 0);
  b->unhooked = 1;
  int rc = lua_pcall(L, n, LUA_MULTRET, 0);
  b->unhooked = 0;
  if (!b->timed_out) lua_sethook(L, deadline_hook, LUA_MASKCOUNT, 1000);
  if (rc == LUA_ERRMEM && !b->mem_hit) return mr_lua_oom(L); /* the host's allocator failed */
  if (rc != LUA_OK) return lua_error(L); /* the same error object, raised on */
  if (past(&b->deadline)) return time_up(L, b);
  return lua_gettop(L);
}

static int l_unhooked(lua_State *L) {
  luaL_checktype(L, 1, LUA_TFUNCTION);
  lua_settop(L, 1);
  lua_pushcclosure(L, unhooked_call, 1);
  return 1;
}

/* where(level) for the prelude: the pack file and line running `level`
** frames above the function that calls it, or the nearest pack line above
** that (a declaration may be called through pcall); "pack.lua", 0 when none.
** Done here, it makes no table per frame as debug.getinfo would. */
static int l_where(lua_State *L) {
  lua_Debug ar;
  for (int level = (int)luaL_checkinteger(L, 1); lua_getstack(L, level, &ar); level++)
    if (lua_getinfo(L, "Sl", &ar) && ar.source[0] == '@' && ar.currentline > 0) {
      lua_pushstring(L, ar.short_src);
      lua_pushinteger(L, ar.currentline);
      return 2;
    }
  lua_pushliteral(L, "pack.lua");
  lua_pushinteger(L, 0);
  return 2;
}

void mr_luabox_run_pack(mr_luabox *b) {
  lua_State *L = b->L;
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
  luaL_requiref(L, LUA_DBLIBNAME, luaopen_debug, 1);
  luaL_requiref(L, "lpeg", luaopen_lpeg, 0);
  lua_copy(L, -1, -7); /* lpeg stays on the stack as the prelude's first argument */
  lua_pop(L, 6);
  /* the prelude is embedded as bytecode (see the Makefile); nothing else is */
  if (luaL_loadbufferx(L, (const char *)mr_prelude_lua, mr_prelude_lua_len, "=prelude", "b") != LUA_OK)
    lua_error(L);
  lua_insert(L, -2);
  lua_pushcfunction(L, l_readfile);
  lua_pushcfunction(L, l_gate);
  lua_pushcfunction(L, l_copy_plain);
  lua_pushcfunction(L, l_where);
  lua_pushcfunction(L, l_unhooked);
  lua_pushcfunction(L, mr_luabox_parse);
  lua_pushcfunction(L, l_unknown_key);
  lua_call(L, 8, 1); /* -> run */
  /* The prelude kept what it needs; the pack's environment never sees these. */
  lua_pushnil(L);
  lua_setglobal(L, "debug");
  lua_pushnil(L);
  lua_setglobal(L, "lpeg");
  lua_call(L, 0, 1); /* -> registry */
}

/* For a Lua message "file.lua:LINE: ... near 'tok'", the source line with
** the token marked, as a compiler would show it. */
static void show_line(mr_luabox *b, const char *msg, strbuf *out) {
  const medrule_pack *p = b->loading ? b->loading : b->pack;
  const char *colon = strchr(msg, ':');
  if (!p || !colon) return;
  char *end;
  long line = strtol(colon + 1, &end, 10);
  if (line <= 0 || *end != ':') return;
  const mr_file *file = NULL;
  for (int i = 0; i < p->nfiles; i++)
    if (strlen(p->files[i].name) == (size_t)(colon - msg) && !strncmp(p->files[i].name, msg, (size_t)(colon - msg)))
      file = &p->files[i];
  if (!file) return;
  const char *s = file->text, *stop = file->text + file->len;
  for (long l = 1; l < line && s < stop; l++) {
    const char *nl = memchr(s, '\n', (size_t)(stop - s));
    s = nl ? nl + 1 : stop;
  }
  const char *eol = memchr(s, '\n', (size_t)(stop - s));
  if (!eol) eol = stop;
  if (s >= stop) return;
  sb_puts(out, "\n    ");
  sb_add(out, s, (size_t)(eol - s));
  const char *near = strstr(msg, " near '");
  if (!near) return;
  near += 7;
  const char *q = strchr(near, '\'');
  if (!q || q == near) return;
  for (const char *at = s; at + (q - near) <= eol; at++)
    if (!strncmp(at, near, (size_t)(q - near))) {
      sb_puts(out, "\n    ");
      for (const char *c = s; c < at; c++) sb_putc(out, *c == '\t' ? '\t' : ' ');
      sb_putc(out, '^');
      for (long k = 1; k < q - near; k++) sb_putc(out, '~');
      return;
    }
}

/* The string the registry holds under `key`, or NULL, found without making
** the key's string: outside any pcall and at the memory limit, an allocation
** that fails is an unprotected error.  The string stays reachable from the
** registry while the state is open. */
static const char *registry_string(lua_State *L, const char *key) {
  const char *found = NULL;
  lua_pushnil(L);
  while (lua_next(L, LUA_REGISTRYINDEX)) {
    if (!found && lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING &&
        strcmp(lua_tostring(L, -2), key) == 0)
      found = lua_tostring(L, -1);
    lua_pop(L, 1);
  }
  return found;
}

char *mr_luabox_error(mr_luabox *b, const char *dir) {
  lua_State *L = b->L;
  char *msg = NULL;
  char vdir[4096];
  if (b->mem_hit && !b->timed_out) {
    /* the prelude notes which pack file is running; a memory error has no line */
    const char *file = registry_string(L, "medrule.file");
    if (!file) file = "pack.lua";
    msg = mr_printf("%s/%s: memory limit of %zu bytes exceeded while running the pack files",
                    mr_file_dir(dir, file, vdir, sizeof vdir), file, b->limit);
  } else if (b->timed_out && b->where[0]) {
    msg = mr_printf("%s/%stime limit of %d ms exceeded while running the pack files",
                    mr_file_dir(dir, b->where, vdir, sizeof vdir), b->where, (int)b->limit_ms);
  } else if (lua_type(L, -1) == LUA_TTABLE) {
    /* raw reads: an error object's metamethods must not run outside pcall */
    lua_pushstring(L, "complete");
    if (lua_rawget(L, -2) == LUA_TSTRING) { /* raised by the loader with its location */
      msg = mr_strdup(lua_tostring(L, -1));
      lua_pop(L, 1);
    } else {
      lua_pop(L, 1);
      lua_pushstring(L, "file");
      lua_rawget(L, -2);
      lua_pushstring(L, "line");
      lua_rawget(L, -3);
      lua_pushstring(L, "msg");
      lua_rawget(L, -4);
      const char *file = lua_type(L, -3) == LUA_TSTRING ? lua_tostring(L, -3) : "pack.lua";
      const char *why = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1)
                                                       : "error (an error object that is not a message)";
      lua_Integer line = lua_tointeger(L, -2);
      const char *fdir = mr_file_dir(dir, file, vdir, sizeof vdir);
      if (line > 0) msg = mr_printf("%s/%s:%lld: %s", fdir, file, (long long)line, why);
      else msg = mr_printf("%s/%s: %s", fdir, file, why);
      lua_pop(L, 3);
    }
  } else {
    const char *s = lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER ? lua_tostring(L, -1) : NULL;
    if (!s) s = "error (an error object that is not a message)";
    /* Lua's messages start "file.lua:LINE:"; put the pack directory in front. */
    const char *colon = strchr(s, ':');
    int named = colon && colon - s > 4 && strncmp(colon - 4, ".lua", 4) == 0 &&
                memchr(s, ' ', (size_t)(colon - s)) == NULL;
    if (named) {
      strbuf m;
      sb_init(&m);
      sb_printf(&m, "%s/%s", mr_file_dir(dir, s, vdir, sizeof vdir), s);
      show_line(b, s, &m);
      msg = sb_steal(&m);
    }
    else
      msg = mr_printf("%s/pack.lua: %s", dir, s);
  }
  lua_pop(L, 1);
  return msg;
}
