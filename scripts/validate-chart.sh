#!/usr/bin/env bash
# Validates the Helm chart without Helm (no Debian or npm package renders Helm templates): every object of the rendered set
# kept beside the chart (deploy/helm/patientdocs/rendered/) against the Kubernetes API schemas of the npm package
# kubernetes-models. The rendered set's agreement with values.yaml and the templates is checked by HelmChartTests.
# Usage: scripts/validate-chart.sh [FILE_OR_FOLDER...]   (default: the rendered set)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)/deploy/helm/validate"
if [ ! -f "$here/node_modules/kubernetes-models/package.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
node "$here/validate.mjs" "$@"
