/* input.c — reading fact files: a whole JSON file, or NDJSON line by line
** with a bounded record size, so a 100 MB line is an error for that record,
** not an out-of-memory crash.  NDJSON is read with read(2), whatever is
** available, so that a record from a pipe is answered as soon as its line is
** complete; the output is flushed only before the reader would wait. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_RECORD_MIB 16 /* per patient record */
#define MAX_RECORD ((unsigned)MAX_RECORD_MIB << 20)
#define STR_(x) #x
#define STR(x) STR_(x)
#define CHUNK (1u << 20)       /* read up to 1 MiB at a time */

static void (*wait_hook)(void *);
static void *wait_ctx;

void cli_on_wait(void (*fn)(void *ctx), void *ctx) {
  wait_hook = fn;
  wait_ctx = ctx;
}

/* Everything answered so far goes out before the reader waits. */
static void before_wait(void) {
  if (wait_hook) wait_hook(wait_ctx);
  out_flush();
}

static int is_ndjson(const char *path) {
  size_t n = strlen(path);
  return strcmp(path, "-") == 0 || (n > 7 && strcmp(path + n - 7, ".ndjson") == 0) ||
         (n > 6 && strcmp(path + n - 6, ".jsonl") == 0);
}

/* The rest of f, NUL-terminated (free it); NULL with errno set on error. */
static char *read_stream(FILE *f, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (n > MAX_RECORD) {
      free(buf);
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

char *cli_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *text = read_stream(f, len);
  int err = errno;
  fclose(f);
  errno = err;
  return text;
}

/* One reading of one file: where records come from and where they go. */
typedef struct reader {
  const char *name; /* escaped for display */
  record_fn fn;
  void *ctx;
  char *source;     /* "name" or "name:line", room for both */
  size_t name_len;
} reader;

size_t cli_source(char *dst, const char *name, size_t name_len, unsigned line) {
  char digits[10], *d = digits + sizeof digits;
  memmove(dst, name, name_len); /* dst may hold the name already */
  if (line == 0) {
    dst[name_len] = 0;
    return name_len;
  }
  do *--d = (char)('0' + line % 10); while ((line /= 10) != 0);
  size_t dl = (size_t)(digits + sizeof digits - d);
  dst[name_len] = ':';
  memcpy(dst + name_len + 1, d, dl);
  dst[name_len + 1 + dl] = 0;
  return name_len + 1 + dl;
}

/* r->source = "name:line" (line 0: the name alone). */
static void source_at(reader *r, unsigned line) { cli_source(r->source, r->name, r->name_len, line); }

/* Reports a problem that is not a record's own text: the whole file (line 0)
** or one line. */
static int report(reader *r, unsigned line, const char *why) {
  source_at(r, line);
  return r->fn(r->ctx, NULL, 0, r->source, line, why);
}

/* Opens path for reading ("-": standard input); a directory or an
** unopenable file is reported, and *rc is what the report returned. */
static int open_input(reader *r, const char *path, int *fd, int *rc) {
  char why[300];
  *fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
  struct stat st;
  if (*fd < 0 || fstat(*fd, &st) != 0) snprintf(why, sizeof why, "cannot open: %s", strerror(errno));
  else if (S_ISDIR(st.st_mode)) snprintf(why, sizeof why, "a directory, not a fact file");
  else return 0;
  if (*fd > STDIN_FILENO) close(*fd);
  *rc = report(r, 0, why);
  return -1;
}

static int read_whole(reader *r, const char *path) {
  int fd, rc = 0;
  if (open_input(r, path, &fd, &rc)) return rc;
  FILE *f = fdopen(fd, "rb");
  size_t len = 0;
  char *text = f ? read_stream(f, &len) : NULL;
  int err = errno;
  if (f) fclose(f);
  else close(fd);
  if (!text) {
    char why[300];
    if (err == EFBIG) snprintf(why, sizeof why, "larger than " STR(MAX_RECORD_MIB) " MiB; use NDJSON for many patients");
    else snprintf(why, sizeof why, "cannot read: %s", strerror(err));
    return report(r, 0, why);
  }
  source_at(r, 0);
  rc = r->fn(r->ctx, text, len, r->source, 1, NULL);
  free(text);
  return rc;
}

/* What is wrong with an NDJSON line (both readers say the same). */
static const char TOO_LONG[] = "the record is longer than " STR(MAX_RECORD_MIB) " MiB";
static const char BLANK[] = "the line is blank (NDJSON has one JSON object on every line)";

/* Line rec[0..*n): its trailing spaces, tabs and '\r' dropped (*n shrinks);
** NULL when it is a record, else why it is not, to be reported in its place
** so that output line N still answers input line N. */
static const char *line_problem(const char *rec, size_t *n) {
  size_t len = *n, k = 0;
  while (len && (rec[len - 1] == '\r' || rec[len - 1] == ' ' || rec[len - 1] == '\t')) len--;
  while (k < len && (rec[k] == ' ' || rec[k] == '\t')) k++;
  *n = len;
  return k == len ? BLANK : len > MAX_RECORD ? TOO_LONG : NULL;
}

/* Reads what is available into buf[*len..cap), up to CHUNK; 0 at the end of
** the input, -1 on error.  From a pipe or terminal, the output is flushed
** first when nothing is ready: whoever sent the last record may be waiting
** for its answer before sending more. */
static ssize_t fill(int fd, int interactive, char *buf, size_t room) {
  if (room > CHUNK) room = CHUNK;
  if (interactive) {
    struct pollfd p = {fd, POLLIN, 0};
    int ready;
    while ((ready = poll(&p, 1, 0)) < 0 && errno == EINTR) {}
    if (ready == 0) before_wait();
  }
  ssize_t got;
  while ((got = read(fd, buf, room)) < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) { /* a non-blocking descriptor from the caller: wait */
      before_wait();
      struct pollfd p = {fd, POLLIN, 0};
      if (poll(&p, 1, -1) < 0 && errno != EINTR) return -1;
    } else if (errno != EINTR) {
      return -1;
    }
  }
  return got;
}

