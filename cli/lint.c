/* lint.c — `medrule lint`: static checks of a rule pack, for authors and CI.
**
** A pack that fails to load is one "load" finding (undeclared facts and
** codes, grades outside the scale and the like are load errors, with their
** file, line and column).  A pack that loads is checked by
** medrule_pack_lint.  Text output is one line per finding,
**   FILE:LINE[:COL]: SEVERITY: [CHECK] rule ID: MESSAGE (hint: HINT)
** and a summary line; JSON output is the array of findings.  The exit status
** is 1 when there is an error finding, 0 otherwise, 2 for wrong usage. */
#include <cjson/cJSON.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char LINT_USAGE[] = "usage: medrule lint [--format text|json] [--sources DIR] [--pack DIR]... [PACK]...\n";

/* A hint for a load error, from what it says. */
static const char *load_hint(const char *msg) {
  if (strstr(msg, "is not a declared fact"))
    return "declare the fact with fact { \"name\", type = ... }, or correct the name";
  if (strstr(msg, "is not a code of"))
    return "use one of the fact's declared codes, or add the code to the fact's values";
  if (strstr(msg, "evidence scale"))
    return "use a grade or certainty from pack { evidence = ... } exactly as the source states it, or false "
           "for a statement the source does not grade";
  if (strstr(msg, "is not one of the pack's categories"))
    return "use one of the contract's categories, or declare it in pack { categories = { ... } }";
  if (strstr(msg, "cannot open")) return "check the path: a pack is a directory holding pack.lua";
  return "fix the pack so that it loads; lint analyses only packs that load";
}

/* Reports a pack that failed to load as one error finding.  The message is
** "FILE:LINE[:COL]: [rule ID: ]TEXT[\n context lines]", escaped for display
** first: it names files, which may hold any byte. */
static int report_load_error(const char *msg, int json) {
  char *m = cli_display(msg ? msg : "the pack failed to load", 1);
  if (!m) {
    cli_error("out of memory");
    return EXIT_LOAD_FAILED;
  }
  char *context = strchr(m, '\n');
  if (context) *context++ = 0;
  const char *file = NULL, *text = m;
  long line = 0, col = 0;
  /* the location: the first ".lua:" followed by a line number */
  for (char *q = strstr(m, ".lua:"); q; q = strstr(q + 1, ".lua:")) {
    char *end;
    long l = strtol(q + 5, &end, 10);
    if (end == q + 5 || l <= 0) continue;
    if (*end == ':' && end[1] >= '0' && end[1] <= '9') col = strtol(end + 1, &end, 10);
    if (*end != ':') continue;
    q[4] = 0;
    file = m;
    line = l;
    text = end + 1;
    while (*text == ' ') text++;
    break;
  }
  if (!file) { /* "DIR/pack.lua: message" or a bare message */
    char *q = strstr(m, ".lua: ");
    if (q) {
      q[4] = 0;
      file = m;
      text = q + 6;
    }
  }
  char *rule = NULL;
  if (!strncmp(text, "rule ", 5)) {
    const char *id = text + 5, *colon = strstr(id, ": ");
    if (colon && !memchr(id, ' ', (size_t)(colon - id))) {
      rule = strndup(id, (size_t)(colon - id));
      text = colon + 2;
    }
  }
  const char *hint = load_hint(text);
  if (json) {
    out_puts("[\n{\"severity\":\"error\",\"check\":\"load\",\"file\":");
    out_json_str(file);
    out_printf(",\"line\":%ld,\"column\":%ld,\"rule\":", line, col);
    out_json_str(rule);
    out_puts(",\"message\":");
    out_json_str(text);
    out_puts(",\"hint\":");
    out_json_str(hint);
    out_puts("}\n]\n");
  } else {
    if (file) {
      out_printf("%s:", file);
      if (line > 0) out_printf("%ld:", line);
      if (col > 0) out_printf("%ld:", col);
      out_putc(' ');
    }
    out_puts("error: [load] ");
    if (rule) out_printf("rule %s: ", rule);
    out_printf("%s (hint: %s)\n", text, hint);
    if (context) out_printf("%s\n", context);
    out_puts("1 error, 0 warnings\n");
  }
  free(rule);
  free(m);
  return EXIT_LOAD_FAILED;
}

