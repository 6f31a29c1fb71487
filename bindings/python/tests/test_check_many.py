"""check_many: in order, equal to the command line on NDJSON, error records in
place or raised, every kind of item."""
import json

import pytest

import medrule
from conftest import KETAMINE, cli_check
from patients import make_patients, ndjson_lines


@pytest.fixture(scope="module")
def pack():
    with medrule.Pack(str(KETAMINE)) as p:
        yield p


@pytest.fixture(scope="module")
def records(pack):
    return make_patients(pack, 600, seed=7, bad_every=40)


def test_ndjson_lines_equal_cli(pack, records):
    lines = ndjson_lines(records)
    want, status = cli_check(KETAMINE, [line.decode().rstrip("\n") for line in lines])
    assert status == 1  # some records failed
    got = list(pack.check_many(lines, source="<stdin>"))
    # one result per line, a blank line included (an error record)
    assert len(got) == len(want) == len(lines)
    assert got == want
    errors = [r for r in got if "error" in r]
    assert len(errors) == 15
    assert sum("the line is blank" in r["error"] for r in errors) == 3
    assert all(r["contract"] == 1 and r["patient"]["id"] is None for r in errors)
    assert any("<stdin>:80:23: trailing comma" in r["error"] for r in errors)
    # in order: the patient ids come back in input order
    ids = [r["patient"]["id"] for r in got if "error" not in r]
    assert ids == [r.get("patient", {}).get("id") for r in records if isinstance(r, dict)]
    assert len(set(ids)) > 400


def test_items_of_every_kind(pack, records):
    good = [r for r in records if isinstance(r, dict)][:50]
    as_dicts = list(pack.check_many(good))
    as_text = list(pack.check_many(json.dumps(r) for r in good))
    as_bytes = list(pack.check_many(json.dumps(r).encode() for r in good))
    assert as_dicts == as_text == as_bytes
    assert [r["patient"]["source"] for r in as_dicts[:3]] == ["<input>:1", "<input>:2", "<input>:3"]
    assert as_dicts[7] == pack.check(good[7], source="<input>:8")


def test_file_opened_in_binary_mode(pack, records, tmp_path):
    path = tmp_path / "patients.ndjson"
    path.write_bytes(b"".join(ndjson_lines(records[:120])))
    want, _ = cli_check(KETAMINE, [line.rstrip("\n") for line in path.read_text().splitlines()])
    with open(path, "rb") as f:
        assert list(pack.check_many(f, source="<stdin>")) == want


def test_errors_raise(pack, records):
    it = pack.check_many(records, errors="raise")
    got = []
    with pytest.raises(medrule.FactError) as e:
        for r in it:
            got.append(r)
    assert len(got) == 39  # the 40th record is the first bad one
    assert e.value.source == "<input>:40"
    assert "did you mean 'patient.weight'" in str(e.value)
    with pytest.raises(ValueError):
        pack.check_many(records, errors="ignore")


def test_lazy_and_independent(pack, records):
    good = [r for r in records if isinstance(r, dict)]
    a = pack.check_many(good)
    b = pack.check_many(reversed(good))
    first_a, first_b = next(a), next(b)
    assert first_a["patient"]["id"] == good[0]["patient"]["id"]
    assert first_b["patient"]["id"] == good[-1]["patient"]["id"]
    # a check() in between does not disturb either iterator
    pack.check(good[3])
    assert next(a)["patient"]["id"] == good[1]["patient"]["id"]
    assert next(b)["patient"]["id"] == good[-2]["patient"]["id"]


def test_blank_lines_are_records(pack):
    items = [b"\n", "  \t", {"patient": {"weight": "70 kg"}}, b" \r\n"]
    got = list(pack.check_many(items, source="<stdin>"))
    want, _ = cli_check(KETAMINE, ["", "  \t", items[2], " \r"])
    assert got == want
    assert [r["patient"]["source"] for r in got] == ["<stdin>:1", "<stdin>:2", "<stdin>:3", "<stdin>:4"]
    assert "error" not in got[2] and all("blank" in got[i]["error"] for i in (0, 1, 3))
    with pytest.raises(medrule.FactError) as e:
        list(pack.check_many(items, errors="raise"))
    assert e.value.source == "<input>:1" and "blank" in str(e.value)


def test_wrong_item_type(pack):
    with pytest.raises(TypeError):
        list(pack.check_many([{"patient": {}}, 42]))
