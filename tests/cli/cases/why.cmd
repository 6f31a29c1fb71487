$MEDRULE why --pack rules/demo demo.indication.crps tests/cli/data/demo-crps.json
