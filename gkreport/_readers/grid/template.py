"""The template's main sheet read by its known geometry: the labels' search skipped, not changed.

A workbook gkreport wrote records its format and template version, and its main
sheet (二三四) then holds every label, caption and live check where the template puts
them (`gkreport._workbook_map.sheet_layout`, `gkreport.excel._livechecks`). Finding
the tables by their labels (`gkreport._readers.grid`) is most of a read's cost, and
for such a sheet its answer is known in advance: each value is read from its input
cell. So when the sheet is exactly the template filled in, the values are taken
from those cells directly, and the text and notes sheets are read as always.

"Exactly" is checked cell by cell (`read_template`), and anything else goes to the
label search: a label moved or edited, a cell typed outside the inputs, a merge
changed, a sheet added or renamed, a live check showing something of its own, a
value that reads like one of the form's labels (which the search would take for
one), or a metadata field left blank where another sheet holds its label. The plan
itself (which cell gives which value, in which order) is not written here but taken
from the label search run once per format on the template's own cells (`_plan`),
so the two cannot drift apart; tests/test_template_reading.py compares both on
generated workbooks.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from itertools import chain, compress, repeat
from operator import is_, ne

import attrs

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._readers.grid.cells import MAX_RIGHT, Grid
from gkreport._readers.grid.collect import Collector, Planned, Reading, planned
from gkreport._readers.grid.index import MAX_LABEL_LENGTH, Index, keys
from gkreport._readers.grid.leftovers import form_texts, read_leftovers
from gkreport._readers.grid.metadata import read_field
from gkreport._readers.grid.notes import is_notes_table, read_notes
from gkreport._readers.grid.parts import read_text_parts
from gkreport._vocabulary import label_key, strip_ordinal
from gkreport._workbook_map import (
    ALL_CORRECT,
    CORRECT,
    GRID_COLUMNS,
    LEGEND,
    MAIN_SHEET,
    NOT_FILLED,
    NOTES_HEADER,
    NOTES_SHEET,
    TEMPLATE_VERSION,
    TEXT_HEADER,
    TEXT_SHEET,
    VERDICT_LABEL,
    WRONG,
    Span,
    sheet_layout,
    template_furniture,
    wrong_count,
)

__all__ = [
    "Blueprint",
    "blueprint",
    "planned_template",
    "read_template",
    "template_grid",
    "worth_planning",
]

Position = tuple[int, int]


@attrs.frozen
class Blueprint:
    """What the template's main sheet holds, as a reader sees it (no styles, no formulas).

    ``fixed`` are the printed texts by cell; ``inputs`` the cells an agency fills in;
    ``checks`` the cells holding a formula (the live checks and the verdict), which
    show nothing until computed; ``merged`` the merged ranges, top-left to bottom-right.
    """

    fixed: Mapping[Position, str]
    inputs: frozenset[Position]
    checks: frozenset[Position]
    merged: Mapping[Position, Position]


@functools.cache
def blueprint(format_id: str) -> Blueprint:
    """The main sheet of ``format_id``'s template, from the geometry the writer draws."""
    from gkreport.excel._livechecks import check_cells, check_label_cells  # noqa: PLC0415

    geometry = sheet_layout(format_id)
    fixed: dict[Position, str] = {}
    merged: dict[Position, Position] = {}

    def span(where: Span, text: str | None = None) -> None:
        if text is not None:
            fixed[(where.top, where.left)] = text
        if where.merged:
            merged[(where.top, where.left)] = (where.bottom, where.right)

    for label in geometry.labels:
        span(label.span, label.text)
    for item in (*geometry.inputs, *geometry.metadata):
        span(item.span)
    span(geometry.verdict_label, VERDICT_LABEL)
    span(geometry.verdict)
    for where, text in zip(geometry.legend, LEGEND, strict=True):
        span(where, text)
    checks = [check.span for check in check_cells(format_id)]
    first_check: dict[int, int] = {}
    for check in checks:
        first_check[check.left] = min(first_check.get(check.left, check.top), check.top)
    for (row, column), caption in check_label_cells(format_id).items():
        bottom = row
        if column > GRID_COLUMNS:  # a check column's caption runs down the table's header
            bottom = max(row, first_check.get(column, row + 1) - 1)
        span(Span(row, column, bottom, column), caption)
    return Blueprint(
        fixed=fixed,
        inputs=frozenset((i.span.top, i.span.left) for i in (*geometry.inputs, *geometry.metadata)),
        checks=frozenset({(c.top, c.left) for c in (*checks, geometry.verdict)}),
        merged=merged,
    )


