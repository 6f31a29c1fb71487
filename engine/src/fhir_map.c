/* fhir_map.c — reads a pack's fhir.lua, the mapping from FHIR R4 resources
** to the pack's facts, and compiles it into the tables of fhir_map.h.
**
** The file runs once, when the pack is opened, in a Lua state of its own
** with the pack's memory and time limits and nothing in its globals but the
** declaration functions (condition { ... }, observation { ... }, ...) and a
** few pure helpers: it can declare, not read files or reach the host.  Every
** fact and value it names is checked against the pack's vocabulary here, so
** that a typo fails the pack load with the file and line, not a patient. */
#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fhir_map.h"
#include "luabox.h"

const char *const MR_FHIR_SYSTEMS[SYS_COUNT] = {
    "http://snomed.info/sct", "http://hl7.org/fhir/sid/icd-10-cm", "http://loinc.org",
    "http://www.nlm.nih.gov/research/umls/rxnorm", "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"};

static const char *const KINDS[] = {"condition", "allergy", "medication", "premedication", "procedure",
                                    "observation", "plan", "list"};

typedef struct cmap {
  lua_State *L;
  const medrule_pack *p;
  mr_fhir_map *m;
  int line; /* of the declaration being compiled */
  const char *file; /* "fhir.lua", or "vocabulary/NAME.fhir.lua" */
  int cap_codes, cap_absent;
} cmap;

