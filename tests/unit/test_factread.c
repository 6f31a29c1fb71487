/* test_factread.c — the fast paths of reading fact files: the key memo
** (exact when keys move, and across packs that give one name different
** meanings), the group accessors it uses, the value array built from
** simdjson's tape and the tape read as it is, code lookup, and plain
** decimals read without strtod (each checked against the slow way). */
#include <math.h>

#include "harness.h"

#include "eval.h"   /* mr_facts_values, to check loaded values exactly */
#include "json.h"
#include "numfmt.h"

static const mr_value *val(const fx *x, const char *name) {
  int i = medrule_fact_index(x->pack, name);
  if (i < 0) print_error("no fact %s\n", name);
  assert_true(i >= 0);
  return &mr_facts_values(x->facts)[i];
}

static void loads(fx *x, const char *json) {
  int rc = medrule_facts_load_json(x->facts, json, strlen(json), "src.json", 1, 0);
  if (rc) print_error("%s: %s\n", json, medrule_facts_errmsg(x->facts));
  assert_int_equal(rc, MEDRULE_OK);
}

/* ------------------------------------------------------------ groups */

static void test_group_accessors(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  int n = medrule_pack_group_count(x.pack);
  assert_true(n >= 4); /* patient, pain, history, plan, response, ... */
  int g = medrule_group_lookup(x.pack, "patient", 7);
  assert_true(g >= 0 && g < n);
  assert_string_equal(medrule_pack_group_name(x.pack, g), "patient");
  assert_int_equal(medrule_group_lookup(x.pack, "patient.weight", 14), -1); /* a fact, not a group */
  assert_int_equal(medrule_group_lookup(x.pack, "patientX", 7), g);        /* only len bytes count */
  assert_int_equal(medrule_group_lookup(x.pack, "pat", 3), -1);
  for (int i = 0; i < n; i++) {
    const char *name = medrule_pack_group_name(x.pack, i);
    assert_non_null(name);
    assert_int_equal(medrule_group_lookup(x.pack, name, strlen(name)), i);
    assert_true(medrule_pack_is_group(x.pack, name, strlen(name)));
  }
  assert_null(medrule_pack_group_name(x.pack, n));
  assert_null(medrule_pack_group_name(x.pack, -1));
  assert_int_equal(medrule_pack_group_count(NULL), 0);
  assert_null(medrule_pack_group_name(NULL, 0));
  assert_int_equal(medrule_group_lookup(NULL, "patient", 7), -1);
  assert_int_equal(medrule_group_lookup(x.pack, NULL, 0), -1);
  fx_close(&x);
}

/* A guess is taken only when it names exactly those bytes; any other guess,
** in range or not, gives what the plain lookup gives. */
static void test_lookup_hints(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  int w = medrule_fact_index(x.pack, "patient.weight"), a = medrule_fact_index(x.pack, "patient.age");
  int nf = medrule_pack_fact_count(x.pack), ng = medrule_pack_group_count(x.pack);
  assert_true(w >= 0 && a >= 0 && w != a);
  int guesses[] = {w, a, -1, -7, nf, nf + 100, 0, ng};
  for (size_t i = 0; i < sizeof guesses / sizeof *guesses; i++) {
    int h = guesses[i];
    assert_int_equal(medrule_fact_lookup_hint(x.pack, "patient.weight", 14, h), w);
    assert_int_equal(medrule_fact_lookup_hint(x.pack, "patient.weightX", 14, h), w); /* only len bytes count */
    assert_int_equal(medrule_fact_lookup_hint(x.pack, "patient.weigh", 13, h), -1);  /* a prefix of the guess */
    assert_int_equal(medrule_fact_lookup_hint(x.pack, "patient.weights", 15, h), -1); /* the guess is a prefix */
    assert_int_equal(medrule_fact_lookup_hint(x.pack, "patient", 7, h), -1);          /* a group */
    int g = medrule_group_lookup(x.pack, "patient", 7);
    assert_int_equal(medrule_group_lookup_hint(x.pack, "patient", 7, h), g);
    assert_int_equal(medrule_group_lookup_hint(x.pack, "patientX", 7, h), g);
    assert_int_equal(medrule_group_lookup_hint(x.pack, "patien", 6, h), -1);
    assert_int_equal(medrule_group_lookup_hint(x.pack, "patients", 8, h), -1);
    assert_int_equal(medrule_group_lookup_hint(x.pack, "patient.weight", 14, h), -1);
    /* a NUL inside the name is a byte like any other: not the group's end */
    assert_int_equal(medrule_group_lookup_hint(x.pack, "patient\0weight", 14, h), -1);
    assert_int_equal(medrule_group_lookup(x.pack, "patient\0weight", 14), -1);
  }
  assert_int_equal(medrule_fact_lookup_hint(NULL, "patient.weight", 14, w), -1);
  assert_int_equal(medrule_fact_lookup_hint(x.pack, NULL, 0, w), -1);
  assert_int_equal(medrule_group_lookup_hint(NULL, "patient", 7, 0), -1);
  assert_int_equal(medrule_group_lookup_hint(x.pack, NULL, 0, 0), -1);
  fx_close(&x);
}

