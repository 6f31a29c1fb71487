"""Per-record cost of the Python binding against `medrule check --format json`.

    python3 bindings/python/bench.py PACK_DIR PATIENTS.ndjson [MEDRULE_PROGRAM]

Times, on the same NDJSON records: the command line writing to /dev/null
(the baseline), pack.check_many over the file's lines, and where the
binding's time goes (the engine called through ctypes with the rendered JSON
left as bytes; json.loads of those bytes; pack.check on dicts, which adds
json.dumps of the input; the cost of one ctypes call).  Times are CPU time
(user + system; the command line's from its rusage), which a machine busy
with other work disturbs much less than elapsed time.  The variants run in
turn, REPEAT (default 5) rounds, and each figure is its best round."""
import json
import os
import resource
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import medrule  # noqa: E402
from medrule import _pack  # noqa: E402

REPEAT = int(os.environ.get("REPEAT", "5"))


def drain(results):
    """Consumes results one by one, as a streaming host does (keeping them all
    alive makes Python's cyclic GC walk millions of objects: see the last line)."""
    k = 0
    for _ in results:
        k += 1
    return k


def main():
    pack_dir, path = sys.argv[1], sys.argv[2]
    program = sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                  "..", "..", "build", "medrule")
    with open(path, "rb") as f:
        lines = f.readlines()
    n = len(lines)
    dicts = [json.loads(line) for line in lines]
    pack = medrule.Pack(pack_dir)
    pack.check(lines[0])  # the pack is open and warm: what is left is per record
    s = _pack._Scratch(pack._handle)
    lib = _pack.lib
    rendered = []

    def cli():
        with open(os.devnull, "wb") as null:
            subprocess.run([program, "check", "--pack", pack_dir, "--format", "json", path], stdout=null, check=False)

    def engine_only():
        rendered.clear()
        for i, line in enumerate(lines, 1):
            src = "<input>:%d" % i
            s.load(line, src, src.encode(), i, 0)
            s.evaluate(s.facts)
            lib.medrule_result_render(s.result, None, s.out_ref, s.len_ref)
            rendered.append(_pack.string_at(s.out.value, s.out_len.value))

    f = lib.medrule_libversion_number
    calls = 10 ** 6
    variants = [
        ("medrule check --format json FILE > /dev/null", n, cli),
        ("pack.check_many(open(FILE, 'rb'))  [includes pack load]", n,
         lambda: drain(medrule.Pack(pack_dir).check_many(open(path, "rb")))),
        ("pack.check_many(lines)  [pack already open]", n, lambda: drain(pack.check_many(lines))),
        ("  of which: load + evaluate + render via ctypes, bytes out", n, engine_only),
        ("  of which: json.loads of the rendered results", n, lambda: drain(json.loads(b) for b in rendered)),
        ("pack.check(dict) for each record  [adds json.dumps]", n, lambda: drain(pack.check(d) for d in dicts)),
        ("pack.evaluate(dict) -> Result  [structured, no JSON out]", n,
         lambda: drain(pack.evaluate(d) for d in dicts)),
        ("one ctypes call (medrule_libversion_number), x 1,000,000", calls, lambda: [f() for _ in range(calls)]),
        ("list(pack.check_many(lines))  [all records' dicts kept]", n, lambda: len(list(pack.check_many(lines)))),
    ]
    def cpu():
        me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime

    best = [float("inf")] * len(variants)
    for _ in range(REPEAT):
        for k, (_, _, fn) in enumerate(variants):
            t0 = cpu()
            fn()
            best[k] = min(best[k], cpu() - t0)
    print("%d records, %.0f bytes each on average, %.0f bytes per result; library %s; best of %d rounds"
          % (n, sum(map(len, lines)) / n, sum(map(len, rendered)) / n, medrule.library_path, REPEAT))
    base = best[0]
    for (label, count, _), dt in zip(variants, best):  # CPU seconds
        extra = "" if count != n or dt == base else "  (%+.1f us/record over the command line)" % (
            (dt - base) / n * 1e6)
        print("%-58s %6.3f s  %8.0f /s  %6.1f us each%s" % (label, dt, count / dt, dt / count * 1e6, extra))


if __name__ == "__main__":
    main()
