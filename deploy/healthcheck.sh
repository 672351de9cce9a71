#!/usr/bin/env bash
# A container's health check with no curl in the image: GET the URL over bash's /dev/tcp, healthy on a 2xx status line.
# Usage: healthcheck.sh http://HOST:PORT/PATH
set -euo pipefail
url=${1:?usage: healthcheck.sh http://HOST:PORT/PATH}
rest=${url#http://}
hostport=${rest%%/*}
path=/${rest#*/}
[[ "$rest" == */* ]] || path=/
host=${hostport%%:*}
port=${hostport##*:}
[[ "$port" != "$hostport" ]] || port=80
exec 3<>"/dev/tcp/$host/$port"
printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&3
IFS= read -r status_line <&3
[[ "$status_line" =~ ^HTTP/1\.[01]\ 2[0-9][0-9] ]] || { echo "unhealthy: ${status_line%$'\r'}" >&2; exit 1; }