/* A guess checked by the key alone: right only for the fact whose whole name
** is the group's name, a dot and the key; a key with a dot in it, a wrong
** group, a prefix or an extension of the name are all -1. */
static void test_hint_in_group(void **state) {
  (void)state;
  fx x;
  fx_open_text(&x, PACK_HEAD
    "fact { \"top\", type = \"boolean\" }\n"
    "fact { \"a.weight\", type = \"number\" }\n"
    "fact { \"a.b.c\", type = \"boolean\" }\n"
    "fact { \"a.b.b.c\", type = \"number\" }\n"
    "fact { \"a.b.serious_psychomimetic_reaction\", type = \"boolean\" }\n"
    RULE("r", "[[ top ]]"), NULL);
  const medrule_pack *p = x.pack;
  int top = medrule_fact_index(p, "top"), w = medrule_fact_index(p, "a.weight"), c = medrule_fact_index(p, "a.b.c");
  int bbc = medrule_fact_index(p, "a.b.b.c"), longer = medrule_fact_index(p, "a.b.serious_psychomimetic_reaction");
  int a = medrule_group_lookup(p, "a", 1), ab = medrule_group_lookup(p, "a.b", 3);
  int abb = medrule_group_lookup(p, "a.b.b", 5);
  assert_true(top >= 0 && w >= 0 && c >= 0 && bbc >= 0 && longer >= 0 && a >= 0 && ab >= 0 && abb >= 0);
  assert_int_equal(medrule_fact_hint_in_group(p, top, -1, "top", 3), MEDRULE_TYPE_BOOLEAN);
  assert_int_equal(medrule_fact_hint_in_group(p, w, a, "weightX", 6), MEDRULE_TYPE_NUMBER); /* len bytes */
  assert_int_equal(medrule_fact_hint_in_group(p, c, ab, "c", 1), MEDRULE_TYPE_BOOLEAN);
  assert_int_equal(medrule_fact_hint_in_group(p, bbc, abb, "c", 1), MEDRULE_TYPE_NUMBER);
  assert_int_equal(medrule_fact_hint_in_group(p, bbc, ab, "b.c", 3), -1); /* a.b.b.c is in group a.b.b */
  assert_int_equal(medrule_fact_hint_in_group(p, bbc, ab, "c", 1), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, c, abb, "c", 1), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, longer, ab, "serious_psychomimetic_reaction", 30),
                   MEDRULE_TYPE_BOOLEAN);
  assert_int_equal(medrule_fact_hint_in_group(p, longer, ab, "serious_psychomimetic_reactiom", 30), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, longer, ab, "xerious_psychomimetic_reaction", 30), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, longer, ab, "serious_psychoXimetic_reaction", 30), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, w, a, "weigh", 5), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, w, a, "weightt", 7), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, w, a, "weighT", 6), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, w, a, "Weight", 6), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, w, ab, "weight", 6), -1); /* another group */
  assert_int_equal(medrule_fact_hint_in_group(p, w, -1, "a.weight", 8), -1); /* not at the top level */
  assert_int_equal(medrule_fact_hint_in_group(p, w, -1, "weight", 6), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, top, a, "top", 3), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, top, -1, "to", 2), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, top, -1, "tip", 3), -1);
  int nf = medrule_pack_fact_count(p);
  int bad[] = {-1, -7, nf, nf + 100};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    assert_int_equal(medrule_fact_hint_in_group(p, bad[i], a, "weight", 6), -1);
  assert_int_equal(medrule_fact_hint_in_group(NULL, w, a, "weight", 6), -1);
  assert_int_equal(medrule_fact_hint_in_group(p, w, a, NULL, 6), -1);
  /* the reader takes the guess only when it is right: the same file twice, then
  ** with keys swapped and a dotted key, loads exactly */
  for (int round = 0; round < 2; round++) {
    loads(&x, "{\"top\":true,\"a\":{\"weight\":3,\"b\":{\"c\":false,\"b.c\":4}}}");
    assert_int_equal(val(&x, "top")->bits, 1);
    assert_double_exact(val(&x, "a.weight")->num, 3);
    assert_int_equal(val(&x, "a.b.c")->state, MR_T);
    assert_double_exact(val(&x, "a.b.b.c")->num, 4);
  }
  loads(&x, "{\"a\":{\"b\":{\"b.c\":5,\"c\":true},\"weight\":6},\"top\":false}");
  assert_int_equal(val(&x, "top")->bits, 0);
  assert_double_exact(val(&x, "a.weight")->num, 6);
  assert_int_equal(val(&x, "a.b.c")->bits, 1);
  assert_double_exact(val(&x, "a.b.b.c")->num, 5);
  int rc = medrule_facts_load_json(x.facts, "{\"a\":{\"b\":{\"b.c\":5,\"b\":{\"c\":6}}}}", 33, "src.json", 1, 0);
  assert_int_equal(rc, MEDRULE_INPUT);
  assert_contains(medrule_facts_errmsg(x.facts), "a.b.b.c: given twice (duplicate key)");
  fx_close(&x);
}

