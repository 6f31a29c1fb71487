#!/bin/sh
# cli_jobs.sh MEDRULE PACK PATIENTS.ndjson N — `make bench`'s command-line
# line: `medrule check -j 1` and `-j 2` over the same file, output to
# /dev/null, process start and pack load included; three runs of each,
# alternating, and the best of each (a shared machine only ever adds time).
# Prints patients/s for each and their ratio, per format; then the machine's
# own ceiling: two `-j 1` processes over the file at once (nothing shared),
# against one -- what two cores give this work when medrule shares nothing.
set -e
export LC_ALL=C
M=$1 PACK=$2 FILE=$3 N=$4
now() { date +%s.%N; }
for fmt in json screen; do
  best1= best2= bestp=
  for run in 1 2 3; do
    t0=$(now); "$M" check --pack "$PACK" --format $fmt -j 1 "$FILE" > /dev/null
    t1=$(now); "$M" check --pack "$PACK" --format $fmt -j 2 "$FILE" > /dev/null
    t2=$(now); "$M" check --pack "$PACK" --format $fmt -j 1 "$FILE" > /dev/null &
    "$M" check --pack "$PACK" --format $fmt -j 1 "$FILE" > /dev/null; wait
    t3=$(now)
    a=$(echo "$t1 - $t0" | bc) b=$(echo "$t2 - $t1" | bc) c=$(echo "$t3 - $t2" | bc)
    if [ -z "$best1" ] || [ "$(echo "$a < $best1" | bc)" = 1 ]; then best1=$a; fi
    if [ -z "$best2" ] || [ "$(echo "$b < $best2" | bc)" = 1 ]; then best2=$b; fi
    if [ -z "$bestp" ] || [ "$(echo "$c < $bestp" | bc)" = 1 ]; then bestp=$c; fi
  done
  awk -v f=$fmt -v n="$N" -v a="$best1" -v b="$best2" -v c="$bestp" 'BEGIN {
    printf "command line --format %s: -j 1 %d patients/s, -j 2 %d patients/s (x%.2f), %d records, best of 3, " \
           "start and pack load included\n", f, n / a, n / b, a / b, n
    printf "  the machine: two -j 1 processes at once %d patients/s (x%.2f); -j 2 reaches %.0f%% of that\n",
           2 * n / c, 2 * a / c, 100 * c / (2 * b) }'
done
