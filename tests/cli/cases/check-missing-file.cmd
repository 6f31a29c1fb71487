$MEDRULE check --pack rules/demo tests/cli/data/nope.json
