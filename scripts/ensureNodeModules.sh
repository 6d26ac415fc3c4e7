#!/usr/bin/env bash
# Installs the npm dependencies from the committed lockfile when they are missing or stale.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v node >/dev/null 2>&1 || { echo "[npm] error: Node.js 20 is not installed" >&2; exit 1; }
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[npm] installing dependencies from package-lock.json…"
  # Not `npm ci`: the registry reachable here serves only this platform's builds of optional native
  # packages (biome, swc, esbuild), so the lockfile cannot list the others and `npm ci` refuses it.
  # `npm install` with the committed lockfile installs the same versions and leaves the lockfile as is.
  npm install --no-audit --no-fund --loglevel=error
fi
