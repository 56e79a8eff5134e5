#!/usr/bin/env python3
"""pdfplumber's table extraction as a peer of xxgk's PDF import (bench/pdf.py).

For each PDF: every page's tables found by pdfplumber (`find_tables`, its default ruling-line
strategy), each row written as a `cell | cell |` line, and the page's other text lines
(`extract_text_lines` outside the tables), all in the order of their top edge; pages separated by
a form feed. The texts are then imported by xxgk's text importer, so pdfplumber's tables meet the
same label matching as xxgk's own reading.

    python3 bench/pdf_plumber.py OUT_DIR file.pdf...
"""
import sys
from pathlib import Path

import pdfplumber


def inside(obj, bbox):
    x0, top, x1, bottom = bbox
    return (
        obj["x0"] >= x0 - 1
        and obj["x1"] <= x1 + 1
        and obj["top"] >= top - 1
        and obj["bottom"] <= bottom + 1
    )


def page_text(page):
    tables = page.find_tables()
    blocks = []
    for table in tables:
        rows = table.extract()
        lines = [
            " | ".join((cell or "").replace("\n", "") for cell in row) + " |" for row in rows
        ]
        blocks.append((table.bbox[1], "\n".join(lines)))
    bboxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: not any(inside(obj, b) for b in bboxes)) if bboxes else page
    for line in outside.extract_text_lines():
        blocks.append((line["top"], line["text"]))
    blocks.sort(key=lambda b: b[0])
    return "\n".join(text for _, text in blocks)


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for name in sys.argv[2:]:
        with pdfplumber.open(name) as pdf:
            text = "\f".join(page_text(page) for page in pdf.pages)
        (out / (Path(name).stem + ".txt")).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
