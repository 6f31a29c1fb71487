$MEDRULE --version
