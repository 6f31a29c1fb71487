/* embed.c — evaluating one patient from C with libmedrule.
**   cc embed.c -Iengine/include build/libmedrule.a -llua5.4 -llua5.4-lpeg -lcjson -lnettle -lunistring -lm
**   ./embed PACK_DIR FACTS.json */
#include <stdio.h>
#include <stdlib.h>

#include "medrule.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: embed PACK_DIR FACTS.json\n");
    return 2;
  }
  medrule_pack *pack;
  char *err = NULL;
  if (medrule_pack_open(argv[1], NULL, &pack, &err) != MEDRULE_OK) {
    fprintf(stderr, "%s\n", err);
    medrule_free(err);
    return 1;
  }
  FILE *f = fopen(argv[2], "rb");
  char buf[1 << 16];
  size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
  if (f) fclose(f);

  medrule_facts *facts = medrule_facts_new(pack);         /* one per patient at a time */
  medrule_evaluator *ev = medrule_evaluator_new(pack, NULL); /* one per thread */
  medrule_result *result = medrule_result_new();          /* reusable */
  int status = 1;
  if (medrule_facts_load_json(facts, buf, n, argv[2], 1, 0) != MEDRULE_OK) {
    fprintf(stderr, "%s\n", medrule_facts_errmsg(facts));
  } else if (medrule_evaluate(ev, facts, result) == MEDRULE_OK) {
    printf("disposition: %s\n", medrule_result_disposition(result));
    for (int i = 0; i < medrule_result_recommendation_count(result); i++)
      printf("  %s\n", medrule_result_recommendation_id(result, i));
    for (int i = 0; i < medrule_result_missing_count(result); i++)
      printf("  missing: %s\n", medrule_result_missing_fact(result, i));
    status = 0;
  }
  medrule_result_free(result);
  medrule_evaluator_free(ev);
  medrule_facts_free(facts);
  medrule_pack_close(pack); /* last: the others refer to it */
  return status;
}
