/* test_json.c — the strict JSON reader (engine/src/json.h): what it rejects,
** exactly where (line:col) and why; what it accepts, value by value; the
** policy beyond RFC 8259 (json.h); reuse, padding and large inputs.
** These cases are written for medrule (none comes from JSONTestSuite; the
** whole suite is run by make jsonsuite). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "harness.h"

#include <math.h>
#include <sys/mman.h>

#include "json.h"

static void jdoc_free_fn(void *p) { mr_jdoc_free(p); }

/* A reader kept for the teardown. */
static mr_jdoc *jdoc(void) {
  mr_jdoc *d = harness_keep(jdoc_free_fn, mr_jdoc_new());
  assert_non_null(d);
  return d;
}

/* Line and column (in UTF-8 characters) of byte `off` of text. */
static void pos_of(const char *text, size_t off, unsigned *line, unsigned *col) {
  *line = 1, *col = 1;
  for (size_t i = 0; i < off; i++) {
    if (text[i] == '\n') ++*line, *col = 1;
    else if (((unsigned char)text[i] & 0xC0) != 0x80) ++*col;
  }
}

/* Parses text[0..len) both ways: copied by the reader, and in place with
** padding that holds characters that would change the meaning if read (the
** padding must not matter).  Both must give the same answer. */
static int parse_both(mr_jdoc *d, const char *text, size_t len, const mr_jval **v, size_t *n, mr_jerror *err) {
  *v = (const mr_jval *)err; /* must be reset */
  *n = 12345;
  memset(err, 0x55, sizeof *err);
  int rc = mr_json_parse(d, text, len, v, n, err);
  mr_jerror first = *err;
  if (rc == 0) return rc; /* the padded run below would reuse d and replace *v */
  assert_null(*v);
  assert_int_equal(*n, 0);
  char *pad = harness_own(malloc(len + MR_JSON_PADDING));
  assert_non_null(pad);
  if (len) memcpy(pad, text, len);
  for (size_t i = 0; i < MR_JSON_PADDING; i++) pad[len + i] = "]}\"\\,1"[i % 6];
  const mr_jval *v2 = NULL;
  size_t n2 = 0;
  mr_jerror e2;
  int rc2 = mr_json_parse_padded(d, pad, len, &v2, &n2, &e2);
  assert_int_equal(rc2, rc);
  if (rc == -1) {
    assert_int_equal(e2.offset, first.offset);
    assert_int_equal(e2.line, first.line);
    assert_int_equal(e2.col, first.col);
    assert_string_equal(e2.msg, first.msg);
  }
  harness_free(pad);
  return rc;
}

/* text[0..len) must be rejected at line:col with a reason containing `why`. */
static void rejects_n(const char *text, size_t len, unsigned line, unsigned col, const char *why) {
  mr_jdoc *d = jdoc();
  const mr_jval *v;
  size_t n;
  mr_jerror err;
  int rc = parse_both(d, text, len, &v, &n, &err);
  if (rc != -1) print_error("'%.*s' was not rejected (status %d)\n", (int)len, text, rc);
  assert_int_equal(rc, -1);
  if (err.line != line || err.col != col || !strstr(err.msg, why))
    print_error("'%.*s': got %u:%u: %s\n   expected %u:%u: ...%s...\n", (int)len, text, err.line, err.col, err.msg,
                line, col, why);
  assert_int_equal(err.line, line);
  assert_int_equal(err.col, col);
  assert_contains(err.msg, why);
  assert_true(err.offset <= len);
  unsigned l, c;
  pos_of(text, err.offset, &l, &c); /* the offset and the line:col agree */
  assert_int_equal(l, line);
  assert_int_equal(c, col);
  assert_true(strlen(err.msg) < sizeof err.msg);
  assert_null(strchr(err.msg, '\n'));
}

static void rejects(const char *text, unsigned line, unsigned col, const char *why) {
  rejects_n(text, strlen(text), line, col, why);
}

