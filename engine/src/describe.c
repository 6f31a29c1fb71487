/* describe.c — the whole pack as one JSON document: the single source for
** pack documents, lint reports, the JSON Schema and the web form.  Written,
** like a host's own tool would be, from the public metadata API only. */
#include "medrule.h"
#include "numfmt.h"
#include "strbuf.h"

static void key(strbuf *b, const char *k, int first) {
  if (!first) sb_putc(b, ',');
  sb_json_str(b, k);
  sb_putc(b, ':');
}

static void str_field(strbuf *b, const char *k, const char *v) {
  key(b, k, 0);
  sb_json_str(b, v);
}

static void pack_part(strbuf *b, const medrule_pack *p) {
  str_field(b, "version", medrule_pack_info(p, 0, MEDRULE_PACK_VERSION));
  str_field(b, "title", medrule_pack_info(p, 0, MEDRULE_PACK_TITLE));
  str_field(b, "digest", medrule_pack_info(p, 0, MEDRULE_PACK_DIGEST));
  str_field(b, "dir", medrule_pack_info(p, 0, MEDRULE_PACK_DIR));
  sb_puts(b, ",\"source\":{\"document\":");
  sb_json_str(b, medrule_pack_info(p, 0, MEDRULE_PACK_DOCUMENT));
  str_field(b, "citation", medrule_pack_info(p, 0, MEDRULE_PACK_CITATION));
  str_field(b, "file", medrule_pack_info(p, 0, MEDRULE_PACK_SOURCE_FILE));
  str_field(b, "url", medrule_pack_info(p, 0, MEDRULE_PACK_URL));
  sb_puts(b, "},\"evidence\":{\"scale\":");
  sb_json_str(b, medrule_pack_info(p, 0, MEDRULE_PACK_SCALE));
  str_field(b, "word", medrule_pack_info(p, 0, MEDRULE_PACK_GRADE_WORD));
  sb_puts(b, ",\"grades\":[");
  for (int i = 0; i < medrule_pack_grade_count(p, 0); i++) {
    if (i) sb_putc(b, ',');
    sb_json_str(b, medrule_pack_grade(p, 0, i));
  }
  sb_puts(b, "],\"meanings\":[");
  for (int i = 0; i < medrule_pack_grade_count(p, 0); i++) {
    if (i) sb_putc(b, ',');
    sb_json_str(b, medrule_pack_grade_meaning(p, 0, i));
  }
  sb_puts(b, "],\"certainties\":[");
  for (int i = 0; i < medrule_pack_certainty_count(p, 0); i++) {
    if (i) sb_putc(b, ',');
    sb_json_str(b, medrule_pack_certainty(p, 0, i));
  }
  sb_puts(b, "]},\"categories\":[");
  for (int i = 0; i < medrule_pack_category_count(p); i++) {
    sb_puts(b, i ? ",{\"id\":" : "{\"id\":");
    sb_json_str(b, medrule_pack_category(p, i));
    str_field(b, "title", medrule_pack_category_title(p, i));
    sb_putc(b, '}');
  }
  sb_puts(b, "],\"policy\":");
  const char *policy = medrule_pack_policy_json(p);
  sb_puts(b, policy ? policy : "null");
  sb_puts(b, ",\"files\":[");
  for (int i = 0; i < medrule_pack_file_count(p); i++) {
    if (i) sb_putc(b, ',');
    sb_json_str(b, medrule_pack_file(p, i));
  }
  sb_putc(b, ']');
}

static void fact_part(strbuf *b, const medrule_pack *p, int f) {
  sb_puts(b, "{\"name\":");
  sb_json_str(b, medrule_pack_fact_name(p, f));
  str_field(b, "type", medrule_fact_info(p, f, MEDRULE_FACT_TYPE));
  str_field(b, "unit", medrule_fact_info(p, f, MEDRULE_FACT_UNIT));
  str_field(b, "per", medrule_fact_info(p, f, MEDRULE_FACT_PER));
  sb_puts(b, ",\"values\":");
  int n = medrule_fact_code_count(p, f);
  if (n) {
    sb_putc(b, '[');
    for (int k = 0; k < n; k++) {
      if (k) sb_putc(b, ',');
      sb_json_str(b, medrule_fact_code(p, f, k));
    }
    sb_putc(b, ']');
  } else {
    sb_puts(b, "null");
  }
  sb_puts(b, ",\"range\":");
  double lo, hi;
  if (medrule_fact_range(p, f, &lo, &hi)) {
    sb_putc(b, '[');
    mr_fmt_num(b, lo);
    sb_putc(b, ',');
    mr_fmt_num(b, hi);
    sb_putc(b, ']');
  } else {
    sb_puts(b, "null");
  }
  sb_puts(b, ",\"default\":");
  const char *def = medrule_fact_info(p, f, MEDRULE_FACT_DEFAULT); /* already JSON */
  sb_puts(b, def ? def : "null");
  str_field(b, "derive", medrule_fact_info(p, f, MEDRULE_FACT_DERIVE));
  sb_printf(b, ",\"computed\":%s", medrule_fact_is_computed(p, f) ? "true" : "false");
  str_field(b, "description", medrule_fact_info(p, f, MEDRULE_FACT_DESCRIPTION));
  str_field(b, "file", medrule_fact_info(p, f, MEDRULE_FACT_FILE));
  sb_printf(b, ",\"line\":%d}", medrule_fact_line(p, f));
}

