#!/usr/bin/env bash
# Creates the dynamic-security file of a Mosquitto (village or cloud broker) with a random admin password, on the
# machine that runs the broker. Nothing it writes belongs in the repository.
#
#   scripts/dynsec-init.sh DIR [ADMIN_USERNAME]
#
# writes DIR/dynamic-security.json (for plugin_opt_config_file, see mosquitto/dynamic-security.conf; readable and
# writable by the mosquitto user) and DIR/broker-admin.env (mode 0600) with the cloud backend's settings
# Broker__AdminUsername and Broker__AdminPassword. Refuses to overwrite an existing file.
set -euo pipefail

dir=${1:?usage: dynsec-init.sh DIR [ADMIN_USERNAME]}
admin=${2:-edge-admin}
json="$dir/dynamic-security.json"
env_file="$dir/broker-admin.env"

if [[ -e "$json" || -e "$env_file" ]]; then
  echo "dynsec-init: $json or $env_file exists already; remove them to start over" >&2
  exit 1
fi

mkdir -p "$dir"
password=$(openssl rand -hex 24)
mosquitto_ctrl dynsec init "$json" "$admin" "$password" >/dev/null
if id mosquitto >/dev/null 2>&1; then
  chown mosquitto: "$json"
fi
chmod 600 "$json"
(umask 077 && printf 'Broker__AdminUsername=%s\nBroker__AdminPassword=%s\n' "$admin" "$password" >"$env_file")
echo "dynsec-init: wrote $json and $env_file (the admin's password is only there)"
