/* packset.c — several packs evaluated together (contract §5).
**
** Each pack is loaded and checked on its own, then merged into one pack the
** evaluator and the renderers take like any other: the union of the facts
** (a fact two packs declare must be declared the same way: it means the same
** thing in every pack), every rule of every pack, their conditions with fact,
** node, text and memo indexes moved to the union.  The first pack is
** primary: only its rules move the disposition; the others' rules keep
** their action and evidence but have effect "none".  The merged pack owns
** its arrays and shares the strings of its parts, which it keeps. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int same_str(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

/* The source text of a derivation: its span in the condition text. */
static int same_derivation(const medrule_pack *a, const mr_fact *fa, const medrule_pack *b, const mr_fact *fb) {
  if ((fa->derive < 0) != (fb->derive < 0)) return 0;
  if (fa->derive < 0) return 1;
  const mr_node *na = &a->nodes[fa->derive], *nb = &b->nodes[fb->derive];
  if (na->text < 0 || nb->text < 0 || na->len != nb->len) return 0;
  return !memcmp(a->texts[na->text].text + na->off, b->texts[nb->text].text + nb->off, na->len);
}

/* NULL when fact fa of pack a and fb of pack b are declared the same way;
** else what differs. */
static const char *declaration_differs(const medrule_pack *a, const mr_fact *fa, const medrule_pack *b,
                                       const mr_fact *fb) {
  if (fa->type != fb->type) return "its type";
  if (!same_str(fa->unit_text, fb->unit_text)) return "its unit";
  if (fa->nvalues != fb->nvalues) return "its values";
  for (int k = 0; k < fa->nvalues; k++)
    if (strcmp(fa->values[k], fb->values[k])) return "the order of its values";
  if (fa->has_range != fb->has_range || (fa->has_range && (fa->min != fb->min || fa->max != fb->max)))
    return "its range";
  if (fa->has_default != fb->has_default || !same_str(fa->default_text, fb->default_text)) return "its default";
  if ((fa->per < 0) != (fb->per < 0) || (fa->per >= 0 && strcmp(a->facts[fa->per].name, b->facts[fb->per].name)))
    return "what it is per";
  if (fa->computed != fb->computed || !same_derivation(a, fa, b, fb)) return "its derivation";
  return NULL;
}

static void set_bit(uint64_t *bits, int i) { bits[i >> 6] |= 1ull << (i & 63); }

/* Where each part's arrays start in the union's. */
typedef struct offsets {
  int node, kid, text, memo, rule;
} offsets;

static int name_index(char **names, int n, const char *s) {
  for (int i = 0; i < n; i++)
    if (!strcmp(names[i], s)) return i;
  return -1;
}

static int has_children(int op) {
  return !(op == N_CONST_BOOL || op == N_CONST_NUM || op == N_CONST_CODE || op == N_CONST_CODES || op == N_FACT ||
           op == N_LUA || op == N_AND || op == N_OR);
}

/* Refuses what cannot be merged: a Lua-function condition outside the
** primary pack (the evaluator runs the primary's files only) and a rule id
** two packs use. */
static char *check_parts(medrule_pack **parts, int n) {
  for (int k = 1; k < n; k++)
    if (parts[k]->nlua_fns)
      return mr_printf("pack %s (%s): a Lua-function condition is supported in the primary pack (the first) only",
                       parts[k]->id, parts[k]->dir);
  for (int k = 0; k < n; k++)
    for (int q = 0; q < k; q++) {
      if (!strcmp(parts[k]->id, parts[q]->id))
        return mr_printf("pack %s is given twice (%s and %s)", parts[k]->id, parts[q]->dir, parts[k]->dir);
      for (int r = 0; r < parts[k]->nrules; r++)
        if (medrule_pack_rule_index(parts[q], parts[k]->rules[r].id) >= 0)
          return mr_printf("rule %s is declared by pack %s and by pack %s: rule ids must differ between packs",
                           parts[k]->rules[r].id, parts[q]->id, parts[k]->id);
    }
  return NULL;
}

