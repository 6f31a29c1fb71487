/* render.c — results as contract JSON and as text for a person (the
** disposition with its reasons first, then the recommendations grouped by
** category like Table 6 of the guideline, wrapped to the terminal).
** Everything is written in a fixed order, so the same inputs give the same
** bytes.  Like a host's own renderer, this file reads the result only
** through the public API (medrule.h).  Contract JSON, the batch's hot path,
** is in render_json.c, on the engine's internals; cards are in cards.c. */
#include <string.h>

#include "render.h"

/* ------------------------------------------------------------ JSON */

/* ------------------------------------------------------------ values */

void mr_value_json(strbuf *b, const medrule_pack *p, int f, const medrule_value *v) {
  if (!v->known) {
    sb_puts(b, "null");
    return;
  }
  switch (v->type) {
    case MEDRULE_TYPE_BOOLEAN: sb_puts(b, v->boolean ? "true" : "false"); break;
    case MEDRULE_TYPE_NUMBER:
    case MEDRULE_TYPE_QUANTITY: mr_fmt_num(b, v->number); break;
    case MEDRULE_TYPE_CODE: sb_json_str(b, medrule_fact_code(p, f, v->code)); break;
    case MEDRULE_TYPE_CODES: {
      sb_putc(b, '[');
      for (int k = 0, first = 1; k < medrule_fact_code_count(p, f); k++)
        if (v->codes >> k & 1) {
          if (!first) sb_putc(b, ',');
          sb_json_str(b, medrule_fact_code(p, f, k));
          first = 0;
        }
      sb_putc(b, ']');
      break;
    }
    default: sb_json_str(b, v->text); break;
  }
}

void mr_value_text(strbuf *b, const medrule_pack *p, int f, const medrule_value *v) {
  if (!v->known) {
    sb_puts(b, "unknown");
    return;
  }
  switch (v->type) {
    case MEDRULE_TYPE_BOOLEAN: sb_puts(b, v->boolean ? "true" : "false"); break;
    case MEDRULE_TYPE_NUMBER: mr_fmt_num_short(b, v->number); break;
    case MEDRULE_TYPE_QUANTITY:
      mr_fmt_num_short(b, v->number);
      sb_putc(b, ' ');
      sb_puts(b, medrule_fact_info(p, f, MEDRULE_FACT_UNIT));
      break;
    case MEDRULE_TYPE_CODE: sb_puts(b, medrule_fact_code(p, f, v->code)); break;
    case MEDRULE_TYPE_CODES: {
      sb_putc(b, '[');
      for (int k = 0, first = 1; k < medrule_fact_code_count(p, f); k++)
        if (v->codes >> k & 1) {
          if (!first) sb_puts(b, ", ");
          sb_puts(b, medrule_fact_code(p, f, k));
          first = 0;
        }
      sb_putc(b, ']');
      break;
    }
    default: sb_json_str(b, v->text); break;
  }
}

void mr_fact_eq(strbuf *b, const medrule_pack *p, int f, const medrule_value *v) {
  sb_puts(b, medrule_pack_fact_name(p, f));
  sb_puts(b, " = ");
  mr_value_text(b, p, f, v);
  if (!v->known && v->waits_for >= 0) sb_printf(b, " (needs %s)", medrule_pack_fact_name(p, v->waits_for));
}

void mr_grade_tag(strbuf *b, const medrule_pack *p, int rule) {
  const char *g = medrule_rule_info(p, rule, MEDRULE_RULE_GRADE), *c = medrule_rule_info(p, rule, MEDRULE_RULE_CERTAINTY);
  const char *word = medrule_pack_info(p, medrule_rule_pack(p, rule), MEDRULE_PACK_GRADE_WORD);
  if (!g && !c) {
    sb_puts(b, "[ungraded]");
    return;
  }
  sb_printf(b, "[%s %s", word, g ? g : "none");
  if (c) sb_printf(b, ", %s certainty", c);
  sb_putc(b, ']');
}

/* ------------------------------------------------------------ people */

/* Text for a person, wrapped at `width` columns with a hanging indent.  The
** writer tracks the column itself: colour codes take no room, and a UTF-8
** character counts once. */
typedef struct tw {
  strbuf *b;
  int color, width, col;
} tw;

static int text_width(const char *s, size_t n) {
  int w = 0;
  for (size_t i = 0; i < n; i++) w += ((unsigned char)s[i] & 0xC0) != 0x80;
  return w;
}

static void tw_newline(tw *t) {
  sb_putc(t->b, '\n');
  t->col = 0;
}

static void tw_indent(tw *t, int indent) {
  while (t->col < indent) sb_putc(t->b, ' '), t->col++;
}

