/* pack_lua.c — reading what the pack files declared: fields of the Lua
** tables the prelude registered, copied into C memory, the load errors that
** name a pack file and line, and the compilation of each condition text. */
#include <lauxlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack_load.h"

/* ------------------------------------------------------------ reading Lua */

void *mr_ld_need(loader *ld, void *ptr) {
  if (!ptr) mr_lua_oom(ld->L);
  return ptr;
}

/* A string field of the table at `idx`, copied; NULL when absent. */
char *mr_ld_opt_str(loader *ld, int idx, const char *k) {
  lua_getfield(ld->L, idx, k);
  char *r = NULL;
  if (lua_type(ld->L, -1) == LUA_TSTRING) r = mr_ld_need(ld, mr_strdup(lua_tostring(ld->L, -1)));
  lua_pop(ld->L, 1);
  return r;
}

lua_Integer mr_ld_opt_int(loader *ld, int idx, const char *k) {
  lua_getfield(ld->L, idx, k);
  lua_Integer r = lua_tointeger(ld->L, -1);
  lua_pop(ld->L, 1);
  return r;
}

/* The list of strings in field k of the table at idx. */
char **mr_ld_str_list(loader *ld, int idx, const char *k, int *n) {
  lua_State *L = ld->L;
  lua_getfield(L, idx, k);
  *n = 0;
  if (lua_type(L, -1) != LUA_TTABLE) {
    lua_pop(L, 1);
    return NULL;
  }
  int len = (int)luaL_len(L, -1);
  char **v = mr_ld_need(ld, mr_calloc((size_t)len + 1, sizeof *v));
  for (int i = 0; i < len; i++) {
    lua_rawgeti(L, -1, i + 1);
    v[i] = mr_strdup(lua_tostring(L, -1));
    lua_pop(L, 1);
    if (!v[i]) {
      mr_free_strings(v, i);
      mr_lua_oom(L);
    }
  }
  *n = len;
  lua_pop(L, 1);
  return v;
}

const char *mr_ld_file_name(loader *ld, const char *name) {
  for (int i = 0; i < ld->p->nfiles; i++)
    if (strcmp(ld->p->files[i].name, name) == 0) return ld->p->files[i].name;
  return "pack.lua";
}

static const mr_file *file_of(const medrule_pack *p, const char *name) {
  for (int i = 0; i < p->nfiles; i++)
    if (strcmp(p->files[i].name, name) == 0) return &p->files[i];
  return NULL;
}

/* ------------------------------------------------------------ string index */

static size_t str_hash(const char *s) { return mr_hash(s, strlen(s)); }

int mr_ld_index_find(const mr_ld_index *x, const medrule_pack *p, const char *(*str)(const medrule_pack *, int),
                     const char *s) {
  if (!x->cap) return -1;
  for (size_t h = str_hash(s) & (x->cap - 1);; h = (h + 1) & (x->cap - 1)) {
    int e = x->slots[h] - 1;
    if (e < 0) return -1;
    if (strcmp(str(p, e), s) == 0) return e;
  }
}

void mr_ld_index_add(loader *ld, mr_ld_index *x, const char *(*str)(const medrule_pack *, int), int i) {
  if (2 * (x->n + 1) > x->cap) { /* at most half full */
    size_t cap = x->cap ? 2 * x->cap : 64;
    int *slots = mr_ld_need(ld, mr_calloc(cap, sizeof *slots));
    for (size_t k = 0; k < x->cap; k++)
      if (x->slots[k]) {
        size_t h = str_hash(str(ld->p, x->slots[k] - 1)) & (cap - 1);
        while (slots[h]) h = (h + 1) & (cap - 1);
        slots[h] = x->slots[k];
      }
    mr_free(x->slots);
    x->slots = slots;
    x->cap = cap;
  }
  const char *key = str(ld->p, i);
  size_t h = str_hash(key) & (x->cap - 1);
  for (; x->slots[h]; h = (h + 1) & (x->cap - 1))
    if (strcmp(str(ld->p, x->slots[h] - 1), key) == 0) { /* the same string: the first entry stays */
      if (i < x->slots[h] - 1) x->slots[h] = i + 1;
      return;
    }
  x->slots[h] = i + 1;
  x->n++;
}

