#!/bin/sh
# The packs themselves, as TAP: their golden patients pass, lint finds no
# error (and every quote is verbatim in the source text when the sources are
# at hand), and the committed pack document is what `medrule doc` generates.
cd "$(dirname "$0")/../.." || exit 1
M="${BUILD:-build}/medrule"
SEEDS=${MEDRULE_SOURCES:-../shared/seeds}
# every other pack under rules/ (the review packs) gets the same four checks
EXTRA=$(for d in rules/*/pack.lua; do d=${d%/pack.lua}; case $d in rules/asra-ketamine-2018|rules/demo) ;; *) echo "$d";; esac; done)
echo "1..$((9 + 4 * $(printf '%s' "$EXTRA" | grep -c .)))"
n=0; fail=0
t() { # t NAME COMMAND...: the command must succeed
  n=$((n + 1)); name=$1; shift
  if out=$("$@" 2>&1); then echo "ok $n - $name"; else
    fail=$((fail + 1)); echo "not ok $n - $name"; printf '%s\n' "$out" | tail -25 | sed 's/^/# /'
  fi
}
if [ -d "$SEEDS" ]; then
  t "ketamine pack: golden patients, every cite verbatim in the guideline" $M test --sources "$SEEDS" rules/asra-ketamine-2018
else
  t "ketamine pack: golden patients" $M test rules/asra-ketamine-2018
fi
t "demo pack: golden patients" $M test rules/demo
if [ -d "$SEEDS" ]; then
  t "ketamine pack: lint, quotes verbatim in the guideline" $M lint --sources "$SEEDS" rules/asra-ketamine-2018
else
  n=$((n + 1)); echo "ok $n - # SKIP no source texts at $SEEDS (set MEDRULE_SOURCES)"
fi
t "demo pack: lint" $M lint rules/demo
# docs/contract.md documents every fact a user can give the ketamine pack
t "docs/contract.md lists every input fact of the ketamine pack" python3 -c '
import json, subprocess, sys
d = json.loads(subprocess.run([sys.argv[1], "doc", "--format", "json", "rules/asra-ketamine-2018"],
                              capture_output=True, text=True, check=True).stdout)
doc = open("docs/contract.md").read()
missing = [f["name"] for f in d["facts"] if not f["computed"] and "`%s`" % f["name"] not in doc]
print("\n".join("not in docs/contract.md: " + m for m in missing)); sys.exit(1 if missing else 0)' "$M"
# the fact template loads as it is, and has exactly the shape of the JSON Schema
for pack in rules/asra-ketamine-2018 rules/demo; do
  t "$pack: facts --template loads as it is and agrees with the JSON Schema" python3 -c '
import json, subprocess, sys
m, pack = sys.argv[1], sys.argv[2]
run = lambda *a, **k: subprocess.run([m, *a], capture_output=True, text=True, **k)
tpl, schema = run("facts", "--template", pack).stdout, json.loads(run("facts", pack).stdout)
chk = run("check", "--pack", pack, "--format", "json", "-", input=json.dumps(json.loads(tpl)))
assert chk.returncode == 0 and "disposition" in json.loads(chk.stdout), chk.stderr
def same(t, s, path):
    if not isinstance(t, dict):
        assert t is None, path
        return
    props = s["properties"]
    assert set(t) == set(props), (path, set(t) ^ set(props))
    for k in t: same(t[k], props[k], path + "." + k)
same(json.loads(tpl), schema, "$")' "$M" "$pack"
done
doc=$(mktemp); trap 'rm -f "$doc"' EXIT
$M doc --format md rules/asra-ketamine-2018 > "$doc"
t "docs/packs/asra-ketamine-2018.md is generated from the pack (make doc)" cmp "$doc" docs/packs/asra-ketamine-2018.md
# every rule fires in some golden case and fails to fire in another
cov=$($M test --coverage rules/asra-ketamine-2018 2>&1)
n=$((n + 1))
if printf '%s\n' "$cov" | grep -q -e '<- never fired' -e '<- never not fired'; then
  fail=$((fail + 1)); echo "not ok $n - every ketamine rule both fires and does not fire in the golden cases"
  printf '%s\n' "$cov" | grep -e '<- never' | sed 's/^/# /'
else echo "ok $n - every ketamine rule both fires and does not fire in the golden cases"; fi
for pack in $EXTRA; do
  if [ -d "$SEEDS" ]; then
    t "$pack: golden patients, every cite verbatim in the source" $M test --sources "$SEEDS" "$pack"
    t "$pack: lint, quotes verbatim in the source" $M lint --sources "$SEEDS" "$pack"
  else
    t "$pack: golden patients" $M test "$pack"
    n=$((n + 1)); echo "ok $n - # SKIP no source texts at $SEEDS (set MEDRULE_SOURCES)"
  fi
  $M doc --format md "$pack" > "$doc"
  t "docs/packs/${pack#rules/}.md is generated from the pack" cmp "$doc" "docs/packs/${pack#rules/}.md"
  cov=$($M test --coverage "$pack" 2>&1)
  n=$((n + 1))
  if printf '%s\n' "$cov" | grep -q -e '<- never fired' -e '<- never not fired'; then
    fail=$((fail + 1)); echo "not ok $n - every rule of $pack both fires and does not fire in the golden cases"
    printf '%s\n' "$cov" | grep -e '<- never' | sed 's/^/# /'
  else echo "ok $n - every rule of $pack both fires and does not fire in the golden cases"; fi
done
exit $((fail > 0))
