"""Shared paths and helpers of the binding's tests.

The tests import the package from this source tree and use the library and
program of the build being tested ($BUILD, default build/), the same one the
rest of `make test` uses.  With MEDRULE_TAP=FILE set (tests/python/run.sh
does), one TAP line per test is written to FILE."""
import json
import os
import pathlib
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[2]
BUILD = ROOT / os.environ.get("BUILD", "build")
MEDRULE = BUILD / "medrule"
KETAMINE = ROOT / "rules" / "asra-ketamine-2018"
DEMO = ROOT / "rules" / "demo"
# Every pack of the tree (the golden tests run on each of them).
PACKS = sorted(p.parent for p in (ROOT / "rules").glob("*/pack.lua"))

os.environ.setdefault("MEDRULE_LIBRARY", str(BUILD / "libmedrule.so.0"))
sys.path.insert(0, str(HERE.parent))


def cli_check(pack, records, *args):
    """`medrule check --pack PACK --format json -` on NDJSON records (dicts or
    text): the parsed output lines and the exit status."""
    text = "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)
    packs = [pack] if isinstance(pack, (str, os.PathLike)) else pack
    argv = [str(MEDRULE), "check"]
    for p in packs:
        argv += ["--pack", str(p)]
    argv += ["--format", "json", *args, "-"]
    proc = subprocess.run(argv, input=text.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    return [json.loads(line) for line in proc.stdout.decode().splitlines()], proc.returncode


def golden_cases(pack_dir):
    """(file name, case) for every golden patient of a pack."""
    out = []
    for f in sorted((pack_dir / "tests").glob("*.json")):
        cases = json.loads(f.read_text())
        for case in cases if isinstance(cases, list) else [cases]:
            out.append((f.name, case))
    return out


# ---------------------------------------------------------------- TAP

_tap = []


def pytest_runtest_logreport(report):
    if report.when == "call" or (report.when == "setup" and not report.passed) or \
            (report.when == "teardown" and report.failed):
        if report.passed:
            _tap.append("ok - %s" % report.nodeid)
        elif report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else "skipped"
            _tap.append("ok - %s # SKIP %s" % (report.nodeid, reason))
        else:
            _tap.append("not ok - %s" % report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    path = os.environ.get("MEDRULE_TAP")
    if path:
        with open(path, "w") as f:
            f.writelines(line + "\n" for line in _tap)
