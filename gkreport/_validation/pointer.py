"""Cells by JSON pointer: the flat view of a report that the rules read.

The rules never walk the layout while validating. Everything they need about a
format's cells — the pointer of each cell, its kind, its labels, a fast getter
for a report object — is computed here once per format and cached, so a check
is a dictionary lookup.
"""

from __future__ import annotations

import functools
import re
import sys
import types
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from gkreport._forms import layout
from gkreport._forms.layout import Kind

__all__ = [
    "CellInfo",
    "FormatCells",
    "cells",
    "compile_function",
    "read_mapping",
    "read_report",
]

_ORDINAL = re.compile(r"^（[一二三四五六七八九]）")
_REMARK = re.compile(r"(?<=.)（[^）]*）$")  # "（区分处理的，只计这一情形…）" after a row label


@attrs.frozen
class CellInfo:
    """One cell of a format: where it is, what it holds, how the form labels it."""

    pointer: str
    path: tuple[str, ...]
    kind: Kind
    section: str  # "proactive" | "applications" | "appeals"
    label: str  # the official row labels × column label (layout.Leaf.label)
    short: str  # section ordinal + the row's own label × column: "三（七）总计 × 自然人"
    row: str  # the row's own label, prefixed with its group ordinal when it has one
    column: str  # the column label
    table: str = ""  # the table's ordinal as printed: 二, 三 or 四
    name: str = ""  # row—column without the row's remark: "（二）部分公开—总计"


@attrs.frozen
class FormatCells:
    """Every cell of one format, in printed order, with lookups the rules need."""

    format_id: str
    by_pointer: Mapping[str, CellInfo]
    order: tuple[str, ...]  # pointers in printed order

    def label(self, pointer: str) -> str:
        """The official label of a cell, or the pointer itself for anything else."""
        info = self.by_pointer.get(pointer)
        return info.label if info else pointer

    def short(self, pointer: str) -> str:
        """The compact label used inside messages and equations."""
        info = self.by_pointer.get(pointer)
        return info.short if info else pointer


def _row_label(row_labels: tuple[str, ...]) -> str:
    """A row's own label, prefixed by its group's ordinal for numbered sub-rows.

    ``1.属于国家秘密`` under ``（三）不予公开`` becomes ``（三）1.属于国家秘密`` so
    that the label alone says where the row is.
    """
    own = row_labels[-1]
    if len(row_labels) >= 3 and own[:1].isdigit():
        match = _ORDINAL.match(row_labels[-2])
        if match:
            return match.group(0) + own
    return own


def _joiner(row: str) -> str:
    """Nothing between 三 and （七）总计; a space between 三 and 一、本年新收…."""
    return " " if re.match(r"^[一二三四五六七八九十]+、", row) else ""


@functools.cache
def cells(format_id: str) -> FormatCells:
    """The cells of format ``format_id``, computed once."""
    fmt = layout.get_format(format_id)
    by_pointer: dict[str, CellInfo] = {}
    for leaf in fmt.leaves():
        section_ordinal = leaf.row_labels[0][:1]
        row = _row_label(leaf.row_labels)
        pointer = sys.intern(leaf.pointer)  # the same object as in generated code (`_interned`)
        by_pointer[pointer] = CellInfo(
            pointer=pointer,
            path=leaf.path,
            kind=leaf.cell.kind,
            section=leaf.path[0],
            label=leaf.label,
            short=f"{section_ordinal}{_joiner(row)}{row} × {leaf.cell.label}",
            row=row,
            column=leaf.cell.label,
            table=section_ordinal,
            name=f"{_REMARK.sub('', row)}—{leaf.cell.label}",
        )
    return FormatCells(format_id, by_pointer, tuple(by_pointer))


