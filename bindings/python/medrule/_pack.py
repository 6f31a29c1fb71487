"""Packs, fact sets and results over libmedrule (see __init__ for the tour)."""
import json
import os
import threading
from collections import namedtuple
from ctypes import byref, c_char_p, c_double, c_size_t, c_void_p, string_at

from . import _lib as L

lib, library_path = L.load()

_string_at = string_at
_loads = json.loads
_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


def _text(b):
    """A `const char *` from the library (bytes or None) as str."""
    return None if b is None else b.decode("utf-8", "replace")


def _take(addr):
    """A `char *` the library handed over: copied into a str, then freed."""
    if not addr.value:
        return None
    try:
        return string_at(addr.value).decode("utf-8", "replace")
    finally:
        lib.medrule_free(addr)


def _encode(s, what):
    if s is None:
        return None
    if isinstance(s, os.PathLike):
        s = os.fspath(s)
    if isinstance(s, bytes):
        return s
    if isinstance(s, str):
        return s.encode("utf-8", "surrogateescape")
    raise TypeError("%s must be a string, not %s" % (what, type(s).__name__))


# ----------------------------------------------------------------- errors

class Error(Exception):
    """Every error medrule raises.  `status` is the engine's status name
    ("MEDRULE_INPUT", "MEDRULE_PACK", ...), `code` its number."""

    def __init__(self, message, code=L.ERROR):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = L.STATUS_NAMES[code] if 0 <= code < len(L.STATUS_NAMES) else "MEDRULE_%d" % code


class PackError(Error):
    """A pack failed to load: the message names the pack file, line, rule and
    reason.  `paths` are the pack directories given."""

    def __init__(self, message, code=L.PACK, paths=()):
        super().__init__(message, code)
        self.paths = tuple(paths)


class FactError(Error):
    """Facts failed to load or to set.  str(e) is the engine's message (every
    error, one per line, each "SOURCE: WHERE: why"); `errors` is that list,
    `warnings` the warnings so far, `source` the record's name."""

    def __init__(self, message, code=L.INPUT, errors=None, source=None, warnings=()):
        super().__init__(message, code)
        self.errors = list(errors) if errors is not None else [message]
        self.source = source
        self.warnings = list(warnings)


def _status_error(rc, what):
    if rc == L.NOMEM:
        return MemoryError("medrule: out of memory (%s)" % what)
    return Error("medrule: %s: %s" % (what, _text(lib.medrule_errstr(rc))), rc)


# ------------------------------------------------- plain values returned

class Quantity(namedtuple("Quantity", "value unit")):
    """A number in a unit (UCUM).  Values read from the engine are in the
    fact's canonical unit."""
    __slots__ = ()

    def __str__(self):
        return "%s %s" % (_fmt_number(self.value), self.unit)


