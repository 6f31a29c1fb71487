/* out.c — standard output that never lies: every byte goes through one
** buffer written with write(2), and every write is checked.  The first failure
** is kept, later output is dropped, and main reports it and exits 1, so a
** full disk, a closed descriptor or a closed pipe (with SIGPIPE ignored) is
** never a silent success.  With SIGPIPE at its default, a closed pipe ends
** the program by the signal, as for any Unix filter. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cli.h"
#include "strbuf.h"

#define OUT_BUF (1u << 16)

static char buf[OUT_BUF];
static size_t used;
static int failure;    /* errno of the first failure; 0 while all is well */
static int was_closed; /* standard output was closed when the program started */

void out_init(void) {
  /* A closed standard descriptor would be reused by the next open(): the
  ** output could land in a fact file.  Park /dev/null there, opened the
  ** wrong way round so that a write to it (or a read from it) still fails. */
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    if (fd == 1) was_closed = 1;
    int nfd = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
    if (nfd >= 0 && nfd != fd) {
      dup2(nfd, fd);
      close(nfd);
    }
  }
}

/* Writes the n pieces at `at` whole, or keeps the first failure: partial
** writes go on where they stopped, EINTR retries, and a non-blocking
** descriptor from the caller is waited for. */
static void write_pieces(struct iovec *at, int n) {
  while (n && !failure) {
    ssize_t w = writev(STDOUT_FILENO, at, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      struct pollfd p = {STDOUT_FILENO, POLLOUT, 0};
      if (poll(&p, 1, -1) >= 0 || errno == EINTR) continue;
    }
    if (w <= 0) {
      failure = w < 0 ? errno : EIO;
      return;
    }
    size_t k = (size_t)w;
    for (; n && k >= at->iov_len; n--, at++) k -= at->iov_len; /* the pieces written whole */
    if (n) { /* and the one written in part */
      at->iov_base = (char *)at->iov_base + k;
      at->iov_len -= k;
    }
  }
}

static void write_all(const char *s, size_t n) {
  struct iovec one = {(void *)s, n};
  write_pieces(&one, 1);
}

int out_flush(void) {
  if (used && !failure) write_all(buf, used);
  used = 0;
  return failure ? -1 : 0;
}

int out_failed(void) { return failure != 0; }

void out_fail(int errnum) {
  if (!failure) failure = errnum;
}

/* Fills the buffer to the brim before each write(2): full 64 KiB writes. */
void out_write(const void *s, size_t n) {
  const char *p = s;
  while (n && !failure) {
    if (!used && n >= OUT_BUF) { /* a large block: straight through */
      write_all(p, n);
      return;
    }
    size_t k = n < OUT_BUF - used ? n : OUT_BUF - used;
    memcpy(buf + used, p, k);
    used += k, p += k, n -= k;
    if (used == OUT_BUF) out_flush();
  }
}

/* Writes what is buffered, then the n pieces (at most OUT_IOV) from where
** they are, with writev(2): large results are not copied into the buffer. */
void out_writev(const struct iovec *iov, int n) {
  struct iovec v[OUT_IOV];
  if (n > OUT_IOV) n = 0, out_fail(EINVAL); /* the caller's mistake: never partial output */
  if (out_flush() || n <= 0) return;
  memcpy(v, iov, (size_t)n * sizeof *v);
  write_pieces(v, n);
}

void out_puts(const char *s) { out_write(s, strlen(s)); }

void out_putc(char c) { out_write(&c, 1); }

void out_printf(const char *fmt, ...) {
  char tmp[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) {
    out_fail(EILSEQ);
    return;
  }
  if ((size_t)n < sizeof tmp) {
    out_write(tmp, (size_t)n);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (!big) {
    out_fail(ENOMEM);
    return;
  }
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  out_write(big, (size_t)n);
  free(big);
}

void out_json_str(const char *s) {
  strbuf b;
  sb_init(&b);
  sb_json_str(&b, s);
  if (b.oom) out_fail(ENOMEM);
  else out_write(b.data, b.len);
  sb_free(&b);
}

void out_printable(const char *s) {
  strbuf b;
  sb_init(&b);
  sb_put_printable(&b, s);
  if (b.oom) out_fail(ENOMEM);
  else out_write(b.data ? b.data : "", b.len);
  sb_free(&b);
}

int out_finish(int status) {
  out_flush();
  if (!failure) return status;
  if (was_closed) cli_error("cannot write to standard output: it is closed");
  else cli_error("cannot write to standard output: %s", strerror(failure));
  return status ? status : EXIT_LOAD_FAILED;
}
