"""Reports in the shapes people actually collect them: do they read to the same cells?

Run: ``python benchmarks/bench_fidelity.py [--repeat N] [--quiet]`` (exit status 1
when a target is missed).

For every seed report (tests/fixtures/seeds/*.txt with its .expected.json) and,
when ../shared/corpus is present, every corpus report (its .txt and its .pdf), the
original file is read, then each wild shape made from it (issue 13):

* text shapes (`tests.shapes`), made from the file's text (a PDF's text is its
  extracted lines): the page on one line, its lines joined by spaces or by nothing,
  headings misnumbered, site chrome before the title, a crawler's page.txt;
* encodings of the same text: GB18030, UTF-16 with its BOM, UTF-8 with a BOM and
  CRLF line ends;
* the original's reading rendered (`gkreport.render`) to an HTML page declared
  GB2312 (``<meta http-equiv … charset=gb2312>``) and encoded as GB18030, which is
  GB2312's byte-for-byte superset (a character outside GB2312 is written as such
  pages carry it), and to Markdown, plain and with each converter defect of
  `tests.converter` (`DEFECTS`; `LOSSY` ones lose cells on purpose);
* the published page (the rendering without the renderer's own field and note
  lists) as HTML; opened in LibreOffice Calc and saved as .xlsx (a workbook
  pasted from a web page) and in Writer saved as .docx (only where LibreOffice is
  installed); printed to PDF by Chromium (only where Chromium is installed).

Each shape is written to a file and read with `gkreport.load`, as a user would.
Its cells, and its agency, year and kind, are compared with the original's
reading, cell by cell: *equal*;
*ambiguous* — blank where the original has a value, with a note of kind
``"unread"`` on the cell or its row (the reader saw the row but could not place
its values with certainty and says so); or **wrong** — anything else (another
value, or a blank without such a note), each listed loudly at the end. A file that
cannot be read counts its cells as neither equal nor ambiguous. Targets: every
file read, every cell equal or ambiguous, no wrong cell.

Timing: each shape's read time (the best of ``--repeat`` rounds of CPU time)
against the original's, measured in the same run on the same files, as the ratio
of the sums; text and PDF originals apart, since a PDF read costs far more than
any text. The original's reading itself is compared with the hand-checked values
(a line of its own), so a wild shape is measured against a reader that is right.
"""

from __future__ import annotations

import argparse
import codecs
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import gkreport
from gkreport._readers import soffice
from gkreport._readers.pdf import extract_lines

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the shapes and reference data live with the tests
from tests import converter, shapes  # noqa: E402
from tests.reference import CORPUS, SEEDS, cell_values, expected_values, report_cells  # noqa: E402
from tests.shapes import SHAPES  # noqa: E402
from tests.test_render import chromium  # noqa: E402

#: The declaration of old Chinese pages, in place of the renderer's ``<meta charset>``.
GB2312_META = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"/>'
_META = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)


@dataclass
class Source:
    """One original report: its file, its text, its reading and the hand-checked cells."""

    name: str
    path: Path
    text: str
    report: gkreport.Report
    expected: dict[str, object]
    seconds: float = 0.0

    @property
    def is_pdf(self) -> bool:
        return self.path.suffix == ".pdf"


@dataclass
class Tally:
    """What one shape made of every original."""

    files: int = 0
    read: int = 0
    cells: int = 0
    equal: int = 0
    ambiguous: int = 0
    seconds: dict[bool, float] = field(default_factory=lambda: {False: 0.0, True: 0.0})
    wrong: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)


# --- the shapes -------------------------------------------------------------------------

Shape = Callable[[Source], tuple[str, bytes]]  # the file's suffix and bytes


def _text(reshape: Callable[[str], str]) -> Shape:
    return lambda source: (".txt", reshape(source.text).encode("utf-8"))


