"""Every label-like cell of every grid, by label key and by row: where the reader looks."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import attrs

from gkreport._readers.grid.cells import Grid
from gkreport._vocabulary import label_key

__all__ = ["MAX_LABEL_LENGTH", "Hit", "Index", "keys"]

#: Labels are short; longer strings are narrative and are not indexed as labels.
MAX_LABEL_LENGTH = 120


@attrs.frozen
class Hit:
    """A short string cell and its label key."""

    grid: Grid
    row: int
    column: int
    key: str


def keys(label: str, aliases: Iterable[str] = ()) -> frozenset[str]:
    """The label keys a label and its aliases match."""
    return _keys(label, tuple(aliases))


@functools.lru_cache(maxsize=4096)
def _keys(label: str, aliases: tuple[str, ...]) -> frozenset[str]:
    # The form's labels, asked for again and again: each table looks its rows up by them.
    return frozenset(label_key(text) for text in (label, *aliases))


#: The key of a cell's text: a workbook's labels repeat within it and from one file to the next.
_cell_key = functools.lru_cache(maxsize=16384)(label_key)


class Index:
    """Every label-like cell of every sheet, by key and by row.

    ``unlabelled`` are grids whose cells are never labels of the form (a table of
    notes: a note's raw text may be "六、其他需要报告的事项", its source beside it
    would read as that part's text); they are in ``grids`` for the readers that
    take whole grids, and not in the lookups.
    """

    def __init__(self, grids: Sequence[Grid], unlabelled: Sequence[Grid] = ()) -> None:
        self.grids = grids
        self.by_key: dict[str, list[Hit]] = defaultdict(list)
        self.by_row: dict[tuple[str, int], list[Hit]] = defaultdict(list)
        skipped = {id(grid) for grid in unlabelled}
        for grid in grids:
            if id(grid) in skipped:
                continue
            for (row, column), value in sorted(grid.cells.items()):
                if isinstance(value, str) and 0 < len(value) <= MAX_LABEL_LENGTH:
                    hit = Hit(grid, row, column, _cell_key(value))
                    self.by_key[hit.key].append(hit)
                    self.by_row[(grid.name, row)].append(hit)

    def first(self, keys: Iterable[str]) -> Hit | None:
        """The first cell (grid, then row, then column) with one of ``keys``."""
        hits = [hit for key in keys for hit in self.by_key.get(key, ())]
        return min(hits, key=_order(self.grids), default=None)

    def all(self, keys: Iterable[str]) -> list[Hit]:
        """Every cell with one of ``keys``, in grid, row, column order."""
        return sorted((h for k in keys for h in self.by_key.get(k, ())), key=_order(self.grids))

    def row(self, grid: Grid, row: int) -> list[Hit]:
        """The label-like cells of one row, left to right."""
        return self.by_row.get((grid.name, row), [])


def _order(grids: Sequence[Grid]) -> Callable[[Hit], tuple[int, int, int]]:
    position = {id(grid): i for i, grid in enumerate(grids)}
    return lambda hit: (position[id(hit.grid)], hit.row, hit.column)
