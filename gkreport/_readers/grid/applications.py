"""Table 三 (依申请公开): the applicant columns from their headers, the rows from their labels.

自然人 … 法律服务机构 head no other table, so the matrix is found from them; its
rows are then read downwards from the header, each line's labels matched to a
row of the form (with or without ordinals, group and row in one cell or two),
until another table's label or a long gap. A line the form has no row for
(a subtotal, a row of another format, a row given twice) becomes a note, never
a neighbour's values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import attrs

from gkreport._forms import layout
from gkreport._forms.layout import Format, Group, Row
from gkreport._readers.grid.cells import Grid, cell_name, raw_text
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.form import RowMatcher, header_keys, nodes, table_rows
from gkreport._readers.grid.index import Hit, Index, keys
from gkreport._readers.grid.spans import Span, header_spans
from gkreport._vocabulary import label_key
from gkreport._workbook_map import column_letter

__all__ = ["read_applications"]

#: Empty rows that end a table when scanning down.
MAX_GAP = 6

_SUBTOTAL_MESSAGE = "a subtotal the form does not have: kept as a note, not counted"
_EXTRA_ROW_MESSAGE = "not a row of the form: kept as a note"
_LEGAL_SUBTOTAL_MESSAGE = f"{layout.LEGAL_PERSONS_SUBTOTAL}: not in the form, kept as a note"


@attrs.frozen
class _Matrix:
    """Where the applications matrix is: its sheet, header and value columns."""

    grid: Grid
    header_bottom: int
    first_value: int  # the leftmost value column; labels are left of it
    columns: dict[str, int]  # applicant column id -> sheet column
    subtotal: int | None  # a 法人或其他组织小计 column, if the sheet has one
    headers: tuple[tuple[int, int], ...] = ()  # (row, column) of each header cell found
    spans: dict[str, Span] = attrs.field(factory=dict)  # the headers wider than their column

    @property
    def all_columns(self) -> list[int]:
        """Every column with numbers, the subtotal column included."""
        extra = [self.subtotal] if self.subtotal is not None else []
        return sorted([*self.columns.values(), *extra])


@attrs.frozen
class _Line:
    """A sheet row under the matrix header: what its labels name, and whether it has values."""

    row: int
    pointer: str | None
    labels: list[Hit]
    has_values: bool


def read_applications(index: Index, fmt: Format, out: Collector) -> None:
    """Read table 三: each row of the form once, extra rows as notes, missing rows blank."""
    section = fmt.applications
    matrix = _find_matrix(index)
    if matrix is None:
        out.missing_table(section)
        return
    out.found_table(section)
    _claim_headers(section, matrix, out)
    rows = {pointer: row for row, pointer in table_rows(section)}
    assigned: dict[str, int] = {}
    extras: list[tuple[int, str, str, list[Hit]]] = []  # sheet row, path, why, labels
    matcher = RowMatcher(section)
    for line in _lines(index, matrix, matcher, _foreign_keys(fmt, section)):
        if line.pointer is not None and line.pointer in rows and line.pointer not in assigned:
            assigned[line.pointer] = line.row
            _read_line(line.pointer, rows[line.pointer], matrix, line, out)
        elif line.has_values:
            why = _why_extra(line.pointer, rows, matcher)
            first = line.labels[0] if line.labels else None
            label = raw_text(first.grid.at(first.row, first.column)) if first else ""
            path = line.pointer or f"/{section.id}"
            extras.append((line.row, path, f"row “{label}”: {why}", line.labels))
    first_row, last_row = min(assigned.values(), default=0), max(assigned.values(), default=0)
    for row, path, message, labels in extras:
        # below the table, such a row is left to the leftovers: it is no extra row of 三
        if first_row <= row <= last_row or path != f"/{section.id}":
            _keep_row(path, matrix, row, message, out)
            for hit in labels:
                out.claim_hit(hit)
    for pointer, row_node in rows.items():
        if pointer not in assigned:
            out.missing(pointer, row_node.label, row_node.cells, "row")


def _read_line(pointer: str, row_node: Row, matrix: _Matrix, line: _Line, out: Collector) -> None:
    """A row of the form: its labels used, its seven values read, a subtotal kept as a note."""
    for hit in line.labels:
        out.claim_hit(hit)
    out.read_row(pointer, row_node, matrix.grid, line.row, matrix.columns, spans=matrix.spans)
    if matrix.subtotal is not None:
        message = _LEGAL_SUBTOTAL_MESSAGE
        out.keep_cell(pointer, matrix.grid, line.row, matrix.subtotal, message)


def _claim_headers(section: Group, matrix: _Matrix, out: Collector) -> None:
    """Claim the header cells found; a note for each applicant column not found."""
    for row, column in matrix.headers:
        out.claim(matrix.grid, row, column)
    for cell in layout.APPLICANT_COLUMNS:
        if cell.id not in matrix.columns:
            out.note(f"/{section.id}", "", None, f"column {cell.label} not found")


def _find_matrix(index: Index) -> _Matrix | None:
    """The applications matrix's header: which column holds which applicant type.

    自然人 … 法律服务机构 head no other table; of the places they appear, the
    one with the most column headers around it is the matrix (a stray
    "自然人" elsewhere does not capture it).
    """
    anchors = index.all(k for cell in layout.APPLICANT_COLUMNS[:5] for k in header_keys(cell))
    # the matrix found from a header depends on its sheet and row only: each worked out once
    found: dict[tuple[int, int], _Matrix] = {}
    candidates = []
    for hit in anchors:
        where = (id(hit.grid), hit.row)
        if where not in found:
            found[where] = _matrix_at(index, hit)
        candidates.append(found[where])
    return max(candidates, key=lambda m: len(m.columns), default=None)


def _matrix_at(index: Index, anchor: Hit) -> _Matrix:
    grid = anchor.grid
    rows = range(anchor.row - 2, anchor.row + 3)
    near = [hit for row in rows for hit in index.row(grid, row)]
    distinctive = {k for c in layout.APPLICANT_COLUMNS[:5] for k in header_keys(c)}
    leftmost = min(h.column for h in near if h.key in distinctive) - 1
    found: dict[str, Hit] = {}
    for cell in layout.APPLICANT_COLUMNS:
        cell_keys = header_keys(cell)
        taken = {hit.column for hit in found.values()}
        candidates = [
            h for h in near if h.key in cell_keys and h.column >= leftmost and h.column not in taken
        ]
        if candidates:
            found[cell.id] = min(candidates, key=lambda h: (h.column, h.row))
    subtotal_keys = keys(layout.LEGAL_PERSONS_SUBTOTAL)
    subtotal = next((h for h in near if h.key in subtotal_keys), None)
    headers = [*found.values(), *([subtotal] if subtotal else [])]
    # the subtotal column too, so that no header's span reaches into it
    spanned = {cell_id: (h.row, h.column) for cell_id, h in found.items()}
    if subtotal:
        spanned[layout.LEGAL_PERSONS_SUBTOTAL] = (subtotal.row, subtotal.column)
    return _Matrix(
        grid=grid,
        header_bottom=max(h.row for h in headers),
        first_value=min(h.column for h in headers),
        columns={cell_id: hit.column for cell_id, hit in found.items()},
        subtotal=subtotal.column if subtotal else None,
        headers=tuple((h.row, h.column) for h in headers),
        spans=header_spans(grid, spanned),
    )


def _foreign_keys(fmt: Format, own: Group) -> frozenset[str]:
    """Labels that end a scan down ``own``: any other table's, any part heading."""
    found: set[str] = set()
    for section in fmt.sections:
        if section is not own:
            found |= {k for node, _ in nodes(section, "") for k in keys(node.label)}
    for part in layout.PARTS:
        found |= keys(part.label, part.aliases)
    found |= {label_key(block.caption) for block in fmt.blocks}
    found |= keys(layout.REVIEW_HEADER) | keys(layout.LITIGATION_HEADER)
    return frozenset(found)