def _html_gb2312(source: Source) -> tuple[str, bytes]:
    page = gkreport.render.render(source.report, "html")
    declared, count = _META.subn(GB2312_META, page, count=1)
    if count != 1:
        msg = "the rendered page has no <meta charset=utf-8> to re-declare"
        raise RuntimeError(msg)
    return ".html", declared.encode("gb18030")


def _markdown(damage: Callable[[str], str]) -> Shape:
    def shape(source: Source) -> tuple[str, bytes]:
        return ".md", damage(gkreport.render.render(source.report, "md")).encode("utf-8")

    return shape


def _pasted_workbook(source: Source) -> tuple[str, bytes]:
    """The published page opened in (or pasted into) a spreadsheet and saved as .xlsx."""
    page = shapes.published_page(source.report)
    with tempfile.TemporaryDirectory() as scratch:
        html = Path(scratch) / "page.html"
        html.write_text(page, encoding="utf-8")
        with soffice.converted(
            html, "xlsx", as_suffix=".html", infilter=shapes.PASTED_PAGE_FILTER
        ) as workbook:
            return ".xlsx", workbook.read_bytes()


def _published_html(source: Source) -> tuple[str, bytes]:
    """The page as an agency's site publishes it: no field list, no reader's notes."""
    return ".html", shapes.published_page(source.report).encode("utf-8")


def _published_via(target: str, suffix: str) -> Shape:
    """The published page opened in LibreOffice Writer and saved as ``target``."""

    def shape(source: Source) -> tuple[str, bytes]:
        with tempfile.TemporaryDirectory() as scratch:
            html = Path(scratch) / "page.html"
            html.write_text(shapes.published_page(source.report), encoding="utf-8")
            with soffice.converted(
                html, target, as_suffix=".html", infilter="HTML (StarWriter)"
            ) as converted:
                return suffix, converted.read_bytes()

    return shape


def _printed_by_browser(source: Source) -> tuple[str, bytes]:
    """The published page printed to PDF by Chromium, as a reader saves a page."""
    with tempfile.TemporaryDirectory() as scratch:
        html = Path(scratch) / "page.html"
        html.write_text(shapes.published_page(source.report), encoding="utf-8")
        pdf = Path(scratch) / "page.pdf"
        chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", html.as_uri(), profile=scratch)
        return ".pdf", pdf.read_bytes()


#: The shapes that lose cells on purpose (a blank with an ``unread`` note is their honest answer).
LOSSY_SHAPES = frozenset(f"Markdown: {name}" for name in converter.LOSSY)
#: The shapes made from the published page: no renderer's field or note list, so what a
#: reading keeps only as notes (the text before part 一, a group-only row) is not in them.
PUBLISHED_SHAPES = frozenset(
    {
        "HTML as published",
        "workbook pasted from the page",
        "Word saved from the page",
        "PDF printed by a browser",
    }
)


def wild_shapes() -> dict[str, Shape]:
    """Every wild shape by name (the office and browser ones where those programs are installed).

    The findings benchmark (``bench_findings.py``) reads the same shapes.
    """
    names = {
        "spaces": "one line",
        "nothing": "one line, cells joined by nothing",
        "misnumbered": "misnumbered headings",
        "chrome": "site chrome before the title",
        "crawled": "crawled page.txt",
    }
    found: dict[str, Shape] = {"text as is": _text(lambda text: text)}
    found |= {names.get(key, key): _text(reshape) for key, reshape in SHAPES.items()}
    found |= {
        "GB18030": lambda s: (".txt", s.text.encode("gb18030")),
        "UTF-16 with BOM": lambda s: (".txt", s.text.encode("utf-16")),
        "UTF-8 BOM + CRLF": lambda s: (
            ".txt",
            codecs.BOM_UTF8 + s.text.replace("\n", "\r\n").encode("utf-8"),
        ),
        "HTML declared GB2312": _html_gb2312,
        "HTML as published": _published_html,
        "Markdown as rendered": _markdown(lambda md: md),
    }
    defects = {**converter.DEFECTS, **converter.LOSSY}
    found |= {f"Markdown: {name}": _markdown(damage) for name, damage in defects.items()}
    if shutil.which(soffice.PROGRAM):
        found["workbook pasted from the page"] = _pasted_workbook
        found["Word saved from the page"] = _published_via("docx", ".docx")
    else:
        print(f"({soffice.PROGRAM} is not installed: no pasted-workbook shape)")
    if shutil.which("chromium") or shutil.which("chromium-browser"):
        found["PDF printed by a browser"] = _printed_by_browser
    else:
        print("(chromium is not installed: no browser-printed PDF shape)")
    return found