/* Appends n bytes that must not be broken (a word, "fact = value"): on a new
** line at `indent` when they do not fit after `sep` on this one. */
static void tw_atom(tw *t, const char *sep, const char *s, size_t n, int indent) {
  int w = text_width(s, n), sw = (int)strlen(sep);
  if (t->width > 0 && t->col > indent && t->col + sw + w > t->width) {
    while (sw > 0 && sep[sw - 1] == ' ') sw--; /* a separator ends its line without its spaces */
    sb_add(t->b, sep, (size_t)sw);
    tw_newline(t);
    tw_indent(t, indent);
  } else {
    sb_add(t->b, sep, (size_t)sw);
    t->col += sw;
  }
  sb_add(t->b, s, n);
  t->col += w;
}

/* Appends running text word by word, `lead` before the first word;
** control characters and bytes that are not UTF-8 print as \xHH, as in
** every message. */
static void tw_text(tw *t, const char *lead, const char *s, int indent) {
  for (int first = 1; *s; first = 0) {
    const char *w = s;
    while (*w == ' ') w++;
    const char *e = w;
    while (*e && *e != ' ') e++;
    if (e == w) break;
    const char *sep = first ? lead : " ";
    strbuf clean;
    sb_init(&clean);
    sb_put_printablen(&clean, w, (size_t)(e - w));
    if (clean.oom) t->b->oom = 1;
    else tw_atom(t, sep, clean.data, clean.len, indent);
    sb_free(&clean);
    s = e;
  }
}

static void tw_puts(tw *t, const char *s) {
  sb_puts(t->b, s);
  t->col += text_width(s, strlen(s));
}

/* The margin of a recommendation: what it does to the disposition. */
#define MARGIN 11
static void effect_margin(tw *t, int effect, int unknown) {
  tw_indent(t, 2);
  if (effect == MEDRULE_EFFECT_STOP) {
    mr_color(t->b, t->color, C_RED C_BOLD);
    tw_puts(t, unknown ? "STOP?" : "STOP");
    mr_color(t->b, t->color, C_RESET);
  } else if (effect == MEDRULE_EFFECT_CAUTION) {
    mr_color(t->b, t->color, C_YELLOW C_BOLD);
    tw_puts(t, unknown ? "CAUTION?" : "CAUTION");
    mr_color(t->b, t->color, C_RESET);
  }
  tw_indent(t, MARGIN);
}

static const char *action_color(const char *a) {
  if (!strcmp(a, "do_not") || !strcmp(a, "avoid")) return C_RED;
  if (!strcmp(a, "caution")) return C_YELLOW;
  if (!strcmp(a, "recommend") || !strcmp(a, "consider")) return C_GREEN;
  if (!strcmp(a, "not_supported")) return C_MAGENTA;
  return C_CYAN;
}

static const char *disposition_color(int d) {
  if (d == MEDRULE_DO_NOT_PROCEED) return C_RED;
  if (d == MEDRULE_INSUFFICIENT_DATA || d == MEDRULE_PROCEED_WITH_CAUTION) return C_YELLOW;
  return C_GREEN;
}

/* "do_not" -> "do not" (or "DO NOT" with upper set). */
static void words(tw *t, const char *s, int upper) {
  char buf[64];
  size_t n = 0;
  for (; *s && n + 1 < sizeof buf; s++)
    buf[n++] = *s == '_' ? ' ' : upper && *s >= 'a' && *s <= 'z' ? (char)(*s - 32) : *s;
  buf[n] = 0;
  tw_puts(t, buf);
}

/* The facts undecided rule i (of the result's unknown rules) waits for. */
static void needs(tw *t, const medrule_result *r, int i) {
  tw_indent(t, MARGIN);
  tw_puts(t, "needs");
  for (int k = 0; k < medrule_result_unknown_missing_count(r, i); k++) {
    const char *name = medrule_result_unknown_missing(r, i, k);
    tw_atom(t, k ? ", " : " ", name, strlen(name), MARGIN);
  }
  tw_newline(t);
}

static int unknown_index(const medrule_result *r, int rule) {
  for (int i = 0; i < medrule_result_unknown_count(r); i++)
    if (medrule_result_unknown_rule(r, i) == rule) return i;
  return -1;
}

