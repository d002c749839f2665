"""Read a published report from a PDF with a text layer (extra ``gkreport[pdf]``).

The text parser (`gkreport._readers.text.parse.read_lines`) reads lines; this module
turns each PDF page into those lines using the page geometry, so that a value
never shifts because of the order in which the PDF happens to store its text:

* narrative text comes out line by line, top to bottom;
* a table found from its ruling lines (pdfplumber) comes out as ONE line per
  table row, its cells separated by tabs in column order. A label wrapped over
  several lines inside its cell is joined, a number printed on a line of its
  own stays in its cell, an empty cell stays an empty cell (plain text would
  drop it and shift every value after it to the left);
* the tall vertical "三、本年度办理结果" cell is left out: it labels a group of
  rows, not a row, and its characters would otherwise arrive one per line;
* page-number lines ("- 4 -") are dropped;
* a table split at a page break is joined back: a group label cut by the break
  ("（四）无" + "法提供") is mended, and header rows repeated on the new page
  are dropped;
* a line outside any ruled table is split into cells where its words are far
  apart (a borderless table), so such rows reach the parser tab-separated too.

Every line remembers its page (``p.3``), and so every value read from it does; a
row of a ruled table also its table and row, and each of its cells its column
(``p.4 table 1 row 6 column 3``): tables are counted from 1 down each page, rows
down the part of the table printed on that page, columns along the grid the
table's ruling lines make (a merged cell is named by its first column), so a
value or a blank names the cell a reader finds on the printed page.

pdfplumber was chosen over pypdf's plain text by measuring: on the three
corpus PDFs both give the 53 hand-checked cells of each report when a
label-anchored reader takes the numbers after each label, but plain text drops
a blank cell ("规章 1 11" for 1 | blank | 11) and so shifts every later value;
on the official tables printed with three blank cells (tests/test_pdf.py) the
cells from the ruling lines read 200 of 200 values right, pypdf's text
through the same parser 10 of 200. The price is time: pdfplumber's text
extraction alone takes about twice pypdf's (``benchmarks/bench_pdf.py``).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from gkreport._errors import ReadError
from gkreport._forms import layout
from gkreport._model import Note, Report
from gkreport._readers import limits
from gkreport._readers.assemble import assemble
from gkreport._readers.dispatch import missing_extra
from gkreport._readers.text.parse import Line, read_lines
from gkreport._vocabulary import COUNT_UNITS, MONEY_UNITS, alternation

if TYPE_CHECKING:  # pdfplumber is optional: imported only when a PDF is read
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF
    from pdfplumber.table import Table

__all__ = ["PdfLine", "extract_lines", "read"]

#: "- 4 -", "— 4 —", "－4－": the page numbers of Chinese official documents.
PAGE_NUMBER = re.compile(r"^[-－—–]\s*\d{1,4}\s*[-－—–]$")
#: A whole number or a decimal as printed in a value cell (thousands separators allowed),
#: maybe followed by a unit that needs no note ("12宗", "1.5万元"): a value, not a label.
NUMBER = re.compile(rf"^[+-]?\d[\d,，]*(?:\.\d+)?(?:{alternation(COUNT_UNITS + MONEY_UNITS)})?$")
#: Two words further apart than this many character widths are in different cells.
CELL_GAP_EM = 2.0
#: Tables on consecutive pages whose left and right edges agree within this
#: many points are one table split by the page break.
SAME_EDGE_PT = 6.0
#: A character that starts this close to a table's edge still overlaps it
#: (punctuation hanging past the right edge of a framed paragraph).
EDGE_PT = 2.0

_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


@attrs.frozen
class PdfLine:
    """One line of a page: narrative text, or a table row with tab-separated cells.

    ``row`` is the table row's place on its page ("table 1 row 6"), empty for a
    line outside every ruled table; ``cells`` is where each tab-separated cell
    was ("p.4 table 1 row 6 column 3"), as `Line.cells` carries it to the parser.
    """

    text: str
    page: int
    row: str = ""
    cells: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        """Where the line was printed: ``p.3``, or ``p.4 table 1 row 6`` for a table row."""
        return f"p.{self.page} {self.row}" if self.row else f"p.{self.page}"

    def as_line(self) -> Line:
        """The line as the parser takes it, with the place of each of its cells."""
        return Line(self.text, self.source, self.cells)


def read(path: str | Path) -> Report:
    """Read a report from a text PDF.

    :raises ReadError: pdfplumber is missing, the file is not a readable PDF,
        it is encrypted, it has no text layer (a scan; OCR is out of scope), or
        it is larger than ``max_file_bytes`` or longer than ``max_pdf_pages``.
    """
    path = Path(path)
    lines, imageonly_pages = _extract(path)
    reading = read_lines([line.as_line() for line in lines], origin=str(path))
    skipped = [
        Note(
            path="",
            raw="",
            source=f"p.{page}",
            message="this page is an image without text (a scan?); its content was not read",
        )
        for page in imageonly_pages
    ]
    return assemble(
        path,
        reading.format_id,
        reading.values,
        notes=[*reading.notes, *skipped],
        sources=reading.sources,
    )


def extract_lines(path: str | Path) -> list[PdfLine]:
    """The lines of every page of a text PDF, as `read` hands them to the parser."""
    return _extract(Path(path))[0]


# --- opening the file and the errors that belong to it -----------------------


def _extract(path: Path) -> tuple[list[PdfLine], list[int]]:
    """Lines of the whole document, and the pages that hold only images."""
    limits.check_file_size(path)
    pdf = _open(path)
    try:
        _check_page_count(path, pdf)
        pages: list[list[_Item]] = []
        imageonly: list[int] = []
        has_text = False
        for page in pdf.pages:
            if page.chars:
                has_text = True
            elif page.images:
                imageonly.append(page.page_number)
            pages.append(_page_items(page))
            page.close()  # drop the page's parsed objects: long reports stay small in memory
        if not has_text:
            _raise_without_text(path, pdf, imageonly, len(pages))
        return list(_lines(_join_split_tables(pages))), imageonly
    except ReadError:
        raise
    except Exception as exc:  # a damaged file can fail deep inside pdfminer
        raise ReadError(path, f"cannot read this PDF ({type(exc).__name__}: {exc})") from exc
    finally:
        _close(pdf)


def _close(pdf: PDF) -> None:
    """Close the file; closing walks the pages again, which a damaged file can fail."""
    try:
        pdf.close()
    except Exception:  # the file's own error, if any, is already being raised
        if not pdf.stream_is_external:
            pdf.stream.close()


def _check_page_count(path: Path, pdf: PDF) -> None:
    """Refuse more than ``max_pdf_pages`` pages, counted before any page is parsed."""
    from pdfminer.pdfpage import PDFPage  # noqa: PLC0415 - loaded by pdfplumber already

    most = limits.current().max_pdf_pages
    count = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), most + 1))
    if count > most:
        raise limits.refused(path, f"more than {most} pages in the PDF", "max_pdf_pages")


def _quiet_pdfminer() -> None:
    """Keep pdfminer's warnings about a PDF's fonts ("Could not get FontBBox …") off stderr.

    They come by the hundred for one browser-printed PDF, tell a user nothing they
    can act on, and the text is read all the same. An application that set
    pdfminer's log level itself keeps its own choice.
    """
    logger = logging.getLogger("pdfminer")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)


def _open(path: Path) -> PDF:
    _quiet_pdfminer()
    try:
        import pdfplumber  # noqa: PLC0415 - optional extra
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect  # noqa: PLC0415
        from pdfplumber.utils.exceptions import PdfminerException  # noqa: PLC0415
    except ModuleNotFoundError as exc:
        raise missing_extra(path, exc.name or "pdfplumber", "pdf") from None
    try:
        return pdfplumber.open(path)
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            msg = "the PDF is encrypted; open it with its password and save an unprotected copy"
            raise ReadError(path, msg) from None
        raise ReadError(path, f"{_unreadable(path)} ({cause})") from None
    except OSError as exc:
        raise ReadError(path, f"cannot open the file ({exc.strerror or exc})") from None


def _unreadable(path: Path) -> str:
    """A file that starts as a PDF does (within its first 1024 bytes) is a damaged PDF."""
    try:
        with path.open("rb") as file:
            head = file.read(1024)
    except OSError:
        head = b""
    return "the PDF is damaged" if b"%PDF-" in head else "not a readable PDF"


def _raise_without_text(path: Path, pdf: PDF, imageonly: Sequence[int], pages: int) -> None:
    if pdf.doc.encryption is not None:
        msg = "the PDF is encrypted and no text could be read from it; save an unprotected copy"
        raise ReadError(path, msg)
    if not pages:  # every PDF has a page: pdfminer found none behind a broken cross-reference table
        msg = "the PDF is damaged: no page could be found in it (a broken cross-reference table?)"
        raise ReadError(path, msg)
    if imageonly:
        msg = (
            "the PDF has no text layer (a scan?); OCR is out of scope: "
            "read it with an OCR tool first, or use the agency's text, Word or Excel version"
        )
        raise ReadError(path, msg)
    raise ReadError(path, "the PDF contains no text")


# --- one page: narrative lines and table rows, top to bottom ------------------


@attrs.frozen
class _Text:
    """A line outside every ruled table; ``cells`` has several entries for a borderless row."""

    page: int
    top: float
    cells: tuple[str, ...]


@attrs.define
class _TableRow:
    """A row as printed on its page: ``table`` and ``row`` count from 1 down that page.

    Both are 0 for a row no reader sees as a table's (text in an invisible frame).
    """

    page: int
    cells: list[str | None]  # None: a position covered by a merged cell
    table: int
    row: int


@attrs.define
class _Table:
    """A ruled table; after `_join_split_tables`, possibly continued over several pages."""

    top: float
    x0: float
    x1: float
    rows: list[_TableRow]


_Item = _Text | _Table


def _page_items(page: Page) -> list[_Item]:
    tables = sorted((t for t in page.find_tables() if len(t.rows) > 0), key=lambda t: t.bbox[1])
    boxes = [t.bbox for t in tables]
    rules = _visible_rules(page)
    items: list[_Item] = []
    number = 0
    for table in tables:
        seen = _seen_rows(table, rules)
        number += any(seen)
        items.append(_table(page, table, number, seen))
    outside = page.filter(lambda obj: not any(_overlaps(obj, box) for box in boxes))
    for line in outside.extract_text_lines(return_chars=True):
        cells = tuple(_word_cells(line["chars"]))
        if len(cells) < 2:
            cells = (line["text"].strip(),)
        if not _is_page_number(" ".join(cells)):
            items.append(_Text(page.page_number, line["top"], cells))
    items.sort(key=lambda item: item.top)
    return items


def _table(page: Page, table: Table, number: int, seen: Sequence[bool]) -> _Table:
    """The ``number``-th table a reader sees down ``page``; its rows numbered as seen."""
    texts = table.extract()
    _fill_uncovered_cells(page, table, texts)
    _hang_punctuation(page, table, texts)
    x0, top, x1, _ = table.bbox
    counted = itertools.accumulate(int(visible) for visible in seen)
    rows = [
        _TableRow(page.page_number, row, number if visible else 0, index if visible else 0)
        for row, visible, index in zip(texts, seen, counted, strict=True)
    ]
    return _Table(top, x0, x1, rows)


def _visible_rules(page: Page) -> list[tuple[float, float, float]]:
    """The vertical rules a reader sees on the page: (x, top, bottom).

    A word processor puts white, unstroked boxes behind text in a frame; their
    edges make table rows for pdfplumber, but nobody sees them, so only a drawn
    line, a stroked box or a coloured fill counts. Vertical rules are used, not
    horizontal ones: the last row before a page break often has no bottom rule,
    while its column rules are always drawn.
    """
    return [
        (edge["x0"], edge["top"], edge["bottom"])
        for edge in page.edges
        if edge["orientation"] == "v"
        and (
            (edge.get("stroke") and not _white(edge.get("stroking_color")))
            or (
                edge.get("object_type") == "rect_edge"
                and edge.get("fill")
                and not _white(edge.get("non_stroking_color"))
            )
        )
    ]


def _white(colour: object) -> bool:
    """A PDF colour that prints nothing on white paper: gray 1, RGB 1 1 1 or CMYK 0 0 0 0."""
    values = colour if isinstance(colour, tuple | list) else (colour,)
    if not values or not all(isinstance(value, int | float) for value in values):
        return False  # a pattern or an unknown space: assume it shows
    if len(values) == 4:
        return all(value == 0 for value in values)
    return all(value == 1 for value in values)


def _seen_rows(table: Table, rules: Sequence[tuple[float, float, float]]) -> list[bool]:
    """Which of the table's rows a visible rule of the table runs beside."""
    x0, _, x1, _ = table.bbox
    inside = [(top, bottom) for x, top, bottom in rules if x0 - EDGE_PT <= x <= x1 + EDGE_PT]
    middles = ((row.bbox[1] + row.bbox[3]) / 2 for row in table.rows)
    return [any(top <= y <= bottom for top, bottom in inside) for y in middles]


