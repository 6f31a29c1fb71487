/* fuzz_facts.c — the fact-file loader: medrule_facts_load_json on the demo
** pack, as a whole file and as an NDJSON record, then every fact set from
** the input as command-line text (medrule_facts_set). */
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  medrule_pack *pack = fuzz_demo_pack();
  medrule_facts *f = medrule_facts_new(pack);
  FUZZ_CHECK(f != NULL, "medrule_facts_new");
  const char *json = (const char *)data;
  for (int pass = 0; pass < 2; pass++) {
    const char *source = pass ? "fuzz.ndjson:7" : "fuzz.json";
    unsigned flags = pass ? MEDRULE_ALLOW_EXTRA : 0;
    int rc = medrule_facts_load_json(f, json, size, source, pass ? 7 : 1, flags);
    const char *msg = medrule_facts_errmsg(f);
    FUZZ_CHECK(rc == MEDRULE_OK || rc == MEDRULE_INPUT, "status %d", rc);
    if (rc == MEDRULE_OK) {
      FUZZ_CHECK(msg[0] == 0, "error message after success: %s", msg);
    } else {
      FUZZ_CHECK(strncmp(msg, "fuzz.", 5) == 0 && strlen(msg) > 12, "message does not name the source: '%s'", msg);
    }
    for (int i = 0; i < medrule_facts_warning_count(f); i++)
      FUZZ_CHECK(medrule_facts_warning(f, i) != NULL, "warning %d is NULL", i);
  }
  /* The same bytes as a value typed on the command line, for every fact. */
  char *text = malloc(size + 1);
  FUZZ_CHECK(text != NULL, "malloc");
  memcpy(text, data, size);
  text[size] = 0;
  medrule_facts_clear(f);
  for (int i = 0; i < medrule_pack_fact_count(pack); i++) {
    int rc = medrule_facts_set(f, medrule_pack_fact_name(pack, i), text);
    FUZZ_CHECK(rc == MEDRULE_OK || rc == MEDRULE_INPUT, "facts_set status %d", rc);
    if (rc) FUZZ_CHECK(medrule_facts_errmsg(f)[0] != 0, "facts_set failed without a message");
  }
  free(text);
  medrule_facts_free(f);
  return 0;
}
