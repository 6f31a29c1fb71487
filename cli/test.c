/* test.c — `medrule test`: run the golden patients a pack ships in its
** tests/ directory, report pass/fail with a readable difference, and with
** --coverage how often each rule fired, did not fire, was unknown, and which
** outcomes of each sub-condition the tests reached.  Format: docs/testing.md. */
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "cli.h"

typedef struct branch {
  int node, rule, part, depth;
  char *text;
  int seen[3]; /* false, true, unknown */
} branch;

typedef struct tester {
  char *source_text;  /* --sources: the pack's source, whitespace collapsed, for "cite" */
  const char *source_name;
  medrule_pack *pack;
  medrule_facts *facts;
  medrule_evaluator *ev;
  medrule_result *result;
  int json, coverage, passed, failed;
  int (*counts)[4];  /* per rule: not fired, fired, unknown, not applicable */
  branch *branches;
  int nbranches, cap;
  int cur_rule;
} tester;

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static const char *state_name(int s) {
  static const char *const N[] = {"not fired", "fired", "unknown", "not applicable"};
  return s >= 0 && s < 4 ? N[s] : "?";
}

static void on_branch(void *ctx, int node, int part, int depth, const char *text, size_t len, int truth) {
  tester *t = ctx;
  for (int i = 0; i < t->nbranches; i++)
    if (t->branches[i].node == node && t->branches[i].rule == t->cur_rule) {
      t->branches[i].seen[truth]++;
      return;
    }
  if (t->nbranches == t->cap) {
    int cap = t->cap ? t->cap * 2 : 256;
    branch *b = realloc(t->branches, (size_t)cap * sizeof *b);
    if (!b) return;
    t->branches = b;
    t->cap = cap;
  }
  branch *b = &t->branches[t->nbranches++];
  memset(b, 0, sizeof *b);
  b->node = node;
  b->rule = t->cur_rule;
  b->part = part;
  b->depth = depth;
  b->text = strndup(text, len);
  b->seen[truth] = 1;
}

/* Checks that every id in `list` names a rule; reports typos as failures. */
static int rule_of(tester *t, const char *id, cJSON *fails) {
  int i = medrule_pack_rule_index(t->pack, id);
  if (i < 0) {
    char msg[4400];
    snprintf(msg, sizeof msg, "the test names rule '%s', which the pack does not have", id);
    cJSON_AddItemToArray(fails, cJSON_CreateString(msg));
  }
  return i;
}

static void expect_states(tester *t, cJSON *list, int want, const char *verb, cJSON *fails) {
  cJSON *id;
  cJSON_ArrayForEach(id, list) {
    if (!cJSON_IsString(id)) continue;
    int r = rule_of(t, id->valuestring, fails);
    if (r < 0) continue;
    int s = medrule_result_rule_state(t->result, r);
    int ok = want == MEDRULE_NOT_FIRED ? (s == MEDRULE_NOT_FIRED || s == MEDRULE_NOT_APPLICABLE) : s == want;
    if (!ok) {
      char msg[700];
      snprintf(msg, sizeof msg, "expected %s to %s; it was %s", id->valuestring, verb, state_name(s));
      cJSON_AddItemToArray(fails, cJSON_CreateString(msg));
      char *why = NULL;
      if (medrule_explain_rule(t->ev, t->facts, r, 1, &why) == MEDRULE_OK && why) {
        cJSON_AddItemToArray(fails, cJSON_CreateString(why));
      }
      medrule_free(why);
    }
  }
}

/* Runs of whitespace as one space, so that a quote matches across line breaks. */
static char *collapse_ws(const char *s) {
  char *o = malloc(strlen(s) + 1);
  if (!o) return NULL;
  size_t k = 0;
  int pending = 0;
  for (; *s; s++) {
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
      pending = 1;
      continue;
    }
    if (pending && k) o[k++] = ' ';
    pending = 0;
    o[k++] = *s;
  }
  o[k] = 0;
  return o;
}

