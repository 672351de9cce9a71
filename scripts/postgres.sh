#!/usr/bin/env bash
# Installs (if missing) and starts a local PostgreSQL on 127.0.0.1:5432 with the patientdocs role and database.
# Idempotent: safe to run again. The last line printed is the PATIENTDOCS_TEST_POSTGRES assignment.
set -euo pipefail

PORT="${PATIENTDOCS_PG_PORT:-5432}"
ROLE=patientdocs
PASSWORD=patientdocs
DATABASE=patientdocs

export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq -f >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi

PGVER=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1)
if ! pg_lsclusters -h | grep -q "^$PGVER main"; then
  pg_createcluster "$PGVER" main -p "$PORT" >/dev/null
fi
if ! pg_ctlcluster "$PGVER" main status >/dev/null 2>&1; then
  pg_ctlcluster "$PGVER" main start
fi

for _ in $(seq 1 300); do
  pg_isready -h 127.0.0.1 -p "$PORT" -q && break
  sleep 0.2
done
pg_isready -h 127.0.0.1 -p "$PORT" -q || { echo "PostgreSQL did not become ready on 127.0.0.1:$PORT" >&2; exit 1; }

psql_admin() { su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -qtAX $*"; }

if [ "$(psql_admin "-c \"SELECT 1 FROM pg_roles WHERE rolname='$ROLE'\"")" != "1" ]; then
  psql_admin "-c \"CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'\""
else
  psql_admin "-c \"ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'\""
fi
# The progress feed reads which backends hold transactions; with this role it can tell autovacuum's from the nodes'.
psql_admin "-c \"GRANT pg_read_all_stats TO $ROLE\""
if [ "$(psql_admin "-c \"SELECT 1 FROM pg_database WHERE datname='$DATABASE'\"")" != "1" ]; then
  psql_admin "-c \"CREATE DATABASE $DATABASE OWNER $ROLE\""
fi

# Password login over TCP must work before anyone is told the connection string.
PGPASSWORD="$PASSWORD" psql -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DATABASE" -qtAX -c "SELECT 1" >/dev/null

# Debian's cluster offers TLS with a self-signed certificate, and Npgsql takes it when offered. Over loopback it protects
# nothing and cost about a quarter of the machine's CPU in the bench's capacity scenario (docs/bench.md), so the tests
# and the bench connect without it.
echo "PATIENTDOCS_TEST_POSTGRES=Host=127.0.0.1;Port=$PORT;Username=$ROLE;Password=$PASSWORD;Database=$DATABASE;SSL Mode=Disable"
