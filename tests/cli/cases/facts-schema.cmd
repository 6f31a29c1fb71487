$MEDRULE facts rules/demo
