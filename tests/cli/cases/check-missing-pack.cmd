$MEDRULE check --pack tests/cli/data/no-pack tests/cli/data/demo-crps.json
