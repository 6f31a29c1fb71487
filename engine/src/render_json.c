/* render_json.c — results as contract JSON (§3), the batch's hot path.
**
** The fixed pieces of a pack's contract JSON are written once and copied
** into every result: the head up to the patient's id (engine, pack,
** digest; and the screening format's), each fact's `{"fact":...,"value":` and `,"unit":...`, each code
** and rule id quoted.  Rendering a patient is then mostly copying.  In the
** pieces' text a comma comes before a fact's, name's or code's span and '}'
** after a unit's, so that one copy writes a separator or an entry's end too.
**
** The pieces live with the result (the pack is not changed after loading,
** and its files are not this module's); they are made on the first render
** with a pack and kept while the result renders with the same pack.  "The
** same" is checked on content, not only on the address, since a pack closed
** and another opened can share one: the fact and rule counts and every
** part's digest must match. */
#include <string.h>

#include "eval.h"
#include "render.h"

/* Blocks a fragment is copied in, and the room left past a checked
** write for them (see "writing" below). */
#define BLOCK 32
#define SLACK 64

static void span(mr_frags *g, uint32_t *at, size_t start) {
  at[0] = (uint32_t)start;
  at[1] = (uint32_t)(g->text.len - start);
}

void mr_frags_free(mr_frags *g) {
  if (!g) return;
  sb_free(&g->text);
  mr_free(g->fact_pre);
  mr_free(g->code_base);
  mr_free(g->codes);
  mr_free(g->rule_id);
  mr_free(g);
}

static int npart(const medrule_pack *p) { return p->nparts ? p->nparts : 1; }
static const char *part_digest(const medrule_pack *p, int k) { return p->nparts ? p->parts[k]->digest : p->digest; }

static int same_pack(const mr_frags *g, const medrule_pack *p) {
  if (g->p != p || g->nfacts != p->nfacts || g->nrules != p->nrules || g->nparts != npart(p)) return 0;
  const char *d = g->text.data + g->digests;
  for (int k = 0; k < g->nparts; k++) {
    const char *pd = part_digest(p, k);
    size_t n = pd ? strlen(pd) : 0;
    if (strncmp(d, pd ? pd : "", n + 1)) return 0;
    d += n + 1;
  }
  return 1;
}

/* The head of mr_render_json, the same bytes. */
static void head(strbuf *b, const medrule_pack *p) {
  sb_puts(b, "{\"contract\":1,\"engine\":{\"name\":\"medrule\",\"version\":");
  sb_json_str(b, medrule_libversion());
  sb_puts(b, "},\"pack\":{\"id\":");
  sb_json_str(b, medrule_pack_id(p));
  sb_puts(b, ",\"version\":");
  sb_json_str(b, medrule_pack_version(p));
  sb_puts(b, ",\"digest\":");
  sb_json_str(b, medrule_pack_digest(p));
  int npacks = medrule_pack_count(p);
  if (npacks > 1) { /* several packs: each, the primary first (contract §5) */
    sb_puts(b, "},\"packs\":[");
    for (int k = 0; k < npacks; k++) {
      sb_puts(b, k ? ",{\"id\":" : "{\"id\":");
      sb_json_str(b, medrule_pack_info(p, k, MEDRULE_PACK_ID));
      sb_puts(b, ",\"version\":");
      sb_json_str(b, medrule_pack_info(p, k, MEDRULE_PACK_VERSION));
      sb_puts(b, ",\"digest\":");
      sb_json_str(b, medrule_pack_info(p, k, MEDRULE_PACK_DIGEST));
      sb_puts(b, ",\"scale\":");
      sb_json_str(b, medrule_pack_info(p, k, MEDRULE_PACK_SCALE));
      sb_puts(b, k ? ",\"primary\":false}" : ",\"primary\":true}");
    }
    sb_puts(b, "],\"patient\":{\"id\":");
  } else {
    sb_puts(b, "},\"patient\":{\"id\":");
  }
}

