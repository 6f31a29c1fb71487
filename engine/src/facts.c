/* facts.c — one patient's facts: reading a fact file (JSON, via cJSON) and
** checking every value against the pack's vocabulary (contract §1).
**
** Hygiene is strict because a typo must not turn a contraindication into
** "unknown": unknown names, wrong types, undeclared codes, wrong or
** unparsable units and implausible values are errors naming the source, the
** line and column (syntax) or JSON path (meaning), and the fact. */
#include <cjson/cJSON.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "eval.h"

#define MAX_STRING_FACT 4096

/* Fact files repeat a handful of units ("kg", "mg/kg/h"): a small cache of
** parsed units, per fact set (so per thread), skips the parser. */
typedef struct unit_memo {
  char text[23];
  uint8_t len;
  mr_unit unit;
} unit_memo;
#define UNIT_MEMOS 32

struct medrule_facts {
  unit_memo memo[UNIT_MEMOS];
  const medrule_pack *p;
  mr_value *v;
  char **strings;     /* per fact, owned copies of MR_STRING values */
  uint8_t *group_seen;
  char *source;
  strbuf err;
  char **warnings;
  int nwarnings;
  unsigned flags;
};

/* cJSON allocates every node and string separately, and frees them one by
** one: about 40% of loading a fact file.  While medrule parses a fact file,
** cJSON's allocations come from a per-thread bump arena, reset per file, and
** freeing them is a no-op.  Outside that window the hooks are plain malloc
** and free, so any other cJSON user in the process is unaffected. */
#define ARENA_SIZE (256u << 10)
static _Thread_local struct {
  char *base;
  size_t used;
  int active;
} arena;

static void *arena_malloc(size_t n) {
  if (arena.active) {
    n = (n + 15) & ~(size_t)15;
    if (arena.used + n <= ARENA_SIZE) {
      void *p = arena.base + arena.used;
      arena.used += n;
      return p;
    }
  }
  return malloc(n);
}

static void arena_free(void *p) {
  if (arena.base && (char *)p >= arena.base && (char *)p < arena.base + ARENA_SIZE) return;
  free(p);
}

static void install_hooks(void) {
  cJSON_Hooks hooks = {arena_malloc, arena_free};
  cJSON_InitHooks(&hooks);
}

static cJSON *parse_in_arena(const char *json, size_t len, const char **end) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, install_hooks);
  if (!arena.base) arena.base = malloc(ARENA_SIZE); /* if this fails, cJSON just uses malloc */
  arena.used = 0;
  arena.active = arena.base != NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(json, len, end, 0);
  arena.active = 0;
  return root;
}

/* Access for the evaluator. */
const mr_value *mr_facts_values(const medrule_facts *f) { return f->v; }
const medrule_pack *mr_facts_pack(const medrule_facts *f) { return f->p; }
const char *mr_facts_source(const medrule_facts *f) { return f->source; }

static void reset(medrule_facts *f) {
  const medrule_pack *p = f->p;
  for (int k = 0; k < p->nstring_facts; k++) { /* only text facts own memory */
    free(f->strings[p->string_facts[k]]);
    f->strings[p->string_facts[k]] = NULL;
  }
  memcpy(f->v, p->initial, (size_t)p->nfacts * sizeof *f->v);
  memset(f->group_seen, 0, (size_t)(p->ngroups ? p->ngroups : 1));
  for (int i = 0; i < f->nwarnings; i++) free(f->warnings[i]);
  free(f->warnings);
  f->warnings = NULL;
  f->nwarnings = 0;
  free(f->source);
  f->source = NULL;
  sb_reset(&f->err);
}

medrule_facts *medrule_facts_new(const medrule_pack *p) {
  if (!p) return NULL;
  medrule_facts *f = mr_calloc(1, sizeof *f);
  if (!f) return NULL;
  f->p = p;
  f->v = mr_calloc((size_t)(p->nfacts ? p->nfacts : 1), sizeof *f->v);
  f->strings = mr_calloc((size_t)(p->nfacts ? p->nfacts : 1), sizeof *f->strings);
  f->group_seen = mr_calloc((size_t)(p->ngroups ? p->ngroups : 1), 1);
  sb_init(&f->err);
  if (!f->v || !f->strings || !f->group_seen) {
    medrule_facts_free(f);
    return NULL;
  }
  reset(f);
  return f;
}

