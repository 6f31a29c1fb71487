#!/bin/sh
# The Lua binding (bindings/lua), as TAP: runs bindings/lua/tests/test.lua
# with lua5.4 and the module in $BUILD/lua (BUILD defaults to build).
#
# It first writes what the test compares against, with the medrule program:
# every golden patient of every pack under rules/ as one NDJSON line (keys sorted, the
# order in which the binding walks a Lua table, so that messages come in the
# same order) and `medrule check --pack P --format json -` of those lines;
# and `medrule doc --format json` of each pack.
#
# Under the sanitizers (make check) the module needs the ASan runtime loaded
# first, which the lua5.4 interpreter is not linked with: it is preloaded for
# the interpreter only (the medrule runs above happen before).
#
# Last, a staged `make install` puts the module where Debian's lua5.4 looks
# for it (PREFIX/lib/lua/5.4), it loads from there, and `make uninstall`
# removes it.
cd "$(dirname "$0")/../../.." || exit 1
case ${BUILD:-build} in /*) B=${BUILD} ;; *) B=$PWD/${BUILD:-build} ;; esac
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
export LC_ALL=C NO_COLOR=1

for pack in rules/*/; do
  pack=${pack%/}
  [ -f "$pack/pack.lua" ] || continue
  "$B/medrule" doc --format json "$pack" > "$tmp/doc-$(basename "$pack").json" || exit 1
  for f in "$pack"/tests/*.json; do
    [ -f "$f" ] || continue
    out=$tmp/$(echo "$f" | tr / _)
    python3 -c '
import json, sys
for case in json.load(open(sys.argv[1])):
    print(json.dumps(case["facts"], sort_keys=True, ensure_ascii=False))' "$f" > "$out.in" || exit 1
    # exit status 1 when a record fails to load: the golden error cases
    "$B/medrule" check --pack "$pack" --format json - < "$out.in" > "$out.out" 2> "$out.err"
    [ "$(wc -l < "$out.in")" = "$(wc -l < "$out.out")" ] || { echo "Bail out! medrule check on $f"; exit 1; }
    printf '%s\t%s\t%s\n' "$pack" "$f" "$out" >> "$tmp/golden.tsv"
  done
done

export MEDRULE_TEST_DIR="$tmp" LUA_CPATH="$B/lua/?.so;;"
san=$(ldd "$B/lua/medrule.so" | awk '/libasan/ {print $3}')
if [ -n "$san" ]; then
  LD_PRELOAD=$san ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} lua5.4 bindings/lua/tests/test.lua
else
  lua5.4 bindings/lua/tests/test.lua
fi
status=$?

# the installed module (a plain build, as tests/install/run.sh does)
unset MAKEFLAGS MAKELEVEL MFLAGS BUILD SAN OPT
S=$tmp/stage
n=$(cat "$tmp/count" 2>/dev/null || echo 0)
if make -s --no-print-directory install DESTDIR="$S" PREFIX=/usr/local > "$tmp/log" 2>&1 &&
   [ -f "$S/usr/local/lib/lua/5.4/medrule.so" ] &&
   PACK=$S/usr/local/share/medrule/packs/demo LUA_CPATH="$S/usr/local/lib/lua/5.4/?.so" lua5.4 -e '
     local medrule = require "medrule"
     local pack = assert(medrule.open(os.getenv("PACK")))
     assert(pack:check{patient = {pregnant = true}}.disposition == "do_not_proceed")' >> "$tmp/log" 2>&1 &&
   lua5.4 -e 'assert(package.cpath:find("/usr/local/lib/lua/5.4/?.so", 1, true))' >> "$tmp/log" 2>&1 &&
   make -s --no-print-directory uninstall DESTDIR="$S" PREFIX=/usr/local >> "$tmp/log" 2>&1 &&
   [ ! -e "$S/usr/local/lib/lua/5.4/medrule.so" ]; then
  echo "ok $((n + 1)) - make install puts medrule.so in PREFIX/lib/lua/5.4 (on lua5.4's package.cpath for /usr/local), it loads from there, make uninstall removes it"
else
  echo "not ok $((n + 1)) - make install / uninstall of the Lua module"
  tail -15 "$tmp/log" | sed 's/^/# /'
  status=1
fi
echo "1..$((n + 1))"
exit $status
