/* test_eval_paths.c — the evaluator's two ways of evaluating conditions give
** the same results.
**
** A pack without Lua-function conditions is evaluated all at once, every
** leaf and every and/or without short-circuit (eval_bits.c); a pack with one
** goes through the flat programs, which stop at the first settling term.
** Random packs are loaded twice, the second time with one more rule whose
** condition is a Lua function that is always false (it never fires and is
** never unknown, so it changes nothing in the output but the digest), and
** random patients must give the same JSON from the patient on: states,
** `because` lists in order with their values, missing facts, warnings
** (division by zero, which also sends the first way back to the second;
** shared conditions with a division check that nothing of the first way's
** run is left for the second). */
#include "harness.h"

static unsigned long long rng_state;
static unsigned rnd(unsigned n) {
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return (unsigned)(rng_state >> 33) % n;
}

#define FACTS                                                                                  \
  "fact { \"b.one\", type = \"boolean\" }\n"                                                   \
  "fact { \"b.two\", type = \"boolean\" }\n"                                                   \
  "fact { \"b.three\", type = \"boolean\" }\n"                                                 \
  "fact { \"n.one\", type = \"number\" }\n"                                                    \
  "fact { \"n.two\", type = \"number\" }\n"                                                    \
  "fact { \"q.w\", type = \"quantity\", unit = \"kg\" }\n"                                     \
  "fact { \"c.one\", type = \"code\", values = { \"a\", \"b\", \"c\" } }\n"                    \
  "fact { \"l.one\", type = \"codes\", values = { \"a\", \"b\", \"c\" } }\n"                   \
  "fact { \"d.ratio\", type = \"number\", computed = true, derive = \"n.one / n.two\" }\n"      \
  "fact { \"d.flag\", type = \"boolean\", computed = true,\n"                                  \
  "       derive = \"b.one or (n.one > 3 and c.one in [\\\"a\\\"])\" }\n"                           \
  "fact { \"d.given\", type = \"boolean\", derive = \"b.two and n.one > 1\" }\n"                  \
  "fact { \"d.chain\", type = \"boolean\", computed = true,\n"                                 \
  "       derive = \"d.flag and (d.ratio > 0.5 or not d.given or d.given is unknown)\" }\n"

/* Leaves of every kind the evaluator has: comparisons, known-ness, boolean
** and derived facts, code sets, code lists, arithmetic (evaluated through
** the tree), constants. */
static const char *const LEAVES[] = {
  "b.one", "b.two", "b.three", "d.flag", "n.one > 2", "n.two <= 1", "n.one == 0", "n.two != 1",
  "n.one < 4", "n.two >= 2", "q.w > 70 kg", "q.w <= 60000 g", "c.one in [\"a\", \"b\"]",
  "c.one == \"c\"", "c.one != \"a\"", "[\"a\"] in l.one", "[\"b\", \"c\"] in l.one", "b.two is known",
  "n.two is unknown", "q.w is not known", "n.one + n.two > 3", "n.one * 2 < n.two", "d.ratio > 1",
  "d.ratio <= 0.5", "true", "false", "b.one == b.two", "c.one not in [\"b\"]", "d.given", "d.chain",
  "d.flag is known", "d.chain is unknown", "not d.given", "d.given is not known",
  "n.one - n.two / 2 >= 1", "-n.one < n.two - 3", "q.w > n.one * 10000 g", "(n.one + 1) / (n.two - 1) > 1",
  "q.w / n.two >= 30 kg",
};
/* Arithmetic on a derived boolean: the evaluator then derives the booleans
** before the run, as the flat programs do; packs with it and without. */
static const char *const RARE_LEAF = "d.chain == b.one";

static void gen_cond(char *buf, size_t cap, int depth) {
  size_t len = strlen(buf);
  unsigned pick = rnd(10);
  if (depth >= 3 || pick < 4) {
    snprintf(buf + len, cap - len, "%s", rnd(200) == 0 ? RARE_LEAF : LEAVES[rnd(sizeof LEAVES / sizeof *LEAVES)]);
    return;
  }
  if (pick == 4) {
    snprintf(buf + len, cap - len, "not (");
    gen_cond(buf, cap, depth + 1);
    len = strlen(buf);
    snprintf(buf + len, cap - len, ")");
    return;
  }
  const char *op = pick < 7 ? " and " : " or ";
  int n = 2 + (int)rnd(3);
  snprintf(buf + len, cap - len, "(");
  for (int i = 0; i < n; i++) {
    if (i) {
      len = strlen(buf);
      snprintf(buf + len, cap - len, "%s", op);
    }
    gen_cond(buf, cap, depth + 1);
  }
  len = strlen(buf);
  snprintf(buf + len, cap - len, ")");
}

/* A random pack of `nrules` rules; some share a condition text (shared
** conditions are evaluated once), some have `applies`, some are stops. */
static char *gen_pack(int nrules) {
  size_t cap = 1 << 18;
  char *pack = harness_own(calloc(1, cap));
  assert_non_null(pack);
  static char conds[64][1024];
  snprintf(pack, cap, "%s%s", PACK_HEAD, FACTS);
  for (int i = 0; i < nrules && i < 64; i++) {
    conds[i][0] = 0;
    if (i > 2 && rnd(5) == 0) memcpy(conds[i], conds[rnd((unsigned)i)], sizeof conds[i]); /* an earlier row */
    else gen_cond(conds[i], sizeof conds[i], 0);
    char applies[1024] = "";
    if (rnd(4) == 0) {
      snprintf(applies, sizeof applies, "applies = [[ ");
      gen_cond(applies, sizeof applies - 8, 2);
      strcat(applies, " ]], ");
    }
    size_t len = strlen(pack);
    snprintf(pack + len, cap - len,
             "rule { id = \"r%02d\", category = \"%s\", action = \"%s\", grade = \"A\", certainty = \"high\", "
             "text = \"t\", source = { section = \"S\", quote = \"Q\" }, %swhen = [[ %s ]] }\n",
             i, rnd(3) == 0 ? "contraindication" : "indication", rnd(3) == 0 ? "avoid" : "info", applies, conds[i]);
  }
  return pack;
}

