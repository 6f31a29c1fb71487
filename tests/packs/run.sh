#!/bin/sh
# Every pack under rules/, as TAP: its golden patients pass (and every cite is
# verbatim in its source when the sources are at hand), lint finds no error
# (every quote verbatim), every rule both fires and does not fire in the
# golden cases, its fact template loads and agrees with its JSON Schema, and
# the committed pack document is what `medrule doc` generates (packs with a
# source document).  Then what concerns the default pack: docs/contract.md
# documents every fact a user can give it.
cd "$(dirname "$0")/../.." || exit 1
M="${BUILD:-build}/medrule"
SEEDS=${MEDRULE_SOURCES:-../shared/seeds}
PACKS=$(ls rules/*/pack.lua | sed 's|/pack.lua$||' | sort)
echo "1..$(( $(echo "$PACKS" | wc -l) * 5 + 2 ))"
n=0; fail=0
t() { # t NAME COMMAND...: the command must succeed
  n=$((n + 1)); name=$1; shift
  if out=$("$@" 2>&1); then echo "ok $n - $name"; else
    fail=$((fail + 1)); echo "not ok $n - $name"; printf '%s\n' "$out" | tail -25 | sed 's/^/# /'
  fi
}
skip() { n=$((n + 1)); echo "ok $n - # SKIP $1"; }

for pack in $PACKS; do
  if [ -d "$SEEDS" ]; then
    t "$pack: golden patients, every cite verbatim in the source" $M test --sources "$SEEDS" "$pack"
    t "$pack: lint, every quote verbatim in the source" $M lint --sources "$SEEDS" "$pack"
  else
    t "$pack: golden patients" $M test "$pack"
    t "$pack: lint" $M lint "$pack"
  fi
  # every rule fires in some golden case and fails to fire in another
  n=$((n + 1))
  cov=$($M test --coverage "$pack" 2>&1)
  if printf '%s\n' "$cov" | grep -q -e '<- never fired' -e '<- never not fired'; then
    fail=$((fail + 1)); echo "not ok $n - $pack: every rule both fires and does not fire in the golden cases"
    printf '%s\n' "$cov" | grep -e '<- never' | sed 's/^/# /'
  else echo "ok $n - $pack: every rule both fires and does not fire in the golden cases"; fi
  # the fact template loads as it is, and has exactly the shape of the JSON Schema
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
  name=$(basename "$pack")
  if [ -f "docs/packs/$name.md" ]; then
    doc=$(mktemp)
    $M doc --format md "$pack" > "$doc"
    t "docs/packs/$name.md is generated from the pack (make doc)" cmp "$doc" "docs/packs/$name.md"
    rm -f "$doc"
  else
    skip "$pack has no pack document (a demonstration pack)"
  fi
done

# the five ketamine sources side by side (make doc)
doc=$(mktemp)
$M doc --format md --pack rules/asra-ketamine-2018 --pack rules/hocking-2003 --pack rules/noppers-2010 \
  --pack rules/maher-2017 --pack rules/pain-clinical-updates > "$doc"
t "docs/sources-side-by-side.md is generated from the five packs (make doc)" cmp "$doc" docs/sources-side-by-side.md
rm -f "$doc"

# docs/contract.md documents every fact a user can give the ketamine pack
t "docs/contract.md lists every input fact of the ketamine pack" python3 -c '
import json, subprocess, sys
d = json.loads(subprocess.run([sys.argv[1], "doc", "--format", "json", "rules/asra-ketamine-2018"],
                              capture_output=True, text=True, check=True).stdout)
doc = open("docs/contract.md").read()
missing = [f["name"] for f in d["facts"] if not f["computed"] and "`%s`" % f["name"] not in doc]
print("\n".join("not in docs/contract.md: " + m for m in missing)); sys.exit(1 if missing else 0)' "$M"
exit $((fail > 0))
