"""How wide a column header is, so a value off its header's first column is still read.

A table pasted from a web page keeps the page's column spans: a header such as
本年增/减 merged across K:T has its value at P34, not K34. So a header heads
every column of its merged range; without a merge, a header followed by blank
cells up to the next header heads those too (the merge was lost, not the
layout). The last header of a row has no next header to bound it and heads
its own column only (a remarks column further right is no value of it). A
span never reaches a column another header of the same table owns.

The value under a header is then its own column's when that holds one, else
the one non-blank cell under the rest of the span. Two or more there would be
a guess, so none is read (`Collector.read_row` says so in a note).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gkreport._readers.grid.cells import MAX_RIGHT, Grid, is_blank

__all__ = ["Span", "header_spans"]

#: The first and last column a header heads.
Span = tuple[int, int]


def header_spans(grid: Grid, headers: Mapping[str, tuple[int, int]]) -> dict[str, Span]:
    """Each header's columns, by id: ``headers`` gives each one's (row, column).

    Only headers wider than their own column are listed.
    """
    owned = {column for _, column in headers.values()}
    spans: dict[str, Span] = {}
    for cell_id, (row, column) in headers.items():
        last = _last_column(grid, row, column, owned)
        if last > column:
            spans[cell_id] = (column, last)
    return spans


def _last_column(grid: Grid, row: int, column: int, owned: Iterable[int]) -> int:
    """The last column the header at ``(row, column)`` heads (``column`` when only its own)."""
    limit = min((c for c in owned if c > column), default=column + MAX_RIGHT + 1) - 1
    merged_end = grid.merge_end(row, column)[1]
    if merged_end > column:
        return min(merged_end, limit)
    covered = _covered_columns(grid, row)
    for col in range(column + 1, min(limit, column + MAX_RIGHT) + 1):
        if not is_blank(grid.at(row, col)) or col in covered:
            return col - 1  # the next header (a cell of text, or one merged from above)
    # no next header in the row: its own column only, unless another header bounds it
    return limit if limit < column + MAX_RIGHT else column


def _covered_columns(grid: Grid, row: int) -> set[int]:
    """The columns of ``row`` that a merged range starting in another cell covers.

    Asked for each header of each table, so kept per merged ranges and row (the
    ranges held, so that their ``id`` is not reused while kept).
    """
    key = (id(grid.merged), row)
    kept = _COVERED.get(key)
    if kept is not None and kept[0] is grid.merged:
        return kept[1]
    covered: set[int] = set()
    for (top, left), (bottom, right) in grid.merged.items():
        if top <= row <= bottom:
            covered.update(c for c in range(left, right + 1) if (top, c) != (row, left))
    if len(_COVERED) >= _MOST_KEPT:
        _COVERED.clear()
    _COVERED[key] = (grid.merged, covered)
    return covered


_COVERED: dict[tuple[int, int], tuple[Mapping[tuple[int, int], tuple[int, int]], set[int]]] = {}
_MOST_KEPT = 4096
