#!/bin/sh
# make http-choice: the HTTP server library for `medrule serve`, measured.
# libmicrohttpd (medrule serve's worker pool) against libevent's evhttp
# (evhttp_check.c: one event base per thread on a shared listening socket),
# each with 4 threads over one pack, answering the same POST /api/check with
# the same bytes; wrk on loopback at 32 and 256 connections, 3 rounds,
# alternating.  bench/http-choice/run.sh MEDRULE EVHTTP_CHECK OUTDIR
set -u
MEDRULE=$1 EVHTTP=$2 OUT=$3
mkdir -p "$OUT"
"$MEDRULE" serve --port 18191 --workers 4 2> "$OUT/mhd.log" & mhd=$!
"$EVHTTP" rules/asra-ketamine-2018 18192 4 2> "$OUT/evhttp.log" & evh=$!
trap 'kill $mhd $evh 2>/dev/null' EXIT INT TERM
sleep 1
body=examples/patients/crps-healthy.json
a=$(curl -s -X POST -H 'Content-Type: application/json' --data-binary @$body http://127.0.0.1:18191/api/check | cksum)
b=$(curl -s -X POST -H 'Content-Type: application/json' --data-binary @$body http://127.0.0.1:18192/api/check | cksum)
[ "$a" = "$b" ] || { echo "http-choice: the two servers answer different bytes" >&2; exit 1; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for c in 32 256; do
  for round in 1 2 3; do
    for s in "libmicrohttpd 18191" "evhttp 18192"; do
      set -- $s
      BODY_FILE=$body wrk -t2 -c$c -d5s --latency -s bench/wrk-post.lua http://127.0.0.1:$2/api/check > "$OUT/wrk.out" 2>&1
      awk -v lib="$1" -v c=$c -v r=$round '
        /Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
        /Non-2xx/ { bad += $NF } /Socket errors/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
        END { printf "%-14s c=%-4d round %d  %8.0f requests/s  p50 %-9s p99 %-9s errors %d\n", lib, c, r, rps, p50, p99, bad }' \
        "$OUT/wrk.out"
    done
  done
done
