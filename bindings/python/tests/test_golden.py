"""pack.check() against the command line on every golden patient of every
pack under rules/ (the ketamine and demo packs among them): the dicts must be
equal, error records included."""
import pytest

import medrule
from conftest import DEMO, KETAMINE, PACKS, cli_check, golden_cases

FILES = [(pack, name) for pack in PACKS for name in sorted({n for n, _ in golden_cases(pack)})]


def test_the_required_packs_are_there():
    assert KETAMINE in PACKS and DEMO in PACKS
    assert {p.name for p, _ in FILES} >= {KETAMINE.name, DEMO.name}


def cases_of(pack_dir, name):
    return [c for n, c in golden_cases(pack_dir) if n == name]


@pytest.mark.parametrize("pack_dir,name", FILES, ids=["%s/%s" % (p.name, n) for p, n in FILES])
def test_check_equals_cli(pack_dir, name):
    cases = cases_of(pack_dir, name)
    assert cases
    want, _ = cli_check(pack_dir, [c["facts"] for c in cases])
    assert len(want) == len(cases)
    with medrule.Pack(str(pack_dir)) as pack:
        for n, (case, expected) in enumerate(zip(cases, want), 1):
            source = "<stdin>:%d" % n  # what the command line names record n of standard input
            if "error" in expected:
                with pytest.raises(medrule.FactError) as e:
                    pack.check(case["facts"], source=source)
                assert e.value.message == expected["error"], case["name"]
                assert e.value.source == source
                assert "\n".join(e.value.errors) == expected["error"]
                assert "error" in case.get("expect", {}), case["name"]  # only cases meant to fail
            else:
                assert pack.check(case["facts"], source=source) == expected, case["name"]
        # the whole file through check_many, error records in place
        assert list(pack.check_many([c["facts"] for c in cases], source="<stdin>")) == want


def _plain(v):
    """A structured value the way the JSON result writes it."""
    if isinstance(v, medrule.Quantity):
        return v.value
    if isinstance(v, tuple):
        return list(v)
    return v


@pytest.mark.parametrize("pack_dir,name", FILES, ids=["%s/%s" % (p.name, n) for p, n in FILES])
def test_structured_result_matches_json(pack_dir, name):
    with medrule.Pack(str(pack_dir)) as pack:
        for case in cases_of(pack_dir, name):
            try:
                d = pack.check(case["facts"], source="golden")
            except medrule.FactError:
                continue
            r = pack.evaluate(case["facts"], source="golden")
            assert r.disposition == d["disposition"]
            assert r.patient_id == d["patient"]["id"] and r.source == "golden"
            assert [list(x) for x in r.reasons] == [[x["rule"], x["state"], x["effect"]]
                                                    for x in d["disposition_reasons"]]
            assert len(r.recommendations) == len(d["recommendations"])
            for rec, j in zip(r.recommendations, d["recommendations"]):
                assert rec.id == j["id"] == rec.rule.id
                assert (rec.rule.category, rec.rule.action, rec.rule.effect, rec.rule.grade, rec.rule.certainty,
                        rec.rule.text) == (j["category"], j["action"], j["effect"], j["grade"], j["certainty"],
                                           j["text"])
                assert rec.rule.document == j["source"]["document"]
                assert [[b.fact, _plain(b.value)] for b in rec.because] == \
                       [[b["fact"], b["value"]] for b in j["because"]], case["name"]
            assert [[u.rule, list(u.missing)] for u in r.unknown] == [[u["rule"], u["missing"]] for u in d["unknown"]]
            assert list(r.missing_facts) == d["missing_facts"]
            assert list(r.warnings) == d["warnings"]
