/* json_check.c — reads each FILE with medrule's JSON reader (engine/src/json.h)
** and prints one line per file:
**   FILE: accept (N values)
**   FILE: reject LINE:COL (offset OFF): REASON
** Used by tests/json/jsontestsuite.sh (make jsonsuite).  Exit status: 0 when
** every file was read (accepted or rejected), 2 on a usage, I/O or memory
** error. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n, f);
    if (n < cap) break;
    char *nb = realloc(buf, cap *= 2);
    if (!nb) free(buf);
    buf = nb;
  }
  if (buf && ferror(f)) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: json_check FILE...\n");
    return 2;
  }
  mr_jdoc *d = mr_jdoc_new();
  if (!d) {
    fprintf(stderr, "json_check: out of memory\n");
    return 2;
  }
  int status = 0;
  for (int i = 1; i < argc; i++) {
    size_t len = 0;
    char *text = slurp(argv[i], &len);
    if (!text) {
      fprintf(stderr, "json_check: %s: %s\n", argv[i], strerror(errno));
      status = 2;
      continue;
    }
    const mr_jval *v = NULL;
    size_t n = 0;
    mr_jerror err;
    int rc = mr_json_parse(d, text, len, &v, &n, &err);
    if (rc == 0)
      printf("%s: accept (%zu values)\n", argv[i], n);
    else if (rc == -1)
      printf("%s: reject %u:%u (offset %zu): %s\n", argv[i], err.line, err.col, err.offset, err.msg);
    else {
      printf("%s: out of memory\n", argv[i]);
      status = 2;
    }
    free(text);
  }
  mr_jdoc_free(d);
  return status;
}
