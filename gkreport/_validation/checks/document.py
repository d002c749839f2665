"""Checks of the report as a document: its year, deadline, parts and their content (D1–D10).

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
    "check_notice",
    "check_overview",
    "check_part_content",
    "check_parts",
    "check_template_text",
    "check_years",
]

_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PERIOD_END = "12月31日"
_PERIOD = re.compile(rf"((?:19|20)\d\d)年1月1日(?:起)?至(?:((?:19|20)\d\d)年)?{_PERIOD_END}")


#: The checks that need the report year, and those that need the agency (series by agency).
_NEED_YEAR = ("D1", "D2", "D4")
_NEED_SERIES = ("X1", "X2", "X7", "X8", "X10")


def check_metadata(facts: Facts) -> Iterator[Hit]:
    """The agency and the year were read; else one finding each, naming the checks not run.

    Without the year, D1, D2 and D4 have nothing to compare, and a report cannot
    be placed among its agency's other years (X1, X2, X7, X8, X10); without the
    agency, neither. A check that cannot run says so here rather than passing in
    silence, for a tables-only report (a workbook without narrative) as for a
    document.
    """
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
            cell=facts.name(p),
            first=_shown(facts.values.get(p)),
            second=_shown(raw or None),
        )
        for p in cells
        for raw in seconds[p]
    ]
    yield Hit(
        "copies",
        cells[0],
        {"count": len(cells), "cells": Joined.of(listed, "semicolon")},
        cells,
        paths=cells,
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


#: How part 六 states the fee, charged or not: "信息处理费3940元", "未发生收费情况",
#: "无收费情况", "本年度未收取任何费用", "免费提供". A fee statement need not say 处理费.
_FEE_STATEMENT = re.compile(r"处理费|收费|收取[^。;]{0,8}费|费用|免费|未收取|不收取")


def check_fee_statement(facts: Facts) -> Iterator[Hit]:
    """D5: part 六 of a 2021-format report says whether 信息处理费 was charged.

    Any wording that states the fee counts, not only the word 处理费: reports say
    "政府信息公开未发生收费情况" or "本年度未收取任何费用" as often.
    """
    if facts.text.get("other_matters") is None:
        return  # a missing part is D3's finding
    if _FEE_STATEMENT.search(facts.part_text("other_matters")) is None:
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


#: Words that name a topic in a heading of part 一 ("（三）政务公开管理", "（五）考核培训"):
#: a heading is the report's own title for one of the five topics, so a shorter word
#: says which; in running text these words say too little.
_HEADING_TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "topic.proactive": ("主动",),
    "topic.requests": ("申请",),
    "topic.management": ("管理",),
    "topic.platforms": ("平台", "网站", "渠道", "载体"),
    "topic.supervision": ("监督", "保障", "考核", "培训", "问责"),
}
_NUMERAL = "[一二三四五六七八九十]+"
_SUBHEADING = re.compile(
    rf"(?:\(?{_NUMERAL}\)|{_NUMERAL}、|\d+[.、])([^。;!?:]{{1,30}})(?:[。;!?:]|$)"
)


def _heading_titles(text: str) -> str:
    """The titles of the numbered headings of a normalised part ("（一）主动公开" → 主动公开)."""
    return "\n".join(
        match.group(1)
        for paragraph in text.split("\n")
        if (match := _SUBHEADING.match(paragraph)) is not None
    )


def check_overview(facts: Facts) -> Iterator[Hit]:
    """D6: part 一 covers the five sub-topics of the 30号 guidance.

    A topic is covered when the text names it, or when a numbered heading of the
    part is its title in the report's own words ("（三）政务公开管理").
    """
    # The topics hold no sentence marks: searching the paragraphs is searching the sentences.
    text = facts.part_text("overview")
    if not text.strip(_narrative.SENTENCE_MARKS + "\n"):
        return  # no sentence at all
    headings: str | None = None
    missing = []
    for words, topic in _OVERVIEW_TOPICS:
        if _narrative.holds_any(text, words):
            continue
        if headings is None:
            headings = _heading_titles(text)
        if not _narrative.holds_any(headings, _HEADING_TOPIC_WORDS[topic]):
            missing.append(fragment(topic))
    if missing:
        yield Hit(
            "D6",
            "/text/overview",
            {"missing": Joined.of(missing, "list")},
        )


#: Brackets a year number of a notice is printed in (〔2021〕, [2021], （2021）…).
_OPEN, _CLOSE = "〔［[（(【", "〕］])）】"
_NOTICE = re.compile(r"^(?P<prefix>.*?)〔(?P<year>\d{4})〕(?P<number>\d+)号$")


@functools.cache
def _notice_pattern(notice: str) -> tuple[str, re.Pattern[str]] | None:
    """How ``notice`` (国办公开办函〔Y〕N号) may be printed: any brackets, spaces, full-width.

    With the words the pattern starts with (国办公开办函), which any citation holds.
    """
    parts = _NOTICE.match(notice)
    if parts is None:
        return None
    prefix = parts["prefix"]
    return prefix, re.compile(
        rf"{re.escape(prefix)}\s*[{re.escape(_OPEN)}]\s*{parts['year']}\s*"
        rf"[{re.escape(_CLOSE)}]\s*第?{parts['number']}号"
    )


def _cited(facts: Facts, notice: str) -> str | None:
    """The first place of the report (a pointer) that cites ``notice``, if any.

    The title, every text part and the text printed before the first part heading
    (kept by the readers as a note on the report itself, path ``""``), where most
    reports name the notice they follow.
    """
    found = _notice_pattern(notice)
    if found is None:
        return None
    prefix, pattern = found
    places, everywhere = facts.memo("notice places", lambda: _notice_places(facts))
    if prefix not in everywhere:  # the common case, told by one search of every place
        return None
    return next((where for where, text in places if pattern.search(text)), None)


def _notice_places(facts: Facts) -> tuple[list[tuple[str, str]], str]:
    """Where a report names the notice it follows (see `_cited`), each text normalised once.

    With all of them joined by line breaks, which no notice's words hold.
    """
    places = [("/title", facts.title or "")]
    places += [(f"/text/{p}", facts.part_text(p)) for p, body in facts.text.items() if body]
    places += [("/notes", _narrative.part_text(raw)) for path, raw in facts.notes if path == ""]
    return places, "\n".join(text for _, text in places)


def check_notice(facts: Facts) -> Iterator[Hit]:
    """D8: the report cites the notice of another format than its own, and not its own.

    A 2021-format report that says it follows 国办公开办函〔2019〕60号 (or the reverse)
    was likely made from an old template; D4 compares the format with the year.
    """
    own = layout.get_format(facts.format_id).notice
    if _cited(facts, own) is not None:
        return
    for fmt in registry.FORMATS.values():
        if fmt.id == facts.format_id or fmt.notice == own:
            continue
        where = _cited(facts, fmt.notice)
        if where is not None:
            yield Hit(
                "D8",
                where,
                {
                    "actual": facts.format_id,
                    "notice": Label(own),
                    "cited": Label(fmt.notice),
                    "cited_format": fmt.id,
                },
                expected=own,
                actual=fmt.notice,
            )
            return


#: What the official template and the usual drafts leave for the writer to fill in: runs of
#: X or × (XX局, XXXX年), one X before a unit (X年X月), the template's "（文字描述）" and its
#: choice "本行政机关（或全州各级行政机关）". Lower-case x is spared: web addresses
#: (www.xx.gov.cn/xxgk) are full of it.
_TEMPLATE_TEXT = re.compile(
    r"(?<![A-Za-z0-9])(?:[XＸ×]{2,}|[XＸ×](?=[年月日件条个次号]))(?![A-Za-z])"
    r"|[(（]文字描述[^()（）]{0,30}[)）]"
    r"|[(（]或[^()（）]{0,12}行政机关[)）]"
)
_MAX_QUOTES = 3
#: What every placeholder holds (one of these), found before the expression runs: the
#: expression has no literal to start from and would try every character. Each is found
#: by its rarest character (`_narrative.holds`: 或 rather than the bracket before it).
_TEMPLATE_HINTS = (("X", 0), ("Ｘ", 0), ("×", 0), ("文字描述", 2), ("(或", 1), ("（或", 1))


def check_template_text(facts: Facts) -> Iterator[Hit]:
    """D9: placeholders of the template left in the title, the agency or the narrative.

    One finding per place, quoting (once each) the first few placeholders found.
    """
    places = [("/title", facts.title or ""), ("/agency", facts.agency or "")]
    places += [(f"/text/{p}", facts.part_text(p)) for p, body in facts.text.items() if body]
    # The common case, no hint anywhere, is told by one search of every place at once (no
    # hint holds a line break, so none is made where two places meet).
    if not _holds_hint("\n".join(text for _, text in places)):
        return
    for where, text in places:
        if not _holds_hint(text):
            continue
        found = list(dict.fromkeys(m.group(0) for m in _TEMPLATE_TEXT.finditer(text)))
        if not found:
            continue
        quotes = found[:_MAX_QUOTES]
        if where.startswith("/text/"):  # quoted as the report prints them
            part = where.removeprefix("/text/")
            quotes = list(dict.fromkeys(facts.verbatim(part, quote) for quote in quotes))
        yield Hit(
            "D9",
            where,
            {"quotes": Joined.of(map(Label, quotes), "list")},
            actual=found[0],  # as matched (normalised)
        )


def _holds_hint(text: str) -> bool:
    for hint, pivot in _TEMPLATE_HINTS:  # noqa: SIM110 - a loop: any() would make a generator
        if _narrative.holds(text, hint, pivot):
            return True
    return False


#: Fewer characters than this (letters, digits and 汉字; punctuation and spaces aside) after a
#: part's heading is no content.
_MIN_CONTENT = 10
#: What says "nothing" instead of writing the part: fine for 六 when nothing else is to be
#: reported, never for 五, where the form asks for problems and how they are being improved.
_NOTHING = frozenset({"无", "暂无", "略", "没有", "无相关情况", "无其他需要报告的事项"})
#: What 六 may say when it has nothing else to report (略 omits it: no answer at all).
_NOTHING_ELSE = _NOTHING - {"略"}
_NOT_CONTENT = re.compile(r"[\W_]+")
#: A 六 that names a fee (费) says what the notice asks of it, however short (无收费情况。).
_FEE_WORD = "费"


#: Characters of content (as `_NOT_CONTENT` leaves them) past which a part is neither too
#: short nor one of `_NOTHING`.
_SURELY_CONTENT = max(_MIN_CONTENT, *map(len, _NOTHING)) + 1
#: `_SURELY_CONTENT` characters of content (what `_NOT_CONTENT` keeps), each after whatever
#: else stands before it: matched from the start in one call, no match object per character.
_ENOUGH_CONTENT = re.compile(rf"(?:[\W_]*[^\W_]){{{_SURELY_CONTENT}}}")


def _longer_than_a_placeholder(text: str) -> bool:
    """Whether ``text`` has more than `_SURELY_CONTENT` - 1 characters of content."""
    return _ENOUGH_CONTENT.match(text) is not None


def check_part_content(facts: Facts) -> Iterator[Hit]:
    """D10: part 五 says something, and part 六 more than a placeholder.

    五 (problems and improvements) with fewer than ten characters after its heading,
    or only 无/暂无/略, is a part the report has not written. 六 may say 无 (nothing
    else to report; whether a fee was charged is D5's), or state the fee in a few
    words; anything else that short (略, 见附件) is flagged. A missing part is D3's; a
    report without any narrative (a tables-only workbook) is not held to it.
    """
    if not any(facts.text.values()):
        return
    for part in layout.PARTS[-2:]:
        body = facts.text.get(part.id)
        if body is None:
            continue
        text = facts.part_text(part.id)
        if _longer_than_a_placeholder(text):
            continue  # the common case, seen without stripping the whole part
        content = _NOT_CONTENT.sub("", text)
        if part.id == "other_matters" and (content in _NOTHING_ELSE or _FEE_WORD in content):
            continue
        if len(content) < _MIN_CONTENT or content in _NOTHING:
            yield Hit(
                "D10",
                f"/text/{part.id}",
                {"part": Label(part.label), "length": len(content)},
                expected=f"≥ {_MIN_CONTENT}",
                actual=body.strip(),
            )