/* text must be accepted; returns its values (valid until d is reused). */
static const mr_jval *accepts_d(mr_jdoc *d, const char *text, size_t *n) {
  const mr_jval *v;
  mr_jerror err;
  int rc = parse_both(d, text, strlen(text), &v, n, &err);
  if (rc != 0) print_error("'%s' was rejected: %u:%u: %s\n", text, err.line, err.col, err.msg);
  assert_int_equal(rc, 0);
  assert_non_null(v);
  assert_true(*n >= 1);
  assert_int_equal(v[0].end, *n);
  assert_null(v[0].key);
  return v;
}

static const mr_jval *accepts(const char *text, size_t *n) { return accepts_d(jdoc(), text, n); }

/* The one number of text (a number alone, or in a one-element array). */
static double number_of(const char *text) {
  size_t n;
  const mr_jval *v = accepts(text, &n);
  const mr_jval *x = v[0].type == MR_JARRAY ? &v[1] : &v[0];
  assert_int_equal(x->type, MR_JNUMBER);
  return x->num;
}

/* ------------------------------------------------------------ lax-parser cases */

/* Numbers cJSON accepts: each where a fact's value is expected, on line 2
** of a fact file, in a one-member object, and alone. */
static const struct {
  const char *num, *why;
} bad_numbers[] = {
  {"1.", "a number needs digits after the decimal point"},
  {"-2.", "a number needs digits after the decimal point"},
  {"0.e1", "a number needs digits after the decimal point"},
  {"2.e3", "a number needs digits after the decimal point"},
  {"2.e+3", "a number needs digits after the decimal point"},
  {"2.e-3", "a number needs digits after the decimal point"},
  {"-.123", "a number needs a digit before the decimal point"},
};

static void test_lax_numbers_rejected_where_a_value_is_expected(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof bad_numbers / sizeof bad_numbers[0]; i++) {
    char text[200];
    /* line 2: ' "plan": {"day": ' is 17 characters, so the number is at column 18 */
    snprintf(text, sizeof text, "{\"patient\": {\"id\": \"p-1\"},\n \"plan\": {\"day\": %s}}\n", bad_numbers[i].num);
    rejects(text, 2, 18, bad_numbers[i].why);
    snprintf(text, sizeof text, "{\"patient\": {\"id\": \"p-1\", \"weight\": %s, \"age\": 40}}", bad_numbers[i].num);
    rejects(text, 1, 37, bad_numbers[i].why);
    snprintf(text, sizeof text, "{\"a\":%s}", bad_numbers[i].num);
    rejects(text, 1, 6, bad_numbers[i].why);
    snprintf(text, sizeof text, "[7, %s]", bad_numbers[i].num);
    rejects(text, 1, 5, bad_numbers[i].why);
    rejects(bad_numbers[i].num, 1, 1, bad_numbers[i].why); /* top level */
    snprintf(text, sizeof text, "\n\n   %s", bad_numbers[i].num);
    rejects(text, 3, 4, bad_numbers[i].why);
  }
}

/* \uqqqq: cJSON reads it as the end of the string. */
static void test_bad_unicode_escape_rejected_at_the_backslash(void **state) {
  (void)state;
  rejects("{\"history\":{\"liver_disease\":\"severe\\uqqqq\"}}", 1, 36, "invalid escape '\\uqqqq'");
  rejects("{\"patient\":{\"id\":\"AB\\uqqqqCD\"}}", 1, 21, "invalid escape '\\uqqqq'");
  rejects("{\"patient\":{\"id\":\"AB\\uqqqqCD\"}}", 1, 21, "four hexadecimal digits");
  rejects("{\n  \"patient\": {\n    \"id\": \"AB\\uqqqqCD\"\n  }\n}\n", 3, 14, "invalid escape '\\uqqqq'");
  rejects("\"severe\\uqqqq\"", 1, 8, "invalid escape '\\uqqqq'");
  rejects("[\"ok\", \"\\u12\"]", 1, 9, "invalid escape '\\u12'");
  rejects("{\"k\\uqqqq\":1}", 1, 4, "invalid escape '\\uqqqq'"); /* in a key */
  rejects("[\"\\x41\"]", 1, 3, "invalid escape '\\x'");
  rejects("[\"a\\'b\"]", 1, 4, "invalid escape '\\''");
  /* an escape after a valid surrogate pair and other escapes */
  rejects("[\"\\uD834\\uDD1E \\n \\q\"]", 1, 19, "invalid escape '\\q'");
}

