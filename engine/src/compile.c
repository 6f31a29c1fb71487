/* compile.c — turns a condition's syntax tree (a Lua table made by the LPeg
** grammar in prelude.lua) into typed nodes the evaluator runs without Lua.
**
** Every type and unit question is settled here, once per pack: undeclared
** facts, codes a fact does not declare, comparing a mass with a pressure, a
** quantity compared with a bare number.  Unit conversions become constant
** folding (literals) or a scaling node with an exact ratio (expressions). */
#include "compile.h"
#include "luabox.h"

#include <lauxlib.h>
#include <math.h>
#include <string.h>

/* The prelude refuses conditions deeper than 64 levels with a message for
** the author; this bound only keeps the compiler's own recursion (and the Lua
** stack slots each level uses) finite whatever tree it is handed. */
#define MAX_COMPILE_DEPTH 200

typedef struct cc {
  medrule_pack *p;
  lua_State *L;
  int text;          /* index into p->texts */
  size_t text_len;
  int depth;         /* of compile_node calls */
  strbuf *err;
  uint32_t err_off, err_len;
  uint64_t *deps;    /* bitset of facts read, may be NULL */
} cc;

int mr_pack_add_node(medrule_pack *p) {
  if (p->nnodes == p->cap_nodes) {
    int cap = p->cap_nodes ? p->cap_nodes * 2 : 64;
    mr_node *n = mr_realloc(p->nodes, (size_t)cap * sizeof *n);
    if (!n) return -1;
    p->nodes = n;
    p->cap_nodes = cap;
  }
  memset(&p->nodes[p->nnodes], 0, sizeof p->nodes[0]);
  p->nodes[p->nnodes].memo = -1;
  return p->nnodes++;
}

static int new_node(cc *c, int op, int type, uint32_t off, uint32_t len) {
  medrule_pack *p = c->p;
  int i = mr_pack_add_node(p);
  if (i < 0) mr_lua_oom(c->L);
  mr_node *n = &p->nodes[i];
  n->op = (uint8_t)op;
  n->type = (uint8_t)type;
  n->a = n->b = -1;
  n->unit = mr_unit_one();
  n->num = 0;
  n->den = 1;
  n->text = c->text;
  n->memo = -1;
  n->off = off;
  n->len = len;
  return i;
}

static int push_kid(cc *c, int32_t k) {
  medrule_pack *p = c->p;
  if (p->nkids == p->cap_kids) {
    int cap = p->cap_kids ? p->cap_kids * 2 : 64;
    int32_t *n = mr_realloc(p->kids, (size_t)cap * sizeof *n);
    if (!n) mr_lua_oom(c->L);
    p->kids = n;
    p->cap_kids = cap;
  }
  p->kids[p->nkids] = k;
  return p->nkids++;
}

/* ---- reading the syntax tree (the table on top of the Lua stack) */

static const char *field_str(lua_State *L, const char *k) {
  lua_getfield(L, -1, k);
  const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
  lua_pop(L, 1); /* the string stays alive: the tree holds it */
  return s;
}

static lua_Integer field_int(lua_State *L, const char *k) {
  lua_getfield(L, -1, k);
  lua_Integer v = lua_tointeger(L, -1);
  lua_pop(L, 1);
  return v;
}

static void span(cc *c, uint32_t *off, uint32_t *len) {
  lua_Integer s = field_int(c->L, "s"), e = field_int(c->L, "e");
  const char *t = c->p->texts[c->text].text;
  lua_Integer end = (lua_Integer)c->text_len + 1; /* positions are 1-based; e is one past the node */
  if (s < 1) s = 1;
  if (s > end) s = end;
  if (e > end) e = end;
  if (e < s) e = s;
  /* trim the whitespace the grammar swallowed after the last token */
  while (e > s && strchr(" \t\r\n", t[e - 2])) e--;
  *off = (uint32_t)(s - 1);
  *len = (uint32_t)(e - s);
}

static int cerr(cc *c, uint32_t off, uint32_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int cerr(cc *c, uint32_t off, uint32_t len, const char *fmt, ...) {
  if (c->err->len == 0) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sb_puts(c->err, msg);
    c->err_off = off;
    c->err_len = len;
  }
  return -1;
}