def _fill_uncovered_cells(page: Page, table: Table, texts: list[list[str | None]]) -> None:
    """Put text printed inside the table but outside every ruled cell into its cell.

    A cell whose top rule lies on the previous page has no cell box on this one
    (e.g. "信息内容" at the top of a continued table); its characters sit in the
    table's area but in no cell, so they are placed by their position.
    """
    boxes = [cell for row in table.rows for cell in row.cells if cell is not None]
    lefts = sorted({round(box[0], 1) for box in boxes})
    if len(lefts) != len(table.rows[0].cells):
        return
    bounds = [*lefts, table.bbox[2]]
    loose = page.filter(
        lambda obj: (
            obj.get("object_type") == "char"
            and _centre_in(obj, table.bbox)
            and not any(_centre_in(obj, box) for box in boxes)
        )
    )
    if not loose.chars:
        return
    for r, row in enumerate(table.rows):
        _, top, _, bottom = row.bbox
        for c, cell in enumerate(row.cells):
            if cell is None and texts[r][c] is None:
                text = loose.crop((bounds[c], top, bounds[c + 1], bottom)).extract_text()
                texts[r][c] = text or None


def _hang_punctuation(page: Page, table: Table, texts: list[list[str | None]]) -> None:
    """Give back to its row a character hanging past the table's right edge.

    WPS lets a closing "。" or "，" hang into the margin of a framed paragraph;
    its centre then lies outside every cell, so the cell text lacks it. It is
    appended to the last cell of its row when that cell is a single line (in a
    cell of several lines the line it ends is unknown, and it is left out).
    """
    right = table.bbox[2]
    for char in page.chars:
        if not (_overlaps(char, table.bbox) and (char["x0"] + char["x1"]) / 2 > right):
            continue
        middle = (char["top"] + char["bottom"]) / 2
        for r, row in enumerate(table.rows):
            if row.bbox[1] <= middle <= row.bbox[3]:
                last = max((c for c, text in enumerate(texts[r]) if text is not None), default=None)
                text = texts[r][last] if last is not None else None
                if last is not None and text is not None and "\n" not in text.strip():
                    texts[r][last] = text + char["text"]
                break


