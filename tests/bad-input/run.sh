#!/bin/sh
# The bad-input corpus, as TAP.  Run from anywhere; uses $BUILD/medrule
# (BUILD defaults to build; relative to the repository root).
#
#   facts/NAME.json        a fact file that must be refused, checked with
#                          `medrule check --pack rules/demo --format json`
#                          (NAME.args, if present, replaces "--pack rules/demo")
#     NAME.err             its exact standard error
#     NAME.out             its exact standard output (the JSON error record)
#     NAME.status          its exit status when not 1
#   packs/NAME/pack.lua    a pack that must fail to load (checked on empty.json)
#     packs/NAME.err, packs/NAME.status as above; standard output must be empty
#   NAME.errpat            instead of NAME.err: an extended regular expression
#                          the standard error must match, for open engine bugs
#                          whose message does not exist yet
#
# Then: a 100 MB NDJSON line and a 17 MB fact file generated at run time; an
# NDJSON file mixing good and bad records (one output line per record, error
# records in place, exit 1), also from standard input; determinism (two runs,
# byte-identical); the fuzz targets replaying their seed corpora and every
# crash found so far (tests/fuzz/regress/); and the allocation-failure test
# (tests/fuzz/oom.c).
#
# Every case runs under `timeout 10`: an exit status of 124 or more (a hang,
# a signal) or sanitizer output is a failure whatever the expectations say;
# so are invalid UTF-8 and raw control characters in the messages.
# UPDATE=1 rewrites NAME.err, NAME.out and NAME.status from what the program
# does now: read every changed message before keeping it.
cd "$(dirname "$0")/../.." || exit 1
case ${BUILD:-build} in /*) B=${BUILD} ;; *) B=$PWD/${BUILD:-build} ;; esac
MEDRULE=$B/medrule
export NO_COLOR=1 LC_ALL=C
T=tests/bad-input
CTRL=$(printf '[\001-\010\013-\037\177]')
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
n=0
fail=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
  n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"
  shift
  for line in "$@"; do echo "# $line"; done
}
show() { sed -n '1,12p' "$1" | cut -c1-300 | sed 's/^/#   /'; }

# crashed FILE STATUS: a hang, a signal or sanitizer output?
crashed() {
  [ "$2" -ge 124 ] && return 0
  grep -q -e 'Sanitizer' -e 'runtime error:' -e 'unprotected Lua error' "$1"
}

# check NAME BASE STATUS OUT-EXPECTED(file or "empty") — compares $tmp/out,
# $tmp/err and the status with the expectations at BASE.
check() {
  name=$1 base=$2 status=$3 outwant=$4
  want=1; [ -f "$base.status" ] && want=$(cat "$base.status")
  if [ -n "$UPDATE" ] && [ ! -f "$base.errpat" ]; then
    cp "$tmp/err" "$base.err"
    [ "$outwant" = empty ] || cp "$tmp/out" "$base.out"
    if [ "$status" = 1 ]; then rm -f "$base.status"; else echo "$status" > "$base.status"; fi
    want=$status
  fi
  why=""
  if crashed "$tmp/err" "$status"; then
    why="crashed or hung: exit status $status"
  elif [ "$status" != "$want" ]; then
    why="exit status $status, want $want"
  elif ! iconv -f UTF-8 -t UTF-8 <"$tmp/err" >/dev/null 2>&1 || ! iconv -f UTF-8 -t UTF-8 <"$tmp/out" >/dev/null 2>&1; then
    why="invalid UTF-8 in the output (a multi-byte character cut in two?)"
  elif grep -q "$CTRL" "$tmp/err"; then
    why="a raw control character in standard error (a terminal escape from the input?)"
  elif [ -f "$base.errpat" ]; then
    grep -E -q -e "$(cat "$base.errpat")" "$tmp/err" || why="standard error does not match $base.errpat"
  elif ! cmp -s "$tmp/err" "$base.err"; then
    why="standard error differs from $base.err"
  fi
  if [ -z "$why" ]; then
    if [ "$outwant" = empty ]; then
      [ -s "$tmp/out" ] && why="standard output is not empty"
    elif [ -f "$base.errpat" ]; then
      # no exact message yet: one JSON error record
      [ "$(wc -l < "$tmp/out")" = 1 ] && grep -q '^{"contract":1,"patient":{"id":null,"source":"[^"]*"},"error":".*"}$' "$tmp/out" ||
        why="standard output is not one JSON error record"
    elif ! cmp -s "$tmp/out" "$outwant"; then
      why="standard output differs from $outwant"
    fi
  fi
  if [ -z "$why" ]; then ok "$name"; else
    not_ok "$name" "$why" "standard error:"
    show "$tmp/err"
    if [ -f "$base.err" ] && [ ! -f "$base.errpat" ]; then echo "#  expected:"; show "$base.err"; fi
  fi
}

if [ ! -x "$MEDRULE" ]; then
  echo "1..1"; echo "not ok 1 - $MEDRULE is not built (make)"; exit 1
fi

# ---------------------------------------------------------------- fact files
for f in "$T"/facts/*.json; do
  base=${f%.json}; name=facts/$(basename "$base")
  args="--pack rules/demo"; [ -f "$base.args" ] && args=$(cat "$base.args")
  # shellcheck disable=SC2086
  timeout 10 "$MEDRULE" check $args --format json "$f" >"$tmp/out" 2>"$tmp/err" </dev/null
  check "$name" "$base" $? "$base.out"
done

# ---------------------------------------------------------------- broken packs
for d in "$T"/packs/*/; do
  d=${d%/}; name=packs/$(basename "$d")
  timeout 10 "$MEDRULE" check --pack "$d" --format json $T/empty.json >"$tmp/out" 2>"$tmp/err" </dev/null
  check "$name" "$d" $? empty
