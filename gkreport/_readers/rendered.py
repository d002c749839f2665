"""Pages gkreport rendered (HTML or Markdown), read back to the very report they show.

`gkreport.dump` writes ``.html`` and ``.md`` for people, and `gkreport.load` must
give the same report back: every table cell, metadata field, text part and note,
blanks and empty texts apart, whatever characters the texts hold. The general
text reader cannot promise that (it finds part headings anywhere in a line and
table rows in prose, by design), so a page carrying gkreport's generator mark is
read here by the layout the renderer wrote, with the escapes of
`gkreport._render._page` undone: the cells by their pointers (HTML) or by their
rows in printed order (Markdown), the metadata list, each part's paragraphs,
the notes list. The findings a page shows are not read: the validator makes them.

A page that carries the mark but no longer has that layout (edited by hand: a
row or heading removed, a table reshaped, text or a table added where the
renderer puts none) is left to the general reader, which reads any page and
keeps what it cannot place as notes: ``read_rendered`` returns None, so nothing
on the page is dropped unseen. A value edited into something
its cell cannot hold ("12件", "-") is read as the general reader would read it,
with a note.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Mapping
from html.entities import name2codepoint
from html.parser import HTMLParser
from typing import get_args

import attrs

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._model import Note, NoteKind, Report
from gkreport._readers.assemble import assemble
from gkreport._render._page import (
    CHAR_CLASS,
    EMPTY,
    HTML_GENERATOR,
    MD_MARKER,
    NOTE_MESSAGE_CLASS,
    NOTE_SOURCE_CLASS,
    md_rows,
    md_unescape,
)
from gkreport._vocabulary import parse_value
from gkreport._words import PAGE

__all__ = ["md_note", "read_rendered"]

_GENERATOR = re.compile(
    r"<meta\s+name=\"generator\"\s+content=\"" + re.escape(HTML_GENERATOR) + r"\"\s*/?>"
)
_KINDS: tuple[NoteKind, ...] = get_args(NoteKind)
#: Elements whose text the renderer prints for people only: the form's labels and
#: headings, the page title and style, the findings and their marks.
_SHOWN_ONLY = frozenset({"title", "style", "h1", "h2", "dt", "th", "sup", "ol"})
_VOID = frozenset({"meta", "col", "br", "hr", "img", "input", "link", "area", "base", "wbr"})
_KIND_WORDS = {PAGE[lang][kind]: kind for lang in PAGE for kind in _KINDS}
_NOTE_FIELDS = {PAGE[lang][field]: field for lang in PAGE for field in ("source", "message")}
_METADATA = {label: f"/{field}" for field, zh, en in layout.METADATA for label in (zh, en)} | {
    PAGE[lang]["format"]: "/format" for lang in PAGE
}
_AGENCY_KINDS = {label: kind for kind, (label, _deadline) in layout.KINDS.items()} | {
    kind: kind for kind in layout.KINDS
}


class _NotOwn(Exception):
    """The page is not in the layout gkreport renders (any more): the general reader reads it."""


@attrs.define
class _Page:
    """What a rendered page shows, as text, before it is parsed by kind."""

    notice: str | None = None
    fields: dict[str, tuple[str | None, str]] = attrs.Factory(dict)  # pointer -> text, source
    parts: dict[str, tuple[list[str], str]] = attrs.Factory(dict)  # part -> lines, source
    notes: list[Note] = attrs.Factory(list)
    #: where each line of a part's text is, as `sources` keeps it: "/text/{part}#{n}" -> source
    lines: dict[str, str] = attrs.Factory(dict)

    def line(self, part: str, text: str, source: str) -> None:
        kept = self.parts[part][0]
        kept.append(text)
        self.lines[f"/text/{part}#{len(kept)}"] = source

    def field(self, pointer: str, text: str | None, source: str) -> None:
        if pointer == "/format":
            self.notice = text
        elif pointer in self.fields:
            raise _NotOwn  # a value shown twice: not a page gkreport wrote
        else:
            self.fields[pointer] = (text, source)


def read_rendered(text: str, origin: str) -> Report | None:
    """The report a page gkreport rendered shows; None for any other page.

    :raises ReadError: as `assemble`, when a value does not fit the model.
    """
    head = text[:4096].lstrip("\ufeff")
    second = text.find("\n") + 1  # the mark follows the heading line
    try:
        if head.startswith("# ") and second and text.startswith(MD_MARKER, second):
            page = _markdown(text)
        elif _GENERATOR.search(head):
            page = _html(text)
        else:
            return None
        return _report(page, origin)
    except _NotOwn:
        return None


# --- from the page's texts to the report ----------------------------------------------------


def _report(page: _Page, origin: str) -> Report:
    fmt = next((f for f in layout.FORMATS.values() if f.notice == page.notice), None)
    if fmt is None or set(page.parts) != {part.id for part in layout.PARTS}:
        raise _NotOwn
    kinds = {leaf.pointer: leaf.cell.kind for leaf in fmt.leaves()}
    if not set(kinds) <= set(page.fields):
        raise _NotOwn
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    notes: list[Note] = []
    for pointer, (text, source) in page.fields.items():
        if pointer in kinds:
            value, problem = _cell(text, kinds[pointer])
        elif pointer.startswith("/") and pointer[1:] in {f for f, _, _ in layout.METADATA}:
            value, problem = _metadata(pointer[1:], text)
        else:
            raise _NotOwn
        values[pointer] = value
        sources[pointer] = source
        if problem is not None and text is not None:
            notes.append(Note(path=pointer, raw=text, source=source, message=problem))
    for part, (lines, source) in page.parts.items():
        values[f"/text/{part}"] = "\n".join(lines) if lines else None
        sources[f"/text/{part}"] = source
    sources.update(page.lines)
    return assemble(origin, fmt.id, values, notes=[*page.notes, *notes], sources=sources)


def _cell(text: str | None, kind: Kind) -> tuple[object, str | None]:
    """A table cell's value by its kind; a text that is no such value is None with a reason."""
    if text is None or kind is Kind.TEXT:
        return text, None
    parsed = parse_value(text, kind)
    return parsed.value, parsed.note