def _lines(
    index: Index, matrix: _Matrix, matcher: RowMatcher, foreign: frozenset[str]
) -> Iterator[_Line]:
    """Each line under the header: row, what its labels name, the labels, whether it has values.

    Stops at a label of another table or part, or after `MAX_GAP` empty rows.
    """
    grid = matrix.grid
    last = max((r for r, _ in grid.cells), default=0)
    gap = 0
    for row in range(matrix.header_bottom + 1, last + 1):
        labels = sorted(
            (h for h in index.row(grid, row) if h.column < matrix.first_value),
            key=lambda h: -h.column,
        )
        has_values = any(grid.at(row, c) not in (None, "") for c in matrix.all_columns)
        if not labels and not has_values:
            gap += 1
            if gap > MAX_GAP:
                return
            continue
        gap = 0
        if any(h.key in foreign for h in labels):
            return
        pointer = next((p for h in labels if (p := matcher.match(h.key))), None)
        yield _Line(row, pointer, labels, has_values)


def _why_extra(pointer: str | None, rows: Mapping[str, Row], matcher: RowMatcher) -> str:
    if pointer in rows:
        return "the row appears twice: the first is read, this one kept as a note"
    if pointer is not None and matcher.is_group(pointer):
        return _SUBTOTAL_MESSAGE
    return _EXTRA_ROW_MESSAGE


def _keep_row(path: str, matrix: _Matrix, row: int, message: str, out: Collector) -> None:
    """A row the form has no place for, as one note: its seven values in column order.

    One note per row, the values separated by spaces, is what the rule catalog
    reads for a 2021 （六）其他处理 given on its group row only.
    """
    grid = matrix.grid
    columns = [matrix.columns.get(cell.id) for cell in layout.APPLICANT_COLUMNS]
    values = [grid.at(row, c) if c is not None else None for c in columns]
    raw = " ".join("" if v is None else raw_text(v) for v in values)
    found = [c for c in columns if c is not None]
    for column in found:
        out.claim(grid, row, column, path)
    where = cell_name(grid.name, row, min(found))
    if len(found) > 1:
        where += f":{column_letter(max(found))}{row}"
    out.note(path, raw, where, message)