done

# ---------------------------------------------------------------- generated at run time
# A 100 MB line in the middle of an NDJSON file: an error record for it, the
# records around it still evaluated.
good='{"patient":{"id":"p-big","weight":"80 kg","pregnant":false}}'
{
  echo "$good"
  printf '{"patient":{"id":"'
  head -c 100000000 /dev/zero | tr '\0' 'x'
  echo '"}}'
  echo "$good"
} > "$tmp/big.ndjson"
timeout 20 "$MEDRULE" check --pack rules/demo --format json "$tmp/big.ndjson" >"$tmp/out" 2>"$tmp/err"
status=$?
lines=$(wc -l < "$tmp/out")
e2=$(sed -n 2p "$tmp/out")
msg="medrule: $tmp/big.ndjson:2: the record is longer than 16 MiB"
if crashed "$tmp/err" $status; then not_ok "100 MB NDJSON line" "crashed or hung: exit status $status"
elif [ $status != 1 ] || [ "$lines" != 3 ] || [ "$(cat "$tmp/err")" != "$msg" ] ||
     ! echo "$e2" | grep -q -F "\"error\":\"$tmp/big.ndjson:2: the record is longer than 16 MiB\"}" ||
     ! sed -n 1p "$tmp/out" | grep -q '"id":"p-big"' || ! sed -n 3p "$tmp/out" | grep -q '"id":"p-big"'; then
  not_ok "100 MB NDJSON line" "exit $status, $lines output lines (want 1 and 3); stderr:"; show "$tmp/err"
  echo "#  line 2 of the output: $(echo "$e2" | cut -c1-200)"
else ok "100 MB NDJSON line: error record 2 of 3, exit 1"; fi
rm -f "$tmp/big.ndjson"

# A fact file (not NDJSON) larger than the 16 MiB record limit.
{ printf '{"patient":{"id":"'; head -c 17000000 /dev/zero | tr '\0' 'y'; echo '"}}'; } > "$tmp/big.json"
timeout 20 "$MEDRULE" check --pack rules/demo --format json "$tmp/big.json" >"$tmp/out" 2>"$tmp/err"
status=$?
msg="medrule: $tmp/big.json: larger than 16 MiB; use NDJSON for many patients"
if crashed "$tmp/err" $status; then not_ok "17 MB fact file" "crashed or hung: exit status $status"
elif [ $status = 1 ] && [ "$(cat "$tmp/err")" = "$msg" ] && [ "$(wc -l < "$tmp/out")" = 1 ]; then
  ok "17 MB fact file refused"
else not_ok "17 MB fact file" "exit $status; stderr:"; show "$tmp/err"; fi
rm -f "$tmp/big.json"

