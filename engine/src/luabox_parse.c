/* luabox_parse.c — the prelude's condition grammar (prelude.lua, build())
** done by hand for the conditions packs write, whose parsing by LPeg was a
** seventh of a pack's load time.  It builds exactly the tree LPeg's captures build
** (the same tables, fields, positions and values) or gives up and leaves the
** text to LPeg: on any text that does not parse, and on any text near a limit
** (nesting, chain length, size), so that every error, its position and every
** limit stay LPeg's.  Giving up is always safe; succeeding must mean LPeg
** would succeed with the same tree.  That holds because the grammar is
** ordered choice whose only backtracking on the way to a successful parse is
** inside a token (a keyword's end, a number's optional parts, a unit): when
** an operator or keyword has been read and what must follow it does not
** parse, no other alternative can lead to a complete parse (the next token
** would have to be 'and', 'or', ')' or the end, and it is the operator).
** tests/unit/test_condparse.c compares the two. */
#include <lauxlib.h>
#include <string.h>

#include "luabox.h"

#define FAST_MAX_TEXT 2048 /* longer texts go to LPeg */
#define FAST_MAX_NEST 12   /* parentheses, 'not' and '-' inside each other */
#define FAST_MAX_CHAIN 30  /* operators in one chain of + - or * / (LPeg: 32) */
#define FAST_MAX_TERMS 64  /* operands of one and/or */
#define FAST_MAX_DEPTH 48  /* levels of the tree (the prelude's check_shape: 64) */

typedef struct {
  lua_State *L;
  const char *s;
  size_t n, i;
  int nest;
  int h; /* the height of the node last pushed: levels as check_shape counts them */
} cparse;

static int at(const cparse *p, size_t i) { return i < p->n ? (unsigned char)p->s[i] : -1; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_idchar(int c) { return is_alpha(c) || is_digit(c) || c == '_'; }

/* space: (S " \t\r\n" + "--" * (1 - "\n") ^ 0) ^ 0 */
static void space(cparse *p) {
  while (p->i < p->n) {
    int c = at(p, p->i);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      p->i++;
    } else if (c == '-' && at(p, p->i + 1) == '-') {
      p->i += 2;
      while (p->i < p->n && p->s[p->i] != '\n') p->i++;
    } else {
      break;
    }
  }
}

static int lit_at(const cparse *p, size_t i, const char *w, size_t len) {
  return p->n - i >= len && memcmp(p->s + i, w, len) == 0;
}

/* keyword: (and / or / not / is / in / known / unknown / true / false) * -idchar
** at i.  No word is a prefix of another, so ordered choice is the one that
** matches. */
static int keyword_at(const cparse *p, size_t i) {
  static const char *const words[] = {"and", "or", "not", "is", "in", "known", "unknown", "true", "false"};
  for (size_t k = 0; k < sizeof words / sizeof *words; k++) {
    size_t len = strlen(words[k]);
    if (lit_at(p, i, words[k], len)) return !is_idchar(at(p, i + len));
  }
  return 0;
}

/* kw(w): w * -idchar * space */
static int kw(cparse *p, const char *w) {
  size_t len = strlen(w);
  if (!lit_at(p, p->i, w, len) || is_idchar(at(p, p->i + len))) return 0;
  p->i += len;
  space(p);
  return 1;
}

/* micro sign: "\xc2\xb5" or "\xce\xbc"; its length at i, or 0 */
static int micro_at(const cparse *p, size_t i) {
  int a = at(p, i), b = at(p, i + 1);
  return (a == 0xc2 && b == 0xb5) || (a == 0xce && b == 0xbc) ? 2 : 0;
}

static size_t ustart_at(const cparse *p, size_t i) {
  int c = at(p, i);
  if (is_alpha(c) || c == '[' || c == '{' || c == '%') return 1;
  return (size_t)micro_at(p, i);
}

static size_t uchar_at(const cparse *p, size_t i) {
  int c = at(p, i);
  if (is_alpha(c) || is_digit(c)) return 1;
  if (c > 0 && strchr("/.[]{}%_-", c)) return 1; /* c > 0: strchr finds the NUL too */
  return (size_t)micro_at(p, i);
}

/* Sets field k of the table at the top to the integer v. */
static void set_int(lua_State *L, const char *k, size_t v) {
  lua_pushinteger(L, (lua_Integer)v);
  lua_setfield(L, -2, k);
}

