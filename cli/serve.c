/* serve.c — `medrule serve`: a CDS Hooks 2.0 service and the clinic's page
** on libmicrohttpd (docs/serve.md says why that library).
**
** One pack, opened once and shared read-only by a fixed pool of worker
** threads (libmicrohttpd's thread pool, each thread polling its share of the
** connections); each thread keeps its own facts, evaluator, result and JSON
** reader (a serve_lane).  Limits: request body size (413, also announced by
** Content-Length before the body is read), idle time per connection (the
** library closes a connection silent for --timeout seconds, which is what
** stops a slow client), concurrent connections (the library refuses more),
** and the header memory per connection.  Errors are JSON.  SIGTERM or
** SIGINT: stop accepting, let the connections in progress finish (up to
** 5 s), stop the threads, close the pack, exit 0. */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "mhd_load.h"
#include "serve.h"

static const mhd_api *mhd; /* set by cmd_serve before any thread starts */

typedef struct server {
  medrule_pack *pack;
  char *discovery;       /* GET /cds-services */
  char *vocabulary;      /* GET /api/vocabulary: the pack described */
  size_t max_body;
  char *site;            /* the site profile's text (--site FILE), or NULL */
  size_t site_len;
  const char *site_path;
  pthread_key_t lane_key;
} server;

/* One request in progress: its body, or the note that it was too long. */
typedef struct request {
  strbuf body;
  int too_big;
} request;

