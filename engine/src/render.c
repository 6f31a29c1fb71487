/* render.c — results as contract JSON and as text for a person (the
** disposition with its reasons first, then the recommendations grouped by
** category like Table 6 of the guideline, wrapped to the terminal).
** Everything is written in a fixed order, so the same inputs give the same
** bytes.  Cards are in cards.c; the per-rule explanation in explain.c. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

const char *const mr_effect_names[3] = {"none", "caution", "stop"};

/* ------------------------------------------------------------ JSON */

static void json_value(strbuf *b, const mr_fact *f, const mr_value *v) {
  sb_puts(b, "{\"fact\":");
  sb_add(b, f->json_name, f->json_name_len);
  sb_puts(b, ",\"value\":");
  mr_fmt_value_json(b, f, v);
  if (f->type == MR_QUANTITY) {
    sb_puts(b, ",\"unit\":");
    sb_json_str(b, f->unit_text);
  }
  sb_putc(b, '}');
}

static char *json_string(const char *s) {
  strbuf b;
  sb_init(&b);
  sb_json_str(&b, s);
  return sb_steal(&b);
}

int mr_render_prepare(medrule_pack *p) {
  strbuf b;
  sb_init(&b);
  sb_puts(&b, "{\"contract\":1,\"engine\":{\"name\":\"medrule\",\"version\":\"" MEDRULE_VERSION "\"},\"pack\":{\"id\":");
  sb_json_str(&b, p->id);
  sb_puts(&b, ",\"version\":");
  sb_json_str(&b, p->version);
  sb_puts(&b, ",\"digest\":");
  sb_json_str(&b, p->digest);
  sb_puts(&b, "},\"patient\":{\"id\":");
  p->json_prefix_len = b.len;
  if (!(p->json_prefix = sb_steal(&b))) return -1;
  for (int i = 0; i < p->nfacts; i++) {
    mr_fact *f = &p->facts[i];
    if (!(f->json_name = json_string(f->name))) return -1;
    f->json_name_len = strlen(f->json_name);
    if (f->nvalues && !(f->json_values = mr_calloc((size_t)f->nvalues, sizeof *f->json_values))) return -1;
    for (int k = 0; k < f->nvalues; k++)
      if (!(f->json_values[k] = json_string(f->values[k]))) return -1;
  }
  for (int i = 0; i < p->nrules; i++) {
    const mr_rule *ru = &p->rules[i];
    sb_init(&b);
    sb_puts(&b, "{\"id\":");
    sb_json_str(&b, ru->id);
    sb_puts(&b, ",\"category\":");
    sb_json_str(&b, ru->category);
    sb_puts(&b, ",\"action\":");
    sb_json_str(&b, ru->action);
    sb_puts(&b, ",\"effect\":");
    sb_json_str(&b, mr_effect_names[ru->effect]);
    sb_puts(&b, ",\"grade\":");
    sb_json_str(&b, ru->grade);
    sb_puts(&b, ",\"certainty\":");
    sb_json_str(&b, ru->certainty);
    sb_puts(&b, ",\"text\":");
    sb_json_str(&b, ru->text);
    sb_puts(&b, ",\"source\":{\"document\":");
    sb_json_str(&b, ru->document);
    sb_puts(&b, ",\"section\":");
    sb_json_str(&b, ru->section);
    sb_puts(&b, ",\"quote\":");
    sb_json_str(&b, ru->quote);
    sb_putc(&b, '}');
    if (ru->njudgments) {
      sb_puts(&b, ",\"judgments\":[");
      for (int j = 0; j < ru->njudgments; j++) {
        if (j) sb_putc(&b, ',');
        sb_json_str(&b, ru->judgments[j].id);
      }
      sb_putc(&b, ']');
    }
    sb_puts(&b, ",\"because\":[");
    p->rules[i].json_head_len = b.len;
    if (!(p->rules[i].json_head = sb_steal(&b))) return -1;
    if (!(p->rules[i].json_id = json_string(ru->id))) return -1;
    p->rules[i].json_id_len = strlen(p->rules[i].json_id);
  }
  return 0;
}

