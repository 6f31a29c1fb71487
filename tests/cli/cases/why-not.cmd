$MEDRULE why-not --pack rules/demo demo.dosing.total_low tests/cli/data/demo-crps.json
