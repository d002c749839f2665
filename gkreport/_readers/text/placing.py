"""Where the values of a row that lost cells belong, when the form leaves one choice.

A converter that loses a table's column boundaries prints ``| 规章 | 5 | 10 |``
under a header of three value columns: two values, three cells, and nothing in
the row says which cell is missing. Filling from the left would put 10 in 本年废止
件数 — a wrong value, silently. The values keep their printed order, so each
placement is a choice of the cells they stand in; the rest are lost.

The form's own arithmetic can rule placements out: the 总计 of a row of 三 is the
sum of its six applicant columns (F2), the 总计 of a row of 四 the sum of its four
results (F4). A lost cell may hold any count, so a placement fits when *some*
counts for the lost cells keep the sum. When exactly one placement fits, the
values are placed and the lost cells stay blank; otherwise every cell of the row
stays blank, and the note lists what was printed. Nothing is ever guessed, as in
the run-together recovery (`gkreport._readers.text.recover`), whose rules these are.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

__all__ = ["Placement", "place"]

#: Placements tried at most: a row of the form has at most 8 cells, C(8, 4) = 70.
_MAX_PLACEMENTS = 10_000


@attrs.frozen
class Placement:
    """The placements of a short row's values that keep the row's arithmetic."""

    width: int  # cells of the row in the form
    fitting: tuple[tuple[int, ...], ...]  # for each placement: the cell of each value

    @property
    def cells(self) -> tuple[int, ...] | None:
        """The cell of each value when exactly one placement fits, else None."""
        return self.fitting[0] if len(self.fitting) == 1 else None

    def lost(self) -> tuple[int, ...]:
        """The cells left without a value by the one fitting placement (empty otherwise)."""
        cells = self.cells
        if cells is None:
            return ()
        return tuple(cell for cell in range(self.width) if cell not in cells)


def place(values: Sequence[int | None], width: int, *, summed: bool) -> Placement:
    """Every placement of ``values``, in their order, into ``width`` cells that fits.

    ``values`` are the row's printed values: a whole number, or None for anything
    the arithmetic cannot use (a blank, a mark, a remark), which fits any count.
    With ``summed`` the last cell is the sum of the others.
    """
    if len(values) > width:
        return Placement(width, ())
    fitting: list[tuple[int, ...]] = []
    for count, cells in enumerate(itertools.combinations(range(width), len(values))):
        if count >= _MAX_PLACEMENTS:
            break
        if not summed or _keeps_sum(values, cells, width):
            fitting.append(cells)
    return Placement(width, tuple(fitting))


def _keeps_sum(values: Sequence[int | None], cells: tuple[int, ...], width: int) -> bool:
    """Some counts >= 0 in the lost cells make the last cell the sum of the others."""
    last = width - 1
    if last not in cells:
        return True  # the total is lost: it is whatever the parts add up to
    total = values[cells.index(last)]
    if total is None:
        return True  # the total printed is not a number the arithmetic can use
    parts = [value for value, cell in zip(values, cells, strict=True) if cell != last]
    free = len(cells) < width or None in parts
    known = sum(value for value in parts if value is not None)
    return known <= total if free else known == total
