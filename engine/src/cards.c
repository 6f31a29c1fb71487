/* cards.c — a result as CDS Hooks 2.0 cards (contract §7): first a card for
** the disposition that lists the rules that set it, then one card per
** recommendation (indicator from its effect; grade, certainty, scale, rule,
** action and effect also as data in `extension`), with several packs a card
** per topic they disagree on, then, when facts are missing, one card listing
** what to collect.  The reader sees everything
** that decided the disposition.  Public API only. */
#include <string.h>

#include "render.h"

/* CDS Hooks: a summary is under 140 characters.  Cut at a character
** boundary and mark the cut. */
static void summary(strbuf *b, const char *s) {
  size_t n = strlen(s);
  if (n < 140) {
    sb_json_str(b, s);
    return;
  }
  size_t cut = 136;
  while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
  strbuf t;
  sb_init(&t);
  sb_add(&t, s, cut);
  sb_puts(&t, "...");
  sb_json_str(b, t.oom ? "" : t.data);
  if (t.oom) b->oom = 1;
  sb_free(&t);
}

static const char *indicator(int effect) {
  return effect == MEDRULE_EFFECT_STOP ? "critical" : effect == MEDRULE_EFFECT_CAUTION ? "warning" : "info";
}

/* The source of a card: a label, with the link of pack k when it has one. */
static void source(strbuf *b, const medrule_pack *p, int k, const char *label, const char *section) {
  sb_puts(b, ",\"source\":{\"label\":");
  strbuf l;
  sb_init(&l);
  sb_puts(&l, label);
  if (section) {
    sb_puts(&l, "; ");
    sb_puts(&l, section);
  }
  sb_json_str(b, l.data ? l.data : "");
  if (l.oom) b->oom = 1;
  sb_free(&l);
  const char *url = medrule_pack_info(p, k, MEDRULE_PACK_URL);
  if (url) {
    sb_puts(b, ",\"url\":");
    sb_json_str(b, url);
  }
  sb_putc(b, '}');
}

static void pack_source(strbuf *b, const medrule_pack *p) {
  strbuf label;
  sb_init(&label);
  sb_printf(&label, "medrule: %s %s", medrule_pack_id(p), medrule_pack_version(p));
  source(b, p, 0, label.data ? label.data : "medrule", NULL);
  if (label.oom) b->oom = 1;
  sb_free(&label);
}

static void disposition_card(strbuf *b, const medrule_result *r) {
  const medrule_pack *p = medrule_result_pack(r);
  static const struct { const char *summary, *indicator, *lead; } D[] = {
    [MEDRULE_PROCEED] = {"Proceed: no finding stops the plan or calls for caution", "info", NULL},
    [MEDRULE_PROCEED_WITH_CAUTION] = {"Proceed with caution", "warning", "These findings call for caution:"},
    [MEDRULE_DO_NOT_PROCEED] = {"Do not proceed", "critical", "These findings stop the plan:"},
    [MEDRULE_INSUFFICIENT_DATA] = {"Insufficient data: collect the missing facts before deciding", "warning",
                                   "Each of these could still stop the plan once its facts are known:"},
  };
  int d = medrule_result_disposition_code(r), n = medrule_result_reason_count(r);
  strbuf s, detail;
  sb_init(&s);
  sb_init(&detail);
  sb_puts(&s, D[d].summary);
  if (n && d != MEDRULE_INSUFFICIENT_DATA) sb_printf(&s, " (%d finding%s)", n, n == 1 ? "" : "s");
  if (D[d].lead) {
    sb_puts(&detail, D[d].lead);
    sb_putc(&detail, '\n');
    for (int i = 0; i < n; i++) {
      sb_puts(&detail, "\n- ");
      sb_puts(&detail, medrule_rule_info(p, medrule_result_reason_rule(r, i), MEDRULE_RULE_TEXT));
    }
  } else {
    sb_puts(&detail, "No rule of the pack stops this plan or calls for caution for this patient.");
  }
  sb_puts(b, "{\"summary\":");
  summary(b, s.data ? s.data : "");
  sb_printf(b, ",\"indicator\":\"%s\",\"detail\":", D[d].indicator);
  sb_json_str(b, detail.data ? detail.data : "");
  if (s.oom || detail.oom) b->oom = 1;
  sb_free(&s);
  sb_free(&detail);
  pack_source(b, p);
  sb_puts(b, ",\"extension\":{\"medrule.disposition\":\"");
  sb_puts(b, medrule_result_disposition(r));
  sb_puts(b, "\",\"medrule.disposition_reasons\":[");
  for (int i = 0; i < n; i++) {
    int rule = medrule_result_reason_rule(r, i);
    sb_puts(b, i ? ",{\"rule\":" : "{\"rule\":");
    sb_json_str(b, medrule_pack_rule_id(p, rule));
    sb_puts(b, medrule_result_rule_state(r, rule) == MEDRULE_FIRED ? ",\"state\":\"fired\",\"effect\":\""
                                                                  : ",\"state\":\"unknown\",\"effect\":\"");
    sb_puts(b, medrule_rule_info(p, rule, MEDRULE_RULE_EFFECT));
    sb_puts(b, "\"}");
  }
  sb_puts(b, "]}}");
}