/* A case's "cite": the sentences of the source it demonstrates, verbatim
** (checked when --sources gives the source text). */
static void check_cites(tester *t, cJSON *cite, cJSON *fails) {
  if (!cite) return;
  int n = cJSON_IsArray(cite) ? cJSON_GetArraySize(cite) : 1;
  for (int i = 0; i < n; i++) {
    cJSON *c = cJSON_IsArray(cite) ? cJSON_GetArrayItem(cite, i) : cite;
    if (!cJSON_IsString(c) || !*c->valuestring) {
      cJSON_AddItemToArray(fails, cJSON_CreateString("\"cite\" is a quote of the source, or a list of them"));
      continue;
    }
    if (!t->source_text) continue;
    char *q = collapse_ws(c->valuestring);
    if (q && !strstr(t->source_text, q)) {
      char m[1200];
      snprintf(m, sizeof m, "cite \"%.300s\" is not verbatim in %s", q, t->source_name);
      cJSON_AddItemToArray(fails, cJSON_CreateString(m));
    }
    free(q);
  }
}

/* "reasons": exactly the rules that set the disposition, in declaration order. */
static void check_reasons(tester *t, cJSON *want, cJSON *fails) {
  if (!want) return;
  char w[4000] = "", got[4000] = "";
  cJSON *e;
  cJSON_ArrayForEach(e, want) {
    if (cJSON_IsString(e)) rule_of(t, e->valuestring, fails);
    snprintf(w + strlen(w), sizeof w - strlen(w), "%s%s", *w ? ", " : "", cJSON_IsString(e) ? e->valuestring : "?");
  }
  for (int i = 0; i < medrule_result_reason_count(t->result); i++)
    snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? ", " : "",
             medrule_pack_rule_id(t->pack, medrule_result_reason_rule(t->result, i)));
  if (!cJSON_IsArray(want) || strcmp(w, got)) {
    char m[8200];
    snprintf(m, sizeof m, "expected disposition reasons [%s], got [%s]", w, got);
    cJSON_AddItemToArray(fails, cJSON_CreateString(m));
  }
}

/* "disagreements" (several packs): exactly these topics, sorted, disagree. */
static void check_disagreements(tester *t, cJSON *want, cJSON *fails) {
  if (!want) return;
  char w[4000] = "", got[4000] = "";
  cJSON *e;
  cJSON_ArrayForEach(e, want)
    snprintf(w + strlen(w), sizeof w - strlen(w), "%s%s", *w ? ", " : "", cJSON_IsString(e) ? e->valuestring : "?");
  for (int i = 0; i < medrule_result_disagreement_count(t->result); i++)
    snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? ", " : "",
             medrule_result_disagreement_topic(t->result, i));
  if (!cJSON_IsArray(want) || strcmp(w, got)) {
    char m[8200];
    snprintf(m, sizeof m, "expected disagreements on [%s], got [%s]", w, got);
    cJSON_AddItemToArray(fails, cJSON_CreateString(m));
  }
}

