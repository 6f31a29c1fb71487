/* main.c — the medrule command: dispatch, usage, and the default pack. */
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "strbuf.h"

#ifndef MEDRULE_PACKS_DIR
#define MEDRULE_PACKS_DIR "/usr/local/share/medrule/packs"
#endif
#define DEFAULT_PACK "asra-ketamine-2018"

static const char USAGE[] =
  "usage: medrule <command> [options] ...\n"
  "\n"
  "Evaluate patient facts against a rule pack of graded, cited recommendations.\n"
  "\n"
  "commands:\n"
  "  check [--pack DIR]... [--format text|json|cards|screen|html] [--explain] [--allow-extra]\n"
  "        [--color auto|always|never] [-j N] [--summary] FILE...\n"
  "                                              evaluate fact files ('-' = NDJSON on stdin)\n"
  "  check --input fhir [--as-of DATE] [--site FILE] [--complete LIST] BUNDLE...\n"
  "                                              evaluate FHIR R4 Bundles (docs/fhir.md)\n"
  "  test [--coverage] [--format text|json] [--tests DIR] [PACK]...\n"
  "                                              run golden test patients\n"
  "  lint [--format text|json] [--sources DIR] [PACK]...   static checks of packs\n"
  "  why RULE FILE, why-not RULE FILE            the sub-conditions that decided a rule\n"
  "  what-if FILE --set FACT=VALUE ...           evaluate again with changed facts\n"
  "  missing FILE                                facts to collect next, most useful first\n"
  "  doc [--format md|html|json] [PACK]...       the pack document; several: side by side\n"
  "  facts [--template] [PACK]...                the fact vocabulary as JSON Schema\n"
  "  serve [--pack DIR]... [--port N] [--bind ADDR] [--site FILE]\n"
  "                                              CDS Hooks 2.0 service and the clinic's page\n"
  "\n"
  "options:\n"
  "  --pack DIR   rule pack directory (default: the installed " DEFAULT_PACK " pack); give it\n"
  "               again for several packs: the first sets the disposition, the others inform\n"
  "  --help, --version\n"
  "\n"
  "exit status: 0 evaluated (whatever the disposition), 1 a fact file or pack failed to\n"
  "load, 2 wrong usage.  See medrule(1).\n";

/* s escaped for display; with keep_lines, line by line, the breaks kept. */
static void escape(strbuf *b, const char *s, int keep_lines) {
  for (const char *line = s, *nl; line; line = nl ? nl + 1 : NULL) {
    nl = keep_lines ? strchr(line, '\n') : NULL;
    sb_put_printablen(b, line, nl ? (size_t)(nl - line) : strlen(line));
    if (nl) sb_putc(b, '\n');
  }
}

/* "medrule: " and the message, escaped, on stderr in one write. */
static void put_error(const char *msg, int keep_lines) {
  strbuf b;
  sb_init(&b);
  sb_puts(&b, "medrule: ");
  escape(&b, msg, keep_lines);
  sb_putc(&b, '\n');
  fputs(b.oom ? "medrule: out of memory\n" : b.data, stderr);
  sb_free(&b);
}

void cli_error(const char *fmt, ...) {
  char tmp[2048], *msg = tmp;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n >= (int)sizeof tmp && (msg = malloc((size_t)n + 1))) {
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  put_error(n < 0 ? "(a message that could not be formatted)" : msg ? msg : tmp, 0);
  if (msg != tmp) free(msg);
}

void cli_error_lines(const char *msg) { put_error(msg, 1); }

char *cli_display(const char *s, int keep_lines) {
  strbuf b;
  sb_init(&b);
  escape(&b, s, keep_lines);
  return sb_steal(&b);
}

int cli_use_color(const char *mode, FILE *stream) {
  if (mode && strcmp(mode, "always") == 0) return 1;
  if (mode && strcmp(mode, "never") == 0) return 0;
  const char *term = getenv("TERM");
  return isatty(fileno(stream)) && !getenv("NO_COLOR") && !(term && strcmp(term, "dumb") == 0);
}

