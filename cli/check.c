/* check.c — `medrule check`: evaluate fact files and print the results. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct check {
  medrule_pack *pack;
  medrule_facts *facts;
  medrule_evaluator *ev;
  medrule_result *result;
  medrule_render_options render;
  int explain, explain_color;
  unsigned load_flags;
  int failed, records;
} check;

/* --explain: every rule of the pack, after the result. */
static int explain_all(check *c) {
  out_puts("\nExplanation: every rule\n");
  int status = MEDRULE_OK;
  for (int r = 0; r < medrule_pack_rule_count(c->pack) && !out_failed(); r++) {
    char *text = NULL;
    int rc = medrule_explain_rule(c->ev, c->facts, r, c->explain_color ? MEDRULE_EXPLAIN_COLOR : 0, &text);
    if (text) out_puts(text);
    medrule_free(text);
    if (rc != MEDRULE_OK && status == MEDRULE_OK) status = rc;
  }
  return status == MEDRULE_RUNTIME ? MEDRULE_OK : status; /* RUNTIME: a warning in the result says what failed */
}

/* One error record in JSON output keeps the output aligned with the input:
** record N of the input is line N of the output. */
static void json_error(const char *source, const char *msg) {
  out_puts("{\"contract\":1,\"patient\":{\"id\":null,\"source\":");
  out_json_str(source);
  out_puts("},\"error\":");
  out_json_str(msg);
  out_puts("}\n");
}

/* Returns nonzero to stop reading: output that cannot be written is not
** worth computing. */
static int on_record(void *ctx, const char *text, size_t len, const char *source, unsigned line,
                     const char *error) {
  check *c = ctx;
  c->records++;
  char *where = NULL;
  const char *msg = error;
  if (text) {
    int rc = medrule_facts_load_json(c->facts, text, len, source, line, c->load_flags);
    if (rc == MEDRULE_OK) {
      rc = medrule_evaluate(c->ev, c->facts, c->result);
      if (rc == MEDRULE_OK || rc == MEDRULE_RUNTIME) {
        const char *out;
        size_t n;
        if (c->render.format == MEDRULE_FORMAT_TEXT && c->records > 1) out_putc('\n');
        int rr = medrule_result_render(c->result, &c->render, &out, &n);
        if (rr == MEDRULE_OK) {
          out_write(out, n);
          if (c->explain) rr = explain_all(c);
        }
        if (rr == MEDRULE_OK) return out_failed();
        rc = rr;
      }
      msg = medrule_errstr(rc);
    } else {
      msg = medrule_facts_errmsg(c->facts);
    }
  } else if ((where = malloc(strlen(source) + strlen(error) + 3))) { /* the reader's errors name no source */
    sprintf(where, "%s: %s", source, error);
    msg = where;
  }
  out_flush(); /* the results before it first, then the message */
  cli_error("%s", msg);
  if (c->render.format != MEDRULE_FORMAT_TEXT) json_error(source, msg);
  free(where);
  c->failed++;
  return out_failed();
}

static const char CHECK_USAGE[] =
  "usage: medrule check [--pack DIR]... [--format text|json|cards] [--explain] [--allow-extra]\n"
  "                     [--color auto|always|never] FILE...\n";

int cmd_check(int argc, char **argv) {
  const char *format = "text", *color = "auto";
  cli_packs packs = {0};
  int explain = 0, allow_extra = 0, nfiles = 0;
  char **files = calloc((size_t)argc + 1, sizeof *files);
  if (!files) return EXIT_LOAD_FAILED;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int took = cli_pack_option(&packs, argc, argv, &i);
    if (took < 0) {
      free(files);
      return EXIT_USAGE;
    }
    if (took) continue;
    if (!strcmp(a, "--format") && i + 1 < argc) format = argv[++i];
    else if (!strncmp(a, "--format=", 9)) format = a + 9;
    else if (!strcmp(a, "--color") && i + 1 < argc) color = argv[++i];
    else if (!strncmp(a, "--color=", 8)) color = a + 8;
    else if (!strcmp(a, "--explain")) explain = 1;
    else if (!strcmp(a, "--allow-extra")) allow_extra = 1;
    else if (!strcmp(a, "--help")) {
      out_puts(CHECK_USAGE);
      free(files);
      return 0;
    } else if (a[0] == '-' && a[1]) {
      if (!strcmp(a, "--format") || !strcmp(a, "--color"))
        cli_error("check: %s needs a value", a);
      else
        cli_error("check: unknown option '%s'", a);
      fputs(CHECK_USAGE, stderr);
      free(files);
      return EXIT_USAGE;
    } else files[nfiles++] = argv[i];
  }
  int fmt = !strcmp(format, "json") ? MEDRULE_FORMAT_JSON : !strcmp(format, "text") ? MEDRULE_FORMAT_TEXT
          : !strcmp(format, "cards") ? MEDRULE_FORMAT_CARDS : -1;
  if (fmt < 0 || nfiles == 0 || (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never"))) {
    if (fmt < 0) cli_error("check: --format must be text, json or cards, not '%s'", format);
    else if (nfiles == 0) cli_error("check: no fact file given ('-' reads NDJSON from stdin)");
    else cli_error("check: --color must be auto, always or never");
    fputs(CHECK_USAGE, stderr);
    free(files);
    return EXIT_USAGE;
  }
  if (explain && fmt != MEDRULE_FORMAT_TEXT) {
    cli_error("check: --explain goes with --format text");
    free(files);
    return EXIT_USAGE;
  }
  check c;
  memset(&c, 0, sizeof c);
  c.render.size = sizeof c.render;
  c.render.format = fmt;
  c.render.width = cli_text_width(stdout);
  c.explain = explain;
  c.load_flags = allow_extra ? MEDRULE_ALLOW_EXTRA : 0;
  if (fmt == MEDRULE_FORMAT_TEXT && cli_use_color(color, stdout)) {
    c.render.flags |= MEDRULE_RENDER_COLOR;
    c.explain_color = 1;
  }
  c.pack = cli_open_packs(&packs);
  if (!c.pack) {
    free(files);
    return EXIT_LOAD_FAILED;
  }
  char *err = NULL;
  c.facts = medrule_facts_new(c.pack);
  c.ev = medrule_evaluator_new(c.pack, &err);
  c.result = medrule_result_new();
  if (!c.facts || !c.ev || !c.result) {
    cli_error("%s", err ? err : "out of memory");
    medrule_free(err);
    c.failed = 1;
    goto done;
  }
  for (int i = 0; i < nfiles && !out_failed(); i++) cli_read_records(files[i], on_record, &c);
  /* A Lua condition that kept hitting its time limit was skipped for the
  ** rest of the batch: say so once, at the end. */
  out_flush();
  for (int r = 0; r < medrule_pack_rule_count(c.pack); r++) {
    unsigned timeouts;
    unsigned long skipped;
    medrule_evaluator_rule_timeouts(c.ev, r, &timeouts, &skipped);
    if (skipped)
      cli_error("rule %s: its Lua condition exceeded the time limit %u times and was not called for the remaining "
                "%lu patient%s", medrule_pack_rule_id(c.pack, r), timeouts, skipped, skipped == 1 ? "" : "s");
  }
done:
  medrule_result_free(c.result);
  medrule_evaluator_free(c.ev);
  medrule_facts_free(c.facts);
  medrule_pack_close(c.pack);
  free(files);
  return c.failed ? EXIT_LOAD_FAILED : EXIT_EVALUATED;
}