/* A raw line feed or tab inside a string: cJSON keeps it. */
static void test_raw_control_characters_in_strings_rejected(void **state) {
  (void)state;
  rejects("{\"patient\":{\"id\":\"AB\nCD\"}}", 1, 21, "unescaped line feed (U+000A) in a string");
  rejects("{\"patient\":{\"id\":\"AB\tCD\"}}", 1, 21, "unescaped tab (U+0009) in a string");
  rejects("{\"history\":{\"liver_disease\":\"severe\n\"}}", 1, 36, "write it as \\n");
  rejects("{\n \"a\": \"x\",\n \"b\": \"tab\there\"\n}", 3, 11, "unescaped tab");
  rejects("\"AB\nCD\"", 1, 4, "unescaped line feed");
  rejects("\"AB\tCD\"", 1, 4, "unescaped tab");
  rejects("[\"a\rb\"]", 1, 4, "unescaped carriage return (U+000D)");
  rejects("[\"a\x1f\"]", 1, 4, "U+001F");
  static const char raw_nul[] = "[\"a\0b\"]";
  rejects_n(raw_nul, sizeof raw_nul - 1, 1, 4, "unescaped NUL (U+0000)");
  /* a key */
  rejects("{\"a\nb\":1}", 1, 4, "unescaped line feed");
  /* blanks between tokens stay blanks, also around a string with a raw tab later */
  rejects("{\n\t\"a\" :\r\n \"b\",\n\t\"c\": \"d\te\"}", 4, 9, "unescaped tab");
  /* an earlier grammar error wins over a later raw control character */
  rejects("[1., \"a\nb\"]", 1, 2, "digits after the decimal point");
  static const char nul_then_newline[] = "[\0, \"a\nb\"]", utf16[] = "{\0\"\0a\0\"\0:\0 1}";
  rejects_n(nul_then_newline, sizeof nul_then_newline - 1, 1, 2, "unexpected NUL byte");
  rejects_n(utf16, sizeof utf16 - 1, 1, 2, "unexpected NUL byte"); /* UTF-16 */
  /* many control characters outside strings before one inside: found at once */
  size_t len = 300000;
  char *text = harness_own(malloc(len));
  assert_non_null(text);
  memset(text, 0x01, len);
  text[0] = '[';
  memcpy(text + len - 6, "\"a\nb\"]", 6);
  rejects_n(text, len, 1, 2, "unexpected control character (U+0001)");
  harness_free(text);
}

/* A form feed is not JSON whitespace (cJSON skips it). */
static void test_form_feed_is_not_whitespace(void **state) {
  (void)state;
  rejects("{\"patient\":\f{\"id\":\"AB\"}}", 1, 12, "unexpected form feed (U+000C)");
  rejects("\f{}", 1, 1, "form feed");
  rejects("[1,\f2]", 1, 4, "form feed");
  rejects("{\"a\":1}\f", 1, 8, "form feed");
  rejects("[\v1]", 1, 2, "vertical tab");
  rejects("{\"a\":\"x\f\"}", 1, 8, "unescaped form feed"); /* inside a string: the other message */
}

/* ------------------------------------------------------------ policy */

static void test_nul_escape_rejected_in_strings_and_keys(void **state) {
  (void)state;
  rejects("{\"patient\":{\"id\":\"AB\\u0000CD\"}}", 1, 21, "the escape '\\u0000' (NUL) is not allowed");
  rejects("{\"k\\u0000\":1}", 1, 4, "(NUL) is not allowed");
  rejects("[\"\\u00000\"]", 1, 3, "(NUL) is not allowed");
  rejects("[\"\\\\u0000\", \"x\\u0000\"]", 1, 15, "(NUL) is not allowed"); /* "\\u0000" is a backslash, then text */
  size_t n;
  const mr_jval *v = accepts("[\"\\\\u0000\", \"\\u0001\"]", &n); /* a backslash then text; U+0001 is fine */
  assert_int_equal(v[1].len, 6);
  assert_memory_equal(v[1].str, "\\u0000", 6);
  assert_int_equal(v[2].len, 1);
  assert_int_equal(v[2].str[0], 1);
}