/* Runs one case; returns its report object. */
static cJSON *run_case(tester *t, cJSON *c, const char *file, int index) {
  cJSON *out = cJSON_CreateObject(), *fails = cJSON_CreateArray();
  cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
  char fallback[64];
  snprintf(fallback, sizeof fallback, "case %d", index + 1);
  cJSON_AddStringToObject(out, "name", cJSON_IsString(name) ? name->valuestring : fallback);
  cJSON_AddStringToObject(out, "file", file);
  cJSON *facts = cJSON_GetObjectItemCaseSensitive(c, "facts");
  cJSON *expect = cJSON_GetObjectItemCaseSensitive(c, "expect");
  if (!cJSON_IsObject(facts) || (expect && !cJSON_IsObject(expect))) {
    cJSON_AddItemToArray(fails, cJSON_CreateString("a case needs \"facts\" (an object) and \"expect\" (an object)"));
    cJSON_AddItemToObject(out, "failures", fails);
    return out;
  }
  for (cJSON *k = c->child; k; k = k->next)
    if (strcmp(k->string, "name") && strcmp(k->string, "cite") && strcmp(k->string, "facts") &&
        strcmp(k->string, "expect")) {
      char msg[300];
      snprintf(msg, sizeof msg, "unknown key '%.200s' (a case has name, cite, facts, expect)", k->string);
      cJSON_AddItemToArray(fails, cJSON_CreateString(msg));
    }
  check_cites(t, cJSON_GetObjectItemCaseSensitive(c, "cite"), fails);
  static const char *const KEYS[] = {"disposition", "fired", "not_fired", "unknown", "silent", "missing_facts",
                                     "only_fired", "error", "reasons", "disagreements"};
  for (cJSON *k = expect ? expect->child : NULL; k; k = k->next) {
    int known = 0;
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) known |= !strcmp(k->string, KEYS[i]);
    if (!known) {
      char msg[300];
      snprintf(msg, sizeof msg, "unknown expectation '%s'", k->string);
      cJSON_AddItemToArray(fails, cJSON_CreateString(msg));
    }
  }
  char *text = cJSON_PrintUnformatted(facts);
  char source[8600];
  snprintf(source, sizeof source, "%s[%d]", file, index);
  int rc = text ? medrule_facts_load_json(t->facts, text, strlen(text), source, 1, 0) : MEDRULE_NOMEM;
  free(text);
  cJSON *err = expect ? cJSON_GetObjectItemCaseSensitive(expect, "error") : NULL;
  if (rc != MEDRULE_OK) {
    const char *msg = medrule_facts_errmsg(t->facts);
    if (!cJSON_IsString(err) || !strstr(msg, err->valuestring)) {
      char m[1500];
      snprintf(m, sizeof m, "the facts did not load: %s", msg);
      cJSON_AddItemToArray(fails, cJSON_CreateString(m));
    }
    cJSON_AddItemToObject(out, "failures", fails);
    return out;
  }
  if (cJSON_IsString(err)) {
    char m[600];
    snprintf(m, sizeof m, "expected the facts to fail to load with '%s'; they loaded", err->valuestring);
    cJSON_AddItemToArray(fails, cJSON_CreateString(m));
  }
  rc = medrule_evaluate(t->ev, t->facts, t->result);
  if (rc != MEDRULE_OK && rc != MEDRULE_RUNTIME) {
    cJSON_AddItemToArray(fails, cJSON_CreateString(medrule_errstr(rc)));
    cJSON_AddItemToObject(out, "failures", fails);
    return out;
  }
  int n = medrule_pack_rule_count(t->pack);
  for (int r = 0; r < n; r++) {
    int s = medrule_result_rule_state(t->result, r);
    if (s >= 0 && s < 4) t->counts[r][s]++;
    if (t->coverage) {
      t->cur_rule = r;
      medrule_trace_rule(t->ev, t->facts, r, on_branch, t);
    }
  }
  if (expect) {
    cJSON *d = cJSON_GetObjectItemCaseSensitive(expect, "disposition");
    const char *got = medrule_result_disposition(t->result);
    if (cJSON_IsString(d) && strcmp(d->valuestring, got)) {
      char m[300];
      snprintf(m, sizeof m, "expected disposition %s, got %s", d->valuestring, got);
      cJSON_AddItemToArray(fails, cJSON_CreateString(m));
    }
    check_reasons(t, cJSON_GetObjectItemCaseSensitive(expect, "reasons"), fails);
    check_disagreements(t, cJSON_GetObjectItemCaseSensitive(expect, "disagreements"), fails);
    expect_states(t, cJSON_GetObjectItemCaseSensitive(expect, "fired"), MEDRULE_FIRED, "fire", fails);
    expect_states(t, cJSON_GetObjectItemCaseSensitive(expect, "not_fired"), MEDRULE_NOT_FIRED, "not fire", fails);
    expect_states(t, cJSON_GetObjectItemCaseSensitive(expect, "unknown"), MEDRULE_UNKNOWN, "be unknown", fails);
    expect_states(t, cJSON_GetObjectItemCaseSensitive(expect, "silent"), MEDRULE_NOT_APPLICABLE,
                  "not apply (say nothing)", fails);
    cJSON *only = cJSON_GetObjectItemCaseSensitive(expect, "only_fired");
    cJSON *fired = cJSON_GetObjectItemCaseSensitive(expect, "fired");
    if (cJSON_IsTrue(only)) {
      for (int i = 0; i < medrule_result_recommendation_count(t->result); i++) {
        const char *id = medrule_result_recommendation_id(t->result, i);
        int listed = 0;
        cJSON *e;
        cJSON_ArrayForEach(e, fired) listed |= cJSON_IsString(e) && !strcmp(e->valuestring, id);
        if (!listed) {
          char m[400];
          snprintf(m, sizeof m, "%s fired but is not in \"fired\" (only_fired is set)", id);
          cJSON_AddItemToArray(fails, cJSON_CreateString(m));
        }
      }
    }
    cJSON *mf = cJSON_GetObjectItemCaseSensitive(expect, "missing_facts");
    if (cJSON_IsArray(mf)) {
      {
        char want[4000] = "", got_s[4000] = "";
        int nw = cJSON_GetArraySize(mf);
        char **w = calloc((size_t)nw + 1, sizeof *w);
        for (int i = 0; w && i < nw; i++) {
          cJSON *e = cJSON_GetArrayItem(mf, i);
          w[i] = cJSON_IsString(e) ? e->valuestring : "";
        }
        if (w) qsort(w, (size_t)nw, sizeof *w, cmp_str);
        for (int i = 0; w && i < nw; i++)
          snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s", i ? ", " : "", w[i]);
        free(w);
        for (int i = 0; i < medrule_result_missing_count(t->result); i++)
          snprintf(got_s + strlen(got_s), sizeof got_s - strlen(got_s), "%s%s", i ? ", " : "",
                   medrule_result_missing_fact(t->result, i));
        if (strcmp(want, got_s)) {
          char m[8300];
          snprintf(m, sizeof m, "expected missing_facts [%s], got [%s]", want, got_s);
          cJSON_AddItemToArray(fails, cJSON_CreateString(m));
        }
      }
    }
  }
  cJSON_AddItemToObject(out, "failures", fails);
  return out;
}

