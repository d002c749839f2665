"""The building blocks of a format's tables: cells, rows, groups and the format itself.

`gkreport._forms.layout` writes the two official formats with these types, and a
format registered at run time (`gkreport._forms.registry`) is built of the same
ones, so every reader, check and generator walks one kind of tree.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

import attrs

__all__ = ["Block", "Cell", "Format", "Group", "Kind", "Leaf", "Node", "Part", "Row"]


class Kind(enum.Enum):
    """What a cell holds; decides its Python type, schema and Excel validation."""

    COUNT = "count"  #: a whole number >= 0 (件)
    SIGNED = "signed"  #: a whole number that may be negative (2019 本年增/减)
    MONEY = "money"  #: a decimal >= 0 in 万元, kept exactly
    TEXT = "text"  #: printed as-is, e.g. the 2019 采购总金额 with no unit


@attrs.frozen
class Cell:
    """One value of the form: its id within its row and its column label."""

    id: str
    label: str
    kind: Kind = Kind.COUNT
    aliases: tuple[str, ...] = ()


@attrs.frozen
class Row:
    """One printed row of a table: a label and its cells.

    ``model`` names the attrs class generated for it; rows of the same shape
    share one class (every row of the applications matrix is an
    ``ApplicantCounts``).
    """

    id: str
    label: str
    cells: tuple[Cell, ...]
    model: str
    aliases: tuple[str, ...] = ()


@attrs.frozen
class Group:
    """Rows (or groups) nested under a label that carries no values itself."""

    id: str
    label: str
    children: tuple[Row | Group, ...]
    model: str
    aliases: tuple[str, ...] = ()


Node = Row | Group


@attrs.frozen
class Block:
    """A captioned sub-table of section 二 (第二十条第（一）项 …)."""

    caption: str
    rows: tuple[str, ...]  # row ids under ``proactive``


@attrs.frozen
class Part:
    """One of the six parts of the report (条例第五十条)."""

    id: str
    label: str
    aliases: tuple[str, ...] = ()


@attrs.frozen
class Leaf:
    """A cell in context: its path from the report root and the labels above it."""

    path: tuple[str, ...]
    cell: Cell
    row_labels: tuple[str, ...]  # the section, then each group, then the row

    @property
    def dotted(self) -> str:
        """``applications.new.total``: the cell name used in FORMAT.md."""
        return ".".join(self.path)

    @property
    def pointer(self) -> str:
        """``/applications/new/total``: the JSON pointer into a report."""
        return "/" + "/".join(self.path)

    @property
    def label(self) -> str:
        """The official row labels, then the column label: what a reader of the form sees."""
        return " ".join(self.row_labels[1:]) + " × " + self.cell.label


@attrs.frozen
class Format:
    """One format: its notice, the years it covers, its tables and what sets it apart.

    ``features`` name what the rules and readers depend on (`gkreport._forms.features`),
    so that a rule says what it needs instead of which format ids it knows, and a
    format registered later gets every rule whose needs it meets. ``report_class``
    is the import path (``module:Name``) of the generated report class; a format
    without one gets a class built from its tree at run time
    (`gkreport._forms.registry.report_class`).
    """

    id: str
    notice: str
    proactive: Group
    applications: Group
    appeals: Group
    blocks: tuple[Block, ...]
    markers: tuple[str, ...]  # strings that only this format prints (FORMAT.md §4.3)
    first_year: int | None = None  #: the first report year it is the format of; None: none
    last_year: int | None = None  #: the last one; None: every later year too
    features: frozenset[str] = frozenset()
    report_class: str | None = None

    def covers(self, year: int) -> bool:
        """True when a report for ``year`` is to use this format."""
        if self.first_year is None or year < self.first_year:
            return False
        return self.last_year is None or year <= self.last_year

    def has(self, *features: str) -> bool:
        """True when this format has every one of ``features``."""
        return self.features.issuperset(features)

    @property
    def sections(self) -> tuple[Group, Group, Group]:
        """The three tabulated sections, in the order of the report (二, 三, 四)."""
        return (self.proactive, self.applications, self.appeals)

    def leaves(self) -> Iterator[Leaf]:
        """Every cell of every table, in printed order."""
        for section in self.sections:
            yield from _leaves(section, (section.id,), (section.label,))

    def node(self, path: tuple[str, ...] | str) -> Node:
        """The row or group at ``path`` (dotted string or tuple of ids)."""
        ids = tuple(path.split(".")) if isinstance(path, str) else path
        node: Node = {s.id: s for s in self.sections}[ids[0]]
        for part in ids[1:]:
            if not isinstance(node, Group):
                msg = f"{'.'.join(ids)}: {node.id} has no children"
                raise KeyError(msg)
            node = {child.id: child for child in node.children}[part]
        return node

    def row(self, path: tuple[str, ...] | str) -> Row:
        """The printed row at ``path``; `KeyError` where the path names a group or nothing."""
        node = self.node(path)
        if not isinstance(node, Row):
            msg = f"{path}: a group, not a row"
            raise KeyError(msg)
        return node

    def rows(self, section: Group) -> Iterator[tuple[tuple[str, ...], Row, tuple[str, ...]]]:
        """Every printed row of ``section`` with its path and the labels above it."""
        yield from _rows(section, (section.id,), (section.label,))


def _rows(
    group: Group, path: tuple[str, ...], labels: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Row, tuple[str, ...]]]:
    for child in group.children:
        if isinstance(child, Row):
            yield (*path, child.id), child, (*labels, child.label)
        else:
            yield from _rows(child, (*path, child.id), (*labels, child.label))


def _leaves(group: Group, path: tuple[str, ...], labels: tuple[str, ...]) -> Iterator[Leaf]:
    for row_path, row, row_labels in _rows(group, path, labels):
        for cell in row.cells:
            yield Leaf((*row_path, cell.id), cell, row_labels)