/* Fact files read lazily (the tape's integers checked as they are read, the
** rest only when the file does not load cleanly): an integer beyond the
** policy anywhere refuses the file exactly as the JSON reader does. */
static void test_lazy_numbers(void **state) {
  (void)state;
  fx x;
  fx_open_text(&x, PACK_HEAD
    "fact { \"b\", type = \"boolean\" }\n"
    "fact { \"n\", type = \"number\" }\n"
    "fact { \"q\", type = \"quantity\", unit = \"kg\" }\n"
    "fact { \"a.x\", type = \"number\" }\n"
    "fact { \"c\", type = \"codes\", values = { \"p\", \"r\" } }\n"
    RULE("r", "[[ b ]]"), NULL);
  const char *big = "9007199254740993", *huge = "18446744073709551615";
  const char *shapes[] = {
    "{\"n\":%s}", "{\"a\":{\"x\":-%s}}", "{\"zzz\":[1,%s]}", "{\"q\":{\"value\":1,\"code\":\"kg\",\"unit\":[%s]}}",
    "{\"q\":{\"value\":1,\"unit\":\"kg\",\"code\":%s}}", "{\"q\":{\"value\":%s,\"unit\":\"kg\"}}",
    "{\"b\":5,\"n\":%s}", "{\"b\":true,\"b\":%s}", "{\"a\":%s}", "[%s]", "{\"c\":[\"p\",%s]}",
    "{\"b\":1,\"b\":2,\"b\":3,\"b\":4,\"b\":5,\"b\":6,\"b\":7,\"b\":8,\"b\":9,\"b\":10,\"b\":11,\"b\":12,"
    "\"b\":13,\"b\":14,\"b\":15,\"b\":16,\"b\":17,\"b\":18,\"b\":19,\"b\":20,\"b\":21,\"b\":22,\"n\":%s}",
  };
  mr_jdoc *d = mr_jdoc_new();
  assert_non_null(d);
  for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++)
    for (int h = 0; h < 2; h++)
      for (unsigned flags = 0; flags <= MEDRULE_ALLOW_EXTRA; flags += MEDRULE_ALLOW_EXTRA) {
        char text[600], want[400];
        snprintf(text, sizeof text, shapes[k], h ? huge : big);
        const mr_jval *v;
        size_t n;
        mr_jerror e;
        assert_int_equal(mr_json_parse(d, text, strlen(text), &v, &n, &e), -1);
        snprintf(want, sizeof want, "src.json:%u:%u: %s", e.line, e.col, e.msg);
        int rc = medrule_facts_load_json(x.facts, text, strlen(text), "src.json", 1, flags);
        if (rc != MEDRULE_INPUT || strcmp(medrule_facts_errmsg(x.facts), want))
          print_error("%s: %s\n", text, medrule_facts_errmsg(x.facts));
        assert_int_equal(rc, MEDRULE_INPUT);
        assert_string_equal(medrule_facts_errmsg(x.facts), want);
        assert_int_equal(medrule_facts_error_count(x.facts), 1);
        assert_int_equal(medrule_facts_warning_count(x.facts), 0);
      }
  /* within the policy: read */
  loads(&x, "{\"n\":9007199254740992,\"a\":{\"x\":-9007199254740992},\"q\":{\"value\":2,\"unit\":\"kg\",\"code\":7}}");
  assert_double_exact(val(&x, "n")->num, 9007199254740992.0);
  assert_double_exact(val(&x, "a.x")->num, -9007199254740992.0);
  assert_double_exact(val(&x, "q")->num, 2);
  mr_jdoc_free(d);
  fx_close(&x);
}

