/* explain.c — one rule explained for one patient: its state, then every
** sub-condition with its truth value and the fact values that decided it;
** and the same walk for coverage tools (medrule_trace_rule). */
#include <string.h>

#include "eval.h"
#include "render.h"

static const char *truth_word(int t) { return t == MR_T ? "true" : t == MR_F ? "false" : "unknown"; }

static void explain_node(strbuf *b, medrule_evaluator *ev, int n, int depth, int decisive, int color) {
  const medrule_pack *p = ev->p;
  const mr_node *nd = &p->nodes[n];
  int t = mr_eval_bool(ev, n);
  for (int i = 0; i < depth; i++) sb_puts(b, "  ");
  mr_color(b, color, t == MR_T ? C_GREEN : t == MR_F ? C_RED : C_YELLOW);
  sb_printf(b, "%-8s", truth_word(t));
  mr_color(b, color, C_RESET);
  sb_add(b, p->texts[nd->text].text + nd->off, nd->len);
  int compound = nd->op == N_AND || nd->op == N_OR || nd->op == N_NOT;
  if (!compound) {
    ivec fs = {0};
    mr_collect_because(ev, n, t, &fs);
    memset(ev->seen, 0, (size_t)ev->words * sizeof *ev->seen);
    if (fs.n) {
      mr_color(b, color, C_DIM);
      sb_puts(b, "    [");
      for (int i = 0; i < fs.n; i++) {
        if (i) sb_puts(b, "; ");
        medrule_value pv;
        mr_value_public(p, fs.v[i], &ev->vals[fs.v[i]], &pv);
        mr_fact_eq(b, p, fs.v[i], &pv);
      }
      sb_putc(b, ']');
      mr_color(b, color, C_RESET);
    }
    if (fs.oom) b->oom = 1; /* never an explanation with values silently missing */
    iv_free(&fs);
  }
  sb_putc(b, '\n');
  if (nd->op == N_NOT) {
    explain_node(b, ev, nd->a, depth + 1, decisive, color);
    return;
  }
  if (nd->op != N_AND && nd->op != N_OR) return;
  /* decisive: when every term had to hold, all; else the ones that settled it */
  int all = (nd->op == N_AND) == (t == MR_T);
  for (int i = 0; i < nd->nkids; i++) {
    int k = p->kids[nd->kids + i];
    int kt = mr_eval_bool(ev, k);
    if (!decisive || all || kt == t) {
      explain_node(b, ev, k, depth + 1, decisive, color);
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

static void explain_rule_into(strbuf *b, medrule_evaluator *ev, int i, int decisive, int color) {
  const medrule_pack *p = ev->p;
  const mr_rule *ru = &p->rules[i];
  int a = ru->applies >= 0 ? mr_eval_bool(ev, ru->applies) : MR_T;
  int w = a == MR_F ? MR_F : mr_eval_bool(ev, ru->when);
  int t = a == MR_T ? w : w == MR_F ? MR_F : MR_U; /* an unknown `applies` leaves only "not fired" decided */
  int s = a == MR_F ? MEDRULE_NOT_APPLICABLE : t == MR_T ? MEDRULE_FIRED : t == MR_F ? MEDRULE_NOT_FIRED
        : MEDRULE_UNKNOWN;
  sb_putc(b, '\n');
  mr_color(b, color, C_BOLD);
  sb_printf(b, "%s", ru->id);
  mr_color(b, color, C_RESET);
  sb_printf(b, "  %s  (%s, %s ", state_word(s), ru->category, ru->action);
  mr_grade_tag(b, p, i);
  sb_puts(b, ")\n");
  if (ru->applies >= 0) {
    sb_puts(b, "  applies when:\n");
    explain_node(b, ev, ru->applies, 2, decisive, color);
  }
  if (a != MR_F) {
    sb_puts(b, "  condition:\n");
    explain_node(b, ev, ru->when, 2, decisive, color);
  }
  if (s == MEDRULE_UNKNOWN) {
    memset(ev->seen, 0, (size_t)ev->words * sizeof *ev->seen);
    if (a == MR_U) mr_collect_missing(ev, ru->applies);
    if (a != MR_F && mr_eval_bool(ev, ru->when) == MR_U) mr_collect_missing(ev, ru->when);
    sb_puts(b, "  would be decided by: ");
    int first = 1;
    for (int k = 0; k < p->nfacts; k++) {
      int f = p->sorted_facts[k];
      if (ev->seen[k >> 6] >> (k & 63) & 1) { /* missing facts are marked by rank */
        sb_printf(b, "%s%s", first ? "" : ", ", p->facts[f].name);
        first = 0;
      }
    }
    memset(ev->seen, 0, (size_t)ev->words * sizeof *ev->seen);
    sb_putc(b, '\n');
  }
  for (int j = 0; j < ru->njudgments; j++) {
    mr_color(b, color, C_DIM);
    sb_printf(b, "  judgment %s: %s\n", ru->judgments[j].id, ru->judgments[j].note);
    for (int q = 0; q < ru->judgments[j].nquotes; q++) sb_printf(b, "    \"%s\"\n", ru->judgments[j].quotes[q]);
    mr_color(b, color, C_RESET);
  }
}

int medrule_explain_rule(medrule_evaluator *ev, const medrule_facts *facts, int rule, unsigned flags,
                         char **text) {
  if (!text) return MEDRULE_MISUSE;
  *text = NULL;
  if (!ev || !facts || mr_facts_pack(facts) != ev->p || rule < 0 || rule >= ev->p->nrules) return MEDRULE_MISUSE;
  mr_prepare(ev, facts, 1);
  ev->lua_failed = 0;
  strbuf b;
  sb_init(&b);
  explain_rule_into(&b, ev, rule, (flags & MEDRULE_EXPLAIN_DECISIVE) != 0, (flags & MEDRULE_EXPLAIN_COLOR) != 0);
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
  mr_prepare(ev, facts, 1);
  const mr_rule *ru = &ev->p->rules[rule];
  if (ru->applies >= 0) trace_node(ev, ru->applies, 0, 0, fn, ctx);
  trace_node(ev, ru->when, 1, 0, fn, ctx);
  return MEDRULE_OK;
}