@functools.cache
def _filler(format_id: str) -> Callable[[Any, dict[str, Any]], None]:
    """A function filling a dict with every cell of a report, compiled once.

    ``d[…] = n.total`` runs at the speed of attribute access; looping over ~200 getters
    costs several times more. Each row object is bound to a local once
    (``n = r.applications.new``), so a cell costs one attribute load instead of its
    whole path. Each cell is one line, ``d["/applications/new/total"] = n.total``: the
    dict (a copy of `_blank`, so no resizing) is filled in place. Built from layout ids
    and ``repr`` of pointers only.
    """
    by_pointer = cells(format_id).by_pointer
    if not all(part.isidentifier() for info in by_pointer.values() for part in info.path):
        msg = f"layout ids of format {format_id} must be identifiers"  # pragma: no cover
        raise ValueError(msg)  # pragma: no cover
    names: dict[tuple[str, ...], str] = {(): "r"}
    lines = ["def fill(r, d):"]
    for info in by_pointer.values():
        for depth in range(1, len(info.path)):
            parent = info.path[:depth]
            if parent not in names:
                names[parent] = f"o{len(names)}"
                lines.append(f"    {names[parent]} = {names[parent[:-1]]}.{parent[-1]}")
        lines.append(f"    d[{info.pointer!r}] = {names[info.path[:-1]]}.{info.path[-1]}")
    return compile_function("\n".join(lines) + "\n", "fill")


@functools.cache
def _blank(format_id: str) -> dict[str, None]:
    """Every pointer of a format, in printed order, each blank: the dict `read_report` fills."""
    return dict.fromkeys(cells(format_id).order)


def compile_function(source: str, name: str) -> Callable[..., Any]:
    """The function ``name`` defined by generated ``source``.

    For the hot loops of validation that are fixed per format (reading every cell,
    summing every identity): straight-line code runs several times faster than a
    loop over data. ``source`` must be built from layout ids and ``repr`` of
    pointers only, never from a report's content.
    """
    namespace: dict[str, Any] = {}
    exec(_interned(compile(source, f"<{name}>", "exec")), namespace)
    compiled: Callable[..., Any] = namespace[name]
    return compiled


def _interned(code: types.CodeType) -> types.CodeType:
    """``code`` with its string constants interned, as `cells` interns every pointer.

    A pointer in the generated code is then the very key of the values dict: a
    lookup that finds the key object itself compares no characters.
    """
    consts = tuple(
        sys.intern(const)
        if type(const) is str
        else _interned(const)
        if isinstance(const, types.CodeType)
        else const
        for const in code.co_consts
    )
    return code.replace(co_consts=consts)


def read_report(report: Any) -> dict[str, Any]:
    """Every cell of a report object as ``{pointer: value}``, in printed order.

    Filling a copy of a dict of the right keys in place (`_filler`) costs less than
    building one from pairs (``dict.update(zip(…))`` makes a tuple a cell).
    """
    values = _blank(report.format).copy()
    _filler(report.format)(report, values)
    return values


_MISSING = object()


def _whole(value: object) -> bool:
    """A float or decimal holding a whole number (5.0, Decimal("5.0"), 5E+0)."""
    if type(value) is float:
        return value.is_integer()
    return isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()


def read_mapping(data: Mapping[str, Any], format_id: str) -> tuple[dict[str, Any], set[str]]:
    """Every readable cell of a raw payload, and the pointers that could not be read.

    A missing key reads as blank (None), exactly as `gkreport.from_dict` treats
    it; a path that runs into something other than an object is unreadable.
    """
    values: dict[str, Any] = {}
    unreadable: set[str] = set()
    for pointer, info in cells(format_id).by_pointer.items():
        node: Any = data
        for key in info.path:
            if not isinstance(node, Mapping):
                node = _MISSING
                break
            node = node.get(key)
            if node is None:
                break
        if node is _MISSING or isinstance(node, (Mapping, list)):
            unreadable.add(pointer)
            values[pointer] = None
        elif isinstance(node, (float, Decimal)) and info.kind is not Kind.MONEY and _whole(node):
            values[pointer] = int(node)  # JSON Schema calls 5.0 an integer, and so does the model
        else:
            values[pointer] = node
    return values, unreadable