/* ------------------------------------------------------------ the key memo */

static void test_memo_keys_move(void **state) {
  (void)state;
  fx x;
  fx_open_demo(&x);
  /* the same positions hold other keys from one file to the next: a fact
  ** where a group was, a group where a fact was, keys swapped */
  for (int round = 0; round < 3; round++) {
    loads(&x, "{\"patient\":{\"weight\":80,\"age\":40,\"pregnant\":true},\"history\":{\"liver_disease\":\"mild\"}}");
    assert_double_exact(val(&x, "patient.weight")->num, 80);
    assert_double_exact(val(&x, "patient.age")->num, 40);
    assert_int_equal(val(&x, "patient.pregnant")->bits, 1);
    assert_int_equal(val(&x, "history.liver_disease")->bits, 1);

    loads(&x, "{\"history\":{\"liver_disease\":\"severe\"},\"patient\":{\"age\":41,\"weight\":81,\"pregnant\":false}}");
    assert_double_exact(val(&x, "patient.weight")->num, 81);
    assert_double_exact(val(&x, "patient.age")->num, 41);
    assert_int_equal(val(&x, "patient.pregnant")->bits, 0);
    assert_int_equal(val(&x, "history.liver_disease")->bits, 3);
  }
  /* a duplicate key and an unknown one at positions the memo knows */
  int rc = medrule_facts_load_json(x.facts, "{\"patient\":{\"age\":41,\"age\":42}}", 31, "src.json", 1, 0);
  assert_int_equal(rc, MEDRULE_INPUT);
  assert_contains(medrule_facts_errmsg(x.facts), "patient.age: given twice (duplicate key)");
  rc = medrule_facts_load_json(x.facts, "{\"patient\":{\"agee\":41}}", 23, "src.json", 1, 0);
  assert_int_equal(rc, MEDRULE_INPUT);
  assert_contains(medrule_facts_errmsg(x.facts), "$.patient.agee");
  rc = medrule_facts_load_json(x.facts, "{\"patient\":{\"age\":41},\"patient\":{}}", 35, "src.json", 1, 0);
  assert_int_equal(rc, MEDRULE_INPUT);
  assert_contains(medrule_facts_errmsg(x.facts), "the group 'patient' is given twice");
  fx_close(&x);
}

/* Two packs, one thread: "a.b" is a group in one and a fact in the other,
** "a.c" a boolean in one and a number in the other, at the same positions. */
static void test_memo_across_packs(void **state) {
  (void)state;
  const char *one = PACK_HEAD
    "fact { \"a.b.x\", type = \"boolean\" }\n"
    "fact { \"a.c\", type = \"boolean\" }\n"
    RULE("r1", "[[ a.c ]]");
  fx x, y;
  fx_open_text(&x, one, NULL);
  fx_open_text(&y, PACK_HEAD
    "fact { \"a.b\", type = \"number\" }\n"
    "fact { \"a.c\", type = \"number\" }\n"
    RULE("r2", "[[ a.c > 1 ]]"), NULL);
  for (int round = 0; round < 3; round++) {
    loads(&x, "{\"a\":{\"b\":{\"x\":true},\"c\":false}}");
    assert_int_equal(val(&x, "a.b.x")->bits, 1);
    assert_int_equal(val(&x, "a.c")->bits, 0);
    assert_int_equal(val(&x, "a.c")->state, MR_T);
    loads(&y, "{\"a\":{\"b\":7,\"c\":2.5}}");
    assert_double_exact(val(&y, "a.b")->num, 7);
    assert_double_exact(val(&y, "a.c")->num, 2.5);
    /* the first pack's shape given to the second: its names are not facts there */
    int rc = medrule_facts_load_json(y.facts, "{\"a\":{\"b\":{\"x\":true},\"c\":false}}", 32, "src.json", 1, 0);
    assert_int_equal(rc, MEDRULE_INPUT);
    assert_contains(medrule_facts_errmsg(y.facts), "a.b: expected a number, got an object");
    assert_contains(medrule_facts_errmsg(y.facts), "a.c: expected a number, got a boolean");
  }
  fx_close(&y);
  fx_close(&x);
}

