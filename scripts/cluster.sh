#!/usr/bin/env bash
# A whole cluster on one machine: PostgreSQL, the schema, N silos and one client-mode gateway, all on loopback.
#   scripts/cluster.sh start [SILOS] [HTTP_PORT]   default 3 silos, gateway on http://127.0.0.1:8080
#   scripts/cluster.sh add-silo N                   start silo number N (ports 11110+N / 30000+N, probes and metrics 18080+N)
#   scripts/cluster.sh stop                         stop everything (data stays in $CLUSTER_DIR)
# State lives in CLUSTER_DIR (default /tmp/imgprocess-cluster). Uses the Release build (dotnet build -c Release).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CLUSTER_DIR:-/tmp/imgprocess-cluster}"
pg_port="${CLUSTER_PG_PORT:-55432}"
bin_silo="src/Silo/bin/Release/net10.0/ImgProcess.Silo.dll"
bin_gateway="src/Gateway/bin/Release/net10.0/ImgProcess.Gateway.dll"

export ImgProcess__Storage__Provider=PostgreSql
export ImgProcess__Storage__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=imgprocess"
export ImgProcess__Cluster__AdvertisedAddress=127.0.0.1
export ImgProcess__Limits__UploadsPerClientPerMinute="${ImgProcess__Limits__UploadsPerClientPerMinute:-600}"

start_silo() {
    ImgProcess__Cluster__SiloPort=$((11110 + $1)) ImgProcess__Cluster__GatewayPort=$((30000 + $1)) \
        nohup dotnet "$bin_silo" --urls "http://127.0.0.1:$((18080 + $1))" > "$dir/silo$1.log" 2>&1 &
    echo $! > "$dir/silo$1.pid"
}

active_silos() {
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -d imgprocess -tAc "SELECT COUNT(*) FROM membership WHERE status = 3" 2>/dev/null || echo 0
}

case "${1:-start}" in
    start)
        silos="${2:-3}" http_port="${3:-8080}"
        [ -f "$bin_silo" ] && [ -f "$bin_gateway" ] || dotnet build -c Release ImgProcess.sln -nologo -v q >/dev/null
        mkdir -p "$dir" && chmod 755 "$dir"
        scripts/postgres.sh start "$dir/pg" "$pg_port" >/dev/null
        dotnet "$bin_silo" schema
        for i in $(seq 1 "$silos"); do start_silo "$i"; done
        for _ in $(seq 1 120); do [ "$(active_silos)" -ge "$silos" ] && break; sleep 0.5; done
        # A cluster on loopback for trying things out: writes open on purpose (a real one sets ImgProcess__Access__ApiKeys).
        ImgProcess__Cluster__GatewayMode=Client ImgProcess__Access__AllowAnonymousWrites=true nohup dotnet "$bin_gateway" --urls "http://127.0.0.1:$http_port" > "$dir/gateway.log" 2>&1 &
        echo $! > "$dir/gateway.pid"
        for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$http_port/images?count=1" >/dev/null && break; sleep 0.5; done
        echo "cluster up: $(active_silos) silos, gateway http://127.0.0.1:$http_port, logs in $dir"
        ;;
    add-silo)
        start_silo "${2:?silo number}"
        ;;
    stop)
        for pid in "$dir"/*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; rm -f "$pid"; done
        sleep 2
        scripts/postgres.sh stop "$dir/pg"
        echo "cluster stopped"
        ;;
    *)
        echo "usage: cluster.sh start [SILOS] [HTTP_PORT] | add-silo N | stop" >&2
        exit 2
        ;;
esac