def _metadata(field: str, text: str | None) -> tuple[object, str | None]:
    """A metadata field's value from the text shown; one that is none is None with a reason."""
    if text is None or field in ("agency", "title", "url"):
        return text, None
    if field == "year":
        return (int(text), None) if re.fullmatch(r"[0-9]{1,9}", text) else (None, "not a year")
    if field == "kind":
        kind = _AGENCY_KINDS.get(text)
        return (kind, None) if kind else (None, "not a kind of agency")
    try:
        return datetime.date.fromisoformat(text), None
    except ValueError:
        return None, "not a date"


# --- Markdown -------------------------------------------------------------------------------

_MD_META = re.compile(r"- \*\*(?P<label>.+?)\*\*(?:\[\^[0-9]+\])*：(?P<value>.*)")
_REFS = re.compile(r"(?:\[\^[0-9]+\])+$")
_FOOTNOTE = re.compile(r"\[\^[0-9]+\]: ")
#: The lines the Markdown tables print around them: block captions, the column note.
_CAPTIONS = frozenset(
    [layout.COLUMN_NOTE, *(block.caption for f in layout.FORMATS.values() for block in f.blocks)]
)
_STRUCTURE = re.compile(r"\\.|\|")


def _md_value(text: str) -> str | None:
    """A value as a Markdown page shows it: nothing is None, `EMPTY` is ``""``."""
    if text == "":
        return None
    return "" if text == EMPTY else md_unescape(text)


def _md_cells(line: str) -> list[str]:
    """The cells of a pipe table row, split at the pipes the escapes left as pipes."""
    cuts = [m.start() for m in _STRUCTURE.finditer(line) if m.group() == "|"]
    if len(cuts) < 2 or cuts[0] != 0 or cuts[-1] != len(line) - 1:
        raise _NotOwn
    return [line[a + 1 : b].strip(" ") for a, b in itertools.pairwise(cuts)]


def _md_cell(cell: str) -> str | None:
    """A value cell without its finding marks (``**12**[^3]``)."""
    refs = _REFS.search(cell)
    if refs:
        cell = cell[: refs.start()]
        if len(cell) >= 4 and cell.startswith("**") and cell.endswith("**"):
            cell = cell[2:-2]
    return _md_value(cell)


