$MEDRULE lint --format json tests/lint-packs/planted
