#!/bin/sh
# `medrule check --format screen`, as TAP: for the example patients, 2000
# generated ones (bench/gen-patients.lua) with bad records among them, and
# two packs together, every screen line says what the --format json line for
# the same record says (patient, disposition, the rule ids of the reasons,
# recommendations and unknown rules, missing facts, warnings, disagreeing
# topics), and nothing else; an error record is the same line in both; -j 2
# gives the same bytes as -j 1.  Uses $BUILD/medrule (BUILD defaults to build).
cd "$(dirname "$0")/../.." || exit 1
case ${BUILD:-build} in /*) B=${BUILD} ;; *) B=$PWD/${BUILD:-build} ;; esac
M=$B/medrule
export NO_COLOR=1 LC_ALL=C
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else nok "$2"; fi; }

# Compares a json output with a screen output, line by line; prints why not.
cat > "$tmp/same.py" <<'PY'
import json, sys
J = open(sys.argv[1]).read().splitlines()
S = open(sys.argv[2]).read().splitlines()
if len(J) != len(S) or not J:
    sys.exit("%d json lines, %d screen lines" % (len(J), len(S)))
keys = {"screen", "pack", "patient", "disposition", "reasons", "fired", "unknown", "missing_facts", "warnings"}
for i, (jl, sl) in enumerate(zip(J, S), 1):
    j, s = json.loads(jl), json.loads(sl)
    if "error" in j:
        if jl != sl: sys.exit("line %d: an error record differs: %s" % (i, sl))
        continue
    want = {
        "screen": 1,
        "pack": {"id": j["pack"]["id"], "version": j["pack"]["version"]},
        "patient": j["patient"],
        "disposition": j["disposition"],
        "reasons": [x["rule"] for x in j["disposition_reasons"]],
        "fired": [x["id"] for x in j["recommendations"]],
        "unknown": [x["rule"] for x in j["unknown"]],
        "missing_facts": j["missing_facts"],
        "warnings": j["warnings"],
    }
    if "disagreements" in j:
        want["disagreements"] = [x["topic"] for x in j["disagreements"]]
    if s != want: sys.exit("line %d:\n  screen %s\n  wanted %s" % (i, sl, json.dumps(want)))
    if list(s) != list(want): sys.exit("line %d: keys in another order: %s" % (i, list(s)))
    if set(s) - keys - {"disagreements"}: sys.exit("line %d: extra keys" % i)
print("%d lines agree" % len(J))
PY

# 1. the example patients, one file each and the NDJSON batch
"$M" check --format json examples/patients/*.json examples/patients/batch.ndjson > "$tmp/ex.json" 2>/dev/null
"$M" check --format screen examples/patients/*.json examples/patients/batch.ndjson > "$tmp/ex.screen" 2>/dev/null
python3 "$tmp/same.py" "$tmp/ex.json" "$tmp/ex.screen" > "$tmp/why" 2>&1
check $? "example patients: screen says what json says ($(tail -n 1 "$tmp/why"))"
grep -q '"unknown":\["' "$tmp/ex.screen" && grep -q '"missing_facts":\["' "$tmp/ex.screen"
check $? "example patients include unknown rules and missing facts"
grep -q '"action"\|"grade"\|"text"\|"because"\|"effect"' "$tmp/ex.screen"
check $((! $?)) "no pack text in screen lines (action, grade, text, because, effect)"

# 2. 2000 generated patients with bad records at known lines
lua5.4 bench/gen-patients.lua 2000 > "$tmp/gen.ndjson" || { echo "Bail out! generator failed"; exit 1; }
sed -e '7s/.*/{"patient": {"id": "bad"/' -e '300s/^{/{"no_such_fact":1,/' "$tmp/gen.ndjson" > "$tmp/p.ndjson"
"$M" check --format json -j 1 "$tmp/p.ndjson" > "$tmp/p.json" 2>/dev/null
"$M" check --format screen -j 1 "$tmp/p.ndjson" > "$tmp/p.screen" 2>"$tmp/p.err1"
rc=$?
check $((rc != 1)) "a batch with bad records exits 1 (got $rc)"
python3 "$tmp/same.py" "$tmp/p.json" "$tmp/p.screen" > "$tmp/why" 2>&1
check $? "generated patients: screen says what json says ($(tail -n 1 "$tmp/why"))"
sed -n 7p "$tmp/p.screen" | grep -q '"error":' && sed -n 300p "$tmp/p.screen" | grep -q 'no_such_fact'
check $? "the bad records are error lines in their places (7, 300)"
"$M" check --format screen -j 2 "$tmp/p.ndjson" > "$tmp/p.screen2" 2>"$tmp/p.err2"
cmp -s "$tmp/p.screen" "$tmp/p.screen2" && cmp -s "$tmp/p.err1" "$tmp/p.err2"
check $? "-j 2 gives the same bytes as -j 1 (standard output and standard error)"
"$M" check --format screen --summary -j 2 "$tmp/gen.ndjson" > "$tmp/s.screen" 2>/dev/null
tail -n 1 "$tmp/s.screen" | grep -q '^{"summary":{"records":2000,"errors":0,'
check $? "--summary ends a screen batch with one summary line"
j=$(wc -c < "$tmp/p.json"); s=$(wc -c < "$tmp/p.screen")
check $((s * 4 > j)) "screen output is under a quarter of json's ($s vs $j bytes)"

# 3. two packs: the disagreeing topics
"$M" check --pack rules/asra-ketamine-2018 --pack rules/hocking-2003 --format json examples/patients/*.json > "$tmp/mp.json" 2>/dev/null
"$M" check --pack rules/asra-ketamine-2018 --pack rules/hocking-2003 --format screen examples/patients/*.json > "$tmp/mp.screen" 2>/dev/null
python3 "$tmp/same.py" "$tmp/mp.json" "$tmp/mp.screen" > "$tmp/why" 2>&1
check $? "two packs: screen says what json says, with the disagreeing topics ($(tail -n 1 "$tmp/why"))"
grep -q '"disagreements":\["' "$tmp/mp.screen"
check $? "two packs: some patient has a disagreement"

# 4. usage
"$M" check --format screenx examples/patients/crps-healthy.json > /dev/null 2> "$tmp/u.err"
rc=$?
[ $rc = 2 ] && grep -q "text, json, cards, screen or html" "$tmp/u.err"
check $? "an unknown --format is a usage error naming screen (exit $rc)"

echo "1..$n"
exit $fail
