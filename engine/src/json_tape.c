/* json_tape.c — simdjson's DOM tape read as it is (json.h, "the tape"):
** the kind of each tape word, and medrule's JSON policy checked on the tape
** without building values.  The format is simdjson's documented one
** (doc/tape.md): a 64-bit word per value, its kind in the top byte ('{' '['
** with the index after the matching close in the low 32 bits, '"' with the
** offset of a 32-bit length and the bytes in the string buffer, 'l' 'u' 'd'
** with the number in the next word, 't' 'f' 'n', '}' ']', and the root 'r'
** words at both ends).  Plain C: no simdjson header is needed to read it. */
#include "json.h"

const unsigned char mr_jt_info[256] = {
  ['{'] = MR_JOBJECT | MR_JT_CONTAINER, ['['] = MR_JARRAY | MR_JT_CONTAINER, ['"'] = MR_JSTRING,
  ['l'] = MR_JNUMBER | MR_JT_TWO_WORDS, ['d'] = MR_JNUMBER | MR_JT_TWO_WORDS,
  ['u'] = MR_JNUMBER | MR_JT_TWO_WORDS, /* never left on a checked tape: the policy refuses it */
  ['t'] = MR_JTRUE, ['f'] = MR_JFALSE, /* 'n' and the closing words: MR_JNULL (0) */
};

/* What the policy needs of a word of each kind; REFUSED for 'u' (beyond
** INT64_MAX) and any kind the format does not have. */
enum { REFUSED, PLAIN, STRING, DOUBLE, INT64 };
#define KINDS(strings) \
  { ['{'] = PLAIN, ['['] = PLAIN, ['}'] = PLAIN, [']'] = PLAIN, ['t'] = PLAIN, ['f'] = PLAIN, ['n'] = PLAIN, \
    ['"'] = strings, ['d'] = DOUBLE, ['l'] = INT64 }
static const unsigned char LOOK_INTO_STRINGS[256] = KINDS(STRING), NUMBERS_ONLY[256] = KINDS(PLAIN);

int mr_jt_policy(const uint64_t *t, const char *sb, int nul) {
  const unsigned char *kind = nul ? LOOK_INTO_STRINGS : NUMBERS_ONLY;
  size_t last = (size_t)(t[0] & 0x00FFFFFFFFFFFFFFull) - 1; /* the closing root word */
  for (size_t i = 1; i < last; i++) {
    uint64_t w = t[i];
    unsigned char k = kind[w >> 56];
    if (k == PLAIN) continue;
    if (k == STRING) { /* a string or a key: a NUL in it is refused */
      const char *s = sb + (w & 0x00FFFFFFFFFFFFFFull);
      uint32_t len;
      memcpy(&len, s, sizeof len);
      if (memchr(s + sizeof len, 0, len)) return 1;
    } else if (k == DOUBLE) {
      i++;
    } else if (k == INT64) { /* integers are exact doubles only up to 2^53 */
      int64_t n;
      memcpy(&n, &t[++i], sizeof n);
      if (n > 9007199254740992 || n < -9007199254740992) return 1;
    } else {
      return 1;
    }
  }
  return 0;
}

int mr_jt_check(const mr_jtape *tp) { return mr_jt_policy(tp->t, tp->sb, 0); }
