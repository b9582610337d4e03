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

# Killed itself (SIGTERM, SIGINT, SIGHUP), the script stops its command and its server at
# once. Before, with the command in the foreground, bash handled a signal only when the
# command ended: SIGINT to the script left the server up for as long as the command
# ran, and SIGTERM or SIGHUP stopped the server but left the command running against it.
# Now the command runs in the background and the script waits for it: on a signal the
# command is asked to stop (killed after 10 seconds), the script exits 128 + the
# signal's number, and the EXIT trap stops and removes the server (which pg_ctl started
# in a session of its own, so nothing else stops it). Only SIGKILL leaves it running.
child=""
on_signal() {
  trap - INT TERM HUP
  if [ -n "$child" ] && kill -TERM "$child" 2>/dev/null; then
    for _ in $(seq 100); do kill -0 "$child" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$child" 2>/dev/null || true
  fi
  exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

as_pg "'$pg_bin/initdb' -D '$data_dir/data' -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8" >/dev/null
as_pg "'$pg_bin/pg_ctl' -D '$data_dir/data' -l '$data_dir/server.log' -w -t 60 \
  -o \"-c listen_addresses=127.0.0.1 -p $port -k '$data_dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100\" start" >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/samskap"
echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on port $port"
# Standard input stays the script's (a background command would get /dev/null), and
# SIGINT and SIGQUIT their default (bash ignores them in a background command, and the
# command's own children, e.g. a Python that should raise KeyboardInterrupt, would too).
defaults=()
if env --default-signal=INT true 2>/dev/null; then defaults=(env --default-signal=INT,QUIT); fi
"${defaults[@]}" "$@" <&0 &
child=$!
status=0
wait "$child" || status=$?
exit "$status"
