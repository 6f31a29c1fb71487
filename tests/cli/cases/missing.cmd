$MEDRULE missing --pack rules/demo tests/cli/data/demo-batch.ndjson
