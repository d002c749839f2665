"""The arithmetic of the tables: F1–F4 identities, the diagnosis, X3 and X6.

The identities are XBRL-style summations generated from the layout: one
`Equation` per column of F1 and F3, per row of F2, per block of F4, expanded once
per format and cached. ``left − right`` of every identity of a format is compiled
into one straight-line function, so checking a report's ~40 identities costs one
call; only an identity that fails is summed again to be explained.

A blank cell counts as 0; an identity that uses an unreadable cell (wrong type,
or a payload that does not structure) is skipped rather than guessed. A total is
never recomputed into the data: a failing identity reports the printed value,
the value the other cells imply and the full equation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from gkreport._forms import features, layout
from gkreport._validation.facts import C6, C7, OTHER_GROUP, Facts, Hit
from gkreport._validation.messages import (
    CellName,
    Fragment,
    Joined,
    Label,
    Phrase,
    TableName,
    blank_or,
    fragment,
)
from gkreport._validation.pointer import cells, compile_function

__all__ = [
    "Equation",
    "check_diagnosis",
    "check_identity",
    "check_made_vs_in_force",
    "check_published_vs_made",
    "document_row_name",
    "document_rows",
    "equation_text",
    "equations",
    "failures",
]


@attrs.frozen
class Equation:
    """``Σ left = Σ right`` over cells; ``anchor`` is the cell a finding points at."""

    code: str
    anchor: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    about: str  # the column, row or block it checks, for messages

    @property
    def cells(self) -> tuple[str, ...]:
        """Every cell the identity ties, left side first."""
        return self.left + self.right


@functools.cache
def equations(format_id: str) -> tuple[Equation, ...]:
    """F1–F4 of one format, one equation per column, row or block, built once."""
    fmt = layout.get_format(format_id)
    info = cells(format_id)
    rows = [("/" + "/".join(path), row) for path, row, _ in fmt.rows(fmt.applications)]
    leaves = [
        p for p, _ in rows if p.startswith("/applications/results/") and not p.endswith("/total")
    ]
    if fmt.has(features.OTHER_SUBROWS):
        leaves.append(OTHER_GROUP)  # a group-only （六）: see Facts._other_group
    found: list[Equation] = []
    for column in C7:
        label = info.by_pointer[f"/applications/new/{column}"].column
        found.append(
            Equation(
                "F1",
                f"/applications/results/total/{column}",
                (f"/applications/new/{column}", f"/applications/carried_over/{column}"),
                (
                    f"/applications/results/total/{column}",
                    f"/applications/carried_forward/{column}",
                ),
                label,
            )
        )
    for pointer, _ in rows:
        found.append(
            Equation(
                "F2",
                f"{pointer}/total",
                (f"{pointer}/total",),
                tuple(f"{pointer}/{c}" for c in C6),
                info.by_pointer[f"{pointer}/total"].row,
            )
        )
    for column in C7:
        found.append(
            Equation(
                "F3",
                f"/applications/results/total/{column}",
                (f"/applications/results/total/{column}",),
                tuple(f"{leaf}/{column}" for leaf in leaves),
                info.by_pointer[f"/applications/new/{column}"].column,
            )
        )
    for path, row, _ in fmt.rows(fmt.appeals):
        pointer = "/" + "/".join(path)
        items = tuple(f"{pointer}/{c.id}" for c in row.cells if c.id != "total")
        found.append(Equation("F4", f"{pointer}/total", (f"{pointer}/total",), items, row.label))
    return tuple(found)


# --- which identities fail ---------------------------------------------------------------


@functools.cache
def _imbalances(format_id: str) -> Callable[[dict[str, Any]], tuple[int, ...]]:
    """``Σ left − Σ right`` of every identity, blank as 0, as one generated function.

    Every cell of the format is a key of the values; the virtual cells of a
    group-only （六） are read with ``get`` (absent unless the note gave them).
    """
    known = cells(format_id).by_pointer
    used = list(dict.fromkeys(p for equation in equations(format_id) for p in equation.cells))
    name = {p: f"v{index}" for index, p in enumerate(used)}
    lines = [
        f"    {name[p]} = values[{p!r}] or 0"
        if p in known
        else f"    {name[p]} = values.get({p!r}) or 0"
        for p in used
    ]
    terms = [
        f"({' + '.join(name[p] for p in eq.left)}) - ({' + '.join(name[p] for p in eq.right)})"
        for eq in equations(format_id)
    ]
    body = "\n".join(lines)
    source = f"def imbalances(values):\n{body}\n    return ({', '.join(terms)},)\n"
    return compile_function(source, "imbalances")


def _sides(facts: Facts, equation: Equation) -> tuple[int, int]:
    get = facts.values.get
    left = sum(get(p) or 0 for p in equation.left)
    return left, sum(get(p) or 0 for p in equation.right)


def _failing(facts: Facts) -> list[tuple[Equation, int, int]]:
    found_in = equations(facts.format_id)
    unreadable = facts.unreadable
    if unreadable:
        candidates = [eq for eq in found_in if unreadable.isdisjoint(eq.cells)]
    else:  # the common case: one call tells which identities fail
        deltas = _imbalances(facts.format_id)(facts.values)
        candidates = [eq for eq, delta in zip(found_in, deltas, strict=True) if delta]
    found = []
    for equation in candidates:
        left, right = _sides(facts, equation)
        if left != right:
            found.append((equation, left, right))
    return found


def failures(facts: Facts) -> list[tuple[Equation, int, int]]:
    """Every identity of the report that does not hold, with its two sides."""
    return facts.memo("failures", lambda: _failing(facts))


# --- how a failure reads -------------------------------------------------------------------

_REMARK = re.compile(r"(?<=.)（[^）]*）$")


def _term(facts: Facts, pointer: str, by: str) -> Fragment:
    """One term of an equation: the row (or column) label and the value, or blank."""
    info = facts.cells.by_pointer.get(pointer)
    if info is None:  # the group row of a group-only （六）
        label = layout.OTHER_PROCESSING_LABEL
    else:
        label = _REMARK.sub("", info.row) if by == "row" else info.column
    return fragment("term", label=Label(label), value=blank_or(facts.values.get(pointer)))


def _side(facts: Facts, pointers: tuple[str, ...], by: str) -> Phrase | str:
    present = [
        p for p in pointers if p in facts.cells.by_pointer or facts.values.get(p) is not None
    ]
    if len(present) <= 7:
        return Joined.of((_term(facts, p, by) for p in present), "plus")
    shown = [p for p in present if facts.values.get(p) != 0]
    zeros = len(present) - len(shown)
    terms = Joined.of((_term(facts, p, by) for p in shown), "plus") if shown else "0"
    return fragment("other_zeros", terms=terms, count=zeros) if zeros else terms


def equation_text(facts: Facts, equation: Equation, left: int, right: int) -> Phrase:
    """``总计 12 ≠ 11 = 自然人 5 + …``: the full identity with the printed numbers.

    A phrase, so that the English message words it in English (`gkreport._validation.messages`).
    """
    by = "column" if equation.code in ("F2", "F4") else "row"
    left_side = _side(facts, equation.left, by)
    if len(equation.left) > 1:
        left_side = fragment("sum", terms=left_side, total=left)
    return fragment("identity", left=left_side, right=right, terms=_side(facts, equation.right, by))


# --- the checks ----------------------------------------------------------------------------


def _in_order(facts: Facts, pointers: set[str]) -> list[str]:
    """Pointers in table order (a group-only （六）'s own columns after the cells)."""
    order = {p: i for i, p in enumerate(facts.cells.order)}
    return sorted(pointers, key=lambda p: (order.get(p, len(order)), p))


def _printed(facts: Facts, pointers: tuple[str, ...], total: int) -> int | None:
    """A side's value for ``expected``/``actual``: None when every cell of it is blank."""
    if all(facts.values.get(p) is None for p in pointers):
        return None
    return total


def _about(facts: Facts, equation: Equation) -> Phrase:
    """What an identity checks, named with its table: 表三“自然人”列, 表四“行政复议”."""
    table = facts.cells.by_pointer[equation.anchor].table
    if equation.code in ("F1", "F3"):
        return fragment("about.column", table=TableName(table), column=equation.about)
    return CellName(table, _REMARK.sub("", equation.about))


def check_identity(code: str) -> Callable[[Facts], Iterator[Hit]]:
    """The check of F1, F2, F3 or F4: one hit per identity of that family that fails."""

    def check(facts: Facts) -> Iterator[Hit]:
        for equation, left, right in failures(facts):
            if equation.code != code:
                continue
            yield Hit(
                code,
                equation.anchor,
                {"about": _about(facts, equation), "delta": left - right},
                equation.cells,
                # the printed total is what is checked; a blank one is null, not 0
                expected=(
                    _printed(facts, equation.right, right)
                    if len(equation.left) == 1
                    else _printed(facts, equation.left, left)
                ),
                actual=(
                    _printed(facts, equation.left, left)
                    if len(equation.left) == 1
                    else _printed(facts, equation.right, right)
                ),
                equation=equation_text(facts, equation, left, right),
            )

    check.__doc__ = f"The {code} identities that do not hold."
    return check


def check_diagnosis(facts: Facts) -> Iterator[Hit]:
    """One cell whose change would satisfy every failing identity it is part of.

    A cell qualifies when it sits in at least two failing identities, in no
    identity that holds (changing it would break that one), and every failing
    identity it sits in asks for the same change. Two qualifying cells that
    explain a same identity make the diagnosis ambiguous; then nothing is said.
    """
    failing_now = failures(facts)
    if len(failing_now) < 2:
        return
    failing = {id(eq): (eq, left - right) for eq, left, right in failing_now}
    candidates: dict[str, list[tuple[Equation, int]]] = {}
    for equation in equations(facts.format_id):
        for pointer in equation.cells:
            candidates.setdefault(pointer, []).append(
                (equation, 1 if pointer in equation.left else -1)
            )
    found: list[tuple[str, int, tuple[Equation, ...]]] = []
    for pointer, memberships in candidates.items():
        if pointer in facts.unreadable or pointer not in facts.cells.by_pointer:
            continue
        if len(memberships) < 2 or any(id(eq) not in failing for eq, _ in memberships):
            continue
        changes = {-failing[id(eq)][1] * weight for eq, weight in memberships}
        if len(changes) != 1:
            continue
        implied = (facts.values.get(pointer) or 0) + changes.pop()
        if implied >= 0:
            found.append((pointer, implied, tuple(eq for eq, _ in memberships)))
    for pointer, implied, explained in found:
        others = [other for other in found if other[0] != pointer]
        if any(set(map(id, explained)) & set(map(id, other[2])) for other in others):
            continue
        printed = facts.values.get(pointer)
        codes = Joined.of(sorted({eq.code for eq in explained}), "list")
        yield Hit(
            "diagnosis",
            pointer,
            {
                "printed": blank_or(printed),
                "implied": implied,
                "count": len(explained),
                "codes": codes,
            },
            (pointer, *_in_order(facts, {p for eq in explained for p in eq.cells} - {pointer})),
            expected=implied,
            actual=printed,
            equation=Joined.of(
                (
                    equation_text(facts, eq, left, right)
                    for eq, left, right in failing_now
                    if id(eq) in set(map(id, explained))
                ),
                "semicolon",
            ),
        )


# --- inequalities of table 二 ---------------------------------------------------------------


@functools.cache
def document_rows(format_id: str) -> tuple[tuple[str, str], ...]:
    """The rows of 规章 and (行政)规范性文件 (第二十条第（一）项): pointer and label."""
    fmt = layout.get_format(format_id)
    return tuple(
        (f"/proactive/{row_id}", fmt.node(("proactive", row_id)).label)
        for block in fmt.blocks[:1]
        for row_id in block.rows
    )


def document_row_name(facts: Facts, row: str, label: str) -> CellName:
    """A row of 二 named with its table, as messages name it: 表二“规章”."""
    first = next(p for p in facts.cells.order if p.startswith(row + "/"))
    return CellName(facts.cells.by_pointer[first].table, label)


def _column_term(facts: Facts, pointer: str, value: int) -> Fragment:
    """A term of an inequality of table 二: the column label and the value."""
    return fragment("term", label=Label(facts.cells.by_pointer[pointer].column), value=value)


def check_made_vs_in_force(facts: Facts) -> Iterator[Hit]:
    """X3 (2021): documents made this year cannot exceed those in force plus those repealed."""
    for row, label in document_rows(facts.format_id):
        made, repealed, in_force = (
            facts.value(f"{row}/{c}") for c in ("made", "repealed", "in_force")
        )
        if None in (made, repealed, in_force) or made <= in_force + repealed:
            continue
        yield Hit(
            "X3",
            f"{row}/made",
            {"row": document_row_name(facts, row, label)},
            (f"{row}/made", f"{row}/in_force", f"{row}/repealed"),
            expected=f"≤ {in_force + repealed}",
            actual=made,
            equation=fragment(
                "more_than_sum",
                left=_column_term(facts, f"{row}/made", made),
                terms=Joined.of(
                    (
                        _column_term(facts, f"{row}/in_force", in_force),
                        _column_term(facts, f"{row}/repealed", repealed),
                    ),
                    "plus",
                ),
                total=in_force + repealed,
            ),
        )


def check_published_vs_made(facts: Facts) -> Iterator[Hit]:
    """X6 (2019): documents newly published should not outnumber those newly made."""
    for row, label in document_rows(facts.format_id):
        made, published = facts.value(f"{row}/new_made"), facts.value(f"{row}/new_published")
        if made is None or published is None or published <= made:
            continue
        yield Hit(
            "X6",
            f"{row}/new_published",
            {"row": document_row_name(facts, row, label)},
            (f"{row}/new_published", f"{row}/new_made"),
            expected=f"≤ {made}",
            actual=published,
            equation=fragment(
                "more_than",
                left=_column_term(facts, f"{row}/new_published", published),
                right=_column_term(facts, f"{row}/new_made", made),
            ),
        )
