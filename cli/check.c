/* check.c — `medrule check`: evaluate fact files and print the results
** (the options here; the batch itself in batch.c). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* The number in -j N: 1 or more, else 0. */
static int parse_jobs(const char *s) {
  char *end;
  errno = 0;
  long n = strtol(s, &end, 10);
  if (errno || end == s || *end || n < 1 || n > 1024 || s[0] == '-' || s[0] == '+' || s[0] == ' ') return 0;
  return (int)n;
}

/* Without -j: every online core when the output is a batch for a program
** (json, cards or screen, not to a terminal), else one.  One as well for a pack
** with a Lua-function condition: its time-limit strikes are counted per
** evaluator, so after a timeout which patients skip the rule would depend
** on which thread took which record. */
static int default_jobs(int fmt, const medrule_pack *pack) {
  if (fmt == MEDRULE_FORMAT_TEXT || isatty(STDOUT_FILENO)) return 1;
  for (int r = 0; r < medrule_pack_rule_count(pack); r++)
    if (medrule_rule_is_function(pack, r)) return 1;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* The inputs' total size when every one is a regular file (the ETA of the
** progress line); 0 when it cannot be known. */
static unsigned long long input_size(char **files, int n) {
  unsigned long long total = 0;
  for (int i = 0; i < n; i++) {
    struct stat st;
    if (!strcmp(files[i], "-") || stat(files[i], &st) || !S_ISREG(st.st_mode)) return 0;
    total += (unsigned long long)st.st_size;
  }
  return total;
}

static const char CHECK_USAGE[] =
  "usage: medrule check [--pack DIR]... [--format text|json|cards|screen|html] [--explain] [--allow-extra]\n"
  "                     [--color auto|always|never] [-j N] [--summary]\n"
  "                     [--input facts|fhir] [--as-of DATE] [--site FILE] [--complete LIST] FILE...\n";

static const char CHECK_HELP[] =
  "  -j, --jobs N  evaluate with N threads; the output is the same bytes for every N.\n"
  "                Default: the number of online cores when --format is json, cards or\n"
  "                screen and standard output is not a terminal and no rule is a Lua\n"
  "                function, else 1.  --explain uses 1.\n"
  "  --format screen\n"
  "                one JSON line per patient for screening: the disposition and rule ids\n"
  "                (reasons, fired, unknown), missing facts, warnings; none of the pack's\n"
  "                text, which joins on the rule id (medrule doc --format json)\n"
  "  --format html  one self-contained, printable HTML report (no script, nothing\n"
  "                loaded from elsewhere), a section per patient\n"
  "  --summary     end with counts by disposition, recommendation and missing fact\n"
  "                (one {\"summary\": ...} line under json, cards and screen, a table under text)\n"
  "  --input fhir  read FHIR R4 Bundles (a .json file, NDJSON of bundles, '-' stdin)\n"
  "                through the pack's mapping (fhir.lua, or its vocabulary's); docs/fhir.md\n"
  "  --as-of DATE  compute age as of DATE (YYYY-MM-DD); default Bundle.timestamp\n"
  "  --site FILE   site.* and staff.* facts from a fact file (not patient data)\n"
  "  --complete LIST  problems,medications,allergies: what the bundle does not list\n"
  "                there is absent (each such assumption is a warning)\n";