static int fail(cmap *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(cmap *c, const char *fmt, ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return luaL_error(c->L, "%s:%d: %s", c->file, c->line, msg);
}

static void *need(cmap *c, void *ptr) {
  if (!ptr) mr_lua_oom(c->L);
  return ptr;
}

/* Grows array `arr` to n items; the old block stays owned (and freed with
** the map) when that fails. */
#define GROW(c, arr, n)                                                 \
  do {                                                                  \
    void *q_ = mr_realloc((arr), (size_t)(n) * sizeof *(arr));          \
    if (!q_) mr_lua_oom((c)->L);                                        \
    (arr) = q_;                                                         \
  } while (0)

/* Keeps a copy of s for the map's lifetime. */
static const char *keep(cmap *c, const char *s) {
  mr_fhir_map *m = c->m;
  if (m->nstrings == m->cap_strings) {
    int cap = m->cap_strings ? m->cap_strings * 2 : 256;
    GROW(c, m->strings, (size_t)cap);
    m->cap_strings = cap;
  }
  return m->strings[m->nstrings++] = need(c, mr_strdup(s));
}

/* The slot of fact `name`, checked: declared, not derived, of one of the
** types in `types` (a bit per MR_* type). */
static int slot(cmap *c, const char *name, unsigned types) {
  int f = mr_fact_find(c->p, name, strlen(name));
  if (f < 0) {
    const char *s = mr_suggest_fact(c->p, name);
    return fail(c, "'%s' is not a fact of pack %s%s%s%s", name, c->p->id, s ? " (did you mean '" : "", s ? s : "",
                s ? "'?)" : "");
  }
  if (c->p->facts[f].computed) return fail(c, "'%s' is derived by the pack and cannot be read from FHIR", name);
  if (!(types & (1u << c->p->facts[f].type))) return fail(c, "'%s' cannot take this kind of value", name);
  mr_fhir_map *m = c->m;
  for (int i = 0; i < m->nslots; i++)
    if (!strcmp(m->slots[i], name)) return i;
  GROW(c, m->slots, (size_t)(m->nslots + 1));
  m->slots[m->nslots] = need(c, mr_strdup(name));
  return m->nslots++;
}

static const mr_fact *slot_fact(cmap *c, int s) {
  return &c->p->facts[mr_fact_find(c->p, c->m->slots[s], strlen(c->m->slots[s]))];
}

/* An effect: fact `name` takes the Lua value at `idx` (a boolean for a
** boolean fact, one of its codes for a code or codes fact). */
static mr_fhir_fx effect(cmap *c, const char *name, int idx) {
  mr_fhir_fx fx = {slot(c, name, 1u << MR_BOOL | 1u << MR_CODE | 1u << MR_CODES), 0, NULL};
  const mr_fact *f = slot_fact(c, fx.slot);
  if (f->type == MR_BOOL) {
    if (!lua_isboolean(c->L, idx)) fail(c, "'%s' is a boolean fact: its value must be true or false", name);
    fx.b = lua_toboolean(c->L, idx);
  } else {
    const char *v = lua_type(c->L, idx) == LUA_TSTRING ? lua_tostring(c->L, idx) : NULL;
    if (!v || mr_code_find(f, v, strlen(v)) < 0)
      fail(c, "'%s' takes one of its codes, not '%s'", name, v ? v : luaL_typename(c->L, idx));
    fx.code = keep(c, v);
  }
  return fx;
}

static void push_fx(cmap *c, mr_fhir_fxs *l, mr_fhir_fx fx) {
  GROW(c, l->v, (size_t)(l->n + 1));
  l->v[l->n++] = fx;
}

/* t[key] = { ["fact"] = value, ... } into a list of effects (sorted by fact
** name, so that the order of a Lua table never shows). */
static void effects(cmap *c, int t, const char *key, mr_fhir_fxs *out) {
  lua_State *L = c->L;
  lua_getfield(L, t, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1)) fail(c, "'%s' must be a table { [\"fact\"] = value, ... }", key);
  int tt = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, tt)) {
    if (lua_type(L, -2) != LUA_TSTRING) fail(c, "'%s': every key is a fact name", key);
    push_fx(c, out, effect(c, lua_tostring(L, -2), -1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  for (int i = 1; i < out->n; i++) /* insertion sort by slot name */
    for (int j = i; j > 0 && strcmp(c->m->slots[out->v[j - 1].slot], c->m->slots[out->v[j].slot]) > 0; j--) {
      mr_fhir_fx x = out->v[j];
      out->v[j] = out->v[j - 1];
      out->v[j - 1] = x;
    }
}

/* A string field, or NULL when absent. */
static const char *str_field(cmap *c, int t, const char *key) {
  lua_getfield(c->L, t, key);
  const char *s = NULL;
  if (lua_type(c->L, -1) == LUA_TSTRING) s = keep(c, lua_tostring(c->L, -1));
  else if (!lua_isnil(c->L, -1)) fail(c, "'%s' must be a string", key);
  lua_pop(c->L, 1);
  return s;
}

static double num_field(cmap *c, int t, const char *key) {
  lua_getfield(c->L, t, key);
  if (!lua_isnumber(c->L, -1)) fail(c, "'%s' must be a number", key);
  double v = lua_tonumber(c->L, -1);
  lua_pop(c->L, 1);
  return v;
}

static int slot_field(cmap *c, int t, const char *key, unsigned types) {
  const char *s = str_field(c, t, key);
  return s ? slot(c, s, types) : -1;
}

/* Codes t[key] = { "code", ... } of system sys into the code table for rule `rule`. */
static void codes(cmap *c, int t, const char *key, int sys, int rule) {
  lua_State *L = c->L;
  lua_getfield(L, t, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1)) fail(c, "'%s' must be a list of code strings", key);
  int n = (int)lua_rawlen(L, -1);
  for (int i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, i);
    if (lua_type(L, -1) != LUA_TSTRING) fail(c, "'%s' item %d must be a code string", key, i);
    char code[64];
    size_t len = 0;
    const char *s = lua_tostring(L, -1);
    int prefix = 0;
    for (; *s; s++) {
      if (*s == '*' && !s[1] && sys == SYS_ICD10) prefix = 1;
      else if (*s == '.' && sys == SYS_ICD10) continue;
      else if (len + 1 < sizeof code && (unsigned char)*s > ' ') code[len++] = sys == SYS_ICD10 && *s >= 'a' && *s <= 'z' ? (char)(*s - 32) : *s;
      else fail(c, "'%s' item %d is not a code", key, i);
    }
    code[len] = 0;
    if (!len) fail(c, "'%s' item %d is empty", key, i);
    mr_fhir_map *m = c->m;
    if (m->ncodes == c->cap_codes) {
      c->cap_codes = c->cap_codes ? c->cap_codes * 2 : 256;
      GROW(c, m->codes, (size_t)c->cap_codes);
    }
    m->codes[m->ncodes++] = (mr_fhir_code){(uint8_t)sys, (uint8_t)prefix, keep(c, code), rule};
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* t[key] = { ["code"] = value, ... } for fact `fact_slot` into a pair table. */
static void pairs(cmap *c, int t, const char *key, int fact_slot, mr_fhir_pairs *out) {
  lua_State *L = c->L;
  lua_getfield(L, t, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1)) fail(c, "'%s' must be a table { [\"code\"] = value, ... }", key);
  int tt = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, tt)) {
    if (lua_type(L, -2) != LUA_TSTRING) fail(c, "'%s': every key is a code string", key);
    GROW(c, out->v, (size_t)(out->n + 1));
    out->v[out->n].code = keep(c, lua_tostring(L, -2));
    out->v[out->n].fx = effect(c, c->m->slots[fact_slot], -1);
    out->n++;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  for (int i = 1; i < out->n; i++)
    for (int j = i; j > 0 && strcmp(out->v[j - 1].code, out->v[j].code) > 0; j--) {
      mr_fhir_pair x = out->v[j];
      out->v[j] = out->v[j - 1];
      out->v[j - 1] = x;
    }
}

