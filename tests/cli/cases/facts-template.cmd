$MEDRULE facts --template rules/demo
