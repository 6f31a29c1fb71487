#!/bin/sh
# The command-line examples of the README and the man page under valgrind
# memcheck, as TAP: any invalid access or leak fails the case.
cd "$(dirname "$0")/../.." || exit 1
M="${BUILD:-build}/medrule"
P=rules/asra-ketamine-2018
E=examples/patients
set -- \
  "check $E/crps-healthy.json" \
  "check --format json $E/cardiac-unstable-angina.json" \
  "check --format cards --explain $E/crps-healthy.json" \
  "check --explain $E/missing-data.json" \
  "check --format json $E/batch.ndjson" \
  "check --pack rules/demo --format json tests/cli/data/demo-batch.ndjson" \
  "test $P --coverage" \
  "why asra2018.indication.crps $E/crps-healthy.json" \
  "what-if $E/crps-healthy.json --set plan.infusion_rate=2.5" \
  "missing $E/missing-data.json" \
  "doc --format html $P" \
  "facts $P" \
  "lint $P"
echo "1..$#"
n=0; fail=0
for args in "$@"; do
  n=$((n + 1))
  # shellcheck disable=SC2086
  if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
       $M $args >/dev/null 2>/tmp/valgrind.$$; [ $? -ne 99 ]; then
    echo "ok $n - valgrind medrule $args"
  else
    fail=$((fail + 1)); echo "not ok $n - valgrind medrule $args"; sed 's/^/# /' /tmp/valgrind.$$ | head -30
  fi
done
rm -f /tmp/valgrind.$$
exit $((fail > 0))