def _fmt_number(x):
    return repr(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


PackInfo = namedtuple("PackInfo", "id version title digest dir document citation url source_file scale "
                                  "grade_word grades certainties")
Rule = namedtuple("Rule", "id pack category action effect grade certainty scale text document section quote "
                          "judgments when applies file line")
Judgment = namedtuple("Judgment", "id note quotes")
Fact = namedtuple("Fact", "name type unit codes range description default per derive computed")
Reason = namedtuple("Reason", "rule state effect")
Because = namedtuple("Because", "fact value")
Recommendation = namedtuple("Recommendation", "id rule because")
Unknown = namedtuple("Unknown", "rule missing")


class Result(namedtuple("Result", "patient_id source disposition reasons recommendations unknown "
                                  "missing_facts warnings")):
    """One evaluation, read through the engine's accessors into plain Python
    values (it holds nothing of the engine: keep it as long as you like).
    `reasons` are the rules that set the disposition; each recommendation
    carries its Rule and the facts (`because`) that made it fire."""
    __slots__ = ()

    @property
    def fired(self):
        return tuple(r.id for r in self.recommendations)


# ---------------------------------------------------------- the engine side

class _Handle:
    """Owns one C pack, closed when its last user lets it go.

    The users are the Pack itself and everything made for it (the scratch
    objects of threads and iterators, Facts).  Each frees its own engine
    objects in its finalizer and only then releases the handle, so the pack
    is closed after all of them.  The handle has no finalizer of its own on
    purpose: Python finalizes the objects of a garbage cycle in no particular
    order, and a handle that closed the pack from __del__ could go before a
    fact set still to be freed (AddressSanitizer saw exactly that)."""
    __slots__ = ("ptr", "vocab", "users", "lock", "_close")

    def __init__(self, ptr):
        self.ptr = ptr
        self.vocab = None  # the fact vocabulary, read once (_vocabulary)
        self.users = 1     # the Pack
        self.lock = threading.RLock()  # RLock: a finalizer may run inside a locked section
        self._close = lib.medrule_pack_close

    def acquire(self):
        with self.lock:
            if not self.ptr:
                raise Error("medrule: the pack is closed", L.MISUSE)
            self.users += 1

    def release(self):
        with self.lock:
            self.users -= 1
            ptr = None
            if self.users == 0:
                ptr, self.ptr = self.ptr, None
        if ptr:
            self._close(ptr)


def _value(fact, v):
    """A medrule_value of `fact` (a Fact) as a Python value."""
    if not v.known:
        return None
    t = v.type
    if t == L.TYPE_BOOLEAN:
        return bool(v.boolean)
    if t == L.TYPE_NUMBER:
        return v.number
    if t == L.TYPE_QUANTITY:
        return Quantity(v.number, fact.unit)
    if t == L.TYPE_CODE:
        return fact.codes[v.code]
    if t == L.TYPE_CODES:
        bits = v.codes
        return tuple(c for k, c in enumerate(fact.codes) if bits >> k & 1)
    return _text(v.text)


def _vocabulary(handle):
    """The pack's facts as a tuple of Fact, by index; read once per pack."""
    vocab = handle.vocab
    if vocab is None:
        p = handle.ptr
        out = []
        lo, hi = c_double(), c_double()
        for f in range(lib.medrule_pack_fact_count(p)):
            info = [_text(lib.medrule_fact_info(p, f, k)) for k in range(L.FACT_FILE + 1)]
            codes = tuple(_text(lib.medrule_fact_code(p, f, k)) for k in range(lib.medrule_fact_code_count(p, f)))
            rng = (lo.value, hi.value) if lib.medrule_fact_range(p, f, byref(lo), byref(hi)) else None
            out.append(Fact(name=info[L.FACT_NAME], type=info[L.FACT_TYPE], unit=info[L.FACT_UNIT],
                            codes=codes, range=rng, description=info[L.FACT_DESCRIPTION],
                            default=info[L.FACT_DEFAULT], per=info[L.FACT_PER], derive=info[L.FACT_DERIVE],
                            computed=bool(lib.medrule_fact_is_computed(p, f))))
        vocab = handle.vocab = tuple(out)
    return vocab


def _fact_error(facts, rc, source, first=0):
    """The errors of `facts` (from index `first` on) as a FactError."""
    if rc == L.NOMEM:
        return MemoryError("medrule: out of memory (loading facts)")
    n = lib.medrule_facts_error_count(facts)
    errors = [_text(lib.medrule_facts_error(facts, i)) for i in range(first, n)]
    warnings = [_text(lib.medrule_facts_warning(facts, i))
                for i in range(lib.medrule_facts_warning_count(facts))]
    if not errors:
        errors = ["%s%s" % ("%s: " % source if source else "", _text(lib.medrule_errstr(rc)))]
    message = _text(lib.medrule_facts_errmsg(facts)) if first == 0 else "\n".join(errors)
    return FactError(message or "\n".join(errors), rc, errors, source, warnings)


class _Scratch:
    """One facts / evaluator / result triple: used by one thread at a time."""
    __slots__ = ("handle", "facts", "ev", "result", "out", "out_len", "out_ref", "len_ref", "value",
                 "_ff", "_fe", "_fr")

    def __init__(self, handle):
        self.handle = None
        self.facts = self.ev = self.result = None
        self._ff, self._fe, self._fr = lib.medrule_facts_free, lib.medrule_evaluator_free, lib.medrule_result_free
        handle.acquire()
        self.handle = handle
        self.facts = lib.medrule_facts_new(handle.ptr)
        if not self.facts:
            raise MemoryError("medrule: out of memory (a fact set)")
        err = c_void_p()
        self.ev = lib.medrule_evaluator_new(handle.ptr, byref(err))
        if not self.ev:
            msg = _take(err)
            if msg is None:
                raise MemoryError("medrule: out of memory (an evaluator)")
            raise Error(msg, L.ERROR)
        self.result = lib.medrule_result_new()
        if not self.result:
            raise MemoryError("medrule: out of memory (a result)")
        self.out, self.out_len = c_void_p(), c_size_t()
        self.out_ref, self.len_ref = byref(self.out), byref(self.out_len)
        self.value = L.Value()

    def __del__(self):
        # The engine objects first, then the pack may go.
        if self.result:
            self._fr(self.result)
        if self.ev:
            self._fe(self.ev)
        if self.facts:
            self._ff(self.facts)
        self.result = self.ev = self.facts = None
        handle, self.handle = self.handle, None
        if handle is not None:
            handle.release()

    def load(self, text, source, source_b, line, flags):
        rc = lib.medrule_facts_load_json(self.facts, text, len(text), source_b, line, flags)
        if rc != L.OK:
            raise _fact_error(self.facts, rc, source)

    def evaluate(self, facts):
        rc = lib.medrule_evaluate(self.ev, facts, self.result)
        if rc != L.OK and rc != L.RUNTIME:  # RUNTIME: complete, a warning says which rule failed
            raise _status_error(rc, "evaluating")

    def render(self):
        rc = lib.medrule_result_render(self.result, None, self.out_ref, self.len_ref)
        if rc != L.OK:
            raise _status_error(rc, "rendering the result")
        return _loads(_string_at(self.out.value, self.out_len.value))

    def structured(self, pack):
        """The result as a Result of plain values."""
        r, v, vref = self.result, self.value, byref(self.value)
        rules, vocab = pack.rules, _vocabulary(self.handle)
        fact_of, value_of = lib.medrule_result_because_fact, lib.medrule_result_because_value
        reasons = []
        for i in range(lib.medrule_result_reason_count(r)):
            k = lib.medrule_result_reason_rule(r, i)
            state = lib.medrule_result_rule_state(r, k)
            reasons.append(Reason(rules[k].id, L.RULE_STATES[state] if 0 <= state < len(L.RULE_STATES) else None,
                                  rules[k].effect))
        recs = []
        for i in range(lib.medrule_result_recommendation_count(r)):
            k = lib.medrule_result_recommendation_rule(r, i)
            because = []
            for j in range(lib.medrule_result_because_count(r, i)):
                fact = vocab[fact_of(r, i, j)]
                rc = value_of(r, i, j, vref)
                if rc != L.OK:
                    raise _status_error(rc, "reading a result")
                because.append(Because(fact.name, _value(fact, v)))
            recs.append(Recommendation(rules[k].id, rules[k], tuple(because)))
        unknown = []
        for i in range(lib.medrule_result_unknown_count(r)):
            k = lib.medrule_result_unknown_rule(r, i)
            unknown.append(Unknown(rules[k].id, tuple(_text(lib.medrule_result_unknown_missing(r, i, j))
                                                      for j in range(lib.medrule_result_unknown_missing_count(r, i)))))
        return Result(
            _text(lib.medrule_result_patient_id(r)), _text(lib.medrule_result_source(r)),
            _text(lib.medrule_result_disposition(r)), tuple(reasons), tuple(recs), tuple(unknown),
            tuple(_text(lib.medrule_result_missing_fact(r, i)) for i in range(lib.medrule_result_missing_count(r))),
            tuple(_text(lib.medrule_result_warning(r, i)) for i in range(lib.medrule_result_warning_count(r))))


def _facts_text(facts, source):
    """A fact file as bytes: a dict is written as JSON, text is passed as is."""
    if isinstance(facts, bytes):
        return facts
    if isinstance(facts, str):
        return facts.encode("utf-8", "surrogatepass")  # a lone surrogate: the engine says where
    if isinstance(facts, dict):
        try:
            return _dumps(facts).encode("utf-8", "surrogatepass")
        except (TypeError, ValueError) as e:  # a set, a datetime, NaN ...
            msg = "%s%s" % ("%s: " % source if source else "", "the facts cannot be written as JSON: %s" % e)
            raise FactError(msg, L.INPUT, [msg], source) from None
    if isinstance(facts, (bytearray, memoryview)):
        return bytes(facts)
    raise TypeError("facts must be a dict, JSON text (str or bytes) or a medrule.Facts, not %s"
                    % type(facts).__name__)


def _blank(source):
    """What `medrule check` says of a blank NDJSON line (worded as it does)."""
    return "%s: the line is blank (NDJSON has one JSON object on every line)" % source


def _error_record(source, message):
    """The record `medrule check --format json` prints for input that failed."""
    return {"contract": 1, "patient": {"id": None, "source": source}, "error": message}


# ------------------------------------------------------------------ packs

class Pack:
    """A loaded, validated, compiled rule pack (or several evaluated together).

    Pack(path) loads the pack in a directory; Pack([primary, other, ...])
    several at once (the first alone sets the disposition).  Options:
    memory_limit (bytes), load_time_limit_ms, call_time_limit_ms (0 or None:
    the engine's defaults).  Raises PackError.

    A Pack may be shared by any number of threads: check() and evaluate()
    use scratch objects of the calling thread, and every check_many()
    iterator has its own.  Close it with close() or a `with` block; what was
    made for it (Facts, running iterators) keeps the engine's pack alive
    until it is gone.
    """

    def __init__(self, path_or_paths, *, memory_limit=None, load_time_limit_ms=None, call_time_limit_ms=None):
        single = isinstance(path_or_paths, (str, bytes, os.PathLike))
        paths = [path_or_paths] if single else list(path_or_paths)
        self._paths = tuple(os.fsdecode(p) if isinstance(p, bytes) else os.fspath(p) for p in paths)
        limits = {"memory_limit": memory_limit, "load_time_limit_ms": load_time_limit_ms,
                  "call_time_limit_ms": call_time_limit_ms}
        for name, value in limits.items():
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0
                                      or value >= (1 << 64 if name == "memory_limit" else 1 << 32)):
                raise ValueError("medrule: %s must be a non-negative integer in range, not %r" % (name, value))
        opts = L.PackOptions(memory_limit or 0, load_time_limit_ms or 0, call_time_limit_ms or 0)
        out, err = L.pack_p(), c_void_p()
        if single:
            rc = lib.medrule_pack_open(_encode(path_or_paths, "the pack path"), byref(opts), byref(out), byref(err))
        else:
            dirs = (c_char_p * max(len(paths), 1))(*[_encode(p, "a pack path") for p in paths])
            rc = lib.medrule_pack_open_many(dirs, len(paths), byref(opts), byref(out), byref(err))
        msg = _take(err)
        if rc != L.OK or not out:
            if rc == L.NOMEM:
                raise MemoryError(msg or "medrule: out of memory (loading a pack)")
            raise PackError(msg or "%s: %s" % (", ".join(self._paths), _text(lib.medrule_errstr(rc))),
                            rc if rc != L.OK else L.ERROR, self._paths)
        self._handle = _Handle(out)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._rules = self._facts = self._packs = None
        self._rule_index = self._fact_index = None

    # -- lifetime

    def close(self):
        """Releases the pack.  The engine's pack is freed now, or as soon as
        the last Facts or check_many iterator made for it is gone."""
        handle, self._handle = getattr(self, "_handle", None), None
        self._local = None  # this pack's per-thread scratch objects: released as they go
        if handle is not None:
            handle.release()

    def __del__(self):
        self.close()

    @property
    def closed(self):
        return self._handle is None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _live(self):
        h = self._handle
        if h is None:
            raise Error("medrule: the pack is closed", L.MISUSE)
        return h

    def _scratch(self):
        """The calling thread's facts / evaluator / result for this pack."""
        local = self._local
        if local is None:
            raise Error("medrule: the pack is closed", L.MISUSE)
        try:
            return local.s
        except AttributeError:
            s = local.s = _Scratch(self._live())
            return s

    def __repr__(self):
        if self._handle is None:
            return "<medrule.Pack %s (closed)>" % ", ".join(self._paths)
        return "<medrule.Pack %s %s from %s>" % (self.id, self.version, ", ".join(self._paths))

    # -- checking

    def check(self, facts, *, source=None, allow_extra=False):
        """Evaluates one patient and returns the contract §3 result as a dict,
        exactly what `medrule check --format json` prints for the same facts.

        `facts`: a dict shaped like a fact file, its JSON text (str or bytes),
        or a Facts made with new_facts().  `source` names the record (echoed
        as result["patient"]["source"] and at the start of every error);
        `allow_extra` makes unknown fact names warnings, as --allow-extra.
        Raises FactError when the facts do not load."""
        s = self._scratch()
        if isinstance(facts, Facts):
            with facts._using(self) as fp:
                s.evaluate(fp)
            return s.render()
        s.load(_facts_text(facts, source), source, _encode(source, "source"), 1, L.ALLOW_EXTRA if allow_extra else 0)
        s.evaluate(s.facts)
        return s.render()

    def check_many(self, items, *, source=None, allow_extra=False, errors="record"):
        """Evaluates many patients, yielding one result dict per record, in
        order.  Items are dicts, JSON text, or bytes (the lines of an NDJSON
        file opened in binary mode).  Every item is a record, a blank line
        too (it gets an error record, as from the command line).  Record N
        (counting from 1) is named "SOURCE:N", SOURCE defaulting to "<input>".

        errors="record" (the default): a record that fails to load yields
        {"contract": 1, "patient": {"id": None, "source": "SOURCE:N"},
        "error": MESSAGE} in its place, like `medrule check --format json`
        on NDJSON, and the rest are still evaluated.  errors="raise": the
        FactError is raised (the iterator ends there).

        The iterator has its own engine objects: iterators may run in
        different threads at once; one iterator must not be advanced by two
        threads at the same time (Python forbids that for any generator)."""
        if errors not in ("record", "raise"):
            raise ValueError("errors must be 'record' or 'raise', not %r" % (errors,))
        # The iterator's engine objects are made now, not at its first step:
        # they keep the pack open even when the Pack itself is dropped at once
        # (medrule.Pack(d).check_many(...)).
        return self._records(_Scratch(self._live()), items, "<input>" if source is None else str(source),
                             L.ALLOW_EXTRA if allow_extra else 0, errors == "raise")

    @staticmethod
    def _records(s, items, name, flags, raise_errors):
        load, evaluate, render = s.load, s.evaluate, s.render
        n = 0
        for item in items:
            n += 1
            source = "%s:%d" % (name, n)
            try:
                if isinstance(item, (bytes, str)) and not item.strip(b" \t\r\n" if isinstance(item, bytes) else " \t\r\n"):
                    raise FactError(_blank(source), L.INPUT, None, source)
                load(_facts_text(item, source), source, source.encode("utf-8", "surrogateescape"), n, flags)
            except FactError as e:
                if raise_errors:
                    raise
                yield _error_record(source, e.message)
                continue
            evaluate(s.facts)
            yield render()

    def evaluate(self, facts, *, source=None, allow_extra=False):
        """Evaluates one patient and returns a Result of plain values
        (disposition, reasons, recommendations with their `because` values,
        unknown rules, missing facts, warnings).  `facts` as for check()."""
        s = self._scratch()
        if isinstance(facts, Facts):
            with facts._using(self) as fp:
                s.evaluate(fp)
        else:
            s.load(_facts_text(facts, source), source, _encode(source, "source"), 1,
                   L.ALLOW_EXTRA if allow_extra else 0)
            s.evaluate(s.facts)
        return s.structured(self)

    def new_facts(self, source=None):
        """An empty Facts for this pack, to fill fact by fact."""
        return Facts(self, source)

    # -- metadata (read once, kept: a pack is immutable)

    @property
    def id(self):
        return self.packs[0].id

    @property
    def version(self):
        return self.packs[0].version

    @property
    def title(self):
        return self.packs[0].title

    @property
    def digest(self):
        return self.packs[0].digest

    @property
    def dir(self):
        return self.packs[0].dir

    @property
    def packs(self):
        """One PackInfo per pack loaded, the primary first."""
        if self._packs is None:
            p = self._live().ptr
            infos = []
            for k in range(lib.medrule_pack_count(p)):
                fields = [_text(lib.medrule_pack_info(p, k, f)) for f in range(L.PACK_GRADE_WORD + 1)]
                grades = tuple((_text(lib.medrule_pack_grade(p, k, i)), _text(lib.medrule_pack_grade_meaning(p, k, i)))
                               for i in range(lib.medrule_pack_grade_count(p, k)))
                certainties = tuple(_text(lib.medrule_pack_certainty(p, k, i))
                                    for i in range(lib.medrule_pack_certainty_count(p, k)))
                infos.append(PackInfo(*fields, grades, certainties))
            self._packs = tuple(infos)
        return self._packs

    @property
    def rules(self):
        """Every rule as a Rule, in declaration order (the primary pack's first)."""
        if self._rules is None:
            p = self._live().ptr
            rules = []
            for r in range(lib.medrule_pack_rule_count(p)):
                info = [_text(lib.medrule_rule_info(p, r, f)) for f in range(L.RULE_JSON)]
                judgments = tuple(
                    Judgment(_text(lib.medrule_rule_judgment_id(p, r, j)), _text(lib.medrule_rule_judgment_note(p, r, j)),
                             tuple(_text(lib.medrule_rule_judgment_quote(p, r, j, q))
                                   for q in range(lib.medrule_rule_judgment_quote_count(p, r, j))))
                    for j in range(lib.medrule_rule_judgment_count(p, r)))
                line = lib.medrule_rule_line(p, r)
                rules.append(Rule(
                    id=info[L.RULE_ID], pack=info[L.RULE_PACK], category=info[L.RULE_CATEGORY],
                    action=info[L.RULE_ACTION], effect=info[L.RULE_EFFECT], grade=info[L.RULE_GRADE],
                    certainty=info[L.RULE_CERTAINTY], scale=info[L.RULE_SCALE], text=info[L.RULE_TEXT],
                    document=info[L.RULE_DOCUMENT], section=info[L.RULE_SECTION], quote=info[L.RULE_QUOTE],
                    judgments=judgments, when=info[L.RULE_WHEN], applies=info[L.RULE_APPLIES],
                    file=info[L.RULE_FILE], line=line if line >= 0 else None))
            self._rule_index = {r.id: i for i, r in enumerate(rules)}
            self._rules = tuple(rules)
        return self._rules

    def rule(self, rule_id):
        """The Rule with this id; KeyError when the pack has none."""
        rules = self.rules
        return rules[self._rule_index[rule_id]]

    @property
    def facts(self):
        """The fact vocabulary: a Fact per declared fact, in declaration order."""
        if self._facts is None:
            facts = _vocabulary(self._live())
            self._fact_index = {f.name: i for i, f in enumerate(facts)}
            self._facts = facts
        return self._facts

    def fact(self, name):
        """The Fact with this name; KeyError when the pack declares none."""
        facts = self.facts
        return facts[self._fact_index[name]]

    def describe(self):
        """The whole pack as the engine describes it (what `medrule doc` reads)."""
        out = c_void_p()
        rc = lib.medrule_pack_describe_json(self._live().ptr, byref(out))
        text = _take(out)
        if rc != L.OK:
            raise _status_error(rc, "describing the pack")
        return json.loads(text)

    def lint(self, sources_dir=None):
        """Static checks of the pack: a list of findings (dicts with severity,
        check, file, line, column, rule, message, hint)."""
        out = c_void_p()
        rc = lib.medrule_pack_lint(self._live().ptr, _encode(sources_dir, "sources_dir"), byref(out))
        text = _take(out)
        if rc != L.OK:
            raise _status_error(rc, "linting the pack")
        return json.loads(text)


