#!/usr/bin/env bash
# Runs every test. On a fresh Debian machine it first installs and starts what the tests need:
# PostgreSQL (Debian's package, on 127.0.0.1), Chromium (Debian's package, for the Studio browser tests) and nginx
# (Debian's package, for the deployment tests).
# Extra arguments go to `dotnet test` (for example: ./test.sh --filter FullyQualifiedName~Engine).
set -euo pipefail
cd "$(dirname "$0")"

if [ -z "${PATIENTDOCS_TEST_POSTGRES:-}" ]; then
  line=$(bash scripts/postgres.sh | tail -n 1)
  export "${line?}"
fi
if ! command -v chromium >/dev/null 2>&1; then
  bash scripts/chromium.sh
fi
if [ ! -x /usr/sbin/nginx ]; then
  bash scripts/nginx.sh
fi

dotnet test PatientDocs.sln "$@"
