/* pack.c — loading a rule pack: run the pack files in the sandbox, turn the
** declarations into C structures, compile every condition, order the derived
** facts, and fingerprint the files.  The Lua state is closed afterwards; the
** loaded pack is plain immutable memory that threads share. */
#include <lauxlib.h>
#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "fhir_map.h"
#include "internal.h"
#include "luabox.h"

static const char *const CONTRACT_CATEGORIES[][2] = {
  {"indication", "Indications"},
  {"contraindication", "Contraindications and precautions"},
  {"dosing", "Dosing"},
  {"preinfusion_test", "Preinfusion tests"},
  {"personnel", "Personnel"},
  {"setting", "Setting and monitoring"},
  {"rescue", "Premedication and rescue"},
  {"follow_on", "Follow-on treatment"},
  {"response", "Positive response"},
};
#define NCONTRACT_CATEGORIES (int)(sizeof CONTRACT_CATEGORIES / sizeof CONTRACT_CATEGORIES[0])

typedef struct loader {
  medrule_pack *p;
  mr_luabox box;
  lua_State *L;
} loader;

/* ------------------------------------------------------------ freeing */

static void free_strings(char **v, int n) {
  if (!v) return;
  for (int i = 0; i < n; i++) mr_free(v[i]);
  mr_free(v);
}

void medrule_pack_close(medrule_pack *p) {
  if (!p) return;
  if (p->nparts) {
    mr_packset_free(p);
    return;
  }
  for (int i = 0; i < p->nfacts; i++) {
    mr_fact *f = &p->facts[i];
    mr_free(f->name);
    mr_free(f->unit_text);
    free_strings(f->values, f->nvalues);
    mr_free(f->value_lens);
    mr_free(f->default_text);
    mr_free(f->description);
  }
  mr_free(p->facts);
  for (int i = 0; i < p->nrules; i++) {
    mr_rule *r = &p->rules[i];
    mr_free(r->id), mr_free(r->category), mr_free(r->action), mr_free(r->grade), mr_free(r->certainty);
    mr_free(r->text), mr_free(r->document), mr_free(r->section), mr_free(r->quote), mr_free(r->topic), mr_free(r->position);
    for (int j = 0; j < r->njudgments; j++) {
      mr_free(r->judgments[j].id);
      mr_free(r->judgments[j].note);
      free_strings(r->judgments[j].quotes, r->judgments[j].nquotes);
    }
    mr_free(r->judgments);
    mr_free(r->reads);
    mr_free(r->deps);
    mr_free(r->json_head);
  }
  mr_free(p->rules);
  for (int i = 0; i < p->ncoverage; i++) {
    mr_free(p->coverage[i].item);
    mr_free(p->coverage[i].note);
    mr_free(p->coverage[i].rules);
  }
  mr_free(p->coverage);
  for (int i = 0; i < p->ntexts; i++) mr_free(p->texts[i].text);
  mr_free(p->texts);
  for (int i = 0; i < p->nfiles; i++) {
    mr_free(p->files[i].name);
    mr_free(p->files[i].text);
  }
  mr_free(p->files);
  free_strings(p->groups, p->ngroups);
  free_strings(p->grades, p->ngrades);
  free_strings(p->grade_meanings, p->ngrades);
  free_strings(p->certainties, p->ncertainties);
  free_strings(p->categories, p->ncategories);
  free_strings(p->topic_ids, p->ntopics);
  free_strings(p->topic_questions, p->ntopics);
  free_strings(p->category_titles, p->ncategories);
  mr_free(p->nodes), mr_free(p->kids), mr_free(p->hash), mr_free(p->group_hash), mr_free(p->sorted_facts);
  mr_free(p->group_hashes);
  mr_free(p->initial);
  mr_free(p->string_facts);
  mr_free(p->derive_order);
  mr_free(p->dir), mr_free(p->id), mr_free(p->version), mr_free(p->title), mr_free(p->digest);
  mr_free(p->document), mr_free(p->citation), mr_free(p->source_file), mr_free(p->url), mr_free(p->scale), mr_free(p->grade_word);
  mr_free(p->policy_json);
  mr_fhir_map_free(p->fhir);
  mr_free(p);
}

/* ------------------------------------------------------------ reading Lua */

static void *need(loader *ld, void *ptr) {
  if (!ptr) mr_lua_oom(ld->L);
  return ptr;
}

/* A string field of the table at `idx`, copied; NULL when absent. */
static char *opt_str(loader *ld, int idx, const char *k) {
  lua_getfield(ld->L, idx, k);
  char *r = NULL;
  if (lua_type(ld->L, -1) == LUA_TSTRING) r = need(ld, mr_strdup(lua_tostring(ld->L, -1)));
  lua_pop(ld->L, 1);
  return r;
}

static lua_Integer opt_int(loader *ld, int idx, const char *k) {
  lua_getfield(ld->L, idx, k);
  lua_Integer r = lua_tointeger(ld->L, -1);
  lua_pop(ld->L, 1);
  return r;
}

/* The list of strings in field k of the table at idx. */
static char **str_list(loader *ld, int idx, const char *k, int *n) {
  lua_State *L = ld->L;
  lua_getfield(L, idx, k);
  *n = 0;
  if (lua_type(L, -1) != LUA_TTABLE) {
    lua_pop(L, 1);
    return NULL;
  }
  int len = (int)luaL_len(L, -1);
  char **v = need(ld, mr_calloc((size_t)len + 1, sizeof *v));
  for (int i = 0; i < len; i++) {
    lua_rawgeti(L, -1, i + 1);
    v[i] = mr_strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    if (!v[i]) {
      free_strings(v, i);
      mr_lua_oom(L);
    }
  }
  *n = len;
  lua_pop(L, 1);
  return v;
}

