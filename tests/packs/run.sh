#!/bin/sh
# The packs themselves, as TAP: their golden patients pass, lint finds no
# error (and every quote is verbatim in the source text when the sources are
# at hand), and the committed pack document is what `medrule doc` generates.
cd "$(dirname "$0")/../.." || exit 1
M="${BUILD:-build}/medrule"
SEEDS=${MEDRULE_SOURCES:-../shared/seeds}
echo "1..6"
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
exit $((fail > 0))
