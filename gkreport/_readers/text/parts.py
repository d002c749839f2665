"""Where the six parts are, and the prose of each as published.

`PageOutline` finds the part headings (in order, so an appendix's "四、机构建设…" can
never reopen part 四) and says which lines belong to the tables. A heading is
known by its title more than by its numeral: "一、主动公开政府信息情况" printed for
part 二 opens part 二, with a note (`heading_of`). `read_parts`
keeps the prose of each part line by line, as printed, leaving out table cells,
page numbers and web-page chrome; chrome and anything after an attachment
(附件) at the end become notes rather than vanishing, and so does a list of notes
after part 六 (附注, the renderer's own or a page's: `tail`), never part 六's text.
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
from gkreport._readers.text.metadata import read_metadata
from gkreport._readers.text.normalize import label_key
from gkreport._readers.text.tail import closing, listed_notes
from gkreport._words import PAGE

__all__ = ["PageOutline", "heading_of", "read_parts", "title_bodies", "title_lines"]

_SHORT = 120  # characters: longer lines are prose, never a heading or chrome
_PAGE_HEADING = 40  # characters: the longest heading above a page's metadata block
_PROSE_MIN = 15  # characters of a key before a line can be prose inside a table part
#: Web-page furniture around a report (matched on label keys).
_CHROME = re.compile(
    r"^(?:扫一扫|分享到|上一篇|下一篇|当前位置|您好[,、，]?我是|打印本页|关闭窗口|【?关闭】?$|"
    r"【?打印|【?字体|首页>|返回顶部|相关链接|附件下载|浏览次数)|字体:?【|【打印|浏览次数"
)
_ORDINALS = frozenset(part.label[0] for part in layout.PARTS)
#: Numerals a misnumbered heading may print (a report with extra parts counts past 六).
NUMERALS = "一二三四五六七八九十"
#: What follows the numeral in a label key ("、" and "，" fold to ",").
_NUMERAL_MARKS = ",.:"
#: Markdown footnote references after a heading ("## 一、总体情况[^1]"): markup, not title.
_FOOTNOTE_REFS = re.compile(r"\[\^[^\]\s]+\]")
#: Headings starting the parts over, after the last part read, that make a second copy.
_COPY_HEADINGS = 3
#: How close a misnumbered heading's title must be to a part's title (bigram Dice).
_RETITLED = 0.8
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
    """Cheap test before the real one: short, undelimited, starting with a numeral."""
    if len(text) > _SHORT or _delimited(text):
        return False
    start = text.lstrip(" \t\u3000\xa0#*")
    return bool(start) and start[0] in NUMERALS


@functools.cache
def title_bodies() -> tuple[tuple[str, str], ...]:
    """(part id, key of a title without its numeral) for every part title and variant.

    The anchor for headings whatever their numeral, longest first so that a variant
    that contains another ("行政机关主动公开…") wins.
    """
    bodies = {
        (part.id, label_key(text)[2:])
        for part in layout.PARTS
        for text in (part.label, *part.aliases)
    }
    return tuple(sorted(bodies, key=lambda item: (-len(item[1]), item)))


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


@functools.cache
def _title_bigrams() -> tuple[tuple[str, str, frozenset[str]], ...]:
    """`title_bodies` with the character pairs of each, for `_dice`."""
    return tuple((part_id, title, _bigrams(title)) for part_id, title in title_bodies())


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


@functools.lru_cache(maxsize=4096)
def heading_of(text: str) -> tuple[str, str | None] | None:
    """The part ``text`` is the heading of, and the numeral printed if it is not the part's.

    The form's numeral with a title like the part's (`match_heading`) is a heading as
    before; any numeral with the title of another part, word for word or nearly
    ("一、主动公开政府信息情况" for part 二, "五、其他需要报告的事项" for 六), is that
    part's heading, misnumbered. Re-lining and the outline both ask of the same
    lines, so the answer is cached.
    """
    key = label_key(_FOOTNOTE_REFS.sub("", text))
    part = match_heading(key)
    if part is not None:
        return part, None
    if not 4 <= len(key) <= 40 or key[0] not in NUMERALS or key[1] not in _NUMERAL_MARKS:
        return None
    body = key[2:]
    pairs = _bigrams(body)
    best, score = None, 0.0
    for part_id, title, title_pairs in _title_bigrams():
        similarity = 1.0 if body == title else _dice(pairs, title_pairs)
        if similarity > score:
            best, score = part_id, similarity
    if best is None or score < _RETITLED:
        return None
    return best, key[0]


def _delimited(text: str) -> bool:
    return "\t" in text or "|" in text


@attrs.frozen
class PageOutline:
    """The part headings of a page and the lines that belong to its tables."""

    headings: dict[str, int]  # part id -> line index of its heading
    heading_at: dict[int, str]  # line index -> part id
    part_of: tuple[str | None, ...]  # for every line: the part it is in (None: before 一)
    texts: tuple[str, ...]
    #: part id -> the numeral its heading printed, where that is not the form's
    misnumbered: dict[str, str] = attrs.field(factory=dict)
    #: each later sequence of part headings (a second copy of the report or its tables):
    #: the line indices of its headings
    copies: tuple[tuple[int, ...], ...] = ()

    @classmethod
    def of(cls, lines: Sequence[Line]) -> PageOutline:
        """Find the headings: each part at most once, in the order of the form.

        Headings that start the parts over after the last one read, in a sequence of
        at least `_COPY_HEADINGS`, are a second copy (`copies`), not part 六's text.
        The outline depends on the lines' texts only, and the parser asks for the same
        page's at several steps (re-lining, copies, parts) that mostly leave it as it
        was: the last few outlines are kept and handed out again (treat as read-only).
        """
        return _outline(tuple(line.text for line in lines))

    @classmethod
    def _find(cls, texts: tuple[str, ...]) -> PageOutline:
        order = {part.id: number for number, part in enumerate(layout.PARTS)}
        headings: dict[str, int] = {}
        misnumbered: dict[str, str] = {}
        part_of: list[str | None] = []
        current: str | None = None
        later: list[tuple[int, str]] = []
        for index, text in enumerate(texts):
            found = heading_of(text) if _may_be_heading(text) else None
            if found is not None:
                part, numeral = found
                if order[part] > (order[current] if current else -1):
                    headings[part] = index
                    current = part
                    if numeral is not None:
                        misnumbered[part] = numeral
                else:
                    later.append((index, part))
            part_of.append(current)
        heading_at = {index: part for part, index in headings.items()}
        last = max(headings.values(), default=len(texts))
        copies = _sequences([(i, order[part]) for i, part in later if i > last])
        return cls(headings, heading_at, tuple(part_of), texts, misnumbered, copies)

    @property
    def copy_headings(self) -> frozenset[int]:
        """Line indices of the headings of every later copy."""
        return frozenset(index for copy in self.copies for index in copy)

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


@functools.lru_cache(maxsize=4)
def _outline(texts: tuple[str, ...]) -> PageOutline:
    return PageOutline._find(texts)


registry.watch(_outline.cache_clear)
registry.watch(heading_of.cache_clear)


def _sequences(found: list[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    """Runs of headings whose parts rise, long enough to be a copy: their line indices."""
    runs: list[list[tuple[int, int]]] = []
    for index, number in found:
        if runs and number > runs[-1][-1][1]:
            runs[-1].append((index, number))
        else:
            runs.append([(index, number)])
    return tuple(tuple(i for i, _ in run) for run in runs if len(run) >= _COPY_HEADINGS)


def read_parts(
    lines: Sequence[Line], page: PageOutline, sources: dict[str, str] | None = None
) -> tuple[dict[str, str | None], list[Note]]:
    """The prose of each part (None where the heading is missing), and notes for the rest.

    ``sources``, when given, gets where each line of a part's text was printed, as
    ``/text/{part}#{n}`` (n from 1), so a finding on a sentence can name its line,
    and as ``/notes`` where the text printed before the first part heading starts.
    """
    texts: dict[str, str | None] = {}
    notes: list[Note] = [_misnumbered_note(lines, page, part) for part in page.misnumbered]
    front = _front_notes(lines, page, sources)
    notes.extend(front)
    order = sorted(page.headings.items(), key=lambda item: item[1])
    ends = {
        part: (order[i + 1][1] if i + 1 < len(order) else len(lines))
        for i, (part, _) in enumerate(order)
    }
    # the last part read runs to the end of the page unless notes or an attachment close
    # it: part 六, or part 五 of a page that has no 六 (its 附注 are no part of 五's text)
    last = order[-1][0] if order else None
    for part in layout.PARTS:
        if part.id not in page.headings:
            texts[part.id] = None
            continue
        numeral = part.label[0]
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
            if part.id == last and _ATTACHMENT.match(label_key(text)):
                notes.extend(_tail_notes(lines[index:end], numeral))
                break
            if part.id == last and closing(text) is not None:
                notes.extend(_closed_notes(lines[index:end], sources, numeral))
                break
            kept.append(text)
            if sources is not None:
                sources[f"/text/{part.id}#{len(kept)}"] = lines[index].source
        texts[part.id] = "\n".join(kept).strip()
    return texts, notes


def _front_notes(
    lines: Sequence[Line], page: PageOutline, sources: dict[str, str] | None = None
) -> list[Note]:
    """What stands before the first part heading, besides the title: a note, never lost.

    The preamble, a remark such as "本单位另有补充数据：表外申请999件", or a stray copy
    of the tables (its values are not read) become one note; page chrome becomes the
    usual chrome notes. Lines the table reader reads (a page without table headings
    reads its tables from the top) are left to it: it notes what is not the form's.
    ``sources`` gets where that text starts (``/notes``) and each of its lines
    (``/notes#{n}``), for findings on it.
    """
    if not page.headings:
        return []
    first = min(page.headings.values())
    titles = title_lines(lines[:first])
    tabled = set(page.table_lines)
    notes: list[Note] = []
    body: list[Line] = []
    fields = [i for i, line in enumerate(lines[:first]) if _metadata_field(line.text)[0]]
    value_next = False  # the line after a field's label alone is that field's value
    for index, line in enumerate(lines[:first]):
        text = line.text
        if not text.strip() or is_page_number(text) or index in titles:
            continue
        if fields and index < fields[0] and _page_heading(text):
            continue  # gkreport's own page: its heading ("黔南州 2024") before the fields
        if value_next:
            value_next = False
            continue
        field, value_next = _metadata_field(text)
        if field or text.lstrip().startswith("#"):
            continue  # a metadata field as gkreport writes it, or the page's own heading
        if is_chrome(text):
            notes.append(_chrome_note(line))
        elif index not in tabled:
            body.append(line)
    if body:
        part = next(part for part in layout.PARTS if page.headings.get(part.id) == first)
        tables = any(_names_a_row(token.key) for token in tokenize(body) if token.reading is None)
        what = "a table (values not captured)" if tables else "text"
        raw = "\n".join(line.text.strip() for line in body)
        message = f"{what} before the first part heading ({part.label}), not in any part"
        notes.insert(0, Note(path="", raw=raw, source=body[0].source, message=message))
        if sources is not None:
            sources["/notes"] = body[0].source
            sources.update({f"/notes#{n}": line.source for n, line in enumerate(body, start=1)})
    return notes


def _page_heading(text: str) -> bool:
    """A short line without a sentence: the heading a page prints above its metadata."""
    return len(text.strip()) <= _PAGE_HEADING and not _SENTENCE_END.search(text)


def _metadata_field(text: str) -> tuple[bool, bool]:
    """Whether ``text`` is a metadata field's line, and whether its value is on the next.

    The metadata block gkreport's own pages print ("- **机关名称**：清镇市人民政府",
    or a label and its value on two lines) is the report's metadata, not front text.
    """
    key = label_key(text).lstrip("-*").replace("*", "")
    for label in _field_labels():
        if key == label:
            return True, True
        if key.startswith(label + ":"):
            return True, False
    return False, False


@functools.cache
def _field_labels() -> frozenset[str]:
    labels = [text for _, zh, en in layout.METADATA for text in (zh, en)]
    labels += [PAGE[lang]["format"] for lang in PAGE]
    return frozenset(label_key(label) for label in labels)


def title_lines(front: Sequence[Line]) -> set[int]:
    """The line (or two lines, as PDF text breaks it) the report's title is read from."""
    for index in range(len(front)):
        if _titled(front[index : index + 1]):
            return {index}
        if _titled(front[index : index + 2]) and not _titled(front[index + 1 : index + 2]):
            return {index, index + 1}
    return set()


