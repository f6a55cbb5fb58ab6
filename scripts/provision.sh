#!/usr/bin/env bash
# Installs what the test suite needs on Debian/Ubuntu as root, idempotently; elsewhere it
# lists what is missing and fails. Quick (a few dpkg queries) when everything is there.
set -euo pipefail
packages=(postgresql docker-compose prometheus prometheus-alertmanager prometheus-postgres-exporter docker.io debootstrap iproute2 ca-certificates)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "provision: missing packages: ${missing[*]}" >&2
    echo "provision: install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) and run again" >&2
    exit 1
  fi
  echo "provision: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian's packages start their daemons where an init system runs; the tests start their own.
for svc in prometheus prometheus-alertmanager prometheus-postgres-exporter postgresql; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then systemctl stop "$svc" || true; fi
done