/* Under "Disposition:", each reason in words, with what would decide it when
** it is still undecided. */
static void reasons_block(tw *t, const medrule_result *r) {
  const medrule_pack *p = medrule_result_pack(r);
  for (int i = 0; i < medrule_result_reason_count(r); i++) {
    int rule = medrule_result_reason_rule(r, i);
    int unknown = medrule_result_rule_state(r, rule) == MEDRULE_UNKNOWN;
    effect_margin(t, medrule_rule_effect(p, rule), unknown);
    tw_text(t, "", medrule_rule_info(p, rule, MEDRULE_RULE_TEXT), MARGIN);
    tw_newline(t);
    if (unknown) needs(t, r, unknown_index(r, rule));
  }
}

/* "recommend [grade B, low certainty] Text..." after the margin. */
static void rule_line(tw *t, const medrule_pack *p, int rule, int color_action) {
  const char *action = medrule_rule_info(p, rule, MEDRULE_RULE_ACTION);
  if (color_action) mr_color(t->b, t->color, action_color(action));
  words(t, action, 0);
  if (color_action) mr_color(t->b, t->color, C_RESET);
  strbuf g;
  sb_init(&g);
  mr_grade_tag(&g, p, rule);
  if (g.oom) t->b->oom = 1;
  else tw_atom(t, " ", g.data, g.len, MARGIN);
  sb_free(&g);
  tw_text(t, " ", medrule_rule_info(p, rule, MEDRULE_RULE_TEXT), MARGIN);
  tw_newline(t);
}

static void recommendation(tw *t, const medrule_result *r, int i) {
  const medrule_pack *p = medrule_result_pack(r);
  int rule = medrule_result_recommendation_rule(r, i);
  effect_margin(t, medrule_rule_effect(p, rule), 0);
  rule_line(t, p, rule, 1);
  tw_indent(t, MARGIN);
  mr_color(t->b, t->color, C_DIM);
  tw_text(t, "", medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT), MARGIN);
  tw_puts(t, ";");
  tw_text(t, " ", medrule_rule_info(p, rule, MEDRULE_RULE_SECTION), MARGIN);
  for (int j = 0; j < medrule_rule_judgment_count(p, rule); j++) {
    tw_puts(t, ";");
    tw_text(t, " ", "judgment", MARGIN);
    tw_text(t, " ", medrule_rule_judgment_id(p, rule, j), MARGIN);
  }
  mr_color(t->b, t->color, C_RESET);
  tw_newline(t);
  int n = medrule_result_because_count(r, i);
  if (n) {
    tw_indent(t, MARGIN);
    mr_color(t->b, t->color, C_DIM);
    tw_puts(t, "because");
    for (int k = 0; k < n; k++) {
      medrule_value v;
      medrule_result_because_value(r, i, k, &v);
      strbuf fe;
      sb_init(&fe);
      mr_fact_eq(&fe, p, medrule_result_because_fact(r, i, k), &v);
      const char *from = medrule_result_because_from(r, i, k); /* FHIR input only */
      if (from) sb_printf(&fe, " (%s)", from);
      if (fe.oom) t->b->oom = 1;
      else tw_atom(t, k ? ", " : " ", fe.data, fe.len, MARGIN);
      sb_free(&fe);
    }
    mr_color(t->b, t->color, C_RESET);
    tw_newline(t);
  }
}

static void heading(tw *t, const char *title, const char *code) {
  tw_newline(t);
  mr_color(t->b, t->color, code);
  tw_text(t, "", title, 0);
  mr_color(t->b, t->color, C_RESET);
  tw_newline(t);
}

/* Several packs: each topic they disagree on, with every statement. */
static void disagreements_text(tw *t, const medrule_result *r) {
  const medrule_pack *p = medrule_result_pack(r);
  int n = medrule_result_disagreement_count(r);
  if (!n) return;
  heading(t, "Sources disagree", C_BOLD C_MAGENTA);
  for (int i = 0; i < n; i++) {
    const char *topic = medrule_result_disagreement_topic(r, i), *question = medrule_topic_question(p, topic);
    strbuf h;
    sb_init(&h);
    if (question) sb_printf(&h, "%s (%s)", question, topic);
    else sb_puts(&h, topic);
    tw_indent(t, 2);
    if (h.oom) t->b->oom = 1;
    else tw_text(t, "", h.data, 4);
    sb_free(&h);
    tw_newline(t);
    for (int k = 0; k < medrule_result_disagreement_statement_count(r, i); k++) {
      int rule = medrule_result_disagreement_statement(r, i, k);
      tw_indent(t, 4);
      tw_text(t, "", medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT), MARGIN);
      tw_puts(t, ":");
      tw_text(t, " ", medrule_rule_info(p, rule, MEDRULE_RULE_POSITION), MARGIN);
      strbuf g;
      sb_init(&g);
      mr_grade_tag(&g, p, rule);
      if (g.oom) t->b->oom = 1;
      else tw_atom(t, " ", g.data, g.len, MARGIN);
      sb_free(&g);
      tw_text(t, " ", medrule_rule_info(p, rule, MEDRULE_RULE_TEXT), MARGIN);
      tw_newline(t);
    }
  }
}

