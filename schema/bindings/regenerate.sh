#!/usr/bin/env bash
# Regenerates the bindings from the published schema with pinned tools:
#   typescript/report.d.ts  json-schema-to-typescript (package-lock.json), via generate-typescript.mjs
#   python/xxgk_report.py   datamodel-code-generator, pydantic v2 models (requirements.txt)
# The same schema and tools give byte-identical files; CI regenerates and fails on a difference.
set -euo pipefail
cd "$(dirname "$0")"

npm ci --no-audit --no-fund --silent
node generate-typescript.mjs

venv="${XXGK_BINDINGS_VENV:-../../target/bindings-venv}"
[ -x "$venv/bin/datamodel-codegen" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt
"$venv/bin/datamodel-codegen" \
  --input ../1.0/report.schema.json --input-file-type jsonschema \
  --output python/xxgk_report.py --output-model-type pydantic_v2.BaseModel \
  --target-python-version 3.10 --disable-timestamp --formatters builtin \
  --field-constraints --use-annotated --use-standard-collections --use-union-operator \
  --use-schema-description --use-field-description --use-double-quotes \
  --enum-field-as-literal all --strict-types str int bool --strict-nullable