/* Prints a case's result line and its failures, escaped for display. */
static void print_case(cJSON *res, int ok, const char *shown_name) {
  out_puts(ok ? "ok   " : "FAIL ");
  out_printable(cJSON_GetObjectItem(res, "name")->valuestring);
  out_printf("  (%s)\n", shown_name);
  cJSON *f;
  cJSON_ArrayForEach(f, cJSON_GetObjectItem(res, "failures")) {
    char *shown = cli_display(f->valuestring, 1);
    if (!shown) out_fail(ENOMEM);
    for (char *line = shown, *nl; line && *line; line = nl ? nl + 1 : NULL) {
      nl = strchr(line, '\n');
      out_printf("       %.*s\n", (int)(nl ? nl - line : (long)strlen(line)), line);
    }
    free(shown);
  }
}

static int run_file(tester *t, const char *dir, const char *name, cJSON *tests) {
  char path[8500];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  size_t len;
  char *text = cli_read_file(path, &len);
  if (!text) {
    cli_error("%s: %s", path, strerror(errno));
    return -1;
  }
  /* names and messages go into the output: UTF-8 only, and the path as it
  ** is shown everywhere else */
  const uint8_t *bad = u8_check((const uint8_t *)text, len);
  char *shown = cli_display(path, 0), *shown_name = cli_display(name, 0);
  if (bad || !shown || !shown_name) {
    if (bad) {
      unsigned line = 1;
      for (const char *q = text; q < (const char *)bad; q++) line += *q == '\n';
      cli_error("%s:%u: invalid UTF-8 in a test file (test files are UTF-8 text)", path, line);
    } else {
      cli_error("out of memory");
    }
    free(shown);
    free(shown_name);
    free(text);
    return -1;
  }
  const char *end = NULL;
  cJSON *doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
  if (!doc) {
    size_t off = end ? (size_t)(end - text) : 0;
    unsigned line = 1;
    for (size_t i = 0; i < off && i < len; i++) line += text[i] == '\n';
    cli_error("%s:%u: invalid JSON in a test file", path, line);
    free(shown);
    free(shown_name);
    free(text);
    return -1;
  }
  free(text);
  int n = cJSON_IsArray(doc) ? cJSON_GetArraySize(doc) : 1;
  for (int i = 0; i < n && !out_failed(); i++) {
    cJSON *c = cJSON_IsArray(doc) ? cJSON_GetArrayItem(doc, i) : doc;
    cJSON *res = run_case(t, c, shown, i);
    int ok = cJSON_GetArraySize(cJSON_GetObjectItem(res, "failures")) == 0;
    cJSON_AddBoolToObject(res, "ok", ok);
    if (ok) t->passed++;
    else t->failed++;
    if (!t->json) print_case(res, ok, shown_name);
    cJSON_AddItemToArray(tests, res);
  }
  cJSON_Delete(doc);
  free(shown);
  free(shown_name);
  return 0;
}

