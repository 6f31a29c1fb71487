/* medrule.c — the Lua 5.4 binding of libmedrule: `local medrule = require "medrule"`.
**
** It uses only the public API (medrule.h).  The objects:
**
**   pack     full userdata holding a medrule_pack, with __gc and __close.  Its
**            one user value caches a session (below) between checks.
**   facts    full userdata holding a medrule_facts; its user value is its pack.
**   session  (internal) the fact set, evaluator and result pack:check uses;
**            its user value is its pack.
**
** LIFETIME.  The engine wants every facts, evaluator and result object freed
** before its pack is closed, while Lua collects objects in no promised order.
** So a pack counts its users: the pack object's own reference (dropped by
** :close(), <close> or collection) and one per facts or session object alive;
** the medrule_pack is closed when the count reaches zero.  Every user keeps
** the pack object in its user value, so the pack's memory (and the count in
** it) stays valid until every user has been finalized: Lua keeps whatever a
** finalized object refers to alive for that cycle, and lua_close runs every
** finalizer before it frees anything.  A pack or fact set closed by a
** finalizer while one of our functions reads it is freed when that function
** returns (see BUSY below).
**
** ERRORS.  Bad input and packs that fail to load are results: nil, the
** engine's message, and the status name ("input", "pack", "io", ...).
** Misuse (a wrong argument type, an unknown option, a closed pack) raises a
** Lua error.  Nothing raises while C memory is unanchored: every engine
** object lives in a userdata (freed by its __gc) before a call that may raise
** (any Lua allocation may raise, or run a finalizer), and engine-owned
** strings are copied into Lua as soon as they are obtained. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>

#include "medrule.h"

#define PACK_MT "medrule.pack"
#define FACTS_MT "medrule.facts"
#define SESSION_MT "medrule.session"

LUAMOD_API int luaopen_medrule(lua_State *L);

/* ------------------------------------------------------------ objects */

typedef struct lpack {
  medrule_pack *p; /* NULL once closed by the engine */
  int refs;        /* the pack object's own reference while `own`, one per facts or session object */
  int own;
  int closed;      /* closed for Lua: no new use */
  int busy;        /* functions reading the pack right now (see pack_leave) */
  char *tmp;       /* a string from the engine, until it is copied into Lua */
} lpack;

typedef struct lfacts {
  lpack *pk; /* NULL once freed */
  medrule_facts *f;
  int failed;  /* the last load failed: nothing to evaluate until a load succeeds or a clear */
  int closing; /* closed for Lua; freed when no function uses it any more */
  int busy;
} lfacts;

typedef struct session {
  lpack *pk; /* NULL once freed */
  medrule_facts *facts;
  medrule_evaluator *ev;
  medrule_result *result;
  char *tmp;
} session;

static void pack_unref(lpack *pk) {
  if (--pk->refs == 0) {
    medrule_pack_close(pk->p);
    pk->p = NULL;
  }
}

static void session_release(session *s) {
  medrule_free(s->tmp);
  s->tmp = NULL;
  if (!s->pk) return;
  medrule_result_free(s->result);
  medrule_evaluator_free(s->ev);
  medrule_facts_free(s->facts);
  s->result = NULL, s->ev = NULL, s->facts = NULL;
  lpack *pk = s->pk;
  s->pk = NULL;
  pack_unref(pk);
}

static void facts_release(lfacts *lf) {
  lf->closing = 1;
  if (!lf->pk) return;
  medrule_facts_free(lf->f);
  lf->f = NULL;
  lpack *pk = lf->pk;
  lf->pk = NULL;
  pack_unref(pk);
}

/* BUSY.  Any Lua allocation may run finalizers, and a finalizer may close a
** pack or a fact set, so a function that reads one across allocations marks
** it busy: closing it then only forbids new use, and the last function to
** leave frees it.  A function left by a Lua error stays busy; the object is
** then freed when it is collected (nothing can be using it by then). */
static void pack_leave(lpack *pk) {
  if (--pk->busy == 0 && pk->closed && pk->own) {
    pk->own = 0;
    pack_unref(pk);
  }
}

static void facts_leave(lfacts *lf) {
  if (--lf->busy == 0 && lf->closing) facts_release(lf);
}

/* Closes the pack object at `idx` for Lua: its cached session (idle: a
** running check takes it out of the cache) is freed now; the pack's own
** reference is dropped when no function reads the pack (always when
** `collected`); the engine's pack is closed once nothing else uses it. */
static void pack_release(lua_State *L, int idx, int collected) {
  lpack *pk = lua_touserdata(L, idx);
  if (collected) {
    medrule_free(pk->tmp);
    pk->tmp = NULL;
  }
  if (!pk->closed) {
    pk->closed = 1;
    if (lua_getiuservalue(L, idx, 1) == LUA_TUSERDATA) session_release(lua_touserdata(L, -1));
    lua_pop(L, 1);
  }
  if (pk->own && (collected || pk->busy == 0)) {
    pk->own = 0;
    pack_unref(pk);
  }
}

static lpack *check_pack(lua_State *L, int idx) {
  lpack *pk = luaL_checkudata(L, idx, PACK_MT);
  if (pk->closed || !pk->p) luaL_error(L, "medrule: the pack is closed");
  return pk;
}

static lfacts *check_facts(lua_State *L, int idx) {
  lfacts *lf = luaL_checkudata(L, idx, FACTS_MT);
  if (lf->closing || !lf->pk || !lf->f) luaL_error(L, "medrule: the fact set is closed");
  return lf;
}

static void push_null(lua_State *L) { lua_pushlightuserdata(L, NULL); }
static int is_null(lua_State *L, int idx) {
  return lua_type(L, idx) == LUA_TLIGHTUSERDATA && lua_touserdata(L, idx) == NULL;
}

/* "input" for MEDRULE_INPUT: the status names in lower case. */
static void push_status(lua_State *L, int status) {
  static const struct { int num; const char *name; } NAMES[] = {
#define MEDRULE_STATUS_NAME(name, num, text) {num, #name},
    MEDRULE_STATUS_MAP(MEDRULE_STATUS_NAME)
#undef MEDRULE_STATUS_NAME
  };
  for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
    if (NAMES[i].num == status) {
      char low[16];
      size_t k = 0;
      for (; NAMES[i].name[k] && k < sizeof low - 1; k++)
        low[k] = (char)(NAMES[i].name[k] >= 'A' && NAMES[i].name[k] <= 'Z' ? NAMES[i].name[k] - 'A' + 'a' : NAMES[i].name[k]);
      lua_pushlstring(L, low, k);
      return;
    }
  lua_pushinteger(L, status);
}

/* nil, message, status */
static int fail(lua_State *L, const char *message, int status) {
  lua_pushnil(L);
  lua_pushstring(L, message ? message : medrule_errstr(status));
  push_status(L, status);
  return 3;
}

/* The string at idx, which must not contain a NUL byte (the engine takes C strings). */
static const char *check_cstring(lua_State *L, int idx, const char *what) {
  size_t len;
  const char *s = luaL_checklstring(L, idx, &len);
  if (strlen(s) != len) luaL_error(L, "medrule: %s contains a NUL byte", what);
  return s;
}

/* Checks that every key of the options table at idx is one of `names`. */
static void check_option_names(lua_State *L, int idx, const char *const *names, const char *list) {
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    int known = 0;
    if (lua_type(L, -1) == LUA_TSTRING)
      for (const char *const *n = names; *n && !known; n++) known = strcmp(lua_tostring(L, -1), *n) == 0;
    if (!known) {
      if (lua_type(L, -1) == LUA_TSTRING)
        luaL_error(L, "medrule: unknown option '%s' (options: %s)", lua_tostring(L, -1), list);
      luaL_error(L, "medrule: options are named (%s), not %s keys", list, luaL_typename(L, -1));
    }
  }
}

