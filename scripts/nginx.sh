#!/usr/bin/env bash
# Installs Debian's nginx for the deployment tests, which run deploy/nginx/nginx.conf in front of the server processes.
# The tests start their own nginx with their own configuration; the package's default site is not needed.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [ -x /usr/sbin/nginx ]; then exit 0; fi
apt-get update -qq
apt-get install -y -qq -f >/dev/null
apt-get install -y -qq nginx-light >/dev/null
/usr/sbin/nginx -v
