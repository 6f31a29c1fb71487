/* batch.c — `medrule check` over a batch: each record is loaded, evaluated
** and rendered into its own slot.  With -j N, N threads share the read-only
** pack, each with its own facts, evaluator and result: the main thread and
** N-1 workers.  The slots form a ring of 32×N records; when it is full the
** main thread evaluates the next waiting record itself instead of waiting, so
** N threads keep N cores busy (with N workers beside a reader, the reader was
** descheduled and the workers starved).  Memory stays bounded whatever the
** input's size.  One thread writes (from a pipe the main one), in input order,
** through out.c: the output, the messages and the error records are the same
** bytes whatever N is.
**
** Handing records over takes no lock: the main thread publishes filled
** slots by advancing `submitted` (a few at a time: each store moves the
** counter's line to its core), a thread claims the next one by advancing
** `taken` (compare and swap), and marks it `done`; a lock per record, taken
** five times over by two cores, cost a sixth of the work it handed over.
** The mutex and its condition variables are only for sleeping: a thread that
** finds nothing to do says so (idle_workers, main_waiting) before it looks a
** last time, and whoever makes work for it looks at that after publishing
** the work, so one of the two always sees the other (sequentially consistent
** atomics on both sides).
**
** A regular file with -j 2 or more is read another way, by blocks taken by
** every thread (batch_feed.c); pipes and terminals keep the ring: there a
** record is answered as soon as its line is complete. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "batch.h"

/* Records in flight per thread: enough that the threads rarely wait for one
** another, few enough that memory does not depend on the input and the
** slots' results stay in the cores' caches (about 12 KB a record with its
** JSON result: 770 KB at -j 2; 64 a thread cost 2-3% more time). */
#define SLOTS_PER_JOB 32

/* Filled slots are published this many at a time, or sooner when the main
** thread is about to evaluate or wait. */
#define PUBLISH_EVERY 4

static int threaded(const batch *b) { return b->cfg.jobs > 1; }

/* --explain: every rule of the pack, after the result. */
static int explain_all(lane *l, strbuf *out) {
  const medrule_pack *pack = l->b->cfg.pack;
  sb_puts(out, "\nExplanation: every rule\n");
  int status = MEDRULE_OK;
  for (int r = 0; r < medrule_pack_rule_count(pack); r++) {
    char *text = NULL;
    int rc = medrule_explain_rule(l->ev, l->facts, r, l->b->cfg.explain_color ? MEDRULE_EXPLAIN_COLOR : 0, &text);
    if (text) sb_puts(out, text);
    medrule_free(text);
    if (rc != MEDRULE_OK && status == MEDRULE_OK) status = rc;
  }
  return status == MEDRULE_RUNTIME ? MEDRULE_OK : status; /* RUNTIME: a warning in the result says what failed */
}

static void keep_summary(lane *l, slot *s) {
  const medrule_result *r = l->result;
  s->disposition = medrule_result_disposition_code(r);
  s->nfired = 0;
  for (int i = 0; i < medrule_result_recommendation_count(r); i++)
    s->fired[s->nfired++] = medrule_result_recommendation_rule(r, i);
  s->nmissing = 0;
  for (int i = 0; i < medrule_result_missing_count(r); i++) {
    int f = medrule_fact_index(l->b->cfg.pack, medrule_result_missing_fact(r, i));
    if (f >= 0) s->missing[s->nmissing++] = f;
  }
}