static const char *type_name(int t) {
  switch (t) {
    case MR_BOOL: return "a condition (true/false)";
    case MR_NUMBER: return "a number";
    case MR_CODE: return "a code";
    case MR_CODES: return "a list of codes";
    default: return "text";
  }
}

/* The fact behind a code-valued node, for resolving code literals. */
static const mr_fact *code_fact(cc *c, int node) {
  const mr_node *n = &c->p->nodes[node];
  if (n->op == N_FACT) return &c->p->facts[n->a];
  return NULL;
}

static int compile_node(cc *c, int *out);

/* Compiles the child table in field k of the table on top of the stack. */
static int compile_field(cc *c, const char *k, int *out) {
  lua_getfield(c->L, -1, k);
  int rc = compile_node(c, out);
  lua_pop(c->L, 1);
  return rc;
}

/* Resolves a literal code or list of codes (the table on top of the stack)
** against fact f; sets *mask. */
static int literal_codes(cc *c, const mr_fact *f, uint64_t *mask) {
  lua_State *L = c->L;
  uint32_t off, len;
  span(c, &off, &len);
  const char *tag = field_str(L, "tag");
  *mask = 0;
  if (!tag) return cerr(c, off, len, "malformed condition tree");
  if (strcmp(tag, "str") == 0) {
    const char *v = field_str(L, "value");
    int i = v ? mr_code_find(f, v, strlen(v)) : -1;
    if (i < 0 || i >= 64)
{
      char codes[400] = "";
      for (int k = 0; k < f->nvalues && strlen(codes) + strlen(f->values[k]) + 3 < sizeof codes; k++)
        snprintf(codes + strlen(codes), sizeof codes - strlen(codes), "%s%s", k ? ", " : "", f->values[k]);
      return cerr(c, off, len, "'%s' is not a code of %s (its codes: %s)", v ? v : "?", f->name, codes);
    }
    *mask = 1ull << i;
    return 0;
  }
  lua_getfield(L, -1, "items");
  lua_Integer n = luaL_len(L, -1);
  for (lua_Integer i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, i);
    const char *v = lua_tostring(L, -1);
    int k = v ? mr_code_find(f, v, strlen(v)) : -1;
    lua_pop(L, 1);
    if (k < 0 || k >= 64) {
      lua_pop(L, 1);
      return cerr(c, off, len, "'%s' is not a code of %s", v ? v : "?", f->name);
    }
    *mask |= 1ull << k;
  }
  lua_pop(L, 1);
  return 0;
}

static int is_literal_code(lua_State *L, const char *k) {
  lua_getfield(L, -1, k);
  lua_getfield(L, -1, "tag");
  const char *t = lua_tostring(L, -1);
  int r = t && (strcmp(t, "str") == 0 || strcmp(t, "list") == 0);
  lua_pop(L, 2);
  return r;
}

/* Converts numeric node `b` to unit `to`: folds a constant, else wraps it. */
static int convert_to(cc *c, int b, mr_unit to) {
  mr_node *n = &c->p->nodes[b];
  if (mr_unit_equal(n->unit, to)) return b;
  if (n->op == N_CONST_NUM) {
    n->num = mr_unit_convert(n->num, n->unit, to);
    n->unit = to;
    return b;
  }
  int64_t num, den;
  mr_unit_ratio(n->unit, to, &num, &den);
  int s = new_node(c, N_SCALE, MR_NUMBER, c->p->nodes[b].off, c->p->nodes[b].len);
  n = &c->p->nodes[s];
  n->a = b;
  n->num = (double)num;
  n->den = (double)den;
  n->unit = to;
  return s;
}

static int need_type(cc *c, int node, int type, const char *what) {
  const mr_node *n = &c->p->nodes[node];
  if (n->type == type) return 0;
  return cerr(c, n->off, n->len, "%s needs %s, but '%.*s' is %s", what, type_name(type), (int)n->len,
              c->p->texts[c->text].text + n->off, type_name(n->type));
}

