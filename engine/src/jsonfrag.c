/* jsonfrag.c — the fixed pieces of a pack's contract JSON, written once and
** copied into every result: the head up to the patient's id (engine, pack,
** digest; and the screening format's), each fact's `{"fact":...,"value":` and `,"unit":...`, each code
** and rule id quoted.  Rendering a patient is then mostly copying.
**
** The pieces live with the result (the pack is not changed after loading,
** and its files are not this module's); they are made on the first render
** with a pack and kept while the result renders with the same pack.  "The
** same" is checked on content, not only on the address, since a pack closed
** and another opened can share one: the fact and rule counts and every
** part's digest must match. */
#include <string.h>

#include "eval.h"

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
    at = b->len;
    sb_json_str(b, fd->name);
    span(g, pre + 4, at);
    g->code_base[f] = c;
    for (int k = 0; k < fd->nvalues; k++, c++) {
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
