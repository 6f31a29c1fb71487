/* serve_hooks.c — CDS Hooks 2.0 (contract §7): the discovery document and
** the three services.  A request's prefetch resources (and, for the order
** hooks, the draft orders of its context) are gathered into one FHIR Bundle
** that the pack's FHIR mapping reads; the answer is the engine's cards
** (engine/src/cards.c): the disposition first, one card per recommendation,
** one per disagreement, one listing what to collect.
**
** The service never queries the FHIR server itself: a request without the
** prefetch data is answered 412 with the templates it needs.  Age is
** computed as of the `timestamp` of the first prefetched Bundle that has
** one, never the wall clock, so the same request gives the same cards. */
#include <string.h>

#include "cli.h"
#include "serve.h"

/* Prefetch templates: every resource type the FHIR mapping reads (contract
** §6), for the patient in context.  Only what is current: the mapping skips
** resolved, refuted-only, entered-in-error and stopped entries itself. */
static const struct { const char *key, *query; } PREFETCH[] = {
  {"patient", "Patient/{{context.patientId}}"},
  {"conditions", "Condition?patient={{context.patientId}}"},
  {"observations", "Observation?patient={{context.patientId}}"},
  {"medicationRequests", "MedicationRequest?patient={{context.patientId}}"},
  {"medicationStatements", "MedicationStatement?patient={{context.patientId}}"},
  {"procedures", "Procedure?patient={{context.patientId}}"},
  {"consents", "Consent?patient={{context.patientId}}"},
  {"allergies", "AllergyIntolerance?patient={{context.patientId}}"},
  {"lists", "List?patient={{context.patientId}}"}, /* a problem list "nilknown" says: none */
};
#define NPREFETCH (sizeof PREFETCH / sizeof PREFETCH[0])

static const struct { const char *id, *hook, *title, *what; int orders; } SERVICES[] = {
  {"medrule-order-select", "order-select", "Ketamine infusion check (order select)",
   "when a ketamine order is selected: the disposition, the graded recommendations that apply, and the facts "
   "still to collect", 1},
  {"medrule-order-sign", "order-sign", "Ketamine infusion check (order sign)",
   "before a ketamine order is signed: the disposition, the graded recommendations that apply, and the facts "
   "still to collect", 1},
  {"medrule-patient-view", "patient-view", "Ketamine infusion check (patient view)",
   "when the chart is opened: whether the patient is a candidate for a ketamine infusion, and why", 0},
};
#define NSERVICES (sizeof SERVICES / sizeof SERVICES[0])

static int service_index(const char *id) {
  for (size_t i = 0; i < NSERVICES; i++)
    if (!strcmp(id, SERVICES[i].id)) return (int)i;
  return -1;
}

int serve_hooks_known(const char *id) { return service_index(id) >= 0; }

char *serve_hooks_discovery(const medrule_pack *pack) {
  strbuf b;
  sb_init(&b);
  sb_puts(&b, "{\"services\":[");
  for (size_t i = 0; i < NSERVICES; i++) {
    sb_puts(&b, i ? ",{\"hook\":" : "{\"hook\":");
    sb_json_str(&b, SERVICES[i].hook);
    sb_puts(&b, ",\"id\":");
    sb_json_str(&b, SERVICES[i].id);
    sb_puts(&b, ",\"title\":");
    sb_json_str(&b, SERVICES[i].title);
    strbuf d;
    sb_init(&d);
    sb_printf(&d, "medrule %s with the pack %s %s (%s): %s.", MEDRULE_VERSION, medrule_pack_id(pack),
              medrule_pack_version(pack), medrule_pack_info(pack, 0, MEDRULE_PACK_DOCUMENT), SERVICES[i].what);
    sb_puts(&b, ",\"description\":");
    sb_json_str(&b, d.oom ? "" : d.data);
    if (d.oom) b.oom = 1;
    sb_free(&d);
    sb_puts(&b, ",\"prefetch\":{");
    for (size_t k = 0; k < NPREFETCH; k++) {
      if (k) sb_putc(&b, ',');
      sb_json_str(&b, PREFETCH[k].key);
      sb_putc(&b, ':');
      sb_json_str(&b, PREFETCH[k].query);
    }
    sb_puts(&b, "},\"usageRequirements\":\"Sends the prefetch data (this service does not query the FHIR "
                "server). Site and staff facts come from the site profile the service was started with.\"}");
  }
  sb_puts(&b, "]}\n");
  return sb_steal(&b);
}

