"""Find the official tables in a grid of cells by their labels, wherever they sit.

A workbook made by hand (or pasted from a published web page) keeps the form's
labels but not its coordinates: rows move, tables share a sheet or get one each,
brackets turn half-width, a subtotal row or a 法人或其他组织小计 column appears.
So nothing here trusts a coordinate. Each table is found from its labels: the
applications matrix from its column headers (自然人, 商业企业 …) and row labels,
table 二 from its row labels and the header row above them, table 四 from its
three block labels and their five column headers, in either orientation.

What the form has no place for becomes a `Note` with the cell it came from; a
row that cannot be found reads as blank with a note, never as a neighbour's row.
Every cell the reader did not use and that is not the form's own fixed text (a
label, a header, a live check and its caption) ends as a note too: a title above
a table, a footnote under it, a remarks column, a whole sheet of something else.
The input is plain data (`Grid`: sheet name and cell values), so this module
does not depend on openpyxl and works for any source of tables.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

import attrs

from gkreport._forms import layout
from gkreport._forms.layout import Cell, Group, Kind, Row
from gkreport._model import Note
from gkreport._vocabulary import label_key, parse_value, strip_ordinal
from gkreport._workbook_map import NOTES_HEADER, TEXT_SHEET, column_letter, sheet_layout
from gkreport.excel._livechecks import CORRECT, WRONG, check_label_cells

__all__ = ["Grid", "Reading", "cell_name", "read_grids"]

#: Labels are short; longer strings are narrative and are not indexed as labels.
_MAX_LABEL_LENGTH = 120
#: How far to look for a value right of a metadata or text label.
_MAX_RIGHT = 20
#: How many rows above a row of table 二 its header may be.
_MAX_HEADER_DISTANCE = 8
#: Empty rows that end a table when scanning down.
_MAX_GAP = 6

_SUBTOTAL_MESSAGE = "a subtotal the form does not have: kept as a note, not counted"
_EXTRA_ROW_MESSAGE = "not a row of the form: kept as a note"
_SUBTOTAL_WORDS = frozenset({"小计", "合计", "(小计)", "(合计)"})
_LEGAL_SUBTOTAL_MESSAGE = f"{layout.LEGAL_PERSONS_SUBTOTAL}: not in the form, kept as a note"
_OUTSIDE_MESSAGE = "outside the form's tables: kept as a note"
#: Blank cells that may sit inside one leftover note; a wider gap starts another note.
_MAX_RUN_GAP = 2


@attrs.frozen
class Grid:
    """One sheet's cells: ``(row, column) -> value`` (1-based), blank cells left out."""

    name: str
    cells: Mapping[tuple[int, int], object]

    def at(self, row: int, column: int) -> object:
        """The value at ``(row, column)``, None when blank."""
        return self.cells.get((row, column))


@attrs.define
class Reading:
    """What was read: values by JSON pointer, where each came from, and notes."""

    format_id: str
    values: dict[str, object] = attrs.field(factory=dict)
    sources: dict[str, str] = attrs.field(factory=dict)
    positions: dict[str, tuple[str, int, int]] = attrs.field(factory=dict)  # sheet, row, column
    notes: list[Note] = attrs.field(factory=list)
    tables_found: list[str] = attrs.field(factory=list)


_PLAIN_SHEET_NAME = re.compile(r"^[\w\u3400-\u9fff]+$")