def _titled(lines: Sequence[Line]) -> bool:
    return bool(lines) and read_metadata(lines, ()).title is not None


def _names_a_row(key: str) -> bool:
    """Whether a text cell ends in a row label of tables 二 or 三 of any format."""
    return any(
        label_index(format_id).match(key, section) is not None
        for format_id in layout.FORMATS
        for section in ("proactive", "applications")
    )


def _misnumbered_note(lines: Sequence[Line], page: PageOutline, part_id: str) -> Note:
    """A heading read by its title although its numeral names another part."""
    part = next(part for part in layout.PARTS if part.id == part_id)
    line = lines[page.headings[part_id]]
    message = (
        f"part heading numbered {page.misnumbered[part_id]} but titled as part "
        f"{part.label[0]} ({part.label[2:]}); read as part {part.label[0]}"
    )
    return Note(path=f"/text/{part_id}", raw=line.text.strip(), source=line.source, message=message)


def _chrome_note(line: Line) -> Note:
    return Note(
        path="",
        raw=line.text.strip(),
        source=line.source,
        message="web-page navigation, not report text",
    )


def _closed_notes(tail: Sequence[Line], sources: dict[str, str] | None, after: str) -> list[Note]:
    """After the last part (``after``, its numeral), from a heading of notes: each section's notes.

    A section runs to the next such heading (`tail.closing`); an attachment ends them
    all (what follows it is `_tail_notes`'s, whatever headings it holds).
    """
    notes: list[Note] = []
    start = 0
    for index in range(1, len(tail) + 1):
        at_end = index == len(tail)
        attachment = not at_end and bool(_ATTACHMENT.match(label_key(tail[index].text)))
        if at_end or attachment or closing(tail[index].text) is not None:
            notes.extend(listed_notes(tail[start:index], sources, after))
            start = index
        if attachment:
            notes.extend(_tail_notes(tail[index:], after))
            break
    return notes


def _tail_notes(tail: Sequence[Line], after: str) -> list[Note]:
    """What follows an attachment line after the last part (``after``): a table, or text."""
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
            f"extra table after part {after} (附件, {span}); not part of the official form, "
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
                message=f"text after part {after} (附件), not part of the report text",
            ),
        )
    return notes
