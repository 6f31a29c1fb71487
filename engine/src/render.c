/* render.c — results as contract JSON, as text for a person (grouped by
** category like Table 6 of the guideline), as CDS Hooks-style cards, and the
** explanation of every rule.  Everything is written in a fixed order, so the
** same inputs give the same bytes. */
#include <stdlib.h>
#include <string.h>

#include "eval.h"

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
  sb_puts(b, "\",\"recommendations\":[");
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

/* ------------------------------------------------------------ text */

#define C_RESET "\x1b[0m"
#define C_BOLD "\x1b[1m"
#define C_DIM "\x1b[2m"
#define C_RED "\x1b[31m"
#define C_GREEN "\x1b[32m"
#define C_YELLOW "\x1b[33m"
#define C_MAGENTA "\x1b[35m"
#define C_CYAN "\x1b[36m"

typedef struct style {
  int color;
} style;

static void on(strbuf *b, const style *s, const char *code) {
  if (s->color) sb_puts(b, code);
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

static void upper_words(strbuf *b, const char *s) {
  for (; *s; s++) sb_putc(b, *s == '_' ? ' ' : (*s >= 'a' && *s <= 'z') ? (char)(*s - 32) : *s);
}

static void fact_eq(strbuf *b, const medrule_pack *p, int f, const mr_value *v) {
  sb_puts(b, p->facts[f].name);
  sb_puts(b, " = ");
  mr_fmt_value_text(b, &p->facts[f], v);
  if (v->state != MR_T && v->blame >= 0) sb_printf(b, " (needs %s)", p->facts[v->blame].name);
}

static void grade_tag(strbuf *b, const mr_rule *ru) {
  if (!ru->grade && !ru->certainty) {
    sb_puts(b, "[ungraded]");
    return;
  }
  sb_printf(b, "[grade %s, %s certainty]", ru->grade ? ru->grade : "none",
            ru->certainty ? ru->certainty : "no stated");
}

static void explain_rule_into(strbuf *b, medrule_evaluator *ev, int rule, int decisive, const style *st,
                              const medrule_result *r);

static void render_text(medrule_result *r, const style *st, medrule_evaluator *ev, const medrule_facts *facts,
                        int explain) {
  const medrule_pack *p = r->p;
  strbuf *b = &r->out;
  on(b, st, C_BOLD);
  sb_puts(b, "Patient ");
  sb_put_printable(b, r->patient_id ? r->patient_id : "(no id)");
  on(b, st, C_RESET);
  if (r->source) {
    sb_puts(b, "  ");
    sb_put_printable(b, r->source);
  }
  sb_printf(b, "\nPack %s %s\n", p->id, p->version);
  sb_puts(b, "Disposition: ");
  on(b, st, C_BOLD);
  on(b, st, disposition_color(r->disposition));
  upper_words(b, r->disposition);
  on(b, st, C_RESET);
  sb_putc(b, '\n');
  for (int c = 0; c < p->ncategories; c++) {
    int any = 0;
    for (int i = 0; i < r->recs.n; i++) {
      const mr_rule *ru = &p->rules[r->recs.v[i]];
      if (ru->category_index != c) continue;
      if (!any) {
        sb_putc(b, '\n');
        on(b, st, C_BOLD);
        sb_puts(b, p->category_titles[c]);
        on(b, st, C_RESET);
        sb_putc(b, '\n');
        any = 1;
      }
      sb_puts(b, "  ");
      on(b, st, action_color(ru->action));
      sb_printf(b, "%-13s", ru->action);
      on(b, st, C_RESET);
      sb_putc(b, ' ');
      grade_tag(b, ru);
      sb_printf(b, " %s\n", ru->text);
      on(b, st, C_DIM);
      sb_printf(b, "                %s; %s", ru->document, ru->section);
      for (int j = 0; j < ru->njudgments; j++) sb_printf(b, "; judgment %s", ru->judgments[j].id);
      sb_putc(b, '\n');
      if (r->rec_because.v[i + 1] > r->rec_because.v[i]) {
        sb_puts(b, "                because ");
        for (int k = r->rec_because.v[i]; k < r->rec_because.v[i + 1]; k++) {
          if (k > r->rec_because.v[i]) sb_puts(b, ", ");
          fact_eq(b, p, r->because[k].fact, &r->because[k].value);
        }
        sb_putc(b, '\n');
      }
      on(b, st, C_RESET);
    }
  }
  if (r->unk.n) {
    sb_putc(b, '\n');
    on(b, st, C_BOLD);
    sb_puts(b, "Undecided: missing facts");
    on(b, st, C_RESET);
    sb_putc(b, '\n');
    for (int i = 0; i < r->unk.n; i++) {
      const mr_rule *ru = &p->rules[r->unk.v[i]];
      sb_printf(b, "  %-13s ", ru->action);
      grade_tag(b, ru);
      sb_printf(b, " %s\n", ru->id);
      sb_puts(b, "                needs ");
      for (int k = r->unk_missing_off.v[i]; k < r->unk_missing_off.v[i + 1]; k++) {
        if (k > r->unk_missing_off.v[i]) sb_puts(b, ", ");
        sb_puts(b, p->facts[r->unk_missing.v[k]].name);
      }
      sb_putc(b, '\n');
    }
    sb_puts(b, "  Collect: ");
    for (int i = 0; i < r->missing.n; i++) {
      if (i) sb_puts(b, ", ");
      sb_puts(b, p->facts[r->missing.v[i]].name);
    }
    sb_putc(b, '\n');
  }
  if (r->warning_off.n) {
    sb_putc(b, '\n');
    on(b, st, C_BOLD);
    on(b, st, C_YELLOW);
    sb_puts(b, "Warnings");
    on(b, st, C_RESET);
    sb_putc(b, '\n');
    for (int i = 0; i < r->warning_off.n; i++) sb_printf(b, "  %s\n", r->warnings.data + r->warning_off.v[i]);
  }
  if (explain && ev && facts) {
    mr_prepare(ev, facts);
    sb_putc(b, '\n');
    on(b, st, C_BOLD);
    sb_puts(b, "Explanation: every rule");
    on(b, st, C_RESET);
    sb_putc(b, '\n');
    for (int i = 0; i < p->nrules; i++) explain_rule_into(b, ev, i, 0, st, r);
  }
}

/* ------------------------------------------------------------ explain */

static const char *truth_word(int t) { return t == MR_T ? "true" : t == MR_F ? "false" : "unknown"; }

static void explain_node(strbuf *b, medrule_evaluator *ev, int n, int depth, int decisive, const style *st) {
  const medrule_pack *p = ev->p;
  const mr_node *nd = &p->nodes[n];
  int t = mr_eval_bool(ev, n);
  for (int i = 0; i < depth; i++) sb_puts(b, "  ");
  on(b, st, t == MR_T ? C_GREEN : t == MR_F ? C_RED : C_YELLOW);
  sb_printf(b, "%-8s", truth_word(t));
  on(b, st, C_RESET);
  sb_add(b, p->texts[nd->text].text + nd->off, nd->len);
  int compound = nd->op == N_AND || nd->op == N_OR || nd->op == N_NOT;
  if (!compound) {
    ivec fs = {0};
    mr_collect_because(ev, n, t, &fs);
    memset(ev->seen, 0, (size_t)ev->words * sizeof *ev->seen);
    if (fs.n) {
      on(b, st, C_DIM);
      sb_puts(b, "    [");
      for (int i = 0; i < fs.n; i++) {
        if (i) sb_puts(b, "; ");
        fact_eq(b, p, fs.v[i], &ev->vals[fs.v[i]]);
      }
      sb_putc(b, ']');
      on(b, st, C_RESET);
    }
    if (fs.oom) b->oom = 1; /* never an explanation with values silently missing */
    iv_free(&fs);
  }
  sb_putc(b, '\n');
  if (nd->op == N_NOT) {
    explain_node(b, ev, nd->a, depth + 1, decisive, st);
    return;
  }
  if (nd->op != N_AND && nd->op != N_OR) return;
  /* decisive: when every term had to hold, all; else the ones that settled it */
  int all = (nd->op == N_AND) == (t == MR_T);
  for (int i = 0; i < nd->nkids; i++) {
    int k = p->kids[nd->kids + i];
    int kt = mr_eval_bool(ev, k);
    if (!decisive || all || kt == t) {
      explain_node(b, ev, k, depth + 1, decisive, st);
      if (decisive && !all && t != MR_U) break;
    }
  }
}

static const char *state_word(int s) {
  switch (s) {
    case MEDRULE_FIRED: return "FIRED";
    case MEDRULE_NOT_FIRED: return "not fired";
    case MEDRULE_UNKNOWN: return "UNKNOWN";
    default: return "does not apply";
  }
}

static void explain_rule_into(strbuf *b, medrule_evaluator *ev, int i, int decisive, const style *st,
                              const medrule_result *r) {
  const medrule_pack *p = ev->p;
  const mr_rule *ru = &p->rules[i];
  int s;
  int a = ru->applies >= 0 ? mr_eval_bool(ev, ru->applies) : MR_T;
  if (r) {
    s = r->state[i];
  } else {
    int w = a == MR_F ? MR_F : mr_eval_bool(ev, ru->when);
    s = a == MR_F ? MEDRULE_NOT_APPLICABLE
      : (a == MR_T ? w : (w == MR_F ? MR_F : MR_U)) == MR_T ? MEDRULE_FIRED
      : (a == MR_T ? w : (w == MR_F ? MR_F : MR_U)) == MR_F ? MEDRULE_NOT_FIRED : MEDRULE_UNKNOWN;
  }
  sb_putc(b, '\n');
  on(b, st, C_BOLD);
  sb_printf(b, "%s", ru->id);
  on(b, st, C_RESET);
  sb_printf(b, "  %s  (%s, %s ", state_word(s), ru->category, ru->action);
  grade_tag(b, ru);
  sb_puts(b, ")\n");
  if (ru->applies >= 0) {
    sb_puts(b, "  applies when:\n");
    explain_node(b, ev, ru->applies, 2, decisive, st);
  }
  if (a != MR_F) {
    sb_puts(b, "  condition:\n");
    explain_node(b, ev, ru->when, 2, decisive, st);
  }
  if (s == MEDRULE_UNKNOWN) {
    memset(ev->seen, 0, (size_t)ev->words * sizeof *ev->seen);
    if (a == MR_U) mr_collect_missing(ev, ru->applies);
    if (a != MR_F && mr_eval_bool(ev, ru->when) == MR_U) mr_collect_missing(ev, ru->when);
    sb_puts(b, "  would be decided by: ");
    int first = 1;
    for (int k = 0; k < p->nfacts; k++) {
      int f = p->sorted_facts[k];
      if (ev->seen[f >> 6] >> (f & 63) & 1) {
        sb_printf(b, "%s%s", first ? "" : ", ", p->facts[f].name);
        first = 0;
      }
    }
    memset(ev->seen, 0, (size_t)ev->words * sizeof *ev->seen);
    sb_putc(b, '\n');
  }
  for (int j = 0; j < ru->njudgments; j++) {
    on(b, st, C_DIM);
    sb_printf(b, "  judgment %s: %s\n", ru->judgments[j].id, ru->judgments[j].note);
    for (int q = 0; q < ru->judgments[j].nquotes; q++) sb_printf(b, "    \"%s\"\n", ru->judgments[j].quotes[q]);
    on(b, st, C_RESET);
  }
}

int medrule_explain_rule(medrule_evaluator *ev, const medrule_facts *facts, int rule, int decisive_only,
                         char **text) {
  if (!text) return MEDRULE_MISUSE;
  *text = NULL;
  if (!ev || !facts || mr_facts_pack(facts) != ev->p || rule < 0 || rule >= ev->p->nrules) return MEDRULE_MISUSE;
  mr_prepare(ev, facts);
  ev->lua_failed = 0;
  strbuf b;
  sb_init(&b);
  style st = {0};
  explain_rule_into(&b, ev, rule, decisive_only, &st, NULL);
  *text = sb_steal(&b);
  if (!*text) return MEDRULE_NOMEM;
  return ev->lua_failed ? MEDRULE_RUNTIME : MEDRULE_OK; /* a Lua condition failed this time */
}

static void trace_node(medrule_evaluator *ev, int n, int part, int depth, medrule_trace_fn fn, void *ctx) {
  const medrule_pack *p = ev->p;
  const mr_node *nd = &p->nodes[n];
  fn(ctx, n, part, depth, p->texts[nd->text].text + nd->off, nd->len, mr_eval_bool(ev, n));
  if (nd->op == N_NOT) trace_node(ev, nd->a, part, depth + 1, fn, ctx);
  if (nd->op == N_AND || nd->op == N_OR)
    for (int i = 0; i < nd->nkids; i++) trace_node(ev, p->kids[nd->kids + i], part, depth + 1, fn, ctx);
}

int medrule_trace_rule(medrule_evaluator *ev, const medrule_facts *facts, int rule, medrule_trace_fn fn,
                       void *ctx) {
  if (!ev || !facts || !fn || mr_facts_pack(facts) != ev->p || rule < 0 || rule >= ev->p->nrules)
    return MEDRULE_MISUSE;
  mr_prepare(ev, facts);
  const mr_rule *ru = &ev->p->rules[rule];
  if (ru->applies >= 0) trace_node(ev, ru->applies, 0, 0, fn, ctx);
  trace_node(ev, ru->when, 1, 0, fn, ctx);
  return MEDRULE_OK;
}

/* ------------------------------------------------------------ cards */

static void render_cards(medrule_result *r) {
  const medrule_pack *p = r->p;
  strbuf *b = &r->out;
  sb_puts(b, "{\"cards\":[");
  for (int i = 0; i < r->recs.n; i++) {
    const mr_rule *ru = &p->rules[r->recs.v[i]];
    if (i) sb_putc(b, ',');
    const char *indicator = ru->effect == MR_EFFECT_STOP ? "critical"
                          : ru->effect == MR_EFFECT_CAUTION ? "warning" : "info";
    size_t n = strlen(ru->text);
    sb_puts(b, "{\"summary\":");
    if (n > 140) { /* CDS Hooks: summary under 140 characters */
      size_t cut = 136;
      while (cut > 0 && ((unsigned char)ru->text[cut] & 0xC0) == 0x80) cut--;
      strbuf s;
      sb_init(&s);
      sb_add(&s, ru->text, cut);
      sb_puts(&s, "...");
      sb_json_str(b, s.data);
      sb_free(&s);
    } else {
      sb_json_str(b, ru->text);
    }
    sb_printf(b, ",\"indicator\":\"%s\",\"detail\":", indicator);
    strbuf d;
    sb_init(&d);
    sb_printf(&d, "%s (%s). Grade %s, certainty %s. %s: \"%s\"", ru->text, ru->action, ru->grade ? ru->grade : "none",
              ru->certainty ? ru->certainty : "not stated", ru->section, ru->quote);
    sb_json_str(b, d.data);
    sb_free(&d);
    sb_puts(b, ",\"source\":{\"label\":");
    strbuf l;
    sb_init(&l);
    sb_printf(&l, "%s; %s", ru->document, ru->section);
    sb_json_str(b, l.data);
    sb_free(&l);
    sb_puts(b, "},\"extension\":{\"medrule.rule\":");
    sb_json_str(b, ru->id);
    sb_puts(b, ",\"medrule.grade\":");
    sb_json_str(b, ru->grade);
    sb_puts(b, ",\"medrule.certainty\":");
    sb_json_str(b, ru->certainty);
    sb_puts(b, "}}");
  }
  sb_puts(b, "],\"extension\":{\"medrule.disposition\":");
  sb_json_str(b, r->disposition);
  sb_puts(b, ",\"medrule.missing_facts\":[");
  for (int i = 0; i < r->missing.n; i++) {
    if (i) sb_putc(b, ',');
    sb_json_str(b, p->facts[r->missing.v[i]].name);
  }
  sb_puts(b, "]}}\n");
}

int medrule_result_render(medrule_result *r, int format, unsigned flags, medrule_evaluator *ev,
                          const medrule_facts *facts, const char **out, size_t *len) {
  if (!r || !out || !r->p || !r->disposition) return MEDRULE_MISUSE;
  sb_reset(&r->out);
  style st = {(flags & MEDRULE_RENDER_COLOR) != 0};
  switch (format) {
    case MEDRULE_FORMAT_JSON: render_json(r); break;
    case MEDRULE_FORMAT_TEXT:
      if (ev) ev->lua_failed = 0;
      render_text(r, &st, ev, facts, (flags & MEDRULE_RENDER_EXPLAIN) != 0);
      if (r->out.oom) return MEDRULE_NOMEM;
      if (ev && (flags & MEDRULE_RENDER_EXPLAIN) && ev->lua_failed) return MEDRULE_RUNTIME;
      break;
    case MEDRULE_FORMAT_CARDS: render_cards(r); break;
    default: return MEDRULE_MISUSE;
  }
  if (r->out.oom) return MEDRULE_NOMEM;
  *out = r->out.data ? r->out.data : "";
  if (len) *len = r->out.len;
  return MEDRULE_OK;
}
