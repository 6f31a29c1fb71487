$MEDRULE check --format cards examples/patients/cardiac-unstable-angina.json
