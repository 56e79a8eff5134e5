#!/usr/bin/env python3
"""PDF reports, on one core, on the same files (tests/fixtures/pdf/*.pdf), in one run:

- xxgk: `xxgk import` of the PDFs (its own reader, tests/fixtures/pdf's README);
- pdftotext: `pdftotext -layout` (poppler-utils) of each PDF, then `xxgk import` of the texts;
- pdfplumber: bench/pdf_plumber.py (its table extraction), then `xxgk import` of the texts.

Each is timed --runs times, interleaved, pinned to CPU 0 with taskset; the medians give PDFs per
second. The documents are scored against the PDFs' sources by the test
`pdf::bench_outputs_score` (cells right, wrong). Run through bench/pdf.sh.
"""
import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
XXGK = ROOT / "target/release/xxgk"
PYTHON = ROOT / "target/bench/venv/bin/python"
OUT = ROOT / "target/bench/pdf"


def one_core(cmd):
    return ["taskset", "-c", "0", *map(str, cmd)]


def timed(cmd, shell=False):
    start = time.perf_counter()
    subprocess.run(cmd, shell=shell, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def import_texts(src, dst):
    return timed(one_core([XXGK, "import", "--force", "--out", dst, src]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pdfs = sorted(glob.glob(str(ROOT / "tests/fixtures/pdf/*.pdf")))
    shutil.rmtree(OUT, ignore_errors=True)
    for d in ["xxgk", "pdftotext-txt", "pdftotext", "pdfplumber-txt", "pdfplumber"]:
        (OUT / d).mkdir(parents=True)
    times = {"xxgk": [], "pdftotext": [], "pdfplumber": []}
    for _ in range(args.runs):
        times["xxgk"].append(
            timed(one_core([XXGK, "import", "--force", "--out", OUT / "xxgk", *pdfs]))
        )
        loop = " ; ".join(
            f"pdftotext -layout '{p}' '{OUT}/pdftotext-txt/{Path(p).stem}.txt'" for p in pdfs
        )
        t = timed(f"taskset -c 0 sh -c \"{loop}\"", shell=True)
        times["pdftotext"].append(t + import_texts(OUT / "pdftotext-txt", OUT / "pdftotext"))
        t = timed(one_core([PYTHON, ROOT / "bench/pdf_plumber.py", OUT / "pdfplumber-txt", *pdfs]))
        times["pdfplumber"].append(t + import_texts(OUT / "pdfplumber-txt", OUT / "pdfplumber"))
    scored = subprocess.run(
        ["cargo", "test", "--quiet", "--test", "pdf", "bench_outputs_score",
         "--", "--ignored", "--nocapture"],
        cwd=ROOT, env={**os.environ, "XXGK_PDF_BENCH": str(OUT)},
        capture_output=True, text=True, check=True,
    ).stdout
    scores = {}
    for line in scored.splitlines():
        if line.startswith("SCORE "):
            reader, cells, right, wrong = line.split()[1:]
            scores[reader] = (int(cells), int(right), int(wrong))
    n = len(pdfs)
    results = {}
    print(f"{n} PDFs, {args.runs} runs, CPU 0\n")
    print("| reader | median s | min–max s | PDFs/s | cells right | wrong | recall |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for reader, ts in times.items():
        med = statistics.median(ts)
        cells, right, wrong = scores[reader]
        results[reader] = {"median_s": med, "runs": ts, "pdfs_per_s": n / med,
                           "cells": cells, "right": right, "wrong": wrong}
        print(f"| {reader} | {med:.3f} | {min(ts):.3f}–{max(ts):.3f} | {n / med:.1f} | "
              f"{right} / {cells} | {wrong} | {100 * right / cells:.1f}% |")
    x = results["xxgk"]["median_s"]
    for peer in ["pdftotext", "pdfplumber"]:
        print(f"\nxxgk vs {peer}: {results[peer]['median_s'] / x:.1f}× faster")
    (OUT / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
