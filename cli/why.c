/* why.c — questions about one patient: why a rule fired (why), why it did
** not (why-not), what changes if some facts change (what-if), and which facts
** to collect next (missing). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct session {
  medrule_pack *pack;
  medrule_facts *facts;
  medrule_evaluator *ev;
  medrule_result *result;
} session;

static void session_close(session *s) {
  medrule_result_free(s->result);
  medrule_evaluator_free(s->ev);
  medrule_facts_free(s->facts);
  medrule_pack_close(s->pack);
}

/* Opens the pack and loads one fact file (JSON object, or the first record
** of NDJSON, reading no further); prints the error and returns -1 on failure. */
typedef struct loaded {
  session *s;
  int done, rc;
} loaded;

static int load_one(void *ctx, const char *text, size_t len, const char *source, unsigned line,
                    const char *error) {
  loaded *l = ctx;
  l->done = 1;
  if (!text) {
    cli_error("%s: %s", source, error);
    l->rc = -1;
    return 0;
  }
  if (medrule_facts_load_json(l->s->facts, text, len, source, line, 0) != MEDRULE_OK) {
    cli_error("%s", medrule_facts_errmsg(l->s->facts));
    l->rc = -1;
  }
  return 1; /* the first record is the patient: stop reading */
}

static int session_open(session *s, const cli_packs *packs, const char *file) {
  memset(s, 0, sizeof *s);
  s->pack = cli_open_packs(packs);
  if (!s->pack) return -1;
  char *err = NULL;
  s->facts = medrule_facts_new(s->pack);
  s->ev = medrule_evaluator_new(s->pack, &err);
  s->result = medrule_result_new();
  if (!s->facts || !s->ev || !s->result) {
    cli_error("%s", err ? err : "out of memory");
    medrule_free(err);
    return -1;
  }
  loaded l = {s, 0, 0};
  cli_read_records(file, load_one, &l); /* an empty or unreadable file is reported through load_one */
  if (!l.done || l.rc) return -1;
  int rc = medrule_evaluate(s->ev, s->facts, s->result);
  return rc == MEDRULE_OK || rc == MEDRULE_RUNTIME ? 0 : (cli_error("%s", medrule_errstr(rc)), -1);
}

/* Splits argv into options we know (--pack DIR) and exactly `want`
** positional arguments.  Returns 0, or the exit status: 0 after --help (*done
** set), EXIT_USAGE after saying what is wrong. */
static int positional(int argc, char **argv, cli_packs *packs, char **pos, int want, const char *usage,
                      int *done) {
  int n = 0;
  *done = 0;
  for (int i = 1; i < argc; i++) {
    int took = cli_pack_option(packs, argc, argv, &i);
    if (took < 0) return EXIT_USAGE;
    if (took) continue;
    if (!strcmp(argv[i], "--help")) {
      out_puts(usage);
      *done = 1;
      return 0;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      cli_error("%s: unknown option '%s'", argv[0], argv[i]);
      fputs(usage, stderr);
      return EXIT_USAGE;
    } else if (n < want) pos[n++] = argv[i];
    else {
      cli_error("%s: one argument too many: '%s'", argv[0], argv[i]);
      fputs(usage, stderr);
      return EXIT_USAGE;
    }
  }
  if (n < want) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  return 0;
}

int cmd_why(int argc, char **argv) {
  int why_not = !strcmp(argv[0], "why-not");
  const char *usage = why_not ? "usage: medrule why-not [--pack DIR]... RULE FILE\n" : "usage: medrule why [--pack DIR]... RULE FILE\n";
  cli_packs packs = {0};
  char *pos[2];
  int done, bad = positional(argc, argv, &packs, pos, 2, usage, &done);
  if (bad || done) return bad;
  session s;
  if (session_open(&s, &packs, pos[1])) {
    session_close(&s);
    return EXIT_LOAD_FAILED;
  }
  int r = medrule_pack_rule_index(s.pack, pos[0]);
  if (r < 0) {
    cli_error("%s: no such rule in pack %s", pos[0], medrule_pack_id(s.pack));
    session_close(&s);
    return EXIT_USAGE;
  }
  int st = medrule_result_rule_state(s.result, r);
  if (why_not && st == MEDRULE_FIRED) out_printf("%s fired for this patient; see `medrule why`.\n", pos[0]);
  if (!why_not && st != MEDRULE_FIRED) out_printf("%s did not fire for this patient; see `medrule why-not`.\n", pos[0]);
  char *text = NULL;
  int rc = medrule_explain_rule(s.ev, s.facts, r, 1, &text);
  if (text) out_puts(text + (text[0] == '\n'));
  if (rc == MEDRULE_RUNTIME) cli_error("a Lua-function condition failed while explaining %s", pos[0]);
  medrule_free(text);
  session_close(&s);
  return rc == MEDRULE_OK || rc == MEDRULE_RUNTIME ? EXIT_EVALUATED : EXIT_LOAD_FAILED;
}