# ------------------------------------------------------------- fact sets

class Facts:
    """One patient's facts for a pack, set one by one with the same checks a
    fact file gets (type, codes, unit dimension, plausible range).  A failed
    set raises FactError and changes nothing.  Methods take a lock: a Facts
    may be handed between threads, one call at a time."""

    def __init__(self, pack, source=None):
        self._ptr = self._handle = None
        self._free = lib.medrule_facts_free
        handle = pack._live()
        handle.acquire()
        self._handle = handle  # the engine's pack stays open while this set exists
        self._pack = pack
        self._lock = threading.Lock()
        self._ptr = lib.medrule_facts_new(handle.ptr)
        if not self._ptr:
            raise MemoryError("medrule: out of memory (a fact set)")
        self._source = None
        if source is not None:
            self.source = source

    def __del__(self):
        ptr, self._ptr = self._ptr, None
        if ptr:
            self._free(ptr)
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.release()

    def _using(self, pack):
        if pack._handle is not self._handle:
            raise Error("medrule: these facts were made for another pack", L.MISUSE)
        return _Locked(self)

    @property
    def pack(self):
        return self._pack

    @property
    def source(self):
        return self._source

    @source.setter
    def source(self, value):
        with self._lock:
            rc = lib.medrule_facts_set_source(self._ptr, _encode(value, "source"))
            if rc != L.OK:
                raise _status_error(rc, "setting the source")
            self._source = value

    def _index(self, name):
        i = lib.medrule_fact_index(self._handle.ptr, _encode(name, "a fact name"))
        if i < 0:
            # The engine's own message, with its suggestion ("did you mean ...").
            first = lib.medrule_facts_error_count(self._ptr)
            rc = lib.medrule_facts_set(self._ptr, _encode(name, "a fact name"), b"null")
            raise _fact_error(self._ptr, rc if rc != L.OK else L.NOTFOUND, self._source, first)
        return i

    def _call(self, fn, name, *args):
        with self._lock:
            i = self._index(name)
            first = lib.medrule_facts_error_count(self._ptr)
            rc = fn(self._ptr, i, *args)
            if rc != L.OK:
                raise _fact_error(self._ptr, rc, self._source, first)

    def set(self, name, value):
        """Sets one fact from a Python value, read as the same value in a fact
        file would be: None (unknown), a bool, a number (a quantity in its
        canonical unit), a str ("70 kg", a code, text), a list of codes, a
        Quantity, or a dict {"value": 70, "unit": "kg"}."""
        t = lib.medrule_fact_type(self._handle.ptr, lib.medrule_fact_index(self._handle.ptr, _encode(name, "a fact name")))
        if value is None:
            return self.set_unknown(name)
        if isinstance(value, bool):
            if t == L.TYPE_BOOLEAN:
                return self._call(lib.medrule_facts_set_boolean, name, int(value))
        elif isinstance(value, Quantity):
            return self.set_quantity(name, value.value, value.unit)
        elif isinstance(value, (int, float)):
            if t in (L.TYPE_NUMBER, L.TYPE_QUANTITY) and (isinstance(value, float) or abs(value) <= 1 << 53):
                return self._call(lib.medrule_facts_set_number, name, float(value))
        elif isinstance(value, str):
            if t == L.TYPE_CODE:
                return self._call(lib.medrule_facts_set_code, name, _encode(value, "a code"))
            if t == L.TYPE_STRING:
                return self._call(lib.medrule_facts_set_string, name, _encode(value, "text"))
            if t == L.TYPE_QUANTITY:
                return self._call(lib.medrule_facts_set_quantity_text, name, _encode(value, "a quantity"))
        elif isinstance(value, (list, tuple)) and t == L.TYPE_CODES and all(isinstance(c, str) for c in value):
            return self.set_codes(name, value)
        # Anything else goes to the engine as the JSON value it is, to be
        # accepted or refused exactly as in a fact file.
        try:
            text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise TypeError("medrule: %s: %r cannot be a fact value: %s" % (name, value, e)) from None
        with self._lock:
            self._index(name)
            first = lib.medrule_facts_error_count(self._ptr)
            rc = lib.medrule_facts_set(self._ptr, _encode(name, "a fact name"), text.encode("utf-8", "surrogatepass"))
            if rc != L.OK:
                raise _fact_error(self._ptr, rc, self._source, first)

    def set_unknown(self, name):
        """Gives the fact as unknown (null in a fact file), not at its default."""
        self._call(lib.medrule_facts_set_unknown, name)

    def set_quantity(self, name, value, unit):
        """A number in a UCUM unit ("ug/kg/min", "[lb_av]"; mcg, hr, lbs are accepted)."""
        self._call(lib.medrule_facts_set_quantity, name, float(value), _encode(unit, "a unit"))

    def set_codes(self, name, codes):
        """The codes of a codes fact (an empty list is the empty set)."""
        codes = [_encode(c, "a code") for c in codes]
        self._call(lib.medrule_facts_set_codes, name, (c_char_p * max(len(codes), 1))(*codes), len(codes))

    def get(self, name):
        """The value the engine holds: None when unknown; a bool, float,
        Quantity (canonical unit), code, tuple of codes or str."""
        with self._lock:
            i = self._index(name)
            v = L.Value()
            rc = lib.medrule_facts_get(self._ptr, i, byref(v))
            if rc != L.OK:
                raise _status_error(rc, "reading %s" % name)
            return _value(_vocabulary(self._handle)[i], v)

    def is_given(self, name):
        """True when the fact was set (or given as unknown) since the last clear."""
        with self._lock:
            return bool(lib.medrule_facts_is_given(self._ptr, self._index(name)))

    def load(self, facts, *, allow_extra=False):
        """Replaces every fact with those of a fact file (dict or JSON text)."""
        with self._lock:
            text = _facts_text(facts, self._source)
            rc = lib.medrule_facts_load_json(self._ptr, text, len(text), _encode(self._source, "source"), 1,
                                             L.ALLOW_EXTRA if allow_extra else 0)
            if rc != L.OK:
                raise _fact_error(self._ptr, rc, self._source)

    def clear(self):
        """Forgets every fact, error and warning (the source name too)."""
        with self._lock:
            lib.medrule_facts_clear(self._ptr)
            self._source = None

    @property
    def errors(self):
        with self._lock:
            return [_text(lib.medrule_facts_error(self._ptr, i)) for i in range(lib.medrule_facts_error_count(self._ptr))]

    @property
    def warnings(self):
        with self._lock:
            return [_text(lib.medrule_facts_warning(self._ptr, i))
                    for i in range(lib.medrule_facts_warning_count(self._ptr))]

    def evaluate(self):
        """pack.evaluate(self): a Result."""
        return self._pack.evaluate(self)

    def check(self):
        """pack.check(self): the contract §3 dict."""
        return self._pack.check(self)


class _Locked:
    """`with facts._using(pack) as ptr`: the fact set's pointer, under its lock."""
    __slots__ = ("facts",)

    def __init__(self, facts):
        self.facts = facts

    def __enter__(self):
        self.facts._lock.acquire()
        return self.facts._ptr

    def __exit__(self, *exc):
        self.facts._lock.release()


def library_version():
    """The version of libmedrule actually loaded ("0.2.0")."""
    return _text(lib.medrule_libversion())
