$MEDRULE doc --format html rules/asra-ketamine-2018 | head -40 | sed 's/sha256:[0-9a-f]*/sha256:.../'
