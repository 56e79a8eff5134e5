#!/usr/bin/env python3
"""A second, independent xxgk implementation: structure only, with Python `jsonschema`.

It speaks the conformance harness protocol (conformance/protocol.schema.json): one JSON message
per line on stdin, one reply per line on stdout. It validates documents against the published
schema and declares only the rules it can decide from the schema alone:

  X002 not UTF-8, X003 not JSON, S101 schema violation, S103 unknown edition.

Every other rule (S102 `1.0` for an integer, the 勾稽关系, metadata, cross-year) is not declared,
so the runner counts those cases as not applicable. Keep this file as the example for implementers:
read `start`, answer with what you implement, answer each `run` with diagnostics, exit on `stop`.
"""

import base64
import json
import pathlib
import sys

from jsonschema import Draft202012Validator

PROTOCOL = 1
SCHEMA = pathlib.Path(__file__).resolve().parents[3] / "schema/1.0/report.schema.json"
RULES = ["X002", "X003", "S101", "S103"]


def edition_validators(schema):
    """One validator per edition: a reference to the edition's oneOf branch with the shared $defs,
    so errors are reported where the author meant them, not as "valid under none of oneOf"."""
    validators = {}
    for branch in schema["oneOf"]:
        definition = schema["$defs"][branch["$ref"].removeprefix("#/$defs/")]
        edition = definition["properties"]["edition"]["const"]
        restricted = {"$schema": schema["$schema"], "$ref": branch["$ref"], "$defs": schema["$defs"]}
        validators[edition] = Draft202012Validator(restricted)
    return validators


def pointer(path):
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def diagnostic(code, where):
    return {"code": code, "pointer": where, "severity": "error"}


def check_document(document, validators):
    if not isinstance(document, dict):
        return [diagnostic("S101", "")]
    edition = document.get("edition")
    if edition not in validators:
        return [diagnostic("S103", "/edition" if "edition" in document else "")]
    return [diagnostic("S101", pointer(e.absolute_path)) for e in validators[edition].iter_errors(document)]


def check_bytes(data, validators):
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return [diagnostic("X002", "")]
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return [diagnostic("X003", "")]
    return check_document(document, validators)


def answer(request, validators):
    seq = request["seq"]
    case = request["case"]
    payload = case["input"]
    try:
        if "document" in payload:
            diagnostics = check_document(payload["document"], validators)
        else:
            diagnostics = check_bytes(base64.b64decode(payload["base64"]), validators)
    except Exception as error:  # report, never crash: the runner counts it as errored
        return {"seq": seq, "errored": True, "context": {"message": repr(error)}}
    return {"seq": seq, "diagnostics": diagnostics}


def main():
    validators = edition_validators(json.loads(SCHEMA.read_text("utf-8")))
    for line in sys.stdin:
        request = json.loads(line)
        command = request["cmd"]
        if command == "start":
            if request["protocol"] != PROTOCOL:
                return 1
            reply = {
                "protocol": PROTOCOL,
                "implementation": {
                    "name": "xxgk-python-schema-only",
                    "version": "1.0.0",
                    "language": "python",
                    "rules": RULES,
                },
            }
        elif command == "run":
            reply = answer(request, validators)
        else:
            return 0
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
