$MEDRULE check --explain examples/patients/missing-data.json
