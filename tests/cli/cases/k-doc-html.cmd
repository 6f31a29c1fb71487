$MEDRULE doc --format html rules/asra-ketamine-2018 | head -40
