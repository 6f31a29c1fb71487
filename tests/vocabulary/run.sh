#!/bin/sh
# Shared fact vocabularies (`use "name"` -> vocabulary/name.lua beside the pack),
# as TAP: what a vocabulary may declare, the errors that name its lines, the
# digest, lint, several packs over one vocabulary, and the installed ketamine
# packs all reading one declaration of each fact.  Uses $BUILD/medrule.
cd "$(dirname "$0")/../.." || exit 1
case ${BUILD:-build} in /*) B=${BUILD} ;; *) B=$PWD/${BUILD:-build} ;; esac
MEDRULE=$B/medrule
export NO_COLOR=1 LC_ALL=C
root=$PWD
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
  n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; shift
  for line in "$@"; do echo "# $line"; done
}
# expect NAME STATUS PATTERN CMD...: the command exits STATUS and its stderr+stdout match PATTERN (ERE)
expect() {
  name=$1 want=$2 pat=$3; shift 3
  out=$("$@" 2>&1); st=$?
  if [ "$st" = "$want" ] && printf '%s\n' "$out" | grep -Eq -- "$pat"; then ok "$name"
  else not_ok "$name" "exit $st (want $want); output:" "$(printf '%s\n' "$out" | head -5)" "wanted /$pat/"; fi
}

cd "$tmp" || exit 1
mkdir -p vocabulary a b
cat > vocabulary/v.lua <<'LUA'
-- a shared vocabulary
fact { "patient.age", type = "quantity", unit = "a", range = { 0, 120 } }
fact { "pain.level", type = "number", range = { 0, 10 } }
topic { "dosing.rate", "Which rate?" }
LUA
head_a='pack { id = "a", version = "1.0.0", title = "A", source = { document = "Doc A", citation = "A. Doc A." },
       evidence = { scale = "s", grades = { "A" } }, categories = { "dosing" } }'
rule_a='rule { id = "a.old", category = "dosing", action = "info", grade = false, when = "patient.age >= 65 a",
       text = "Old.", source = { section = "s", quote = "q" }, topic = "dosing.rate", position = "low" }'
printf '%s\nuse "v"\nfact { "own.unused", type = "boolean" }\n%s\n' "$head_a" "$rule_a" > a/pack.lua
sed -e 's/id = "a"/id = "b"/; s/"Doc A"/"Doc B"/; s/A. Doc A./B. Doc B./' a/pack.lua |
  sed -e 's/a\.old/b.old/; s/"low"/"high"/' -e '/own.unused/d' > b/pack.lua
echo '{"patient":{"age":70},"pain":{"level":3}}' > p.json

# 1-3: a pack that uses a vocabulary reads its facts; lint spares them but not the pack's own
expect "a vocabulary's facts are the pack's: a fact file using them is accepted" 0 '"disposition":"proceed"' \
  "$MEDRULE" check --pack a --format json p.json
expect "lint reports the pack's own unused fact" 0 'unused-fact\] fact own.unused' "$MEDRULE" lint --pack a
out=$("$MEDRULE" lint --pack a 2>&1)
if printf '%s\n' "$out" | grep -q 'pain.level'; then not_ok "lint spares a vocabulary fact no rule of this pack reads" "$out"
else ok "lint spares a vocabulary fact no rule of this pack reads"; fi

# 4: the digest covers the vocabulary
d1=$("$MEDRULE" check --pack a --format json p.json | sed 's/.*"digest":"\([^"]*\)".*/\1/')
echo '-- a comment changes the text' >> vocabulary/v.lua
d2=$("$MEDRULE" check --pack a --format json p.json | sed 's/.*"digest":"\([^"]*\)".*/\1/')
if [ -n "$d1" ] && [ "$d1" != "$d2" ]; then ok "the pack digest covers the vocabulary file"
else not_ok "the pack digest covers the vocabulary file" "$d1 / $d2"; fi

# 5: two packs over one vocabulary: the facts are declared once; the topic's question is the vocabulary's
expect "two packs using one vocabulary evaluate together, the topic's question from the vocabulary" 0 \
  '"topic":"dosing.rate","question":"Which rate\?"' "$MEDRULE" check --pack a --pack b --format json p.json

# 6-14: errors, each naming the file and line
cp -r a bad
expect "a missing vocabulary is an error naming the use line and the file" 1 \
  '^medrule: bad/pack.lua:3: use: cannot open \./vocabulary/nope\.lua: ' \
  sh -c 'sed -i "s/use \"v\"/use \"nope\"/" bad/pack.lua && "$0" check --pack bad p.json' "$MEDRULE"