def _overlaps(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    """The object's middle is level with the box and it reaches into the box's width."""
    if "x0" not in obj or "top" not in obj:
        return False
    middle = (obj["top"] + obj["bottom"]) / 2
    # pdfplumber's objects are untyped dicts (of float coordinates): the comparisons are bool
    overlaps: bool = (
        box[1] <= middle <= box[3] and obj["x0"] < box[2] + EDGE_PT and obj["x1"] > box[0] - EDGE_PT
    )
    return overlaps


def _centre_in(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    inside: bool = box[0] <= x <= box[2] and box[1] <= y <= box[3]  # coordinates are untyped
    return inside


def _word_cells(chars: Sequence[dict[str, Any]]) -> Iterator[str]:
    """Split one text line into cells wherever a gap wider than `CELL_GAP_EM` separates words."""
    cell: list[str] = []
    previous: dict[str, Any] | None = None
    for char in chars:
        if previous is not None and char["x0"] - previous["x1"] > CELL_GAP_EM * char["size"]:
            yield "".join(cell).strip()
            cell = []
        cell.append(char["text"])
        previous = char
    if cell:
        yield "".join(cell).strip()


def _is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text.strip()))


# --- tables split at a page break ---------------------------------------------


def _join_split_tables(pages: Sequence[list[_Item]]) -> Iterator[_Item]:
    """Yield every item once; a table continued on the next page is yielded as one table.

    A table is continued when it is the last thing on its page and the next
    page starts with a table of the same width and column count.
    """
    open_table: _Table | None = None
    for items in pages:
        for index, item in enumerate(items):
            if (
                index == 0
                and isinstance(item, _Table)
                and open_table is not None
                and _continues(open_table, item)
            ):
                _append_continuation(open_table, item)
                continue
            if open_table is not None:
                yield open_table
                open_table = None
            if isinstance(item, _Table):
                open_table = item
            else:
                yield item
        if items and not isinstance(items[-1], _Table) and open_table is not None:
            yield open_table
            open_table = None
    if open_table is not None:
        yield open_table