void serve_error(serve_reply *r, unsigned status, const char *fmt, ...) {
  /* the whole message, however long: a fact file's errors may run to many lines */
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *msg = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (msg) {
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  r->status = status;
  r->type = "application/json";
  r->fixed = NULL;
  sb_reset(&r->body);
  sb_printf(&r->body, "{\"error\":{\"status\":%u,\"message\":", status);
  sb_json_str(&r->body, msg ? msg : "out of memory");
  sb_puts(&r->body, "}}\n");
  free(msg);
}

static void lane_free(void *p) {
  serve_lane *l = p;
  if (!l) return;
  medrule_result_free(l->result);
  medrule_evaluator_free(l->ev);
  medrule_facts_free(l->facts);
  medrule_facts_free(l->site);
  mr_jdoc_free(l->jdoc);
  free(l);
  medrule_thread_cleanup();
}

/* This thread's lane, made on first use; NULL when out of memory. */
static serve_lane *lane_get(server *s) {
  serve_lane *l = pthread_getspecific(s->lane_key);
  if (l) return l;
  if (!(l = calloc(1, sizeof *l))) return NULL;
  l->facts = medrule_facts_new(s->pack);
  l->ev = medrule_evaluator_new(s->pack, NULL);
  l->result = medrule_result_new();
  l->jdoc = mr_jdoc_new();
  if (s->site && (!(l->site = medrule_facts_new(s->pack)) ||
                  medrule_facts_load_json(l->site, s->site, s->site_len, s->site_path, 1, 0) != MEDRULE_OK)) {
    lane_free(l); /* it loaded at startup: only memory can fail here */
    return NULL;
  }
  if (!l->facts || !l->ev || !l->result || !l->jdoc || pthread_setspecific(s->lane_key, l)) {
    lane_free(l);
    return NULL;
  }
  return l;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, serve_reply *r, int cors) {
  struct MHD_Response *resp;
  if (r->fixed)
    resp = mhd->create_response_from_buffer(r->fixed_len, (void *)r->fixed, MHD_RESPMEM_PERSISTENT);
  else if (r->body.oom)
    return MHD_NO; /* out of memory: drop the connection rather than send half an answer */
  else
    resp = mhd->create_response_from_buffer(r->body.len, r->body.data ? r->body.data : (char *)"",
                                           MHD_RESPMEM_MUST_COPY);
  if (!resp) return MHD_NO;
  if (r->type) mhd->add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
  mhd->add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  mhd->add_response_header(resp, "X-Content-Type-Options", "nosniff");
  /* The page uses nothing from anywhere else. */
  mhd->add_response_header(resp, "Content-Security-Policy",
                          "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'");
  if (r->allow) mhd->add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
  if (cors) { /* CDS clients run in a browser on another origin (the CDS Hooks sandbox) */
    mhd->add_response_header(resp, "Access-Control-Allow-Origin", "*");
    mhd->add_response_header(resp, "Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    mhd->add_response_header(resp, "Access-Control-Allow-Headers", "Content-Type, Authorization");
  }
  enum MHD_Result ok = mhd->queue_response(c, r->status, resp);
  mhd->destroy_response(resp);
  return ok;
}

static void method_not_allowed(serve_reply *r, const char *method, const char *url, const char *allow) {
  serve_error(r, 405, "%s is not allowed on %s (allowed: %s)", method, url, allow);
  r->allow = allow;
}

/* The routes. */
static void route(server *s, const char *method, const char *url, request *q, serve_reply *r) {
  int get = !strcmp(method, "GET") || !strcmp(method, "HEAD"), post = !strcmp(method, "POST");
  if (!strcmp(url, "/cds-services")) {
    if (!get) return method_not_allowed(r, method, url, "GET, OPTIONS");
    r->status = 200;
    r->type = "application/json";
    r->fixed = s->discovery;
    r->fixed_len = strlen(s->discovery);
    return;
  }
  if (!strncmp(url, "/cds-services/", 14)) {
    const char *id = url + 14;
    if (!serve_hooks_known(id)) return serve_error(r, 404, "no CDS service '%s' (GET /cds-services lists them)", id);
    if (!post) return method_not_allowed(r, method, url, "POST, OPTIONS");
  } else if (!strcmp(url, "/api/check")) {
    if (!post) return method_not_allowed(r, method, url, "POST");
  } else if (!strcmp(url, "/api/vocabulary")) {
    if (!get) return method_not_allowed(r, method, url, "GET");
    r->status = 200;
    r->type = "application/json";
    r->fixed = s->vocabulary;
    r->fixed_len = strlen(s->vocabulary);
    return;
  } else {
    serve_reply a = {0};
    if (!serve_asset(url, &a)) return serve_error(r, 404, "nothing at %s", url);
    if (!get) return method_not_allowed(r, method, url, "GET");
    *r = a;
    return;
  }
  if (q->too_big)
    return serve_error(r, 413, "the request body is larger than the limit of %zu bytes (--max-body)", s->max_body);
  serve_lane *l = lane_get(s);
  if (!l) return serve_error(r, 503, "out of memory");
  if (!strcmp(url, "/api/check")) serve_api_check(l, q->body.data, q->body.len, r);
  else serve_hooks_call(l, url + 14, q->body.data, q->body.len, r);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **ctx) {
  (void)version;
  server *s = cls;
  request *q = *ctx;
  serve_reply r = {0};
  int cors = !strncmp(url, "/cds-services", 13);
  if (!q) { /* the headers are in: a body announced too large is refused before it is read */
    if (!(q = calloc(1, sizeof *q))) return MHD_NO;
    sb_init(&q->body);
    *ctx = q;
    const char *cl = mhd->lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > s->max_body) {
      serve_error(&r, 413, "the request body (%s bytes) is larger than the limit of %zu bytes (--max-body)", cl,
                  s->max_body);
      enum MHD_Result ok = send_reply(c, &r, cors);
      sb_free(&r.body);
      return ok;
    }
    return MHD_YES;
  }
  if (*upload_size) {
    if (!q->too_big && q->body.len + *upload_size > s->max_body) {
      q->too_big = 1;
      sb_free(&q->body);
    }
    if (!q->too_big) sb_add(&q->body, upload, *upload_size);
    *upload_size = 0;
    return MHD_YES;
  }
  if (!strcmp(method, "OPTIONS")) { /* a browser's preflight */
    r.status = 204;
    r.fixed = "";
  } else if (q->body.oom) {
    serve_error(&r, 503, "out of memory");
  } else {
    route(s, method, url, q, &r);
  }
  enum MHD_Result ok = send_reply(c, &r, cors);
  sb_free(&r.body);
  return ok;
}

static void completed(void *cls, struct MHD_Connection *c, void **ctx, enum MHD_RequestTerminationCode why) {
  (void)cls, (void)c, (void)why;
  request *q = *ctx;
  if (q) {
    sb_free(&q->body);
    free(q);
  }
  *ctx = NULL;
}

static void logger(void *cls, const char *fmt, va_list ap) {
  (void)cls;
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  size_t n = strlen(msg);
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = 0;
  cli_error("serve: %s", msg);
}

static const char SERVE_USAGE[] =
  "usage: medrule serve [--pack DIR]... [--port N] [--bind ADDR] [--site FILE] [--workers N]\n"
  "                     [--max-connections N] [--max-body BYTES] [--timeout SECONDS]\n"
  "                     [--threads pool|per-connection]\n";

static const char SERVE_HELP[] =
  "  --port N             TCP port (default 8080; 0 picks a free one, named in the startup line)\n"
  "  --bind ADDR          IPv4 or IPv6 address to listen on (default 127.0.0.1)\n"
  "  --site FILE          site profile: site.* and staff.* facts for every CDS Hooks request\n"
  "  --workers N          worker threads sharing the pack (default: twice the online cores, at least 4)\n"
  "  --max-connections N  concurrent connections; more wait until one closes (default 256)\n"
  "  --max-body BYTES     largest request body; larger gets 413 (default 1048576)\n"
  "  --timeout SECONDS    close a connection idle this long, a slow client too (default 10)\n"
  "  --threads pool|per-connection  the worker pool (default), or a thread per connection\n"
  "                       (only to measure against; see docs/serve.md)\n"
  "Endpoints: GET /cds-services, POST /cds-services/{id} (CDS Hooks 2.0);\n"
  "GET / (the page), GET /api/vocabulary, POST /api/check (a fact file to the result JSON).\n"
  "SIGTERM or SIGINT stops it cleanly.\n";

/* A whole number in [lo, hi], else -1. */
static long long parse_num(const char *s, long long lo, long long hi) {
  char *end;
  errno = 0;
  if (!s || !*s || *s == '-' || *s == '+' || *s == ' ') return -1;
  long long v = strtoll(s, &end, 10);
  return errno || *end || v < lo || v > hi ? -1 : v;
}

int cmd_serve(int argc, char **argv) {
  cli_packs packs = {0};
  const char *bind_addr = "127.0.0.1", *site_path = NULL, *mode = "pool";
  long long port = 8080, workers = 0, max_conn = 256, max_body = 1 << 20, timeout = 10;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int took = cli_pack_option(&packs, argc, argv, &i);
    if (took < 0) return EXIT_USAGE;
    if (took) continue;
    if (!strcmp(a, "--help")) {
      out_puts(SERVE_USAGE);
      out_puts(SERVE_HELP);
      return 0;
    }
    static const struct { const char *name; long long lo, hi; } NUM[] = {
      {"--port", 0, 65535}, {"--workers", 1, 256}, {"--max-connections", 1, 100000},
      {"--max-body", 1, 1LL << 30}, {"--timeout", 1, 3600}};
    long long *dst[] = {&port, &workers, &max_conn, &max_body, &timeout};
    size_t k = 0;
    while (k < sizeof NUM / sizeof NUM[0] && strcmp(a, NUM[k].name)) k++;
    if (k < sizeof NUM / sizeof NUM[0]) {
      long long v = i + 1 < argc ? parse_num(argv[++i], NUM[k].lo, NUM[k].hi) : -1;
      if (v < 0) {
        cli_error("serve: %s needs a whole number from %lld to %lld", a, NUM[k].lo, NUM[k].hi);
        fputs(SERVE_USAGE, stderr);
        return EXIT_USAGE;
      }
      *dst[k] = v;
    } else if (!strcmp(a, "--bind") && i + 1 < argc) {
      bind_addr = argv[++i];
    } else if (!strcmp(a, "--threads") && i + 1 < argc && (!strcmp(argv[i + 1], "pool") ||
                                                             !strcmp(argv[i + 1], "per-connection"))) {
      mode = argv[++i];
    } else if (!strcmp(a, "--threads")) {
      cli_error("serve: --threads needs pool or per-connection");
      return EXIT_USAGE;
    } else if (!strcmp(a, "--site") && i + 1 < argc) {
      site_path = argv[++i];
    } else {
      cli_error("serve: unknown argument '%s'", a);
      fputs(SERVE_USAGE, stderr);
      return EXIT_USAGE;
    }
  }
  struct sockaddr_storage sa;
  memset(&sa, 0, sizeof sa);
  struct sockaddr_in *v4 = (struct sockaddr_in *)&sa;
  struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&sa;
  int ipv6 = 0;
  if (inet_pton(AF_INET, bind_addr, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((unsigned short)port);
  } else if (inet_pton(AF_INET6, bind_addr, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((unsigned short)port);
    ipv6 = 1;
  } else {
    cli_error("serve: --bind needs an IPv4 or IPv6 address, not '%s'", bind_addr);
    return EXIT_USAGE;
  }
  if (!workers) { /* twice the cores: a connection stays with one thread, so a few more evens the load */
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    workers = n < 2 ? 4 : n > 32 ? 64 : 2 * n;
  }

  char why[512];
  if (!(mhd = mhd_load(why, sizeof why))) {
    cli_error("serve: %s", why);
    return EXIT_LOAD_FAILED;
  }
  server s = {0};
  s.max_body = (size_t)max_body;
  if (!(s.pack = cli_open_packs(&packs))) return EXIT_LOAD_FAILED;
  int status = EXIT_LOAD_FAILED;
  if (site_path) { /* checked now, so that a bad profile stops the start, not a request */
    medrule_facts *f = medrule_facts_new(s.pack);
    if (!(s.site = cli_read_file(site_path, &s.site_len))) {
      cli_error("serve: cannot read the site profile '%s'", site_path);
    } else if (!f || medrule_facts_load_json(f, s.site, s.site_len, site_path, 1, 0) != MEDRULE_OK) {
      cli_error_lines(f ? medrule_facts_errmsg(f) : "out of memory");
    } else {
      for (int k = 0; k < medrule_pack_fact_count(s.pack); k++) {
        const char *name = medrule_pack_fact_name(s.pack, k);
        if (medrule_facts_is_given(f, k) && strncmp(name, "site.", 5) && strncmp(name, "staff.", 6)) {
          cli_error("serve: the site profile '%s' gives %s; it may hold only site.* and staff.* facts", site_path,
                    name);
          f = (medrule_facts_free(f), NULL);
          break;
        }
      }
      if (f) s.site_path = site_path;
    }
    medrule_facts_free(f);
    if (!s.site_path) goto done_pack;
  }
  if (medrule_pack_describe_json(s.pack, &s.vocabulary) != MEDRULE_OK || !(s.discovery = serve_hooks_discovery(s.pack)) ||
      pthread_key_create(&s.lane_key, lane_free)) {
    cli_error("serve: out of memory");
    goto done_pack;
  }

  /* The signals are taken by sigwait in this thread: block them before any
  ** thread starts, so that every worker inherits the mask. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN); /* a client gone away is an error on its socket, not the end of the server */

  /* pool: --workers threads, each polling (epoll) its share of the
  ** connections.  per-connection: a thread per connection (up to
  ** --max-connections), kept only to measure against (docs/serve.md). */
  int per_conn = !strcmp(mode, "per-connection");
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0) |
                   (per_conn ? MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL : MHD_USE_EPOLL);
  struct MHD_Daemon *d = mhd->start_daemon(
    flags, (uint16_t)port, NULL, NULL, handle, &s,
    MHD_OPTION_EXTERNAL_LOGGER, logger, NULL, /* first, so that every message goes through it */
    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
    MHD_OPTION_THREAD_POOL_SIZE, per_conn ? 0u : (unsigned)workers,
    MHD_OPTION_CONNECTION_LIMIT, (unsigned)max_conn,
    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)timeout,
    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
    MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
    MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
    MHD_OPTION_END);
  if (!d) {
    cli_error("serve: cannot listen on %s port %lld (in use, or not an address of this machine)", bind_addr, port);
    goto done_key;
  }
  const union MHD_DaemonInfo *info = mhd->get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
  unsigned bound = info ? info->port : (unsigned)port;
  fprintf(stderr, "medrule serve: listening on http://%s%s%s:%u/ (%lld %s, pack %s %s%s)\n", ipv6 ? "[" : "",
          bind_addr, ipv6 ? "]" : "", bound, per_conn ? max_conn : workers,
          per_conn ? "threads at most, one per connection" : "workers", medrule_pack_id(s.pack), medrule_pack_version(s.pack),
          medrule_pack_count(s.pack) > 1 ? " and others" : "");
  fflush(stderr);

  int sig = 0;
  while (sigwait(&stop, &sig) != 0) {
  }
  /* Stop accepting, let what is in progress finish, then stop. */
  MHD_socket listen_fd = mhd->quiesce_daemon(d);
  for (int waited = 0; waited < 100; waited++) {
    const union MHD_DaemonInfo *cur = mhd->get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (!cur || cur->num_connections == 0) break;
    nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
  }
  mhd->stop_daemon(d);
  if (listen_fd != MHD_INVALID_SOCKET) close(listen_fd);
  fprintf(stderr, "medrule serve: stopped (%s)\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  status = 0;
done_key:
  pthread_key_delete(s.lane_key);
done_pack:
  free(s.site);
  free(s.discovery);
  medrule_free(s.vocabulary);
  medrule_pack_close(s.pack);
  return status;
}
