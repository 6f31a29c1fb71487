/*
 * bench.c - parse + full walk + free throughput for cJSON, jansson, json-c,
 * simdjson (DOM and On Demand, in simd.cpp) and medrule's reader
 * (engine/src/json.cpp, on simdjson's DOM); and, with --accepts FILE...,
 * which documents each accepts (build.sh runs JSONTestSuite through it).
 *
 * The whole NDJSON file is read into one buffer; each record is handed to the
 * parser as (pointer, length) with no NUL terminator (the byte after each
 * record is '\n').  All three libraries have a length-taking entry point, so
 * no copies are made.  After parsing, the tree is walked and every key and
 * value is touched (string bytes counted, numbers summed, booleans/nulls
 * counted) and the resulting checksum must agree across libraries.
 *
 * One run = PASSES passes over the file; the best of RUNS runs is reported.
 *
 * <jansson.h> and <json-c/json.h> cannot be included in the same translation
 * unit (both declare json_object, json_type, json_object_get, ...), so this
 * file is compiled once per library: -DUSE_CJSON, -DUSE_JANSSON, -DUSE_JSONC,
 * -DUSE_SIMDJSON or -DUSE_MEDRULE (see build.sh).
 *
 * Usage: ./bench_<lib> [patients.ndjson]
 *        ./bench_<lib> --accepts FILE...   (one line per variant and file)
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

#if defined(USE_CJSON) + defined(USE_JANSSON) + defined(USE_JSONC) + defined(USE_SIMDJSON) + \
        defined(USE_MEDRULE) != 1
#error "define exactly one of USE_CJSON, USE_JANSSON, USE_JSONC, USE_SIMDJSON, USE_MEDRULE"
#endif

enum { RUNS = 5, PASSES = 20 };

/* A library variant: runner + parser flags, and whether one document is
 * accepted as a whole (1) or not (0). */
typedef struct {
    const char *name;
    const char *variant; /* parser flags, "" for defaults */
    int (*run)(const line_t *, size_t, stats_t *, int);
    int flags;
    int (*accepts)(const char *, size_t, int);
} lib_t;

#if defined(USE_CJSON) || defined(USE_JSONC)
/* Only RFC 8259 blanks from p to end. */
static int only_blanks(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return 0;
    return 1;
}
#endif

/* ---------------------------------------------------------------- cJSON */
#ifdef USE_CJSON
#include <cjson/cJSON.h>

static void walk_cjson(const cJSON *v, stats_t *s)
{
    if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        if (cJSON_IsObject(v))
            s->objects++;
        else
            s->arrays++;
        for (const cJSON *c = v->child; c != NULL; c = c->next) {
            if (c->string != NULL)
                s->key_bytes += strlen(c->string); /* no stored length */
            walk_cjson(c, s);
        }
    } else if (cJSON_IsString(v)) {
        s->strings++;
        s->str_bytes += strlen(v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        add_number(s, v->valuedouble);
    } else if (cJSON_IsBool(v)) {
        s->bools++;
    } else if (cJSON_IsNull(v)) {
        s->nulls++;
    }
}

static int run_cjson(const line_t *lines, size_t n, stats_t *s, int flags)
{
    (void)flags;
    for (size_t i = 0; i < n; i++) {
        cJSON *root = cJSON_ParseWithLength(lines[i].ptr, lines[i].len);
        if (root == NULL) {
            fprintf(stderr, "cJSON: record %zu: parse error\n", i + 1);
            return -1;
        }
        walk_cjson(root, s);
        cJSON_Delete(root);
    }
    return 0;
}

/* As medrule's fact reader used it: a value, then only blanks. */
static int accepts_cjson(const char *text, size_t len, int flags)
{
    (void)flags;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    int ok = root != NULL && end != NULL && only_blanks(end, text + len);
    cJSON_Delete(root);
    return ok;
}

static const lib_t LIBS[] = {
    { "cJSON", "", run_cjson, 0, accepts_cjson },
};
#define LIB_VERSION() cJSON_Version()
#endif

/* -------------------------------------------------------------- jansson */
#ifdef USE_JANSSON
#include <jansson.h>