static void recommendation_card(strbuf *b, const medrule_result *r, int i) {
  const medrule_pack *p = medrule_result_pack(r);
  int rule = medrule_result_recommendation_rule(r, i);
  const char *grade = medrule_rule_info(p, rule, MEDRULE_RULE_GRADE);
  const char *certainty = medrule_rule_info(p, rule, MEDRULE_RULE_CERTAINTY);
  const char *action = medrule_rule_info(p, rule, MEDRULE_RULE_ACTION);
  int effect = medrule_rule_effect(p, rule);
  sb_puts(b, ",{\"summary\":");
  summary(b, medrule_rule_info(p, rule, MEDRULE_RULE_TEXT));
  sb_printf(b, ",\"indicator\":\"%s\",\"detail\":", indicator(effect));
  strbuf d;
  sb_init(&d);
  if (grade || certainty) { /* in the pack's own words: "Grade B", "Level II" */
    const char *word = medrule_pack_info(p, medrule_rule_pack(p, rule), MEDRULE_PACK_GRADE_WORD);
    sb_printf(&d, "**%c%s %s", word[0] >= 'a' && word[0] <= 'z' ? word[0] - 32 : word[0], word + 1,
              grade ? grade : "none");
    if (certainty) sb_printf(&d, ", %s certainty", certainty);
    sb_printf(&d, "** (%s).", medrule_rule_info(p, rule, MEDRULE_RULE_SCALE));
  } else
    sb_puts(&d, "**Ungraded** (the source states no grade).");
  sb_puts(&d, " Action: ");
  for (const char *c = action; *c; c++) sb_putc(&d, *c == '_' ? ' ' : *c);
  if (effect != MEDRULE_EFFECT_NONE) sb_printf(&d, "; effect on the plan: %s", medrule_effect_name(effect));
  sb_puts(&d, ".\n\n");
  sb_puts(&d, medrule_rule_info(p, rule, MEDRULE_RULE_TEXT));
  int n = medrule_result_because_count(r, i);
  if (n) {
    sb_puts(&d, "\n\nBecause:");
    for (int k = 0; k < n; k++) {
      medrule_value v;
      medrule_result_because_value(r, i, k, &v);
      sb_puts(&d, k ? ", " : " ");
      mr_fact_eq(&d, p, medrule_result_because_fact(r, i, k), &v);
    }
    sb_putc(&d, '.');
  }
  sb_printf(&d, "\n\n> %s\n\n%s; %s", medrule_rule_info(p, rule, MEDRULE_RULE_QUOTE),
            medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT), medrule_rule_info(p, rule, MEDRULE_RULE_SECTION));
  sb_json_str(b, d.data ? d.data : "");
  if (d.oom) b->oom = 1;
  sb_free(&d);
  source(b, p, medrule_rule_pack(p, rule), medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT),
         medrule_rule_info(p, rule, MEDRULE_RULE_SECTION));
  static const struct { const char *key; int field; } EXT[] = {
    {"medrule.rule", MEDRULE_RULE_ID},         {"medrule.category", MEDRULE_RULE_CATEGORY},
    {"medrule.action", MEDRULE_RULE_ACTION},   {"medrule.effect", MEDRULE_RULE_EFFECT},
    {"medrule.grade", MEDRULE_RULE_GRADE},     {"medrule.certainty", MEDRULE_RULE_CERTAINTY},
    {"medrule.scale", MEDRULE_RULE_SCALE},     {"medrule.pack", MEDRULE_RULE_PACK},
  };
  /* the pack only when there are several */
  size_t next = sizeof EXT / sizeof EXT[0] - (medrule_pack_count(p) > 1 ? 0 : 1);
  for (size_t k = 0; k < next; k++) {
    sb_puts(b, k ? ",\"" : ",\"extension\":{\"");
    sb_puts(b, EXT[k].key);
    sb_puts(b, "\":");
    sb_json_str(b, medrule_rule_info(p, rule, EXT[k].field));
  }
  sb_puts(b, "}}");
}