# A pack file larger than the 4 MiB limit.
mkdir -p "$tmp/bigpack"
{ echo 'pack { id = "big", version = "1.0.0", title = "t", source = { document = "d" },'
  echo '       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }'
  echo 'include "big.lua"'; } > "$tmp/bigpack/pack.lua"
{ printf -- '-- '; head -c 4500000 /dev/zero | tr '\0' 'z'; echo; } > "$tmp/bigpack/big.lua"
timeout 10 "$MEDRULE" check --pack "$tmp/bigpack" --format json $T/empty.json >"$tmp/out" 2>"$tmp/err"
status=$?
msg="medrule: $tmp/bigpack/pack.lua:3: include: cannot read big.lua: larger than 4 MiB"
if crashed "$tmp/err" $status; then not_ok "4.5 MB pack file" "crashed or hung: exit status $status"
elif [ $status = 1 ] && [ "$(cat "$tmp/err")" = "$msg" ] && [ ! -s "$tmp/out" ]; then ok "4.5 MB pack file refused"
else not_ok "4.5 MB pack file" "exit $status; want: $msg; stderr:"; show "$tmp/err"; fi

# ---------------------------------------------------------------- NDJSON: good and bad records mixed
# mixed.ndjson: every line is a record; bad ones are marked "bad" in their
# patient id, are not even JSON, or are blank.  The output must have one line
# per input line, in order, the error record exactly where the bad input was.
records=$(grep -c "" $T/mixed.ndjson)
for how in file stdin; do
  if [ $how = file ]; then
    timeout 10 "$MEDRULE" check --pack rules/demo --format json $T/mixed.ndjson >"$tmp/out" 2>"$tmp/err" </dev/null
  else
    timeout 10 "$MEDRULE" check --pack rules/demo --format json - <$T/mixed.ndjson >"$tmp/out" 2>"$tmp/err"
  fi
  status=$?
  why=""
  if crashed "$tmp/err" $status; then why="crashed or hung: exit status $status"
  elif [ $status != 1 ]; then why="exit status $status, want 1"
  elif [ "$(wc -l < "$tmp/out")" != "$records" ]; then why="$(wc -l < "$tmp/out") output lines for $records records"
  else
    # record k (input line k) is an error iff its output line is
    k=0
    grep "" $T/mixed.ndjson > "$tmp/records"
    while IFS= read -r rec; do
      k=$((k + 1))
      o=$(sed -n "${k}p" "$tmp/out")
      case $rec in *'"bad'*|'!'*) bad=1 ;; *[![:space:]]*) bad=0 ;; *) bad=1 ;; esac
      case $o in *'"error":'*) got=1 ;; *) got=0 ;; esac
      [ $bad = $got ] || why="record $k: error record expected: $bad, got: $got"
      if [ $bad = 0 ]; then
        id=$(echo "$rec" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
        case $o in *"\"id\":\"$id\""*) ;; *) why="record $k: output line is not patient $id" ;; esac
      fi
    done < "$tmp/records"
    if [ $how = file ] && [ -z "$why" ]; then
      if [ -n "$UPDATE" ]; then cp "$tmp/out" $T/mixed.out; cp "$tmp/err" $T/mixed.err; fi
      cmp -s "$tmp/out" $T/mixed.out || why="standard output differs from $T/mixed.out"
      cmp -s "$tmp/err" $T/mixed.err || why="standard error differs from $T/mixed.err"
    fi
  fi
  if [ -z "$why" ]; then ok "NDJSON mixed good and bad records ($how): $records lines, errors in place, exit 1"
  else not_ok "NDJSON mixed good and bad records ($how)" "$why"; show "$tmp/err"; fi
done

# ---------------------------------------------------------------- terminal escapes from the input
# A fact file may carry escape sequences in its strings: a text fact with a
# control character is refused, naming the fact, and no raw control
# character reaches the terminal in any format.
printf '%s\n' '{"patient":{"id":"p-\u001b[2J\u001b]0;owned\u0007-x","pregnant":false}}' > "$tmp/esc.json"
for fmt in text cards; do
  "$MEDRULE" check --pack rules/demo --format $fmt "$tmp/esc.json" >"$tmp/out" 2>"$tmp/err" </dev/null
  status=$?
  if [ $status = 1 ] && grep -q 'patient.id: the text contains a control character' "$tmp/err" &&
     ! grep -q "$CTRL" "$tmp/out" "$tmp/err"; then ok "--format $fmt: a text fact with control characters is refused, nothing raw reaches the terminal"
  else not_ok "--format $fmt: control characters from the input (exit $status)"
    grep -n "$CTRL" "$tmp/out" | head -3 | od -c | head -4 | sed 's/^/#   /'; fi