void medrule_facts_free(medrule_facts *f) {
  if (!f) return;
  if (f->strings) {
    for (int i = 0; i < f->p->nfacts; i++) free(f->strings[i]);
  }
  for (int i = 0; i < f->nwarnings; i++) free(f->warnings[i]);
  free(f->warnings);
  free(f->strings);
  free(f->v);
  free(f->group_seen);
  free(f->source);
  sb_free(&f->err);
  free(f);
}

void medrule_facts_clear(medrule_facts *f) {
  if (f) reset(f);
}

const char *medrule_facts_errmsg(const medrule_facts *f) {
  if (!f) return "no fact set";
  if (f->err.oom) return "out of memory";
  return f->err.data ? f->err.data : "";
}

int medrule_facts_warning_count(const medrule_facts *f) { return f ? f->nwarnings : 0; }

const char *medrule_facts_warning(const medrule_facts *f, int i) {
  return f && i >= 0 && i < f->nwarnings ? f->warnings[i] : NULL;
}

/* ------------------------------------------------------------ values */

static const char *type_words(const mr_fact *fd) {
  switch (fd->type) {
    case MR_BOOL: return "true or false";
    case MR_NUMBER: return "a number";
    case MR_QUANTITY: return "a quantity";
    case MR_CODE: return "one of its codes";
    case MR_CODES: return "a list of its codes";
    default: return "a string";
  }
}

static const char *json_kind(const cJSON *j) {
  if (cJSON_IsBool(j)) return "a boolean";
  if (cJSON_IsNumber(j)) return "a number";
  if (cJSON_IsString(j)) return "a string";
  if (cJSON_IsArray(j)) return "a list";
  if (cJSON_IsObject(j)) return "an object";
  return "null";
}

static void list_codes(char *buf, size_t len, const mr_fact *fd) {
  size_t at = 0;
  buf[0] = 0;
  for (int i = 0; i < fd->nvalues && at + 1 < len; i++) {
    int n = snprintf(buf + at, len - at, "%s%s", i ? ", " : "", fd->values[i]);
    if (n < 0) break;
    at += (size_t)n;
  }
  if (at >= len && len > 4) strcpy(buf + len - 4, "...");
}

static int check_range(const mr_fact *fd, double v, char *err, size_t errlen) {
  if (!fd->has_range || (v >= fd->min && v <= fd->max)) return 0;
  strbuf b;
  sb_init(&b);
  mr_fmt_num(&b, v);
  if (fd->unit_text) sb_printf(&b, " %s", fd->unit_text);
  sb_puts(&b, " is outside the plausible range ");
  mr_fmt_num(&b, fd->min);
  sb_puts(&b, " to ");
  mr_fmt_num(&b, fd->max);
  if (fd->unit_text) sb_printf(&b, " %s", fd->unit_text);
  snprintf(err, errlen, "%s", b.data ? b.data : "out of range");
  sb_free(&b);
  return -1;
}

static int parse_unit(unit_memo *memo, const char *ut, size_t utlen, mr_unit *u, char *why, size_t whylen) {
  unit_memo *m = NULL;
  if (memo && utlen < sizeof memo->text) {
    m = &memo[mr_hash(ut, utlen) % UNIT_MEMOS];
    if (m->len == utlen && memcmp(m->text, ut, utlen) == 0) {
      *u = m->unit;
      return 0;
    }
  }
  if (mr_unit_parse(ut, utlen, u, why, whylen)) return -1;
  if (m) {
    memcpy(m->text, ut, utlen);
    m->len = (uint8_t)utlen;
    m->unit = *u;
  }
  return 0;
}

