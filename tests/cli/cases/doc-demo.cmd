$MEDRULE doc rules/demo
