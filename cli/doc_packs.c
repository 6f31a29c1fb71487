/* doc_packs.c — `medrule doc --pack A --pack B ...`: the packs side by side,
** one row per shared topic (the question its rules answer) and one column
** per pack, each cell the pack's positions with their evidence in the
** pack's own scale: the page a clinician wants of the whole literature. */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli.h"

/* The topics of the packs, sorted, each once. */
static int topics_of(const medrule_pack *p, const char ***out) {
  int n = 0, nr = medrule_pack_rule_count(p);
  const char **t = calloc((size_t)nr + 1, sizeof *t);
  if (!t) return -1;
  for (int r = 0; r < nr; r++) {
    const char *topic = medrule_rule_info(p, r, MEDRULE_RULE_TOPIC);
    if (!topic) continue;
    int at = 0;
    while (at < n && strcmp(t[at], topic) < 0) at++;
    if (at < n && !strcmp(t[at], topic)) continue;
    memmove(t + at + 1, t + at, (size_t)(n - at) * sizeof *t);
    t[at] = topic;
    n++;
  }
  *out = t;
  return n;
}

/* "level II", "grade C, low certainty" or "ungraded", for rule r. */
static void evidence(const medrule_pack *p, int r, char *buf, size_t size) {
  const char *g = medrule_rule_info(p, r, MEDRULE_RULE_GRADE), *c = medrule_rule_info(p, r, MEDRULE_RULE_CERTAINTY);
  const char *word = medrule_pack_info(p, medrule_rule_pack(p, r), MEDRULE_PACK_GRADE_WORD);
  if (!g && !c) snprintf(buf, size, "ungraded");
  else if (c) snprintf(buf, size, "%s %s, %s certainty", word, g ? g : "none", c);
  else snprintf(buf, size, "%s %s", word, g);
}

/* Markdown table text: no line breaks, '|' escaped. */
static void md_cell_text(const char *s) {
  for (; *s; s++) {
    if (*s == '|') out_puts("\\|");
    else if (*s == '\n') out_putc(' ');
    else out_putc(*s);
  }
}

/* Pack k's positions on `topic`, each (position, evidence) once, in rule order. */
static void cell(const medrule_pack *p, int k, const char *topic, cJSON *json_list) {
  int nr = medrule_pack_rule_count(p), shown = 0;
  for (int r = 0; r < nr; r++) {
    const char *t = medrule_rule_info(p, r, MEDRULE_RULE_TOPIC);
    if (!t || strcmp(t, topic) || medrule_rule_pack(p, r) != k) continue;
    const char *pos = medrule_rule_info(p, r, MEDRULE_RULE_POSITION);
    char ev[200], prev_ev[200];
    evidence(p, r, ev, sizeof ev);
    int seen = 0;
    for (int q = 0; q < r && !seen; q++) {
      const char *tq = medrule_rule_info(p, q, MEDRULE_RULE_TOPIC);
      if (!tq || strcmp(tq, topic) || medrule_rule_pack(p, q) != k) continue;
      evidence(p, q, prev_ev, sizeof prev_ev);
      seen = !strcmp(medrule_rule_info(p, q, MEDRULE_RULE_POSITION), pos) && !strcmp(prev_ev, ev);
    }
    if (seen) continue;
    if (json_list) {
      cJSON *s = cJSON_CreateObject();
      cJSON_AddStringToObject(s, "position", pos);
      cJSON_AddStringToObject(s, "evidence", ev);
      cJSON_AddStringToObject(s, "rule", medrule_pack_rule_id(p, r));
      cJSON_AddItemToArray(json_list, s);
    } else {
      if (shown) out_puts("; ");
      md_cell_text(pos);
      out_puts(" (");
      md_cell_text(ev);
      out_puts(")");
    }
    shown++;
  }
  if (!shown && !json_list) out_puts("—");
}

int cli_doc_side_by_side(const medrule_pack *p, int json) {
  const char **topics = NULL;
  int nt = topics_of(p, &topics), np = medrule_pack_count(p);
  if (nt < 0) {
    cli_error("out of memory");
    return EXIT_LOAD_FAILED;
  }
  if (json) {
    cJSON *doc = cJSON_CreateObject(), *packs = cJSON_AddArrayToObject(doc, "packs");
    cJSON *rows = cJSON_AddArrayToObject(doc, "topics");
    for (int k = 0; k < np; k++) {
      cJSON *o = cJSON_CreateObject();
      cJSON_AddStringToObject(o, "id", medrule_pack_info(p, k, MEDRULE_PACK_ID));
      cJSON_AddStringToObject(o, "document", medrule_pack_info(p, k, MEDRULE_PACK_DOCUMENT));
      cJSON_AddStringToObject(o, "scale", medrule_pack_info(p, k, MEDRULE_PACK_SCALE));
      cJSON_AddBoolToObject(o, "primary", k == 0);
      cJSON_AddItemToArray(packs, o);
    }
    for (int i = 0; i < nt; i++) {
      cJSON *row = cJSON_CreateObject(), *by = cJSON_CreateObject();
      const char *q = medrule_topic_question(p, topics[i]);
      cJSON_AddStringToObject(row, "topic", topics[i]);
      if (q) cJSON_AddStringToObject(row, "question", q);
      else cJSON_AddNullToObject(row, "question");
      for (int k = 0; k < np; k++) {
        cJSON *list = cJSON_CreateArray();
        cell(p, k, topics[i], list);
        cJSON_AddItemToObject(by, medrule_pack_info(p, k, MEDRULE_PACK_ID), list);
      }
      cJSON_AddItemToObject(row, "packs", by);
      cJSON_AddItemToArray(rows, row);
    }
    char *s = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!s) {
      free(topics);
      cli_error("out of memory");
      return EXIT_LOAD_FAILED;
    }
    out_puts(s);
    out_putc('\n');
    free(s);
    free(topics);
    return 0;
  }
  out_puts("# The sources side by side\n\n");
  out_puts("Each row is a question several sources answer (its topic id in brackets); each column one source, "
           "its answer and the evidence for it in that source's own scale, never translated. A dash: the "
           "source does not answer it. Generated by `medrule doc` from the packs:\n\n");
  for (int k = 0; k < np; k++) {
    out_printf("%d. **%s** %s: ", k + 1, medrule_pack_info(p, k, MEDRULE_PACK_ID),
               medrule_pack_info(p, k, MEDRULE_PACK_VERSION));
    md_cell_text(medrule_pack_info(p, k, MEDRULE_PACK_DOCUMENT));
    out_puts("; evidence scale: ");
    md_cell_text(medrule_pack_info(p, k, MEDRULE_PACK_SCALE));
    out_puts(k == 0 ? " (primary: it alone sets a patient's disposition)\n" : "\n");
  }
  out_puts("\n| Question |");
  for (int k = 0; k < np; k++) {
    out_putc(' ');
    md_cell_text(medrule_pack_info(p, k, MEDRULE_PACK_DOCUMENT));
    out_puts(" |");
  }
  out_puts("\n|---|");
  for (int k = 0; k < np; k++) out_puts("---|");
  out_putc('\n');
  for (int i = 0; i < nt; i++) {
    const char *q = medrule_topic_question(p, topics[i]);
    out_puts("| ");
    if (q) {
      md_cell_text(q);
      out_puts(" ");
    }
    out_printf("[`%s`] |", topics[i]);
    for (int k = 0; k < np; k++) {
      out_putc(' ');
      cell(p, k, topics[i], NULL);
      out_puts(" |");
    }
    out_putc('\n');
  }
  free(topics);
  return 0;
}