# --- reading and comparing ------------------------------------------------------------------


def sources() -> Iterator[Source]:
    """The originals: the seeds, then the corpus texts and PDFs that have hand-checked values."""
    for path in sorted(SEEDS.glob("*.txt")):
        expected = SEEDS / f"{path.stem}.expected.json"
        if expected.is_file():
            values = cell_values(gkreport._json.read_json(expected))
            yield _source(path.stem, path, path.read_text("utf-8"), values)
    if not CORPUS.is_dir():
        print(f"(the real-report corpus is not at {CORPUS}: seeds only)")
        return
    for path in sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("*.pdf")]):
        name = path.name.split(".")[0]
        if not (CORPUS / f"{name}.expected.json").is_file():
            continue
        if path.suffix == ".pdf":
            text = "\n".join(line.text for line in extract_lines(path))
        else:
            text = path.read_text("utf-8")
        yield _source(path.name, path, text, expected_values(name))


def _source(name: str, path: Path, text: str, expected: dict[str, object]) -> Source:
    return Source(name, path, text, gkreport.load(path), expected)


def timed(path: Path, repeat: int) -> tuple[gkreport.Report, float]:
    """The reading of ``path`` and the best CPU time of ``repeat`` reads."""
    best = float("inf")
    report = None
    for _ in range(max(repeat, 1)):
        start = time.process_time()
        report = gkreport.load(path)
        best = min(best, time.process_time() - start)
    assert report is not None
    return report, best


#: The metadata each shape must keep: a report without them skips the checks that need them.
FIELDS = ("agency", "year", "kind")


def _fields(report: gkreport.Report) -> dict[str, object]:
    return {f"/{field}": getattr(report, field) for field in FIELDS}


def _unread(report: gkreport.Report) -> list[str]:
    return [note.path for note in report.notes if note.kind == "unread"]


def _covered(pointer: str, paths: list[str]) -> bool:
    return any(pointer == path or pointer.startswith(path + "/") for path in paths)


def _other_note(report: gkreport.Report, pointer: str) -> str:
    """The first plain note on the cell or its row, to show why it is blank."""
    for note in report.notes:
        if note.kind != "unread" and _covered(pointer, [note.path]) and note.path:
            return f" (a note: {note.message or note.raw})"
    return ""


def compare(source: Source, report: gkreport.Report, tally: Tally, shape: str) -> None:
    """Add one shape's reading of one original to ``tally``, listing every wrong cell."""
    original = {**report_cells(source.report), **_fields(source.report)}
    got = (
        {**report_cells(report), **_fields(report)} if report.format == source.report.format else {}
    )
    unread = _unread(report)
    tally.cells += len(original)
    for pointer, value in original.items():
        mine = got.get(pointer)
        if pointer in got and mine == value:
            tally.equal += 1
        elif pointer in got and mine is None and _covered(pointer, unread):
            tally.ambiguous += 1
        else:
            if not got:
                why = f"format {report.format}, not {source.report.format}"
            elif mine is None:
                why = "blank, no unread note" + _other_note(report, pointer)
            else:
                why = f"read {mine!r}"
            tally.wrong.append(f"{shape} | {source.name} {pointer}: original {value!r}, {why}")