static void gen_patient(char *buf, size_t cap) {
  static const char *const CODES[] = {"a", "b", "c"};
  size_t len = 0;
  len += (size_t)snprintf(buf + len, cap - len, "{");
  const char *sep = "";
#define FIELD(...)                                                        \
  do {                                                                    \
    len += (size_t)snprintf(buf + len, cap - len, "%s", sep);             \
    len += (size_t)snprintf(buf + len, cap - len, __VA_ARGS__);           \
    sep = ",";                                                            \
  } while (0)
  if (rnd(4)) FIELD("\"b.one\":%s", rnd(2) ? "true" : "false");
  if (rnd(4)) FIELD("\"b.two\":%s", rnd(2) ? "true" : "false");
  if (rnd(4)) FIELD("\"b.three\":%s", rnd(2) ? "true" : "false");
  if (rnd(4)) FIELD("\"n.one\":%u", rnd(6));
  if (rnd(4)) FIELD("\"n.two\":%u", rnd(4)); /* 0 now and then: d.ratio has no value */
  if (rnd(4)) FIELD("\"q.w\":\"%u kg\"", 50 + rnd(40));
  if (rnd(4)) FIELD("\"c.one\":\"%s\"", CODES[rnd(3)]);
  if (rnd(3) == 0) FIELD("\"d.given\":%s", rnd(3) == 0 ? "null" : rnd(2) ? "true" : "false");
  if (rnd(4)) {
    unsigned m = rnd(8);
    FIELD("\"l.one\":[");
    const char *s2 = "";
    for (int k = 0; k < 3; k++)
      if (m >> k & 1) {
        len += (size_t)snprintf(buf + len, cap - len, "%s\"%s\"", s2, CODES[k]);
        s2 = ",";
      }
    len += (size_t)snprintf(buf + len, cap - len, "]");
  }
#undef FIELD
  snprintf(buf + len, cap - len, "}");
}

/* The JSON from the patient on: the head names the pack's digest. */
static const char *after_head(const char *json) {
  const char *p = strstr(json, "\"patient\":");
  assert_non_null(p);
  return p;
}

static void test_all_at_once_matches_short_circuit(void **state) {
  (void)state;
  int fired = 0, unknown = 0, not_applicable = 0, noval = 0;
  for (int round = 0; round < 12; round++) {
    rng_state = 0x9e3779b97f4a7c15ull * (unsigned long long)(round + 1);
    char *pack = gen_pack(35 + round); /* 35 to 46 rules */
    size_t len = strlen(pack), cap = len + 512;
    char *with_lua = harness_own(malloc(cap));
    assert_non_null(with_lua);
    snprintf(with_lua, cap, "%s%s", pack,
             "rule { id = \"zz\", category = \"indication\", action = \"info\", grade = \"A\", certainty = \"high\", "
             "text = \"t\", source = { section = \"S\", quote = \"Q\" }, reads = { \"b.one\" },\n"
             "  when = function(f) return false end }\n");
    fx a, b;
    fx_open_text(&a, pack, NULL);
    fx_open_text(&b, with_lua, NULL);
    for (int patient = 0; patient < 150; patient++) {
      char input[1024];
      gen_patient(input, sizeof input);
      assert_int_equal(fx_eval(&a, input), MEDRULE_OK);
      assert_int_equal(fx_eval(&b, input), MEDRULE_OK);
      const char *ra = NULL, *jb = NULL;
      size_t na = 0, nb = 0;
      assert_int_equal(medrule_result_render(a.res, NULL, &ra, &na), MEDRULE_OK);
      char *ja = harness_own(strdup(ra));
      assert_non_null(ja);
      assert_int_equal(medrule_result_render(b.res, NULL, &jb, &nb), MEDRULE_OK);
      if (strcmp(after_head(ja), after_head(jb)) != 0) {
        print_error("round %d patient %s:\n%s\nall at once: %s\nshort-circuit: %s\n", round, input, pack,
                    after_head(ja), after_head(jb));
        fail();
      }
      harness_free(ja);
      for (int i = 0; i < medrule_pack_rule_count(a.pack); i++) {
        int s = medrule_result_rule_state(a.res, i);
        fired += s == MEDRULE_FIRED, unknown += s == MEDRULE_UNKNOWN, not_applicable += s == MEDRULE_NOT_APPLICABLE;
      }
      for (int i = 0; i < medrule_result_warning_count(a.res); i++)
        noval += strstr(medrule_result_warning(a.res, i), "division by zero") != NULL;
    }
    fx_close(&a);
    fx_close(&b);
    harness_free(with_lua);
    harness_free(pack);
  }
  /* the cases that matter were met */
  assert_true(fired > 1000 && unknown > 1000 && not_applicable > 100 && noval > 50);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_all_at_once_matches_short_circuit),
  };
  return cmocka_run_group_tests_name("eval_paths", tests, NULL, NULL);
}
