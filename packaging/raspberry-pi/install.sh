#!/usr/bin/env bash
# Installs the Edge village gateway on a Raspberry Pi (Debian 12 / Raspberry Pi OS, arm64), as root:
#   sudo ./install.sh --gateway-id ID --cloud-url URL --api-key-file FILE [--publish-dir DIR] [--broker-password-file FILE]
# DIR is the gateway built by scripts/publish-pi.sh (default: ./edge-gateway beside this script). The API key is the
# gateway's key from the cloud (POST /api/v1/gateways); it is read from a file so that it never appears in a process
# list or the shell history. Run it again to upgrade: the journal and the broker's data are kept.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gateway_id="" cloud_url="" api_key_file="" publish_dir="$here/edge-gateway" broker_password_file="" root="${EDGE_INSTALL_ROOT:-}"

usage() { sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --gateway-id) gateway_id="$2"; shift 2 ;;
    --cloud-url) cloud_url="$2"; shift 2 ;;
    --api-key-file) api_key_file="$2"; shift 2 ;;
    --publish-dir) publish_dir="$2"; shift 2 ;;
    --broker-password-file) broker_password_file="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "error: unknown argument $1" >&2; usage ;;
  esac
done

fail() { echo "error: $*" >&2; exit 2; }
[ -n "$gateway_id" ] || fail "--gateway-id is required"
[[ "$gateway_id" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || fail "--gateway-id must be 1-64 of [A-Za-z0-9._-]"
[[ "$cloud_url" =~ ^https?:// ]] || fail "--cloud-url must be an http(s) URL"
[ -r "$api_key_file" ] || fail "--api-key-file must name a readable file"
[ -f "$publish_dir/Edge.Gateway.dll" ] || fail "no Edge.Gateway.dll in $publish_dir (build it with scripts/publish-pi.sh)"
[ -z "$broker_password_file" ] || [ -r "$broker_password_file" ] || fail "--broker-password-file must name a readable file"
[ -n "$root" ] || [ "$(id -u)" = 0 ] || fail "run as root"

step() { echo "==> $*"; }

if [ -z "$root" ]; then
  step "Debian packages: mosquitto, its clients, librdkafka (Kafka uplink), sqlite3 (to inspect the journal)"
  apt-get install -y --no-install-recommends mosquitto mosquitto-clients librdkafka1 sqlite3 >/dev/null
  if ! dotnet --list-runtimes 2>/dev/null | grep -q '^Microsoft.AspNetCore.App 10\.'; then
    fail "the ASP.NET Core 10 runtime is missing: install it first (README.md, \"Runtime\")"
  fi
  id edge >/dev/null 2>&1 || { step "system user edge"; useradd --system --home-dir /var/lib/edge-gateway --shell /usr/sbin/nologin edge; }
fi

step "gateway files -> $root/opt/edge-gateway"
install -d -m 0755 "$root/opt/edge-gateway"
cp -a "$publish_dir/." "$root/opt/edge-gateway/"
install -m 0644 "$here/README.md" "$root/opt/edge-gateway/README.raspberry-pi.md"

step "configuration -> $root/etc/edge-gateway/gateway.env (mode 0640, group edge)"
install -d -m 0750 "$root/etc/edge-gateway"
env_file="$root/etc/edge-gateway/gateway.env"
umask 027
{
  echo "Gateway__Id=$gateway_id"
  echo "Uplink__CloudUrl=$cloud_url"
  echo "Uplink__ApiKey=$(tr -d '\r\n' <"$api_key_file")"
  if [ -n "$broker_password_file" ]; then
    echo "Mqtt__Username=$gateway_id"
    echo "Mqtt__Password=$(tr -d '\r\n' <"$broker_password_file")"
  fi
} >"$env_file.new"
mv "$env_file.new" "$env_file"
[ -n "$root" ] || chgrp edge "$env_file" "$root/etc/edge-gateway"

step "village Mosquitto -> $root/etc/mosquitto/conf.d/"
install -d -m 0755 "$root/etc/mosquitto/conf.d"
mosquitto_dir="$here/mosquitto"; [ -d "$mosquitto_dir" ] || mosquitto_dir="$here/../../mosquitto"  # the bundle, or the repository
install -m 0644 "$mosquitto_dir/edge.conf" "$mosquitto_dir/edge-common.conf" "$root/etc/mosquitto/conf.d/"

step "systemd unit -> $root/etc/systemd/system/edge-gateway.service"
install -d -m 0755 "$root/etc/systemd/system"
install -m 0644 "$here/edge-gateway.service" "$root/etc/systemd/system/edge-gateway.service"

if [ -z "$root" ]; then
  step "starting mosquitto and edge-gateway"
  systemctl daemon-reload
  systemctl enable --now mosquitto >/dev/null
  systemctl restart mosquitto
  systemctl enable edge-gateway >/dev/null
  systemctl restart edge-gateway
  step "done: journalctl -u edge-gateway -f; curl -s http://127.0.0.1:5081/health"
else
  step "done (files only, under $root: nothing started)"
fi