static int compile_cmp(cc *c, uint32_t off, uint32_t len, int *out) {
  lua_State *L = c->L;
  const char *op = field_str(L, "op");
  int lit_a = is_literal_code(L, "a"), lit_b = is_literal_code(L, "b");
  int a, b;
  if (lit_a && lit_b) return cerr(c, off, len, "comparing two literal codes is always the same");
  if (lit_a || lit_b) { /* fact == "code" */
    if (compile_field(c, lit_a ? "b" : "a", &a)) return -1;
    const mr_fact *f = code_fact(c, a);
    if (!f || f->type != MR_CODE)
      return cerr(c, off, len, "a code can only be compared with a code fact, like history.psychosis == \"active\"");
    if (strcmp(op, "==") && strcmp(op, "!="))
      return cerr(c, off, len, "codes are compared with == or !=, not %s", op);
    uint64_t mask;
    lua_getfield(L, -1, lit_a ? "a" : "b");
    int rc = literal_codes(c, f, &mask);
    lua_pop(L, 1);
    if (rc) return -1;
    if (__builtin_popcountll(mask) != 1)
      return cerr(c, off, len, "compare with one code, or use 'in [ ... ]' for several");
    int n = new_node(c, N_CIN, MR_BOOL, off, len);
    c->p->nodes[n].a = a;
    c->p->nodes[n].mask = mask;
    if (op[0] == '!') {
      int m = new_node(c, N_NOT, MR_BOOL, off, len);
      c->p->nodes[m].a = n;
      n = m;
    }
    *out = n;
    return 0;
  }
  if (compile_field(c, "a", &a) || compile_field(c, "b", &b)) return -1;
  mr_node *na = &c->p->nodes[a], *nb = &c->p->nodes[b];
  int eq = strcmp(op, "==") == 0, ne = strcmp(op, "!=") == 0;
  if (na->type == MR_BOOL && nb->type == MR_BOOL) {
    if (!eq && !ne) return cerr(c, off, len, "conditions are compared with == or !=, not %s", op);
    int n = new_node(c, eq ? N_BEQ : N_BNE, MR_BOOL, off, len);
    c->p->nodes[n].a = a;
    c->p->nodes[n].b = b;
    *out = n;
    return 0;
  }
  if (na->type == MR_CODE && nb->type == MR_CODE) {
    const mr_fact *fa = code_fact(c, a), *fb = code_fact(c, b);
    if (!eq && !ne) return cerr(c, off, len, "codes are compared with == or !=, not %s", op);
    if (!fa || !fb || fa->nvalues != fb->nvalues)
      return cerr(c, off, len, "these two code facts do not share one list of codes");
    for (int i = 0; i < fa->nvalues; i++)
      if (strcmp(fa->values[i], fb->values[i]))
        return cerr(c, off, len, "%s and %s do not share one list of codes", fa->name, fb->name);
    int n = new_node(c, eq ? N_CEQ : N_CNE, MR_BOOL, off, len);
    c->p->nodes[n].a = a;
    c->p->nodes[n].b = b;
    *out = n;
    return 0;
  }
  if (na->type != MR_NUMBER || nb->type != MR_NUMBER) {
    const mr_node *bad = na->type != MR_NUMBER ? na : nb;
    return cerr(c, bad->off, bad->len, "'%.*s' is %s; %s compares numbers and quantities", (int)bad->len,
                c->p->texts[c->text].text + bad->off, type_name(bad->type), op);
  }
  if (!mr_unit_commensurable(na->unit, nb->unit)) {
    char ka[64], kb[64];
    mr_unit_kind(na->unit, ka, sizeof ka);
    mr_unit_kind(nb->unit, kb, sizeof kb);
    const char *hint = "";
    if (nb->op == N_CONST_NUM && nb->unit.num == 1 && nb->unit.den == 1 &&
        !memcmp(nb->unit.dim, mr_unit_one().dim, sizeof nb->unit.dim))
      hint = " (write the number with its unit)";
    return cerr(c, off, len, "cannot compare %s (%s) with %s (%s)%s", "the left side", ka, "the right side", kb,
                hint);
  }
  b = convert_to(c, b, c->p->nodes[a].unit);
  static const struct { const char *s; int op; } OPS[] = {
    {"<", N_LT}, {"<=", N_LE}, {">", N_GT}, {">=", N_GE}, {"==", N_EQ}, {"!=", N_NE}};
  int nop = -1;
  for (size_t i = 0; i < sizeof OPS / sizeof OPS[0]; i++)
    if (strcmp(OPS[i].s, op) == 0) nop = OPS[i].op;
  int n = new_node(c, nop, MR_BOOL, off, len);
  c->p->nodes[n].a = a;
  c->p->nodes[n].b = b;
  *out = n;
  return 0;
}

