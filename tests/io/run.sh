#!/bin/sh
# I/O that never lies, as TAP.  Uses $BUILD/medrule (BUILD defaults to build).
#
#   write errors   every subcommand and every output path (--help, --version
#                  too) with standard output on /dev/full and closed: exit 1
#                  and a message naming what failed, never a silent 0
#   broken pipe    with SIGPIPE ignored: exit 1, "Broken pipe", and the
#                  evaluation stops at the first failed write; with SIGPIPE
#                  at its default: death by the signal, like any filter
#   file names     a name holding the byte 0xff and a newline reads the same
#                  (\xff, \x0a) in every message and JSON field; the output
#                  is valid UTF-8 and every JSON line parses
#   streaming      interactive.py: NDJSON on stdin is answered record by
#                  record, not when the input ends, also through pipes in
#                  non-blocking mode
#   escaping       escape.c: sb_put_printable and sb_json_strn byte by byte
#
# One output record per input record (several files, missing, a directory,
# empty, blank lines) is in tests/cli/cases/check-many-files*.
cd "$(dirname "$0")/../.." || exit 1
R=$PWD
case ${BUILD:-build} in /*) B=${BUILD} ;; *) B=$PWD/${BUILD:-build} ;; esac
M=$B/medrule
export NO_COLOR=1 LC_ALL=C
E=examples/patients
P=rules/asra-ketamine-2018
D=rules/demo
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
show() { sed -n '1,6p' "$1" | cut -c1-200 | sed 's/^/#   /'; }

if [ ! -x "$M" ]; then
  echo "1..1"; echo "not ok 1 - $M is not built (make)"; exit 1
fi

# ---------------------------------------------------------------- write errors
# Every way the program writes to standard output.
set -- \
  "--help" \
  "--version" \
  "check --help" \
  "check $E/crps-healthy.json" \
  "check --format json $E/crps-healthy.json" \
  "check --format cards $E/crps-healthy.json" \
  "check --explain $E/missing-data.json" \
  "check --pack $D --format json tests/cli/data/nope.json" \
  "doc --help" \
  "doc $P" \
  "doc --format html $P" \
  "doc --format json $P" \
  "facts --help" \
  "facts $P" \
  "facts --template $P" \
  "facts --describe $P" \
  "lint --help" \
  "lint $P" \
  "lint --format json $P" \
  "lint tests/lint-packs/planted" \
  "lint --format json tests/bad-input/packs/derive-cycle" \
  "lint tests/bad-input/packs/derive-cycle" \
  "test --help" \
  "test $P" \
  "test --format json $P" \
  "test --coverage $D" \
  "why --help" \
  "why asra2018.indication.crps $E/crps-healthy.json" \
  "why-not asra2018.contraindication.psychosis_active $E/crps-healthy.json" \
  "what-if --help" \
  "what-if $E/crps-healthy.json --set plan.infusion_rate=2.5" \
  "what-if --format json $E/crps-healthy.json --set plan.infusion_rate=2.5" \
  "missing --help" \
  "missing $E/missing-data.json"
for args in "$@"; do
  # the same command with a working standard output, for its own status
  # shellcheck disable=SC2086
  "$M" $args >"$tmp/good" 2>/dev/null </dev/null
  good=$?
  want=$good; [ "$good" = 0 ] && want=1
  if [ ! -s "$tmp/good" ]; then not_ok "$args: writes nothing to test with"; continue; fi
  for to in full closed; do
    # shellcheck disable=SC2086
    if [ $to = full ]; then "$M" $args >/dev/full 2>"$tmp/err" </dev/null
    else "$M" $args >&- 2>"$tmp/err" </dev/null; fi
    status=$?
    if [ $to = full ]; then msg="medrule: cannot write to standard output: No space left on device"
    else msg="medrule: cannot write to standard output: it is closed"; fi
    if [ $status = "$want" ] && [ "$(tail -n 1 "$tmp/err")" = "$msg" ]; then
      ok "$args > $to: exit $status, the write error reported"
    else
      not_ok "$args > $to: exit $status (want $want), standard error:"; show "$tmp/err"
    fi
  done
done

# ---------------------------------------------------------------- broken pipe
# 3000 good records, then one that is not JSON.  A reader that reads one line
# and closes the pipe: the program must stop at the first failed write, so
# the bad record at the end is never read (its error never reported).
good='{"patient":{"id":"p","weight":"80 kg","pregnant":false},"pain":{"conditions":["crps"]}}'
awk -v r="$good" 'BEGIN { for (i = 0; i < 3000; i++) print r; print "not json, never read" }' > "$tmp/many.ndjson"
cat > "$tmp/pipe.py" <<'EOF'
import signal, subprocess, sys
ignore = sys.argv[1] == "ignored"
# Python ignores SIGPIPE itself; restore_signals resets it to the default
# in the child unless we ask to keep it ignored.
p = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     restore_signals=not ignore)
p.stdout.readline()
p.stdout.close()  # like `| head -1`
try:
    err = p.stderr.read()
    status = p.wait(20)
except subprocess.TimeoutExpired:
    p.kill(); print("hung"); sys.exit(0)
print(128 - status if status < 0 else status)  # death by signal N as 128+N, like sh
sys.stderr.buffer.write(err)
EOF
status=$(python3 "$tmp/pipe.py" ignored "$M" check --pack $D --format json "$tmp/many.ndjson" 2>"$tmp/err")
if [ "$status" = 1 ] && [ "$(cat "$tmp/err")" = "medrule: cannot write to standard output: Broken pipe" ]; then
  ok "SIGPIPE ignored, reader gone: exit 1, 'Broken pipe', the last record never read"
else not_ok "SIGPIPE ignored, reader gone: exit $status (want 1), standard error:"; show "$tmp/err"; fi
status=$(python3 "$tmp/pipe.py" default "$M" check --pack $D --format json "$tmp/many.ndjson" 2>"$tmp/err")
if [ "$status" = 141 ] && [ ! -s "$tmp/err" ]; then ok "SIGPIPE at its default, reader gone: killed by SIGPIPE (141)"
else not_ok "SIGPIPE default, reader gone: status $status (want 141), standard error:"; show "$tmp/err"; fi
for fmt in text json cards; do
  "$M" check --pack $D --format $fmt "$tmp/many.ndjson" >/dev/full 2>"$tmp/err"
  status=$?
  if [ $status = 1 ] && [ "$(cat "$tmp/err")" = "medrule: cannot write to standard output: No space left on device" ]; then
    ok "--format $fmt to /dev/full: stops at the first write error, the last record never read"
  else not_ok "--format $fmt to /dev/full: exit $status, standard error:"; show "$tmp/err"; fi
done

# ---------------------------------------------------------------- file names
# A name with the byte 0xff and a newline, as a fact file that loads, one
# that does not, an NDJSON file, and one that does not exist.
name=$(printf 'p\377\nq')
shown='p\xff\x0aq'
echo "$good" > "$tmp/$name.json"
echo '{"patient":{"id":"x","weight":"900 kg"}}' > "$tmp/$name-bad.json"
echo "$good" > "$tmp/$name.ndjson"
cat > "$tmp/valid.py" <<'EOF'
import json, sys
# every line of standard output (argv[1]) one JSON object; prints each source
for line in open(sys.argv[1], encoding="utf-8", errors="strict"):
    print(json.loads(line)["patient"]["source"])
EOF
(cd "$tmp" && "$M" check --pack "$R/$D" --format json "$name.json" "$name-bad.json" "$name.ndjson" \
   "$name-missing.json" >out 2>err)
status=$?
printf '%s\n' "$shown.json" "$shown-bad.json" "$shown.ndjson:1" "$shown-missing.json" > "$tmp/want-sources"
if [ $status = 1 ] && python3 "$tmp/valid.py" "$tmp/out" > "$tmp/sources" 2>"$tmp/why" &&
   cmp -s "$tmp/sources" "$tmp/want-sources"; then
  ok "a file name with 0xff and a newline: valid UTF-8, every JSON line parses, source is '$shown...'"
else not_ok "file name with 0xff and a newline in JSON (exit $status)"; show "$tmp/why"; show "$tmp/sources"; fi
if [ "$(wc -l < "$tmp/err")" = 2 ] && sed -n 1p "$tmp/err" | grep -F -q "medrule: $shown-bad.json: " &&
   [ "$(sed -n 2p "$tmp/err")" = "medrule: $shown-missing.json: cannot open: No such file or directory" ] &&
   grep -F -q "\"error\":\"$(printf "%s" "$shown" | sed 's/\\/\\\\/g')-missing.json: cannot open" "$tmp/out"
then ok "the same name in every message and JSON error field: $shown"
else not_ok "file name in messages"; show "$tmp/err"; fi
for sub in why missing what-if; do
  case $sub in
    why) set -- why --pack "$R/$P" asra2018.indication.crps "$name-missing.json" ;;
    missing) set -- missing --pack "$R/$P" "$name-missing.json" ;;
    what-if) set -- what-if --pack "$R/$P" "$name-missing.json" --set plan.infusion_rate=2.5 ;;
  esac
  (cd "$tmp" && "$M" "$@" >/dev/null 2>err)
  if [ "$(cat "$tmp/err")" = "medrule: $shown-missing.json: cannot open: No such file or directory" ]; then
    ok "$sub: the name escaped the same way"
  else not_ok "$sub: file name in the message"; show "$tmp/err"; fi
done

# ---------------------------------------------------------------- streaming
for mode in blocking nonblocking; do
  if timeout 60 python3 tests/io/interactive.py "$M" $D $mode > "$tmp/out" 2>&1; then
    ok "NDJSON on stdin answered record by record, $mode pipes ($(grep -c '^ok' "$tmp/out") steps)"
  else not_ok "NDJSON on stdin, $mode pipes: not answered record by record:"; show "$tmp/out"; fi
done

# ---------------------------------------------------------------- escaping
SANFLAGS=""
nm "$B/libmedrule.a" 2>/dev/null | grep -q __asan_ && SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer"
# shellcheck disable=SC2086
if ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Iengine/include -Iengine/src -g $SANFLAGS \
     -o "$tmp/escape" tests/io/escape.c "$B/libmedrule.a" -llua5.4 -llua5.4-lpeg -lcjson -lnettle -lunistring -lm -lpthread -lsimdjson -lstdc++ \
     2>"$tmp/cc.err"; then
  "$tmp/escape" > "$tmp/out" 2>&1
  status=$?
  if [ $status = 0 ]; then ok "escaping: $(grep -c '^ok' "$tmp/out") byte-level cases (tests/io/escape.c)"
  else not_ok "escaping (tests/io/escape.c): exit $status"; grep -A2 '^not ok' "$tmp/out" | sed 's/^/#   /'; fi
else not_ok "tests/io/escape.c does not build"; show "$tmp/cc.err"; fi

# ---------------------------------------------------------------- one writer
# Only cli/out.c writes to standard output: a printf elsewhere would bypass
# the checks above on some path no case covers.
if grep -n -E '(^|[^a-z_])(printf|puts|putchar|fwrite)\(|, stdout\)' cli/*.c | grep -v '^cli/out\.c:' \
     | grep -v -E 'cli_(text_width|use_color)\(' > "$tmp/out"; then
  not_ok "standard output written around cli/out.c:"; show "$tmp/out"
else ok "only cli/out.c writes to standard output"; fi

echo "1..$n"
exit $((fail > 0))
