$MEDRULE lint --format json --sources tests/lint-packs/sources tests/lint-packs/planted-analysis
