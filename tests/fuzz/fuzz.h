/* fuzz.h — shared by the libFuzzer targets in tests/fuzz/.
**
** Each target defines LLVMFuzzerTestOneInput.  Built with
** -fsanitize=fuzzer it is a libFuzzer binary (make fuzz); built with
** replay.c instead it is a plain program that runs each file named on its
** command line once, which is how tests/bad-input/run.sh replays the seed
** corpora and every crash found so far (tests/fuzz/regress/) without clang. */
#ifndef MR_FUZZ_H
#define MR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "medrule.h"

/* The repository root, for rules/demo; the build passes the absolute path. */
#ifndef MR_SOURCE_DIR
#define MR_SOURCE_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: print it and abort so that the fuzzer saves the input. */
#define FUZZ_CHECK(cond, ...)                                                  \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "fuzz check failed at %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
      abort();                                                                 \
    }                                                                          \
  } while (0)

/* The demo pack, opened once per process and kept (reachable, not a leak). */
static medrule_pack *fuzz_demo_pack(void) {
  static medrule_pack *pack;
  if (!pack) {
    char *err = NULL;
    int rc = medrule_pack_open(MR_SOURCE_DIR "/rules/demo", NULL, &pack, &err);
    if (rc != MEDRULE_OK) {
      fprintf(stderr, "fuzz: cannot open the demo pack: %s\n", err ? err : medrule_errstr(rc));
      exit(2);
    }
  }
  return pack;
}

#endif
