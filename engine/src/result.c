/* result.c — reading a result: the disposition and the rules that set it,
** the recommendations with the facts behind them, the undecided rules with
** the facts that would decide them, and the warnings.  Plain reads: no
** allocation; NULL, -1 or 0 for a result never evaluated or an index out of
** range. */
#include <stddef.h>
#include <string.h>

#include "eval.h"
#include "render.h"

static int evaluated(const medrule_result *r) { return r && r->p && r->disposition; }

const medrule_pack *medrule_result_pack(const medrule_result *r) { return r ? r->p : NULL; }
const char *medrule_result_patient_id(const medrule_result *r) { return evaluated(r) ? r->patient_id : NULL; }
const char *medrule_result_source(const medrule_result *r) { return evaluated(r) ? r->source : NULL; }

const char *medrule_disposition_name(int d) {
  static const char *const NAMES[] = {"proceed", "proceed_with_caution", "do_not_proceed", "insufficient_data"};
  return d >= 0 && d <= 3 ? NAMES[d] : NULL;
}
int medrule_result_disposition_code(const medrule_result *r) { return evaluated(r) ? r->dcode : -1; }
const char *medrule_result_disposition(const medrule_result *r) { return evaluated(r) ? r->disposition : NULL; }

int medrule_result_rule_state(const medrule_result *r, int rule) {
  if (!evaluated(r) || rule < 0 || rule >= r->p->nrules) return -1;
  return r->state[rule];
}

int medrule_result_reason_count(const medrule_result *r) { return evaluated(r) ? r->reasons.n : 0; }
int medrule_result_reason_rule(const medrule_result *r, int i) {
  return evaluated(r) && i >= 0 && i < r->reasons.n ? r->reasons.v[i] : -1;
}

int medrule_result_disagreement_count(const medrule_result *r) {
  return evaluated(r) && r->dis_off.n ? r->dis_off.n - 1 : 0;
}
static int dis_ok(const medrule_result *r, int i) { return i >= 0 && i < medrule_result_disagreement_count(r); }
int medrule_result_disagreement_statement_count(const medrule_result *r, int i) {
  return dis_ok(r, i) ? r->dis_off.v[i + 1] - r->dis_off.v[i] : 0;
}
int medrule_result_disagreement_statement(const medrule_result *r, int i, int k) {
  return k >= 0 && k < medrule_result_disagreement_statement_count(r, i) ? r->dis_rules.v[r->dis_off.v[i] + k] : -1;
}
const char *medrule_result_disagreement_topic(const medrule_result *r, int i) {
  return dis_ok(r, i) ? r->p->rules[r->dis_rules.v[r->dis_off.v[i]]].topic : NULL;
}

static int rec_ok(const medrule_result *r, int i) { return evaluated(r) && i >= 0 && i < r->recs.n; }

int medrule_result_recommendation_count(const medrule_result *r) { return evaluated(r) ? r->recs.n : 0; }
int medrule_result_recommendation_rule(const medrule_result *r, int i) { return rec_ok(r, i) ? r->recs.v[i] : -1; }
const char *medrule_result_recommendation_id(const medrule_result *r, int i) {
  return rec_ok(r, i) ? r->p->rules[r->recs.v[i]].id : NULL;
}

int medrule_result_because_count(const medrule_result *r, int i) {
  return rec_ok(r, i) ? r->rec_because.v[i + 1] - r->rec_because.v[i] : 0;
}
static const mr_because *because(const medrule_result *r, int i, int k) {
  return k >= 0 && k < medrule_result_because_count(r, i) ? &r->because[r->rec_because.v[i] + k] : NULL;
}
int medrule_result_because_fact(const medrule_result *r, int i, int k) {
  const mr_because *b = because(r, i, k);
  return b ? b->fact : -1;
}
int medrule_result_because_value(const medrule_result *r, int i, int k, medrule_value *out) {
  const mr_because *b = because(r, i, k);
  if (!out) return MEDRULE_MISUSE;
  if (!b) return MEDRULE_NOTFOUND;
  mr_value_public(r->p, b->fact, &b->value, out);
  return MEDRULE_OK;
}

const char *medrule_result_because_from(const medrule_result *r, int i, int k) {
  const mr_because *b = because(r, i, k);
  return b && b->from >= 0 ? r->from_buf.data + b->from : NULL;
}

