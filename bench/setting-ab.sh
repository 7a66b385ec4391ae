#!/usr/bin/env bash
# One build, one setting at two values, alternately in the same minutes: an embedded gateway with all nine
# processors per value, loaded by wrk with distinct bytes per upload (../shared/seed-bench/upload-unique.lua),
# at 8 connections and at 1, with the gateway's CPU per upload from /proc. What a change of one setting is worth.
#   bench/setting-ab.sh ImgProcess__Processing__PngLibrary ImageSharp Skia [IMAGE]
# BENCH_ROUNDS (2), BENCH_SECONDS (20), BENCH_WARMUP (60).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { echo "usage: $0 SETTING VALUE_A VALUE_B [IMAGE]" >&2; exit 2; }
setting=$1; values=("$2" "$3"); image=${4:-}
[ -n "$image" ] || { bench/fetch-images.sh; image=bench/.cache/astronaut.png; }
rounds=${BENCH_ROUNDS:-2}; seconds=${BENCH_SECONDS:-20}; warmup=${BENCH_WARMUP:-60}
source bench/ab-common.sh
dotnet build -c Release src/Gateway -nologo -v q > /dev/null

echo "$setting: $(basename "$image"), all nine processors, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $seconds s per row"
echo
echo "| round: $setting | connections | uploads/s | p50 | CPU per upload |"
echo "| --- | --- | --- | --- | --- |"
for round in $(seq 1 "$rounds"); do
  for value in "${values[@]}"; do
    start_gateway "$PWD/src/Gateway/bin/Release/net10.0" "$setting=$value"
    measure "$round: $value"
  done
done