static void add_absent(cmap *c, mr_fhir_fx fx, unsigned section) {
  mr_fhir_map *m = c->m;
  for (int i = 0; i < m->nabsent; i++)
    if (m->absent[i].slot == fx.slot) {
      if (m->absent[i].fx.b != fx.b || (m->absent[i].fx.code != fx.code && strcmp(m->absent[i].fx.code, fx.code)))
        fail(c, "'%s' is given two different absent values", m->slots[fx.slot]);
      m->absent[i].sections |= section;
      return;
    }
  if (m->nabsent == c->cap_absent) {
    c->cap_absent = c->cap_absent ? c->cap_absent * 2 : 32;
    GROW(c, m->absent, (size_t)c->cap_absent);
  }
  m->absent[m->nabsent++] = (mr_fhir_absent){fx.slot, fx, section};
}

static mr_fhir_rule *new_rule(cmap *c, int kind);

static unsigned section_of(cmap *c, int t) {
  const char *s = str_field(c, t, "section");
  if (!s) return 0;
  unsigned b = medrule_fhir_section(s, strlen(s));
  if (!b) fail(c, "section '%s' is not one of problems, medications, allergies", s);
  return b;
}

/* condition / allergy / medication / premedication / procedure:
**   { "fact", value, past = {...}, refuted = {...}, also = {...}, absent = value,
**     snomed = {...}, icd10 = {...}, rxnorm = {...}, section = "problems" } */
static void coded_rule(cmap *c, int t, int kind) {
  lua_State *L = c->L;
  int ri = c->m->nrules;
  mr_fhir_rule *r = new_rule(c, kind);
  static const unsigned DEFAULT_SECTION[] = {MEDRULE_FHIR_COMPLETE_PROBLEMS, MEDRULE_FHIR_COMPLETE_ALLERGIES,
                                             MEDRULE_FHIR_COMPLETE_MEDICATIONS, MEDRULE_FHIR_COMPLETE_MEDICATIONS, 0};
  r->section = section_of(c, t);
  if (!r->section && kind <= K_PROCEDURE) r->section = DEFAULT_SECTION[kind];
  lua_rawgeti(L, t, 1);
  const char *name = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  if (!name) fail(c, "%s { \"fact\", value, ... }: the fact name comes first", KINDS[kind]);
  lua_rawgeti(L, t, 2);
  mr_fhir_fx fx = effect(c, name, -1);
  lua_pop(L, 1);
  if (kind == K_PROCEDURE) r->not_done = fx; /* a procedure's value is what "not-done" means */
  else push_fx(c, &r->active, fx);
  effects(c, t, "also", &r->active);
  effects(c, t, "past", &r->past);
  effects(c, t, "refuted", &r->refuted);
  const mr_fact *f = slot_fact(c, fx.slot);
  if (f->type == MR_BOOL && !r->refuted.n && kind != K_PROCEDURE) push_fx(c, &r->refuted, (mr_fhir_fx){fx.slot, 0, NULL});
  lua_getfield(L, t, "absent"); /* what --complete takes when nothing is recorded; a boolean's is false */
  lua_getfield(L, t, "complete"); /* complete = false: the section does not decide this fact */
  int assume = !(lua_isboolean(L, -1) && !lua_toboolean(L, -1));
  if (!lua_isnil(L, -2) && assume) add_absent(c, effect(c, name, -2), r->section);
  else if (f->type == MR_BOOL && kind != K_PROCEDURE && assume) add_absent(c, (mr_fhir_fx){fx.slot, 0, NULL}, r->section);
  lua_pop(L, 3);
  codes(c, t, "snomed", SYS_SNOMED, ri);
  codes(c, t, "icd10", SYS_ICD10, ri);
  codes(c, t, "rxnorm", SYS_RXNORM, ri);
  codes(c, t, "loinc", SYS_LOINC, ri);
  if (kind == K_ALLERGY) {
    lua_getfield(L, t, "manifestation");
    if (lua_istable(L, -1)) {
      int n = (int)lua_rawlen(L, -1);
      r->manifestations = need(c, mr_calloc((size_t)(n ? n : 1), sizeof *r->manifestations));
      for (int i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        if (lua_type(L, -1) != LUA_TSTRING) fail(c, "'manifestation' item %d must be a SNOMED CT code", i);
        r->manifestations[r->nmanifestations++] = keep(c, lua_tostring(L, -1));
        lua_pop(L, 1);
      }
    }
    lua_pop(L, 1);
  }
}

