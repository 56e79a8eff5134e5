"""Peak memory of xxgk on the worst inputs of issue 18, against the bound 10 × input + 100 MB.

Usage: python3 bench/memory.py [PATH_TO_XXGK] (default target/release/xxgk; bench/memory.sh
builds it). Each input is generated (deterministically) into a temporary folder, xxgk is run on
it under /usr/bin/time -v, and its peak resident set size is compared with the bound. The input
size is what xxgk reads: the file's size; for a Word file, its word/document.xml as inflated
(read up to 64 MiB; a zip file may be a thousand times smaller than what it holds); for a PDF
file, the 64 MiB its content streams may decompress to; for a stream, the limit and a byte. Prints a Markdown table; exits 1 when a run is over the bound,
crashes (a signal, exit status above 2) or runs past 120 s.
"""

import os
import pathlib
import re
import struct
import subprocess
import sys
import tempfile
import zipfile

MIB = 1 << 20
LIMIT = 64 * MIB  # the input limit; every generated input stays within it unless meant not to
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PROSE = "本机关坚持以公开为常态、不公开为例外，" * 17  # 340 bytes of UTF-8 prose


def write(path, data):
    path.write_bytes(data)
    return path


def repeat_to(unit, size):
    """`unit` repeated up to `size` bytes (whole units)."""
    return unit * (size // len(unit))


def docx(path, xml_chunks):
    """A Word file whose word/document.xml is the concatenation of `xml_chunks` (streamed)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            for chunk in xml_chunks:
                entry.write(chunk)
    return path


def paragraphs(text, count):
    head = f'<w:document xmlns:w="{WORD}"><w:body>'.encode()
    paragraph = f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()
    yield head
    for _ in range(count // 1000):
        yield paragraph * 1000
    yield b"</w:body></w:document>"


def pdf(path, streams):
    """A PDF file of one page per content stream in `streams` (bytes, compressed with Flate)."""
    import zlib

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(streams)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(streams)} >>".encode())
    font = "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>"
    for i, content in enumerate(streams):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R"
            f" /Resources {font} >>".encode()
        )
        packed = zlib.compress(content, 9)
        objects.append(
            f"<< /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode()
            + packed
            + b"\nendstream"
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def lying_docx(path, real_size):
    """A Word file whose document.xml inflates to `real_size` bytes but whose headers say 1,000."""
    docx(path, [b" " * real_size])
    data = bytearray(path.read_bytes())
    # Local header: uncompressed size at offset 22; central directory entry: at offset 24.
    # Written without zip64 (the size fits), so the 32-bit fields hold the sizes.
    assert data[:4] == b"PK\x03\x04"
    struct.pack_into("<I", data, 22, 1000)
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)
    path.write_bytes(bytes(data))
    return path


def inputs(folder):
    """(name, xxgk arguments, input file or None, stdin file or None)."""
    f = pathlib.Path(folder)
    yield "64 MiB of `|`", ["import"], write(f / "pipes.txt", b"|" * LIMIT), None
    yield "50 MB, 1,000 pipes a line", ["import"], write(
        f / "pipes-lines.txt", repeat_to(b"|" * 1000 + b"\n", 50_000_000)
    ), None
    yield "50 MB, 1,000 cells a line", ["import"], write(
        f / "cells-lines.txt", repeat_to(b"1 |" * 1000 + b"\n", 50_000_000)
    ), None
    yield "`1\\n` x 32M", ["import"], write(f / "ones.txt", b"1\n" * (32 * MIB)), None
    yield "64 MiB of `1 ` (one line)", ["import"], write(f / "spaced.txt", b"1 " * (32 * MIB)), None
    yield "64 MiB, one line of prose", ["import"], write(
        f / "one-line.txt", repeat_to(PROSE.encode(), LIMIT)
    ), None
    yield "64 MiB, 197,000 lines of prose", ["import"], write(
        f / "prose.txt", repeat_to((PROSE + "\n").encode(), LIMIT)
    ), None
    rows = "".join(f"行政许可{i} | {i} | {i} | {i} |\n" for i in range(1000))
    yield "64 MiB of table rows", ["import"], write(
        f / "rows.txt", repeat_to(rows.encode(), LIMIT)
    ), None
    yield "64 MiB of nested `<table>`", ["import"], write(
        f / "tables.html", repeat_to(b"<table><tr><td>", LIMIT)
    ), None
    yield "64 MiB HTML of cells", ["import"], write(
        f / "cells.html", b"<html><table>" + repeat_to(b"<tr><td>1</td><td>2</td></tr>", LIMIT - 100)
    ), None
    yield ".docx inflating to 255 MiB", ["import"], docx(
        f / "bomb.docx", [b" " * MIB for _ in range(255)]
    ), None
    yield ".docx inflating to 255 MiB, sizes hidden", ["import"], lying_docx(
        f / "lying.docx", 255 * MIB
    ), None
    yield ".docx, 63 MiB of empty paragraphs", ["import"], docx(
        f / "nodes.docx", paragraphs("", 1_500_000)
    ), None
    yield ".docx, 60 MiB of prose paragraphs", ["import"], docx(
        f / "prose.docx", paragraphs(PROSE, 60_000)
    ), None
    yield ".docx, 10,000 nested elements", ["import"], docx(
        f / "deep.docx",
        [
            f'<w:document xmlns:w="{WORD}"><w:body>'.encode(),
            b"<w:sdt>" * 10_000 + b"<w:p/>" + b"</w:sdt>" * 10_000,
            b"</w:body></w:document>",
        ],
    ), None
    yield ".pdf, a stream decompressing to 255 MiB", ["import"], pdf(f / "bomb.pdf", [b" " * (255 * MIB)]), None
    yield ".pdf, 4 pages of 63 MiB each", ["import"], pdf(f / "pages.pdf", [b" " * (63 * MIB)] * 4), None
    glyphs = b"BT /F1 12 Tf 10 10 Td " + b"(xxxxxxxxxx) Tj 0 -1 Td " * 400_000 + b"ET"
    yield ".pdf, 4 million glyphs", ["import"], pdf(f / "glyphs.pdf", [glyphs]), None
    yield "check /dev/zero", ["check"], pathlib.Path("/dev/zero"), None
    yield "check --max-file-size 1e11 /dev/zero", ["check", "--max-file-size", "100000000000"], pathlib.Path("/dev/zero"), None
    yield "check - < /dev/zero", ["check"], None, pathlib.Path("/dev/zero")
    big_value = b'{"edition": "2021", "report_year": "' + b"x" * (60 * MIB) + b'"}'
    yield "check, a 60 MiB bad value", ["check", "--format", "sarif"], write(f / "value.json", big_value), None
    # Real reports repeated to just under the cell limit: the whole importer runs on them.
    root = pathlib.Path(__file__).resolve().parents[1]
    for name, source, copies in [
        ("the seed text x 150", "tests/corpus/seeds/000_baa04b3ed7a09fb6.txt", 150),
        ("a layout text (pdftotext -layout) x 300", "tests/corpus/layout/101.txt", 300),
        ("a Word-pasted page x 200", "tests/fixtures/import/html-2021-word-pasted.html", 200),
    ]:
        data = (root / source).read_bytes() * copies
        yield name, ["import"], write(f / f"copies{pathlib.Path(source).suffix}", data), None


def inflated(path):
    if path.suffix == ".pdf":
        return LIMIT  # content streams are decompressed up to the limit in all
    if path.suffix != ".docx":
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.getinfo("word/document.xml").file_size
    except zipfile.BadZipFile:
        return None


def measure(binary, args, path, stdin):
    command = ["/usr/bin/time", "-v", binary, *args, "-q", str(path) if path else "-"]
    with open(stdin or os.devnull, "rb") as given:
        run = subprocess.run(
            command, stdin=given, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120
        )
    stderr = run.stderr.decode("utf-8", "replace")
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr).group(1))
    status = re.search(r"Exit status: (\d+)", stderr)
    signal = re.search(r"Command terminated by signal (\d+)", stderr)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", stderr).group(1)
    codes = re.findall(r"\b([XSAIMNYT]\d{3})\b", stderr)
    outcome = f"signal {signal.group(1)}" if signal else f"exit {status.group(1)}"
    return peak_kb * 1024, outcome, wall, sorted(set(codes))


def main(binary):
    failures = 0
    print("| input | size | peak RSS | bound | outcome | wall | codes |")
    print("|---|---:|---:|---:|---|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, args, path, stdin in inputs(folder):
            size = path.stat().st_size if path and path.is_file() else LIMIT + 1
            inflated_size = inflated(path) if path else None
            read = min(max(size, inflated_size or 0), LIMIT + 1)
            bound = 10 * read + 100_000_000
            try:
                peak, outcome, wall, codes = measure(binary, args, path, stdin)
            except subprocess.TimeoutExpired:
                print(f"| {name} | | | | TIMEOUT | > 120 s | |")
                failures += 1
                continue
            within = peak <= bound and not outcome.startswith("signal") and int(outcome.split()[-1]) <= 2
            failures += not within
            shown = f"{size / MIB:.2f} MiB" if path and path.is_file() else "stream"
            if inflated_size is not None:
                shown += f" ({inflated_size / MIB:.0f} MiB inflated)"
            print(
                f"| {name} | {shown} | {peak / MIB:.0f} MiB | {bound / MIB:.0f} MiB"
                f"{'' if within else ' **OVER**'} | {outcome} | {wall} | {' '.join(codes)} |",
                flush=True,
            )
            if path and path.parent == pathlib.Path(folder):
                path.unlink()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "target/release/xxgk"))