/* A quantity `q` in unit text `ut` for fact fd, into v. */
static int set_quantity(const medrule_pack *p, unit_memo *memo, const mr_fact *fd, double q, const char *ut,
                        size_t utlen, mr_value *v, char *err, size_t errlen) {
  mr_unit u;
  char why[160];
  if (!isfinite(q)) {
    snprintf(err, errlen, "the number is not finite");
    return -1;
  }
  if (parse_unit(memo, ut, utlen, &u, why, sizeof why)) {
    snprintf(err, errlen, "%s", why);
    return -1;
  }
  if (mr_unit_commensurable(u, fd->unit)) {
    v->num = mr_unit_convert(q, u, fd->unit);
    v->needs_per = 0;
    if (!isfinite(v->num)) {
      snprintf(err, errlen, "the value is too large");
      return -1;
    }
    return check_range(fd, v->num, err, errlen);
  }
  if (fd->per >= 0) {
    /* "40 mg" for a dose in mg/kg waits to be divided by the weight;
    ** "0.5 mg/kg" for a dose in mg waits to be multiplied by it. */
    mr_unit times, per_unit;
    const mr_fact *per = &p->facts[fd->per];
    if (mr_unit_mul(fd->unit, per->unit, &times) == 0 && mr_unit_commensurable(u, times)) {
      v->raw = mr_unit_convert(q, u, times);
      v->needs_per = 1;
      return isfinite(v->raw) ? 0 : (snprintf(err, errlen, "the value is too large"), -1);
    }
    if (mr_unit_div(fd->unit, per->unit, &per_unit) == 0 && mr_unit_commensurable(u, per_unit)) {
      v->raw = mr_unit_convert(q, u, per_unit);
      v->needs_per = 2;
      return isfinite(v->raw) ? 0 : (snprintf(err, errlen, "the value is too large"), -1);
    }
  }
  char have[64], want[64];
  mr_unit_kind(u, have, sizeof have);
  mr_unit_kind(fd->unit, want, sizeof want);
  if (fd->per >= 0)
    snprintf(err, errlen, "'%.*s' is a %s; expected %s (%s), or that times or per %s", (int)utlen, ut, have,
             want, fd->unit_text, p->facts[fd->per].name);
  else
    snprintf(err, errlen, "'%.*s' is a %s, but %s is a %s (%s)", (int)utlen, ut, have, fd->name, want,
             fd->unit_text);
  return -1;
}

