/* cli.h — shared pieces of the medrule command-line program. */
#ifndef MEDRULE_CLI_H
#define MEDRULE_CLI_H

#include <stdio.h>

#include "medrule.h"

/* Exit statuses (contract §4). */
enum { EXIT_EVALUATED = 0, EXIT_LOAD_FAILED = 1, EXIT_USAGE = 2 };

/* Prints "medrule: message" to stderr, the message escaped for display
** (sb_put_printable: a raw byte or control character as \xHH). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The same for a message of several lines (a pack error with its context):
** each line escaped, the line breaks kept. */
void cli_error_lines(const char *msg);

/* s escaped for display, as in messages (free it); with keep_lines, line by
** line, the line breaks kept.  NULL when out of memory. */
char *cli_display(const char *s, int keep_lines);

/* Standard output (out.c).  Nothing else writes to it: every write is
** checked, the first error is kept and later output dropped. */
void out_init(void);                 /* first thing in main: no closed fd 0-2 */
void out_write(const void *s, size_t n);
struct iovec;
enum { OUT_IOV = 64 };
void out_writev(const struct iovec *iov, int n); /* the buffer, then up to OUT_IOV pieces in place */
void out_puts(const char *s);
void out_putc(char c);
void out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void out_json_str(const char *s);    /* a JSON string (NULL as null), sb_json_str */
void out_printable(const char *s);   /* text escaped for display, sb_put_printable */
int out_flush(void);                 /* 0, or -1 once a write has failed */
int out_failed(void);
void out_fail(int errnum);           /* output is lost (out of memory, say) */
/* Flushes; after a write error prints what failed and returns 1 (or
** `status` when it is already a failure); else returns `status`. */
int out_finish(int status);

/* The default pack directory: $MEDRULE_PACK, then ../rules/ or
** ../share/medrule/packs/ next to the program, then the installed packs.
** Free it. */
char *cli_default_pack(void);

/* The packs a command line names: --pack DIR, repeatable; the first is the
** primary pack (contract §5).  None named: the default pack. */
#define CLI_MAX_PACKS 32
typedef struct cli_packs {
  const char *dirs[CLI_MAX_PACKS];
  int n;
} cli_packs;

/* Takes --pack DIR or --pack=DIR at argv[*i] (advancing *i past its value):
** 1 when it did, 0 when argv[*i] is another argument, -1 after printing
** why not (no value, or too many packs). */
int cli_pack_option(cli_packs *ps, int argc, char **argv, int *i);

/* Adds a pack named as a positional argument; -1 after printing why not. */
int cli_pack_add(cli_packs *ps, const char *dir);

/* Opens the packs named, or the default pack, together; prints the error
** and returns NULL on failure. */
medrule_pack *cli_open_packs(const cli_packs *ps);

/* Reads records from `path` ("-" = stdin): one JSON object for a .json file,
** one per line for stdin and .ndjson/.jsonl files, every line a record (a
** blank one too, so that output N can answer input N).  Calls `fn` for each
** with its text, source name ("file" or "file:line", escaped for display)
** and first line number.  A file that cannot be read, a directory, input
** with no record, a blank line, a read error and an over-long record are
** each reported once through `fn` with text NULL and the reason in `error`.
** A nonzero return from `fn` stops the reading and is returned.  Before it
** would wait for more input from a pipe or terminal, standard output is
** flushed, so an interactive client gets each answer as soon as its line
** is complete. */
typedef int (*record_fn)(void *ctx, const char *text, size_t len, const char *source, unsigned line,
                         const char *error);
int cli_read_records(const char *path, record_fn fn, void *ctx);
/* A record's source, "name:line" (line 0: the name alone), NUL-terminated at
** dst, which has room for name_len + CLI_SOURCE_EXTRA bytes; its length.
** Without printf: it is made for every record. */
#define CLI_SOURCE_EXTRA 12
size_t cli_source(char *dst, const char *name, size_t name_len, unsigned line);

/* The same records from a regular NDJSON file (or standard input that is
** one), read block by block by several threads at once (input.c): each
** thread takes the next block, reads it and splits its lines itself.
** cli_feed_open: 1 with *feed, 0 when `path` is not such a file or cannot
** be opened (cli_read_records then reads it, and reports why).
** cli_feed_take (thread-safe): the next block's lines into k, at most
** `max` records (k->lines has room for max + 1), numbered from k->first in
** the file and the block k->no; 0 at the end.  A line's text is
** NUL-terminated in k->buf; with text NULL, `error` says what is wrong with
** line `line` (0: the whole file), as cli_read_records reports it. */
typedef struct cli_feed cli_feed;
typedef struct cli_line {
  char *text;
  size_t len;
  unsigned line;
  const char *error; /* valid until cli_feed_close */
} cli_line;
typedef struct cli_block {
  char *buf;
  size_t cap;
  cli_line *lines;
  int n;
  unsigned long no, first;
} cli_block;
int cli_feed_open(const char *path, cli_feed **feed);
const char *cli_feed_name(const cli_feed *f); /* escaped for display */
int cli_feed_take(cli_feed *f, cli_block *k, int max);
void cli_feed_close(cli_feed *f);

