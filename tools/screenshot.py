"""``docs/template-2021.png``: the filled template's tables as LibreOffice prints them.

Writes ``examples/qianxinan-2023.json`` as a workbook (`gkreport.excel.write`), has
LibreOffice recalculate it and print it to PDF (so the live checks and the verdict
show their results), and renders the page holding the tables with ``pdftoppm``
(Debian ``poppler-utils``). Run it after changing the template::

    python tools/screenshot.py [OUT.png]

It needs ``soffice`` and ``pdftoppm`` and ``pdftotext`` on the PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import gkreport
from gkreport import excel
from gkreport._workbook_map import LEGEND

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "qianxinan-2023.json"
OUT = ROOT / "docs" / "template-2021.png"
_RESOLUTION = 80  # pixels per inch: a readable page under 1,000 pixels wide
_TIMEOUT = 180


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        msg = f"{name} is not installed (soffice: LibreOffice; pdftoppm, pdftotext: poppler-utils)"
        raise SystemExit(msg)
    return found


def _pdf(workbook: Path, folder: Path) -> Path:
    """The workbook recalculated and printed to PDF by LibreOffice."""
    soffice = _program("soffice")
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    for target, source, out in (
        ("xlsx:Calc MS Excel 2007 XML", workbook, folder / "computed"),
        ("pdf", folder / "computed" / workbook.name, folder / "pdf"),
    ):
        command = [soffice, profile, "--headless", "--convert-to", target]
        subprocess.run(
            [*command, "--outdir", str(out), str(source)],
            check=True,
            capture_output=True,
            timeout=_TIMEOUT,
        )
    return folder / "pdf" / f"{workbook.stem}.pdf"


def _tables_page(pdf: Path) -> int:
    """The number of the page showing the verdict's legend: the page of the tables."""
    pdftotext = _program("pdftotext")
    page = 1
    while True:
        shown = subprocess.run(
            [pdftotext, "-f", str(page), "-l", str(page), str(pdf), "-"],
            check=False,
            capture_output=True,
            text=True,
        )
        if shown.returncode != 0 or not shown.stdout.strip():
            msg = f"no page of {pdf} shows the legend {LEGEND[-1]}"
            raise SystemExit(msg)
        if LEGEND[-1] in "".join(shown.stdout.split()):
            return page
        page += 1


def screenshot(out: Path = OUT) -> Path:
    """Write the PNG of the filled template's tables to ``out``."""
    pdftoppm = _program("pdftoppm")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        workbook = folder / "filled-2021.xlsx"
        excel.write(gkreport.load(EXAMPLE), workbook)
        pdf = _pdf(workbook, folder)
        page = str(_tables_page(pdf))
        prefix = folder / "page"
        pages = ["-f", page, "-l", page, "-singlefile"]
        subprocess.run(
            [pdftoppm, "-png", "-r", str(_RESOLUTION), *pages, str(pdf), str(prefix)],
            check=True,
            capture_output=True,
            timeout=_TIMEOUT,
        )
        out.write_bytes(prefix.with_suffix(".png").read_bytes())
    return out


def main(argv: list[str]) -> int:
    """Write the screenshot to the path given, or to docs/template-2021.png."""
    path = screenshot(Path(argv[0]) if argv else OUT)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