/* Many groups (more than the memo has spans) and a group of more keys than a
** span: everything still loads exactly. */
static void test_memo_many_groups(void **state) {
  (void)state;
  char pack[16384] = PACK_HEAD, json[16384] = "{";
  size_t pl = strlen(pack), jl = 1;
  for (int g = 0; g < 40; g++) {
    jl += (size_t)snprintf(json + jl, sizeof json - jl, "%s\"g%d\":{", g ? "," : "", g);
    int keys = g == 0 ? 40 : 2;
    for (int k = 0; k < keys; k++) {
      pl += (size_t)snprintf(pack + pl, sizeof pack - pl, "fact { \"g%d.f%d\", type = \"number\" }\n", g, k);
      jl += (size_t)snprintf(json + jl, sizeof json - jl, "%s\"f%d\":%d", k ? "," : "", k, g * 100 + k);
    }
    jl += (size_t)snprintf(json + jl, sizeof json - jl, "}");
  }
  snprintf(json + jl, sizeof json - jl, "}");
  snprintf(pack + pl, sizeof pack - pl, "%s", RULE("r", "[[ g0.f0 > 1 ]]"));
  fx x;
  fx_open_text(&x, pack, NULL);
  for (int round = 0; round < 2; round++) {
    loads(&x, json);
    char name[32];
    for (int g = 0; g < 40; g++)
      for (int k = 0; k < (g == 0 ? 40 : 2); k++) {
        snprintf(name, sizeof name, "g%d.f%d", g, k);
        assert_double_exact(val(&x, name)->num, g * 100 + k);
      }
  }
  fx_close(&x);
}

/* ------------------------------------------------------------ the value array */

static void test_tape_values(void **state) {
  (void)state;
  mr_jdoc *d = mr_jdoc_new();
  assert_non_null(d);
  const char *text = "{\"k\":[1,-2.5,\"s\\u00e9\",true,false,null,{},[]],\"e\":{\"x\":{\"y\":9007199254740992}},\"z\":\"\"}";
  const mr_jval *v;
  size_t n;
  mr_jerror e;
  assert_int_equal(mr_json_parse(d, text, strlen(text), &v, &n, &e), 0);
  assert_int_equal(n, 14);
  assert_int_equal(v[0].type, MR_JOBJECT);
  assert_int_equal(v[0].len, 3);
  assert_int_equal(v[0].end, 14);
  assert_null(v[0].key);
  assert_string_equal(v[1].key, "k");
  assert_int_equal(v[1].key_len, 1);
  assert_int_equal(v[1].type, MR_JARRAY);
  assert_int_equal(v[1].len, 8);
  assert_int_equal(v[1].end, 10);
  assert_null(v[2].key);
  assert_double_exact(v[2].num, 1);
  assert_double_exact(v[3].num, -2.5);
  assert_int_equal(v[4].type, MR_JSTRING);
  assert_string_equal(v[4].str, "s\xc3\xa9");
  assert_int_equal(v[4].len, 3);
  assert_int_equal(v[5].type, MR_JTRUE);
  assert_int_equal(v[6].type, MR_JFALSE);
  assert_int_equal(v[7].type, MR_JNULL);
  assert_int_equal(v[8].type, MR_JOBJECT);
  assert_int_equal(v[8].len, 0);
  assert_int_equal(v[8].end, 9);
  assert_int_equal(v[9].type, MR_JARRAY);
  assert_int_equal(v[9].end, 10);
  assert_string_equal(v[10].key, "e");
  assert_int_equal(v[10].len, 1);
  assert_int_equal(v[10].end, 13);
  assert_string_equal(v[11].key, "x");
  assert_string_equal(v[12].key, "y");
  assert_double_exact(v[12].num, 9007199254740992.0);
  assert_string_equal(v[13].key, "z");
  assert_string_equal(v[13].str, "");
  assert_int_equal(v[13].len, 0);
  /* a scalar root, and the policy still applied on the tape */
  assert_int_equal(mr_json_parse(d, "-7", 2, &v, &n, &e), 0);
  assert_int_equal(n, 1);
  assert_double_exact(v[0].num, -7);
  assert_int_equal(v[0].end, 1);
  assert_int_equal(mr_json_parse(d, "[9007199254740993]", 18, &v, &n, &e), -1);
  assert_contains(e.msg, "too large");
  assert_int_equal(mr_json_parse(d, "{\"a\\u0000\":1}", 13, &v, &n, &e), -1);
  assert_contains(e.msg, "NUL");
  assert_int_equal(mr_json_parse(d, "[18446744073709551615]", 22, &v, &n, &e), -1);
  mr_jdoc_free(d);
}

