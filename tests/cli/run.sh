#!/bin/sh
# Command-line golden tests, as TAP.  Each case is tests/cli/cases/NAME.cmd, a
# shell command run from the repository root with $MEDRULE set to the
# program; NAME.out is its exact expected standard output, NAME.err (if
# present) its exact standard error, NAME.status (if present) its exit
# status (default 0).  UPDATE=1 rewrites the expectations from the actual
# output: review the diff before committing it.
cd "$(dirname "$0")/../.." || exit 1
MEDRULE="$PWD/${BUILD:-build}/medrule"
export MEDRULE NO_COLOR=1
n=0; fail=0
cases=$(ls tests/cli/cases/*.cmd 2>/dev/null | sort)
echo "1..$(echo "$cases" | grep -c .)"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for c in $cases; do
  n=$((n + 1)); base=${c%.cmd}; name=$(basename "$base")
  sh "$c" >"$tmp/out" 2>"$tmp/err" </dev/null; status=$?
  want=0; [ -f "$base.status" ] && want=$(cat "$base.status")
  if [ -n "$UPDATE" ]; then
    cp "$tmp/out" "$base.out"; [ -f "$base.err" ] && cp "$tmp/err" "$base.err"
    [ "$status" != 0 ] && echo "$status" > "$base.status"
  fi
  ok=1
  cmp -s "$tmp/out" "$base.out" || ok=0
  [ -f "$base.err" ] && { cmp -s "$tmp/err" "$base.err" || ok=0; }
  [ "$status" = "$want" ] || ok=0
  if [ $ok = 1 ]; then echo "ok $n - $name"; else
    fail=$((fail + 1)); echo "not ok $n - $name (exit $status, want $want)"
    diff -u "$base.out" "$tmp/out" | head -20 | sed 's/^/# /'
    [ -f "$base.err" ] && diff -u "$base.err" "$tmp/err" | head -10 | sed 's/^/# /'
  fi
done
exit $((fail > 0))
