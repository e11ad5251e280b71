#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the serve module's JDBC tests and prints
# the JDBC URL on stdout. Installs the Debian package when the server binaries are missing.
set -euo pipefail
port="${ATTNREC_PG_PORT:-}"
if [ -z "$port" ]; then
  # The first free port from 55432 up: another server (a developer's) may hold the default.
  for p in $(seq 55432 55500); do
    if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then port=$p; break; fi
  done
fi
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "installing postgresql from Debian packages ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
# PostgreSQL refuses to run as root: use the package's postgres user, or make one.
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
pgdata=$(mktemp -d /tmp/attnrec-pg.XXXXXX)
chown postgres "$pgdata"
run() { su postgres -s /bin/bash -c "$*"; }
run "$bindir/initdb -D $pgdata -A trust -U postgres" >/dev/null
run "$bindir/pg_ctl -D $pgdata -o '-k $pgdata -h 127.0.0.1 -p $port' -l $pgdata/server.log -w start" >/dev/null
run "$bindir/psql -h 127.0.0.1 -p $port -U postgres -qc 'CREATE DATABASE attnrec'" >/dev/null
echo "jdbc:postgresql://127.0.0.1:$port/attnrec?user=postgres"
