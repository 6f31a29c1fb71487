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

/* The pack in `dir` (under the source tree), opened into *kept the first
** time and kept (reachable, not a leak); a pack that does not open ends the
** run, saying why. */
static medrule_pack *fuzz_pack(medrule_pack **kept, const char *dir) {
  if (!*kept) {
    char *err = NULL;
    int rc = medrule_pack_open(dir, NULL, kept, &err);
    if (rc != MEDRULE_OK) {
      fprintf(stderr, "fuzz: cannot open %s: %s\n", dir, err ? err : medrule_errstr(rc));
      exit(2);
    }
  }
  return *kept;
}

/* The demo pack, opened once per process. */
static medrule_pack *fuzz_demo_pack(void) {
  static medrule_pack *pack;
  return fuzz_pack(&pack, MR_SOURCE_DIR "/rules/demo");
}

#endif
