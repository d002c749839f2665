"""Reports parsed per second on one core, against a bare read-and-normalise pass.

Run: ``python benchmarks/bench_parse.py`` (exit status 1 below the target).

The baseline, measured in the same run on the same files, decodes each file and
normalises every line (pinyin, OpenCC t2s, NFKC): the least any text reader must
do, so the ratio shows what the parsing itself costs. Files: the seed reports in
tests/fixtures/seeds and, when ../shared is present, the PDF-extracted corpus
texts. Each figure is the best of several rounds of CPU time, to keep other
processes on the machine out of it. The parser memoises label keys and cell
readings (table lines repeat within and across reports); a second figure empties
those caches before every file.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from gkreport._readers.text import read
from gkreport._readers.text.cells import line_cells
from gkreport._readers.text.normalize import label_key, normalize_line, read_cell
from gkreport._readers.text.parse import _formats_marked
from gkreport._readers.text.parts import _outline, heading_of

ROOT = Path(__file__).resolve().parents[1]
TARGET = 200  # reports per second (issue 5)
ROUNDS = 12


def files() -> list[Path]:
    found = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))
    corpus = ROOT.parent / "shared" / "corpus"
    if corpus.is_dir():
        found += sorted(corpus.glob("*.txt"))
    return found


def baseline(path: Path) -> None:
    for line in path.read_text("utf-8").splitlines():
        normalize_line(line)


def best_rate(work: Callable[[Path], object], paths: list[Path], seconds: float = 0.3) -> float:
    """Files per second: the best of ROUNDS rounds of at least ``seconds`` each."""
    for path in paths:
        work(path)  # warm caches and imports
    best = 0.0
    for _ in range(ROUNDS):
        done, start = 0, time.process_time()
        while (elapsed := time.process_time() - start) < seconds:
            for path in paths:
                work(path)
            done += len(paths)
        best = max(best, done / elapsed)
    return best


def read_cold(path: Path) -> None:
    """`read` with every memo cache emptied first: no line or label seen before."""
    for cache in (label_key, read_cell, line_cells, _formats_marked, heading_of, _outline):
        cache.cache_clear()
    read(path)


def main() -> int:
    paths = files()
    bare = best_rate(baseline, paths)
    parsed = best_rate(read, paths)
    cold = best_rate(read_cold, paths)
    print(f"files: {len(paths)} ({sum(p.stat().st_size for p in paths) / 1024:.0f} KiB), one core")
    print(f"baseline read + normalise:   {bare:8.1f} files/s")
    print(f"gkreport._readers.text.read:          {parsed:8.1f} reports/s  (target >= {TARGET})")
    print(f"  with caches emptied:       {cold:8.1f} reports/s")
    print(f"parse time / baseline time:  {bare / parsed:8.2f}x  (cold {bare / cold:.2f}x)")
    return 0 if parsed >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
