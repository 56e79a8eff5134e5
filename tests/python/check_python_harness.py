"""Run the conformance suite against the Python schema-only harness, through the protocol.

The harness (conformance/harness/python/schema_only.py) declares X002, X003, S101 and S103. Every
case about those rules only (or about whole-document validity) must pass; every other case must be
reported not applicable. Usage: check_python_harness.py PATH_TO_XXGK_BINARY
"""

import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
DECLARED = {"X002", "X003", "S101", "S103"}


def expected_statuses():
    statuses = {}
    for path in sorted((ROOT / "conformance/cases").glob("*.json")):
        for case in json.loads(path.read_text("utf-8"))["cases"]:
            applicable = set(case["rules"]) <= DECLARED
            statuses[case["id"]] = "passed" if applicable else "not_applicable"
    return statuses


def main(binary):
    report = ROOT / "target/python-harness-report.jsonl"
    harness = f"{sys.executable} {ROOT / 'conformance/harness/python/schema_only.py'}"
    command = [binary, "conformance", "run", "--suite", str(ROOT / "conformance"), "--impl", harness, "--report", str(report)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    print(run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr)
    records = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
    actual = {r["data"]["id"]: r["data"]["status"] for r in records if r["type"] == "result"}
    expected = expected_statuses()
    mismatches = [f"{case}: expected {status}, got {actual.get(case)}" for case, status in expected.items() if actual.get(case) != status]
    for mismatch in mismatches:
        print(mismatch)
    passed = sum(1 for status in expected.values() if status == "passed")
    print(f"python harness: {passed} cases applicable, {len(expected) - passed} not applicable")
    failed = len(mismatches) + (run.returncode != 0)
    print(f"{len(expected) - len(mismatches)} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
