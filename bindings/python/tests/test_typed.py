"""The structured side: pack metadata, facts set one by one, Result objects."""
import json

import pytest

import medrule
from conftest import DEMO, KETAMINE, PACKS, ROOT, cli_check


@pytest.fixture(scope="module")
def pack():
    with medrule.Pack(str(KETAMINE)) as p:
        yield p


@pytest.fixture(scope="module")
def demo():
    with medrule.Pack(str(DEMO)) as p:
        yield p


def test_pack_metadata_is_the_results(pack):
    r = pack.check({"patient": {"weight": "70 kg"}})
    assert (pack.id, pack.version, pack.digest) == (r["pack"]["id"], r["pack"]["version"], r["pack"]["digest"])
    assert pack.digest.startswith("sha256:") and pack.dir == str(KETAMINE)
    assert pack.title and pack.packs[0].scale == "USPSTF (July 2012)"
    assert [g for g, _ in pack.packs[0].grades] == ["A", "B", "C", "D", "I"]
    assert "asra-ketamine-2018" in repr(pack)


@pytest.mark.parametrize("pack_dir", PACKS, ids=[p.name for p in PACKS])
def test_rules_and_facts_match_describe(pack_dir):
    with medrule.Pack(str(pack_dir)) as p:
        d = p.describe()
        assert [r.id for r in p.rules] == [r["id"] for r in d["rules"]]
        for rule, j in zip(p.rules, d["rules"]):
            assert (rule.category, rule.action, rule.effect, rule.grade, rule.certainty, rule.text) == \
                   (j["category"], j["action"], j["effect"], j["grade"], j["certainty"], j["text"])
            assert (rule.file, rule.line) == (j["file"], j["line"])
            assert [x.id for x in rule.judgments] == [x["id"] if isinstance(x, dict) else x for x in j["judgments"]]
            assert p.rule(rule.id) is rule
        assert [f.name for f in p.facts] == [f["name"] for f in d["facts"]]
        for fact, j in zip(p.facts, d["facts"]):
            assert (fact.type, fact.unit, fact.per, fact.computed, fact.description) == \
                   (j["type"], j["unit"], j["per"], j["computed"], j["description"])
            assert list(fact.codes) == (j["values"] or [])
            assert (list(fact.range) if fact.range else None) == j["range"]
        with pytest.raises(KeyError):
            p.rule("no.such.rule")
        assert isinstance(p.lint(), list)


def test_judgments_and_ranges(demo):
    rule = demo.rule("demo.dosing.rate_high")
    assert rule.judgments == (medrule.Judgment("AMB-03", "Demo judgment.", ("a", "b")),)
    assert rule.grade == "C" and rule.effect == "caution"
    assert demo.rule("demo.dosing.total_low").grade is None
    w = demo.fact("patient.weight")
    assert (w.type, w.unit, w.range) == ("quantity", "kg", (2.0, 400.0))
    assert demo.fact("pain.conditions").codes == ("crps", "fibromyalgia", "other")
    assert demo.fact("response.pain_reduction").computed


def _leaves(pack, facts, prefix=""):
    names = {f.name for f in pack.facts}
    for k, v in facts.items():
        name = prefix + k
        if name in names:
            yield name, v
        else:
            yield from _leaves(pack, v, name + ".")


