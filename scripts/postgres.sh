#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and for running a cluster on one machine.
#   scripts/postgres.sh start DIR [PORT]   initdb in DIR (as the postgres user), start on 127.0.0.1:PORT (default 55432),
#                                          create database "imgprocess"; prints the connection string
#   scripts/postgres.sh stop DIR           stop it (the data stays in DIR until you remove it)
#   scripts/postgres.sh crash DIR          stop it at once, as a crash would (pg_ctl -m immediate; fault tests)
# Installs Debian's postgresql package when no server binaries are found.
set -euo pipefail

command="${1:?usage: postgres.sh start|stop|crash DIR [PORT]}"
dir="${2:?usage: postgres.sh start|stop|crash DIR [PORT]}"
port="${3:-55432}"

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "installing postgresql from Debian's packages" >&2
    "$(dirname "$0")/apt-install.sh" postgresql
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
    start)
        mkdir -p "$dir"
        if [ "$(id -u)" -eq 0 ]; then
            chown postgres:postgres "$dir"; chmod 700 "$dir"
            chmod a+x "$(dirname "$dir")"   # the postgres user must be able to reach its directory
        fi
        if [ ! -f "$dir/PG_VERSION" ]; then
            as_postgres "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --no-sync >/dev/null
        fi
        as_postgres "$bin/pg_ctl" -D "$dir" -w -t 60 -l "$dir/server.log" \
            -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=on" start >/dev/null
        if ! as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='imgprocess'" | grep -q 1; then
            as_postgres "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE imgprocess" >/dev/null
        fi
        echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=imgprocess"
        ;;
    stop)
        if [ -f "$dir/postmaster.pid" ]; then
            as_postgres "$bin/pg_ctl" -D "$dir" -w -t 60 -m fast stop >/dev/null
        fi
        ;;
    crash)
        if [ -f "$dir/postmaster.pid" ]; then
            as_postgres "$bin/pg_ctl" -D "$dir" -w -t 60 -m immediate stop >/dev/null
        fi
        ;;
    *)
        echo "usage: postgres.sh start|stop|crash DIR [PORT]" >&2
        exit 2
        ;;
esac
