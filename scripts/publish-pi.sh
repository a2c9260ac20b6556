#!/usr/bin/env bash
# Builds the Raspberry Pi bundle of the village gateway: a framework-dependent publish for linux-arm64 (it runs on the
# Pi's ASP.NET Core 10 runtime; SQLite's native library for arm64 is included, librdkafka comes from Debian), with the
# systemd unit, the installer and the village Mosquitto configuration:
#   scripts/publish-pi.sh [OUT]        (default OUT: out/edge-gateway-pi; also OUT.tar.gz)
# Copy OUT.tar.gz to the Pi, unpack it, and run its install.sh (packaging/raspberry-pi/README.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/out/edge-gateway-pi}"
rm -rf "$out"
mkdir -p "$out/mosquitto"
echo "==> dotnet publish edge-gateway for linux-arm64 (framework-dependent)"
# UseAppHost=false: the arm64 app host pack is not served here, and the unit starts the gateway with `dotnet` anyway.
dotnet publish "$root/edge-gateway/Edge.Gateway" -c Release -r linux-arm64 --self-contained false -p:UseAppHost=false \
  -o "$out/edge-gateway" --nologo -v quiet
rm -f "$out/edge-gateway/appsettings.Development.json"
cp "$root/packaging/raspberry-pi/install.sh" "$root/packaging/raspberry-pi/edge-gateway.service" "$root/packaging/raspberry-pi/README.md" "$out/"
cp "$root/mosquitto/edge.conf" "$root/mosquitto/edge-common.conf" "$root/mosquitto/dynamic-security.conf" "$out/mosquitto/"
tar -C "$(dirname "$out")" -czf "$out.tar.gz" "$(basename "$out")"
echo "==> $out.tar.gz ($(du -h "$out.tar.gz" | cut -f1))"
