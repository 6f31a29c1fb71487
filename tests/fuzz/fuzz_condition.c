/* fuzz_condition.c — the condition-language compiler and evaluation.  The
** input becomes a condition in a small pack written to a private temporary
** directory (reused for every run of the process): by input length modulo 3
** it is a rule's `when`, its `applies`, or a fact's `derive`.  When the pack
** loads, three patients are evaluated and rendered in every format, each
** rule is explained, and the pack is described. */
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

/* Renders with the given format and flags (the options struct, filled in). */
static int render(medrule_result *r, int format, unsigned flags, const char **out, size_t *len) {
  medrule_render_options o = {sizeof o, format, flags, 0};
  return medrule_result_render(r, &o, out, len);
}

static char dir[64];
static char path[96];

static void cleanup(void) {
  if (path[0]) unlink(path);
  if (dir[0]) rmdir(dir);
}

static const char HEAD[] =
  "pack { id = \"fuzz\", version = \"1.0.0\", title = \"fuzz\", source = { document = \"d\" },\n"
  "       evidence = { scale = \"s\", grades = { \"A\", \"B\" }, certainties = { \"low\" } } }\n"
  "fact { \"patient.weight\", type = \"quantity\", unit = \"kg\", range = { 1, 500 } }\n"
  "fact { \"plan.rate\", type = \"quantity\", unit = \"mg/kg/h\", per = \"patient.weight\", range = { 0, 50 } }\n"
  "fact { \"plan.bolus\", type = \"quantity\", unit = \"mg/kg\", per = \"patient.weight\", default = \"0 mg/kg\" }\n"
  "fact { \"a.b\", type = \"boolean\" }\n"
  "fact { \"a.c\", type = \"boolean\", default = false }\n"
  "fact { \"n.x\", type = \"number\", range = { 0, 10 } }\n"
  "fact { \"n.y\", type = \"number\" }\n"
  "fact { \"c.code\", type = \"code\", values = { \"x\", \"y\", \"z\" } }\n"
  "fact { \"c.list\", type = \"codes\", values = { \"x\", \"y\", \"z\" } }\n"
  "fact { \"s.text\", type = \"string\" }\n"
  "fact { \"d.total\", type = \"quantity\", unit = \"mg\", derive = \"plan.rate * patient.weight * 2 h\" }\n";

static const char RULE[] =
  "  category = \"dosing\", action = \"caution\", grade = \"A\", certainty = \"low\",\n"
  "  text = \"t\", source = { section = \"s\", quote = \"q\" } }\n";

static const char *const PATIENTS[] = {
  "{}",
  "{\"patient\":{\"weight\":\"80 kg\"},\"plan\":{\"rate\":\"0.5 mg/kg/h\",\"bolus\":\"20 mg\"},"
  "\"a\":{\"b\":true,\"c\":false},\"n\":{\"x\":3,\"y\":0},\"c\":{\"code\":\"y\",\"list\":[\"x\",\"z\"]},"
  "\"s\":{\"text\":\"hello\"}}",
  "{\"a\":{\"b\":false,\"c\":null},\"n\":{\"x\":0,\"y\":-2.5},\"c\":{\"code\":\"z\",\"list\":[]},"
  "\"plan\":{\"rate\":\"10 mg/h\"}}",
};