/* The member `key` of the object at v[i], or 0 (v[0] is never a member). */
static size_t member(const mr_jval *v, size_t i, const char *key) {
  if (v[i].type != MR_JOBJECT) return 0;
  for (size_t c = i + 1; c < v[i].end; c = v[c].end)
    if (!strcmp(v[c].key, key)) return c;
  return 0;
}

/* The JSON text of the value v[i], written again (the reader keeps values,
** not text).  Returns the index after it. */
static size_t put_value(strbuf *b, const mr_jval *v, size_t i) {
  char num[40];
  switch (v[i].type) {
  case MR_JNULL: sb_puts(b, "null"); break;
  case MR_JFALSE: sb_puts(b, "false"); break;
  case MR_JTRUE: sb_puts(b, "true"); break;
  case MR_JNUMBER: sb_add(b, num, mr_json_format_double(v[i].num, num)); break;
  case MR_JSTRING: sb_json_strn(b, v[i].str, v[i].len); break;
  default: {
    int obj = v[i].type == MR_JOBJECT;
    sb_putc(b, obj ? '{' : '[');
    for (size_t c = i + 1; c < v[i].end;) {
      if (c > i + 1) sb_putc(b, ',');
      if (obj) {
        sb_json_strn(b, v[c].key, v[c].key_len);
        sb_putc(b, ':');
      }
      c = put_value(b, v, c);
    }
    sb_putc(b, obj ? '}' : ']');
  }
  }
  return v[i].end;
}

/* Adds the resources of v[i] as Bundle entries: a Bundle's entries, or one
** resource.  *n counts the entries; 0 or a message when it is neither. */
static const char *add_resources(strbuf *b, const mr_jval *v, size_t i, int *n) {
  if (v[i].type == MR_JNULL) return NULL; /* the client found nothing */
  size_t rt = member(v, i, "resourceType");
  if (!rt || v[rt].type != MR_JSTRING) return "is not a FHIR resource (an object with a resourceType)";
  if (strcmp(v[rt].str, "Bundle")) {
    sb_puts(b, *n ? ",{\"resource\":" : "{\"resource\":");
    put_value(b, v, i);
    sb_putc(b, '}');
    ++*n;
    return NULL;
  }
  size_t e = member(v, i, "entry");
  if (!e) return NULL; /* a search that found nothing */
  if (v[e].type != MR_JARRAY) return "is a Bundle whose entry is not an array";
  for (size_t c = e + 1; c < v[e].end; c = v[c].end) {
    size_t res = member(v, c, "resource");
    if (!res) continue; /* an entry without a resource (a search's OperationOutcome link, say) */
    const char *why = add_resources(b, v, res, n);
    if (why) return why;
  }
  return NULL;
}

/* The first prefetched Bundle's timestamp, or NULL. */
static const char *timestamp(const mr_jval *v, size_t pre) {
  for (size_t c = pre + 1; c < v[pre].end; c = v[c].end) {
    size_t rt = member(v, c, "resourceType"), ts = member(v, c, "timestamp");
    if (rt && v[rt].type == MR_JSTRING && !strcmp(v[rt].str, "Bundle") && ts && v[ts].type == MR_JSTRING)
      return v[ts].str;
  }
  return NULL;
}

