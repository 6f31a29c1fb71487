/* input.c — reading fact files: a whole JSON file, or NDJSON line by line
** with a bounded record size, so a 100 MB line is an error for that record,
** not an out-of-memory crash. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_RECORD (16u << 20) /* 16 MiB per patient record */

static int is_ndjson(const char *path) {
  size_t n = strlen(path);
  return strcmp(path, "-") == 0 || (n > 7 && strcmp(path + n - 7, ".ndjson") == 0) ||
         (n > 6 && strcmp(path + n - 6, ".jsonl") == 0);
}

char *cli_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (n > MAX_RECORD) {
      free(buf);
      fclose(f);
      errno = EFBIG;
      return NULL;
    }
    if (cap - n - 1 == 0) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) free(buf);
      buf = nb;
      cap *= 2;
    }
  }
  int err = ferror(f) ? errno : 0;
  fclose(f);
  if (!buf) {
    errno = ENOMEM;
    return NULL;
  }
  if (err) {
    free(buf);
    errno = err;
    return NULL;
  }
  buf[n] = 0;
  *len = n;
  return buf;
}

int cli_read_records(const char *path, record_fn fn, void *ctx) {
  const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
  char source[4200];
  if (!is_ndjson(path)) {
    size_t len;
    char *text = cli_read_file(path, &len);
    if (!text) {
      if (errno == EFBIG) {
        snprintf(source, sizeof source, "%s: larger than %u MiB; use NDJSON for many patients", name,
                 MAX_RECORD >> 20);
        return fn(ctx, NULL, 0, source, 0);
      }
      return -1;
    }
    snprintf(source, sizeof source, "%s", name);
    int rc = fn(ctx, text, len, source, 1);
    free(text);
    return rc;
  }
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return -1;
  size_t cap = 1 << 16;
  char *buf = malloc(cap);
  if (!buf) {
    if (f != stdin) fclose(f);
    errno = ENOMEM;
    return -1;
  }
  unsigned line = 0;
  int rc = 0, c = 0;
  while (c != EOF) {
    size_t n = 0;
    int too_long = 0;
    line++;
    while ((c = getc(f)) != EOF && c != '\n') {
      if (n >= MAX_RECORD) {
        too_long = 1;
        continue; /* skip the rest of this line */
      }
      if (n + 1 >= cap) {
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
          too_long = 1;
          continue;
        }
        buf = nb;
        cap *= 2;
      }
      buf[n++] = (char)c;
    }
    if (c == EOF && n == 0 && !too_long) break;
    if (too_long) {
      snprintf(source, sizeof source, "%s:%u: the record is longer than %u MiB", name, line, MAX_RECORD >> 20);
      rc |= fn(ctx, NULL, 0, source, line);
      continue;
    }
    size_t k = 0;
    while (k < n && (buf[k] == ' ' || buf[k] == '\t' || buf[k] == '\r')) k++;
    if (k == n) continue; /* blank line */
    buf[n] = 0;
    snprintf(source, sizeof source, "%s:%u", name, line);
    rc |= fn(ctx, buf, n, source, line);
  }
  if (ferror(f)) {
    snprintf(source, sizeof source, "%s:%u: read error: %s", name, line, strerror(errno));
    rc |= fn(ctx, NULL, 0, source, line);
  }
  free(buf);
  if (f != stdin) fclose(f);
  return rc;
}
