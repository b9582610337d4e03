#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server: initdb into a temporary
# directory, start on a free loopback port, export DATABASE_URL, stop and remove at exit.
set -euo pipefail
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
  "$(dirname "$0")/ensure-debs.sh" pg_ctl:postgresql
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
data_dir=$(mktemp -d /tmp/samskap-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The server refuses to run as root: run it as the postgres user on a directory it owns.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$data_dir"
  as_pg() { su postgres -s /bin/bash -c "$*"; }
else
  as_pg() { bash -c "$*"; }
fi

stop() {
  as_pg "'$pg_bin/pg_ctl' -D '$data_dir/data' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$data_dir"
}
trap stop EXIT

as_pg "'$pg_bin/initdb' -D '$data_dir/data' -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8" >/dev/null
as_pg "'$pg_bin/pg_ctl' -D '$data_dir/data' -l '$data_dir/server.log' -w -t 60 \
  -o \"-c listen_addresses=127.0.0.1 -p $port -k '$data_dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100\" start" >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/samskap"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $port"
"$@"
