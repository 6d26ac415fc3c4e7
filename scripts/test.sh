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
# The benchmarks at their smallest sizes: proves every benchmark script still runs (figures, not
# pass/fail; the full run is `npm run bench`, its results in bench/RESULTS.md). SKIP_BENCH=1 skips.
if [ "${SKIP_BENCH:-}" != "1" ]; then
  echo "[test] benchmarks, quick mode (npm run bench -- --quick)"
  node_modules/.bin/tsx bench/main.ts --quick || status=$?
fi
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=test-artifacts/vitest.json \
  "$@" || status=$?
# One closing line in the plain form CI reads: "tests: N passed, N failed".
node -e '
  const r = require("./test-artifacts/vitest.json");
  const failed = r.numFailedTests || r.numFailedTestSuites;
  console.log(`tests: ${r.numPassedTests} passed, ${failed} failed` +
    (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' 2>/dev/null || true

exit "$status"
