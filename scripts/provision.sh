#!/usr/bin/env bash
# Installs the local infrastructure into a per-user cache, once per version:
#   - the Temporal CLI (dev server), built with `go install` at a pinned version;
#   - Temporal's Java time-skipping test server and its jars, from Maven Central, with a launcher;
#   - the Apache Kafka broker's jars, from Maven Central;
#   - with `cluster` as argument (`bash scripts/provision.sh cluster`), also the cluster profile's
#     parts: the Temporal server and its SQL tool built from the server's Go module, its schema files,
#     and Debian's PostgreSQL and nginx (installed with apt-get when missing).
# Idempotent: a second run finds everything cached and downloads nothing.
# The cache is outside the checkout (COUNCIL_POSTS_CACHE, default ~/.cache/council-posts) so that a
# fresh clone on the same machine reuses it, while a fresh machine builds everything from nothing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=../infra/versions.env
source "$root/infra/versions.env"
cache="${COUNCIL_POSTS_CACHE:-$HOME/.cache/council-posts}"

say() { printf '[provision] %s\n' "$*"; }
fail() { printf '[provision] error: %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

need() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed: $2"
}

need go "the Temporal CLI is built from its Go module (Go >= 1.25 needed)"
need java "Kafka and the Temporal test server run on Java (>= 17 needed)"
need mvn "Kafka and the Temporal test server are fetched from Maven Central with Maven"

java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[ "${java_major%%.*}" -ge 17 ] 2>/dev/null || fail "Java ${java_major} found; Kafka ${KAFKA_VERSION} needs Java 17 or newer"

mkdir -p "$cache"

# --- Temporal CLI --------------------------------------------------------------------------------
temporal_dir="$cache/temporal-cli/$TEMPORAL_CLI_VERSION"
if [ -x "$temporal_dir/temporal" ]; then
  say "Temporal CLI $TEMPORAL_CLI_VERSION: cached ($temporal_dir/temporal)"
else
  say "Temporal CLI $TEMPORAL_CLI_VERSION: building with go install (first time: several minutes)…"
  started=$(date +%s)
  mkdir -p "$temporal_dir"
  GOBIN="$temporal_dir.partial" \
    go install "$TEMPORAL_CLI_MODULE@$TEMPORAL_CLI_VERSION" 2>&1 | sed 's/^/[provision]   /'
  mv "$temporal_dir.partial/temporal" "$temporal_dir/temporal"
  rmdir "$temporal_dir.partial"
  say "Temporal CLI $TEMPORAL_CLI_VERSION: built in $(elapsed "$started")"
fi

