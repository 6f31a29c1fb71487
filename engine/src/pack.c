/* pack.c — loading a rule pack: run the pack files in the sandbox, turn the
** declarations into C structures, compile every condition, order the derived
** facts, and fingerprint the files.  The Lua state is closed afterwards; the
** loaded pack is plain immutable memory that threads share. */
/* SHA-256 from Nettle: no context, provider or configuration file, nothing
** process-wide, the CPU's SHA instructions when it has them; and a tenth of
** what OpenSSL's libcrypto costs a process to load (bench/PROFILE.md). */
#include <lauxlib.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fhir_map.h"
#include "pack_load.h"

/* ------------------------------------------------------------ freeing */

void mr_free_strings(char **v, int n) {
  if (!v) return;
  for (int i = 0; i < n; i++) mr_free(v[i]);
  mr_free(v);
}

void medrule_pack_close(medrule_pack *p) {
  if (!p) return;
  if (p->nparts) {
    mr_packset_free(p);
    return;
  }
  for (int i = 0; i < p->nfacts; i++) {
    mr_fact *f = &p->facts[i];
    mr_free(f->name);
    mr_free(f->unit_text);
    mr_free_strings(f->values, f->nvalues);
    mr_free(f->value_lens);
    mr_free(f->default_text);
    mr_free(f->description);
  }
  mr_free(p->facts);
  for (int i = 0; i < p->nrules; i++) {
    mr_rule *r = &p->rules[i];
    mr_free(r->id), mr_free(r->category), mr_free(r->action), mr_free(r->grade), mr_free(r->certainty);
    mr_free(r->text), mr_free(r->document), mr_free(r->section), mr_free(r->quote), mr_free(r->topic), mr_free(r->position);
    for (int j = 0; j < r->njudgments; j++) {
      mr_free(r->judgments[j].id);
      mr_free(r->judgments[j].note);
      mr_free_strings(r->judgments[j].quotes, r->judgments[j].nquotes);
    }
    mr_free(r->judgments);
    mr_free(r->reads);
    mr_free(r->deps);
    mr_free(r->json_head);
  }
  mr_free(p->rules);
  for (int i = 0; i < p->ncoverage; i++) {
    mr_free(p->coverage[i].item);
    mr_free(p->coverage[i].note);
    mr_free(p->coverage[i].rules);
  }
  mr_free(p->coverage);
  for (int i = 0; i < p->ntexts; i++) mr_free(p->texts[i].text);
  mr_free(p->texts);
  for (int i = 0; i < p->nfiles; i++) {
    mr_free(p->files[i].name);
    mr_free(p->files[i].text);
  }
  mr_free(p->files);
  mr_free_strings(p->groups, p->ngroups);
  mr_free_strings(p->grades, p->ngrades);
  mr_free_strings(p->grade_meanings, p->ngrades);
  mr_free_strings(p->certainties, p->ncertainties);
  mr_free_strings(p->categories, p->ncategories);
  mr_free_strings(p->topic_ids, p->ntopics);
  mr_free_strings(p->topic_questions, p->ntopics);
  mr_free_strings(p->category_titles, p->ncategories);
  mr_free(p->nodes), mr_free(p->kids), mr_free(p->hash), mr_free(p->group_hash), mr_free(p->sorted_facts);
  mr_free(p->group_hashes);
  mr_free(p->group_lens);
  mr_free(p->initial);
  mr_free(p->derive_order);
  mr_free(p->dir), mr_free(p->id), mr_free(p->version), mr_free(p->title), mr_free(p->digest);
  mr_free(p->document), mr_free(p->citation), mr_free(p->source_file), mr_free(p->url), mr_free(p->scale), mr_free(p->grade_word);
  mr_free(p->policy_json);
  mr_fhir_map_free(p->fhir);
  mr_free(p);
}

static const char DEPS_KEY = 0; /* the registry's key for the derivation scratch */

static int load_main(lua_State *L) {
  loader *ld = lua_touserdata(L, 1);
  medrule_pack *p = ld->p;
  mr_luabox_arm(&ld->box, p->opts.load_time_limit_ms);
  mr_luabox_run_pack(&ld->box);
  mr_luabox_disarm(&ld->box);
  if (ld->box.mem_hit) return luaL_error(L, "memory limit"); /* a pcall in the pack swallowed it */
  int reg = lua_gettop(L);
  mr_ld_read_pack_meta(ld, reg);
  mr_ld_read_facts(ld, reg);
  int words = (p->nfacts + 63) / 64;
  uint64_t *deps = mr_ld_need(ld, mr_calloc((size_t)(p->nfacts ? p->nfacts : 1) * (size_t)(words ? words : 1),
                                            sizeof(uint64_t)));
  /* deps is freed below; a load error in between leaks nothing because the
  ** pointer is parked in the registry as a light userdata owned by us. */
  lua_pushlightuserdata(L, deps);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &DEPS_KEY);
  mr_ld_resolve_facts(ld, reg, deps, words);
  mr_ld_order_derivations(ld, deps, words);
  lua_pushnil(L);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &DEPS_KEY);
  mr_free(deps);
  mr_ld_read_rules(ld, reg);
  mr_ld_read_coverage(ld, reg);
  /* what a new or cleared fact set starts from, built once */
  p->initial = mr_ld_need(ld, mr_calloc((size_t)(p->nfacts ? p->nfacts : 1), sizeof *p->initial));
  for (int i = 0; i < p->nfacts; i++) {
    mr_fact *f = &p->facts[i];
    if (f->has_default) {
      p->initial[i] = f->def; /* a default "40 mg" for a dose in mg/kg waits for the weight: blame set */
    } else {
      p->initial[i].state = MR_U;
      p->initial[i].blame = -1;
    }
  }
  p->patient_id_fact = mr_fact_find(p, "patient.id", 10);
  if (p->patient_id_fact >= 0 && p->facts[p->patient_id_fact].type != MR_STRING) p->patient_id_fact = -1;
  return 0;
}