static void test_byte_order_mark_rejected(void **state) {
  (void)state;
  rejects("\xEF\xBB\xBF{\"a\":1}", 1, 1, "byte order mark (U+FEFF) is not allowed");
  rejects("\xEF\xBB\xBF", 1, 1, "byte order mark");
  rejects("{\"a\":1}\xEF\xBB\xBF", 1, 8, "after the JSON value");
  rejects("\xEF\xBB{}", 1, 1, "invalid UTF-8 (bytes EF BB)");
  size_t n;
  const mr_jval *v = accepts("[\"\xEF\xBB\xBF\"]", &n); /* U+FEFF inside a string is a character */
  assert_int_equal(v[1].len, 3);
}

static void test_nesting_limit(void **state) {
  (void)state;
  char text[1200];
  size_t at = 0;
  for (int i = 0; i < MR_JSON_MAX_DEPTH; i++) text[at++] = '[';
  for (int i = 0; i < MR_JSON_MAX_DEPTH; i++) text[at++] = ']';
  text[at] = 0;
  size_t n;
  const mr_jval *v = accepts(text, &n); /* 64 is allowed */
  assert_int_equal(n, MR_JSON_MAX_DEPTH);
  assert_int_equal(v[MR_JSON_MAX_DEPTH - 1].type, MR_JARRAY);
  assert_int_equal(v[MR_JSON_MAX_DEPTH - 1].len, 0);
  at = 0;
  for (int i = 0; i <= MR_JSON_MAX_DEPTH; i++) text[at++] = '[';
  for (int i = 0; i <= MR_JSON_MAX_DEPTH; i++) text[at++] = ']';
  text[at] = 0;
  rejects(text, 1, 65, "nested deeper than 64 arrays and objects");
  /* objects, and an unclosed hostile nest */
  at = 0;
  for (int i = 0; i <= MR_JSON_MAX_DEPTH; i++) at += (size_t)snprintf(text + at, sizeof text - at, "{\"a\":");
  rejects(text, 1, 1 + 5 * MR_JSON_MAX_DEPTH, "nested deeper than 64");
  memset(text, '[', 1000);
  text[1000] = 0;
  rejects(text, 1, 65, "nested deeper than 64");
}

static void test_nesting_limit_survives_a_larger_buffer(void **state) {
  (void)state;
  /* a 200 KB text makes the parser grow its buffers: the limit must stay */
  size_t len = 200000;
  char *text = harness_own(malloc(len + 1));
  assert_non_null(text);
  memset(text, ' ', len);
  for (int i = 0; i <= MR_JSON_MAX_DEPTH; i++) text[i] = '[', text[len - 1 - i] = ']';
  text[len] = 0;
  rejects(text, 1, 65, "nested deeper than 64");
  text[MR_JSON_MAX_DEPTH] = ' ', text[len - 1 - MR_JSON_MAX_DEPTH] = ' ';
  size_t n;
  accepts(text, &n);
  assert_int_equal(n, MR_JSON_MAX_DEPTH);
  harness_free(text);
}

