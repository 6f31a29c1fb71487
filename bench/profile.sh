#!/bin/sh
# profile.sh PATIENTS.ndjson [FORMAT] — instructions per patient of
# `medrule check` under callgrind (an optimized, non-sanitized build in
# $BUILD, default build): the whole run over the file, minus a run over its
# first record (process start and pack load), divided by the records less
# one.  Prints the totals and the top functions of the whole run; the
# callgrind file is left in $OUT (default /tmp/medrule-profile).
set -e
BUILD=${BUILD:-build}
OUT=${OUT:-/tmp/medrule-profile}
PACK=${PACK:-rules/asra-ketamine-2018}
FORMAT=${2:-json}
mkdir -p "$OUT"
head -n 1 "$1" > "$OUT/one.ndjson"
n=$(wc -l < "$1")
# Under callgrind the pack's 2 s load time limit can run out on a busy
# machine: such a run is tried again (three times at most).
run() {
  for try in 1 2 3; do
    valgrind --tool=callgrind --callgrind-out-file="$OUT/$2.cg" "$BUILD/medrule" check --pack "$PACK" \
      --format "$FORMAT" -j 1 "$1" > /dev/null 2> "$OUT/$2.err" || true
    grep -q "time limit" "$OUT/$2.err" || break
  done
  sed -n 's/.*Collected : *//p' "$OUT/$2.err"
}
all=$(run "$1" all)
one=$(run "$OUT/one.ndjson" one)
echo "total Ir: $all over $n records; $one for one record (start and pack load)"
echo "per patient: $(( (all - one) / (n - 1) )) Ir"
callgrind_annotate --inclusive=no "$OUT/all.cg" 2>/dev/null | sed -n '/file:function/,$p' | sed -n 2,21p
