$MEDRULE facts rules/asra-ketamine-2018
