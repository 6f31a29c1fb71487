$MEDRULE lint tests/lint-packs/no-such-pack