/* The recommendation ids and states of a result, for comparing two. */
typedef struct snapshot {
  char disposition[32];
  int n;
  int *state;
} snapshot;

/* Returns -1 when out of memory (reported). */
static int take(snapshot *sn, session *s) {
  snprintf(sn->disposition, sizeof sn->disposition, "%s", medrule_result_disposition(s->result));
  sn->n = medrule_pack_rule_count(s->pack);
  sn->state = malloc((size_t)(sn->n ? sn->n : 1) * sizeof(int));
  if (!sn->state) {
    cli_error("out of memory");
    return -1;
  }
  for (int i = 0; i < sn->n; i++) sn->state[i] = medrule_result_rule_state(s->result, i);
  return 0;
}

static const char *state_word(int s) {
  static const char *const N[] = {"not fired", "fired", "unknown", "does not apply"};
  return s >= 0 && s < 4 ? N[s] : "?";
}

int cmd_what_if(int argc, char **argv) {
  static const char usage[] =
    "usage: medrule what-if [--pack DIR]... [--format text|json] FILE --set FACT=VALUE [--set ...]\n";
  const char *file = NULL, *format = "text";
  cli_packs packs = {0};
  int took;
  char **sets = calloc((size_t)argc, sizeof *sets);
  int nsets = 0;
  if (!sets) return EXIT_LOAD_FAILED;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--set") && i + 1 < argc) sets[nsets++] = argv[++i];
    else if (!strncmp(argv[i], "--set=", 6)) sets[nsets++] = argv[i] + 6;
    else if ((took = cli_pack_option(&packs, argc, argv, &i))) {
      if (took < 0) {
        free(sets);
        return EXIT_USAGE;
      }
    } else if (!strcmp(argv[i], "--format") && i + 1 < argc) format = argv[++i];
    else if (!strcmp(argv[i], "--help")) {
      out_puts(usage);
      free(sets);
      return 0;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      cli_error("what-if: unknown option '%s'", argv[i]);
      free(sets);
      return EXIT_USAGE;
    } else if (!file) file = argv[i];
    else {
      fputs(usage, stderr);
      free(sets);
      return EXIT_USAGE;
    }
  }
  int json = !strcmp(format, "json");
  if (!file || !nsets || (!json && strcmp(format, "text"))) {
    fputs(usage, stderr);
    free(sets);
    return EXIT_USAGE;
  }
  session s;
  if (session_open(&s, &packs, file)) {
    session_close(&s);
    free(sets);
    return EXIT_LOAD_FAILED;
  }
  snapshot before = {0}, after = {0};
  int status = take(&before, &s) ? EXIT_LOAD_FAILED : EXIT_EVALUATED;
  for (int i = 0; status == EXIT_EVALUATED && i < nsets; i++) {
    char *eq = strchr(sets[i], '=');
    if (!eq) {
      cli_error("what-if: --set %s: write FACT=VALUE", sets[i]);
      status = EXIT_USAGE;
      break;
    }
    *eq = 0;
    medrule_facts_set_source(s.facts, "--set"); /* an error is about the value given here, not the file */
    int rc = medrule_facts_set(s.facts, sets[i], eq + 1);
    medrule_facts_set_source(s.facts, file);
    if (rc != MEDRULE_OK) {
      cli_error("what-if: %s", medrule_facts_errmsg(s.facts));
      status = rc == MEDRULE_NOTFOUND ? EXIT_USAGE : EXIT_LOAD_FAILED;
      break;
    }
  }
  if (status == EXIT_EVALUATED) {
    int rc = medrule_evaluate(s.ev, s.facts, s.result);
    if (rc != MEDRULE_OK && rc != MEDRULE_RUNTIME) {
      cli_error("what-if: %s", medrule_errstr(rc));
      status = EXIT_LOAD_FAILED;
    } else if (take(&after, &s)) {
      status = EXIT_LOAD_FAILED;
    }
  }
  if (status == EXIT_EVALUATED) {
    if (json) {
      out_printf("{\"disposition\":{\"before\":\"%s\",\"after\":\"%s\"},\"changes\":[", before.disposition,
                 after.disposition);
      int first = 1;
      for (int i = 0; i < before.n; i++)
        if (before.state[i] != after.state[i]) {
          out_puts(first ? "{\"rule\":" : ",{\"rule\":");
          out_json_str(medrule_pack_rule_id(s.pack, i));
          out_printf(",\"before\":\"%s\",\"after\":\"%s\"}", state_word(before.state[i]), state_word(after.state[i]));
          first = 0;
        }
      out_puts("]}\n");
    } else {
      out_printf("disposition: %s -> %s%s\n", before.disposition, after.disposition,
                 strcmp(before.disposition, after.disposition) ? "" : " (unchanged)");
      int changes = 0;
      for (int i = 0; i < before.n; i++)
        if (before.state[i] != after.state[i]) {
          char sign = after.state[i] == MEDRULE_FIRED ? '+' : before.state[i] == MEDRULE_FIRED ? '-' : '~';
          out_printf("  %c %-50s %s -> %s\n", sign, medrule_pack_rule_id(s.pack, i), state_word(before.state[i]),
                     state_word(after.state[i]));
          changes++;
        }
      if (!changes) out_puts("  no rule changed\n");
    }
  }
  free(after.state);
  free(before.state);
  free(sets);
  session_close(&s);
  return status;
}

