$MEDRULE what-if --pack rules/demo --format json tests/cli/data/demo-crps.json --set "patient.weight=140 kg"
