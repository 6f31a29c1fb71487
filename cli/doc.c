/* doc.c — documents generated from a pack, never written by hand:
** `medrule doc` (the pack document: a Table-6-like summary, every rule with
** grade, certainty, quote and judgment calls, the fact vocabulary, and the
** coverage of the source) and `medrule facts` (the vocabulary as JSON Schema,
** or a template fact file).  Both read medrule_pack_describe_json. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static cJSON *describe(const cli_packs *packs, medrule_pack **out) {
  medrule_pack *p = cli_open_packs(packs);
  if (!p) return NULL;
  char *json = NULL;
  cJSON *d = NULL;
  if (medrule_pack_describe_json(p, &json) == MEDRULE_OK) d = cJSON_Parse(json);
  medrule_free(json);
  if (!d) {
    cli_error("out of memory");
    medrule_pack_close(p);
    return NULL;
  }
  *out = p;
  return d;
}

static const char *s_of(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* ---------------------------------------------------------------- output */

typedef struct out {
  int html;
} out;

/* Escapes text for the target: Markdown table cells (|, newlines) or HTML. */
static void text(const out *o, const char *s) {
  if (!s) return;
  for (; *s; s++) {
    if (o->html) {
      if (*s == '<') out_puts("&lt;");
      else if (*s == '>') out_puts("&gt;");
      else if (*s == '&') out_puts("&amp;");
      else if (*s == '"') out_puts("&quot;");
      else out_putc(*s);
    } else {
      if (*s == '|') out_puts("\\|");
      else if (*s == '\n') out_putc(' ');
      else out_putc(*s);
    }
  }
}

static void heading(const out *o, int level, const char *s) {
  if (o->html) {
    out_printf("<h%d>", level);
    text(o, s);
    out_printf("</h%d>\n", level);
  } else {
    out_printf("\n%.*s ", level, "######");
    text(o, s);
    out_puts("\n\n");
  }
}

static void para(const out *o, const char *label, const char *s) {
  if (!s) return;
  if (o->html) {
    out_printf("<p>%s%s", label ? "<b>" : "", label ? label : "");
    if (label) out_puts("</b> ");
    text(o, s);
    out_puts("</p>\n");
  } else {
    if (label) out_printf("**%s** ", label);
    text(o, s);
    out_puts("\n\n");
  }
}

static void table_start(const out *o, const char *const *cols, int n) {
  if (o->html) {
    out_puts("<table>\n<tr>");
    for (int i = 0; i < n; i++) out_printf("<th>%s</th>", cols[i]);
    out_puts("</tr>\n");
  } else {
    for (int i = 0; i < n; i++) out_printf("| %s ", cols[i]);
    out_puts("|\n");
    for (int i = 0; i < n; i++) out_puts("|---");
    out_puts("|\n");
  }
}

static void row(const out *o, const char *const *cells, int n) {
  if (o->html) out_puts("<tr>");
  for (int i = 0; i < n; i++) {
    if (o->html) out_puts("<td>");
    else out_puts("| ");
    text(o, cells[i] ? cells[i] : "");
    if (o->html) out_puts("</td>");
    else out_puts(" ");
  }
  out_puts(o->html ? "</tr>\n" : "|\n");
}

static void table_end(const out *o) { out_puts(o->html ? "</table>\n" : "\n"); }

/* "grade B, low certainty", "level II", "ungraded": in the pack's own words. */
static const char *grade_cell(const cJSON *r, const char *word, char *buf, size_t len) {
  const char *g = s_of(r, "grade"), *c = s_of(r, "certainty");
  if (!g && !c) return "ungraded";
  if (!c) snprintf(buf, len, "%s %s", word, g);
  else snprintf(buf, len, "%s %s, %s certainty", word, g ? g : "none", c);
  return buf;
}

static void join_strings(const cJSON *arr, char *buf, size_t len, const char *sep) {
  buf[0] = 0;
  const cJSON *e;
  int first = 1;
  cJSON_ArrayForEach(e, arr) {
    if (!cJSON_IsString(e)) continue;
    snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", first ? "" : sep, e->valuestring);
    first = 0;
  }
}

