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
** A regular file with -j 2 or more is read another way (batch_read): every
** thread, the main one too, takes the next block of about 50 lines
** (cli_feed_take), reads and splits it itself, evaluates its records into
** the block's own slots, and writes the block when its turn comes, or leaves
** it to whichever thread writes the block before it.  A record is then read,
** parsed and rendered on one core (handing every record to another core
** made two threads spend more CPU time than one, its cache lines moving
** between the cores).  Pipes and terminals keep the ring:
** there a record is answered as soon as its line is complete. */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "cli.h"
#include "strbuf.h"

/* Records in flight per thread: enough that the threads rarely wait for one
** another, few enough that memory does not depend on the input and the
** slots' results stay in the cores' caches (about 12 KB a record with its
** JSON result: 770 KB at -j 2; 64 a thread cost 2-3% more time). */
#define SLOTS_PER_JOB 32

/* Cache lines: what one thread writes for each record is kept off the lines
** the other threads read (a slot is whole lines; the counters each have
** their own), or every record moves them from core to core. */
#define LINE 64

/* Filled slots are published this many at a time, or sooner when the main
** thread is about to evaluate or wait. */
#define PUBLISH_EVERY 4

/* One record in flight. */
typedef struct slot {
  _Alignas(LINE) unsigned long seq; /* 1 for the first record of the batch */
  int has_text;           /* 0 for a reader error */
  char *text;             /* the record, NUL-terminated */
  size_t len, text_cap;
  unsigned line;          /* its first line */
  char *source;           /* "file:line", escaped for display */
  size_t source_cap;
  char *error;            /* the reader's error, when text is NULL */
  strbuf out;             /* what goes to standard output */
  char *msg;              /* the record's error (stderr and error record); NULL when it went well */
  int msg_oom;            /* the message itself could not be kept */
  int disposition;        /* -1 unless evaluated and written (kept for --summary) */
  int *fired, nfired;     /* rule indexes of the recommendations */
  int *missing, nmissing; /* fact indexes of the missing facts */
  atomic_int done;        /* set by the thread that processed it; cleared by the main thread */
} slot;

/* A block of a regular file (cli_feed_take) and its records' slots: taken,
** read and evaluated by one thread; written in order by whichever thread
** finds it next in turn (finish_block). */
#define BLOCK_LINES 64
#define BLOCKS_PER_LANE 2 /* one waiting its turn, one being evaluated */
typedef struct block {
  cli_block in;
  slot *slots;            /* BLOCK_LINES of them */
  int busy;               /* taken and not yet written; under mu */
} block;

/* What one thread evaluates with. */
typedef struct lane {
  batch *b;
  block *blocks;          /* BLOCKS_PER_LANE, made for the first feed */
  unsigned long gen;      /* the last feed it joined */
  medrule_facts *facts;
  medrule_evaluator *ev;
  medrule_result *result;
  pthread_t thread;
  int started;
} lane;

struct batch {
  batch_config cfg;
  slot *slots;
  int nslots;
  lane *lanes;
  int nlanes;
  pthread_mutex_t mu;     /* only to sleep and wake (above) */
  pthread_cond_t work, done;
  _Alignas(LINE) atomic_ulong submitted; /* records published; written by the main thread only */
  _Alignas(LINE) atomic_ulong taken;     /* records claimed by a thread */
  _Alignas(LINE) unsigned long filled;   /* records in slots, published or not; main thread */
  unsigned long emitted;  /* records finished with; the writing thread */
  unsigned long written;  /* records before it are written and their slots free; emitted - written are held */
  size_t held_bytes;
  int locks;
  atomic_int quit;
  atomic_int idle_workers, main_waiting; /* signal only whoever waits: fewer system calls */
  atomic_int wakes_due;   /* single wake-ups sent that no waiting worker has taken up yet */
  slot *held[OUT_IOV];    /* the records held (emitted - written of them), in order */
  /* a feed: a regular file read by blocks by every thread (batch_read) */
  cli_feed *feed;
  unsigned long feed_gen; /* under mu */
  int feed_running;       /* workers still in it; under mu */
  unsigned long turn;     /* the next block to write; under mu */
  block **parked;         /* evaluated blocks waiting their turn, by number; under mu */
  int nparked;
  unsigned long base;     /* records of the batch before the feed */
  atomic_int stop;        /* output failed: take no more blocks */
  pthread_cond_t feed_done, block_free;
  unsigned long failed;
  unsigned long long bytes; /* input bytes handed over, for the progress ETA */
  summary sum;
  progress prog;
};

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

