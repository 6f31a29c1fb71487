#!/bin/sh
# The installed library and program, as TAP: `make install` into a fresh
# prefix (and with DESTDIR), a C program outside the tree built with
# pkg-config against the shared library, the typed API's answer matching
# `medrule check`, only medrule_ symbols exported, the soname, the installed
# program finding its packs under its own prefix (also moved), and
# `make uninstall` leaving nothing behind.
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
n=0; fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; [ -f "$tmp/log" ] && tail -15 "$tmp/log" | sed 's/^/# /'; }
echo "1..8"
P=$tmp/prefix
# A plain build (make check runs the tests with sanitizers, which an outside
# program could not link against): the make variables of the caller are not passed on.
unset MAKEFLAGS MAKELEVEL MFLAGS BUILD SAN OPT
if make -s --no-print-directory install PREFIX="$P" >"$tmp/log" 2>&1; then
  ok "make install PREFIX=$P"
else no "make install PREFIX=..."; fi

lib=$P/lib/libmedrule.so
if [ -L "$lib" ] && readelf -d "$lib" 2>/dev/null | grep -q 'SONAME.*\[libmedrule\.so\.0\]' && [ -e "$P/lib/libmedrule.so.0" ]; then
  ok "shared library with soname libmedrule.so.0 and the usual symlinks"
else readelf -d "$lib" > "$tmp/log" 2>&1; no "shared library with soname libmedrule.so.0"; fi

others=$(nm -D --defined-only "$lib" | awk '{print $NF}' | grep -v '^medrule_')
count=$(nm -D --defined-only "$lib" | grep -c ' medrule_')
if [ -z "$others" ] && [ "$count" -gt 50 ]; then ok "the shared library exports only its $count medrule_ symbols"
else echo "$others" > "$tmp/log"; no "the shared library exports only medrule_ symbols"; fi

export PKG_CONFIG_PATH="$P/lib/pkgconfig"
# shellcheck disable=SC2046
if cc -std=c11 -Wall -Wextra -Werror examples/typed.c $(pkg-config --cflags --libs medrule) -o "$tmp/typed" >"$tmp/log" 2>&1; then
  ok "a program outside the tree builds with pkg-config --cflags --libs medrule"
else no "a program builds with pkg-config"; fi

LD_LIBRARY_PATH=$P/lib "$tmp/typed" "$P/share/medrule/packs/asra-ketamine-2018" > "$tmp/typed.out" 2>"$tmp/log"
"$P/bin/medrule" check --format json examples/patients/ecg-pending.json > "$tmp/check.json" 2>>"$tmp/log"
if python3 - "$tmp/typed.out" "$tmp/check.json" > "$tmp/diff" 2>&1 <<'PY'
import json, sys
typed = open(sys.argv[1]).read().splitlines()
r = json.load(open(sys.argv[2]))
def val(v):
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, list): return ",".join(v)
    if isinstance(v, (int, float)): return repr(float(v)) if False else None
    return v
want = ["library " + r["engine"]["version"], "disposition " + r["disposition"]]
want += ["reason %s %s" % (x["rule"], x["effect"]) for x in r["disposition_reasons"]]
for rec in r["recommendations"]:
    want.append("recommendation %s %s %s %s" % (rec["id"], rec["action"], rec["effect"], rec["grade"] or "-"))
    for b in rec["because"]:
        want.append(("  because %s=" % b["fact"], b["value"]))
want += ["missing " + m for m in r["missing_facts"]]
if len(want) != len(typed): sys.exit("%d lines from the typed API, %d from medrule check" % (len(typed), len(want)))
for w, t in zip(want, typed):
    if isinstance(w, tuple):
        head, v = w
        got = t[len(head):]
        same = t.startswith(head) and (float(got) == v if isinstance(v, (int, float)) and not isinstance(v, bool) else got == val(v))
    else:
        same = w == t
    if not same: sys.exit("typed API: %r\nmedrule check: %r" % (t, w))
PY
then ok "the typed API, read field by field, says what medrule check says"
else cp "$tmp/diff" "$tmp/log"; no "the typed API says what medrule check says"; fi

# the installed program finds its packs under its own prefix, also when moved
mv "$P" "$tmp/moved"
if (cd / && "$tmp/moved/bin/medrule" check --format json "$OLDPWD/examples/patients/ecg-pending.json" >"$tmp/log" 2>&1) &&
   "$tmp/moved/bin/medrule" test "$tmp/moved/share/medrule/packs/asra-ketamine-2018" >>"$tmp/log" 2>&1; then
  ok "the installed program finds its default pack under its prefix, also moved; the installed pack's tests pass"
else no "the installed program finds its packs"; fi

S=$tmp/stage
make -s --no-print-directory install DESTDIR="$S" PREFIX=/opt/medrule >"$tmp/log" 2>&1
if [ -x "$S/opt/medrule/bin/medrule" ] && [ -f "$S/opt/medrule/lib/pkgconfig/medrule.pc" ] &&
   grep -q '^prefix=/opt/medrule' "$S/opt/medrule/lib/pkgconfig/medrule.pc" && [ -f "$S/opt/medrule/include/medrule.h" ]; then
  ok "DESTDIR stages an install for PREFIX=/opt/medrule"
else no "DESTDIR stages an install"; fi
make -s --no-print-directory uninstall DESTDIR="$S" PREFIX=/opt/medrule >"$tmp/log" 2>&1
left=$(find "$S" -type f -o -type l)
if [ -z "$left" ]; then ok "make uninstall removes every file it installed"
else echo "$left" > "$tmp/log"; no "make uninstall leaves files behind"; fi
exit $((fail > 0))
