"""Patients made up from a pack's own vocabulary, for the tests that need
many of them (the check_many, threads and speed tests)."""
import json
import random


def _put(record, name, value):
    *groups, leaf = name.split(".")
    for g in groups:
        record = record.setdefault(g, {})
    record[leaf] = value


def _value(fact, rng):
    if fact.type == "boolean":
        return rng.random() < 0.25
    if fact.type == "code":
        return rng.choice(fact.codes)
    if fact.type == "codes":
        return rng.sample(fact.codes, rng.randint(0, min(2, len(fact.codes))))
    if fact.type == "string":
        return "p%06d" % rng.randrange(10 ** 6)
    lo, hi = fact.range or (0, 100)
    hi = min(hi, lo + 200)
    x = round(rng.uniform(lo, hi), 2)
    if fact.type == "quantity" and rng.random() < 0.5 and fact.unit.replace("/", "").isalpha():
        return "%g %s" % (x, fact.unit)  # text with its unit, else the number in the canonical unit
    return x


def make_patients(pack, n, seed=7, bad_every=0):
    """n fact-file dicts over pack.facts (each fact absent one time in six).
    With bad_every=k, every k-th record is replaced by broken input (a
    misspelt fact, bad JSON, a blank line), as text."""
    rng = random.Random(seed)
    facts = [f for f in pack.facts if not f.computed and not f.derive]
    out = []
    broken = ['{"patient": {"wieght": 70}}', '{"patient": {"age": 40,}}', "", '{"pain": {"conditions": ["crsp"]}}',
              '[1, 2]', '{"patient": {"age": "forty"}, "plan": {"infusion_rate": "fast"}}']
    for i in range(n):
        if bad_every and i % bad_every == bad_every - 1:
            out.append(broken[(i // bad_every) % len(broken)])
            continue
        record = {}
        for f in facts:
            if rng.random() < 1 / 6:
                continue
            _put(record, f.name, _value(f, rng))
        out.append(record)
    return out


def ndjson_lines(records):
    """The records as the bytes lines of an NDJSON file."""
    return [(r if isinstance(r, str) else json.dumps(r)).encode() + b"\n" for r in records]