/* Reads a whole file into a NUL-terminated buffer (free it); NULL on error
** with errno set. */
char *cli_read_file(const char *path, size_t *len);

/* Colour on this stream? --color=auto|always|never */
int cli_use_color(const char *mode, FILE *stream);

/* Columns to wrap text at: the terminal's width, or 80 when the stream is
** not a terminal. */
int cli_text_width(FILE *stream);

/* medrule lint: prints findings (a JSON array) as text; returns the number
** of errors.  Several packs: each alone, then together (lint_packs.c). */
int cli_lint_print_text(const char *json);
int cli_lint_several(const cli_packs *ps, const char *sources, int json);

/* medrule doc over several packs: a table by topic, one column per pack
** (doc_packs.c), as Markdown or JSON. */
int cli_doc_side_by_side(const medrule_pack *p, int json);

/* Called before the reader waits for more input from a pipe or terminal
** (input.c), before it flushes standard output: `medrule check -j N` emits
** the results it holds there.  NULL: none. */
void cli_on_wait(void (*fn)(void *ctx), void *ctx);

/* A batch of `medrule check` (batch.c): records evaluated by `jobs` threads
** sharing one pack, written in input order, byte-identical to jobs 1. */
typedef struct batch_config {
  const medrule_pack *pack;
  medrule_render_options render;
  unsigned load_flags;
  int explain, explain_color; /* --explain: jobs must be 1 */
  int jobs;
  int summary;                /* --summary */
  int progress;               /* a progress line if standard error is a terminal */
  unsigned long long total_bytes; /* the inputs' size when known (the progress ETA); 0 unknown */
  int fhir;                   /* --input fhir: records are FHIR Bundles (fhir_input.c) */
  medrule_fhir_options fhir_opts;
} batch_config;
typedef struct batch batch;
/* NULL after printing why. */
batch *batch_new(const batch_config *cfg);
/* A record_fn for cli_read_records (ctx: the batch). */
int batch_record(void *ctx, const char *text, size_t len, const char *source, unsigned line, const char *error);
/* Reads the records of `path` into the batch: a regular NDJSON file with
** several threads by blocks (cli_feed_take), anything else with
** cli_read_records and batch_record; nonzero once output has failed. */
int batch_read(batch *b, const char *path);
/* Waits for every record given so far and writes its result. */
void batch_drain(void *ctx);
/* Drains, prints the summary and the Lua time-limit notes; the number of
** records that failed. */
unsigned long batch_finish(batch *b);
void batch_free(batch *b);

/* --input fhir, --as-of, --site, --complete (fhir_input.c): takes the option
** at argv[*i] (advancing past its value) into cfg: 1 when it did, 0 when
** it is another argument, -1 after printing why not. */
int cli_fhir_option(batch_config *cfg, const char **site_file, int argc, char **argv, int *i);
/* Checks the FHIR options against the opened pack and loads the site
** profile (cfg->fhir_opts.site; free it with medrule_facts_free); -1
** after printing why not, -2 for wrong usage (FHIR options without
** --input fhir). */
int cli_fhir_prepare(batch_config *cfg, const char *site_file, const medrule_pack *pack);

/* The progress line on standard error (progress.c), only when it is a
** terminal: records, rate, errors and, when the size is known, the ETA. */
typedef struct progress {
  int on, shown;
  double start, last;
  unsigned long long total_bytes;
} progress;
void progress_init(progress *p, int wanted, unsigned long long total_bytes);
void progress_tick(progress *p, unsigned long records, unsigned long errors, unsigned long long bytes);
void progress_clear(progress *p); /* erases the line (before a message, at the end) */

/* The counts of --summary (summary.c). */
typedef struct summary {
  const medrule_pack *pack;
  unsigned long records, errors, disposition[4];
  unsigned long *rule, *fact; /* patients, by rule and by missing fact index */
} summary;
int summary_init(summary *s, const medrule_pack *pack); /* -1 out of memory */
void summary_add(summary *s, int disposition, const int *fired, int nfired, const int *missing, int nmissing);
void summary_print(const summary *s, int format);       /* on standard output */
void summary_free(summary *s);

/* --format html (html.c): not a library format but the program's, with the
** page's stylesheet.  A document head, a section per result (or per record
** that failed), a foot with the sources' citations; written with out_*. */
#define CLI_FORMAT_HTML 100
struct strbuf;
void cli_html_head(const medrule_pack *p);
void cli_html_result(struct strbuf *b, const medrule_result *r, const medrule_facts *f);
void cli_html_error(const char *source, const char *msg);
void cli_html_foot(const medrule_pack *p);

int cmd_check(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_why(int argc, char **argv);
int cmd_what_if(int argc, char **argv);
int cmd_missing(int argc, char **argv);
int cmd_doc(int argc, char **argv);
int cmd_facts(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif
