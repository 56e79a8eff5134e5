#!/usr/bin/env python3
"""Times `xxgk check` against ajv, check-jsonschema and a parse floor on one corpus.

Run it through bench/run.sh, which builds the binaries, generates the corpus and installs the
node and Python tools. Only the standard library is used here.

    python3 bench/compare.py [--runs 5] [--cjs-runs 1] [--scale] [--scale-runs 5]
"""

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path("target/bench")  # Relative to ROOT: shorter argument lists for check-jsonschema.
XXGK = "target/release/xxgk"
FLOOR = "target/release/examples/parse_floor"
SCHEMA = "schema/1.0/report.schema.json"
AJV = "bench/ajv/validate.mjs"
CJS = str(BENCH / "venv/bin/check-jsonschema")
SEED = 20261126
CHECK = ["check", "--current-year", "2026"]


def sh(argv, **kw):
    """Runs a command in the repository root and returns its stdout (for versions and verdicts).
    Exit 1 means "some file is invalid" for every tool here; anything else is a failure."""
    p = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, **kw)
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(map(str, argv[:4]))} … failed with exit {p.returncode}:\n{p.stderr}")
    return p.stdout.strip()


def env(threads=None):
    """The environment for xxgk: one rayon thread, or rayon's default (all cores)."""
    e = {k: v for k, v in os.environ.items() if k != "RAYON_NUM_THREADS"}
    if threads:
        e["RAYON_NUM_THREADS"] = str(threads)
    return e


def json_files(corpus):
    """Every *.json under corpus, in the checker's order (sorted by name, depth first)."""
    out = []
    for d, dirs, files in os.walk(ROOT / corpus):
        dirs.sort()
        rel = Path(d).relative_to(ROOT)
        out += [str(rel / f) for f in sorted(files) if f.lower().endswith(".json")]
    return out


