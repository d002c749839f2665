"""A grid of cells as plain data, and how a cell is named and shown.

A `Grid` is what every source of tables hands to the grid reader: a workbook
sheet today, a table of a web page, a Word or PDF document later. Only values,
their positions and the merged ranges (a header merged across columns heads
all of them), so nothing here depends on openpyxl.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping

import attrs

from gkreport._workbook_map import column_letter

__all__ = ["MAX_RIGHT", "Grid", "cell_name", "is_blank", "raw_text", "right_of", "row_name"]

#: How far to look for a value right of a metadata or text label.
MAX_RIGHT = 20

_PLAIN_SHEET_NAME = re.compile(r"^[\w\u3400-\u9fff]+$")


@attrs.frozen
class Grid:
    """One sheet's cells: ``(row, column) -> value`` (1-based), blank cells left out.

    ``merged`` maps the top-left cell of each merged range (where the range
    keeps its value) to its bottom-right cell. ``empty_texts`` are the ranges
    ``(top, left, bottom, right)`` whose blank cells hold an empty text (``""``),
    as the source recorded them (a gkreport workbook's `EMPTY_TEXT_NAME`); every
    other blank cell is None.
    """

    name: str
    cells: Mapping[tuple[int, int], object]
    merged: Mapping[tuple[int, int], tuple[int, int]] = attrs.field(factory=dict)
    empty_texts: tuple[tuple[int, int, int, int], ...] = ()

    def at(self, row: int, column: int) -> object:
        """The value at ``(row, column)``, None when blank."""
        return self.cells.get((row, column))

    def text_at(self, row: int, column: int) -> object:
        """The value at ``(row, column)``, ``""`` for a blank recorded as an empty text."""
        value = self.cells.get((row, column))
        if value is None and self.holds_empty_text(row, column):
            return ""
        return value

    def holds_empty_text(self, row: int, column: int) -> bool:
        """Whether the cell is in a range recorded as holding an empty text."""
        return bool(self.empty_texts) and any(
            top <= row <= bottom and left <= column <= right
            for top, left, bottom, right in self.empty_texts
        )

    def merge_end(self, row: int, column: int) -> tuple[int, int]:
        """The bottom-right cell of the merged range starting at ``(row, column)`` (else itself)."""
        return self.merged.get((row, column), (row, column))


@functools.lru_cache(maxsize=16384)
def cell_name(sheet: str, row: int, column: int) -> str:
    """``二三四!D17``: a cell as Excel names it (the sheet quoted when it needs it).

    Remembered: a workbook's cells are named again and again, and from one file to the next.
    """
    quoted = sheet if _PLAIN_SHEET_NAME.match(sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{column_letter(column)}{row}"


def row_name(sheet: str, row: int) -> str:
    """``二三四!17:17``: a whole sheet row as Excel names it (for what a row lacks)."""
    return f"{cell_name(sheet, row, 1).rsplit('!', 1)[0]}!{row}:{row}"


def right_of(grid: Grid, row: int, column: int) -> tuple[int, object] | None:
    """The first non-blank cell right of ``column`` in ``row``: its column and value.

    A blank recorded as an empty text (`Grid.empty_texts`) is found, as ``""``.
    """
    for col in range(column + 1, column + 1 + MAX_RIGHT):
        value = grid.text_at(row, col)
        if value is not None and (value != "" or grid.holds_empty_text(row, col)):
            return col, value
    return None


def raw_text(value: object) -> str:
    """A cell's value as the text a note keeps ("12", not "12.0")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def is_blank(value: object) -> bool:
    """Nothing in the cell, or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())