static void test_numbers(void **state) {
  (void)state;
  assert_double_exact(number_of("[9007199254740992]"), 9007199254740992.0);
  assert_double_exact(number_of("[-9007199254740992]"), -9007199254740992.0);
  rejects("[9007199254740993]", 1, 2, "the integer '9007199254740993' is too large to be held exactly");
  rejects("{\"a\": -9007199254740993}", 1, 7, "too large to be held exactly");
  rejects("[18446744073709551615]", 1, 2, "too large");
  rejects("[100000000000000000000]", 1, 2, "the integer '100000000000000000000' is too large");
  rejects("[-123123123123123123123123123123]", 1, 2, "is too large");
  /* a fraction or an exponent: rounded like any double */
  assert_double_exact(number_of("[9007199254740993.0]"), 9007199254740992.0);
  assert_double_exact(number_of("[1e20]"), 1e20);
  assert_double_exact(number_of("[0.1]"), 0.1);
  assert_double_exact(number_of("[1.7976931348623157e308]"), 1.7976931348623157e308);
  rejects("[1e400]", 1, 2, "the number '1e400' is too large for a double");
  rejects("[-1.5e+9999]", 1, 2, "too large for a double");
  assert_double_exact(number_of("[1e-400]"), 0.0);
  assert_double_exact(number_of("[4.9e-324]"), 4.9e-324);
  /* zero and its signs */
  double z = number_of("[-0.0]");
  assert_double_exact(z, 0.0);
  assert_true(signbit(z));
  z = number_of("[-0]");
  assert_double_exact(z, 0.0);
  assert_false(signbit(z)); /* an integer has no negative zero */
  assert_double_exact(number_of("-12.5e-1"), -1.25);
  assert_double_exact(number_of("[0E0]"), 0.0);
  /* other invalid numbers, with the reason */
  rejects("[01]", 1, 2, "cannot start with 0 followed by more digits");
  rejects("[-01]", 1, 2, "cannot start with 0");
  rejects("[+1]", 1, 2, "cannot start with '+'");
  rejects("[-]", 1, 2, "a minus sign must be followed by a digit");
  rejects("[- 1]", 1, 2, "a minus sign must be followed by a digit");
  rejects("[1e]", 1, 2, "digits in its exponent");
  rejects("[1E+]", 1, 2, "digits in its exponent");
  rejects("[.5]", 1, 2, "a digit before the decimal point");
  rejects("[0x1F]", 1, 3, "invalid number '0x1F': unexpected 'x' after '0'"); /* at the 'x' */
  rejects("[1.5.2]", 1, 5, "unexpected '.' after '1.5'");
  rejects("{\"a\":1\f}", 1, 7, "unexpected U+000C after '1'");
  rejects("[NaN]", 1, 2, "JSON has no NaN or Infinity");
  rejects("[-Infinity]", 1, 2, "invalid number");
}

static void test_invalid_utf8_rejected_where_it_is(void **state) {
  (void)state;
  rejects("{\"a\":\"caf\xE9\"}", 1, 10, "invalid UTF-8 (byte E9)");
  rejects("{\"a\":\"\xC3\xA9\xFF\"}", 1, 8, "invalid UTF-8 (byte FF)"); /* é is one column */
  rejects("{\"\xC3\xA9\":\"x\",\n\"b\":\"\xED\xA0\x80\"}", 2, 6, "bytes ED A0 80"); /* an encoded surrogate */
  rejects("[\"\xC0\xAF\"]", 1, 3, "invalid UTF-8 (bytes C0 AF)");                   /* overlong */
  rejects("[\"\xF4\x90\x80\x80\"]", 1, 3, "invalid UTF-8");                         /* past U+10FFFF */
  rejects("[\"\xE2\x82\"]", 1, 3, "invalid UTF-8 (bytes E2 82)");                   /* cut short */
  rejects("[\"a\x80\"]", 1, 4, "invalid UTF-8 (byte 80)");                           /* lone continuation */
  rejects("\xE9", 1, 1, "invalid UTF-8");
  rejects("[1] \xFF", 1, 5, "invalid UTF-8");
  /* an earlier grammar error is reported first */
  rejects("[tru, \"\xFF\"]", 1, 2, "invalid literal 'tru'");
  rejects("{\"a\":01, \"b\":\"\xFF\"}", 1, 6, "cannot start with 0");
  size_t n;
  const mr_jval *v = accepts("[\"\xF0\x9F\x98\x80\xEF\xBF\xBF\xEF\xB7\x90\"]", &n); /* U+1F600, U+FFFF, U+FDD0 */
  assert_int_equal(v[1].len, 10);
}