/* The input as a Lua string literal: printable ASCII as is (so that the
** engine finds the condition in the file and reports line and column),
** everything else as a decimal escape. */
static void put_lua_string(FILE *f, const uint8_t *data, size_t size) {
  fputc('"', f);
  for (size_t i = 0; i < size; i++) {
    uint8_t c = data[i];
    if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
    else if (c >= 0x20 && c < 0x7f) fputc(c, f);
    else fprintf(f, "\\%03u", c);
  }
  fputc('"', f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!dir[0]) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/mrfuzz-XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
      perror("mkdtemp");
      exit(2);
    }
    snprintf(path, sizeof path, "%s/pack.lua", dir);
    atexit(cleanup);
  }
  FILE *f = fopen(path, "w");
  if (!f) {
    perror(path);
    exit(2);
  }
  int where = (int)(size % 3);
  fputs(HEAD, f);
  if (where == 2) {
    fputs("fact { \"d.fuzz\", type = \"number\", derive = ", f);
    put_lua_string(f, data, size);
    fputs(" }\nrule { id = \"r.fuzz\", when = \"d.fuzz > 1\",\n", f);
  } else {
    fputs("rule { id = \"r.fuzz\",\n  ", f);
    fputs(where == 0 ? "when = " : "when = \"a.b\", applies = ", f);
    put_lua_string(f, data, size);
    fputs(",\n", f);
  }
  fputs(RULE, f);
  fputs("rule { id = \"r.other\", when = \"n.x > 2 and c.code in [\\\"x\\\", \\\"y\\\"]\",\n", f);
  fputs(RULE, f);
  fclose(f);

  medrule_pack *pack = NULL;
  char *err = NULL;
  int rc = medrule_pack_open(dir, NULL, &pack, &err);
  if (rc != MEDRULE_OK) {
    FUZZ_CHECK(rc == MEDRULE_PACK, "status %d (%s): %s", rc, medrule_errstr(rc), err ? err : "(no message)");
    FUZZ_CHECK(err && strncmp(err, dir, strlen(dir)) == 0, "message does not name the pack: %s", err ? err : "NULL");
    /* every pack error names the file, the line and the declaration */
    const char *rest = err + strlen(dir);
    FUZZ_CHECK(rest[0] == '/' && strncmp(rest + 1, dir, strlen(dir)) != 0, "pack directory named twice: %s", err);
    FUZZ_CHECK(strncmp(rest, "/pack.lua:", 10) == 0 && rest[10] >= '1' && rest[10] <= '9',
               "message does not name the file and line: %s", err);
    FUZZ_CHECK(strstr(rest, where == 2 ? "fact d.fuzz" : "rule r.fuzz"), "message does not name the declaration: %s",
               err);
    medrule_free(err);
    return 0;
  }
  FUZZ_CHECK(err == NULL, "message after success: %s", err);
  char *desc = NULL;
  FUZZ_CHECK(medrule_pack_describe_json(pack, &desc) == MEDRULE_OK, "describe");
  medrule_free(desc);
  medrule_facts *facts = medrule_facts_new(pack);
  medrule_evaluator *ev = medrule_evaluator_new(pack, &err);
  medrule_result *res = medrule_result_new();
  FUZZ_CHECK(facts && ev && res, "objects: %s", err ? err : "");
  for (size_t i = 0; i < sizeof PATIENTS / sizeof PATIENTS[0]; i++) {
    rc = medrule_facts_load_json(facts, PATIENTS[i], strlen(PATIENTS[i]), "p.json", 1, 0);
    FUZZ_CHECK(rc == MEDRULE_OK, "patient %zu: %s", i, medrule_facts_errmsg(facts));
    rc = medrule_evaluate(ev, facts, res);
    FUZZ_CHECK(rc == MEDRULE_OK, "evaluate: %d", rc);
    for (int fmt = 0; fmt < 3; fmt++) {
      const char *out;
      size_t len;
      rc = render(res, fmt, 0, &out, &len);
      FUZZ_CHECK(rc == MEDRULE_OK && len > 0 && strlen(out) == len, "render %d", fmt);
    }
    for (int r = 0; r < medrule_pack_rule_count(pack); r++) {
      char *text = NULL;
      FUZZ_CHECK(medrule_explain_rule(ev, facts, r, r & 1, &text) == MEDRULE_OK && text, "explain %d", r);
      medrule_free(text);
    }
  }
  medrule_result_free(res);
  medrule_evaluator_free(ev);
  medrule_facts_free(facts);
  medrule_pack_close(pack);
  return 0;
}
