#!/usr/bin/env python3
"""peak_rss.py MEDRULE PACK N... -- for each N, N generated records
(bench/gen-patients.lua) streamed through a pipe into
`medrule check --pack PACK --format screen -j 1 -`, the output thrown away;
prints the records per second and medrule's peak resident memory (its own
getrusage, from wait4, not the generator's).  Streaming means the peak is
flat: the same for 10^4 records as for 10^6."""
import os
import subprocess
import sys
import time


def run(medrule, pack, n, fmt):
    gen = subprocess.Popen(["lua5.4", os.path.join(os.path.dirname(__file__), "gen-patients.lua"), str(n)],
                           stdout=subprocess.PIPE)
    t0 = time.monotonic()
    with open(os.devnull, "wb") as null:
        m = subprocess.Popen([medrule, "check", "--pack", pack, "--format", fmt, "-j", "1", "-"],
                             stdin=gen.stdout, stdout=null)
    gen.stdout.close()
    _, status, usage = os.wait4(m.pid, 0)
    t = time.monotonic() - t0
    gen.wait()
    if status != 0 or gen.returncode != 0:
        sys.exit("peak_rss: medrule exited with status %d, the generator with %d" % (status, gen.returncode))
    return usage.ru_maxrss, t


def main():
    medrule, pack, counts = sys.argv[1], sys.argv[2], [int(a) for a in sys.argv[3:]]
    for n in counts:
        kb, t = run(medrule, pack, n, "screen")
        print("peak memory, %8d records streamed (--format screen, -j 1): %6d KB  (%.1f s, the generator's pace)"
              % (n, kb, t))


if __name__ == "__main__":
    main()
