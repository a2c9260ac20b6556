#!/usr/bin/env bash
# Issue 6's soak: thousands of simulated devices, each on its own MQTT connection with its own client id, held against
# the whole local platform (scripts/dev-up.sh: village Mosquitto, PostgreSQL/PostGIS, cloud backend, edge gateway),
# checking that the gateway keeps up: its journal's unforwarded readings stay bounded instead of growing.
#   bench/soak-10k.sh [--devices 10000] [--rate 500] [--minutes 10]
# --rate is the fleet's total readings per second (10,000 devices at 500/s: each reports every 20 s). Every 10 s it
# samples the simulator's progress line, the gateway's /health (journal depth, oldest unforwarded reading) and its
# resident memory; the samples and a verdict go to bench/results/<time>-soak.md (and .csv). Ctrl-C stops it early.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
devices=10000 rate=500 minutes=10
while [ $# -gt 0 ]; do
  case "$1" in
    --devices) devices="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --minutes) minutes="$2"; shift 2 ;;
    *) echo "usage: bench/soak-10k.sh [--devices N] [--rate R] [--minutes M]" >&2; exit 2 ;;
  esac
done

mkdir -p "$root/bench/results"
stamp=$(date -u +%Y%m%d-%H%M%S)
out="$root/bench/results/$stamp-soak"
log() { printf '[soak] %s\n' "$*"; }

log "starting the platform with $devices devices at $rate readings/s (scripts/dev-up.sh, log: $out.dev-up.log)"
EDGE_SIM_DEVICES=$devices EDGE_SIM_RATE=$rate setsid "$root/scripts/dev-up.sh" >"$out.dev-up.log" 2>&1 &
devup=$!
stop() { kill -INT -- -"$devup" 2>/dev/null || true; wait "$devup" 2>/dev/null || true; }
trap stop EXIT

simlog="$root/.edge/logs/simulator.log"
progress() { grep 'ProgressReporter' "$simlog" 2>/dev/null | tail -1 | sed 's/.*ProgressReporter\[[0-9]*\] //'; }
for _ in $(seq 600); do
  kill -0 "$devup" 2>/dev/null || { log "dev-up.sh ended early:"; tail -20 "$out.dev-up.log"; exit 1; }
  case "$(progress)" in "connected $devices/$devices"*) break ;; esac
  sleep 1
done
log "all devices connected: $(progress)"

echo "elapsed_s,connected,generated,acknowledged,sim_rate,errors,journal_pending_readings,journal_pending_live,oldest_pending_s,gateway_rss_mib,load1" >"$out.csv"
start=$(date +%s)
while [ $(( $(date +%s) - start )) -lt $(( minutes * 60 )) ]; do
  sleep 10
  kill -0 "$devup" 2>/dev/null || { log "the platform stopped:"; tail -20 "$out.dev-up.log"; exit 1; }
  line=$(progress)
  curl -s --max-time 5 http://127.0.0.1:5081/health >"$out.health.json" || echo '{}' >"$out.health.json"
  rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$(cat "$root/.edge/run/gateway.pid")/status")
  python3 - "$(( $(date +%s) - start ))" "$line" "$out.health.json" "$rss" "$(cut -d' ' -f1 /proc/loadavg)" >>"$out.csv" <<'PY'
import json, re, sys
elapsed, line, health_file, rss, load = sys.argv[1:]
health = open(health_file).read()
m = re.search(r"connected (\d+)/\d+, generated (\d+), published \d+, acknowledged (\d+) \(([\d.,]+)/s\), buffered \d+, dropped \d+, errors (\d+)", line)
sim = m.groups() if m else ("", "", "", "", "")
journal = json.loads(health or "{}").get("journal", {})
print(",".join([elapsed, sim[0], sim[1], sim[2], sim[3].replace(",", ""), sim[4],
                str(journal.get("pendingReadings", "")), str(journal.get("pendingLive", "")),
                "%.1f" % journal.get("oldestPendingAgeSeconds", 0), rss, load]))
PY
  log "$(tail -1 "$out.csv")"
done

python3 - "$out.csv" "$devices" "$rate" "$minutes" >"$out.md" <<'PY'
import csv, sys, platform, os
path, devices, rate, minutes = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
rows = list(csv.DictReader(open(path)))
pending = [int(r["journal_pending_readings"] or 0) for r in rows]
oldest = [float(r["oldest_pending_s"] or 0) for r in rows]
rss = [float(r["gateway_rss_mib"] or 0) for r in rows]
connected = [int(r["connected"] or 0) for r in rows]
half = len(pending) // 2
bound = rate * 30
kept_up = max(pending) <= bound and max(pending[half:] or [0]) <= max(max(pending[:half] or [0]), rate * 10)
print(f"# Soak: {devices:,} devices at {rate:,.0f} readings/s for {minutes} min\n")
print(f"{os.cpu_count()} cores, {platform.platform()}; command: `bench/soak-10k.sh --devices {devices} --rate {rate:g} --minutes {minutes}`\n")
print("| figure | value |\n| --- | --- |")
print(f"| devices connected (min over samples) | {min(connected):,} of {devices:,} |")
print(f"| readings acknowledged by the village broker at the end | {rows[-1]['acknowledged']} (simulator errors {rows[-1]['errors']}) |")
print(f"| gateway journal, unforwarded readings: max / last | {max(pending):,} / {pending[-1]:,} (bound for 'keeping up': {bound:,.0f}, 30 s of input) |")
print(f"| oldest unforwarded reading, max | {max(oldest):.1f} s |")
print(f"| gateway resident memory: min / max | {min(rss):.1f} / {max(rss):.1f} MiB |")
print(f"| 1-minute load average (2 cores) | {min(float(r['load1']) for r in rows):.1f} to {max(float(r['load1']) for r in rows):.1f} |")
print(f"| the gateway kept up | {'yes' if kept_up else 'NO'} |\n")
print("Samples every 10 s: `" + os.path.basename(path) + "`.")
PY
rm -f "$out.health.json"
cat "$out.md"