/* observation { "fact", loinc = {...}, answers = {...}, interpretation = {...},
**   above = code, within = code, combine = "latest" | "worst" } */
static mr_fhir_rule *new_rule(cmap *c, int kind) {
  mr_fhir_map *m = c->m;
  GROW(c, m->rules, (size_t)(m->nrules + 1));
  mr_fhir_rule *r = memset(&m->rules[m->nrules++], 0, sizeof *m->rules);
  r->kind = kind, r->line = c->line, r->slot = -1, r->not_done.slot = -1;
  return r;
}

static void observation_rule(cmap *c, int t) {
  lua_State *L = c->L;
  int ri = c->m->nrules;
  mr_fhir_rule *r = new_rule(c, K_OBSERVATION);
  lua_rawgeti(L, t, 1);
  const char *name = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  if (!name) fail(c, "observation { \"fact\", loinc = {...}, ... }: the fact name comes first");
  r->slot = slot(c, name, 1u << MR_BOOL | 1u << MR_CODE | 1u << MR_QUANTITY | 1u << MR_NUMBER);
  lua_pop(L, 1);
  const mr_fact *f = slot_fact(c, r->slot);
  r->mode = f->type == MR_QUANTITY || f->type == MR_NUMBER ? OBS_QUANTITY : OBS_CODED;
  codes(c, t, "loinc", SYS_LOINC, ri);
  if (r->mode == OBS_CODED) {
    pairs(c, t, "answers", r->slot, &r->answers);
    pairs(c, t, "interpretation", r->slot, &r->interp);
    static const char *const RANGE[] = {"above", "within"};
    for (int i = 0; i < 2; i++) {
      lua_getfield(L, t, RANGE[i]);
      if (!lua_isnil(L, -1)) *(i ? &r->within : &r->above) = effect(c, name, -1).code;
      lua_pop(L, 1);
    }
  }
  const char *comb = str_field(c, t, "combine");
  if (comb && strcmp(comb, "worst") && strcmp(comb, "latest")) fail(c, "combine is \"latest\" or \"worst\"");
  r->combine = comb && !strcmp(comb, "worst") ? COMBINE_WORST : COMBINE_LATEST;
}

