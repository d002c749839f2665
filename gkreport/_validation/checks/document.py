"""Checks of the report as a document: its year, deadline, parts and their content (D1–D6).

First whether the agency and year are known at all (``missing-metadata``): the
checks that need them say so instead of being skipped in silence.

A file that prints the tables twice with other numbers (``copies``): the reader
kept the first and noted each cell the second gives otherwise; one finding lists
them all.

D1 reads the reporting period and D5/D6 words of the narrative; they read the
normalised paragraphs of `Facts`, so each text part is normalised once per report
and only when a check needs it.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator

from gkreport._forms import features, layout, registry
from gkreport._validation import narrative as _narrative
from gkreport._validation.facts import Facts, Hit
from gkreport._validation.messages import Joined, Label, blank_or, fragment

__all__ = [
    "check_copies",
    "check_deadline",
    "check_fee_statement",
    "check_format_year",
    "check_metadata",
    "check_overview",
    "check_parts",
    "check_years",
]

_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PERIOD_END = "12月31日"
_PERIOD = re.compile(rf"((?:19|20)\d\d)年1月1日(?:起)?至(?:((?:19|20)\d\d)年)?{_PERIOD_END}")


#: The checks that need the report year, and those that need the agency (series by agency).
_NEED_YEAR = ("D1", "D2", "D4")
_NEED_SERIES = ("X1", "X2", "X7")


def check_metadata(facts: Facts) -> Iterator[Hit]:
    """The agency and the year were read; else one finding each, naming the checks not run.

    Without the year, D1, D2 and D4 have nothing to compare, and a report cannot
    be placed among its agency's other years (X1, X2, X7); without the agency,
    neither. A check that cannot run says so here rather than passing in silence.
    Only a report that carries text (a document, whose title was there to read)
    is held to it; a tables-only data set names what its maker gives (as in D3).
    """
    if all(body is None for body in facts.text.values()):
        return
    series = [
        code
        for code in _NEED_SERIES
        if code != "X2" or features.IN_FORCE_CHAIN in layout.get_format(facts.format_id).features
    ]
    if facts.agency is None or not facts.agency.strip():
        yield _not_run("agency", series)
    if facts.year is None:
        yield _not_run("year", [*_NEED_YEAR, *series])


def _not_run(field: str, checks: list[str]) -> Hit:
    return Hit(
        "missing-metadata",
        f"/{field}",
        {"field": fragment(f"field.{field}"), "checks": Joined.of(checks, "list")},
        expected=field,
    )


def check_copies(facts: Facts) -> Iterator[Hit]:
    """Two different tables for the same cells: one finding listing every cell they differ in.

    The reader keeps the first copy's value and notes the second's on each cell
    (`gkreport._model.SECOND_COPY`); the finding is on the first such cell in
    printed order and ties all of them together. A number read from two tables that
    disagree is not known to be right, whichever copy was kept.
    """
    if not facts.copies:
        return
    by_pointer = facts.cells.by_pointer
    seconds: dict[str, list[str]] = {}
    for path, raw in facts.copies:
        if path in by_pointer:
            seconds.setdefault(path, []).append(raw)
    if not seconds:
        return
    cells = tuple(p for p in facts.cells.order if p in seconds)
    listed = [
        fragment(
            "copy_cell",
            cell=Label(by_pointer[p].short),
            first=_shown(facts.values.get(p)),
            second=_shown(raw or None),
        )
        for p in cells
        for raw in seconds[p]
    ]
    yield Hit(
        "copies", cells[0], {"count": len(cells), "cells": Joined.of(listed, "semicolon")}, cells
    )


def _shown(value: object) -> object:
    """A cell's value in the message: a number as is, text as a label (quoted in English)."""
    value = blank_or(value)
    return Label(value) if isinstance(value, str) and not value.isascii() else value


