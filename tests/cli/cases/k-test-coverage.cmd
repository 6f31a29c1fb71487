$MEDRULE test --coverage rules/asra-ketamine-2018 | tail -40
