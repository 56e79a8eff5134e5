"""The peer of `xxgk export` (long layout, Parquet): the same flattening in Python with pyarrow.

Every file is read with json.loads, its three tables walked (every leaf a row: integers, money
objects, nulls, local rows' cells), and the rows written with pyarrow's ParquetWriter in
batches of 65,536 rows (Snappy, dictionary encoding on). It does less than xxgk:
no schema validation, no checker, no labels from a catalog, no provenance states, no report id
hash beyond what hashlib gives. It is single-process, as a pandas/pyarrow script usually is.

Usage: python bench/export_peer.py OUT.parquet FOLDER...
"""

import hashlib
import json
import sys
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TABLES = ("proactive_disclosure", "applications", "appeals")
SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("file", pa.string()),
        ("agency", pa.string()),
        ("report_year", pa.int16()),
        ("edition", pa.string()),
        ("pointer", pa.string()),
        ("value", pa.int64()),
        ("amount", pa.decimal128(38, 10)),
        ("unit", pa.string()),
    ]
)


def leaves(node, pointer, out):
    if node is None or isinstance(node, int):
        out.append((pointer, node, None, None))
    elif isinstance(node, dict) and isinstance(node.get("amount"), str):
        out.append((pointer, None, Decimal(node["amount"]), node.get("unit")))
    elif isinstance(node, dict):
        for key, child in node.items():
            if key == "extra_rows":
                for r, row in enumerate(child):
                    for c, cell in enumerate(row["cells"]):
                        v = cell["value"]
                        p = f"{pointer}/extra_rows/{r}/cells/{c}/value"
                        if isinstance(v, str):
                            out.append((p, None, Decimal(v), None))
                        else:
                            out.append((p, v, None, None))
            else:
                leaves(child, f"{pointer}/{key}", out)


def main():
    out_path = sys.argv[1]
    files = sorted(p for folder in sys.argv[2:] for p in Path(folder).rglob("*.json"))
    columns = {name: [] for name in SCHEMA.names}
    writer = pq.ParquetWriter(out_path, SCHEMA, compression="snappy")
    rows = 0

    def flush():
        nonlocal columns
        if columns["pointer"]:
            writer.write_table(pa.table(columns, schema=SCHEMA))
        columns = {name: [] for name in SCHEMA.names}

    for path in files:
        data = path.read_bytes()
        try:
            document = json.loads(data)
            meta = (document["agency"]["name"], document["report_year"], document["edition"])
        except (ValueError, KeyError, TypeError):
            continue
        cells = []
        for table in TABLES:
            leaves(document[table], f"/{table}", cells)
        report_id = hashlib.sha256(data).hexdigest()[:16]
        for pointer, value, amount, unit in cells:
            columns["report_id"].append(report_id)
            columns["file"].append(str(path))
            columns["agency"].append(meta[0])
            columns["report_year"].append(meta[1])
            columns["edition"].append(meta[2])
            columns["pointer"].append(pointer)
            columns["value"].append(value)
            columns["amount"].append(amount)
            columns["unit"].append(unit)
        rows += len(cells)
        if len(columns["pointer"]) >= 65536:
            flush()
    flush()
    writer.close()
    print(rows)


if __name__ == "__main__":
    main()