/* Whether fact `name` is read by the pack: by a rule, or by the derivation of
** a fact that is (a derived fact's inputs, however deep). */
static int derive_mentions(const char *derive, const char *name) {
  size_t n = strlen(name);
  for (const char *p = derive; (p = strstr(p, name)) != NULL; p += n) {
    int before = p > derive && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.');
    int after = isalnum((unsigned char)p[n]) || p[n] == '_' || (p[n] == '.' && isalpha((unsigned char)p[n + 1]));
    if (!before && !after) return 1;
  }
  return 0;
}

static int fact_is_read(const cJSON *rules, const cJSON *facts, const char *name, int depth) {
  const cJSON *r, *f, *x;
  cJSON_ArrayForEach(r, rules) cJSON_ArrayForEach(x, cJSON_GetObjectItem(r, "reads"))
    if (cJSON_IsString(x) && !strcmp(x->valuestring, name)) return 1;
  if (depth > 16) return 0; /* derivations are acyclic; this only bounds the walk */
  cJSON_ArrayForEach(f, facts) {
    const char *derive = s_of(f, "derive"), *other = s_of(f, "name");
    if (derive && other && strcmp(other, name) && derive_mentions(derive, name) &&
        fact_is_read(rules, facts, other, depth + 1))
      return 1;
  }
  return 0;
}