static void walk_jansson(const json_t *v, stats_t *s)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        size_t key_len;
        json_t *val;
        s->objects++;
        json_object_keylen_foreach((json_t *)v, key, key_len, val) {
            s->key_bytes += key_len;
            walk_jansson(val, s);
        }
        break;
    }
    case JSON_ARRAY: {
        size_t i;
        json_t *val;
        s->arrays++;
        json_array_foreach(v, i, val)
            walk_jansson(val, s);
        break;
    }
    case JSON_STRING:
        s->strings++;
        s->str_bytes += json_string_length(v);
        break;
    case JSON_INTEGER:
        add_number(s, (double)json_integer_value(v));
        break;
    case JSON_REAL:
        add_number(s, json_real_value(v));
        break;
    case JSON_TRUE:
    case JSON_FALSE:
        s->bools++;
        break;
    case JSON_NULL:
        s->nulls++;
        break;
    }
}

static int run_jansson(const line_t *lines, size_t n, stats_t *s, int flags)
{
    json_error_t err;
    for (size_t i = 0; i < n; i++) {
        json_t *root = json_loadb(lines[i].ptr, lines[i].len, (size_t)flags, &err);
        if (root == NULL) {
            fprintf(stderr, "jansson: record %zu: %d:%d: %s\n", i + 1, err.line,
                    err.column, err.text);
            return -1;
        }
        walk_jansson(root, s);
        json_decref(root);
    }
    return 0;
}

/* JSON_DECODE_ANY: a scalar is a document too (RFC 8259). */
static int accepts_jansson(const char *text, size_t len, int flags)
{
    json_error_t err;
    json_t *root = json_loadb(text, len, (size_t)flags | JSON_DECODE_ANY, &err);
    json_decref(root);
    return root != NULL;
}

static const lib_t LIBS[] = {
    { "jansson", "", run_jansson, 0, accepts_jansson },
    { "jansson", "REJECT_DUPLICATES", run_jansson, JSON_REJECT_DUPLICATES, accepts_jansson },
};
#define LIB_VERSION() jansson_version_str()
#endif

/* --------------------------------------------------------------- json-c */
#ifdef USE_JSONC
#include <json-c/json.h>

static void walk_jsonc(struct json_object *v, stats_t *s)
{
    switch (json_object_get_type(v)) {
    case json_type_object: {
        s->objects++;
        json_object_object_foreach(v, key, val) {
            s->key_bytes += strlen(key); /* no public key-length accessor */
            walk_jsonc(val, s);
        }
        break;
    }
    case json_type_array: {
        size_t len = json_object_array_length(v);
        s->arrays++;
        for (size_t i = 0; i < len; i++)
            walk_jsonc(json_object_array_get_idx(v, i), s);
        break;
    }
    case json_type_string:
        s->strings++;
        s->str_bytes += (uint64_t)json_object_get_string_len(v);
        break;
    case json_type_int:
        add_number(s, (double)json_object_get_int64(v));
        break;
    case json_type_double:
        add_number(s, json_object_get_double(v));
        break;
    case json_type_boolean:
        s->bools++;
        break;
    case json_type_null: /* json-c represents null as a NULL pointer */
        s->nulls++;
        break;
    }
}

static int run_jsonc(const line_t *lines, size_t n, stats_t *s, int flags)
{
    struct json_tokener *tok = json_tokener_new(); /* reused for every record */
    if (tok == NULL)
        return -1;
    json_tokener_set_flags(tok, flags);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        json_tokener_reset(tok);
        struct json_object *root = json_tokener_parse_ex(tok, lines[i].ptr, (int)lines[i].len);
        enum json_tokener_error jerr = json_tokener_get_error(tok);
        if (jerr != json_tokener_success) {
            fprintf(stderr, "json-c: record %zu: offset %zu: %s\n", i + 1,
                    json_tokener_get_parse_end(tok), json_tokener_error_desc(jerr));
            rc = -1;
            break;
        }
        walk_jsonc(root, s);
        json_object_put(root);
    }
    json_tokener_free(tok);
    return rc;
}

/* The whole length parsed (a scalar that ends at the length needs the NUL
 * that tells the tokener the input is over), then only blanks. */
