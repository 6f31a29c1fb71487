$MEDRULE check --pack tests/cli/data/bad-syntax-pack tests/cli/data/demo-crps.json
