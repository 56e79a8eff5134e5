"""Validate the example documents against schema/ with an independent validator.

Python `jsonschema` (Draft202012Validator) must accept every document of conformance/documents,
and must reject each document once any of its table counts is changed to -1, "3" or 1.5.
Exit status 0 when all of that holds, 1 otherwise.
"""

import copy
import json
import pathlib
import sys

from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parents[2]
TABLES = ("proactive_disclosure", "applications", "appeals")
SIGNED = "change"  # 2019 本年增/减 may be negative
BAD_VALUES = (-1, "3", 1.5)


def count_pointers(node, path=()):
    """Paths of every count (non-negative integer cell) under the three tables."""
    if isinstance(node, dict):
        for key, child in node.items():
            if key not in ("extra_rows", SIGNED):
                yield from count_pointers(child, path + (key,))
    elif isinstance(node, int) and not isinstance(node, bool) and node >= 0:
        yield path


def replaced(document, path, value):
    mutated = copy.deepcopy(document)
    target = mutated
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return mutated


def main():
    schema = json.loads((ROOT / "schema/1.0/report.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    failures = []
    checked = 0
    for path in sorted((ROOT / "conformance/documents").glob("*.json")):
        document = json.loads(path.read_text("utf-8"))
        errors = [e.message for e in validator.iter_errors(document)]
        if errors:
            failures.append(f"{path.name}: rejected: {errors[:3]}")
            continue
        for table in TABLES:
            for pointer in count_pointers(document[table], (table,)):
                for bad in BAD_VALUES:
                    checked += 1
                    if validator.is_valid(replaced(document, pointer, bad)):
                        failures.append(f"{path.name}: /{'/'.join(pointer)} = {bad!r} accepted")
    for failure in failures:
        print(failure)
    print(f"{checked - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