static int accepts_jsonc(const char *text, size_t len, int flags)
{
    struct json_tokener *tok = json_tokener_new();
    if (tok == NULL)
        return 0;
    json_tokener_set_flags(tok, flags);
    struct json_object *root = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    if (jerr == json_tokener_continue) {
        root = json_tokener_parse_ex(tok, "", 1);
        jerr = json_tokener_get_error(tok);
        end = len;
    }
    int ok = jerr == json_tokener_success && only_blanks(text + end, text + len);
    json_object_put(root);
    json_tokener_free(tok);
    return ok;
}

static const lib_t LIBS[] = {
    { "json-c", "", run_jsonc, 0, accepts_jsonc },
    { "json-c", "STRICT+VALIDATE_UTF8", run_jsonc,
      JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8, accepts_jsonc },
};
#define LIB_VERSION() json_c_version()
#endif

/* ------------------------------------------------------------ simdjson */
#ifdef USE_SIMDJSON
static const lib_t LIBS[] = {
    { "simdjson", "DOM", run_simd_dom, 0, accepts_simd_dom },
    { "simdjson", "DOM, copy to padded buffer", run_simd_dom_copy, 0, accepts_simd_dom },
    { "simdjson", "On Demand (fallback kernel)", run_simd_ondemand, 0, accepts_simd_ondemand },
};
#define LIB_VERSION() simd_version()
#endif

/* ------------------------------------------- medrule's reader (json.h) */
#ifdef USE_MEDRULE
#include "json.h"

static void walk_medrule(const mr_jval *v, size_t n, stats_t *s)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].key != NULL)
            s->key_bytes += v[i].key_len;
        switch (v[i].type) {
        case MR_JOBJECT: s->objects++; break;
        case MR_JARRAY: s->arrays++; break;
        case MR_JSTRING:
            s->strings++;
            s->str_bytes += v[i].len;
            break;
        case MR_JNUMBER: add_number(s, v[i].num); break;
        case MR_JTRUE:
        case MR_JFALSE: s->bools++; break;
        default: s->nulls++; break;
        }
    }
}

static mr_jdoc *medrule_doc(void)
{
    static mr_jdoc *d; /* one reader, reused (freed at exit by the OS) */
    if (d == NULL)
        d = mr_jdoc_new();
    return d;
}

/* flags 1: the records are padded in place (mr_json_parse_padded). */
static int run_medrule(const line_t *lines, size_t n, stats_t *s, int flags)
{
    mr_jdoc *d = medrule_doc();
    if (d == NULL)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const mr_jval *v;
        size_t nv;
        mr_jerror err;
        int rc = flags ? mr_json_parse_padded(d, lines[i].ptr, lines[i].len, &v, &nv, &err)
                       : mr_json_parse(d, lines[i].ptr, lines[i].len, &v, &nv, &err);
        if (rc != 0) {
            fprintf(stderr, "medrule: record %zu: %u:%u: %s\n", i + 1, err.line, err.col, err.msg);
            return -1;
        }
        walk_medrule(v, nv, s);
    }
    return 0;
}

static int accepts_medrule(const char *text, size_t len, int flags)
{
    (void)flags;
    const mr_jval *v;
    size_t nv;
    return mr_json_parse(medrule_doc(), text, len, &v, &nv, NULL) == 0;
}

static const char *medrule_version(void) { return "(json.cpp on simdjson 3.0.1)"; }

static const lib_t LIBS[] = {
    { "medrule reader", "mr_json_parse", run_medrule, 0, accepts_medrule },
    { "medrule reader", "mr_json_parse_padded", run_medrule, 1, accepts_medrule },
};
#define LIB_VERSION() medrule_version()
#endif

/* ---------------------------------------------------------------- driver */

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *nb = realloc(buf, cap *= 2);
        if (nb == NULL)
            free(buf);
        buf = nb;
    }
    if (buf != NULL && cap - n < BENCH_PADDING) { /* readable padding after the data */
        char *nb = realloc(buf, n + BENCH_PADDING);
        if (nb == NULL)
            free(buf);
        buf = nb;
    }
    if (buf == NULL || ferror(f)) {
        fprintf(stderr, "%s: read failed\n", path);
        free(buf);
        buf = NULL;
    } else {
        memset(buf + n, 0, BENCH_PADDING);
    }
    fclose(f);
    *len = n;
    return buf;
}