int cli_text_width(FILE *stream) {
  struct winsize ws;
  if (isatty(fileno(stream)) && ioctl(fileno(stream), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) return ws.ws_col;
  return 80;
}

/* The default pack: $MEDRULE_PACK, then ../rules/ next to the program (a
** build tree), then ../share/medrule/packs/ next to it (an install, even a
** staged or moved one), then the installed packs directory. */
char *cli_default_pack(void) {
  const char *env = getenv("MEDRULE_PACK");
  if (env && *env) return strdup(env);
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = 0;
      char path[PATH_MAX + 64];
      snprintf(path, sizeof path, "%s/../rules/%s", exe, DEFAULT_PACK); /* a build tree */
      if (access(path, R_OK) == 0) return strdup(path);
      snprintf(path, sizeof path, "%s/../share/medrule/packs/%s", exe, DEFAULT_PACK); /* an install, moved */
      if (access(path, R_OK) == 0) return strdup(path);
    }
  }
  return strdup(MEDRULE_PACKS_DIR "/" DEFAULT_PACK);
}

int cli_pack_add(cli_packs *ps, const char *dir) {
  if (ps->n == CLI_MAX_PACKS) {
    cli_error("at most %d packs at once", CLI_MAX_PACKS);
    return -1;
  }
  ps->dirs[ps->n++] = dir;
  return 0;
}

int cli_pack_option(cli_packs *ps, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  if (!strncmp(a, "--pack=", 7)) return cli_pack_add(ps, a + 7) ? -1 : 1;
  if (strcmp(a, "--pack")) return 0;
  if (*i + 1 >= argc) {
    cli_error("--pack needs a directory");
    return -1;
  }
  return cli_pack_add(ps, argv[++*i]) ? -1 : 1;
}

medrule_pack *cli_open_packs(const cli_packs *ps) {
  char *fallback = NULL;
  const char *one[1];
  const char *const *dirs = ps->dirs;
  int n = ps->n;
  if (n == 0) {
    if (!(fallback = cli_default_pack())) {
      cli_error("out of memory");
      return NULL;
    }
    one[0] = fallback;
    dirs = one;
    n = 1;
  }
  medrule_pack *p = NULL;
  char *err = NULL;
  int rc = medrule_pack_open_many(dirs, n, NULL, &p, &err);
  if (rc != MEDRULE_OK) {
    cli_error_lines(err ? err : medrule_errstr(rc));
    for (int k = 0; k < n; k++)
      if (access(dirs[k], R_OK) != 0) cli_error("no pack at '%s' (use --pack DIR)", dirs[k]);
  }
  medrule_free(err);
  free(fallback);
  return p;
}

static int run(int argc, char **argv) {
  if (argc < 2) {
    fputs(USAGE, stderr);
    return EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    out_puts(USAGE);
    return 0;
  }
  if (!strcmp(cmd, "--version")) {
    out_printf("medrule %s (contract %d)\n", MEDRULE_VERSION, MEDRULE_CONTRACT);
    return 0;
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } CMDS[] = {{"check", cmd_check}, {"test", cmd_test}, {"lint", cmd_lint}, {"why", cmd_why},
              {"why-not", cmd_why}, {"what-if", cmd_what_if}, {"missing", cmd_missing},
              {"doc", cmd_doc}, {"facts", cmd_facts}, {"serve", cmd_serve}};
  for (size_t i = 0; i < sizeof CMDS / sizeof CMDS[0]; i++)
    if (!strcmp(cmd, CMDS[i].name)) return CMDS[i].fn(argc - 1, argv + 1);
  cli_error("unknown command '%s' (see medrule --help)", cmd);
  return EXIT_USAGE;
}

int main(int argc, char **argv) {
  out_init();
  return out_finish(run(argc, argv)); /* a failed write or flush is a failure */
}
