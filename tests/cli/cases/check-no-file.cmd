$MEDRULE check --pack rules/demo
