"""`xxgk serve` against its own OpenAPI description (schema/openapi.json), with schemathesis:
a bounded number of generated requests per operation, and no answer may be a 5xx, stray from
the statuses, media types or schemas the description gives.

    python tests/python/check_serve_openapi.py XXGK_BINARY [MAX_EXAMPLES]
"""

import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]


def main() -> int:
    binary = sys.argv[1]
    max_examples = sys.argv[2] if len(sys.argv) > 2 else "200"
    server = subprocess.Popen(
        [binary, "serve", "--addr", "127.0.0.1:0", "--max-body-size", "1048576"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = server.stdout.readline().strip()
        prefix = "listening on "
        if not line.startswith(prefix):
            print(f"xxgk serve did not start: {line!r}", file=sys.stderr)
            return 1
        url = line[len(prefix):]
        schemathesis = pathlib.Path(sys.executable).parent / "schemathesis"
        run = subprocess.run(
            [
                str(schemathesis),
                "run",
                str(ROOT / "schema/openapi.json"),
                "--url",
                url,
                "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,"
                "response_schema_conformance",
                "--phases",
                "examples,coverage,fuzzing",
                "--max-examples",
                max_examples,
                "--seed",
                "20",
                # One worker: with two, CPython 3.11's parser fails in hypothesis
                # ("AST constructor recursion depth mismatch").
                "--workers",
                "1",
                "--request-timeout",
                "30",
                "--suppress-health-check",
                "all",
            ],
            # schemathesis keeps a cache where it runs: not in the repository.
            cwd=tempfile.mkdtemp(prefix="xxgk-schemathesis-"),
            timeout=900,
        )
        alive = server.poll() is None
        if not alive:
            print("xxgk serve ended during the run", file=sys.stderr)
        return run.returncode if alive else 1
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