def run(repeat: int) -> tuple[list[Source], dict[str, Tally]]:
    """Every shape of every original, read and compared."""
    originals = list(sources())
    for source in originals:
        source.report, source.seconds = timed(source.path, repeat)
    shapes = wild_shapes()
    tallies = {name: Tally() for name in shapes}
    with tempfile.TemporaryDirectory() as scratch:
        for name, shape in shapes.items():
            tally = tallies[name]
            for source in originals:
                tally.files += 1
                suffix, data = shape(source)
                path = Path(scratch) / f"{source.path.stem}{suffix}"
                path.write_bytes(data)
                try:
                    report, seconds = timed(path, repeat)
                except gkreport.GkreportError as exc:
                    tally.unreadable.append(f"{name} | {source.name}: {exc}")
                    tally.cells += len(report_cells(source.report)) + len(FIELDS)
                    continue
                tally.read += 1
                tally.seconds[source.is_pdf] += seconds
                compare(source, report, tally, name)
    return originals, tallies


# --- the report -----------------------------------------------------------------------------


def _ratio(tally: Tally, originals: list[Source], pdf: bool) -> str:
    base = sum(s.seconds for s in originals if s.is_pdf is pdf)
    return f"{tally.seconds[pdf] / base:7.2f}x" if base else "      —"


def _exactness(originals: list[Source]) -> str:
    """How many hand-checked cells the originals' readings give."""
    equal = total = 0
    for source in originals:
        mine = report_cells(source.report)
        total += len(source.expected)
        equal += sum(mine.get(p) == v for p, v in source.expected.items())
    return f"{equal}/{total}"


def report(originals: list[Source], tallies: dict[str, Tally], *, quiet: bool) -> bool:
    """Print the table and every wrong cell; True when every target is met."""
    texts = sum(not s.is_pdf for s in originals)
    pdfs = len(originals) - texts
    print(
        f"originals: {texts} text, {pdfs} PDF; their readings give "
        f"{_exactness(originals)} hand-checked cells"
    )
    text_time = sum(s.seconds for s in originals if not s.is_pdf)
    pdf_time = sum(s.seconds for s in originals if s.is_pdf)
    print(f"original read time (best CPU): text {text_time:.3f} s, PDF {pdf_time:.3f} s")
    width = max(len(name) for name in tallies)
    print(
        f"{'shape':<{width}}  files read   cells equal   ambiguous  wrong   time/orig text    PDF"
    )
    met = True
    for name, tally in tallies.items():
        equal = tally.equal / tally.cells if tally.cells else 1.0
        print(
            f"{name:<{width}}  {tally.read:>4}/{tally.files:<4} {tally.read / tally.files:5.0%}"
            f"  {equal:9.2%}  {tally.ambiguous:6}  {len(tally.wrong):6}"
            f"  {_ratio(tally, originals, False)} {_ratio(tally, originals, True)}"
        )
        met &= tally.read == tally.files and not tally.wrong
        met &= tally.equal + tally.ambiguous == tally.cells
    unreadable = [line for tally in tallies.values() for line in tally.unreadable]
    wrong = [line for tally in tallies.values() for line in tally.wrong]
    if unreadable:
        print(f"\nFILES NOT READ ({len(unreadable)}):")
        for line in unreadable:
            print(f"  {line}")
    if wrong:
        print(f"\n!!! WRONG CELLS ({len(wrong)}): a value other than the original's !!!")
        for line in wrong[: None if not quiet else 20]:
            print(f"  WRONG {line}")
        if quiet and len(wrong) > 20:
            print(f"  … and {len(wrong) - 20} more (run without --quiet)")
    else:
        print("\nno wrong cell")
    print("targets: 100% of files read, 100% of cells equal or ambiguous, 0 wrong:", end=" ")
    print("met" if met else "MISSED")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed reads per file (best kept)")
    parser.add_argument("--quiet", action="store_true", help="list at most 20 wrong cells")
    args = parser.parse_args(argv)
    originals, tallies = run(args.repeat)
    return 0 if report(originals, tallies, quiet=args.quiet) else 1


if __name__ == "__main__":
    sys.exit(main())
