$MEDRULE check --format json examples/patients/batch.ndjson | sed "s/sha256:[0-9a-f]*/sha256:.../"
