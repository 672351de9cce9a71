#!/usr/bin/env bash
# Lints what the compiler does not: shell scripts (shellcheck), YAML (yamllint, .yamllint), the Helm chart's rendered
# objects against the Kubernetes schemas (scripts/validate-chart.sh) and C# formatting (dotnet format). Installs the two
# linters from Debian's packages when missing. .ci/run passes --no-format: it checks formatting itself.
# Usage: scripts/lint.sh [--no-format]
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
missing=()
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v yamllint >/dev/null 2>&1 || missing+=(yamllint)
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

status=0
mapfile -t scripts < <(git ls-files --cached --others --exclude-standard -- '*.sh' .ci/run | grep -v node_modules/)
echo "shellcheck: ${#scripts[@]} scripts"
shellcheck "${scripts[@]}" || status=1

mapfile -t documents < <(git ls-files --cached --others --exclude-standard -- '*.yml' '*.yaml' .yamllint | grep -v node_modules/)
echo "yamllint: ${#documents[@]} files"
yamllint --strict "${documents[@]}" || status=1

echo "chart: rendered objects against the Kubernetes schemas"
scripts/validate-chart.sh || status=1

if [ "${1:-}" != "--no-format" ]; then
  echo "dotnet format"
  dotnet format PatientDocs.sln --verify-no-changes --no-restore || status=1
fi

[ "$status" -eq 0 ] && echo "lint: clean" || echo "lint: problems above" >&2
exit "$status"
