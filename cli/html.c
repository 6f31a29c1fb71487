/* html.c — `medrule check --format html`: one self-contained, printable HTML
** document for a batch of patients, a section each, with the same markup
** and stylesheet (cli/web/style.css, embedded in the program) as the page
** of `medrule serve`.  Nothing is loaded from anywhere: no script, no font,
** no image.  Deterministic: no date, no path but the sources named.
**
** Why here and not a library format: HTML is presentation that goes with
** the program's page and its stylesheet; the library's formats stay the
** machine ones (JSON, cards) and plain text.  It reads the result through
** the public API and the engine's value formatting (render.h). */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "render.h"
#include "serve.h"

/* Text escaped for HTML (element content and quoted attributes). */
static void esc(strbuf *b, const char *s) {
  if (!s) return;
  for (; *s; s++) {
    switch (*s) {
    case '&': sb_puts(b, "&amp;"); break;
    case '<': sb_puts(b, "&lt;"); break;
    case '>': sb_puts(b, "&gt;"); break;
    case '"': sb_puts(b, "&quot;"); break;
    case '\'': sb_puts(b, "&#39;"); break;
    default: sb_putc(b, *s);
    }
  }
}

/* "Proceed with caution" and its lead, as on the page. */
static const struct { const char *title, *lead; } DISP[] = {
  [MEDRULE_PROCEED] = {"Proceed", "No rule stops this plan or calls for caution for this patient."},
  [MEDRULE_PROCEED_WITH_CAUTION] = {"Proceed with caution", "These findings call for caution:"},
  [MEDRULE_DO_NOT_PROCEED] = {"Do not proceed", "These findings stop the plan:"},
  [MEDRULE_INSUFFICIENT_DATA] = {"Insufficient data", "Each of these could still stop the plan once its facts are known:"},
};

static void words(strbuf *b, const char *id) { /* "not_supported" -> "not supported" */
  for (; *id; id++) sb_putc(b, *id == '_' ? ' ' : *id);
}

static void grade(strbuf *b, const medrule_pack *p, int rule) {
  const char *g = medrule_rule_info(p, rule, MEDRULE_RULE_GRADE), *c = medrule_rule_info(p, rule, MEDRULE_RULE_CERTAINTY);
  const char *word = medrule_pack_info(p, medrule_rule_pack(p, rule), MEDRULE_PACK_GRADE_WORD);
  if (!g) sb_puts(b, "ungraded");
  else {
    sb_putc(b, word && word[0] >= 'a' && word[0] <= 'z' ? (char)(word[0] - 32) : word ? word[0] : 'G');
    esc(b, word && word[0] ? word + 1 : "rade");
    sb_putc(b, ' ');
    esc(b, g);
  }
  if (c) {
    sb_puts(b, ", ");
    esc(b, c);
    sb_puts(b, " certainty");
  }
}

static void card(strbuf *b, const medrule_result *r, int i) {
  const medrule_pack *p = medrule_result_pack(r);
  int rule = medrule_result_recommendation_rule(r, i);
  const char *effect = medrule_rule_info(p, rule, MEDRULE_RULE_EFFECT), *action = medrule_rule_info(p, rule, MEDRULE_RULE_ACTION);
  sb_printf(b, "<article class=\"card effect-%s\" data-rule=\"", effect);
  esc(b, medrule_pack_rule_id(p, rule));
  sb_printf(b, "\" data-effect=\"%s\">\n<p><span class=\"tag %s\">", effect, effect);
  words(b, strcmp(effect, "none") ? effect : action);
  sb_puts(b, "</span> ");
  esc(b, medrule_rule_info(p, rule, MEDRULE_RULE_TEXT));
  sb_puts(b, "</p>\n<p class=\"meta\"><span class=\"grade\">");
  grade(b, p, rule);
  sb_puts(b, "</span> · ");
  esc(b, medrule_rule_info(p, rule, MEDRULE_RULE_SCALE));
  sb_printf(b, " · effect on the plan: %s · action: ", effect);
  words(b, action);
  sb_puts(b, "</p>\n");
  int nb = medrule_result_because_count(r, i);
  if (nb) {
    sb_puts(b, "<p class=\"meta\">Because: ");
    for (int k = 0; k < nb; k++) {
      medrule_value v;
      strbuf t;
      sb_init(&t);
      medrule_result_because_value(r, i, k, &v);
      mr_fact_eq(&t, p, medrule_result_because_fact(r, i, k), &v);
      if (k) sb_puts(b, "; ");
      esc(b, t.data);
      if (t.oom) b->oom = 1;
      sb_free(&t);
    }
    sb_puts(b, "</p>\n");
  }
  sb_puts(b, "<p class=\"meta source\">Source: ");
  esc(b, medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT));
  sb_puts(b, "; ");
  esc(b, medrule_rule_info(p, rule, MEDRULE_RULE_SECTION));
  if (medrule_pack_count(p) > 1) {
    sb_puts(b, " (pack ");
    esc(b, medrule_rule_info(p, rule, MEDRULE_RULE_PACK));
    sb_putc(b, ')');
  }
  sb_puts(b, "</p>\n</article>\n");
}