/* Loads, evaluates and renders one record into its slot; any thread. */
void batch_process(lane *l, slot *s) {
  const batch_config *cfg = &l->b->cfg;
  s->disposition = -1;
  const char *msg = s->error;
  char *where = NULL;
  if (s->has_text) {
    medrule_fhir_options fo = cfg->fhir_opts; /* the record's own source and line */
    fo.source = s->source, fo.line = s->line;
    int rc = cfg->fhir ? medrule_facts_load_fhir(l->facts, s->text, s->len, &fo)
                       : medrule_facts_load_json(l->facts, s->text, s->len, s->source, s->line, cfg->load_flags);
    if (rc == MEDRULE_OK) {
      rc = medrule_evaluate(l->ev, l->facts, l->result);
      if (rc == MEDRULE_OK || rc == MEDRULE_RUNTIME) {
        const char *text;
        size_t n;
        if (cfg->render.format == MEDRULE_FORMAT_TEXT && s->seq > 1) sb_putc(&s->out, '\n');
        int rr = MEDRULE_OK;
        if (cfg->render.format == CLI_FORMAT_HTML) { /* the program's format (html.c) */
          cli_html_result(&s->out, l->result, l->facts);
          text = NULL, n = 0;
        } else if (!s->out.len && !s->out.oom) {
          /* the slot's buffer and the result's change places, no copy */
          rr = medrule_result_render_swap(l->result, &cfg->render, &s->out.data, &s->out.len, &s->out.cap);
          text = NULL, n = 0;
        } else
          rr = medrule_result_render(l->result, &cfg->render, &text, &n);
        if (rr == MEDRULE_OK && text && !threaded(l->b) && !s->out.oom) { /* -j 1 writes now: one copy of the result less */
          if (l->b->written < l->b->emitted) batch_write_held(l->b); /* after the records held before it */
          out_write(s->out.data, s->out.len);
          sb_reset(&s->out);
          out_write(text, n);
        } else if (rr == MEDRULE_OK && text) {
          sb_add(&s->out, text, n);
        }
        if (rr == MEDRULE_OK) {
          if (cfg->explain) rr = explain_all(l, &s->out);
        }
        if (rr == MEDRULE_OK) {
          if (cfg->summary) keep_summary(l, s);
          return;
        }
        rc = rr;
      }
      msg = medrule_errstr(rc);
    } else {
      msg = medrule_facts_errmsg(l->facts);
    }
  } else if ((where = malloc(strlen(s->source) + strlen(s->error) + 3))) { /* the reader's errors name no source */
    sprintf(where, "%s: %s", s->source, s->error);
    msg = where;
  }
  s->msg = strdup(msg);
  s->msg_oom = !s->msg;
  free(where);
}

/* A result is not copied into the output buffer: the finished records are
** held in their slots and written together, in place, by one writev(2)
** (write_held) once HELD_BYTES or OUT_IOV of them are held, before anything
** else is written, and before the reader waits.  Small ones too: with -j 2
** the copy was the writing thread reading what the other core had just
** written, and a screening run (1.3 KB results) spent 6% more CPU time. */
#define HELD_BYTES (256u << 10)

/* Frees what a written slot held; the writing thread. */
static void release(slot *s) {
  free(s->msg);
  s->msg = NULL;
  s->msg_oom = 0;
  free(s->error);
  s->error = NULL;
  sb_reset(&s->out);
  if (s->out.cap > (1u << 20)) sb_free(&s->out); /* one huge record does not pin its memory */
  if (s->text_cap > (1u << 20)) {
    free(s->text);
    s->text = NULL;
    s->text_cap = 0;
  }
}

/* Writes the held records, in order, and frees their slots; the writing
** thread (the main one, or in a feed the one whose turn it is). */
void batch_write_held(batch *b) {
  struct iovec iov[OUT_IOV];
  int n = (int)(b->emitted - b->written);
  for (int i = 0; i < n; i++) {
    iov[i].iov_base = b->held[i]->out.data;
    iov[i].iov_len = b->held[i]->out.len;
  }
  if (n > 0) out_writev(iov, n);
  for (int i = 0; i < n; i++) release(b->held[i]);
  b->written = b->emitted;
  b->held_bytes = 0;
}

/* Writes one finished slot, or holds it (above), and frees what it held;
** the writing thread. */
void batch_emit(batch *b, slot *s) {
  const char *msg = s->msg_oom ? "out of memory" : s->msg;
  int hold = !msg && !s->out.oom && s->out.len;
  if (!hold && b->written < b->emitted) batch_write_held(b); /* the records before it first */
  if (hold) {
    b->held_bytes += s->out.len;
    b->held[b->emitted - b->written] = s;
  }
  else if (s->out.oom) out_fail(ENOMEM);
  else if (s->out.len) out_write(s->out.data, s->out.len);
  if (msg) {
    progress_clear(&b->prog);
    out_flush(); /* the results before it first, then the message */
    cli_error("%s", msg);
    if (b->cfg.render.format == CLI_FORMAT_HTML) cli_html_error(s->source, msg);
    else if (b->cfg.render.format != MEDRULE_FORMAT_TEXT) { /* record N of the input is line N of the output */
      out_puts("{\"contract\":1,\"patient\":{\"id\":null,\"source\":");
      out_json_str(s->source);
      out_puts("},\"error\":");
      out_json_str(msg);
      out_puts("}\n");
    }
    b->failed++;
  }
  b->sum.records++;
  if (msg) b->sum.errors++;
  else if (b->cfg.summary) summary_add(&b->sum, s->disposition, s->fired, s->nfired, s->missing, s->nmissing);
  b->emitted++;
  if (!hold) {
    release(s);
    b->written++;
  } else if (b->emitted - b->written == OUT_IOV || b->held_bytes >= HELD_BYTES) {
    batch_write_held(b);
  }
  progress_tick(&b->prog, b->sum.records, b->sum.errors, b->bytes);
}

