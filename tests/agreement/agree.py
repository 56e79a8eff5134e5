#!/usr/bin/env python3
"""Cross-validator agreement on the published schema: python3 agree.py XXGK_BINARY

On every conformance case input and a generated corpus (valid and invalid reports), the verdicts of

  ajv2020        ajv, Ajv2020, strict, on schema/1.0/report.schema.json
  ajv07          ajv, draft-07, strict, on schema/1.0/report.draft-07.schema.json
  jsonschema2020 Python jsonschema, Draft202012Validator, on the 2020-12 schema
  jsonschema07   Python jsonschema, Draft7Validator, on the draft-07 rendering

must equal the reference checker's structural verdict (xxgk check), file by file: a file is
accepted when it has no X001–X004 (unreadable) and no S101/S103 (schema) diagnostic. Whether a
rejected file was unreadable or invalid may differ (a 400-digit number is unparseable for the
checker, a number above the maximum for the others), so verdicts are accept/reject.

The generated pydantic models (schema/bindings/python, strict mode) must load every file the
checker accepts and reject every file the schema rejects. S102 (`1.0` or `-0` for an integer) and
S104 (a member name given twice) are where the model is stricter than JSON Schema (SPEC.md):
the schema validators accept those files, the checker does not, and pydantic may go either way.

The generated TypeScript types (schema/bindings/typescript) must type-check the valid documents
and refuse broken ones (tsc --strict). Any disagreement fails, naming the file and each verdict.
"""

import copy
import json
import pathlib
import subprocess
import sys
import tempfile

from jsonschema import Draft7Validator, Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA_DIR = ROOT / "schema/1.0"
BINDINGS = ROOT / "schema/bindings"
sys.path.insert(0, str(BINDINGS / "python"))
from xxgk_report import Report  # noqa: E402  (the generated pydantic models)

UNREADABLE = {"X001", "X002", "X003", "X004"}
SCHEMA_INVALID = {"S101", "S103"}
MODEL_ONLY = {"S102", "S104"}
CORPUS_SIZE = 400
TYPED_CORPUS_SAMPLE = 40


def inputs(xxgk, scratch):
    """The conformance inputs and a generated corpus, as files."""
    cases, corpus = scratch / "cases", scratch / "corpus"
    subprocess.run([xxgk, "conformance", "inputs", "--suite", ROOT / "conformance", "--out", cases], check=True)
    subprocess.run([xxgk, "generate", "--count", str(CORPUS_SIZE), "--seed", "7",
                    "--invalid-share", "0.3", "--out", corpus],
                   check=True, stdout=subprocess.DEVNULL)
    return sorted(cases.glob("*.json")) + sorted(corpus.rglob("*.json"))


def xxgk_verdicts(xxgk, files):
    """(schema verdict, model verdict) per file from the checker's JSON Lines output:
    unreadable, invalid or valid."""
    codes = {str(f): set() for f in files}
    argv = [xxgk, "check", "--format", "json", "--current-year", "2026", *map(str, files)]
    out = subprocess.run(argv, capture_output=True, text=True)
    if out.returncode not in (0, 1, 2):
        sys.exit(f"xxgk check failed ({out.returncode}): {out.stderr}")
    for line in out.stdout.splitlines():
        record = json.loads(line)
        if record["type"] == "diagnostic":
            codes[record["data"]["path"]].add(record["data"]["code"])
    verdicts = {}
    for file, found in codes.items():
        schema = "unreadable" if found & UNREADABLE else "invalid" if found & SCHEMA_INVALID else "valid"
        model = "invalid" if schema == "valid" and found & MODEL_ONLY else schema
        verdicts[file] = (schema, model)
    return verdicts


def ajv_verdicts(files, scratch):
    listing = scratch / "files.txt"
    listing.write_text("".join(f"{f}\n" for f in files))
    out = subprocess.run(["node", ROOT / "tests/agreement/ajv_verdicts.mjs", listing],
                         capture_output=True, text=True, check=True)
    return {r["file"]: r for r in map(json.loads, out.stdout.splitlines())}


def read_document(path):
    """Strict UTF-8 (a leading byte order mark allowed) and strict JSON (no NaN or Infinity)."""
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    def refuse(constant):
        raise ValueError(f"not JSON: {constant}")
    return json.loads(data.decode("utf-8"), parse_constant=refuse)


def python_verdicts(path, validators):
    try:
        document = read_document(path)
    except (ValueError, RecursionError):  # UnicodeDecodeError, JSONDecodeError; deep nesting.
        return {name: "unreadable" for name in validators}
    return {name: "valid" if v.is_valid(document) else "invalid" for name, v in validators.items()}


