"""Linear cost: time and memory against input size, for pages and for series of years.

Issue 17 asks that time and memory grow at most linearly with the input (the hard
limits that stop a hostile input belong to `gkreport.Limits`). Measured here, each in
the same run as its own smaller size, so the baseline of every figure is the input
one step down:

* a published page at 1x, 10x and 100x its size (a seed report whose part 一 is its
  own prose repeated), read by ``gkreport.parse_text``;
* the same page as HTML with a table of junk rows after the report, at 1x, 10x, 100x;
* the same page as Markdown with a pipe table of junk rows after it, at 1x, 10x, 100x;
* the same page as a Word document with a table of junk rows after it, its last
  column one cell merged down the whole table, at 1x, 10x, 100x, read by
  ``gkreport.load`` (size: KiB of its ``word/document.xml``; only where python-docx,
  the ``gkreport[docx]`` extra, is installed; the memory traced is Python's, not
  lxml's tree of the document);
* one agency's series of 2, 10 and all the years `layout.YEARS` holds (up to 100),
  checked by ``gkreport.validate_series`` (one report alone has nothing to compare).
  Its unit is the pair of consecutive years compared, the series' work: n reports
  are n - 1 pairs, so per report two reports would cost half a pair each and ten
  nine tenths: a rise of up to 1.8x from 2 to 10 reports, with no more work per pair.

For each step it prints CPU time (the best of three runs) and peak traced memory
per unit of input (per KiB of page, per pair of years of the series) and their
ratio to the step below. Target: no ratio above 1.25 (linear, with room for
noise); the exit status is 1 otherwise.

    python benchmarks/bench_linear.py
"""

from __future__ import annotations

import copy
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import gkreport
from gkreport._forms import layout
from gkreport._json import read_json

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))[0]
EXAMPLE = sorted((ROOT / "examples").glob("*.json"))[0]
TARGET = 1.25  # most a unit may cost at one step, times its cost one step down
PAGE_SCALES = (1, 10, 100)
_OVERVIEW = layout.PARTS[1].label  # part 一's prose ends where part 二's heading starts


