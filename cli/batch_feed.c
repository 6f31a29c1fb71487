/* batch_feed.c — `medrule check -j N` over a regular file: every thread,
** the main one too, takes the next block of about 50 lines (cli_feed_take),
** reads and splits it itself, evaluates its records into the block's own
** slots, and writes the block when its turn comes, or leaves it to whichever
** thread writes the block before it.  A record is then read, parsed and
** rendered on one core (handing every record to another core made two
** threads spend more CPU time than one, its cache lines moving between the
** cores).  Memory: two blocks a thread.  Pipes and terminals keep the ring
** of batch.c: there a record is answered as soon as its line is complete. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"

/* s->source = "name:line" (line 0: the name alone). */
static int source_of(slot *s, const char *name, size_t name_len, unsigned line) {
  if (batch_source_room(s, name_len + CLI_SOURCE_EXTRA)) return -1;
  cli_source(s->source, name, name_len, line);
  return 0;
}

/* Writes a block's records in order; the thread whose turn it is. */
static void write_block(batch *b, block *k) {
  for (int i = 0; i < k->in.n; i++) {
    slot *s = &k->slots[i];
    if (!s->source) { /* out of memory for it (batch_run_blocks): as when the ring cannot fill a slot */
      out_fail(ENOMEM);
      continue;
    }
    if (s->has_text) b->bytes += s->len + 1;
    batch_emit(b, s);
  }
  if (b->written < b->emitted) batch_write_held(b); /* its slots are about to be reused */
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
void batch_run_blocks(lane *l) {
  batch *b = l->b;
  const char *name = cli_feed_name(b->feed);
  size_t name_len = strlen(name);
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
      if (source_of(s, name, name_len, in->line) || (!in->text && !s->error)) { /* write_block says so */
        free(s->error);
        free(s->source);
        s->error = s->source = NULL;
        s->source_cap = 0;
        continue;
      }
      batch_process(l, s);
    }
    finish_block(b, k);
  }
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
      k->slots = batch_zalloc_lines(BLOCK_LINES * sizeof *k->slots);
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

void batch_free_blocks(batch *b) {
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
    b->lanes[i].blocks = NULL;
  }
  free(b->parked);
  b->parked = NULL;
}

int batch_read(batch *b, const char *path) {
  cli_feed *f = NULL;
  if (b->cfg.jobs < 2 || !cli_feed_open(path, &f)) return cli_read_records(path, batch_record, b);
  batch_drain(b); /* the records before it first */
  if (!b->parked && make_blocks(b)) {
    batch_free_blocks(b);
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
  batch_run_blocks(&b->lanes[0]);
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
