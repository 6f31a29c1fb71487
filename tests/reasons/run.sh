#!/bin/sh
# Every answer explains itself: for every golden patient of every pack, in
# every output format, the disposition's reasons are exactly the rules the
# contract says set it (fired stops; else unknown stops; else fired cautions;
# none for proceed), each recommendation carries its rule's effect, and the
# text and cards show the same reasons.  TAP, one test per pack and format.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/reasons/check.py "${BUILD:-build}/medrule" rules/asra-ketamine-2018 rules/demo