/* ------------------------------------------------------------ medrule.open */

static unsigned opt_unsigned(lua_State *L, int idx, const char *name, lua_Integer max) {
  int t = lua_getfield(L, idx, name);
  lua_Integer v = 0;
  if (t != LUA_TNIL) {
    int isint;
    v = lua_tointegerx(L, -1, &isint);
    if (!isint || v < 0 || v > max) luaL_error(L, "medrule: option %s must be an integer from 0 to %I", name, max);
  }
  lua_pop(L, 1);
  return (unsigned)v;
}

/* medrule.open(dir | {dir, ...} [, options]) -> pack | nil, message, status */
static int l_open(lua_State *L) {
  static const char *const OPTS[] = {"memory_limit", "load_time_limit_ms", "call_time_limit_ms", NULL};
  medrule_pack_options o;
  memset(&o, 0, sizeof o);
  lua_settop(L, 2);
  if (!lua_isnil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    check_option_names(L, 2, OPTS, "memory_limit, load_time_limit_ms, call_time_limit_ms");
    lua_getfield(L, 2, "memory_limit");
    if (!lua_isnil(L, -1)) {
      int isint;
      lua_Integer v = lua_tointegerx(L, -1, &isint);
      if (!isint || v < 0) luaL_error(L, "medrule: option memory_limit must be a number of bytes (0: the default)");
      o.memory_limit = (size_t)v;
    }
    lua_pop(L, 1);
    o.load_time_limit_ms = opt_unsigned(L, 2, "load_time_limit_ms", 0x7fffffff);
    o.call_time_limit_ms = opt_unsigned(L, 2, "call_time_limit_ms", 0x7fffffff);
  }
  /* The directories, anchored in a table of our own (index 3), their
  ** pointers in a userdata (index 4). */
  lua_Integer n;
  lua_newtable(L);
  if (lua_type(L, 1) == LUA_TTABLE) {
    n = (lua_Integer)lua_rawlen(L, 1);
    if (n > 4096) luaL_argerror(L, 1, "too many pack directories");
    for (lua_Integer i = 1; i <= n; i++) {
      if (lua_rawgeti(L, 1, i) != LUA_TSTRING) luaL_error(L, "medrule: pack directory %I is not a string", i);
      check_cstring(L, -1, "a pack directory");
      lua_rawseti(L, 3, i);
    }
  } else if (lua_type(L, 1) == LUA_TSTRING) {
    n = 1;
    check_cstring(L, 1, "the pack directory");
    lua_pushvalue(L, 1);
    lua_rawseti(L, 3, 1);
  } else {
    return luaL_typeerror(L, 1, "pack directory or list of them");
  }
  const char **dirs = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *dirs, 0);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, 3, i);
    dirs[i - 1] = lua_tostring(L, -1); /* anchored by the table at 3 */
    lua_pop(L, 1);
  }
  lpack *pk = lua_newuserdatauv(L, sizeof *pk, 1);
  memset(pk, 0, sizeof *pk);
  luaL_setmetatable(L, PACK_MT);
  int rc = medrule_pack_open_many(dirs, (int)n, &o, &pk->p, &pk->tmp);
  if (rc != MEDRULE_OK) {
    rc = fail(L, pk->tmp, rc);
    medrule_free(pk->tmp);
    pk->tmp = NULL;
    return rc;
  }
  pk->refs = 1, pk->own = 1;
  return 1;
}

/* ------------------------------------------------------------ Lua tables as facts */

/* Walks a Lua table of facts (a fact file's shape, contract §1) into a fact
** set through the typed setters, with the checks and messages a fact file
** gets (engine/src/facts_json.c).  Keys are visited in byte order, so that
** messages come in a fixed order. */
typedef struct tload {
  lua_State *L;
  medrule_facts *f;
  const medrule_pack *p;
  unsigned flags;
  int reset; /* facts:set: a fact may be given again */
  int nomem;
} tload;

static int tl_error(tload *ld, const char *where, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int tl_error(tload *ld, const char *where, const char *fmt, ...) {
  char msg[1200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (medrule_facts_add_error(ld->f, where, msg) == MEDRULE_NOMEM) ld->nomem = 1;
  return -1;
}

static int tl_full(tload *ld) { return ld->nomem || medrule_facts_error_count(ld->f) >= 20; }

/* 1: a non-empty sequence; 0: an empty table; -1: a table with other keys. */
static int list_kind(lua_State *L, int idx) {
  idx = lua_absindex(L, idx);
  lua_Unsigned n = lua_rawlen(L, idx), count = 0;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || (lua_Unsigned)lua_tointeger(L, -1) > n) {
      lua_pop(L, 1);
      return -1;
    }
    count++;
  }
  return count == 0 ? 0 : count == n ? 1 : -1;
}

/* What a value is, in the words of the fact-file messages. */
static const char *kind(lua_State *L, int idx) {
  switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN: return "a boolean";
    case LUA_TNUMBER: return "a number";
    case LUA_TSTRING: return "a string";
    case LUA_TTABLE: {
      int k = list_kind(L, idx);
      return k > 0 ? "a list" : k == 0 ? "an empty table" : "an object";
    }
    case LUA_TLIGHTUSERDATA: return is_null(L, idx) ? "null" : "a light userdata";
    case LUA_TFUNCTION: return "a function";
    case LUA_TUSERDATA: return "a userdata";
    case LUA_TTHREAD: return "a thread";
    default: return "nil";
  }
}

/* The string at idx as a C string for fact `name`, or NULL with an error
** when it holds a NUL byte. */
static const char *tl_cstring(tload *ld, int idx, const char *name) {
  size_t len;
  const char *s = lua_tolstring(ld->L, idx, &len);
  size_t at = strlen(s);
  if (at != len) {
    tl_error(ld, name, "the text contains a NUL byte (byte %zu)", at);
    return NULL;
  }
  return s;
}

static int setter_status(tload *ld, int rc) {
  if (rc == MEDRULE_NOMEM) ld->nomem = 1;
  return rc == MEDRULE_OK ? 0 : -1; /* the setter said why */
}

/* Byte order, whatever the locale (lua_compare on strings uses strcoll). */
static int bytecmp(const char *a, size_t al, const char *b, size_t bl) {
  int c = memcmp(a, b, al < bl ? al : bl);
  return c ? c : (al > bl) - (al < bl);
}

/* Pushes t[name] (no metamethods); returns its type. */
static int rawfield(lua_State *L, int t, const char *name) {
  lua_pushstring(L, name);
  return lua_rawget(L, t);
}