# --- Maven artifacts -----------------------------------------------------------------------------
# copy_jars NAME POM DEST -Dprop=value…: resolves a pom's runtime dependencies into DEST/libs.
copy_jars() {
  local name="$1" pom="$2" dest="$3"
  shift 3
  if [ -f "$dest/.complete" ]; then
    say "$name: cached ($dest/libs)"
    return
  fi
  say "$name: fetching jars from Maven Central…"
  local started
  started=$(date +%s)
  rm -rf "$dest"
  mkdir -p "$dest"
  mvn --batch-mode --no-transfer-progress -Dstyle.color=never -f "$pom" "$@" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dest/libs" \
    | grep -E '^\[(ERROR|WARNING)\]|BUILD' | sed 's/^/[provision]   /' || true
  ls "$dest/libs"/*.jar >/dev/null 2>&1 || fail "$name: Maven did not produce the jars (see output above)"
  touch "$dest/.complete"
  say "$name: $(ls "$dest/libs" | wc -l) jars in $(elapsed "$started")"
}

test_server_dir="$cache/temporal-test-server/$TEMPORAL_TEST_SERVER_VERSION"
copy_jars "Temporal test server $TEMPORAL_TEST_SERVER_VERSION" "$root/infra/maven/test-server.pom.xml" \
  "$test_server_dir" -Dtemporal.test.server.version="$TEMPORAL_TEST_SERVER_VERSION" -Dslf4j.version="$SLF4J_VERSION"

# @temporalio/testing starts an existing executable as `<exe> <port> --enable-time-skipping`.
launcher="$test_server_dir/temporal-test-server"
cat >"$launcher.partial" <<LAUNCHER
#!/usr/bin/env bash
# Temporal time-skipping test server $TEMPORAL_TEST_SERVER_VERSION (written by scripts/provision.sh).
exec java -Xms64m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \\
  -cp "$test_server_dir/libs/*" io.temporal.testserver.TestServer "\$@"
LAUNCHER
chmod +x "$launcher.partial"
mv "$launcher.partial" "$launcher"

kafka_dir="$cache/kafka/$KAFKA_VERSION"
copy_jars "Apache Kafka $KAFKA_VERSION" "$root/infra/maven/kafka.pom.xml" \
  "$kafka_dir" -Dkafka.version="$KAFKA_VERSION" -Dslf4j.version="$SLF4J_VERSION"

# --- Chromium for the browser tests ------------------------------------------------------------
# Debian's package, driven by playwright-core; never a browser download of playwright's own.
if command -v chromium >/dev/null 2>&1; then
  say "Chromium: installed ($(command -v chromium))"
elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  say "Chromium: installing Debian's chromium package (first time: about a minute)…"
  started=$(date +%s)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  say "Chromium: installed in $(elapsed "$started")"
else
  fail "Chromium is missing and cannot be installed here (needs root and apt-get): install Debian's chromium package"
fi

# --- schemathesis for the API fuzz run ----------------------------------------------------------
# From PyPI into a venv of its own, with the machine's Python 3.13 (pyenv's, or python3.13 on PATH).
# Built in a .partial directory and moved into place only once it runs, so a broken install is
# never taken for a cached one.
find_python() {
  local candidate
  for candidate in \
    "$(command -v pyenv >/dev/null 2>&1 && pyenv root 2>/dev/null)/versions/${SCHEMATHESIS_PYTHON_VERSION}.0/bin/python3" \
    "$(command -v pyenv >/dev/null 2>&1 && pyenv which "python${SCHEMATHESIS_PYTHON_VERSION}" 2>/dev/null)" \
    "$(command -v "python${SCHEMATHESIS_PYTHON_VERSION}" 2>/dev/null)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] &&
      "$candidate" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '${SCHEMATHESIS_PYTHON_VERSION}'.split('.'))))" 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
}
schemathesis_dir="$cache/schemathesis/$SCHEMATHESIS_VERSION"
if [ -x "$schemathesis_dir/venv/bin/schemathesis" ]; then
  say "schemathesis $SCHEMATHESIS_VERSION: cached ($schemathesis_dir/venv)"
else
  python="$(find_python)"
  [ -n "$python" ] || fail "Python ${SCHEMATHESIS_PYTHON_VERSION} is missing (pyenv install ${SCHEMATHESIS_PYTHON_VERSION}, or python${SCHEMATHESIS_PYTHON_VERSION} on PATH): schemathesis runs on it"
  say "schemathesis $SCHEMATHESIS_VERSION: installing from PyPI with $python…"
  started=$(date +%s)
  rm -rf "$schemathesis_dir/venv" "$schemathesis_dir/venv.partial"
  mkdir -p "$schemathesis_dir"
  # Made at its final path (a venv's scripts name their own directory), then checked before it counts.
  "$python" -m venv "$schemathesis_dir/venv"
  "$schemathesis_dir/venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" \
    | sed 's/^/[provision]   /' || true
  if ! "$schemathesis_dir/venv/bin/schemathesis" --version >/dev/null 2>&1; then
    rm -rf "$schemathesis_dir/venv"
    fail "schemathesis $SCHEMATHESIS_VERSION did not install (see output above)"
  fi
  say "schemathesis $SCHEMATHESIS_VERSION: installed in $(elapsed "$started")"
fi

# --- Cluster profile (infra/cluster/): Temporal server + SQL tool, PostgreSQL, nginx ---------------
if [ "${1:-}" = "cluster" ]; then
  server_dir="$cache/temporal-server/$TEMPORAL_SERVER_VERSION"
  if [ -x "$server_dir/server" ] && [ -x "$server_dir/sql" ] && [ -d "$server_dir/schema/postgresql" ]; then
    say "Temporal server $TEMPORAL_SERVER_VERSION: cached ($server_dir)"
  else
    say "Temporal server $TEMPORAL_SERVER_VERSION and SQL tool: building with go install (first time: about 6 minutes on 2 cores)…"
    started=$(date +%s)
    rm -rf "$server_dir.partial"
    mkdir -p "$server_dir.partial"
    GOBIN="$server_dir.partial" go install "$TEMPORAL_SERVER_MODULE/cmd/server@$TEMPORAL_SERVER_VERSION" \
      "$TEMPORAL_SERVER_MODULE/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" 2>&1 | sed 's/^/[provision]   /'
    [ -x "$server_dir.partial/server" ] && [ -x "$server_dir.partial/sql" ] || fail "go install did not produce server and sql (see output above)"
    # The schema files ship in the module, not in the binaries: keep a copy beside them, so a cleaned
    # Go module cache does not break a cluster's first start.
    module_dir="$(go env GOMODCACHE)/$TEMPORAL_SERVER_MODULE@$TEMPORAL_SERVER_VERSION"
    [ -d "$module_dir/schema/postgresql/v12" ] || fail "no schema files in $module_dir"
    mkdir -p "$server_dir.partial/schema"
    cp -R "$module_dir/schema/postgresql" "$server_dir.partial/schema/"
    chmod -R u+w "$server_dir.partial/schema"
    rm -rf "$server_dir"
    mv "$server_dir.partial" "$server_dir"
    say "Temporal server $TEMPORAL_SERVER_VERSION: built in $(elapsed "$started")"
  fi
  # Debian's packages, when missing: a private PostgreSQL cluster is made with initdb under the profile's
  # data folder (the package's own `main` cluster is left alone), and nginx runs with a config of ours.
  missing_packages=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing_packages+=(postgresql)
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing_packages+=(nginx)
  if [ "${#missing_packages[@]}" -eq 0 ]; then
    say "PostgreSQL and nginx: installed"
  elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    say "installing Debian's ${missing_packages[*]} (first time: about a minute)…"
    started=$(date +%s)
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing_packages[@]}" >/dev/null
    say "${missing_packages[*]}: installed in $(elapsed "$started")"
  else
    fail "${missing_packages[*]} missing and cannot be installed here (needs root and apt-get): install Debian's ${missing_packages[*]}"
  fi
fi

say "ready (cache: $cache)"
