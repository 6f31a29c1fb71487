"""Finding libmedrule and declaring every function of medrule.h used here.

The library is looked for, in order:

1. the file named by the environment variable MEDRULE_LIBRARY;
2. the build tree: this package in bindings/python/medrule of a source tree
   whose build/ holds libmedrule.so.0 (after `make`);
3. the installed prefix: this package in PREFIX/lib/python3*/dist-packages
   finds PREFIX/lib/libmedrule.so.0 (after `make install PREFIX=...`);
4. the dynamic linker's normal search for "libmedrule.so.0" (ld.so.cache,
   LD_LIBRARY_PATH).

Every function has its argtypes and restype declared: pointers never pass
through an implicit C int.
"""
import ctypes
import os
from ctypes import (POINTER, Structure, c_char_p, c_double, c_int, c_size_t, c_uint,
                    c_ulonglong, c_void_p)

SONAME = "libmedrule.so.0"

# Status codes (MEDRULE_STATUS_MAP in medrule.h).
OK, ERROR, NOMEM, MISUSE, IO, PACK, INPUT, NOTFOUND, LIMIT, RUNTIME = range(10)
STATUS_NAMES = ("MEDRULE_OK", "MEDRULE_ERROR", "MEDRULE_NOMEM", "MEDRULE_MISUSE", "MEDRULE_IO",
                "MEDRULE_PACK", "MEDRULE_INPUT", "MEDRULE_NOTFOUND", "MEDRULE_LIMIT", "MEDRULE_RUNTIME")

ALLOW_EXTRA = 0x1
FORMAT_JSON, FORMAT_TEXT, FORMAT_CARDS = 0, 1, 2

# Fact types (MEDRULE_TYPE_*).
TYPE_BOOLEAN, TYPE_NUMBER, TYPE_QUANTITY, TYPE_CODE, TYPE_CODES, TYPE_STRING = range(6)
TYPE_NAMES = ("boolean", "number", "quantity", "code", "codes", "string")

# Fields of medrule_pack_info, medrule_rule_info and medrule_fact_info.
(PACK_ID, PACK_VERSION, PACK_TITLE, PACK_DIGEST, PACK_DIR, PACK_DOCUMENT, PACK_CITATION, PACK_URL,
 PACK_SOURCE_FILE, PACK_SCALE, PACK_GRADE_WORD) = range(11)
(RULE_ID, RULE_CATEGORY, RULE_ACTION, RULE_EFFECT, RULE_GRADE, RULE_CERTAINTY, RULE_SCALE, RULE_TEXT,
 RULE_DOCUMENT, RULE_SECTION, RULE_QUOTE, RULE_WHEN, RULE_APPLIES, RULE_FILE, RULE_PACK,
 RULE_JSON) = range(16)
(FACT_NAME, FACT_TYPE, FACT_UNIT, FACT_PER, FACT_DEFAULT, FACT_DERIVE, FACT_DESCRIPTION,
 FACT_FILE) = range(8)

RULE_STATES = ("not_fired", "fired", "unknown", "not_applicable")


class PackOptions(Structure):
    _fields_ = [("memory_limit", c_size_t),
                ("load_time_limit_ms", c_uint),
                ("call_time_limit_ms", c_uint)]


class Value(Structure):
    _fields_ = [("type", c_int),
                ("known", c_int),
                ("boolean", c_int),
                ("number", c_double),
                ("code", c_int),
                ("codes", c_ulonglong),
                ("text", c_char_p),
                ("waits_for", c_int)]


class RenderOptions(Structure):
    _fields_ = [("size", c_size_t),
                ("format", c_int),
                ("flags", c_uint),
                ("width", c_int)]


# Opaque handles: distinct pointer types so that one cannot be passed for another.
class _Opaque(Structure):
    pass


class _PackT(_Opaque):
    pass


class _FactsT(_Opaque):
    pass


class _EvaluatorT(_Opaque):
    pass


class _ResultT(_Opaque):
    pass


pack_p = POINTER(_PackT)
facts_p = POINTER(_FactsT)
ev_p = POINTER(_EvaluatorT)
result_p = POINTER(_ResultT)
# A `char *` the caller must free with medrule_free: kept as a raw address
# (c_void_p), never converted by ctypes into a Python bytes (which would lose
# the pointer and leak it).
owned_p = c_void_p

_S = c_char_p  # a `const char *` owned by the library (copied out by ctypes)
_I = c_int