/* Claims the next published record; NULL when every one is claimed. */
static slot *claim(batch *b) {
  unsigned long t = atomic_load(&b->taken);
  while (t < atomic_load(&b->submitted))
    if (atomic_compare_exchange_weak(&b->taken, &t, t + 1)) return &b->slots[t % (unsigned long)b->nslots];
  return NULL;
}

/* A thread out of records looks again this many times before it sleeps
** (tens of microseconds: the main thread publishes every few): a thread
** woken from sleep is often placed on the waker's core, and the two then
** share one core until the scheduler moves one of them. */
#define SPINS 2000

static void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

static void *worker(void *arg) {
  lane *l = arg;
  batch *b = l->b;
  for (;;) {
    slot *s = claim(b);
    for (int i = 0; !s && i < SPINS && !atomic_load_explicit(&b->quit, memory_order_relaxed); i++) {
      relax();
      s = claim(b);
    }
    if (s) {
      batch_process(l, s);
      atomic_store(&s->done, 1);
      if (atomic_load(&b->main_waiting)) { /* under the lock: the main thread is waiting, or not yet looking */
        pthread_mutex_lock(&b->mu);
        pthread_cond_signal(&b->done);
        pthread_mutex_unlock(&b->mu);
      }
      continue;
    }
    pthread_mutex_lock(&b->mu);
    if (atomic_fetch_add(&b->idle_workers, 1) == 0) atomic_store(&b->wakes_due, 0); /* none can be on its way */
    while (atomic_load(&b->taken) == atomic_load(&b->submitted) && !atomic_load(&b->quit) && l->gen == b->feed_gen)
      pthread_cond_wait(&b->work, &b->mu);
    atomic_fetch_sub(&b->idle_workers, 1);
    if (atomic_load(&b->wakes_due) > 0) atomic_fetch_sub(&b->wakes_due, 1); /* decrements are under the lock */
    int stop = atomic_load(&b->quit) && atomic_load(&b->taken) == atomic_load(&b->submitted);
    int feed = l->gen != b->feed_gen;
    l->gen = b->feed_gen;
    pthread_mutex_unlock(&b->mu);
    if (feed) { /* a regular file: every thread reads blocks of it (batch_read) */
      batch_run_blocks(l);
      pthread_mutex_lock(&b->mu);
      if (--b->feed_running == 0) pthread_cond_signal(&b->feed_done);
      pthread_mutex_unlock(&b->mu);
      continue;
    }
    if (stop) break; /* quit, nothing left */
  }
  return NULL;
}

/* Wakes the idle workers for the records not yet claimed: all of them, or
** one more than are already woken and not yet running (a woken worker may
** take a while to run: signalling it again only costs system calls). */
static void wake_workers(batch *b, int all) {
  if (!all) {
    if (atomic_load(&b->wakes_due) >= atomic_load(&b->idle_workers)) return;
    atomic_fetch_add(&b->wakes_due, 1);
  }
  pthread_mutex_lock(&b->mu);
  if (all) pthread_cond_broadcast(&b->work);
  else pthread_cond_signal(&b->work);
  pthread_mutex_unlock(&b->mu);
}

/* Publishes the filled slots; main thread.  An idle thread is woken for a
** pile of records, not for each one: a wake-up costs about as much as a
** record.  (Before the main thread evaluates a record or waits, it wakes
** them for whatever is left: help, emit_oldest.) */
static void publish(batch *b) {
  unsigned long n = b->filled;
  if (n == atomic_load_explicit(&b->submitted, memory_order_relaxed)) return;
  atomic_store(&b->submitted, n);
  if (atomic_load(&b->idle_workers) && n - atomic_load(&b->taken) >= (unsigned long)b->nslots / 2) wake_workers(b, 0);
}

/* The main thread evaluates the next record no worker has taken, with its
** own lane; 0 when every record in flight is taken. */
static int help(batch *b) {
  publish(b);
  /* a worker asleep is woken for the records beside this one: else, once
  ** the main thread keeps up by itself, no pile of records ever wakes it */
  if (atomic_load(&b->idle_workers) && atomic_load(&b->taken) + 1 < atomic_load(&b->submitted)) wake_workers(b, 0);
  slot *s = claim(b);
  if (!s) return 0;
  batch_process(&b->lanes[0], s);
  atomic_store(&s->done, 1);
  return 1;
}

