"""The HTML peers of bench/import.py, run with the bench venv's Python.

Times, in process, what a researcher in Python reaches for to get the tables out of the same
pages: pandas.read_html (lxml flavour: every <table> to a DataFrame), and lxml alone (parse the
page and take its text: the floor under any lxml-based importer). As in the import_throughput
example, the files are read into memory first and only the parsing is timed.

    python bench/html_peers.py {read_html|lxml_text} DIR
"""

import io
import json
import sys
import time
from pathlib import Path

import lxml.html
import pandas


def read_html(page):
    """The number of tables pandas finds (it raises when there is none)."""
    try:
        return len(pandas.read_html(io.BytesIO(page), flavor="lxml"))
    except ValueError:
        return 0


def lxml_text(page):
    """The length of the page's text, so the work cannot be skipped and a broken page shows."""
    return len(lxml.html.document_fromstring(page).text_content())


def main():
    peer = {"read_html": read_html, "lxml_text": lxml_text}[sys.argv[1]]
    pages = [p.read_bytes() for p in sorted(Path(sys.argv[2]).iterdir()) if p.is_file()]
    started = time.perf_counter()
    found = sum(peer(page) for page in pages)
    seconds = time.perf_counter() - started
    print(json.dumps({"files": len(pages), "seconds": seconds, "found": found}))


if __name__ == "__main__":
    main()