/* Converts JSON value j for fact `i` into v.  On error writes why into err. */
static int convert(const medrule_pack *p, unit_memo *memo, int i, const cJSON *j, mr_value *v, char **str,
                   char *err, size_t errlen) {
  const mr_fact *fd = &p->facts[i];
  memset(v, 0, sizeof *v);
  v->blame = -1;
  v->present = 1;
  if (cJSON_IsNull(j)) {
    v->state = MR_U;
    return 0;
  }
  v->state = MR_T;
  switch (fd->type) {
    case MR_BOOL:
      if (!cJSON_IsBool(j)) break;
      v->bits = cJSON_IsTrue(j);
      return 0;
    case MR_NUMBER:
      if (!cJSON_IsNumber(j)) break;
      if (!isfinite(j->valuedouble)) {
        snprintf(err, errlen, "the number is not finite");
        return -1;
      }
      v->num = j->valuedouble;
      return check_range(fd, v->num, err, errlen);
    case MR_QUANTITY: {
      if (cJSON_IsNumber(j)) { /* a bare number is in the declared unit */
        return set_quantity(p, memo, fd, j->valuedouble, fd->unit_text, strlen(fd->unit_text), v, err, errlen);
      }
      if (cJSON_IsString(j)) {
        const char *s = j->valuestring;
        char *end;
        while (*s == ' ') s++;
        double q = strtod(s, &end);
        int numeric = end > s && (strchr("+-.", *s) || (*s >= '0' && *s <= '9'));
        for (const char *c = s; c < end; c++)
          if (*c == 'x' || *c == 'X' || *c == 'n' || *c == 'N' || *c == 'i' || *c == 'I') numeric = 0;
        if (!numeric) {
          snprintf(err, errlen, "'%s' is not a quantity like \"%s\"", j->valuestring,
                   fd->unit_text ? "82 kg" : "82");
          return -1;
        }
        while (*end == ' ') end++;
        size_t ul = strlen(end);
        while (ul && end[ul - 1] == ' ') ul--;
        if (ul == 0) {
          snprintf(err, errlen, "'%s' has no unit (write e.g. \"%s %s\")", j->valuestring, j->valuestring,
                   fd->unit_text);
          return -1;
        }
        return set_quantity(p, memo, fd, q, end, ul, v, err, errlen);
      }
      if (cJSON_IsObject(j)) { /* FHIR Quantity */
        const cJSON *val = NULL, *unit = NULL, *code = NULL;
        for (const cJSON *k = j->child; k; k = k->next) {
          if (!strcmp(k->string, "value")) val = k;
          else if (!strcmp(k->string, "unit")) unit = k;
          else if (!strcmp(k->string, "code")) code = k;
          else if (strcmp(k->string, "system")) {
            snprintf(err, errlen, "a quantity object has 'value', 'unit' (and 'system', 'code'), not '%s'",
                     k->string);
            return -1;
          }
        }
        const cJSON *u = cJSON_IsString(code) ? code : unit;
        if (!cJSON_IsNumber(val) || !cJSON_IsString(u)) {
          snprintf(err, errlen, "a quantity object needs a numeric 'value' and a 'unit' string");
          return -1;
        }
        return set_quantity(p, memo, fd, val->valuedouble, u->valuestring, strlen(u->valuestring), v, err, errlen);
      }
      break;
    }
    case MR_CODE: {
      if (!cJSON_IsString(j)) break;
      int k = mr_code_find(fd, j->valuestring, strlen(j->valuestring));
      if (k < 0) {
        char codes[400];
        list_codes(codes, sizeof codes, fd);
        snprintf(err, errlen, "'%s' is not a declared code (one of: %s)", j->valuestring, codes);
        return -1;
      }
      v->bits = (uint64_t)k;
      return 0;
    }
    case MR_CODES: {
      if (!cJSON_IsArray(j)) break;
      int idx = 0;
      for (const cJSON *e = j->child; e; e = e->next, idx++) {
        int k = cJSON_IsString(e) ? mr_code_find(fd, e->valuestring, strlen(e->valuestring)) : -2;
        if (k == -2) {
          snprintf(err, errlen, "item %d is %s, expected one of its codes", idx, json_kind(e));
          return -1;
        }
        if (k < 0) {
          char codes[400];
          list_codes(codes, sizeof codes, fd);
          snprintf(err, errlen, "'%s' is not a declared code (one of: %s)", e->valuestring, codes);
          return -1;
        }
        v->bits |= 1ull << k;
      }
      return 0;
    }
    default: {
      if (!cJSON_IsString(j)) break;
      size_t n = strlen(j->valuestring);
      for (size_t k = 0; k < n; k++)
        if ((unsigned char)j->valuestring[k] < 0x20 || j->valuestring[k] == 0x7f) {
          snprintf(err, errlen, "the text contains a control character (byte %zu)", k);
          return -1;
        }
      if (n > MAX_STRING_FACT) {
        snprintf(err, errlen, "the text is longer than %d bytes", MAX_STRING_FACT);
        return -1;
      }
      *str = mr_strndup(j->valuestring, n);
      if (!*str) {
        snprintf(err, errlen, "out of memory");
        return -1;
      }
      v->str = *str;
      return 0;
    }
  }
  snprintf(err, errlen, "expected %s, got %s", type_words(fd), json_kind(j));
  return -1;
}

/* Divides weight-based values by their `per` fact, now that all are read. */
static int resolve_per(medrule_facts *f, char *err, size_t errlen, int *bad) {
  const medrule_pack *p = f->p;
  for (int i = 0; i < p->nfacts; i++) {
    mr_value *v = &f->v[i];
    if (!v->needs_per) continue;
    const mr_fact *fd = &p->facts[i];
    const mr_value *w = &f->v[fd->per];
    if (w->state != MR_T || w->needs_per) {
      v->state = MR_U;
      v->blame = fd->per;
      continue;
    }
    if (w->num == 0 && v->needs_per == 1) {
      *bad = i;
      snprintf(err, errlen, "cannot divide by %s = 0", p->facts[fd->per].name);
      return -1;
    }
    v->state = MR_T;
    v->blame = -1;
    v->num = v->needs_per == 1 ? v->raw / w->num : v->raw * w->num;
    if (check_range(fd, v->num, err, errlen)) {
      *bad = i;
      return -1;
    }
  }
  return 0;
}

