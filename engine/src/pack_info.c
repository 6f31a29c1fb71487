/* pack_info.c — the public metadata of a loaded pack: the packs, their
** evidence scales, categories, files, coverage map, rules and facts.  Plain
** reads of immutable memory: thread-safe, no allocation. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The fixed JSON of each rule's recommendation, up to its open "because"
** list, written once at pack load (MEDRULE_RULE_JSON): most of every result. */
int mr_render_prepare(medrule_pack *p) {
  for (int i = 0; i < p->nrules; i++) {
    mr_rule *ru = &p->rules[i];
    strbuf b;
    sb_init(&b);
    sb_puts(&b, "{\"id\":");
    sb_json_str(&b, ru->id);
    sb_puts(&b, ",\"category\":");
    sb_json_str(&b, ru->category);
    sb_puts(&b, ",\"action\":");
    sb_json_str(&b, ru->action);
    sb_puts(&b, ",\"effect\":");
    sb_json_str(&b, medrule_effect_name(ru->effect));
    sb_puts(&b, ",\"grade\":");
    sb_json_str(&b, ru->grade);
    sb_puts(&b, ",\"certainty\":");
    sb_json_str(&b, ru->certainty);
    if (p->nparts) { /* several packs: whose it is, and the scale its grade belongs to (contract §5) */
      sb_puts(&b, ",\"pack\":");
      sb_json_str(&b, p->parts[ru->part]->id);
      sb_puts(&b, ",\"scale\":");
      sb_json_str(&b, p->parts[ru->part]->scale);
    }
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
    ru->json_head_len = b.len;
    if (!(ru->json_head = sb_steal(&b))) return -1;
  }
  return 0;
}

static int rule_ok(const medrule_pack *p, int r) { return p && r >= 0 && r < p->nrules; }
static int fact_ok(const medrule_pack *p, int f) { return p && f >= 0 && f < p->nfacts; }

const char *medrule_libversion(void) { return MEDRULE_VERSION; }
int medrule_libversion_number(void) { return MEDRULE_VERSION_NUMBER; }

/* ------------------------------------------------------------ packs */

int medrule_pack_count(const medrule_pack *p) { return p ? (p->nparts ? p->nparts : 1) : 0; }

/* Pack k of several loaded together, or the pack itself (k 0); NULL when out of range. */
static const medrule_pack *part(const medrule_pack *p, int k) {
  if (!p || k < 0) return NULL;
  if (!p->nparts) return k == 0 ? p : NULL;
  return k < p->nparts ? p->parts[k] : NULL;
}

const char *medrule_pack_info(const medrule_pack *pk, int k, int field) {
  const medrule_pack *p = part(pk, k);
  if (!p) return NULL;
  switch (field) {
    case MEDRULE_PACK_ID: return p->id;
    case MEDRULE_PACK_VERSION: return p->version;
    case MEDRULE_PACK_TITLE: return p->title;
    case MEDRULE_PACK_DIGEST: return p->digest;
    case MEDRULE_PACK_DIR: return p->dir;
    case MEDRULE_PACK_DOCUMENT: return p->document;
    case MEDRULE_PACK_CITATION: return p->citation;
    case MEDRULE_PACK_URL: return p->url;
    case MEDRULE_PACK_SOURCE_FILE: return p->source_file;
    case MEDRULE_PACK_SCALE: return p->scale;
    case MEDRULE_PACK_GRADE_WORD: return p->grade_word;
    default: return NULL;
  }
}

const char *medrule_pack_id(const medrule_pack *p) { return medrule_pack_info(p, 0, MEDRULE_PACK_ID); }
const char *medrule_pack_version(const medrule_pack *p) { return medrule_pack_info(p, 0, MEDRULE_PACK_VERSION); }
const char *medrule_pack_title(const medrule_pack *p) { return medrule_pack_info(p, 0, MEDRULE_PACK_TITLE); }
const char *medrule_pack_digest(const medrule_pack *p) { return medrule_pack_info(p, 0, MEDRULE_PACK_DIGEST); }
const char *medrule_pack_dir(const medrule_pack *p) { return medrule_pack_info(p, 0, MEDRULE_PACK_DIR); }