static mr_frags *build(const medrule_pack *p) {
  mr_frags *g = mr_calloc(1, sizeof *g);
  if (!g) return NULL;
  sb_init(&g->text);
  g->p = p;
  g->nfacts = p->nfacts;
  g->nrules = p->nrules;
  g->nparts = npart(p);
  size_t nf = (size_t)(p->nfacts ? p->nfacts : 1), ncodes = 0;
  for (int f = 0; f < p->nfacts; f++) ncodes += (size_t)p->facts[f].nvalues;
  g->fact_pre = mr_malloc(nf * 6 * sizeof *g->fact_pre);
  g->code_base = mr_malloc(nf * sizeof *g->code_base);
  g->codes = mr_malloc((ncodes ? ncodes : 1) * 2 * sizeof *g->codes);
  g->rule_id = mr_malloc((size_t)(p->nrules ? p->nrules : 1) * 2 * sizeof *g->rule_id);
  if (!g->fact_pre || !g->code_base || !g->codes || !g->rule_id) {
    mr_frags_free(g);
    return NULL;
  }
  strbuf *b = &g->text;
  g->digests = 0;
  for (int k = 0; k < g->nparts; k++) {
    const char *d = part_digest(p, k);
    sb_puts(b, d ? d : "");
    sb_putc(b, 0);
  }
  size_t at = b->len;
  head(b, p);
  span(g, g->head, at);
  at = b->len;
  sb_puts(b, "{\"screen\":1,\"pack\":{\"id\":");
  sb_json_str(b, medrule_pack_id(p));
  sb_puts(b, ",\"version\":");
  sb_json_str(b, medrule_pack_version(p));
  sb_puts(b, "},\"patient\":{\"id\":");
  span(g, g->screen_head, at);
  uint32_t c = 0;
  for (int f = 0; f < p->nfacts; f++) {
    const mr_fact *fd = &p->facts[f];
    uint32_t *pre = &g->fact_pre[(size_t)f * 6];
    sb_putc(b, ','); /* a span's comma: the byte before it (put_sep) */
    at = b->len; /* as render.c's json_name: declared names need no escaping */
    sb_puts(b, "{\"fact\":\"");
    sb_puts(b, fd->name);
    sb_puts(b, "\",\"value\":");
    span(g, pre, at);
    at = b->len;
    if (fd->type == MR_QUANTITY) {
      sb_puts(b, ",\"unit\":");
      sb_json_str(b, fd->unit_text);
    }
    span(g, pre + 2, at);
    sb_putc(b, '}'); /* the entry's end, the byte after the unit's span */
    sb_putc(b, ',');
    at = b->len;
    sb_json_str(b, fd->name);
    span(g, pre + 4, at);
    g->code_base[f] = c;
    for (int k = 0; k < fd->nvalues; k++, c++) {
      sb_putc(b, ',');
      at = b->len;
      sb_json_str(b, fd->values[k]);
      span(g, &g->codes[(size_t)c * 2], at);
    }
  }
  for (int r = 0; r < p->nrules; r++) {
    at = b->len;
    sb_json_str(b, p->rules[r].id);
    span(g, &g->rule_id[(size_t)r * 2], at);
  }
  /* Room to read a span in whole blocks past its end (put). */
  for (int k = 0; k < BLOCK; k++) sb_putc(b, 0);
  if (b->oom) {
    mr_frags_free(g);
    return NULL;
  }
  return g;
}

const mr_frags *mr_frags_for(medrule_result *r) {
  if (r->frags && same_pack(r->frags, r->p)) return r->frags;
  mr_frags_free(r->frags);
  r->frags = build(r->p);
  return r->frags;
}