static void list_rule(cmap *c, int t) {
  int ri = c->m->nrules;
  mr_fhir_rule *r = new_rule(c, K_LIST);
  r->section = section_of(c, t);
  if (!r->section) fail(c, "list { section = ..., loinc = {...} }: the section it completes");
  codes(c, t, "loinc", SYS_LOINC, ri);
}

static void plan_decl(cmap *c, int t) {
  mr_fhir_map *m = c->m;
  int ri = m->nrules;
  new_rule(c, K_PLAN);
  codes(c, t, "rxnorm", SYS_RXNORM, ri);
  m->route_slot = slot_field(c, t, "route", 1u << MR_CODE);
  m->rate_slot = slot_field(c, t, "rate", 1u << MR_QUANTITY);
  m->duration_slot = slot_field(c, t, "duration", 1u << MR_QUANTITY);
  m->bolus_slot = slot_field(c, t, "bolus", 1u << MR_QUANTITY);
  if (m->route_slot >= 0) pairs(c, t, "routes", m->route_slot, &m->routes);
  m->first_slot = slot_field(c, t, "first", 1u << MR_BOOL);
  m->since_slot = slot_field(c, t, "days_since", 1u << MR_QUANTITY);
  if (m->first_slot >= 0) /* --complete medications and no earlier ketamine: the first */
    add_absent(c, (mr_fhir_fx){m->first_slot, 1, NULL}, MEDRULE_FHIR_COMPLETE_MEDICATIONS);
}

static void patient_decl(cmap *c, int t) {
  mr_fhir_map *m = c->m;
  m->age_slot = slot_field(c, t, "age", 1u << MR_QUANTITY | 1u << MR_NUMBER);
  m->sex_slot = slot_field(c, t, "sex", 1u << MR_CODE);
  m->id_slot = slot_field(c, t, "id", 1u << MR_STRING);
  if (m->sex_slot >= 0) pairs(c, t, "genders", m->sex_slot, &m->genders);
}

static void consent_decl(cmap *c, int t) {
  mr_fhir_map *m = c->m;
  m->consent_slot = slot_field(c, t, "fact", 1u << MR_CODE);
  if (m->consent_slot < 0) fail(c, "consent { fact = ..., permit = code, deny = code }");
  lua_getfield(c->L, t, "permit");
  m->consent_permit = effect(c, m->slots[m->consent_slot], -1).code;
  lua_getfield(c->L, t, "deny");
  m->consent_deny = effect(c, m->slots[m->consent_slot], -1).code;
  lua_pop(c->L, 2);
  m->consent_scope = str_field(c, t, "scope");
}

static void bp_decl(cmap *c, int t) {
  mr_fhir_map *m = c->m;
  m->bp_slot = slot_field(c, t, "fact", 1u << MR_CODE);
  if (m->bp_slot < 0) fail(c, "blood_pressure { fact = ..., ... }");
  m->bp_systolic = str_field(c, t, "systolic");
  m->bp_diastolic = str_field(c, t, "diastolic");
  if (!m->bp_systolic || !m->bp_diastolic) fail(c, "blood_pressure needs the systolic and diastolic LOINC codes");
  m->bp_ok_sys = num_field(c, t, "controlled_below_systolic");
  m->bp_ok_dia = num_field(c, t, "controlled_below_diastolic");
  m->bp_poor_sys = num_field(c, t, "poor_from_systolic");
  m->bp_poor_dia = num_field(c, t, "poor_from_diastolic");
  const char *keys[] = {"controlled", "poor", "needs"};
  const char **dst[] = {&m->bp_controlled, &m->bp_poor, &m->bp_needs};
  for (int i = 0; i < 3; i++) {
    lua_getfield(c->L, t, keys[i]);
    *dst[i] = effect(c, m->slots[m->bp_slot], -1).code;
    lua_pop(c->L, 1);
  }
}

static int code_cmp(const void *a, const void *b) {
  const mr_fhir_code *x = a, *y = b;
  if (x->sys != y->sys) return x->sys - y->sys;
  int c = strcmp(x->code, y->code);
  if (c) return c;
  if (x->prefix != y->prefix) return x->prefix - y->prefix;
  return x->rule - y->rule;
}

