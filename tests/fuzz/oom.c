/* oom.c — the allocation-failure test.
**
** Part 1: for N = 0, 1, 2, ... every engine allocation from the N-th on
** fails (mr_fail_after = N) across one whole use of the API: open the pack,
** load a fact file, set a fact, make an evaluator, evaluate, render in every
** format, explain, describe.  Each step must either succeed or fail the
** documented way (MEDRULE_NOMEM / NULL, and a message, when there is one,
** that says "out of memory"); a pass in which every step succeeds must
** produce exactly the output of an undisturbed pass.  N runs until one pass
** more than the allocations a whole pass makes.
**
** Part 2: the same with the Lua memory limit (medrule_pack_options.memory_limit)
** shrunk from tiny upwards until the pack loads: each failure must be
** MEDRULE_LIMIT or MEDRULE_NOMEM with a message saying "memory limit" or
** "out of memory".
**
** Nothing may crash; built with ASan (make oom-test, or make check through
** tests/bad-input/run.sh) nothing may leak either.
**
**   oomtest PACK_DIR        exit 0 when every check held, 1 otherwise */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "medrule.h"

/* Renders with the given format and flags (the options struct, filled in). */
static int render(medrule_result *r, int format, unsigned flags, const char **out, size_t *len) {
  medrule_render_options o = {sizeof o, format, flags, 0};
  return medrule_result_render(r, &o, out, len);
}

extern long mr_fail_after; /* engine/src/util.c */

static const char PATIENT[] =
  "{\"patient\":{\"id\":\"oom-1\",\"weight\":\"80 kg\",\"age\":\"42 a\",\"pregnant\":false},"
  "\"pain\":{\"conditions\":[\"crps\",\"other\"]},\"history\":{\"liver_disease\":\"moderate\"},"
  "\"plan\":{\"bolus\":\"20 mg\",\"infusion_rate\":\"7 ug/kg/min\",\"infusion_duration\":\"4 h\"},"
  "\"response\":{\"pain_before\":8,\"pain_after\":3}}";

static int failures;
static const char *mode;
static long current;

/* Reports a broken check.  In a child (report_fd >= 0) the report goes to the
** parent through a pipe, "step TAB message" per line; the parent prints the
** first few of each kind, with N. */
static int report_fd = -1;

static void report(const char *step, const char *msg) {
  static struct { char step[64]; int count; } kinds[32];
  int k = 0;
  while (k < 31 && kinds[k].step[0] && strcmp(kinds[k].step, step)) k++;
  snprintf(kinds[k].step, sizeof kinds[k].step, "%s", step);
  if (kinds[k].count++ < 3) printf("oomtest: %s = %ld: %s: %s\n", mode, current, step, msg);
  else if (kinds[k].count == 4) printf("oomtest: %s: more of these not shown\n", step);
  failures++;
}

static void bad(const char *step, const char *fmt, const char *detail) {
  char msg[600], line[700];
  snprintf(msg, sizeof msg, fmt, detail ? detail : "(null)");
  for (char *c = msg; *c; c++)
    if (*c == '\n' || *c == '\t') *c = ' ';
  if (report_fd < 0) {
    report(step, msg);
    return;
  }
  int n = snprintf(line, sizeof line, "%s\t%s\n", step, msg);
  if (write(report_fd, line, (size_t)n) != n) abort();
  failures++;
}

static int says_oom(const char *msg) {
  return msg == NULL || strstr(msg, "out of memory") != NULL || strstr(msg, "memory limit") != NULL;
}