def chunks(files, parts=1):
    """Splits a file list into at least `parts` argument lists that each fit under ARG_MAX."""
    limit = os.sysconf("SC_ARG_MAX") // 2  # Half: the environment and the other arguments count too.
    per_part = max(1, -(-len(files) // parts))
    out, used = [], 0
    for f in files:
        if not out or len(out[-1]) >= per_part or used + len(f) + 1 > limit:
            out.append([])
            used = 0
        out[-1].append(f)
        used += len(f) + 1
    return out


def ensure_corpus(path, count):
    """Generates the corpus once; a half-written one (interrupted run) is never mistaken for it."""
    if (ROOT / path).is_dir():
        return
    partial = ROOT / f"{path}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    print(f"generating {count} reports into {path} …", file=sys.stderr)
    p = subprocess.run([XXGK, "generate", "--count", str(count), "--seed", str(SEED), "--out", partial],
                       cwd=ROOT, capture_output=True, text=True, check=True)
    # The generator's own count of what it broke, for the report.
    (ROOT / f"{path}.log").write_text(p.stderr.replace(f"{partial}", path))
    partial.rename(ROOT / path)


def commands(corpus, files):
    """The measured commands: label -> list of argv steps (more than one only for long file lists)."""
    return {
        "xxgk 1 thread": ([[XXGK, *CHECK, corpus]], env(1)),
        "xxgk all threads": ([[XXGK, *CHECK, corpus]], env()),
        "ajv": ([["node", AJV, SCHEMA, corpus]], env()),
        "check-jsonschema": ([[CJS, "--schemafile", SCHEMA, *c] for c in chunks(files)], env()),
        "parse floor": ([[FLOOR, corpus]], env()),
    }


def describe(steps, n):
    """A command line for the table; a list of files stands for itself as <n files in k call(s)>."""
    if len(steps) > 1 or len(steps[0]) > 8:
        return " ".join(steps[0][:3]) + f" <{n} files in {len(steps)} call(s)>"
    return " ".join(steps[0])


def cpu_of_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(steps, environ):
    """Wall-clock time of one run, output discarded; the worst exit code of its steps; and the
    CPU time (user + system) it used, which a busy neighbour on the machine disturbs less."""
    cpu0, t0 = cpu_of_children(), time.perf_counter()
    rc = max(subprocess.run(a, cwd=ROOT, env=environ, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode for a in steps)
    return time.perf_counter() - t0, rc, cpu_of_children() - cpu0


def verdicts(corpus, files):
    """One untimed pass that records which files each tool calls invalid (also warms the page cache)."""
    norm = os.path.normpath
    out = {}

    lines = sh([XXGK, *CHECK, "--format", "json", corpus], env=env()).splitlines()
    events = [json.loads(line) for line in lines]
    summary = next(e["data"] for e in events if e["type"] == "summary")
    out["xxgk"] = {"files": summary["files"], "unreadable": summary["unreadable"],
                   "invalid": sorted(norm(e["data"]["path"]) for e in events
                                     if e["type"] == "end" and e["data"]["status"] == "invalid")}

    lines = sh(["node", AJV, SCHEMA, corpus, "--list-invalid"]).splitlines()
    out["ajv"] = {"files": int(re.search(r"files (\d+)", lines[-1])[1]),
                  "invalid": sorted(norm(x.split(" ", 1)[1]) for x in lines if x.startswith("invalid "))}

    # check-jsonschema is the slow one: split over the cores (this pass is not timed).
    def cjs(part):
        return json.loads(sh([CJS, "-o", "json", "--schemafile", SCHEMA, *part]))
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        reports = list(pool.map(cjs, chunks(files, os.cpu_count())))
    bad = {norm(e["filename"]) for r in reports  # A passing run has no "parse_errors" key.
           for e in r.get("errors", []) + r.get("parse_errors", [])}
    out["check-jsonschema"] = {"files": len(files), "invalid": sorted(bad)}

    out["parse floor"] = {"files": int(re.search(r"files (\d+)", sh([FLOOR, corpus]))[1]), "invalid": []}
    return out


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text()
    mem_kib = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())[1])
    return {
        "nproc": sh(["nproc"]),
        "cpu": re.search(r"model name\s*:\s*(.*)", cpuinfo)[1],
        "memory": f"{mem_kib / 2**20:.1f} GiB",
        "load average at start": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
    }


def versions():
    ajv = json.loads((ROOT / "bench/ajv/node_modules/ajv/package.json").read_text())["version"]
    return {
        "xxgk": sh([XXGK, "--version"]),
        # The working tree is what gets built, so say whether it differs from the commit.
        "xxgk source": sh(["git", "describe", "--always", "--dirty"]),
        "rustc": sh(["rustc", "--version"]),
        "node": sh(["node", "--version"]),
        "ajv": ajv,
        "check-jsonschema": sh([CJS, "--version"]),
        "python (venv)": sh([str(BENCH / "venv/bin/python"), "--version"]),
    }


def scale(runs):
    """150,000 reports under /usr/bin/time -v: one untimed run to warm the page cache, then
    `runs` timed runs; the median wall time and the largest peak memory are reported."""
    corpus = str(BENCH / "corpus-150k")
    ensure_corpus(corpus, 150_000)
    argv = ["/usr/bin/time", "-v", XXGK, *CHECK, corpus]

    def once():
        t0 = time.perf_counter()
        p = subprocess.run(argv, cwd=ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - t0

        def field(name):
            return re.search(rf"{re.escape(name)}: (.*)", p.stderr)[1]
        return {"exit code": p.returncode, "wall s": round(wall, 3),
                "user s": float(field("User time (seconds)")), "system s": float(field("System time (seconds)")),
                "CPU": field("Percent of CPU this job got"),
                "max RSS MiB": round(int(field("Maximum resident set size (kbytes)")) / 1024, 1)}

    once()
    timed = [once() for _ in range(runs)]
    median = statistics.median(r["wall s"] for r in timed)
    files = len(json_files(corpus))
    return {"command": " ".join(argv) + " > /dev/null", "files": files, "runs": timed,
            "median wall s": median, "files/s": round(files / median),
            "max RSS MiB": max(r["max RSS MiB"] for r in timed)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each fast command (default 5)")
    ap.add_argument("--cjs-runs", type=int, default=1, help="timed runs of check-jsonschema (default 1)")
    ap.add_argument("--corpus", default=str(BENCH / "corpus-10k"))
    ap.add_argument("--scale", action="store_true", help="also check 150,000 reports under time -v")
    ap.add_argument("--scale-runs", type=int, default=5, help="timed runs at scale (default 5)")
    args = ap.parse_args()

    files = json_files(args.corpus)
    n = len(files)
    results = {"machine": machine(), "versions": versions(),
               "corpus": {"path": args.corpus, "files": n,
                          "bytes": sum((ROOT / f).stat().st_size for f in files)}}
    log = ROOT / f"{args.corpus}.log"
    if log.exists():
        results["corpus"]["generator"] = log.read_text().strip()
    # Two cores are easily taken by a build or a test run next door; say so rather than hide it.
    if float(results["machine"]["load average at start"].split()[0]) > 0.5:
        print("WARNING: the machine is busy (load average above 0.5); timings will be noisy.\n")
    for section in ("machine", "versions"):
        print(f"## {section}\n" + "\n".join(f"- {k}: {v}" for k, v in results[section].items()) + "\n")
    c = results["corpus"]
    print(f"## corpus\n- {c['path']}: {n} files, {c['bytes'] / 1e6:.1f} MB\n- {c.get('generator', '')}\n")

    # Verdicts: ajv and check-jsonschema check the schema only and must agree file by file;
    # xxgk also checks the rules, so its invalid files must include theirs.
    v = verdicts(args.corpus, files)
    sets = {k: set(x["invalid"]) for k, x in v.items()}
    agree = {
        "every tool saw every file": all(x["files"] == n for x in v.values()),
        "ajv == check-jsonschema": sets["ajv"] == sets["check-jsonschema"],
        "ajv ⊆ xxgk": sets["ajv"] <= sets["xxgk"],
        "no unreadable file": v["xxgk"]["unreadable"] == 0,
    }
    results["verdicts"] = {"invalid files": {k: len(s) for k, s in sets.items() if k != "parse floor"},
                           "checks": agree, "files": v}
    print("## verdicts (invalid files)")
    print("\n".join(f"- {k}: {x}" for k, x in results["verdicts"]["invalid files"].items()))
    print("\n".join(f"- {k}: {'yes' if ok else 'NO'}" for k, ok in agree.items()) + "\n")

    # Round-robin: each round runs every command once, so drift in machine load hits all alike.
    cmds = commands(args.corpus, files)
    planned = {k: (args.cjs_runs if k == "check-jsonschema" else args.runs) for k in cmds}
    times, cpus, codes = ({k: [] for k in cmds} for _ in range(3))
    for r in range(max(planned.values())):
        for k, (steps, environ) in cmds.items():
            if r < planned[k]:
                t, rc, cpu = run_once(steps, environ)
                times[k].append(t)
                cpus[k].append(cpu)
                codes[k].append(rc)
                print(f"round {r + 1}: {k} {t:.3f} s, CPU {cpu:.3f} s (exit {rc})", file=sys.stderr)

    med = {k: statistics.median(t) for k, t in times.items()}
    results["timings"] = {k: {"command": describe(s, n), "RAYON_NUM_THREADS": e.get("RAYON_NUM_THREADS"),
                              "runs s": [round(x, 4) for x in times[k]], "median s": round(med[k], 4),
                              "files/s": round(n / med[k]), "exit codes": sorted(set(codes[k])),
                              "CPU s (user+system) per run": [round(x, 3) for x in cpus[k]],
                              "median CPU s": round(statistics.median(cpus[k]), 3)}
                          for k, (s, e) in cmds.items()}
    print(f"## timings ({n} files; median of the runs, wall clock)\n")
    print("| command | runs | median s | min–max s | files/s | median CPU s | exit |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for k, t in results["timings"].items():
        spread = f"{min(times[k]):.3f}–{max(times[k]):.3f}" if len(times[k]) > 1 else "(single run)"
        rayon = "RAYON_NUM_THREADS=1 " if t["RAYON_NUM_THREADS"] else ""
        print(f"| {k}: `{rayon}{t['command']}` | {len(times[k])} | {med[k]:.3f} | {spread} "
              f"| {t['files/s']:,} | {t['median CPU s']:.3f} | {','.join(map(str, t['exit codes']))} |")

    x1, xn = med["xxgk 1 thread"], med["xxgk all threads"]
    ratios = {
        "xxgk 1 thread vs ajv (ajv time / xxgk time)": med["ajv"] / x1,
        "xxgk all threads vs ajv": med["ajv"] / xn,
        "xxgk 1 thread vs check-jsonschema": med["check-jsonschema"] / x1,
        "xxgk all threads vs check-jsonschema": med["check-jsonschema"] / xn,
        "xxgk 1 thread vs parse floor (floor time / xxgk time; ≥ 0.5 = at least half the floor's speed)": med["parse floor"] / x1,
        "xxgk all threads vs parse floor (1 thread)": med["parse floor"] / xn,
    }
    results["ratios"] = {k: round(r, 3) for k, r in ratios.items()}
    print("\n| ratio (> 1: xxgk faster) | value |\n|---|---:|")
    print("\n".join(f"| {k} | {r:.2f}× |" for k, r in ratios.items()))
    # Why the "floor" can be beaten: it builds a serde_json::Value (an IndexMap per object, UTF-8
    # checked byte by byte inside strings), while xxgk checks UTF-8 with SIMD and parses straight
    # into its typed model, falling back to a Value only to explain a rejected file.
    print("\nThe parse floor builds a serde_json::Value; xxgk parses into its typed model, "
          "which costs less, so the floor ratio can exceed 1.")
    load = results["machine"]["load average at end"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"Load average (1, 5, 15 min) before: {results['machine']['load average at start']}; after: {load}.")

    if args.scale:
        s = results["scale"] = scale(args.scale_runs)
        print(f"\n## scale: {s['files']:,} files, warm cache, {len(s['runs'])} runs\n- `{s['command']}`")
        for r in s["runs"]:
            print(f"- wall {r['wall s']:.2f} s, user {r['user s']} s, system {r['system s']} s, "
                  f"CPU {r['CPU']}, max RSS {r['max RSS MiB']} MiB, exit {r['exit code']}")
        print(f"- median wall {s['median wall s']:.2f} s ({s['files/s']:,} files/s), "
              f"largest peak RSS {s['max RSS MiB']} MiB")

    (ROOT / BENCH / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"\nresults: {BENCH / 'results.json'}")
    if not all(agree.values()):
        sys.exit("verdicts disagree, see above")


if __name__ == "__main__":
    main()
