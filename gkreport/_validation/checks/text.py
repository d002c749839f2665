"""Checks of the narrative against the tables: T1–T12 (FORMAT.md §6.3).

`gkreport._validation.narrative` finds what the text states ("收到申请5件", "均获维持"); these
checks compare each statement with the cells it is about. A statement whose
wording admits another reading (``loose``) or that speaks of part of the agency
(``subset``) yields a warning instead of an error; a subset count need only not
exceed the table. Every check reads only the statements whose number counts what
its table counts (`Statement.counts`): "办理相关案件74件" after a sentence on 应诉
counts appeal cases and is compared with no applications cell.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any, cast

from gkreport._forms import features, layout, registry
from gkreport._validation import narrative as _narrative
from gkreport._validation.facts import C6, OTHER_GROUP, Facts, Hit
from gkreport._validation.finding import Severity
from gkreport._validation.messages import Fragment, Joined, Label, blank_or, fragment
from gkreport._validation.narrative import Statement
from gkreport._vocabulary import MONEY_UNITS, alternation

__all__ = [
    "Readings",
    "appeal_readings",
    "check_all_concluded",
    "check_all_upheld",
    "check_fee_amount",
    "check_no_appeals",
    "check_percent",
    "compare",
    "concluded_readings",
    "document_readings",
    "group_readings",
    "outcome_readings",
    "received_readings",
    "row_readings",
]


#: What the table says a stated number could be: (value, the cells it comes from), main first.
Readings = list[tuple[int | None, tuple[str, ...]]]

_RESULTS = "/applications/results"
_APPEAL_BLOCKS = {
    "review": ("/appeals/review",),
    "litigation": ("/appeals/litigation_direct", "/appeals/litigation_after_review"),
}


def _group_rows(facts: Facts, group: str) -> list[str]:
    """The leaf rows of a result group (（一）…（六）), as row pointers in table order."""
    prefix = f"{_RESULTS}/{group}"
    rows = list(
        dict.fromkeys(
            p.rsplit("/", 1)[0]
            for p in facts.cells.order
            if p == prefix or p.startswith(prefix + "/")
        )
    )
    if group == "other" and facts.other_group is not None:
        rows.append(OTHER_GROUP)
    return rows


def _about(facts: Facts, topic: str) -> list[Statement]:
    """The statements of ``topic`` whose number counts what the topic's table counts.

    "全县共办理相关案件74件" is a CONCLUDED statement that counts appeal cases: no
    rule on applications compares it (`narrative.Counted`).
    """
    statements = facts.statements_about(topic)
    if not statements:  # most topics of most reports: no comprehension run for nothing
        return statements
    counted = _narrative.COUNTED_BY_TOPIC[topic]
    return [s for s in statements if s.counts == counted]


def _text_hit(
    code: str,
    statement: Statement,
    cells_: tuple[str, ...],
    table: object,
    facts: Facts,
    **params: Any,
) -> Hit:
    return Hit(
        code,
        f"/text/{statement.part}",
        {
            "quote": facts.verbatim(statement.part, statement.sentence),
            "stated": statement.number,
            "table": table,
            "cells": Joined.of((facts.name(p) for p in cells_), "plus"),
            **params,
        },
        cells_,
        expected=table,
        actual=statement.number,
        severity=Severity.WARNING if statement.loose or statement.subset else None,
    )


def compare(
    code: str,
    topic: str,
    readings: Callable[[Facts, Statement], Readings],
) -> Callable[[Facts], Iterator[Hit]]:
    """A check that a stated count equals one of the table's readings of it.

    ``readings`` lists what the table says the number could be (the first is the
    main reading, shown in the message); a subset statement need only not exceed
    the largest reading.
    """

    def check(facts: Facts) -> Iterator[Hit]:
        for statement in _about(facts, topic):
            options = [
                (value, ptrs) for value, ptrs in readings(facts, statement) if value is not None
            ]
            if not options:
                continue
            stated = cast(int, statement.number)  # a count's statement always has its number
            if statement.subset:
                if stated <= max(value for value, _ in options):
                    continue
            elif any(stated == value for value, _ in options):
                continue
            value, pointers = options[0]
            yield _text_hit(code, statement, pointers, value, facts)

    check.__doc__ = f"{code}: the narrative's {topic} count against the table."
    return check


def received_readings(facts: Facts, statement: Statement) -> Readings:
    """T1: new applications, or new + carried over (the only reading after 含上年结转)."""
    new, over = facts.row_total("/applications/new"), facts.row_total("/applications/carried_over")
    both = new + over if new is not None and over is not None else None
    cells_new = ("/applications/new/total",)
    cells_both = (*cells_new, "/applications/carried_over/total")
    if statement.includes_carried_over:
        return [(both, cells_both)]
    return [(new, cells_new), (both, cells_both)]


def row_readings(row: str) -> Callable[[Facts, Statement], Readings]:
    """T2, T4: the 总计 of one row of table 三."""

    def readings(facts: Facts, _: Statement) -> Readings:
        return [(facts.row_total(row), (f"{row}/total",))]

    return readings


def concluded_readings(facts: Facts, statement: Statement) -> Readings:
    """T3: the results total; for "办理N件" also what `received_readings` allows."""
    found: Readings = [(facts.row_total(f"{_RESULTS}/total"), (f"{_RESULTS}/total/total",))]
    if statement.loose:  # "办理N件" may mean received or handled
        found += received_readings(facts, statement)
    return found


def group_readings(facts: Facts, statement: Statement) -> Readings:
    """T6: a result group summed over its applicant columns, or over its 总计 cells.

    The cells named are those summed: a row's 总计, or where it is blank the row's
    applicant cells that hold a count (not 0), never a blank 总计.
    """
    rows = [row for group in statement.subject for row in _group_rows(facts, group)]
    if len(statement.subject) > 1:  # "无法提供及予以公开": the rows in table order
        rank = {p.rsplit("/", 1)[0]: i for i, p in reversed(list(enumerate(facts.cells.order)))}
        rows.sort(key=lambda row: rank.get(row, len(rank)))
    by_columns = facts.sum(f"{row}/{c}" for row in rows for c in C6)
    by_total = facts.sum(f"{row}/total" for row in rows)
    named: list[str] = []
    for row in rows:
        if facts.value(f"{row}/total") is not None:
            named.append(f"{row}/total")
        else:
            named += [f"{row}/{c}" for c in C6 if facts.value(f"{row}/{c}")]
    return [(by_columns, tuple(named)), (by_total, ())]


def appeal_readings(facts: Facts, statement: Statement) -> Readings:
    """T8: the 复议 total, or the 诉讼 totals together or one of them.

    A block whose total is unknown (not read) may hold the rest of the count: then
    no reading is compared, not even the other block alone.
    """
    blocks = _APPEAL_BLOCKS[statement.subject[0]]
    totals = [_block_total(facts, block) for block in blocks]
    if any(t is None for t in totals):
        return []
    found: Readings = [
        (sum(t for t in totals if t is not None), tuple(f"{b}/total" for b in blocks))
    ]
    if len(blocks) > 1:  # "行政诉讼N件" sometimes counts only one kind of suit
        found += [(t, (f"{b}/total",)) for t, b in zip(totals, blocks, strict=True)]
    return found


def _block_total(facts: Facts, block: str) -> int | None:
    total: int | None = facts.value(f"{block}/total")
    if total is not None:
        return total
    return facts.sum(f"{block}/{o}" for o in ("upheld", "corrected", "other", "pending"))


def outcome_readings(facts: Facts, statement: Statement) -> Readings:
    """T9: one outcome column of 复议 (or of both 诉讼 blocks)."""
    kind, outcome = statement.subject
    pointers = tuple(f"{b}/{outcome}" for b in _APPEAL_BLOCKS[kind])
    value = facts.sum(pointers)
    number = cast(int, statement.number)  # a T9 statement always has its number
    if statement.loose and value is not None and number <= value:
        return [(statement.number, pointers)]  # 撤诉 is one of several 其他结果
    return [(value, pointers)]


def document_readings(facts: Facts, statement: Statement) -> Readings:
    """T12: the 规章/规范性文件 cell the statement counts (2019: only new_made)."""
    row, what = statement.subject
    column = _document_column(facts.format_id, row, what)
    if column is None:
        return []
    pointer = f"/proactive/{row}/{column}"
    return [(facts.value(pointer), (pointer,))]


@functools.cache
def _document_column(format_id: str, row: str, what: str) -> str | None:
    """The column of ``row`` that counts documents ``what`` (made, repealed, in force).

    A form without made/repealed/in-force columns counts only what was newly made
    (the 2019 form's 本年新制作数量); anything else it does not count.
    """
    try:
        node = layout.get_format(format_id).node(("proactive", row))
    except KeyError:
        return None
    columns = {cell.id for cell in node.cells} if isinstance(node, layout.Row) else set()
    column = what if what in columns else {"made": "new_made"}.get(what)
    return column if column in columns else None


def check_all_concluded(facts: Facts) -> Iterator[Hit]:
    """T5: "均已答复", "办结率100%" while the table carries applications forward."""
    concluded = facts.row_total(f"{_RESULTS}/total")
    forward = facts.row_total("/applications/carried_forward")
    for statement in _about(facts, _narrative.ALL_CONCLUDED):
        short = (
            statement.number is not None and concluded is not None and concluded < statement.number
        )
        if short or (forward or 0) > 0:
            yield Hit(
                "T5",
                f"/text/{statement.part}",
                {
                    "quote": facts.verbatim(statement.part, statement.sentence),
                    "concluded": blank_or(concluded),
                    "forward": blank_or(forward),
                },
                (f"{_RESULTS}/total/total", "/applications/carried_forward/total"),
                expected=statement.number,
                actual=concluded,
            )


def check_percent(facts: Facts) -> Iterator[Hit]:
    """T7: a result group's percentage against the table's count over the results total."""
    base = facts.row_total(f"{_RESULTS}/total")
    if not base:
        return
    for statement in _about(facts, _narrative.GROUP):
        if statement.percent is None:
            continue
        count = group_readings(facts, statement)[0][0]
        if count is None:
            continue
        computed = Decimal(count) * 100 / base
        exponent = cast(int, statement.percent.as_tuple().exponent)  # a finite Decimal's
        places = -exponent if exponent < 0 else 0
        if abs(computed - statement.percent) <= Decimal(1).scaleb(-places):
            continue
        shown = computed.quantize(Decimal(1).scaleb(-max(places, 1)))
        names = Joined.of(
            (
                Label(
                    facts.cells.by_pointer[f"{_group_rows(facts, g)[0]}/total"].row.split("）")[0]
                    + "）"
                )
                for g in statement.subject
            ),
            "and",
        )
        yield Hit(
            "T7",
            f"/text/{statement.part}",
            {
                "quote": facts.verbatim(statement.part, statement.sentence),
                "group": names,
                "stated": f"{statement.percent}%",
                "computed": f"{shown}%",
                "count": count,
                "base": base,
            },
            (f"{_RESULTS}/total/total",),
            expected=f"{shown}%",
            actual=f"{statement.percent}%",
        )


def check_all_upheld(facts: Facts) -> Iterator[Hit]:
    """T10: "均获维持" while the table has appeals corrected, otherwise decided or pending.

    A case still pending (尚未审结) was not "not upheld": the message says it is
    pending, apart from the cases decided otherwise.
    """
    for statement in _about(facts, _narrative.ALL_UPHELD):
        for kind in statement.subject:
            blocks = _APPEAL_BLOCKS[kind]
            parts = {
                o: facts.sum(f"{b}/{o}" for b in blocks) or 0
                for o in ("corrected", "other", "pending")
            }
            not_upheld = sum(parts.values())
            if not not_upheld:
                continue
            decided = parts["corrected"] + parts["other"]
            said = {"kind": fragment(f"appeal.{kind}"), "decided": decided, **parts}
            if not decided:
                what = Fragment("upheld.pending", said)
            elif not parts["pending"]:
                what = Fragment("upheld.decided", said)
            else:
                what = Fragment("upheld.both", said)
            yield Hit(
                "T10",
                f"/text/{statement.part}",
                {"quote": facts.verbatim(statement.part, statement.sentence), "what": what},
                tuple(f"{b}/{o}" for b in blocks for o in ("corrected", "other", "pending")),
                expected=0,
                actual=not_upheld,
            )


def check_no_appeals(facts: Facts) -> Iterator[Hit]:
    """T11: "未出现复议、诉讼" while the table counts some."""
    for statement in _about(facts, _narrative.NO_APPEALS):
        for kind in statement.subject:
            blocks = _APPEAL_BLOCKS[kind]
            total = facts.sum(f"{b}/total" for b in blocks)
            if total:
                yield Hit(
                    "T11",
                    f"/text/{statement.part}",
                    {
                        "quote": facts.verbatim(statement.part, statement.sentence),
                        "kind": fragment(f"appeal.{kind}"),
                        "table": total,
                    },
                    tuple(f"{b}/total" for b in blocks),
                    expected=0,
                    actual=total,
                )


#: The fee table 二 counts: 行政事业性收费, the agency's administrative fees, in 万元. A
#: sentence about 信息处理费 (what an applicant paid for information) is about something
#: else, so it is never compared with the table (淮安市2024: 96171.6万元 of 行政事业性收费,
#: 3940元 of 信息处理费, both right).
_OTHER_FEE = "处理费"
#: The row of table 二 the amount is on (行政事业性收费), as the layout writes it.
_FEE_ROW = registry.first_with(features.FEE_AMOUNT).row("proactive.fees").label
#: Each unit a text states an amount in, and what one of it is in 万元.
_TO_WAN = {
    "亿元": Decimal(10000),
    **dict.fromkeys(MONEY_UNITS, Decimal(1)),
    "元": Decimal("0.0001"),
}
#: The amount right after the row's name, in the same clause (…金额共计1.2亿元).
_FEE_STATED = re.compile(
    rf"{re.escape(_FEE_ROW)}[^\d。；;，,、]{{0,12}}?(\d+(?:\.\d+)?)({alternation(_TO_WAN)})"
)
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_FEE_CELL = "/proactive/fees/amount"


def check_fee_amount(facts: Facts) -> Iterator[Hit]:
    """T13: an amount of 行政事业性收费 the text states equals the 万元 amount of table 二.

    The text's 元, 万元 or 亿元 is converted to 万元 exactly (decimals, no floats). Left
    alone: an amount whose clause names 信息处理费 (a sentence may state both fees,
    行政事业性收费800万元，未收取信息处理费), a sentence naming another year than the report's
    (上年行政事业性收费… compares nothing), a blank or unreadable cell.
    """
    table = facts.value(_FEE_CELL)
    if table is None or isinstance(table, bool) or not isinstance(table, (int, Decimal, float)):
        return
    printed = Decimal(str(table))
    for part, body in facts.text.items():
        if not body or _FEE_ROW not in facts.part_text(part):
            continue  # only a part that names the row is split into sentences
        for sentence in facts.part_sentences(part):
            if _FEE_ROW not in sentence:
                continue
            if any(int(y) != facts.year for y in _YEAR.findall(sentence)):
                continue
            match = _FEE_STATED.search(sentence)
            if match is None or _OTHER_FEE in match.group(0):
                continue
            stated = Decimal(match.group(1)) * _TO_WAN[match.group(2)]
            if stated != printed:
                yield Hit(
                    "T13",
                    f"/text/{part}",
                    {
                        "quote": facts.verbatim(part, sentence),
                        "said": Label(f"{match.group(1)}{match.group(2)}"),
                        "stated": _plain(stated),
                        "table": _plain(printed),
                    },
                    (_FEE_CELL,),
                    expected=_plain(printed),
                    actual=_plain(stated),
                )


def _plain(amount: Decimal) -> str:
    """An amount in 万元 as plain digits: 0.5, 96171.6, 12 (no exponent, no trailing zeros)."""
    return format(amount.normalize(), "f")