static void render_doc(const cJSON *d, const out *o) {
  char buf[4096], buf2[4096];
  const cJSON *rules = cJSON_GetObjectItem(d, "rules"), *facts = cJSON_GetObjectItem(d, "facts");
  const cJSON *cats = cJSON_GetObjectItem(d, "categories"), *src = cJSON_GetObjectItem(d, "source");
  if (o->html)
    out_printf("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>%s</title>\n"
           "<style>body{font-family:sans-serif;max-width:70em;margin:auto}table{border-collapse:collapse}"
           "td,th{border:1px solid #ccc;padding:4px;vertical-align:top}</style></head><body>\n",
           s_of(d, "id"));
  else
    out_printf("<!-- Generated by `medrule doc %s`; do not edit by hand. -->\n", s_of(d, "dir"));
  snprintf(buf, sizeof buf, "%s (%s %s)", s_of(d, "title"), s_of(d, "id"), s_of(d, "version"));
  if (o->html) heading(o, 1, buf);
  else out_printf("# %s\n\n", buf);
  para(o, "Source:", s_of(src, "citation") ? s_of(src, "citation") : s_of(src, "document"));
  const cJSON *ev = cJSON_GetObjectItem(d, "evidence");
  const char *word = s_of(ev, "word") ? s_of(ev, "word") : "grade";
  char scale[9000];
  snprintf(scale, sizeof scale, "%s.", s_of(ev, "scale"));
  const cJSON *grades = cJSON_GetObjectItem(ev, "grades"), *meanings = cJSON_GetObjectItem(ev, "meanings");
  int ng = cJSON_GetArraySize(grades);
  if (ng) snprintf(scale + strlen(scale), sizeof scale - strlen(scale), " Its %ss, strongest first:", word);
  for (int i = 0; i < ng; i++) {
    const cJSON *m = cJSON_GetArrayItem(meanings, i);
    snprintf(scale + strlen(scale), sizeof scale - strlen(scale), "%s %s%s%s%s", i ? ";" : "",
             cJSON_GetArrayItem(grades, i)->valuestring, cJSON_IsString(m) ? " (" : "",
             cJSON_IsString(m) ? m->valuestring : "", cJSON_IsString(m) ? ")" : "");
  }
  if (ng) snprintf(scale + strlen(scale), sizeof scale - strlen(scale), ".");
  join_strings(cJSON_GetObjectItem(ev, "certainties"), buf2, sizeof buf2, "; ");
  if (buf2[0]) snprintf(scale + strlen(scale), sizeof scale - strlen(scale), " Certainty: %s.", buf2);
  snprintf(scale + strlen(scale), sizeof scale - strlen(scale),
           " A statement the source does not grade is shown as ungraded.");
  para(o, "Evidence scale:", scale);
  para(o, "Pack digest:", s_of(d, "digest"));

  heading(o, 2, "Summary of recommendations");
  static const char *const SUM[] = {"Topic", "Recommendation", "Action", "Evidence"};
  const cJSON *c;
  table_start(o, SUM, 4);
  cJSON_ArrayForEach(c, cats) {
    const cJSON *r;
    int any = 0;
    cJSON_ArrayForEach(r, rules) {
      if (strcmp(s_of(r, "category"), s_of(c, "id"))) continue;
      const char *cells[] = {any ? "" : s_of(c, "title"), s_of(r, "text"), s_of(r, "action"),
                             grade_cell(r, word, buf, sizeof buf)};
      row(o, cells, 4);
      any = 1;
    }
  }
  table_end(o);

  heading(o, 2, "Rules");
  cJSON_ArrayForEach(c, cats) {
    const cJSON *r;
    cJSON_ArrayForEach(r, rules) {
      if (strcmp(s_of(r, "category"), s_of(c, "id"))) continue;
      heading(o, 3, s_of(r, "id"));
      para(o, NULL, s_of(r, "text"));
      snprintf(buf2, sizeof buf2, "%s; %s; %s; effect on the disposition: %s", s_of(r, "category"),
               s_of(r, "action"), grade_cell(r, word, buf, sizeof buf), s_of(r, "effect"));
      para(o, "Kind:", buf2);
      if (s_of(r, "topic")) {
        snprintf(buf2, sizeof buf2, "%s: %s", s_of(r, "topic"), s_of(r, "position"));
        para(o, "Topic shared with other packs:", buf2);
      }
      if (s_of(r, "applies")) para(o, "Applies when:", s_of(r, "applies"));
      para(o, "Condition:", s_of(r, "when") ? s_of(r, "when") : "(a Lua function)");
      const cJSON *rs = cJSON_GetObjectItem(r, "source");
      snprintf(buf, sizeof buf, "%s; %s: \"%s\"", s_of(rs, "document"), s_of(rs, "section"), s_of(rs, "quote"));
      para(o, "Source:", buf);
      const cJSON *j;
      cJSON_ArrayForEach(j, cJSON_GetObjectItem(r, "judgments")) {
        snprintf(buf, sizeof buf, "Judgment %s:", s_of(j, "id"));
        join_strings(cJSON_GetObjectItem(j, "quotes"), buf2, sizeof buf2, "\" / \"");
        char note[9000];
        snprintf(note, sizeof note, buf2[0] ? "%s Quotes: \"%s\"" : "%s", s_of(j, "note"), buf2);
        para(o, buf, note);
      }
      snprintf(buf, sizeof buf, "%s:%d", s_of(r, "file"), cJSON_GetObjectItem(r, "line")->valueint);
      para(o, "Declared at:", buf);
    }
  }

  heading(o, 2, "Fact vocabulary");
  static const char *const FCOLS[] = {"Fact", "Type", "Unit", "Values / range", "Default", "Description"};
  table_start(o, FCOLS, 6);
  const cJSON *f;
  char unread[8192] = ""; /* shared-vocabulary facts for other packs: named after the table */
  size_t nunread = 0;
  cJSON_ArrayForEach(f, facts) {
    const char *file = s_of(f, "file");
    if (file && !strncmp(file, "vocabulary/", 11) && strcmp(s_of(f, "name"), "patient.id") &&
        !fact_is_read(rules, facts, s_of(f, "name"), 0)) {
      int w = snprintf(unread + nunread, sizeof unread - nunread, "%s%s", nunread ? ", " : "", s_of(f, "name"));
      if (w > 0 && (size_t)w < sizeof unread - nunread) nunread += (size_t)w;
      continue;
    }
    char vals[2048] = "";
    const cJSON *v = cJSON_GetObjectItem(f, "values"), *range = cJSON_GetObjectItem(f, "range");
    if (cJSON_IsArray(v)) join_strings(v, vals, sizeof vals, ", ");
    else if (cJSON_IsArray(range))
      snprintf(vals, sizeof vals, "%g to %g", cJSON_GetArrayItem(range, 0)->valuedouble,
               cJSON_GetArrayItem(range, 1)->valuedouble);
    char def[256] = "";
    const cJSON *dv = cJSON_GetObjectItem(f, "default");
    if (cJSON_IsString(dv)) snprintf(def, sizeof def, "%s", dv->valuestring);
    else if (cJSON_IsBool(dv)) snprintf(def, sizeof def, "%s", cJSON_IsTrue(dv) ? "true" : "false");
    else if (cJSON_IsNumber(dv)) snprintf(def, sizeof def, "%g", dv->valuedouble);
    char desc[2048];
    const char *derive = s_of(f, "derive");
    snprintf(desc, sizeof desc, "%s%s%s%s%s%s", s_of(f, "description") ? s_of(f, "description") : "",
             derive ? (cJSON_IsTrue(cJSON_GetObjectItem(f, "computed")) ? " Derived: " : " Derived when absent: ") : "",
             derive ? derive : "", s_of(f, "per") ? " A unit that needs " : "", s_of(f, "per") ? s_of(f, "per") : "",
             s_of(f, "per") ? " to convert (times or per it) is converted with it." : "");
    const char *cells[] = {s_of(f, "name"), s_of(f, "type"), s_of(f, "unit"), vals, def, desc};
    row(o, cells, 6);
  }
  table_end(o);
  if (nunread) {
    char note[9000];
    snprintf(note, sizeof note, "%s. They are declared for other packs that use the same vocabulary: this pack "
             "reads none of them, accepts them in a fact file, and never asks for them.", unread);
    para(o, "Also in the shared vocabulary:", note);
  }

  const cJSON *cov = cJSON_GetObjectItem(d, "coverage");
  if (cJSON_GetArraySize(cov) > 0) {
    heading(o, 2, "Coverage of the source");
    static const char *const CCOLS[] = {"Source statement", "Rules"};
    table_start(o, CCOLS, 2);
    const cJSON *item;
    cJSON_ArrayForEach(item, cov) {
      join_strings(cJSON_GetObjectItem(item, "rules"), buf, sizeof buf, ", ");
      char cell[4600];
      snprintf(cell, sizeof cell, "%s%s%s", s_of(item, "item"), s_of(item, "note") ? " — " : "",
               s_of(item, "note") ? s_of(item, "note") : "");
      const char *cells[] = {cell, buf};
      row(o, cells, 2);
    }
    table_end(o);
  }
  const cJSON *pol = cJSON_GetObjectItem(d, "policy");
  char *ps = cJSON_PrintUnformatted(pol);
  para(o, "Disposition policy:", ps);
  free(ps);
  if (o->html) out_puts("</body></html>\n");
}

