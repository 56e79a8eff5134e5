"""What the checker finds on real reports: every text of tests/corpus imported and checked.

Usage (from the repository root, after `cargo build`):

    python3 bench/findings.py [target/debug/xxgk]

Two passes over the 23 real inputs (16 extracted texts, 3 complete CMS pages, the seed, and the
three pages again as PDF text, `tests/corpus/layout/`):

1. as imported: `xxgk import --check --format json FILE`, the findings of the importer and the
   checker together. A document the importer leaves without an agency or a report year does not
   match the schema (S101), and the checker's rules do not run on it.
2. metadata supplied: the imported document, with what the corpus index and gold labels know and
   the importer did not find — the agency's name and `kind`/`level` (from INDEX.tsv), the report
   year, `published_on` (gold `meta.published_on`) — then `xxgk check --format json`. Nothing in
   the tables or the prose is touched. A text whose year nobody knows (047) stays without one.

It prints, per rule, how often it fired in each pass, then every firing of the checker's rules
(families arithmetic, metadata, plausibility, cross-year, prose) with its message, to be read
against the source. BENCHMARKS.md ("Checker findings on real reports") records the last run and
how many of the firings were verified right by reading the sources.
"""

import collections
import csv
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests/corpus"
# Rules about the tables, metadata and prose of a document, as opposed to reading it (X, S, I)
# or informing about blanks (N301).
CHECKER_FAMILIES = ("A", "M", "P", "Y", "T")


def inputs():
    raw = sorted((CORPUS / "raw").iterdir())
    layout = sorted((CORPUS / "layout").iterdir())
    return raw + [CORPUS / "seeds/000_baa04b3ed7a09fb6.txt"] + layout


def index():
    with open(CORPUS / "INDEX.tsv", encoding="utf-8") as f:
        return {row["file"]: row for row in csv.DictReader(f, delimiter="\t")}


def gold_meta(stem):
    meta = {}
    path = CORPUS / "gold" / f"{stem}.tsv"
    for line in path.read_text("utf-8").splitlines()[1:]:
        key, _raw, value, *_ = line.split("\t") + ["", ""]
        if key.startswith("meta."):
            meta[key[5:]] = value
    return meta


def records(output):
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def diagnostics(output):
    return [r["data"] for r in records(output) if r.get("type") == "diagnostic"]


def supplied(document, row, meta):
    """The imported document with the metadata the corpus knows and the importer did not find."""
    document = json.loads(json.dumps(document))
    agency = document.get("agency") or {}
    if "name" not in agency and row:
        agency["name"] = row["agency"]
    level = row["level"] if row else ""
    if level == "department":
        agency.setdefault("kind", "department")
    elif level == "township":
        agency.setdefault("kind", "government")
        agency.setdefault("level", "township")
    elif level == "prefectural":
        # 平潭综合实验区's pages are the zone's own report (全区汇总), compiled by its office.
        agency.setdefault("kind", "government")
        agency.setdefault("level", "prefectural")
    document["agency"] = agency
    year = meta.get("report_year", "")
    if "report_year" not in document and year.isdigit():
        document["report_year"] = int(year)
    if "published_on" not in document and meta.get("published_on"):
        document["published_on"] = meta["published_on"]
    return document


def main(binary):
    rows = index()
    imported_counts = collections.Counter()
    supplied_counts = collections.Counter()
    firings = []
    status = {}
    with tempfile.TemporaryDirectory() as folder:
        for path in inputs():
            stem = path.stem
            run = subprocess.run([binary, "import", "--check", "--format", "json", str(path)],
                                 capture_output=True, text=True, check=False)
            imported_counts.update(d["code"] for d in diagnostics(run.stderr))
            document = subprocess.run([binary, "import", str(path)], capture_output=True, text=True,
                                      check=False).stdout
            # A layout text is a complete page read from PDF: its row is the page's.
            row = rows.get(path.name) or rows.get(f"{stem}.html")
            document = supplied(json.loads(document), row, gold_meta(stem))
            copy = pathlib.Path(folder) / f"{path.parent.name}-{path.name}.json"
            copy.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
            run = subprocess.run([binary, "check", "--format", "json", "--lang", "zh",
                                  "--current-year", "2026", str(copy)],
                                 capture_output=True, text=True, check=False)
            found = diagnostics(run.stdout)
            supplied_counts.update(d["code"] for d in found)
            ends = [r["data"] for r in records(run.stdout) if r.get("type") == "end"]
            name = f"{path.parent.name}/{path.name}"
            status[name] = ends[0]["status"] if ends else "?"
            firings += [(name, d) for d in found if d["code"].startswith(CHECKER_FAMILIES)]
    print(f"{len(status)} inputs; after metadata is supplied: "
          + ", ".join(f"{n} {s}" for s, n in sorted(collections.Counter(status.values()).items())))
    print("\n| rule | fired as imported | fired, metadata supplied |\n|---|---:|---:|")
    for code in sorted(set(imported_counts) | set(supplied_counts)):
        print(f"| {code} | {imported_counts[code]} | {supplied_counts[code]} |")
    print("\nFirings of the checker's rules (metadata supplied), to read against the sources:")
    for name, d in firings:
        print(f"- {name} {d['code']} {d['pointer']}: {d['message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/debug/xxgk")))
