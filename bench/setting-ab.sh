#!/usr/bin/env bash
# One build, one setting at two values, alternately in the same minutes: an embedded gateway with all eight
# processors per value, loaded by wrk with distinct bytes per upload (../shared/seed-bench/upload-unique.lua),
# at 8 connections and at 1, with the gateway's CPU per upload from /proc. What a change of one setting is worth.
#   bench/setting-ab.sh ImgProcess__Processing__PngLibrary ImageSharp Skia [IMAGE]
# BENCH_ROUNDS (2), BENCH_SECONDS (20), BENCH_WARMUP (60).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { echo "usage: $0 SETTING VALUE_A VALUE_B [IMAGE]" >&2; exit 2; }
setting=$1; values=("$2" "$3"); image=${4:-}
command -v wrk >/dev/null || scripts/apt-install.sh wrk
ldconfig -p | grep -q 'libturbojpeg.so.0 ' || scripts/apt-install.sh libturbojpeg0   # the default JPEG decoder
[ -n "$image" ] || { bench/fetch-images.sh; image=bench/.cache/astronaut.png; }
rounds=${BENCH_ROUNDS:-2}; seconds=${BENCH_SECONDS:-20}; warmup=${BENCH_WARMUP:-60}
dotnet build -c Release src/Gateway -nologo -v q > /dev/null
port=18092; work=$(mktemp -d); pid=""
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""; fi; }
trap 'stop; rm -rf "$work"' EXIT
ticks_per_second=$(getconf CLK_TCK)

# "rps p50_ms requests errors" of one wrk run.
load() { # connections seconds
  UPLOAD_FILE="$image" wrk -t"$(( $1 < 2 ? $1 : 2 ))" -c"$1" -d"$2"s -s ../shared/seed-bench/upload-unique.lua "http://127.0.0.1:$port/images" 2>/dev/null \
    | sed -n 's/^RESULT rps=\([0-9.]*\) p50_ms=\([0-9.]*\).* requests=\([0-9]*\) errors=\([0-9]*\).*/\1 \2 \3 \4/p'
}

# User + system CPU of the gateway so far, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }

echo "$setting: $(basename "$image"), all eight processors, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $seconds s per row"
echo
echo "| round | $setting | connections | uploads/s | p50 | CPU per upload |"
echo "| --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$rounds"); do
  for value in "${values[@]}"; do
    stop; rm -rf "$work/data"; mkdir -p "$work/data"
    env "$setting=$value" ImgProcess__Storage__DataDirectory="$work/data" ImgProcess__Limits__UploadsPerClientPerMinute=0 \
      ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet src/Gateway/bin/Release/net10.0/ImgProcess.Gateway.dll \
      --contentRoot "$PWD/src/Gateway/bin/Release/net10.0" > "$work/gateway.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.5; done
    load 8 "$warmup" > /dev/null
    for c in 8 1; do
      before=$(cpu_ticks)
      read -r rps p50 requests errors < <(load "$c" "$seconds")
      after=$(cpu_ticks)
      cpu=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? t * 1000 / hz / n : 0) }')
      echo "| $round | $value | $c | $rps$([ "$errors" -gt 0 ] && echo " ($errors errors)") | $p50 ms | $cpu ms |"
    done
  done
done
