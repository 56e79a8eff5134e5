#!/usr/bin/env bash
# The PDF import benchmark in one command: bash bench/pdf.sh [--runs N]
# Builds xxgk, installs pdfplumber (bench/requirements-pdf.txt) into the bench venv, then times
# and scores the three readers with bench/pdf.py on the PDFs of tests/fixtures/pdf/.
# Needs poppler-utils (pdftotext) and util-linux (taskset).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release
[ -x target/bench/venv/bin/python ] || python3 -m venv target/bench/venv
target/bench/venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements-pdf.txt
exec python3 bench/pdf.py "$@"
