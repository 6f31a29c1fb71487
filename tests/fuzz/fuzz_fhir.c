/* fuzz_fhir.c — FHIR R4 input: medrule_facts_load_fhir on the ketamine pack
** (its vocabulary's mapping), with and without --complete, then evaluation
** and every rendering of what was read.  A bundle is either read or refused
** with a message that names the source; nothing else may happen. */
#include <string.h>

#include "fuzz.h"

static medrule_pack *ketamine_pack(void) {
  static medrule_pack *pack;
  return fuzz_pack(&pack, MR_SOURCE_DIR "/rules/asra-ketamine-2018");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  medrule_pack *pack = ketamine_pack();
  medrule_facts *f = medrule_facts_new(pack);
  medrule_evaluator *ev = medrule_evaluator_new(pack, NULL);
  medrule_result *r = medrule_result_new();
  FUZZ_CHECK(f && ev && r, "allocation");
  for (int pass = 0; pass < 2; pass++) {
    medrule_fhir_options o;
    memset(&o, 0, sizeof o);
    o.size = sizeof o;
    o.as_of = pass ? NULL : "2026-11-30";
    o.complete = pass ? MEDRULE_FHIR_COMPLETE_PROBLEMS | MEDRULE_FHIR_COMPLETE_MEDICATIONS : 0;
    o.source = "fuzz.json";
    int rc = medrule_facts_load_fhir(f, (const char *)data, size, &o);
    FUZZ_CHECK(rc == MEDRULE_OK || rc == MEDRULE_INPUT, "status %d", rc);
    const char *msg = medrule_facts_errmsg(f);
    if (rc != MEDRULE_OK) {
      FUZZ_CHECK(strncmp(msg, "fuzz.json", 9) == 0, "message does not name the source: '%s'", msg);
      continue;
    }
    FUZZ_CHECK(msg[0] == 0, "error message after success: %s", msg);
    rc = medrule_evaluate(ev, f, r);
    FUZZ_CHECK(rc == MEDRULE_OK, "evaluate status %d", rc);
    static const int FORMATS[] = {MEDRULE_FORMAT_JSON, MEDRULE_FORMAT_TEXT, MEDRULE_FORMAT_CARDS, MEDRULE_FORMAT_SCREEN};
    for (size_t k = 0; k < sizeof FORMATS / sizeof *FORMATS; k++) {
      medrule_render_options ro;
      memset(&ro, 0, sizeof ro);
      ro.size = sizeof ro;
      ro.format = FORMATS[k];
      const char *out;
      size_t len;
      FUZZ_CHECK(medrule_result_render(r, &ro, &out, &len) == MEDRULE_OK && len > 0, "render %d", FORMATS[k]);
    }
  }
  medrule_result_free(r);
  medrule_evaluator_free(ev);
  medrule_facts_free(f);
  return 0;
}