/* A FHIR Quantity {value = 82, unit = "kg", system = ..., code = ...}: the
** UCUM code when there is one, else the unit. */
static int quantity_object(tload *ld, int fact, int v) {
  static const char *const KEYS[] = {"value", "unit", "code", "system"};
  static const char UCUM[] = "http://unitsofmeasure.org";
  lua_State *L = ld->L;
  const char *name = medrule_pack_fact_name(ld->p, fact);
  int top = lua_gettop(L), rc;
  luaL_checkstack(L, 8, NULL);
  /* any other key is an error; the first in byte order is named */
  const char *other = NULL;
  lua_pushnil(L); /* top + 1: that key */
  lua_pushnil(L);
  while (lua_next(L, v)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING) {
      if (!other) other = luaL_typename(L, -1);
      continue;
    }
    size_t kl, bl;
    const char *k = lua_tolstring(L, -1, &kl), *b = lua_tolstring(L, top + 1, &bl);
    int known = 0;
    for (int i = 0; i < 4; i++) known |= strlen(KEYS[i]) == kl && !memcmp(k, KEYS[i], kl);
    if (!known && (!b || bytecmp(k, kl, b, bl) < 0)) {
      lua_pushvalue(L, -1);
      lua_replace(L, top + 1);
    }
  }
  if (lua_type(L, top + 1) == LUA_TSTRING) {
    rc = tl_error(ld, name, "a quantity object has 'value', 'unit', 'system' and 'code', not '%s'",
                  lua_tostring(L, top + 1));
    lua_settop(L, top);
    return rc;
  }
  if (other) {
    lua_settop(L, top);
    return tl_error(ld, name, "a quantity object has 'value', 'unit', 'system' and 'code', not a %s key", other);
  }
  lua_settop(L, top);
  int tv = rawfield(L, v, "value"), tc, ts;
  rawfield(L, v, "unit");
  tc = rawfield(L, v, "code");
  ts = rawfield(L, v, "system");
  size_t sl = 0;
  const char *sys = ts == LUA_TSTRING ? lua_tolstring(L, top + 4, &sl) : NULL;
  int u = tc == LUA_TSTRING ? top + 3 : top + 2;
  const char *unit;
  if (ts != LUA_TNIL && (!sys || sl != sizeof UCUM - 1 || memcmp(sys, UCUM, sl)))
    rc = tl_error(ld, name, "the quantity's system is not UCUM (%s): its unit cannot be read", UCUM);
  else if (tv != LUA_TNUMBER || lua_type(L, u) != LUA_TSTRING)
    rc = tl_error(ld, name, "a quantity object needs a numeric 'value' and a 'unit' (or UCUM 'code') string");
  else if (!(unit = tl_cstring(ld, u, name)))
    rc = -1;
  else
    rc = setter_status(ld, medrule_facts_set_quantity(ld->f, fact, lua_tonumber(L, top + 1), unit));
  lua_settop(L, top);
  return rc;
}

/* A list of codes {"crps", "fibromyalgia"} (an empty table is the empty list). */
static int codes_value(tload *ld, int fact, int v) {
  lua_State *L = ld->L;
  const char *name = medrule_pack_fact_name(ld->p, fact);
  lua_Unsigned n = lua_rawlen(L, v);
  if (n > 64) return tl_error(ld, name, "more than 64 codes");
  const char *codes[64];
  int top = lua_gettop(L), rc = 0;
  luaL_checkstack(L, (int)n + 4, NULL); /* the codes stay on the stack while the engine reads them */
  for (lua_Unsigned i = 1; i <= n && rc == 0; i++) {
    if (lua_rawgeti(L, v, (lua_Integer)i) != LUA_TSTRING)
      rc = tl_error(ld, name, "item %d is %s; expected one of its codes", (int)i, kind(L, -1));
    else if (!(codes[i - 1] = tl_cstring(ld, -1, name)))
      rc = -1;
  }
  if (rc == 0) rc = setter_status(ld, medrule_facts_set_codes(ld->f, fact, codes, (int)n));
  lua_settop(L, top);
  return rc;
}

/* The Lua value at v for fact `fact`, through the typed setter for its type;
** a value of the wrong kind is an error saying what was expected. */
static int set_value(tload *ld, int fact, int v) {
  static const char *const WANT[] = {"true or false", "a number", "a quantity such as \"82 kg\"",
                                     "one of its codes", "a list of its codes", "text"};
  lua_State *L = ld->L;
  medrule_facts *f = ld->f;
  const char *name = medrule_pack_fact_name(ld->p, fact), *s;
  int type = medrule_fact_type(ld->p, fact), t = lua_type(L, v);
  if (is_null(L, v)) return setter_status(ld, medrule_facts_set_unknown(f, fact));
  switch (type) {
    case MEDRULE_TYPE_BOOLEAN:
      if (t == LUA_TBOOLEAN) return setter_status(ld, medrule_facts_set_boolean(f, fact, lua_toboolean(L, v)));
      break;
    case MEDRULE_TYPE_NUMBER:
      if (t == LUA_TNUMBER) return setter_status(ld, medrule_facts_set_number(f, fact, lua_tonumber(L, v)));
      break;
    case MEDRULE_TYPE_QUANTITY:
      if (t == LUA_TNUMBER) /* in the fact's canonical unit */
        return setter_status(ld, medrule_facts_set_number(f, fact, lua_tonumber(L, v)));
      if (t == LUA_TSTRING)
        return (s = tl_cstring(ld, v, name)) ? setter_status(ld, medrule_facts_set_quantity_text(f, fact, s)) : -1;
      if (t == LUA_TTABLE && list_kind(L, v) <= 0) return quantity_object(ld, fact, v);
      break;
    case MEDRULE_TYPE_CODE:
      if (t == LUA_TSTRING)
        return (s = tl_cstring(ld, v, name)) ? setter_status(ld, medrule_facts_set_code(f, fact, s)) : -1;
      break;
    case MEDRULE_TYPE_CODES:
      if (t == LUA_TTABLE && list_kind(L, v) >= 0) return codes_value(ld, fact, v);
      break;
    case MEDRULE_TYPE_STRING:
      if (t == LUA_TSTRING)
        return (s = tl_cstring(ld, v, name)) ? setter_status(ld, medrule_facts_set_string(f, fact, s)) : -1;
      break;
    default: return tl_error(ld, name, "a fact of a type this binding does not know (%d)", type);
  }
  return tl_error(ld, name, "expected %s, got %s", WANT[type], kind(L, v));
}

static void walk(tload *ld, int t, char *path, size_t plen);

/* t[key] = value at v, in the table whose dotted name is path. */
static void visit(tload *ld, int v, char *path, size_t plen, const char *key, size_t klen) {
  lua_State *L = ld->L;
  char where[540];
  if (plen + klen + 2 > 512) {
    tl_error(ld, NULL, "$%s%s: the name '%.40s...' is too long to be a fact", plen ? "." : "", path, key);
    return;
  }
  if (memchr(key, 0, klen)) {
    snprintf(where, sizeof where, "$%s%s", plen ? "." : "", path);
    tl_error(ld, where, "a name contains a NUL byte");
    return;
  }
  size_t at = plen;
  if (plen) path[at++] = '.';
  memcpy(path + at, key, klen);
  path[at + klen] = 0;
  size_t len = at + klen;
  snprintf(where, sizeof where, "$.%s", path);
  int fact = medrule_fact_lookup(ld->p, path, len);
  if (fact >= 0) {
    if (!ld->reset && medrule_facts_is_given(ld->f, fact)) tl_error(ld, path, "given twice (duplicate key)");
    else set_value(ld, fact, v);
  } else if (medrule_pack_is_group(ld->p, path, len)) {
    if (lua_type(L, v) == LUA_TTABLE && list_kind(L, v) <= 0) walk(ld, v, path, len);
    else if (!is_null(L, v))
      tl_error(ld, where, "'%s' is a group of facts and must be an object, got %s", path, kind(L, v));
  } else {
    const char *s = medrule_pack_suggest(ld->p, path);
    if (ld->flags & MEDRULE_ALLOW_EXTRA) {
      char msg[700];
      snprintf(msg, sizeof msg, "ignored: not a fact of pack %s%s%s%s", medrule_pack_id(ld->p),
               s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
      if (medrule_facts_add_warning(ld->f, where, msg)) ld->nomem = 1;
    } else if (s) {
      tl_error(ld, where, "unknown fact '%s' (did you mean '%s'?; --allow-extra ignores unknown names)", path, s);
    } else {
      tl_error(ld, where, "unknown fact '%s' (not in pack %s; --allow-extra ignores unknown names)", path,
               medrule_pack_id(ld->p));
    }
  }
  path[plen] = 0;
}

typedef struct keyref {
  const char *s;
  size_t n;
  int at; /* its index in the anchoring table */
} keyref;

static int keycmp(const void *a, const void *b) {
  const keyref *x = a, *y = b;
  return bytecmp(x->s, x->n, y->s, y->n);
}

/* Walks the table at t (an absolute index) whose dotted name is path ("" at
** the top), its keys in byte order. */
static void walk(tload *ld, int t, char *path, size_t plen) {
  lua_State *L = ld->L;
  luaL_checkstack(L, 12, NULL);
  int top = lua_gettop(L), n = 0;
  const char *other = NULL;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) n += n < 0x3fffffff;
    else if (!other) other = luaL_typename(L, -1);
  }
  if (other) {
    char where[540];
    snprintf(where, sizeof where, "$%s%s", plen ? "." : "", path);
    tl_error(ld, where, "a table of facts has fact names for keys, not %s keys", other);
  }
  /* the keys, anchored in a table of our own (they are the user's table's
  ** only as long as the user's table keeps them), sorted in a userdata */
  lua_createtable(L, n, 0);
  keyref *keys = lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof *keys, 0);
  int k = 0;
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING && k < n) {
      lua_pushvalue(L, -1);
      lua_rawseti(L, top + 1, ++k);
    }
  }
  for (int i = 0; i < k; i++) {
    lua_rawgeti(L, top + 1, i + 1);
    keys[i].s = lua_tolstring(L, -1, &keys[i].n);
    keys[i].at = i + 1;
    lua_pop(L, 1);
  }
  qsort(keys, (size_t)k, sizeof *keys, keycmp);
  for (int i = 0; i < k && !tl_full(ld); i++) {
    lua_rawgeti(L, top + 1, keys[i].at);
    lua_rawget(L, t);
    if (!lua_isnil(L, top + 3)) visit(ld, top + 3, path, plen, keys[i].s, keys[i].n);
    lua_settop(L, top + 2);
  }
  lua_settop(L, top);
}

