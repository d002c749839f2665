"""Counts no table of this report can hold: a narrative number taken for a cell.

A text reader meets the tables in prose, and when a table is damaged or printed
without its grid, numbers of the surrounding text can land in its cells: table 四
read as 2 / 2024 / 294 / 97, where 2024 is the report's year. The arithmetic then
reports errors the agency never made. So a count of tables 三 and 四 is not
accepted when it is

* the report's year, or the year before or after (a date, not a count); or
* at least 1,000 and more than 100 times every other count of its table (a number
  from elsewhere: a table's counts add up to its totals, so a real large count
  stands beside totals at least as large).

A count printed in another cell of its table as well (a row with one non-zero
column and its 总计) is confirmed by it and kept. Such a value is set aside as a
note of kind ``"implausible"`` and its cell left null: unknown, not blank, so the
identities that need it are skipped and the validator reports it once.

Table 二 is left alone: its decisions (许可, 处罚, 强制) are independent counts, and a
large licensing office has tens of thousands beside a handful of documents. Workbooks
are not checked either: a value typed into a labelled cell was meant for that cell.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, MutableMapping
from typing import Any

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._model import Note

__all__ = ["IMPLAUSIBLE_SECTIONS", "implausible", "implausible_notes"]

#: The tables whose counts are checked: those whose cells add up to their totals.
IMPLAUSIBLE_SECTIONS = ("applications", "appeals")
_LARGE = 1000  #: a count at least this large …
_RATIO = 100  #: … and more than this many times every other count of its table


@functools.cache
def _tables(format_id: str) -> tuple[tuple[str, ...], ...]:
    """The count cells of each checked table of ``format_id``, as pointers."""
    by_section: dict[str, list[str]] = {section: [] for section in IMPLAUSIBLE_SECTIONS}
    for leaf in layout.get_format(format_id).leaves():
        if leaf.path[0] in by_section and leaf.cell.kind is Kind.COUNT:
            by_section[leaf.path[0]].append(leaf.pointer)
    return tuple(tuple(pointers) for pointers in by_section.values())


def implausible(
    values: Mapping[str, object], format_id: str, year: int | None
) -> list[tuple[str, int, str]]:
    """The counts of tables 三 and 四 that cannot be counts: (pointer, value, why)."""
    years = {year - 1, year, year + 1} if year is not None else set()
    dated = f"equal to a report year ({year - 1}–{year + 1})" if year is not None else ""
    found: list[tuple[str, int, str]] = []
    for pointers in _tables(format_id):
        counts = {p: v for p in pointers if type(v := values.get(p)) is int}
        for pointer, value in counts.items():
            if value < _LARGE and value not in years:
                continue  # the common case: small counts, at the cost of one comparison
            others = [v for p, v in counts.items() if p != pointer]
            if value in others:
                continue  # printed twice: its row's total or a column's confirms it
            if value in years:
                found.append((pointer, value, dated))
            elif value >= _LARGE and all(value > _RATIO * other for other in others):
                found.append(
                    (pointer, value, f"more than {_RATIO} times every other count of its table")
                )
    return found


def implausible_notes(
    values: MutableMapping[str, Any], sources: Mapping[str, str], format_id: str, year: int | None
) -> list[Note]:
    """Set aside the `implausible` counts of ``values``: each cell left null, with a note.

    The source stays in ``sources``, so a finding on the cell points at where the
    number was read.
    """
    notes = []
    for pointer, value, why in implausible(values, format_id, year):
        values[pointer] = None
        notes.append(
            Note(
                path=pointer,
                raw=str(value),
                source=sources.get(pointer),
                message=f"not a plausible count ({why}); the cell is left unknown",
                kind="implausible",
            )
        )
    return notes
