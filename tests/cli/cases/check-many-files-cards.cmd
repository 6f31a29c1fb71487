# The same files as check-many-files, as CDS Hooks cards: the same error records in place.
$MEDRULE check --pack rules/demo --format cards tests/cli/data/demo-crps.json tests/cli/data/nope.json tests/cli/data tests/cli/data/empty.ndjson tests/cli/data/demo-batch.ndjson tests/cli/data/demo-crps.json
