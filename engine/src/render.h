/* render.h — what the result renderers (render.c, cards.c) and the rule
** explainer (explain.c) share: colours, and how a fact value, a grade and an
** effect read for a person. */
#ifndef MR_RENDER_H
#define MR_RENDER_H

#include "eval.h"

#define C_RESET "\x1b[0m"
#define C_BOLD "\x1b[1m"
#define C_DIM "\x1b[2m"
#define C_RED "\x1b[31m"
#define C_GREEN "\x1b[32m"
#define C_YELLOW "\x1b[33m"
#define C_MAGENTA "\x1b[35m"
#define C_CYAN "\x1b[36m"

/* Appends `code` when colour is on. */
static inline void mr_color(strbuf *b, int color, const char *code) {
  if (color) sb_puts(b, code);
}

/* "stop", "caution", "none" for MR_EFFECT_*. */
extern const char *const mr_effect_names[3];

/* "history.liver_disease = moderate", with "(needs patient.weight)" when a
** value waits for another fact. */
void mr_fact_eq(strbuf *b, const medrule_pack *p, int f, const mr_value *v);

/* "[grade B, low certainty]" or "[ungraded]". */
void mr_grade_tag(strbuf *b, const mr_rule *ru);

/* Appends the result as CDS Hooks cards to r->out (cards.c). */
void mr_render_cards(medrule_result *r);

#endif
