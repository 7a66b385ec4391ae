#!/usr/bin/env bash
# Puts libjpeg-turbo's TurboJPEG library (Debian's libturbojpeg0, extracted, not installed) in the directory given,
# for the build to copy next to the service: JPEG decodes at libjpeg-turbo's speed with nothing installed. Called by
# the build (src/Grains/ImgProcess.Grains.csproj) when the machine has no libturbojpeg.so.0; never fails the build:
# without it ImageSharp decodes JPEG and the service says so at start.
#   scripts/fetch-turbojpeg.sh DIRECTORY
set -uo pipefail
target="$1"
[ -f "$target/libturbojpeg.so.0" ] && exit 0
command -v apt-get >/dev/null && command -v dpkg >/dev/null || { echo "no apt-get here: JPEG decodes with ImageSharp"; exit 0; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"
cd "$work" || exit 0
if ! apt-get download libturbojpeg0 >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] && apt-get update -qq >/dev/null 2>&1
    apt-get download libturbojpeg0 >/dev/null 2>&1 || { echo "could not download libturbojpeg0: JPEG decodes with ImageSharp"; exit 0; }
fi
dpkg -x libturbojpeg0_*.deb x || exit 0
library="$(find x -name 'libturbojpeg.so.0*' -type f | head -1)"
[ -n "$library" ] || exit 0
mkdir -p "$target" && cp "$library" "$target/libturbojpeg.so.0" && echo "libturbojpeg.so.0 from Debian's libturbojpeg0 in $target"
exit 0