static void disagreements(strbuf *b, const medrule_result *r) {
  const medrule_pack *p = medrule_result_pack(r);
  int n = medrule_result_disagreement_count(r);
  if (!n) return;
  sb_puts(b, "<section class=\"block disagree\"><h2>Sources disagree</h2>\n");
  for (int i = 0; i < n; i++) {
    const char *topic = medrule_result_disagreement_topic(r, i), *q = medrule_topic_question(p, topic);
    sb_puts(b, "<div class=\"card\" data-topic=\"");
    esc(b, topic);
    sb_puts(b, "\"><p><strong>");
    esc(b, q ? q : topic);
    sb_puts(b, "</strong></p>\n");
    for (int k = 0; k < medrule_result_disagreement_statement_count(r, i); k++) {
      int rule = medrule_result_disagreement_statement(r, i, k);
      const char *pos = medrule_rule_info(p, rule, MEDRULE_RULE_POSITION);
      sb_puts(b, "<p class=\"statement\"><strong>");
      esc(b, medrule_rule_info(p, rule, MEDRULE_RULE_DOCUMENT));
      sb_puts(b, ":</strong> ");
      if (pos) {
        esc(b, pos);
        sb_puts(b, " — ");
      }
      esc(b, medrule_rule_info(p, rule, MEDRULE_RULE_TEXT));
      sb_puts(b, " <span class=\"meta\">(");
      grade(b, p, rule);
      sb_puts(b, ", ");
      esc(b, medrule_rule_info(p, rule, MEDRULE_RULE_SCALE));
      sb_puts(b, ")</span></p>\n");
    }
    sb_puts(b, "</div>\n");
  }
  sb_puts(b, "</section>\n");
}

void cli_html_result(strbuf *b, const medrule_result *r, const medrule_facts *f) {
  const medrule_pack *p = medrule_result_pack(r);
  int d = medrule_result_disposition_code(r);
  sb_puts(b, "<article class=\"patient\">\n<h2>Patient ");
  esc(b, medrule_result_patient_id(r) ? medrule_result_patient_id(r) : "(no id)");
  if (medrule_result_source(r)) {
    sb_puts(b, " <span class=\"meta\">(");
    esc(b, medrule_result_source(r));
    sb_puts(b, ")</span>");
  }
  sb_printf(b, "</h2>\n<section class=\"disposition disp-%s\" data-disposition=\"%s\"><h2>%s</h2><p>%s</p>\n",
            medrule_result_disposition(r), medrule_result_disposition(r), DISP[d].title, DISP[d].lead);
  int nr = medrule_result_reason_count(r);
  if (nr) sb_puts(b, "<ul>\n");
  for (int i = 0; i < nr; i++) {
    int rule = medrule_result_reason_rule(r, i);
    const char *effect = medrule_rule_info(p, rule, MEDRULE_RULE_EFFECT);
    sb_puts(b, "<li data-rule=\"");
    esc(b, medrule_pack_rule_id(p, rule));
    sb_printf(b, "\"><span class=\"tag %s\">%s%s</span> ", effect,
              medrule_result_rule_state(r, rule) == MEDRULE_FIRED ? "" : "could ", effect);
    esc(b, medrule_rule_info(p, rule, MEDRULE_RULE_TEXT));
    sb_puts(b, "</li>\n");
  }
  if (nr) sb_puts(b, "</ul>\n");
  sb_puts(b, "</section>\n");
  disagreements(b, r);

  int n = medrule_result_recommendation_count(r);
  sb_printf(b, "<section class=\"block\"><h2>Recommendations (%d)</h2>\n", n);
  for (int c = 0; c < medrule_pack_category_count(p); c++) {
    const char *cat = medrule_pack_category(p, c);
    int any = 0;
    for (int i = 0; i < n; i++) {
      if (strcmp(medrule_rule_info(p, medrule_result_recommendation_rule(r, i), MEDRULE_RULE_CATEGORY), cat)) continue;
      if (!any++) {
        sb_printf(b, "<div class=\"category\" data-category=\"%s\"><h3>", cat);
        esc(b, medrule_pack_category_title(p, c));
        sb_puts(b, "</h3>\n");
      }
      card(b, r, i);
    }
    if (any) sb_puts(b, "</div>\n");
  }
  if (!n) sb_puts(b, "<p>No recommendation fires with the facts given.</p>\n");
  sb_puts(b, "</section>\n");

  int nm = medrule_result_missing_count(r);
  if (nm) {
    sb_printf(b, "<section class=\"block missing\"><h2>Collect these facts (%d)</h2>\n<p class=\"meta\">%d "
                 "recommendation(s) stay undecided until these are known.</p>\n<ul>\n",
              nm, medrule_result_unknown_count(r));
    for (int i = 0; i < nm; i++) {
      const char *name = medrule_result_missing_fact(r, i);
      const char *desc = medrule_fact_info(p, medrule_fact_index(p, name), MEDRULE_FACT_DESCRIPTION);
      sb_puts(b, "<li><code>");
      esc(b, name);
      sb_puts(b, "</code>");
      if (desc) {
        sb_puts(b, " — ");
        esc(b, desc);
      }
      sb_puts(b, "</li>\n");
    }
    sb_puts(b, "</ul></section>\n");
  } else
    sb_puts(b, "<section class=\"block missing\"><h2>Nothing missing that could matter</h2></section>\n");
  int nw = medrule_result_warning_count(r);
  if (nw) {
    sb_puts(b, "<section class=\"block warnings\"><h2>Warnings</h2><ul>\n");
    for (int i = 0; i < nw; i++) {
      sb_puts(b, "<li>");
      esc(b, medrule_result_warning(r, i));
      sb_puts(b, "</li>\n");
    }
    sb_puts(b, "</ul></section>\n");
  }
  /* The facts as given, so that a printed report stands on its own. */
  sb_puts(b, "<section class=\"block\"><h2>Facts given</h2>\n<table class=\"given\"><tr><th>fact</th><th>value</th></tr>\n");
  for (int k = 0; f && k < medrule_pack_fact_count(p); k++) {
    medrule_value v;
    if (!medrule_facts_is_given(f, k) || medrule_facts_get(f, k, &v) != MEDRULE_OK) continue;
    strbuf t;
    sb_init(&t);
    mr_value_text(&t, p, k, &v);
    sb_puts(b, "<tr><td><code>");
    esc(b, medrule_pack_fact_name(p, k));
    sb_puts(b, "</code></td><td>");
    esc(b, t.data ? t.data : "");
    sb_puts(b, "</td></tr>\n");
    if (t.oom) b->oom = 1;
    sb_free(&t);
  }
  sb_puts(b, "</table></section>\n</article>\n");
}

