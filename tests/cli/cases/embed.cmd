${BUILD:-build}/examples/embed rules/demo tests/cli/data/demo-crps.json