static int compile_in(cc *c, uint32_t off, uint32_t len, int *out) {
  lua_State *L = c->L;
  int lit_a = is_literal_code(L, "a"), lit_b = is_literal_code(L, "b");
  int x;
  uint64_t mask;
  if (lit_a && !lit_b) { /* "crps" in pain.conditions, ["a","b"] in pain.conditions */
    if (compile_field(c, "b", &x)) return -1;
    const mr_fact *f = code_fact(c, x);
    if (!f || f->type != MR_CODES)
      return cerr(c, off, len, "'in' after a code needs a list-of-codes fact on its right, like pain.conditions");
    lua_getfield(L, -1, "a");
    int rc = literal_codes(c, f, &mask);
    lua_pop(L, 1);
    if (rc) return -1;
    int n = new_node(c, N_HAS, MR_BOOL, off, len);
    c->p->nodes[n].a = x;
    c->p->nodes[n].mask = mask;
    *out = n;
    return 0;
  }
  if (lit_b && !lit_a) { /* plan.route in ["iv", "oral"] */
    if (compile_field(c, "a", &x)) return -1;
    const mr_fact *f = code_fact(c, x);
    if (!f || (f->type != MR_CODE && f->type != MR_CODES))
      return cerr(c, off, len, "'in [ ... ]' needs a code fact on its left, like plan.route");
    lua_getfield(L, -1, "b");
    int rc = literal_codes(c, f, &mask);
    lua_pop(L, 1);
    if (rc) return -1;
    int n = new_node(c, f->type == MR_CODE ? N_CIN : N_HAS, MR_BOOL, off, len);
    c->p->nodes[n].a = x;
    c->p->nodes[n].mask = mask;
    *out = n;
    return 0;
  }
  return cerr(c, off, len, "'in' needs a literal code or list on one side and a code fact on the other");
}

static int compile_arith(cc *c, uint32_t off, uint32_t len, int *out) {
  const char *op = field_str(c->L, "op");
  int a, b;
  if (compile_field(c, "a", &a) || compile_field(c, "b", &b)) return -1;
  if (need_type(c, a, MR_NUMBER, op) || need_type(c, b, MR_NUMBER, op)) return -1;
  mr_unit ua = c->p->nodes[a].unit, ub = c->p->nodes[b].unit, ur;
  int nop;
  if (*op == '+' || *op == '-') {
    if (!mr_unit_commensurable(ua, ub)) {
      char ka[64], kb[64];
      mr_unit_kind(c->p->nodes[a].unit, ka, sizeof ka);
      mr_unit_kind(c->p->nodes[b].unit, kb, sizeof kb);
      return cerr(c, off, len, "cannot %s %s and %s", *op == '+' ? "add" : "subtract", ka, kb);
    }
    b = convert_to(c, b, ua);
    ur = ua;
    nop = *op == '+' ? N_ADD : N_SUB;
  } else if (*op == '*') {
    if (mr_unit_mul(ua, ub, &ur)) return cerr(c, off, len, "the unit of this product is too complex");
    nop = N_MUL;
  } else {
    if (mr_unit_div(ua, ub, &ur)) return cerr(c, off, len, "the unit of this quotient is too complex");
    nop = N_DIV;
  }
  mr_node *na = &c->p->nodes[a], *nb = &c->p->nodes[b];
  if (na->op == N_CONST_NUM && nb->op == N_CONST_NUM && !(nop == N_DIV && nb->num == 0)) {
    double v = nop == N_ADD ? na->num + nb->num : nop == N_SUB ? na->num - nb->num
             : nop == N_MUL ? na->num * nb->num : na->num / nb->num;
    na->num = v;
    na->unit = ur;
    na->off = off;
    na->len = len;
    *out = a;
    return 0;
  }
  int n = new_node(c, nop, MR_NUMBER, off, len);
  c->p->nodes[n].a = a;
  c->p->nodes[n].b = b;
  c->p->nodes[n].unit = ur;
  *out = n;
  return 0;
}