PROTOTYPES = {
    # name: (restype, argtypes)
    "medrule_errstr": (_S, [c_int]),
    "medrule_free": (None, [c_void_p]),
    "medrule_libversion": (_S, []),
    "medrule_libversion_number": (_I, []),
    # packs
    "medrule_pack_open": (_I, [c_char_p, POINTER(PackOptions), POINTER(pack_p), POINTER(owned_p)]),
    "medrule_pack_open_many": (_I, [POINTER(c_char_p), c_int, POINTER(PackOptions), POINTER(pack_p),
                                    POINTER(owned_p)]),
    "medrule_pack_close": (None, [pack_p]),
    "medrule_pack_id": (_S, [pack_p]),
    "medrule_pack_version": (_S, [pack_p]),
    "medrule_pack_title": (_S, [pack_p]),
    "medrule_pack_digest": (_S, [pack_p]),
    "medrule_pack_dir": (_S, [pack_p]),
    "medrule_pack_describe_json": (_I, [pack_p, POINTER(owned_p)]),
    "medrule_pack_lint": (_I, [pack_p, c_char_p, POINTER(owned_p)]),
    "medrule_pack_count": (_I, [pack_p]),
    "medrule_pack_info": (_S, [pack_p, c_int, c_int]),
    "medrule_pack_grade_count": (_I, [pack_p, c_int]),
    "medrule_pack_grade": (_S, [pack_p, c_int, c_int]),
    "medrule_pack_grade_meaning": (_S, [pack_p, c_int, c_int]),
    "medrule_pack_certainty_count": (_I, [pack_p, c_int]),
    "medrule_pack_certainty": (_S, [pack_p, c_int, c_int]),
    "medrule_pack_category_count": (_I, [pack_p]),
    "medrule_pack_category": (_S, [pack_p, c_int]),
    "medrule_pack_category_title": (_S, [pack_p, c_int]),
    # rules
    "medrule_pack_rule_count": (_I, [pack_p]),
    "medrule_pack_rule_id": (_S, [pack_p, c_int]),
    "medrule_pack_rule_index": (_I, [pack_p, c_char_p]),
    "medrule_effect_name": (_S, [c_int]),
    "medrule_rule_info": (_S, [pack_p, c_int, c_int]),
    "medrule_rule_effect": (_I, [pack_p, c_int]),
    "medrule_rule_line": (_I, [pack_p, c_int]),
    "medrule_rule_pack": (_I, [pack_p, c_int]),
    "medrule_rule_judgment_count": (_I, [pack_p, c_int]),
    "medrule_rule_judgment_id": (_S, [pack_p, c_int, c_int]),
    "medrule_rule_judgment_note": (_S, [pack_p, c_int, c_int]),
    "medrule_rule_judgment_quote_count": (_I, [pack_p, c_int, c_int]),
    "medrule_rule_judgment_quote": (_S, [pack_p, c_int, c_int, c_int]),
    # the fact vocabulary
    "medrule_pack_fact_count": (_I, [pack_p]),
    "medrule_pack_fact_name": (_S, [pack_p, c_int]),
    "medrule_fact_index": (_I, [pack_p, c_char_p]),
    "medrule_pack_suggest": (_S, [pack_p, c_char_p]),
    "medrule_fact_type": (_I, [pack_p, c_int]),
    "medrule_fact_info": (_S, [pack_p, c_int, c_int]),
    "medrule_fact_is_computed": (_I, [pack_p, c_int]),
    "medrule_fact_range": (_I, [pack_p, c_int, POINTER(c_double), POINTER(c_double)]),
    "medrule_fact_code_count": (_I, [pack_p, c_int]),
    "medrule_fact_code": (_S, [pack_p, c_int, c_int]),
    # fact sets
    "medrule_facts_new": (facts_p, [pack_p]),
    "medrule_facts_free": (None, [facts_p]),
    "medrule_facts_clear": (None, [facts_p]),
    "medrule_facts_set_unknown": (_I, [facts_p, c_int]),
    "medrule_facts_set_boolean": (_I, [facts_p, c_int, c_int]),
    "medrule_facts_set_number": (_I, [facts_p, c_int, c_double]),
    "medrule_facts_set_quantity": (_I, [facts_p, c_int, c_double, c_char_p]),
    "medrule_facts_set_quantity_text": (_I, [facts_p, c_int, c_char_p]),
    "medrule_facts_set_code": (_I, [facts_p, c_int, c_char_p]),
    "medrule_facts_set_codes": (_I, [facts_p, c_int, POINTER(c_char_p), c_int]),
    "medrule_facts_set_string": (_I, [facts_p, c_int, c_char_p]),
    "medrule_facts_get": (_I, [facts_p, c_int, POINTER(Value)]),
    "medrule_facts_is_given": (_I, [facts_p, c_int]),
    "medrule_facts_set_source": (_I, [facts_p, c_char_p]),
    "medrule_facts_error_count": (_I, [facts_p]),
    "medrule_facts_error": (_S, [facts_p, c_int]),
    "medrule_facts_errmsg": (_S, [facts_p]),
    "medrule_facts_warning_count": (_I, [facts_p]),
    "medrule_facts_warning": (_S, [facts_p, c_int]),
    "medrule_facts_load_json": (_I, [facts_p, c_char_p, c_size_t, c_char_p, c_uint, c_uint]),
    "medrule_facts_set": (_I, [facts_p, c_char_p, c_char_p]),
    # evaluation
    "medrule_evaluator_new": (ev_p, [pack_p, POINTER(owned_p)]),
    "medrule_evaluator_free": (None, [ev_p]),
    "medrule_result_new": (result_p, []),
    "medrule_result_free": (None, [result_p]),
    "medrule_evaluate": (_I, [ev_p, facts_p, result_p]),
    # results
    "medrule_result_patient_id": (_S, [result_p]),
    "medrule_result_source": (_S, [result_p]),
    "medrule_result_disposition": (_S, [result_p]),
    "medrule_result_rule_state": (_I, [result_p, c_int]),
    "medrule_result_reason_count": (_I, [result_p]),
    "medrule_result_reason_rule": (_I, [result_p, c_int]),
    "medrule_result_recommendation_count": (_I, [result_p]),
    "medrule_result_recommendation_rule": (_I, [result_p, c_int]),
    "medrule_result_because_count": (_I, [result_p, c_int]),
    "medrule_result_because_fact": (_I, [result_p, c_int, c_int]),
    "medrule_result_because_value": (_I, [result_p, c_int, c_int, POINTER(Value)]),
    "medrule_result_unknown_count": (_I, [result_p]),
    "medrule_result_unknown_rule": (_I, [result_p, c_int]),
    "medrule_result_unknown_missing_count": (_I, [result_p, c_int]),
    "medrule_result_unknown_missing": (_S, [result_p, c_int, c_int]),
    "medrule_result_missing_count": (_I, [result_p]),
    "medrule_result_missing_fact": (_S, [result_p, c_int]),
    "medrule_result_warning_count": (_I, [result_p]),
    "medrule_result_warning": (_S, [result_p, c_int]),
    # A `const char **out` owned by the result: read with ctypes.string_at, never freed.
    "medrule_result_render": (_I, [result_p, POINTER(RenderOptions), POINTER(c_void_p), POINTER(c_size_t)]),
}


