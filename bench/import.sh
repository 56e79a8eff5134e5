#!/usr/bin/env bash
# The import benchmark in one command: bash bench/import.sh [--runs N] [--copies N] [--cpu N]
# Builds xxgk and the import_throughput example, installs the pinned Python peers (pandas, lxml)
# into the bench venv, then times everything with bench/import.py (arguments are passed on).
set -euo pipefail
cd "$(dirname "$0")/.."

# The example is built explicitly: `cargo build --release` alone does not build examples.
cargo build --release
cargo build --release --example import_throughput

# The venv lives under target/ (ignored by git); pip is a no-op when everything is installed.
[ -x target/bench/venv/bin/python ] || python3 -m venv target/bench/venv
target/bench/venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt

exec python3 bench/import.py "$@"
