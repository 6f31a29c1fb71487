/* lint_packs.c — `medrule lint --pack A --pack B ...`: each pack's own
** findings, then what concerns the packs together: whether they load
** together at all (a fact declared differently, a rule id used twice), a
** topic only one pack uses (no other pack answers it: a misspelt or private
** id compares with nothing) and a topic no pack gives a question for. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"

static void add_finding(cJSON *all, const char *severity, const char *check, const char *file, const char *rule,
                        const char *message, const char *hint) {
  cJSON *f = cJSON_CreateObject();
  if (!f) return;
  cJSON_AddStringToObject(f, "severity", severity);
  cJSON_AddStringToObject(f, "check", check);
  cJSON_AddStringToObject(f, "file", file);
  cJSON_AddNumberToObject(f, "line", 0);
  cJSON_AddNumberToObject(f, "column", 0);
  if (rule) cJSON_AddStringToObject(f, "rule", rule);
  else cJSON_AddNullToObject(f, "rule");
  cJSON_AddStringToObject(f, "message", message);
  cJSON_AddStringToObject(f, "hint", hint);
  cJSON_AddItemToArray(all, f);
}

/* Each pack alone: its findings, or its load error as one. */
static void lint_each(const cli_packs *ps, const char *sources, cJSON *all) {
  for (int k = 0; k < ps->n; k++) {
    medrule_pack *p = NULL;
    char *err = NULL, *out = NULL;
    int rc = medrule_pack_open(ps->dirs[k], NULL, &p, &err);
    if (rc != MEDRULE_OK) {
      add_finding(all, "error", "load", ps->dirs[k], NULL, err ? err : medrule_errstr(rc),
                  "lint the pack alone for the details");
    } else if (medrule_pack_lint(p, sources, &out) == MEDRULE_OK) {
      cJSON *a = cJSON_Parse(out), *f;
      while (a && (f = cJSON_DetachItemFromArray(a, 0))) cJSON_AddItemToArray(all, f);
      cJSON_Delete(a);
    }
    medrule_free(out);
    medrule_free(err);
    medrule_pack_close(p);
  }
}

/* The topics of the packs loaded together: used by one pack only, or with
** no question. */
static void lint_topics(const medrule_pack *p, cJSON *all) {
  int n = medrule_pack_rule_count(p);
  for (int r = 0; r < n; r++) {
    const char *topic = medrule_rule_info(p, r, MEDRULE_RULE_TOPIC);
    if (!topic) continue;
    int first = 1, others = 0;
    for (int q = 0; q < n; q++) {
      const char *t = medrule_rule_info(p, q, MEDRULE_RULE_TOPIC);
      if (!t || strcmp(t, topic)) continue;
      if (q < r) first = 0;
      if (medrule_rule_pack(p, q) != medrule_rule_pack(p, r)) others = 1;
    }
    if (!first) continue; /* one finding per topic */
    char msg[600], file[1200];
    snprintf(file, sizeof file, "%s/%s", medrule_pack_info(p, medrule_rule_pack(p, r), MEDRULE_PACK_DIR),
             medrule_rule_info(p, r, MEDRULE_RULE_FILE) ? medrule_rule_info(p, r, MEDRULE_RULE_FILE) : "?");
    if (!others) {
      snprintf(msg, sizeof msg, "topic %s is used by pack %s only: no other pack loaded answers it", topic,
               medrule_rule_info(p, r, MEDRULE_RULE_PACK));
      add_finding(all, "warning", "topic-alone", file, medrule_pack_rule_id(p, r), msg,
                  "if another pack answers the same question under another id, use one id for both");
    }
    if (!medrule_topic_question(p, topic)) {
      snprintf(msg, sizeof msg, "topic %s has no question: no pack declares it in pack { topics = ... }", topic);
      add_finding(all, "info", "topic-question", file, medrule_pack_rule_id(p, r), msg,
                  "declare { \"topic\", \"the question it answers\" } in a pack's topics");
    }
  }
}

int cli_lint_several(const cli_packs *ps, const char *sources, int json) {
  cJSON *all = cJSON_CreateArray();
  if (!all) {
    cli_error("out of memory");
    return EXIT_LOAD_FAILED;
  }
  lint_each(ps, sources, all);
  medrule_pack *p = NULL;
  char *err = NULL;
  int rc = medrule_pack_open_many(ps->dirs, ps->n, NULL, &p, &err);
  if (rc != MEDRULE_OK)
    add_finding(all, "error", "packs-together", ps->dirs[0], NULL, err ? err : medrule_errstr(rc),
                "a fact named the same in several packs must be declared the same way in each");
  else
    lint_topics(p, all);
  medrule_free(err);
  medrule_pack_close(p);
  char *text = cJSON_PrintUnformatted(all);
  cJSON_Delete(all);
  if (!text) {
    cli_error("out of memory");
    return EXIT_LOAD_FAILED;
  }
  int errors = json ? (out_puts(text), out_putc('\n'), strstr(text, "\"severity\":\"error\"") != NULL)
                    : cli_lint_print_text(text);
  free(text);
  return errors != 0;
}
