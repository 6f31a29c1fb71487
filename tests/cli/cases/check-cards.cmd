$MEDRULE check --pack rules/demo --format cards tests/cli/data/demo-crps.json
