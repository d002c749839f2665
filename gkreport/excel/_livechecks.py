"""The template's live check cells: the arithmetic rules turned into Excel formulas.

Each arithmetic rule instance says that two sums of cells are equal (for F2:
the row's 总计 on one side, its six columns on the other). Here every instance
becomes one formula that shows 正确 or 错误 beside the identity, placed where a
person filling the form looks: at the end of its row for a sum across a row of
table 三, under its column for a sum down table 三, under the 总计 cell for a
block of table 四. One verdict cell over them all (`verdict_formula`) says
全部正确 or how many show 错误. Nothing here imports openpyxl; the workbook writer
draws the cells this module describes, and the words (`identity_words`) serve the
instructions sheet and each check cell's input message.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any

import attrs

from gkreport._forms import layout
from gkreport._workbook_map import (
    ALL_CORRECT,
    CHECK_COLUMN,
    CHECKS_UNDER_ROW,
    CORRECT,
    GRID_COLUMNS,
    NOT_FILLED,
    WRONG,
    SheetLayout,
    Span,
    check_caption,
    column_letter,
    sheet_layout,
    wrong_count,
)

__all__ = [
    "CORRECT",
    "WRONG",
    "CheckCell",
    "Identity",
    "check_cells",
    "check_label_cells",
    "identities",
    "identity_words",
    "verdict_formula",
]


@attrs.frozen
class Identity:
    """One arithmetic rule instance: the cells of ``left`` sum to the cells of ``right``."""

    code: str
    title: str
    left: tuple[str, ...]  # JSON pointers
    right: tuple[str, ...]


@attrs.frozen
class CheckCell:
    """A live check drawn in the template: where, what it computes, what it checks."""

    span: Span
    formula: str
    identity: Identity


@functools.cache
def identities(format_id: str) -> tuple[Identity, ...]:
    """The arithmetic identities of the rule catalog (F1–F4) that the template checks live.

    They come from the rule catalog as data (``schemas/rules.json``, `gkreport._ruledata`),
    the same data other systems evaluate: a term of coefficient +1 is on the left, −1 on
    the right. Cells the template does not have are left out of the formulas: the
    catalog's F3 also sums the （六）其他处理 group row of a report that printed only that
    row (``group_row`` terms), which the template never does.
    """
    from gkreport._ruledata import identities as catalog_identities  # noqa: PLC0415

    geometry = sheet_layout(format_id)

    def drawn(terms: list[dict[str, Any]], sign: int) -> tuple[str, ...]:
        return tuple(
            t["pointer"]
            for t in terms
            if t["coefficient"] == sign and t["pointer"] in geometry.by_pointer
        )

    return tuple(
        Identity(code, title, drawn(terms, 1), drawn(terms, -1))
        for code, title, terms in catalog_identities(format_id)
    )


def _formula(geometry: SheetLayout, identity: Identity) -> str:
    """``=IF(COUNT(..)=0,"",IF(SUM(..)=SUM(..),"正确","错误"))``: blank until something is typed."""

    def refs(pointers: Sequence[str]) -> str:
        return ",".join(geometry.by_pointer[p].address for p in pointers)

    every = refs((*identity.left, *identity.right))
    return (
        f'=IF(COUNT({every})=0,"",IF(SUM({refs(identity.left)})=SUM({refs(identity.right)}),'
        f'"{CORRECT}","{WRONG}"))'
    )


@functools.cache
def check_cells(format_id: str) -> tuple[CheckCell, ...]:
    """Where each identity's check cell goes in the template, and its formula."""
    geometry = sheet_layout(format_id)
    placed: list[CheckCell] = []
    used: set[tuple[int, int]] = set()
    code_rows: dict[tuple[str, str], int] = {}  # (section, code) -> reserved check row
    overflow = geometry.row_count + 2
    for identity in identities(format_id):
        if not identity.left or not identity.right:
            continue
        spans = [geometry.by_pointer[p] for p in (*identity.left, *identity.right)]
        total = geometry.by_pointer[identity.left[0]]
        section = identity.left[0].split("/")[1]
        reserved = geometry.check_rows.get(section, ())
        rows = {s.top for s in spans}
        columns = {s.left for s in spans}
        if len(rows) == 1 and section in CHECKS_UNDER_ROW:
            where = (reserved[0], total.left)  # a one-row table: the check goes under it
        elif len(rows) == 1:
            column = CHECK_COLUMN
            while (total.top, column) in used:
                column += 1
            where = (total.top, column)
        elif len(columns) == 1 and reserved:
            key = (section, identity.code)
            if key not in code_rows and len(code_rows) < len(reserved):
                code_rows[key] = reserved[len([k for k in code_rows if k[0] == section])]
            where = (code_rows.get(key, overflow), total.left)
        else:
            where = (overflow, GRID_COLUMNS)
        if where in used:
            overflow += 1
            where = (overflow, GRID_COLUMNS)
        used.add(where)
        span = Span(where[0], where[1], where[0], where[1])
        placed.append(CheckCell(span, _formula(geometry, identity), identity))
    return tuple(placed)


