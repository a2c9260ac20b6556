#!/usr/bin/env bash
# Makes the TLS material of a deployment with openssl: a private CA, a certificate for a Mosquitto broker signed by it,
# and optionally client certificates (devices or gateways that authenticate by certificate).
#   scripts/make-certs.sh OUT_DIR --host NAME [--host NAME ...] [--client NAME ...] [--days N]
# --host: a DNS name or IP address the broker is reached by (the first one is also its common name); every one
# goes into the certificate's subjectAltName, which clients check. Writes OUT_DIR/ca.crt and ca.key (the CA: keep
# ca.key offline once done), server.crt and server.key (the broker: mosquitto/tls.conf), and CLIENT.crt, CLIENT.key
# per --client. Keys are mode 0600. An existing CA in OUT_DIR is reused, so more certificates can be made later.
# Nothing here is committed to the repository: run it on the machine that keeps the CA.
set -euo pipefail

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] || usage
out="$1"; shift
hosts=() clients=() days=825
while [ $# -gt 0 ]; do
  case "$1" in
    --host) hosts+=("$2"); shift 2 ;;
    --client) clients+=("$2"); shift 2 ;;
    --days) days="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "error: unknown argument $1" >&2; usage ;;
  esac
done
[ ${#hosts[@]} -gt 0 ] || { echo "error: at least one --host is required" >&2; exit 2; }
[[ "$days" =~ ^[0-9]+$ ]] || { echo "error: --days must be a number" >&2; exit 2; }

mkdir -p "$out"
umask 077
cd "$out"

if [ ! -f ca.key ]; then
  echo "==> CA (ca.crt, ca.key)"
  openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 3650 -subj "/CN=Edge deployment CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout ca.key -out ca.crt 2>/dev/null
fi

san=""
for host in "${hosts[@]}"; do
  if [[ "$host" =~ ^[0-9.]+$ || "$host" == *:* ]]; then san+="IP:$host,"; else san+="DNS:$host,"; fi
done
san="${san%,}"

sign() { # name, subject, extended key usage, extra extensions
  local name="$1" subject="$2" usage="$3" extra="$4"
  openssl req -newkey rsa:2048 -sha256 -nodes -subj "$subject" -keyout "$name.key" -out "$name.csr" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n%s\n' "$usage" "$extra" >"$name.ext"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days "$days" -sha256 -extfile "$name.ext" -out "$name.crt" 2>/dev/null
  rm -f "$name.csr" "$name.ext"
}

echo "==> broker certificate (server.crt, server.key) for ${hosts[*]}"
sign server "/CN=${hosts[0]}" serverAuth "subjectAltName=$san"
for client in "${clients[@]}"; do
  echo "==> client certificate ($client.crt, $client.key)"
  sign "$client" "/CN=$client" clientAuth ""
done
chmod 0644 ca.crt server.crt "${clients[@]/%/.crt}" 2>/dev/null || chmod 0644 ca.crt server.crt
echo "==> done: $(cd "$out" && pwd)"
