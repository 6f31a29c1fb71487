cat tests/cli/data/demo-batch.ndjson | $MEDRULE check --pack rules/demo --format json - 2>/dev/null | grep -c disposition
