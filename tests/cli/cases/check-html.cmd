# The HTML report without its stylesheet: markup, escaping, a failed record, exit 1.
out=$($MEDRULE check --pack rules/demo --format html tests/cli/data/demo-crps.json tests/serve/html-batch.ndjson); s=$?
printf '%s\n' "$out" | grep -c '^<style>$'; printf '%s\n' "$out" | sed -n '/^<\/style>$/,$p'; exit $s
