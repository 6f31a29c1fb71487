/*
 * probe.c - behaviour probes behind RESULTS.md questions (a)-(g): duplicate
 * keys, invalid UTF-8, NUL bytes, error positions, nesting depth, number
 * range, key order, plus a few leniency checks and an over-read check.
 *
 * Compiled once per library like bench.c: -DUSE_CJSON, -DUSE_JANSSON or
 * -DUSE_JSONC.  Every input is passed as (pointer, length).
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(USE_CJSON) + defined(USE_JANSSON) + defined(USE_JSONC) != 1
#error "define exactly one of USE_CJSON, USE_JANSSON, USE_JSONC"
#endif

/* Small append-only text buffer for describing parse results. */
typedef struct {
    char buf[512];
    size_t len;
} out_t;

static void put(out_t *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(o->buf + o->len, sizeof o->buf - o->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n < sizeof o->buf - o->len ? (size_t)n : sizeof o->buf - o->len - 1;
}

static void put_bytes(out_t *o, const char *s, size_t n)
{
    put(o, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            put(o, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            put(o, "%c", c);
        else
            put(o, "\\x%02x", c);
    }
    put(o, "\"");
}

/* Flag sets a probe can ask for (mapped to library flags by the adapter). */
enum { F_STRICT = 1, F_NODUP = 2, F_UTF8 = 4 };

/* Adapter interface: parse (ptr,len) and describe the tree or the error. */
static int parse_describe(const char *s, size_t len, int flags, out_t *o);
static const char *lib_name(void);
static int max_flags(void); /* which F_* flags the library supports */

/* ---------------------------------------------------------------- cJSON */
#ifdef USE_CJSON
#include <cjson/cJSON.h>

static const char *lib_name(void) { return "cJSON"; }
static int max_flags(void) { return 0; }

static void describe(const cJSON *v, out_t *o)
{
    if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        int obj = cJSON_IsObject(v);
        put(o, obj ? "{" : "[");
        for (const cJSON *c = v->child; c != NULL; c = c->next) {
            if (obj)
                put(o, "%s:", c->string);
            describe(c, o);
            if (c->next)
                put(o, ",");
        }
        put(o, obj ? "}" : "]");
    } else if (cJSON_IsString(v)) {
        put_bytes(o, v->valuestring, strlen(v->valuestring));
    } else if (cJSON_IsNumber(v)) {
        put(o, "double:%.17g(valueint=%d)", v->valuedouble, v->valueint);
    } else {
        put(o, "%s", cJSON_IsTrue(v) ? "true" : cJSON_IsFalse(v) ? "false" : "null");
    }
}

static int parse_describe(const char *s, size_t len, int flags, out_t *o)
{
    (void)flags;
    /* require_null_terminated=1 would demand a NUL *inside* len, so pass 0
     * and report unconsumed bytes ourselves (trailing whitespace skipped). */
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(s, len, &end, 0);
    if (root == NULL) {
        put(o, "ERROR at byte %td (cJSON_GetErrorPtr: byte %td)", end - s,
            cJSON_GetErrorPtr() - s);
        return -1;
    }
    describe(root, o);
    if ((size_t)(end - s) != len)
        put(o, " (stopped at byte %td of %zu; trailing bytes ignored)", end - s, len);
    cJSON_Delete(root);
    return 0;
}
#endif

/* -------------------------------------------------------------- jansson */
#ifdef USE_JANSSON
#include <jansson.h>

static const char *lib_name(void) { return "jansson"; }
static int max_flags(void) { return F_NODUP; }

static void describe(json_t *v, out_t *o)
{
    const char *key;
    size_t i, klen;
    json_t *val;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        put(o, "{");
        i = 0;
        json_object_keylen_foreach(v, key, klen, val) {
            put(o, "%s%.*s:", i++ ? "," : "", (int)klen, key);
            describe(val, o);
        }
        put(o, "}");
        break;
    case JSON_ARRAY:
        put(o, "[");
        json_array_foreach(v, i, val) {
            put(o, "%s", i ? "," : "");
            describe(val, o);
        }
        put(o, "]");
        break;
    case JSON_STRING:
        put_bytes(o, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        put(o, "int:%" JSON_INTEGER_FORMAT, json_integer_value(v));
        break;
    case JSON_REAL:
        put(o, "real:%.17g", json_real_value(v));
        break;
    default:
        put(o, "%s", json_is_true(v) ? "true" : json_is_false(v) ? "false" : "null");
    }
}

static int parse_describe(const char *s, size_t len, int flags, out_t *o)
{
    json_error_t err;
    json_t *root = json_loadb(s, len, JSON_DECODE_ANY | (flags & F_NODUP ? JSON_REJECT_DUPLICATES : 0),
                              &err);
    if (root == NULL) {
        put(o, "ERROR line %d col %d pos %d: %s", err.line, err.column, err.position, err.text);
        return -1;
    }
    describe(root, o);
    json_decref(root);
    return 0;
}
#endif

/* --------------------------------------------------------------- json-c */
#ifdef USE_JSONC
#include <json-c/json.h>

static const char *lib_name(void) { return "json-c"; }
static int max_flags(void) { return F_STRICT | F_UTF8; }
static int jsonc_depth = JSON_TOKENER_DEFAULT_DEPTH;

static void describe(struct json_object *v, out_t *o)
{
    size_t i = 0;
    switch (json_object_get_type(v)) {
    case json_type_object: {
        put(o, "{");
        json_object_object_foreach(v, key, val) {
            put(o, "%s%s:", i++ ? "," : "", key);
            describe(val, o);
        }
        put(o, "}(length=%d)", json_object_object_length(v));
        break;
    }
    case json_type_array:
        put(o, "[");
        for (i = 0; i < json_object_array_length(v); i++) {
            put(o, "%s", i ? "," : "");
            describe(json_object_array_get_idx(v, i), o);
        }
        put(o, "]");
        break;
    case json_type_string:
        put_bytes(o, json_object_get_string(v), (size_t)json_object_get_string_len(v));
        break;
    case json_type_int:
        put(o, "int:int64=%lld,uint64=%llu", (long long)json_object_get_int64(v),
            (unsigned long long)json_object_get_uint64(v));
        break;
    case json_type_double:
        put(o, "double:%.17g", json_object_get_double(v));
        break;
    case json_type_boolean:
        put(o, "%s", json_object_get_boolean(v) ? "true" : "false");
        break;
    case json_type_null:
        put(o, "null");
        break;
    }
}

static int parse_describe(const char *s, size_t len, int flags, out_t *o)
{
    struct json_tokener *tok = json_tokener_new_ex(jsonc_depth);
    json_tokener_set_flags(tok, (flags & F_STRICT ? JSON_TOKENER_STRICT : 0) |
                                    (flags & F_UTF8 ? JSON_TOKENER_VALIDATE_UTF8 : 0));
    struct json_object *root = json_tokener_parse_ex(tok, s, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (jerr != json_tokener_success) {
        put(o, "ERROR at byte %zu: %s", end, json_tokener_error_desc(jerr));
        return -1;
    }
    describe(root, o);
    if (end != len)
        put(o, " (stopped at byte %zu of %zu; trailing bytes ignored)", end, len);
    json_object_put(root);
    return 0;
}
#endif

/* ---------------------------------------------------------------- probes */

static void probe(const char *label, const char *s, size_t len, int flags)
{
    out_t o = { .len = 0 };
    parse_describe(s, len, flags, &o);
    out_t in = { .len = 0 };
    put_bytes(&in, s, len);
    printf("  %-38s %-34s -> %s\n", label, in.buf, o.buf);
}

#define P(label, lit) probe(label, lit, sizeof lit - 1, 0)
#define PF(label, lit, fl) probe(label, lit, sizeof lit - 1, fl)

static int accepts_depth(size_t depth)
{
    char *s = malloc(2 * depth);
    if (s == NULL)
        return 0;
    memset(s, '[', depth);
    memset(s + depth, ']', depth);
    out_t o = { .len = 0 };
    int ok = parse_describe(s, 2 * depth, 0, &o) == 0;
    free(s);
    return ok;
}

static size_t max_depth(void)
{
    size_t lo = 1, hi = 100000; /* accepts(lo) holds; find the largest */
    if (accepts_depth(hi))
        return hi;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (accepts_depth(mid))
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static sigjmp_buf segv_jmp;
static void on_segv(int sig)
{
    (void)sig;
    siglongjmp(segv_jmp, 1);
}

/* Place the input flush against a PROT_NONE page: reading past len faults. */
static void overread(const char *label, const char *lit)
{
    size_t len = strlen(lit), pg = (size_t)sysconf(_SC_PAGESIZE);
    char *map = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (map == MAP_FAILED || mprotect(map + pg, pg, PROT_NONE) != 0) {
        perror("mmap");
        return;
    }
    char *s = map + pg - len;
    memcpy(s, lit, len);
    struct sigaction sa = { .sa_handler = on_segv }, old;
    sigaction(SIGSEGV, &sa, &old);
    out_t o = { .len = 0 };
    if (sigsetjmp(segv_jmp, 1) == 0) {
        parse_describe(s, len, 0, &o);
        printf("  %-38s %-34s -> %s\n", label, lit, o.buf);
    } else {
        printf("  %-38s %-34s -> SIGSEGV: read past the given length\n", label, lit);
    }
    sigaction(SIGSEGV, &old, NULL);
    munmap(map, 2 * pg);
}

/* Label + flag suffix, e.g. "NaN +STRICT". */
static const char *lab(const char *base, int flags)
{
    static char buf[64];
    snprintf(buf, sizeof buf, "%s%s%s", base, flags & F_STRICT ? " +STRICT" : "",
             flags & F_UTF8 ? " +VALIDATE_UTF8" : "");
    return buf;
}

static void utf8_probes(int f)
{
    PF(lab("bad byte FF", f), "[\"a\xff\"]", f);
    PF(lab("overlong C0 AF", f), "[\"\xc0\xaf\"]", f);
    PF(lab("CESU surrogate ED A0 80", f), "[\"\xed\xa0\x80\"]", f);
    PF(lab("truncated E2 82", f), "[\"\xe2\x82\"]", f);
    PF(lab("lone \\ud800 escape", f), "[\"\\ud800\"]", f);
}

static void lenient_probes(int f)
{
    PF(lab("trailing comma arr", f), "[1,]", f);
    PF(lab("trailing comma obj", f), "{\"a\":1,}", f);
    PF(lab("single quotes", f), "{'a':'b'}", f);
    PF(lab("NaN", f), "[NaN]", f);
    PF(lab("Infinity", f), "[Infinity]", f);
    PF(lab("comment", f), "/*c*/[1]", f);
    PF(lab("leading zero", f), "[01]", f);
    PF(lab("trailing garbage", f), "[1] x", f);
    PF(lab("raw control char", f), "[\"a\tb\"]", f);
    PF(lab("capital True", f), "[True]", f);
    PF(lab("unquoted key", f), "{a:1}", f);
    PF(lab("hex escape", f), "[\"\\x41\"]", f);
}

int main(void)
{
    int fl = max_flags();
    printf("== %s\n", lib_name());

    printf("(a) duplicate keys\n");
    P("default", "{\"a\":1,\"b\":2,\"a\":3}");
    if (fl & F_NODUP)
        PF("REJECT_DUPLICATES", "{\"a\":1,\"b\":2,\"a\":3}", F_NODUP);

    printf("(b) UTF-8\n");
    utf8_probes(0);
    if (fl & F_UTF8)
        utf8_probes(F_UTF8);
    P("valid 2/3/4-byte", "[\"\xc3\xbc\xe2\x86\x92\xf0\x9f\x92\x89\"]");

    printf("(c) NUL bytes\n");
    P("raw NUL in string", "[\"a\0b\"]");
    P("\\u0000 escape", "[\"a\\u0000b\"]");
    P("raw NUL in key", "{\"a\0b\":1}");
    P("raw NUL after value", "{\"a\":1}\0{\"x\"");
    P("raw NUL as whitespace", "{\"a\":\0 1}");

    printf("(d) error position (line 3, column 8 is the bad token)\n");
    P("bad literal", "{\n  \"a\": 1,\n  \"b\": tru,\n  \"c\": 3\n}");
    P("truncated", "{\"a\": [1, 2");

    printf("(e) nesting depth: max accepted [[[...]]] = %zu\n", max_depth());
#ifdef USE_JSONC
    jsonc_depth = 10000;
    printf("    json_tokener_new_ex(10000): max accepted = %zu\n", max_depth());
    jsonc_depth = JSON_TOKENER_DEFAULT_DEPTH;
#endif

    printf("(f) numbers\n");
    P("1e999", "[1e999]");
    P("-1e999", "[-1e999]");
    P("1e-999", "[1e-999]");
    P("INT64_MAX", "[9223372036854775807]");
    P("INT64_MAX+1", "[9223372036854775808]");
    P("UINT64_MAX+1", "[18446744073709551616]");
    P("INT64_MIN-1", "[-9223372036854775809]");
    P("2^53+1", "[9007199254740993]");
    P("30 digits", "[123456789012345678901234567890]");

    printf("(g) key order\n");
    P("insertion order?", "{\"z\":1,\"a\":2,\"m\":3,\"b\":4,\"y\":5,\"c\":6}");

    printf("(x) leniency (valid JSON must be rejected)\n");
    lenient_probes(0);
    if (fl & F_STRICT)
        lenient_probes(F_STRICT);

    printf("(y) over-read: input ends at a PROT_NONE page, no NUL terminator\n");
    overread("object", "{\"a\":[1,2,\"x\"],\"b\":12}");
    overread("top-level number", "123");
    overread("truncated", "{\"a\":[1,2");
    return 0;
}