static void compute_digest(medrule_pack *p) {
  /* Files in name order, each as name NUL content NUL. */
  int *order = mr_malloc((size_t)(p->nfiles ? p->nfiles : 1) * sizeof(int));
  if (!order) return;
  for (int i = 0; i < p->nfiles; i++) order[i] = i;
  for (int i = 1; i < p->nfiles; i++)
    for (int j = i; j > 0 && strcmp(p->files[order[j - 1]].name, p->files[order[j]].name) > 0; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  for (int i = 0; i < p->nfiles; i++) {
    const mr_file *f = &p->files[order[i]];
    sha256_update(&ctx, strlen(f->name) + 1, (const uint8_t *)f->name);
    sha256_update(&ctx, f->len, (const uint8_t *)f->text);
    sha256_update(&ctx, 1, (const uint8_t *)"");
  }
  mr_free(order);
  uint8_t md[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof md, md);
  char hex[2 * SHA256_DIGEST_SIZE + 1];
  for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
    hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
    hex[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
  }
  hex[2 * SHA256_DIGEST_SIZE] = 0;
  p->digest = mr_printf("sha256:%s", hex);
}

int medrule_pack_open(const char *dir, const medrule_pack_options *opts, medrule_pack **out, char **errmsg) {
  if (errmsg) *errmsg = NULL;
  if (!out) return MEDRULE_MISUSE;
  *out = NULL;
  if (!dir) {
    if (errmsg) *errmsg = mr_strdup("no pack directory given");
    return MEDRULE_MISUSE;
  }
  medrule_pack *p = mr_calloc(1, sizeof *p);
  if (!p || !(p->dir = mr_strdup(dir))) {
    mr_free(p);
    if (errmsg) *errmsg = mr_strdup("out of memory");
    return MEDRULE_NOMEM;
  }
  size_t len = strlen(p->dir);
  while (len > 1 && p->dir[len - 1] == '/') p->dir[--len] = 0;
  if (opts) p->opts = *opts;
  if (!p->opts.memory_limit) p->opts.memory_limit = 64u << 20;
  if (!p->opts.load_time_limit_ms) p->opts.load_time_limit_ms = 2000;
  if (!p->opts.call_time_limit_ms) p->opts.call_time_limit_ms = 100;

  loader ld;
  memset(&ld, 0, sizeof ld);
  ld.p = p;
  if (mr_luabox_open_pooled(&ld.box, p->opts.memory_limit)) {
    medrule_pack_close(p);
    if (errmsg) *errmsg = mr_strdup("out of memory");
    return MEDRULE_NOMEM;
  }
  ld.box.loading = p;
  /* A load builds what it keeps and little garbage: a cycle starts when
  ** memory is 4 times what the last one kept (Lua's default: twice).  The
  ** memory limit is unchanged: a refused allocation still makes Lua collect
  ** everything and try again before it fails. */
  lua_gc(ld.box.L, LUA_GCINC, 400, 0, 0);
  ld.L = ld.box.L;
  lua_pushcfunction(ld.L, mr_luabox_msgh); /* every message names the pack file and line */
  lua_pushcfunction(ld.L, load_main);
  lua_pushlightuserdata(ld.L, &ld);
  int rc = lua_pcall(ld.L, 1, 0, -3);
  mr_ld_index_free(&ld.roots);
  mr_ld_index_free(&ld.rule_ids);
  int status = MEDRULE_OK;
  if (rc != LUA_OK) {
    /* A failed load may leave the derivation scratch parked in the registry
    ** (a raw read with a light userdata key: no string to make, so nothing
    ** allocates after the failure, which would be unprotected and could
    ** look like Lua's retry of the refused allocation, clearing mem_hit). */
    lua_rawgetp(ld.L, LUA_REGISTRYINDEX, &DEPS_KEY);
    mr_free(lua_touserdata(ld.L, -1));
    lua_pop(ld.L, 1);
    /* the loader's own allocation failures raise "out of memory" */
    int oom = (rc == LUA_ERRMEM && !ld.box.mem_hit) || mr_lua_is_oom(ld.L, -1);
    status = oom ? MEDRULE_NOMEM : (ld.box.mem_hit || ld.box.timed_out) ? MEDRULE_LIMIT : MEDRULE_PACK;
    char *msg = oom ? NULL : mr_luabox_error(&ld.box, p->dir);
    if (errmsg) *errmsg = msg ? msg : mr_printf("%s: out of memory while loading the pack", p->dir);
    else mr_free(msg);
    mr_luabox_close(&ld.box);
    medrule_pack_close(p);
    return status;
  }
  mr_luabox_close(&ld.box);
  char *fmsg; /* the FHIR mapping, when the pack declares one (fhir_map.c) */
  if (mr_fhir_map_open(p, &p->fhir, &fmsg)) {
    status = fmsg ? MEDRULE_PACK : MEDRULE_NOMEM;
    if (errmsg) *errmsg = fmsg ? fmsg : mr_strdup("out of memory");
    else mr_free(fmsg);
    medrule_pack_close(p);
    return status;
  }
  compute_digest(p);
  if (!p->digest || mr_render_prepare(p)) {
    medrule_pack_close(p);
    if (errmsg) *errmsg = mr_strdup("out of memory");
    return MEDRULE_NOMEM;
  }
  *out = p;
  return MEDRULE_OK;
}