@attrs.frozen
class _Plan:
    """How the label search reads a filled template's main sheet, and what it allows."""

    blueprint: Blueprint
    #: The metadata fields with their label's cell, in the order they are read.
    metadata: tuple[tuple[str, str, Position], ...]
    #: The table values (`collect.planned`), in the search's order.
    takes: Planned
    tables: tuple[str, ...]
    #: What a live check or the verdict may show (a cached result; "" when blank).
    shown: frozenset[object]
    #: Texts an input may not start with: they would read as a label of the form.
    labels: re.Pattern[str]
    bare: frozenset[str]
    #: How many rows and columns the template's main sheet spans.
    height: int
    width: int


@attrs.frozen
class _Picks:
    """Where the template's cells lie in its main sheet's dense rows laid end to end.

    Each pick takes its cells at C speed (`operator.itemgetter`): ``fixed`` the printed
    texts, which must be ``texts``; ``blank`` the cells that must be blank; ``inputs``
    and ``checks`` the others, at `inputs_at` and `checks_at`.
    """

    fixed: Callable[[Sequence[object]], tuple[object, ...]]
    texts: tuple[str, ...]
    blank: Callable[[Sequence[object]], tuple[object, ...]]
    blanks: tuple[str, ...]
    inputs: Callable[[Sequence[object]], tuple[object, ...]]
    inputs_at: tuple[Position, ...]
    checks: Callable[[Sequence[object]], tuple[object, ...]]
    checks_at: tuple[Position, ...]


@functools.lru_cache(maxsize=64)
def _picks(format_id: str, stride: int, width: int) -> _Picks | None:
    """The template's `_Picks` in rows of ``stride`` values of which ``width`` count."""
    plan = _plan(format_id)
    if plan is None:
        return None
    sheet = plan.blueprint

    def pick(cells: Sequence[Position]) -> Callable[[Sequence[object]], tuple[object, ...]]:
        at = [(row - 1) * stride + column - 1 for row, column in cells]
        if len(at) > 1:
            return operator.itemgetter(*at)  # a tuple from two indices on
        return lambda values: tuple(values[index] for index in at)

    fixed = sorted(sheet.fixed)
    inputs = sorted(sheet.inputs)
    checks = sorted(sheet.checks)
    taken = {*fixed, *inputs, *checks}
    blank = [
        (row, column)
        for row in range(1, plan.height + 1)
        for column in range(1, width + 1)
        if (row, column) not in taken
    ]
    return _Picks(
        fixed=pick(fixed),
        texts=tuple(sheet.fixed[cell] for cell in fixed),
        blank=pick(blank),
        blanks=("",) * len(blank),
        inputs=pick(inputs),
        inputs_at=tuple(inputs),
        checks=pick(checks),
        checks_at=tuple(checks),
    )


_sighted: set[str] = set()


def worth_planning(format_id: str) -> bool:
    """Whether to read a filled template of ``format_id`` by its geometry (`read_template`).

    Working out the plan (`_plan`) costs about two reads, once per format and
    process: a process that reads one workbook reads it by its labels, and from the
    second workbook of a format on, the plan pays.
    """
    if format_id in _sighted:
        return True
    _sighted.add(format_id)
    return False


def planned_template(format_id: str, sheets: Sequence[str]) -> bool:
    """Whether a workbook of ``format_id`` with ``sheets`` is read by plan, if it is the template.

    For a reader that can check the main sheet before it builds its grid
    (`template_grid`); it does not count as a sighting (`worth_planning`).
    """
    return (
        format_id in _sighted
        and tuple(sheets) == (MAIN_SHEET, TEXT_SHEET, NOTES_SHEET)
        and _plan(format_id) is not None
    )


