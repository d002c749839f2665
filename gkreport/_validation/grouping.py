"""One problem, one finding: hits that share a cause are folded into one.

The checks each say what they see, cell by cell and identity by identity; a
reviewer wants one line per thing to fix. Once every check of a report has run,
`group` folds:

* the identities (F1–F4) a ``diagnosis`` explains into that diagnosis: the one
  wrong cell is the problem, the failures are its symptoms;
* the ``blank`` cells of one table into a finding per whole blank column, per
  whole blank row, and one for the table's other blank cells (a table blank
  throughout is D7 already); a cell the reader saw but could not read (an
  ``unread`` note on it or its row) is unknown, not a value, so it does not split
  a column or row that is blank otherwise: the column stays one finding, naming
  the cells not read apart;
* an identity that fails because blank cells count as 0 into the blank finding
  that holds them: a blank on the side that falls short (filling it in may
  balance the identity) in one blank column or row, or a single such blank cell,
  which then stands as a finding of its own.

A folded hit is kept in ``explains`` of the hit it folds into, which takes the
most severe severity among them, so `gkreport.ValidationResult` counts problems,
not symptoms, and a report that failed still fails. An identity with blanks on
both sides or in several groups is left as it is: its cause is not one blank.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import attrs

from gkreport._validation.checks.arithmetic import Equation, equations
from gkreport._validation.facts import Facts, Hit, Severity
from gkreport._validation.messages import (
    CellName,
    Fragment,
    Joined,
    Phrase,
    Quoted,
    TableName,
    fragment,
)

__all__ = ["group"]

_IDENTITIES = frozenset({"F1", "F2", "F3", "F4"})
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
#: The most cells a message lists by name; the rest are in ``paths``.
_LISTED = 5


@functools.cache
def _by_anchor(format_id: str) -> dict[tuple[str, str], Equation]:
    return {(eq.code, eq.anchor): eq for eq in equations(format_id)}


def _severity(hit: Hit, default: Severity) -> Severity:
    return hit.severity or default


def _worst(severities: Iterable[Severity]) -> Severity:
    return min(severities, key=_RANK.__getitem__)


@attrs.define
class _Blanks:
    """Blank cells taken together: a column, a row, the rest of a table, or one cell."""

    kind: str  # "column" | "row" | "cell"; "table": the quiet ones of a table; "rest"
    section: str
    cells: list[str]
    name: str = ""  # the column's or row's label
    explains: list[Hit] = attrs.field(factory=list)
    #: For a "table": its wholly blank columns and rows, and the "rest" of its blank cells.
    parts: list[_Blanks] = attrs.field(factory=list)
    #: The cells of a column or row not read (unknown, not blank), among ``cells``.
    unknown: list[str] = attrs.field(factory=list)


def group(hits: Sequence[Hit], facts: Facts, severities: dict[str, Severity]) -> list[Hit]:
    """The hits of one report with the symptoms folded into their causes (see the module).

    ``severities`` gives each code's catalog severity (a hit without its own).
    """
    blanks = [h for h in hits if h.code == "blank"]
    diagnoses = [h for h in hits if h.code == "diagnosis"]
    identities = [h for h in hits if h.code in _IDENTITIES]
    if not blanks and not diagnoses:
        return list(hits)
    kept = [h for h in hits if h.code not in _IDENTITIES and h.code not in ("blank", "diagnosis")]
    folded: set[int] = set()
    blank_cells = {h.path for h in blanks}
    for diagnosis in diagnoses:
        broken = [h for h in identities if diagnosis.path in h.cells and id(h) not in folded]
        folded.update(map(id, broken))
        blank_cells.discard(diagnosis.path)  # the diagnosis says it: printed blank, implied N
        kept.append(_fold(diagnosis, broken, severities))
    groups = _structure(facts, blank_cells)
    in_group = {cell: g for g in groups for cell in g.cells}
    singles: dict[str, _Blanks] = {}
    by_anchor = _by_anchor(facts.format_id)
    for hit in identities:
        if id(hit) in folded:
            continue
        short = _short_blanks(hit, by_anchor, blank_cells)
        owners = {id(in_group[c]) for c in short if c in in_group}
        if short and len(owners) == 1 and all(c in in_group for c in short):
            in_group[short[0]].explains.append(hit)
        elif len(short) == 1:
            cell = short[0]
            single = singles.setdefault(
                cell, _Blanks("cell", facts.cells.by_pointer[cell].section, [cell])
            )
            single.explains.append(hit)
        else:
            continue
        folded.add(id(hit))
    kept += [h for h in identities if id(h) not in folded]
    causes = [g for g in groups if g.explains] + list(singles.values())
    quiet = [g for g in groups if not g.explains]
    taken = {cell for g in causes for cell in g.cells}
    order = _order(facts)
    for section in dict.fromkeys(facts.cells.by_pointer[c].section for c in facts.cells.order):
        alone = [c for c in blank_cells if c not in taken and c not in in_group]
        alone = [c for c in alone if facts.cells.by_pointer[c].section == section]
        mine = [g for g in quiet if g.section == section]
        if not alone and not mine:
            continue
        if not mine and len(alone) == 1:
            causes.append(_Blanks("cell", section, alone))
            continue
        if not alone and len(mine) == 1:  # one whole column or row: said as such
            causes.append(mine[0])
            continue
        alone.sort(key=order.__getitem__)
        rest = _Blanks("table", section, [*alone, *(c for g in mine for c in g.cells)])
        rest.parts = [*mine, *([_Blanks("rest", section, alone)] if alone else [])]
        causes.append(rest)
    kept += [_blank_hit(g, facts, severities) for g in causes]
    return kept


def _fold(hit: Hit, symptoms: list[Hit], severities: dict[str, Severity]) -> Hit:
    if not symptoms:
        return hit
    worst = _worst(
        [_severity(hit, severities[hit.code])]
        + [_severity(s, severities[s.code]) for s in symptoms]
    )
    return attrs.evolve(hit, explains=tuple(symptoms), severity=worst)


@functools.cache
def _order_of(format_id: str, pointers: tuple[str, ...]) -> dict[str, int]:
    return {p: i for i, p in enumerate(pointers)}


def _order(facts: Facts) -> dict[str, int]:
    return _order_of(facts.format_id, facts.cells.order)


def _short_blanks(
    hit: Hit, by_anchor: dict[tuple[str, str], Equation], blank: set[str]
) -> list[str]:
    """The blank cells on the side of a failing identity that falls short.

    A number written into one of them (≥ 0) could balance the identity; a blank on
    the side that is already larger could not, so it is no cause.
    """
    equation = by_anchor.get((hit.code, hit.path))
    delta = hit.params.get("delta") if equation is not None else None
    if equation is None or not isinstance(delta, int) or delta == 0:
        return []
    side = equation.left if delta < 0 else equation.right
    return [p for p in side if p in blank]


def _structure(facts: Facts, blank: set[str]) -> list[_Blanks]:
    """The wholly blank columns (three rows or more) and rows (two cells or more) of each table.

    A cell not read (`_not_read`) is unknown: a column or row whose other cells are
    blank, more of them blank than unknown, is still wholly blank, its unknown cells
    among its cells (so the finding's pointer is its first cell, read or not).
    """
    found: list[_Blanks] = []
    by_pointer = facts.cells.by_pointer
    unknown = _not_read(facts)
    sections: dict[str, list[str]] = {}
    for pointer in facts.cells.order:
        sections.setdefault(by_pointer[pointer].section, []).append(pointer)
    for section, pointers in sections.items():
        if not blank.intersection(pointers):
            continue
        columns: dict[str, list[str]] = {}
        rows: dict[str, list[str]] = {}
        for pointer in pointers:
            row, column = pointer.rsplit("/", 1)
            columns.setdefault(column, []).append(pointer)
            rows.setdefault(row, []).append(pointer)
        taken: set[str] = set()
        for column_cells in columns.values():
            if _wholly_blank(column_cells, blank, unknown, least=3):
                name = by_pointer[column_cells[0]].column
                missing = [p for p in column_cells if p not in blank]
                found.append(_Blanks("column", section, list(column_cells), name, unknown=missing))
                taken.update(column_cells)
        for row_cells in rows.values():
            left = [p for p in row_cells if p not in taken]
            if _wholly_blank(left, blank, unknown, least=2):
                name = by_pointer[left[0]].name.rsplit("—", 1)[0]
                missing = [p for p in left if p not in blank]
                found.append(_Blanks("row", section, left, name, unknown=missing))
                taken.update(left)
    return found


def _not_read(facts: Facts) -> frozenset[str]:
    """The cells an ``unread`` note leaves unknown (on the cell or on its row)."""
    return frozenset(p for row in facts.unread_rows for p in row.cells)


def _wholly_blank(
    pointers: Sequence[str], blank: set[str], unknown: frozenset[str], *, least: int
) -> bool:
    """At least ``least`` cells, each blank or unknown, more of them blank than unknown."""
    blanks = sum(p in blank for p in pointers)
    if blanks == len(pointers):
        return blanks >= least
    return (
        blanks >= least
        and blanks > len(pointers) - blanks
        and all(p in blank or p in unknown for p in pointers)
    )


def _blank_hit(blanks: _Blanks, facts: Facts, severities: dict[str, Severity]) -> Hit:
    """One ``blank`` hit for a group of blank cells, folding the identities it explains."""
    by_pointer = facts.cells.by_pointer
    order = _order(facts)
    cells_ = tuple(sorted(blanks.cells, key=order.__getitem__))
    first = by_pointer[cells_[0]]
    table = TableName(first.table)
    unknown = len(blanks.unknown) + sum(len(part.unknown) for part in blanks.parts)
    what: Phrase
    if blanks.kind == "cell":
        what = fragment("blank.cell", cell=CellName(first.table, first.name))
    elif blanks.kind in ("column", "row"):
        what = Fragment(
            f"blank.whole_{blanks.kind}" + ("_unread" if unknown else ""),
            {"table": table, "name": blanks.name, "count": len(cells_) - unknown}
            | ({"unread": unknown} if unknown else {}),
        )
    else:
        what = fragment(
            "blank.table",
            table=table,
            count=len(cells_) - unknown,
            parts=Joined.of(_parts(blanks.parts, facts), "parts"),
        )
    symptoms = sorted(blanks.explains, key=lambda h: (h.code, order.get(h.path, len(order))))
    # one blank cell, the only blank on the short side of each identity it breaks: each
    # says what it should hold; when they agree, that is the value expected
    implied = {abs(h.params["delta"]) for h in symptoms} if blanks.kind == "cell" else set()
    expected = implied.pop() if len(implied) == 1 else None
    params: dict[str, object] = {
        "what": what,
        "explains": _explained(symptoms) if symptoms else "",
        "implied": fragment("blank.implied", value=expected) if expected is not None else "",
    }
    hit = Hit("blank", cells_[0], params, cells_, expected=expected, paths=cells_)
    return _fold(hit, symptoms, severities)


def _parts(parts: list[_Blanks], facts: Facts) -> list[Phrase]:
    """A table's wholly blank columns, its wholly blank rows, and its other blank cells."""
    found: list[Phrase] = []
    for kind in ("column", "row"):
        names = [Quoted(part.name) for part in parts if part.kind == kind]
        if names:
            plural = "s" if len(names) > 1 else ""
            found.append(fragment(f"blank.{kind}{plural}", names=Joined.of(names, "list")))
    for part in parts:
        if part.kind == "rest":
            listed = [Quoted(facts.cells.by_pointer[p].name) for p in part.cells[:_LISTED]]
            names_ = Joined.of(listed, "list")
            if len(part.cells) > _LISTED:
                found.append(fragment("blank.some_cells", names=names_, count=len(part.cells)))
            else:
                found.append(names_)
    return found


def _explained(symptoms: list[Hit]) -> Phrase:
    """The codes of the folded identities, each with its count when several: F2 ×11、F3."""
    counts: dict[str, int] = {}
    for hit in symptoms:
        counts[hit.code] = counts.get(hit.code, 0) + 1
    codes = [code if n == 1 else f"{code} ×{n}" for code, n in counts.items()]
    return fragment("blank.explains", count=len(symptoms), codes=Joined.of(codes, "list"))