/* Each declaration function records (kind, table, line) in the list at upvalue 1. */
static int declare(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_Debug ar;
  int line = lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar) ? ar.currentline : 0;
  lua_pushvalue(L, lua_upvalueindex(1));
  int n = (int)lua_rawlen(L, -1);
  lua_createtable(L, 3, 0);
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_rawseti(L, -2, 1);
  lua_pushvalue(L, 1);
  lua_rawseti(L, -2, 2);
  lua_pushinteger(L, line);
  lua_rawseti(L, -2, 3);
  lua_rawseti(L, -2, n + 1);
  return 0;
}

static const char *const DECLS[] = {"condition", "allergy", "medication", "premedication", "procedure",
                                    "observation", "plan", "list", "patient", "consent", "blood_pressure"};
enum { NDECLS = sizeof DECLS / sizeof *DECLS };

static int load_main(lua_State *L) {
  cmap *c = lua_touserdata(L, 1);
  const char *text = lua_touserdata(L, 2);
  size_t len = (size_t)lua_tointeger(L, 3);
  luaL_requiref(L, LUA_GNAME, luaopen_base, 0);
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 0);
  luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 0);
  int base = lua_gettop(L) - 2, strlib = base + 1, tablib = base + 2;
  lua_newtable(L); /* the declarations */
  int decls = lua_gettop(L);
  lua_newtable(L); /* the file's only globals */
  int env = lua_gettop(L);
  for (int i = 0; i < NDECLS; i++) {
    lua_pushvalue(L, decls);
    lua_pushinteger(L, i);
    lua_pushcclosure(L, declare, 2);
    lua_setfield(L, env, DECLS[i]);
  }
  static const char *const SAFE[] = {"ipairs", "pairs", "type", "tostring", "tonumber", "error", "assert", "select"};
  for (size_t i = 0; i < sizeof SAFE / sizeof *SAFE; i++) {
    lua_getfield(L, base, SAFE[i]);
    lua_setfield(L, env, SAFE[i]);
  }
  lua_pushvalue(L, strlib);
  lua_setfield(L, env, "string");
  lua_pushvalue(L, tablib);
  lua_setfield(L, env, "table");
  lua_pushfstring(L, "@%s", c->file);
  int loaded = luaL_loadbufferx(L, text, len, lua_tostring(L, -1), "t");
  lua_remove(L, -2);
  if (loaded != LUA_OK) return lua_error(L);
  lua_pushvalue(L, env);
  lua_setupvalue(L, -2, 1);
  lua_call(L, 0, 0);
  mr_luabox *box = *(mr_luabox **)lua_getextraspace(L);
  mr_luabox_disarm(box);
  int n = (int)lua_rawlen(L, decls);
  for (int i = 1; i <= n; i++) {
    lua_rawgeti(L, decls, i);
    int d = lua_gettop(L);
    lua_rawgeti(L, d, 1);
    int kind = (int)lua_tointeger(L, -1);
    lua_rawgeti(L, d, 2);
    int t = lua_gettop(L);
    lua_rawgeti(L, d, 3);
    c->line = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (kind <= K_PROCEDURE) coded_rule(c, t, kind);
    else if (kind == K_OBSERVATION) observation_rule(c, t);
    else if (kind == K_PLAN) plan_decl(c, t);
    else if (kind == K_LIST) list_rule(c, t);
    else if (kind == 8) patient_decl(c, t);
    else if (kind == 9) consent_decl(c, t);
    else bp_decl(c, t);
    lua_settop(L, d - 1);
  }
  mr_fhir_map *m = c->m;
  qsort(m->codes, (size_t)m->ncodes, sizeof *m->codes, code_cmp);
  return 0;
}

