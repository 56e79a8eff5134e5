#!/usr/bin/env bash
# The export benchmark in one command: bash bench/export.sh [REPORTS] [PEER_REPORTS]
# (defaults 150000 and 20000). Generates a corpus with `xxgk generate` (about 15 KB a report:
# 150,000 take 2.3 GB), then, each under /usr/bin/time -v (wall time, peak RSS):
#   1. xxgk export, long layout, Parquet, on growing parts of the corpus (memory must not grow);
#   2. on PEER_REPORTS reports: xxgk on 2 threads and on 1, and the peer, bench/export_peer.py
#      (json + pyarrow, one process), on the same files;
#   3. DuckDB counts the rows of the full export (count(*) = reports × cells) and sums `value`.
# Prints a Markdown table. Needs /usr/bin/time (Debian: time).
set -euo pipefail
cd "$(dirname "$0")/.."
reports="${1:-150000}"
peer_reports="${2:-20000}"
cargo build --release --locked
xxgk="${CARGO_TARGET_DIR:-$PWD/target}/release/xxgk"
[ -x target/bench/venv/bin/python ] || python3 -m venv target/bench/venv
target/bench/venv/bin/pip install --quiet --disable-pip-version-check pyarrow==26.0.1 duckdb==2.0.0
python="$PWD/target/bench/venv/bin/python"

work="${XXGK_BENCH_DIR:-target/bench/export}"
mkdir -p "$work"
corpus="$work/corpus-$reports"
if [ ! -d "$corpus" ]; then
  "$xxgk" generate --count "$reports" --seed 19 --invalid-share 0 --out "$corpus" >/dev/null
fi
# The generator writes a folder per thousand reports: a part of the corpus is its first folders.
folders() { ls -d "$corpus"/*/ | head -n "$(( ($1 + 999) / 1000 ))"; }

measure() { # label, command...: prints "label | wall s | peak RSS MB"
  local label="$1"; shift
  local log; log="$(mktemp)"
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
  local wall rss
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")"
  rss="$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$log")"
  echo "| $label | $wall | $rss |"
  rm -f "$log"
}

echo "| run | wall (s) | peak RSS (MB) |"
echo "|---|---:|---:|"
for n in 10000 50000 "$reports"; do
  [ "$n" -le "$reports" ] || continue
  rm -f "$work/long-$n.parquet"
  # shellcheck disable=SC2046
  measure "xxgk export, $n reports, 2 threads" "$xxgk" export $(folders "$n") --out "$work/long-$n.parquet"
done
rm -f "$work/peer-xxgk2.parquet" "$work/peer-xxgk1.parquet" "$work/peer.parquet"
# shellcheck disable=SC2046
measure "xxgk export, $peer_reports reports, 2 threads" "$xxgk" export $(folders "$peer_reports") --out "$work/peer-xxgk2.parquet"
# shellcheck disable=SC2046
measure "xxgk export, $peer_reports reports, 1 thread" env RAYON_NUM_THREADS=1 "$xxgk" export $(folders "$peer_reports") --out "$work/peer-xxgk1.parquet"
# shellcheck disable=SC2046
measure "peer: json + pyarrow (bench/export_peer.py), $peer_reports reports" "$python" bench/export_peer.py "$work/peer.parquet" $(folders "$peer_reports")

"$python" - "$work/long-$reports.parquet" "$work/peer.parquet" "$work/peer-xxgk2.parquet" <<'PY'
import sys, duckdb
full, peer, ours = sys.argv[1:]
con = duckdb.connect()
rows, reports, total = con.execute(f"SELECT count(*), count(DISTINCT file), sum(value) FROM read_parquet('{full}')").fetchone()
print(f"\nDuckDB on the full export: {rows} rows = {reports} reports × cells; sum(value) = {total}")
a = con.execute(f"SELECT count(*), sum(value), sum(amount) FROM read_parquet('{peer}')").fetchone()
b = con.execute(f"SELECT count(*), sum(value), sum(amount) FROM read_parquet('{ours}')").fetchone()
print(f"peer vs xxgk on the same files: rows {a[0]} / {b[0]}, sum(value) {a[1]} / {b[1]}, sum(amount) {a[2]} / {b[2]}")
PY