static int compile_node_at(cc *c, int *out);

/* One level deeper: bounded, and with Lua stack slots reserved for the
** level (each pushes a few values while it reads its fields). */
static int compile_node(cc *c, int *out) {
  if (c->depth >= MAX_COMPILE_DEPTH || !lua_checkstack(c->L, 8))
    return cerr(c, 0, 0, "the condition is nested too deeply");
  c->depth++;
  int rc = compile_node_at(c, out);
  c->depth--;
  return rc;
}

/* tag == lit, the first character compared inline (most tags differ there). */
static inline int is_tag(const char *tag, const char *lit) { return tag[0] == lit[0] && strcmp(tag, lit) == 0; }

static int compile_node_at(cc *c, int *out) {
  lua_State *L = c->L;
  uint32_t off, len;
  if (lua_type(L, -1) != LUA_TTABLE) return cerr(c, 0, 0, "malformed condition tree");
  span(c, &off, &len);
  const char *tag = field_str(L, "tag");
  if (!tag) return cerr(c, off, len, "malformed condition tree");
  medrule_pack *p = c->p;

  if (is_tag(tag, "num")) {
    int n = new_node(c, N_CONST_NUM, MR_NUMBER, off, len);
    lua_getfield(L, -1, "value");
    p->nodes[n].num = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (!isfinite(p->nodes[n].num)) return cerr(c, off, len, "this number is too large");
    const char *unit = field_str(L, "unit");
    if (unit) {
      char e[160];
      mr_unit u;
      if (mr_unit_parse(unit, strlen(unit), &u, e, sizeof e)) {
        const char *t = p->texts[c->text].text;
        const char *at = strstr(t + off, unit);
        uint32_t uo = at ? (uint32_t)(at - t) : off;
        return cerr(c, uo, (uint32_t)strlen(unit), "%s", e);
      }
      p->nodes[n].unit = u;
    }
    *out = n;
    return 0;
  }
  if (is_tag(tag, "bool")) {
    int n = new_node(c, N_CONST_BOOL, MR_BOOL, off, len);
    lua_getfield(L, -1, "value");
    p->nodes[n].num = lua_toboolean(L, -1);
    lua_pop(L, 1);
    *out = n;
    return 0;
  }
  if (is_tag(tag, "str") || is_tag(tag, "list"))
    return cerr(c, off, len, "a code or list of codes must be compared with a code fact (==, != or in)");
  if (is_tag(tag, "fact")) {
    const char *name = field_str(L, "name");
    int f = mr_fact_find(p, name, strlen(name));
    if (f < 0) {
      const char *s = mr_suggest_fact(p, name);
      if (s) return cerr(c, off, len, "'%s' is not a declared fact (did you mean '%s'?)", name, s);
      return cerr(c, off, len, "'%s' is not a declared fact", name);
    }
    const mr_fact *fd = &p->facts[f];
    int type = fd->type == MR_QUANTITY ? MR_NUMBER : fd->type;
    int n = new_node(c, N_FACT, type, off, len);
    p->nodes[n].a = f;
    p->nodes[n].unit = fd->type == MR_QUANTITY ? fd->unit : mr_unit_one();
    if (c->deps) c->deps[f >> 6] |= 1ull << (f & 63);
    *out = n;
    return 0;
  }
  if (is_tag(tag, "and") || is_tag(tag, "or") ||
      (is_tag(tag, "not"))) {
    lua_getfield(L, -1, "kids");
    lua_Integer nk = luaL_len(L, -1);
    int kid_nodes[64];
    if (nk > 64) {
      lua_pop(L, 1);
      return cerr(c, off, len, "more than 64 terms in one and/or: split it with parentheses");
    }
    for (lua_Integer i = 1; i <= nk; i++) {
      lua_rawgeti(L, -1, i);
      int rc = compile_node(c, &kid_nodes[i - 1]);
      lua_pop(L, 1);
      if (rc) {
        lua_pop(L, 1);
        return -1;
      }
      if (need_type(c, kid_nodes[i - 1], MR_BOOL, tag)) {
        lua_pop(L, 1);
        return -1;
      }
    }
    lua_pop(L, 1);
    if (tag[0] == 'n') {
      int n = new_node(c, N_NOT, MR_BOOL, off, len);
      p->nodes[n].a = kid_nodes[0];
      *out = n;
      return 0;
    }
    int n = new_node(c, tag[0] == 'a' ? N_AND : N_OR, MR_BOOL, off, len);
    int first = -1;
    for (int i = 0; i < nk; i++) {
      int k = push_kid(c, kid_nodes[i]);
      if (i == 0) first = k;
    }
    p->nodes[n].kids = first;
    p->nodes[n].nkids = (uint16_t)nk;
    *out = n;
    return 0;
  }
  if (is_tag(tag, "known") || is_tag(tag, "unknown")) {
    int a;
    if (is_literal_code(L, "a")) return cerr(c, off, len, "'is known' applies to facts and expressions");
    if (compile_field(c, "a", &a)) return -1;
    int n = new_node(c, tag[0] == 'k' ? N_KNOWN : N_UNKNOWN, MR_BOOL, off, len);
    p->nodes[n].a = a;
    *out = n;
    return 0;
  }
  if (is_tag(tag, "cmp")) return compile_cmp(c, off, len, out);
  if (is_tag(tag, "in")) return compile_in(c, off, len, out);
  if (is_tag(tag, "arith")) return compile_arith(c, off, len, out);
  if (is_tag(tag, "neg")) {
    int a;
    if (compile_field(c, "a", &a) || need_type(c, a, MR_NUMBER, "'-'")) return -1;
    if (p->nodes[a].op == N_CONST_NUM) {
      p->nodes[a].num = -p->nodes[a].num;
      p->nodes[a].off = off;
      p->nodes[a].len = len;
      *out = a;
      return 0;
    }
    int n = new_node(c, N_NEG, MR_NUMBER, off, len);
    p->nodes[n].a = a;
    p->nodes[n].unit = p->nodes[a].unit;
    *out = n;
    return 0;
  }
  return cerr(c, off, len, "unknown condition form '%s'", tag);
}