/* After a failed load: no value stays, the errors do (as a fact file's do). */
static void clear_keeping_errors(lua_State *L, medrule_facts *f, const char *source) {
  int n = medrule_facts_error_count(f), top = lua_gettop(L);
  luaL_checkstack(L, n + 2, NULL);
  for (int i = 0; i < n; i++) lua_pushstring(L, medrule_facts_error(f, i));
  medrule_facts_clear(f);
  medrule_facts_set_source(f, source);
  for (int i = 0; i < n; i++) medrule_facts_add_error(f, NULL, lua_tostring(L, top + 1 + i)); /* already formatted */
  lua_settop(L, top);
}

/* Replaces the facts with those of the Lua table at idx. */
static int load_table(lua_State *L, medrule_facts *f, int idx, const char *source, unsigned flags) {
  idx = lua_absindex(L, idx);
  medrule_facts_clear(f);
  if (medrule_facts_set_source(f, source)) return MEDRULE_NOMEM;
  tload ld = {L, f, medrule_facts_pack(f), flags, 0, 0};
  char path[520] = "";
  if (list_kind(L, idx) > 0) tl_error(&ld, "$", "a table of facts is keyed by fact names, not a list");
  else walk(&ld, idx, path, 0);
  if (ld.nomem) {
    medrule_facts_clear(f);
    return MEDRULE_NOMEM;
  }
  if (medrule_facts_error_count(f) == 0) return MEDRULE_OK;
  clear_keeping_errors(L, f, source);
  return MEDRULE_INPUT;
}

/* A Lua table, or JSON text (through the engine's fact-file reader). */
static int load_input(lua_State *L, medrule_facts *f, int idx, const char *source, unsigned flags) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    size_t len;
    const char *json = lua_tolstring(L, idx, &len);
    return medrule_facts_load_json(f, json, len, source, 1, flags);
  }
  return load_table(L, f, idx, source, flags);
}

typedef struct load_opts {
  const char *source;
  unsigned flags;
} load_opts;

/* {allow_extra = boolean, source = string} at idx (nil: none).  Pushes the
** source (or nil), which anchors it. */
static void read_load_opts(lua_State *L, int idx, load_opts *o) {
  static const char *const NAMES[] = {"allow_extra", "source", NULL};
  o->source = NULL;
  o->flags = 0;
  if (lua_isnoneornil(L, idx)) {
    lua_pushnil(L);
    return;
  }
  idx = lua_absindex(L, idx);
  luaL_checktype(L, idx, LUA_TTABLE);
  check_option_names(L, idx, NAMES, "allow_extra, source");
  int t = rawfield(L, idx, "allow_extra");
  if (t != LUA_TNIL && t != LUA_TBOOLEAN) luaL_error(L, "medrule: option allow_extra must be a boolean");
  if (lua_toboolean(L, -1)) o->flags |= MEDRULE_ALLOW_EXTRA;
  lua_pop(L, 1);
  t = rawfield(L, idx, "source");
  if (t != LUA_TNIL) {
    if (t != LUA_TSTRING) luaL_error(L, "medrule: option source must be a string");
    o->source = check_cstring(L, -1, "option source");
  }
}

/* ------------------------------------------------------------ results as Lua tables */

static void push_str(lua_State *L, const char *s) {
  if (s) lua_pushstring(L, s);
  else push_null(L);
}

static void set_str(lua_State *L, const char *key, const char *s) {
  push_str(L, s);
  lua_setfield(L, -2, key);
}

/* Integral values as integers, as the JSON writes them ("70", not "70.0"). */
static void push_number(lua_State *L, double d) {
  if (d == 0) lua_pushinteger(L, 0); /* and no -0 */
  else if (d >= -9007199254740992.0 && d <= 9007199254740992.0 && d == floor(d)) lua_pushinteger(L, (lua_Integer)d);
  else lua_pushnumber(L, d);
}

/* A fact value as the contract's JSON has it: null when unknown, numbers in
** the fact's canonical unit, codes as strings, lists of codes in declared order. */
static void push_value(lua_State *L, const medrule_pack *p, int f, const medrule_value *v) {
  if (!v->known) {
    push_null(L);
    return;
  }
  switch (v->type) {
    case MEDRULE_TYPE_BOOLEAN: lua_pushboolean(L, v->boolean); break;
    case MEDRULE_TYPE_NUMBER:
    case MEDRULE_TYPE_QUANTITY: push_number(L, v->number); break;
    case MEDRULE_TYPE_CODE: push_str(L, medrule_fact_code(p, f, v->code)); break;
    case MEDRULE_TYPE_CODES: {
      int n = medrule_fact_code_count(p, f), i = 0;
      lua_createtable(L, n < 8 ? n : 8, 0);
      for (int k = 0; k < n && k < 64; k++)
        if (v->codes >> k & 1) {
          push_str(L, medrule_fact_code(p, f, k));
          lua_rawseti(L, -2, ++i);
        }
      break;
    }
    default: push_str(L, v->text); break;
  }
}

