"""What the grid reader has read so far, and the few ways a unit may add to it.

Each table's reader (二, 三, 四, the metadata, the text parts, the notes sheet)
finds its cells its own way but records them the same way, through a
`Collector`: a value with its cell and its parsed notes, a note, a row or table
not found, a cell used. The cells used are what the leftover pass skips, so a
cell is either read, the form's own text, or a note: never dropped.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence

import attrs

from gkreport._forms.layout import Cell, Group, Kind, Row
from gkreport._model import Note, NoteKind
from gkreport._readers.grid.cells import Grid, cell_name, is_blank, raw_text, row_name
from gkreport._readers.grid.form import table_rows
from gkreport._readers.grid.index import Hit
from gkreport._readers.grid.spans import Span
from gkreport._vocabulary import Parsed, parse_value
from gkreport._workbook_map import column_letter

__all__ = ["Collector", "Planned", "Reading", "planned"]


def _parse(raw: object, kind: Kind) -> Parsed:
    """A value parsed by kind, remembered (`_parsed`).

    A workbook's values repeat within it and from one file to the next (the type is in
    the key: 1, 1.0 and True are equal keys but parse differently).
    """
    try:
        return _parsed((type(raw), raw), kind)
    except TypeError:  # a value that cannot be a key is parsed each time
        return parse_value(raw, kind)


@functools.lru_cache(maxsize=16384)
def _parsed(typed: tuple[type, object], kind: Kind) -> Parsed:
    return parse_value(typed[1], kind)


@attrs.frozen
class Planned:
    """The values a plan reads from one sheet, and what `Collector.take` works out for them.

    The template's plan (`gkreport._readers.grid.template`) reads the same ~200 cells
    of every filled template, so what `take` would work out per cell from the plan
    alone (each cell's name, the pointers of its row, its position) is worked out
    here once, in the plan's order, and `Collector.take_planned` adds it at once.
    """

    #: Each value in turn: pointer, kind, cell, and the values of its kind parsed so far.
    each: tuple[tuple[str, Kind, tuple[int, int], dict[tuple[type, object], Parsed]], ...]
    sources: Mapping[str, str]
    positions: Mapping[str, tuple[str, int, int]]
    #: The cells read, as `Collector.claimed` holds them.
    cells: frozenset[tuple[str, int, int]]
    #: The pointers of each row's values, as `Collector.row_pointers` holds them.
    rows: Mapping[tuple[str, int], frozenset[str]]


def planned(sheet: str, values: Sequence[tuple[str, Kind, int, int]]) -> Planned:
    """The ``values`` (pointer, kind, row, column) to read from ``sheet``, in that order."""
    rows: dict[tuple[str, int], set[str]] = defaultdict(set)
    for pointer, _, row, _ in values:
        if parent := pointer.rsplit("/", 1)[0] or pointer:  # as `Collector.claim` takes it
            rows[(sheet, row)].add(parent)
    return Planned(
        each=tuple((p, kind, (row, column), _parsed_of(kind)) for p, kind, row, column in values),
        sources={pointer: cell_name(sheet, row, column) for pointer, _, row, column in values},
        positions={pointer: (sheet, row, column) for pointer, _, row, column in values},
        cells=frozenset((sheet, row, column) for _, _, row, column in values),
        rows={key: frozenset(pointers) for key, pointers in rows.items()},
    )


#: The most values of one kind `take_planned` keeps parsed; then it starts again.
_MOST_PARSED = 16384


@functools.cache
def _parsed_of(kind: Kind) -> dict[tuple[type, object], Parsed]:
    """The values of ``kind`` parsed so far by `take_planned`, by type and value (as `_parsed`).

    A dict of its own per kind, held by the plan: looking a cell up costs no hash of the
    kind (an enum's hash runs in Python).
    """
    return {}


@attrs.define
class Reading:
    """What was read: values by JSON pointer, where each came from, and notes."""

    format_id: str
    values: dict[str, object] = attrs.field(factory=dict)
    sources: dict[str, str] = attrs.field(factory=dict)
    positions: dict[str, tuple[str, int, int]] = attrs.field(factory=dict)  # sheet, row, column
    notes: list[Note] = attrs.field(factory=list)
    tables_found: list[str] = attrs.field(factory=list)


class Collector:
    """The `Reading` being built, and the cells used so far."""

    def __init__(self, format_id: str) -> None:
        self.reading = Reading(format_id)
        #: Cells the reader used, as (sheet, row, column); the rest may become notes.
        self.claimed: set[tuple[str, int, int]] = set()
        #: The pointers of what each sheet row held, for the path of a note beside them.
        self.row_pointers: dict[tuple[str, int], set[str]] = defaultdict(set)

    def claim(self, grid: Grid, row: int, column: int, pointer: str = "") -> None:
        """Mark a cell as read (so it is no leftover), and what its row holds."""
        self.claimed.add((grid.name, row, column))
        if pointer:
            self.row_pointers[(grid.name, row)].add(pointer)

    def claim_hit(self, hit: Hit) -> None:
        """Mark a label cell as read."""
        self.claim(hit.grid, hit.row, hit.column)

    def take(self, pointer: str, kind: Kind, grid: Grid, row: int, column: int) -> None:
        """Read the value at ``pointer`` from a cell, parsed by kind; a remark is a note."""
        raw = grid.at(row, column)
        location = cell_name(grid.name, row, column)
        self.claim(grid, row, column, pointer.rsplit("/", 1)[0] or pointer)
        parsed = _parse(raw, kind)
        if kind is Kind.TEXT and raw is None and grid.holds_empty_text(row, column):
            parsed = attrs.evolve(parsed, value="")  # an empty text, not a blank
        self.reading.values[pointer] = parsed.value
        self.reading.sources[pointer] = location
        self.reading.positions[pointer] = (grid.name, row, column)
        if parsed.note:
            self.note(pointer, raw_text(raw), location, parsed.note)

    def take_planned(self, grid: Grid, plan: Planned) -> None:
        """`take` of each value of ``plan`` in turn, from ``grid`` (the plan's sheet).

        What `take` records of a cell besides its value (its name, position, the
        claim and its row's pointer) is the plan's own (`Planned`), added at once;
        each value is then parsed exactly as `take` parses it, in the same order.
        """
        reading = self.reading
        reading.sources.update(plan.sources)
        reading.positions.update(plan.positions)
        self.claimed.update(plan.cells)
        row_pointers = self.row_pointers
        for row_key, pointers in plan.rows.items():
            row_pointers[row_key].update(pointers)
        cells, values, sources = grid.cells, reading.values, plan.sources
        for pointer, kind, cell, known in plan.each:
            raw = cells.get(cell)
            try:
                parsed = known[(type(raw), raw)]
            except KeyError:
                parsed = parse_value(raw, kind)
                if len(known) >= _MOST_PARSED:
                    known.clear()
                known[(type(raw), raw)] = parsed
            except TypeError:  # a value that cannot be a key is parsed each time
                parsed = parse_value(raw, kind)
            if kind is Kind.TEXT and raw is None and grid.holds_empty_text(*cell):
                parsed = attrs.evolve(parsed, value="")  # an empty text, not a blank
            values[pointer] = parsed.value
            if parsed.note:
                self.note(pointer, raw_text(raw), sources[pointer], parsed.note)

    def put(self, pointer: str, value: object, source: str) -> None:
        """A value read some other way than by kind (metadata, a text part), with its cell."""
        self.reading.values[pointer] = value
        self.reading.sources[pointer] = source

    def note(
        self, path: str, raw: str, source: str | None, message: str, kind: NoteKind | None = None
    ) -> None:
        """Something the form has no place for, kept with where it was."""
        self.reading.notes.append(
            Note(path=path, raw=raw, source=source, message=message, kind=kind)
        )

    def found_table(self, section: Group) -> None:
        """Record that a table of the form was recognised."""
        self.reading.tables_found.append(section.id)

    def missing(self, pointer: str, label: str, cells: Sequence[Cell], what: str) -> None:
        """A row or block not found: its cells read as blank, with a note."""
        for cell in cells:
            self.reading.values.setdefault(f"{pointer}/{cell.id}", None)
        self.note(pointer, "", None, f"{what} {label} not found: read as blank")

    def missing_table(self, section: Group) -> None:
        """A table not found: every cell blank, one note."""
        for row, pointer in table_rows(section):
            for cell in row.cells:
                self.reading.values[f"{pointer}/{cell.id}"] = None
        self.note(f"/{section.id}", "", None, f"table {section.label} not found: read as blank")

    def read_row(
        self,
        pointer: str,
        row_node: Row,
        grid: Grid,
        row: int,
        columns: Mapping[str, int],
        *,
        note_missing: bool = False,
        spans: Mapping[str, Span] | None = None,
    ) -> None:
        """Take a row's cells from ``columns``; a column not found reads as blank.

        ``note_missing`` adds a note per missing column, for tables (二, 四) whose
        columns are found row by row or block by block rather than once for the whole
        table: the row was found, so the cell is not blank but unknown (``unread``).
        ``spans`` are the headers wider than their column (`spans.header_spans`):
        a value off its header's first column is read from the span.
        """
        for cell in row_node.cells:
            leaf = f"{pointer}/{cell.id}"
            if cell.id in columns:
                column = columns[cell.id]
                if spans and cell.id in spans:
                    column = self._in_span(
                        leaf, grid, row, column, span=spans[cell.id], columns=columns
                    )
                self.take(leaf, cell.kind, grid, row, column)
            else:
                self.reading.values[leaf] = None
                if note_missing:
                    where = row_name(grid.name, row)
                    message = f"column {cell.label} not found: value not read"
                    self.note(leaf, "", where, message, kind="unread")

    def _in_span(
        self,
        leaf: str,
        grid: Grid,
        row: int,
        column: int,
        *,
        span: Span,
        columns: Mapping[str, int],
    ) -> int:
        """The column of the value under a wide header: its own, else the one value in its span.

        Several values under one header are no guess: the header's own (blank)
        column is read, and the values are kept in one note.
        """
        if not is_blank(grid.at(row, column)):
            return column
        owned = set(columns.values())
        found = [
            c
            for c in range(span[0], span[1] + 1)
            if c not in owned and not is_blank(grid.at(row, c))
        ]
        if len(found) == 1:
            return found[0]
        if found:
            where = f"{cell_name(grid.name, row, found[0])}:{column_letter(found[-1])}{row}"
            raw = "\t".join(raw_text(grid.at(row, c)) for c in found)
            for c in found:
                self.claim(grid, row, c, leaf.rsplit("/", 1)[0])
            self.note(leaf, raw, where, "several values under one header: none read")
        return column

    def keep_cell(self, path: str, grid: Grid, row: int, column: int, message: str) -> None:
        """A non-blank cell the form has no place for, as a note (and used)."""
        value = grid.at(row, column)
        if value is not None and value != "":
            self.claim(grid, row, column, path)
            self.note(path, raw_text(value), cell_name(grid.name, row, column), message)
