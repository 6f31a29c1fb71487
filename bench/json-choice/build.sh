#!/bin/sh
# build.sh - build and run the JSON library benchmark and behaviour probes.
# Usage: ./build.sh                              (from any directory)
#        JSONTESTSUITE=/path/to/JSONTestSuite ./build.sh
#                                  (also counts, per library, the documents of
#                                  JSONTestSuite's test_parsing it accepts)
# Needs: gcc, g++, lua5.4, libcjson-dev, libjansson-dev, libjson-c-dev,
# libsimdjson-dev (Debian bookworm).
set -eu
cd "$(dirname "$0")"

CC=${CC:-gcc}
CXX=${CXX:-g++}
CFLAGS="-O2 -std=c11 -Wall -Wextra -Werror"
# as the Makefile builds engine/src/json.cpp
CXXFLAGS="-O2 -std=c++17 -fno-exceptions -DSIMDJSON_EXCEPTIONS=0 -Wall -Wextra -Werror"
OUT=build
mkdir -p "$OUT"

# Test data: generated deterministically; verify the checked-in copy matches.
lua5.4 gen.lua > "$OUT/patients.ndjson"
if [ -f patients.ndjson ]; then
    cmp -s "$OUT/patients.ndjson" patients.ndjson ||
        { echo "patients.ndjson differs from gen.lua output" >&2; exit 1; }
else
    cp "$OUT/patients.ndjson" patients.ndjson
fi

# <jansson.h> and <json-c/json.h> clash, so one binary per library.
for lib in cjson:CJSON:-lcjson jansson:JANSSON:-ljansson jsonc:JSONC:-ljson-c; do
    name=${lib%%:*}; rest=${lib#*:}; def=${rest%%:*}; ldlib=${rest#*:}
    $CC $CFLAGS -DUSE_$def -o "$OUT/bench_$name" bench.c $ldlib
    $CC $CFLAGS -DUSE_$def -o "$OUT/probe_$name" probe.c $ldlib
done
# simdjson is C++: its runners are in simd.cpp; medrule's reader is engine/src/json.cpp.
$CXX $CXXFLAGS -c -o "$OUT/simd.o" simd.cpp
$CC $CFLAGS -DUSE_SIMDJSON -o "$OUT/bench_simdjson" bench.c "$OUT/simd.o" -lsimdjson -lstdc++
$CXX $CXXFLAGS -I../../engine/src -c -o "$OUT/json.o" ../../engine/src/json.cpp
$CC $CFLAGS -DUSE_MEDRULE -I../../engine/src -o "$OUT/bench_medrule" bench.c "$OUT/json.o" -lsimdjson -lstdc++
LIBS="cjson jansson jsonc simdjson medrule"

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "compiler: $($CC --version | head -n1); CFLAGS=$CFLAGS; CXXFLAGS=$CXXFLAGS"
echo "data: $(wc -l < patients.ndjson) records, $(wc -c < patients.ndjson) bytes"
echo
echo "| library (parse + walk + free)                                | ns/record |    MB/s |"
echo "|--------------------------------------------------------------|----------:|--------:|"
: > "$OUT/checksums"
for name in $LIBS; do
    "$OUT/bench_$name" patients.ndjson > "$OUT/bench_$name.out"
    grep '^|' "$OUT/bench_$name.out"
    grep '^checksum' "$OUT/bench_$name.out" >> "$OUT/checksums"
done
echo
if [ "$(sort -u "$OUT/checksums" | wc -l)" -eq 1 ]; then
    echo "walk $(head -n1 "$OUT/checksums") -- identical for all libraries"
else
    echo "walk checksums DIFFER:" >&2; cat "$OUT/checksums" >&2; exit 1
fi

for name in cjson jansson jsonc; do "$OUT/probe_$name"; done > probe-output.txt
echo "behaviour probes written to probe-output.txt"

# Strictness: how many JSONTestSuite documents each library variant accepts.
if [ -n "${JSONTESTSUITE:-}" ]; then
    dir=$JSONTESTSUITE; [ -d "$dir/test_parsing" ] && dir=$dir/test_parsing
    echo
    echo "JSONTestSuite ($dir): documents accepted"
    echo
    echo "| library                                                      | y_ accepted | n_ accepted (must be 0) | i_ accepted |"
    echo "|--------------------------------------------------------------|------------:|------------------------:|------------:|"
    for name in $LIBS; do
        "$OUT/bench_$name" --accepts "$dir"/[yni]_*.json
    done > "$OUT/accepts.tsv"
    awk -F '\t' '
        { n = split($2, p, "/"); f = p[n]; k = substr(f, 1, 1); lib[$1] = 1
          total[$1, k]++; if ($3 == "accept") acc[$1, k]++
          if (!($1 in order)) { order[$1] = ++nlib; names[nlib] = $1 } }
        END { for (i = 1; i <= nlib; i++) { l = names[i]
                printf "| %-60s | %4d / %-4d | %10d / %-10d | %4d / %-4d |\n", l,
                       acc[l, "y"], total[l, "y"], acc[l, "n"], total[l, "n"], acc[l, "i"], total[l, "i"] } }
    ' "$OUT/accepts.tsv"
    echo
    echo "n_ documents accepted, per library:"
    awk -F '\t' '$3 == "accept" { n = split($2, p, "/"); if (p[n] ~ /^n_/) print "  " $1 ": " p[n] }' "$OUT/accepts.tsv"
fi
