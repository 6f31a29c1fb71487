/* batch.h — what batch.c (the ring, one record at a time) and batch_feed.c
** (a regular file read by blocks by every thread) share: a record's slot, a
** block, a thread's lane and the batch.  Private to the command line. */
#ifndef MEDRULE_BATCH_H
#define MEDRULE_BATCH_H

#include <pthread.h>
#include <stdatomic.h>

#include "cli.h"
#include "strbuf.h"

/* Cache lines: what one thread writes for each record is kept off the lines
** the other threads read (a slot is whole lines; the counters each have
** their own), or every record moves them from core to core. */
#define LINE 64

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

/* batch.c */
void batch_process(lane *l, slot *s);  /* loads, evaluates and renders one record into its slot; any thread */
void batch_emit(batch *b, slot *s);    /* writes or holds one finished record; the writing thread */
void batch_write_held(batch *b);       /* writes the records held; the writing thread */
void *batch_zalloc_lines(size_t n);    /* zeroed, aligned to a cache line; NULL out of memory */
int batch_source_room(slot *s, size_t need); /* room for a source of need bytes (its NUL too); -1 out of memory */
/* batch_feed.c */
void batch_run_blocks(lane *l);        /* one thread's part of a feed */
void batch_free_blocks(batch *b);

#endif