static int same_stats(const stats_t *a, const stats_t *b)
{
    return a->objects == b->objects && a->arrays == b->arrays && a->strings == b->strings &&
           a->numbers == b->numbers && a->bools == b->bools && a->nulls == b->nulls &&
           a->key_bytes == b->key_bytes && a->str_bytes == b->str_bytes &&
           a->num_milli == b->num_milli;
}

/* --accepts FILE...: "<library> <variant>\t<file>\taccept|reject" lines. */
static int accepts_mode(int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        size_t len;
        char *text = read_file(argv[i], &len);
        if (text == NULL)
            return 1;
        for (size_t l = 0; l < sizeof LIBS / sizeof LIBS[0]; l++)
            printf("%s%s%s\t%s\t%s\n", LIBS[l].name, *LIBS[l].variant ? " " : "", LIBS[l].variant, argv[i],
                   LIBS[l].accepts(text, len, LIBS[l].flags) ? "accept" : "reject");
        free(text);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--accepts") == 0)
        return accepts_mode(argc, argv);
    const char *path = argc > 1 ? argv[1] : "patients.ndjson";
    size_t size;
    char *buf = read_file(path, &size);
    if (buf == NULL)
        return 1;

    /* Split into length-delimited records (no NUL terminators inserted). */
    size_t n = 0, cap = 1024, bytes = 0;
    line_t *lines = malloc(cap * sizeof *lines);
    for (size_t off = 0; lines != NULL && off < size;) {
        const char *nl = memchr(buf + off, '\n', size - off);
        size_t len = nl != NULL ? (size_t)(nl - (buf + off)) : size - off;
        if (len > 0) {
            if (n == cap) {
                line_t *nlines = realloc(lines, (cap *= 2) * sizeof *lines);
                if (nlines == NULL)
                    free(lines);
                lines = nlines;
                if (lines == NULL)
                    break;
            }
            lines[n++] = (line_t){ buf + off, len };
            bytes += len;
        }
        off += len + 1;
    }
    if (lines == NULL) {
        fprintf(stderr, "out of memory\n");
        free(buf);
        return 1;
    }

    /* Output: one markdown table row per variant, then a checksum line that
     * build.sh compares across libraries. */
    stats_t ref = { 0 };
    int status = 0;
    for (size_t l = 0; l < sizeof LIBS / sizeof LIBS[0]; l++) {
        const lib_t *lib = &LIBS[l];
        stats_t st = { 0 };
        if (lib->run(lines, n, &st, lib->flags) != 0) { /* warm-up + checksum */
            status = 1;
            continue;
        }
        if (l == 0) {
            ref = st;
        } else if (!same_stats(&st, &ref)) {
            fprintf(stderr, "%s: walk checksum differs from %s\n", lib->name, LIBS[0].name);
            status = 1;
        }
        double best = 1e300;
        for (int r = 0; r < RUNS; r++) {
            stats_t scratch = { 0 };
            double t0 = now_ns();
            for (int p = 0; p < PASSES; p++)
                lib->run(lines, n, &scratch, lib->flags);
            double dt = (now_ns() - t0) / PASSES;
            if (dt < best)
                best = dt;
        }
        char name[96];
        snprintf(name, sizeof name, "%s %s %s", lib->name, LIB_VERSION(), lib->variant);
        printf("| %-60s | %9.0f | %7.1f |\n", name, best / (double)n,
               (double)bytes / best * 1e3);
    }
    printf("checksum %zu records %zu bytes: %" PRIu64 " objects, %" PRIu64 " arrays, %" PRIu64
           " strings (%" PRIu64 " B), %" PRIu64 " key B, %" PRIu64 " numbers (sum*1000=%" PRId64
           "), %" PRIu64 " bools, %" PRIu64 " nulls\n",
           n, bytes, ref.objects, ref.arrays, ref.strings, ref.str_bytes, ref.key_bytes,
           ref.numbers, ref.num_milli, ref.bools, ref.nulls);

    free(lines);
    free(buf);
    return status;
}