int cmd_doc(int argc, char **argv) {
  static const char usage[] = "usage: medrule doc [--format md|html|json] [PACK]...\n";
  const char *format = "md";
  cli_packs packs = {0};
  for (int i = 1; i < argc; i++) {
    int took = cli_pack_option(&packs, argc, argv, &i);
    if (took < 0) return EXIT_USAGE;
    if (took) continue;
    if (!strcmp(argv[i], "--format") && i + 1 < argc) format = argv[++i];
    else if (!strcmp(argv[i], "--help")) {
      out_puts(usage);
      return 0;
    } else if (argv[i][0] == '-') {
      cli_error("doc: unknown option '%s'", argv[i]);
      return EXIT_USAGE;
    } else if (cli_pack_add(&packs, argv[i])) return EXIT_USAGE;
  }
  if (strcmp(format, "md") && strcmp(format, "html") && strcmp(format, "json")) {
    cli_error("doc: --format must be md, html or json");
    return EXIT_USAGE;
  }
  if (packs.n > 1) { /* several packs: side by side, by topic */
    if (!strcmp(format, "html")) {
      cli_error("doc: several packs are shown side by side as --format md or json");
      return EXIT_USAGE;
    }
    medrule_pack *several = cli_open_packs(&packs);
    if (!several) return EXIT_LOAD_FAILED;
    int st = cli_doc_side_by_side(several, !strcmp(format, "json"));
    medrule_pack_close(several);
    return st;
  }
  medrule_pack *p;
  cJSON *d = describe(&packs, &p);
  if (!d) return EXIT_LOAD_FAILED;
  if (!strcmp(format, "json")) {
    char *s = cJSON_Print(d);
    if (s) {
      out_puts(s);
      out_putc('\n');
    } else {
      out_fail(ENOMEM);
    }
    free(s);
  } else {
    out o = {!strcmp(format, "html")};
    render_doc(d, &o);
  }
  cJSON_Delete(d);
  medrule_pack_close(p);
  return 0;
}

