/* replay.c — a main() for the fuzz targets when libFuzzer is not linked in:
** runs LLVMFuzzerTestOneInput once on each file named on the command line.
** A crash or a failed FUZZ_CHECK aborts; otherwise the exit status is 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int main(int argc, char **argv) {
  int n = 0;
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      perror(argv[i]);
      return 2;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
      len += got;
      if (len == cap) {
        uint8_t *nb = realloc(buf, cap *= 2);
        if (!nb) free(buf);
        buf = nb;
      }
    }
    fclose(f);
    if (!buf) {
      fputs("replay: out of memory\n", stderr);
      return 2;
    }
    /* an exact-size copy, so that ASan sees reads past the end */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) return 2;
    memcpy(exact, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(exact, len);
    free(exact);
    n++;
  }
  printf("replayed %d input%s\n", n, n == 1 ? "" : "s");
  return 0;
}
