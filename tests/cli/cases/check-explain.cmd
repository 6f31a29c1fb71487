$MEDRULE check --pack rules/demo --explain tests/cli/data/demo-crps.json