/* ---------------------------------------------------------------- facts */

/* The object for group `prefix` ("" for the root) in `root`, made on demand. */
static cJSON *group_schema(cJSON *root, const char *name, char *leaf, size_t leaflen) {
  cJSON *obj = root;
  const char *seg = name;
  for (const char *dot; (dot = strchr(seg, '.')); seg = dot + 1) {
    char key[256];
    snprintf(key, sizeof key, "%.*s", (int)(dot - seg), seg);
    cJSON *props = cJSON_GetObjectItem(obj, "properties");
    cJSON *g = cJSON_GetObjectItem(props, key);
    if (!g) {
      g = cJSON_CreateObject();
      cJSON_AddItemToObject(g, "type", cJSON_CreateStringArray((const char *[]){"object", "null"}, 2));
      cJSON_AddItemToObject(g, "properties", cJSON_CreateObject());
      cJSON_AddFalseToObject(g, "additionalProperties");
      cJSON_AddItemToObject(props, key, g);
    }
    obj = g;
  }
  snprintf(leaf, leaflen, "%s", seg);
  return cJSON_GetObjectItem(obj, "properties");
}

static cJSON *fact_schema(const cJSON *f) {
  cJSON *s = cJSON_CreateObject();
  const char *type = s_of(f, "type"), *unit = s_of(f, "unit");
  if (s_of(f, "description")) cJSON_AddStringToObject(s, "description", s_of(f, "description"));
  const cJSON *range = cJSON_GetObjectItem(f, "range");
  if (!strcmp(type, "boolean")) {
    cJSON_AddItemToObject(s, "type", cJSON_CreateStringArray((const char *[]){"boolean", "null"}, 2));
  } else if (!strcmp(type, "number")) {
    cJSON_AddItemToObject(s, "type", cJSON_CreateStringArray((const char *[]){"number", "null"}, 2));
    if (cJSON_IsArray(range)) {
      cJSON_AddNumberToObject(s, "minimum", cJSON_GetArrayItem(range, 0)->valuedouble);
      cJSON_AddNumberToObject(s, "maximum", cJSON_GetArrayItem(range, 1)->valuedouble);
    }
  } else if (!strcmp(type, "quantity")) {
    cJSON *any = cJSON_CreateArray();
    cJSON *num = cJSON_CreateObject();
    cJSON_AddStringToObject(num, "type", "number");
    char d[300];
    snprintf(d, sizeof d, "a number in %s", unit);
    cJSON_AddStringToObject(num, "description", d);
    if (cJSON_IsArray(range)) {
      cJSON_AddNumberToObject(num, "minimum", cJSON_GetArrayItem(range, 0)->valuedouble);
      cJSON_AddNumberToObject(num, "maximum", cJSON_GetArrayItem(range, 1)->valuedouble);
    }
    cJSON_AddItemToArray(any, num);
    cJSON *str = cJSON_CreateObject();
    cJSON_AddStringToObject(str, "type", "string");
    cJSON_AddStringToObject(str, "pattern", "^\\s*[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?\\s*\\S+\\s*$");
    snprintf(d, sizeof d, "a number and a UCUM unit commensurable with %s, e.g. \"1 %s\"", unit, unit);
    cJSON_AddStringToObject(str, "description", d);
    cJSON_AddItemToArray(any, str);
    cJSON *q = cJSON_CreateObject();
    cJSON_AddStringToObject(q, "type", "object");
    cJSON_AddStringToObject(q, "description", "a FHIR Quantity");
    cJSON *qp = cJSON_AddObjectToObject(q, "properties");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(qp, "value"), "type", "number");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(qp, "unit"), "type", "string");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(qp, "system"), "type", "string");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(qp, "code"), "type", "string");
    cJSON_AddItemToObject(q, "required", cJSON_CreateStringArray((const char *[]){"value"}, 1));
    cJSON_AddFalseToObject(q, "additionalProperties");
    cJSON_AddItemToArray(any, q);
    cJSON *nul = cJSON_CreateObject();
    cJSON_AddStringToObject(nul, "type", "null");
    cJSON_AddItemToArray(any, nul);
    cJSON_AddItemToObject(s, "anyOf", any);
  } else if (!strcmp(type, "code")) {
    cJSON *e = cJSON_Duplicate(cJSON_GetObjectItem(f, "values"), 1);
    cJSON_AddItemToArray(e, cJSON_CreateNull());
    cJSON_AddItemToObject(s, "enum", e);
  } else if (!strcmp(type, "codes")) {
    cJSON_AddItemToObject(s, "type", cJSON_CreateStringArray((const char *[]){"array", "null"}, 2));
    cJSON *items = cJSON_AddObjectToObject(s, "items");
    cJSON_AddItemToObject(items, "enum", cJSON_Duplicate(cJSON_GetObjectItem(f, "values"), 1));
    cJSON_AddTrueToObject(s, "uniqueItems");
  } else {
    cJSON_AddItemToObject(s, "type", cJSON_CreateStringArray((const char *[]){"string", "null"}, 2));
  }
  return s;
}

