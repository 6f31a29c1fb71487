# Empty input in JSON: the error record stands in for the missing records.
$MEDRULE check --pack rules/demo --format json - < /dev/null
