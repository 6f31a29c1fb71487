/* evhttp_check.c — the alternative measured against libmicrohttpd for
** `medrule serve`: libevent's evhttp (Debian libevent-dev) serving the same
** POST /api/check (a fact file in, the contract JSON result out) from N
** threads, each with its own event base, evaluator and result, all accepting
** on one listening socket and sharing one read-only pack.  Only for
** bench/http-choice/run.sh; not part of medrule.
**
**   evhttp_check PACK PORT THREADS */
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/thread.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "medrule.h"

typedef struct worker {
  const medrule_pack *pack;
  medrule_facts *facts;
  medrule_evaluator *ev;
  medrule_result *res;
  struct event_base *base;
  struct evhttp *http;
  pthread_t thread;
} worker;

static void reply(struct evhttp_request *req, int code, const char *body, size_t len) {
  struct evbuffer *out = evbuffer_new();
  evbuffer_add(out, body, len);
  evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", "application/json");
  evhttp_send_reply(req, code, code == 200 ? "OK" : "Bad Request", out);
  evbuffer_free(out);
}

static void on_check(struct evhttp_request *req, void *arg) {
  worker *w = arg;
  if (evhttp_request_get_command(req) != EVHTTP_REQ_POST) {
    evhttp_send_error(req, 405, NULL);
    return;
  }
  struct evbuffer *in = evhttp_request_get_input_buffer(req);
  size_t n = evbuffer_get_length(in);
  const char *body = (const char *)evbuffer_pullup(in, -1);
  if (medrule_facts_load_json(w->facts, body ? body : "", n, "request", 1, 0) != MEDRULE_OK) {
    char msg[1200];
    int len = snprintf(msg, sizeof msg, "{\"error\":\"%s\"}", "malformed facts");
    reply(req, 400, msg, (size_t)len);
    return;
  }
  const char *out;
  size_t len;
  if (medrule_evaluate(w->ev, w->facts, w->res) != MEDRULE_OK || medrule_result_render(w->res, NULL, &out, &len)) {
    evhttp_send_error(req, 500, NULL);
    return;
  }
  reply(req, 200, out, len);
}

static void *run(void *arg) {
  worker *w = arg;
  event_base_dispatch(w->base);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: evhttp_check PACK PORT THREADS\n");
    return 2;
  }
  medrule_pack *pack;
  char *err = NULL;
  if (medrule_pack_open(argv[1], NULL, &pack, &err) != MEDRULE_OK) {
    fprintf(stderr, "evhttp_check: %s\n", err ? err : "cannot open the pack");
    return 1;
  }
  int nthreads = atoi(argv[3]);
  if (nthreads < 1 || nthreads > 64) nthreads = 1;
  evthread_use_pthreads();
  worker *ws = calloc((size_t)nthreads, sizeof *ws);
  evutil_socket_t fd = -1;
  for (int i = 0; i < nthreads; i++) {
    worker *w = &ws[i];
    w->pack = pack;
    w->facts = medrule_facts_new(pack);
    w->ev = medrule_evaluator_new(pack, NULL);
    w->res = medrule_result_new();
    w->base = event_base_new();
    w->http = evhttp_new(w->base);
    evhttp_set_cb(w->http, "/api/check", on_check, w);
    evhttp_set_max_body_size(w->http, 1 << 20);
    if (i == 0) {
      struct evhttp_bound_socket *s = evhttp_bind_socket_with_handle(w->http, "127.0.0.1", (ev_uint16_t)atoi(argv[2]));
      if (!s) {
        fprintf(stderr, "evhttp_check: cannot listen on port %s\n", argv[2]);
        return 1;
      }
      fd = evhttp_bound_socket_get_fd(s);
    } else if (evhttp_accept_socket(w->http, fd) != 0) {
      fprintf(stderr, "evhttp_check: cannot share the listening socket\n");
      return 1;
    }
  }
  fprintf(stderr, "evhttp_check: listening on http://127.0.0.1:%s/ with %d threads\n", argv[2], nthreads);
  for (int i = 1; i < nthreads; i++) pthread_create(&ws[i].thread, NULL, run, &ws[i]);
  run(&ws[0]);
  return 0;
}
