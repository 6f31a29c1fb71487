$MEDRULE lint --sources tests/lint-packs/sources rules/demo