static void render_json(medrule_result *r) {
  const medrule_pack *p = r->p;
  strbuf *b = &r->out;
  sb_add(b, p->json_prefix, p->json_prefix_len);
  sb_json_str(b, r->patient_id);
  sb_puts(b, ",\"source\":");
  sb_json_str(b, r->source);
  sb_puts(b, "},\"disposition\":\"");
  sb_puts(b, r->disposition);
  sb_puts(b, "\",\"disposition_reasons\":[");
  for (int i = 0; i < r->reasons.n; i++) {
    const mr_rule *ru = &p->rules[r->reasons.v[i]];
    if (i) sb_putc(b, ',');
    sb_puts(b, "{\"rule\":");
    sb_add(b, ru->json_id, ru->json_id_len);
    sb_puts(b, r->state[r->reasons.v[i]] == MEDRULE_FIRED ? ",\"state\":\"fired\",\"effect\":\""
                                                          : ",\"state\":\"unknown\",\"effect\":\"");
    sb_puts(b, mr_effect_names[ru->effect]);
    sb_puts(b, "\"}");
  }
  sb_puts(b, "],\"recommendations\":[");
  for (int i = 0; i < r->recs.n; i++) {
    if (i) sb_putc(b, ',');
    sb_add(b, p->rules[r->recs.v[i]].json_head, p->rules[r->recs.v[i]].json_head_len);
    for (int k = r->rec_because.v[i]; k < r->rec_because.v[i + 1]; k++) {
      if (k > r->rec_because.v[i]) sb_putc(b, ',');
      json_value(b, &p->facts[r->because[k].fact], &r->because[k].value);
    }
    sb_puts(b, "]}");
  }
  sb_puts(b, "],\"unknown\":[");
  for (int i = 0; i < r->unk.n; i++) {
    if (i) sb_putc(b, ',');
    sb_puts(b, "{\"rule\":");
    sb_add(b, p->rules[r->unk.v[i]].json_id, p->rules[r->unk.v[i]].json_id_len);
    sb_puts(b, ",\"missing\":[");
    for (int k = r->unk_missing_off.v[i]; k < r->unk_missing_off.v[i + 1]; k++) {
      if (k > r->unk_missing_off.v[i]) sb_putc(b, ',');
      sb_add(b, p->facts[r->unk_missing.v[k]].json_name, p->facts[r->unk_missing.v[k]].json_name_len);
    }
    sb_puts(b, "]}");
  }
  sb_puts(b, "],\"missing_facts\":[");
  for (int i = 0; i < r->missing.n; i++) {
    if (i) sb_putc(b, ',');
    sb_add(b, p->facts[r->missing.v[i]].json_name, p->facts[r->missing.v[i]].json_name_len);
  }
  sb_puts(b, "],\"warnings\":[");
  for (int i = 0; i < r->warning_off.n; i++) {
    if (i) sb_putc(b, ',');
    sb_json_str(b, r->warnings.data + r->warning_off.v[i]);
  }
  sb_puts(b, "]}\n");
}

/* ------------------------------------------------------------ people */

void mr_fact_eq(strbuf *b, const medrule_pack *p, int f, const mr_value *v) {
  sb_puts(b, p->facts[f].name);
  sb_puts(b, " = ");
  mr_fmt_value_text(b, &p->facts[f], v);
  if (v->state != MR_T && v->blame >= 0) sb_printf(b, " (needs %s)", p->facts[v->blame].name);
}

