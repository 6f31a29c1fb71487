$MEDRULE lint --sources tests/lint-packs tests/lint-packs/planted-analysis
