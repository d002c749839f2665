"""The unit every reader produces and the parser consumes: a `Line` of text.

Plain text, Markdown, HTML, Word and PDF all become a sequence of lines, each
remembering where it was found (``source``: "line 57", "p.3", "table 2 row 5"; and
where each cell of a table row was, when the reader knows it).
Within a line, table cells may be separated by tabs; a tab-separated line is a
table row whose cells are known. Keeping this contract small lets the PDF reader
and the digit-recovery step share the one parser. A reader that had to leave
something out (rows past a limit) hands its lines over as a `Page`, with notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from gkreport._model import Note

__all__ = ["Line", "Page", "split_lines"]

#: Only real line breaks: `str.splitlines` also breaks at form feeds and U+2028,
#: which would make "line N" disagree with the reader's editor.
_NEWLINE = re.compile(r"\r\n|\r|\n")


@attrs.frozen
class Line:
    """One line of a published report and where it was found.

    ``cells``, for a table row read from HTML, Word or PDF, is where each of its
    tab-separated cells was ("table 2 row 6 column 3"), so a value or a blank
    remembers its column; empty when only the line is known.
    """

    text: str
    source: str
    cells: tuple[str, ...] = ()


@attrs.frozen
class Page:
    """A reader's lines, and notes on what it did not read (never left out silently)."""

    lines: list[Line]
    notes: list[Note]


def split_lines(text: str, *, first: int = 1) -> Iterator[Line]:
    """Plain text as lines with sources "line N" (1-based, as editors count)."""
    for number, line in enumerate(_NEWLINE.split(text), start=first):
        yield Line(line, f"line {number}")