/* The template: the pack's input facts as a fact file, nested by group like
** the JSON Schema, every value null (unknown).  It loads as it is. */
static void template_level(const cJSON *facts, const char *prefix, int depth) {
  size_t plen = strlen(prefix);
  int first = 1;
  const cJSON *f;
  /* each name once, in declaration order: a fact, or a group seen first here */
  cJSON *done = cJSON_CreateObject();
  cJSON_ArrayForEach(f, facts) {
    const char *name = s_of(f, "name");
    if (cJSON_IsTrue(cJSON_GetObjectItem(f, "computed")) || strncmp(name, prefix, plen)) continue;
    const char *rest = name + plen, *dot = strchr(rest, '.');
    char seg[256];
    snprintf(seg, sizeof seg, "%.*s", (int)(dot ? dot - rest : (long)strlen(rest)), rest);
    if (cJSON_GetObjectItem(done, seg)) continue;
    cJSON_AddTrueToObject(done, seg);
    out_printf("%s\n%*s\"%s\": ", first ? "" : ",", 2 * depth, "", seg);
    first = 0;
    if (dot) {
      char sub[600];
      snprintf(sub, sizeof sub, "%s%s.", prefix, seg);
      out_puts("{");
      template_level(facts, sub, depth + 1);
      out_printf("\n%*s}", 2 * depth, "");
    } else {
      out_puts("null");
    }
  }
  cJSON_Delete(done);
}

