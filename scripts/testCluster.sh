#!/usr/bin/env bash
# npm run test:cluster: provisions the cluster profile's parts when missing (the first time on a
# machine builds the Temporal server: about 6 minutes), starts the profile (or finds it running), runs
# the tests under tests/cluster/ against it through nginx, and leaves it running for a look afterwards
# (`npm run stack -- down --profile cluster` stops it). CLUSTER_DOWN_AFTER=1 stops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
bash scripts/provision.sh cluster
npx tsx infra/stack.ts up --profile cluster
status=0
npx vitest run --config vitest.cluster.config.ts "$@" || status=$?
if [ "${CLUSTER_DOWN_AFTER:-0}" = 1 ]; then npx tsx infra/stack.ts down --profile cluster; fi
echo "[test:cluster] finished in $(( $(date +%s) - started ))s (exit $status)"
exit "$status"
