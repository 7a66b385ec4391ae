#!/usr/bin/env bash
# The benchmark suite in one command: real photographs, a Release build, where the in-process time goes per step
# (`processors`), then the limit, end to end in embedded and cluster mode, and one processor against all nine, then
# the layers' own CPU per upload (`layers`: header processors only, against all nine and the limit).
# BENCH_CLIENTS (8) and BENCH_SECONDS (20) tune it; an argument runs that one suite. FLASK_GIT_DIR (a git checkout of
# the Flask service) adds bench/flask-side-by-side.sh: both services loaded by wrk in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/fetch-images.sh
# JPEG pixels are libjpeg-turbo's: the build extracts Debian's libturbojpeg0 next to the service when it is not installed.
dotnet build -c Release ImgProcess.sln -nologo -v q
# The formats and decoders benchmarks encode their HEIC, AVIF and JPEG XL files with Debian's tools.
{ command -v heif-enc && command -v cjxl && command -v djxl; } >/dev/null || scripts/apt-install.sh libheif-examples libjxl-tools
bench() { dotnet bench/ImgProcess.Bench/bin/Release/net10.0/ImgProcess.Bench.dll "$1"; }
if [ $# -gt 0 ]; then
  bench "$1"
else
  # Where the in-process time goes (one thread), then the whole picture.
  bench processors
  echo
  bench suite
  echo
  bench layers
  echo
  # The Flask service beside ImgProcess in the same minutes (skipped with a message without FLASK_GIT_DIR).
  bench/flask-side-by-side.sh
fi
