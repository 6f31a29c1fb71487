/*
 * bench.c - parse + full walk + free throughput for cJSON, jansson, json-c.
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
 * file is compiled once per library: -DUSE_CJSON, -DUSE_JANSSON or
 * -DUSE_JSONC (see build.sh).
 *
 * Usage: ./bench_<lib> [patients.ndjson]
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(USE_CJSON) + defined(USE_JANSSON) + defined(USE_JSONC) != 1
#error "define exactly one of USE_CJSON, USE_JANSSON, USE_JSONC"
#endif

enum { RUNS = 5, PASSES = 20 };

typedef struct {
    const char *ptr;
    size_t len;
} line_t;

/* What the walk touches; identical across libraries if they agree. */
typedef struct {
    uint64_t objects, arrays, strings, numbers, bools, nulls;
    uint64_t key_bytes, str_bytes;
    int64_t num_milli; /* sum of round(number * 1000) */
} stats_t;

/* A library variant: runner + parser flags. */
typedef struct {
    const char *name;
    const char *variant; /* parser flags, "" for defaults */
    int (*run)(const line_t *, size_t, stats_t *, int);
    int flags;
} lib_t;

static void add_number(stats_t *s, double d)
{
    s->numbers++;
    s->num_milli += (int64_t)(d * 1000.0 + (d < 0 ? -0.5 : 0.5));
}

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

static const lib_t LIBS[] = {
    { "cJSON", "", run_cjson, 0 },
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

static const lib_t LIBS[] = {
    { "jansson", "", run_jansson, 0 },
    { "jansson", "REJECT_DUPLICATES", run_jansson, JSON_REJECT_DUPLICATES },
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

static const lib_t LIBS[] = {
    { "json-c", "", run_jsonc, 0 },
    { "json-c", "STRICT+VALIDATE_UTF8", run_jsonc,
      JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8 },
};
#define LIB_VERSION() json_c_version()
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
    if (buf == NULL || ferror(f)) {
        fprintf(stderr, "%s: read failed\n", path);
        free(buf);
        buf = NULL;
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

int main(int argc, char **argv)
{
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
        char name[64];
        snprintf(name, sizeof name, "%s %s %s", lib->name, LIB_VERSION(), lib->variant);
        printf("| %-36s | %9.0f | %7.1f |\n", name, best / (double)n,
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