/* The union of the facts; map[k][i] = the union's index of fact i of part k. */
static char *merge_facts(medrule_pack *m, int **map, int *owner_part, int *owner_fact) {
  for (int k = 0; k < m->nparts; k++) {
    const medrule_pack *part = m->parts[k];
    for (int i = 0; i < part->nfacts; i++) {
      const mr_fact *f = &part->facts[i];
      int u = -1;
      for (int j = 0; j < m->nfacts && u < 0; j++)
        if (!strcmp(m->facts[j].name, f->name)) u = j;
      if (u < 0) {
        u = m->nfacts++;
        m->facts[u] = *f;
        owner_part[u] = k;
        owner_fact[u] = i;
      } else {
        const medrule_pack *o = m->parts[owner_part[u]];
        const mr_fact *of = &o->facts[owner_fact[u]];
        const char *what = declaration_differs(o, of, part, f);
        if (what)
          return mr_printf("fact %s is declared differently by pack %s (%s:%d) and pack %s (%s:%d): they differ in %s; "
                           "a fact named the same in several packs must mean the same thing",
                           f->name, o->id, of->file ? of->file : "?", of->line, part->id, f->file ? f->file : "?",
                           f->line, what);
      }
      map[k][i] = u;
    }
  }
  return NULL;
}

static int merge_nodes(medrule_pack *m, int **map, const offsets *at) {
  for (int k = 0; k < m->nparts; k++) {
    const medrule_pack *part = m->parts[k];
    const offsets *o = &at[k];
    for (int i = 0; i < part->nnodes; i++) {
      mr_node nd = part->nodes[i];
      if (nd.text >= 0) nd.text += o->text;
      if (nd.memo >= 0) nd.memo += o->memo;
      if (nd.op == N_FACT) nd.a = map[k][nd.a];
      else if (nd.op == N_LUA) nd.a += o->rule;
      else if (nd.op == N_AND || nd.op == N_OR) nd.kids += o->kid;
      else if (has_children(nd.op)) {
        if (nd.a >= 0) nd.a += o->node;
        if (nd.b >= 0) nd.b += o->node;
      }
      if (nd.fast != FAST_NONE) nd.fact = map[k][nd.fact];
      m->nodes[o->node + i] = nd;
    }
    for (int i = 0; i < part->nkids; i++) m->kids[o->kid + i] = part->kids[i] + o->node;
    for (int i = 0; i < part->ntexts; i++) {
      m->texts[o->text + i] = part->texts[i];
      if (part->texts[i].root >= 0) m->texts[o->text + i].root += o->node;
    }
  }
  m->nnodes = m->cap_nodes = at[m->nparts].node;
  m->nkids = m->cap_kids = at[m->nparts].kid;
  m->ntexts = at[m->nparts].text;
  m->nmemo = at[m->nparts].memo;
  return 0;
}

static int merge_rules(medrule_pack *m, int **map, const offsets *at) {
  int words = (m->nfacts + 63) / 64;
  for (int k = 0; k < m->nparts; k++) {
    const medrule_pack *part = m->parts[k];
    for (int i = 0; i < part->nrules; i++) {
      mr_rule *r = &m->rules[at[k].rule + i];
      const mr_rule *pr = &part->rules[i];
      *r = *pr;
      r->part = k;
      r->when += at[k].node;
      if (r->applies >= 0) r->applies += at[k].node;
      if (k > 0) r->effect = MR_EFFECT_NONE; /* only the primary pack sets the disposition */
      r->category_index = name_index(m->categories, m->ncategories, pr->category);
      r->json_head = NULL;
      r->reads = NULL;
      r->deps = NULL;
      m->nrules = at[k].rule + i + 1; /* freed with the pack from here on */
      r->deps = mr_calloc((size_t)(words ? words : 1), sizeof *r->deps);
      if (!r->deps) return -1;
      if (pr->nreads) {
        if (!(r->reads = mr_malloc((size_t)pr->nreads * sizeof *r->reads))) return -1;
        for (int j = 0; j < pr->nreads; j++) r->reads[j] = map[k][pr->reads[j]];
      }
      for (int f = 0; f < part->nfacts; f++)
        if (pr->deps[f >> 6] >> (f & 63) & 1) set_bit(r->deps, map[k][f]);
    }
  }
  return 0;
}

