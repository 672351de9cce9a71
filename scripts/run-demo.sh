#!/usr/bin/env bash
# The quick start's second command, after `docker compose up --build --wait`: starts PATIENTS patient-document runs
# (default 100) through the nginx proxy, follows them until they end, and prints where to look.
# Usage: scripts/run-demo.sh [PATIENTS]   (PATIENTDOCS_URL defaults to http://localhost:5000; the key is read from .env)
set -euo pipefail
cd "$(dirname "$0")/.."

PATIENTS="${1:-100}"
URL="${PATIENTDOCS_URL:-http://localhost:5000}"
URL="${URL%/}"
WAIT_SECONDS="${WAIT_SECONDS:-1800}"
if [[ -z "${PATIENTDOCS_API_KEY:-}" && -f .env ]]; then
  PATIENTDOCS_API_KEY=$(sed -n 's/^PATIENTDOCS_API_KEY=//p' .env | tail -n 1)
fi
: "${PATIENTDOCS_API_KEY:?set PATIENTDOCS_API_KEY in .env (see .env.example) or in the environment}"
[[ "$PATIENTS" =~ ^[0-9]+$ && "$PATIENTS" -ge 1 && "$PATIENTS" -le 1000 ]] || { echo "PATIENTS must be 1 to 1000 (the seeded patients)" >&2; exit 2; }

api() { curl -fsS -H "X-Api-Key: $PATIENTDOCS_API_KEY" -H 'Content-Type: application/json' "$@"; }

health=$(curl -fsS "$URL/health") || { echo "$URL/health does not answer: is 'docker compose up' done?" >&2; exit 1; }
echo "PatientDocs at $URL: $health"

ids=$(python3 -c 'import json,sys; n=int(sys.argv[1]); print(json.dumps({"patientIds": ["P%06d" % i for i in range(1, n + 1)]}))' "$PATIENTS")
started=$(api -X POST "$URL/api/patient-documents/runs" --data-binary "$ids")
mapfile -t instances < <(python3 -c 'import json,sys; [print(i) for i in json.load(sys.stdin)["instanceIds"]]' <<<"$started")
echo "Started ${#instances[@]} runs through the proxy."

# Progress: finished runs among ours, once every 5 seconds, until all end or WAIT_SECONDS pass.
deadline=$((SECONDS + WAIT_SECONDS))
while :; do
  finished=0; faulted=0
  for id in "${instances[@]}"; do
    case "$(api "$URL/elsa/api/workflow-instances/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["subStatus"])')" in
      Finished) finished=$((finished + 1)) ;;
      Faulted|Cancelled) faulted=$((faulted + 1)) ;;
    esac
  done
  echo "  $(date +%T)  finished $finished, faulted or cancelled $faulted, of ${#instances[@]}"
  (( finished + faulted == ${#instances[@]} )) && break
  (( SECONDS >= deadline )) && { echo "Not all runs ended within $WAIT_SECONDS s; they go on in the background." >&2; break; }
  sleep 5
done

cat <<TEXT

Where to look:
  Studio (sign in with the API key)   $URL/studio
  Operations page (queues, limits)    $URL/ops
  Patient-documents statistics        curl -H "X-Api-Key: \$PATIENTDOCS_API_KEY" $URL/api/patient-documents/stats
  Live progress (server-sent events)  curl -N -H "X-Api-Key: \$PATIENTDOCS_API_KEY" $URL/api/events
  Grafana: traces (Tempo), metrics    http://localhost:3000  (Explore -> Tempo: service patientdocs-server;
    (Prometheus), logs (Loki)          Prometheus: patientdocs_task_queue_depth, patientdocs_activity_duration_seconds)
  Simulators' counters                http://localhost:5100/sim/document-exchange/stats
  Runbook                             docs/deployment.md
TEXT
