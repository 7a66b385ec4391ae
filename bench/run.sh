#!/usr/bin/env bash
# The benchmark suite in one command: real photographs, a Release build, the limit, end to end in embedded and
# cluster mode, and the Flask comparison, printed as one table. BENCH_CLIENTS (8) and BENCH_SECONDS (20) tune it.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/fetch-images.sh
dotnet build -c Release ImgProcess.sln -nologo -v q
dotnet bench/ImgProcess.Bench/bin/Release/net10.0/ImgProcess.Bench.dll "${1:-suite}"