done

# ---------------------------------------------------------------- determinism
same=1
for fmt in json text cards; do
  "$MEDRULE" check --pack rules/demo --format $fmt $T/mixed.ndjson >"$tmp/run1" 2>"$tmp/err1" </dev/null
  "$MEDRULE" check --pack rules/demo --format $fmt $T/mixed.ndjson >"$tmp/run2" 2>"$tmp/err2" </dev/null
  cmp -s "$tmp/run1" "$tmp/run2" && cmp -s "$tmp/err1" "$tmp/err2" || same=0
done
for f in "$T"/facts/*.json; do cat "$f"; echo; done > "$tmp/all.ndjson" 2>/dev/null
"$MEDRULE" check --pack rules/demo --format json "$tmp/all.ndjson" >"$tmp/run1" 2>&1
"$MEDRULE" check --pack rules/demo --format json "$tmp/all.ndjson" >"$tmp/run2" 2>&1
cmp -s "$tmp/run1" "$tmp/run2" || same=0
if [ $same = 1 ]; then ok "determinism: byte-identical output across two runs (json, text, cards, the whole corpus)"
else not_ok "determinism: two runs differ"; fi

# ---------------------------------------------------------------- programs built against the library
CPPFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -Iengine/include -Iengine/src -Itests/fuzz -I/usr/include/lua5.4"
LIBS="-llua5.4 -llua5.4-lpeg -lcjson -lnettle -lunistring -lm -lsimdjson -lstdc++"
SANFLAGS=""
if nm "$B/libmedrule.a" 2>/dev/null | grep -q __asan_; then
  SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer"
fi
CCX=${CC:-cc}
# buildprog OUT SOURCES...: compiles against $B/libmedrule.a
buildprog() {
  out=$1; shift
  # shellcheck disable=SC2086
  $CCX $CPPFLAGS -g -O1 $SANFLAGS -DMR_SOURCE_DIR="\"$PWD\"" -o "$out" "$@" "$B/libmedrule.a" $LIBS 2>"$tmp/cc.err"
}

# The fuzz targets, replaying their seeds and every crash kept as a regression.
for t in facts units condition eval fhir; do
  if ! buildprog "$tmp/replay_$t" tests/fuzz/fuzz_$t.c tests/fuzz/replay.c; then
    not_ok "fuzz_$t replay: does not build"; show "$tmp/cc.err"; continue
  fi
  files=$(ls tests/fuzz/corpus/$t/* tests/fuzz/regress/$t/* 2>/dev/null)
  count=$(echo "$files" | grep -c .)
  # shellcheck disable=SC2086
  TMPDIR=$tmp timeout 60 "$tmp/replay_$t" $files >"$tmp/out" 2>"$tmp/err"
  status=$?
  if [ $status = 0 ] && ! crashed "$tmp/err" 0; then ok "fuzz_$t replays $count seed and regression inputs"
  else not_ok "fuzz_$t replay: exit status $status" "standard error:"; show "$tmp/err"; fi
done

# Allocation failure at every allocation of a pack load and an evaluation,
# and the Lua memory limit shrunk until the pack loads (with ASan: leaks too).
if buildprog "$tmp/oomtest" tests/fuzz/oom.c; then
  ASAN_OPTIONS=detect_leaks=1 timeout 120 "$tmp/oomtest" rules/demo >"$tmp/out" 2>"$tmp/err"
  status=$?
  if [ $status = 0 ]; then ok "allocation failures: every pass failed with out of memory or gave the undisturbed output"
  else
    not_ok "allocation failures (tests/fuzz/oom.c): exit status $status"
    sed 's/^/#   /' "$tmp/out" | cut -c1-300
    grep -v '^oomtest: lpvm' "$tmp/err" | sed -n '1,10p' | sed 's/^/#   /'
  fi
else not_ok "oomtest does not build"; show "$tmp/cc.err"; fi

echo "1..$n"
exit $((fail > 0))
