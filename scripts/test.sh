#!/usr/bin/env bash
# Runs every test of the solution. Installs the Debian packages the tests use (Mosquitto, PostgreSQL/PostGIS,
# librdkafka, Chromium) where missing; the tests start their own throwaway servers on free loopback ports.
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Ingest).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
configuration=${EDGE_CONFIGURATION:-Release}

"$root/scripts/install-deps.sh" --with-browser

cd "$root"
dotnet build Edge.sln -c "$configuration" --nologo -v:q -clp:ErrorsOnly
# Test projects run one after another (-m:1): the end-to-end and load tests measure latency and throughput, and
# must not share the two cores of a CI machine with another project's ten thousand MQTT connections.
# The whole log is kept in .edge/test.log; when something fails, the failures are repeated at the end, where a CI
# page that shows only the tail of the output will show them.
mkdir -p "$root/.edge"
log="$root/.edge/test.log"
status=0
dotnet test Edge.sln -c "$configuration" --no-build --nologo -m:1 \
  --logger "console;verbosity=normal" \
  --blame-hang-timeout 10m \
  "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "==== tests failed (exit $status); the failures again, from $log ===="
  # Short enough to fit in the last lines of a CI page: the totals, then each failure with its message's first lines.
  grep -E '^(Test Run|     Failed:)' "$log" || true
  grep -E -A 4 '^\s+Failed Edge\.|Test Run Aborted|The active test run' "$log" | grep -v -E '^\s+Stack Trace:' | cut -c1-300 | head -60 || true
fi
exit "$status"