static void test_surrogate_escapes(void **state) {
  (void)state;
  rejects("[\"\\uD800\"]", 1, 3, "lone surrogate '\\uD800'");
  rejects("[\"x\\uDC00\"]", 1, 4, "lone surrogate '\\uDC00'");
  rejects("[\"\\uD800\\u0041\"]", 1, 3, "lone surrogate '\\uD800'");
  rejects("[\"\\uDD1E\\uD834\"]", 1, 3, "a low surrogate escape must follow a high one");
  rejects("{\"\\uDFAA\":0}", 1, 3, "lone surrogate");
  size_t n;
  const mr_jval *v = accepts("[\"\\uD834\\uDD1E\", \"\\ud83d\\ude00x\"]", &n);
  assert_int_equal(v[1].len, 4);
  assert_memory_equal(v[1].str, "\xF0\x9D\x84\x9E", 4);
  assert_int_equal(v[2].len, 5);
  assert_memory_equal(v[2].str, "\xF0\x9F\x98\x80x", 5);
}

/* ------------------------------------------------------------ grammar errors */

static void test_trailing_commas(void **state) {
  (void)state;
  rejects("[1,2,]", 1, 5, "trailing comma");
  rejects("{\"a\":1,}", 1, 7, "trailing comma: a ',' must be followed by another member");
  rejects("{\"patient\": {\"id\": \"p\",\n  }\n}", 1, 23, "trailing comma");
  rejects("{\"a\": [true,\n\n]}", 1, 12, "another element");
  rejects("[1,,2]", 1, 4, "expected a value, found ','");
  rejects("{,}", 1, 2, "expected a key");
}

static void test_truncated_input(void **state) {
  (void)state;
  rejects("{\"a\":[1,2", 1, 10, "unexpected end of input");
  rejects("{\"a\":", 1, 6, "unexpected end of input");
  rejects("{\"a\"", 1, 5, "unexpected end of input");
  rejects("{\"a\":\"xy", 1, 9, "unexpected end of input inside a string");
  rejects("{\"a\":\"xy\\", 1, 10, "inside a string");
  rejects("{\n\"a\": {\n", 3, 1, "unexpected end of input");
  rejects("[tr", 1, 2, "invalid literal 'tr'");
  rejects("", 1, 1, "empty input");
  rejects(" \n\t ", 2, 3, "empty input");
}

static void test_other_grammar_errors(void **state) {
  (void)state;
  rejects("{\"a\" 1}", 1, 6, "expected ':' after the key, found '1'");
  rejects("{\"a\":1 \"b\":2}", 1, 8, "expected ',' or '}' after an object member");
  rejects("{\"a\":\"x\" \"b\":2}", 1, 10, "expected ',' or '}'");
  rejects("[1 2]", 1, 4, "expected ',' or ']' after an array element, found '2'");
  rejects("{a:1}", 1, 2, "expected a key (a string in double quotes), found 'a'");
  rejects("{'a':1}", 1, 2, "double quotes");
  rejects("[True]", 1, 2, "unexpected 'True'");
  rejects("[nul]", 1, 2, "invalid literal 'nul'");
  rejects("{\"a\":1}}", 1, 8, "unexpected '}': there is no '{' for it to close");
  rejects("]", 1, 1, "expected a value, found ']'");
  rejects("{\"a\":1]", 1, 7, "expected ',' or '}'");
  rejects("{\"a\":/*c*/1}", 1, 6, "JSON has no comments");
}

/* Records one per line, as in an NDJSON file: the reader sees one record at
** a time; a second value in the same text is an error on its line. */
static void test_multiline_positions(void **state) {
  (void)state;
  rejects("{\"a\":1}\n{\"b\":2}\n", 2, 1, "unexpected '{' after the JSON value (one value per text)");
  rejects("{\n  \"a\": 1,\n  \"b\": tru\n}\n", 3, 8, "invalid literal 'tru'");
  rejects("{\r\n  \"a\": 1,\r\n  \"b\": 2.\r\n}", 3, 8, "digits after the decimal point");
  rejects("[\"\xC3\xA9\xC3\xA9\", \"\xE2\x82\xAC\", 1.]", 1, 13, "decimal point"); /* columns count characters */
  /* one reader, several records, an error in the middle */
  mr_jdoc *d = jdoc();
  const char *lines[] = {"{\"id\":\"r1\",\"n\":1}", "{\"id\":\"r2\",\"n\":1.}", "{\"id\":\"r3\",\"n\":3}"};
  for (int i = 0; i < 3; i++) {
    const mr_jval *v;
    size_t n;
    mr_jerror err;
    int rc = parse_both(d, lines[i], strlen(lines[i]), &v, &n, &err);
    if (i == 1) {
      assert_int_equal(rc, -1);
      assert_int_equal(err.col, 16);
    } else {
      assert_int_equal(rc, 0);
      assert_int_equal(n, 3);
      assert_string_equal(v[1].str, i ? "r3" : "r1");
      assert_double_exact(v[2].num, i + 1);
    }
  }
}

