$MEDRULE check --pack rules/demo tests/cli/data/demo-crps.json