/* Several packs: "disagreements", each statement with its pack, rule,
** grade in its own scale, position, text and source (contract §5); the
** topic's question as a pack declares it (null when none does). */
static void disagreements_json(const medrule_result *r, strbuf *b) {
  const medrule_pack *p = medrule_result_pack(r);
  sb_puts(b, ",\"disagreements\":[");
  for (int i = 0; i < medrule_result_disagreement_count(r); i++) {
    sb_puts(b, i ? ",{\"topic\":" : "{\"topic\":");
    sb_json_str(b, medrule_result_disagreement_topic(r, i));
    sb_puts(b, ",\"question\":");
    sb_json_str(b, medrule_topic_question(p, medrule_result_disagreement_topic(r, i)));
    sb_puts(b, ",\"statements\":[");
    for (int k = 0; k < medrule_result_disagreement_statement_count(r, i); k++) {
      int rule = medrule_result_disagreement_statement(r, i, k);
      sb_puts(b, k ? ",{\"pack\":" : "{\"pack\":");
      sb_json_str(b, medrule_rule_info(p, rule, MEDRULE_RULE_PACK));
      sb_puts(b, ",\"rule\":");
      sb_json_str(b, medrule_pack_rule_id(p, rule));
      sb_puts(b, ",\"grade\":");
      sb_json_str(b, medrule_rule_info(p, rule, MEDRULE_RULE_GRADE));
      sb_puts(b, ",\"certainty\":");
      sb_json_str(b, medrule_rule_info(p, rule, MEDRULE_RULE_CERTAINTY));
      sb_puts(b, ",\"scale\":");
      sb_json_str(b, medrule_rule_info(p, rule, MEDRULE_RULE_SCALE));
      sb_puts(b, ",\"position\":");
      sb_json_str(b, medrule_rule_info(p, rule, MEDRULE_RULE_POSITION));
      sb_puts(b, ",\"text\":");
      sb_json_str(b, medrule_rule_info(p, rule, MEDRULE_RULE_TEXT));
      sb_puts(b, ",\"source\":{\"document\":");
      sb_json_str(b, medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT));
      sb_puts(b, ",\"section\":");
      sb_json_str(b, medrule_rule_info(p, rule, MEDRULE_RULE_SECTION));
      sb_puts(b, "}}");
    }
    sb_puts(b, "]}");
  }
  sb_putc(b, ']');
}

/* ------------------------------------------------------------ writing
**
** The result is written through a cursor `w`, with one room check per
** entry (a fact of a because list, a reason, a rule) rather than one per
** piece: between checks, a piece is copied with no check and no call.  ROOM
** leaves SLACK bytes past what it asked for, so that a fragment can be
** copied in whole BLOCK-byte blocks; the fragments' text has BLOCK bytes
** after its last span for the same reason. */

/* Makes room for n more bytes (and SLACK) at w; the new cursor, or NULL
** when out of memory (b->oom is set). */
static char *reserve(strbuf *b, char *w, size_t n) {
  if (w) b->len = (size_t)(w - b->data);
  if (sb_reserve(b, n + SLACK)) return NULL;
  return b->data + b->len;
}

/* Makes sure n bytes (and SLACK) can be written at w with no check. */
#define ROOM(n)                                                                  \
  do {                                                                           \
    if ((size_t)(lim - w) < (size_t)(n)) {                                       \
      if (!(w = reserve(b, w, (n)))) return;                                     \
      lim = b->data + b->cap - SLACK - 1;                                        \
    }                                                                            \
  } while (0)
/* A strbuf function on the output between cursor writes.  It may leave
** less than SLACK bytes after its text: ROOM's w <= lim holds again after. */
#define CALL(expr)                                                               \
  do {                                                                           \
    b->len = (size_t)(w - b->data);                                              \
    expr;                                                                        \
    if (b->oom) return;                                                          \
    w = b->data + b->len;                                                        \
    if (b->len + SLACK + 1 > b->cap && !(w = reserve(b, w, 0))) return;          \
    lim = b->data + b->cap - SLACK - 1;                                          \
  } while (0)
/* A string literal, its length known when compiled. */
#define LIT(s) (memcpy(w, s, sizeof s - 1), w += sizeof s - 1)

