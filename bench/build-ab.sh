#!/usr/bin/env bash
# Two builds alternately in the same minutes: the commit named (built in a temporary worktree) against the working
# tree, each an embedded gateway with all nine processors, loaded by wrk with distinct bytes per upload at 8
# connections and at 1, with the gateway's CPU per upload from /proc. What a change of code is worth.
#   bench/build-ab.sh HEAD~1 [IMAGE]
# BENCH_ROUNDS (3), BENCH_SECONDS (20), BENCH_WARMUP (40).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: $0 COMMIT [IMAGE]" >&2; exit 2; }
commit=$(git rev-parse --short "$1"); image=${2:-}
[ -n "$image" ] || { bench/fetch-images.sh; image=bench/.cache/astronaut.png; }
rounds=${BENCH_ROUNDS:-3}; seconds=${BENCH_SECONDS:-20}; warmup=${BENCH_WARMUP:-40}
source bench/ab-common.sh
other=$work/build
git worktree add -f -q --detach "$other" "$commit"
trap 'stop; git worktree remove --force "$other"; rm -rf "$work"' EXIT
dotnet build -c Release "$other/src/Gateway" -nologo -v q > /dev/null
dotnet build -c Release src/Gateway -nologo -v q > /dev/null
outputs=("$other/src/Gateway/bin/Release/net10.0" "$PWD/src/Gateway/bin/Release/net10.0")
names=("$commit" "working tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' + changes'))")

echo "$commit against the working tree: $(basename "$image"), all nine processors, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $seconds s per row"
echo
echo "| round: build | connections | uploads/s | p50 | CPU per upload |"
echo "| --- | --- | --- | --- | --- |"
for round in $(seq 1 "$rounds"); do
  for i in 0 1; do
    start_gateway "${outputs[$i]}"
    measure "$round: ${names[$i]}"
  done
done
