#!/usr/bin/env bash
# Registers the state-language sample (order_processing_workflow) on a running server, starts one execution for the happy
# path and one for each failure path, waits for each to end, and prints its status, current state and steps.
# Usage: scripts/run-order-example.sh [URL]   (default http://localhost:5000; PATIENTDOCS_API_KEY is sent when set)
set -euo pipefail

URL="${1:-${PATIENTDOCS_URL:-http://localhost:5000}}"
URL="${URL%/}"
SAMPLE="$(cd "$(dirname "$0")/.." && pwd)/workflows/state-language/order_processing_workflow.yaml"
WAIT_SECONDS="${WAIT_SECONDS:-120}"

AUTH=()
if [[ -n "${PATIENTDOCS_API_KEY:-}" ]]; then
  AUTH=(-H "X-Api-Key: ${PATIENTDOCS_API_KEY}")
fi

# json FIELD < document: one field of a JSON document (jq when installed, python3 otherwise).
json() {
  if command -v jq >/dev/null 2>&1; then
    jq -r ".$1 // empty"
  else
    python3 -c 'import json,sys; v=json.load(sys.stdin).get(sys.argv[1]); print("" if v is None else v)' "$1"
  fi
}

STEPS_PY=$(cat <<'PY'
import json, sys
for s in json.load(sys.stdin)["steps"]:
    line = "    %s [%s] %s" % (s["stateName"], s["type"], s["status"])
    for key in ("attempts", "error", "branch"):
        if s.get(key) is not None:
            line += " %s=%s" % (key, s[key])
    print(line)
PY
)

# steps < execution: one line per step.
steps() {
  if command -v jq >/dev/null 2>&1; then
    jq -r '.steps[] | "    \(.stateName) [\(.type)] \(.status)"
      + (if .attempts != null then " attempts=\(.attempts)" else "" end)
      + (if .error != null then " error=\(.error)" else "" end)
      + (if .branch != null then " branch=\(.branch)" else "" end)'
  else
    python3 -c "$STEPS_PY"
  fi
}

# request METHOD PATH [BODY] [CONTENT-TYPE]: prints the body, then the status code on the last line.
request() {
  local method=$1 path=$2 body=${3:-} type=${4:-application/json}
  if [[ -n "$body" ]]; then
    curl -sS -X "$method" "${AUTH[@]}" -H "Content-Type: $type" --data-binary "$body" -w '\n%{http_code}' "$URL$path"
  else
    curl -sS -X "$method" "${AUTH[@]}" -w '\n%{http_code}' "$URL$path"
  fi
}

echo "Registering the sample on $URL"
response=$(request POST /workflows "$(cat "$SAMPLE")" application/yaml)
code=$(tail -n1 <<<"$response")
case "$code" in
  201) echo "  registered" ;;
  409) echo "  registered already" ;;
  *) echo "  registration answered $code: $(sed '$d' <<<"$response")" >&2; exit 1 ;;
esac

# run LABEL INPUT: starts an execution with INPUT, waits for it to end, prints it.
run() {
  local label=$1 input=$2 response code id execution status
  response=$(request POST /workflow-executions "{\"workflowName\":\"order_processing_workflow\",\"input\":$input}")
  code=$(tail -n1 <<<"$response")
  if [[ "$code" != 201 ]]; then
    echo "$label: start answered $code: $(sed '$d' <<<"$response")" >&2
    return 1
  fi
  id=$(sed '$d' <<<"$response" | json executionId)
  for _ in $(seq 1 $((WAIT_SECONDS * 4))); do
    execution=$(request GET "/workflow-executions/$id" | sed '$d')
    status=$(json status <<<"$execution")
    [[ "$status" != RUNNING ]] && break
    sleep 0.25
  done
  echo "$label: $status at $(json currentState <<<"$execution")$( [[ -n "$(json error <<<"$execution")" ]] && echo " ($(json error <<<"$execution"))")  [$id]"
  steps <<<"$execution"
}

ORDER='"orderId":"ord-1","amount":42.5'
run "happy path" "{$ORDER}"
run "validation error caught" "{$ORDER,\"mock\":{\"orderService.validate\":{\"alwaysFail\":true,\"errorType\":\"ValidationError\"}}}"
run "transient retry" "{$ORDER,\"mock\":{\"orderService.validate\":{\"failTimes\":1}}}"
run "backorder" "{$ORDER,\"mock\":{\"inventoryService.check\":{\"output\":{\"inventoryAvailable\":false}}}}"
run "timeout" "{$ORDER,\"mock\":{\"inventoryService.reserve\":{\"sleepSeconds\":40}}}"
run "payment error with reversal" "{$ORDER,\"mock\":{\"paymentService.charge\":{\"alwaysFail\":true,\"errorType\":\"PaymentError\"}}}"
