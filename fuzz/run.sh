#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), one after the other:
#
#   bash fuzz/run.sh [SECONDS] [TARGET...]
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`). The seed
# corpora are gathered from the repository's own test data into fuzz/corpus/<target>/ (kept,
# and grown, between runs; not committed). Inputs are at most 1 MiB, whose memory bound is
# 10 × 1 MiB + 100 MB: no single allocation may exceed it (-malloc_limit_mb), and the whole
# process, which also holds libFuzzer's corpus, is stopped past 512 MB (-rss_limit_mb; 2 GB for
# import_pdf, whose corpus of 0.2-0.6 MB files passes 512 MB within minutes). An
# input taking more than 10 s is a timeout. Crashes, timeouts and out-of-memory inputs are
# written to fuzz/artifacts/<target>/; the script ends with a line per target and exits 1 when
# any target found something in this run.
set -uo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(check_json import_text import_html import_docx import_pdf)
max_len=$((1 << 20))

seed() {
  local target="$1"
  shift
  mkdir -p "corpus/$target"
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "corpus/$target/seed-$(basename "$file")"
  done
}
seed check_json ../conformance/documents/*.json ../tests/fixtures/*/expected/*.json
seed import_text ../tests/corpus/raw/*.txt ../tests/corpus/seeds/*.txt ../tests/corpus/layout/*.txt \
  ../tests/fixtures/*/*.txt
seed import_html ../tests/corpus/raw/*.html ../tests/fixtures/*/*.html
seed import_docx ../tests/fixtures/import/*.docx
# PDF files of at most the input length (the larger ones would be cut).
seed import_pdf $(find ../tests/fixtures/pdf -name '*.pdf' -size -1024k)
# The docx target reads bytes that are not a zip archive as word/document.xml.
for docx in ../tests/fixtures/import/*.docx; do
  python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("word/document.xml"))' \
    "$docx" > "corpus/import_docx/seed-$(basename "$docx" .docx).xml"
done

summary=()
failed=0
for target in "${targets[@]}"; do
  mkdir -p "artifacts/$target"
  log="artifacts/$target.log"
  touch "artifacts/$target.started"
  rss=512
  [ "$target" = import_pdf ] && rss=2048
  cargo +nightly fuzz run --sanitizer none --debug-assertions "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
    -malloc_limit_mb=110 -rss_limit_mb="$rss" -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" 2>&1 | tee "$log" | grep -E "^#[0-9]+ +(DONE|pulse)|==ERROR|panicked|deadly signal" || true
  runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)"
  found="$(find "artifacts/$target" -type f -newer "artifacts/$target.started" | wc -l)"
  summary+=("$target: ${runs:-?} executions in ${seconds} s, ${found} artifacts")
  [ "$found" -eq 0 ] && [ -n "$runs" ] || failed=1
done
printf '%s\n' "${summary[@]}"
exit "$failed"
