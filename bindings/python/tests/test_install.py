"""`make install` into a fresh prefix: the package imported from there (no
build tree on the path) finds the installed library by itself, and answers
like the installed program; `make uninstall` removes it."""
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT

PROBE = """
import json, sys
import medrule
pack = medrule.Pack(sys.argv[1])
print(json.dumps({"file": medrule.__file__, "library": medrule.library_path, "path": sys.path,
                  "result": pack.check(json.load(open(sys.argv[2])), source=sys.argv[2])}))
"""


def make(*args):
    # A plain build, as tests/install installs: not the caller's make variables
    # nor its BUILD (make check's sanitizer build is not for installing).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "BUILD")}
    proc = subprocess.run(["make", "-s", "--no-print-directory", *args], cwd=ROOT, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    assert proc.returncode == 0, proc.stdout.decode()[-2000:]


def outside_python(site, cwd, *args, **extra_env):
    env = {k: v for k, v in os.environ.items() if k not in ("MEDRULE_LIBRARY", "PYTHONPATH")}
    env.update(PYTHONPATH=str(site), **extra_env)
    return subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    p = tmp_path_factory.mktemp("prefix")
    make("install", "PREFIX=%s" % p)
    return p


def site_of(prefix):
    sites = list(prefix.glob("lib/python3*/dist-packages"))
    assert len(sites) == 1, sites
    return sites[0]


def test_installed_package_finds_the_installed_library(prefix, tmp_path):
    site = site_of(prefix)
    assert sorted(p.name for p in (site / "medrule").iterdir()) == ["__init__.py", "_lib.py", "_pack.py", "dask.py"]
    patient = ROOT / "examples" / "patients" / "ecg-pending.json"
    proc = outside_python(site, tmp_path, str(prefix / "share/medrule/packs/asra-ketamine-2018"), str(patient))
    assert proc.returncode == 0, proc.stderr.decode()
    got = json.loads(proc.stdout)
    assert got["file"].startswith(str(site))
    assert os.path.realpath(got["library"]) == os.path.realpath(prefix / "lib" / "libmedrule.so.0")
    assert not any(str(ROOT) in p for p in got["path"])  # no build tree on the path
    cli = subprocess.run([str(prefix / "bin" / "medrule"), "check", "--format", "json", str(patient)],
                         stdout=subprocess.PIPE, check=True)
    assert got["result"] == json.loads(cli.stdout)


def test_medrule_library_wins_and_is_checked(prefix, tmp_path):
    site = site_of(prefix)
    pack = str(prefix / "share/medrule/packs/asra-ketamine-2018")
    patient = str(ROOT / "examples" / "patients" / "crps-healthy.json")
    other = tmp_path / "elsewhere"
    other.mkdir()
    os.symlink(prefix / "lib" / "libmedrule.so.0", other / "libmedrule.so.0")
    proc = outside_python(site, tmp_path, pack, patient, MEDRULE_LIBRARY=str(other / "libmedrule.so.0"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["library"] == str(other / "libmedrule.so.0")
    proc = outside_python(site, tmp_path, pack, patient, MEDRULE_LIBRARY=str(tmp_path / "nope.so"))
    assert proc.returncode != 0
    assert b"MEDRULE_LIBRARY=" in proc.stderr and b"cannot be loaded" in proc.stderr


def test_debian_layout_with_destdir_and_uninstall(tmp_path):
    stage = tmp_path / "stage"
    make("install", "PREFIX=/usr", "DESTDIR=%s" % stage)
    site = stage / "usr/lib/python3/dist-packages"
    assert (site / "medrule" / "__init__.py").is_file()
    proc = outside_python(site, tmp_path, str(stage / "usr/share/medrule/packs/asra-ketamine-2018"),
                          str(ROOT / "examples" / "patients" / "crps-healthy.json"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["library"] == str(stage / "usr/lib/libmedrule.so.0")
    make("uninstall", "PREFIX=/usr", "DESTDIR=%s" % stage)
    assert not (stage / "usr/lib/python3").exists()
    left = [str(p.relative_to(stage)) for p in stage.rglob("*") if not p.is_dir()]
    assert left == []
