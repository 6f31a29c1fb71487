#!/bin/sh
# build.sh - build and run the JSON library benchmark and behaviour probes.
# Usage: ./build.sh            (from any directory)
# Needs: gcc, lua5.4, libcjson-dev, libjansson-dev, libjson-c-dev (Debian bookworm).
set -eu
cd "$(dirname "$0")"

CC=${CC:-gcc}
CFLAGS="-O2 -std=c11 -Wall -Wextra -Werror"
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

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "compiler: $($CC --version | head -n1); CFLAGS=$CFLAGS"
echo "data: $(wc -l < patients.ndjson) records, $(wc -c < patients.ndjson) bytes"
echo
echo "| library (parse + walk + free)        | ns/record |    MB/s |"
echo "|--------------------------------------|----------:|--------:|"
: > "$OUT/checksums"
for name in cjson jansson jsonc; do
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