int medrule_pack_grade_count(const medrule_pack *pk, int k) {
  const medrule_pack *p = part(pk, k);
  return p ? p->ngrades : 0;
}
const char *medrule_pack_grade(const medrule_pack *pk, int k, int i) {
  const medrule_pack *p = part(pk, k);
  return p && i >= 0 && i < p->ngrades ? p->grades[i] : NULL;
}
const char *medrule_pack_grade_meaning(const medrule_pack *pk, int k, int i) {
  const medrule_pack *p = part(pk, k);
  return p && i >= 0 && i < p->ngrades ? p->grade_meanings[i] : NULL;
}
int medrule_pack_certainty_count(const medrule_pack *pk, int k) {
  const medrule_pack *p = part(pk, k);
  return p ? p->ncertainties : 0;
}
const char *medrule_pack_certainty(const medrule_pack *pk, int k, int i) {
  const medrule_pack *p = part(pk, k);
  return p && i >= 0 && i < p->ncertainties ? p->certainties[i] : NULL;
}

const char *medrule_topic_question(const medrule_pack *p, const char *topic) {
  if (!p || !topic) return NULL;
  int n = p->nparts ? p->nparts : 1;
  for (int k = 0; k < n; k++) { /* the first pack that declares it */
    const medrule_pack *q = p->nparts ? p->parts[k] : p;
    for (int i = 0; i < q->ntopics; i++)
      if (!strcmp(q->topic_ids[i], topic)) return q->topic_questions[i];
  }
  return NULL;
}

int medrule_pack_category_count(const medrule_pack *p) { return p ? p->ncategories : 0; }
const char *medrule_pack_category(const medrule_pack *p, int i) {
  return p && i >= 0 && i < p->ncategories ? p->categories[i] : NULL;
}
const char *medrule_pack_category_title(const medrule_pack *p, int i) {
  return p && i >= 0 && i < p->ncategories ? p->category_titles[i] : NULL;
}

int medrule_pack_file_count(const medrule_pack *p) { return p ? p->nfiles : 0; }
const char *medrule_pack_file(const medrule_pack *p, int i) {
  return p && i >= 0 && i < p->nfiles ? p->files[i].name : NULL;
}
const char *medrule_pack_policy_json(const medrule_pack *p) { return p ? p->policy_json : NULL; }

int medrule_pack_coverage_count(const medrule_pack *p) { return p ? p->ncoverage : 0; }
const char *medrule_pack_coverage_item(const medrule_pack *p, int i) {
  return p && i >= 0 && i < p->ncoverage ? p->coverage[i].item : NULL;
}
const char *medrule_pack_coverage_note(const medrule_pack *p, int i) {
  return p && i >= 0 && i < p->ncoverage ? p->coverage[i].note : NULL;
}
int medrule_pack_coverage_rule_count(const medrule_pack *p, int i) {
  return p && i >= 0 && i < p->ncoverage ? p->coverage[i].nrules : 0;
}
int medrule_pack_coverage_rule(const medrule_pack *p, int i, int k) {
  return p && i >= 0 && i < p->ncoverage && k >= 0 && k < p->coverage[i].nrules ? p->coverage[i].rules[k] : -1;
}

/* ------------------------------------------------------------ rules */

int medrule_pack_rule_count(const medrule_pack *p) { return p ? p->nrules : 0; }
const char *medrule_pack_rule_id(const medrule_pack *p, int i) { return rule_ok(p, i) ? p->rules[i].id : NULL; }

int medrule_pack_rule_index(const medrule_pack *p, const char *id) {
  if (!p || !id) return -1;
  for (int i = 0; i < p->nrules; i++)
    if (strcmp(p->rules[i].id, id) == 0) return i;
  return -1;
}

const char *medrule_effect_name(int effect) {
  static const char *const NAMES[] = {"none", "caution", "stop"};
  return effect >= 0 && effect <= 2 ? NAMES[effect] : NULL;
}

static const char *condition_text(const medrule_pack *p, int node) {
  return node >= 0 ? p->texts[p->nodes[node].text].text : NULL;
}

const char *medrule_rule_info(const medrule_pack *p, int i, int field) {
  if (!rule_ok(p, i)) return NULL;
  const mr_rule *r = &p->rules[i];
  switch (field) {
    case MEDRULE_RULE_ID: return r->id;
    case MEDRULE_RULE_CATEGORY: return r->category;
    case MEDRULE_RULE_ACTION: return r->action;
    case MEDRULE_RULE_EFFECT: return medrule_effect_name(r->effect);
    case MEDRULE_RULE_GRADE: return r->grade;
    case MEDRULE_RULE_CERTAINTY: return r->certainty;
    case MEDRULE_RULE_SCALE: return mr_rule_pack(p, i)->scale;
    case MEDRULE_RULE_TEXT: return r->text;
    case MEDRULE_RULE_DOCUMENT: return r->document;
    case MEDRULE_RULE_SECTION: return r->section;
    case MEDRULE_RULE_QUOTE: return r->quote;
    case MEDRULE_RULE_WHEN: return r->lua_fn >= 0 ? NULL : condition_text(p, r->when);
    case MEDRULE_RULE_APPLIES: return condition_text(p, r->applies);
    case MEDRULE_RULE_FILE: return r->file;
    case MEDRULE_RULE_PACK: return mr_rule_pack(p, i)->id;
    case MEDRULE_RULE_JSON: return r->json_head;
    case MEDRULE_RULE_TOPIC: return r->topic;
    case MEDRULE_RULE_POSITION: return r->position;
    default: return NULL;
  }
}