static void print_coverage(tester *t, cJSON *json_out) {
  int n = medrule_pack_rule_count(t->pack);
  int fired = 0, notf = 0, unk = 0, reached = 0, possible = 0;
  cJSON *rules = cJSON_CreateArray();
  for (int r = 0; r < n; r++) {
    fired += t->counts[r][MEDRULE_FIRED] > 0;
    notf += t->counts[r][MEDRULE_NOT_FIRED] + t->counts[r][MEDRULE_NOT_APPLICABLE] > 0;
    unk += t->counts[r][MEDRULE_UNKNOWN] > 0;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", medrule_pack_rule_id(t->pack, r));
    cJSON_AddNumberToObject(o, "fired", t->counts[r][MEDRULE_FIRED]);
    cJSON_AddNumberToObject(o, "not_fired", t->counts[r][MEDRULE_NOT_FIRED]);
    cJSON_AddNumberToObject(o, "unknown", t->counts[r][MEDRULE_UNKNOWN]);
    cJSON_AddNumberToObject(o, "not_applicable", t->counts[r][MEDRULE_NOT_APPLICABLE]);
    cJSON *bs = cJSON_CreateArray();
    for (int i = 0; i < t->nbranches; i++) {
      branch *b = &t->branches[i];
      if (b->rule != r) continue;
      possible += 2;
      reached += (b->seen[0] > 0) + (b->seen[1] > 0);
      cJSON *bo = cJSON_CreateObject();
      cJSON_AddStringToObject(bo, "condition", b->text);
      cJSON_AddStringToObject(bo, "part", b->part ? "when" : "applies");
      cJSON_AddNumberToObject(bo, "true", b->seen[1]);
      cJSON_AddNumberToObject(bo, "false", b->seen[0]);
      cJSON_AddNumberToObject(bo, "unknown", b->seen[2]);
      cJSON_AddItemToArray(bs, bo);
    }
    cJSON_AddItemToObject(o, "branches", bs);
    cJSON_AddItemToArray(rules, o);
  }
  if (json_out) {
    cJSON *cov = cJSON_CreateObject();
    cJSON_AddItemToObject(cov, "rules", rules);
    cJSON_AddNumberToObject(cov, "branch_outcomes_reached", reached);
    cJSON_AddNumberToObject(cov, "branch_outcomes", possible);
    cJSON_AddItemToObject(json_out, "coverage", cov);
    return;
  }
  out_printf("\ncoverage: %d rules; fired in a test: %d, not fired: %d, unknown: %d; "
         "sub-condition outcomes (true/false) reached: %d of %d\n",
         n, fired, notf, unk, reached, possible);
  out_printf("  %-52s %6s %6s %6s %6s\n", "rule", "fired", "not", "unkn", "n/a");
  for (int r = 0; r < n; r++) {
    out_printf("  %-52s %6d %6d %6d %6d%s\n", medrule_pack_rule_id(t->pack, r), t->counts[r][1], t->counts[r][0],
           t->counts[r][2], t->counts[r][3],
           !t->counts[r][1] ? "  <- never fired" : !(t->counts[r][0] + t->counts[r][3]) ? "  <- never not fired" : "");
    for (int i = 0; i < t->nbranches; i++) {
      branch *b = &t->branches[i];
      if (b->rule != r || (b->seen[0] && b->seen[1])) continue;
      out_printf("      %*s%s never %s: %s\n", b->depth * 2, "", b->part ? "when" : "applies",
             b->seen[0] ? "true" : b->seen[1] ? "false" : "true or false", b->text);
    }
  }
  cJSON_Delete(rules);
}

static const char TEST_USAGE[] =
  "usage: medrule test [--coverage] [--format text|json] [--sources DIR] [--tests DIR] [--pack DIR]... [PACK]\n";

/* --sources: the pack's source text (its pack { source = { file = } }). */
static int load_source(tester *t, const char *dir) {
  char *desc = NULL;
  if (medrule_pack_describe_json(t->pack, &desc) != MEDRULE_OK) return -1;
  cJSON *d = cJSON_Parse(desc);
  medrule_free(desc);
  cJSON *file = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(d, "source"), "file");
  int rc = -1;
  if (!cJSON_IsString(file)) { /* nothing to check cites against: lint says so too */
    cli_error("test: --sources: the pack names no source file; cites are not checked");
    rc = 0;
  } else {
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", dir, file->valuestring);
    size_t len;
    char *raw = cli_read_file(path, &len);
    if (!raw) cli_error("test: --sources: %s: %s", path, strerror(errno));
    t->source_text = raw ? collapse_ws(raw) : NULL;
    t->source_name = t->source_text ? strdup(file->valuestring) : NULL;
    free(raw);
    rc = t->source_text && t->source_name ? 0 : -1;
  }
  cJSON_Delete(d);
  return rc;
}

