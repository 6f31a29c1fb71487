$MEDRULE check --pack rules/demo --format xml tests/cli/data/demo-crps.json
