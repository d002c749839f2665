"""How fast gkreport reads PDF reports, against the bare text extraction of the same files.

    python benchmarks/bench_pdf.py [PDF ...] [--rounds N]

Without arguments it reads the three corpus PDFs in ../shared/corpus. Each
round reads every file once with:

* ``gkreport.load``: pdfplumber tables and text lines, then the text parser;
* the baseline: pdfplumber's bare ``page.extract_text()`` on every page;
* for reference, when pypdf is installed: pypdf's ``extract_text()`` (the
  library the corpus .txt files come from), the other candidate measured
  before pdfplumber was chosen.

It prints PDFs per second (median round) and the ratio to the baseline, all
measured in this run. Target: none of its own (pdfminer's text extraction, which
the baseline pays too, is nearly all the time); the ratio, about 1.15x, is what the
README reports.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pdfplumber

import gkreport

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def plumber_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def pypdf_text(path: Path) -> str:
    import pypdf  # noqa: PLC0415 - optional reference only

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def per_second(read: Callable[[Path], object], paths: Sequence[Path], rounds: int) -> float:
    """PDFs read per second in the median round (one warm-up round first)."""
    for path in paths:
        read(path)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for path in paths:
            read(path)
        times.append(time.perf_counter() - start)
    return len(paths) / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    paths = args.pdfs or sorted(CORPUS.glob("*.pdf"))
    if not paths:
        parser.error(f"no PDF given and none found in {CORPUS}")
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            pages += len(pdf.pages)
    print(f"{len(paths)} PDFs, {pages} pages, median of {args.rounds} rounds")

    baseline = per_second(plumber_text, paths, args.rounds)
    ours = per_second(gkreport.load, paths, args.rounds)
    print(f"  pdfplumber bare text (baseline)  {baseline:7.2f} PDFs/s")
    print(f"  gkreport.load (tables + parse)   {ours:7.2f} PDFs/s   ratio {ours / baseline:.2f}")
    try:
        reference = per_second(pypdf_text, paths, args.rounds)
    except ImportError:
        print("  pypdf not installed: reference line skipped")
    else:
        print(
            f"  pypdf bare text (reference)      {reference:7.2f} PDFs/s"
            f"   ratio {reference / baseline:.2f}"
        )


if __name__ == "__main__":
    main()