static const char *s_of(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int i_of(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsNumber(v) ? v->valueint : 0;
}

/* Prints the findings as text; returns the number of errors. */
int cli_lint_print_text(const char *json) {
  cJSON *a = cJSON_Parse(json);
  if (!cJSON_IsArray(a)) {
    cJSON_Delete(a);
    cli_error("out of memory");
    return -1;
  }
  int errors = 0, warnings = 0, infos = 0;
  const cJSON *f;
  cJSON_ArrayForEach(f, a) {
    const char *sev = s_of(f, "severity"), *rule = s_of(f, "rule"), *hint = s_of(f, "hint");
    int line = i_of(f, "line"), col = i_of(f, "column");
    if (!sev) continue;
    if (!strcmp(sev, "error")) errors++;
    else if (!strcmp(sev, "warning")) warnings++;
    else infos++;
    out_printable(s_of(f, "file") ? s_of(f, "file") : "?");
    out_putc(':');
    if (line > 0) out_printf("%d:", line);
    if (line > 0 && col > 0) out_printf("%d:", col);
    out_printf(" %s: [%s] ", sev, s_of(f, "check") ? s_of(f, "check") : "?");
    if (rule) out_printf("rule %s: ", rule);
    out_printable(s_of(f, "message") ? s_of(f, "message") : "");
    if (hint && *hint) out_printf(" (hint: %s)", hint);
    out_putc('\n');
  }
  out_printf("%d error%s, %d warning%s", errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
  if (infos) out_printf(", %d info", infos);
  out_putc('\n');
  cJSON_Delete(a);
  return errors;
}

static int count_errors(const char *json) {
  int n = 0;
  for (const char *q = json; (q = strstr(q, "{\"severity\":\"error\"")); q++) n++;
  return n;
}

int cmd_lint(int argc, char **argv) {
  const char *format = "text", *sources = NULL, *pack_dir = NULL;
  cli_packs packs = {0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int took = cli_pack_option(&packs, argc, argv, &i);
    if (took < 0) return EXIT_USAGE;
    if (took) continue;
    if (!strcmp(a, "--format") && i + 1 < argc) format = argv[++i];
    else if (!strncmp(a, "--format=", 9)) format = a + 9;
    else if (!strcmp(a, "--sources") && i + 1 < argc) sources = argv[++i];
    else if (!strncmp(a, "--sources=", 10)) sources = a + 10;
    else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      out_puts(LINT_USAGE);
      return 0;
    } else if (a[0] == '-' && a[1]) {
      cli_error("lint: unknown option '%s'", a);
      fputs(LINT_USAGE, stderr);
      return EXIT_USAGE;
    } else if (cli_pack_add(&packs, a)) return EXIT_USAGE;
  }
  pack_dir = packs.n ? packs.dirs[0] : NULL;
  int json = !strcmp(format, "json");
  if (!json && strcmp(format, "text")) {
    cli_error("lint: --format is text or json, not '%s'", format);
    return EXIT_USAGE;
  }
  if (packs.n > 1) return cli_lint_several(&packs, sources, json);
  char *dir = pack_dir ? strdup(pack_dir) : cli_default_pack();
  if (!dir) {
    cli_error("out of memory");
    return EXIT_LOAD_FAILED;
  }
  medrule_pack *p = NULL;
  char *err = NULL;
  int rc = medrule_pack_open(dir, NULL, &p, &err);
  if (rc != MEDRULE_OK) {
    int st = report_load_error(err ? err : medrule_errstr(rc), json);
    if (access(dir, R_OK) != 0) cli_error("no pack at '%s'", dir);
    medrule_free(err);
    free(dir);
    return st;
  }
  free(dir);
  char *out = NULL;
  rc = medrule_pack_lint(p, sources, &out);
  int status = 0;
  if (rc != MEDRULE_OK) {
    cli_error("lint: %s", medrule_errstr(rc));
    status = EXIT_LOAD_FAILED;
  } else if (json) {
    out_puts(out);
    status = count_errors(out) > 0;
  } else {
    int errors = cli_lint_print_text(out);
    status = errors != 0;
  }
  medrule_free(out);
  medrule_pack_close(p);
  return status;
}