static int merge_categories(medrule_pack *m) {
  int cap = 0;
  for (int k = 0; k < m->nparts; k++) cap += m->parts[k]->ncategories;
  m->categories = mr_calloc((size_t)(cap ? cap : 1), sizeof *m->categories);
  m->category_titles = mr_calloc((size_t)(cap ? cap : 1), sizeof *m->category_titles);
  if (!m->categories || !m->category_titles) return -1;
  for (int k = 0; k < m->nparts; k++)
    for (int c = 0; c < m->parts[k]->ncategories; c++)
      if (name_index(m->categories, m->ncategories, m->parts[k]->categories[c]) < 0) {
        m->categories[m->ncategories] = m->parts[k]->categories[c];
        m->category_titles[m->ncategories++] = m->parts[k]->category_titles[c];
      }
  return 0;
}

/* Fact fields that point elsewhere, the derivation order and what a new fact
** set starts from. */
static int finish_facts(medrule_pack *m, int **map, const offsets *at, const int *owner_part, const int *owner_fact) {
  for (int u = 0; u < m->nfacts; u++) {
    int k = owner_part[u];
    const mr_fact *pf = &m->parts[k]->facts[owner_fact[u]];
    mr_fact *f = &m->facts[u];
    f->derive = pf->derive >= 0 ? pf->derive + at[k].node : -1;
    f->per = pf->per >= 0 ? map[k][pf->per] : -1;
    if (f->def.blame >= 0) f->def.blame = map[k][f->def.blame];
  }
  m->derive_order = mr_malloc((size_t)(m->nfacts ? m->nfacts : 1) * sizeof *m->derive_order);
  m->initial = mr_calloc((size_t)(m->nfacts ? m->nfacts : 1), sizeof *m->initial);
  uint8_t *ordered = mr_calloc((size_t)(m->nfacts ? m->nfacts : 1), 1);
  if (!m->derive_order || !m->initial || !ordered) {
    mr_free(ordered);
    return -1;
  }
  /* A part's derivations read its own facts, which come earlier in its
  ** order, or facts an earlier part declared: concatenation keeps the order. */
  for (int k = 0; k < m->nparts; k++)
    for (int i = 0; i < m->parts[k]->nderive_order; i++) {
      int u = map[k][m->parts[k]->derive_order[i]];
      if (!ordered[u]) {
        ordered[u] = 1;
        m->derive_order[m->nderive_order++] = u;
      }
    }
  mr_free(ordered);
  for (int u = 0; u < m->nfacts; u++) {
    int k = owner_part[u];
    m->initial[u] = m->parts[k]->initial[owner_fact[u]];
    if (m->initial[u].blame >= 0) m->initial[u].blame = map[k][m->initial[u].blame];
  }
  return 0;
}

