$MEDRULE test rules/demo --coverage
