/* serve_api.c — the clinic's page (cli/web/, embedded at build time) and
** the API it calls: POST /api/check takes a fact file (contract §1) and
** answers the result (contract §3, with the several-packs fields when
** several packs are loaded); a fact file that fails to load is a 400 whose
** body lists every error, as `medrule check` prints them. */
#include <string.h>

#include "cli.h"
#include "serve.h"

int serve_asset(const char *path, serve_reply *r) {
  if (!strcmp(path, "/")) path = "/index.html";
  for (size_t i = 0; i < mr_web_file_count; i++)
    if (!strcmp(path + 1, mr_web_files[i].path)) {
      r->status = 200;
      r->type = mr_web_files[i].type;
      r->fixed = (const char *)mr_web_files[i].data;
      r->fixed_len = mr_web_files[i].len;
      return 1;
    }
  return 0;
}

void serve_api_check(serve_lane *l, const char *body, size_t len, serve_reply *r) {
  int rc = medrule_facts_load_json(l->facts, body ? body : "", len, "request", 1, 0);
  if (rc == MEDRULE_NOMEM) return serve_error(r, 503, "out of memory");
  if (rc != MEDRULE_OK) {
    serve_error(r, 400, "the fact file did not load");
    sb_reset(&r->body); /* every error, one per entry */
    sb_puts(&r->body, "{\"error\":{\"status\":400,\"message\":");
    sb_json_str(&r->body, medrule_facts_errmsg(l->facts));
    sb_puts(&r->body, ",\"errors\":[");
    for (int i = 0; i < medrule_facts_error_count(l->facts); i++) {
      if (i) sb_putc(&r->body, ',');
      sb_json_str(&r->body, medrule_facts_error(l->facts, i));
    }
    sb_puts(&r->body, "]}}\n");
    return;
  }
  rc = medrule_evaluate(l->ev, l->facts, l->result);
  if (rc != MEDRULE_OK && rc != MEDRULE_RUNTIME) return serve_error(r, 503, "%s", medrule_errstr(rc));
  medrule_render_options ro = {sizeof ro, MEDRULE_FORMAT_JSON, 0, 0};
  const char *text;
  size_t n;
  if (medrule_result_render(l->result, &ro, &text, &n) != MEDRULE_OK) return serve_error(r, 503, "out of memory");
  r->status = 200;
  r->type = "application/json";
  sb_add(&r->body, text, n);
}
