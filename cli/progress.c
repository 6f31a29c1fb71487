/* progress.c — the progress line of a long batch on standard error, only
** when standard error is a terminal: records done, records per second,
** errors and, when the inputs' size is known, the share done and the time
** left.  Shown after the first second, redrawn at most 4 times a second,
** erased before any message and at the end, so it never mixes with them. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void progress_init(progress *p, int wanted, unsigned long long total_bytes) {
  p->on = wanted && isatty(STDERR_FILENO);
  p->shown = 0;
  p->start = p->last = p->on ? now() : 0;
  p->total_bytes = total_bytes;
}

void progress_tick(progress *p, unsigned long records, unsigned long errors, unsigned long long bytes) {
  if (!p->on || (records & 63) != 0) return; /* the clock once in 64 records */
  double t = now();
  if (t - p->start < 1.0 || t - p->last < 0.25) return;
  p->last = t;
  double rate = (double)records / (t - p->start);
  char eta[64] = "";
  if (p->total_bytes && bytes <= p->total_bytes && bytes > 0) {
    double done = (double)bytes / (double)p->total_bytes;
    long left = (long)((t - p->start) * (1 - done) / done + 0.5);
    snprintf(eta, sizeof eta, ", %d%%, ETA %ld:%02ld", (int)(done * 100), left / 60, left % 60);
  }
  fprintf(stderr, "\rmedrule: %lu records, %.0f/s, %lu error%s%s\033[K", records, rate, errors,
          errors == 1 ? "" : "s", eta);
  fflush(stderr);
  p->shown = 1;
}

void progress_clear(progress *p) {
  if (!p->shown) return;
  fputs("\r\033[K", stderr);
  fflush(stderr);
  p->shown = 0;
}