def cell_name(sheet: str, row: int, column: int) -> str:
    """``二三四!D17``: a cell as Excel names it (the sheet quoted when it needs it)."""
    quoted = sheet if _PLAIN_SHEET_NAME.match(sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{quoted}!{column_letter(column)}{row}"


@attrs.frozen
class _Hit:
    """A short string cell and its label key."""

    grid: Grid
    row: int
    column: int
    key: str


def _keys(label: str, aliases: Iterable[str] = ()) -> frozenset[str]:
    return frozenset(label_key(text) for text in (label, *aliases))


class _Index:
    """Every label-like cell of every sheet, by key and by row."""

    def __init__(self, grids: Sequence[Grid]) -> None:
        self.grids = grids
        self.by_key: dict[str, list[_Hit]] = defaultdict(list)
        self.by_row: dict[tuple[str, int], list[_Hit]] = defaultdict(list)
        for grid in grids:
            for (row, column), value in sorted(grid.cells.items()):
                if isinstance(value, str) and 0 < len(value) <= _MAX_LABEL_LENGTH:
                    hit = _Hit(grid, row, column, label_key(value))
                    self.by_key[hit.key].append(hit)
                    self.by_row[(grid.name, row)].append(hit)

    def first(self, keys: Iterable[str]) -> _Hit | None:
        hits = [hit for key in keys for hit in self.by_key.get(key, ())]
        return min(hits, key=_order(self.grids), default=None)

    def all(self, keys: Iterable[str]) -> list[_Hit]:
        return sorted((h for k in keys for h in self.by_key.get(k, ())), key=_order(self.grids))

    def row(self, grid: Grid, row: int) -> list[_Hit]:
        return self.by_row.get((grid.name, row), [])


def _order(grids: Sequence[Grid]) -> object:
    position = {id(grid): i for i, grid in enumerate(grids)}
    return lambda hit: (position[id(hit.grid)], hit.row, hit.column)


def _right_of(grid: Grid, row: int, column: int) -> tuple[int, object] | None:
    """The first non-blank cell right of ``column`` in ``row``: its column and value."""
    for col in range(column + 1, column + 1 + _MAX_RIGHT):
        value = grid.at(row, col)
        if value is not None and value != "":
            return col, value
    return None


def _raw_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return str(value)


class _RowMatcher:
    """Recognises a section's row and group labels, with or without their ordinals."""

    def __init__(self, section: Group) -> None:
        self.exact: dict[str, str] = {}
        bare: dict[str, set[str]] = defaultdict(set)
        self.groups: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        for node, pointer in _nodes(section, "/" + section.id):
            self.labels[pointer] = node.label
            for key in _keys(node.label, node.aliases):
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
                return self.groups[group_key] if rest in _SUBTOTAL_WORDS else self.match(rest)
        return None

    def is_group(self, pointer: str) -> bool:
        return pointer in self.groups.values()


def _nodes(group: Group, pointer: str) -> Iterator[tuple[Row | Group, str]]:
    for child in group.children:
        child_pointer = f"{pointer}/{child.id}"
        yield child, child_pointer
        if isinstance(child, Group):
            yield from _nodes(child, child_pointer)


def _header_keys(cell: Cell) -> frozenset[str]:
    return _keys(cell.label, cell.aliases)


def _header_matches(key: str, cell: Cell) -> bool:
    keys = _header_keys(cell)
    return key in keys or any(key.startswith(k) for k in keys if len(k) >= 4)


@attrs.frozen
class _Matrix:
    """Where the applications matrix is: its sheet, header and value columns."""

    grid: Grid
    header_bottom: int
    first_value: int  # the leftmost value column; labels are left of it
    columns: dict[str, int]  # applicant column id -> sheet column
    subtotal: int | None  # a 法人或其他组织小计 column, if the sheet has one
    headers: tuple[tuple[int, int], ...] = ()  # (row, column) of each header cell found

    @property
    def all_columns(self) -> list[int]:
        """Every column with numbers, the subtotal column included."""
        extra = [self.subtotal] if self.subtotal is not None else []
        return sorted([*self.columns.values(), *extra])


@attrs.frozen
class _Block:
    """Where one block of table 四 keeps its five values."""

    columns: dict[str, int]  # appeal column id -> sheet column
    bottom: int  # the lowest header row
    below: bool  # the form's orientation (values in the row under the headers)


def _why_extra(pointer: str | None, rows: Mapping[str, Row], matcher: _RowMatcher) -> str:
    if pointer in rows:
        return "the row appears twice: the first is read, this one kept as a note"
    if pointer is not None and matcher.is_group(pointer):
        return _SUBTOTAL_MESSAGE
    return _EXTRA_ROW_MESSAGE


class _Reader:
    """Reads one report's tables, metadata, text and notes out of an `_Index`."""

    def __init__(self, index: _Index, format_id: str | None) -> None:
        self.index = index
        self.fmt = layout.get_format(format_id or _detect_format(index))
        self.reading = Reading(self.fmt.id)
        #: Cells the reader used, as (sheet, row, column); the rest may become notes.
        self.claimed: set[tuple[str, int, int]] = set()
        #: The pointers of what each sheet row held, for the path of a note beside them.
        self.row_pointers: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.foreign: dict[str, frozenset[str]] = {
            section.id: self._foreign_keys(section) for section in self.fmt.sections
        }

    def _foreign_keys(self, own: Group) -> frozenset[str]:
        """Labels that end a scan down ``own``: any other table's, any part heading."""
        keys: set[str] = set()
        for section in self.fmt.sections:
            if section is not own:
                keys |= {k for node, _ in _nodes(section, "") for k in _keys(node.label)}
        for part in layout.PARTS:
            keys |= _keys(part.label, part.aliases)
        keys |= {label_key(block.caption) for block in self.fmt.blocks}
        keys |= _keys(layout.REVIEW_HEADER) | _keys(layout.LITIGATION_HEADER)
        return frozenset(keys)

    # --- values --------------------------------------------------------------

    def claim(self, grid: Grid, row: int, column: int, pointer: str = "") -> None:
        """Mark a cell as read (so it is no leftover), and what its row holds."""
        self.claimed.add((grid.name, row, column))
        if pointer:
            self.row_pointers[(grid.name, row)].add(pointer)

    def claim_hit(self, hit: _Hit) -> None:
        self.claim(hit.grid, hit.row, hit.column)

    def take(self, pointer: str, kind: Kind, grid: Grid, row: int, column: int) -> None:
        raw = grid.at(row, column)
        location = cell_name(grid.name, row, column)
        self.claim(grid, row, column, pointer.rsplit("/", 1)[0] or pointer)
        parsed = parse_value(raw, kind)
        self.reading.values[pointer] = parsed.value
        self.reading.sources[pointer] = location
        self.reading.positions[pointer] = (grid.name, row, column)
        if parsed.note:
            self.note(pointer, _raw_text(raw), location, parsed.note)

    def note(self, path: str, raw: str, source: str | None, message: str) -> None:
        self.reading.notes.append(Note(path=path, raw=raw, source=source, message=message))

    def missing(self, pointer: str, label: str, cells: Sequence[Cell], what: str) -> None:
        for cell in cells:
            self.reading.values.setdefault(f"{pointer}/{cell.id}", None)
        self.note(pointer, "", None, f"{what} {label} not found: read as blank")

    # --- table 三 -------------------------------------------------------------

    def applications(self) -> None:
        section = self.fmt.applications
        matrix = self.find_matrix()
        if matrix is None:
            self.missing_table(section)
            return
        self.reading.tables_found.append(section.id)
        self.matrix_headers(section, matrix)
        rows = {pointer: row for row, pointer in _table_rows(section)}
        assigned: dict[str, int] = {}
        extras: list[tuple[int, str, str, list[_Hit]]] = []  # sheet row, path, why, labels
        matcher = _RowMatcher(section)
        for row, pointer, labels, has_values in self.matrix_lines(section, matrix, matcher):
            if pointer in rows and pointer not in assigned:
                assigned[pointer] = row
                for hit in labels:
                    self.claim_hit(hit)
                self.read_row(pointer, rows[pointer], matrix.grid, row, matrix.columns)
                if matrix.subtotal is not None:
                    message = _LEGAL_SUBTOTAL_MESSAGE
                    self.keep_cell(pointer, matrix.grid, row, matrix.subtotal, message)
            elif has_values:
                why = _why_extra(pointer, rows, matcher)
                label = (
                    _raw_text(labels[0].grid.at(labels[0].row, labels[0].column)) if labels else ""
                )
                extras.append((row, pointer or f"/{section.id}", f"row “{label}”: {why}", labels))
        first, last = min(assigned.values(), default=0), max(assigned.values(), default=0)
        for row, path, message, labels in extras:
            # below the table, such a row is left to `leftovers`: it is no extra row of 三
            if first <= row <= last or path != f"/{section.id}":
                self.keep_row(path, matrix, row, message)
                for hit in labels:
                    self.claim_hit(hit)
        for pointer, row_node in rows.items():
            if pointer not in assigned:
                self.missing(pointer, row_node.label, row_node.cells, "row")

    def matrix_headers(self, section: Group, matrix: _Matrix) -> None:
        """Claim the header cells found; a note for each applicant column not found."""
        for row, column in matrix.headers:
            self.claim(matrix.grid, row, column)
        for cell in layout.APPLICANT_COLUMNS:
            if cell.id not in matrix.columns:
                self.note(f"/{section.id}", "", None, f"column {cell.label} not found")

    def find_matrix(self) -> _Matrix | None:
        """The applications matrix's header: which column holds which applicant type.

        自然人 … 法律服务机构 head no other table; of the places they appear, the
        one with the most column headers around it is the matrix (a stray
        "自然人" elsewhere does not capture it).
        """
        anchors = self.index.all(
            k for cell in layout.APPLICANT_COLUMNS[:5] for k in _header_keys(cell)
        )
        candidates = [self.matrix_at(hit) for hit in anchors]
        return max(candidates, key=lambda m: len(m.columns), default=None)

    def matrix_at(self, anchor: _Hit) -> _Matrix:
        grid = anchor.grid
        rows = range(anchor.row - 2, anchor.row + 3)
        near = [hit for row in rows for hit in self.index.row(grid, row)]
        distinctive = {k for c in layout.APPLICANT_COLUMNS[:5] for k in _header_keys(c)}
        leftmost = min(h.column for h in near if h.key in distinctive) - 1
        found: dict[str, _Hit] = {}
        for cell in layout.APPLICANT_COLUMNS:
            keys = _header_keys(cell)
            taken = {hit.column for hit in found.values()}
            candidates = [
                h for h in near if h.key in keys and h.column >= leftmost and h.column not in taken
            ]
            if candidates:
                found[cell.id] = min(candidates, key=lambda h: (h.column, h.row))
        subtotal_keys = _keys(layout.LEGAL_PERSONS_SUBTOTAL)
        subtotal = next((h for h in near if h.key in subtotal_keys), None)
        headers = [*found.values(), *([subtotal] if subtotal else [])]
        return _Matrix(
            grid=grid,
            header_bottom=max(h.row for h in headers),
            first_value=min(h.column for h in headers),
            columns={cell_id: hit.column for cell_id, hit in found.items()},
            subtotal=subtotal.column if subtotal else None,
            headers=tuple((h.row, h.column) for h in headers),
        )

    def matrix_lines(
        self, section: Group, matrix: _Matrix, matcher: _RowMatcher
    ) -> Iterator[tuple[int, str | None, list[_Hit], bool]]:
        """Each line under the header: row, what its labels name, the labels, whether it has values.

        Stops at a label of another table or part, or after `_MAX_GAP` empty rows.
        """
        grid = matrix.grid
        last = max((r for r, _ in grid.cells), default=0)
        gap = 0
        for row in range(matrix.header_bottom + 1, last + 1):
            labels = sorted(
                (h for h in self.index.row(grid, row) if h.column < matrix.first_value),
                key=lambda h: -h.column,
            )
            has_values = any(grid.at(row, c) not in (None, "") for c in matrix.all_columns)
            if not labels and not has_values:
                gap += 1
                if gap > _MAX_GAP:
                    return
                continue
            gap = 0
            if any(h.key in self.foreign[section.id] for h in labels):
                return
            pointer = next((p for h in labels if (p := matcher.match(h.key))), None)
            yield row, pointer, labels, has_values

    def read_row(
        self,
        pointer: str,
        row_node: Row,
        grid: Grid,
        row: int,
        columns: Mapping[str, int],
        *,
        note_missing: bool = False,
    ) -> None:
        """Take a row's cells from ``columns``; a column not found reads as blank.

        ``note_missing`` adds a note per missing column, for tables (四) whose
        columns are found block by block rather than once for the whole table.
        """
        for cell in row_node.cells:
            leaf = f"{pointer}/{cell.id}"
            if cell.id in columns:
                self.take(leaf, cell.kind, grid, row, columns[cell.id])
            else:
                self.reading.values[leaf] = None
                if note_missing:
                    self.note(leaf, "", None, f"column {cell.label} not found: read as blank")

    def keep_row(self, path: str, matrix: _Matrix, row: int, message: str) -> None:
        """A row the form has no place for, as one note: its seven values in column order.

        One note per row, the values separated by spaces, is what the rule catalog
        reads for a 2021 （六）其他处理 given on its group row only.
        """
        grid = matrix.grid
        columns = [matrix.columns.get(cell.id) for cell in layout.APPLICANT_COLUMNS]
        values = [grid.at(row, c) if c is not None else None for c in columns]
        raw = " ".join("" if v is None else _raw_text(v) for v in values)
        found = [c for c in columns if c is not None]
        for column in found:
            self.claim(grid, row, column, path)
        where = cell_name(grid.name, row, min(found))
        if len(found) > 1:
            where += f":{column_letter(max(found))}{row}"
        self.note(path, raw, where, message)

    def keep_cell(self, path: str, grid: Grid, row: int, column: int, message: str) -> None:
        value = grid.at(row, column)
        if value is not None and value != "":
            self.claim(grid, row, column, path)
            self.note(path, _raw_text(value), cell_name(grid.name, row, column), message)

    def missing_table(self, section: Group) -> None:
        for row, pointer in _table_rows(section):
            for cell in row.cells:
                self.reading.values[f"{pointer}/{cell.id}"] = None
        self.note(f"/{section.id}", "", None, f"table {section.label} not found: read as blank")

    # --- table 二 -------------------------------------------------------------

    def proactive(self) -> None:
        section = self.fmt.proactive
        found_any = False
        pending: list[tuple[str, Row]] = []
        for row_node, pointer in _table_rows(section):
            if self.proactive_row(pointer, row_node):
                found_any = True
            else:
                pending.append((pointer, row_node))
        if not found_any:
            self.missing_table(section)
            return
        self.reading.tables_found.append(section.id)
        for pointer, row_node in pending:
            self.missing(pointer, row_node.label, row_node.cells, "row")

    def proactive_row(self, pointer: str, row_node: Row) -> bool:
        for hit in self.index.all(_keys(row_node.label, row_node.aliases)):
            headers = self.proactive_header(hit, row_node.cells)
            if headers is None:
                continue
            self.claim_hit(hit)
            for cell in row_node.cells:
                leaf = f"{pointer}/{cell.id}"
                if cell.id in headers:
                    self.claim_hit(headers[cell.id])
                    self.take(leaf, cell.kind, hit.grid, hit.row, headers[cell.id].column)
                else:
                    self.reading.values[leaf] = None
                    self.note(leaf, "", None, f"column {cell.label} not found: read as blank")
            return True
        return False

    def proactive_header(self, hit: _Hit, cells: Sequence[Cell]) -> dict[str, _Hit] | None:
        """The header of each cell (its column is the value's), from the nearest header above."""
        for row in range(hit.row - 1, max(hit.row - _MAX_HEADER_DISTANCE, 0) - 1, -1):
            headers = [h for h in self.index.row(hit.grid, row) if h.column > hit.column]
            columns: dict[str, _Hit] = {}
            for cell in cells:
                match = next((h for h in headers if _header_matches(h.key, cell)), None)
                if match is not None:
                    columns[cell.id] = match
            if columns:
                return columns
        return None

    # --- table 四 -------------------------------------------------------------

    def appeals(self) -> None:
        section = self.fmt.appeals
        block_keys = frozenset(k for row in section.children for k in _keys(row.label, row.aliases))
        placed: list[tuple[str, Row, _Hit, _Block]] = []
        absent: list[tuple[str, Row]] = []
        for row_node, pointer in _table_rows(section):
            hits = self.index.all(_keys(row_node.label, row_node.aliases))
            blocks = [(hit, self.appeal_block(hit, block_keys)) for hit in hits]
            # the first place where the label heads at least three of its columns
            best = next(((h, b) for h, b in blocks if len(b.columns) >= 3), None) or next(
                iter(blocks), None
            )
            if best is None:
                absent.append((pointer, row_node))
            else:
                placed.append((pointer, row_node, *best))
        if not placed:
            self.missing_table(section)
            return
        self.reading.tables_found.append(section.id)
        for pointer, row_node in absent:
            self.missing(pointer, row_node.label, row_node.cells, "block")
        below = [block.bottom for *_, block in placed if block.below]
        data_row = max(below, default=0) + 1  # the one data row under every header
        for pointer, row_node, hit, block in placed:
            self.claim_hit(hit)
            row = data_row if block.below else hit.row
            self.read_row(pointer, row_node, hit.grid, row, block.columns, note_missing=True)

    def appeal_block(self, hit: _Hit, block_keys: frozenset[str]) -> _Block:
        """Where a block's five columns are: under its label (the form) or in a row above."""
        below, bottom = self.appeal_columns_below(hit, block_keys)
        if len(below) >= 3:
            return _Block(below, bottom, below=True)
        above = self.appeal_columns_above(hit)
        if len(above) >= len(below):
            return _Block(above, hit.row, below=False)
        return _Block(below, bottom, below=True)

    def appeal_columns_below(
        self, hit: _Hit, block_keys: frozenset[str]
    ) -> tuple[dict[str, int], int]:
        """The form's orientation: the five column headers sit under the block label."""
        later = [
            h.column
            for r in (hit.row, hit.row + 1)
            for h in self.index.row(hit.grid, r)
            if h.key in block_keys and h.column > hit.column
        ]
        bound = min(later, default=hit.column + 2 * len(layout.APPEAL_COLUMNS))
        headers = [
            h
            for r in (hit.row + 1, hit.row + 2)
            for h in self.index.row(hit.grid, r)
            if hit.column <= h.column < bound
        ]
        columns: dict[str, int] = {}
        bottom = hit.row
        for cell in layout.APPEAL_COLUMNS:
            match = min(
                (h for h in headers if h.key in _header_keys(cell)),
                key=lambda h: h.column,
                default=None,
            )
            if match is not None:
                columns[cell.id] = match.column
                bottom = max(bottom, match.row)
        return columns, bottom

    def appeal_columns_above(self, hit: _Hit) -> dict[str, int]:
        """Transposed tables: the blocks are rows, the column headers one row above them."""
        for row in range(hit.row - 1, max(hit.row - _MAX_HEADER_DISTANCE, 0) - 1, -1):
            headers = [h for h in self.index.row(hit.grid, row) if h.column > hit.column]
            columns: dict[str, int] = {}
            for cell in layout.APPEAL_COLUMNS:
                match = next((h for h in headers if h.key in _header_keys(cell)), None)
                if match is not None:
                    columns[cell.id] = match.column
            if columns:
                return columns
        return {}

    # --- metadata, text and notes ---------------------------------------------

    def metadata(self) -> None:
        for field, label, _english in layout.METADATA:
            for hit in self.index.all(_keys(label)):
                found = _right_of(hit.grid, hit.row, hit.column)
                if found is None:
                    continue
                column, raw = found
                location = cell_name(hit.grid.name, hit.row, column)
                self.claim_hit(hit)
                self.claim(hit.grid, hit.row, column, f"/{field}")
                value, problem = _metadata_value(field, raw)
                self.reading.values[f"/{field}"] = value
                self.reading.sources[f"/{field}"] = location
                if problem:
                    self.note(f"/{field}", _raw_text(raw), location, problem)
                break

    def text(self) -> None:
        grids = sorted(self.index.grids, key=lambda g: g.name != TEXT_SHEET)
        for part in layout.PARTS:
            hits = self.index.all(_keys(part.label, part.aliases))
            for hit in sorted(hits, key=lambda h: grids.index(h.grid)):
                found = _right_of(hit.grid, hit.row, hit.column)
                if found is not None and isinstance(found[1], str):
                    pointer = f"/text/{part.id}"
                    self.claim_hit(hit)
                    self.claim(hit.grid, hit.row, found[0], pointer)
                    self.reading.values[pointer] = found[1]
                    self.reading.sources[pointer] = cell_name(hit.grid.name, hit.row, found[0])
                    break

    def notes_sheet(self) -> None:
        header = tuple(label_key(name) for name in NOTES_HEADER)
        for grid in self.index.grids:
            first = tuple(
                label_key(v) if isinstance(v := grid.at(1, c), str) else None
                for c in range(1, len(header) + 1)
            )
            if first != header:
                continue
            last = max((r for r, _ in grid.cells), default=1)
            for row in range(1, last + 1):
                for column in range(1, len(header) + 1):
                    self.claim(grid, row, column)
            for row in range(2, last + 1):
                path, raw, source, message = (grid.at(row, c) for c in range(1, 5))
                if path is None and raw is None and source is None and message is None:
                    continue
                self.reading.notes.append(
                    Note(
                        path="" if path is None else _raw_text(path),
                        raw="" if raw is None else _raw_text(raw),
                        source=None if source is None else _raw_text(source),
                        message=None if message is None else _raw_text(message),
                    )
                )

    # --- everything else ------------------------------------------------------

    def leftovers(self) -> None:
        """Every cell not read and not the form's own text, as notes: nothing is dropped.

        Neighbouring cells of one row make one note (values joined by tabs, blanks
        inside as empty fields, the source a range), so a paragraph pasted across
        a row is one note, not one per cell. A run made only of the form's own
        labels, headers and live checks (the template, a table's title) is no note.
        A note on a row of a table gets that row's pointer (the table's, when the
        row holds several), elsewhere the path "".
        """
        furniture = _furniture(self.fmt.id)
        for grid in self.index.grids:
            by_row: dict[int, list[int]] = defaultdict(list)
            for (row, column), value in grid.cells.items():
                if not _is_blank(value) and (grid.name, row, column) not in self.claimed:
                    by_row[row].append(column)
            for row in sorted(by_row):
                for run in self.runs(grid, row, sorted(by_row[row])):
                    values = [grid.at(row, column) for column in range(run[0], run[-1] + 1)]
                    if all(_is_blank(v) or furniture.holds(v) for v in values):
                        continue
                    source = cell_name(grid.name, row, run[0])
                    if len(run) > 1:
                        source += f":{column_letter(run[-1])}{row}"
                    raw = "\t".join("" if _is_blank(v) else _raw_text(v) for v in values)
                    path = _common_pointer(self.row_pointers.get((grid.name, row), ()))
                    self.note(path, raw, source, _OUTSIDE_MESSAGE)

    def runs(self, grid: Grid, row: int, columns: Sequence[int]) -> Iterator[list[int]]:
        """``columns`` split where a read cell or more than `_MAX_RUN_GAP` blanks part them."""
        run = [columns[0]]
        for column in columns[1:]:
            between = range(run[-1] + 1, column)
            if len(between) > _MAX_RUN_GAP or any(
                (grid.name, row, c) in self.claimed for c in between
            ):
                yield run
                run = []
            run.append(column)
        yield run


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _common_pointer(pointers: Iterable[str]) -> str:
    """The deepest pointer every one of ``pointers`` is under ("" for none)."""
    split = [pointer.split("/") for pointer in pointers]
    if not split:
        return ""
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) > 1:
            break
        common.append(parts[0])
    return "/".join(common)