/* Splitting NDJSON into lines, the same for both readers: lines are
** counted from 1, and a line longer than any record is reported once and
** then dropped up to its newline. */
typedef struct lines {
  unsigned line;          /* lines taken so far */
  int skipping;           /* dropping the rest of an over-long line */
} lines;

/* The next whole line of buf[*pos..len) (at eof, the last one too, without
** its newline): 1 with its text at buf[*from..*to) and ls->line its number;
** 0 when no whole line is there.  The tail of an over-long line is passed
** over. */
static int next_line(lines *ls, const char *buf, size_t *pos, size_t len, int eof, size_t *from, size_t *to) {
  while (*pos < len) {
    const char *nl = memchr(buf + *pos, '\n', len - *pos);
    if (!nl && !eof) return 0;
    *from = *pos;
    *to = nl ? (size_t)(nl - buf) : len;
    *pos = nl ? *to + 1 : len;
    ls->line++;
    if (!ls->skipping) return 1;
    ls->skipping = 0; /* already reported */
  }
  return 0;
}

/* Whether the partial line buf[pos..len) is longer than any record, so
** that the caller drops it: 0 no, 1 yes and to be reported now (at line
** ls->line + 1), 2 yes and reported before. */
static int over_long(lines *ls, size_t pos, size_t len) {
  if (len - pos <= MAX_RECORD) return 0;
  int first = !ls->skipping;
  ls->skipping = 1;
  return first ? 1 : 2;
}

/* One NDJSON line: a record, or what is wrong with it. */
static int one_line(reader *r, char *rec, size_t n, unsigned line) {
  const char *why = line_problem(rec, &n);
  if (why) return report(r, line, why);
  char saved = rec[n];
  rec[n] = 0;
  source_at(r, line);
  int rc = r->fn(r->ctx, rec, n, r->source, line, NULL);
  rec[n] = saved;
  return rc;
}