void cli_html_head(const medrule_pack *p) {
  strbuf b;
  sb_init(&b);
  sb_puts(&b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>medrule report — ");
  esc(&b, medrule_pack_title(p));
  sb_puts(&b, "</title>\n<style>\n");
  for (size_t i = 0; i < mr_web_file_count; i++)
    if (!strcmp(mr_web_files[i].path, "style.css")) sb_add(&b, (const char *)mr_web_files[i].data, mr_web_files[i].len);
  sb_puts(&b, "</style>\n</head>\n<body class=\"report\">\n<header class=\"top\"><h1>");
  esc(&b, medrule_pack_title(p));
  sb_puts(&b, "</h1><p>medrule " MEDRULE_VERSION " · pack ");
  for (int k = 0; k < medrule_pack_count(p); k++) {
    if (k) sb_puts(&b, ", ");
    esc(&b, medrule_pack_info(p, k, MEDRULE_PACK_ID));
    sb_putc(&b, ' ');
    esc(&b, medrule_pack_info(p, k, MEDRULE_PACK_VERSION));
  }
  sb_puts(&b, " · evidence: ");
  esc(&b, medrule_pack_info(p, 0, MEDRULE_PACK_SCALE));
  sb_puts(&b, "</p></header>\n<main>\n");
  if (b.oom) out_fail(ENOMEM);
  else out_write(b.data, b.len);
  sb_free(&b);
}

void cli_html_error(const char *source, const char *msg) {
  strbuf b;
  sb_init(&b);
  sb_puts(&b, "<article class=\"patient\">\n<h2>");
  esc(&b, source);
  sb_puts(&b, "</h2>\n<div class=\"error\" role=\"alert\"><strong>The facts could not be read.</strong> <pre>");
  esc(&b, msg);
  sb_puts(&b, "</pre></div>\n</article>\n");
  if (b.oom) out_fail(ENOMEM);
  else out_write(b.data, b.len);
  sb_free(&b);
}

void cli_html_foot(const medrule_pack *p) {
  strbuf b;
  sb_init(&b);
  sb_puts(&b, "</main>\n<footer class=\"cite\">");
  for (int k = 0; k < medrule_pack_count(p); k++) {
    const char *url = medrule_pack_info(p, k, MEDRULE_PACK_URL);
    sb_puts(&b, "Source: ");
    esc(&b, medrule_pack_info(p, k, MEDRULE_PACK_CITATION));
    if (url) {
      sb_puts(&b, " <a href=\"");
      esc(&b, url);
      sb_puts(&b, "\">");
      esc(&b, url);
      sb_puts(&b, "</a>");
    }
    sb_puts(&b, "<br>\n");
  }
  sb_puts(&b, "medrule decision support: it informs the clinician's judgment and does not replace it.</footer>\n"
              "</body>\n</html>\n");
  if (b.oom) out_fail(ENOMEM);
  else out_write(b.data, b.len);
  sb_free(&b);
}