/* Copies n bytes from s, read and written in whole blocks. */
static inline char *put_n(char *w, const char *s, size_t n) {
  for (size_t i = 0; i < n; i += BLOCK) memcpy(w + i, s + i, BLOCK);
  return w + n;
}
/* Span `at` of g; with put_sep, with the comma every span has before it
** when sep is 1. */
static inline char *put(char *w, const mr_frags *g, const uint32_t *at) {
  return put_n(w, g->text.data + at[0], at[1]);
}
static inline char *put_sep(char *w, const mr_frags *g, const uint32_t *at, int sep) {
  return put_n(w, g->text.data + at[0] - sep, at[1] + (size_t)sep);
}
/* The span's room, and a separator. */
#define SPAN_ROOM(at) ((size_t)(at)[1] + 1)

/* The room a because entry asks for its value: a number, true, false or
** null (codes and text ask for their own). */
#define VALUE_ROOM MR_FMT_NUM_ROOM

/* Contract JSON.  The fixed pieces (the head, each fact's name and unit,
** codes, rule ids) come ready from the fragments above; the
** rest is read from the result directly: this is the batch's hot path. */
void mr_render_json(const medrule_result *r, const mr_frags *g, strbuf *b) {
  const medrule_pack *p = r->p;
  char *w = reserve(b, NULL, SPAN_ROOM(g->head)), *lim;
  if (!w) return;
  lim = b->data + b->cap - SLACK - 1;
  w = put(w, g, g->head);
  CALL(sb_json_str(b, r->patient_id));
  ROOM(16);
  LIT(",\"source\":");
  CALL(sb_json_str(b, r->source));
  size_t dn = strlen(r->disposition);
  ROOM(dn + 64);
  LIT("},\"disposition\":\"");
  memcpy(w, r->disposition, dn);
  w += dn;
  LIT("\",\"disposition_reasons\":[");
  for (int i = 0; i < r->reasons.n; i++) {
    int rule = r->reasons.v[i];
    const char *effect = medrule_rule_info(p, rule, MEDRULE_RULE_EFFECT);
    size_t en = strlen(effect);
    ROOM(SPAN_ROOM(&g->rule_id[rule * 2]) + en + 64);
    if (i) *w++ = ',';
    LIT("{\"rule\":");
    w = put(w, g, &g->rule_id[rule * 2]);
    if (r->state[rule] == MEDRULE_FIRED) LIT(",\"state\":\"fired\",\"effect\":\"");
    else LIT(",\"state\":\"unknown\",\"effect\":\"");
    memcpy(w, effect, en);
    w += en;
    LIT("\"}");
  }
  ROOM(32);
  LIT("],\"recommendations\":[");
  struct { uint64_t bits; uint32_t at, len; } memo[64]; /* numbers written, by fact; slot k valid when bit k of seen is set */
  uint64_t seen = 0;
  for (int i = 0; i < r->recs.n; i++) {
    const mr_rule *ru = &p->rules[r->recs.v[i]];
    ROOM(ru->json_head_len + 1);
    if (i) *w++ = ',';
    memcpy(w, ru->json_head, ru->json_head_len);
    w += ru->json_head_len;
    for (int k = 0, n = r->rec_because.v[i + 1] - r->rec_because.v[i]; k < n; k++) {
      const mr_because *bc = &r->because[r->rec_because.v[i] + k];
      const uint32_t *pre = &g->fact_pre[bc->fact * 6];
      const mr_value *v = &bc->value;
      ROOM(SPAN_ROOM(pre) + VALUE_ROOM + SPAN_ROOM(pre + 2) + 2);
      w = put_sep(w, g, pre, k != 0); /* ,{"fact":NAME,"value": */
      if (v->state != MR_T) {
        LIT("null");
      } else {
        const mr_fact *fd = &p->facts[bc->fact];
        switch (fd->type) {
          case MR_BOOL: if (v->bits) LIT("true"); else LIT("false"); break;
          case MR_NUMBER:
          case MR_QUANTITY: {
            /* A fact is often in several because lists of a result, with the
            ** same value: its text is copied from where it was first written. */
            unsigned slot = (unsigned)bc->fact & 63;
            uint64_t bits;
            memcpy(&bits, &v->num, sizeof bits);
            if ((seen >> slot & 1) && memo[slot].bits == bits) {
              char t[BLOCK]; /* the earlier text can be closer than BLOCK bytes */
              memcpy(t, b->data + memo[slot].at, BLOCK);
              memcpy(w, t, BLOCK);
              w += memo[slot].len;
            } else {
              size_t len = mr_fmt_num_to(w, v->num), at = (size_t)(w - b->data);
              if (at <= UINT32_MAX) {
                memo[slot].bits = bits;
                memo[slot].at = (uint32_t)at;
                memo[slot].len = (uint32_t)len;
                seen |= 1ull << slot;
              }
              w += len;
            }
            break;
          }
          case MR_CODE: {
            const uint32_t *code = &g->codes[(g->code_base[bc->fact] + (uint32_t)v->bits) * 2];
            ROOM(SPAN_ROOM(code) + SPAN_ROOM(pre + 2) + 2);
            w = put(w, g, code);
            break;
          }
          case MR_CODES: {
            *w++ = '[';
            uint64_t m = v->bits & (fd->nvalues >= 64 ? ~0ull : (1ull << fd->nvalues) - 1);
            for (int first = 1; m; m &= m - 1, first = 0) {
              const uint32_t *code = &g->codes[(g->code_base[bc->fact] + (uint32_t)__builtin_ctzll(m)) * 2];
              ROOM(SPAN_ROOM(code) + SPAN_ROOM(pre + 2) + 2);
              w = put_sep(w, g, code, !first);
            }
            *w++ = ']';
            break;
          }
          default: CALL(sb_json_str(b, v->str)); ROOM(SPAN_ROOM(pre + 2) + 2); break;
        }
      }
      if (bc->from >= 0) { /* only facts read from a FHIR resource carry one: fact files render as before */
        ROOM(SPAN_ROOM(pre + 2) + 8);
        w = put(w, g, pre + 2); /* ,"unit":UNIT for a quantity */
        LIT(",\"from\":");
        CALL(sb_json_str(b, r->from_buf.data + bc->from));
        ROOM(2);
        *w++ = '}';
      } else {
        w = put_n(w, g->text.data + pre[2], pre[3] + 1); /* ,"unit":UNIT for a quantity, and the '}' after it */
      }
    }
    ROOM(2);
    LIT("]}");
  }
  ROOM(16);
  LIT("],\"unknown\":[");
  for (int i = 0; i < r->unk.n; i++) {
    const uint32_t *id = &g->rule_id[r->unk.v[i] * 2];
    ROOM(SPAN_ROOM(id) + 32);
    if (i) *w++ = ',';
    LIT("{\"rule\":");
    w = put(w, g, id);
    LIT(",\"missing\":[");
    for (int k = r->unk_missing_off.v[i]; k < r->unk_missing_off.v[i + 1]; k++) {
      const uint32_t *name = &g->fact_pre[r->unk_missing.v[k] * 6 + 4];
      ROOM(SPAN_ROOM(name) + 2);
      w = put_sep(w, g, name, k > r->unk_missing_off.v[i]);
    }
    LIT("]}");
  }
  ROOM(32);
  LIT("],\"missing_facts\":[");
  for (int i = 0; i < r->missing.n; i++) {
    const uint32_t *name = &g->fact_pre[r->missing.v[i] * 6 + 4];
    ROOM(SPAN_ROOM(name));
    w = put_sep(w, g, name, i != 0);
  }
  ROOM(32);
  LIT("],\"warnings\":[");
  for (int i = 0; i < r->warning_off.n; i++) {
    if (i) *w++ = ',';
    CALL(sb_json_str(b, r->warnings.data + r->warning_off.v[i]));
    ROOM(4);
  }
  *w++ = ']';
  if (medrule_pack_count(p) > 1) {
    CALL(disagreements_json(r, b));
    ROOM(2);
  }
  LIT("}\n");
  b->len = (size_t)(w - b->data);
  b->data[b->len] = 0;
}
