$MEDRULE facts --describe rules/demo
