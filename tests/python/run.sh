#!/bin/sh
# The Python binding's tests (bindings/python/tests), as TAP: one line per
# pytest test.  Uses $BUILD (default build/): its libmedrule.so.0 and its
# medrule program.  Needs Debian's python3-pytest (make test installs it).
# Under a sanitizer build (make check) the sanitizer's runtime is preloaded
# into python3, leak detection off (the interpreter keeps memory to exit).
cd "$(dirname "$0")/../.." || exit 1
case ${BUILD:-build} in /*) B=${BUILD} ;; *) B=$PWD/${BUILD:-build} ;; esac
export BUILD="$B" MEDRULE_LIBRARY="$B/libmedrule.so.0" PYTHONDONTWRITEBYTECODE=1 NO_COLOR=1
# The first python3 that has pytest: the one on PATH, else Debian's.
py=
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import pytest' 2>/dev/null; then py=$p; break; fi
done
if [ -z "$py" ]; then
  echo "1..1"; echo "not ok 1 - python3 with pytest (apt-get install python3-pytest)"; exit 1
fi
asan=$(ldd "$MEDRULE_LIBRARY" 2>/dev/null | awk '/libasan/ {print $3}')
ubsan=$(ldd "$MEDRULE_LIBRARY" 2>/dev/null | awk '/libubsan/ {print $3}')
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
if [ -n "$asan$ubsan" ]; then  # reports to files: pytest captures standard error
  export LD_PRELOAD="$asan${ubsan:+ $ubsan}" ASAN_OPTIONS="detect_leaks=0:log_path=$tmp/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
  export UBSAN_OPTIONS="print_stacktrace=1:log_path=$tmp/ubsan${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
fi
MEDRULE_TAP=$tmp/tap "$py" -m pytest -q -p no:cacheprovider bindings/python/tests >"$tmp/log" 2>&1
status=$?
n=0
[ -f "$tmp/tap" ] && n=$(grep -c . "$tmp/tap")
extra=0  # pytest failed outside any test (collection, an import): one more line says so
[ "$status" != 0 ] && ! grep -q '^not ok' "$tmp/tap" 2>/dev/null && extra=1
echo "1..$((n + extra))"
[ "$n" -gt 0 ] && awk '{ if (sub(/^not ok - /, "")) print "not ok " NR " - python: " $0;
                         else { sub(/^ok - /, ""); print "ok " NR " - python: " $0 } }' "$tmp/tap"
[ "$extra" = 1 ] && echo "not ok $((n + 1)) - pytest exited with status $status"
for f in "$tmp"/asan.* "$tmp"/ubsan.*; do [ -f "$f" ] && head -40 "$f" | sed 's/^/# /'; done
# pytest's own report, as TAP comments: the failures in full, and its closing line
sed 's/^/# /' "$tmp/log" | { [ "$status" = 0 ] && tail -1 || cat; }
exit $((status != 0))
