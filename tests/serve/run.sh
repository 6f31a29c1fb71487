#!/bin/sh
# medrule serve: a scripted CDS Hooks conversation and the faults a server
# meets (tests/serve/check.py).  TAP, from the repository root.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/serve/check.py "${BUILD:-build}/medrule"