static void set_str(lua_State *L, const char *k, const char *s, size_t len) {
  lua_pushlstring(L, s, len);
  lua_setfield(L, -2, k);
}

/* Sets the node's s and e (1-based, e one past it, as LPeg's Cp()). */
static void set_span(lua_State *L, size_t s, size_t e) {
  set_int(L, "s", s + 1);
  set_int(L, "e", e);
}

/* Pushes a new node { tag = tag }. */
static void push_node(lua_State *L, const char *tag) {
  lua_createtable(L, 0, 6);
  lua_pushstring(L, tag);
  lua_setfield(L, -2, "tag");
}

/* A leaf ends at e: its span, and height 1. */
static int leaf_done(cparse *p, size_t s, size_t e, size_t *out) {
  set_span(p->L, s, e);
  *out = e;
  p->h = 1;
  return 1;
}

/* The closing quote q of a string whose text starts at i: [^q\n]* q; its
** index, or 0 when there is none (a string never ends at 0). */
static size_t quote_end(const cparse *p, size_t i, int q) {
  while (i < p->n && p->s[i] != q && p->s[i] != '\n') i++;
  return at(p, i) == q ? i : 0;
}

/* The node at the top becomes field `a` of a new node { tag = tag } (nrec
** fields in all), which takes its place. */
static void wrap(lua_State *L, const char *tag, int nrec) {
  lua_createtable(L, 0, nrec);
  lua_insert(L, -2);
  lua_setfield(L, -2, "a");
  lua_pushstring(L, tag);
  lua_setfield(L, -2, "tag");
}

/* The node at the top becomes { tag = "not", kids = { it } }. */
static void wrap_not(lua_State *L) {
  lua_createtable(L, 0, 4);
  lua_insert(L, -2);
  lua_createtable(L, 1, 0);
  lua_insert(L, -2);
  lua_rawseti(L, -2, 1);
  lua_setfield(L, -2, "kids");
  lua_pushliteral(L, "not");
  lua_setfield(L, -2, "tag");
}

static int expr(cparse *p, size_t *e);

/* digits */
static size_t digits(const cparse *p, size_t i) {
  while (is_digit(at(p, i))) i++;
  return i;
}

/* Primary; the node is pushed and its e stored.  0: give up. */
static int primary(cparse *p, size_t *e) {
  lua_State *L = p->L;
  size_t s = p->i;
  int c = at(p, s);
  /* number: digits ("." digits)? ([eE] [+-]? digits)? / "." digits; then
  ** an optional unit: [ \t]* -keyword ustart uchar* */
  if (is_digit(c) || (c == '.' && is_digit(at(p, s + 1)))) {
    size_t i;
    if (is_digit(c)) {
      i = digits(p, s);
      if (at(p, i) == '.' && is_digit(at(p, i + 1))) i = digits(p, i + 1);
      int x = at(p, i);
      if (x == 'e' || x == 'E') {
        size_t j = i + 1;
        if (at(p, j) == '+' || at(p, j) == '-') j++;
        if (is_digit(at(p, j))) i = digits(p, j);
      }
    } else {
      i = digits(p, s + 1);
    }
    size_t text_end = i, ustart = 0, uend = 0;
    size_t j = i;
    while (at(p, j) == ' ' || at(p, j) == '\t') j++;
    size_t u;
    if (!keyword_at(p, j) && (u = ustart_at(p, j)) > 0) {
      ustart = j;
      j += u;
      while ((u = uchar_at(p, j)) > 0) j += u;
      uend = j;
      i = j;
    }
    push_node(L, "num");
    lua_pushlstring(L, p->s + s, text_end - s); /* value = tonumber(text) */
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "text");
    if (lua_stringtonumber(L, lua_tostring(L, -1)) == text_end - s + 1) {
      lua_setfield(L, -3, "value");
      lua_pop(L, 1);
    } else {
      lua_pop(L, 1);
    }
    if (uend) set_str(L, "unit", p->s + ustart, uend - ustart);
    p->i = i;
    space(p);
    return leaf_done(p, s, i + 1, e);
  }
  /* string: '"' [^"\n]* '"' space, or the same with ' */
  if (c == '"' || c == '\'') {
    size_t i = quote_end(p, s + 1, c);
    if (!i) return 0;
    push_node(L, "str");
    set_str(L, "value", p->s + s + 1, i - s - 1);
    p->i = i + 1;
    space(p);
    return leaf_done(p, s, p->i + 1, e);
  }
  /* list: "[" space (str (", " str)*)? "]" space */
  if (c == '[') {
    p->i++;
    space(p);
    push_node(L, "list");
    lua_newtable(L);
    int n = 0;
    for (;;) {
      int q = at(p, p->i);
      if (q != '"' && q != '\'') {
        if (n) return 0; /* after ",": a string must follow */
        break;
      }
      size_t i = quote_end(p, p->i + 1, q);
      if (!i) return 0;
      lua_pushlstring(L, p->s + p->i + 1, i - p->i - 1);
      lua_rawseti(L, -2, ++n);
      p->i = i + 1;
      space(p);
      if (at(p, p->i) != ',') break;
      p->i++;
      space(p);
    }
    if (at(p, p->i) != ']') return 0;
    p->i++;
    space(p);
    lua_setfield(L, -2, "items");
    return leaf_done(p, s, p->i + 1, e);
  }
  /* true, false */
  int truth = kw(p, "true") ? 1 : kw(p, "false") ? 0 : -1;
  if (truth >= 0) {
    push_node(L, "bool");
    lua_pushboolean(L, truth);
    lua_setfield(L, -2, "value");
    return leaf_done(p, s, p->i + 1, e);
  }
  /* fact: -keyword ident ("." ident)* space */
  if ((is_alpha(c) || c == '_') && !keyword_at(p, s)) {
    size_t i = s + 1;
    while (is_idchar(at(p, i))) i++;
    while (at(p, i) == '.' && (is_alpha(at(p, i + 1)) || at(p, i + 1) == '_')) {
      i += 2;
      while (is_idchar(at(p, i))) i++;
    }
    push_node(L, "fact");
    set_str(L, "name", p->s + s, i - s);
    p->i = i;
    space(p);
    return leaf_done(p, s, i + 1, e);
  }
  /* "(" space Expr ")" space: the inner node as it is */
  if (c == '(') {
    if (++p->nest > FAST_MAX_NEST) return 0;
    p->i++;
    space(p);
    if (!expr(p, e)) return 0;
    if (at(p, p->i) != ')') return 0;
    p->i++;
    space(p);
    p->nest--;
    return 1;
  }
  return 0;
}

