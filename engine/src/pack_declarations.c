/* pack_declarations.c — turning each kind of declaration (the pack's
** metadata, facts and their derivations, the policy, rules, coverage) into
** the pack's C structures, with the checks that need the whole pack. */
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack_load.h"

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

/* ------------------------------------------------------------ declarations */

void mr_ld_read_pack_meta(loader *ld, int reg) {
  medrule_pack *p = ld->p;
  lua_State *L = ld->L;
  lua_getfield(L, reg, "pack");
  int t = lua_gettop(L);
  p->id = mr_ld_opt_str(ld, t, "id");
  p->version = mr_ld_opt_str(ld, t, "version");
  p->title = mr_ld_opt_str(ld, t, "title");
  lua_getfield(L, t, "source");
  p->document = mr_ld_opt_str(ld, -1, "document");
  p->citation = mr_ld_opt_str(ld, -1, "citation");
  p->source_file = mr_ld_opt_str(ld, -1, "file");
  p->url = mr_ld_opt_str(ld, -1, "url");
  lua_pop(L, 1);
  lua_getfield(L, t, "evidence");
  int ev = lua_gettop(L);
  p->scale = mr_ld_opt_str(ld, ev, "scale");
  p->grade_word = mr_ld_opt_str(ld, ev, "word");
  if (!p->grade_word) p->grade_word = mr_ld_need(ld, mr_strdup("grade"));
  p->grades = mr_ld_str_list(ld, ev, "grades", &p->ngrades);
  p->grade_meanings = mr_ld_need(ld, mr_calloc((size_t)(p->ngrades ? p->ngrades : 1), sizeof(char *)));
  lua_getfield(L, ev, "meanings");
  for (int i = 0; i < p->ngrades; i++) {
    lua_rawgeti(L, -1, i + 1);
    if (lua_type(L, -1) == LUA_TSTRING) p->grade_meanings[i] = mr_ld_need(ld, mr_strdup(lua_tostring(L, -1)));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  p->certainties = mr_ld_str_list(ld, ev, "certainties", &p->ncertainties);
  lua_pop(L, 1);
  int nq;
  p->topic_ids = mr_ld_str_list(ld, t, "topic_ids", &p->ntopics);
  p->topic_questions = mr_ld_str_list(ld, t, "topic_questions", &nq);
  int nextra;
  char **extra = mr_ld_str_list(ld, t, "categories", &nextra);
  p->categories = mr_ld_need(ld, mr_calloc((size_t)(NCONTRACT_CATEGORIES + nextra), sizeof(char *)));
  p->category_titles = mr_calloc((size_t)(NCONTRACT_CATEGORIES + nextra), sizeof(char *));
  if (!p->category_titles) {
    mr_free_strings(extra, nextra);
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
    case LUA_TBOOLEAN: return mr_ld_need(ld, mr_strdup(lua_toboolean(L, -1) ? "true" : "false"));
    case LUA_TNUMBER: return mr_ld_need(ld, mr_printf("%.17g", lua_tonumber(L, -1)));
    default: {
      strbuf b;
      sb_init(&b);
      sb_json_str(&b, lua_tostring(L, -1));
      return mr_ld_need(ld, sb_steal(&b));
    }
  }
}

void mr_ld_read_facts(loader *ld, int reg) {
  medrule_pack *p = ld->p;
  lua_State *L = ld->L;
  lua_getfield(L, reg, "facts");
  int list = lua_gettop(L);
  int n = (int)luaL_len(L, list);
  p->facts = mr_ld_need(ld, mr_calloc((size_t)n, sizeof *p->facts));
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, list, i + 1);
    int t = lua_gettop(L);
    mr_fact *f = &p->facts[i];
    p->nfacts = i + 1;
    f->per = -1;
    f->derive = -1;
    f->name = mr_ld_opt_str(ld, t, "name");
    lua_getfield(L, t, "file");
    f->file = mr_ld_file_name(ld, lua_tostring(L, -1));
    lua_pop(L, 1);
    f->line = (int)mr_ld_opt_int(ld, t, "line");
    char *type = mr_ld_opt_str(ld, t, "type");
    static const char *const TYPES[] = {"boolean", "number", "quantity", "code", "codes", "string"};
    for (int k = 0; k < 6; k++)
      if (strcmp(type, TYPES[k]) == 0) f->type = k;
    mr_free(type);
    f->unit = mr_unit_one();
    f->unit_text = mr_ld_opt_str(ld, t, "unit");
    if (f->unit_text) {
      char e[160];
      if (mr_unit_parse(f->unit_text, strlen(f->unit_text), &f->unit, e, sizeof e))
        mr_ld_error(ld, f->file, f->line, "fact %s: unit '%s': %s", f->name, f->unit_text, e);
    }
    f->values = mr_ld_str_list(ld, t, "values", &f->nvalues);
    if (f->nvalues > 64) /* the prelude checks this; a code is a bit of a 64-bit mask */
      mr_ld_error(ld, f->file, f->line, "fact %s: more than 64 codes", f->name);
    if (f->nvalues) { /* before any code is looked up (mr_code_find) */
      f->value_lens = mr_ld_need(ld, mr_malloc((size_t)f->nvalues));
      for (int k = 0; k < f->nvalues; k++) {
        size_t len = strlen(f->values[k]);
        f->value_lens[k] = (uint8_t)(len > 255 ? 255 : len);
      }
    }
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
    f->description = mr_ld_opt_str(ld, t, "description");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (mr_pack_index(p)) mr_lua_oom(L);
}