/* The result as contract §3 (what `medrule check --format json` writes),
** read through the structured accessors. */
static void push_result(lua_State *L, const medrule_result *r) {
  const medrule_pack *p = medrule_result_pack(r);
  luaL_checkstack(L, 12, NULL);
  lua_createtable(L, 0, 11);
  lua_pushinteger(L, MEDRULE_CONTRACT);
  lua_setfield(L, -2, "contract");

  lua_createtable(L, 0, 2);
  set_str(L, "name", "medrule");
  set_str(L, "version", medrule_libversion());
  lua_setfield(L, -2, "engine");

  lua_createtable(L, 0, 3);
  set_str(L, "id", medrule_pack_id(p));
  set_str(L, "version", medrule_pack_version(p));
  set_str(L, "digest", medrule_pack_digest(p));
  lua_setfield(L, -2, "pack");

  int npacks = medrule_pack_count(p);
  if (npacks > 1) { /* several packs (contract §5) */
    lua_createtable(L, npacks, 0);
    for (int k = 0; k < npacks; k++) {
      lua_createtable(L, 0, 5);
      set_str(L, "id", medrule_pack_info(p, k, MEDRULE_PACK_ID));
      set_str(L, "version", medrule_pack_info(p, k, MEDRULE_PACK_VERSION));
      set_str(L, "digest", medrule_pack_info(p, k, MEDRULE_PACK_DIGEST));
      set_str(L, "scale", medrule_pack_info(p, k, MEDRULE_PACK_SCALE));
      lua_pushboolean(L, k == 0);
      lua_setfield(L, -2, "primary");
      lua_rawseti(L, -2, k + 1);
    }
    lua_setfield(L, -2, "packs");
  }

  lua_createtable(L, 0, 2);
  set_str(L, "id", medrule_result_patient_id(r));
  set_str(L, "source", medrule_result_source(r));
  lua_setfield(L, -2, "patient");

  set_str(L, "disposition", medrule_result_disposition(r));

  int n = medrule_result_reason_count(r);
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    int rule = medrule_result_reason_rule(r, i);
    lua_createtable(L, 0, 3);
    set_str(L, "rule", medrule_pack_rule_id(p, rule));
    set_str(L, "state", medrule_result_rule_state(r, rule) == MEDRULE_FIRED ? "fired" : "unknown");
    set_str(L, "effect", medrule_rule_info(p, rule, MEDRULE_RULE_EFFECT));
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "disposition_reasons");

  static const struct { const char *key; int field; } REC[] = {
    {"id", MEDRULE_RULE_ID}, {"category", MEDRULE_RULE_CATEGORY}, {"action", MEDRULE_RULE_ACTION},
    {"effect", MEDRULE_RULE_EFFECT}, {"grade", MEDRULE_RULE_GRADE}, {"certainty", MEDRULE_RULE_CERTAINTY},
    {"text", MEDRULE_RULE_TEXT}};
  n = medrule_result_recommendation_count(r);
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    int rule = medrule_result_recommendation_rule(r, i);
    lua_createtable(L, 0, 10);
    for (size_t k = 0; k < sizeof REC / sizeof *REC; k++) set_str(L, REC[k].key, medrule_rule_info(p, rule, REC[k].field));
    if (npacks > 1) {
      set_str(L, "pack", medrule_rule_info(p, rule, MEDRULE_RULE_PACK));
      set_str(L, "scale", medrule_rule_info(p, rule, MEDRULE_RULE_SCALE));
    }
    lua_createtable(L, 0, 3);
    set_str(L, "document", medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT));
    set_str(L, "section", medrule_rule_info(p, rule, MEDRULE_RULE_SECTION));
    set_str(L, "quote", medrule_rule_info(p, rule, MEDRULE_RULE_QUOTE));
    lua_setfield(L, -2, "source");
    int nj = medrule_rule_judgment_count(p, rule);
    if (nj > 0) { /* as in the JSON: only when there are any */
      lua_createtable(L, nj, 0);
      for (int j = 0; j < nj; j++) {
        push_str(L, medrule_rule_judgment_id(p, rule, j));
        lua_rawseti(L, -2, j + 1);
      }
      lua_setfield(L, -2, "judgments");
    }
    int nb = medrule_result_because_count(r, i);
    lua_createtable(L, nb, 0);
    for (int k = 0; k < nb; k++) {
      int f = medrule_result_because_fact(r, i, k);
      medrule_value v;
      memset(&v, 0, sizeof v);
      medrule_result_because_value(r, i, k, &v);
      lua_createtable(L, 0, 3);
      set_str(L, "fact", medrule_pack_fact_name(p, f));
      push_value(L, p, f, &v);
      lua_setfield(L, -2, "value");
      if (v.type == MEDRULE_TYPE_QUANTITY) set_str(L, "unit", medrule_fact_info(p, f, MEDRULE_FACT_UNIT));
      lua_rawseti(L, -2, k + 1);
    }
    lua_setfield(L, -2, "because");
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "recommendations");

  n = medrule_result_unknown_count(r);
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_createtable(L, 0, 2);
    set_str(L, "rule", medrule_pack_rule_id(p, medrule_result_unknown_rule(r, i)));
    int nm = medrule_result_unknown_missing_count(r, i);
    lua_createtable(L, nm, 0);
    for (int k = 0; k < nm; k++) {
      push_str(L, medrule_result_unknown_missing(r, i, k));
      lua_rawseti(L, -2, k + 1);
    }
    lua_setfield(L, -2, "missing");
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "unknown");

  n = medrule_result_missing_count(r);
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    push_str(L, medrule_result_missing_fact(r, i));
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "missing_facts");

  n = medrule_result_warning_count(r);
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    push_str(L, medrule_result_warning(r, i));
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "warnings");

  if (npacks > 1) {
    static const struct { const char *key; int field; } ST[] = {
      {"pack", MEDRULE_RULE_PACK}, {"rule", MEDRULE_RULE_ID}, {"grade", MEDRULE_RULE_GRADE},
      {"certainty", MEDRULE_RULE_CERTAINTY}, {"scale", MEDRULE_RULE_SCALE}, {"position", MEDRULE_RULE_POSITION},
      {"text", MEDRULE_RULE_TEXT}};
    n = medrule_result_disagreement_count(r);
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
      lua_createtable(L, 0, 3);
      set_str(L, "topic", medrule_result_disagreement_topic(r, i));
      set_str(L, "question", medrule_topic_question(p, medrule_result_disagreement_topic(r, i)));
      int ns = medrule_result_disagreement_statement_count(r, i);
      lua_createtable(L, ns, 0);
      for (int k = 0; k < ns; k++) {
        int rule = medrule_result_disagreement_statement(r, i, k);
        lua_createtable(L, 0, 8);
        for (size_t j = 0; j < sizeof ST / sizeof *ST; j++) set_str(L, ST[j].key, medrule_rule_info(p, rule, ST[j].field));
        lua_createtable(L, 0, 2);
        set_str(L, "document", medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT));
        set_str(L, "section", medrule_rule_info(p, rule, MEDRULE_RULE_SECTION));
        lua_setfield(L, -2, "source");
        lua_rawseti(L, -2, k + 1);
      }
      lua_setfield(L, -2, "statements");
      lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "disagreements");
  }
}

/* ------------------------------------------------------------ pack:check */

/* The pack's cached session (taken out of the cache: a check that raises
** leaves it to the collector, a nested check makes its own), or a new one;
** left on the stack. */
static session *session_take(lua_State *L, int packidx, lpack *pk) {
  if (lua_getiuservalue(L, packidx, 1) == LUA_TUSERDATA) {
    session *s = lua_touserdata(L, -1);
    lua_pushnil(L);
    lua_setiuservalue(L, packidx, 1);
    if (s->pk) return s;
  }
  lua_pop(L, 1);
  session *s = lua_newuserdatauv(L, sizeof *s, 1);
  memset(s, 0, sizeof *s);
  luaL_setmetatable(L, SESSION_MT);
  lua_pushvalue(L, packidx);
  lua_setiuservalue(L, -2, 1);
  s->pk = pk;
  pk->refs++;
  if (!pk->p) luaL_error(L, "medrule: the pack is closed"); /* by a finalizer, just now */
  s->facts = medrule_facts_new(pk->p);
  s->result = medrule_result_new();
  s->ev = medrule_evaluator_new(pk->p, &s->tmp);
  return s;
}

/* Back into the pack's cache when it is empty, else freed now. */
static void session_put(lua_State *L, int packidx, int sidx) {
  lpack *pk = lua_touserdata(L, packidx);
  session *s = lua_touserdata(L, sidx);
  if (!pk->closed && s->pk) {
    medrule_facts_clear(s->facts); /* no patient's facts kept between checks */
    int empty = lua_getiuservalue(L, packidx, 1) == LUA_TNIL;
    lua_pop(L, 1);
    if (empty) {
      lua_pushvalue(L, sidx);
      lua_setiuservalue(L, packidx, 1);
      return;
    }
  }
  session_release(s);
}