static const char *file_name(loader *ld, const char *name) {
  for (int i = 0; i < ld->p->nfiles; i++)
    if (strcmp(ld->p->files[i].name, name) == 0) return ld->p->files[i].name;
  return "pack.lua";
}

static const mr_file *file_of(const medrule_pack *p, const char *name) {
  for (int i = 0; i < p->nfiles; i++)
    if (strcmp(p->files[i].name, name) == 0) return &p->files[i];
  return NULL;
}

/* Raises a load error "DIR/file:line: message". */
static int load_error(loader *ld, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int load_error(loader *ld, const char *file, int line, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  lua_pushfstring(ld->L, "%s/%s:%d: %s", ld->p->dir, file, line, msg);
  size_t n;
  const char *full = lua_tolstring(ld->L, -1, &n);
  return mr_lua_raise_complete(ld->L, full, n);
}

/* Records a condition's text and finds where it is written in its file, so
** that errors can point at a line and column. */
static int add_text(loader *ld, const char *text, const char *file, int line) {
  medrule_pack *p = ld->p;
  mr_text *t = need(ld, mr_realloc(p->texts, (size_t)(p->ntexts + 1) * sizeof *t));
  p->texts = t;
  t = &p->texts[p->ntexts];
  memset(t, 0, sizeof *t);
  t->text = need(ld, mr_strdup(text));
  t->file = file;
  t->line = line;
  t->root = -1;
  const mr_file *f = file_of(p, file);
  if (f) {
    const char *s = f->text;
    int l = 1;
    while (l < line && (s = strchr(s, '\n'))) s++, l++;
    const char *at = s ? strstr(s, text) : NULL;
    if (at) {
      t->line = line;
      for (const char *q = s; q < at; q++)
        if (*q == '\n') t->line++;
      const char *bol = at;
      while (bol > f->text && bol[-1] != '\n') bol--;
      t->col = (int)(at - bol) + 1;
    }
  }
  return p->ntexts++;
}

/* A compile error, with the offending part of the condition marked. */
static int condition_error(loader *ld, int text, uint32_t off, uint32_t len, const char *what,
                           const char *msg) {
  const mr_text *t = &ld->p->texts[text];
  const char *s = t->text;
  int line = t->line, col = t->col;
  const char *bol = s;
  for (uint32_t i = 0; i < off && s[i]; i++)
    if (s[i] == '\n') line++, bol = s + i + 1;
  const char *eol = strchr(bol, '\n');
  if (!eol) eol = bol + strlen(bol);
  int pos = (int)(s + off - bol);
  if (col > 0) col = (bol == s ? col + pos : pos + 1);
  strbuf b;
  sb_init(&b);
  if (col > 0)
    sb_printf(&b, "%s/%s:%d:%d: %s: %s\n", ld->p->dir, t->file, line, col, what, msg);
  else
    sb_printf(&b, "%s/%s:%d: %s: %s (at column %d of the condition)\n", ld->p->dir, t->file, t->line, what,
              msg, (int)off + 1);
  sb_puts(&b, "    ");
  sb_add(&b, bol, (size_t)(eol - bol));
  sb_puts(&b, "\n    ");
  for (int i = 0; i < pos; i++) sb_putc(&b, bol[i] == '\t' ? '\t' : ' ');
  sb_putc(&b, '^');
  for (uint32_t i = 1; i < len && bol + pos + i < eol; i++) sb_putc(&b, '~');
  if (b.oom) {
    sb_free(&b);
    return mr_lua_oom(ld->L);
  }
  lua_pushlstring(ld->L, b.data, b.len); /* anchored on the stack while raised */
  sb_free(&b);
  size_t n;
  const char *full = lua_tolstring(ld->L, -1, &n);
  return mr_lua_raise_complete(ld->L, full, n);
}

/* Adds the facts under node n to the bitset deps. */
static void node_deps(const medrule_pack *p, int n, uint64_t *deps) {
  const mr_node *nd = &p->nodes[n];
  if (nd->op == N_FACT) {
    deps[nd->a >> 6] |= 1ull << (nd->a & 63);
  } else if (nd->op == N_AND || nd->op == N_OR) {
    for (int i = 0; i < nd->nkids; i++) node_deps(p, p->kids[nd->kids + i], deps);
  } else if (nd->op != N_LUA) {
    if (nd->a >= 0) node_deps(p, nd->a, deps);
    if (nd->b >= 0) node_deps(p, nd->b, deps);
  }
}

/* A rule condition written exactly like an earlier one is the same tree,
** evaluated once per patient through the evaluator's memo. */
static int shared_condition(loader *ld, uint64_t *deps) {
  medrule_pack *p = ld->p;
  lua_getfield(ld->L, -1, "text");
  const char *text = lua_tostring(ld->L, -1);
  int root = -1;
  for (int i = 0; text && i < p->ntexts && root < 0; i++)
    if (p->texts[i].root >= 0 && strcmp(p->texts[i].text, text) == 0) root = p->texts[i].root;
  lua_pop(ld->L, 1);
  if (root < 0) return -1;
  if (p->nodes[root].memo < 0) p->nodes[root].memo = p->nmemo++;
  if (deps) node_deps(p, root, deps);
  return root;
}

/* Compiles the condition record at the top of the stack ({text=, tree=} or
** {text=, error=, pos=}) for `what`; returns the node. */
static int compile_condition(loader *ld, const char *what, const char *file, int line, int want,
                             uint64_t *deps) {
  lua_State *L = ld->L;
  if (want == MR_BOOL) {
    int shared = shared_condition(ld, deps);
    if (shared >= 0) return shared;
  }
  lua_getfield(L, -1, "text");
  int text = add_text(ld, lua_tostring(L, -1), file, line);
  lua_pop(L, 1);
  lua_getfield(L, -1, "error");
  if (lua_isstring(L, -1)) {
    char *msg = need(ld, mr_strdup(lua_tostring(L, -1)));
    lua_pop(L, 1);
    lua_Integer pos = opt_int(ld, -1, "pos");
    strbuf b;
    sb_init(&b);
    sb_puts(&b, msg);
    mr_free(msg);
    lua_pushlstring(L, b.data ? b.data : "", b.len);
    sb_free(&b);
    const char *m = lua_tostring(L, -1);
    return condition_error(ld, text, (uint32_t)(pos > 0 ? pos - 1 : 0), 1, what, m);
  }
  lua_pop(L, 1);
  lua_getfield(L, -1, "tree");
  strbuf err;
  sb_init(&err);
  int node;
  uint32_t off, len;
  int rc = mr_compile(ld->p, L, text, want, deps, &node, &err, &off, &len);
  lua_pop(L, 1);
  if (rc) {
    lua_pushstring(L, err.data ? err.data : "error");
    sb_free(&err);
    return condition_error(ld, text, off, len, what, lua_tostring(L, -1));
  }
  sb_free(&err);
  if (want == MR_BOOL) ld->p->texts[text].root = node; /* later rules with the same text share it */
  return node;
}

/* ------------------------------------------------------------ declarations */

static void read_pack_meta(loader *ld, int reg) {
  medrule_pack *p = ld->p;
  lua_State *L = ld->L;
  lua_getfield(L, reg, "pack");
  int t = lua_gettop(L);
  p->id = opt_str(ld, t, "id");
  p->version = opt_str(ld, t, "version");
  p->title = opt_str(ld, t, "title");
  lua_getfield(L, t, "source");
  p->document = opt_str(ld, -1, "document");
  p->citation = opt_str(ld, -1, "citation");
  p->source_file = opt_str(ld, -1, "file");
  p->url = opt_str(ld, -1, "url");
  lua_pop(L, 1);
  lua_getfield(L, t, "evidence");
  int ev = lua_gettop(L);
  p->scale = opt_str(ld, ev, "scale");
  p->grade_word = opt_str(ld, ev, "word");
  if (!p->grade_word) p->grade_word = need(ld, mr_strdup("grade"));
  p->grades = str_list(ld, ev, "grades", &p->ngrades);
  p->grade_meanings = need(ld, mr_calloc((size_t)(p->ngrades ? p->ngrades : 1), sizeof(char *)));
  lua_getfield(L, ev, "meanings");
  for (int i = 0; i < p->ngrades; i++) {
    lua_rawgeti(L, -1, i + 1);
    if (lua_type(L, -1) == LUA_TSTRING) p->grade_meanings[i] = need(ld, mr_strdup(lua_tostring(L, -1)));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  p->certainties = str_list(ld, ev, "certainties", &p->ncertainties);
  lua_pop(L, 1);
  int nq;
  p->topic_ids = str_list(ld, t, "topic_ids", &p->ntopics);
  p->topic_questions = str_list(ld, t, "topic_questions", &nq);
  int nextra;
  char **extra = str_list(ld, t, "categories", &nextra);
  p->categories = need(ld, mr_calloc((size_t)(NCONTRACT_CATEGORIES + nextra), sizeof(char *)));
  p->category_titles = mr_calloc((size_t)(NCONTRACT_CATEGORIES + nextra), sizeof(char *));
  if (!p->category_titles) {
    free_strings(extra, nextra);
    mr_lua_oom(L);
  }
  for (int i = 0; i < NCONTRACT_CATEGORIES; i++) {
    p->categories[i] = mr_strdup(CONTRACT_CATEGORIES[i][0]);
    p->category_titles[i] = mr_strdup(CONTRACT_CATEGORIES[i][1]);
    p->ncategories++;
  }
  for (int i = 0; i < nextra; i++) {
    p->categories[p->ncategories] = extra[i];
    p->category_titles[p->ncategories] = mr_strdup(extra[i]);
    p->ncategories++;
  }
  mr_free(extra);
  for (int i = 0; i < p->ncategories; i++)
    if (!p->categories[i] || !p->category_titles[i]) mr_lua_oom(L);
  lua_pop(L, 1);
}

/* Input-syntax JSON text of a Lua default value. */
static char *default_json(loader *ld) {
  lua_State *L = ld->L;
  switch (lua_type(L, -1)) {
    case LUA_TBOOLEAN: return need(ld, mr_strdup(lua_toboolean(L, -1) ? "true" : "false"));
    case LUA_TNUMBER: return need(ld, mr_printf("%.17g", lua_tonumber(L, -1)));
    default: {
      strbuf b;
      sb_init(&b);
      sb_json_str(&b, lua_tostring(L, -1));
      return need(ld, sb_steal(&b));
    }
  }
}

static void read_facts(loader *ld, int reg) {
  medrule_pack *p = ld->p;
  lua_State *L = ld->L;
  lua_getfield(L, reg, "facts");
  int list = lua_gettop(L);
  int n = (int)luaL_len(L, list);
  p->facts = need(ld, mr_calloc((size_t)n, sizeof *p->facts));
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, list, i + 1);
    int t = lua_gettop(L);
    mr_fact *f = &p->facts[i];
    p->nfacts = i + 1;
    f->per = -1;
    f->derive = -1;
    f->name = opt_str(ld, t, "name");
    lua_getfield(L, t, "file");
    f->file = file_name(ld, lua_tostring(L, -1));
    lua_pop(L, 1);
    f->line = (int)opt_int(ld, t, "line");
    char *type = opt_str(ld, t, "type");
    static const char *const TYPES[] = {"boolean", "number", "quantity", "code", "codes", "string"};
    for (int k = 0; k < 6; k++)
      if (strcmp(type, TYPES[k]) == 0) f->type = k;
    mr_free(type);
    f->unit = mr_unit_one();
    f->unit_text = opt_str(ld, t, "unit");
    if (f->unit_text) {
      char e[160];
      if (mr_unit_parse(f->unit_text, strlen(f->unit_text), &f->unit, e, sizeof e))
        load_error(ld, f->file, f->line, "fact %s: unit '%s': %s", f->name, f->unit_text, e);
    }
    f->values = str_list(ld, t, "values", &f->nvalues);
    if (f->nvalues > 64) /* the prelude checks this; a code is a bit of a 64-bit mask */
      load_error(ld, f->file, f->line, "fact %s: more than 64 codes", f->name);
    lua_getfield(L, t, "range");
    if (lua_istable(L, -1)) {
      f->has_range = 1;
      lua_rawgeti(L, -1, 1);
      lua_rawgeti(L, -2, 2);
      f->min = lua_tonumber(L, -2);
      f->max = lua_tonumber(L, -1);
      lua_pop(L, 2);
    }
    lua_pop(L, 1);
    lua_getfield(L, t, "default");
    if (!lua_isnil(L, -1)) f->default_text = default_json(ld);
    lua_pop(L, 1);
    lua_getfield(L, t, "computed");
    f->computed = lua_toboolean(L, -1);
    lua_pop(L, 1);
    f->description = opt_str(ld, t, "description");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (mr_pack_index(p)) mr_lua_oom(L);
}

/* Second pass over facts: `per`, defaults, derivations (all facts known now). */
static void resolve_facts(loader *ld, int reg, uint64_t *deps, int words) {
  medrule_pack *p = ld->p;
  lua_State *L = ld->L;
  lua_getfield(L, reg, "facts");
  int list = lua_gettop(L);
  for (int i = 0; i < p->nfacts; i++) {
    mr_fact *f = &p->facts[i];
    lua_rawgeti(L, list, i + 1);
    int t = lua_gettop(L);
    char *per = opt_str(ld, t, "per");
    if (per) {
      f->per = mr_fact_find(p, per, strlen(per));
      int ok = f->per >= 0 && p->facts[f->per].type == MR_QUANTITY && f->per != i;
      if (!ok) {
        lua_pushstring(L, per);
        mr_free(per);
        load_error(ld, f->file, f->line, "fact %s: per '%s' must name another declared quantity fact", f->name,
                   lua_tostring(L, -1));
      }
      mr_free(per);
    }
    lua_getfield(L, t, "default"); /* parsed like an input value, now that `per` is known */
    if (!lua_isnil(L, -1)) {
      char e[300];
      int kind = lua_type(L, -1) == LUA_TBOOLEAN ? 'b' : lua_type(L, -1) == LUA_TNUMBER ? 'n' : 's';
      if (mr_value_from_default(p, i, kind, lua_toboolean(L, -1), lua_tonumber(L, -1),
                                kind == 's' ? lua_tostring(L, -1) : NULL, &f->def, e, sizeof e))
        load_error(ld, f->file, f->line, "fact %s: default %s: %s", f->name, f->default_text, e);
      f->has_default = 1;
    }
    lua_pop(L, 1);
    lua_getfield(L, t, "derive");
    if (lua_istable(L, -1)) {
      char what[300];
      snprintf(what, sizeof what, "fact %s: derive", f->name);
      int node = compile_condition(ld, what, f->file, f->line, -1, deps + (size_t)i * words);
      mr_node *nd = &p->nodes[node];
      int want = f->type == MR_QUANTITY ? MR_NUMBER : f->type;
      if (nd->type != want || (f->type == MR_QUANTITY && !mr_unit_commensurable(nd->unit, f->unit)) ||
          (f->type == MR_NUMBER && !mr_unit_commensurable(nd->unit, mr_unit_one()))) {
        char kind[64];
        mr_unit_kind(nd->unit, kind, sizeof kind);
        load_error(ld, f->file, f->line, "fact %s: derive gives %s, but the fact is a %s%s%s", f->name,
                   nd->type == MR_NUMBER ? kind : "a different type", f->type == MR_QUANTITY ? "quantity in " : "",
                   f->type == MR_QUANTITY ? f->unit_text : "", f->type == MR_QUANTITY ? "" : " value");
      }
      if (f->type == MR_QUANTITY && !mr_unit_equal(nd->unit, f->unit)) {
        /* scale the derivation into the fact's canonical unit */
        int64_t num, den;
        mr_unit_ratio(nd->unit, f->unit, &num, &den);
        int si = mr_pack_add_node(p);
        if (si < 0) mr_lua_oom(L);
        mr_node *s = &p->nodes[si];
        *s = p->nodes[node];
        s->op = N_SCALE;
        s->memo = -1;
        s->fast = FAST_NONE;
        s->a = node;
        s->num = (double)num;
        s->den = (double)den;
        s->unit = f->unit;
        node = si;
      }
      f->derive = node;
    }
    lua_pop(L, 1);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* Orders derived facts so each comes after the derived facts it reads. */
static void order_derivations(loader *ld, const uint64_t *deps, int words) {
  medrule_pack *p = ld->p;
  int n = p->nfacts;
  p->derive_order = need(ld, mr_malloc((size_t)(n ? n : 1) * sizeof(int)));
  char *color = need(ld, mr_calloc((size_t)(n ? n : 1), 1)); /* 0 new, 1 on path, 2 done */
  int *stack = mr_malloc((size_t)(n ? n : 1) * sizeof(int));
  int *path = mr_malloc((size_t)(n ? n : 1) * sizeof(int));
  if (!stack || !path) {
    mr_free(color), mr_free(stack), mr_free(path);
    mr_lua_oom(ld->L);
  }
  for (int root = 0; root < n; root++) {
    if (p->facts[root].derive < 0 || color[root]) continue;
    /* iterative DFS: stack of (fact, next dependency to look at) */
    int depth = 0;
    path[0] = root;
    stack[0] = 0;
    color[root] = 1;
    while (depth >= 0) {
      int f = path[depth];
      int j = stack[depth]++;
      if (j >= n) {
        color[f] = 2;
        p->derive_order[p->nderive_order++] = f;
        depth--;
        continue;
      }
      if (!(deps[(size_t)f * words + (j >> 6)] >> (j & 63) & 1) || p->facts[j].derive < 0) continue;
      if (color[j] == 2) continue;
      if (color[j] == 1) {
        strbuf b;
        sb_init(&b);
        int k = 0;
        while (path[k] != j) k++;
        for (; k <= depth; k++) {
          sb_puts(&b, p->facts[path[k]].name);
          sb_puts(&b, " -> ");
        }
        sb_puts(&b, p->facts[j].name);
        const mr_fact *fj = &p->facts[j];
        char msg[900];
        snprintf(msg, sizeof msg, "derived facts form a cycle: %s", b.data ? b.data : "");
        sb_free(&b);
        mr_free(color), mr_free(stack), mr_free(path);
        load_error(ld, fj->file, fj->line, "%s", msg);
      }
      color[j] = 1;
      path[++depth] = j;
      stack[depth] = 0;
    }
  }
  mr_free(color), mr_free(stack), mr_free(path);
}

static int in_list(char **v, int n, const char *s) {
  for (int i = 0; i < n; i++)
    if (strcmp(v[i], s) == 0) return i;
  return -1;
}

/* The effect of a rule under the policy table at `pol` (or the default
** policy when the pack declares none). */
static int policy_effect(loader *ld, int pol, const mr_rule *r) {
  lua_State *L = ld->L;
  if (pol == 0) {
    if (!strcmp(r->action, "do_not") || !strcmp(r->action, "avoid")) return MR_EFFECT_STOP;
    return !strcmp(r->action, "caution") ? MR_EFFECT_CAUTION : MR_EFFECT_NONE;
  }
  static const char *const KINDS[] = {"stop", "caution"};
  for (int k = 0; k < 2; k++) {
    lua_getfield(L, pol, KINDS[k]);
    int n = (int)luaL_len(L, -1);
    for (int i = 1; i <= n; i++) {
      lua_rawgeti(L, -1, i);
      lua_getfield(L, -1, "category");
      int match = lua_isnil(L, -1) || !strcmp(lua_tostring(L, -1), r->category);
      lua_pop(L, 1);
      lua_getfield(L, -1, "actions");
      if (match && lua_istable(L, -1)) {
        int m = (int)luaL_len(L, -1), hit = 0;
        for (int j = 1; j <= m; j++) {
          lua_rawgeti(L, -1, j);
          if (!strcmp(lua_tostring(L, -1), r->action)) hit = 1;
          lua_pop(L, 1);
        }
        match = hit;
      }
      lua_pop(L, 2);
      if (match) {
        lua_pop(L, 1);
        return k == 0 ? MR_EFFECT_STOP : MR_EFFECT_CAUTION;
      }
    }
    lua_pop(L, 1);
  }
  return MR_EFFECT_NONE;
}

static void read_policy_json(loader *ld, int pol) {
  lua_State *L = ld->L;
  strbuf b;
  sb_init(&b);
  sb_putc(&b, '{');
  static const char *const KINDS[] = {"stop", "caution"};
  for (int k = 0; k < 2; k++) {
    sb_printf(&b, "%s\"%s\":[", k ? "," : "", KINDS[k]);
    if (pol == 0) {
      sb_puts(&b, k == 0 ? "{\"category\":null,\"actions\":[\"do_not\",\"avoid\"]}"
                         : "{\"category\":null,\"actions\":[\"caution\"]}");
    } else {
      lua_getfield(L, pol, KINDS[k]);
      int n = (int)luaL_len(L, -1);
      for (int i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        lua_getfield(L, -1, "category");
        sb_printf(&b, "%s{\"category\":", i > 1 ? "," : "");
        sb_json_str(&b, lua_tostring(L, -1));
        lua_pop(L, 1);
        sb_puts(&b, ",\"actions\":");
        lua_getfield(L, -1, "actions");
        if (lua_istable(L, -1)) {
          sb_putc(&b, '[');
          int m = (int)luaL_len(L, -1);
          for (int j = 1; j <= m; j++) {
            lua_rawgeti(L, -1, j);
            if (j > 1) sb_putc(&b, ',');
            sb_json_str(&b, lua_tostring(L, -1));
            lua_pop(L, 1);
          }
          sb_putc(&b, ']');
        } else {
          sb_puts(&b, "null");
        }
        lua_pop(L, 2);
        sb_putc(&b, '}');
      }
      lua_pop(L, 1);
    }
    sb_putc(&b, ']');
  }
  sb_putc(&b, '}');
  ld->p->policy_json = need(ld, sb_steal(&b));
}

static void read_rules(loader *ld, int reg) {
  medrule_pack *p = ld->p;
  lua_State *L = ld->L;
  int words = (p->nfacts + 63) / 64;
  lua_getfield(L, reg, "policy");
  int pol = lua_istable(L, -1) ? lua_gettop(L) : 0;
  read_policy_json(ld, pol);
  if (pol) {
    lua_getfield(L, pol, "stop");
    int n = (int)luaL_len(L, -1);
    for (int i = 1; i <= n; i++) {
      lua_rawgeti(L, -1, i);
      lua_getfield(L, -1, "category");
      const char *c = lua_tostring(L, -1);
      if (c && in_list(p->categories, p->ncategories, c) < 0) {
        lua_getfield(L, pol, "file");
        load_error(ld, file_name(ld, lua_tostring(L, -1)), (int)opt_int(ld, pol, "line"),
                   "policy: category '%s' is not a category of this pack", c);
      }
      lua_pop(L, 2);
    }
    lua_pop(L, 1);
  }
  lua_getfield(L, reg, "rules");
  int list = lua_gettop(L);
  int n = (int)luaL_len(L, list);
  p->rules = need(ld, mr_calloc((size_t)(n ? n : 1), sizeof *p->rules));
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, list, i + 1);
    int t = lua_gettop(L);
    mr_rule *r = &p->rules[i];
    p->nrules = i + 1;
    r->applies = -1;
    r->lua_fn = -1;
    r->id = opt_str(ld, t, "id");
    lua_getfield(L, t, "file");
    r->file = file_name(ld, lua_tostring(L, -1));
    lua_pop(L, 1);
    r->line = (int)opt_int(ld, t, "line");
    r->category = opt_str(ld, t, "category");
    r->action = opt_str(ld, t, "action");
    r->grade = opt_str(ld, t, "grade");
    r->certainty = opt_str(ld, t, "certainty");
    r->text = opt_str(ld, t, "text");
    lua_getfield(L, t, "source");
    r->document = opt_str(ld, -1, "document");
    r->section = opt_str(ld, -1, "section");
    r->quote = opt_str(ld, -1, "quote");
    lua_pop(L, 1);
    r->topic = opt_str(ld, t, "topic");
    r->position = opt_str(ld, t, "position");
    if (!r->document) r->document = need(ld, mr_strdup(p->document));
    r->category_index = in_list(p->categories, p->ncategories, r->category);
    if (r->category_index < 0)
      load_error(ld, r->file, r->line, "rule %s: category '%s' is not one of the pack's categories", r->id,
                 r->category);
    if (r->grade && in_list(p->grades, p->ngrades, r->grade) < 0)
      load_error(ld, r->file, r->line, "rule %s: grade '%s' is not in the pack's evidence scale (%s)", r->id,
                 r->grade, p->scale);
    if (r->certainty && in_list(p->certainties, p->ncertainties, r->certainty) < 0)
      load_error(ld, r->file, r->line, "rule %s: certainty '%s' is not in the pack's evidence scale (%s)", r->id,
                 r->certainty, p->scale);
    /* judgments */
    lua_getfield(L, t, "judgments");
    int nj = (int)luaL_len(L, -1);
    r->judgments = need(ld, mr_calloc((size_t)(nj ? nj : 1), sizeof *r->judgments));
    for (int j = 0; j < nj; j++) {
      lua_rawgeti(L, -1, j + 1);
      int jt = lua_gettop(L);
      r->njudgments = j + 1;
      r->judgments[j].id = opt_str(ld, jt, "id");
      r->judgments[j].note = opt_str(ld, jt, "note");
      r->judgments[j].quotes = str_list(ld, jt, "quotes", &r->judgments[j].nquotes);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    /* conditions */
    r->deps = need(ld, mr_calloc((size_t)(words ? words : 1), sizeof(uint64_t)));
    char what[300];
    snprintf(what, sizeof what, "rule %s", r->id);
    lua_getfield(L, t, "fn");
    int is_fn = lua_isfunction(L, -1);
    lua_pop(L, 1);
    if (is_fn) {
      r->lua_fn = p->nlua_fns++;
      int nreads;
      char **reads = str_list(ld, t, "reads", &nreads);
      r->reads = mr_malloc((size_t)nreads * sizeof(int32_t));
      if (!r->reads) {
        free_strings(reads, nreads);
        mr_lua_oom(L);
      }
      r->nreads = nreads;
      for (int k = 0; k < nreads; k++) {
        r->reads[k] = mr_fact_find(p, reads[k], strlen(reads[k]));
        if (r->reads[k] < 0) {
          lua_pushstring(L, reads[k]);
          free_strings(reads, nreads);
          load_error(ld, r->file, r->line, "rule %s: reads '%s', which is not a declared fact", r->id,
                     lua_tostring(L, -1));
        }
        r->deps[r->reads[k] >> 6] |= 1ull << (r->reads[k] & 63);
      }
      free_strings(reads, nreads);
      /* The node that calls the function at evaluation time. */
      int ni = mr_pack_add_node(p);
      if (ni < 0) mr_lua_oom(L);
      mr_node *nd = &p->nodes[ni];
      nd->op = N_LUA;
      nd->type = MR_BOOL;
      nd->a = i;
      nd->b = -1;
      nd->unit = mr_unit_one();
      int tx = add_text(ld, "(Lua function)", r->file, r->line);
      nd = &p->nodes[ni];
      nd->text = tx;
      nd->len = (uint32_t)strlen("(Lua function)");
      r->when = ni;
    } else {
      lua_getfield(L, t, "when");
      snprintf(what, sizeof what, "rule %s: when", r->id);
      r->when = compile_condition(ld, what, r->file, r->line, MR_BOOL, r->deps);
      lua_pop(L, 1);
    }
    lua_getfield(L, t, "applies");
    if (lua_istable(L, -1)) {
      snprintf(what, sizeof what, "rule %s: applies", r->id);
      r->applies = compile_condition(ld, what, r->file, r->line, MR_BOOL, r->deps);
    }
    lua_pop(L, 1);
    char *effect = opt_str(ld, t, "effect");
    if (effect) {
      r->effect = !strcmp(effect, "stop") ? MR_EFFECT_STOP : !strcmp(effect, "caution") ? MR_EFFECT_CAUTION
                                                                                          : MR_EFFECT_NONE;
      mr_free(effect);
    } else {
      r->effect = policy_effect(ld, pol, r);
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
}

static void read_coverage(loader *ld, int reg) {
  medrule_pack *p = ld->p;
  lua_State *L = ld->L;
  lua_getfield(L, reg, "coverage");
  if (!lua_istable(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  int n = (int)luaL_len(L, -1);
  p->coverage = need(ld, mr_calloc((size_t)(n ? n : 1), sizeof *p->coverage));
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, -1, i + 1);
    int t = lua_gettop(L);
    struct mr_coverage *c = &p->coverage[i];
    p->ncoverage = i + 1;
    c->item = opt_str(ld, t, "item");
    c->note = opt_str(ld, t, "note");
    int nr;
    char **ids = str_list(ld, t, "rules", &nr);
    c->rules = mr_malloc((size_t)(nr ? nr : 1) * sizeof(int));
    if (!c->rules) {
      free_strings(ids, nr);
      mr_lua_oom(L);
    }
    c->nrules = nr;
    for (int k = 0; k < nr; k++) {
      c->rules[k] = medrule_pack_rule_index(p, ids[k]);
      if (c->rules[k] < 0) {
        lua_pushstring(L, ids[k]);
        free_strings(ids, nr);
        lua_getfield(L, t, "file");
        load_error(ld, file_name(ld, lua_tostring(L, -1)), (int)opt_int(ld, t, "line"),
                   "coverage: '%s' maps to rule '%s', which the pack does not declare", c->item,
                   lua_tostring(L, -2));
      }
    }
    free_strings(ids, nr);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

static int load_main(lua_State *L) {
  loader *ld = lua_touserdata(L, 1);
  medrule_pack *p = ld->p;
  mr_luabox_arm(&ld->box, p->opts.load_time_limit_ms);
  mr_luabox_run_pack(&ld->box);
  mr_luabox_disarm(&ld->box);
  if (ld->box.mem_hit) return luaL_error(L, "memory limit"); /* a pcall in the pack swallowed it */
  int reg = lua_gettop(L);
  read_pack_meta(ld, reg);
  read_facts(ld, reg);
  int words = (p->nfacts + 63) / 64;
  uint64_t *deps = need(ld, mr_calloc((size_t)(p->nfacts ? p->nfacts : 1) * (size_t)(words ? words : 1),
                                      sizeof(uint64_t)));
  /* deps is freed below; a load error in between leaks nothing because the
  ** pointer is parked in the registry as a light userdata owned by us. */
  lua_pushlightuserdata(L, deps);
  lua_setfield(L, LUA_REGISTRYINDEX, "medrule.deps");
  resolve_facts(ld, reg, deps, words);
  order_derivations(ld, deps, words);
  lua_pushnil(L);
  lua_setfield(L, LUA_REGISTRYINDEX, "medrule.deps");
  mr_free(deps);
  read_rules(ld, reg);
  read_coverage(ld, reg);
  /* what a new or cleared fact set starts from, built once */
  p->initial = need(ld, mr_calloc((size_t)(p->nfacts ? p->nfacts : 1), sizeof *p->initial));
  p->string_facts = need(ld, mr_calloc((size_t)(p->nfacts ? p->nfacts : 1), sizeof *p->string_facts));
  for (int i = 0; i < p->nfacts; i++) {
    mr_fact *f = &p->facts[i];
    if (f->has_default) {
      p->initial[i] = f->def; /* a default "40 mg" for a dose in mg/kg waits for the weight: blame set */
    } else {
      p->initial[i].state = MR_U;
      p->initial[i].blame = -1;
    }
    if (f->type == MR_STRING) p->string_facts[p->nstring_facts++] = i;
    if (f->nvalues) {
      f->value_lens = need(ld, mr_malloc((size_t)f->nvalues));
      for (int k = 0; k < f->nvalues; k++) {
        size_t n = strlen(f->values[k]);
        f->value_lens[k] = (uint8_t)(n > 255 ? 255 : n);
      }
    }
  }
  p->patient_id_fact = mr_fact_find(p, "patient.id", 10);
  if (p->patient_id_fact >= 0 && p->facts[p->patient_id_fact].type != MR_STRING) p->patient_id_fact = -1;
  return 0;
}

static void compute_digest(medrule_pack *p) {
  /* Files in name order, each as name NUL content NUL. */
  int *order = mr_malloc((size_t)(p->nfiles ? p->nfiles : 1) * sizeof(int));
  if (!order) return;
  for (int i = 0; i < p->nfiles; i++) order[i] = i;
  for (int i = 1; i < p->nfiles; i++)
    for (int j = i; j > 0 && strcmp(p->files[order[j - 1]].name, p->files[order[j]].name) > 0; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  SHA2_CTX ctx;
  SHA256Init(&ctx);
  for (int i = 0; i < p->nfiles; i++) {
    const mr_file *f = &p->files[order[i]];
    SHA256Update(&ctx, (const uint8_t *)f->name, strlen(f->name) + 1);
    SHA256Update(&ctx, (const uint8_t *)f->text, f->len);
    SHA256Update(&ctx, (const uint8_t *)"", 1);
  }
  mr_free(order);
  char hex[SHA256_DIGEST_STRING_LENGTH];
  SHA256End(&ctx, hex);
  p->digest = mr_printf("sha256:%s", hex);
}

int medrule_pack_open(const char *dir, const medrule_pack_options *opts, medrule_pack **out, char **errmsg) {
  if (errmsg) *errmsg = NULL;
  if (!out) return MEDRULE_MISUSE;
  *out = NULL;
  if (!dir) {
    if (errmsg) *errmsg = mr_strdup("no pack directory given");
    return MEDRULE_MISUSE;
  }
  medrule_pack *p = mr_calloc(1, sizeof *p);
  if (!p || !(p->dir = mr_strdup(dir))) {
    mr_free(p);
    if (errmsg) *errmsg = mr_strdup("out of memory");
    return MEDRULE_NOMEM;
  }
  size_t len = strlen(p->dir);
  while (len > 1 && p->dir[len - 1] == '/') p->dir[--len] = 0;
  if (opts) p->opts = *opts;
  if (!p->opts.memory_limit) p->opts.memory_limit = 64u << 20;
  if (!p->opts.load_time_limit_ms) p->opts.load_time_limit_ms = 2000;
  if (!p->opts.call_time_limit_ms) p->opts.call_time_limit_ms = 100;

  loader ld;
  memset(&ld, 0, sizeof ld);
  ld.p = p;
  if (mr_luabox_open(&ld.box, p->opts.memory_limit, NULL)) {
    medrule_pack_close(p);
    if (errmsg) *errmsg = mr_strdup("out of memory");
    return MEDRULE_NOMEM;
  }
  ld.box.loading = p;
  ld.L = ld.box.L;
  lua_pushcfunction(ld.L, mr_luabox_msgh); /* every message names the pack file and line */
  lua_pushcfunction(ld.L, load_main);
  lua_pushlightuserdata(ld.L, &ld);
  int rc = lua_pcall(ld.L, 1, 0, -3);
  int status = MEDRULE_OK;
  if (rc != LUA_OK) {
    /* A failed load may leave the derivation scratch parked in the registry. */
    lua_getfield(ld.L, LUA_REGISTRYINDEX, "medrule.deps");
    mr_free(lua_touserdata(ld.L, -1));
    lua_pop(ld.L, 1);
    /* the loader's own allocation failures raise "out of memory" */
    int oom = (rc == LUA_ERRMEM && !ld.box.mem_hit) || mr_lua_is_oom(ld.L, -1);
    status = oom ? MEDRULE_NOMEM : (ld.box.mem_hit || ld.box.timed_out) ? MEDRULE_LIMIT : MEDRULE_PACK;
    char *msg = oom ? NULL : mr_luabox_error(&ld.box, p->dir);
    if (errmsg) *errmsg = msg ? msg : mr_printf("%s: out of memory while loading the pack", p->dir);
    else mr_free(msg);
    mr_luabox_close(&ld.box);
    medrule_pack_close(p);
    return status;
  }
  mr_luabox_close(&ld.box);
  char *fmsg; /* the FHIR mapping, when the pack declares one (fhir_map.c) */
  if (mr_fhir_map_open(p, &p->fhir, &fmsg)) {
    status = fmsg ? MEDRULE_PACK : MEDRULE_NOMEM;
    if (errmsg) *errmsg = fmsg ? fmsg : mr_strdup("out of memory");
    else mr_free(fmsg);
    medrule_pack_close(p);
    return status;
  }
  compute_digest(p);
  if (!p->digest || mr_render_prepare(p)) {
    medrule_pack_close(p);
    if (errmsg) *errmsg = mr_strdup("out of memory");
    return MEDRULE_NOMEM;
  }
  *out = p;
  return MEDRULE_OK;
}
