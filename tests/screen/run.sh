#!/bin/sh
# `medrule check` as a batch screening tool, as TAP: -j N gives the same
# bytes as -j 1 (json, text, cards; standard output and standard error), with
# the bad records' errors in place; --summary counts what an independent
# count of the -j 1 output finds; -j usage errors; the progress line is
# silent when standard error is not a terminal and shown on one (through
# script(1)); an interactive client still gets each answer at once with -j 4.
# Uses $BUILD/medrule (BUILD defaults to build) and the benchmark's patient
# generator, bench/gen-patients.lua.
cd "$(dirname "$0")/../.." || exit 1
case ${BUILD:-build} in /*) B=${BUILD} ;; *) B=$PWD/${BUILD:-build} ;; esac
M=$B/medrule
GEN=bench/gen-patients.lua
export NO_COLOR=1 LC_ALL=C
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else nok "$2"; fi; }

# 3000 generated patients; bad records at known lines: 5 invalid JSON,
# 100 blank, 2500 an unknown fact.
lua5.4 "$GEN" 3000 > "$tmp/gen.ndjson" || { echo "Bail out! $GEN failed"; exit 1; }
python3 - "$tmp/gen.ndjson" "$tmp/p.ndjson" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().split("\n")[:3000]
lines[4] = '{"patient": {"id": "bad"'
lines[99] = ""
d = json.loads(lines[2499]); d["no_such_fact"] = 1; lines[2499] = json.dumps(d)
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
PY
P=$tmp/p.ndjson

# Byte-identical across -j, in every format; exit 1 (bad records) every time.
for fmt in json text cards; do
  timeout 120 "$M" check --format $fmt -j 1 "$P" > "$tmp/1.$fmt" 2> "$tmp/1.$fmt.err"
  check $(( $? != 1 )) "$fmt -j 1: exit status 1 (three bad records)"
  for j in 2 3 8; do
    timeout 120 "$M" check --format $fmt -j $j "$P" > "$tmp/$j.$fmt" 2> "$tmp/$j.$fmt.err"
    st=$?
    cmp -s "$tmp/1.$fmt" "$tmp/$j.$fmt" && cmp -s "$tmp/1.$fmt.err" "$tmp/$j.$fmt.err" && [ $st = 1 ]
    check $? "$fmt -j $j: standard output and standard error byte-identical to -j 1, exit 1"
  done
done
timeout 120 "$M" check --format json --jobs=2 "$P" 2>/dev/null | cmp -s - "$tmp/1.json"
check $? "--jobs=2 is -j 2"
timeout 120 "$M" check --format json -j2 "$P" 2>/dev/null | cmp -s - "$tmp/1.json"
check $? "-j2 is -j 2"
timeout 120 "$M" check --format json "$P" 2>/dev/null | cmp -s - "$tmp/1.json"
check $? "the default -j (every core, output not a terminal) gives the same bytes"
# Records that arrive in bursts through a pipe: the workers run out, sleep,
# and are woken by the next burst (or the main thread does the rest).
timeout 120 "$M" check --format json -j 1 - < "$P" > "$tmp/stdin.json" 2>/dev/null
for j in 2 4; do
  { head -n 700 "$P"; sleep 0.3; sed -n 701,1900p "$P"; sleep 0.3; tail -n +1901 "$P"; } |
    timeout 120 "$M" check --format json -j $j - 2>/dev/null | cmp -s - "$tmp/stdin.json"
  check $? "-j $j, records arriving in three bursts through a pipe: the bytes of -j 1"
done

# A regular file is read in blocks by every thread at once (-j 2 and more):
# lines split across blocks, CRLF, blanks, a block of more lines than it
# holds, a record bigger than a block, one over the 16 MiB limit, a last
# line without its newline; from the file, from stdin redirected from it and
# through a pipe, -j 1, 2, 4 give the same bytes, messages and status.
python3 - "$tmp/gen.ndjson" "$tmp/edge.ndjson" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")[:400]
out = []
for i, l in enumerate(lines):
    if i % 7 == 3: l += "\r"
    if i % 11 == 5: l = "  " + l + " \t"
    out.append(l)
    if i == 50: out += [""] * 150                       # more lines than a block holds
    if i == 120: out.append(l[:-1] + " " * 300000 + "}")  # a record bigger than a block
    if i == 200: out.append("{" + " " * (17 << 20) + "}")  # over 16 MiB
    if i == 250: out.append("{\"patient\": {\"id\": \"cut\"")  # bad JSON
open(sys.argv[2], "w").write("\n".join(out))              # no newline at the end
PY
E=$tmp/edge.ndjson
"$M" check --format json --allow-extra -j 1 - < "$E" > "$tmp/e1" 2> "$tmp/e1.err"
est=$?
python3 - "$tmp/e1" "$tmp/e1.err" <<'PY'
import json, sys
out = [json.loads(l) for l in open(sys.argv[1])]
err = open(sys.argv[2]).read()
errs = [i + 1 for i, r in enumerate(out) if "error" in r]
ok = len(out) == 400 + 150 + 3 and errs == list(range(52, 202)) + [353, 404]
ok &= "<stdin>:353: the record is longer than 16 MiB" in err and "<stdin>:52: the line is blank" in err
ok &= out[271]["patient"]["source"] == "<stdin>:272"
sys.exit(0 if ok else 1)
PY
check $? "edge records, -j 1 from a pipe: 553 results, 152 errors in place (blanks, over 16 MiB, bad JSON)"
"$M" check --format json --allow-extra -j 1 "$E" > "$tmp/ef1" 2> "$tmp/ef1.err"
[ $? = 1 ] && [ $est = 1 ] && sed 's|<stdin>:|'"$E"':|g' "$tmp/e1" | cmp -s - "$tmp/ef1"
check $? "edge records, -j 1 from the file: the results of the pipe, the file's name in the sources, exit 1"
for j in 2 4; do
  "$M" check --format json --allow-extra -j $j "$E" > "$tmp/ef" 2> "$tmp/ef.err"
  st=$?
  cmp -s "$tmp/ef1" "$tmp/ef" && cmp -s "$tmp/ef1.err" "$tmp/ef.err" && [ $st = 1 ]
  check $? "edge records, -j $j from the file: the bytes, messages and exit status of -j 1"
done
for j in 1 2 4; do
  "$M" check --format json --allow-extra -j $j - < "$E" > "$tmp/es" 2> "$tmp/es.err"
  cmp -s "$tmp/e1" "$tmp/es" && cmp -s "$tmp/e1.err" "$tmp/es.err"
  check $? "edge records, -j $j from stdin redirected from the file: the same bytes"
  cat "$E" | "$M" check --format json --allow-extra -j $j - > "$tmp/ep" 2> "$tmp/ep.err"
  cmp -s "$tmp/e1" "$tmp/ep" && cmp -s "$tmp/e1.err" "$tmp/ep.err"
  check $? "edge records, -j $j through a pipe: the same bytes"
done
: > "$tmp/empty.ndjson"
for j in 1 2; do
  "$M" check --format json -j $j "$tmp/empty.ndjson" > "$tmp/em.out" 2> "$tmp/em.err"
  st=$?
  [ $st = 1 ] && grep -q 'empty\.ndjson: no patient records: the input is empty' "$tmp/em.err" &&
    grep -q '"source":"[^"]*empty\.ndjson"},"error":"[^"]*empty\.ndjson: no patient records' "$tmp/em.out"
  check $? "an empty file, -j $j: its error record and message, exit 1"
done
# Several inputs, files and a pipe, in text (a blank line between results
# across the inputs too): the bytes of -j 1.
head -n 40 "$P" > "$tmp/x.ndjson"
tail -n 40 "$P" > "$tmp/y.ndjson"
"$M" check --format text -j 1 "$tmp/x.ndjson" - "$tmp/y.ndjson" < "$tmp/x.ndjson" > "$tmp/m1" 2> "$tmp/m1.err"
for j in 2 4; do
  cat "$tmp/x.ndjson" | "$M" check --format text -j $j "$tmp/x.ndjson" - "$tmp/y.ndjson" > "$tmp/mj" 2> "$tmp/mj.err"
  cmp -s "$tmp/m1" "$tmp/mj" && cmp -s "$tmp/m1.err" "$tmp/mj.err" && [ "$(grep -c '^Patient' "$tmp/mj")" -ge 100 ]
  check $? "text, -j $j, a file, a pipe and a file: the bytes of -j 1"
done

# The error records sit at the bad lines, and the messages come in input order.
python3 - "$tmp/1.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
errs = [i + 1 for i, l in enumerate(lines) if "error" in json.loads(l)]
sys.exit(0 if len(lines) == 3000 and errs == [5, 100, 2500] else 1)
PY
check $? "json: 3000 output lines, error records exactly at lines 5, 100, 2500"
[ "$(wc -l < "$tmp/8.json.err")" = 3 ] &&
  sed -n 1p "$tmp/8.json.err" | grep -q 'p\.ndjson:5:25: ' &&
  sed -n 2p "$tmp/8.json.err" | grep -q 'p\.ndjson:100: the line is blank' &&
  sed -n 3p "$tmp/8.json.err" | grep -q "p\.ndjson:2500: \\\$\\.no_such_fact: unknown fact"
check $? "-j 8: three messages on standard error, for lines 5, 100 and 2500 in that order, nothing else"
! grep -q "$(printf '\r')" "$tmp/8.json.err"
check $? "no progress line when standard error is a file"

# --summary: the results unchanged, then one summary line equal to an
# independent count of the -j 1 results.
for j in 1 2 8; do
  timeout 120 "$M" check --format json --summary -j $j "$P" > "$tmp/s$j.json" 2>/dev/null
done
head -n 3000 "$tmp/s1.json" | cmp -s - "$tmp/1.json" && [ "$(wc -l < "$tmp/s1.json")" = 3001 ]
check $? "--summary: the 3000 results unchanged, then one more line"
cmp -s "$tmp/s1.json" "$tmp/s2.json" && cmp -s "$tmp/s1.json" "$tmp/s8.json"
check $? "--summary: -j 2 and -j 8 byte-identical to -j 1"
python3 - "$tmp/1.json" "$tmp/s1.json" <<'PY'
import collections, json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
disp = collections.Counter(); rules = collections.Counter(); facts = collections.Counter()
errors = 0
for r in recs:
    if "error" in r:
        errors += 1
        continue
    disp[r["disposition"]] += 1
    rules.update({x["id"] for x in r["recommendations"]})
    facts.update(set(r["missing_facts"]))
order = lambda c: [list(x) for x in sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))]
got = json.loads(open(sys.argv[2]).read().splitlines()[-1])["summary"]
want = {"records": len(recs), "errors": errors,
        "dispositions": {d: disp[d] for d in ("proceed", "proceed_with_caution", "do_not_proceed", "insufficient_data")},
        "recommendations": order(rules), "missing_facts": order(facts)}
got["recommendations"] = [[x["id"], x["count"]] for x in got["recommendations"]]
got["missing_facts"] = [[x["fact"], x["count"]] for x in got["missing_facts"]]
keys = list(json.loads(open(sys.argv[2]).read().splitlines()[-1])["summary"].keys())
ok = got == want and keys == ["records", "errors", "dispositions", "recommendations", "missing_facts"] \
     and list(got["dispositions"]) == list(want["dispositions"]) and len(want["recommendations"]) > 0 \
     and len(want["missing_facts"]) > 0 and errors == 3
if not ok:
    print("# want", json.dumps(want)[:600]); print("# got ", json.dumps(got)[:600])
sys.exit(0 if ok else 1)
PY
check $? "--summary json: counts by disposition, recommendation and missing fact equal a count of the -j 1 output"
timeout 120 "$M" check --summary -j 1 "$P" > "$tmp/st1" 2>/dev/null
timeout 120 "$M" check --summary -j 3 "$P" > "$tmp/st3" 2>/dev/null
cmp -s "$tmp/st1" "$tmp/st3" && grep -q '^Summary: 3000 records, 3 error records$' "$tmp/st1" &&
  head -c "$(wc -c < "$tmp/1.text")" "$tmp/st1" | cmp -s - "$tmp/1.text"
check $? "--summary text: the results, then the table; -j 3 identical to -j 1"
python3 - "$tmp/s1.json" "$tmp/st1" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().splitlines()[-1])["summary"]
text = open(sys.argv[2]).read().split("\nSummary: ", 1)[1]
ok = all(f"{v:8d}  {d}" in text for d, v in s["dispositions"].items())
ok &= all(f"{x['count']:8d}  {x['id']}" in text for x in s["recommendations"])
ok &= all(f"{x['count']:8d}  {x['fact']}" in text for x in s["missing_facts"])
sys.exit(0 if ok else 1)
PY
check $? "--summary text: every count of the JSON summary in the table"

# Usage errors: exit 2, a message, nothing on standard output.
for bad in "-j 0" "-j x" "-j -1" "--jobs=0" "-j 2x" "-j"; do
  # shellcheck disable=SC2086
  timeout 10 "$M" check --format json "$P" $bad > "$tmp/u.out" 2> "$tmp/u.err"
  st=$?
  [ $st = 2 ] && [ ! -s "$tmp/u.out" ] && grep -q '^medrule: check: -j' "$tmp/u.err"
  check $? "'$bad': usage error, exit 2, says why"
done

# An interactive client with -j 4: each answer as soon as its line is complete.
printf '#!/bin/sh\nshift\nexec "%s" check -j 4 "$@"\n' "$M" > "$tmp/medrule-j4"
chmod +x "$tmp/medrule-j4"
timeout 60 python3 tests/io/interactive.py "$tmp/medrule-j4" rules/demo > "$tmp/inter" 2>&1
check $? "interactive stdin with -j 4: every answer in time and in order"
timeout 60 python3 tests/io/interactive.py "$tmp/medrule-j4" rules/demo nonblocking > "$tmp/inter" 2>&1
check $? "the same with non-blocking pipes"
timeout 60 "$M" check --format json -j 2 "$P" > /dev/full 2> "$tmp/full.err"
st=$?
[ $st = 1 ] && grep -q '^medrule: cannot write to standard output: No space left on device$' "$tmp/full.err"
check $? "-j 2 to a full disk: exit 1, says so"

# The progress line on a terminal (script(1) from bsdutils): records arrive
# in two bursts 1.5 s apart, so the batch is long enough to show it.
if command -v script > /dev/null 2>&1; then
  head -n 1000 "$tmp/gen.ndjson" > "$tmp/a.ndjson"
  tail -n +1001 "$tmp/gen.ndjson" > "$tmp/b.ndjson"
  timeout 60 script -qec "{ cat '$tmp/a.ndjson'; sleep 1.5; cat '$tmp/b.ndjson'; } | '$M' check --format json -j 2 - > '$tmp/tty.out'" /dev/null > "$tmp/tty" 2>&1 < /dev/null
  st=$?
  tr '\r' '\n' < "$tmp/tty" > "$tmp/tty.lines"
  [ $st = 0 ] && grep -Eq '^medrule: [0-9]+ records, [0-9]+/s, 0 errors' "$tmp/tty.lines" &&
    [ "$(tail -c 4 "$tmp/tty" | od -An -c | tr -d ' ')" = '\r033[K' ] &&
    [ "$(wc -l < "$tmp/tty.out")" = 3000 ]
  check $? "standard error a terminal: the progress line (records, rate, errors), erased at the end"
else
  ok "# SKIP script(1) not installed: the progress line on a terminal is not tested"
fi

echo "1..$n"
exit $fail
