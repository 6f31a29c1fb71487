$MEDRULE missing examples/patients/missing-data.json