static int read_lines(reader *r, const char *path) {
  int fd, rc = 0;
  if (open_input(r, path, &fd, &rc)) return rc;
  struct stat st;
  int interactive = fstat(fd, &st) == 0 && !S_ISREG(st.st_mode);
  /* A line that would not fit in MAX_RECORD is reported and skipped up to
  ** its newline; the buffer holds at most one record and one chunk. */
  size_t cap = 2 * CHUNK + 1, len = 0, pos = 0;
  char *buf = malloc(cap);
  if (!buf) {
    if (fd != STDIN_FILENO) close(fd);
    return report(r, 0, "out of memory");
  }
  lines ls = {0, 0};
  int eof = 0;
  while (!rc && (!eof || pos < len)) {
    size_t from, to;
    if (next_line(&ls, buf, &pos, len, eof, &from, &to)) {
      rc = one_line(r, buf + from, to - from, ls.line);
      continue;
    }
    if (eof) break; /* every line taken */
    int o = over_long(&ls, pos, len);
    if (o) {
      if (o == 1) rc = report(r, ls.line + 1, TOO_LONG);
      pos = len;
    }
    memmove(buf, buf + pos, len - pos); /* keep the partial line, read more */
    len -= pos;
    pos = 0;
    if (rc) break;
    if (cap - len - 1 < CHUNK) { /* len <= MAX_RECORD here, so cap stays below 2 * (MAX_RECORD + CHUNK) */
      char *nb = realloc(buf, cap * 2);
      if (!nb) {
        rc = report(r, ls.line + 1, "out of memory");
        break;
      }
      buf = nb, cap *= 2;
    }
    ssize_t got = fill(fd, interactive, buf + len, cap - len - 1);
    if (got < 0) {
      char why[300];
      snprintf(why, sizeof why, "read error: %s", strerror(errno));
      rc = report(r, ls.line + 1, why);
      break;
    }
    len += (size_t)got;
    eof = got == 0;
  }
  free(buf);
  if (fd != STDIN_FILENO) close(fd);
  if (!rc && ls.line == 0) rc = report(r, 0, "no patient records: the input is empty");
  return rc;
}

int cli_read_records(const char *path, record_fn fn, void *ctx) {
  char *name = cli_display(strcmp(path, "-") == 0 ? "<stdin>" : path, 0);
  char *source = name ? malloc(strlen(name) + CLI_SOURCE_EXTRA) : NULL; /* name, ":", a line number */
  if (!source) {
    free(name);
    return fn(ctx, NULL, 0, "<input>", 0, "out of memory");
  }
  reader r = {name, fn, ctx, source, strlen(name)};
  int rc = is_ndjson(path) ? read_lines(&r, path) : read_whole(&r, path);
  free(source);
  free(name);
  return rc;
}

/* A regular file read block by block by several threads (cli_feed_take):
** each takes the next block under the lock, reads it itself and splits its
** lines there, so that a record is read and parsed on the same core.  The
** partial line at a block's end is carried to the next block. */
struct cli_feed {
  pthread_mutex_t mu;
  int fd;
  char *name;             /* escaped for display */
  char *carry;            /* the start of the next line */
  size_t carry_len, carry_cap;
  lines ls;
  unsigned long records;  /* records (and reported lines) taken so far */
  unsigned long blocks;
  int done;
  char why[300];          /* a read error */
};

#define FEED_BLOCK (64u << 10) /* read this much at a time: about 50 records */

int cli_feed_open(const char *path, cli_feed **feed) {
  *feed = NULL;
  if (!is_ndjson(path)) return 0;
  int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
  struct stat st;
  if (fd < 0) return 0; /* cli_read_records says why */
  cli_feed *f = calloc(1, sizeof *f);
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !f ||
      !(f->name = cli_display(strcmp(path, "-") == 0 ? "<stdin>" : path, 0))) {
    if (fd != STDIN_FILENO) close(fd);
    free(f);
    return 0;
  }
  f->fd = fd;
  pthread_mutex_init(&f->mu, NULL);
  *feed = f;
  return 1;
}

const char *cli_feed_name(const cli_feed *f) { return f->name; }

