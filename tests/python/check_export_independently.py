"""Reads the datasets of `xxgk export` back with independent readers (pyarrow, DuckDB) and
compares them with the JSON documents, cell for cell: every cell of every table is a row, a
number is the number the document states, money is the exact decimal with its unit, and null
stays null (never 0).

The corpus: the example documents of conformance/documents/, a generated corpus (`xxgk
generate`, some of its reports deliberately broken) and the real pages of tests/corpus/raw/
imported by `xxgk import` (with provenance; excerpts without an agency are not reports).

Usage: python tests/python/check_export_independently.py target/debug/xxgk
"""

import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
TABLES = ["proactive_disclosure", "applications", "appeals"]
failures = []


def fail(message):
    failures.append(message)
    if len(failures) <= 30:
        print("FAIL:", message)


def run(xxgk, *args, ok=(0,)):
    result = subprocess.run([xxgk, *args], capture_output=True, text=True, env={"XXGK_LANG": "en", "PATH": "/usr/bin:/bin"})
    if result.returncode not in ok:
        sys.exit(f"xxgk {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
    return result


def leaves(document):
    """Every cell of the three tables, found by walking the JSON (not the catalog): pointer ->
    ('int', n) | ('money', Decimal, unit) | ('null',) | ('extra', value)."""
    found = {}

    def walk(node, pointer):
        if node is None:
            found[pointer] = ("null",)
        elif isinstance(node, bool):
            raise ValueError(pointer)
        elif isinstance(node, int):
            found[pointer] = ("int", node)
        elif isinstance(node, dict) and isinstance(node.get("amount"), str):
            found[pointer] = ("money", Decimal(node["amount"]), node.get("unit"))
        elif isinstance(node, dict):
            for key, child in node.items():
                if key == "extra_rows":
                    for r, row in enumerate(child):
                        for c, cell in enumerate(row["cells"]):
                            found[f"{pointer}/extra_rows/{r}/cells/{c}/value"] = ("extra", cell["value"])
                else:
                    walk(child, f"{pointer}/{key}")

    for table in TABLES:
        walk(document[table], f"/{table}")
    return found


def compare_row(where, expected, value, amount, unit):
    """`value` an int or None, `amount` a Decimal or None, `unit` a str or None."""
    kind = expected[0]
    if kind == "null":
        if value is not None or amount is not None:
            fail(f"{where}: null in the document, {value!r}/{amount!r} in the dataset")
    elif kind == "int":
        if value != expected[1] or amount is not None:
            fail(f"{where}: {expected[1]} in the document, {value!r}/{amount!r} in the dataset")
    elif kind == "money":
        if amount != expected[1] or unit != expected[2] or value is not None:
            fail(f"{where}: {expected[1]} {expected[2]} in the document, {amount!r} {unit!r} in the dataset")
    elif kind == "extra":
        stated = expected[1]
        if stated is None:
            ok = value is None and amount is None
        elif isinstance(stated, str):
            ok = amount == Decimal(stated) and value is None
        else:
            ok = value == stated and amount is None
        if not ok:
            fail(f"{where}: {stated!r} in the document, {value!r}/{amount!r} in the dataset")


def check_long(name, rows, documents, exported_files):
    """rows: dicts with file, pointer, value (int|None), amount (Decimal|None), unit, state."""
    by_file = defaultdict(dict)
    for row in rows:
        if row["pointer"] in by_file[row["file"]]:
            fail(f"{name}: {row['file']} {row['pointer']} twice")
        by_file[row["file"]][row["pointer"]] = row
    if set(by_file) != exported_files:
        fail(f"{name}: files {sorted(set(by_file) ^ exported_files)[:5]} differ")
    cells = 0
    for file in exported_files:
        document = documents[file]
        expected = leaves(document)
        got = by_file.get(file, {})
        if set(expected) != set(got):
            fail(f"{name}: {file}: pointers differ: {sorted(set(expected) ^ set(got))[:5]}")
            continue
        provenance = (document.get("extensions") or {}).get("xxgk.import")
        for pointer, stated in expected.items():
            row = got[pointer]
            compare_row(f"{name}: {file} {pointer}", stated, row["value"], row["amount"], row["unit"])
            is_null = stated[0] == "null" or (stated[0] == "extra" and stated[1] is None)
            state = row["state"]
            if not is_null and state != "stated":
                fail(f"{name}: {file} {pointer}: a stated value has state {state}")
            if is_null and state == "stated":
                fail(f"{name}: {file} {pointer}: null has state stated")
            if stated[0] == "null" and provenance is None and state != "not_stated":
                fail(f"{name}: {file} {pointer}: no provenance, but state {state}")
            if stated[0] == "null" and provenance is not None:
                if pointer in provenance["absent"] and state != "absent":
                    fail(f"{name}: {file} {pointer}: listed absent, state {state}")
                if pointer in provenance["cells"] and state not in ("blank", "unreadable"):
                    fail(f"{name}: {file} {pointer}: printed empty, state {state}")
            if row["agency"] != document["agency"]["name"] or int(row["report_year"]) != document["report_year"]:
                fail(f"{name}: {file}: metadata differs")
            cells += 1
    return cells


def parquet_long_rows(path):
    table = pq.read_table(path)
    assert pa.types.is_decimal(table.schema.field("amount").type), table.schema
    assert pa.types.is_int64(table.schema.field("value").type), table.schema
    assert pa.types.is_dictionary(table.schema.field("row_label").type), table.schema
    assert pa.types.is_date32(table.schema.field("published_on").type), table.schema
    metadata = pq.read_metadata(path).metadata
    assert metadata[b"xxgk.dataset_version"] == b"1.0", metadata
    return table.to_pylist()


def csv_long_rows(path):
    names = pacsv.read_csv(path).column_names
    # Every column read as text: the comparison does its own typing. An empty field is null.
    options = pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=True, null_values=[""])
    rows = pacsv.read_csv(path, convert_options=options).to_pylist()
    for row in rows:
        row["value"] = int(row["value"]) if row["value"] is not None else None
        row["amount"] = Decimal(row["amount"]) if row["amount"] is not None else None
    return rows


