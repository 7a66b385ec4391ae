#!/usr/bin/env bash
# The one test command: builds everything and runs every test project against real parts
# (SQLite files, real silos, real processes). Ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT

if ! dotnet build ImgProcess.sln -c Release -warnaserror -nologo -v q > "$log_dir/build.log" 2>&1; then
    cat "$log_dir/build.log"
    echo "build failed"
    echo "0 passed, 1 failed"
    exit 1
fi

passed=0 failed=0 skipped=0 status=0
for project in tests/*/*.csproj; do
    name="$(basename "$project" .csproj)"
    echo "== $name"
    dotnet test "$project" -c Release --no-build --nologo -v q 2>&1 | tee "$log_dir/$name.log"
    [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
    summary="$(grep -E '(Passed|Failed)! +- +Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log_dir/$name.log" | tail -1)"
    if [ -z "$summary" ]; then
        echo "$name: no test summary (crashed?)"
        failed=$((failed + 1)); status=1
        continue
    fi
    f=$(sed -E 's/.*Failed: +([0-9]+),.*/\1/' <<< "$summary")
    p=$(sed -E 's/.*Passed: +([0-9]+),.*/\1/' <<< "$summary")
    s=$(sed -E 's/.*Skipped: +([0-9]+),.*/\1/' <<< "$summary")
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done

if [ "$passed" -eq 0 ]; then status=1; fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
