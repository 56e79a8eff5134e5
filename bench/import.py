#!/usr/bin/env python3
"""Import throughput on one core: xxgk (in process and end to end) against pandas.read_html
and lxml on the same pages.

Run it through bench/import.sh, which builds the binaries and installs the Python peers. Only
the standard library is used here.

    python3 bench/import.py [--runs 5] [--copies 1000] [--cpu 0] [--only text,html,…]

Each workload is COPIES copies of one real input under target/bench/import/<name>/. Every
command runs pinned to one CPU (the affinity is inherited by the children), the commands of
a round are interleaved, and medians over the rounds are reported with their ratios.
"""

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "target/bench"
XXGK = ROOT / "target/release/xxgk"
THROUGHPUT = ROOT / "target/release/examples/import_throughput"
PYTHON = BENCH / "venv/bin/python"
PEERS = ROOT / "bench/html_peers.py"
OUT = BENCH / "import-out"

# (name, source, what it is, whether the HTML peers can read it)
WORKLOADS = [
    ("text", ROOT / "tests/corpus/seeds/000_baa04b3ed7a09fb6.txt",
     "extracted text of a complete 2020 report (the seed)", False),
    ("html", ROOT / "tests/fixtures/import/html-2021-word-pasted.html",
     "Word content pasted into a CMS page, 2021 edition, UTF-8", True),
    ("html-gbk", ROOT / "tests/fixtures/import/html-2019-gbk.html",
     "GBK-encoded page, 2019 edition", True),
    ("docx", ROOT / "tests/fixtures/import/docx-2021.docx",
     "Word attachment, 2021 edition", False),
]


def run_json(argv, env=None):
    """Runs a command that prints one JSON line and returns it parsed."""
    p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit(f"{' '.join(map(str, argv))} failed with exit {p.returncode}:\n{p.stderr}")
    return json.loads(p.stdout)


def timed(argv, env):
    """Wall seconds of a command whose exit status is 0 or 1 (1: some report has findings)."""
    started = time.perf_counter()
    p = subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True, env=env)
    seconds = time.perf_counter() - started
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, argv))} failed with exit {p.returncode}:\n{p.stderr}")
    return seconds


def make_workload(name, source, copies):
    """COPIES copies of `source`, made once; a folder with another count is made again."""
    folder = BENCH / "import" / name
    if folder.is_dir() and len(list(folder.iterdir())) == copies:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for i in range(copies):
        shutil.copyfile(source, folder / f"{name}-{i:05}{source.suffix}")
    return folder


def commands(name, folder, html):
    """The timed commands of one workload: label -> function returning seconds."""
    one_thread = {**os.environ, "RAYON_NUM_THREADS": "1"}
    runs = itertools.count()

    def cli():
        # Every run writes into a folder of its own: creating files where thousands were just
        # deleted cost ext4 here 0.4 ms a file (the deletions' deferred work), four times the
        # whole import of a text. The folders are removed before the next benchmark.
        out = OUT / name / f"run-{next(runs)}"
        os.sync()
        seconds = timed([XXGK, "import", folder, "--out", out], one_thread)
        written = len(list(out.iterdir()))
        if written != len(list(folder.iterdir())):
            sys.exit(f"xxgk import wrote {written} documents for the files of {folder}")
        return seconds

    def library():
        return run_json([THROUGHPUT, folder])["seconds"]

    found = {}

    def peer(kind):
        def run():
            result = run_json([PYTHON, PEERS, kind, folder])
            found[kind] = result["found"]
            return result["seconds"]
        return run

    table = {"xxgk import (library, in process)": library,
             "xxgk import DIR --out (end to end, 1 thread)": cli}
    if html:
        table["pandas.read_html (lxml)"] = peer("read_html")
        table["lxml parse + text_content"] = peer("lxml_text")
    return table, found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--copies", type=int, default=1000)
    ap.add_argument("--cpu", type=int, default=0)
    ap.add_argument("--only", help="comma-separated workload names (default: all)")
    args = ap.parse_args()
    names = [w[0] for w in WORKLOADS]
    only = args.only.split(",") if args.only else names
    if unknown := set(only) - set(names):
        sys.exit(f"unknown workloads {sorted(unknown)}; there are {names}")
    os.sched_setaffinity(0, {args.cpu})
    shutil.rmtree(OUT, ignore_errors=True)

    results = {}
    for name, source, what, html in WORKLOADS:
        if name not in only:
            continue
        folder = make_workload(name, source, args.copies)
        table, found = commands(name, folder, html)
        times = {label: [] for label in table}
        for _ in range(args.runs):
            for label, run in table.items():
                times[label].append(run())
        results[name] = {
            "input": str(source.relative_to(ROOT.parent)),
            "what": what,
            "bytes": source.stat().st_size,
            "files": args.copies,
            "seconds": times,
            "peer_found_per_page": {k: v / args.copies for k, v in found.items()},
        }
        report(name, results[name])
    (BENCH / "import-results.json").write_text(json.dumps(results, indent=2) + "\n")


def report(name, result):
    """One markdown table per workload: medians, reports/s, ratio to xxgk's library figure."""
    files = result["files"]
    medians = {label: statistics.median(s) for label, s in result["seconds"].items()}
    ours = medians["xxgk import (library, in process)"]
    print(f"\n### {name}: {result['what']} ({result['bytes'] / 1000:.0f} KB, {files} copies)\n")
    if result["peer_found_per_page"]:
        print("peers found per page:", result["peer_found_per_page"], "\n")
    print("| command | median s | min–max s | reports/s | time ÷ xxgk library |")
    print("|---|---:|---:|---:|---:|")
    for label, seconds in result["seconds"].items():
        m = medians[label]
        print(f"| {label} | {m:.3f} | {min(seconds):.3f}–{max(seconds):.3f} | "
              f"{files / m:,.0f} | {m / ours:.2f}× |")


if __name__ == "__main__":
    main()