/* ------------------------------------------------------------ accepted values */

static void test_values_in_document_order(void **state) {
  (void)state;
  size_t n;
  const mr_jval *v =
      accepts(" {\"s\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\",\"e\":\"\",\"n\":[],\"o\":{},"
              "\"x\":[1,[2,3],{\"k\":null}],\"t\":true,\"f\":false,\"num\":-12.5e-1,\"\\u00e9\\n\":\"key escapes\"} ",
              &n);
  assert_int_equal(n, 16);
  assert_int_equal(v[0].type, MR_JOBJECT);
  assert_int_equal(v[0].len, 9);
  /* "s" */
  assert_int_equal(v[1].type, MR_JSTRING);
  assert_int_equal(v[1].key_len, 1);
  assert_string_equal(v[1].key, "s");
  const char want[] = "a\"b\\c/d\b\f\n\r\t\xC3\xA9\xE2\x82\xAC";
  assert_int_equal(v[1].len, sizeof want - 1);
  assert_memory_equal(v[1].str, want, sizeof want);
  assert_int_equal(v[1].end, 2);
  /* empty string and containers */
  assert_string_equal(v[2].key, "e");
  assert_int_equal(v[2].type, MR_JSTRING);
  assert_int_equal(v[2].len, 0);
  assert_string_equal(v[2].str, "");
  assert_int_equal(v[3].type, MR_JARRAY);
  assert_int_equal(v[3].len, 0);
  assert_int_equal(v[3].end, 4);
  assert_int_equal(v[4].type, MR_JOBJECT);
  assert_int_equal(v[4].len, 0);
  assert_int_equal(v[4].end, 5);
  /* "x": [1,[2,3],{"k":null}] */
  assert_string_equal(v[5].key, "x");
  assert_int_equal(v[5].type, MR_JARRAY);
  assert_int_equal(v[5].len, 3);
  assert_int_equal(v[5].end, 12);
  assert_null(v[6].key);
  assert_double_exact(v[6].num, 1);
  assert_int_equal(v[7].type, MR_JARRAY);
  assert_int_equal(v[7].len, 2);
  assert_int_equal(v[7].end, 10);
  assert_double_exact(v[8].num, 2);
  assert_double_exact(v[9].num, 3);
  assert_int_equal(v[10].type, MR_JOBJECT);
  assert_int_equal(v[10].end, 12);
  assert_string_equal(v[11].key, "k");
  assert_int_equal(v[11].type, MR_JNULL);
  assert_int_equal(v[12].type, MR_JTRUE);
  assert_string_equal(v[12].key, "t");
  assert_int_equal(v[13].type, MR_JFALSE);
  assert_int_equal(v[14].type, MR_JNUMBER);
  assert_double_exact(v[14].num, -1.25);
  assert_int_equal(v[15].key_len, 3);
  assert_memory_equal(v[15].key, "\xC3\xA9\n", 4);
  assert_string_equal(v[15].str, "key escapes");
  /* skipping subtrees with end visits exactly the members of the root */
  const char *keys[9];
  int k = 0;
  for (uint32_t i = 1; i < v[0].end; i = v[i].end) keys[k++] = v[i].key;
  assert_int_equal(k, 9);
  assert_string_equal(keys[4], "x");
  assert_string_equal(keys[5], "t");
}

static void test_scalars_at_the_top_level(void **state) {
  (void)state;
  size_t n;
  const mr_jval *v = accepts("\"top\"", &n);
  assert_int_equal(n, 1);
  assert_string_equal(v[0].str, "top");
  assert_int_equal(accepts("null", &n)[0].type, MR_JNULL);
  assert_int_equal(accepts(" true\n", &n)[0].type, MR_JTRUE);
  assert_double_exact(number_of("42"), 42);
}

