"""Opens the page of `xxgk summary` in headless Chromium: it loads from disk with no console
message (no error, nothing it fails to fetch or run), its rendered DOM has the charts, and a
screenshot is taken for a person to look at (target/summary/summary-zh.png, …-en.png).

The corpus: conformance/documents/, the real pages of tests/corpus/raw/ imported by `xxgk
import` (with provenance), and a generated corpus.

Usage: python tests/python/check_summary_page.py target/debug/xxgk [CHROMIUM]
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main():
    xxgk = str(Path(sys.argv[1]).resolve())
    chromium = sys.argv[2] if len(sys.argv) > 2 else shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        sys.exit("chromium not found (Debian: apt-get install chromium)")
    work = Path(tempfile.mkdtemp(prefix="xxgk-summary-"))
    corpus = work / "corpus"
    shutil.copytree(ROOT / "conformance/documents", corpus / "examples")
    subprocess.run([xxgk, "generate", "--count", "300", "--seed", "11", "--out", str(corpus / "generated")], check=True, capture_output=True)
    subprocess.run([xxgk, "import", str(ROOT / "tests/corpus/raw"), "--out", str(corpus / "imported")], capture_output=True)
    shots = ROOT / "target" / "summary"
    shots.mkdir(parents=True, exist_ok=True)
    failures = []
    for lang in ["zh", "en"]:
        page = work / f"summary-{lang}.html"
        result = subprocess.run([xxgk, "summary", str(corpus), "--out", str(page), "--lang", lang], capture_output=True, text=True)
        if result.returncode not in (0, 1) or not page.exists():
            sys.exit(f"xxgk summary exited {result.returncode}: {result.stderr}")
        url = page.as_uri()
        common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr", "--v=0", f"--user-data-dir={work / 'profile'}"]
        dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, text=True, timeout=120)
        consoles = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
        if consoles:
            failures.append(f"{lang}: console messages: {consoles[:3]}")
        charts = len(re.findall(r'<svg class="chart"', dom.stdout))
        if charts < 7:
            failures.append(f"{lang}: {charts} charts in the rendered page, 7 or more expected")
        for heading in (["检查结论", "各规则的诊断", "最常空缺的单元格", "办理结果构成"] if lang == "zh" else ["Verdicts", "Diagnostics per rule"]):
            if heading not in dom.stdout:
                failures.append(f"{lang}: {heading} not rendered")
        shot = shots / f"summary-{lang}.png"
        shot.unlink(missing_ok=True)
        subprocess.run(common + ["--hide-scrollbars", "--window-size=900,4200", f"--screenshot={shot}", url], capture_output=True, timeout=120)
        if not shot.exists() or shot.stat().st_size < 20_000:
            failures.append(f"{lang}: no screenshot")
        else:
            print(f"summary ({lang}): {charts} charts, no console message; screenshot {shot.relative_to(ROOT)}")
    shutil.rmtree(work)
    if failures:
        for failure in failures:
            print("FAIL:", failure)
        sys.exit(1)


if __name__ == "__main__":
    main()
