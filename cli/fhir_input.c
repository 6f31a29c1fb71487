/* fhir_input.c — the options of `medrule check --input fhir` (contract §6):
** --input, --as-of, --site, --complete, and the site profile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int value_of(int argc, char **argv, int *i, const char *name, const char **out) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (!strncmp(a, name, n) && a[n] == '=') {
    *out = a + n + 1;
    return 1;
  }
  if (strcmp(a, name)) return 0;
  if (*i + 1 >= argc) {
    cli_error("check: %s needs a value", name);
    return -1;
  }
  *out = argv[++*i];
  return 1;
}

static int is_date(const char *s) {
  static const char SHAPE[] = "dddd-dd-dd";
  if (strlen(s) != 10) return 0;
  for (int i = 0; i < 10; i++)
    if (SHAPE[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-') return 0;
  int m = (s[5] - '0') * 10 + s[6] - '0', d = (s[8] - '0') * 10 + s[9] - '0';
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int cli_fhir_option(batch_config *cfg, const char **site_file, int argc, char **argv, int *i) {
  const char *v;
  int took;
  if ((took = value_of(argc, argv, i, "--input", &v)) != 0) {
    if (took < 0) return -1;
    if (!strcmp(v, "fhir")) cfg->fhir = 1;
    else if (!strcmp(v, "facts")) cfg->fhir = 0;
    else {
      cli_error("check: --input must be fhir or facts, not '%s'", v);
      return -1;
    }
    return 1;
  }
  if ((took = value_of(argc, argv, i, "--as-of", &v)) != 0) {
    if (took < 0) return -1;
    if (!is_date(v)) {
      cli_error("check: --as-of needs a date YYYY-MM-DD, not '%s'", v);
      return -1;
    }
    cfg->fhir_opts.as_of = v;
    return 1;
  }
  if ((took = value_of(argc, argv, i, "--site", &v)) != 0) {
    if (took < 0) return -1;
    *site_file = v;
    return 1;
  }
  if ((took = value_of(argc, argv, i, "--complete", &v)) != 0) {
    if (took < 0) return -1;
    for (const char *s = v; *s;) {
      size_t n = strcspn(s, ",");
      unsigned bit = medrule_fhir_section(s, n);
      if (!bit) {
        cli_error("check: --complete takes problems, medications, allergies (comma-separated), not '%.*s'", (int)n,
                  s);
        return -1;
      }
      cfg->fhir_opts.complete |= bit;
      s += n + (s[n] == ',');
    }
    return 1;
  }
  return 0;
}

/* A site profile is a fact file of site.* and staff.* facts only. */
static medrule_facts *load_site(const char *path, const medrule_pack *pack) {
  size_t len;
  char *text = cli_read_file(path, &len);
  if (!text) {
    cli_error("%s: cannot read the site profile", path);
    return NULL;
  }
  medrule_facts *f = medrule_facts_new(pack);
  if (!f) {
    free(text);
    cli_error("out of memory");
    return NULL;
  }
  int rc = medrule_facts_load_json(f, text, len, path, 1, 0);
  free(text);
  if (rc != MEDRULE_OK) {
    cli_error_lines(medrule_facts_errmsg(f));
    medrule_facts_free(f);
    return NULL;
  }
  int bad = 0;
  for (int k = 0; k < medrule_pack_fact_count(pack); k++) {
    const char *name = medrule_pack_fact_name(pack, k);
    if (medrule_facts_is_given(f, k) && strncmp(name, "site.", 5) && strncmp(name, "staff.", 6)) {
      cli_error("%s: %s: a site profile holds only site.* and staff.* facts (patient data comes from the bundle)",
                path, name);
      bad = 1;
    }
  }
  if (bad) {
    medrule_facts_free(f);
    return NULL;
  }
  return f;
}

int cli_fhir_prepare(batch_config *cfg, const char *site_file, const medrule_pack *pack) {
  cfg->fhir_opts.size = sizeof cfg->fhir_opts;
  if (!cfg->fhir) {
    if (site_file || cfg->fhir_opts.as_of || cfg->fhir_opts.complete) {
      cli_error("check: --site, --as-of and --complete go with --input fhir");
      return -2;
    }
    return 0;
  }
  if (!medrule_pack_has_fhir(pack)) {
    cli_error("pack %s has no FHIR mapping (fhir.lua in its directory, or its vocabulary's NAME.fhir.lua): it cannot read --input fhir",
              medrule_pack_id(pack));
    return -1;
  }
  if (site_file && !(cfg->fhir_opts.site = load_site(site_file, pack))) return -1;
  return 0;
}
