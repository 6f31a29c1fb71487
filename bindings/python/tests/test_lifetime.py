"""A pack outlives everything made for it; close() and `with` are safe in any order."""
import gc
import os
import weakref

import pytest

import medrule
from conftest import DEMO

FACTS = {"patient": {"weight": "70 kg"}, "pain": {"conditions": ["crps"]}}


def test_with_closes():
    with medrule.Pack(str(DEMO)) as p:
        h = weakref.ref(p._handle)
        assert p.check(FACTS)["disposition"]
    assert p.closed and h() is None  # nothing else held it: the engine's pack is freed now
    with pytest.raises(medrule.Error) as e:
        p.check(FACTS)
    assert e.value.status == "MEDRULE_MISUSE" and "closed" in str(e.value)
    with pytest.raises(medrule.Error):
        p.new_facts()
    p.close()  # twice is fine
    assert "closed" in repr(p)


def test_objects_keep_the_pack_alive():
    p = medrule.Pack(str(DEMO))
    want = p.check(FACTS, source="<input>:1")
    h = weakref.ref(p._handle)
    facts = p.new_facts()
    it = p.check_many([FACTS, FACTS])
    assert next(it) == want
    p.close()
    del p
    gc.collect()
    assert h() is not None  # facts and the iterator still need it
    facts.set("patient.weight", 70)  # still works
    assert facts.get("patient.weight").value == 70
    assert next(it)["disposition"] == want["disposition"]
    del it
    gc.collect()
    assert h() is not None
    del facts
    gc.collect()
    assert h() is None  # the last one gone: the pack is closed


def test_pack_dropped_without_close():
    p = medrule.Pack(str(DEMO))
    h = weakref.ref(p._handle)
    p.check(FACTS)
    del p
    gc.collect()
    assert h() is None


def test_results_are_plain_values():
    with medrule.Pack(str(DEMO)) as p:
        r = p.evaluate(FACTS)
        d = p.check(FACTS)
    # both survive the pack
    assert r.disposition == d["disposition"] and r.recommendations[0].rule.id == "demo.indication.crps"


def _rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def test_many_packs_and_checks_do_not_leak():
    # Open, check and close repeatedly: the resident size stays flat.  A pack
    # (about 30 KiB for the demo pack) or an evaluator not freed per round
    # would add several MiB over 200 rounds.
    for _ in range(20):
        with medrule.Pack(str(DEMO)) as p:
            p.check(FACTS)
    before = _rss_kib()
    for _ in range(200):
        with medrule.Pack(str(DEMO)) as p:
            for r in p.check_many([FACTS] * 5):
                assert r["disposition"]
            p.evaluate(FACTS)
            f = p.new_facts()
            f.set("patient.weight", 70)
            with pytest.raises(medrule.FactError):
                f.set("patient.wieght", 70)
    assert _rss_kib() - before < 2048


def test_many_checks_do_not_leak():
    with medrule.Pack(str(DEMO)) as p:
        for _ in range(500):
            p.check(FACTS)
        before = _rss_kib()
        for _ in range(10000):
            p.check(FACTS)
            with pytest.raises(medrule.FactError):
                p.check({"patient": {"wieght": 1}})
        assert _rss_kib() - before < 2048