def _continues(before: _Table, after: _Table) -> bool:
    return (
        abs(before.x0 - after.x0) <= SAME_EDGE_PT
        and abs(before.x1 - after.x1) <= SAME_EDGE_PT
        and len(before.rows[0].cells) == len(after.rows[0].cells)
    )


def _append_continuation(table: _Table, continuation: _Table) -> None:
    rows = continuation.rows
    header = [_squeezed(row.cells) for row in _header_rows(table.rows)]
    while rows and _squeezed(rows[0].cells) in header:
        rows = rows[1:]  # a header row repeated on the new page
    if rows:
        _mend_cut_labels(table.rows, rows[0])
    table.rows.extend(rows)


def _header_rows(rows: Sequence[_TableRow]) -> list[_TableRow]:
    """The rows above the first row that holds a number."""
    header: list[_TableRow] = []
    for row in rows:
        if any(_is_number(cell) for cell in row.cells):
            break
        header.append(row)
    return header


def _mend_cut_labels(rows: list[_TableRow], first: _TableRow) -> None:
    """Join a merged label cell cut by the page break: "（四）无" + "法提供".

    The first row of the continuation holds the tail of a label whose head is
    the lowest label in the same column before the break. They are joined only
    when the head alone is not a label of the form and head + tail is one, so
    a label that merely starts a new group on the new page is left alone.
    """
    for column, tail in enumerate(first.cells):
        if not tail or not tail.strip() or _is_number(tail):
            continue
        for row in reversed(rows):
            head = row.cells[column]
            if head is None:
                continue
            if head.strip() and _squeeze(head) not in _LABELS and _squeeze(head + tail) in _LABELS:
                row.cells[column] = head + tail
                first.cells[column] = None
            break