static int merge(medrule_pack *m, char **err) {
  int n = m->nparts;
  const medrule_pack *primary = m->parts[0];
  if ((*err = check_parts(m->parts, n))) return -1;
  /* the primary pack speaks for the whole: its metadata, files and policy */
  m->dir = primary->dir, m->id = primary->id, m->version = primary->version, m->title = primary->title;
  m->digest = primary->digest, m->document = primary->document, m->citation = primary->citation;
  m->source_file = primary->source_file, m->url = primary->url, m->scale = primary->scale;
  m->grade_word = primary->grade_word, m->grades = primary->grades, m->grade_meanings = primary->grade_meanings;
  m->ngrades = primary->ngrades, m->certainties = primary->certainties, m->ncertainties = primary->ncertainties;
  m->files = primary->files, m->nfiles = primary->nfiles, m->policy_json = primary->policy_json;
  m->coverage = primary->coverage, m->ncoverage = primary->ncoverage, m->opts = primary->opts;
  m->nlua_fns = primary->nlua_fns;
  m->nlua_rules = primary->nrules;

  offsets *at = mr_calloc((size_t)n + 1, sizeof *at);
  int **map = mr_calloc((size_t)n, sizeof *map);
  int nfacts = 0;
  for (int k = 0; k < n; k++) nfacts += m->parts[k]->nfacts;
  int *owner_part = mr_calloc((size_t)(nfacts ? nfacts : 1), sizeof(int));
  int *owner_fact = mr_calloc((size_t)(nfacts ? nfacts : 1), sizeof(int));
  int rc = -1;
  if (!at || !map || !owner_part || !owner_fact) goto done;
  for (int k = 0; k < n; k++) {
    const medrule_pack *part = m->parts[k];
    if (!(map[k] = mr_calloc((size_t)(part->nfacts ? part->nfacts : 1), sizeof(int)))) goto done;
    at[k + 1] = (offsets){at[k].node + part->nnodes, at[k].kid + part->nkids, at[k].text + part->ntexts,
                          at[k].memo + part->nmemo, at[k].rule + part->nrules};
  }
  m->facts = mr_calloc((size_t)(nfacts ? nfacts : 1), sizeof *m->facts);
  m->nodes = mr_calloc((size_t)(at[n].node ? at[n].node : 1), sizeof *m->nodes);
  m->kids = mr_calloc((size_t)(at[n].kid ? at[n].kid : 1), sizeof *m->kids);
  m->texts = mr_calloc((size_t)(at[n].text ? at[n].text : 1), sizeof *m->texts);
  m->rules = mr_calloc((size_t)(at[n].rule ? at[n].rule : 1), sizeof *m->rules);
  if (!m->facts || !m->nodes || !m->kids || !m->texts || !m->rules) goto done;
  if ((*err = merge_facts(m, map, owner_part, owner_fact))) goto done;
  if (merge_categories(m) || merge_nodes(m, map, at) || merge_rules(m, map, at) ||
      finish_facts(m, map, at, owner_part, owner_fact) || mr_pack_index(m))
    goto done;
  m->patient_id_fact = mr_fact_find(m, "patient.id", 10);
  if (m->patient_id_fact >= 0 && m->facts[m->patient_id_fact].type != MR_STRING) m->patient_id_fact = -1;
  rc = mr_render_prepare(m);
done:
  if (map)
    for (int k = 0; k < n; k++) mr_free(map[k]);
  mr_free(map);
  mr_free(at);
  mr_free(owner_part);
  mr_free(owner_fact);
  return rc;
}

int mr_packset_merge(medrule_pack **parts, int n, medrule_pack **out, char **errmsg) {
  *out = NULL;
  *errmsg = NULL;
  medrule_pack *m = mr_calloc(1, sizeof *m);
  medrule_pack **own = mr_calloc((size_t)n, sizeof *own);
  if (!m || !own) {
    mr_free(m);
    mr_free(own);
    for (int k = 0; k < n; k++) medrule_pack_close(parts[k]);
    return -1;
  }
  memcpy(own, parts, (size_t)n * sizeof *own);
  m->parts = own;
  m->nparts = n;
  m->patient_id_fact = -1;
  if (merge(m, errmsg)) {
    mr_packset_free(m);
    return -1;
  }
  *out = m;
  return 0;
}

void mr_packset_free(medrule_pack *m) {
  if (!m) return;
  for (int i = 0; i < m->nrules; i++) {
    mr_free(m->rules[i].reads);
    mr_free(m->rules[i].deps);
    mr_free(m->rules[i].json_head);
  }
  mr_free(m->rules);
  for (int i = 0; i < m->ngroups; i++) mr_free(m->groups[i]);
  mr_free(m->groups);
  mr_free(m->facts), mr_free(m->nodes), mr_free(m->kids), mr_free(m->texts);
  mr_free(m->categories), mr_free(m->category_titles);
  mr_free(m->hash), mr_free(m->group_hash), mr_free(m->group_hashes), mr_free(m->group_lens), mr_free(m->sorted_facts);
  mr_free(m->initial), mr_free(m->derive_order);
  for (int k = 0; k < m->nparts; k++) medrule_pack_close(m->parts[k]);
  mr_free(m->parts);
  mr_free(m);
}

const medrule_pack *mr_rule_pack(const medrule_pack *p, int rule) {
  return p->nparts ? p->parts[p->rules[rule].part] : p;
}
