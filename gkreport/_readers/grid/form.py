"""The form's tables as the grid reader matches them: rows by pointer, labels, headers.

Everything here comes from `gkreport._forms.layout`, never from a sheet's
coordinates, so any grid that prints the form's labels can be read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

from gkreport._forms.layout import Cell, Group, Row
from gkreport._readers.grid.index import Hit, Index, keys
from gkreport._vocabulary import strip_ordinal

__all__ = [
    "MAX_HEADER_DISTANCE",
    "SUBTOTAL_WORDS",
    "RowMatcher",
    "header_keys",
    "header_matches",
    "headers_above",
    "is_header",
    "nodes",
    "table_rows",
]

#: How many rows above a row label its column headers may be.
MAX_HEADER_DISTANCE = 8

#: What a group label may be followed by in one cell when its row is the group's subtotal.
SUBTOTAL_WORDS = frozenset({"小计", "合计", "(小计)", "(合计)"})


def nodes(group: Group, pointer: str) -> Iterator[tuple[Row | Group, str]]:
    """Every row and group under ``group``, depth first, with its JSON pointer."""
    for child in group.children:
        child_pointer = f"{pointer}/{child.id}"
        yield child, child_pointer
        if isinstance(child, Group):
            yield from nodes(child, child_pointer)


def table_rows(section: Group) -> Iterator[tuple[Row, str]]:
    """The rows of a table (no groups), with their JSON pointers."""
    for node, pointer in nodes(section, "/" + section.id):
        if isinstance(node, Row):
            yield node, pointer


def header_keys(cell: Cell) -> frozenset[str]:
    """The label keys a column header may show."""
    return keys(cell.label, cell.aliases)


def header_matches(key: str, cell: Cell) -> bool:
    """A header cell names ``cell``: exactly, or a long header with more words after it."""
    cell_keys = header_keys(cell)
    return key in cell_keys or any(key.startswith(k) for k in cell_keys if len(k) >= 4)


def headers_above(
    index: Index, hit: Hit, cells: Sequence[Cell], matches: Callable[[str, Cell], bool]
) -> dict[str, Hit]:
    """Each of ``cells``' header right of a row label, from the nearest row above with any.

    Empty when no row within `MAX_HEADER_DISTANCE` above holds one of them.
    """
    for row in range(hit.row - 1, max(hit.row - MAX_HEADER_DISTANCE, 0) - 1, -1):
        headers = [h for h in index.row(hit.grid, row) if h.column > hit.column]
        columns: dict[str, Hit] = {}
        for cell in cells:
            match = next((h for h in headers if matches(h.key, cell)), None)
            if match is not None:
                columns[cell.id] = match
        if columns:
            return columns
    return {}


def is_header(key: str, cell: Cell) -> bool:
    """A header cell shows exactly one of ``cell``'s labels."""
    return key in header_keys(cell)


class RowMatcher:
    """Recognises a section's row and group labels, with or without their ordinals."""

    def __init__(self, section: Group) -> None:
        self.exact: dict[str, str] = {}
        bare: dict[str, set[str]] = defaultdict(set)
        self.groups: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        for node, pointer in nodes(section, "/" + section.id):
            self.labels[pointer] = node.label
            for key in keys(node.label, node.aliases):
                self.exact.setdefault(key, pointer)
                bare[strip_ordinal(key)].add(pointer)
                if isinstance(node, Group):
                    self.groups[key] = pointer
        self.bare = {key: next(iter(p)) for key, p in bare.items() if len(p) == 1 and key}
        self.group_keys = sorted(self.groups, key=len, reverse=True)

    def match(self, key: str) -> str | None:
        """The pointer of the row or group a label key names, or None."""
        found = self.exact.get(key) or self.bare.get(strip_ordinal(key))
        if found:
            return found
        for group_key in self.group_keys:  # "（三）不予公开1.属于国家秘密" in one cell
            if key.startswith(group_key) and len(key) > len(group_key):
                rest = key[len(group_key) :]
                return self.groups[group_key] if rest in SUBTOTAL_WORDS else self.match(rest)
        return None

    def is_group(self, pointer: str) -> bool:
        """Whether ``pointer`` is a group's (a subtotal row the form does not have)."""
        return pointer in self.groups.values()
