#!/usr/bin/env bash
# Remakes layout/: each complete page of raw/ printed to PDF by
# LibreOffice, then read back with `pdftotext -layout` (poppler-utils), the way most people turn
# a PDF report into text. Needs Debian's libreoffice-writer, poppler-utils and fonts-noto-cjk;
# the tests read only the committed texts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for page in "$here"/raw/*.html; do
  stem="$(basename "$page" .html)"
  cp "$page" "$work/$stem.html"
  soffice --headless --convert-to pdf --outdir "$work" "$work/$stem.html" >/dev/null
  pdftotext -layout "$work/$stem.pdf" "$here/layout/$stem.txt"
done
