#!/usr/bin/env bash
# Peak memory on the worst inputs of issue 18: bash bench/memory.sh (figures in BENCHMARKS.md).
# Builds xxgk in release mode, then runs bench/memory.py on it under /usr/bin/time -v.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
exec python3 bench/memory.py target/release/xxgk
