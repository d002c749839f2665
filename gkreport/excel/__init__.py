"""The Excel workbook: the fill-in template, and reading and writing reports as .xlsx.

`template` draws the official tables 二, 三 and 四 for an agency to fill in, with
data validation, locked labels and live checks; `write` draws the same workbook
with a report's values; `read` reads it back, and also reads workbooks made by
hand, by finding the tables from their labels.

Importing this module loads nothing heavy: openpyxl is imported by the drawing code
(`gkreport.excel._draw`) and the reader (`gkreport._readers.xlsx`) on first use,
so JSON-only users never load it.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING

from gkreport._atomic import write_bytes
from gkreport._forms import layout, registry
from gkreport._model import Report
from gkreport.excel._ooxml import TEMPLATE_VERSION

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["TEMPLATE_VERSION", "read", "template", "write"]


def read(path: str | os.PathLike[str]) -> Report:
    """Read a report from an .xlsx workbook: this package's template or a hand-made one.

    The tables are found by their labels, so moved rows, several tables on one
    sheet, half-width brackets, subtotal rows and numbers typed as text all read.
    Each value remembers its cell in ``report.sources`` ("二三四!I28").

    Nothing is dropped silently: a remark beside a number, a row the form does
    not have, and every other cell that is neither read nor the form's own text
    (a title, a footnote, a remarks column, another sheet) becomes a note with
    its cell, e.g. ``Note("", "注：本表数据截至12月31日", "年报!A40", ...)``.
    An empty text (``""``, e.g. a heading with only a table under it) written by
    `write` reads back as ``""``: the workbook records such cells in a defined name
    (``gkreport.empty_text``); any other blank cell reads as None. A text part or note
    that `write` split over a run of rows (the label merged down it) is joined back.

    :raises ReadError: naming the file (and the cell where it applies) when the
        file is not a readable workbook, holds no table of the report, has a
        formula whose value was never computed, or is beyond one of the limits
        in effect (`gkreport.Limits`; ``gkreport.load(path, limits=...)`` reads
        with others).
    """
    from gkreport._readers import xlsx  # noqa: PLC0415 - openpyxl on first use

    return xlsx.read(path)


# --- writing --------------------------------------------------------------------------------


def template(path: str | os.PathLike[str], format: str = registry.current().id) -> None:
    """Write the blank fill-in workbook for ``format`` (a format id, the current one by default).

    Its sheets: 填报说明 (what goes where, units, blank vs 0, what each live check
    checks, how to validate), 二三四 (the metadata, one verdict over every live check,
    and tables 二, 三 and 四 with their checks), 正文 (the six parts) and 备注 (notes).

    The format ids are those of the registry (`gkreport._forms.registry`). Like every
    file gkreport writes, all at once or not at all (`gkreport._atomic`).
    """
    if format not in layout.FORMATS:
        known = " or ".join(layout.FORMATS)
        msg = f"unknown format {format!r}; expected {known}"
        raise ValueError(msg)
    from gkreport.excel._draw import Drawing  # noqa: PLC0415 - openpyxl on first use

    write_bytes(path, _xlsx(Drawing(format).workbook))


def write(report: Report, path: str | os.PathLike[str]) -> None:
    """Write ``report`` as the template filled in; `read` gives the same report back.

    Text never becomes a formula: every string is stored as a string, and one
    starting with ``= + - @`` is also marked as text (quote prefix) for Excel.
    Every word shows and prints: a narrative part or note longer than one row shows
    (Excel rows stop at 409 points) continues in the rows below, its label merged down
    them, and each row gets the height its text needs; an empty text is recorded in
    the defined name ``gkreport.empty_text``, as its cell looks blank. The footer of
    every page gives the agency, the year and the page number.
    A failure leaves an existing file at ``path`` untouched (`gkreport._atomic`).

    :raises ValueError: a metadata field or table cell longer than one cell holds.
    """
    from gkreport.excel._draw import Drawing  # noqa: PLC0415 - openpyxl on first use

    write_bytes(path, _xlsx(Drawing(report.format, report).workbook))


def _xlsx(workbook: Workbook) -> bytes:
    """The workbook's file, made in memory: openpyxl failing half-way leaves nothing to clean."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
