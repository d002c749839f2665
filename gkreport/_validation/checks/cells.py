"""Checks of single cells: schema problems, wrong types, blanks, marks, rows not read, tables.

A blank cell counts as 0 in the arithmetic and is reported on its own (``blank``);
a cell that held a mark ("-", "/", "无") is an info finding (``mark``); a value of
the wrong type is reported (F5/F6/F6b) and the identities that use it are skipped.
A row the reader saw but could not capture (an ``unread`` note) is one finding
(``unread``); its cells are unknown, not blank, so no ``blank`` finding and no
identity that needs them follows. A count a reader set aside as implausible
(the report's year read into table 四) is one finding (``implausible``) the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._payload import number_problem, shown
from gkreport._validation.facts import OTHER_GROUP, Facts, Hit, UnreadRow
from gkreport._validation.messages import CellName, Given, Label, Phrase, TableName, fragment

__all__ = [
    "check_blank",
    "check_empty_table",
    "check_implausible",
    "check_mark",
    "check_other_group",
    "check_schema",
    "check_types",
    "check_unread",
]


def check_schema(facts: Facts) -> Iterator[Hit]:
    """Problems the engine found while reading a raw payload against the schema."""
    for path, problem in facts.schema_problems:
        yield Hit("schema", path, {"problem": problem})


def check_types(kinds: tuple[Kind, ...], code: str) -> Callable[[Facts], Iterator[Hit]]:
    """The check of F5, F6 or F6b: cells of ``kinds`` whose value has the wrong type."""

    def check(facts: Facts) -> Iterator[Hit]:
        if not facts.bad:
            return
        for pointer in facts.cells.order:
            if pointer in facts.bad and facts.cells.by_pointer[pointer].kind in kinds:
                value = facts.values[pointer]
                if isinstance(value, (int, Decimal)) and number_problem(value) is not None:
                    value = shown(value)  # thousands of digits: too long to print
                yield Hit(
                    code,
                    pointer,
                    {"actual": Given(value)},
                    (pointer,),
                    actual=value if isinstance(value, (int, str)) else repr(value),
                )

    check.__doc__ = f"{code}: cells of kind {', '.join(k.value for k in kinds)} of the wrong type."
    return check


def check_blank(facts: Facts) -> Iterator[Hit]:
    """A blank cell where the form expects a number (a whole empty table is D7 instead)."""
    blank = facts.blank
    if not blank:
        return
    empty, marks = facts.empty_sections, facts.marks
    group_only = facts.other_group is not None
    by_pointer = facts.cells.by_pointer
    for pointer in blank:
        if by_pointer[pointer].section in empty or pointer in marks:
            continue
        if group_only and pointer.startswith(OTHER_GROUP + "/"):
            continue
        yield Hit("blank", pointer, {}, (pointer,))


_REMARK = re.compile(r"(?<=.)（[^）]*）$")  # "（区分处理的，…）" after a row label


def _unread_name(facts: Facts, row: UnreadRow) -> Phrase:
    """What an unread note covers, named with its table: 表三“一、本年新收…”, 表三“（三）不予公开”.

    A cell by its row and column (表三“一、本年新收…—总计”), a row or a group of
    rows by its label, a whole table by its name; a path that names nothing of the
    form by itself.
    """
    by_pointer = facts.cells.by_pointer
    if row.path in by_pointer:
        info = by_pointer[row.path]
        return CellName(info.table, info.name)
    if not row.cells:
        return Label(row.label)
    table = by_pointer[row.cells[0]].table
    rows = {by_pointer[p].name.rsplit("—", 1)[0] for p in row.cells}
    if len(rows) == 1:
        return CellName(table, rows.pop())
    if row.path.count("/") == 1:
        return TableName(table)
    try:
        node = layout.get_format(facts.format_id).node(tuple(row.path.strip("/").split("/")))
    except KeyError:
        return Label(row.label)
    return CellName(table, _REMARK.sub("", node.label))


def check_unread(facts: Facts) -> Iterator[Hit]:
    """A row of the form seen in the source whose values could not be captured: one finding."""
    for row in facts.unread_rows:
        yield Hit(
            "unread",
            row.path,
            {"row": _unread_name(facts, row), "raw": row.raw},
            row.cells,
            paths=row.cells or (row.path,),
        )


def check_implausible(facts: Facts) -> Iterator[Hit]:
    """A count a reader set aside (an ``implausible`` note): one finding, its cell unknown.

    The reader left the cell null because the number cannot be a count of its
    table (the report's year, or a stray large number); the identities that need
    the cell are skipped, like those of a row not read.
    """
    years = {facts.year - 1, facts.year, facts.year + 1} if facts.year is not None else set()
    for pointer, (raw, _source) in facts.implausible.items():
        why = "implausible.year" if raw.isdecimal() and int(raw) in years else "implausible.large"
        yield Hit(
            "implausible",
            pointer,
            {"cell": facts.name(pointer), "raw": raw, "why": fragment(why)},
            (pointer,),
            actual=raw,
        )


def check_mark(facts: Facts) -> Iterator[Hit]:
    """A cell that held "-", "/", "无" … instead of a number."""
    marks = facts.marks
    if not marks:
        return
    for pointer in facts.blank:
        if pointer in marks:
            yield Hit("mark", pointer, {"mark": marks[pointer]}, (pointer,), actual=marks[pointer])


def check_empty_table(facts: Facts) -> Iterator[Hit]:
    """D7: a whole table (二, 三 or 四) left blank."""
    empty = facts.empty_sections
    if not empty:
        return
    for section in layout.get_format(facts.format_id).sections:
        if section.id in empty:
            yield Hit("D7", f"/{section.id}", {"section": Label(section.label)})


def check_other_group(facts: Facts) -> Iterator[Hit]:
    """（六）其他处理 on its group row only, in a 2021 report (FORMAT.md §9.5)."""
    if facts.other_group is None:
        return
    raw, parsed = facts.other_group
    subrows = tuple(p for p in facts.cells.order if p.startswith(OTHER_GROUP + "/"))
    yield Hit(
        "other-group-only",
        OTHER_GROUP,
        {
            "group": Label(layout.OTHER_PROCESSING_LABEL),
            "raw": raw,
            "use": fragment("other_group.parsed" if parsed else "other_group.unread"),
        },
        subrows,
        actual=raw,
    )
