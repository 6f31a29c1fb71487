$MEDRULE what-if --format json examples/patients/crps-healthy.json --set history.psychosis=active --set "plan.bolus=30 mg"
