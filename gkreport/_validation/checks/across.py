"""Checks across reports: an agency's years (X1, X2, X7, X8, X10), a run (X9), a roll-up (X4)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from gkreport._forms import features, layout
from gkreport._forms.tree import Group, Kind
from gkreport._validation.checks.arithmetic import document_row_name, document_rows
from gkreport._validation.facts import C7, Facts, Hit
from gkreport._validation.messages import Label

__all__ = [
    "check_continuity",
    "check_copied_text",
    "check_in_force_chain",
    "check_jump",
    "check_repetition",
    "check_rollup",
    "check_same_numbers",
]


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
                {
                    "row": document_row_name(current, row, label),
                    "year": current.year,
                    "previous": previous.year,
                },
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


#: X8 holds a table copied from last year only when enough of it is non-zero: a small
#: agency's all-zero tables are legitimately the same every year.
_MIN_NON_ZERO = 5


def check_same_numbers(previous: Facts, current: Facts) -> Iterator[Hit]:
    """X8: every count of tables 二–四 equals last year's, and at least five are not 0.

    Two forms of the same format only (other formats count other things); a count
    left unknown (an unread row) is no evidence either way, so the check is skipped.
    """
    if previous.format_id != current.format_id or previous.unread or current.unread:
        return
    counts = [p for p, info in current.cells.by_pointer.items() if info.kind is Kind.COUNT]
    if any(previous.values.get(p) != current.values.get(p) for p in counts):
        return
    non_zero = [p for p in counts if current.values.get(p)]
    if len(non_zero) >= _MIN_NON_ZERO:
        yield Hit(
            "X8",
            non_zero[0],
            {
                "year": current.year,
                "previous": previous.year,
                "count": len(counts),
                "non_zero": len(non_zero),
            },
            tuple(non_zero),
            expected="≠",
            actual=len(counts),
        )


#: X10: a change by this factor or more, between counts of at least `_MIN_JUMP_BASE` each.
_JUMP = 5
_MIN_JUMP_BASE = 20


def _jump_topics(format_id: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """新收 and each result group of table 三: (pointer, short label, the 总计 cells it sums)."""
    fmt = layout.get_format(format_id)
    new = fmt.node("applications.new")
    topics: list[tuple[str, str, tuple[str, ...]]] = [
        ("/applications/new/total", new.label, ("/applications/new/total",))
    ]
    results = fmt.node("applications.results")
    for child in results.children if isinstance(results, Group) else ():
        if child.id == "total":
            continue
        base = f"/applications/results/{child.id}"
        rows = child.children if isinstance(child, Group) else (child,)
        cells = tuple(f"{base}/total" if row is child else f"{base}/{row.id}/total" for row in rows)
        topics.append((base, re.sub(r"(?<=.)（[^（）]*）$", "", child.label), cells))
    return topics


def check_jump(previous: Facts, current: Facts) -> Iterator[Hit]:
    """X10: 新收 or a result group is five times last year's, or a fifth of it (both ≥ 20).

    Info only: a new bureau, a merger or a wave of applications explains it, but a
    reviewer asks; small numbers swing too easily to say anything.
    """
    before = {pointer: cells for pointer, _, cells in _jump_topics(previous.format_id)}
    for pointer, label, cells in _jump_topics(current.format_id):
        if pointer not in before:
            continue
        now, then = current.sum(cells), previous.sum(before[pointer])
        if now is None or then is None or min(now, then) < _MIN_JUMP_BASE:
            continue
        if max(now, then) >= _JUMP * min(now, then):
            yield Hit(
                "X10",
                cells[0] if len(cells) == 1 else pointer,
                {
                    "what": Label(label),
                    "year": current.year,
                    "previous": previous.year,
                    "now": now,
                    "before": then,
                },
                cells,
                expected=then,
                actual=now,
            )


#: X9 keeps to sentences this long (numbers masked) and ignores a sentence found in more
#: reports than `_COMMON`: boilerplate of the notice (统计期限…) copies no one, and the cap
#: keeps the work linear in the number of sentences of the run.
_MIN_SENTENCE = 10
_COMMON = 8
_COPIED_SHARE = 0.5


def _units(facts: Facts) -> list[str]:
    """The narrative's sentences of at least `_MIN_SENTENCE` characters, numbers masked."""
    return [
        _DIGITS.sub("#", s)
        for part in facts.sentences.values()
        for s in part
        if len(s) >= _MIN_SENTENCE
    ]


def _agency_key(agency: str | None) -> str:
    """An agency's name compared loosely: width, spaces and 人民政府/政府 aside."""
    name = "".join(unicodedata.normalize("NFKC", agency or "").split())
    return name.replace("人民政府", "政府")


def _same_agency(one: str | int, other: str | int) -> bool:
    """The same agency, or one name the other with a region before it (淮安市洪泽区…)."""
    if isinstance(one, int) or isinstance(other, int):
        return one == other
    return one.endswith(other) or other.endswith(one)


def check_copied_text(reports: Sequence[Facts]) -> Iterator[Hit]:
    """X9: over half of a report's text is found in one other agency's report of the run.

    An exact index of sentences (numbers masked) → the reports holding them, built in
    one pass; each report then adds up, per other report, the characters they share,
    so the work grows with the number of sentences, not the number of pairs. Two
    reports of the same agency are X7's (consecutive years), not X9's. Each hit's
    ``report`` parameter is the index of the report it belongs to.
    """
    units = [_units(facts) for facts in reports]
    holders: dict[str, list[int]] = {}
    for index, sentences in enumerate(units):
        for sentence in dict.fromkeys(sentences):
            holders.setdefault(sentence, []).append(index)
    agencies = [_agency_key(facts.agency) or index for index, facts in enumerate(reports)]
    for index, sentences in enumerate(units):
        total = sum(len(s) for s in sentences)
        if not total:
            continue
        shared: dict[int, int] = {}
        for sentence in sentences:
            others = holders[sentence]
            if len(others) > _COMMON:
                continue
            for other in others:
                if not _same_agency(agencies[other], agencies[index]):
                    shared[other] = shared.get(other, 0) + len(sentence)
        if not shared:
            continue
        other = max(shared, key=lambda o: (shared[o], -o))
        share = shared[other] / total
        if share > _COPIED_SHARE:
            source = reports[other]
            yield Hit(
                "X9",
                "/text",
                {
                    "report": index,
                    "share": f"{share:.0%}",
                    "other": Label(source.agency.strip() if source.agency else "—"),
                    "other_year": source.year if source.year is not None else "—",
                },
                expected=f"≤ {_COPIED_SHARE:.0%}",
                actual=f"{share:.0%}",
            )
