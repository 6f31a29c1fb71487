# The same files as text: each problem reported on standard error, in order.
$MEDRULE check --pack rules/demo --format text tests/cli/data/demo-crps.json tests/cli/data/nope.json tests/cli/data tests/cli/data/empty.ndjson tests/cli/data/demo-batch.ndjson tests/cli/data/demo-crps.json