/* Unary: "-" space Unary / Primary */
static int unary(cparse *p, size_t *e) {
  if (at(p, p->i) != '-') return primary(p, e);
  if (++p->nest > FAST_MAX_NEST) return 0;
  size_t s = p->i;
  p->i++;
  space(p);
  luaL_checkstack(p->L, 8, NULL);
  push_node(p->L, "neg");
  size_t ae;
  if (!unary(p, &ae)) return 0;
  lua_setfield(p->L, -2, "a");
  set_span(p->L, s, p->i + 1);
  *e = p->i + 1;
  p->nest--;
  return ++p->h <= FAST_MAX_DEPTH;
}

/* A left-associative chain of operands (Prod over Unary, Sum over Prod):
** { tag = "arith", op =, a = the chain so far, b =, s = the chain's start,
** e = where b's text ends, its closing parenthesis included }. */
static int chain(cparse *p, size_t *e, int (*operand)(cparse *, size_t *), char op1, char op2) {
  lua_State *L = p->L;
  size_t s = p->i;
  if (!operand(p, e)) return 0;
  for (int k = 0; at(p, p->i) == op1 || at(p, p->i) == op2; k++) {
    if (k == FAST_MAX_CHAIN) return 0;
    char op = p->s[p->i++];
    space(p);
    wrap(L, "arith", 6);
    lua_pushlstring(L, &op, 1);
    lua_setfield(L, -2, "op");
    int ha = p->h;
    if (!operand(p, e)) return 0;
    lua_setfield(L, -2, "b");
    *e = p->i + 1;
    set_span(L, s, *e);
    if ((p->h = 1 + (ha > p->h ? ha : p->h)) > FAST_MAX_DEPTH) return 0;
  }
  return 1;
}

static int prod(cparse *p, size_t *e) { return chain(p, e, unary, '*', '/'); }
static int sum(cparse *p, size_t *e) { return chain(p, e, prod, '+', '-'); }