/* Several packs: a card per topic they disagree on, every statement in its
** own scale; nothing resolved. */
static void disagreement_card(strbuf *b, const medrule_result *r, int i) {
  const medrule_pack *p = medrule_result_pack(r);
  const char *topic = medrule_result_disagreement_topic(r, i), *question = medrule_topic_question(p, topic);
  strbuf s, d;
  sb_init(&s);
  sb_init(&d);
  sb_printf(&s, "Sources disagree: %s", question ? question : topic);
  sb_printf(&d, "The sources answer differently (topic `%s`):\n", topic);
  for (int k = 0; k < medrule_result_disagreement_statement_count(r, i); k++) {
    int rule = medrule_result_disagreement_statement(r, i, k);
    strbuf g;
    sb_init(&g);
    mr_grade_tag(&g, p, rule);
    sb_printf(&d, "\n- **%s**: %s %s %s", medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT),
              medrule_rule_info(p, rule, MEDRULE_RULE_POSITION), g.data ? g.data : "",
              medrule_rule_info(p, rule, MEDRULE_RULE_TEXT));
    if (g.oom) d.oom = 1;
    sb_free(&g);
  }
  sb_puts(b, ",{\"summary\":");
  summary(b, s.data ? s.data : "");
  sb_puts(b, ",\"indicator\":\"info\",\"detail\":");
  sb_json_str(b, d.data ? d.data : "");
  if (s.oom || d.oom) b->oom = 1;
  sb_free(&s);
  sb_free(&d);
  pack_source(b, p);
  sb_puts(b, ",\"extension\":{\"medrule.topic\":");
  sb_json_str(b, topic);
  sb_puts(b, ",\"medrule.statements\":[");
  for (int k = 0; k < medrule_result_disagreement_statement_count(r, i); k++) {
    if (k) sb_putc(b, ',');
    sb_json_str(b, medrule_pack_rule_id(p, medrule_result_disagreement_statement(r, i, k)));
  }
  sb_puts(b, "]}}");
}

static void missing_card(strbuf *b, const medrule_result *r) {
  const medrule_pack *p = medrule_result_pack(r);
  int n = medrule_result_missing_count(r), u = medrule_result_unknown_count(r);
  strbuf s, d;
  sb_init(&s);
  sb_init(&d);
  sb_printf(&s, "Collect %d fact%s to decide %d undecided recommendation%s", n, n == 1 ? "" : "s", u,
            u == 1 ? "" : "s");
  sb_puts(&d, "Missing facts:\n");
  for (int i = 0; i < n; i++) {
    const char *name = medrule_result_missing_fact(r, i);
    const char *desc = medrule_fact_info(p, medrule_fact_index(p, name), MEDRULE_FACT_DESCRIPTION);
    sb_printf(&d, "\n- `%s`", name);
    if (desc) sb_printf(&d, ": %s", desc);
  }
  sb_puts(b, ",{\"summary\":");
  summary(b, s.data ? s.data : "");
  /* a warning when a missing fact could stop the plan */
  sb_printf(b, ",\"indicator\":\"%s\",\"detail\":",
            medrule_result_disposition_code(r) == MEDRULE_INSUFFICIENT_DATA ? "warning" : "info");
  sb_json_str(b, d.data ? d.data : "");
  if (s.oom || d.oom) b->oom = 1;
  sb_free(&s);
  sb_free(&d);
  pack_source(b, p);
  sb_puts(b, ",\"extension\":{\"medrule.missing_facts\":[");
  for (int i = 0; i < n; i++) {
    if (i) sb_putc(b, ',');
    sb_json_str(b, medrule_result_missing_fact(r, i));
  }
  sb_puts(b, "]}}");
}

void mr_render_cards(const medrule_result *r, strbuf *b) {
  sb_puts(b, "{\"cards\":[");
  disposition_card(b, r);
  for (int i = 0; i < medrule_result_recommendation_count(r); i++) recommendation_card(b, r, i);
  for (int i = 0; i < medrule_result_disagreement_count(r); i++) disagreement_card(b, r, i);
  if (medrule_result_missing_count(r)) missing_card(b, r);
  sb_puts(b, "]}\n");
}