int cmd_test(int argc, char **argv) {
  const char *format = "text", *sources = NULL, *tests_dir = NULL;
  cli_packs packs = {0};
  tester t;
  memset(&t, 0, sizeof t);
  for (int i = 1; i < argc; i++) {
    int took = cli_pack_option(&packs, argc, argv, &i);
    if (took < 0) return EXIT_USAGE;
    if (took) continue;
    if (!strcmp(argv[i], "--coverage")) t.coverage = 1;
    else if (!strcmp(argv[i], "--format") && i + 1 < argc) format = argv[++i];
    else if (!strcmp(argv[i], "--sources") && i + 1 < argc) sources = argv[++i];
    else if (!strcmp(argv[i], "--tests") && i + 1 < argc) tests_dir = argv[++i];
    else if (!strcmp(argv[i], "--help")) {
      out_puts(TEST_USAGE);
      return 0;
    } else if (argv[i][0] == '-') {
      cli_error("test: unknown option '%s'", argv[i]);
      fputs(TEST_USAGE, stderr);
      return EXIT_USAGE;
    } else if (cli_pack_add(&packs, argv[i])) return EXIT_USAGE;
  }
  if (strcmp(format, "text") && strcmp(format, "json")) {
    cli_error("test: --format must be text or json");
    return EXIT_USAGE;
  }
  t.json = !strcmp(format, "json");
  if (packs.n > 1 && !tests_dir) {
    cli_error("test: with several packs, name their golden cases with --tests DIR (run each pack's own tests with "
              "that pack alone)");
    return EXIT_USAGE;
  }
  t.pack = cli_open_packs(&packs);
  if (!t.pack) return EXIT_LOAD_FAILED;
  if (sources && load_source(&t, sources)) {
    medrule_pack_close(t.pack);
    return EXIT_LOAD_FAILED;
  }
  t.facts = medrule_facts_new(t.pack);
  t.ev = medrule_evaluator_new(t.pack, NULL);
  t.result = medrule_result_new();
  t.counts = calloc((size_t)medrule_pack_rule_count(t.pack) + 1, sizeof *t.counts);
  char dir[4200];
  if (tests_dir) snprintf(dir, sizeof dir, "%s", tests_dir);
  else snprintf(dir, sizeof dir, "%s/tests", medrule_pack_dir(t.pack));
  DIR *d = opendir(dir);
  int status = EXIT_EVALUATED;
  cJSON *report = cJSON_CreateObject(), *tests = cJSON_CreateArray();
  if (!t.facts || !t.ev || !t.result || !t.counts) {
    cli_error("out of memory");
    status = EXIT_LOAD_FAILED;
  } else if (!d) {
    cli_error("test: %s: %s (a pack keeps its golden patients in tests/*.json)", dir, strerror(errno));
    status = EXIT_LOAD_FAILED;
  } else {
    char **names = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
      size_t l = strlen(e->d_name);
      if (l > 5 && !strcmp(e->d_name + l - 5, ".json")) {
        char **nn = realloc(names, (size_t)(n + 1) * sizeof *names);
        if (!nn) break;
        names = nn;
        names[n++] = strdup(e->d_name);
      }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
      if (!out_failed() && run_file(&t, dir, names[i], tests)) status = EXIT_LOAD_FAILED;
      free(names[i]);
    }
    free(names);
    if (n == 0) {
      cli_error("test: no *.json golden cases in %s", dir);
      status = EXIT_LOAD_FAILED;
    }
  }
  if (t.json) {
    cJSON_AddItemToObject(report, "tests", tests);
    cJSON_AddNumberToObject(report, "passed", t.passed);
    cJSON_AddNumberToObject(report, "failed", t.failed);
    if (t.coverage) print_coverage(&t, report);
    char *s = cJSON_PrintUnformatted(report);
    if (s) {
      out_puts(s);
      out_putc('\n');
    } else {
      out_fail(ENOMEM);
    }
    free(s);
  } else {
    cJSON_Delete(tests);
    if (t.coverage) print_coverage(&t, NULL);
    out_printf("%d passed, %d failed\n", t.passed, t.failed);
  }
  cJSON_Delete(report);
  for (int i = 0; i < t.nbranches; i++) free(t.branches[i].text);
  free(t.branches);
  free(t.counts);
  medrule_result_free(t.result);
  medrule_evaluator_free(t.ev);
  medrule_facts_free(t.facts);
  medrule_pack_close(t.pack);
  free(t.source_text);
  free((char *)t.source_name);
  if (t.failed && status == EXIT_EVALUATED) status = EXIT_LOAD_FAILED;
  return status;
}
