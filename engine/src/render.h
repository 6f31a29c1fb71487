/* render.h — what the result renderers (render.c, cards.c) and the rule
** explainer (explain.c) share: colours, and how a fact value and a grade
** read.  Everything here works on the public API (medrule.h) only. */
#ifndef MR_RENDER_H
#define MR_RENDER_H

#include "medrule.h"
#include "numfmt.h"
#include "strbuf.h"

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

/* A fact value as JSON (a quantity as its number in the canonical unit),
** and for a person ("82 kg", "moderate", "[crps, other]", "unknown"). */
void mr_value_json(strbuf *b, const medrule_pack *p, int fact, const medrule_value *v);
void mr_value_text(strbuf *b, const medrule_pack *p, int fact, const medrule_value *v);

/* "history.liver_disease = moderate", with "(needs patient.weight)" when
** the value waits for another fact. */
void mr_fact_eq(strbuf *b, const medrule_pack *p, int fact, const medrule_value *v);

/* "[grade B, low certainty]" or "[ungraded]". */
void mr_grade_tag(strbuf *b, const medrule_pack *p, int rule);

/* Appends the result as contract JSON, as text for a person (wrapped at
** `width` columns, never when width <= 0), and as CDS Hooks cards. */
struct mr_frags;
void mr_render_json(const medrule_result *r, const struct mr_frags *frags, strbuf *out);
/* The screening format (render_screen.c): ids and names only, one line. */
void mr_render_screen(const medrule_result *r, const struct mr_frags *frags, strbuf *out);
void mr_render_text(const medrule_result *r, strbuf *out, int color, int width);
void mr_render_cards(const medrule_result *r, strbuf *out);

#endif
