/* cards.c — a result as CDS Hooks 2.0 cards (contract §7): first a card for
** the disposition that lists the rules that set it, then one card per
** recommendation (indicator from its effect; grade, certainty, scale, rule,
** action and effect also as data in `extension`), then, when facts are
** missing, one card listing what to collect.  The reader sees everything
** that decided the disposition. */
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
  return effect == MR_EFFECT_STOP ? "critical" : effect == MR_EFFECT_CAUTION ? "warning" : "info";
}

/* The source of every card: the pack's document, with its link when it has one. */
static void source(strbuf *b, const medrule_pack *p, const char *document, const char *section) {
  strbuf l;
  sb_init(&l);
  sb_puts(&l, document);
  if (section) {
    sb_puts(&l, "; ");
    sb_puts(&l, section);
  }
  sb_puts(b, ",\"source\":{\"label\":");
  sb_json_str(b, l.data);
  if (l.oom) b->oom = 1;
  sb_free(&l);
  if (p->url) {
    sb_puts(b, ",\"url\":");
    sb_json_str(b, p->url);
  }
  sb_putc(b, '}');
}

static void reason_json(strbuf *b, const medrule_result *r, int rule) {
  const mr_rule *ru = &r->p->rules[rule];
  sb_puts(b, "{\"rule\":");
  sb_add(b, ru->json_id, ru->json_id_len);
  sb_puts(b, r->state[rule] == MEDRULE_FIRED ? ",\"state\":\"fired\",\"effect\":\"" : ",\"state\":\"unknown\",\"effect\":\"");
  sb_puts(b, mr_effect_names[ru->effect]);
  sb_puts(b, "\"}");
}