cp a/pack.lua bad/pack.lua
expect "a vocabulary name with a path is refused" 1 "bad/pack.lua:3: use: '\.\./v' is not a vocabulary name" \
  sh -c 'sed -i "s|use \"v\"|use \"../v\"|" bad/pack.lua && "$0" check --pack bad p.json' "$MEDRULE"
cp a/pack.lua bad/pack.lua
expect "a vocabulary used twice is refused" 1 "bad/pack.lua:4: use: vocabulary 'v' is used twice" \
  sh -c 'sed -i "3a use \"v\"" bad/pack.lua && "$0" check --pack bad p.json' "$MEDRULE"
cp a/pack.lua bad/pack.lua
sed -i 's/use "v"/use "w"/' bad/pack.lua
for decl in 'rule { id = "x" }' 'pack { }' 'include "x.lua"' 'use "v"' 'policy { }' 'coverage { }'; do
  word=${decl%% *}
  printf 'fact { "pain.level", type = "number" }\n%s\n' "$decl" > vocabulary/w.lua
  expect "a vocabulary cannot declare $word (error names the vocabulary's line)" 1 \
    "^medrule: \./vocabulary/w\.lua:2: $word\(\) cannot be called in a vocabulary" "$MEDRULE" check --pack bad p.json
done
printf 'topic { "dosing.rate", "Q?" }\ntopic { "dosing.rate", "Q again?" }\n' > vocabulary/w.lua
expect "a topic declared twice names the first declaration" 1 \
  "vocabulary/w\.lua:2: topic 'dosing.rate' declared twice \(first at vocabulary/w\.lua:1\)" \
  "$MEDRULE" check --pack bad p.json
printf 'topic { "dosing.rate", question = "Q?" }\n' > vocabulary/w.lua
expect "a malformed topic says the expected shape" 1 \
  'vocabulary/w\.lua:1: topic: expected topic \{ "dotted.topic_id", "the question its rules answer" \}' \
  "$MEDRULE" check --pack bad p.json
printf 'fact { "pain.level", type = "number" \n' > vocabulary/w.lua
expect "a syntax error in a vocabulary names the vocabulary's file and line" 1 '^medrule: \./vocabulary/w\.lua:2: ' \
  "$MEDRULE" check --pack bad p.json
rm vocabulary/w.lua; ln -s v.lua vocabulary/w.lua
expect "a vocabulary that is a symbolic link is refused" 1 'a symbolic link; only regular files' \
  "$MEDRULE" check --pack bad p.json
rm vocabulary/w.lua
printf 'topic { "dosing.rate", "Which rate?" }\nfact { "patient.age", type = "quantity", unit = "a" }\n' > vocabulary/w.lua
sed -i 's/categories = { "dosing" } }/categories = { "dosing" }, topics = { { "dosing.rate", "Q?" } } }/' bad/pack.lua
expect "a topic both in pack { topics } and declared by topic { } is refused" 1 \
  "pack: topic 'dosing.rate' is listed here and declared at vocabulary/w\.lua:1" "$MEDRULE" check --pack bad p.json

# 15-17: the ketamine packs share rules/vocabulary/ketamine.lua
cd "$root" || exit 1
uses=0
for p in rules/*/pack.lua; do
  case $p in rules/demo/*) continue ;; esac
  grep -q '^use "ketamine"$' "$p" && uses=$((uses + 1))
done
packs=$(ls rules/*/pack.lua | grep -vc demo)
if [ "$uses" = "$packs" ] && [ "$uses" -ge 5 ]; then ok "every ketamine pack uses the ketamine vocabulary ($uses packs)"
else not_ok "every ketamine pack uses the ketamine vocabulary" "$uses of $packs"; fi
if ls rules/*/facts.lua rules/*/new_facts.lua 2>/dev/null | xargs -r grep -l '^fact { "patient.weight"' | grep -q .; then
  not_ok "no pack redeclares a vocabulary fact" "$(ls rules/*/facts.lua | xargs grep -l 'patient.weight')"
else ok "no pack redeclares a vocabulary fact"; fi
echo '{"patient":{"weight":"70 kg"},"plan":{"midazolam_dose":"2 mg","cyp3a_inhibitor":true}}' > "$tmp/k.json"
expect "a review pack's vocabulary fact is accepted by the 2018 pack alone (no --allow-extra)" 0 '"disposition"' \
  "$MEDRULE" check --pack rules/asra-ketamine-2018 --format json "$tmp/k.json"

echo "1..$n"
[ "$fail" = 0 ]
