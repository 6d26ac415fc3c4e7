#!/usr/bin/env bash
# Runs the product on its embedded default: local Temporal dev server + Kafka broker + worker.
# Installs whatever is missing first. Ctrl-C stops the worker, and the stack if this script started it;
# posts and events are kept in .local/ and carry on at the next start.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensureNodeModules.sh
bash scripts/provision.sh

tsx=node_modules/.bin/tsx
started_stack=false
if ! "$tsx" infra/stack.ts status >/dev/null 2>&1; then started_stack=true; fi
"$tsx" infra/stack.ts up

stop() {
  if [ "$started_stack" = true ]; then "$tsx" infra/stack.ts down; fi
}
trap stop EXIT
trap 'exit 130' INT TERM

echo "[start] worker starting; Ctrl-C to stop"
"$tsx" workers/main.ts
