"""Text pages reshaped as crawlers and copy-paste leave reports, one shape at a time.

A crawler's ``page.txt`` holds the whole page on one line, its cells joined by
single spaces or by nothing; real reports misnumber their part headings; a page
saved from a site starts with its chrome. Each function here applies one of those
shapes to a report's text, so that the tests (``tests/test_text_relines.py``) and
the fidelity benchmark (``benchmarks/bench_fidelity.py``) read the same shapes.
Every function takes and returns the whole page as a string.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gkreport._forms import layout
from gkreport._readers.text.lines import split_lines
from gkreport._readers.text.parts import PageOutline

_NEWLINES = re.compile(r"\s*\n\s*")


def spaces(text: str) -> str:
    """The page on one line, its lines joined by single spaces."""
    return _NEWLINES.sub(" ", text)


def nothing(text: str) -> str:
    """The page on one line, its lines (and so a table's cells) joined by nothing."""
    return _NEWLINES.sub("", text)


def misnumbered(text: str) -> str:
    """Parts 二 and 六 printed with the numeral of the part before them, as reports do."""
    lines = text.split("\n")
    page = PageOutline.of(list(split_lines(text)))
    numerals = {part.id: part.label[0] for part in layout.PARTS}
    previous = {"proactive": numerals["overview"], "other_matters": numerals["problems"]}
    for part, numeral in previous.items():
        index = page.headings[part]
        lines[index] = lines[index].replace(numerals[part], numeral, 1)
    return "\n".join(lines)


CHROME = "首页 > 政务公开 > 政府信息公开年报\n分享到：微信 微博\n【打印】【关闭】\n"


def chrome(text: str) -> str:
    """The site's navigation and share links before the report."""
    return CHROME + text


def crawled(text: str) -> str:
    """A crawler's page.txt: chrome and report on one line, misnumbered headings."""
    return spaces(chrome(misnumbered(text)))


#: Each shape by name.
SHAPES: dict[str, Callable[[str], str]] = {
    "spaces": spaces,
    "nothing": nothing,
    "misnumbered": misnumbered,
    "chrome": chrome,
    "crawled": crawled,
}
