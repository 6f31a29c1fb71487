#!/bin/sh
# I/O that never lies, as TAP.  Uses $BUILD/medrule (BUILD defaults to build).
#
#   escaping       escape.c: sb_put_printable and sb_json_strn byte by byte
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

# ---------------------------------------------------------------- escaping
SANFLAGS=""
nm "$B/libmedrule.a" 2>/dev/null | grep -q __asan_ && SANFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer"
# shellcheck disable=SC2086
if ${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Iengine/include -Iengine/src -g $SANFLAGS \
     -o "$tmp/escape" tests/io/escape.c "$B/libmedrule.a" -llua5.4 -llua5.4-lpeg -lcjson -lmd -lunistring -lm \
     2>"$tmp/cc.err"; then
  "$tmp/escape" > "$tmp/out" 2>&1
  status=$?
  if [ $status = 0 ]; then ok "escaping: $(grep -c '^ok' "$tmp/out") byte-level cases (tests/io/escape.c)"
  else not_ok "escaping (tests/io/escape.c): exit $status"; grep -A2 '^not ok' "$tmp/out" | sed 's/^/#   /'; fi
else not_ok "tests/io/escape.c does not build"; show "$tmp/cc.err"; fi

echo "1..$n"
exit $((fail > 0))