static void rule_part(strbuf *b, const medrule_pack *p, int r) {
  sb_puts(b, "{\"id\":");
  sb_json_str(b, medrule_pack_rule_id(p, r));
  str_field(b, "category", medrule_rule_info(p, r, MEDRULE_RULE_CATEGORY));
  str_field(b, "action", medrule_rule_info(p, r, MEDRULE_RULE_ACTION));
  str_field(b, "grade", medrule_rule_info(p, r, MEDRULE_RULE_GRADE));
  str_field(b, "certainty", medrule_rule_info(p, r, MEDRULE_RULE_CERTAINTY));
  str_field(b, "text", medrule_rule_info(p, r, MEDRULE_RULE_TEXT));
  sb_puts(b, ",\"source\":{\"document\":");
  sb_json_str(b, medrule_rule_info(p, r, MEDRULE_RULE_DOCUMENT));
  str_field(b, "section", medrule_rule_info(p, r, MEDRULE_RULE_SECTION));
  str_field(b, "quote", medrule_rule_info(p, r, MEDRULE_RULE_QUOTE));
  sb_puts(b, "},\"judgments\":[");
  for (int j = 0; j < medrule_rule_judgment_count(p, r); j++) {
    sb_puts(b, j ? ",{\"id\":" : "{\"id\":");
    sb_json_str(b, medrule_rule_judgment_id(p, r, j));
    str_field(b, "note", medrule_rule_judgment_note(p, r, j));
    sb_puts(b, ",\"quotes\":[");
    for (int q = 0; q < medrule_rule_judgment_quote_count(p, r, j); q++) {
      if (q) sb_putc(b, ',');
      sb_json_str(b, medrule_rule_judgment_quote(p, r, j, q));
    }
    sb_puts(b, "]}");
  }
  sb_putc(b, ']');
  str_field(b, "topic", medrule_rule_info(p, r, MEDRULE_RULE_TOPIC));
  str_field(b, "position", medrule_rule_info(p, r, MEDRULE_RULE_POSITION));
  str_field(b, "when", medrule_rule_info(p, r, MEDRULE_RULE_WHEN));
  str_field(b, "applies", medrule_rule_info(p, r, MEDRULE_RULE_APPLIES));
  sb_printf(b, ",\"lua_function\":%s", medrule_rule_is_function(p, r) ? "true" : "false");
  str_field(b, "effect", medrule_rule_info(p, r, MEDRULE_RULE_EFFECT));
  sb_puts(b, ",\"reads\":[");
  for (int k = 0; k < medrule_rule_read_count(p, r); k++) {
    if (k) sb_putc(b, ',');
    sb_json_str(b, medrule_pack_fact_name(p, medrule_rule_read(p, r, k)));
  }
  sb_putc(b, ']');
  str_field(b, "file", medrule_rule_info(p, r, MEDRULE_RULE_FILE));
  sb_printf(b, ",\"line\":%d}", medrule_rule_line(p, r));
}

int medrule_pack_describe_json(const medrule_pack *p, char **json) {
  if (!json) return MEDRULE_MISUSE;
  *json = NULL;
  if (!p) return MEDRULE_MISUSE;
  strbuf b;
  sb_init(&b);
  sb_puts(&b, "{\"id\":");
  sb_json_str(&b, medrule_pack_id(p));
  pack_part(&b, p);
  sb_puts(&b, ",\"facts\":[");
  for (int f = 0; f < medrule_pack_fact_count(p); f++) {
    if (f) sb_putc(&b, ',');
    fact_part(&b, p, f);
  }
  sb_puts(&b, "],\"rules\":[");
  for (int r = 0; r < medrule_pack_rule_count(p); r++) {
    if (r) sb_putc(&b, ',');
    rule_part(&b, p, r);
  }
  sb_puts(&b, "],\"coverage\":[");
  for (int i = 0; i < medrule_pack_coverage_count(p); i++) {
    sb_puts(&b, i ? ",{\"item\":" : "{\"item\":");
    sb_json_str(&b, medrule_pack_coverage_item(p, i));
    str_field(&b, "note", medrule_pack_coverage_note(p, i));
    sb_puts(&b, ",\"rules\":[");
    for (int k = 0; k < medrule_pack_coverage_rule_count(p, i); k++) {
      if (k) sb_putc(&b, ',');
      sb_json_str(&b, medrule_pack_rule_id(p, medrule_pack_coverage_rule(p, i, k)));
    }
    sb_puts(&b, "]}");
  }
  sb_puts(&b, "]}\n");
  *json = sb_steal(&b);
  return *json ? MEDRULE_OK : MEDRULE_NOMEM;
}