int medrule_result_missing_count(const medrule_result *r) { return evaluated(r) ? r->missing.n : 0; }
const char *medrule_result_missing_fact(const medrule_result *r, int i) {
  return evaluated(r) && i >= 0 && i < r->missing.n ? r->p->facts[r->missing.v[i]].name : NULL;
}

int medrule_result_unknown_count(const medrule_result *r) { return evaluated(r) ? r->unk.n : 0; }
int medrule_result_unknown_rule(const medrule_result *r, int i) {
  return evaluated(r) && i >= 0 && i < r->unk.n ? r->unk.v[i] : -1;
}
int medrule_result_unknown_missing_count(const medrule_result *r, int i) {
  return evaluated(r) && i >= 0 && i < r->unk.n ? r->unk_missing_off.v[i + 1] - r->unk_missing_off.v[i] : 0;
}
const char *medrule_result_unknown_missing(const medrule_result *r, int i, int k) {
  if (k < 0 || k >= medrule_result_unknown_missing_count(r, i)) return NULL;
  return r->p->facts[r->unk_missing.v[r->unk_missing_off.v[i] + k]].name;
}

int medrule_result_warning_count(const medrule_result *r) { return evaluated(r) ? r->warning_off.n : 0; }
const char *medrule_result_warning(const medrule_result *r, int i) {
  return evaluated(r) && i >= 0 && i < r->warning_off.n ? r->warnings.data + r->warning_off.v[i] : NULL;
}

/* The renderers read the result through the public API (render.c,
** cards.c); the result only keeps their output. */
int medrule_result_render(medrule_result *r, const medrule_render_options *opts, const char **out, size_t *len) {
  if (!evaluated(r) || !out) return MEDRULE_MISUSE;
  medrule_render_options o = {sizeof o, MEDRULE_FORMAT_JSON, 0, 0};
  if (opts) { /* an older, smaller struct leaves the newer fields at their defaults */
    if (opts->size < offsetof(medrule_render_options, flags) + sizeof opts->flags) return MEDRULE_MISUSE;
    memcpy(&o, opts, opts->size < sizeof o ? opts->size : sizeof o);
  }
  sb_reset(&r->out);
  switch (o.format) {
    case MEDRULE_FORMAT_JSON: {
      const mr_frags *g = mr_frags_for(r);
      if (!g) return MEDRULE_NOMEM;
      mr_render_json(r, g, &r->out);
      break;
    }
    case MEDRULE_FORMAT_SCREEN: {
      const mr_frags *g = mr_frags_for(r);
      if (!g) return MEDRULE_NOMEM;
      mr_render_screen(r, g, &r->out);
      break;
    }
    case MEDRULE_FORMAT_TEXT: mr_render_text(r, &r->out, (o.flags & MEDRULE_RENDER_COLOR) != 0, o.width == 0 ? 80 : o.width); break;
    case MEDRULE_FORMAT_CARDS: mr_render_cards(r, &r->out); break;
    default: return MEDRULE_MISUSE;
  }
  if (r->out.oom) return MEDRULE_NOMEM;
  *out = r->out.data ? r->out.data : "";
  if (len) *len = r->out.len;
  return MEDRULE_OK;
}

/* The caller's buffer becomes r->out's storage: both come from the library's
** allocator, so either side may grow or free it. */
int medrule_result_render_swap(medrule_result *r, const medrule_render_options *opts, char **buf, size_t *len,
                               size_t *cap) {
  if (!buf || !len || !cap || (*buf == NULL) != (*cap == 0)) return MEDRULE_MISUSE;
  const char *text;
  int rc = medrule_result_render(r, opts, &text, NULL);
  if (rc != MEDRULE_OK) return rc;
  if (!r->out.data) { /* nothing was written: an empty text, in the caller's own buffer */
    *len = 0;
    if (*buf) **buf = 0;
    return MEDRULE_OK;
  }
  char *mine = r->out.data;
  size_t n = r->out.len, mycap = r->out.cap;
  r->out.data = *buf, r->out.cap = *cap, r->out.len = 0;
  if (r->out.data) r->out.data[0] = 0;
  *buf = mine, *len = n, *cap = mycap;
  return MEDRULE_OK;
}