void serve_hooks_call(serve_lane *l, const char *id, const char *body, size_t len, serve_reply *r) {
  int svc = service_index(id);
  const mr_jval *v;
  size_t n;
  mr_jerror err;
  int rc = mr_json_parse(l->jdoc, body ? body : "", len, &v, &n, &err);
  if (rc == -2) return serve_error(r, 503, "out of memory");
  if (rc) return serve_error(r, 400, "the request is not valid JSON: line %u, column %u: %s", err.line, err.col, err.msg);
  if (v[0].type != MR_JOBJECT) return serve_error(r, 400, "the request must be a JSON object (a CDS Hooks request)");
  size_t hook = member(v, 0, "hook"), inst = member(v, 0, "hookInstance"), ctx = member(v, 0, "context");
  size_t pre = member(v, 0, "prefetch");
  if (!hook || v[hook].type != MR_JSTRING) return serve_error(r, 400, "the request has no \"hook\" (a string)");
  if (strcmp(v[hook].str, SERVICES[svc].hook))
    return serve_error(r, 400, "\"hook\" is '%.100s' but the service %s answers '%s'", v[hook].str, id,
                       SERVICES[svc].hook);
  if (!inst || v[inst].type != MR_JSTRING || !v[inst].len)
    return serve_error(r, 400, "the request has no \"hookInstance\" (a string)");
  if (!ctx || v[ctx].type != MR_JOBJECT) return serve_error(r, 400, "the request has no \"context\" (an object)");
  size_t pid = member(v, ctx, "patientId"), orders = member(v, ctx, "draftOrders");
  if (!pid || v[pid].type != MR_JSTRING) return serve_error(r, 400, "context has no \"patientId\" (a string)");
  if (SERVICES[svc].orders && (!orders || v[orders].type != MR_JOBJECT))
    return serve_error(r, 400, "context has no \"draftOrders\" (a Bundle), which %s requires", SERVICES[svc].hook);
  if (pre && v[pre].type != MR_JOBJECT && v[pre].type != MR_JNULL)
    return serve_error(r, 400, "\"prefetch\" must be an object keyed by the names in the discovery document");
  if (!pre || v[pre].type == MR_JNULL || v[pre].len == 0)
    return serve_error(r, 412,
                       "the request has no prefetch data; send the resources the discovery document's prefetch "
                       "templates name (this service does not query the FHIR server)");

  /* One Bundle: the prefetched resources, then the draft orders. */
  strbuf b;
  sb_init(&b);
  sb_puts(&b, "{\"resourceType\":\"Bundle\",\"type\":\"collection\"");
  const char *ts = timestamp(v, pre);
  if (ts) {
    sb_puts(&b, ",\"timestamp\":");
    sb_json_str(&b, ts);
  }
  sb_puts(&b, ",\"entry\":[");
  int entries = 0;
  for (size_t c = pre + 1; c < v[pre].end; c = v[c].end) {
    const char *why = add_resources(&b, v, c, &entries);
    if (why) {
      sb_free(&b);
      return serve_error(r, 400, "prefetch \"%.100s\" %s", v[c].key, why);
    }
  }
  if (orders) {
    const char *why = add_resources(&b, v, orders, &entries);
    if (why) {
      sb_free(&b);
      return serve_error(r, 400, "context.draftOrders %s", why);
    }
  }
  sb_puts(&b, "]}");
  if (b.oom) {
    sb_free(&b);
    return serve_error(r, 503, "out of memory");
  }
  medrule_fhir_options fo = {sizeof fo};
  fo.source = "prefetch";
  fo.site = l->site;
  rc = medrule_facts_load_fhir(l->facts, b.data, b.len, &fo);
  sb_free(&b);
  if (rc == MEDRULE_NOTFOUND)
    return serve_error(r, 501, "the pack %s declares no FHIR mapping, so prefetch data cannot be read",
                       medrule_pack_id(medrule_facts_pack(l->facts)));
  if (rc == MEDRULE_NOMEM) return serve_error(r, 503, "out of memory");
  if (rc != MEDRULE_OK) return serve_error(r, 400, "the prefetch data: %s", medrule_facts_errmsg(l->facts));
  rc = medrule_evaluate(l->ev, l->facts, l->result);
  if (rc != MEDRULE_OK && rc != MEDRULE_RUNTIME) return serve_error(r, 503, "%s", medrule_errstr(rc));
  medrule_render_options ro = {sizeof ro, MEDRULE_FORMAT_CARDS, 0, 0};
  const char *text;
  size_t tn;
  if (medrule_result_render(l->result, &ro, &text, &tn) != MEDRULE_OK) return serve_error(r, 503, "out of memory");
  r->status = 200;
  r->type = "application/json";
  sb_add(&r->body, text, tn);
}