/* pack:check(input [, options]) and pack:check_json(...). */
static int run_check(lua_State *L, int json) {
  lua_settop(L, 3);
  lpack *pk = check_pack(L, 1);
  lfacts *lf = NULL;
  int t = lua_type(L, 2);
  if (t == LUA_TUSERDATA) {
    lf = check_facts(L, 2);
    if (lf->pk != pk) luaL_argerror(L, 2, "the fact set was made for another pack");
    if (!lua_isnil(L, 3)) luaL_argerror(L, 3, "options are for a table or JSON text; give them to facts:load()");
  } else if (t != LUA_TTABLE && t != LUA_TSTRING) {
    luaL_typeerror(L, 2, "table, JSON text or fact set");
  }
  load_opts o;
  read_load_opts(L, 3, &o);        /* 4: the source */
  session *s = session_take(L, 1, pk); /* 5 */
  int rc, nret;
  if (!s->facts || !s->ev || !s->result) {
    nret = fail(L, s->tmp, s->tmp ? MEDRULE_ERROR : MEDRULE_NOMEM);
    session_release(s);
    return nret;
  }
  const medrule_facts *facts = s->facts;
  if (lf) {
    if (lf->failed) {
      nret = fail(L, medrule_facts_errmsg(lf->f), MEDRULE_INPUT);
      session_put(L, 1, 5);
      return nret;
    }
    if (!lf->f) { /* closed by a finalizer just now */
      session_put(L, 1, 5);
      return luaL_error(L, "medrule: the fact set is closed");
    }
    facts = lf->f;
  } else if ((rc = load_input(L, s->facts, 2, o.source, o.flags)) != MEDRULE_OK) {
    nret = fail(L, rc == MEDRULE_INPUT ? medrule_facts_errmsg(s->facts) : NULL, rc);
    session_put(L, 1, 5);
    return nret;
  }
  rc = medrule_evaluate(s->ev, facts, s->result);
  if (rc != MEDRULE_OK && rc != MEDRULE_RUNTIME) { /* RUNTIME: a warning in the result says what failed */
    nret = fail(L, NULL, rc);
    session_put(L, 1, 5);
    return nret;
  }
  if (json) {
    const char *out;
    size_t len;
    if ((rc = medrule_result_render(s->result, NULL, &out, &len)) != MEDRULE_OK) {
      nret = fail(L, NULL, rc);
      session_put(L, 1, 5);
      return nret;
    }
    lua_pushlstring(L, out, len);
  } else {
    push_result(L, s->result);
  }
  session_put(L, 1, 5);
  return 1;
}

static int l_check(lua_State *L) { return run_check(L, 0); }
static int l_check_json(lua_State *L) { return run_check(L, 1); }

/* ------------------------------------------------------------ fact sets */

/* pack:new_facts([input [, options]]) -> facts | nil, message, status */
static int l_new_facts(lua_State *L) {
  lua_settop(L, 3);
  lpack *pk = check_pack(L, 1);
  lfacts *lf = lua_newuserdatauv(L, sizeof *lf, 1); /* 4 */
  memset(lf, 0, sizeof *lf);
  luaL_setmetatable(L, FACTS_MT);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, 4, 1);
  lf->pk = pk;
  pk->refs++;
  if (!pk->p) luaL_error(L, "medrule: the pack is closed");
  if (!(lf->f = medrule_facts_new(pk->p))) return fail(L, NULL, MEDRULE_NOMEM);
  if (lua_isnil(L, 2)) {
    if (!lua_isnil(L, 3)) luaL_argerror(L, 3, "options without input");
    return 1;
  }
  int t = lua_type(L, 2);
  if (t != LUA_TTABLE && t != LUA_TSTRING) luaL_typeerror(L, 2, "table or JSON text");
  load_opts o;
  read_load_opts(L, 3, &o);
  lf->failed = 1;
  int rc = load_input(L, lf->f, 2, o.source, o.flags);
  lf->failed = rc != MEDRULE_OK;
  if (rc != MEDRULE_OK) return fail(L, rc == MEDRULE_INPUT ? medrule_facts_errmsg(lf->f) : NULL, rc);
  lua_settop(L, 4);
  return 1;
}

/* facts:load(input [, options]) -> facts | nil, message, status */
static int f_load(lua_State *L) {
  lua_settop(L, 3);
  lfacts *lf = check_facts(L, 1);
  int t = lua_type(L, 2), nret = 1;
  if (t != LUA_TTABLE && t != LUA_TSTRING) luaL_typeerror(L, 2, "table or JSON text");
  load_opts o;
  read_load_opts(L, 3, &o);
  lf->busy++;
  lf->failed = 1;
  int rc = load_input(L, lf->f, 2, o.source, o.flags);
  lf->failed = rc != MEDRULE_OK;
  if (rc != MEDRULE_OK) nret = fail(L, rc == MEDRULE_INPUT ? medrule_facts_errmsg(lf->f) : NULL, rc);
  else lua_settop(L, 1);
  facts_leave(lf);
  return nret;
}

/* The errors from `before` on, one per line, as a Lua string. */
static void push_errors_since(lua_State *L, lfacts *lf, int before) {
  int k = 0, after = medrule_facts_error_count(lf->f);
  luaL_checkstack(L, 2 * (after - before) + 2, NULL);
  for (int i = before; i < after; i++) {
    const char *e = medrule_facts_error(lf->f, i); /* fetched anew: a finalizer may have cleared the set */
    if (!e) break;
    if (k) lua_pushliteral(L, "\n"), k++;
    lua_pushstring(L, e), k++;
  }
  lua_concat(L, k);
}

/* facts:set(name, value) -> true | nil, message, status: one fact (or a
** group, from a table), as a table of facts would give it; a fact given
** before is replaced. */
static int f_set(lua_State *L) {
  lua_settop(L, 3);
  lfacts *lf = check_facts(L, 1);
  size_t len;
  const char *name = luaL_checklstring(L, 2, &len);
  if (lua_isnil(L, 3)) luaL_argerror(L, 3, "a value (medrule.null for unknown)");
  if (strlen(name) != len || len > 510) luaL_argerror(L, 2, "not a fact name (a NUL byte, or too long)");
  const medrule_pack *p = medrule_facts_pack(lf->f);
  lf->busy++;
  int before = medrule_facts_error_count(lf->f), status = MEDRULE_INPUT, bad = 0, nret = 3;
  tload ld = {L, lf->f, p, 0, 1, 0};
  int fact = medrule_fact_lookup(p, name, len);
  if (fact >= 0) {
    bad = set_value(&ld, fact, 3) != 0;
  } else if (medrule_pack_is_group(p, name, len)) {
    char path[520];
    memcpy(path, name, len + 1);
    if (lua_type(L, 3) == LUA_TTABLE && list_kind(L, 3) <= 0) walk(&ld, 3, path, len);
    else if (!is_null(L, 3))
      tl_error(&ld, name, "'%s' is a group of facts and must be an object, got %s", name, kind(L, 3));
    bad = medrule_facts_error_count(lf->f) > before;
  } else {
    const char *s = medrule_pack_suggest(p, name);
    char msg[700];
    snprintf(msg, sizeof msg, "not a fact of pack %s%s%s%s", medrule_pack_id(p), s ? " (did you mean '" : "",
             s ? s : "", s ? "'?)" : "");
    if (medrule_facts_add_error(lf->f, name, msg) == MEDRULE_NOMEM) ld.nomem = 1;
    bad = 1, status = MEDRULE_NOTFOUND;
  }
  if (ld.nomem) {
    nret = fail(L, NULL, MEDRULE_NOMEM);
  } else if (!bad) {
    lua_pushboolean(L, 1);
    nret = 1;
  } else if (medrule_facts_error_count(lf->f) == before) {
    nret = fail(L, "medrule: the fact set holds too many errors to say why: clear it", status);
  } else {
    lua_pushnil(L);
    push_errors_since(L, lf, before);
    push_status(L, status);
  }
  facts_leave(lf);
  return nret;
}

