/* serve.h — the pieces of `medrule serve` (serve.c: the HTTP server and its
** limits; serve_hooks.c: CDS Hooks; serve_api.c: the page and its API).
** Internal to the program. */
#ifndef MEDRULE_SERVE_H
#define MEDRULE_SERVE_H

#include <stddef.h>

#include "medrule.h"
#include "strbuf.h"
#include "json.h"

/* What one worker thread keeps for itself: facts, evaluator, result and a
** JSON reader for the one shared, read-only pack.  Made the first time the
** thread handles a request; freed when the thread ends. */
typedef struct serve_lane {
  medrule_facts *facts;
  medrule_evaluator *ev;
  medrule_result *result;
  mr_jdoc *jdoc;
  medrule_facts *site;   /* the site profile (--site), this thread's copy, or NULL */
} serve_lane;

/* An answer: status, JSON (or other) body and its type.  The handlers fill
** it; serve.c sends it.  `body` is copied when sent. */
typedef struct serve_reply {
  unsigned status;
  const char *type;     /* Content-Type */
  strbuf body;          /* owned */
  const char *fixed;    /* a static body instead of `body`, or NULL */
  size_t fixed_len;
  const char *allow;    /* the Allow header of a 405 */
} serve_reply;

/* The body of an error: {"error": {"status": N, "message": "..."}}. */
void serve_error(serve_reply *r, unsigned status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* CDS Hooks (serve_hooks.c).  The discovery document, built once. */
char *serve_hooks_discovery(const medrule_pack *pack);
/* 1 when `id` is one of our services. */
int serve_hooks_known(const char *id);
/* POST /cds-services/{id}: the request body (JSON) to cards, or an error. */
void serve_hooks_call(serve_lane *l, const char *id, const char *body, size_t len, serve_reply *r);

/* The page and its API (serve_api.c).  A static asset by path, or 0. */
int serve_asset(const char *path, serve_reply *r);
/* POST /api/check: a fact file to the §3 result JSON. */
void serve_api_check(serve_lane *l, const char *body, size_t len, serve_reply *r);

/* The assets embedded at build time (build/web_assets.c, from cli/web/). */
typedef struct serve_file {
  const char *path, *type;
  const unsigned char *data;
  size_t len;
} serve_file;
extern const serve_file mr_web_files[];
extern const size_t mr_web_file_count;

#endif
