$MEDRULE frobnicate
