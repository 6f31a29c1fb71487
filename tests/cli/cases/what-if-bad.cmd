$MEDRULE what-if --pack rules/demo tests/cli/data/demo-crps.json --set "patient.weight=82 mmHg"
