$MEDRULE lint --sources tests/lint-packs/sources tests/lint-packs/planted-analysis