/* The tape as mr_json_parse_tape leaves it against the value array of
** mr_json_parse: the same values in the same order, one index at a time. */
static size_t same_as_values(const mr_jtape *tp, size_t i, const mr_jval *v, size_t k) {
  assert_int_equal(mr_jt_type(tp, i), v[k].type);
  uint32_t len;
  if (v[k].type == MR_JSTRING) {
    const char *str = mr_jt_str(tp, i, &len);
    assert_int_equal(len, v[k].len);
    assert_memory_equal(str, v[k].str, len + 1);
  } else if (v[k].type == MR_JNUMBER) {
    double got = mr_jt_num(tp, i);
    assert_memory_equal(&got, &v[k].num, sizeof got);
  }
  size_t next = mr_jt_next(tp, i), c = k + 1;
  if (v[k].type == MR_JOBJECT || v[k].type == MR_JARRAY) {
    size_t at = i + 1;
    for (; c < v[k].end; c = v[c].end) {
      if (v[k].type == MR_JOBJECT) {
        const char *key = mr_jt_str(tp, at, &len);
        assert_int_equal(len, v[c].key_len);
        assert_memory_equal(key, v[c].key, len + 1);
        at++;
      }
      at = same_as_values(tp, at, v, c);
    }
    assert_int_equal(at, next - 1); /* the closing word */
  }
  assert_int_equal(c, v[k].end);
  return next;
}

static void test_tape_walk(void **state) {
  (void)state;
  mr_jdoc *d = mr_jdoc_new(), *e2 = mr_jdoc_new();
  assert_non_null(d);
  assert_non_null(e2);
  const char *texts[] = {
    "{\"k\":[1,-2.5,\"s\\u00e9\",true,false,null,{},[]],\"e\":{\"x\":{\"y\":9007199254740992}},\"z\":\"\"}",
    "-7", "\"x\"", "[]", "{}", "[[[[1]]],{\"a\":{\"b\":[null,1e300,-0.0,-0]}}]",
    "{\"patient\":{\"age\":71,\"weight\":82.3,\"sex\":\"female\"},"
    "\"plan\":{\"rate\":\"31 mg/h\",\"bolus\":{\"value\":2,\"unit\":\"mg\"}}}",
  };
  for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) {
    const mr_jval *v;
    size_t n;
    mr_jtape tp;
    mr_jerror e;
    assert_int_equal(mr_json_parse(e2, texts[k], strlen(texts[k]), &v, &n, &e), 0);
    assert_int_equal(mr_json_parse_tape(d, texts[k], strlen(texts[k]), &tp, 0, &e), 0);
    assert_int_equal(same_as_values(&tp, MR_JTAPE_ROOT, v, 0), (size_t)(tp.t[0] & 0xFFFFFFFFu) - 1);
  }
  /* the same texts refused, with the same place and reason */
  const char *bad[] = {
    "[9007199254740993]", "[-9007199254740993]", "{\"a\\u0000\":1}", "[\"x\\u0000y\"]", "[18446744073709551615]",
    "{\"a\":1,}", "", "[1e400]", "{\"a\":\"\\ud800\"}", "\xef\xbb\xbf{}",
  };
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    const mr_jval *v;
    size_t n;
    mr_jtape tp;
    mr_jerror e, f;
    assert_int_equal(mr_json_parse(e2, bad[k], strlen(bad[k]), &v, &n, &e), -1);
    assert_int_equal(mr_json_parse_tape(d, bad[k], strlen(bad[k]), &tp, 0, &f), -1);
    assert_string_equal(e.msg, f.msg);
    assert_int_equal(e.line, f.line);
    assert_int_equal(e.col, f.col);
    assert_int_equal(e.offset, f.offset);
  }
  /* allowed where the values are refused: 2^53 itself, and a NUL-free escape */
  mr_jtape tp;
  mr_jerror e;
  assert_int_equal(mr_json_parse_tape(d, "[9007199254740992,-9007199254740992,\"\\u0001\"]", 45, &tp, 0, &e), 0);
  assert_double_exact(mr_jt_num(&tp, 2), 9007199254740992.0);
  assert_double_exact(mr_jt_num(&tp, 4), -9007199254740992.0);
  assert_true(mr_jt_number_ok(&tp, 2) && mr_jt_number_ok(&tp, 4));
  assert_int_equal(mr_jt_check(&tp), 0);
  /* lazily: integers left to the reader; the rest of the policy applies */
  const char *lazy = "[1.5,9007199254740993,18446744073709551615]";
  assert_int_equal(mr_json_parse_tape(d, lazy, strlen(lazy), &tp, 0, &e), -1);
  assert_int_equal(mr_json_parse_tape(d, lazy, strlen(lazy), &tp, 1, &e), 0);
  assert_true(mr_jt_number_ok(&tp, 2));
  assert_false(mr_jt_number_ok(&tp, 4));
  assert_false(mr_jt_number_ok(&tp, 6));
  assert_int_equal(mr_jt_check(&tp), 1);
  assert_int_equal(mr_json_parse_tape(d, "[\"\\u0000\",9007199254740993]", 27, &tp, 1, &e), -1);
  assert_contains(e.msg, "NUL");
  mr_jdoc_free(e2);
  mr_jdoc_free(d);
}