void mr_render_text(const medrule_result *r, strbuf *b, int color, int width) {
  const medrule_pack *p = medrule_result_pack(r);
  tw t = {b, color, width, 0};
  mr_color(b, color, C_BOLD);
  tw_puts(&t, "Patient ");
  tw_text(&t, "", medrule_result_patient_id(r) ? medrule_result_patient_id(r) : "(no id)", 2);
  mr_color(b, color, C_RESET);
  if (medrule_result_source(r)) tw_text(&t, "  ", medrule_result_source(r), 2);
  tw_newline(&t);
  int npacks = medrule_pack_count(p);
  tw_puts(&t, npacks > 1 ? "Packs " : "Pack ");
  for (int k = 0; k < npacks; k++) {
    tw_text(&t, k ? ", " : "", medrule_pack_info(p, k, MEDRULE_PACK_ID), 2);
    tw_text(&t, " ", medrule_pack_info(p, k, MEDRULE_PACK_VERSION), 2);
    if (npacks > 1 && k == 0) tw_text(&t, " ", "(primary: it alone sets the disposition)", 2);
  }
  tw_newline(&t);
  tw_puts(&t, "Disposition: ");
  mr_color(b, color, C_BOLD);
  mr_color(b, color, disposition_color(medrule_result_disposition_code(r)));
  words(&t, medrule_result_disposition(r), 1);
  mr_color(b, color, C_RESET);
  int nreasons = medrule_result_reason_count(r);
  if (nreasons) {
    int unknown = medrule_result_rule_state(r, medrule_result_reason_rule(r, 0)) == MEDRULE_UNKNOWN;
    tw_text(&t, "", unknown ? (nreasons == 1 ? ": this could still stop it, once known:"
                                             : ": these could still stop it, once known:")
                            : ", because:", 2);
  }
  tw_newline(&t);
  reasons_block(&t, r);
  for (int k = 0; k < npacks; k++) {
    if (k) { /* another pack: it informs; its statements in its own scale */
      strbuf h;
      sb_init(&h);
      sb_printf(&h, "What %s says (%s; %s)", medrule_pack_info(p, k, MEDRULE_PACK_DOCUMENT),
                medrule_pack_info(p, k, MEDRULE_PACK_ID), medrule_pack_info(p, k, MEDRULE_PACK_SCALE));
      if (h.oom) b->oom = 1;
      else heading(&t, h.data, C_BOLD C_CYAN);
      sb_free(&h);
    }
    for (int c = 0; c < medrule_pack_category_count(p); c++) {
      const char *cat = medrule_pack_category(p, c);
      int any = 0;
      for (int i = 0; i < medrule_result_recommendation_count(r); i++) {
        int rule = medrule_result_recommendation_rule(r, i);
        if (medrule_rule_pack(p, rule) != k || strcmp(medrule_rule_info(p, rule, MEDRULE_RULE_CATEGORY), cat)) continue;
        if (!any) heading(&t, medrule_pack_category_title(p, c), C_BOLD);
        any = 1;
        recommendation(&t, r, i);
      }
    }
  }
  disagreements_text(&t, r);
  if (medrule_result_unknown_count(r)) {
    heading(&t, "Undecided: facts are missing", C_BOLD);
    for (int i = 0; i < medrule_result_unknown_count(r); i++) {
      int rule = medrule_result_unknown_rule(r, i);
      effect_margin(&t, medrule_rule_effect(p, rule), 1);
      rule_line(&t, p, rule, 0);
      if (npacks > 1) { /* whose statement it is */
        tw_indent(&t, MARGIN);
        mr_color(b, color, C_DIM);
        tw_text(&t, "", medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT), MARGIN);
        mr_color(b, color, C_RESET);
        tw_newline(&t);
      }
      needs(&t, r, i);
    }
    tw_puts(&t, "  Collect:");
    for (int i = 0; i < medrule_result_missing_count(r); i++) {
      const char *name = medrule_result_missing_fact(r, i);
      tw_atom(&t, i ? ", " : " ", name, strlen(name), MARGIN);
    }
    tw_newline(&t);
  }
  if (medrule_result_warning_count(r)) {
    heading(&t, "Warnings", C_BOLD C_YELLOW);
    for (int i = 0; i < medrule_result_warning_count(r); i++) {
      tw_indent(&t, 2);
      tw_text(&t, "", medrule_result_warning(r, i), 4);
      tw_newline(&t);
    }
  }
}
