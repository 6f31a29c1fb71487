$MEDRULE why-not asra2018.contraindication.hepatic_severe examples/patients/liver-moderate.json
