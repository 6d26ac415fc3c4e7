#!/usr/bin/env bash
# schemathesis against the running API (npm test runs this): a web app and worker of their own on a
# spare port (tests/fuzz/fuzzApp.ts), fuzzed from /openapi.json as nobody, as HR and as a director,
# with every check (`--checks all`), then stateful along the document's links. Any failed check fails
# the run. Bounded: FUZZ_MAX_EXAMPLES per operation (default 10), a few minutes in all.
# Needs the local stack; starts it if it is not running (and stops it after).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
# shellcheck source=../infra/versions.env
source infra/versions.env
cache="${COUNCIL_POSTS_CACHE:-$HOME/.cache/council-posts}"
schemathesis="$cache/schemathesis/$SCHEMATHESIS_VERSION/venv/bin/schemathesis"
say() { printf '[api-fuzz] %s\n' "$*"; }
[ -x "$schemathesis" ] || { say "error: schemathesis $SCHEMATHESIS_VERSION is not installed: run scripts/provision.sh" >&2; exit 1; }

max_examples="${FUZZ_MAX_EXAMPLES:-10}"
seed="${FUZZ_SEED:-20250612}"
work="$root/test-artifacts/api-fuzz"
rm -rf "$work"
mkdir -p "$work"
started_at=$(date +%s)

stack_started=0
if ! node_modules/.bin/tsx infra/stack.ts status >/dev/null 2>&1; then
  say "starting the local stack"
  node_modules/.bin/tsx infra/stack.ts up
  stack_started=1
fi

app_pid=""
cleanup() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  if [ "$stack_started" = 1 ]; then node_modules/.bin/tsx infra/stack.ts down || true; fi
}
trap cleanup EXIT

info="$work/app.json"
node_modules/.bin/tsx tests/fuzz/fuzzApp.ts "$info" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  [ -s "$info" ] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$work/app.log" >&2; say "error: the fuzz app did not start" >&2; exit 1; }
  sleep 0.5
done
[ -s "$info" ] || { say "error: the fuzz app did not answer in 60 s" >&2; exit 1; }
field() { node -e "console.log(require(process.argv[1])$1)" "$info"; }
base="$(field .baseUrl)"
say "app at $base (worker task queue $(field .taskQueue))"

status=0
# Each run's report goes to a log of its own, and only a line of figures is printed here: schemathesis
# closes with a pytest-style line ("=== 3 warnings in 13.96s ===") that CI reads as a test runner
# closing on no test executed. A run that fails prints its whole log.
run() {
  local who="$1"
  shift
  local log="$work/$who.log"
  say "schemathesis as $who (report: ${log#"$root"/})"
  if "$schemathesis" --config-file tests/fuzz/schemathesis.toml run "$base/openapi.json" \
    --checks all --max-examples "$max_examples" --seed "$seed" --workers 1 \
    --phases examples,coverage,fuzzing,stateful \
    --report junit --report-dir "$work/$who" \
    "$@" >"$log" 2>&1; then
    local cases
    cases="$(grep -A1 '^Test cases:' "$log" | tail -n 1 | sed -E 's/^ +//; s/, / · /g')"
    say "as $who, no failure; test cases: ${cases:-see the report}"
  else
    status=1
    cat "$log"
    say "as $who: FAILURES (the report above)"
  fi
}
run anonymous
run hr -H "Authorization: Bearer $(field .tokens.hr)"
run director -H "Authorization: Bearer $(field .tokens.director)"

say "done in $(( $(date +%s) - started_at ))s: $([ "$status" = 0 ] && echo 'no failure' || echo 'FAILURES (see above)')"
exit "$status"
