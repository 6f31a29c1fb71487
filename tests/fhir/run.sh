#!/bin/sh
# FHIR R4 input (contract §6): golden bundles against their fact-file twins,
# provenance, --as-of, --site, --complete, malformed bundles, NDJSON and stdin.
# TAP, from the repository root.
cd "$(dirname "$0")/../.." || exit 1
exec python3 tests/fhir/check.py "${BUILD:-build}/medrule"
