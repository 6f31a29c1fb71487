/* render_screen.c — the screening format: one line per patient with what a
** registry screen joins and counts, and none of the pack's fixed text.
**
**   {"screen":1,"pack":{"id":...,"version":...},"patient":{"id":...,"source":...},
**    "disposition":"...","reasons":[rule ids],"fired":[rule ids],
**    "unknown":[rule ids],"missing_facts":[fact names],"warnings":[...]}
**
** (and "disagreements":[topic ids] when several packs are loaded).  A rule's
** action, effect, grade, text and source are the same for every patient:
** they are the pack's, joined on the rule id (medrule doc --format json),
** not repeated per patient.  The facts behind each recommendation and the
** facts each undecided rule waits for are left out too: --format json has
** them for the patients a screen picks out.  Same order as --format json. */
#include "eval.h"
#include "render.h"

#define SB_LIT(b, s) sb_add(b, s, sizeof s - 1)

static void rule_ids(strbuf *b, const mr_frags *g, const ivec *rules) {
  for (int i = 0; i < rules->n; i++) {
    if (i) sb_putc(b, ',');
    mr_frag(b, g, &g->rule_id[rules->v[i] * 2]);
  }
}

void mr_render_screen(const medrule_result *r, const mr_frags *g, strbuf *b) {
  mr_frag(b, g, g->screen_head);
  sb_json_str(b, r->patient_id);
  SB_LIT(b, ",\"source\":");
  sb_json_str(b, r->source);
  SB_LIT(b, "},\"disposition\":\"");
  sb_puts(b, r->disposition);
  SB_LIT(b, "\",\"reasons\":[");
  rule_ids(b, g, &r->reasons);
  SB_LIT(b, "],\"fired\":[");
  rule_ids(b, g, &r->recs);
  SB_LIT(b, "],\"unknown\":[");
  rule_ids(b, g, &r->unk);
  SB_LIT(b, "],\"missing_facts\":[");
  for (int i = 0; i < r->missing.n; i++) {
    if (i) sb_putc(b, ',');
    mr_frag(b, g, &g->fact_pre[r->missing.v[i] * 6 + 4]);
  }
  SB_LIT(b, "],\"warnings\":[");
  for (int i = 0; i < r->warning_off.n; i++) {
    if (i) sb_putc(b, ',');
    sb_json_str(b, r->warnings.data + r->warning_off.v[i]);
  }
  sb_putc(b, ']');
  if (medrule_pack_count(r->p) > 1) {
    SB_LIT(b, ",\"disagreements\":[");
    for (int i = 0; i < medrule_result_disagreement_count(r); i++) {
      if (i) sb_putc(b, ',');
      sb_json_str(b, medrule_result_disagreement_topic(r, i));
    }
    sb_putc(b, ']');
  }
  SB_LIT(b, "}\n");
}