def _md_section(title: str) -> str:
    """What a ``## `` heading opens: a part's id, ``notes`` or ``findings``."""
    text = md_unescape(_REFS.sub("", title))
    for part in layout.PARTS:
        if text == part.label:
            return part.id
    for lang in PAGE:
        if text == PAGE[lang]["notes"]:
            return "notes"
        if text == PAGE[lang]["findings"]:
            return "findings"
    raise _NotOwn


def _markdown(text: str) -> _Page:
    reader = _MarkdownReader()
    for number, line in enumerate(text.split("\n"), start=1):
        if number > 2:  # the heading (shown, not read) and the generator mark
            reader.line(line.removesuffix("\r"), f"line {number}")
    _md_tables(reader.page, reader.tables)
    return reader.page


class _MarkdownReader:
    """A rendered Markdown page, line by line: metadata, then each part, the notes, findings."""

    def __init__(self) -> None:
        self.page = _Page()
        self.tables: dict[str, list[list[tuple[list[str], str]]]] = {}
        self.section = "front"
        self.in_table = False

    def line(self, line: str, source: str) -> None:
        if line.startswith("## "):
            self._heading(line[3:], source)
        elif not line.strip(" \t"):  # a blank line as Markdown has it: "\xa0" is text
            self.in_table = False
        elif self.section == "front":
            self._metadata(line, source)
        elif self.section == "notes":
            note = _md_note(line, source)
            if note.path == "":  # the text before part 一 is listed here, not where it was read
                self.page.lines.setdefault("/notes", source)
            self.page.notes.append(note)
        elif self.section == "findings":
            if not _FOOTNOTE.match(line):
                raise _NotOwn
        else:
            self._part(line, source)

    def _heading(self, title: str, source: str) -> None:
        self.section = _md_section(title)
        self.in_table = False
        if self.section in ("notes", "findings"):
            return
        if self.section in self.page.parts:
            raise _NotOwn
        self.page.parts[self.section] = ([], source)

    def _metadata(self, line: str, source: str) -> None:
        match = _MD_META.fullmatch(line)
        pointer = _METADATA.get(md_unescape(match.group("label"))) if match else None
        if match is None or pointer is None:
            raise _NotOwn
        self.page.field(pointer, _md_value(match.group("value")), source)

    def _part(self, line: str, source: str) -> None:
        if line.startswith("|"):
            if not self.in_table:
                self.tables.setdefault(self.section, []).append([])
                self.in_table = True
            self.tables[self.section][-1].append((_md_cells(line), source))
        elif line.startswith("*"):  # a table's caption or note: the form's, nothing else
            if md_unescape(line.strip("*")) not in _CAPTIONS:
                raise _NotOwn
        else:
            self.page.line(self.section, "" if line == EMPTY else md_unescape(line), source)


def _md_tables(page: _Page, tables: Mapping[str, list[list[tuple[list[str], str]]]]) -> None:
    """Each table's values, by its rows in the order the renderer prints them."""
    fmt = next((f for f in layout.FORMATS.values() if f.notice == page.notice), None)
    if fmt is None:
        raise _NotOwn
    for section, expected in md_rows(fmt).items():
        found = tables.get(section, [])
        if len(found) != len(expected):
            raise _NotOwn
        for rows, table in zip(expected, found, strict=True):
            body = table[2:]  # after the header and the alignment row
            if len(body) != len(rows):
                raise _NotOwn
            for row, (cells, source) in zip(rows, body, strict=True):
                if md_unescape(cells[0]) != row.label or len(cells) != len(row.cells) + 1:
                    raise _NotOwn
                for cell, shown in zip(row.cells, cells[1:], strict=True):
                    page.field(f"{row.pointer}/{cell.id}", _md_cell(shown), source)


def _md_note(line: str, source: str) -> Note:
    """A line of the notes list of a page gkreport rendered (`md_note`), or not its page."""
    note = md_note(line)
    if note is None:
        raise _NotOwn
    return note


