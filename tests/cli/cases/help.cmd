$MEDRULE --help