static void disposition_card(strbuf *b, const medrule_result *r) {
  const medrule_pack *p = r->p;
  static const struct { const char *id, *summary, *indicator, *lead; } D[] = {
    {"do_not_proceed", "Do not proceed", "critical", "These findings stop the plan:"},
    {"insufficient_data", "Insufficient data: collect the missing facts before deciding", "warning",
     "Each of these could still stop the plan once its facts are known:"},
    {"proceed_with_caution", "Proceed with caution", "warning", "These findings call for caution:"},
    {"proceed", "Proceed: no finding stops the plan or calls for caution", "info", NULL},
  };
  int d = 0;
  while (d < 3 && strcmp(D[d].id, r->disposition)) d++;
  strbuf s, detail;
  sb_init(&s);
  sb_init(&detail);
  sb_puts(&s, D[d].summary);
  if (r->reasons.n && d != 1) sb_printf(&s, " (%d finding%s)", r->reasons.n, r->reasons.n == 1 ? "" : "s");
  if (D[d].lead) {
    sb_puts(&detail, D[d].lead);
    sb_putc(&detail, '\n');
    for (int i = 0; i < r->reasons.n; i++) {
      sb_puts(&detail, "\n- ");
      sb_puts(&detail, p->rules[r->reasons.v[i]].text);
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
  strbuf label;
  sb_init(&label);
  sb_printf(&label, "medrule: %s %s", p->id, p->version);
  source(b, p, label.data ? label.data : "medrule", NULL);
  if (label.oom) b->oom = 1;
  sb_free(&label);
  sb_puts(b, ",\"extension\":{\"medrule.disposition\":\"");
  sb_puts(b, r->disposition);
  sb_puts(b, "\",\"medrule.disposition_reasons\":[");
  for (int i = 0; i < r->reasons.n; i++) {
    if (i) sb_putc(b, ',');
    reason_json(b, r, r->reasons.v[i]);
  }
  sb_puts(b, "]}}");
}

static void recommendation_card(strbuf *b, const medrule_result *r, int i) {
  const medrule_pack *p = r->p;
  const mr_rule *ru = &p->rules[r->recs.v[i]];
  sb_puts(b, ",{\"summary\":");
  summary(b, ru->text);
  sb_printf(b, ",\"indicator\":\"%s\",\"detail\":", indicator(ru->effect));
  strbuf d;
  sb_init(&d);
  if (ru->grade || ru->certainty)
    sb_printf(&d, "**Grade %s, %s certainty** (%s).", ru->grade ? ru->grade : "none",
              ru->certainty ? ru->certainty : "no stated", p->scale);
  else
    sb_puts(&d, "**Ungraded** (the source states no grade).");
  sb_puts(&d, " Action: ");
  for (const char *c = ru->action; *c; c++) sb_putc(&d, *c == '_' ? ' ' : *c);
  if (ru->effect != MR_EFFECT_NONE) sb_printf(&d, "; effect on the plan: %s", mr_effect_names[ru->effect]);
  sb_puts(&d, ".\n\n");
  sb_puts(&d, ru->text);
  int k0 = r->rec_because.v[i], k1 = r->rec_because.v[i + 1];
  if (k1 > k0) {
    sb_puts(&d, "\n\nBecause:");
    for (int k = k0; k < k1; k++) {
      sb_puts(&d, k > k0 ? ", " : " ");
      mr_fact_eq(&d, p, r->because[k].fact, &r->because[k].value);
    }
    sb_putc(&d, '.');
  }
  sb_printf(&d, "\n\n> %s\n\n%s; %s", ru->quote, ru->document, ru->section);
  sb_json_str(b, d.data ? d.data : "");
  if (d.oom) b->oom = 1;
  sb_free(&d);
  source(b, p, ru->document, ru->section);
  sb_puts(b, ",\"extension\":{\"medrule.rule\":");
  sb_add(b, ru->json_id, ru->json_id_len);
  sb_puts(b, ",\"medrule.category\":");
  sb_json_str(b, ru->category);
  sb_puts(b, ",\"medrule.action\":");
  sb_json_str(b, ru->action);
  sb_puts(b, ",\"medrule.effect\":");
  sb_json_str(b, mr_effect_names[ru->effect]);
  sb_puts(b, ",\"medrule.grade\":");
  sb_json_str(b, ru->grade);
  sb_puts(b, ",\"medrule.certainty\":");
  sb_json_str(b, ru->certainty);
  sb_puts(b, ",\"medrule.scale\":");
  sb_json_str(b, p->scale);
  sb_puts(b, "}}");
}

static void missing_card(strbuf *b, const medrule_result *r) {
  const medrule_pack *p = r->p;
  strbuf s, d;
  sb_init(&s);
  sb_init(&d);
  sb_printf(&s, "Collect %d fact%s to decide %d undecided recommendation%s", r->missing.n,
            r->missing.n == 1 ? "" : "s", r->unk.n, r->unk.n == 1 ? "" : "s");
  sb_puts(&d, "Missing facts:\n");
  for (int i = 0; i < r->missing.n; i++) {
    const mr_fact *f = &p->facts[r->missing.v[i]];
    sb_printf(&d, "\n- `%s`", f->name);
    if (f->description) sb_printf(&d, ": %s", f->description);
  }
  sb_puts(b, ",{\"summary\":");
  summary(b, s.data ? s.data : "");
  /* it is a warning when a missing fact could stop the plan */
  sb_printf(b, ",\"indicator\":\"%s\",\"detail\":", strcmp(r->disposition, "insufficient_data") ? "info" : "warning");
  sb_json_str(b, d.data ? d.data : "");
  if (s.oom || d.oom) b->oom = 1;
  sb_free(&s);
  sb_free(&d);
  strbuf label;
  sb_init(&label);
  sb_printf(&label, "medrule: %s %s", p->id, p->version);
  source(b, p, label.data ? label.data : "medrule", NULL);
  if (label.oom) b->oom = 1;
  sb_free(&label);
  sb_puts(b, ",\"extension\":{\"medrule.missing_facts\":[");
  for (int i = 0; i < r->missing.n; i++) {
    if (i) sb_putc(b, ',');
    sb_add(b, p->facts[r->missing.v[i]].json_name, p->facts[r->missing.v[i]].json_name_len);
  }
  sb_puts(b, "]}}");
}

void mr_render_cards(medrule_result *r) {
  strbuf *b = &r->out;
  sb_puts(b, "{\"cards\":[");
  disposition_card(b, r);
  for (int i = 0; i < r->recs.n; i++) recommendation_card(b, r, i);
  if (r->missing.n) missing_card(b, r);
  sb_puts(b, "]}\n");
}
