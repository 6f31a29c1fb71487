#!/bin/sh
# Several packs at once (contract §5): the 2018 guideline as the primary pack
# and the four reviews, on patients made to meet each disagreement the issue
# lists.  TAP, from the repository root.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/multipack/check.py "${BUILD:-build}/medrule"
