#!/usr/bin/env bash
# The benchmark in one command: bash bench/run.sh [--runs N] [--cjs-runs N] [--scale]
# Builds, generates the corpus once, installs the pinned node and Python tools, then times
# everything with bench/compare.py (arguments are passed on to it).
set -euo pipefail
cd "$(dirname "$0")/.."

# The example is built explicitly: `cargo build --release` alone does not build examples.
cargo build --release
cargo build --release --example parse_floor

# Generated into a side folder and renamed, so an interrupted run never leaves a short corpus
# that later runs would take as complete. The generator's counts of what it broke go to the log.
corpus=target/bench/corpus-10k
if [ ! -d "$corpus" ]; then
  rm -rf "$corpus.partial"
  mkdir -p target/bench
  target/release/xxgk generate --count 10000 --seed 20261126 --out "$corpus.partial" 2>&1 \
    | sed "s|$corpus.partial|$corpus|" > "$corpus.log"
  mv "$corpus.partial" "$corpus"
fi

# npm ci installs exactly package-lock.json.
(cd bench/ajv && npm ci --no-audit --no-fund --silent)

# The venv lives under target/ (ignored by git); pip is a no-op when everything is installed.
[ -x target/bench/venv/bin/python ] || python3 -m venv target/bench/venv
target/bench/venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt

exec python3 bench/compare.py "$@"