/* Second pass over facts: `per`, defaults, derivations (all facts known now). */
void mr_ld_resolve_facts(loader *ld, int reg, uint64_t *deps, int words) {
  medrule_pack *p = ld->p;
  lua_State *L = ld->L;
  lua_getfield(L, reg, "facts");
  int list = lua_gettop(L);
  for (int i = 0; i < p->nfacts; i++) {
    mr_fact *f = &p->facts[i];
    lua_rawgeti(L, list, i + 1);
    int t = lua_gettop(L);
    char *per = mr_ld_opt_str(ld, t, "per");
    if (per) {
      f->per = mr_fact_find(p, per, strlen(per));
      int ok = f->per >= 0 && p->facts[f->per].type == MR_QUANTITY && f->per != i;
      if (!ok) {
        lua_pushstring(L, per);
        mr_free(per);
        mr_ld_error(ld, f->file, f->line, "fact %s: per '%s' must name another declared quantity fact", f->name,
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
        mr_ld_error(ld, f->file, f->line, "fact %s: default %s: %s", f->name, f->default_text, e);
      f->has_default = 1;
    }
    lua_pop(L, 1);
    lua_getfield(L, t, "derive");
    if (lua_istable(L, -1)) {
      char what[300];
      snprintf(what, sizeof what, "fact %s: derive", f->name);
      int node = mr_ld_compile_condition(ld, what, f->file, f->line, -1, deps + (size_t)i * words);
      mr_node *nd = &p->nodes[node];
      int want = f->type == MR_QUANTITY ? MR_NUMBER : f->type;
      if (nd->type != want || (f->type == MR_QUANTITY && !mr_unit_commensurable(nd->unit, f->unit)) ||
          (f->type == MR_NUMBER && !mr_unit_commensurable(nd->unit, mr_unit_one()))) {
        char kind[64];
        mr_unit_kind(nd->unit, kind, sizeof kind);
        mr_ld_error(ld, f->file, f->line, "fact %s: derive gives %s, but the fact is a %s%s%s", f->name,
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
void mr_ld_order_derivations(loader *ld, const uint64_t *deps, int words) {
  medrule_pack *p = ld->p;
  int n = p->nfacts;
  p->derive_order = mr_ld_need(ld, mr_malloc((size_t)(n ? n : 1) * sizeof(int)));
  char *color = mr_ld_need(ld, mr_calloc((size_t)(n ? n : 1), 1)); /* 0 new, 1 on path, 2 done */
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
        mr_ld_error(ld, fj->file, fj->line, "%s", msg);
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
  ld->p->policy_json = mr_ld_need(ld, sb_steal(&b));
}

void mr_ld_read_rules(loader *ld, int reg) {
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
        mr_ld_error(ld, mr_ld_file_name(ld, lua_tostring(L, -1)), (int)mr_ld_opt_int(ld, pol, "line"),
                   "policy: category '%s' is not a category of this pack", c);
      }
      lua_pop(L, 2);
    }
    lua_pop(L, 1);
  }
  lua_getfield(L, reg, "rules");
  int list = lua_gettop(L);
  int n = (int)luaL_len(L, list);
  p->rules = mr_ld_need(ld, mr_calloc((size_t)(n ? n : 1), sizeof *p->rules));
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, list, i + 1);
    int t = lua_gettop(L);
    mr_rule *r = &p->rules[i];
    p->nrules = i + 1;
    r->applies = -1;
    r->lua_fn = -1;
    r->id = mr_ld_opt_str(ld, t, "id");
    lua_getfield(L, t, "file");
    r->file = mr_ld_file_name(ld, lua_tostring(L, -1));
    lua_pop(L, 1);
    r->line = (int)mr_ld_opt_int(ld, t, "line");
    r->category = mr_ld_opt_str(ld, t, "category");
    r->action = mr_ld_opt_str(ld, t, "action");
    r->grade = mr_ld_opt_str(ld, t, "grade");
    r->certainty = mr_ld_opt_str(ld, t, "certainty");
    r->text = mr_ld_opt_str(ld, t, "text");
    lua_getfield(L, t, "source");
    r->document = mr_ld_opt_str(ld, -1, "document");
    r->section = mr_ld_opt_str(ld, -1, "section");
    r->quote = mr_ld_opt_str(ld, -1, "quote");
    lua_pop(L, 1);
    r->topic = mr_ld_opt_str(ld, t, "topic");
    r->position = mr_ld_opt_str(ld, t, "position");
    if (!r->document) r->document = mr_ld_need(ld, mr_strdup(p->document));
    r->category_index = in_list(p->categories, p->ncategories, r->category);
    if (r->category_index < 0)
      mr_ld_error(ld, r->file, r->line, "rule %s: category '%s' is not one of the pack's categories", r->id,
                  r->category);
    if (r->grade && in_list(p->grades, p->ngrades, r->grade) < 0)
      mr_ld_error(ld, r->file, r->line, "rule %s: grade '%s' is not in the pack's evidence scale (%s)", r->id,
                  r->grade, p->scale);
    if (r->certainty && in_list(p->certainties, p->ncertainties, r->certainty) < 0)
      mr_ld_error(ld, r->file, r->line, "rule %s: certainty '%s' is not in the pack's evidence scale (%s)", r->id,
                  r->certainty, p->scale);
    /* judgments */
    lua_getfield(L, t, "judgments");
    int nj = (int)luaL_len(L, -1);
    r->judgments = mr_ld_need(ld, mr_calloc((size_t)(nj ? nj : 1), sizeof *r->judgments));
    for (int j = 0; j < nj; j++) {
      lua_rawgeti(L, -1, j + 1);
      int jt = lua_gettop(L);
      r->njudgments = j + 1;
      r->judgments[j].id = mr_ld_opt_str(ld, jt, "id");
      r->judgments[j].note = mr_ld_opt_str(ld, jt, "note");
      r->judgments[j].quotes = mr_ld_str_list(ld, jt, "quotes", &r->judgments[j].nquotes);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
    /* conditions */
    r->deps = mr_ld_need(ld, mr_calloc((size_t)(words ? words : 1), sizeof(uint64_t)));
    char what[300];
    snprintf(what, sizeof what, "rule %s", r->id);
    lua_getfield(L, t, "fn");
    int is_fn = lua_isfunction(L, -1);
    lua_pop(L, 1);
    if (is_fn) {
      r->lua_fn = p->nlua_fns++;
      int nreads;
      char **reads = mr_ld_str_list(ld, t, "reads", &nreads);
      r->reads = mr_malloc((size_t)nreads * sizeof(int32_t));
      if (!r->reads) {
        mr_free_strings(reads, nreads);
        mr_lua_oom(L);
      }
      r->nreads = nreads;
      for (int k = 0; k < nreads; k++) {
        r->reads[k] = mr_fact_find(p, reads[k], strlen(reads[k]));
        if (r->reads[k] < 0) {
          lua_pushstring(L, reads[k]);
          mr_free_strings(reads, nreads);
          mr_ld_error(ld, r->file, r->line, "rule %s: reads '%s', which is not a declared fact", r->id,
                      lua_tostring(L, -1));
        }
        r->deps[r->reads[k] >> 6] |= 1ull << (r->reads[k] & 63);
      }
      mr_free_strings(reads, nreads);
      /* The node that calls the function at evaluation time. */
      int ni = mr_pack_add_node(p);
      if (ni < 0) mr_lua_oom(L);
      mr_node *nd = &p->nodes[ni];
      nd->op = N_LUA;
      nd->type = MR_BOOL;
      nd->a = i;
      nd->b = -1;
      nd->unit = mr_unit_one();
      int tx = mr_ld_add_text(ld, "(Lua function)", r->file, r->line);
      nd = &p->nodes[ni];
      nd->text = tx;
      nd->len = (uint32_t)strlen("(Lua function)");
      r->when = ni;
    } else {
      lua_getfield(L, t, "when");
      snprintf(what, sizeof what, "rule %s: when", r->id);
      r->when = mr_ld_compile_condition(ld, what, r->file, r->line, MR_BOOL, r->deps);
      lua_pop(L, 1);
    }
    lua_getfield(L, t, "applies");
    if (lua_istable(L, -1)) {
      snprintf(what, sizeof what, "rule %s: applies", r->id);
      r->applies = mr_ld_compile_condition(ld, what, r->file, r->line, MR_BOOL, r->deps);
    }
    lua_pop(L, 1);
    char *effect = mr_ld_opt_str(ld, t, "effect");
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

static const char *rule_id(const medrule_pack *p, int i) { return p->rules[i].id; }

void mr_ld_read_coverage(loader *ld, int reg) {
  medrule_pack *p = ld->p;
  lua_State *L = ld->L;
  lua_getfield(L, reg, "coverage");
  if (!lua_istable(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  /* rules by id (medrule_pack_rule_index, without a scan per entry) */
  for (int i = 0; i < p->nrules; i++) mr_ld_index_add(ld, &ld->rule_ids, rule_id, i);
  int n = (int)luaL_len(L, -1);
  p->coverage = mr_ld_need(ld, mr_calloc((size_t)(n ? n : 1), sizeof *p->coverage));
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, -1, i + 1);
    int t = lua_gettop(L);
    struct mr_coverage *c = &p->coverage[i];
    p->ncoverage = i + 1;
    c->item = mr_ld_opt_str(ld, t, "item");
    c->note = mr_ld_opt_str(ld, t, "note");
    int nr;
    char **ids = mr_ld_str_list(ld, t, "rules", &nr);
    c->rules = mr_malloc((size_t)(nr ? nr : 1) * sizeof(int));
    if (!c->rules) {
      mr_free_strings(ids, nr);
      mr_lua_oom(L);
    }
    c->nrules = nr;
    for (int k = 0; k < nr; k++) {
      c->rules[k] = mr_ld_index_find(&ld->rule_ids, p, rule_id, ids[k]);
      if (c->rules[k] < 0) {
        lua_pushstring(L, ids[k]);
        mr_free_strings(ids, nr);
        lua_getfield(L, t, "file");
        mr_ld_error(ld, mr_ld_file_name(ld, lua_tostring(L, -1)), (int)mr_ld_opt_int(ld, t, "line"),
                   "coverage: '%s' maps to rule '%s', which the pack does not declare", c->item,
                   lua_tostring(L, -2));
      }
    }
    mr_free_strings(ids, nr);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

