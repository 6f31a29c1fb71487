$MEDRULE lint rules/demo
