# Shared by bench/setting-ab.sh and bench/build-ab.sh (sourced): an embedded gateway per row, loaded by wrk with
# distinct bytes per upload (../shared/seed-bench/upload-unique.lua), with the gateway's CPU per upload from /proc.
# Expects: image, seconds, warmup. Gives: start_gateway DLL_DIR [ENV...], measure LABEL, stop.
command -v wrk >/dev/null || scripts/apt-install.sh wrk
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

# A fresh embedded gateway from the build output in $1, with the settings that follow (NAME=VALUE), warmed up.
start_gateway() {
  local output=$1; shift
  stop; rm -rf "$work/data"; mkdir -p "$work/data"
  env "$@" ImgProcess__Storage__DataDirectory="$work/data" ImgProcess__Limits__UploadsPerClientPerMinute=0 \
    ImgProcess__Processing__Disabled__100=Text ImgProcess__Processing__Disabled__101="Visual Embedding" \
    ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$output/ImgProcess.Gateway.dll" \
    --contentRoot "$output" > "$work/gateway.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.5; done
  load 8 "$warmup" > /dev/null
}

# One table row per connection count (8, then 1) for the running gateway: "| $1 | connections | uploads/s | p50 | CPU |".
measure() {
  local c before after rps p50 requests errors cpu
  for c in 8 1; do
    before=$(cpu_ticks)
    read -r rps p50 requests errors < <(load "$c" "$seconds")
    after=$(cpu_ticks)
    cpu=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%.1f", (n > 0 ? t * 1000 / hz / n : 0) }')
    echo "| $1 | $c | $rps$([ "$errors" -gt 0 ] && echo " ($errors errors)") | $p50 ms | $cpu ms |"
  done
}