def page(scale: int) -> str:
    """The seed page with the prose before part 二 repeated ``scale`` times."""
    text = SEED.read_text("utf-8")
    cut = text.index(_OVERVIEW[2:]) if _OVERVIEW[2:] in text else len(text) // 3
    cut = text.rfind("\n", 0, cut)
    prose = text[text.index("\n", len(text) // 50) : cut]
    return text[:cut] + prose * (scale - 1) + text[cut:]


def html_page(scale: int) -> str:
    """The seed page as HTML paragraphs, then a table of ``40 * scale`` junk rows."""
    paragraphs = "".join(f"<p>{line}</p>" for line in SEED.read_text("utf-8").splitlines())
    rows = "".join(f"<tr><td>附表{i}</td><td>{i}</td><td>备注</td></tr>" for i in range(40 * scale))
    return f"<html><body>{paragraphs}<table>{rows}</table></body></html>"


def junk_rows(scale: int) -> list[tuple[str, str, str]]:
    """The ``40 * scale`` rows of the junk table after the report."""
    return [(f"附表{i}", str(i), "备注") for i in range(40 * scale)]


def markdown_page(scale: int) -> str:
    """The seed page, then a pipe table of ``40 * scale`` junk rows."""
    rows = "".join(f"| {' | '.join(row)} |\n" for row in junk_rows(scale))
    return f"{SEED.read_text('utf-8')}\n\n| 表 | 数 | 注 |\n|---|---|---|\n{rows}"


def word_document(scale: int, path: Path) -> float:
    """The seed page as a .docx at ``path``, then a table of ``40 * scale`` junk rows.

    The table's last column is one cell merged down all its rows (python-docx
    resolved such a merge by searching every row above). Returns the KiB of
    ``word/document.xml``.
    """
    import docx  # noqa: PLC0415 - the optional gkreport[docx] extra
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    document = docx.Document()
    for line in SEED.read_text("utf-8").splitlines():
        document.add_paragraph(line)
    rows = junk_rows(scale)
    table = document.add_table(rows=len(rows), cols=3)
    for number, (tr, texts) in enumerate(zip(table._tbl.tr_lst, rows, strict=True)):
        for column, (tc, text) in enumerate(zip(tr.tc_lst, texts, strict=True)):
            if column == 2:
                tc.get_or_add_tcPr().vMerge_val = "continue" if number else "restart"
            if column < 2 or not number:
                Paragraph(tc.p_lst[0], table).add_run(text)
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        return archive.getinfo("word/document.xml").file_size / 1024


def series(count: int) -> list[gkreport.Report]:
    """One agency's reports for ``count`` consecutive years (the example, re-dated)."""
    base = read_json(EXAMPLE)
    reports = []
    for year in layout.YEARS[:count]:
        data = copy.deepcopy(base)
        data["year"] = year
        data["title"] = None
        data["published_on"] = None
        reports.append(gkreport.from_dict(data))
    return reports


def measure(action: Callable[[], object], rounds: int = 3) -> tuple[float, int]:
    """Best CPU seconds of ``rounds`` runs, and the peak traced memory of one run."""
    action()
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        action()
        best = min(best, time.process_time() - started)
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak


def steps(name: str, unit: str, cases: list[tuple[float, Callable[[], object]]]) -> bool:
    """Print each step's cost per unit and its ratio to the step below; True when linear."""
    print(f"{name}:")
    below: tuple[float, float] | None = None
    linear = True
    for size, action in cases:
        seconds, peak = measure(action)
        per = (seconds / size, peak / size)
        line = f"  {size:8.1f} {unit}: {seconds * 1000:9.1f} ms, peak {peak / 2**20:7.1f} MiB"
        line += f"  ({per[0] * 1e3:.2f} ms and {per[1] / 1024:.0f} KiB per {unit})"
        if below is not None:
            ratios = (per[0] / below[0], per[1] / below[1])
            line += f"  x{ratios[0]:.2f} time, x{ratios[1]:.2f} memory per {unit}"
            linear = linear and max(ratios) <= TARGET
        print(line)
        below = per
    return linear


def main() -> int:
    texts = {s: page(s) for s in PAGE_SCALES}
    pages = [(len(t.encode()) / 1024, lambda t=t: gkreport.parse_text(t)) for t in texts.values()]
    marked = {s: html_page(s) for s in PAGE_SCALES}
    htmls = [(len(t.encode()) / 1024, lambda t=t: gkreport.parse_text(t)) for t in marked.values()]
    piped = [markdown_page(s) for s in PAGE_SCALES]
    markdowns = [(len(t.encode()) / 1024, lambda t=t: gkreport.parse_text(t)) for t in piped]
    years = min(100, len(layout.YEARS))
    reports = {count: series(count) for count in (2, 10, years)}
    runs = [(c - 1.0, lambda c=c: gkreport.validate_series(reports[c])) for c in reports]
    results = [
        steps("text page (parse_text)", "KiB", pages),
        steps("HTML page with a junk table (parse_text)", "KiB", htmls),
        steps("Markdown page with a junk pipe table (parse_text)", "KiB", markdowns),
        words(),
        steps("series (validate_series)", "pair", runs),
    ]
    verdict = "meets" if all(results) else "misses"
    print(f"{verdict} the target: cost per unit at most {TARGET}x the step below")
    return 0 if all(results) else 1


def words() -> bool:
    """The Word case (`word_document`), or a line saying why it is skipped."""
    try:
        import docx  # noqa: F401, PLC0415 - the optional gkreport[docx] extra
    except ModuleNotFoundError:
        print("Word document with a junk table: skipped (python-docx is not installed)")
        return True
    with tempfile.TemporaryDirectory() as scratch:
        cases: list[tuple[float, Callable[[], object]]] = []
        for scale in PAGE_SCALES:
            path = Path(scratch) / f"junk-{scale}.docx"
            cases.append((word_document(scale, path), lambda path=path: gkreport.load(path)))
        return steps("Word document with a junk table, one column merged (load)", "KiB", cases)


if __name__ == "__main__":
    sys.exit(main())
