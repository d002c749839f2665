"""What a rendered page promises its reader: the marks, escapes and rows both sides share.

A page gkreport renders (`gkreport.render`, `gkreport.dump` to ``.html``/``.md``) is
for people, but `gkreport.load` must read it back to the same report: every table
cell, metadata field, text part and note. So the renderer (`gkreport._render`) and
the reader of rendered pages (`gkreport._readers.rendered`) agree here on:

- a mark saying gkreport wrote the page (`HTML_GENERATOR`, `MD_MARKER`);
- an exact escape for every value (`html_field`, `md_field`, `md_line`, undone by
  `md_unescape` and the HTML reader): the characters HTML or Markdown would read as
  markup, line breaks of every kind, control characters (which XML cannot hold
  even escaped: in HTML they become `CHAR_CLASS` spans), spaces at either end of a
  Markdown field, a narrative line starting like a list or a heading;
- ``""`` as `EMPTY` (a comment), so an empty text is told apart from a blank (None);
- the notes' layout: ``path：【kind】raw`` then the source and the message, where a
  ``：`` in the path and a ``【`` opening the raw text are character references, so
  the first literal ``：`` and ``【`` are the layout's own;
- the rows of the Markdown tables, in order, with their printed labels (`md_rows`).

Nothing here imports more than the layout: the reader loads it without the renderer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from gkreport._forms import layout

__all__ = [
    "CHAR_CLASS",
    "EMPTY",
    "HTML_GENERATOR",
    "MD_MARKER",
    "NOTE_MESSAGE_CLASS",
    "NOTE_SOURCE_CLASS",
    "MdRow",
    "html_field",
    "md_field",
    "md_line",
    "md_rows",
    "md_unescape",
    "note_path",
    "note_raw",
]

#: ``<meta name="generator" content="gkreport"/>`` in the head of every HTML page.
HTML_GENERATOR = "gkreport"
#: The line after the heading of every Markdown page (a comment: Markdown shows nothing).
MD_MARKER = "<!-- generator: gkreport -->"
#: An empty text (``""``) where a value stands; nothing there is None.
EMPTY = "<!-- empty -->"
#: The class of the span standing for a character XML cannot hold (``data-char`` = hex).
CHAR_CLASS = "gk-char"
#: The classes of a note's source and message, after its ``path：raw`` text.
NOTE_SOURCE_CLASS = "note-source"
NOTE_MESSAGE_CLASS = "note-message"

#: Characters no XML document holds, even as a reference (and DEL): shown as U+FFFD.
_XML_FORBIDDEN = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff"
_HTML_ESCAPED = re.compile(f"[&<>\"'\t\n\r{_XML_FORBIDDEN}]")
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_MD_BACKSLASHED = "\\`*_[]|#~"
# Every line break `str.splitlines` knows, and control characters, as references.
_MD_ESCAPED = re.compile(
    "[&<>" + re.escape(_MD_BACKSLASHED) + "\x00-\x1f\x7f\x85\u2028\u2029\ufffe\uffff]"
)
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_UNESCAPE = re.compile(
    r"\\([!-/:-@\[-`{-~])|&(?:#[xX]([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot));"
)
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"'}
# A line opening like a list item or a thematic break: "- x", "+ x", "---", "1. x".
_MD_LINE_START = re.compile(r"[-+]|[0-9]{1,9}(?=[.)](?:[ \t]|&#32;|&#x9;|$))")


def html_field(text: str) -> str:
    """``text`` as HTML element content that reads back exactly (see the module docstring)."""

    def one(match: re.Match[str]) -> str:
        char = match.group()
        if char in _HTML_ENTITIES:
            return _HTML_ENTITIES[char]
        if char in "\t\n\r":
            return f"&#{ord(char)};"
        return f'<span class="{CHAR_CLASS}" data-char="{ord(char):04X}">\ufffd</span>'

    return _HTML_ESCAPED.sub(one, text)


def md_field(text: str) -> str:
    """``text`` as one line of Markdown that shows it literally and reads back exactly."""

    def one(match: re.Match[str]) -> str:
        char = match.group()
        if char in _MD_ENTITIES:
            return _MD_ENTITIES[char]
        if char in _MD_BACKSLASHED:
            return "\\" + char
        return f"&#x{ord(char):X};"

    escaped = _MD_ESCAPED.sub(one, text)
    body = escaped.strip(" ")
    if not body:
        return "&#32;" * len(escaped)
    lead = len(escaped) - len(escaped.lstrip(" "))
    trail = len(escaped) - len(escaped.rstrip(" "))
    return "&#32;" * lead + body + "&#32;" * trail


def md_line(text: str) -> str:
    """One line of a narrative part as a Markdown paragraph of its own (`EMPTY` if empty)."""
    if not text:
        return EMPTY
    escaped = md_field(text)
    start = _MD_LINE_START.match(escaped)
    if start is None:
        return escaped
    return (
        escaped[: start.end()] + "\\" + escaped[start.end() :]
        if start.group()[0].isdigit()
        else "\\" + escaped
    )


def md_unescape(text: str) -> str:
    """The text a `md_field` stands for: backslash escapes and references undone."""

    def one(match: re.Match[str]) -> str:
        escaped, hexadecimal, decimal, name = match.groups()
        if escaped is not None:
            return str(escaped)
        if name is not None:
            return _NAMED[name]
        code = int(hexadecimal, 16) if hexadecimal is not None else int(decimal)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return match.group()  # no character: kept as written
        return chr(code)

    return _MD_UNESCAPE.sub(one, text) if ("\\" in text or "&" in text) else text


def note_path(escaped: str) -> str:
    """A note's escaped path with each ``：`` a reference: the first literal one ends it."""
    return escaped.replace("：", "&#xFF1A;")


def note_raw(escaped: str) -> str:
    """A note's escaped raw text with an opening ``【`` a reference: no kind mark can follow."""
    return "&#x3010;" + escaped[1:] if escaped.startswith("【") else escaped


@attrs.frozen
class MdRow:
    """One body row of a Markdown table: its printed label, its pointer and its cells."""

    label: str
    pointer: str
    cells: tuple[layout.Cell, ...]


def md_rows(fmt: layout.Format) -> dict[str, list[list[MdRow]]]:
    """The body rows of each part's Markdown tables, table by table, in printed order.

    Table 二 is one table per block; 三 one table whose row labels keep their
    groups as a prefix; 四 one table of three rows, litigation's labelled as such.
    """
    rows = {row.id: row for row in fmt.proactive.children if isinstance(row, layout.Row)}
    proactive = [
        [
            MdRow(rows[row_id].label, f"/proactive/{row_id}", rows[row_id].cells)
            for row_id in block.rows
        ]
        for block in fmt.blocks
    ]
    applications = [
        MdRow(" ".join(labels[1:]), "/" + "/".join(path), row.cells)
        for path, row, labels in fmt.rows(fmt.applications)
    ]
    appeals_rows: Sequence[layout.Row] = [
        row for row in fmt.appeals.children if isinstance(row, layout.Row)
    ]
    appeals = [
        MdRow(
            row.label if index == 0 else f"{layout.LITIGATION_HEADER} {row.label}",
            f"/appeals/{row.id}",
            row.cells,
        )
        for index, row in enumerate(appeals_rows)
    ]
    return {"proactive": proactive, "applications": [applications], "appeals": [appeals]}
