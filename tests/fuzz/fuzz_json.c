/* fuzz_json.c — the strict JSON reader (engine/src/json.h).  For any input:
** a status of 0 or -1; an accepted text gives a well-formed value array
** (end indexes nested, counts of children right, keys exactly on object
** members, strings NUL-terminated and without NUL); a rejected one gives an
** offset within the text whose line:col agree with it and a one-line
** reason (never the last resort of an unlocated error); the copying and the
** in-place (padded) entry points agree. */
#include <string.h>

#include "fuzz.h"
#include "json.h"

static mr_jdoc *doc(void) {
  static mr_jdoc *d; /* one reader, reused across inputs as a caller would (reachable, not a leak) */
  if (!d) d = mr_jdoc_new();
  FUZZ_CHECK(d != NULL, "out of memory");
  return d;
}

/* Checks v[i] and its subtree; returns v[i].end. */
static uint32_t check_value(const mr_jval *v, size_t n, uint32_t i, int in_object, int depth) {
  FUZZ_CHECK(depth <= MR_JSON_MAX_DEPTH, "depth %d", depth);
  const mr_jval *x = &v[i];
  FUZZ_CHECK(x->end > i && x->end <= n, "value %u: end %u of %zu", i, x->end, n);
  FUZZ_CHECK((x->key != NULL) == in_object, "value %u: key %p in object %d", i, (const void *)x->key, in_object);
  if (x->key) FUZZ_CHECK(x->key[x->key_len] == 0 && !memchr(x->key, 0, x->key_len), "value %u: key", i);
  switch (x->type) {
    case MR_JARRAY:
    case MR_JOBJECT: {
      uint32_t count = 0, c = i + 1;
      while (c < x->end) {
        c = check_value(v, n, c, x->type == MR_JOBJECT, depth + 1);
        count++;
      }
      FUZZ_CHECK(c == x->end, "value %u: children end at %u, not %u", i, c, x->end);
      FUZZ_CHECK(count == x->len, "value %u: %u children, len %u", i, count, x->len);
      break;
    }
    case MR_JSTRING:
      FUZZ_CHECK(x->str && x->str[x->len] == 0 && !memchr(x->str, 0, x->len), "value %u: string", i);
      FUZZ_CHECK(x->end == i + 1, "value %u: a string has no children", i);
      break;
    case MR_JNUMBER:
      FUZZ_CHECK(x->num == x->num, "value %u: NaN", i);
      FUZZ_CHECK(x->num <= 1.7976931348623157e308 && x->num >= -1.7976931348623157e308, "value %u: infinite", i);
      /* fall through */
    case MR_JNULL:
    case MR_JTRUE:
    case MR_JFALSE:
      FUZZ_CHECK(x->end == i + 1, "value %u: a scalar has no children", i);
      break;
    default:
      FUZZ_CHECK(0, "value %u: type %d", i, x->type);
  }
  return x->end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *text = (const char *)data;
  const mr_jval *v = NULL;
  size_t n = 0;
  mr_jerror err;
  memset(&err, 'X', sizeof err);
  int rc = mr_json_parse(doc(), text, size, &v, &n, &err);
  FUZZ_CHECK(rc == 0 || rc == -1, "status %d", rc);
  if (rc == 0) {
    FUZZ_CHECK(v != NULL && n >= 1, "no values");
    FUZZ_CHECK(check_value(v, n, 0, 0, 0) == n, "the root does not span the values");
  } else {
    FUZZ_CHECK(v == NULL && n == 0, "values with an error");
    FUZZ_CHECK(err.offset <= size, "offset %zu of %zu", err.offset, size);
    unsigned line = 1, col = 1;
    for (size_t i = 0; i < err.offset; i++) {
      if (text[i] == '\n') line++, col = 1;
      else if (((unsigned char)text[i] & 0xC0) != 0x80) col++;
    }
    FUZZ_CHECK(err.line == line && err.col == col, "%u:%u for offset %zu (%u:%u)", err.line, err.col, err.offset,
               line, col);
    /* the error path always finds the place (its last resort would say "invalid JSON (<simdjson's message>)") */
    FUZZ_CHECK(strncmp(err.msg, "invalid JSON (", 14) != 0, "not located: %.200s", err.msg);
    size_t mlen = strnlen(err.msg, sizeof err.msg);
    FUZZ_CHECK(mlen > 0 && mlen < sizeof err.msg && !memchr(err.msg, '\n', mlen), "message");
  }
  /* the in-place entry point, with padding that must not matter */
  char *pad = malloc(size + MR_JSON_PADDING);
  FUZZ_CHECK(pad != NULL, "out of memory");
  if (size) memcpy(pad, data, size);
  memset(pad + size, '"', MR_JSON_PADDING);
  mr_jerror err2;
  int rc2 = mr_json_parse_padded(doc(), pad, size, &v, &n, &err2);
  FUZZ_CHECK(rc2 == rc, "padded: status %d, copied: %d", rc2, rc);
  if (rc == -1)
    FUZZ_CHECK(err2.offset == err.offset && !strcmp(err2.msg, err.msg), "padded: %zu %s; copied: %zu %s", err2.offset,
               err2.msg, err.offset, err.msg);
  free(pad);
  return 0;
}
