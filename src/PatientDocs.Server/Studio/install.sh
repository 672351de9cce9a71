#!/bin/sh
# Installs the pinned Elsa Studio package once. npm ci empties node_modules first, so parallel builds take a lock and
# re-check before installing; without flock (macOS) it just installs.
cd "$(dirname "$0")" || exit 1
marker=node_modules/@elsa-workflows/elsa-studio-wasm/_framework/blazor.webassembly.js
install() { [ -f "$marker" ] || npm ci --no-audit --no-fund; }
if command -v flock >/dev/null 2>&1; then
  exec 9>"${TMPDIR:-/tmp}/patientdocs-studio-npm.lock"
  flock 9
fi
install
