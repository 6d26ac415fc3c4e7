#!/usr/bin/env bash
# The whole test suite: lint + format check, type check, then every test (unit, workflow tests on the
# time-skipping server, integration tests on the real dev server and broker). Installs whatever is
# missing first; the test setup starts the local stack if it is not already running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensureNodeModules.sh
bash scripts/provision.sh

echo "[test] lint and format (biome)"
node_modules/.bin/biome check .
echo "[test] type check (tsc), and workflow code without Node types (tsconfig.workflows.json)"
node_modules/.bin/tsc --noEmit
node_modules/.bin/tsc --noEmit -p tsconfig.workflows.json
echo "[test] event JSON Schemas match the zod schemas"
node_modules/.bin/tsx scripts/generateEventSchemas.ts --check

mkdir -p test-artifacts
status=0
# One stack for vitest and the API fuzz run: started here unless it already runs, stopped at the end.
stack_started=0
if ! node_modules/.bin/tsx infra/stack.ts status >/dev/null 2>&1; then
  node_modules/.bin/tsx infra/stack.ts up
  stack_started=1
fi
stop_stack() { if [ "$stack_started" = 1 ]; then node_modules/.bin/tsx infra/stack.ts down || true; fi; }
trap stop_stack EXIT
# The benchmarks at their smallest sizes: proves every benchmark script still runs (figures, not
# pass/fail; the full run is `npm run bench`, its results in bench/RESULTS.md). SKIP_BENCH=1 skips.
if [ "${SKIP_BENCH:-}" != "1" ]; then
  echo "[test] benchmarks, quick mode (npm run bench -- --quick)"
  node_modules/.bin/tsx bench/main.ts --quick || status=$?
fi
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json \
  "$@" || status=$?
# schemathesis against the running API with every check, as nobody, HR and a director; any failed
# check fails the run (scripts/apiFuzz.sh). SKIP_API_FUZZ=1 skips it.
if [ "${SKIP_API_FUZZ:-}" != "1" ]; then
  echo "[test] API fuzz (schemathesis --checks all)"
  bash scripts/apiFuzz.sh || status=1
fi
stop_stack
stack_started=0
# The cluster profile (Temporal's services on PostgreSQL, three brokers, two workers and two web
# replicas behind nginx): the post journey and the failover run (scripts/testCluster.sh), after the
# embedded stack is stopped so the two do not share the cores. About 4 minutes, and 6 more the first
# time on a machine to build the Temporal server. SKIP_CLUSTER=1 skips it.
rm -f test-artifacts/vitest-cluster.json
if [ "${SKIP_CLUSTER:-}" != "1" ]; then
  echo "[test] the cluster profile (npm run test:cluster)"
  CLUSTER_DOWN_AFTER=1 bash scripts/testCluster.sh --reporter=default --reporter=json \
    --outputFile.json=test-artifacts/vitest-cluster.json || status=$?
fi
# The summary is the run's closing line: CI reads the last line in the plain form
# "tests: N passed, N failed" (anything printed after it hides it), and it also reads other runners'
# closing lines wherever they are, so no tool here may print one (scripts/apiFuzz.sh keeps
# schemathesis' pytest-style summary in its log).
node -e '
  const fs = require("fs");
  const runs = ["test-artifacts/vitest.json", "test-artifacts/vitest-cluster.json"]
    .filter((file) => fs.existsSync(file)).map((file) => JSON.parse(fs.readFileSync(file, "utf8")));
  const sum = (key) => runs.reduce((total, run) => total + (run[key] || 0), 0);
  const failed = sum("numFailedTests") || sum("numFailedTestSuites");
  console.log(`tests: ${sum("numPassedTests")} passed, ${failed} failed` +
    (sum("numPendingTests") ? `, ${sum("numPendingTests")} skipped` : ""));
' 2>/dev/null || true

exit "$status"