def check_years(facts: Facts) -> Iterator[Hit]:
    """D1: the title and the 统计期限 name the report's year."""
    if facts.year is None:
        return
    if facts.title:
        match = _TITLE_YEAR.search(facts.title)
        if match and int(match.group(1)) != facts.year:
            yield Hit(
                "D1",
                "/title",
                {
                    "what": fragment("title"),
                    "said": match.group(1),
                    "year": facts.year,
                },
                actual=int(match.group(1)),
                expected=facts.year,
            )
    for part, body in facts.text.items():
        # No 31 here, so no reporting period: spare the normalisation. A full-width "３"
        # is rare, and a one-character search is ten times faster than a two-character one.
        if not body or ("31" not in body and ("３" not in body or "３１" not in body)):
            continue
        text = facts.part_text(part)
        first = text.find(_PERIOD_END)
        if first == -1:
            continue
        # A period ends at its 12月31日 and starts at most 16 characters before it.
        end = text.rfind(_PERIOD_END) + len(_PERIOD_END)
        for match in _PERIOD.finditer(text, max(first - 16, 0), end):
            said = {int(y) for y in match.groups() if y}
            if said != {facts.year}:
                yield Hit(
                    "D1",
                    f"/text/{part}",
                    {
                        "what": fragment("period", period=match.group(0)),
                        "said": match.group(1),
                        "year": facts.year,
                    },
                    actual=int(match.group(1)),
                    expected=facts.year,
                )


def check_deadline(facts: Facts) -> Iterator[Hit]:
    """D2: published by 1月31日 (departments) or 3月31日 (governments) of the next year."""
    if facts.published_on is None or facts.year is None:
        return
    kind = facts.kind if facts.kind in layout.KINDS else "government"
    month, day = layout.KINDS[kind][1]
    who = fragment(f"kind.{kind}")
    deadline = datetime.date(facts.year + 1, month, day)
    if facts.published_on > deadline:
        yield Hit(
            "D2",
            "/published_on",
            {
                "published_on": facts.published_on.isoformat(),
                "deadline": deadline.isoformat(),
                "who": who if facts.kind else fragment("kind_assumed", kind=who),
            },
            expected=deadline.isoformat(),
            actual=facts.published_on.isoformat(),
        )


def check_parts(facts: Facts) -> Iterator[Hit]:
    """D3: every one of the six parts is present (skipped when the report carries no text).

    Parts 二, 三 and 四 are their tables: a part whose table holds values is present
    even without a line of its own text, as in a workbook, which has no place for
    an empty part.
    """
    text = facts.text
    missing = [part for part in layout.PARTS if text.get(part.id) is None]
    if not missing or len(missing) == len(layout.PARTS):
        return
    filled = _tables(facts.format_id) - facts.empty_sections
    for part in missing:
        if part.id not in filled:
            yield Hit("D3", f"/text/{part.id}", {"part": Label(part.label)})


@functools.cache
def _tables(format_id: str) -> frozenset[str]:
    """The ids of a format's tables (二, 三, 四), which are parts 二–四 of the text."""
    return frozenset(section.id for section in layout.FORMATS[format_id].sections)


def check_format_year(facts: Facts) -> Iterator[Hit]:
    """D4: the 2021 format from 2021 on, the 2019 trial format for 2019 and 2020."""
    if facts.year is None:
        return
    form = registry.for_year(facts.year)
    expected = form.id if form is not None else None
    if expected != facts.format_id:
        yield Hit(
            "D4",
            "/format",
            {
                "year": facts.year,
                "expected": expected or "—",
                "expected_notice": Label(form.notice) if form is not None else "—",
                "actual": facts.format_id,
            },
            expected=expected,
            actual=facts.format_id,
        )


def check_fee_statement(facts: Facts) -> Iterator[Hit]:
    """D5: part 六 of a 2021-format report says whether 信息处理费 was charged."""
    if facts.text.get("other_matters") is None:
        return  # a missing part is D3's finding
    if "处理费" not in facts.part_text("other_matters"):
        part = Label(layout.PARTS[-1].label)
        yield Hit("D5", "/text/other_matters", {"part": part}, actual=facts.text["other_matters"])


#: The five topics (their names are fragments ``topic.…`` of the messages) and the words
#: that show the overview covers one.
_OVERVIEW_TOPICS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("主动公开",), "topic.proactive"),
    (("依申请", "申请公开"), "topic.requests"),
    (("信息管理", "规范管理"), "topic.management"),
    (("平台",), "topic.platforms"),
    (("监督", "保障", "考核"), "topic.supervision"),
)


def check_overview(facts: Facts) -> Iterator[Hit]:
    """D6: part 一 covers the five sub-topics of the 30号 guidance."""
    # The topics hold no sentence marks: searching the paragraphs is searching the sentences.
    text = facts.part_text("overview")
    if not text.strip(_narrative.SENTENCE_MARKS + "\n"):
        return  # no sentence at all
    missing = []
    for words, topic in _OVERVIEW_TOPICS:
        for word in words:
            if word in text:
                break
        else:
            missing.append(fragment(topic))
    if missing:
        yield Hit(
            "D6",
            "/text/overview",
            {"missing": Joined.of(missing, "list")},
        )
