$MEDRULE why --pack rules/demo demo.nope tests/cli/data/demo-crps.json