/* Writes the oldest record in flight, waiting for it when `wait`; 0 when
** there was none to write. */
static int emit_oldest(batch *b, int wait) {
  if (b->emitted == b->filled) return 0;
  slot *s = &b->slots[b->emitted % (unsigned long)b->nslots];
  if (!atomic_load(&s->done)) {
    if (!wait) return 0;
    publish(b); /* it may not be yet */
    if (atomic_load(&b->idle_workers) && atomic_load(&b->taken) < atomic_load(&b->submitted))
      wake_workers(b, 1); /* the records not yet woken for (batch_record) */
    pthread_mutex_lock(&b->mu);
    atomic_store(&b->main_waiting, 1);
    while (!atomic_load(&s->done)) pthread_cond_wait(&b->done, &b->mu);
    atomic_store(&b->main_waiting, 0);
    pthread_mutex_unlock(&b->mu);
  }
  atomic_store_explicit(&s->done, 0, memory_order_relaxed); /* the slot is the main thread's until published again */
  batch_emit(b, s);
  return 1;
}

void batch_drain(void *ctx) {
  batch *b = ctx;
  if (!threaded(b)) {
    if (b->written < b->emitted) batch_write_held(b);
    return;
  }
  publish(b);
  for (;;) {
    while (emit_oldest(b, 0)) {}
    if (!help(b) && !emit_oldest(b, 1)) break;
  }
  batch_write_held(b);
}

int batch_source_room(slot *s, size_t need) {
  if (need <= s->source_cap) return 0; /* kept with its room, as the text is: no allocation per record */
  free(s->source);
  s->source_cap = need > 64 ? need : 64;
  if (!(s->source = malloc(s->source_cap))) {
    s->source_cap = 0;
    return -1;
  }
  return 0;
}

/* Fills the next free slot with a copy of the record; -1 out of memory. */
static int fill(batch *b, slot *s, const char *text, size_t len, const char *source, unsigned line,
                const char *error) {
  s->seq = b->filled + 1;
  s->line = line;
  s->has_text = text != NULL;
  size_t sl = strlen(source) + 1;
  if (batch_source_room(s, sl)) return -1;
  memcpy(s->source, source, sl);
  if (text) {
    if (len + 1 > s->text_cap) {
      free(s->text);
      s->text_cap = len + 1 > 4096 ? len + 1 : 4096;
      if (!(s->text = malloc(s->text_cap))) {
        s->text_cap = 0;
        return -1;
      }
    }
    memcpy(s->text, text, len);
    s->text[len] = 0;
    s->len = len;
    b->bytes += len + 1;
  } else {
    s->len = 0;
    if (!(s->error = strdup(error))) return -1;
  }
  return 0;
}

int batch_record(void *ctx, const char *text, size_t len, const char *source, unsigned line, const char *error) {
  batch *b = ctx;
  if (!threaded(b) && b->filled - b->written == (unsigned long)b->nslots) batch_write_held(b);
  while (threaded(b) && b->filled - b->written == (unsigned long)b->nslots) {
    if (b->written < b->emitted) batch_write_held(b); /* full: write what is held, */
    else if (!emit_oldest(b, 0) && !help(b)) emit_oldest(b, 1); /* else what is done, else evaluate, else wait */
  }
  slot *s = &b->slots[b->filled % (unsigned long)b->nslots];
  if (fill(b, s, text, len, source, line, error)) {
    out_fail(ENOMEM);
    return 1;
  }
  b->filled++;
  if (!threaded(b)) {
    batch_process(&b->lanes[0], s);
    batch_emit(b, s);
    return out_failed();
  }
  if (b->filled - atomic_load_explicit(&b->submitted, memory_order_relaxed) >= PUBLISH_EVERY) publish(b);
  while (emit_oldest(b, 0)) {} /* whatever is ready, without waiting */
  return out_failed();
}

/* Zeroed memory aligned to a cache line; NULL when out of memory. */
void *batch_zalloc_lines(size_t n) {
  n = (n + LINE - 1) / LINE * LINE;
  void *p = aligned_alloc(LINE, n);
  if (p) memset(p, 0, n);
  return p;
}

