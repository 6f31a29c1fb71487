#!/bin/sh
# The library's layers, as TAP.  The files that read fact files, render
# results and describe packs sit on the public API like a host's own code
# (the lapi/lauxlib split): they may include medrule.h and the utility
# headers (byte buffers, numbers, the JSON reader), never the engine's
# internals.  And the shared library exports only medrule_ symbols.
cd "$(dirname "$0")/../.." || exit 1
AUX="engine/src/facts_json.c engine/src/render.c engine/src/cards.c engine/src/describe.c engine/src/render.h"
ALLOWED='medrule.h|render.h|numfmt.h|strbuf.h|json.h'
n=0; fail=0
echo "1..$(echo $AUX | wc -w)"
for f in $AUX; do
  n=$((n + 1))
  bad=$(grep -E '^#include "' "$f" | grep -vE "\"($ALLOWED)\"")
  if [ -z "$bad" ]; then echo "ok $n - $f uses the public API only"
  else fail=$((fail + 1)); echo "not ok $n - $f includes engine internals"; echo "$bad" | sed 's/^/# /'; fi
done
exit $((fail > 0))