/* One whole use of the API.  Returns 1 when every step succeeded (and then
** *out is the concatenated output, malloc'd), 0 when a step failed properly. */
static int pass(const char *dir, const medrule_pack_options *opts, char **out, int limit_mode) {
  medrule_pack *pack = NULL;
  medrule_facts *facts = NULL;
  medrule_evaluator *ev = NULL;
  medrule_result *res = NULL;
  char *err = NULL, *text = NULL;
  size_t cap = 1 << 16, len = 0;
  char *buf = NULL;
  int ok = 0, rc;
#define WANT_STATUS(step, rc) \
  (rc == MEDRULE_NOMEM || (limit_mode && rc == MEDRULE_LIMIT))
  rc = medrule_pack_open(dir, opts, &pack, &err);
  if (rc != MEDRULE_OK) {
    if (!WANT_STATUS("pack_open", rc)) {
      char what[200];
      snprintf(what, sizeof what, "status '%s' (want '%s'), message '%%s'", medrule_errstr(rc),
               medrule_errstr(MEDRULE_NOMEM));
      bad("medrule_pack_open", what, err);
    }
    if (!says_oom(err)) bad("medrule_pack_open", "message '%s'", err);
    if (pack) bad("medrule_pack_open", "%s", "failed but returned a pack");
    goto done;
  }
  if (err) bad("medrule_pack_open", "message after success: %s", err);
  facts = medrule_facts_new(pack);
  if (!facts) goto done;
  rc = medrule_facts_load_json(facts, PATIENT, strlen(PATIENT), "oom.json", 1, 0);
  if (rc != MEDRULE_OK) {
    if (rc != MEDRULE_NOMEM && !(rc == MEDRULE_INPUT && says_oom(medrule_facts_errmsg(facts))))
      bad("medrule_facts_load_json", "wrong error: %s", medrule_facts_errmsg(facts));
    goto done;
  }
  rc = medrule_facts_set(facts, "patient.pregnant", "false");
  if (rc != MEDRULE_OK) {
    if (rc != MEDRULE_NOMEM && !says_oom(medrule_facts_errmsg(facts)))
      bad("medrule_facts_set", "wrong error: %s", medrule_facts_errmsg(facts));
    goto done;
  }
  medrule_free(err);
  err = NULL;
  ev = medrule_evaluator_new(pack, &err);
  if (!ev) {
    if (!says_oom(err)) bad("medrule_evaluator_new", "message '%s'", err);
    goto done;
  }
  res = medrule_result_new();
  if (!res) goto done;
  rc = medrule_evaluate(ev, facts, res);
  if (rc != MEDRULE_OK) {
    /* a Lua-function condition that ran out of its memory limit is a runtime
    ** failure: its rule is unknown and a warning says why.  That is a proper
    ** failure of this pass, not an output to compare with the undisturbed one. */
    if (!(limit_mode && rc == MEDRULE_RUNTIME) && rc != MEDRULE_NOMEM)
      bad("medrule_evaluate", "status %s", medrule_errstr(rc));
    goto done;
  }
  buf = malloc(cap);
  if (!buf) abort();
  for (int fmt = 0; fmt < 3; fmt++) {
    const char *o;
    size_t n;
    rc = render(res, fmt, 0, &o, &n);
    if (rc != MEDRULE_OK) {
      /* explaining runs Lua-function conditions again: at a tight limit they may fail */
      if (rc != MEDRULE_NOMEM && !(limit_mode && rc == MEDRULE_RUNTIME))
        bad("medrule_result_render", "status %s", medrule_errstr(rc));
      goto done;
    }
    while (len + n + 1 > cap) {
      buf = realloc(buf, cap *= 2);
      if (!buf) abort();
    }
    memcpy(buf + len, o, n);
    len += n;
  }
  for (int r = 0; r < medrule_pack_rule_count(pack); r++) {
    rc = medrule_explain_rule(ev, facts, r, r & 1, &text);
    if (rc != MEDRULE_OK) {
      if (rc != MEDRULE_NOMEM && !(limit_mode && rc == MEDRULE_RUNTIME))
        bad("medrule_explain_rule", "status %s", medrule_errstr(rc));
      if (text && rc == MEDRULE_NOMEM) bad("medrule_explain_rule", "%s", "failed but returned text");
      goto done;
    }
    size_t n = strlen(text);
    while (len + n + 1 > cap) {
      buf = realloc(buf, cap *= 2);
      if (!buf) abort();
    }
    memcpy(buf + len, text, n);
    len += n;
    medrule_free(text);
    text = NULL;
  }
  rc = medrule_pack_describe_json(pack, &text);
  if (rc != MEDRULE_OK) {
    if (rc != MEDRULE_NOMEM) bad("medrule_pack_describe_json", "status %s", medrule_errstr(rc));
    goto done;
  }
  buf[len] = 0;
  ok = 1;
done:
  medrule_free(text);
  medrule_free(err);
  medrule_result_free(res);
  medrule_evaluator_free(ev);
  medrule_facts_free(facts);
  medrule_pack_close(pack);
  if (ok) *out = buf;
  else free(buf);
  return ok;
}

