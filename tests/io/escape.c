/* escape.c — the one display escaping (sb_put_printable) and the JSON string
** writer (sb_json_strn) on the bytes that break output: raw control
** characters, C1 controls, bytes that are not UTF-8, overlong forms,
** surrogates, truncated sequences.  Prints TAP lines; exits 1 on a failure.
** Built by tests/io/run.sh against libmedrule.a. */
#include <stdio.h>
#include <string.h>
#include <unistr.h>

#include "strbuf.h"

static int n, failed;

static void expect(const char *what, const char *got, const char *want) {
  n++;
  int ok = got && !strcmp(got, want) && !u8_check((const uint8_t *)got, strlen(got));
  if (!ok) failed++;
  printf("%s %d - %s\n", ok ? "ok" : "not ok", n, what);
  if (!ok) printf("#   got:  %s\n#   want: %s\n", got ? got : "(null)", want);
}

static void both(const char *what, const char *in, size_t len, const char *printable, const char *json) {
  strbuf b;
  char label[200];
  sb_init(&b);
  sb_put_printablen(&b, in, len);
  snprintf(label, sizeof label, "printable: %s", what);
  expect(label, b.data ? b.data : "", printable);
  /* escaping twice changes nothing: a name escaped once reads the same everywhere */
  strbuf again;
  sb_init(&again);
  sb_put_printable(&again, b.data ? b.data : "");
  snprintf(label, sizeof label, "printable twice: %s", what);
  expect(label, again.data ? again.data : "", printable);
  sb_free(&again);
  sb_reset(&b);
  sb_json_strn(&b, in, len);
  snprintf(label, sizeof label, "json: %s", what);
  expect(label, b.data, json);
  sb_free(&b);
}

#define BOTH(what, lit, p, j) both(what, lit, sizeof lit - 1, p, j)

int main(void) {
  BOTH("plain ASCII", "p-001.json", "p-001.json", "\"p-001.json\"");
  BOTH("UTF-8 text passes", "caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x92\x8a", "caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x92\x8a",
       "\"caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x92\x8a\"");
  BOTH("a newline and an escape sequence", "a\nb\x1b[2J", "a\\x0ab\\x1b[2J", "\"a\\nb\\u001b[2J\"");
  BOTH("tab, CR, DEL", "\t\r\x7f", "\\x09\\x0d\\x7f", "\"\\t\\r\\u007f\"");
  BOTH("quote and backslash", "\"\\", "\"\\", "\"\\\"\\\\\"");
  BOTH("a byte that is not UTF-8", "p\xff.json", "p\\xff.json", "\"p\\\\xff.json\"");
  BOTH("a C1 control (U+009B, CSI)", "x\xc2\x9by", "x\\xc2\\x9by", "\"x\\u009by\"");
  BOTH("an overlong slash", "\xc0\xaf", "\\xc0\\xaf", "\"\\\\xc0\\\\xaf\"");
  BOTH("an overlong three-byte form", "\xe0\x80\xaf", "\\xe0\\x80\\xaf", "\"\\\\xe0\\\\x80\\\\xaf\"");
  BOTH("a surrogate", "\xed\xa0\x80", "\\xed\\xa0\\x80", "\"\\\\xed\\\\xa0\\\\x80\"");
  BOTH("above U+10FFFF", "\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80", "\"\\\\xf4\\\\x90\\\\x80\\\\x80\"");
  BOTH("a sequence cut short at the end", "ok\xe2\x86", "ok\\xe2\\x86", "\"ok\\\\xe2\\\\x86\"");
  BOTH("a lead byte before ASCII", "\xc3(", "\\xc3(", "\"\\\\xc3(\"");
  BOTH("a stray continuation byte", "\x80", "\\x80", "\"\\\\x80\"");
  BOTH("a NUL inside", "a\0b", "a\\x00b", "\"a\\u0000b\"");
  printf("1..%d\n", n);
  return failed ? 1 : 0;
}
