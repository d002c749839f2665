"""Word documents (.docx) into `Line` objects, via python-docx (the ``gkreport[docx]`` extra).

The archive is checked against the `Limits` in effect before python-docx opens it
(`gkreport._readers.archive`: size, zip bomb, XML depth, entity declarations), since
python-docx unpacks every part and builds a whole lxml tree of each; whatever
python-docx or lxml still raises on a damaged file becomes a `ReadError`.

Paragraphs and tables are read in body order. A table row becomes one
tab-separated line holding each cell once: a merged cell stands in every grid
position it covers (as python-docx's ``row.cells`` gives them), so a cell already
emitted (same underlying ``<w:tc>``) is skipped. Sources are "paragraph N" and
"table T row R", and each cell of a row is "table T row R column C", C its
position among the row's grid cells (all 1-based). Rows of a table beyond
``max_table_rows`` are not read, and a note says so.

The rows are walked here, not through ``row.cells``: python-docx finds the cell a
vertical merge continues by searching the rows above, again for every row it
covers (a Word table with a column merged down 400 rows took 8 s, one down 1,000
rows exceeded Python's recursion limit), and its releases before 1.2 rebuilt the
whole table's grid for every row. Here each row looks up the cells of the row
above, so a table costs time in proportion to its cells.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gkreport._errors import ReadError
from gkreport._model import Note
from gkreport._readers import limits
from gkreport._readers.archive import DOCX, check_archive, describe
from gkreport._readers.dispatch import missing_extra
from gkreport._readers.text.lines import Line, Page

__all__ = ["docx_lines", "docx_page"]


def _open(path: Path) -> Any:
    try:
        import docx  # noqa: PLC0415 - an optional extra, loaded only for .docx files
    except ModuleNotFoundError:
        raise missing_extra(path, "python-docx", "docx") from None
    check_archive(path, DOCX)
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged file
        raise ReadError(path, f"not a readable Word document ({describe(exc)})") from None


def docx_lines(path: str | Path) -> list[Line]:
    """The paragraphs and table rows of a .docx file, in reading order."""
    return docx_page(path).lines


def docx_page(path: str | Path) -> Page:
    """The lines of a .docx file, and a note on each table cut at ``max_table_rows``.

    :raises ReadError: the file is no Word document or is damaged: a damaged part can
        fail deep inside zipfile, zlib, lxml or python-docx, so any error there is one.
    """
    path = Path(path)
    try:
        return _lines(_open(path))
    except ReadError:
        raise
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"
        raise ReadError(path, f"not a readable Word document ({reason})") from None


def _lines(document: Any) -> Page:
    from docx.text.paragraph import Paragraph  # noqa: PLC0415 - loaded by _open already

    page = Page([], [])
    paragraphs = tables = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            text = Paragraph(element, document).text
            if text.strip():
                page.lines.append(Line(text, f"paragraph {paragraphs}"))
        elif tag == "tbl":
            tables += 1
            _read_table(element, document, tables, page)
    return page


def _read_table(table: Any, document: Any, number: int, page: Page) -> None:
    """Add a table's rows to ``page``, up to ``max_table_rows``; a note for those left.

    ``table`` is the ``<w:tbl>`` element. Each row's cells are those python-docx's
    ``row.cells`` gives, in its order: a ``<w:tc>`` once per grid column it spans,
    and a vertical merge's continuation as the cell where the merge starts.

    :raises ValueError: a continuation with no cell at its grid position in the row
        above (or in the first row), as python-docx raises for it.
    """
    # A continuation is looked up in the row above only (python-docx's own
    # `tc_at_grid_offset`), and that row's cells are already resolved to where
    # their merges start: one step, however long the merge.
    from docx.text.paragraph import Paragraph  # noqa: PLC0415 - loaded by _open already

    most = limits.current().max_table_rows
    # Holding the <w:tc> elements keeps their Python proxies (and so their ids) alive.
    seen: dict[int, object] = {}
    above: Any = None  # the row above (<w:tr>)
    starts: dict[Any, Any] = {}  # each <w:tc> of the row above -> the cell its merge starts in
    for row_number, tr in enumerate(table.tr_lst, start=1):
        if row_number > most:
            page.notes.append(
                Note(
                    path="",
                    raw="",
                    source=f"table {number} row {row_number}",
                    message=f"rows after row {most} of this table were not read"
                    f" (the limit max_table_rows={most})",
                )
            )
            return
        cells: list[str] = []
        where: list[str] = []
        place = f"table {number} row {row_number}"
        column = 0
        here: dict[Any, Any] = {}
        offset = tr.grid_before
        for tc in tr.tc_lst:
            cell = tc
            if tc.vMerge == "continue":
                if above is None:
                    raise ValueError("no tr above topmost tr in w:tbl")
                cell = starts[above.tc_at_grid_offset(offset)]
            here[tc] = cell
            offset += tc.grid_span
            for _ in range(cell.grid_span):
                column += 1
                if id(cell) in seen:  # a merged cell, already read where it starts
                    continue
                seen[id(cell)] = cell
                text = "\n".join(Paragraph(p, document).text for p in cell.p_lst)
                cells.append(" ".join(text.split("\n")).replace("\t", " "))
                where.append(f"{place} column {column}")
        above, starts = tr, here
        if cells:
            page.lines.append(Line("\t".join(cells), place, tuple(where)))