def template_grid(
    rows: Sequence[Sequence[object]],
    format_id: str,
    *,
    width: int,
    merged: Mapping[Position, Position],
    empty_texts: tuple[tuple[int, int, int, int], ...],
    values: Callable[[dict[Position, object]], bool],
) -> Grid | None:
    """The main sheet's grid from dense rows, if it is the template filled in; else None.

    A reader that has the sheet as dense rows (a list per row from column A, ``""``
    blank, all of one length) checks it here by a few C-speed picks and comparisons
    (`_Picks`), instead of building every cell's entry and then checking each
    (`_is_template`). Only ``width`` columns count, as the reader's grid would hold
    them. ``values`` makes the filled inputs' values, in place, what the reader's
    grid holds (False: the reader is not sure of one). The grid returned is the one
    the reader would build from the rows, and `_is_template` holds for it; None says
    nothing (the reader builds the grid).
    """
    plan = _plan(format_id)
    if (
        plan is None
        or len(rows) < plan.height
        or len({len(row) for row in rows}) != 1
        or min(width, len(rows[0])) < plan.width
        or not _furniture_matches(merged, empty_texts, plan)
    ):
        return None
    stride = len(rows[0])
    counted = min(width, stride)
    picks = _picks(format_id, stride, counted)
    laid = list(chain.from_iterable(rows[: plan.height]))
    blanks = [""] * counted
    if (
        picks is None
        or picks.fixed(laid) != picks.texts
        or picks.blank(laid) != picks.blanks
        or any(row[:counted] != blanks for row in rows[plan.height :])  # a value below
    ):
        return None
    checks = picks.checks(laid)  # a check may show only what a computed check shows
    shown = dict(compress(zip(picks.checks_at, checks, strict=True), map(ne, checks, repeat(""))))
    if not all(type(found) is str and found in plan.shown for found in shown.values()):
        return None
    inputs = picks.inputs(laid)
    filled = dict(compress(zip(picks.inputs_at, inputs, strict=True), map(ne, inputs, repeat(""))))
    held = list(filled.values())
    texts = compress(held, map(is_, map(type, held), repeat(str)))
    if not values(filled) or any(_label_like(text, plan) for text in texts):  # type: ignore[arg-type]
        return None  # not sure of a value, or an input the search would take for a label
    return Grid(MAIN_SHEET, {**plan.blueprint.fixed, **shown, **filled}, merged, empty_texts)


def read_template(
    grids: Sequence[Grid], format_id: str, own_texts: frozenset[str], *, proven: bool = False
) -> Reading | None:
    """The reading of a filled template (format and version recorded), or None.

    None unless the main sheet is the template's exactly (see the module); the
    reading is then the label search's, value for value, note for note.

    :param proven: the main sheet's grid came from `template_grid`, which checked it.
    """
    plan = _plan(format_id)
    if plan is None or tuple(grid.name for grid in grids) != (MAIN_SHEET, TEXT_SHEET, NOTES_SHEET):
        return None
    main, text, notes = grids
    if not proven and not _is_template(main, plan):
        return None
    out = Collector(format_id)
    others = Index([text, notes], unlabelled=[g for g in (text, notes) if is_notes_table(g)])
    for field, label, (row, column) in plan.metadata:
        if not read_field(main, row, column, field, out) and any(
            others.by_key.get(key) for key in keys(label)
        ):
            return None  # the search would read the field beside that label: let it
    out.take_planned(main, plan.takes)
    out.reading.tables_found.extend(plan.tables)
    read_text_parts(others, out, written=True)
    read_notes(others, out)
    read_leftovers(others, format_id, out, own_texts)
    return out.reading


def _is_template(main: Grid, plan: _Plan) -> bool:
    """Whether ``main`` holds the template's texts and merges, and values only in its inputs."""
    sheet = plan.blueprint
    if not _furniture_matches(main.merged, main.empty_texts, plan):
        return False
    matched = 0
    fixed, inputs, checks = sheet.fixed, sheet.inputs, sheet.checks
    for position, value in main.cells.items():
        expected = fixed.get(position)
        if expected is not None:
            if type(value) is not str or value != expected:
                return False
            matched += 1
        elif position in inputs:
            if type(value) is str and _label_like(value, plan):
                return False
        elif position not in checks or type(value) is not str or value not in plan.shown:
            return False
    return matched == len(fixed)


def _furniture_matches(
    merged: Mapping[Position, Position],
    empty_texts: tuple[tuple[int, int, int, int], ...],
    plan: _Plan,
) -> bool:
    """Whether the sheet's merges are the template's, and its empty texts lie in its inputs."""
    inputs = plan.blueprint.inputs
    if merged != plan.blueprint.merged:
        return False
    for top, left, bottom, right in empty_texts:
        cells = (bottom - top + 1) * (right - left + 1)
        if cells > len(inputs) or any(
            (row, column) not in inputs
            for row in range(top, bottom + 1)
            for column in range(left, right + 1)
        ):
            return False
    return True


def _label_like(value: str, plan: _Plan) -> bool:
    """Whether the label search could take ``value`` for a label (then it must run)."""
    if not 0 < len(value) <= MAX_LABEL_LENGTH:
        return False  # never indexed as a label
    key = _key(value)
    bare = strip_ordinal(key)
    return (
        plan.labels.match(key) is not None
        or plan.labels.match(bare) is not None
        or bare in plan.bare
    )


