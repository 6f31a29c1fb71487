$MEDRULE lint tests/lint-packs/planted-grade