def pydantic_verdict(path):
    try:
        Report.model_validate_json(path.read_bytes().removeprefix(b"\xef\xbb\xbf"), strict=True)
        return "valid"
    except ValueError:  # pydantic.ValidationError is a ValueError.
        return "invalid"


def typescript_check(valid_files, scratch):
    """tsc --noEmit --strict on the valid documents written as typed constants, plus broken
    documents that must not type-check (each under @ts-expect-error, which fails if unused)."""
    lines = ['import type { Report } from "%s";' % (BINDINGS / "typescript/report").as_posix()]
    for i, path in enumerate(valid_files):
        lines.append(f"export const valid{i}: Report = {path.read_text(encoding='utf-8-sig')};")
    seed = json.loads((ROOT / "conformance/documents/seed-wuhan-etdz-2020.json").read_text())
    broken = {
        "a count written as a string": ("/applications/new_applications/natural_persons", "3"),
        "an unknown member": ("/agency/nickname", "x"),
        "the 2021 edition tag on 2019 tables": ("/edition", "2021"),
    }
    for i, (why, (pointer, value)) in enumerate(broken.items()):
        document = copy.deepcopy(seed)
        *parents, last = pointer.strip("/").split("/")
        target = document
        for key in parents:
            target = target[key]
        target[last] = value
        lines.append(f"// {why}\n// @ts-expect-error\nexport const broken{i}: Report = {json.dumps(document, ensure_ascii=False)};")
    source = scratch / "typed-documents.ts"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tsc = BINDINGS / "node_modules/.bin/tsc"
    out = subprocess.run([tsc, "--noEmit", "--strict", "--target", "es2020", "--moduleResolution", "node",
                          source], capture_output=True, text=True)
    return out.returncode == 0, out.stdout + out.stderr, len(valid_files), len(broken)


def main():
    xxgk = pathlib.Path(sys.argv[1]).resolve()
    schema = json.loads((SCHEMA_DIR / "report.schema.json").read_text())
    draft07 = json.loads((SCHEMA_DIR / "report.draft-07.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    Draft7Validator.check_schema(draft07)
    validators = {"jsonschema2020": Draft202012Validator(schema), "jsonschema07": Draft7Validator(draft07)}

    with tempfile.TemporaryDirectory() as tmp:
        scratch = pathlib.Path(tmp)
        files = inputs(xxgk, scratch)
        reference = xxgk_verdicts(xxgk, files)
        ajv = ajv_verdicts(files, scratch)
        disagreements, tally, model_only = [], {}, 0
        for path in files:
            file = str(path)
            schema_verdict, model_verdict = reference[file]
            verdicts = {"xxgk": schema_verdict, "ajv2020": ajv[file]["ajv2020"], "ajv07": ajv[file]["ajv07"],
                        **python_verdicts(path, validators)}
            pydantic = pydantic_verdict(path)
            tally[schema_verdict] = tally.get(schema_verdict, 0) + 1
            model_only += schema_verdict != model_verdict
            schema_agree = len({v == "valid" for v in verdicts.values()}) == 1
            pydantic_agrees = pydantic in {model_verdict, schema_verdict} or (
                pydantic == "invalid" and model_verdict == "unreadable")
            if not (schema_agree and pydantic_agrees):
                case = path.stem if path.parent.name == "cases" else path.relative_to(scratch).as_posix()
                disagreements.append(f"{case}: " + ", ".join(f"{k} {v}" for k, v in verdicts.items())
                                     + f", pydantic {pydantic} (xxgk model verdict {model_verdict})")
        valid = [p for p in files if reference[str(p)][1] == "valid"]
        typed = [p for p in valid if p.parent.name == "cases"] + \
                [p for p in valid if p.parent.name != "cases"][:TYPED_CORPUS_SAMPLE]
        ts_ok, ts_output, ts_valid, ts_broken = typescript_check(typed, scratch)

    print(f"files: {len(files)} (conformance inputs and {CORPUS_SIZE} generated reports)")
    print("reference verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items()))
          + f"; {model_only} valid for JSON Schema but not for the model (S102/S104)")
    print(f"validators: ajv2020, ajv07, jsonschema2020, jsonschema07, pydantic (strict); "
          f"disagreements: {len(disagreements)}")
    print(f"typescript: {ts_valid} valid documents type-check, {ts_broken} broken ones are refused: "
          f"{'yes' if ts_ok else 'NO'}")
    for line in disagreements:
        print(f"DISAGREE {line}")
    if not ts_ok:
        print(ts_output)
    if disagreements or not ts_ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
