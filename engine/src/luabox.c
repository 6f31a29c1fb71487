/* luabox.c — the sandboxed, limited Lua state that runs pack files. */
#include "luabox.h"

#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua-lpeg.h>

extern const unsigned char mr_prelude_lua[];
extern const size_t mr_prelude_lua_len;

#define MAX_PACK_FILE (4u << 20) /* a pack file larger than 4 MiB is refused */

/* The allocator refuses growth past the limit; shrinking and freeing always
** succeed, as Lua requires. */
static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  mr_luabox *b = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    b->used -= old;
    return NULL;
  }
  if (nsize > old && b->used + (nsize - old) > b->limit) {
    b->mem_hit = 1;
    return NULL;
  }
  void *np = realloc(ptr, nsize);
  if (!np) return NULL;
  b->used = b->used - old + nsize;
  return np;
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

int mr_luabox_open(mr_luabox *b, size_t limit) {
  memset(b, 0, sizeof *b);
  b->limit = limit;
  b->L = lua_newstate(limited_alloc, b);
  if (!b->L) return -1;
  lua_atpanic(b->L, panic);
  *(mr_luabox **)lua_getextraspace(b->L) = b;
  return 0;
}

void mr_luabox_close(mr_luabox *b) {
  if (b->L) lua_close(b->L);
  b->L = NULL;
}

static int past(const struct timespec *d) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > d->tv_sec || (now.tv_sec == d->tv_sec && now.tv_nsec >= d->tv_nsec);
}

/* Checks the clock every 1000 instructions.  Once the deadline has passed the
** hook fires on every instruction and raises each time, so a pcall in pack
** code cannot swallow the limit and carry on. */
static void deadline_hook(lua_State *L, lua_Debug *ar) {
  mr_luabox *b = *(mr_luabox **)lua_getextraspace(L);
  if (!b->timed_out && !past(&b->deadline)) return;
  if (!b->timed_out) { /* remember where it ran over: the pack's line, not ours */
    lua_sethook(L, deadline_hook, LUA_MASKCOUNT, 1);
    b->where[0] = 0;
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
      snprintf(b->where, sizeof b->where, "%s:%d: ", ar->short_src, ar->currentline);
  }
  b->timed_out = 1;
  lua_pushfstring(L, "%stime limit of %d ms exceeded", b->where, (int)b->limit_ms);
  lua_error(L);
}

void mr_luabox_arm(mr_luabox *b, unsigned ms) {
  clock_gettime(CLOCK_MONOTONIC, &b->deadline);
  b->deadline.tv_sec += ms / 1000;
  b->deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
  if (b->deadline.tv_nsec >= 1000000000L) {
    b->deadline.tv_sec++;
    b->deadline.tv_nsec -= 1000000000L;
  }
  b->limit_ms = ms;
  b->timed_out = 0;
  lua_sethook(b->L, deadline_hook, LUA_MASKCOUNT, 1000);
}

void mr_luabox_disarm(mr_luabox *b) { lua_sethook(b->L, NULL, 0, 0); }

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
  char *path = mr_printf("%s/%s", p->dir, name);
  if (!path) return mr_lua_oom(L);
  FILE *f = fopen(path, "rb");
  if (!f) {
    int e = errno;
    lua_pushnil(L);
    lua_pushfstring(L, "cannot open %s: %s", path, strerror(e));
    free(path);
    return 2;
  }
  free(path);
  strbuf sb;
  sb_init(&sb);
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    sb_add(&sb, chunk, n);
    if (sb.len > MAX_PACK_FILE) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad || sb.oom || sb.len > MAX_PACK_FILE) {
    sb_free(&sb);
    lua_pushnil(L);
    lua_pushfstring(L, "cannot read %s: %s", name, bad ? "read error" : "larger than 4 MiB");
    return 2;
  }
  if (memchr(sb.data ? sb.data : "", 0, sb.len)) {
    sb_free(&sb);
    lua_pushnil(L);
    lua_pushfstring(L, "%s contains a NUL byte: pack files are Lua text, never bytecode", name);
    return 2;
  }
  mr_file *files = mr_realloc(p->files, (size_t)(p->nfiles + 1) * sizeof *files);
  if (!files) {
    sb_free(&sb);
    return mr_lua_oom(L);
  }
  p->files = files;
  mr_file *nf = &p->files[p->nfiles];
  nf->len = sb.len;
  nf->text = sb_steal(&sb);
  nf->name = mr_strdup(name);
  if (!nf->text || !nf->name) {
    free(nf->text);
    free(nf->name);
    return mr_lua_oom(L);
  }
  p->nfiles++;
  lua_pushlstring(L, nf->text, nf->len);
  return 1;
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
  if (luaL_loadbufferx(L, (const char *)mr_prelude_lua, mr_prelude_lua_len, "=prelude", "t") != LUA_OK)
    lua_error(L);
  lua_insert(L, -2);
  lua_pushcfunction(L, l_readfile);
  lua_call(L, 2, 1); /* -> run */
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

char *mr_luabox_error(mr_luabox *b, const char *dir) {
  lua_State *L = b->L;
  char *msg = NULL;
  if (b->mem_hit && !b->timed_out) {
    /* the prelude notes which pack file is running; a memory error has no line */
    lua_getfield(L, LUA_REGISTRYINDEX, "medrule.file");
    const char *file = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "pack.lua";
    msg = mr_printf("%s/%s: memory limit of %zu bytes exceeded while running the pack files", dir, file, b->limit);
    lua_pop(L, 1);
  } else if (b->timed_out && b->where[0]) {
    msg = mr_printf("%s/%stime limit of %d ms exceeded while running the pack files", dir, b->where, (int)b->limit_ms);
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
      if (line > 0) msg = mr_printf("%s/%s:%lld: %s", dir, file, (long long)line, why);
      else msg = mr_printf("%s/%s: %s", dir, file, why);
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
      sb_printf(&m, "%s/%s", dir, s);
      show_line(b, s, &m);
      msg = sb_steal(&m);
    }
    else
      msg = mr_printf("%s/pack.lua: %s", dir, s);
  }
  lua_pop(L, 1);
  return msg;
}
