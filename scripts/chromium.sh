#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (never a browser download of a test tool's own).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if command -v chromium >/dev/null 2>&1; then exit 0; fi
apt-get update -qq
apt-get install -y -qq -f >/dev/null
apt-get install -y -qq chromium >/dev/null
chromium --version
