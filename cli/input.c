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
        char why[100];
        snprintf(why, sizeof why, "larger than %u MiB; use NDJSON for many patients", MAX_RECORD >> 20);
        snprintf(source, sizeof source, "%s", name);
        return fn(ctx, NULL, 0, source, 0, why);
      }
      return -1;
    }
    snprintf(source, sizeof source, "%s", name);
    int rc = fn(ctx, text, len, source, 1, NULL);
    free(text);
    return rc;
  }
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return -1;
  /* Chunks of 1 MiB, lines found with memchr; a line that would not fit in
  ** MAX_RECORD is reported and skipped up to its newline. */
  size_t cap = (1u << 20) + 1, len = 0, pos = 0;
  char *buf = malloc(cap);
  if (!buf) {
    if (f != stdin) fclose(f);
    errno = ENOMEM;
    return -1;
  }
  unsigned line = 0;
  int rc = 0, eof = 0, skipping = 0;
  char too_long[64];
  snprintf(too_long, sizeof too_long, "the record is longer than %u MiB", MAX_RECORD >> 20);
  while (!rc && (!eof || pos < len)) {
    char *nl = memchr(buf + pos, '\n', len - pos);
    if (!nl && !eof) {
      if (len - pos > MAX_RECORD) { /* over-long: report once, then drop until its newline */
        if (!skipping) {
          snprintf(source, sizeof source, "%s:%u", name, line + 1);
          rc |= fn(ctx, NULL, 0, source, line + 1, too_long);
        }
        skipping = 1;
        pos = len;
      }
      memmove(buf, buf + pos, len - pos); /* keep the partial line, read more */
      len -= pos;
      pos = 0;
      if (cap - len - 1 < (1u << 20)) {
        size_t ncap = cap * 2;
        char *nb = ncap <= 2 * (size_t)MAX_RECORD + (2u << 20) ? realloc(buf, ncap) : NULL;
        if (nb) buf = nb, cap = ncap;
      }
      size_t got = fread(buf + len, 1, cap - len - 1, f);
      len += got;
      if (got == 0) eof = 1;
      continue;
    }
    size_t end = nl ? (size_t)(nl - buf) : len;
    line++;
    char *rec = buf + pos;
    size_t n = end - pos;
    pos = nl ? end + 1 : len;
    if (skipping) { /* the tail of an over-long line */
      skipping = 0;
      continue;
    }
    while (n && (rec[n - 1] == '\r' || rec[n - 1] == ' ' || rec[n - 1] == '\t')) n--;
    size_t k = 0;
    while (k < n && (rec[k] == ' ' || rec[k] == '\t')) k++;
    if (k == n) continue; /* blank line */
    if (n > MAX_RECORD) {
      snprintf(source, sizeof source, "%s:%u", name, line);
      rc |= fn(ctx, NULL, 0, source, line, too_long);
      continue;
    }
    char saved = rec[n];
    rec[n] = 0;
    snprintf(source, sizeof source, "%s:%u", name, line);
    rc |= fn(ctx, rec, n, source, line, NULL);
    rec[n] = saved;
  }
  if (!rc && ferror(f)) {
    char why[300];
    snprintf(why, sizeof why, "read error: %s", strerror(errno));
    snprintf(source, sizeof source, "%s:%u", name, line);
    rc |= fn(ctx, NULL, 0, source, line, why);
  }
  free(buf);
  if (f != stdin) fclose(f);
  return rc;
}