/* Runs one pass in a child process, so that a crash is reported and the
** test goes on; under ASan the child's exit also runs the leak check.
** Returns 1 when the pass succeeded, 0 when it failed properly; counts
** everything else in `failures`. */
static const char *ref;

static int run(const char *dir, long fail_after, size_t memory_limit) {
  int fds[2];
  fflush(stdout);
  fflush(stderr);
  if (pipe(fds)) {
    perror("pipe");
    exit(2);
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    exit(2);
  }
  if (pid == 0) {
    close(fds[0]);
    report_fd = fds[1];
    failures = 0;
    medrule_pack_options opts;
    memset(&opts, 0, sizeof opts);
    opts.memory_limit = memory_limit;
    char *out = NULL;
    mr_fail_after = fail_after;
    int ok = pass(dir, memory_limit ? &opts : NULL, &out, memory_limit != 0);
    mr_fail_after = -1;
    if (ok && strcmp(out, ref) != 0) {
      size_t at = 0;
      while (out[at] && out[at] == ref[at]) at++;
      size_t from = at > 30 ? at - 30 : 0;
      char diff[300];
      snprintf(diff, sizeof diff, "...%.60s... instead of ...%.60s...", out + from, ref + from);
      bad("output", "every step succeeded but the output differs from the undisturbed pass: %s", diff);
    }
    free(out);
    exit(failures ? 3 : ok ? 0 : 1);
  }
  close(fds[1]);
  FILE *in = fdopen(fds[0], "r");
  char line[800];
  while (in && fgets(line, sizeof line, in)) {
    char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    if (tab) *tab++ = 0;
    report(line, tab ? tab : "");
  }
  if (in) fclose(in);
  int st;
  if (waitpid(pid, &st, 0) < 0) {
    perror("waitpid");
    exit(2);
  }
  if (WIFSIGNALED(st)) {
    char sig[32];
    snprintf(sig, sizeof sig, "%d", WTERMSIG(st));
    bad("crash", "killed by signal %s", sig);
    return 0;
  }
  int code = WEXITSTATUS(st);
  if (code == 0 || code == 1 || code == 3) return code == 0;
  char c[32];
  snprintf(c, sizeof c, "%d", code);
  bad("exit", "exit status %s (23: LeakSanitizer found a leak)", c);
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fputs("usage: oomtest PACK_DIR\n", stderr);
    return 2;
  }
  const char *dir = argv[1];
  char *reference = NULL;
  mode = "reference";
  /* an undisturbed pass, counting the allocations it makes */
  mr_fail_after = LONG_MAX / 2;
  if (!pass(dir, NULL, &reference, 0)) {
    fprintf(stderr, "oomtest: the undisturbed pass failed\n");
    return 1;
  }
  long total = LONG_MAX / 2 - mr_fail_after;
  mr_fail_after = -1;
  ref = reference;

  mode = "mr_fail_after";
  long succeeded = 0;
  for (current = 0; current <= total + 1; current++) succeeded += run(dir, current, 0);
  printf("oomtest: failing every allocation from the N-th on, N = 0..%ld: %ld failed, %ld succeeded\n", total + 1,
         total + 2 - succeeded, succeeded);
  if (succeeded == 0) bad("final", "%s", "no pass succeeded");

  mode = "memory_limit";
  /* 1 KiB steps up to the smallest limit that works, then 64-byte steps over
  ** the 16 KiB below it, where the load runs out of memory late. */
  long tries = 0, works = 0;
  for (current = 1024; current <= (64L << 20); current += 1024) {
    tries++;
    if (run(dir, -1, (size_t)current)) {
      works = current;
      break;
    }
  }
  if (works) {
    for (current = works - 16384 > 0 ? works - 16384 : 64; current < works; current += 64) {
      tries++;
      run(dir, -1, (size_t)current);
    }
    printf("oomtest: Lua memory limit: %ld limits tried; the pack loads and evaluates from %ld bytes\n", tries,
           works);
  } else {
    bad("memory_limit", "%s", "no pass succeeded below 64 MiB");
  }
  free(reference);
  if (failures) {
    printf("oomtest: %d check%s failed\n", failures, failures == 1 ? "" : "s");
    return 1;
  }
  printf("oomtest: ok\n");
  return 0;
}