@attrs.frozen
class _Furniture:
    """The form's own fixed text, by label key: what a leftover cell may be without a note."""

    keys: frozenset[str]
    bare: frozenset[str]  # the keys without their ordinals

    def holds(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        key = label_key(value)
        return key in self.keys or strip_ordinal(key) in self.bare


@functools.cache
def _furniture(format_id: str) -> _Furniture:
    """Every label, header, caption and live check text the template or the form prints."""
    fmt = layout.get_format(format_id)
    texts: set[str] = {label.text for label in sheet_layout(format_id).labels}
    texts |= set(check_label_cells(format_id).values()) | {CORRECT, WRONG}
    for section in fmt.sections:
        texts.add(section.label)
        for node, _ in _nodes(section, ""):
            texts.update((node.label, *node.aliases))
            for cell in node.cells if isinstance(node, Row) else ():
                texts.update((cell.label, *cell.aliases))
    for part in layout.PARTS:
        texts.update((part.label, *part.aliases))
    texts.update(label for _field, label, _english in layout.METADATA)
    texts.update(block.caption for block in fmt.blocks)
    texts.update(NOTES_HEADER)
    texts.update(
        (
            layout.APPLICANTS_HEADER,
            layout.LEGAL_PERSONS_HEADER,
            layout.LEGAL_PERSONS_SUBTOTAL,
            layout.COLUMN_NOTE,
            layout.CONTENT_HEADER,
            layout.RESULTS_LABEL,
            layout.OTHER_PROCESSING_LABEL,
            layout.REVIEW_HEADER,
            layout.LITIGATION_HEADER,
        )
    )
    keys = frozenset(label_key(text) for text in texts)
    return _Furniture(keys, frozenset(strip_ordinal(key) for key in keys) - {""})


def _table_rows(section: Group) -> Iterator[tuple[Row, str]]:
    for node, pointer in _nodes(section, "/" + section.id):
        if isinstance(node, Row):
            yield node, pointer


_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_YEAR_TEXT = re.compile(r"(\d{4})\s*年?(?:度)?")


def _metadata_value(field: str, raw: object) -> tuple[object, str | None]:
    """A metadata field's value from its cell, and a problem when it cannot be used."""
    if field == "year":
        return _year(raw)
    if field == "kind":
        key = label_key(_raw_text(raw))
        for kind, (label, _deadline) in layout.KINDS.items():
            if key in (label_key(label), kind):
                return kind, None
        return None, "not a kind of agency"
    if field == "published_on":
        return _date(raw)
    return (raw if isinstance(raw, str) else _raw_text(raw)), None


def _year(raw: object) -> tuple[int | None, str | None]:
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        return int(raw), None
    if isinstance(raw, str) and (match := _YEAR_TEXT.fullmatch(raw.strip())):
        return int(match.group(1)), None
    if isinstance(raw, str) and re.fullmatch(r"[+-]?\d+", raw.strip()):
        return int(raw), None
    return None, "not a year"


def _date(raw: object) -> tuple[datetime.date | None, str | None]:
    if isinstance(raw, datetime.datetime):
        return raw.date(), None
    if isinstance(raw, datetime.date):
        return raw, None
    if isinstance(raw, str) and (match := _DATE_TEXT.fullmatch(raw.strip())):
        try:
            return datetime.date(*(int(part) for part in match.groups())), None
        except ValueError:
            return None, "no such date"
    return None, "not a date"


def _detect_format(index: _Index) -> str:
    """The format whose marker labels (FORMAT.md §4.3) the workbook shows most."""
    scores: dict[str, int] = {}
    for format_id, fmt in layout.FORMATS.items():
        markers = [label_key(marker) for marker in fmt.markers]
        other = fmt.node(("applications", "results", "other"))
        if isinstance(other, Group):  # （六）其他处理 in sub-rows: their labels mark the format
            markers += [label_key(row.label) for row in other.children]
        scores[format_id] = sum(1 for key in index.by_key for marker in markers if marker in key)
    return max(scores, key=lambda f: scores[f])  # a tie goes to the first registered


def read_grids(grids: Sequence[Grid], format_id: str | None = None) -> Reading:
    """Read a report's tables, metadata, text and notes from ``grids``.

    Every other non-blank cell that is not the form's own text becomes a note
    (`_Reader.leftovers`), so nothing in the grids is dropped silently.

    ``format_id`` is the format recorded in the workbook, if any; otherwise it
    is detected from the labels. ``Reading.tables_found`` is empty when no
    table of the form was recognised.
    """
    reader = _Reader(_Index(grids), format_id)
    reader.metadata()
    reader.proactive()
    reader.applications()
    reader.appeals()
    reader.text()
    reader.notes_sheet()
    reader.leftovers()
    return reader.reading
