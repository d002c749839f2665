"""The template's live check cells: the arithmetic rules turned into Excel formulas.

Each arithmetic rule instance says that two sums of cells are equal (for F2:
the row's 总计 on one side, its six columns on the other). Here every instance
becomes one formula that shows 正确 or 错误 beside the identity, placed where a
person filling the form looks: at the end of its row for a sum across a row of
table 三, under its column for a sum down table 三, under the 总计 cell for a
block of table 四. Nothing here imports openpyxl; the workbook writer draws the
cells this module describes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import attrs

from gkreport._workbook_map import (
    CHECK_COLUMN,
    CHECKS_UNDER_ROW,
    GRID_COLUMNS,
    SheetLayout,
    Span,
    sheet_layout,
)

__all__ = [
    "CORRECT",
    "WRONG",
    "CheckCell",
    "Identity",
    "check_cells",
    "check_label_cells",
    "identities",
]

#: What a check cell shows when its identity holds, and when it does not.
CORRECT = "正确"
WRONG = "错误"


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
        if column > GRID_COLUMNS:  # a check column: the code heads it
            where, caption = (_header_row(geometry, row), column), identity.code
        else:  # a check row: code and title in its first column
            where, caption = (row, 1), f"{identity.code} {identity.title}"
        texts = captions.setdefault(where, [])
        if caption not in texts:
            texts.append(caption)
    return {where: " ".join(texts) for where, texts in captions.items()}


def _header_row(geometry: SheetLayout, row: int) -> int:
    """The top header row of the table that ``row`` belongs to."""
    headers = [label.span.top for label in geometry.labels if label.role == "header"]
    return max((top for top in headers if top < row), default=row)
