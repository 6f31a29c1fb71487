#!/bin/sh
# The README's example session is real: every "$ command" line in its
# ```console blocks is run from the repository root (with the built medrule
# first on PATH) and its output must be exactly the lines that follow it.
# TAP; UPDATE=1 prints the actual session for pasting.
cd "$(dirname "$0")/../.." || exit 1
PATH="$PWD/${BUILD:-build}:$PATH"; export PATH NO_COLOR=1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
awk -v dir="$tmp" '
  /^```console/ { inblock = 1; next }
  /^```/ && inblock { inblock = 0; next }
  inblock && /^\$ / { n++; cmd = substr($0, 3); print cmd > (dir "/" n ".cmd"); printf "" > (dir "/" n ".want"); next }
  inblock && n { print > (dir "/" n ".want") }
' README.md
count=$(ls "$tmp"/*.cmd 2>/dev/null | wc -l)
echo "1..$count"
fail=0
for i in $(seq 1 "$count"); do
  cmd=$(cat "$tmp/$i.cmd")
  sh -c "$cmd" > "$tmp/$i.got" 2>&1
  if [ -n "$UPDATE" ]; then echo "\$ $cmd"; cat "$tmp/$i.got"; continue; fi
  if cmp -s "$tmp/$i.want" "$tmp/$i.got"; then echo "ok $i - README: $cmd"; else
    fail=$((fail + 1)); echo "not ok $i - README: $cmd"
    diff -u "$tmp/$i.want" "$tmp/$i.got" | head -15 | sed 's/^/# /'
  fi
done
exit $((fail > 0))
