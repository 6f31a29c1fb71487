"""medrule.dask on a local distributed cluster (a scheduler and 2 worker
processes, loopback only): 100,000 generated patients with malformed lines at
known places give, byte for byte, what `medrule check --format json` prints."""
import filecmp
import json
import os
import subprocess
import sys

import pytest

from conftest import DEMO, KETAMINE, MEDRULE, ROOT

import medrule
import medrule.dask as md

N = 100_000
TIMEOUT = 90  # seconds for any one result: a dead or stuck worker fails the test instead of hanging it
# Line number (from 1) -> what replaces it: truncated JSON, a blank line,
# not JSON, a wrong type, trailing blanks after a truncation, the last line.
BAD = {1: b'{"patient": ', 777: b"", 50_000: b"not json", 50_001: b'{"patient": {"weight": true}}',
       99_998: b'{"patient": {  \t\r', N: b"[]"}


def generate(n, path):
    """n generated patients: the shared bench generator beside the clone when
    there is one, else the tree's own (bench/gen-patients.lua)."""
    shared = ROOT.parent / "shared" / "bench" / "gen_patients.py"
    if shared.is_file():
        argv = [sys.executable, str(shared), str(n), "2018"]
    else:
        argv = ["lua5.4", str(ROOT / "bench" / "gen-patients.lua"), str(n)]
    with open(path, "wb") as f:
        subprocess.run(argv, stdout=f, check=True, cwd=ROOT)


@pytest.fixture(scope="module")
def patients(tmp_path_factory):
    """(the NDJSON file, the CLI's output for it as a file)."""
    d = tmp_path_factory.mktemp("dask")
    good = d / "good.ndjson"
    generate(N, good)
    lines = good.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == N + 1
    for n, text in BAD.items():
        lines[n - 1] = text
    path = d / "patients.ndjson"
    path.write_bytes(b"\n".join(lines))
    good.unlink()
    expected = d / "cli.ndjson"
    with open(expected, "wb") as f:
        proc = subprocess.run([str(MEDRULE), "check", "--pack", str(KETAMINE), "--format", "json", str(path)],
                              stdout=f, stderr=subprocess.DEVNULL, check=False)
    assert proc.returncode == 1  # some records failed: the CLI's status for that
    return path, expected


@pytest.fixture(scope="module")
def client():
    import distributed  # Debian's python3-distributed: make test installs it
    # The workers are new processes: they import medrule from this tree.
    pythonpath = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "bindings" / "python"), pythonpath]))
    try:
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                      dashboard_address=None) as cluster, \
                distributed.Client(cluster) as c:
            yield c
    finally:
        if pythonpath is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = pythonpath


def test_cluster_matches_the_command_line(patients, client, tmp_path):
    path, expected = patients
    results = md.screen_files([str(path)], KETAMINE, blocksize="4MiB")
    assert results.npartitions > 10
    out = tmp_path / "results.ndjson"
    errors = md.write_ndjson(results, out, client=client, timeout=TIMEOUT)
    assert len(errors) == results.npartitions
    assert sum(errors) == len(BAD)
    assert errors[0] >= 1 and errors[-1] >= 1  # lines 1 and N
    assert filecmp.cmp(out, expected, shallow=False), "the cluster's output differs from medrule check's"
    with open(out, "rb") as f:
        for n, line in enumerate(f, 1):
            if n in BAD:
                record = json.loads(line)
                assert record["patient"]["source"] == "%s:%d" % (path, n) and "error" in record


def test_part_files_written_by_the_workers(patients, client, tmp_path):
    path, expected = patients
    parts = tmp_path / "parts"
    parts.mkdir()
    results = md.screen_files(str(path), [KETAMINE], blocksize="8MiB")
    errors = md.write_parts(results, parts, client=client, timeout=TIMEOUT)
    assert len(errors) == results.npartitions and sum(errors) == len(BAD)
    names = sorted(p.name for p in parts.iterdir())
    assert names == ["part-%06d.ndjson" % i for i in range(results.npartitions)]
    joined = tmp_path / "joined.ndjson"
    with open(joined, "wb") as out:
        for name in names:
            out.write((parts / name).read_bytes())
    assert filecmp.cmp(joined, expected, shallow=False), "the part files differ from medrule check's output"