batch *batch_new(const batch_config *cfg) {
  batch *b = batch_zalloc_lines(sizeof *b);
  if (!b) {
    cli_error("out of memory");
    return NULL;
  }
  b->cfg = *cfg;
  if (b->cfg.jobs < 1 || b->cfg.explain) b->cfg.jobs = 1;
  b->nlanes = b->cfg.jobs;
  b->nslots = SLOTS_PER_JOB * b->cfg.jobs; /* -j 1: the results held (emit) */
  int nrules = medrule_pack_rule_count(cfg->pack), nfacts = medrule_pack_fact_count(cfg->pack);
  b->slots = batch_zalloc_lines((size_t)b->nslots * sizeof *b->slots);
  b->lanes = calloc((size_t)b->nlanes, sizeof *b->lanes);
  int ok = b->slots && b->lanes && summary_init(&b->sum, cfg->pack) == 0;
  for (int i = 0; ok && i < b->nslots; i++) {
    sb_init(&b->slots[i].out);
    b->slots[i].fired = malloc(sizeof(int) * (size_t)(nrules + 1));
    b->slots[i].missing = malloc(sizeof(int) * (size_t)(nfacts + 1));
    ok = b->slots[i].fired && b->slots[i].missing;
  }
  char *err = NULL;
  for (int i = 0; ok && i < b->nlanes; i++) {
    lane *l = &b->lanes[i];
    l->b = b;
    l->facts = medrule_facts_new(cfg->pack);
    l->ev = medrule_evaluator_new(cfg->pack, &err);
    l->result = medrule_result_new();
    ok = l->facts && l->ev && l->result;
  }
  if (ok) {
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->work, NULL);
    pthread_cond_init(&b->done, NULL);
    pthread_cond_init(&b->feed_done, NULL);
    pthread_cond_init(&b->block_free, NULL);
    b->locks = 1;
  }
  for (int i = 1; ok && threaded(b) && i < b->nlanes; i++) { /* lane 0 is the main thread's */
    int rc = pthread_create(&b->lanes[i].thread, NULL, worker, &b->lanes[i]);
    if (rc) {
      cli_error("cannot start a thread: %s", strerror(rc));
      batch_free(b);
      return NULL;
    }
    b->lanes[i].started = 1;
  }
  if (!ok) {
    cli_error("%s", err ? err : "out of memory");
    medrule_free(err);
    batch_free(b);
    return NULL;
  }
  progress_init(&b->prog, cfg->progress, cfg->total_bytes);
  return b;
}

unsigned long batch_finish(batch *b) {
  batch_drain(b);
  progress_clear(&b->prog);
  if (b->cfg.summary) summary_print(&b->sum, b->cfg.render.format);
  /* A Lua condition that kept hitting its time limit was skipped for the
  ** rest of the batch (by each thread's evaluator): say so once, at the end. */
  out_flush();
  const medrule_pack *pack = b->cfg.pack;
  for (int r = 0; r < medrule_pack_rule_count(pack); r++) {
    unsigned timeouts = 0;
    unsigned long skipped = 0;
    for (int i = 0; i < b->nlanes; i++) {
      unsigned t;
      unsigned long s;
      medrule_evaluator_rule_timeouts(b->lanes[i].ev, r, &t, &s);
      timeouts += t, skipped += s;
    }
    if (skipped)
      cli_error("rule %s: its Lua condition exceeded the time limit %u times and was not called for the remaining "
                "%lu patient%s", medrule_pack_rule_id(pack, r), timeouts, skipped, skipped == 1 ? "" : "s");
  }
  return b->failed;
}

void batch_free(batch *b) {
  if (!b) return;
  int started = 0;
  for (int i = 0; b->lanes && i < b->nlanes; i++) started |= b->lanes[i].started;
  if (started) {
    pthread_mutex_lock(&b->mu);
    atomic_store(&b->quit, 1);
    pthread_cond_broadcast(&b->work);
    pthread_mutex_unlock(&b->mu);
  }
  for (int i = 0; b->lanes && i < b->nlanes; i++) {
    lane *l = &b->lanes[i];
    if (l->started) pthread_join(l->thread, NULL);
    medrule_result_free(l->result);
    medrule_evaluator_free(l->ev);
    medrule_facts_free(l->facts);
  }
  for (int i = 0; b->slots && i < b->nslots; i++) {
    slot *s = &b->slots[i];
    free(s->text);
    free(s->source);
    free(s->error);
    free(s->msg);
    free(s->fired);
    free(s->missing);
    sb_free(&s->out);
  }
  batch_free_blocks(b);
  if (b->locks) {
    pthread_cond_destroy(&b->block_free);
    pthread_cond_destroy(&b->feed_done);
    pthread_cond_destroy(&b->done);
    pthread_cond_destroy(&b->work);
    pthread_mutex_destroy(&b->mu);
  }
  summary_free(&b->sum);
  free(b->slots);
  free(b->lanes);
  free(b);
}
