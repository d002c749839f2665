"""Where the six parts are, and the prose of each as published.

`PageOutline` finds the part headings (in order, so an appendix's "四、机构建设…" can
never reopen part 四) and says which lines belong to the tables. `read_parts`
keeps the prose of each part line by line, as printed, leaving out table cells,
page numbers and web-page chrome; chrome and anything after an attachment
(附件) at the end become notes rather than vanishing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import attrs

from gkreport._forms import layout, registry
from gkreport._model import Note
from gkreport._readers.text.cells import is_page_number, tokenize
from gkreport._readers.text.labels import SECTIONS, label_index, match_heading
from gkreport._readers.text.lines import Line
from gkreport._readers.text.normalize import label_key

__all__ = ["PageOutline", "read_parts"]

_SHORT = 120  # characters: longer lines are prose, never a heading or chrome
_PROSE_MIN = 15  # characters of a key before a line can be prose inside a table part
#: Web-page furniture around a report (matched on label keys).
_CHROME = re.compile(
    r"^(?:扫一扫|分享到|上一篇|下一篇|当前位置|您好[,、，]?我是|打印本页|关闭窗口|【?关闭】?$|"
    r"【?打印|【?字体|首页>|返回顶部|相关链接|附件下载|浏览次数)|字体:?【|【打印|浏览次数"
)
_ORDINALS = frozenset(part.label[0] for part in layout.PARTS)
_SENTENCE_END = re.compile("[。;；]")
_CHROME_HINT = re.compile(
    "扫一扫|分享|上一篇|下一篇|当前位置|您好|打印|关闭|字体|首页|返回顶部|链接|下载|浏览"
)
_ATTACHMENT = re.compile(r"^附件\d*(?:[::]|$)")
_BARE_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def is_chrome(text: str) -> bool:
    """A line of web-page navigation or widgets, not report text."""
    if len(text) > _SHORT or not _CHROME_HINT.search(text):
        return False
    return bool(_CHROME.search(unicodedata.normalize("NFKC", text).replace(" ", "")))


@functools.cache
def _known_chars() -> frozenset[str]:
    return frozenset().union(*(label_index(format_id).known_chars for format_id in layout.FORMATS))


registry.watch(_known_chars.cache_clear)


def _may_be_heading(text: str) -> bool:
    """Cheap test before the real one: short, undelimited, starting with an ordinal."""
    if len(text) > _SHORT or _delimited(text):
        return False
    start = text.lstrip(" \t\u3000\xa0#*")
    return bool(start) and start[0] in _ORDINALS


def _delimited(text: str) -> bool:
    return "\t" in text or "|" in text


@attrs.frozen
class PageOutline:
    """The part headings of a page and the lines that belong to its tables."""

    headings: dict[str, int]  # part id -> line index of its heading
    heading_at: dict[int, str]  # line index -> part id
    part_of: tuple[str | None, ...]  # for every line: the part it is in (None: before 一)
    texts: tuple[str, ...]

    @classmethod
    def of(cls, lines: Sequence[Line]) -> PageOutline:
        """Find the headings: each part at most once, in the order of the form."""
        order = [part.id for part in layout.PARTS]
        headings: dict[str, int] = {}
        part_of: list[str | None] = []
        current: str | None = None
        for index, line in enumerate(lines):
            text = line.text
            if _may_be_heading(text):
                part = match_heading(label_key(text))
                last = order.index(current) if current else -1
                if part is not None and order.index(part) > last:
                    headings[part] = index
                    current = part
            part_of.append(current)
        heading_at = {index: part for part, index in headings.items()}
        return cls(headings, heading_at, tuple(part_of), tuple(line.text for line in lines))

    @property
    def table_lines(self) -> list[int]:
        """Lines of parts 二–四; without those headings, every line before 五."""
        tabled: set[str | None] = set(SECTIONS)
        if not tabled & set(self.headings):
            tabled |= {None, "overview"}
        return [
            index
            for index, part in enumerate(self.part_of)
            if part in tabled and index not in self.heading_at
        ]

    def front(self, lines: Sequence[Line]) -> list[Line]:
        """The lines before part 一 (title, preamble, page chrome); the top if none."""
        first = min(self.headings.values(), default=min(len(lines), 15))
        return list(lines[:first])

    def is_prose(self, index: int) -> bool:
        """A sentence inside a table part: free text, long, punctuated, not a label."""
        text = self.texts[index]
        if not _SENTENCE_END.search(text) or _delimited(text):
            return False
        key = label_key(text) if len(text) <= _SHORT * 4 else text
        if len(key) < _PROSE_MIN:
            return False
        return not all(char in _known_chars() for char in key)


def read_parts(
    lines: Sequence[Line], page: PageOutline
) -> tuple[dict[str, str | None], list[Note]]:
    """The prose of each part (None where the heading is missing), and notes for the rest."""
    texts: dict[str, str | None] = {}
    notes: list[Note] = []
    order = sorted(page.headings.items(), key=lambda item: item[1])
    ends = {
        part: (order[i + 1][1] if i + 1 < len(order) else len(lines))
        for i, (part, _) in enumerate(order)
    }
    for part in layout.PARTS:
        if part.id not in page.headings:
            texts[part.id] = None
            continue
        kept: list[str] = []
        start, end = page.headings[part.id] + 1, ends[part.id]
        for index in range(start, end):
            text = lines[index].text
            if not text.strip() or is_page_number(text):
                continue
            if is_chrome(text):
                notes.append(_chrome_note(lines[index]))
                continue
            if part.id in SECTIONS and not page.is_prose(index):
                continue
            if part.id == "other_matters" and _ATTACHMENT.match(label_key(text)):
                notes.extend(_tail_notes(lines[index:end]))
                break
            kept.append(text)
        texts[part.id] = "\n".join(kept).strip()
    return texts, notes


def _chrome_note(line: Line) -> Note:
    return Note(
        path="",
        raw=line.text.strip(),
        source=line.source,
        message="web-page navigation, not report text",
    )


def _tail_notes(tail: Sequence[Line]) -> list[Note]:
    """What follows an attachment line after part 六: an extra table, or other text."""
    notes: list[Note] = []
    body: list[Line] = []
    for line in tail:
        if not line.text.strip() or is_page_number(line.text):
            continue
        if is_chrome(line.text):
            notes.append(_chrome_note(line))
        else:
            body.append(line)
    has_numbers = any(token.reading is not None for token in tokenize(body))
    titles = [
        line
        for line in body
        if not _ATTACHMENT.match(label_key(line.text))
        and not _BARE_DATE.match(label_key(line.text))
    ]
    if has_numbers and titles:
        title = titles[0]
        span = f"{body[0].source}–{body[-1].source}"
        message = (
            f"extra table after part 六 (附件, {span}); not part of the official form, "
            "values not captured"
        )
        notes.insert(0, Note(path="", raw=title.text.strip(), source=title.source, message=message))
    elif body:
        raw = "\n".join(line.text.strip() for line in body)
        notes.insert(
            0,
            Note(
                path="",
                raw=raw,
                source=body[0].source,
                message="text after part 六 (附件), not part of the report text",
            ),
        )
    return notes
