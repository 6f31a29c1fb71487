/* describe.c — the whole pack as one JSON document: the single source for
** pack documents, lint, JSON Schema and bindings that want metadata. */
#include <string.h>

#include "internal.h"

static void str_array(strbuf *b, char **v, int n) {
  sb_putc(b, '[');
  for (int i = 0; i < n; i++) {
    if (i) sb_putc(b, ',');
    sb_json_str(b, v[i]);
  }
  sb_putc(b, ']');
}

static void node_text(strbuf *b, const medrule_pack *p, int n) {
  if (n < 0) {
    sb_puts(b, "null");
    return;
  }
  const mr_node *nd = &p->nodes[n];
  const mr_text *t = &p->texts[nd->text];
  sb_json_str(b, t->text);
}

static const char *TYPE_NAMES[] = {"boolean", "number", "quantity", "code", "codes", "string"};
static const char *EFFECT_NAMES[] = {"none", "caution", "stop"};

int medrule_pack_describe_json(const medrule_pack *p, char **json) {
  if (!json) return MEDRULE_MISUSE;
  *json = NULL;
  if (!p) return MEDRULE_MISUSE;
  strbuf b;
  sb_init(&b);
  sb_puts(&b, "{\"id\":");
  sb_json_str(&b, p->id);
  sb_puts(&b, ",\"version\":");
  sb_json_str(&b, p->version);
  sb_puts(&b, ",\"title\":");
  sb_json_str(&b, p->title);
  sb_puts(&b, ",\"digest\":");
  sb_json_str(&b, p->digest);
  sb_puts(&b, ",\"dir\":");
  sb_json_str(&b, p->dir);
  sb_puts(&b, ",\"source\":{\"document\":");
  sb_json_str(&b, p->document);
  sb_puts(&b, ",\"citation\":");
  sb_json_str(&b, p->citation);
  sb_puts(&b, ",\"file\":");
  sb_json_str(&b, p->source_file);
  sb_puts(&b, "},\"evidence\":{\"scale\":");
  sb_json_str(&b, p->scale);
  sb_puts(&b, ",\"grades\":");
  str_array(&b, p->grades, p->ngrades);
  sb_puts(&b, ",\"certainties\":");
  str_array(&b, p->certainties, p->ncertainties);
  sb_puts(&b, "},\"categories\":[");
  for (int i = 0; i < p->ncategories; i++) {
    if (i) sb_putc(&b, ',');
    sb_puts(&b, "{\"id\":");
    sb_json_str(&b, p->categories[i]);
    sb_puts(&b, ",\"title\":");
    sb_json_str(&b, p->category_titles[i]);
    sb_putc(&b, '}');
  }
  sb_puts(&b, "],\"policy\":");
  sb_puts(&b, p->policy_json ? p->policy_json : "null");
  sb_puts(&b, ",\"files\":[");
  for (int i = 0; i < p->nfiles; i++) {
    if (i) sb_putc(&b, ',');
    sb_json_str(&b, p->files[i].name);
  }
  sb_puts(&b, "],\"facts\":[");
  for (int i = 0; i < p->nfacts; i++) {
    const mr_fact *f = &p->facts[i];
    if (i) sb_putc(&b, ',');
    sb_puts(&b, "{\"name\":");
    sb_json_str(&b, f->name);
    sb_printf(&b, ",\"type\":\"%s\",\"unit\":", TYPE_NAMES[f->type]);
    sb_json_str(&b, f->unit_text);
    sb_puts(&b, ",\"per\":");
    sb_json_str(&b, f->per >= 0 ? p->facts[f->per].name : NULL);
    sb_puts(&b, ",\"values\":");
    if (f->values) str_array(&b, f->values, f->nvalues);
    else sb_puts(&b, "null");
    sb_puts(&b, ",\"range\":");
    if (f->has_range) {
      sb_putc(&b, '[');
      mr_fmt_num(&b, f->min);
      sb_putc(&b, ',');
      mr_fmt_num(&b, f->max);
      sb_putc(&b, ']');
    } else {
      sb_puts(&b, "null");
    }
    sb_puts(&b, ",\"default\":");
    sb_puts(&b, f->default_text ? f->default_text : "null");
    sb_puts(&b, ",\"derive\":");
    node_text(&b, p, f->derive);
    sb_printf(&b, ",\"computed\":%s,\"description\":", f->computed ? "true" : "false");
    sb_json_str(&b, f->description);
    sb_puts(&b, ",\"file\":");
    sb_json_str(&b, f->file);
    sb_printf(&b, ",\"line\":%d}", f->line);
  }
  sb_puts(&b, "],\"rules\":[");
  for (int i = 0; i < p->nrules; i++) {
    const mr_rule *r = &p->rules[i];
    if (i) sb_putc(&b, ',');
    sb_puts(&b, "{\"id\":");
    sb_json_str(&b, r->id);
    sb_puts(&b, ",\"category\":");
    sb_json_str(&b, r->category);
    sb_puts(&b, ",\"action\":");
    sb_json_str(&b, r->action);
    sb_puts(&b, ",\"grade\":");
    sb_json_str(&b, r->grade);
    sb_puts(&b, ",\"certainty\":");
    sb_json_str(&b, r->certainty);
    sb_puts(&b, ",\"text\":");
    sb_json_str(&b, r->text);
    sb_puts(&b, ",\"source\":{\"document\":");
    sb_json_str(&b, r->document);
    sb_puts(&b, ",\"section\":");
    sb_json_str(&b, r->section);
    sb_puts(&b, ",\"quote\":");
    sb_json_str(&b, r->quote);
    sb_puts(&b, "},\"judgments\":[");
    for (int j = 0; j < r->njudgments; j++) {
      if (j) sb_putc(&b, ',');
      sb_puts(&b, "{\"id\":");
      sb_json_str(&b, r->judgments[j].id);
      sb_puts(&b, ",\"note\":");
      sb_json_str(&b, r->judgments[j].note);
      sb_puts(&b, ",\"quotes\":");
      str_array(&b, r->judgments[j].quotes, r->judgments[j].nquotes);
      sb_putc(&b, '}');
    }
    sb_puts(&b, "],\"when\":");
    if (r->lua_fn >= 0) sb_puts(&b, "null");
    else node_text(&b, p, r->when);
    sb_puts(&b, ",\"applies\":");
    node_text(&b, p, r->applies);
    sb_printf(&b, ",\"lua_function\":%s,\"effect\":\"%s\",\"reads\":[", r->lua_fn >= 0 ? "true" : "false",
              EFFECT_NAMES[r->effect]);
    int first = 1;
    for (int k = 0; k < p->nfacts; k++) {
      int f = p->sorted_facts[k];
      if (r->deps[f >> 6] >> (f & 63) & 1) {
        if (!first) sb_putc(&b, ',');
        sb_json_str(&b, p->facts[f].name);
        first = 0;
      }
    }
    sb_puts(&b, "],\"file\":");
    sb_json_str(&b, r->file);
    sb_printf(&b, ",\"line\":%d}", r->line);
  }
  sb_puts(&b, "],\"coverage\":[");
  for (int i = 0; i < p->ncoverage; i++) {
    if (i) sb_putc(&b, ',');
    sb_puts(&b, "{\"item\":");
    sb_json_str(&b, p->coverage[i].item);
    sb_puts(&b, ",\"note\":");
    sb_json_str(&b, p->coverage[i].note);
    sb_puts(&b, ",\"rules\":[");
    for (int k = 0; k < p->coverage[i].nrules; k++) {
      if (k) sb_putc(&b, ',');
      sb_json_str(&b, p->rules[p->coverage[i].rules[k]].id);
    }
    sb_puts(&b, "]}");
  }
  sb_puts(&b, "]}\n");
  *json = sb_steal(&b);
  return *json ? MEDRULE_OK : MEDRULE_NOMEM;
}
