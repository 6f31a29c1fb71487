#!/bin/sh
# make bench: medrule serve under load on loopback, measured with wrk (Debian).
#   bench/serve.sh MEDRULE OUTDIR [CONCURRENCY] [SECONDS]
# For each endpoint (POST /api/check with a whole patient; GET /cds-services;
# a CDS Hooks order-sign call with its prefetch): requests/s, p50
# and p99 latency, and the errors, which must be zero (else exit 1).  Then the
# same POST against a thread per connection, the design the pool is measured
# against (docs/serve.md).
set -u
MEDRULE=$1 OUT=$2 C=${3:-32} D=${4:-5}
mkdir -p "$OUT"
status=0

# run LABEL URL [BODY_FILE]: one wrk run, one line of numbers
run() {
  label=$1 target=$2 body=${3:-}
  if [ -n "$body" ]; then
    BODY_FILE=$body wrk -t2 -c"$C" -d"${D}s" --latency -s bench/wrk-post.lua "$target" > "$OUT/wrk.out" 2>&1
  else
    wrk -t2 -c"$C" -d"${D}s" --latency "$target" > "$OUT/wrk.out" 2>&1
  fi
  awk -v label="$label" -v c="$C" -v d="$D" '
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
    /requests in/ { total = $1 }
    /Non-2xx or 3xx responses/ { bad += $NF }
    /Socket errors/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
    END {
      printf "serve %-34s %9.0f requests/s  p50 %-8s p99 %-8s %d errors of %s (wrk -t2 -c%d -d%ds, loopback)\n",
             label, rps, p50, p99, bad, total, c, d
      exit bad > 0 || total == "" }' "$OUT/wrk.out" || { status=1; cat "$OUT/wrk.out"; }
}

# start ARGS...: a server on a free port, its URL in $url and pid in $pid
start() {
  : > "$OUT/serve.log"
  "$MEDRULE" serve --port 0 --max-connections 1024 "$@" > /dev/null 2> "$OUT/serve.log" &
  pid=$!
  url=
  for _ in $(seq 40); do
    url=$(sed -n 's|.*listening on \(http://[^ ]*\) .*|\1|p' "$OUT/serve.log")
    [ -n "$url" ] && break
    sleep 0.25
  done
  [ -n "$url" ] || { echo "medrule serve did not start"; cat "$OUT/serve.log"; exit 1; }
}

# A CDS Hooks order-sign request: the test's prefetch and draft order.
python3 -c 'import json
print(json.dumps({"hookInstance": "bench", "hook": "order-sign", "context": {"patientId": "p-serve-1",
  "userId": "Practitioner/p1", "draftOrders": json.load(open("tests/serve/draft-order.json"))},
  "prefetch": json.load(open("tests/serve/prefetch.json"))}))' > "$OUT/hook.json"

start
run "POST /api/check (pool)" "${url}api/check" examples/patients/crps-healthy.json
run "GET /cds-services (pool)" "${url}cds-services"
run "POST /cds-services/medrule-order-sign" "${url}cds-services/medrule-order-sign" "$OUT/hook.json"
kill -TERM $pid; wait $pid
start --threads per-connection
run "POST /api/check (per-connection)" "${url}api/check" examples/patients/crps-healthy.json
kill -TERM $pid; wait $pid
exit $status