/* facts:get(name) -> value, given */
static int f_get(lua_State *L) {
  lfacts *lf = check_facts(L, 1);
  const char *name = check_cstring(L, 2, "the fact name");
  const medrule_pack *p = medrule_facts_pack(lf->f);
  int fact = medrule_fact_index(p, name);
  if (fact < 0) {
    const char *s = medrule_pack_suggest(p, name);
    return luaL_argerror(L, 2, lua_pushfstring(L, "not a fact of pack %s%s%s%s", medrule_pack_id(p),
                                               s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : ""));
  }
  medrule_value v;
  memset(&v, 0, sizeof v);
  medrule_facts_get(lf->f, fact, &v);
  lf->busy++;
  push_value(L, p, fact, &v);
  lua_pushboolean(L, medrule_facts_is_given(lf->f, fact));
  facts_leave(lf);
  return 2;
}

static int f_clear(lua_State *L) {
  lfacts *lf = check_facts(L, 1);
  medrule_facts_clear(lf->f);
  lf->failed = 0;
  lua_settop(L, 1);
  return 1;
}

static int push_list(lua_State *L, lfacts *lf, int (*count)(const medrule_facts *),
                     const char *(*get)(const medrule_facts *, int)) {
  lf->busy++;
  lua_createtable(L, count(lf->f), 0);
  for (int i = 0; i < count(lf->f); i++) { /* counted anew: a finalizer may clear the set */
    lua_pushstring(L, get(lf->f, i));
    lua_rawseti(L, -2, i + 1);
  }
  facts_leave(lf);
  return 1;
}

static int f_errors(lua_State *L) {
  return push_list(L, check_facts(L, 1), medrule_facts_error_count, medrule_facts_error);
}

static int f_warnings(lua_State *L) {
  return push_list(L, check_facts(L, 1), medrule_facts_warning_count, medrule_facts_warning);
}

static int f_gc(lua_State *L) {
  facts_release(luaL_checkudata(L, 1, FACTS_MT));
  return 0;
}

/* facts:close() and <close>: freed now, or when the function using it leaves. */
static int f_close(lua_State *L) {
  lfacts *lf = luaL_checkudata(L, 1, FACTS_MT);
  lf->closing = 1;
  if (lf->busy == 0) facts_release(lf);
  return 0;
}

static int f_index(lua_State *L) {
  luaL_checkudata(L, 1, FACTS_MT);
  lua_settop(L, 2);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
  if (lua_type(L, 2) == LUA_TSTRING && !strcmp(lua_tostring(L, 2), "pack")) {
    lua_getiuservalue(L, 1, 1);
    return 1;
  }
  return 0;
}

static int f_tostring(lua_State *L) {
  lfacts *lf = luaL_checkudata(L, 1, FACTS_MT);
  if (!lf->pk) lua_pushfstring(L, "medrule.facts (closed): %p", (void *)lf);
  else lua_pushfstring(L, "medrule.facts of %s: %p", lf->pk->p ? medrule_pack_id(lf->pk->p) : "?", (void *)lf);
  return 1;
}

/* ------------------------------------------------------------ pack metadata */

static void set_int(lua_State *L, const char *key, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, key);
}

/* A string field, or nothing when the pack has none. */
static void set_opt(lua_State *L, const char *key, const char *s) {
  if (!s) return;
  lua_pushstring(L, s);
  lua_setfield(L, -2, key);
}

/* One rule, with the fields of `medrule doc --format json` (absent ones are nil). */
static void push_rule(lua_State *L, const medrule_pack *p, int r) {
  static const struct { const char *key; int field; } F[] = {
    {"id", MEDRULE_RULE_ID}, {"category", MEDRULE_RULE_CATEGORY}, {"action", MEDRULE_RULE_ACTION},
    {"effect", MEDRULE_RULE_EFFECT}, {"grade", MEDRULE_RULE_GRADE}, {"certainty", MEDRULE_RULE_CERTAINTY},
    {"scale", MEDRULE_RULE_SCALE}, {"text", MEDRULE_RULE_TEXT}, {"when", MEDRULE_RULE_WHEN},
    {"applies", MEDRULE_RULE_APPLIES}, {"file", MEDRULE_RULE_FILE}, {"pack", MEDRULE_RULE_PACK},
    {"topic", MEDRULE_RULE_TOPIC}, {"position", MEDRULE_RULE_POSITION}};
  luaL_checkstack(L, 8, NULL);
  lua_createtable(L, 0, 18);
  for (size_t k = 0; k < sizeof F / sizeof *F; k++) set_opt(L, F[k].key, medrule_rule_info(p, r, F[k].field));
  lua_createtable(L, 0, 3);
  set_opt(L, "document", medrule_rule_info(p, r, MEDRULE_RULE_DOCUMENT));
  set_opt(L, "section", medrule_rule_info(p, r, MEDRULE_RULE_SECTION));
  set_opt(L, "quote", medrule_rule_info(p, r, MEDRULE_RULE_QUOTE));
  lua_setfield(L, -2, "source");
  set_int(L, "line", medrule_rule_line(p, r));
  lua_pushboolean(L, medrule_rule_is_function(p, r) == 1);
  lua_setfield(L, -2, "lua_function");
  int n = medrule_rule_read_count(p, r);
  lua_createtable(L, n, 0);
  for (int k = 0; k < n; k++) {
    push_str(L, medrule_pack_fact_name(p, medrule_rule_read(p, r, k)));
    lua_rawseti(L, -2, k + 1);
  }
  lua_setfield(L, -2, "reads");
  n = medrule_rule_judgment_count(p, r);
  lua_createtable(L, n, 0);
  for (int j = 0; j < n; j++) {
    lua_createtable(L, 0, 3);
    set_opt(L, "id", medrule_rule_judgment_id(p, r, j));
    set_opt(L, "note", medrule_rule_judgment_note(p, r, j));
    int nq = medrule_rule_judgment_quote_count(p, r, j);
    lua_createtable(L, nq, 0);
    for (int q = 0; q < nq; q++) {
      push_str(L, medrule_rule_judgment_quote(p, r, j, q));
      lua_rawseti(L, -2, q + 1);
    }
    lua_setfield(L, -2, "quotes");
    lua_rawseti(L, -2, j + 1);
  }
  lua_setfield(L, -2, "judgments");
}

/* One fact of the vocabulary, with the fields of `medrule doc --format json`. */
static void push_fact(lua_State *L, const medrule_pack *p, int f) {
  static const struct { const char *key; int field; } F[] = {
    {"name", MEDRULE_FACT_NAME}, {"type", MEDRULE_FACT_TYPE}, {"unit", MEDRULE_FACT_UNIT},
    {"per", MEDRULE_FACT_PER}, {"default", MEDRULE_FACT_DEFAULT}, {"derive", MEDRULE_FACT_DERIVE},
    {"description", MEDRULE_FACT_DESCRIPTION}, {"file", MEDRULE_FACT_FILE}};
  luaL_checkstack(L, 8, NULL);
  lua_createtable(L, 0, 12);
  for (size_t k = 0; k < sizeof F / sizeof *F; k++) set_opt(L, F[k].key, medrule_fact_info(p, f, F[k].field));
  set_int(L, "line", medrule_fact_line(p, f));
  lua_pushboolean(L, medrule_fact_is_computed(p, f) == 1);
  lua_setfield(L, -2, "computed");
  double min, max;
  if (medrule_fact_range(p, f, &min, &max)) {
    lua_createtable(L, 2, 0);
    push_number(L, min);
    lua_rawseti(L, -2, 1);
    push_number(L, max);
    lua_rawseti(L, -2, 2);
    lua_setfield(L, -2, "range");
  }
  int type = medrule_fact_type(p, f);
  if (type == MEDRULE_TYPE_CODE || type == MEDRULE_TYPE_CODES) {
    int n = medrule_fact_code_count(p, f);
    lua_createtable(L, n, 0);
    for (int k = 0; k < n; k++) {
      push_str(L, medrule_fact_code(p, f, k));
      lua_rawseti(L, -2, k + 1);
    }
    lua_setfield(L, -2, "values");
  }
}

