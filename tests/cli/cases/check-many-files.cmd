# One output line per input record, across several files: a fact file, a missing file, a
# directory, an empty NDJSON file (one error record each), an NDJSON file with a blank line
# (an error record in its place), and the first file again.
$MEDRULE check --pack rules/demo --format json tests/cli/data/demo-crps.json tests/cli/data/nope.json tests/cli/data tests/cli/data/empty.ndjson tests/cli/data/demo-batch.ndjson tests/cli/data/demo-crps.json