int medrule_rule_effect(const medrule_pack *p, int i) { return rule_ok(p, i) ? p->rules[i].effect : -1; }
int medrule_rule_line(const medrule_pack *p, int i) { return rule_ok(p, i) ? p->rules[i].line : -1; }
int medrule_rule_pack(const medrule_pack *p, int i) { return rule_ok(p, i) ? p->rules[i].part : -1; }
int medrule_rule_is_function(const medrule_pack *p, int i) { return rule_ok(p, i) && p->rules[i].lua_fn >= 0; }

/* The facts a rule reads, in name order: the k-th set bit of its deps. */
int medrule_rule_read_count(const medrule_pack *p, int i) {
  if (!rule_ok(p, i)) return 0;
  int n = 0;
  for (int w = 0; w < (p->nfacts + 63) / 64; w++) n += __builtin_popcountll(p->rules[i].deps[w]);
  return n;
}

int medrule_rule_read(const medrule_pack *p, int i, int k) {
  if (!rule_ok(p, i) || k < 0) return -1;
  const uint64_t *deps = p->rules[i].deps;
  for (int s = 0; s < p->nfacts; s++) {
    int f = p->sorted_facts[s];
    if (deps[f >> 6] >> (f & 63) & 1 && k-- == 0) return f;
  }
  return -1;
}

int medrule_rule_judgment_count(const medrule_pack *p, int i) { return rule_ok(p, i) ? p->rules[i].njudgments : 0; }

static const mr_judgment *judgment(const medrule_pack *p, int i, int j) {
  return rule_ok(p, i) && j >= 0 && j < p->rules[i].njudgments ? &p->rules[i].judgments[j] : NULL;
}
const char *medrule_rule_judgment_id(const medrule_pack *p, int i, int j) {
  const mr_judgment *g = judgment(p, i, j);
  return g ? g->id : NULL;
}
const char *medrule_rule_judgment_note(const medrule_pack *p, int i, int j) {
  const mr_judgment *g = judgment(p, i, j);
  return g ? g->note : NULL;
}
int medrule_rule_judgment_quote_count(const medrule_pack *p, int i, int j) {
  const mr_judgment *g = judgment(p, i, j);
  return g ? g->nquotes : 0;
}
const char *medrule_rule_judgment_quote(const medrule_pack *p, int i, int j, int q) {
  const mr_judgment *g = judgment(p, i, j);
  return g && q >= 0 && q < g->nquotes ? g->quotes[q] : NULL;
}

/* ------------------------------------------------------------ facts */

int medrule_pack_fact_count(const medrule_pack *p) { return p ? p->nfacts : 0; }
const char *medrule_pack_fact_name(const medrule_pack *p, int i) { return fact_ok(p, i) ? p->facts[i].name : NULL; }

int medrule_fact_lookup(const medrule_pack *p, const char *name, size_t len) {
  return p && name ? mr_fact_find(p, name, len) : -1;
}

/* The hint is checked by length first: a loader that guesses right (most
** keys of a file, in the order the last file had them) compares one name. */
int medrule_fact_lookup_hint(const medrule_pack *p, const char *name, size_t len, int hint) {
  if (!p || !name) return -1;
  if (fact_ok(p, hint) && p->facts[hint].name_len == len && memcmp(p->facts[hint].name, name, len) == 0) return hint;
  return mr_fact_find(p, name, len);
}

/* A fact's group is its name up to the last dot: a fact of group `group`
** whose name ends in the key (after a dot) is named the group's name, a dot
** and the key. */
int medrule_fact_hint_in_group(const medrule_pack *p, int hint, int group, const char *key, size_t len) {
  if (!key || !fact_ok(p, hint)) return -1;
  const mr_fact *f = &p->facts[hint];
  if (f->group != group || f->local_len != len || !mr_same_bytes(f->name + f->name_len - len, key, len)) return -1;
  return f->type;
}

