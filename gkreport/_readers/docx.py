"""Word documents (.docx) into `Line` objects, via python-docx (the ``gkreport[docx]`` extra).

Paragraphs and tables are read in body order. A table row becomes one
tab-separated line holding each cell once: python-docx repeats a merged cell in
every grid position it covers, so a cell already emitted (same underlying
``<w:tc>``) is skipped. Sources are "paragraph N" and "table T row R" (1-based).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from gkreport._errors import ReadError
from gkreport._readers.dispatch import missing_extra
from gkreport._readers.text.lines import Line

__all__ = ["docx_lines"]


def _open(path: Path) -> Any:
    try:
        import docx  # noqa: PLC0415 - an optional extra, loaded only for .docx files
        from docx.opc.exceptions import PackageNotFoundError  # noqa: PLC0415
    except ModuleNotFoundError:
        raise missing_extra(path, "python-docx", "docx") from None
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(path, f"not a readable Word document: {exc}") from None


def docx_lines(path: str | Path) -> list[Line]:
    """The paragraphs and table rows of a .docx file, in reading order.

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


def _lines(document: Any) -> list[Line]:
    from docx.table import Table  # noqa: PLC0415 - loaded by _open already
    from docx.text.paragraph import Paragraph  # noqa: PLC0415

    lines: list[Line] = []
    paragraphs = tables = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            text = Paragraph(element, document).text
            if text.strip():
                lines.append(Line(text, f"paragraph {paragraphs}"))
        elif tag == "tbl":
            tables += 1
            lines.extend(_table_lines(Table(element, document), tables))
    return lines


def _table_lines(table: Any, number: int) -> list[Line]:
    # Holding the <w:tc> elements keeps their Python proxies (and so their ids) alive.
    seen: dict[int, object] = {}
    lines: list[Line] = []
    for row_number, row in enumerate(table.rows, start=1):
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell, already read where it starts
                continue
            seen[id(cell._tc)] = cell._tc
            cells.append(" ".join(cell.text.split("\n")).replace("\t", " "))
        if cells:
            lines.append(Line("\t".join(cells), f"table {number} row {row_number}"))
    return lines