/* ------------------------------------------------------------ codes, numbers */

static void test_codes_by_length(void **state) {
  (void)state;
  char code300[301];
  memset(code300, 'c', 300);
  code300[300] = 0;
  char pack[2048];
  snprintf(pack, sizeof pack, "%sfact { \"a.k\", type = \"code\", values = { \"ab\", \"a\", \"abc\", \"%s\", \"%.*sd\" } }\n%s",
           PACK_HEAD, code300, 299, code300, RULE("r", "[[ a.k == \"a\" ]]"));
  fx x;
  fx_open_text(&x, pack, NULL);
  int k = medrule_fact_index(x.pack, "a.k");
  assert_int_equal(medrule_fact_code_index(x.pack, k, "a"), 1);
  assert_int_equal(medrule_fact_code_index(x.pack, k, "ab"), 0);
  assert_int_equal(medrule_fact_code_index(x.pack, k, "abc"), 2);
  assert_int_equal(medrule_fact_code_index(x.pack, k, "abcd"), -1);
  assert_int_equal(medrule_fact_code_index(x.pack, k, ""), -1);
  /* codes of 255 bytes or more share one recorded length */
  assert_int_equal(medrule_fact_code_index(x.pack, k, code300), 3);
  char other[301];
  snprintf(other, sizeof other, "%.*sd", 299, code300);
  assert_int_equal(medrule_fact_code_index(x.pack, k, other), 4);
  assert_int_equal(medrule_fact_code_index(x.pack, k, code300 + 45), -1); /* 255 bytes */
  fx_close(&x);
}

static void test_plain_decimals_as_strtod(void **state) {
  (void)state;
  /* digits / 10^k against strtod on a spread of plain decimals */
  unsigned long long seed = 2018;
  char text[64];
  for (int i = 0; i < 200000; i++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    int digits = 1 + (int)((seed >> 33) % 15), point = (int)((seed >> 40) % (unsigned)(digits + 1));
    unsigned long long m = seed >> 7;
    size_t at = 0;
    if ((seed >> 20) & 1) text[at++] = '-';
    for (int d = 0; d < digits; d++) {
      if (d == point && d) text[at++] = '.';
      text[at++] = (char)('0' + m % 10);
      m /= 10;
    }
    text[at] = 0;
    double got, want = strtod(text, NULL);
    assert_int_equal(mr_parse_number(text, at, &got), at);
    if (memcmp(&got, &want, sizeof got)) print_error("%s: %.17g, strtod %.17g\n", text, got, want);
    assert_memory_equal(&got, &want, sizeof got);
  }
  double v;
  assert_int_equal(mr_parse_number("12.5 mg", 7, &v), 4);
  assert_double_exact(v, 12.5);
  assert_int_equal(mr_parse_number("1234567890123456", 16, &v), 16); /* 16 digits: strtod */
  assert_double_exact(v, 1234567890123456.0);
  assert_int_equal(mr_parse_number("2.5e1 h", 7, &v), 5);
  assert_double_exact(v, 25);
  assert_int_equal(mr_parse_number("2.5e h", 6, &v), 3); /* no exponent digits: "2.5", then text */
  assert_double_exact(v, 2.5);
  /* the common-case path and the general one agree at their edges */
  assert_int_equal(mr_parse_number("5. mg", 5, &v), 2);
  assert_double_exact(v, 5);
  assert_int_equal(mr_parse_number(".5", 2, &v), 2);
  assert_double_exact(v, 0.5);
  assert_int_equal(mr_parse_number("-0 kg", 5, &v), 2);
  assert_true(v == 0 && signbit(v));
  assert_int_equal(mr_parse_number("+5", 2, &v), 2);
  assert_double_exact(v, 5);
  assert_int_equal(mr_parse_number("  7 kg", 6, &v), 3);
  assert_double_exact(v, 7);
  assert_int_equal(mr_parse_number("123456789012345.6", 17, &v), 17); /* 16 digits: strtod */
  assert_double_exact(v, 123456789012345.6);
  assert_int_equal(mr_parse_number("82kg", 2, &v), 2); /* only n bytes are read */
  assert_double_exact(v, 82);
  assert_int_equal(mr_parse_number("1.2.3", 5, &v), 0);
  assert_int_equal(mr_parse_number("-", 1, &v), 0);
  assert_int_equal(mr_parse_number(".", 1, &v), 0);
  assert_int_equal(mr_parse_number("-.", 2, &v), 0);
  assert_int_equal(mr_parse_number("+-5", 3, &v), 0);
  assert_int_equal(mr_parse_number("1..2", 4, &v), 0);
  assert_int_equal(mr_parse_number("-", 1, &v), 0);
  assert_int_equal(mr_parse_number("+.", 2, &v), 0);
  assert_int_equal(mr_parse_number("+3", 2, &v), 2);
  assert_double_exact(v, 3);
}