/* ------------------------------------------------------------ loading */

static int fail(medrule_facts *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(medrule_facts *f, const char *fmt, ...) {
  sb_reset(&f->err);
  va_list ap;
  va_start(ap, fmt);
  char msg[1200];
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  sb_put_printable(&f->err, f->source ? f->source : "<facts>");
  sb_puts(&f->err, ": ");
  sb_put_printable(&f->err, msg); /* names and values from the input may hold escape sequences */
  return MEDRULE_INPUT;
}

static void line_col(const char *s, size_t off, unsigned first_line, unsigned *line, unsigned *col) {
  unsigned l = first_line, c = 1;
  for (size_t i = 0; i < off; i++) {
    if (s[i] == '\n') l++, c = 1;
    else if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
  }
  *line = l;
  *col = c;
}

/* Where a syntax error is: source:line:col (line is absolute in the file). */
static int syntax_fail(medrule_facts *f, const char *json, size_t len, size_t off, unsigned first_line,
                       const char *what) {
  unsigned line, col;
  if (off > len) off = len;
  line_col(json, off, first_line, &line, &col);
  sb_reset(&f->err);
  /* the source of an NDJSON record already names its line; syntax errors
  ** name line and column themselves */
  const char *src = f->source ? f->source : "<facts>";
  const char *colon = strrchr(src, ':');
  size_t srclen = colon && colon[1] >= '0' && colon[1] <= '9' ? (size_t)(colon - src) : strlen(src);
  char head[600];
  snprintf(head, sizeof head, "%.*s:%u:%u: ", (int)srclen, src, line, col);
  sb_put_printable(&f->err, head);
  sb_put_printable(&f->err, what);
  return MEDRULE_INPUT;
}

static int add_warning(medrule_facts *f, char *w) {
  if (!w) return -1;
  char **ws = mr_realloc(f->warnings, (size_t)(f->nwarnings + 1) * sizeof *ws);
  if (!ws) {
    free(w);
    return -1;
  }
  f->warnings = ws;
  ws[f->nwarnings++] = w;
  return 0;
}

/* Walks one object of the fact file; `path` holds the dotted prefix and
** `hash` its hash, so each name costs one hash of its last segment. */
static int walk(medrule_facts *f, const cJSON *obj, char *path, size_t plen, uint32_t hash) {
  const medrule_pack *p = f->p;
  for (const cJSON *k = obj->child; k; k = k->next) {
    size_t klen = strlen(k->string);
    if (plen + klen + 2 > 512)
      return fail(f, "$%s%s: the name '%.40s...' is too long to be a fact", plen ? "." : "", plen ? path : "",
                  k->string);
    size_t at = plen;
    if (plen) path[at++] = '.';
    memcpy(path + at, k->string, klen + 1);
    size_t full = at + klen;
    /* a key may itself be dotted ("patient.weight" at the top level) */
    uint32_t h = memchr(k->string, '.', klen) ? mr_hash(path, full)
               : plen ? mr_hash_segment(hash, k->string, klen) : mr_hash_segment(0, k->string, klen);
    int i = mr_fact_find_h(p, path, full, h);
    if (i >= 0) {
      const mr_fact *fd = &p->facts[i];
      if (f->v[i].present) return fail(f, "$.%s: %s is given twice (duplicate key)", path, fd->name);
      if (fd->computed)
        return fail(f, "$.%s: %s is derived by the pack and cannot be given", path, fd->name);
      char err[600];
      char *str = NULL;
      if (convert(p, f->memo, i, k, &f->v[i], &str, err, sizeof err)) {
        free(str);
        f->v[i].present = 1;
        if (strcmp(path, fd->name) == 0) return fail(f, "$.%s: %s", path, err); /* the path is the fact */
        return fail(f, "$.%s (%s): %s", path, fd->name, err);
      }
      free(f->strings[i]);
      f->strings[i] = str;
      path[plen] = 0;
      continue;
    }
    int g = mr_group_find_h(p, path, full, h);
    if (g >= 0) {
      if (f->group_seen[g]) return fail(f, "$.%s: the group '%s' is given twice (duplicate key)", path, path);
      f->group_seen[g] = 1;
      if (cJSON_IsObject(k)) {
        int rc = walk(f, k, path, full, h);
        if (rc) return rc;
      } else if (!cJSON_IsNull(k)) {
        return fail(f, "$.%s: '%s' is a group of facts and must be an object, got %s", path, path,
                    json_kind(k));
      }
      path[plen] = 0;
      continue;
    }
    const char *s = mr_suggest_fact(p, path);
    if (f->flags & MEDRULE_ALLOW_EXTRA) {
      if (add_warning(f, mr_printf("$.%s: ignored: not a fact of pack %s%s%s%s", path, p->id,
                                   s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "")))
        return MEDRULE_NOMEM;
      path[plen] = 0;
      continue;
    }
    if (s)
      return fail(f, "$.%s: unknown fact '%s' (did you mean '%s'?; --allow-extra ignores unknown names)", path, path,
                  s);
    return fail(f, "$.%s: unknown fact '%s' (not in pack %s; --allow-extra ignores unknown names)", path, path,
                p->id);
  }
  return 0;
}

/* Offset of a \u0000 escape (cJSON would cut the string there and keep the
** rest of the value silently), or len when there is none. */
static size_t nul_escape(const char *s, size_t len) {
  for (const char *b = s; (b = memchr(b, '\\', len - (size_t)(b - s))) != NULL; b += 2) {
    size_t i = (size_t)(b - s);
    if (i + 5 < len && b[1] == 'u' && b[2] == '0' && b[3] == '0' && b[4] == '0' && b[5] == '0') return i;
    if (i + 2 >= len) break; /* skip the escaped character: "\\\\u0000" is a backslash, then text */
  }
  return len;
}

/* 1 when every byte is ASCII (then the text is valid UTF-8 as it stands). */
static int all_ascii(const char *s, size_t len) {
  uint64_t acc = 0, w;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    memcpy(&w, s + i, 8);
    acc |= w;
  }
  for (; i < len; i++) acc |= (unsigned char)s[i];
  return (acc & 0x8080808080808080ull) == 0;
}

