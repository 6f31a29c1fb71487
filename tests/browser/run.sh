#!/bin/sh
# The page of medrule serve in real headless Chromium (the system's, from
# Debian), driven by playwright-core (tests/browser/package.json; installed
# by `make browser-deps`, which `make test` runs; it never downloads a
# browser).  TAP, from the repository root.  Skipped only when Chromium is
# not installed.  Screenshots and a PDF of the print view are kept in
# $BUILD/browser/.
cd "$(dirname "$0")/../.." || exit 1
BUILD=${BUILD:-build}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}
if [ -z "$CHROMIUM" ]; then
  echo "1..0 # SKIP chromium is not installed (make browser-deps installs it from Debian)"
  exit 0
fi
if [ ! -f tests/browser/node_modules/playwright-core/package.json ]; then
  echo "Bail out! playwright-core is not installed: run make browser-deps"
  exit 1
fi
mkdir -p "$BUILD/browser"
rm -f "$BUILD/browser/"*.png "$BUILD/browser/"*.pdf "$BUILD/browser/"*.log
# The report of `medrule check --format html`, opened from a file.
"$BUILD/medrule" check --format html examples/patients/liver-moderate.json examples/patients/missing-data.json \
  > "$BUILD/browser/report.html" || { echo "Bail out! check --format html failed"; exit 1; }

url_of() { # the URL a server's startup line names, waiting up to 5 s
  for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    url=$(sed -n 's|.*listening on \(http://[^ ]*\) .*|\1|p' "$1")
    [ -n "$url" ] && { echo "$url"; return; }
    sleep 0.25
  done
}
"$BUILD/medrule" serve --port 0 > /dev/null 2> "$BUILD/browser/serve-one.log" &
pid_one=$!
"$BUILD/medrule" serve --port 0 --pack rules/asra-ketamine-2018 --pack rules/hocking-2003 \
  > /dev/null 2> "$BUILD/browser/serve-several.log" &
pid_several=$!
trap 'kill $pid_one $pid_several 2>/dev/null' EXIT
one=$(url_of "$BUILD/browser/serve-one.log")
several=$(url_of "$BUILD/browser/serve-several.log")
if [ -z "$one" ] || [ -z "$several" ]; then
  echo "Bail out! the server did not start"
  exit 1
fi
CHROMIUM="$CHROMIUM" MEDRULE="$BUILD/medrule" OUT="$BUILD/browser" URL="$one" URL_SEVERAL="$several" \
  node tests/browser/page.test.js
