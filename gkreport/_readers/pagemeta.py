"""What a web page's own metadata says: its title and publication date.

Government sites print them in the head, apart from the text: ``<meta
name="ArticleTitle">``, ``<meta name="PubDate">``, ``<meta name="publishdate">``
…, or a CMS's ``<publishtime>`` element (in the head or hidden in the body); the
``<title>`` last, as it often adds the site's name (the metadata reader splits
it off). The HTML reader drops the head, so this reads it on its own: only the
head is parsed (it is small), and ``<publishtime>`` is found by a pattern, so a
large page is not parsed twice. Each value is a `Line` whose source is the line
of the HTML file it stands on.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from gkreport._readers.text.lines import Line

__all__ = ["page_metadata"]

#: ``<meta>`` names (lower case) and the field each gives, the most specific first.
_META = {
    "articletitle": "title",
    "og:title": "title",
    "publishdate": "published_on",
    "pubdate": "published_on",
    "publishtime": "published_on",
    "publish_time": "published_on",
    "firstpublishedtime": "published_on",
    "article:published_time": "published_on",
    "dc.date.issued": "published_on",
    "dc.date": "published_on",
}
#: What the page's ``<title>`` gives: ranked after every ``<meta>``.
_TITLE = "#title"
_RANK = {name: rank for rank, name in enumerate([*_META, "publishtime-element", _TITLE])}
#: The head ends here (or where the body starts); nothing after it is parsed.
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
#: A head longer than this is no real page's: the rest of it is not looked at.
_MAX_HEAD = 256 * 1024
_PUBLISHTIME = re.compile(r"<publishtime\b[^>]{0,200}>([^<]{1,100})</publishtime\s*>", re.I)
_SPACES = re.compile(r"\s+")


class _Head(HTMLParser):
    """The ``<meta>`` tags and the ``<title>`` text of a page's head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, tuple[int, Line]] = {}
        self.title: list[str] | None = None
        self.title_line = 0

    def keep(self, name: str, field: str, text: str, line: int) -> None:
        text = _SPACES.sub(" ", text).strip()
        rank = _RANK[name]
        if text and (field not in self.found or rank < self.found[field][0]):
            self.found[field] = (rank, Line(text, f"line {line}"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key.lower(): value or "" for key, value in attrs}
        if tag == "meta":
            name = (attributes.get("name") or attributes.get("property") or "").strip().lower()
            if name in _META:
                self.keep(name, _META[name], attributes.get("content", ""), self.getpos()[0])
        elif tag == "title" and self.title is None:
            self.title, self.title_line = [], self.getpos()[0]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.title is not None and self.title_line > 0:
            self.title.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title is not None and self.title_line > 0:
            self.keep(_TITLE, "title", "".join(self.title), self.title_line)
            self.title_line = 0  # one title: later text is no part of it


def page_metadata(html: str) -> dict[str, Line]:
    """The page's title and publication date as its metadata gives them, by field.

    Fields: ``"title"`` and ``"published_on"`` (the text as printed, e.g.
    ``"2020-01-31 10:00:00"``); a field the page does not give is absent.
    """
    end = _HEAD_END.search(html, 0, _MAX_HEAD)
    head = _Head()
    head.feed(html[: end.start() if end else min(len(html), _MAX_HEAD)])
    head.close()
    element = _PUBLISHTIME.search(html)
    if element is not None:
        line = html.count("\n", 0, element.start()) + 1
        head.keep("publishtime-element", "published_on", element.group(1), line)
    return {field: line for field, (_, line) in head.found.items()}