/* Stateless iterators, like ipairs: for i, rule in pack:rules() do ... end */
static int rules_next(lua_State *L) {
  lpack *pk = check_pack(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2);
  if (i < 0 || i >= medrule_pack_rule_count(pk->p)) return 0;
  lua_pushinteger(L, i + 1);
  pk->busy++;
  push_rule(L, pk->p, (int)i);
  pack_leave(pk);
  return 2;
}

static int facts_next(lua_State *L) {
  lpack *pk = check_pack(L, 1);
  lua_Integer i = luaL_checkinteger(L, 2);
  if (i < 0 || i >= medrule_pack_fact_count(pk->p)) return 0;
  lua_pushinteger(L, i + 1);
  pk->busy++;
  push_fact(L, pk->p, (int)i);
  pack_leave(pk);
  return 2;
}

static int l_rules(lua_State *L) {
  check_pack(L, 1);
  lua_pushcfunction(L, rules_next);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

static int l_facts(lua_State *L) {
  check_pack(L, 1);
  lua_pushcfunction(L, facts_next);
  lua_pushvalue(L, 1);
  lua_pushinteger(L, 0);
  return 3;
}

/* pack:rule(id) and pack:fact(name): one item, or nil. */
static int l_rule(lua_State *L) {
  lpack *pk = check_pack(L, 1);
  int r = medrule_pack_rule_index(pk->p, check_cstring(L, 2, "the rule id"));
  if (r < 0) return 0;
  pk->busy++;
  push_rule(L, pk->p, r);
  pack_leave(pk);
  return 1;
}

static int l_fact(lua_State *L) {
  lpack *pk = check_pack(L, 1);
  int f = medrule_fact_index(pk->p, check_cstring(L, 2, "the fact name"));
  if (f < 0) return 0;
  pk->busy++;
  push_fact(L, pk->p, f);
  pack_leave(pk);
  return 1;
}

/* pack:describe_json() -> the whole pack as one JSON document (what `medrule doc --format json` prints). */
static int l_describe_json(lua_State *L) {
  lpack *pk = check_pack(L, 1);
  medrule_free(pk->tmp);
  pk->tmp = NULL;
  int rc = medrule_pack_describe_json(pk->p, &pk->tmp);
  if (rc != MEDRULE_OK) return fail(L, NULL, rc);
  lua_pushstring(L, pk->tmp);
  medrule_free(pk->tmp);
  pk->tmp = NULL;
  return 1;
}

static int l_close(lua_State *L) {
  luaL_checkudata(L, 1, PACK_MT);
  pack_release(L, 1, 0);
  return 0;
}

static int p_index(lua_State *L) {
  static const struct { const char *key; int field; } F[] = {
    {"id", MEDRULE_PACK_ID}, {"version", MEDRULE_PACK_VERSION}, {"title", MEDRULE_PACK_TITLE},
    {"digest", MEDRULE_PACK_DIGEST}, {"dir", MEDRULE_PACK_DIR}, {"document", MEDRULE_PACK_DOCUMENT},
    {"citation", MEDRULE_PACK_CITATION}, {"url", MEDRULE_PACK_URL}, {"source_file", MEDRULE_PACK_SOURCE_FILE},
    {"scale", MEDRULE_PACK_SCALE}, {"grade_word", MEDRULE_PACK_GRADE_WORD}};
  luaL_checkudata(L, 1, PACK_MT);
  lua_settop(L, 2);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
  if (lua_type(L, 2) != LUA_TSTRING) return 0;
  const char *key = lua_tostring(L, 2);
  for (size_t k = 0; k < sizeof F / sizeof *F; k++)
    if (!strcmp(key, F[k].key)) {
      lpack *pk = check_pack(L, 1);
      const char *s = medrule_pack_info(pk->p, 0, F[k].field);
      if (!s) return 0;
      lua_pushstring(L, s);
      return 1;
    }
  if (!strcmp(key, "count")) {
    lua_pushinteger(L, medrule_pack_count(check_pack(L, 1)->p));
    return 1;
  }
  return 0;
}

static int p_tostring(lua_State *L) {
  lpack *pk = luaL_checkudata(L, 1, PACK_MT);
  if (pk->closed || !pk->p) lua_pushfstring(L, "medrule.pack (closed): %p", (void *)pk);
  else lua_pushfstring(L, "medrule.pack %s %s: %p", medrule_pack_id(pk->p), medrule_pack_version(pk->p), (void *)pk);
  return 1;
}

static int p_gc(lua_State *L) {
  luaL_checkudata(L, 1, PACK_MT);
  pack_release(L, 1, 1);
  return 0;
}

static int s_gc(lua_State *L) {
  session_release(luaL_checkudata(L, 1, SESSION_MT));
  return 0;
}

/* ------------------------------------------------------------ the module */

/* A metatable with __index a closure over a table of methods. */
static void new_class(lua_State *L, const char *name, const luaL_Reg *methods, lua_CFunction index,
                      const luaL_Reg *meta) {
  luaL_newmetatable(L, name);
  luaL_setfuncs(L, meta, 0);
  lua_newtable(L);
  luaL_setfuncs(L, methods, 0);
  lua_pushcclosure(L, index, 1);
  lua_setfield(L, -2, "__index");
  lua_pushstring(L, name); /* getmetatable() gives the name: the metatable stays ours */
  lua_setfield(L, -2, "__metatable");
  lua_pop(L, 1);
}

LUAMOD_API int luaopen_medrule(lua_State *L) {
  static const luaL_Reg pack_methods[] = {
    {"check", l_check}, {"check_json", l_check_json}, {"new_facts", l_new_facts}, {"rules", l_rules},
    {"facts", l_facts}, {"rule", l_rule}, {"fact", l_fact}, {"describe_json", l_describe_json},
    {"close", l_close}, {NULL, NULL}};
  static const luaL_Reg pack_meta[] = {{"__gc", p_gc}, {"__close", l_close}, {"__tostring", p_tostring}, {NULL, NULL}};
  static const luaL_Reg facts_methods[] = {
    {"load", f_load}, {"set", f_set}, {"get", f_get}, {"clear", f_clear}, {"errors", f_errors},
    {"warnings", f_warnings}, {"close", f_close}, {NULL, NULL}};
  static const luaL_Reg facts_meta[] = {{"__gc", f_gc}, {"__close", f_close}, {"__tostring", f_tostring}, {NULL, NULL}};
  static const luaL_Reg session_meta[] = {{"__gc", s_gc}, {NULL, NULL}};
  new_class(L, PACK_MT, pack_methods, p_index, pack_meta);
  new_class(L, FACTS_MT, facts_methods, f_index, facts_meta);
  luaL_newmetatable(L, SESSION_MT);
  luaL_setfuncs(L, session_meta, 0);
  lua_pop(L, 1);

  lua_createtable(L, 0, 5);
  lua_pushcfunction(L, l_open);
  lua_setfield(L, -2, "open");
  push_null(L);
  lua_setfield(L, -2, "null");
  lua_pushstring(L, medrule_libversion());
  lua_setfield(L, -2, "version");
  lua_pushinteger(L, MEDRULE_CONTRACT);
  lua_setfield(L, -2, "contract");
  return 1;
}
