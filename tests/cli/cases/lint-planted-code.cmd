$MEDRULE lint tests/lint-packs/planted-code
