#!/usr/bin/env bash
# Re-runs every benchmark of the project after a Release build. Results: bench/results/ (JSON and Markdown per run).
#
#   bench/run-all.sh                 # everything, with the 10-minute memory run (about 25 minutes)
#   bench/run-all.sh --minutes 1     # arguments go to the Edge.Mqtt benchmark (see bench/README.md)
#
# The Edge.Mqtt benchmark (bench/Edge.Mqtt.Bench): `all` (receive, publish, latency, memory), then `profile`
# (allocations by type, lock contention, system calls per message). Then the gateway benchmark
# (bench/Edge.Gateway.Bench): `all` (ingest, drain, alert, memory, nodered; about 35 minutes), which drives the Release
# builds of the gateway and the cloud as processes, with PostgreSQL/PostGIS and Node-RED (npm ci in bench/nodered).
# Then the cloud benchmark (bench/Edge.Cloud.Bench: psql \copy yardstick, HTTP ingest, latency, bucket query).
# Arguments go to the Edge.Mqtt benchmark; the gateway benchmark's own come from EDGE_GATEWAY_BENCH_ARGS, the cloud
# benchmark's from EDGE_CLOUD_BENCH_ARGS, e.g.
#   EDGE_GATEWAY_BENCH_ARGS="--runs 1 --backlog 100000" EDGE_CLOUD_BENCH_ARGS="--readings 200000" bench/run-all.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# What the benchmarks drive: Mosquitto and its C clients (the yardstick), perf (system-call counts in profile mode).
missing=()
[ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
command -v mosquitto_sub >/dev/null || missing+=(mosquitto-clients)
command -v perf >/dev/null || missing+=(linux-perf)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
command -v psql >/dev/null || missing+=(postgresql-client-15)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

cd "$root"
dotnet build bench/Edge.Mqtt.Bench/Edge.Mqtt.Bench.csproj -c Release --nologo -v:q -clp:ErrorsOnly
# The gateway benchmark runs the programs themselves, so the whole solution is built in Release.
dotnet build Edge.sln -c Release --nologo -v:q -clp:ErrorsOnly
(cd bench/nodered && npm ci --no-audit --no-fund --silent)

echo "== Edge.Mqtt: receive, publish, latency, memory"
dotnet run -c Release --no-build --project bench/Edge.Mqtt.Bench -- all "$@"
echo "== Edge.Mqtt: profile"
dotnet run -c Release --no-build --project bench/Edge.Mqtt.Bench -- profile "$@"
echo "== Edge gateway: ingest, drain, alert, memory, nodered"
dotnet run -c Release --no-build --project bench/Edge.Gateway.Bench -- ${EDGE_GATEWAY_BENCH_ARGS:-all}
echo "== Edge.Cloud: psql \\copy, HTTP ingest, latency, bucket query"
# shellcheck disable=SC2086 # word splitting of the arguments is wanted
dotnet run -c Release --no-build --project bench/Edge.Cloud.Bench -- ${EDGE_CLOUD_BENCH_ARGS:-}
