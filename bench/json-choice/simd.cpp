/*
 * simd.cpp - the simdjson 3.0.1 (Debian libsimdjson-dev) runners of bench.c:
 * DOM on records padded in place, DOM on a copy into a padded buffer, and
 * On Demand, each followed by the same full walk as the other libraries;
 * and whether a document is accepted (for JSONTestSuite).
 *
 * DOM runs simdjson's runtime-dispatched kernels (haswell, icelake, ... in
 * libsimdjson.so).  On Demand is compiled into this file from the header, so
 * it uses the kernel the compiler flags allow: with Debian's default x86-64
 * flags that is "fallback" (no SIMD).  Built without exceptions.
 */
#include "bench.h"

#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace dom = simdjson::dom;
namespace od = simdjson::ondemand;
using simdjson::error_code;

static_assert(simdjson::SIMDJSON_PADDING <= BENCH_PADDING, "padding");

namespace {

void walk_dom(dom::element e, stats_t *s) {
  switch (e.type()) {
    case dom::element_type::OBJECT: {
      s->objects++;
      dom::object o;
      if (e.get_object().get(o)) return;
      for (dom::key_value_pair kv : o) {
        s->key_bytes += kv.key.size();
        walk_dom(kv.value, s);
      }
      break;
    }
    case dom::element_type::ARRAY: {
      s->arrays++;
      dom::array a;
      if (e.get_array().get(a)) return;
      for (dom::element c : a) walk_dom(c, s);
      break;
    }
    case dom::element_type::STRING: {
      std::string_view v;
      if (e.get_string().get(v)) return;
      s->strings++;
      s->str_bytes += v.size();
      break;
    }
    case dom::element_type::INT64: add_number(s, static_cast<double>(int64_t(e.get_int64().value_unsafe()))); break;
    case dom::element_type::UINT64: add_number(s, static_cast<double>(uint64_t(e.get_uint64().value_unsafe()))); break;
    case dom::element_type::DOUBLE: add_number(s, double(e.get_double().value_unsafe())); break;
    case dom::element_type::BOOL: s->bools++; break;
    case dom::element_type::NULL_VALUE: s->nulls++; break;
  }
}

dom::parser &dom_parser() {
  static dom::parser p; /* one parser, reused */
  return p;
}

od::parser &od_parser() {
  static od::parser p;
  return p;
}

/* Full walk with On Demand: every value read with its typed getter.  On
 * Demand 3.0.1 does not stop a deep nest while iterating (the parser's
 * max_depth is not checked there): without this bound, 100000 '[' overflow
 * the stack.  1024 is simdjson's DEFAULT_MAX_DEPTH. */
error_code walk_od(od::value v, stats_t *s, int depth = 0) {
  if (depth >= 1024) return simdjson::DEPTH_ERROR;
  od::json_type t;
  error_code e = v.type().get(t);
  if (e) return e;
  switch (t) {
    case od::json_type::object: {
      s->objects++;
      od::object o;
      if ((e = v.get_object().get(o))) return e;
      for (auto f : o) {
        od::field fl;
        if ((e = std::move(f).get(fl))) return e;
        std::string_view k;
        if ((e = fl.unescaped_key().get(k))) return e;
        s->key_bytes += k.size();
        if ((e = walk_od(fl.value(), s, depth + 1))) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::array: {
      s->arrays++;
      od::array a;
      if ((e = v.get_array().get(a))) return e;
      for (auto el : a) {
        od::value x;
        if ((e = el.get(x))) return e;
        if ((e = walk_od(x, s, depth + 1))) return e;
      }
      return simdjson::SUCCESS;
    }
    case od::json_type::string: {
      std::string_view str;
      if ((e = v.get_string().get(str))) return e;
      s->strings++;
      s->str_bytes += str.size();
      return simdjson::SUCCESS;
    }
    case od::json_type::number: {
      double d;
      if ((e = v.get_double().get(d))) return e;
      add_number(s, d);
      return simdjson::SUCCESS;
    }
    case od::json_type::boolean: {
      bool b;
      if ((e = v.get_bool().get(b))) return e;
      s->bools++;
      return simdjson::SUCCESS;
    }
    case od::json_type::null: {
      bool isnull;
      if ((e = v.is_null().get(isnull))) return e;
      if (!isnull) return simdjson::N_ATOM_ERROR;
      s->nulls++;
      return simdjson::SUCCESS;
    }
  }
  return simdjson::TAPE_ERROR;
}

/* The document's root value walked, then nothing after it. */
error_code ondemand_doc(const char *text, size_t len, size_t cap, stats_t *s) {
  od::document doc;
  error_code e = od_parser().iterate(text, len, cap).get(doc);
  if (e) return e;
  od::json_type t;
  if ((e = doc.type().get(t))) return e;
  if (t == od::json_type::object || t == od::json_type::array) {
    od::value v;
    if ((e = doc.get_value().get(v))) return e;
    if ((e = walk_od(v, s))) return e;
  } else { /* a scalar document: the document getters check that nothing follows */
    switch (t) {
      case od::json_type::string: { std::string_view x; e = doc.get_string().get(x); break; }
      case od::json_type::number: { double x; e = doc.get_double().get(x); break; }
      case od::json_type::boolean: { bool x; e = doc.get_bool().get(x); break; }
      default: { bool x = false; e = doc.is_null().get(x); if (!e && !x) e = simdjson::N_ATOM_ERROR; break; }
    }
    if (e) return e;
  }
  const char *at = nullptr;
  if (doc.current_location().get(at) == simdjson::SUCCESS) return simdjson::TRAILING_CONTENT;
  return simdjson::SUCCESS;
}

}  // namespace

extern "C" {

#define STRINGIFY2(x) #x
#define STRINGIFY(x) STRINGIFY2(x)
const char *simd_version(void) { return STRINGIFY(SIMDJSON_VERSION); }

int run_simd_dom(const line_t *lines, size_t n, stats_t *s, int flags) {
  (void)flags;
  for (size_t i = 0; i < n; i++) {
    dom::element root;
    error_code e = dom_parser().parse(lines[i].ptr, lines[i].len, false).get(root);
    if (e) {
      fprintf(stderr, "simdjson DOM: record %zu: %s\n", i + 1, simdjson::error_message(e));
      return -1;
    }
    walk_dom(root, s);
  }
  return 0;
}

int run_simd_dom_copy(const line_t *lines, size_t n, stats_t *s, int flags) {
  (void)flags;
  static char *buf; /* grows to the longest record */
  static size_t cap;
  for (size_t i = 0; i < n; i++) {
    if (cap < lines[i].len + BENCH_PADDING) {
      free(buf);
      cap = lines[i].len + BENCH_PADDING;
      buf = static_cast<char *>(malloc(cap));
      if (!buf) return -1;
    }
    memcpy(buf, lines[i].ptr, lines[i].len);
    memset(buf + lines[i].len, 0, BENCH_PADDING);
    dom::element root;
    error_code e = dom_parser().parse(buf, lines[i].len, false).get(root);
    if (e) return -1;
    walk_dom(root, s);
  }
  return 0;
}

int run_simd_ondemand(const line_t *lines, size_t n, stats_t *s, int flags) {
  (void)flags;
  for (size_t i = 0; i < n; i++) {
    error_code e = ondemand_doc(lines[i].ptr, lines[i].len, lines[i].len + BENCH_PADDING, s);
    if (e) {
      fprintf(stderr, "simdjson On Demand: record %zu: %s\n", i + 1, simdjson::error_message(e));
      return -1;
    }
  }
  return 0;
}

/* text is readable BENCH_PADDING bytes past len (read_file pads). */
int accepts_simd_dom(const char *text, size_t len, int flags) {
  (void)flags;
  dom::element root;
  return dom_parser().parse(text, len, false).get(root) == simdjson::SUCCESS;
}

int accepts_simd_ondemand(const char *text, size_t len, int flags) {
  (void)flags;
  stats_t s = {};
  return ondemand_doc(text, len, len + BENCH_PADDING, &s) == simdjson::SUCCESS;
}

}  // extern "C"
