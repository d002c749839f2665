"""Text pages reshaped as crawlers and copy-paste leave reports, one shape at a time.

A crawler's ``page.txt`` holds the whole page on one line, its cells joined by
single spaces or by nothing; real reports misnumber their part headings; a page
saved from a site starts with its chrome. Each function here applies one of those
shapes to a report's text, so that the tests (``tests/test_text_relines.py``) and
the fidelity benchmark (``benchmarks/bench_fidelity.py``) read the same shapes.
Every function takes and returns the whole page as a string.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import gkreport
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


# --- a page pasted into a workbook ------------------------------------------------------------

_RENDERER_EXTRAS = (
    re.compile(r'<dl class="meta">.*?</dl>', re.DOTALL),  # the renderer's field list
    re.compile(r"<h2>附注</h2>.*?</ul>", re.DOTALL),  # and its list of the reader's notes
)


def published_page(report: gkreport.Report) -> str:
    """``report`` rendered by `gkreport.render` as an agency's site publishes it.

    The renderer adds a list of the report's fields and of the reader's notes; a
    published page has neither: its title, part headings, paragraphs and tables.
    A report read without a title line (its title was in a sentence of the
    preamble, now among the notes) gets the title such pages print.
    """
    page = gkreport.render.render(report, "html")
    for extra in _RENDERER_EXTRAS:
        page, count = extra.subn("", page, count=1)
        if count != 1:
            msg = f"the rendered page has no {extra.pattern[:20]}… to take out"
            raise ValueError(msg)
    if report.title is None:
        title = f"{report.agency}{report.year}年政府信息公开工作年度报告"
        page = re.sub(r"<h1>.*?</h1>", f"<h1>{html.escape(title)}</h1>", page, count=1)
    return page


#: LibreOffice Calc's import filter for a web page: what a spreadsheet makes of a page
#: opened in it or pasted into it (a cell per paragraph, the tables as grids).
PASTED_PAGE_FILTER = "HTML (StarCalc)"
