/* util.c — status texts, fact-name lookup, value formatting. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *medrule_errstr(int status) {
  switch (status) {
#define MEDRULE_STATUS_TEXT(name, num, text) \
  case num: return text;
    MEDRULE_STATUS_MAP(MEDRULE_STATUS_TEXT)
#undef MEDRULE_STATUS_TEXT
  }
  return "unknown status code";
}

/* A name's hash: eight bytes at a time, multiply-xorshift mixing.  Fact
** names are short (10-40 bytes), so this is a handful of multiplications. */
uint32_t mr_hash(const char *s, size_t n) {
  uint64_t x = 0x9E3779B97F4A7C15ull ^ (n * 0xff51afd7ed558ccdull);
  for (; n >= 8; s += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    x = (x ^ w) * 0xc4ceb9fe1a85ec53ull;
    x ^= x >> 31;
  }
  uint64_t w = 0;
  memcpy(&w, s, n);
  x = (x ^ w) * 0xff51afd7ed558ccdull;
  x ^= x >> 29;
  return (uint32_t)x;
}

/* Open addressing over indexes; entries compare by hash and length first. */
static int find_in(const int32_t *table, uint32_t mask, const medrule_pack *p, int groups, const char *name,
                   size_t len, uint32_t hash) {
  if (!table) return -1;
  for (uint32_t h = hash & mask;; h = (h + 1) & mask) {
    int32_t i = table[h];
    if (i < 0) return -1;
    if (groups) {
      if (p->group_hashes[i] == hash && p->group_lens[i] == len && memcmp(p->groups[i], name, len) == 0) return i;
    } else {
      const mr_fact *f = &p->facts[i];
      if (f->name_hash == hash && f->name_len == len && memcmp(f->name, name, len) == 0) return i;
    }
  }
}

int mr_fact_find_h(const medrule_pack *p, const char *name, size_t len, uint32_t hash) {
  return find_in(p->hash, p->hash_mask, p, 0, name, len, hash);
}

int mr_group_find_h(const medrule_pack *p, const char *name, size_t len, uint32_t hash) {
  return find_in(p->group_hash, p->group_hash_mask, p, 1, name, len, hash);
}

int mr_fact_find(const medrule_pack *p, const char *name, size_t len) {
  return mr_fact_find_h(p, name, len, mr_hash(name, len));
}

int mr_group_find(const medrule_pack *p, const char *name, size_t len) {
  return mr_group_find_h(p, name, len, mr_hash(name, len));
}

/* Lengths first (value_lens holds 255 for a code of 255 bytes or more): a
** code of the same length is at least len bytes long, so the comparison
** stays in it; a short one is compared without a call (mr_same_bytes). */
int mr_code_find(const mr_fact *f, const char *s, size_t len) {
  uint8_t want = (uint8_t)(len > 255 ? 255 : len);
  for (int i = 0; i < f->nvalues; i++)
    if (f->value_lens[i] == want &&
        (len < 255 ? mr_same_bytes(f->values[i], s, len) : memcmp(f->values[i], s, len) == 0 && f->values[i][len] == 0))
      return i;
  return -1;
}

static int32_t *build_table(int n, uint32_t *mask_out, const uint32_t *hashes, size_t stride) {
  uint32_t size = 16;
  while (size < (uint32_t)n * 2) size <<= 1;
  int32_t *t = mr_malloc(size * sizeof *t);
  if (!t) return NULL;
  for (uint32_t i = 0; i < size; i++) t[i] = -1;
  for (int i = 0; i < n; i++) {
    uint32_t h = *(const uint32_t *)((const char *)hashes + (size_t)i * stride) & (size - 1);
    while (t[h] >= 0) h = (h + 1) & (size - 1);
    t[h] = i;
  }
  *mask_out = size - 1;
  return t;
}

static _Thread_local const medrule_pack *sort_pack; /* two threads may load packs at once */
static int by_name(const void *a, const void *b) {
  return strcmp(sort_pack->facts[*(const int *)a].name, sort_pack->facts[*(const int *)b].name);
}