def _form_labels() -> frozenset[str]:
    labels = {_squeeze(layout.RESULTS_LABEL), _squeeze(layout.OTHER_PROCESSING_LABEL)}
    for form in layout.FORMATS.values():
        for section in form.sections:
            labels.update(_squeeze(label) for label in _tree_labels(section))
    return frozenset(labels)


def _tree_labels(node: layout.Row | layout.Group) -> Iterator[str]:
    yield node.label
    yield from node.aliases
    if isinstance(node, layout.Group):
        for child in node.children:
            yield from _tree_labels(child)


# --- from items to the parser's lines -------------------------------------------


def _lines(items: Iterable[_Item]) -> Iterator[PdfLine]:
    for item in items:
        if isinstance(item, _Text):
            yield PdfLine("\t".join(item.cells), item.page)
        else:
            yield from _table_lines(item)


def _table_lines(table: _Table) -> Iterator[PdfLine]:
    """One line per row: label cells, then value cells from the first column that holds numbers.

    In the label columns an empty cell is dropped (it is the empty part of a
    merged label, or the sub-row label of a row that has none); from the first
    value column on, an empty cell is kept as an empty cell, so that a blank
    value stays in its column. A row made of one merged cell spanning the whole
    table (a caption, or a paragraph printed inside a frame) is narrative text.
    """
    first_value = min(
        (
            column
            for row in table.rows
            if _cell_count(row) > 1
            for column, cell in enumerate(row.cells)
            if _is_number(cell)
        ),
        default=len(table.rows[0].cells),
    )
    for row in table.rows:
        present = [cell for cell in row.cells if cell is not None]
        if len(present) == 1:
            for text in present[0].splitlines():
                if text.strip() and not _is_page_number(text):
                    yield PdfLine(text.strip(), row.page)
            continue
        labels = [
            (column, _clean(cell))
            for column, cell in enumerate(row.cells[:first_value], start=1)
            if cell and cell.strip() and _squeeze(cell) != layout.RESULTS_LABEL
        ]
        values = [
            (column, _clean(cell))
            for column, cell in enumerate(row.cells[first_value:], start=first_value + 1)
            if cell is not None
        ]
        if not any(_is_number(value) for _, value in values):
            values = [cell for cell in values if cell[1]]  # a header row: empty cells say nothing
        if not (labels or values):
            continue
        text = "\t".join(cell for _, cell in labels + values)
        if not row.row:
            yield PdfLine(text, row.page)
            continue
        place = f"table {row.table} row {row.row}"
        where = tuple(f"p.{row.page} {place} column {column}" for column, _ in labels + values)
        yield PdfLine(text, row.page, place, where)


def _cell_count(row: _TableRow) -> int:
    return sum(cell is not None for cell in row.cells)


def _clean(cell: str) -> str:
    """The text of one cell on one line: wrapped lines joined, no spaces beside Chinese."""
    joined = re.sub(r"(?<=[A-Za-z0-9])\n(?=[A-Za-z0-9])", " ", cell.strip())
    return _CJK_SPACE.sub("", joined.replace("\n", "")).strip()


def _is_number(cell: str | None) -> bool:
    return bool(cell) and bool(NUMBER.match(_squeeze(cell or "")))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _squeezed(cells: Sequence[str | None]) -> tuple[str, ...]:
    return tuple(_squeeze(cell) for cell in cells if cell)


_LABELS = _form_labels()