def md_note(line: str) -> Note | None:
    """``- path：【kind】raw | 来源：source | 说明：message`` back into a note; None if not one.

    The general text reader asks too, of the notes list after part 六 of a rendered
    page a converter damaged (`gkreport._readers.text.tail`).
    """
    if not line.startswith("- "):
        return None
    path, separator, rest = line[2:].partition("：")
    if not separator:
        return None
    kind: NoteKind | None = None
    if rest.startswith("【"):
        word, close, rest = rest[1:].partition("】")
        kind = _KIND_WORDS.get(md_unescape(word))
        if not close or kind is None:
            return None
    cuts = [m.start() for m in _STRUCTURE.finditer(rest) if m.group() == "|"]
    starts, ends = [0, *(cut + 1 for cut in cuts)], [*cuts, len(rest)]
    segments = [rest[start:end] for start, end in zip(starts, ends, strict=True)]
    fields: dict[str, str] = {}
    for segment in segments[1:]:
        word, separator, value = segment.strip(" ").partition("：")
        name = _NOTE_FIELDS.get(md_unescape(word))
        if not separator or name is None or name in fields:
            return None
        fields[name] = md_unescape(value)
    raw = segments[0].rstrip(" ") if len(segments) > 1 else segments[0]
    return Note(
        path=md_unescape(path),
        raw=md_unescape(raw),
        source=fields.get("source"),
        message=fields.get("message"),
        kind=kind,
    )


# --- HTML -----------------------------------------------------------------------------------


@attrs.define
class _Capture:
    """An element whose content is being read: a value, a line of text, or a note."""

    what: str  # "field", "line" or "note"
    key: str  # the pointer, the part, or the note's kind ("" for none)
    tag: str
    source: str
    pieces: dict[str, list[tuple[str, bool]]] = attrs.Factory(lambda: {"main": []})
    empty: set[str] = attrs.Factory(set)
    target: str = "main"  # "main", "source", "message" or "after" (a note's spans)

    def add(self, text: str, *, literal: bool) -> None:
        if self.target != "after":
            self.pieces[self.target].append((text, literal))

    def text(self, target: str = "main") -> str | None:
        """The content read, None when there was none and no `EMPTY` mark."""
        pieces = self.pieces.get(target)
        if pieces is None:
            return None
        joined = "".join(text for text, _ in pieces)
        return None if not joined and target not in self.empty and target == "main" else joined