int mr_pack_index(medrule_pack *p) {
  mr_free(p->hash);
  for (int i = 0; i < p->nfacts; i++) {
    p->facts[i].name_len = (uint32_t)strlen(p->facts[i].name);
    p->facts[i].name_hash = mr_hash(p->facts[i].name, p->facts[i].name_len);
  }
  p->hash = build_table(p->nfacts, &p->hash_mask, &p->facts[0].name_hash, sizeof p->facts[0]);
  if (!p->hash) return -1;
  /* Groups: every proper prefix of every fact name. */
  for (int i = 0; i < p->nfacts; i++) {
    const char *name = p->facts[i].name;
    p->facts[i].group = -1;
    for (const char *dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
      size_t len = (size_t)(dot - name);
      int g = -1;
      for (int k = 0; k < p->ngroups; k++)
        if (strncmp(p->groups[k], name, len) == 0 && p->groups[k][len] == 0) g = k;
      if (g < 0) {
        char **gs = mr_realloc(p->groups, (size_t)(p->ngroups + 1) * sizeof *gs);
        if (!gs) return -1;
        p->groups = gs;
        if (!(gs[p->ngroups] = mr_strndup(name, len))) return -1;
        g = p->ngroups++;
      }
      p->facts[i].group = g;
    }
    const char *dot = strrchr(name, '.');
    p->facts[i].local_len = p->facts[i].name_len - (dot ? (uint32_t)(dot + 1 - name) : 0);
  }
  mr_free(p->group_hashes);
  mr_free(p->group_lens);
  p->group_hashes = mr_malloc((size_t)(p->ngroups ? p->ngroups : 1) * sizeof *p->group_hashes);
  p->group_lens = mr_malloc((size_t)(p->ngroups ? p->ngroups : 1) * sizeof *p->group_lens);
  if (!p->group_hashes || !p->group_lens) return -1;
  for (int i = 0; i < p->ngroups; i++) {
    p->group_lens[i] = (uint32_t)strlen(p->groups[i]);
    p->group_hashes[i] = mr_hash(p->groups[i], p->group_lens[i]);
  }
  p->group_hash = build_table(p->ngroups, &p->group_hash_mask, p->group_hashes, sizeof *p->group_hashes);
  p->sorted_facts = mr_malloc((size_t)p->nfacts * sizeof(int));
  if (!p->group_hash || !p->sorted_facts) return -1;
  for (int i = 0; i < p->nfacts; i++) p->sorted_facts[i] = i;
  sort_pack = p; /* qsort has no context argument */
  qsort(p->sorted_facts, (size_t)p->nfacts, sizeof(int), by_name);
  sort_pack = NULL;
  for (int i = 0; i < p->nfacts; i++) p->facts[p->sorted_facts[i]].sort_rank = i;
  return 0;
}

static size_t edit_distance(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > 80 || lb > 80) return 1000;
  size_t row[81];
  for (size_t j = 0; j <= lb; j++) row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t cur = row[j];
      size_t best = prev + (a[i - 1] != b[j - 1]);
      if (row[j] + 1 < best) best = row[j] + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      prev = cur;
    }
  }
  return row[lb];
}

const char *mr_suggest_code(const mr_fact *f, const char *s) {
  const char *best = NULL;
  size_t bd = 3;
  for (int i = 0; i < f->nvalues; i++) {
    size_t d = edit_distance(s, f->values[i]);
    if (d < bd) bd = d, best = f->values[i];
  }
  return best && bd * 3 <= strlen(s) + 2 ? best : NULL;
}

const char *mr_suggest_fact(const medrule_pack *p, const char *name) {
  const char *best = NULL;
  size_t bd = 4;
  for (int i = 0; i < p->nfacts; i++) {
    size_t d = edit_distance(name, p->facts[i].name);
    if (d < bd) {
      bd = d;
      best = p->facts[i].name;
    }
  }
  for (int i = 0; i < p->ngroups; i++) { /* "patinet" is a typo of the group "patient" */
    size_t d = edit_distance(name, p->groups[i]);
    if (d < bd) {
      bd = d;
      best = p->groups[i];
    }
  }
  if (best && bd > 2 && bd * 4 > strlen(name)) return NULL; /* too far to be a typo */
  return best;
}

void mr_value_public(const medrule_pack *p, int fact, const mr_value *v, medrule_value *out) {
  const mr_fact *f = &p->facts[fact];
  memset(out, 0, sizeof *out);
  out->type = f->type;
  out->waits_for = v->state == MR_T ? -1 : v->blame;
  if (v->state != MR_T) return;
  out->known = 1;
  switch (f->type) {
    case MR_BOOL: out->boolean = v->bits != 0; break;
    case MR_NUMBER: case MR_QUANTITY: out->number = v->num; break;
    case MR_CODE: out->code = (int)v->bits; break;
    case MR_CODES: out->codes = v->bits; break;
    default: out->text = v->str; break;
  }
}

/* The directory to print before a pack file's name in a message: the pack's
** own, or for a shared vocabulary ("vocabulary/NAME.lua", read from the
** directory beside the pack's) the directory above the pack's, so that the
** message names the file as it is on disk.  `file` may run on past the name
** ("vocabulary/k.lua:3: ..."); only its start is looked at. */
const char *mr_file_dir(const char *dir, const char *file, char *buf, size_t n) {
  if (!file || strncmp(file, "vocabulary/", 11) != 0) return dir;
  size_t len = strlen(dir);
  while (len > 1 && dir[len - 1] == '/') len--;
  const char *slash = NULL;
  for (size_t i = len; i > 0; i--)
    if (dir[i - 1] == '/') {
      slash = dir + i - 1;
      break;
    }
  const char *last = slash ? slash + 1 : dir;
  size_t lastlen = len - (size_t)(last - dir);
  int dots = (lastlen == 1 && last[0] == '.') || (lastlen == 2 && last[0] == '.' && last[1] == '.');
  int w;
  if (len == 0 || dots) w = snprintf(buf, n, "%.*s/..", (int)len, dir);
  else if (!slash) w = snprintf(buf, n, ".");
  else if (slash == dir) w = snprintf(buf, n, "/");
  else w = snprintf(buf, n, "%.*s", (int)(slash - dir), dir);
  if (w < 0 || (size_t)w >= n) return dir;
  /* "/" would print "//vocabulary/...": the root's own name is empty */
  if (buf[0] == '/' && buf[1] == 0) buf[0] = 0;
  return buf;
}