EXAMPLES = sorted(p for p in (ROOT / "examples" / "patients").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_facts_set_one_by_one_equal_the_file(pack, path):
    data = json.loads(path.read_text())
    try:
        want = pack.check(data, source=path.name)
    except medrule.FactError:
        pytest.skip("not a plain fact file")
    facts = pack.new_facts(source=path.name)
    for name, value in _leaves(pack, data):
        facts.set(name, value)
    assert facts.errors == []
    assert pack.check(facts) == want
    assert facts.check() == want
    r = facts.evaluate()
    assert r.disposition == want["disposition"] and r.fired == tuple(x["id"] for x in want["recommendations"])


def test_typed_setters(demo):
    f = demo.new_facts()
    f.set("patient.weight", 80)
    assert f.get("patient.weight") == medrule.Quantity(80.0, "kg")
    assert str(f.get("patient.weight")) == "80 kg"
    f.set_quantity("plan.infusion_rate", 7, "ug/kg/min")
    assert f.get("plan.infusion_rate").value == pytest.approx(0.42)
    assert f.get("plan.infusion_rate").unit == "mg/kg/h"
    f.set("patient.weight", "176.37 [lb_av]")
    assert f.get("patient.weight").value == pytest.approx(80, abs=1e-3)
    f.set("patient.age", {"value": 40, "unit": "a"})
    assert f.get("patient.age").value == 40
    f.set_codes("pain.conditions", ["fibromyalgia", "crps"])
    assert f.get("pain.conditions") == ("crps", "fibromyalgia")  # declared order
    f.set("history.liver_disease", "moderate")
    assert f.get("history.liver_disease") == "moderate"
    f.set("patient.pregnant", False)
    assert f.get("patient.pregnant") is False
    f.set("patient.id", "p-17")
    f.set("response.pain_before", 8)
    assert f.get("response.pain_before") == 8.0
    assert f.get("response.pain_after") is None and not f.is_given("response.pain_after")
    f.set_unknown("patient.pregnant")
    assert f.get("patient.pregnant") is None and f.is_given("patient.pregnant")
    r = demo.evaluate(f)
    assert r.patient_id == "p-17" and "demo.indication.crps" in r.fired
    assert "patient.pregnant" in r.missing_facts
    crps = r.recommendations[r.fired.index("demo.indication.crps")]
    assert crps.because == (medrule.Because("pain.conditions", ("crps", "fibromyalgia")),)
    assert f.errors == []


def test_dose_waits_for_the_weight(demo):
    f = demo.new_facts()
    f.set("plan.infusion_rate", "40 mg/h")
    assert f.get("plan.infusion_rate") is None  # waits for patient.weight
    f.set("patient.weight", "80 kg")
    assert f.get("plan.infusion_rate") == medrule.Quantity(0.5, "mg/kg/h")


def test_typed_errors_change_nothing(demo):
    f = demo.new_facts(source="ehr")
    f.set_codes("pain.conditions", ["crps"])
    with pytest.raises(medrule.FactError) as e:
        f.set("pain.conditions", ["crsp"])
    assert "did you mean 'crps'" in str(e.value) and str(e.value).startswith("ehr: pain.conditions: ")
    assert f.get("pain.conditions") == ("crps",)
    with pytest.raises(medrule.FactError) as e:
        f.set("patient.wieght", 70)
    assert e.value.status == "MEDRULE_NOTFOUND" and "did you mean 'patient.weight'" in str(e.value)
    with pytest.raises(medrule.FactError) as e:
        f.set("patient.weight", 900)
    assert "plausible range" in str(e.value)
    with pytest.raises(medrule.FactError):
        f.set("patient.pregnant", "yes please")
    with pytest.raises(medrule.FactError):
        f.set("response.pain_reduction", 50)  # computed by the pack
    with pytest.raises(medrule.FactError):
        f.set_quantity("patient.weight", 70, "mg/h")  # wrong dimension
    assert len(f.errors) == 6  # errors accumulate until clear()
    f.clear()
    assert f.errors == [] and f.get("pain.conditions") is None and f.source is None


def test_code_in_another_case_warns(pack):
    f = pack.new_facts()
    f.set("plan.route", "IV")
    assert f.get("plan.route") == "iv"
    assert f.warnings and "iv" in f.warnings[0]


def test_facts_of_another_pack(pack, demo):
    f = demo.new_facts()
    with pytest.raises(medrule.Error) as e:
        pack.check(f)
    assert e.value.status == "MEDRULE_MISUSE"


def test_facts_load(demo):
    f = demo.new_facts(source="x.json")
    f.load({"patient": {"weight": "70 kg", "pregnant": True}})
    assert f.get("patient.pregnant") is True
    assert demo.evaluate(f).disposition == "do_not_proceed"
    with pytest.raises(medrule.FactError) as e:
        f.load('{"patient": {"weight": 70,}}')
    assert str(e.value).startswith("x.json:1:")
    assert f.get("patient.pregnant") is None  # a failed load leaves nothing


def test_evaluate_equals_check_including_runtime_warnings(demo):
    # the demo pack has a Lua-function rule; evaluate and check agree on it
    facts = {"patient": {"weight": "70 kg"}, "pain": {"conditions": ["crps"]},
             "response": {"pain_before": 8, "pain_after": 2}}
    d = demo.check(facts, source="<stdin>:1")
    assert d == cli_check(DEMO, [facts])[0][0]
    r = demo.evaluate(facts, source="<stdin>:1")
    assert r.disposition == d["disposition"] and list(r.warnings) == d["warnings"]