typedef struct need {
  const char *fact;
  int bears, settles, stops;
} need;

static int by_usefulness(const void *a, const void *b) {
  const need *x = a, *y = b;
  if (x->settles != y->settles) return y->settles - x->settles;
  if (x->bears != y->bears) return y->bears - x->bears;
  return strcmp(x->fact, y->fact);
}

int cmd_missing(int argc, char **argv) {
  static const char usage[] = "usage: medrule missing [--pack DIR]... FILE\n";
  cli_packs packs = {0};
  char *pos[1];
  int done, bad = positional(argc, argv, &packs, pos, 1, usage, &done);
  if (bad || done) return bad;
  session s;
  if (session_open(&s, &packs, pos[0])) {
    session_close(&s);
    return EXIT_LOAD_FAILED;
  }
  int nm = medrule_result_missing_count(s.result);
  need *needs = calloc((size_t)(nm ? nm : 1), sizeof *needs);
  if (!needs) {
    cli_error("out of memory");
    session_close(&s);
    return EXIT_LOAD_FAILED;
  }
  for (int i = 0; i < nm; i++) needs[i].fact = medrule_result_missing_fact(s.result, i);
  int nu = medrule_result_unknown_count(s.result);
  for (int u = 0; u < nu; u++) {
    int k = medrule_result_unknown_missing_count(s.result, u);
    for (int j = 0; j < k; j++) {
      const char *f = medrule_result_unknown_missing(s.result, u, j);
      for (int i = 0; i < nm; i++)
        if (!strcmp(needs[i].fact, f)) {
          needs[i].bears++;
          needs[i].settles += k == 1; /* the only fact this rule still waits for */
        }
    }
  }
  qsort(needs, (size_t)nm, sizeof *needs, by_usefulness);
  out_printf("disposition now: %s\n", medrule_result_disposition(s.result));
  if (!nm) out_puts("nothing is missing: every rule that applies is decided\n");
  else out_printf("%-44s %8s %8s\n", "collect next", "settles", "bears on");
  for (int i = 0; i < nm; i++) out_printf("%-44s %8d %8d\n", needs[i].fact, needs[i].settles, needs[i].bears);
  if (nm) out_puts("(settles: undecided rules that wait for this fact alone; bears on: undecided rules that need it)\n");
  free(needs);
  session_close(&s);
  return EXIT_EVALUATED;
}