def main():
    xxgk = str(Path(sys.argv[1]).resolve())
    work = Path(tempfile.mkdtemp(prefix="xxgk-export-"))
    corpus = work / "corpus"
    (corpus / "examples").mkdir(parents=True)
    for path in sorted((ROOT / "conformance/documents").glob("*.json")):
        shutil.copy(path, corpus / "examples" / path.name)
    run(xxgk, "generate", "--count", "400", "--seed", "19", "--out", str(corpus / "generated"))
    run(xxgk, "import", str(ROOT / "tests/corpus/raw"), "--out", str(corpus / "imported"), ok=(0, 1))
    documents = {}
    for path in sorted(corpus.rglob("*.json")):
        try:
            documents[str(path)] = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            pass

    out = work / "out"
    out.mkdir()
    long_parquet = out / "long.parquet"
    result = run(xxgk, "export", str(corpus), "--out", str(long_parquet), "--diagnostics", str(out / "diagnostics.parquet"), ok=(0, 1))
    rows = parquet_long_rows(long_parquet)
    exported = {row["file"] for row in rows}
    # Every document left out is reported on standard error, by name: none silently skipped.
    left_out = set(documents) - exported
    for file in left_out:
        if f"{file}: not exported" not in result.stderr:
            fail(f"{file} is neither exported nor reported")
    assert len(exported) > 300 and left_out, (len(exported), len(left_out))
    cells = check_long("long.parquet", rows, documents, exported)
    print(f"long.parquet: {len(rows)} rows, {cells} cells of {len(exported)} reports compared; {len(left_out)} left out, each reported")

    long_csv = out / "long.csv"
    run(xxgk, "export", str(corpus), "--out", str(long_csv), ok=(0, 1))
    csv_rows = csv_long_rows(long_csv)
    cells = check_long("long.csv", csv_rows, documents, exported)
    print(f"long.csv: {len(csv_rows)} rows, {cells} cells compared")

    # Wide: a row per report, a column per cell pointer.
    wide_parquet = out / "wide.parquet"
    run(xxgk, "export", str(corpus), "--out", str(wide_parquet), "--layout", "wide", ok=(0, 1))
    wide = pq.read_table(wide_parquet)
    wide_rows = wide.to_pylist()
    if {r["file"] for r in wide_rows} != exported or len(wide_rows) != len(exported):
        fail("wide.parquet: not one row per exported report")
    compared = 0
    for row in wide_rows:
        document = documents[row["file"]]
        for pointer, stated in leaves(document).items():
            if stated[0] == "extra":
                continue
            column = pointer.lstrip("/").replace("/", "__")
            if stated[0] == "money":
                compare_row(f"wide {row['file']} {column}", stated, None, row[column], row[column + "__unit"])
            else:
                compare_row(f"wide {row['file']} {column}", stated, row[column], None, None)
            compared += 1
    print(f"wide.parquet: {len(wide_rows)} rows, {wide.num_columns} columns, {compared} cells compared")

    # Diagnostics agree with the wide counts and with `xxgk check` (cross-year findings aside).
    diagnostics = pq.read_table(out / "diagnostics.parquet").to_pylist()
    per_file = Counter((d["file"], d["severity"]) for d in diagnostics if d["report_id"] is not None)
    for row in wide_rows:
        for severity, column in [("error", "errors"), ("warning", "warnings"), ("info", "infos")]:
            if per_file[(row["file"], severity)] != row[column]:
                fail(f"{row['file']}: {row[column]} {column} in wide, {per_file[(row['file'], severity)]} in diagnostics")
    checked = run(xxgk, "check", "--format", "json", str(corpus), ok=(0, 1, 2))
    from_check = Counter()
    for line in checked.stdout.splitlines():
        record = json.loads(line)
        if record["type"] == "diagnostic" and not record["data"]["code"].startswith("Y"):
            from_check[(record["data"]["path"], record["data"]["code"], record["data"]["pointer"])] += 1
    from_export = Counter((d["file"], d["code"], d["pointer"] or "") for d in diagnostics)
    if from_check != from_export:
        fail(f"diagnostics differ from xxgk check: {list((from_check - from_export).items())[:3]} / {list((from_export - from_check).items())[:3]}")
    print(f"diagnostics.parquet: {len(diagnostics)} rows, as `xxgk check` reports them")

    # Hive partitions, read by DuckDB as one dataset.
    partitioned = out / "partitioned"
    run(xxgk, "export", str(corpus), "--out", str(partitioned), "--format", "parquet", "--partition-by", "report_year,province", ok=(0, 1))
    con = duckdb.connect()
    glob = f"{partitioned}/**/*.parquet"
    (count,) = con.execute(f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true)").fetchone()
    if count != len(rows):
        fail(f"partitioned: {count} rows, {len(rows)} in the single file")
    years = dict(con.execute(f"SELECT report_year, count(*) FROM read_parquet('{glob}', hive_partitioning = true) GROUP BY 1").fetchall())
    expected_years = Counter()
    for row in rows:
        expected_years[row["report_year"]] += 1
    if {int(k): v for k, v in years.items()} != dict(expected_years):
        fail(f"partitioned: rows by year {years} != {dict(expected_years)}")
    (total,) = con.execute(f"SELECT sum(value) FROM read_parquet('{glob}', hive_partitioning = true)").fetchone()
    json_total = sum(s[1] for f in exported for s in leaves(documents[f]).values() if s[0] == "int" or (s[0] == "extra" and isinstance(s[1], int)))
    if total != json_total:
        fail(f"sum(value): {total} by DuckDB, {json_total} from the JSON documents")
    (money,) = con.execute(f"SELECT sum(amount) FROM read_parquet('{long_parquet}')").fetchone()
    json_money = sum(
        (s[1] for f in exported for s in leaves(documents[f]).values() if s[0] == "money"),
        Decimal(0),
    ) + sum(
        (Decimal(s[1]) for f in exported for s in leaves(documents[f]).values() if s[0] == "extra" and isinstance(s[1], str)),
        Decimal(0),
    )
    if Decimal(money) != json_money:
        fail(f"sum(amount): {money} by DuckDB, {json_money} from the JSON documents")
    (csv_count,) = con.execute(f"SELECT count(*) FROM read_csv('{long_csv}', header = true)").fetchone()
    if csv_count != len(rows):
        fail(f"DuckDB reads {csv_count} CSV rows, {len(rows)} expected")
    print(f"partitioned: {count} rows read by DuckDB; sum(value) {total} and sum(amount) {money} equal the JSON documents'")

    shutil.rmtree(work)
    if failures:
        sys.exit(f"{len(failures)} failures")
    print("export: every cell agrees (pyarrow, DuckDB)")


if __name__ == "__main__":
    main()