/* One pass over the first n bytes of JSON text, outside any parser: whether
** it ends inside a string, how deep the brackets are there, and how deep they
** got.  Used only to word error messages and to vet rare candidates. */
typedef struct scan {
  int in_string;
  size_t depth, max_depth;
} scan;

static scan scan_json(const char *s, size_t n) {
  scan r = {0, 0, 0};
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (r.in_string) {
      if (c == '\\') i++;
      else if (c == '"') r.in_string = 0;
    } else if (c == '"') {
      r.in_string = 1;
    } else if (c == '{' || c == '[') {
      if (++r.depth > r.max_depth) r.max_depth = r.depth;
    } else if ((c == '}' || c == ']') && r.depth) {
      r.depth--;
    }
  }
  return r;
}

/* Offset of a number written with a leading zero ("08", "-01"), which JSON
** forbids and cJSON would read as 8; len when there is none.  Zeros are
** common, so only a zero followed by a digit at the start of a number is
** checked against string context. */
static size_t leading_zero(const char *s, size_t len) {
  for (const char *z = s; (z = memchr(z, '0', len - (size_t)(z - s))) != NULL; z++) {
    size_t i = (size_t)(z - s);
    if (i + 1 >= len || s[i + 1] < '0' || s[i + 1] > '9') continue;
    size_t j = i > 0 && s[i - 1] == '-' ? i - 1 : i;
    if (j > 0 && ((s[j - 1] >= '0' && s[j - 1] <= '9') || strchr(".eE+", s[j - 1]))) continue;
    if (!scan_json(s, i).in_string) return j;
  }
  return len;
}