static void test_duplicate_keys_are_kept(void **state) {
  (void)state;
  size_t n;
  const mr_jval *v = accepts("{\"a\":1,\"a\":2}", &n);
  assert_int_equal(n, 3);
  assert_double_exact(v[1].num, 1);
  assert_double_exact(v[2].num, 2);
}

/* The length is the text: no NUL terminator needed, nothing after it read. */
static void test_length_bounds_the_text(void **state) {
  (void)state;
  mr_jdoc *d = jdoc();
  const char *text = "{\"a\":1}garbage";
  const mr_jval *v;
  size_t n;
  mr_jerror err;
  assert_int_equal(mr_json_parse(d, text, 7, &v, &n, &err), 0);
  assert_int_equal(n, 2);
  /* flush against an unreadable page */
  long page = sysconf(_SC_PAGESIZE);
  assert_true(page > 0);
  char *map = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  assert_true(map != MAP_FAILED);
  assert_int_equal(mprotect(map + page, (size_t)page, PROT_NONE), 0);
  const char *recs[] = {"{\"a\":[1,2,{\"b\":\"c\"}]}", "{\"a\":1.}", "\"abc", "[1,\"\xFF\"]"};
  int want[] = {0, -1, -1, -1};
  for (int i = 0; i < 4; i++) {
    size_t len = strlen(recs[i]);
    char *at = map + page - len;
    memcpy(at, recs[i], len);
    assert_int_equal(mr_json_parse(d, at, len, &v, &n, &err), want[i]);
  }
  munmap(map, (size_t)page * 2);
  /* NULL err and NULL text */
  assert_int_equal(mr_json_parse(d, "[1.]", 4, &v, &n, NULL), -1);
  assert_int_equal(mr_json_parse(d, NULL, 0, &v, &n, &err), -1);
  assert_contains(err.msg, "empty input");
  assert_int_equal(mr_json_parse(d, NULL, 3, &v, &n, &err), -1);
  mr_jdoc_free(NULL);
}

static void test_large_document(void **state) {
  (void)state;
  size_t count = 20000, cap = count * 24 + 16, at = 0;
  char *text = harness_own(malloc(cap));
  assert_non_null(text);
  at += (size_t)snprintf(text + at, cap - at, "{\"list\":[");
  for (size_t i = 0; i < count; i++) at += (size_t)snprintf(text + at, cap - at, "%s%zu.5", i ? "," : "", i);
  at += (size_t)snprintf(text + at, cap - at, "],\"last\":\"end\"}");
  size_t n;
  const mr_jval *v = accepts(text, &n);
  assert_int_equal(n, count + 3);
  assert_int_equal(v[1].len, count);
  assert_int_equal(v[1].end, count + 2);
  assert_double_exact(v[2 + count - 1].num, (double)(count - 1) + 0.5);
  assert_string_equal(v[v[1].end].key, "last");
  /* an error near the end of it */
  text[at - 3] = '\n';
  rejects(text, 1, (unsigned)(at - 3 + 1), "unescaped line feed");
  harness_free(text);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
    harness_test(test_lax_numbers_rejected_where_a_value_is_expected),
    harness_test(test_bad_unicode_escape_rejected_at_the_backslash),
    harness_test(test_raw_control_characters_in_strings_rejected),
    harness_test(test_form_feed_is_not_whitespace),
    harness_test(test_nul_escape_rejected_in_strings_and_keys),
    harness_test(test_byte_order_mark_rejected),
    harness_test(test_nesting_limit),
    harness_test(test_nesting_limit_survives_a_larger_buffer),
    harness_test(test_numbers),
    harness_test(test_invalid_utf8_rejected_where_it_is),
    harness_test(test_surrogate_escapes),
    harness_test(test_trailing_commas),
    harness_test(test_truncated_input),
    harness_test(test_other_grammar_errors),
    harness_test(test_multiline_positions),
    harness_test(test_values_in_document_order),
    harness_test(test_scalars_at_the_top_level),
    harness_test(test_duplicate_keys_are_kept),
    harness_test(test_length_bounds_the_text),
    harness_test(test_large_document),
  };
  return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
