"""Errors: the engine's messages, where and why, every error of a load, packs
that fail to load."""
import json
import shutil
import subprocess

import pytest

import medrule
from conftest import DEMO, KETAMINE, MEDRULE, cli_check


@pytest.fixture(scope="module")
def pack():
    with medrule.Pack(str(KETAMINE)) as p:
        yield p


def cli_file(pack_dir, path, *args):
    proc = subprocess.run([str(MEDRULE), "check", "--pack", str(pack_dir), "--format", "json", *args, str(path)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    return json.loads(proc.stdout), proc.returncode


def test_bad_json_has_line_and_column(pack, tmp_path):
    text = '{\n  "patient": {"weight": "70 kg",\n                "age": 40,}\n}\n'
    path = tmp_path / "p.json"
    path.write_text(text)
    with pytest.raises(medrule.FactError) as e:
        pack.check(text, source=str(path))
    assert str(e.value).startswith("%s:3:26: " % path)
    assert "trailing comma" in str(e.value)
    assert e.value.status == "MEDRULE_INPUT" and e.value.code == 6
    want, status = cli_file(KETAMINE, path)
    assert status == 1 and want["error"] == str(e.value)
    # bytes and str give the same
    with pytest.raises(medrule.FactError) as e2:
        pack.check(text.encode(), source=str(path))
    assert e2.value.errors == e.value.errors


def test_unknown_fact_suggests(pack):
    with pytest.raises(medrule.FactError) as e:
        pack.check({"patient": {"wieght": "70 kg"}}, source="p1")
    assert e.value.errors == ["p1: $.patient.wieght: unknown fact 'patient.wieght' (did you mean 'patient.weight'?; "
                              "--allow-extra ignores unknown names)"]
    assert e.value.source == "p1"
    assert isinstance(e.value, medrule.Error)


def test_allow_extra_is_the_clis(pack):
    facts = {"patient": {"wieght": "70 kg", "weight": "70 kg"}, "pain": {"conditions": ["crps"]}}
    r = pack.check(facts, source="<stdin>:1", allow_extra=True)
    assert any("patient.wieght" in w for w in r["warnings"])
    want, status = cli_check(KETAMINE, [facts], "--allow-extra")
    assert status == 0 and r == want[0]
    assert list(pack.check_many([facts], source="<stdin>", allow_extra=True)) == want


def test_several_errors_at_once(pack):
    facts = {"patient": {"age": "forty", "weight": "900 kg", "sex": "woman"},
             "plan": {"infusion_rate": "fast", "route": "iv"}, "history": {"psychosis": True}}
    with pytest.raises(medrule.FactError) as e:
        pack.check(facts, source="many.json")
    errors = e.value.errors
    assert len(errors) == 5
    assert str(e.value) == "\n".join(errors)
    assert all(x.startswith("many.json: ") for x in errors)
    assert any("patient.weight" in x for x in errors) and any("'woman'" in x for x in errors)
    want, _ = cli_check(KETAMINE, [facts])
    assert want[0]["error"].replace("<stdin>:1", "many.json") == str(e.value)


def test_at_most_twenty_errors(pack):
    facts = {"patient": {"x%02d" % i: 1 for i in range(30)}}
    with pytest.raises(medrule.FactError) as e:
        pack.check(facts)
    assert len(e.value.errors) == 20


def test_not_json_serialisable_and_wrong_types(pack):
    with pytest.raises(medrule.FactError) as e:
        pack.check({"patient": {"weight": float("nan")}}, source="nan")
    assert str(e.value).startswith("nan: the facts cannot be written as JSON")
    with pytest.raises(medrule.FactError):
        pack.check({"pain": {"conditions": {"crps"}}})  # a set
    with pytest.raises(TypeError):
        pack.check(42)
    with pytest.raises(medrule.FactError) as e:
        pack.check("")
    assert e.value.errors
    with pytest.raises(medrule.FactError) as e:
        pack.check("[1, 2]")
    assert "one JSON object" in str(e.value)


def _broken_pack(tmp_path, old, new):
    d = tmp_path / "broken"
    shutil.copytree(DEMO, d)
    src = (d / "pack.lua").read_text()
    assert old in src
    (d / "pack.lua").write_text(src.replace(old, new, 1))
    return d


def test_pack_that_fails_to_load(tmp_path):
    d = _broken_pack(tmp_path, 'when = "patient.pregnant"', 'when = "patient.pregnnat"')
    with pytest.raises(medrule.PackError) as e:
        medrule.Pack(str(d))
    msg = str(e.value)
    assert "pack.lua:" in msg and "demo.contraindication.pregnancy" in msg and "patient.pregnnat" in msg
    assert e.value.status == "MEDRULE_PACK"
    assert e.value.paths == (str(d),)
    proc = subprocess.run([str(MEDRULE), "check", "--pack", str(d), "-"], input=b"{}", capture_output=True)
    assert proc.returncode == 1 and msg in proc.stderr.decode()


def test_pack_with_lua_syntax_error(tmp_path):
    d = _broken_pack(tmp_path, 'title = "medrule demonstration pack",', 'title = "medrule demonstration pack"')
    with pytest.raises(medrule.PackError) as e:
        medrule.Pack(d)  # a path-like object
    assert "pack.lua:" in str(e.value)


def test_missing_pack():
    with pytest.raises(medrule.PackError) as e:
        medrule.Pack("/nonexistent/pack")
    assert "/nonexistent/pack/pack.lua" in str(e.value)


def test_several_packs():
    hocking = KETAMINE.parent / "hocking-2003"
    with medrule.Pack([str(KETAMINE), str(hocking)]) as pack:
        assert [p.id for p in pack.packs] == ["asra-ketamine-2018", "hocking-2003"]
        assert pack.packs[1].scale == "Hocking & Cousins 2003 levels I-IV"
        result = pack.check({"pain": {"conditions": ["crps"]}})
        assert result["pack"]["id"] == "asra-ketamine-2018"
        assert [p["primary"] for p in result["packs"]] == [True, False]
        crps = [d for d in result["disagreements"] if d["topic"] == "indication.crps"]
        assert [(s["pack"], s["grade"]) for s in crps[0]["statements"]] == [("asra-ketamine-2018", "B"),
                                                                            ("hocking-2003", "IV")]
    # a fact the two packs declare differently: the engine's own words, naming both
    with pytest.raises(medrule.PackError) as e:
        medrule.Pack([str(DEMO), str(KETAMINE)])
    assert e.value.status == "MEDRULE_PACK"
    assert e.value.paths == (str(DEMO), str(KETAMINE))
    assert "declared differently" in str(e.value) and "MEDRULE" not in str(e.value)
    # the demo pack's Lua-function condition: only a primary pack may have one
    with pytest.raises(medrule.PackError) as e:
        medrule.Pack([str(KETAMINE), str(DEMO)])
    assert "primary pack" in str(e.value)
    with pytest.raises(medrule.PackError) as e:
        medrule.Pack([])
    assert e.value.status == "MEDRULE_MISUSE"
    # a list of one is one pack
    with medrule.Pack([str(DEMO)]) as one:
        assert one.id == "demo" and len(one.packs) == 1


def test_pack_options_are_checked():
    for bad in ({"memory_limit": -1}, {"load_time_limit_ms": 1 << 32}, {"call_time_limit_ms": 1.5},
                {"memory_limit": True}):
        with pytest.raises(ValueError):
            medrule.Pack(str(DEMO), **bad)
    with pytest.raises(TypeError):
        medrule.Pack(str(DEMO), memory_limt=1 << 20)
    # a memory limit too small to load the pack is the engine's error
    with pytest.raises(medrule.PackError) as e:
        medrule.Pack(str(KETAMINE), memory_limit=64 * 1024)
    assert e.value.status == "MEDRULE_LIMIT" and "pack.lua" in str(e.value)
    with medrule.Pack(str(DEMO), memory_limit=32 << 20, load_time_limit_ms=5000, call_time_limit_ms=200) as p:
        assert p.check({"patient": {"weight": "70 kg"}})["disposition"]
