/* fuzz_eval.c — evaluation end to end on the demo pack: a fact file, then
** evaluate, render in every format (with and without explanation and
** colour), explain and trace every rule.  The JSON rendering must be the
** same bytes when the same facts are evaluated again. */
#include <string.h>

#include "fuzz.h"

/* Renders with the given format and flags (the options struct, filled in). */
static int render(medrule_result *r, int format, unsigned flags, const char **out, size_t *len) {
  medrule_render_options o = {sizeof o, format, flags, 0};
  return medrule_result_render(r, &o, out, len);
}

static void trace(void *ctx, int node, int part, int depth, const char *text, size_t len, int truth) {
  (void)node, (void)depth, (void)text;
  int *count = ctx;
  FUZZ_CHECK(part == 0 || part == 1, "part %d", part);
  FUZZ_CHECK(truth >= 0 && truth <= 2, "truth %d", truth);
  FUZZ_CHECK(len < 100000, "length %zu", len);
  (*count)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static medrule_facts *facts;
  static medrule_evaluator *ev;
  static medrule_result *res;
  medrule_pack *pack = fuzz_demo_pack();
  if (!facts) {
    char *err = NULL;
    facts = medrule_facts_new(pack);
    ev = medrule_evaluator_new(pack, &err);
    res = medrule_result_new();
    FUZZ_CHECK(facts && ev && res, "objects: %s", err ? err : "");
  }
  unsigned flags = size & 1 ? MEDRULE_ALLOW_EXTRA : 0;
  if (medrule_facts_load_json(facts, (const char *)data, size, "fuzz.json", 1, flags) != MEDRULE_OK) return 0;
  int rc = medrule_evaluate(ev, facts, res);
  FUZZ_CHECK(rc == MEDRULE_OK, "evaluate: %d", rc);
  const char *out;
  size_t len;
  FUZZ_CHECK(render(res, MEDRULE_FORMAT_JSON, 0, &out, &len) == MEDRULE_OK, "json");
  FUZZ_CHECK(len > 0 && out[len - 1] == '\n' && strlen(out) == len, "json shape");
  char *first = malloc(len);
  FUZZ_CHECK(first != NULL, "malloc");
  memcpy(first, out, len);
  size_t first_len = len;
  static const unsigned FLAGS[] = {0, MEDRULE_RENDER_COLOR};
  for (size_t i = 0; i < sizeof FLAGS / sizeof FLAGS[0]; i++) {
    FUZZ_CHECK(render(res, MEDRULE_FORMAT_TEXT, FLAGS[i], &out, &len) == MEDRULE_OK,
               "text %u", FLAGS[i]);
    FUZZ_CHECK(strlen(out) == len, "text length");
  }
  FUZZ_CHECK(render(res, MEDRULE_FORMAT_CARDS, 0, &out, &len) == MEDRULE_OK, "cards");
  for (int r = 0; r < medrule_pack_rule_count(pack); r++) {
    char *text = NULL;
    for (int decisive = 0; decisive < 2; decisive++) {
      FUZZ_CHECK(medrule_explain_rule(ev, facts, r, decisive, &text) == MEDRULE_OK && text, "explain %d", r);
      medrule_free(text);
    }
    int count = 0;
    FUZZ_CHECK(medrule_trace_rule(ev, facts, r, trace, &count) == MEDRULE_OK, "trace %d", r);
  }
  /* determinism: evaluate again, same JSON bytes */
  FUZZ_CHECK(medrule_evaluate(ev, facts, res) == MEDRULE_OK, "evaluate again");
  FUZZ_CHECK(render(res, MEDRULE_FORMAT_JSON, 0, &out, &len) == MEDRULE_OK, "json again");
  FUZZ_CHECK(len == first_len && memcmp(out, first, len) == 0, "JSON differs between two evaluations:\n%.*s%.*s",
             (int)first_len, first, (int)len, out);
  free(first);
  return 0;
}
