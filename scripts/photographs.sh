#!/usr/bin/env bash
# Prints a directory of scikit-image's sample photographs (Debian's python3-skimage): the installed one, or the
# package's files extracted (not installed: it would bring a scientific Python stack) into .cache/ once.
set -euo pipefail
installed=/usr/lib/python3/dist-packages/skimage/data
if [ -f "$installed/chelsea.png" ]; then echo "$installed"; exit 0; fi
cache="$(cd "$(dirname "$0")/.." && pwd)/.cache/skimage"
if [ ! -f "$cache/data/chelsea.png" ]; then
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && { apt-get download python3-skimage >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get download python3-skimage >/dev/null; }; })
    dpkg -x "$work"/python3-skimage_*.deb "$work/x"
    mkdir -p "$cache"
    rm -rf "$cache/data" && cp -r "$work/x/usr/lib/python3/dist-packages/skimage/data" "$cache/data"
fi
echo "$cache/data"
