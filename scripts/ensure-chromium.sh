#!/usr/bin/env bash
# Installs Debian's chromium for the dashboard's browser test (driven by playwright-core), unless it is there.
# Needs root and apt (CI's machine has both); run it once on a new machine: scripts/ensure-chromium.sh
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: chromium is missing; run as root (or: sudo apt-get install -y chromium)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y chromium