def check_label_cells(format_id: str) -> dict[tuple[int, int], str]:
    """A caption for each check row and column: the rule codes checked there."""
    captions: dict[tuple[int, int], list[str]] = {}
    geometry = sheet_layout(format_id)
    for check in check_cells(format_id):
        row, column = check.span.top, check.span.left
        identity = check.identity
        across_row = column > GRID_COLUMNS
        caption = check_caption(identity.code, identity.title, across_row=across_row)
        # a check column is headed by its caption, a check row has it in its first column
        where = (_header_row(geometry, row), column) if across_row else (row, 1)
        texts = captions.setdefault(where, [])
        if caption not in texts:
            texts.append(caption)
    return {where: " ".join(texts) for where, texts in captions.items()}


def _header_row(geometry: SheetLayout, row: int) -> int:
    """The top header row of the table that ``row`` belongs to."""
    headers = [label.span.top for label in geometry.labels if label.role == "header"]
    return max((top for top in headers if top < row), default=row)


@functools.cache
def verdict_formula(format_id: str) -> str:
    """The verdict over every check cell: 全部正确, "N 处错误", or 尚未填写 while all are blank.

    COUNTIF over the check cells' areas only (never the whole sheet: a text cell
    holding 错误 is no failed check, and the verdict must not count itself).
    """
    areas = _areas([check.span for check in check_cells(format_id)])

    def count(shown: str) -> str:
        return "+".join(f'COUNTIF({area},"{shown}")' for area in areas)

    suffix = wrong_count(0).removeprefix("0")
    wrong = count(WRONG)
    return (
        f'=IF({wrong}>0,({wrong})&"{suffix}",IF({count(CORRECT)}>0,"{ALL_CORRECT}","{NOT_FILLED}"))'
    )


def _areas(spans: Sequence[Span]) -> list[str]:
    """The cells as few rectangles: runs along each row, stacked where rows repeat a run."""
    by_row: dict[int, list[int]] = {}
    for span in spans:
        by_row.setdefault(span.top, []).append(span.left)
    boxes: list[list[int]] = []  # top, left, bottom, right
    for row in sorted(by_row):
        columns = sorted(by_row[row])
        runs = [[columns[0], columns[0]]]
        for column in columns[1:]:
            if column == runs[-1][1] + 1:
                runs[-1][1] = column
            else:
                runs.append([column, column])
        for left, right in runs:
            above = next(
                (b for b in boxes if b[2] == row - 1 and (b[1], b[3]) == (left, right)), None
            )
            if above is not None:
                above[2] = row
            else:
                boxes.append([row, left, row, right])
    return [Span(*box).ref for box in boxes]


@functools.cache
def identity_words(format_id: str, identity: Identity) -> str:
    """The identity in the form's words: "自然人列：一、本年新收… + 二、上年结转… = …".

    Cells of one row are named by their column, cells of one column by their row
    (the sub-rows of a group as "（三）不予公开各项"), others by both.
    """
    leaves = _leaves(format_id)
    cells = [leaves[p] for p in (*identity.left, *identity.right)]
    name: Callable[[layout.Leaf], str]
    if len({leaf.path[:-1] for leaf in cells}) == 1:
        prefix, name = f"{_row_label(cells[0])}：", _column_label
    elif len({leaf.cell.id for leaf in cells}) == 1:
        prefix, name = f"{cells[0].cell.label}列：", _row_label
    else:
        prefix, name = "", _both_labels
    top = min(len(leaf.row_labels) for leaf in cells)

    def side(pointers: Sequence[str]) -> str:
        names: list[str] = []
        for parent, run in itertools.groupby(
            (leaves[p] for p in pointers), key=lambda leaf: leaf.row_labels[:-1]
        ):
            items = list(run)
            if len(parent) >= top and len(items) > 1:  # the sub-rows of a group
                names.append(f"{parent[-1]}各项")
            else:
                names += [name(leaf) for leaf in items]
        return " + ".join(names)

    return f"{prefix}{side(identity.left)} = {side(identity.right)}"


@functools.cache
def _leaves(format_id: str) -> dict[str, layout.Leaf]:
    return {leaf.pointer: leaf for leaf in layout.get_format(format_id).leaves()}


def _row_label(leaf: layout.Leaf) -> str:
    return leaf.row_labels[-1]


def _column_label(leaf: layout.Leaf) -> str:
    return leaf.cell.label


def _both_labels(leaf: layout.Leaf) -> str:
    return f"{_row_label(leaf)}·{leaf.cell.label}"


def check_address(check: CheckCell) -> str:
    """The check cell's A1 address, e.g. ``P30``."""
    return f"{column_letter(check.span.left)}{check.span.top}"
