$MEDRULE what-if --pack rules/demo tests/cli/data/demo-crps.json --set "plan.infusion_rate=7 ug/kg/min" --set patient.pregnant=true