/* Forgets every fact after a failed load; the error message stays. */
static void clear_keeping_error(medrule_facts *f) {
  strbuf keep = f->err;
  char *source = f->source;
  sb_init(&f->err);
  f->source = NULL;
  reset(f);
  sb_free(&f->err);
  f->err = keep;
  f->source = source;
}

int medrule_facts_load_json(medrule_facts *f, const char *json, size_t len, const char *source, unsigned line,
                            unsigned flags) {
  if (!f || (!json && len)) return MEDRULE_MISUSE;
  reset(f);
  f->flags = flags;
  if (line == 0) line = 1;
  if (source && !(f->source = mr_strdup(source))) return MEDRULE_NOMEM;
  size_t first = 0;
  while (first < len && strchr(" \t\r\n", json[first])) first++;
  if (first == len) return syntax_fail(f, json, len, len, line, "empty: a fact file is one JSON object");
  const char *nul = memchr(json, 0, len);
  if (nul) return syntax_fail(f, json, len, (size_t)(nul - json), line, "a NUL byte is not allowed in a fact file");
  size_t esc = nul_escape(json, len);
  if (esc < len)
    return syntax_fail(f, json, len, esc, line, "the escape \\u0000 (a NUL character) is not allowed in a fact file");
  size_t lz = leading_zero(json, len);
  if (lz < len) return syntax_fail(f, json, len, lz, line, "a number with a leading zero (like 08) is not JSON");
  const uint8_t *bad = all_ascii(json, len) ? NULL : u8_check((const uint8_t *)json, len);
  if (bad)
    return syntax_fail(f, json, len, (size_t)((const char *)bad - json), line, "invalid UTF-8 (fact files are UTF-8 text)");
  const char *end = NULL;
  cJSON *root = parse_in_arena(json, len, &end);
  if (!root) {
    size_t off = end ? (size_t)(end - json) : 0;
    if (scan_json(json, off < len ? off + 1 : len).max_depth >= CJSON_NESTING_LIMIT)
      return syntax_fail(f, json, len, off, line, "nested deeper than 1000 levels");
    size_t rest = off;
    while (rest < len && strchr(" \t\r\n", json[rest])) rest++;
    scan end_scan = scan_json(json, len);
    int unclosed = end_scan.in_string || end_scan.depth > 0;
    if (rest >= len || (unclosed && json[off] != '}' && json[off] != ']'))
      return syntax_fail(f, json, len, len, line, "the JSON ends too early (truncated?)");
    char what[120];
    size_t show = len - off < 20 ? len - off : 20;
    while (show > 0 && off + show < len && ((unsigned char)json[off + show] & 0xC0) == 0x80) show--; /* whole characters */
    /* a trailing comma: cJSON stops at the bracket after it, or one past */
    size_t br = off, prev;
    for (int back = 0; back < 2; back++, br--) {
      prev = br;
      while (prev > 0 && strchr(" \t\r\n", json[prev - 1])) prev--;
      if ((json[br] == '}' || json[br] == ']') && prev > 0 && json[prev - 1] == ',') break;
      if (br == 0) break;
    }
    if ((json[br] == '}' || json[br] == ']') && prev > 0 && json[prev - 1] == ',')
      return syntax_fail(f, json, len, prev - 1, line, "a comma before a closing bracket (JSON allows no trailing comma)");
    else if (json[off] == '}' || json[off] == ']')
      snprintf(what, sizeof what, "unexpected '%c': a bracket that does not match", json[off]);
    else
      snprintf(what, sizeof what, "invalid JSON near '%.*s'", (int)show, json + off);
    for (char *c = what; *c; c++)
      if (*c == '\n' || *c == '\r') *c = ' ';
    return syntax_fail(f, json, len, off, line, what);
  }
  size_t off = (size_t)(end - json);
  while (off < len && strchr(" \t\r\n", json[off])) off++;
  if (off < len) {
    cJSON_Delete(root);
    return syntax_fail(f, json, len, off, line,
                       "unexpected content after the JSON object (one object per file; use NDJSON for several)");
  }
  if (!cJSON_IsObject(root)) {
    cJSON_Delete(root);
    return fail(f, "$: a fact file is one JSON object, not %s", json_kind(root));
  }
  char path[520];
  path[0] = 0;
  int rc = walk(f, root, path, 0, 0);
  cJSON_Delete(root);
  if (!rc) {
    char err[400];
    int badfact = -1;
    if (resolve_per(f, err, sizeof err, &badfact))
      rc = fail(f, "$.%s: %s", f->p->facts[badfact].name, err);
  }
  if (rc) clear_keeping_error(f); /* nothing is evaluated from a file that failed */
  return rc;
}

