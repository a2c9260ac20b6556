#!/usr/bin/env bash
# Installs the Debian packages the platform and its tests need, only those that are missing.
# Usage: scripts/install-deps.sh [--with-browser]
#   --with-browser  also installs Debian's chromium (the browser tests drive it headless)
# Safe to run repeatedly; needs root (or sudo) only when something is missing.
set -euo pipefail

# systemd: its systemd-analyze checks the Raspberry Pi unit in the tests (present wherever systemd runs).
# docker-compose: parses and validates docker-compose.yml in the tests (no Docker engine is needed for that).
packages=(mosquitto mosquitto-clients postgresql-15-postgis-3 librdkafka1 openssl systemd docker-compose)
if [[ "${1:-}" == "--with-browser" ]]; then
  packages+=(chromium)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all Debian packages present (${packages[*]})"
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

# The Debian packages start system-wide services; the platform runs its own on project-local
# data folders and free ports, so stop the system ones where a service manager is present.
for service in mosquitto postgresql; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    "${sudo_cmd[@]}" systemctl stop "$service" || true
  fi
done
echo "install-deps: done"