void mr_grade_tag(strbuf *b, const mr_rule *ru) {
  if (!ru->grade && !ru->certainty) {
    sb_puts(b, "[ungraded]");
    return;
  }
  sb_printf(b, "[grade %s, %s certainty]", ru->grade ? ru->grade : "none",
            ru->certainty ? ru->certainty : "no stated");
}

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
** control characters print as '?'. */
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
    for (const char *c = w; c < e; c++) sb_putc(&clean, ((unsigned char)*c < 0x20 || *c == 0x7f) ? '?' : *c);
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
  if (effect == MR_EFFECT_STOP) {
    mr_color(t->b, t->color, C_RED C_BOLD);
    tw_puts(t, unknown ? "STOP?" : "STOP");
    mr_color(t->b, t->color, C_RESET);
  } else if (effect == MR_EFFECT_CAUTION) {
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

static const char *disposition_color(const char *d) {
  if (!strcmp(d, "do_not_proceed")) return C_RED;
  if (!strcmp(d, "insufficient_data") || !strcmp(d, "proceed_with_caution")) return C_YELLOW;
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

/* The facts a rule is waiting for, as a wrapped list. */
static void needs(tw *t, const medrule_result *r, int i) {
  const medrule_pack *p = r->p;
  tw_indent(t, MARGIN);
  tw_puts(t, "needs");
  for (int k = r->unk_missing_off.v[i]; k < r->unk_missing_off.v[i + 1]; k++) {
    const char *name = p->facts[r->unk_missing.v[k]].name;
    tw_atom(t, k > r->unk_missing_off.v[i] ? ", " : " ", name, strlen(name), MARGIN);
  }
  tw_newline(t);
}

static int unknown_index(const medrule_result *r, int rule) {
  for (int i = 0; i < r->unk.n; i++)
    if (r->unk.v[i] == rule) return i;
  return -1;
}

/* Under "Disposition:", each reason in words, with what would decide it when
** it is still undecided. */
static void reasons_block(tw *t, const medrule_result *r) {
  const medrule_pack *p = r->p;
  for (int i = 0; i < r->reasons.n; i++) {
    int rule = r->reasons.v[i];
    int unknown = r->state[rule] == MEDRULE_UNKNOWN;
    effect_margin(t, p->rules[rule].effect, unknown);
    tw_text(t, "", p->rules[rule].text, MARGIN);
    tw_newline(t);
    if (unknown) needs(t, r, unknown_index(r, rule));
  }
}

static void recommendation(tw *t, const medrule_result *r, int i) {
  const medrule_pack *p = r->p;
  const mr_rule *ru = &p->rules[r->recs.v[i]];
  effect_margin(t, ru->effect, 0);
  mr_color(t->b, t->color, action_color(ru->action));
  words(t, ru->action, 0);
  mr_color(t->b, t->color, C_RESET);
  strbuf g;
  sb_init(&g);
  mr_grade_tag(&g, ru);
  if (g.oom) t->b->oom = 1;
  else tw_atom(t, " ", g.data, g.len, MARGIN);
  sb_free(&g);
  tw_text(t, " ", ru->text, MARGIN);
  tw_newline(t);
  tw_indent(t, MARGIN);
  mr_color(t->b, t->color, C_DIM);
  tw_text(t, "", ru->document, MARGIN);
  tw_puts(t, ";");
  tw_text(t, " ", ru->section, MARGIN);
  for (int j = 0; j < ru->njudgments; j++) {
    tw_puts(t, ";");
    tw_text(t, " ", "judgment", MARGIN);
    tw_text(t, " ", ru->judgments[j].id, MARGIN);
  }
  mr_color(t->b, t->color, C_RESET);
  tw_newline(t);
  if (r->rec_because.v[i + 1] > r->rec_because.v[i]) {
    tw_indent(t, MARGIN);
    mr_color(t->b, t->color, C_DIM);
    tw_puts(t, "because");
    for (int k = r->rec_because.v[i]; k < r->rec_because.v[i + 1]; k++) {
      strbuf fe;
      sb_init(&fe);
      mr_fact_eq(&fe, p, r->because[k].fact, &r->because[k].value);
      if (fe.oom) t->b->oom = 1;
      else tw_atom(t, k > r->rec_because.v[i] ? ", " : " ", fe.data, fe.len, MARGIN);
      sb_free(&fe);
    }
    mr_color(t->b, t->color, C_RESET);
    tw_newline(t);
  }
}

static void render_text(medrule_result *r, int color, int width) {
  const medrule_pack *p = r->p;
  tw t = {&r->out, color, width, 0};
  mr_color(t.b, color, C_BOLD);
  tw_puts(&t, "Patient ");
  tw_text(&t, "", r->patient_id ? r->patient_id : "(no id)", 2);
  mr_color(t.b, color, C_RESET);
  if (r->source) tw_text(&t, "  ", r->source, 2);
  tw_newline(&t);
  tw_puts(&t, "Pack ");
  tw_text(&t, "", p->id, 2);
  tw_text(&t, " ", p->version, 2);
  tw_newline(&t);
  tw_puts(&t, "Disposition: ");
  mr_color(t.b, color, C_BOLD);
  mr_color(t.b, color, disposition_color(r->disposition));
  words(&t, r->disposition, 1);
  mr_color(t.b, color, C_RESET);
  if (r->reasons.n) {
    int unknown = r->state[r->reasons.v[0]] == MEDRULE_UNKNOWN;
    tw_text(&t, "", unknown ? (r->reasons.n == 1 ? ": this could still stop it, once known:"
                                                 : ": these could still stop it, once known:")
                            : ", because:", 2);
  }
  tw_newline(&t);
  reasons_block(&t, r);
  for (int c = 0; c < p->ncategories; c++) {
    int any = 0;
    for (int i = 0; i < r->recs.n; i++) {
      if (p->rules[r->recs.v[i]].category_index != c) continue;
      if (!any) {
        tw_newline(&t);
        mr_color(t.b, color, C_BOLD);
        tw_text(&t, "", p->category_titles[c], 0);
        mr_color(t.b, color, C_RESET);
        tw_newline(&t);
        any = 1;
      }
      recommendation(&t, r, i);
    }
  }
  if (r->unk.n) {
    tw_newline(&t);
    mr_color(t.b, color, C_BOLD);
    tw_puts(&t, "Undecided: facts are missing");
    mr_color(t.b, color, C_RESET);
    tw_newline(&t);
    for (int i = 0; i < r->unk.n; i++) {
      const mr_rule *ru = &p->rules[r->unk.v[i]];
      effect_margin(&t, ru->effect, 1);
      words(&t, ru->action, 0);
      strbuf g;
      sb_init(&g);
      mr_grade_tag(&g, ru);
      if (!g.oom) tw_atom(&t, " ", g.data, g.len, MARGIN);
      sb_free(&g);
      tw_text(&t, " ", ru->text, MARGIN);
      tw_newline(&t);
      needs(&t, r, i);
    }
    tw_puts(&t, "  Collect:");
    for (int i = 0; i < r->missing.n; i++) {
      const char *name = p->facts[r->missing.v[i]].name;
      tw_atom(&t, i ? ", " : " ", name, strlen(name), MARGIN);
    }
    tw_newline(&t);
  }
  if (r->warning_off.n) {
    tw_newline(&t);
    mr_color(t.b, color, C_BOLD C_YELLOW);
    tw_puts(&t, "Warnings");
    mr_color(t.b, color, C_RESET);
    tw_newline(&t);
    for (int i = 0; i < r->warning_off.n; i++) {
      tw_indent(&t, 2);
      tw_text(&t, "", r->warnings.data + r->warning_off.v[i], 4);
      tw_newline(&t);
    }
  }
}

/* ------------------------------------------------------------ entry */

int medrule_result_render(medrule_result *r, const medrule_render_options *opts, const char **out, size_t *len) {
  if (!r || !out || !r->p || !r->disposition) return MEDRULE_MISUSE;
  medrule_render_options o = {sizeof o, MEDRULE_FORMAT_JSON, 0, 0};
  if (opts) { /* an older, smaller struct leaves the newer fields at their defaults */
    if (opts->size < offsetof(medrule_render_options, flags) + sizeof opts->flags) return MEDRULE_MISUSE;
    memcpy(&o, opts, opts->size < sizeof o ? opts->size : sizeof o);
  }
  sb_reset(&r->out);
  switch (o.format) {
    case MEDRULE_FORMAT_JSON: render_json(r); break;
    case MEDRULE_FORMAT_TEXT:
      render_text(r, (o.flags & MEDRULE_RENDER_COLOR) != 0, o.width == 0 ? 80 : o.width);
      break;
    case MEDRULE_FORMAT_CARDS: mr_render_cards(r); break;
    default: return MEDRULE_MISUSE;
  }
  if (r->out.oom) return MEDRULE_NOMEM;
  *out = r->out.data ? r->out.data : "";
  if (len) *len = r->out.len;
  return MEDRULE_OK;
}
