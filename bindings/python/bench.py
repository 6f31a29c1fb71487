"""Per-record cost of the Python binding against `medrule check --format json`.

    python3 bindings/python/bench.py PACK_DIR PATIENTS.ndjson [MEDRULE_PROGRAM]

Times, on the same NDJSON records: the command line writing to /dev/null
(the baseline), pack.check_many over the file's lines, and where the
binding's time goes (the engine called through ctypes with the rendered
JSON left as bytes; json.loads of those bytes; pack.check on dicts, which
adds json.dumps of the input; the cost of one ctypes call).  Each figure is
the best of REPEAT (default 3) runs."""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import medrule  # noqa: E402
from medrule import _pack  # noqa: E402


REPEAT = int(os.environ.get("REPEAT", "3"))


def timed(label, n, fn, baseline=None):
    """The best of REPEAT runs (the machine may be busy with other work)."""
    dt = float("inf")
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = fn()
        dt = min(dt, time.perf_counter() - t0)
    extra = "" if baseline is None else "  (%+.1f us/record over the command line)" % ((dt - baseline) / n * 1e6)
    print("%-58s %6.3f s  %8.0f records/s  %6.1f us/record%s" % (label, dt, n / dt, dt / n * 1e6, extra))
    return dt, out


def drain(results):
    """Consumes results one by one, as a streaming host does (keeping them all
    alive makes Python's cyclic GC walk millions of objects: see the last line)."""
    k = 0
    for _ in results:
        k += 1
    return k


def main():
    pack_dir, path = sys.argv[1], sys.argv[2]
    program = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "..", "build",
                                                                  "medrule")
    with open(path, "rb") as f:
        lines = f.readlines()
    n = len(lines)
    print("%d records, %.0f bytes each on average; library %s" % (n, sum(map(len, lines)) / n, medrule.library_path))
    with open(os.devnull, "wb") as null:
        base, _ = timed("medrule check --format json FILE > /dev/null", n, lambda: subprocess.run(
            [program, "check", "--pack", pack_dir, "--format", "json", path], stdout=null, check=False))
    pack = medrule.Pack(pack_dir)
    pack.check(lines[0])  # the pack is open and warm: what is left is per record
    timed("pack.check_many(open(FILE, 'rb'))  [includes pack load]", n,
          lambda: drain(medrule.Pack(pack_dir).check_many(open(path, "rb"))), base)
    timed("pack.check_many(lines)  [pack already open]", n, lambda: drain(pack.check_many(lines)), base)

    # The same engine work with the rendered JSON kept as bytes, not parsed.
    s = _pack._Scratch(pack._handle)

    def engine_only():
        out = []
        for i, line in enumerate(lines, 1):
            src = "<input>:%d" % i
            s.load(line, src, src.encode(), i, 0)
            s.evaluate(s.facts)
            lib = _pack.lib
            lib.medrule_result_render(s.result, None, s.out_ref, s.len_ref)
            out.append(_pack.string_at(s.out.value, s.out_len.value))
        return out
    _, rendered = timed("  of which: load + evaluate + render via ctypes, bytes out", n, engine_only)
    print("  (rendered JSON: %.0f bytes per result on average)" % (sum(map(len, rendered)) / n))
    timed("  of which: json.loads of the rendered results", n, lambda: drain(json.loads(b) for b in rendered))
    dicts = [json.loads(line) for line in lines]
    timed("pack.check(dict) for each record  [adds json.dumps]", n, lambda: drain(pack.check(d) for d in dicts), base)
    timed("pack.evaluate(dict) -> Result  [structured, no JSON out]", n, lambda: drain(pack.evaluate(d) for d in dicts),
          base)
    del dicts
    f = _pack.lib.medrule_libversion_number
    calls = 10 ** 6
    timed("one ctypes call (medrule_libversion_number), x 1,000,000", calls, lambda: [f() for _ in range(calls)])
    timed("list(pack.check_many(lines))  [all 20,000 dicts kept]", n, lambda: list(pack.check_many(lines)), base)


if __name__ == "__main__":
    main()