_key = functools.lru_cache(maxsize=4096)(label_key)


@functools.cache
def _plan(format_id: str) -> _Plan | None:
    """The label search's reading of the template, as a plan; None if it cannot be one.

    The search runs on the template's cells with every input filled and every live
    check showing 正确, then with them blank; the plan is what both readings share,
    and it holds only if neither has a note, every value came from its input cell
    and no text-part heading on the main sheet has anything to its right.
    """
    from gkreport._readers.grid import read_grids  # noqa: PLC0415 - the package imports this

    sheet = blueprint(format_id)
    geometry = sheet_layout(format_id)
    furniture = template_furniture(format_id, TEMPLATE_VERSION)
    shown: frozenset[object] = frozenset(
        {"", CORRECT, WRONG, ALL_CORRECT, NOT_FILLED}
        | {wrong_count(n) for n in range(1, len(sheet.checks) + 1)}
    )
    label_keys = _label_keys(format_id, furniture.texts)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(label_keys, key=len, reverse=True)))
    bare = frozenset(strip_ordinal(k) for k in label_keys) - {""}
    kinds = {item.pointer: item.kind for item in geometry.inputs}
    samples = {Kind.COUNT: 3, Kind.SIGNED: -2, Kind.MONEY: 1.5, Kind.TEXT: "251000"}
    filled = {(i.span.top, i.span.left): samples[i.kind] for i in geometry.inputs}
    readings = []
    for check_value in (CORRECT, None):
        cells: dict[Position, object] = {**sheet.fixed, **filled}
        if check_value is not None:
            cells.update(dict.fromkeys(sheet.checks, check_value))
        grids = [
            Grid(MAIN_SHEET, cells, sheet.merged),
            Grid(TEXT_SHEET, {}),
            Grid(NOTES_SHEET, {}),
        ]
        readings.append(read_grids(grids, format_id, own_texts=lambda _f: furniture.texts))
    first = readings[0]
    taken = [
        (pointer, kinds[pointer], *first.positions[pointer][1:])
        for pointer in first.values
        if pointer in first.positions
    ]
    anchors = {i.pointer: (i.span.top, i.span.left) for i in geometry.inputs}
    if (
        any(reading.notes for reading in readings)
        or any(reading.positions != first.positions for reading in readings)
        or any(list(reading.values) != list(first.values) for reading in readings)
        or {pointer: (row, column) for pointer, _, row, column in taken} != anchors
        or any(_key(str(value)) in _label_keys(format_id, frozenset()) for value in shown)
        or not _headings_stand_alone(sheet)
    ):
        return None
    metadata = tuple(
        (field, label, _label_cell(geometry.label_by_pointer[f"/{field}"]))
        for field, label, _english in layout.METADATA
    )
    if any(
        sum(1 for text in sheet.fixed.values() if _key(text) in keys(label)) != 1
        for _field, label, _ in metadata
    ):
        return None
    used = [*sheet.fixed, *sheet.inputs, *sheet.checks]
    return _Plan(
        blueprint=sheet,
        metadata=metadata,
        takes=planned(MAIN_SHEET, taken),
        tables=tuple(first.tables_found),
        shown=shown,
        labels=pattern,
        bare=bare,
        height=max(row for row, _ in used),
        width=max(column for _, column in used),
    )


def _label_cell(span: Span) -> Position:
    return (span.top, span.left)


def _headings_stand_alone(sheet: Blueprint) -> bool:
    """Whether nothing lies right of a text part's heading printed on the main sheet.

    The search looks right of every heading of a part (二、主动公开政府信息情况 is also
    table 二's title); with nothing there on the main sheet, the text sheet decides.
    """
    headings = {key for part in layout.PARTS for key in keys(part.label, part.aliases)}
    taken = set(sheet.fixed) | sheet.inputs | sheet.checks
    for (row, column), text in sheet.fixed.items():
        if _key(text) in headings and any(
            (row, c) in taken for c in range(column + 1, column + 1 + MAX_RIGHT)
        ):
            return False
    return True


def _label_keys(format_id: str, own_texts: frozenset[str]) -> frozenset[str]:
    """Every label key the search looks for: the form's, the template's, the notes header."""
    texts = form_texts(format_id) | own_texts | set(NOTES_HEADER) | set(TEXT_HEADER)
    return frozenset(key for key in map(label_key, texts) if key)