void mr_fhir_map_free(mr_fhir_map *m) {
  if (!m) return;
  for (int i = 0; i < m->nslots; i++) mr_free(m->slots[i]);
  mr_free(m->slots);
  for (int i = 0; i < m->nrules; i++) {
    mr_fhir_rule *r = &m->rules[i];
    mr_free(r->active.v), mr_free(r->past.v), mr_free(r->refuted.v);
    mr_free(r->answers.v), mr_free(r->interp.v), mr_free(r->manifestations);
  }
  mr_free(m->rules);
  mr_free(m->codes);
  mr_free(m->absent);
  mr_free(m->genders.v);
  mr_free(m->routes.v);
  for (int i = 0; i < m->nstrings; i++) mr_free(m->strings[i]);
  mr_free(m->strings);
  mr_free(m);
}

/* Where the mapping is: the pack's own fhir.lua, else the mapping of the
** shared vocabulary the pack uses (vocabulary/NAME.fhir.lua beside it), so
** that every pack of one vocabulary reads bundles the same way.  0 and an
** empty name when there is none. */
static int find_mapping(const medrule_pack *p, char *name, size_t n, const char **dir, char *vdir, size_t vn) {
  char path[4400];
  struct stat st;
  *dir = p->dir;
  snprintf(name, n, "fhir.lua");
  snprintf(path, sizeof path, "%s/%s", p->dir, name);
  if (stat(path, &st) == 0) return 1;
  for (int i = 0; i < p->nfiles; i++) {
    const char *f = p->files[i].name;
    size_t len = strlen(f);
    if (strncmp(f, "vocabulary/", 11) || len < 16 || strcmp(f + len - 4, ".lua") || strstr(f, ".fhir.lua")) continue;
    snprintf(name, n, "%.*s.fhir.lua", (int)(len - 4), f);
    *dir = mr_file_dir(p->dir, name, vdir, vn);
    snprintf(path, sizeof path, "%s/%s", *dir, name);
    if (stat(path, &st) == 0) return 1;
  }
  name[0] = 0;
  return 0;
}

int mr_fhir_map_open(medrule_pack *p, mr_fhir_map **out, char **errmsg) {
  *out = NULL;
  *errmsg = NULL;
  char name[300], vdir[4096];
  const char *dir;
  if (!find_mapping(p, name, sizeof name, &dir, vdir, sizeof vdir)) return 0; /* --input fhir says so */
  char why[300];
  size_t len;
  char *text = mr_read_pack_file(dir, name, 4u << 20, &len, why, sizeof why);
  if (!text) {
    if (strcmp(why, "out of memory")) *errmsg = mr_strdup(why);
    return -1;
  }
  /* The mapping decides facts, so the pack's digest covers it: it joins the
  ** pack's files (which own the text from here on). */
  mr_file *files = mr_realloc(p->files, (size_t)(p->nfiles + 1) * sizeof *files);
  char *keep_name = mr_strdup(name);
  if (!files || !keep_name) {
    if (files) p->files = files;
    mr_free(keep_name);
    mr_free(text);
    return -1;
  }
  p->files = files;
  p->files[p->nfiles++] = (mr_file){keep_name, text, len};
  mr_fhir_map *m = mr_calloc(1, sizeof *m);
  mr_luabox box;
  if (!m || mr_luabox_open_pooled(&box, p->opts.memory_limit ? p->opts.memory_limit : 64u << 20)) {
    mr_free(m);
    return -1;
  }
  m->age_slot = m->sex_slot = m->id_slot = m->route_slot = m->rate_slot = m->duration_slot = m->bolus_slot = -1;
  m->first_slot = m->since_slot = -1;
  m->consent_slot = m->bp_slot = -1;
  cmap c = {box.L, p, m, 0, name, 0, 0};
  lua_pushcfunction(box.L, mr_luabox_msgh);
  lua_pushcfunction(box.L, load_main);
  lua_pushlightuserdata(box.L, &c);
  lua_pushlightuserdata(box.L, text);
  lua_pushinteger(box.L, (lua_Integer)len);
  mr_luabox_arm(&box, p->opts.load_time_limit_ms ? p->opts.load_time_limit_ms : 2000);
  int rc = lua_pcall(box.L, 3, 0, 1);
  mr_luabox_disarm(&box);
  if (rc != LUA_OK) {
    int oom = (rc == LUA_ERRMEM && !box.mem_hit) || mr_lua_is_oom(box.L, -1);
    const char *msg = lua_tostring(box.L, -1);
    *errmsg = oom ? NULL
                  : mr_printf("%s/%s%s", dir, msg ? msg : "fhir.lua: failed",
                              box.timed_out ? " (time limit)" : box.mem_hit ? " (memory limit)" : "");
    mr_luabox_close(&box);
    mr_fhir_map_free(m);
    return -1;
  }
  mr_luabox_close(&box);
  *out = m;
  return 0;
}