/* --describe: what each fact means and what it accepts, for the person who
** fills in the template. */
static void describe_facts(const cJSON *d) {
  out_printf("Facts of pack %s %s. Leave a fact null (or out) when it is not known: unknown is\n"
         "never read as no, and the result says which missing facts would decide what.\n",
         s_of(d, "id"), s_of(d, "version"));
  const cJSON *f;
  cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "facts")) {
    if (cJSON_IsTrue(cJSON_GetObjectItem(f, "computed"))) continue;
    const char *type = s_of(f, "type"), *unit = s_of(f, "unit");
    out_printf("\n%s  (", s_of(f, "name"));
    if (!strcmp(type, "boolean")) out_puts("true or false");
    else if (!strcmp(type, "quantity")) out_printf("a quantity such as \"<number> %s\"; a bare number is in %s", unit, unit);
    else if (!strcmp(type, "number")) out_puts("a number");
    else if (!strcmp(type, "string")) out_puts("text");
    else {
      char v[1500] = "";
      join_strings(cJSON_GetObjectItem(f, "values"), v, sizeof v, ", ");
      out_printf("%s: %s", !strcmp(type, "code") ? "one of" : "a list of", v);
    }
    const cJSON *range = cJSON_GetObjectItem(f, "range");
    if (cJSON_IsArray(range))
      out_printf("; plausible %g to %g%s%s", cJSON_GetArrayItem(range, 0)->valuedouble,
             cJSON_GetArrayItem(range, 1)->valuedouble, unit ? " " : "", unit ? unit : "");
    if (s_of(f, "default")) out_printf("; when absent: %s", s_of(f, "default"));
    out_puts(")\n");
    if (s_of(f, "description")) out_printf("    %s\n", s_of(f, "description"));
  }
}

int cmd_facts(int argc, char **argv) {
  static const char usage[] = "usage: medrule facts [--template | --describe] [PACK]...\n";
  cli_packs packs = {0};
  int template = 0, describe_only = 0;
  for (int i = 1; i < argc; i++) {
    int took = cli_pack_option(&packs, argc, argv, &i);
    if (took < 0) return EXIT_USAGE;
    if (took) continue;
    if (!strcmp(argv[i], "--template")) template = 1;
    else if (!strcmp(argv[i], "--describe")) describe_only = 1;
    else if (!strcmp(argv[i], "--help")) {
      out_puts(usage);
      return 0;
    } else if (argv[i][0] == '-') {
      cli_error("facts: unknown option '%s'", argv[i]);
      fputs(usage, stderr);
      return EXIT_USAGE;
    } else if (cli_pack_add(&packs, argv[i])) return EXIT_USAGE;
  }
  if (template && describe_only) {
    cli_error("facts: --template and --describe go separately");
    return EXIT_USAGE;
  }
  medrule_pack *p;
  cJSON *d = describe(&packs, &p);
  if (!d) return EXIT_LOAD_FAILED;
  const cJSON *f;
  if (template) {
    out_puts("{");
    template_level(cJSON_GetObjectItem(d, "facts"), "", 1);
    out_puts("\n}\n");
  } else if (describe_only) {
    describe_facts(d);
  } else {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "$schema", "https://json-schema.org/draft/2020-12/schema");
    char title[600];
    snprintf(title, sizeof title, "Fact file for medrule pack %s %s", s_of(d, "id"), s_of(d, "version"));
    cJSON_AddStringToObject(root, "title", title);
    cJSON_AddStringToObject(root, "type", "object");
    cJSON_AddItemToObject(root, "properties", cJSON_CreateObject());
    cJSON_AddFalseToObject(root, "additionalProperties");
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(d, "facts")) {
      if (cJSON_IsTrue(cJSON_GetObjectItem(f, "computed"))) continue;
      char leaf[256];
      cJSON *props = group_schema(root, s_of(f, "name"), leaf, sizeof leaf);
      cJSON_AddItemToObject(props, leaf, fact_schema(f));
    }
    char *s = cJSON_Print(root);
    if (s) {
      out_puts(s);
      out_putc('\n');
    } else {
      out_fail(ENOMEM);
    }
    free(s);
    cJSON_Delete(root);
  }
  cJSON_Delete(d);
  medrule_pack_close(p);
  return 0;
}