/* JSON text that must be one whole value: "7 ug/kg/min" is not the number 7. */
/* A value typed as text, for fact i: whole JSON ("7 ug/kg/min" is not the
** number 7), or failing that a JSON string, so `1.2 mg/kg/h` works as typed on
** a command line.  Returns 0, -1 with a reason in err, or -2 out of memory;
** a text value comes back in *str, owned by the caller. */
static int value_from_text(const medrule_pack *p, unit_memo *memo, int i, const char *text, mr_value *v,
                           char **str, char *err, size_t errlen) {
  *str = NULL;
  if (nul_escape(text, strlen(text)) < strlen(text)) {
    snprintf(err, errlen, "the escape \\u0000 (a NUL character) is not allowed");
    return -1;
  }
  cJSON *j = cJSON_ParseWithOpts(text, NULL, 1);
  if (!j) j = cJSON_CreateString(text);
  if (!j) return -2;
  int rc = convert(p, memo, i, j, v, str, err, errlen);
  cJSON_Delete(j);
  if (rc) {
    free(*str);
    *str = NULL;
  }
  return rc;
}

int mr_value_from_text(const medrule_pack *p, int i, const char *text, mr_value *v, char *err, size_t errlen) {
  char *str;
  int rc = value_from_text(p, NULL, i, text, v, &str, err, errlen);
  free(str); /* defaults are never text */
  if (rc == -2) snprintf(err, errlen, "out of memory");
  if (rc == 0 && p->facts[i].type == MR_STRING) {
    snprintf(err, errlen, "text facts have no default");
    return -1;
  }
  return rc ? -1 : 0;
}

int medrule_facts_set(medrule_facts *f, const char *name, const char *value) {
  if (!f || !name || !value) return MEDRULE_MISUSE;
  const medrule_pack *p = f->p;
  int i = mr_fact_find(p, name, strlen(name));
  if (i < 0) {
    const char *s = mr_suggest_fact(p, name);
    sb_reset(&f->err);
    sb_printf(&f->err, "%s: not a fact of pack %s%s%s%s", name, p->id, s ? " (did you mean '" : "", s ? s : "",
              s ? "'?)" : "");
    return MEDRULE_NOTFOUND;
  }
  if (p->facts[i].computed) {
    sb_reset(&f->err);
    sb_printf(&f->err, "%s: derived by the pack and cannot be set", name);
    return MEDRULE_INPUT;
  }
  char err[600];
  mr_value v;
  char *str;
  int rc = value_from_text(p, f->memo, i, value, &v, &str, err, sizeof err);
  if (rc == -2) return MEDRULE_NOMEM;
  if (rc) {
    sb_reset(&f->err);
    sb_printf(&f->err, "%s = %s: %s", name, value, err);
    return MEDRULE_INPUT;
  }
  mr_value old = f->v[i];
  f->v[i] = v;
  int bad;
  if (resolve_per(f, err, sizeof err, &bad)) { /* e.g. a new weight makes a dose implausible: undo */
    f->v[i] = old;
    resolve_per(f, err, sizeof err, &bad);
    free(str);
    sb_reset(&f->err);
    sb_printf(&f->err, "%s: %s", p->facts[bad].name, err);
    return MEDRULE_INPUT;
  }
  free(f->strings[i]);
  f->strings[i] = str;
  return MEDRULE_OK;
}