/* ------------------------------------------------------------ units */

/* The unit memo keeps each unit's conversion for one fact: one unit text for
** facts of different units, and for a fact whose value waits for its `per`
** fact, converts right every time; an empty unit is missing, whatever the
** memo holds. */
static void test_unit_memo(void **state) {
  (void)state;
  const char *pack = PACK_HEAD
    "fact { \"p.weight\", type = \"quantity\", unit = \"kg\" }\n"
    "fact { \"p.hours\", type = \"quantity\", unit = \"h\" }\n"
    "fact { \"p.minutes\", type = \"quantity\", unit = \"min\" }\n"
    "fact { \"p.bolus\", type = \"quantity\", unit = \"mg/kg\", per = \"p.weight\" }\n"
    "fact { \"p.dose\", type = \"quantity\", unit = \"mg\", per = \"p.weight\" }\n"
    RULE("r", "[[ p.hours > 1 h ]]");
  fx x;
  fx_open_text(&x, pack, NULL);
  for (int round = 0; round < 3; round++) {
    loads(&x, "{\"p\":{\"weight\":\"80 kg\",\"hours\":\"90 min\",\"minutes\":\"90 min\","
              "\"bolus\":\"40 mg\",\"dose\":\"0.5 mg/kg\"}}");
    assert_double_exact(val(&x, "p.hours")->num, 1.5);
    assert_double_exact(val(&x, "p.minutes")->num, 90);
    assert_double_exact(val(&x, "p.bolus")->num, 0.5);
    assert_double_exact(val(&x, "p.dose")->num, 40);
    loads(&x, "{\"p\":{\"minutes\":\"2 h\",\"hours\":\"2 h\",\"dose\":\"40 mg\",\"bolus\":\"0.25 mg/kg\","
              "\"weight\":\"200 [lb_av]\"}}");
    assert_double_exact(val(&x, "p.hours")->num, 2);
    assert_double_exact(val(&x, "p.minutes")->num, 120);
    assert_double_exact(val(&x, "p.dose")->num, 40);
    assert_double_exact(val(&x, "p.bolus")->num, 0.25);
    assert_double_exact(val(&x, "p.weight")->num, 90.718474);
    const char *bad = "{\"p\":{\"hours\":\"2 kg\"}}";
    assert_int_equal(medrule_facts_load_json(x.facts, bad, strlen(bad), "src.json", 1, 0), MEDRULE_INPUT);
    assert_contains(medrule_facts_errmsg(x.facts), "'kg' is a mass, but p.hours is a time (h)");
    bad = "{\"p\":{\"weight\":{\"value\":80,\"unit\":\"\"}}}";
    assert_int_equal(medrule_facts_load_json(x.facts, bad, strlen(bad), "src.json", 1, 0), MEDRULE_INPUT);
    assert_string_equal(medrule_facts_errmsg(x.facts), "src.json: p.weight: a unit is missing");
  }
  fx_close(&x);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_group_accessors),
    harness_test(test_lookup_hints),
    harness_test(test_hint_in_group),
    harness_test(test_memo_keys_move),
    harness_test(test_memo_across_packs),
    harness_test(test_memo_many_groups),
    harness_test(test_tape_values),
    harness_test(test_tape_walk),
    harness_test(test_lazy_numbers),
    harness_test(test_codes_by_length),
    harness_test(test_plain_decimals_as_strtod),
    harness_test(test_unit_memo),
  };
  return cmocka_run_group_tests_name("factread", tests, NULL, NULL);
}
