#!/usr/bin/env bash
# A throwaway S3-compatible server (s3rver from npm: a small S3 implementation on the file system) for the tests and
# for trying the S3 blob store on one machine. Credentials: access key S3RVER, secret S3RVER; path-style addressing.
#   scripts/s3.sh start DIR [PORT] [BUCKET]   install s3rver once (npm, into .cache/s3rver), start it on 127.0.0.1:PORT
#                                             (default 45600) with its objects under DIR, create BUCKET (default
#                                             imgprocess); prints the endpoint URL
#   scripts/s3.sh stop DIR                    stop it (the objects stay in DIR until you remove it)
set -euo pipefail

command="${1:?usage: s3.sh start|stop DIR [PORT] [BUCKET]}"
dir="${2:?usage: s3.sh start|stop DIR [PORT] [BUCKET]}"
port="${3:-45600}"
bucket="${4:-imgprocess}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/s3rver"
version="3.7.1"

case "$command" in
    start)
        if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
            echo "installing nodejs and npm from Debian's packages" >&2
            "$(dirname "$0")/apt-install.sh" nodejs npm
        fi
        if [ ! -x "$cache/node_modules/.bin/s3rver" ]; then
            mkdir -p "$cache"
            npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "s3rver@$version" >&2
        fi
        mkdir -p "$dir/objects"
        nohup node "$cache/node_modules/.bin/s3rver" -d "$dir/objects" -a 127.0.0.1 -p "$port" --configure-bucket "$bucket" --silent \
            > "$dir/s3rver.log" 2>&1 &
        echo $! > "$dir/s3rver.pid"
        # Up to a minute: a restart in the middle of a loaded test on two busy cores has taken over 20 s. Ready means the
        # bucket answers a HEAD: a GET lists every object, which after a load test took longer than the probe's 2 s.
        for _ in $(seq 1 300); do
            curl -sf --max-time 2 -I -o /dev/null "http://127.0.0.1:$port/$bucket" && { echo "http://127.0.0.1:$port"; exit 0; }
            sleep 0.2
        done
        echo "s3rver did not start; its log:" >&2
        cat "$dir/s3rver.log" >&2
        exit 1
        ;;
    stop)
        if [ -f "$dir/s3rver.pid" ]; then
            kill "$(cat "$dir/s3rver.pid")" 2>/dev/null || true
            for _ in $(seq 1 50); do kill -0 "$(cat "$dir/s3rver.pid")" 2>/dev/null || break; sleep 0.1; done
            rm -f "$dir/s3rver.pid"
        fi
        ;;
    *)
        echo "usage: s3.sh start|stop DIR [PORT] [BUCKET]" >&2
        exit 2
        ;;
esac
