$MEDRULE check --pack rules/demo --color always tests/cli/data/demo-crps.json
