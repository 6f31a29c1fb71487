$MEDRULE lint --bogus rules/demo