def test_summary_and_error_counts(patients, client, tmp_path):
    """The first 20,000 lines as a dask.bag.read_text bag: error counts and
    dispositions, computed in one graph, against the CLI's output."""
    import dask.bag as db
    path, expected = patients
    head = tmp_path / "head.ndjson"
    with open(path, "rb") as f, open(head, "wb") as out:
        for _ in range(20_000):
            out.write(f.readline())
    bag = db.read_text(str(head), blocksize="4MiB")
    assert bag.npartitions > 3
    results = md.screen(bag, KETAMINE, source=str(path))
    counts, dispositions = [f.result(timeout=TIMEOUT) for f in
                            client.compute([md.error_counts(results), md.disposition_counts(results)])]
    want = {}
    with open(expected, "rb") as f:
        for _ in range(20_000):  # the disposition comes before any other "disposition" key (contract §3)
            line = f.readline()
            at = line.find(b'"disposition":"')
            key = "error" if at < 0 else line[at + 15:line.index(b'"', at + 15)].decode()
            want[key] = want.get(key, 0) + 1
    assert len(counts) == bag.npartitions and sum(counts) == 2 == want["error"]  # lines 1 and 777
    assert dict(dispositions) == want
    assert [c for _, c in dispositions] == sorted(want.values(), reverse=True)


def test_bag_of_dicts_in_order(client):
    import dask.bag as db
    records = [{"patient": {"id": "p%d" % i, "weight": "%d kg" % (50 + i)}, "pain": {"conditions": ["crps"]}}
               for i in range(40)]
    records[7] = {"patient": {"weight": "heavy"}}
    bag = db.from_sequence(records, npartitions=6).map(dict)  # map: partitions are lazy iterators
    results = md.screen(bag, [KETAMINE], output="dict", source="batch")
    got = client.compute(results).result(timeout=TIMEOUT)
    with medrule.Pack(KETAMINE) as pack:
        want = list(pack.check_many(records, source="batch"))
    assert got == want
    assert got[7]["patient"]["source"] == "batch:8" and "error" in got[7]
    assert got[39]["patient"]["id"] == "p39"


def test_lines_bag(tmp_path):
    """A bag from dask.bag.read_text: numbered across partitions as one file."""
    import dask.bag as db
    src = ROOT / "examples" / "patients" / "batch.ndjson"
    text = src.read_bytes() * 5 + b"\n   \n"
    path = tmp_path / "batch.ndjson"
    path.write_bytes(text)
    argv = [str(MEDRULE), "check", "--pack", str(DEMO), "--format", "json", str(path)]
    cli = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=False)
    want = cli.stdout.decode().splitlines()
    bag = db.read_text(str(path), blocksize=max(len(text) // 4, 1))
    assert bag.npartitions >= 3
    got = md.screen(bag, DEMO, source=str(path)).compute()
    assert got == want and "blank" in json.loads(got[-1])["error"]


def test_write_is_all_or_nothing(tmp_path):
    """A failing partition leaves no file (and no temporary one) behind."""
    import dask.bag as db
    results = db.from_sequence(["{}", 3], npartitions=2)  # 3 is not a result line
    out = tmp_path / "out.ndjson"
    with pytest.raises(TypeError):
        md.write_ndjson(results, out)
    assert list(tmp_path.iterdir()) == []


def test_importable_without_dask():
    code = ("import sys; sys.modules['dask'] = None\n"
            "import medrule.dask as md\n"
            "try:\n    md.screen_files('x', 'y')\n"
            "except ImportError as e:\n    print(e)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "bindings" / "python"))
    out = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                         check=True).stdout.decode()
    assert "python3-dask" in out


def test_pack_is_cached_per_process():
    a = md.worker_pack([str(KETAMINE)])
    assert md.worker_pack(str(KETAMINE)) is a
    assert md.worker_pack(DEMO) is not a
