#!/bin/sh
# Installs the pinned charting library once; parallel builds take a lock and re-check first (as Studio/install.sh).
cd "$(dirname "$0")" || exit 1
marker=node_modules/chart.js/dist/chart.umd.min.js
install() { [ -f "$marker" ] || npm ci --no-audit --no-fund; }
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/patientdocs-operations-npm.lock"
  flock 9
fi
install