void mr_ld_index_free(mr_ld_index *x) {
  mr_free(x->slots);
  memset(x, 0, sizeof *x);
}

/* Raises a load error "DIR/file:line: message". */
int mr_ld_error(loader *ld, const char *file, int line, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  char vdir[4096];
  lua_pushfstring(ld->L, "%s/%s:%d: %s", mr_file_dir(ld->p->dir, file, vdir, sizeof vdir), file, line, msg);
  size_t n;
  const char *full = lua_tolstring(ld->L, -1, &n);
  return mr_lua_raise_complete(ld->L, full, n);
}

/* Records a condition's text and finds where it is written in its file, so
** that errors can point at a line and column. */
int mr_ld_add_text(loader *ld, const char *text, const char *file, int line) {
  medrule_pack *p = ld->p;
  mr_text *t = mr_ld_need(ld, mr_realloc(p->texts, (size_t)(p->ntexts + 1) * sizeof *t));
  p->texts = t;
  t = &p->texts[p->ntexts];
  memset(t, 0, sizeof *t);
  t->text = mr_ld_need(ld, mr_strdup(text));
  t->file = file;
  t->line = line;
  t->root = -1;
  const mr_file *f = file_of(p, file);
  if (f) {
    int fi = (int)(f - p->files) + 1;
    const char *s = f->text;
    int l = 1;
    if (ld->line_file == fi && ld->line_no <= line) s = f->text + ld->line_off, l = ld->line_no;
    while (l < line && (s = strchr(s, '\n'))) s++, l++;
    if (s) ld->line_file = fi, ld->line_no = l, ld->line_off = (size_t)(s - f->text);
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
  char vdir[4096];
  const char *fdir = mr_file_dir(ld->p->dir, t->file, vdir, sizeof vdir);
  if (col > 0)
    sb_printf(&b, "%s/%s:%d:%d: %s: %s\n", fdir, t->file, line, col, what, msg);
  else
    sb_printf(&b, "%s/%s:%d: %s: %s (at column %d of the condition)\n", fdir, t->file, t->line, what,
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
static const char *text_of(const medrule_pack *p, int i) { return p->texts[i].text; }

static int shared_condition(loader *ld, uint64_t *deps) {
  medrule_pack *p = ld->p;
  lua_getfield(ld->L, -1, "text");
  const char *text = lua_tostring(ld->L, -1);
  /* a text is in ld->roots from when its root is set: the first such text */
  int i = text ? mr_ld_index_find(&ld->roots, p, text_of, text) : -1;
  int root = i >= 0 ? p->texts[i].root : -1;
  lua_pop(ld->L, 1);
  if (root < 0) return -1;
  if (p->nodes[root].memo < 0) p->nodes[root].memo = p->nmemo++;
  if (deps) node_deps(p, root, deps);
  return root;
}

/* Compiles the condition record at the top of the stack ({text=, tree=} or
** {text=, error=, pos=}) for `what`; returns the node. */
int mr_ld_compile_condition(loader *ld, const char *what, const char *file, int line, int want,
                            uint64_t *deps) {
  lua_State *L = ld->L;
  if (want == MR_BOOL) {
    int shared = shared_condition(ld, deps);
    if (shared >= 0) return shared;
  }
  lua_getfield(L, -1, "text");
  int text = mr_ld_add_text(ld, lua_tostring(L, -1), file, line);
  lua_pop(L, 1);
  lua_getfield(L, -1, "error");
  if (lua_isstring(L, -1)) {
    char *msg = mr_ld_need(ld, mr_strdup(lua_tostring(L, -1)));
    lua_pop(L, 1);
    lua_Integer pos = mr_ld_opt_int(ld, -1, "pos");
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
  if (want == MR_BOOL) { /* later rules with the same text share it */
    ld->p->texts[text].root = node;
    if (node >= 0) mr_ld_index_add(ld, &ld->roots, text_of, text);
  }
  return node;
}