/* Marks the common shapes for the evaluator's shortcuts: a numeric fact
** compared with a constant, `fact is known`. */
static void specialize(medrule_pack *p, int first) {
  for (int i = first; i < p->nnodes; i++) {
    mr_node *n = &p->nodes[i];
    if (n->op >= N_LT && n->op <= N_NE && p->nodes[n->a].op == N_FACT && p->nodes[n->b].op == N_CONST_NUM) {
      n->fast = FAST_CMP;
      n->fact = p->nodes[n->a].a;
      n->cnum = p->nodes[n->b].num;
    } else if ((n->op == N_KNOWN || n->op == N_UNKNOWN) && p->nodes[n->a].op == N_FACT) {
      n->fast = FAST_KNOWN;
      n->fact = p->nodes[n->a].a;
    }
  }
}

int mr_compile(medrule_pack *p, lua_State *L, int text, int want, uint64_t *deps, int *out, strbuf *err,
               uint32_t *err_off, uint32_t *err_len) {
  cc c = {p, L, text, strlen(p->texts[text].text), 0, err, 0, 0, deps};
  int first = p->nnodes;
  int rc = compile_node(&c, out);
  if (rc == 0) specialize(p, first);
  if (rc == 0 && want >= 0 && p->nodes[*out].type != want) {
    const mr_node *n = &p->nodes[*out];
    rc = cerr(&c, n->off, n->len, "this must be %s, but it is %s", type_name(want), type_name(n->type));
  }
  *err_off = c.err_off;
  *err_len = c.err_len;
  return rc;
}
