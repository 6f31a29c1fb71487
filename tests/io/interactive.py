#!/usr/bin/env python3
"""Drives `medrule check --format json -` the way an interactive client does:
writes one record, waits (with a timeout) for its answer, then writes the
next.  A program that holds its answers until its input ends (or a buffer
fills) never answers, and this fails with a timeout instead of hanging.

usage: interactive.py MEDRULE PACK [nonblocking]
With "nonblocking", the program's standard input and output are pipes in
non-blocking mode, as some parents hand them over: it must wait, not fail.
Prints one line per step; exits 0 when every answer came in time and in
order, 1 otherwise."""
import fcntl
import os
import select
import subprocess
import sys
import time

TIMEOUT = 5.0


def read_line(fd, buf):
    """One line from fd within TIMEOUT seconds, or None."""
    deadline = time.monotonic() + TIMEOUT
    while b"\n" not in buf[0]:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 65536)
        if not chunk:
            return None
        buf[0] += chunk
    line, _, buf[0] = buf[0].partition(b"\n")
    return line.decode("utf-8")


def main():
    medrule, pack = sys.argv[1], sys.argv[2]
    child_in, to_child = os.pipe()
    from_child, child_out = os.pipe()
    if sys.argv[3:] == ["nonblocking"]:
        for fd in (child_in, child_out):
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
    proc = subprocess.Popen([medrule, "check", "--pack", pack, "--format", "json", "-"],
                            stdin=child_in, stdout=child_out, stderr=subprocess.DEVNULL)
    os.close(child_in)
    os.close(child_out)
    steps = [  # what we send, what its answer must contain
        (b'{"patient":{"id":"i-1","pregnant":false}}\n', '"id":"i-1"'),
        (b'{"patient":{"id":"i-2","pregnant":true}}\n', '"disposition":"do_not_proceed"'),
        (b'   \n', '"error":"<stdin>:3: the line is blank'),
        (b'{"patient":{"id":"i-4","weight":"900 kg"}}\n', '"error":"<stdin>:4: '),
        # a record sent in two writes is answered only once its line is complete
        (b'{"patient":{"id":', None),
        (b'"i-5"}}\n', '"id":"i-5"'),
    ]
    buf = [b""]
    ok = True
    for n, (send, want) in enumerate(steps, 1):
        try:
            os.write(to_child, send)
        except BrokenPipeError:
            print(f"not ok - step {n}: the program stopped reading its input")
            ok = False
            break
        if want is None:
            early = select.select([from_child], [], [], 0.3)[0]
            print(("not ok" if early else "ok") + f" - step {n}: half a line gets no answer yet")
            ok &= not early
            continue
        line = read_line(from_child, buf)
        if line is None:
            print(f"not ok - step {n}: no answer within {TIMEOUT:g} s (the answer is held back)")
            ok = False
            break
        good = want in line
        print(("ok" if good else "not ok") + f" - step {n}: answered: {line[:100]}")
        ok &= good
    os.close(to_child)
    try:
        status = proc.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        print("not ok - the program did not end when its input did")
        return 1
    rest = b""
    while True:
        chunk = os.read(from_child, 65536)
        if not chunk:
            break
        rest += chunk
    if buf[0] or rest:
        print(f"not ok - output after the last answer: {(buf[0] + rest)[:100]!r}")
        ok = False
    if status != 1:  # records 3 and 4 were errors
        print(f"not ok - exit status {status}, want 1")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