void cli_feed_close(cli_feed *f) {
  if (!f) return;
  if (f->fd != STDIN_FILENO) close(f->fd);
  pthread_mutex_destroy(&f->mu);
  free(f->carry);
  free(f->name);
  free(f);
}

/* Adds a line, or a problem at a line, to the block. */
static void feed_add(cli_feed *f, cli_block *k, char *text, size_t len, unsigned line, const char *error) {
  cli_line *l = &k->lines[k->n++];
  l->text = text, l->len = len, l->line = line, l->error = error;
  f->records++;
}

/* One line of the block at buf[pos..end): as one_line. */
static void feed_line(cli_feed *f, cli_block *k, size_t pos, size_t end) {
  char *rec = k->buf + pos;
  size_t n = end - pos;
  const char *why = line_problem(rec, &n);
  if (why) {
    feed_add(f, k, NULL, 0, f->ls.line, why);
  } else {
    rec[n] = 0; /* the block is the taker's: no need to put it back */
    feed_add(f, k, rec, n, f->ls.line, NULL);
  }
}

static int feed_room(cli_block *k, size_t need) {
  if (k->cap >= need) return 0;
  size_t cap = k->cap ? k->cap : FEED_BLOCK + 1;
  while (cap < need) cap *= 2;
  char *nb = realloc(k->buf, cap);
  if (!nb) return -1;
  k->buf = nb, k->cap = cap;
  return 0;
}

int cli_feed_take(cli_feed *f, cli_block *k, int max) {
  k->n = 0;
  pthread_mutex_lock(&f->mu);
  if (f->done) {
    pthread_mutex_unlock(&f->mu);
    return 0;
  }
  k->no = f->blocks++;
  k->first = f->records;
  size_t len = 0, pos = 0;
  if (feed_room(k, f->carry_len + FEED_BLOCK + 1)) {
    feed_add(f, k, NULL, 0, f->ls.line + 1, "out of memory");
    f->done = 1;
    pthread_mutex_unlock(&f->mu);
    return k->n;
  }
  if (f->carry_len) memcpy(k->buf, f->carry, f->carry_len); /* no carry yet: f->carry may be NULL */
  len = f->carry_len;
  int eof = 0;
  while (k->n < max) {
    size_t from, to;
    if (next_line(&f->ls, k->buf, &pos, len, eof, &from, &to)) {
      feed_line(f, k, from, to);
      continue;
    }
    if (k->n || eof) break; /* whole lines: enough for this block; or every line taken */
    int o = over_long(&f->ls, pos, len);
    if (o) {
      if (o == 1) feed_add(f, k, NULL, 0, f->ls.line + 1, TOO_LONG);
      len = pos = 0;
      continue;
    }
    if (feed_room(k, len + FEED_BLOCK + 1)) {
      feed_add(f, k, NULL, 0, f->ls.line + 1, "out of memory");
      eof = 1, pos = len;
      break;
    }
    ssize_t got;
    while ((got = read(f->fd, k->buf + len, FEED_BLOCK)) < 0 && errno == EINTR) {}
    if (got < 0) {
      snprintf(f->why, sizeof f->why, "read error: %s", strerror(errno));
      feed_add(f, k, NULL, 0, f->ls.line + 1, f->why);
      eof = 1, pos = len;
      break;
    }
    len += (size_t)got;
    eof = got == 0;
  }
  if (eof && pos == len) {
    f->done = 1;
    if (f->ls.line == 0 && !k->n) feed_add(f, k, NULL, 0, 0, "no patient records: the input is empty");
  }
  if (len - pos > f->carry_cap) {
    char *nc = realloc(f->carry, len - pos);
    if (!nc) { /* the rest cannot be kept: say so at its line */
      feed_add(f, k, NULL, 0, f->ls.line + 1, "out of memory");
      f->done = 1;
      pos = len;
    } else {
      f->carry = nc, f->carry_cap = len - pos;
    }
  }
  if (len > pos) memcpy(f->carry, k->buf + pos, len - pos);
  f->carry_len = len - pos;
  pthread_mutex_unlock(&f->mu);
  return k->n;
}
