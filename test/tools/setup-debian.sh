#!/usr/bin/env bash
# Sets up a fresh Debian machine for the demo and the tests: Debian's Chromium and Firefox ESR
# when missing (apt-get, through sudo when not root), then the locked npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v firefox-esr >/dev/null 2>&1 || need+=(firefox-esr)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} with apt-get"
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi
chromium --version || true
firefox-esr --version || true

npm ci --no-audit --no-fund