/* Groups through the public API (medrule.h). */
int medrule_pack_group_count(const medrule_pack *p) { return p ? p->ngroups : 0; }
const char *medrule_pack_group_name(const medrule_pack *p, int g) {
  return p && g >= 0 && g < p->ngroups ? p->groups[g] : NULL;
}
int medrule_group_lookup(const medrule_pack *p, const char *name, size_t len) {
  return p && name ? mr_group_find(p, name, len) : -1;
}
int medrule_group_lookup_hint(const medrule_pack *p, const char *name, size_t len, int hint) {
  if (!p || !name) return -1;
  if (hint >= 0 && hint < p->ngroups && p->group_lens[hint] == len && mr_same_bytes(p->groups[hint], name, len))
    return hint;
  return mr_group_find(p, name, len);
}

int medrule_fact_index(const medrule_pack *p, const char *name) {
  return p && name ? mr_fact_find(p, name, strlen(name)) : -1;
}
int medrule_pack_is_group(const medrule_pack *p, const char *name, size_t len) {
  return p && name && mr_group_find(p, name, len) >= 0;
}
const char *medrule_pack_suggest(const medrule_pack *p, const char *name) {
  return p && name ? mr_suggest_fact(p, name) : NULL;
}

int medrule_fact_type(const medrule_pack *p, int i) { return fact_ok(p, i) ? p->facts[i].type : -1; }

const char *medrule_fact_info(const medrule_pack *p, int i, int field) {
  static const char *const TYPES[] = {"boolean", "number", "quantity", "code", "codes", "string"};
  if (!fact_ok(p, i)) return NULL;
  const mr_fact *f = &p->facts[i];
  switch (field) {
    case MEDRULE_FACT_NAME: return f->name;
    case MEDRULE_FACT_TYPE: return TYPES[f->type];
    case MEDRULE_FACT_UNIT: return f->unit_text;
    case MEDRULE_FACT_PER: return f->per >= 0 ? p->facts[f->per].name : NULL;
    case MEDRULE_FACT_DEFAULT: return f->default_text;
    case MEDRULE_FACT_DERIVE: return condition_text(p, f->derive);
    case MEDRULE_FACT_DESCRIPTION: return f->description;
    case MEDRULE_FACT_FILE: return f->file;
    default: return NULL;
  }
}

int medrule_fact_line(const medrule_pack *p, int i) { return fact_ok(p, i) ? p->facts[i].line : -1; }
int medrule_fact_is_computed(const medrule_pack *p, int i) { return fact_ok(p, i) && p->facts[i].computed; }

int medrule_fact_range(const medrule_pack *p, int i, double *min, double *max) {
  if (!fact_ok(p, i) || !p->facts[i].has_range) return 0;
  if (min) *min = p->facts[i].min;
  if (max) *max = p->facts[i].max;
  return 1;
}

int medrule_fact_code_count(const medrule_pack *p, int i) { return fact_ok(p, i) ? p->facts[i].nvalues : 0; }
const char *medrule_fact_code(const medrule_pack *p, int i, int k) {
  return fact_ok(p, i) && k >= 0 && k < p->facts[i].nvalues ? p->facts[i].values[k] : NULL;
}
int medrule_fact_code_index(const medrule_pack *p, int i, const char *code) {
  return fact_ok(p, i) && code ? mr_code_find(&p->facts[i], code, strlen(code)) : -1;
}

int medrule_pack_open_many(const char *const *dirs, int n, const medrule_pack_options *opts, medrule_pack **out,
                           char **errmsg) {
  if (errmsg) *errmsg = NULL;
  if (!out) return MEDRULE_MISUSE;
  *out = NULL;
  if (!dirs || n < 1) {
    if (errmsg) *errmsg = mr_strdup("no pack directory given");
    return MEDRULE_MISUSE;
  }
  if (n == 1) return medrule_pack_open(dirs[0], opts, out, errmsg);
  medrule_pack **parts = mr_calloc((size_t)n, sizeof *parts);
  if (!parts) {
    if (errmsg) *errmsg = mr_strdup("out of memory");
    return MEDRULE_NOMEM;
  }
  for (int k = 0; k < n; k++) {
    int rc = medrule_pack_open(dirs[k], opts, &parts[k], errmsg);
    if (rc != MEDRULE_OK) {
      for (int q = 0; q < k; q++) medrule_pack_close(parts[q]);
      mr_free(parts);
      return rc;
    }
  }
  char *why = NULL;
  int rc = mr_packset_merge(parts, n, out, &why);
  mr_free(parts);
  if (rc) {
    int status = why ? MEDRULE_PACK : MEDRULE_NOMEM; /* a message says what is wrong; none: out of memory */
    if (errmsg) *errmsg = why ? why : mr_strdup("out of memory");
    else mr_free(why);
    return status;
  }
  return MEDRULE_OK;
}
