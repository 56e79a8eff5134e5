#!/usr/bin/env bash
# Load on `xxgk serve` (issue 20): POST /v1/check with the seed report over loopback for
# SECONDS (default 60) with wrk (Debian's, installed when missing), CONNECTIONS (default 32) kept
# open; prints requests/s, the latency distribution (p50…p99), errors, and the server's RSS
# sampled every 5 s. Figures in BENCHMARKS.md.
#
#   bash bench/serve.sh [SECONDS] [CONNECTIONS]
#
# The server and wrk share the machine's cores: the figure is for both on one machine.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
connections="${2:-32}"

if ! command -v wrk >/dev/null; then
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  $as_root apt-get update -qq && $as_root apt-get install -y -qq wrk >/dev/null
fi
cargo build --release --locked
target="${CARGO_TARGET_DIR:-target}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$target/release/xxgk" serve --addr 127.0.0.1:0 >"$work/serve.out" &
server_pid=$!
for _ in $(seq 100); do
  grep -q '^listening on ' "$work/serve.out" 2>/dev/null && break
  sleep 0.05
done
url="$(sed -n 's/^listening on //p' "$work/serve.out")"
[ -n "$url" ] || { echo "xxgk serve did not start" >&2; exit 1; }

seed=conformance/documents/seed-wuhan-etdz-2020.json
# The answer must be the seed's verdict before anything is timed.
curl -fsS -H 'content-type: application/json' --data-binary @"$seed" "$url/v1/check" \
  | grep -q '"status":"valid"' || { echo "unexpected answer for the seed" >&2; exit 1; }

# wrk's Lua: the seed as the body of every request (wrk counts answers that are not 2xx).
cat >"$work/post.lua" <<EOF
local file = io.open("$PWD/$seed", "rb")
wrk.method = "POST"
wrk.path = "/v1/check"
wrk.headers["Content-Type"] = "application/json"
wrk.body = file:read("*a")
file:close()
EOF

rss() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }
echo "server RSS before: $(rss) KiB"
(
  for _ in $(seq $((seconds / 5))); do
    sleep 5
    printf '%s ' "$(rss)"
  done
) >"$work/rss" &
sampler=$!
wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$work/post.lua" "$url" | tee "$work/wrk.out"
wait "$sampler" || true
echo "server RSS every 5 s (KiB): $(cat "$work/rss")"
echo "server RSS after: $(rss) KiB"
echo "cores: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