unsigned medrule_fhir_section(const char *name, size_t len) {
  static const char *const NAMES[] = {"problems", "medications", "allergies"};
  if (!name) return 0;
  for (unsigned i = 0; i < 3; i++)
    if (strlen(NAMES[i]) == len && !memcmp(NAMES[i], name, len)) return 1u << i;
  return 0;
}

int mr_fhir_lookup(const mr_fhir_map *m, int sys, const char *code, int prefix) {
  int lo = 0, hi = m->ncodes;
  mr_fhir_code key = {(uint8_t)sys, (uint8_t)prefix, code, -1};
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (code_cmp(&m->codes[mid], &key) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo < m->ncodes && m->codes[lo].sys == sys && m->codes[lo].prefix == prefix && !strcmp(m->codes[lo].code, code))
    return lo;
  return -1;
}

static int primary_slot(const mr_fhir_rule *r) { return r->active.n ? r->active.v[0].slot : r->not_done.slot; }

/* Runs the rules of `kind` for one table key; with `done` (ICD-10-CM), a
** rule whose fact a more specific code already spoke for is skipped, and
** the facts spoken for are added to done. */
static void match_run(const mr_fhir_map *m, int at, int sys, const char *code, int prefix, int kind,
                      mr_fhir_rule_fn fn, void *ctx, int *done, int *ndone) {
  int first = *ndone;
  for (; at >= 0 && at < m->ncodes && m->codes[at].sys == sys && m->codes[at].prefix == prefix &&
         !strcmp(m->codes[at].code, code);
       at++) {
    const mr_fhir_rule *r = &m->rules[m->codes[at].rule];
    if (r->kind != kind) continue;
    int s = primary_slot(r), skip = 0;
    for (int i = 0; i < first; i++) skip |= done[i] == s;
    if (skip) continue;
    fn(ctx, r, m->codes[at].rule);
    if (*ndone < 64) done[(*ndone)++] = s;
  }
}

/* ICD-10-CM: for each fact, the most specific entry wins (F10.21, alcohol
** dependence in remission, over F10.2*, alcohol dependence), so that a code
** and its category never both speak for one fact. */
void mr_fhir_match(const mr_fhir_map *m, int sys, const char *code, int kind, mr_fhir_rule_fn fn, void *ctx) {
  int done[64], ndone = 0;
  if (sys != SYS_ICD10) {
    match_run(m, mr_fhir_lookup(m, sys, code, 0), sys, code, 0, kind, fn, ctx, done, &ndone);
    return;
  }
  char norm[64];
  size_t n = 0;
  for (const char *s = code; *s && n + 1 < sizeof norm; s++)
    if (*s != '.') norm[n++] = *s >= 'a' && *s <= 'z' ? (char)(*s - 32) : *s;
  norm[n] = 0;
  match_run(m, mr_fhir_lookup(m, sys, norm, 0), sys, norm, 0, kind, fn, ctx, done, &ndone);
  for (; n >= 3; norm[--n] = 0) /* the code itself, then each category above it */
    match_run(m, mr_fhir_lookup(m, sys, norm, 1), sys, norm, 1, kind, fn, ctx, done, &ndone);
}

const mr_fhir_fx *mr_fhir_pair_find(const mr_fhir_pairs *t, const char *code) {
  int lo = 0, hi = t->n;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    int c = strcmp(t->v[mid].code, code);
    if (!c) return &t->v[mid].fx;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return NULL;
}