def _candidates():
    env = os.environ.get("MEDRULE_LIBRARY")
    if env:
        yield env, "MEDRULE_LIBRARY"
        return  # an explicit choice is not second-guessed
    here = os.path.dirname(os.path.abspath(__file__))
    # bindings/python/medrule -> the source tree's build/
    yield os.path.join(here, os.pardir, os.pardir, os.pardir, "build", SONAME), "build tree"
    # PREFIX/lib/python3*/dist-packages/medrule -> PREFIX/lib
    yield os.path.join(here, os.pardir, os.pardir, os.pardir, SONAME), "installed prefix"


class LibraryNotFound(ImportError):
    pass


def load():
    """Returns (CDLL, path) with every prototype declared."""
    tried = []
    lib = path = None
    for candidate, how in _candidates():
        if how == "MEDRULE_LIBRARY" or os.path.exists(candidate):
            candidate = os.path.normpath(candidate)
            try:
                lib, path = ctypes.CDLL(candidate), candidate
                break
            except OSError as e:
                if how == "MEDRULE_LIBRARY":
                    raise LibraryNotFound("medrule: MEDRULE_LIBRARY=%s cannot be loaded: %s" % (candidate, e))
                tried.append("%s (%s): %s" % (candidate, how, e))
        else:
            tried.append("%s (%s): no such file" % (os.path.normpath(candidate), how))
    if lib is None:
        try:
            lib, path = ctypes.CDLL(SONAME), SONAME
        except OSError as e:
            tried.append("%s (the dynamic linker's search): %s" % (SONAME, e))
            raise LibraryNotFound("medrule: libmedrule not found; set MEDRULE_LIBRARY=/path/to/%s. Tried:\n  %s"
                                  % (SONAME, "\n  ".join(tried)))
    missing = []
    for name, (restype, argtypes) in PROTOTYPES.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            missing.append(name)
            continue
        fn.restype = restype
        fn.argtypes = argtypes
    if missing:
        raise LibraryNotFound("medrule: %s is too old or not libmedrule (version %s): it lacks %s"
                              % (path, _version(lib), ", ".join(missing)))
    return lib, path


def _version(lib):
    try:
        f = lib.medrule_libversion
        f.restype = c_char_p
        f.argtypes = []
        return f().decode()
    except AttributeError:
        return "unknown"
