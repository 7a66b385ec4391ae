#!/usr/bin/env bash
# Real photographs for the benchmarks, from Debian packages (extracted, not installed):
#   python3-skimage: hubble_deep_field.jpg (1000x872 JPEG, 0.87 MP), astronaut.png (512x512 PNG, 0.26 MP)
#   gnome-backgrounds: 4096x4096 WebP photos; the benchmark re-encodes one as a 16.8 MP JPEG.
set -euo pipefail
cd "$(dirname "$0")"
cache=.cache
mkdir -p "$cache"
if [ -f "$cache/hubble_deep_field.jpg" ] && [ -f "$cache/astronaut.png" ] && [ -f "$cache/wood-d.webp" ]; then
    exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download python3-skimage gnome-backgrounds >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get download python3-skimage gnome-backgrounds >/dev/null; })
for deb in "$work"/*.deb; do dpkg -x "$deb" "$work/x"; done
cp "$work"/x/usr/lib/python3/dist-packages/skimage/data/hubble_deep_field.jpg "$cache/"
cp "$work"/x/usr/lib/python3/dist-packages/skimage/data/astronaut.png "$cache/"
cp "$work"/x/usr/share/backgrounds/gnome/wood-d.webp "$cache/"
echo "images in bench/$cache"
