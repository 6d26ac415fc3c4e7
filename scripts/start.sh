#!/usr/bin/env bash
# Runs the product on its embedded default: local Temporal dev server + Kafka broker + worker + web app.
# Installs whatever is missing first. Ctrl-C stops the worker and the web app, and the stack if this
# script started it; posts and events are kept in .local/ and carry on at the next start.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensureNodeModules.sh
bash scripts/provision.sh

tsx=node_modules/.bin/tsx
started_stack=false
if ! "$tsx" infra/stack.ts status >/dev/null 2>&1; then started_stack=true; fi
"$tsx" infra/stack.ts up

pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$started_stack" = true ]; then "$tsx" infra/stack.ts down; fi
}
trap stop EXIT
trap 'exit 130' INT TERM

"$tsx" workers/main.ts &
pids+=($!)
"$tsx" web/main.ts &
pids+=($!)
echo "[start] worker and web app starting; Ctrl-C to stop"
# The banner comes last, once both answer, so the address is the last thing on the screen.
"$tsx" scripts/startBanner.ts &
pids+=($!)
# Whichever of the worker and the web app ends first (a crash, or Ctrl-C) ends the run.
wait -n "${pids[0]}" "${pids[1]}"
