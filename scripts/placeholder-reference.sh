#!/usr/bin/env bash
# Installs the reference encoders of the two placeholder formats from npm (Evan Wallace's thumbhash, Wolt's blurhash)
# into .cache/placeholder-reference once, and prints that directory: the tests compare our encoders with them.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/placeholder-reference"
if [ ! -f "$cache/node_modules/thumbhash/thumbhash.js" ] || [ ! -f "$cache/node_modules/blurhash/dist/index.js" ]; then
    command -v node >/dev/null && command -v npm >/dev/null || "$root/scripts/apt-install.sh" nodejs npm
    mkdir -p "$cache"
    npm install --prefix "$cache" --no-audit --no-fund --loglevel=error thumbhash@0.1.1 blurhash@2.0.5 >&2
fi
cp "$root/tests/Grains.Tests/Processors/placeholder_reference.mjs" "$cache/"
echo "$cache"