/* Cmp: Sum (op Sum / "is" ... / "not" "in" Sum / "in" Sum)? */
static int cmp(cparse *p, size_t *e) {
  lua_State *L = p->L;
  size_t s = p->i, be;
  if (!sum(p, e)) return 0;
  static const char *const ops[] = {"<=", ">=", "==", "!=", "~=", "<", ">"};
  for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
    size_t len = strlen(ops[k]);
    if (!lit_at(p, p->i, ops[k], len)) continue;
    p->i += len;
    space(p);
    wrap(L, "cmp", 6);
    lua_pushstring(L, k == 4 ? "!=" : ops[k]);
    lua_setfield(L, -2, "op");
    int ha = p->h;
    if (!sum(p, &be)) return 0;
    lua_setfield(L, -2, "b");
    *e = p->i + 1;
    set_span(L, s, *e);
    return (p->h = 1 + (ha > p->h ? ha : p->h)) <= FAST_MAX_DEPTH;
  }
  if (kw(p, "is")) {
    const char *tag = NULL;
    if (kw(p, "not")) {
      if (kw(p, "known")) tag = "unknown";
    } else if (kw(p, "known")) {
      tag = "known";
    } else if (kw(p, "unknown")) {
      tag = "unknown";
    }
    if (!tag) return 0;
    wrap(L, tag, 4);
    *e = p->i + 1;
    set_span(L, s, *e);
    return ++p->h <= FAST_MAX_DEPTH;
  }
  int negated = kw(p, "not");
  if (negated && !kw(p, "in")) return 0;
  if (!negated && !kw(p, "in")) return 1; /* no operator: the operand */
  wrap(L, "in", 5);
  int ha = p->h;
  if (!sum(p, &be)) return 0;
  p->h = 1 + (ha > p->h ? ha : p->h);
  lua_setfield(L, -2, "b");
  *e = p->i + 1;
  set_span(L, s, *e);
  if (negated) { /* { tag = "not", kids = { the in node }, s =, e = } */
    wrap_not(L);
    set_span(L, s, *e);
    p->h++;
  }
  return p->h <= FAST_MAX_DEPTH;
}

/* Not: "not" Not / Cmp */
static int not_(cparse *p, size_t *e) {
  size_t s = p->i;
  if (!kw(p, "not")) return cmp(p, e);
  if (++p->nest > FAST_MAX_NEST) return 0;
  luaL_checkstack(p->L, 8, NULL);
  if (!not_(p, e)) return 0;
  wrap_not(p->L);
  *e = p->i + 1;
  set_span(p->L, s, *e);
  p->nest--;
  return ++p->h <= FAST_MAX_DEPTH;
}

/* And, Or: operand (word operand)*; one operand is returned as it is, more
** make { tag =, kids = { ... }, s =, e = }. */
static int nary(cparse *p, size_t *e, int (*operand)(cparse *, size_t *), const char *word) {
  lua_State *L = p->L;
  size_t s = p->i;
  if (!operand(p, e)) return 0;
  if (!kw(p, word)) return 1;
  lua_createtable(L, 4, 0); /* kids */
  lua_insert(L, -2);
  lua_rawseti(L, -2, 1);
  int n = 1, h = p->h;
  do {
    if (++n > FAST_MAX_TERMS) return 0;
    if (!operand(p, e)) return 0;
    lua_rawseti(L, -2, n);
    if (p->h > h) h = p->h;
  } while (kw(p, word));
  if ((p->h = h + 1) > FAST_MAX_DEPTH) return 0;
  lua_createtable(L, 0, 4);
  lua_insert(L, -2);
  lua_setfield(L, -2, "kids");
  lua_pushstring(L, word);
  lua_setfield(L, -2, "tag");
  *e = p->i + 1;
  set_span(L, s, *e);
  return 1;
}

static int and_(cparse *p, size_t *e) { return nary(p, e, not_, "and"); }
static int expr(cparse *p, size_t *e) {
  luaL_checkstack(p->L, 16, NULL);
  return nary(p, e, and_, "or");
}

/* parse(text) for the prelude: the condition's tree, or nil when LPeg is to
** parse it (it does not parse here, or it comes near a limit).  A tree made
** here is at most FAST_MAX_DEPTH levels deep and has no chain too long, so
** the prelude's check_shape would find nothing in it. */
int mr_luabox_parse(lua_State *L) {
  cparse p;
  p.L = L;
  p.s = luaL_checklstring(L, 1, &p.n);
  p.i = 0;
  p.nest = 0;
  p.h = 0;
  lua_settop(L, 1);
  size_t e;
  if (p.n > FAST_MAX_TEXT) return 0;
  space(&p);
  if (!expr(&p, &e) || p.i != p.n) {
    lua_settop(L, 1);
    lua_pushnil(L);
  }
  return 1;
}
