#!/usr/bin/env bash
# Installs Debian packages quietly, refreshing the package index once when a fresh machine's index does not know them.
#   scripts/apt-install.sh PACKAGE...
set -euo pipefail
apt-get install -y -qq "$@" >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get install -y -qq "$@" >/dev/null; }
