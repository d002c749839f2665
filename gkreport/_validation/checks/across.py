"""Checks that compare reports: consecutive years of one agency (X1, X2, X7), a roll-up (X4)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from gkreport._forms import features, layout
from gkreport._validation.checks.arithmetic import document_rows
from gkreport._validation.facts import C7, Facts, Hit
from gkreport._validation.messages import Label

__all__ = ["check_continuity", "check_in_force_chain", "check_repetition", "check_rollup"]


def check_continuity(previous: Facts, current: Facts) -> Iterator[Hit]:
    """X1: this year's 上年结转 equals last year's 结转下年度, per column."""
    for column in C7:
        before = previous.value(f"/applications/carried_forward/{column}")
        now = current.value(f"/applications/carried_over/{column}")
        if before is None or now is None or before == now:
            continue
        pointer = f"/applications/carried_over/{column}"
        yield Hit(
            "X1",
            pointer,
            {
                "column": Label(current.cells.by_pointer[pointer].column),
                "year": current.year,
                "previous": previous.year,
                "before": before,
                "now": now,
            },
            (pointer,),
            expected=before,
            actual=now,
        )


def _has_chain(format_id: str) -> bool:
    return layout.get_format(format_id).has(features.IN_FORCE_CHAIN)


def check_in_force_chain(previous: Facts, current: Facts) -> Iterator[Hit]:
    """X2 (2021): in force now ≈ in force last year + made − repealed this year."""
    if not all(_has_chain(facts.format_id) for facts in (previous, current)):
        return
    for row, label in document_rows(current.format_id):
        before = previous.value(f"{row}/in_force")
        made, repealed, now = (
            current.value(f"{row}/{c}") for c in ("made", "repealed", "in_force")
        )
        if None in (before, made, repealed, now):
            continue
        implied = before + made - repealed
        if implied != now:
            yield Hit(
                "X2",
                f"{row}/in_force",
                {"row": Label(label), "year": current.year, "previous": previous.year},
                (f"{row}/in_force", f"{row}/made", f"{row}/repealed"),
                expected=implied,
                actual=now,
                equation=f"{now} ≠ {before} + {made} − {repealed} = {implied}",
            )


_DIGITS = re.compile(r"\d+")


def check_repetition(previous: Facts, current: Facts) -> Iterator[Hit]:
    """X7: more than half of this year's narrative repeats last year's, numbers aside."""

    def units(facts: Facts) -> list[str]:
        return [
            _DIGITS.sub("#", s) for part in facts.sentences.values() for s in part if len(s) >= 10
        ]

    now, before = units(current), set(units(previous))
    total = sum(len(s) for s in now)
    if not total:
        return
    repeated = sum(len(s) for s in now if s in before)
    share = repeated / total
    if share > 0.5:
        yield Hit(
            "X7",
            "/text",
            {"share": f"{share:.0%}", "year": current.year, "previous": previous.year},
            expected="≤ 50%",
            actual=f"{share:.0%}",
        )


def check_rollup(parent: Facts, children: Sequence[Facts]) -> Iterator[Hit]:
    """X4: each count of tables 三 and 四 of a parent equals the sum over its children."""
    shared = [
        p
        for p in parent.cells.order
        if p.startswith(("/applications/", "/appeals/"))
        and all(p in child.cells.by_pointer for child in children)
    ]
    for pointer in shared:
        printed = parent.value(pointer)
        parts = [child.value(pointer) for child in children]
        if printed is None or any(v is None for v in parts):
            continue
        total = sum(parts)
        if total != printed:
            yield Hit(
                "X4",
                pointer,
                {"children": len(children)},
                (pointer,),
                expected=total,
                actual=printed,
                equation=f"{printed} ≠ {' + '.join(map(str, parts))} = {total}",
            )
