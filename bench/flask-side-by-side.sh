#!/usr/bin/env bash
# ImgProcess beside the Flask service it replaces, in one run on this machine (../shared/seed-bench):
# the Flask service as its README runs it, and an embedded ImgProcess gateway, each loaded by wrk with distinct
# bytes per request (upload-unique.lua), interleaved so both sides see the same minutes of a shared machine.
#   FLASK_GIT_DIR=<git dir of github:arahmanhamdy/img-process> bench/flask-side-by-side.sh [IMAGE...]
# Without FLASK_GIT_DIR it says so and does nothing. BENCH_CONNECTIONS (8), BENCH_SECONDS (20), BENCH_WARMUP (60).
set -euo pipefail
cd "$(dirname "$0")/.."
seed=../shared/seed-bench
if [ -z "${FLASK_GIT_DIR:-}" ]; then
  echo "flask side by side: skipped (set FLASK_GIT_DIR to a git checkout of the Flask service, e.g. the directory 'fetch github:arahmanhamdy/img-process' gives)"
  exit 0
fi
command -v wrk >/dev/null || scripts/apt-install.sh wrk
connections=${BENCH_CONNECTIONS:-8}; seconds=${BENCH_SECONDS:-20}; warmup=${BENCH_WARMUP:-60}
images=("$@"); [ ${#images[@]} -gt 0 ] || { bench/fetch-images.sh; images=(bench/.cache/hubble_deep_field.jpg bench/.cache/astronaut.png); }
dotnet build -c Release src/Gateway -nologo -v q   # what is measured is this checkout, never an older build
flask_port=18090; ours_port=18091
work=$(mktemp -d); chmod 755 "$work"
gateway_pid=""
cleanup() { [ -n "$gateway_pid" ] && kill "$gateway_pid" 2>/dev/null; "$seed/seed.sh" stop || true; rm -rf "$work"; }
trap cleanup EXIT

# One wrk run: prints "rps p50_ms errors" from upload-unique.lua's RESULT line.
load() { # url image connections seconds
  UPLOAD_FILE="$2" wrk -t"$(( $3 < 2 ? $3 : 2 ))" -c"$3" -d"$4"s -s "$seed/upload-unique.lua" "$1" 2>/dev/null \
    | sed -n 's/^RESULT rps=\([0-9.]*\) p50_ms=\([0-9.]*\).* errors=\([0-9]*\).*/\1 \2 \3/p'
}

# " (N errors)" when wrk counted failed requests (non-2xx, resets, timeouts), else nothing.
errors() { if [ "$1" -gt 0 ]; then echo " ($1 errors)"; fi; }

# An embedded gateway as published (its appsettings.json read from its own directory: log levels included), rate limit
# off; "all" processors or only Average Pixel Value. Its log is kept in $work/gateway.log and shown when it fails.
start_ours() { # which
  stop_ours
  local disabled=()
  if [ "$1" = one ]; then
    local i=0
    for p in "Format and Dimensions" EXIF Histogram "Dominant Colours" "Perceptual Hash" Sharpness Thumbnail Placeholder; do
      disabled+=("ImgProcess__Processing__Disabled__$i=$p"); i=$((i + 1))
    done
  fi
  rm -rf "$work/data"; mkdir -p "$work/data"
  env "${disabled[@]}" ImgProcess__Storage__DataDirectory="$work/data" ImgProcess__Limits__UploadsPerClientPerMinute=0 \
    ImgProcess__Processing__Disabled__100=Text ImgProcess__Processing__Disabled__101="Visual Embedding" \
    ASPNETCORE_URLS="http://127.0.0.1:$ours_port" dotnet src/Gateway/bin/Release/net10.0/ImgProcess.Gateway.dll \
    --contentRoot "$PWD/src/Gateway/bin/Release/net10.0" > "$work/gateway.log" 2>&1 &
  gateway_pid=$!
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$ours_port/health/ready" && break; sleep 0.5; done
  # Past the JIT's first minute under load (see docs/benchmarks.md), on the first image.
  load "http://127.0.0.1:$ours_port/images" "${images[0]}" "$connections" "$warmup" > /dev/null
}
stop_ours() {
  if [ -n "$gateway_pid" ]; then
    kill "$gateway_pid" 2>/dev/null || true
    local rc=0; wait "$gateway_pid" 2>/dev/null || rc=$?
    gateway_pid=""
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 143 ]; then echo "the gateway exited with $rc on SIGTERM; the end of its log:" >&2; tail -40 "$work/gateway.log" >&2; fi
  fi
}

"$seed/seed.sh" start "$FLASK_GIT_DIR" "$flask_port" > /dev/null
load "http://127.0.0.1:$flask_port/images" "${images[0]}" "$connections" 10 > /dev/null   # Flask warm-up

echo "ImgProcess beside the Flask service — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, wrk $connections connections, $seconds s per row"
echo
echo "| image | service | connections | uploads/s | p50 | vs Flask |"
echo "| --- | --- | --- | --- | --- | --- |"
for which in one all; do
  start_ours "$which"
  for image in "${images[@]}"; do
    name=$(basename "$image")
    for c in "$connections" 1; do
      read -r flask_rps flask_p50 flask_errors < <(load "http://127.0.0.1:$flask_port/images" "$image" "$c" "$seconds") || flask_rps=0
      read -r ours_rps ours_p50 ours_errors < <(load "http://127.0.0.1:$ours_port/images" "$image" "$c" "$seconds") || ours_rps=0
      label=$([ "$which" = one ] && echo "ImgProcess, Average Pixel Value only" || echo "ImgProcess, all nine processors")
      ratio=$(awk -v a="$ours_rps" -v b="$flask_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
      echo "| $name | Flask service (Average Pixel Value) | $c | $flask_rps$(errors "${flask_errors:-0}") | $flask_p50 ms | 1 |"
      echo "| $name | $label | $c | $ours_rps$(errors "${ours_errors:-0}") | $ours_p50 ms | ${ratio}× |"
    done
  done
done