class _HtmlPage(HTMLParser):
    """The parts of a rendered HTML page that hold the report; everything else passes by."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # references are told apart from text
        self.page = _Page()
        self.section: str | None = None
        self.in_notes = False
        self.capture: _Capture | None = None
        self.skip = 0  # depth inside a finding's <sup> or a character's span
        self.spans: list[bool] = []  # open spans in the capture: a note's field or not
        self.open: list[str] = []  # elements open outside a capture
        self.grid = _Grid()

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attributes}
        if self.capture is not None:
            self._inside(tag, found, self.capture)
            return
        if tag not in _VOID:
            self.open.append(tag)
        if tag == "td" and "data-pointer" not in found:
            raise _NotOwn  # a table the renderer did not draw
        place = self.grid.start(tag, found)
        if tag == "section" and found.get("id", "").startswith("part-"):
            self.section = found["id"].removeprefix("part-")
            if self.section in self.page.parts:
                raise _NotOwn
            self.page.parts[self.section] = ([], self._source())
        elif tag in ("dd", "td") and "data-pointer" in found:
            where = f"{place} ({self._source()})" if place else self._source()
            self.capture = _Capture("field", found["data-pointer"], tag, where)
        elif tag == "p" and self.section is not None:
            self.capture = _Capture("line", self.section, tag, self._source())
        elif tag == "ul" and "notes" in found.get("class", "").split():
            self.in_notes = True
        elif tag == "li" and self.in_notes:
            self.capture = _Capture("note", found.get("data-kind", ""), tag, self._source())

    def _inside(self, tag: str, found: dict[str, str], capture: _Capture) -> None:
        if self.skip:
            self.skip += 1
        elif tag == "sup":
            self.skip = 1
        elif tag == "span" and found.get("class") == CHAR_CLASS:
            try:
                capture.add(chr(int(found.get("data-char", ""), 16)), literal=False)
            except ValueError:
                raise _NotOwn from None
            self.skip = 1
        elif tag == "span":
            field = {NOTE_SOURCE_CLASS: "source", NOTE_MESSAGE_CLASS: "message"}.get(
                found.get("class", "")
            )
            if capture.what == "note" and field is not None:
                capture.target = field
                capture.pieces[field] = []
            self.spans.append(field is not None)

    def handle_endtag(self, tag: str) -> None:
        capture = self.capture
        if capture is None:
            if tag in self.open:
                del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]
            if tag == "section":
                self.section = None
            elif tag == "ul":
                self.in_notes = False
        elif self.skip:
            self.skip -= 1
        elif tag == "span" and self.spans:
            if self.spans.pop():
                capture.target = "after"
        elif tag == capture.tag:
            self.capture = None
            self.spans = []
            self._finish(capture)

    def handle_data(self, data: str) -> None:
        if self.capture is not None:
            if not self.skip:
                self.capture.add(data, literal=True)
        elif data.strip() and not _SHOWN_ONLY.intersection(self.open):
            raise _NotOwn  # text where the renderer prints none: the general reader keeps it

    def handle_charref(self, name: str) -> None:
        try:
            code = int(name[1:], 16) if name[:1] in "xX" else int(name)
            char = chr(code)
        except (ValueError, OverflowError):
            char = f"&#{name};"
        if self.capture is not None and not self.skip:
            self.capture.add(char, literal=False)

    def handle_entityref(self, name: str) -> None:
        code = name2codepoint.get(name)
        if self.capture is not None and not self.skip:
            self.capture.add(chr(code) if code else f"&{name}", literal=code is None)

    def handle_comment(self, data: str) -> None:
        if self.capture is not None and not self.skip and f"<!--{data}-->" == EMPTY:
            self.capture.empty.add(self.capture.target)

    def _source(self) -> str:
        return f"line {self.getpos()[0]}"

    def _finish(self, capture: _Capture) -> None:
        if capture.what == "field":
            self.page.field(capture.key, capture.text(), capture.source)
        elif capture.what == "line":
            self.page.line(capture.key, capture.text() or "", capture.source)
        else:
            note = _html_note(capture)
            if note.path == "":  # the text before part 一 is listed here, not where it was read
                self.page.lines.setdefault("/notes", capture.source)
            self.page.notes.append(note)


class _Grid:
    """Where a table cell is: "table T row R column C", columns counted through the spans."""

    def __init__(self) -> None:
        self.tables = self.row = self.column = 0
        self.taken: set[tuple[int, int]] = set()  # (row, column) covered by a span from above

    def start(self, tag: str, found: Mapping[str, str]) -> str | None:
        """Follow a start tag; a cell's place in its table, None for any other tag."""
        if tag == "table":
            self.tables, self.row, self.taken = self.tables + 1, 0, set()
        elif tag == "tr":
            self.row, self.column = self.row + 1, 0
        elif tag in ("td", "th"):
            while (self.row, self.column) in self.taken:
                self.column += 1
            rows, columns = _span(found.get("rowspan")), _span(found.get("colspan"))
            self.taken |= {
                (self.row + r, self.column + c) for r in range(rows) for c in range(columns)
            }
            self.column += columns
            return f"table {self.tables} row {self.row} column {self.column - columns + 1}"
        return None


def _span(value: str | None) -> int:
    return int(value) if value and value.isdigit() and 0 < int(value) < 100 else 1


def _html_note(capture: _Capture) -> Note:
    """``path：【kind】raw`` and the two spans back into a note."""
    pieces = capture.pieces["main"]
    text = "".join(piece for piece, _ in pieces)
    colon = _first_literal(pieces, "：", 0)
    if colon is None:
        raise _NotOwn
    start = colon + 1
    kind = next((k for k in _KINDS if k == capture.key), None)
    if capture.key:
        close = _first_literal(pieces, "】", start)
        if kind is None or close is None or text[start : start + 1] != "【":
            raise _NotOwn
        start = close + 1
    return Note(
        path=text[:colon],
        raw=text[start:],
        source=capture.text("source"),
        message=capture.text("message"),
        kind=kind,
    )


def _first_literal(pieces: list[tuple[str, bool]], char: str, start: int) -> int | None:
    """The position of the first ``char`` written as itself (not as a reference) from ``start``."""
    offset = 0
    for piece, literal in pieces:
        if literal:
            found = piece.find(char, max(start - offset, 0))
            if found >= 0:
                return offset + found
        offset += len(piece)
    return None


def _html(text: str) -> _Page:
    parser = _HtmlPage()
    parser.feed(text)
    parser.close()
    if parser.capture is not None:
        raise _NotOwn  # an element left open: cut or edited
    return parser.page
