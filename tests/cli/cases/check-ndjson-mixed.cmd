$MEDRULE check --pack rules/demo --format json tests/cli/data/demo-batch.ndjson