int cmd_check(int argc, char **argv) {
  const char *format = "text", *color = "auto";
  cli_packs packs = {0};
  const char *jobs_arg = NULL;
  int explain = 0, allow_extra = 0, nfiles = 0, want_summary = 0;
  batch_config cfg;
  memset(&cfg, 0, sizeof cfg);
  const char *site_file = NULL;
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
    if ((took = cli_fhir_option(&cfg, &site_file, argc, argv, &i)) != 0) {
      if (took > 0) continue;
      fputs(CHECK_USAGE, stderr);
      free(files);
      return EXIT_USAGE;
    }
    if (!strcmp(a, "--format") && i + 1 < argc) format = argv[++i];
    else if (!strncmp(a, "--format=", 9)) format = a + 9;
    else if (!strcmp(a, "--color") && i + 1 < argc) color = argv[++i];
    else if (!strncmp(a, "--color=", 8)) color = a + 8;
    else if ((!strcmp(a, "-j") || !strcmp(a, "--jobs")) && i + 1 < argc) jobs_arg = argv[++i];
    else if (!strncmp(a, "--jobs=", 7)) jobs_arg = a + 7;
    else if (!strncmp(a, "-j", 2) && a[2]) jobs_arg = a + 2;
    else if (!strcmp(a, "--summary")) want_summary = 1;
    else if (!strcmp(a, "--explain")) explain = 1;
    else if (!strcmp(a, "--allow-extra")) allow_extra = 1;
    else if (!strcmp(a, "--help")) {
      out_puts(CHECK_USAGE);
      out_puts(CHECK_HELP);
      free(files);
      return 0;
    } else if (a[0] == '-' && a[1]) {
      if (!strcmp(a, "--format") || !strcmp(a, "--color") || !strcmp(a, "-j") || !strcmp(a, "--jobs"))
        cli_error("check: %s needs a value", a);
      else
        cli_error("check: unknown option '%s'", a);
      fputs(CHECK_USAGE, stderr);
      free(files);
      return EXIT_USAGE;
    } else files[nfiles++] = argv[i];
  }
  int fmt = !strcmp(format, "json") ? MEDRULE_FORMAT_JSON : !strcmp(format, "text") ? MEDRULE_FORMAT_TEXT
          : !strcmp(format, "cards") ? MEDRULE_FORMAT_CARDS : !strcmp(format, "screen") ? MEDRULE_FORMAT_SCREEN
          : !strcmp(format, "html") ? CLI_FORMAT_HTML : -1;
  if (fmt < 0 || nfiles == 0 || (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never"))) {
    if (fmt < 0) cli_error("check: --format must be text, json, cards, screen or html, not '%s'", format);
    else if (nfiles == 0) cli_error("check: no fact file given ('-' reads NDJSON from stdin)");
    else cli_error("check: --color must be auto, always or never");
    fputs(CHECK_USAGE, stderr);
    free(files);
    return EXIT_USAGE;
  }
  int jobs = jobs_arg ? parse_jobs(jobs_arg) : 1;
  if (!jobs) {
    cli_error("check: -j needs a number of threads, 1 or more (up to 1024), not '%s'", jobs_arg);
    fputs(CHECK_USAGE, stderr);
    free(files);
    return EXIT_USAGE;
  }
  if (want_summary && fmt == CLI_FORMAT_HTML) {
    cli_error("check: --summary goes with text, json or cards, not html");
    free(files);
    return EXIT_USAGE;
  }
  if (explain && fmt != MEDRULE_FORMAT_TEXT) {
    cli_error("check: --explain goes with --format text");
    free(files);
    return EXIT_USAGE;
  }
  cfg.render.size = sizeof cfg.render;
  cfg.render.format = fmt;
  cfg.render.width = cli_text_width(stdout);
  cfg.explain = explain;
  cfg.load_flags = allow_extra ? MEDRULE_ALLOW_EXTRA : 0;
  cfg.jobs = explain ? 1 : jobs;
  cfg.summary = want_summary;
  cfg.total_bytes = input_size(files, nfiles);
  cfg.progress = 1; /* not while someone types the records on the terminal */
  for (int i = 0; i < nfiles; i++)
    if (!strcmp(files[i], "-") && isatty(STDIN_FILENO)) cfg.progress = 0;
  if (fmt == MEDRULE_FORMAT_TEXT && cli_use_color(color, stdout)) {
    cfg.render.flags |= MEDRULE_RENDER_COLOR;
    cfg.explain_color = 1;
  }
  medrule_pack *pack = cli_open_packs(&packs);
  if (!pack) {
    free(files);
    return EXIT_LOAD_FAILED;
  }
  cfg.pack = pack;
  int fhir_rc = cli_fhir_prepare(&cfg, site_file, pack);
  if (fhir_rc) {
    if (fhir_rc == -2) fputs(CHECK_USAGE, stderr);
    medrule_pack_close(pack);
    free(files);
    return fhir_rc == -2 ? EXIT_USAGE : EXIT_LOAD_FAILED;
  }
  if (!jobs_arg && !explain) cfg.jobs = default_jobs(fmt, pack);
  batch *b = batch_new(&cfg);
  unsigned long failed = 1;
  if (b) {
    if (fmt == CLI_FORMAT_HTML) cli_html_head(pack);
    cli_on_wait(batch_drain, b);
    for (int i = 0; i < nfiles && !out_failed(); i++) batch_read(b, files[i]);
    cli_on_wait(NULL, NULL);
    failed = batch_finish(b);
    if (fmt == CLI_FORMAT_HTML) cli_html_foot(pack);
    batch_free(b);
  }
  medrule_facts_free((medrule_facts *)cfg.fhir_opts.site);
  medrule_pack_close(pack);
  free(files);
  return failed ? EXIT_LOAD_FAILED : EXIT_EVALUATED;
}