static void write_held(batch *b);

/* Loads, evaluates and renders one record into its slot; any thread. */
static void process(lane *l, slot *s) {
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
          if (l->b->written < l->b->emitted) write_held(l->b); /* after the records held before it */
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

/* A large result is not copied into the output buffer: the
** finished records are held in their slots and written together, in place,
** by one writev(2) (write_held) once HELD_BYTES or OUT_IOV of them are held,
** before anything else is written, and before the reader waits. */
#define HOLD_MIN 4096
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
static void write_held(batch *b) {
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
static void emit(batch *b, slot *s) {
  const char *msg = s->msg_oom ? "out of memory" : s->msg;
  int hold = !msg && !s->out.oom && s->out.len >= HOLD_MIN;
  if (!hold && b->written < b->emitted) write_held(b); /* the records before it first */
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
    write_held(b);
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

/* s->source = "name:line" (line 0: the name alone), without printf. */
static int source_of(slot *s, const char *name, unsigned line) {
  char digits[12], *d = digits + sizeof digits;
  int with_line = line != 0;
  do *--d = (char)('0' + line % 10); while ((line /= 10) != 0);
  size_t nl = strlen(name), dl = (size_t)(digits + sizeof digits - d), need = nl + 1 + dl + 1;
  if (need > s->source_cap) {
    free(s->source);
    s->source_cap = need > 64 ? need : 64;
    if (!(s->source = malloc(s->source_cap))) {
      s->source_cap = 0;
      return -1;
    }
  }
  memcpy(s->source, name, nl);
  if (with_line) {
    s->source[nl] = ':';
    memcpy(s->source + nl + 1, d, dl);
    nl += 1 + dl;
  }
  s->source[nl] = 0;
  return 0;
}

/* Writes a block's records in order; the thread whose turn it is. */
static void write_block(batch *b, block *k) {
  for (int i = 0; i < k->in.n; i++) {
    slot *s = &k->slots[i];
    if (s->has_text) b->bytes += s->len + 1;
    emit(b, s);
  }
  if (b->written < b->emitted) write_held(b); /* its slots are about to be reused */
  if (out_failed()) atomic_store(&b->stop, 1);
}

/* An evaluated block waits for its turn, or is written now with the blocks
** after it that were waiting: the turn passes under the lock, so exactly one
** thread writes at a time, in block order. */
static void finish_block(batch *b, block *k) {
  pthread_mutex_lock(&b->mu);
  if (b->turn != k->in.no) {
    b->parked[k->in.no % (unsigned long)b->nparked] = k;
    pthread_mutex_unlock(&b->mu);
    return;
  }
  pthread_mutex_unlock(&b->mu);
  while (k) {
    write_block(b, k);
    pthread_mutex_lock(&b->mu);
    k->busy = 0;
    pthread_cond_broadcast(&b->block_free);
    unsigned long next = ++b->turn % (unsigned long)b->nparked;
    k = b->parked[next];
    if (k && k->in.no == b->turn) b->parked[next] = NULL;
    else k = NULL;
    pthread_mutex_unlock(&b->mu);
  }
}

/* One thread's part of a feed: takes blocks, evaluates their records, and
** writes them when their turn comes, until the input ends. */
static void run_blocks(lane *l) {
  batch *b = l->b;
  const char *name = cli_feed_name(b->feed);
  for (;;) {
    block *k = NULL;
    pthread_mutex_lock(&b->mu); /* its blocks may all be waiting their turn */
    for (;;) {
      for (int i = 0; !k && i < BLOCKS_PER_LANE; i++)
        if (!l->blocks[i].busy) k = &l->blocks[i];
      if (k) break;
      pthread_cond_wait(&b->block_free, &b->mu);
    }
    k->busy = 1;
    pthread_mutex_unlock(&b->mu);
    if (k->in.cap > (2u << 20)) { /* one huge record does not pin its memory */
      free(k->in.buf);
      k->in.buf = NULL;
      k->in.cap = 0;
    }
    if (atomic_load(&b->stop) || cli_feed_take(b->feed, &k->in, BLOCK_LINES) == 0) {
      pthread_mutex_lock(&b->mu);
      k->busy = 0;
      pthread_mutex_unlock(&b->mu);
      return;
    }
    for (int i = 0; i < k->in.n; i++) {
      const cli_line *in = &k->in.lines[i];
      slot *s = &k->slots[i];
      s->seq = b->base + k->in.first + (unsigned long)i + 1;
      s->line = in->line;
      s->has_text = in->text != NULL;
      s->text = in->text, s->len = in->len; /* in the block's buffer: not the slot's */
      s->error = in->text ? NULL : strdup(in->error);
      if (source_of(s, name, in->line) || (!in->text && !s->error)) {
        free(s->error);
        s->error = NULL;
        s->has_text = 0;
        s->msg_oom = 1;
        continue;
      }
      process(l, s);
    }
    finish_block(b, k);
  }
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
      process(l, s);
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
      run_blocks(l);
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
  process(&b->lanes[0], s);
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
  emit(b, s);
  return 1;
}

void batch_drain(void *ctx) {
  batch *b = ctx;
  if (!threaded(b)) {
    if (b->written < b->emitted) write_held(b);
    return;
  }
  publish(b);
  for (;;) {
    while (emit_oldest(b, 0)) {}
    if (!help(b) && !emit_oldest(b, 1)) break;
  }
  write_held(b);
}

/* Fills the next free slot with a copy of the record; -1 out of memory. */
static int fill(batch *b, slot *s, const char *text, size_t len, const char *source, unsigned line,
                const char *error) {
  s->seq = b->filled + 1;
  s->line = line;
  s->has_text = text != NULL;
  size_t sl = strlen(source) + 1; /* kept with its room, as the text is: no allocation per record */
  if (sl > s->source_cap) {
    free(s->source);
    s->source_cap = sl > 64 ? sl : 64;
    if (!(s->source = malloc(s->source_cap))) {
      s->source_cap = 0;
      return -1;
    }
  }
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
  if (!threaded(b) && b->filled - b->written == (unsigned long)b->nslots) write_held(b);
  while (threaded(b) && b->filled - b->written == (unsigned long)b->nslots) {
    if (b->written < b->emitted) write_held(b); /* full: write what is held, */
    else if (!emit_oldest(b, 0) && !help(b)) emit_oldest(b, 1); /* else what is done, else evaluate, else wait */
  }
  slot *s = &b->slots[b->filled % (unsigned long)b->nslots];
  if (fill(b, s, text, len, source, line, error)) {
    out_fail(ENOMEM);
    return 1;
  }
  b->filled++;
  if (!threaded(b)) {
    process(&b->lanes[0], s);
    emit(b, s);
    return out_failed();
  }
  if (b->filled - atomic_load_explicit(&b->submitted, memory_order_relaxed) >= PUBLISH_EVERY) publish(b);
  while (emit_oldest(b, 0)) {} /* whatever is ready, without waiting */
  return out_failed();
}

/* Zeroed memory aligned to a cache line; NULL when out of memory. */
static void *zalloc_lines(size_t n) {
  n = (n + LINE - 1) / LINE * LINE;
  void *p = aligned_alloc(LINE, n);
  if (p) memset(p, 0, n);
  return p;
}

/* The slots of each lane's blocks, made for the first feed; -1 out of memory. */
static int make_blocks(batch *b) {
  int nrules = medrule_pack_rule_count(b->cfg.pack), nfacts = medrule_pack_fact_count(b->cfg.pack);
  b->nparked = BLOCKS_PER_LANE * b->nlanes; /* the blocks in flight have that many consecutive numbers */
  if (!(b->parked = calloc((size_t)b->nparked, sizeof *b->parked))) return -1;
  for (int i = 0; i < b->nlanes; i++) {
    lane *l = &b->lanes[i];
    if (!(l->blocks = calloc(BLOCKS_PER_LANE, sizeof *l->blocks))) return -1;
    for (int j = 0; j < BLOCKS_PER_LANE; j++) {
      block *k = &l->blocks[j];
      k->slots = zalloc_lines(BLOCK_LINES * sizeof *k->slots);
      k->in.lines = malloc((BLOCK_LINES + 1) * sizeof *k->in.lines);
      if (!k->slots || !k->in.lines) return -1;
      for (int m = 0; m < BLOCK_LINES; m++) {
        sb_init(&k->slots[m].out);
        k->slots[m].fired = malloc(sizeof(int) * (size_t)(nrules + 1));
        k->slots[m].missing = malloc(sizeof(int) * (size_t)(nfacts + 1));
        if (!k->slots[m].fired || !k->slots[m].missing) return -1;
      }
    }
  }
  return 0;
}

static void free_blocks(batch *b) {
  for (int i = 0; b->lanes && i < b->nlanes; i++) {
    block *ks = b->lanes[i].blocks;
    for (int j = 0; ks && j < BLOCKS_PER_LANE; j++) {
      for (int m = 0; ks[j].slots && m < BLOCK_LINES; m++) {
        slot *s = &ks[j].slots[m];
        free(s->source);
        free(s->error);
        free(s->msg);
        free(s->fired);
        free(s->missing);
        sb_free(&s->out);
      }
      free(ks[j].slots);
      free(ks[j].in.lines);
      free(ks[j].in.buf);
    }
    free(ks);
  }
  free(b->parked);
}

int batch_read(batch *b, const char *path) {
  cli_feed *f = NULL;
  if (!threaded(b) || !cli_feed_open(path, &f)) return cli_read_records(path, batch_record, b);
  batch_drain(b); /* the records before it first */
  if (!b->parked && make_blocks(b)) {
    cli_feed_close(f);
    out_fail(ENOMEM);
    return 1;
  }
  pthread_mutex_lock(&b->mu);
  b->feed = f;
  b->base = b->filled;
  b->turn = 0;
  b->feed_gen++;
  b->feed_running = b->nlanes - 1;
  b->lanes[0].gen = b->feed_gen;
  pthread_cond_broadcast(&b->work);
  pthread_mutex_unlock(&b->mu);
  run_blocks(&b->lanes[0]);
  pthread_mutex_lock(&b->mu);
  while (b->feed_running) pthread_cond_wait(&b->feed_done, &b->mu);
  b->feed = NULL;
  pthread_mutex_unlock(&b->mu);
  cli_feed_close(f);
  /* the ring goes on after the feed's records: every slot is free */
  b->filled = b->emitted;
  atomic_store(&b->taken, b->filled); /* before submitted: no thread can claim in between */
  atomic_store(&b->submitted, b->filled);
  return out_failed();
}

batch *batch_new(const batch_config *cfg) {
  batch *b = zalloc_lines(sizeof *b);
  if (!b) {
    cli_error("out of memory");
    return NULL;
  }
  b->cfg = *cfg;
  if (b->cfg.jobs < 1 || b->cfg.explain) b->cfg.jobs = 1;
  b->nlanes = b->cfg.jobs;
  b->nslots = SLOTS_PER_JOB * b->cfg.jobs; /* -j 1: the results held (emit) */
  int nrules = medrule_pack_rule_count(cfg->pack), nfacts = medrule_pack_fact_count(cfg->pack);
  b->slots = zalloc_lines((size_t)b->nslots * sizeof *b->slots);
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
  free_blocks(b);
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
