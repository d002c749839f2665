"""Cut lines into cells: text (labels, headers, prose), values, and separators.

The same report reaches us in very different shapes: one cell per line, pipe
rows (" | "), Markdown tables, tab-separated rows, PDF text where a row is a label
followed by numbers separated by spaces. This module hides the shape: every line
becomes a few `Token`s, and the table reader only sees a stream of tokens.

A value token keeps how it was delimited, because that decides what its
neighbours mean: a blank between tabs is a blank cell, while numbers that were
split on spaces may have run together (the PDF case).
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from gkreport._readers.text.lines import Line
from gkreport._readers.text.normalize import CellKind, CellReading, label_key, read_cell
from gkreport._vocabulary import MONEY_UNITS, RUN_MARKS

__all__ = ["Token", "TokenKind", "is_page_number", "is_rule", "line_cells", "tokenize"]


class TokenKind(enum.Enum):
    """What a token is to the table reader."""

    TEXT = "text"  # a label, a header, a caption, or prose
    VALUE = "value"  # a number, a mark or a positioned blank
    SEPARATOR = "separator"  # a line of pipes only: a row end, or a blank cell mid-row


class Token(NamedTuple):
    """One cell of a line (a named tuple: millions are made, and they must be cheap)."""

    kind: TokenKind
    text: str  # as published, without the delimiters
    source: str
    line: int  # index of the line in the parsed page
    reading: CellReading | None = None  # for VALUE tokens
    spaced: bool = False  # a number cut out of free text at spaces: may have run together

    @property
    def key(self) -> str:
        """The normalised label key (`label_key`) of a TEXT token."""
        return label_key(self.text)


#: A Markdown delimiter row: "|---|:--:|", also "|:--|" and "|:-|" as converters write it
#: (a lone "-" is a mark, so a cell of one hyphen needs a colon).
_RULE_CELL = r"\s*(?::?-{2,}:?|:-:?|-:)\s*"
_MARKDOWN_RULE = re.compile(rf"^\s*\|?{_RULE_CELL}(?:\|{_RULE_CELL})*\|?\s*$")
_PAGE_NUMBER = re.compile(
    r"^(?:-\s*\d{1,3}\s*-|—\s*\d{1,3}\s*—|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)$"
)
_PAGE_NUMBER_START = frozenset("-—第－")
_NUMBER_RUN = r"[+-]?\d[\d,]*(?:\.\d+)?(?:[eE][+-]?\d+)?"  # "1e3": read, then noted
_RUN_MARK = f"[{''.join(re.escape(mark) for mark in RUN_MARKS)}]"
#: A free-text line that ends in numbers: "规章 0 0 0", "数量200 000121".
_TRAILING_NUMBERS = re.compile(
    rf"^(.*?[^\d\s.,+\-])\s*((?:{_NUMBER_RUN}|{_RUN_MARK})(?:\s+(?:{_NUMBER_RUN}|{_RUN_MARK}))*)$"
)
#: Markdown inside a pipe cell that is not the cell's text: bold ("**0**"), a footnote
#: reference ("[^1]", the findings this library's renderer marks on a cell).
#: A label with an amount glued to it and nothing between ("政府集中采购14682290.54万元"):
#: a page whose cells were joined by nothing, so the digits may hold more than one cell.
_GLUED_AMOUNT = re.compile(
    rf"^(.*?[^\d\s.,+\-])({_NUMBER_RUN}(?:"
    + "|".join(re.escape(unit) for unit in sorted(MONEY_UNITS, key=len, reverse=True))
    + "))$"
)
_MARKUP = re.compile(r"\*\*|__|\[\^[^\]\s]{1,10}\]")
_ONLY_NUMBERS = re.compile(rf"^(?:{_NUMBER_RUN}|{_RUN_MARK})(?:\s+(?:{_NUMBER_RUN}|{_RUN_MARK}))+$")


def _clean(text: str) -> str:
    # NFKC turns U+2002, U+3000 and NBSP into ordinary spaces, which strip() removes.
    return unicodedata.normalize("NFKC", text).strip()


def is_rule(text: str) -> bool:
    """The delimiter row under a Markdown table's header: ``|---|:--:|``."""
    return bool(_MARKDOWN_RULE.match(text))


def is_page_number(text: str, *, clean: bool = False) -> bool:
    """A page footer such as "- 4 -" that PDF text puts in the middle of tables."""
    text = text if clean else _clean(text)
    return text[:1] in _PAGE_NUMBER_START and bool(_PAGE_NUMBER.match(text))


#: A cell of a line before it knows where it is: (kind, text, reading, spaced).
_Cell = tuple[TokenKind, str, "CellReading | None", bool]
#: A cell and the position of the delimited cell it was cut from.
_Placed = tuple[TokenKind, str, "CellReading | None", bool, int]


def tokenize(lines: Sequence[Line], indices: Sequence[int] | None = None) -> Iterator[Token]:
    """The cells of every line, in reading order.

    ``indices`` gives each line's index in the whole page (default: its position),
    which tokens keep in ``Token.line``.
    """
    for index, line in zip(
        indices if indices is not None else range(len(lines)), lines, strict=True
    ):
        if line.cells:  # each tab-separated cell knows its own column
            where = line.cells
            for kind, text, reading, spaced, position in _tab_cells(line.text):
                source = where[position] if position < len(where) else line.source
                yield Token(kind, text, source, index, reading, spaced)
            continue
        for kind, text, reading, spaced in line_cells(line.text):
            yield Token(kind, text, line.source, index, reading, spaced)


@functools.lru_cache(maxsize=4096)
def _tab_cells(text: str) -> tuple[_Placed, ...]:
    """The cells of a line, each with the position of the tab-separated cell it came from."""
    if "\t" not in text:
        return tuple((*cell, 0) for cell in line_cells(text))
    return tuple(_delimited(text.split("\t"), pipes=False))


@functools.lru_cache(maxsize=16384)
def line_cells(text: str) -> tuple[_Cell, ...]:
    """The cells of one line of text; cached, because table lines repeat ("0 |")."""
    if "\t" in text:
        return tuple(cell[:4] for cell in _delimited(text.split("\t"), pipes=False))
    if "|" in text:
        if _MARKDOWN_RULE.match(text):
            return ()
        stripped = text.strip()
        cells = (stripped[1:] if stripped.startswith("|") else stripped).split("|")
        if not any(cell.strip() for cell in cells):
            return ((TokenKind.SEPARATOR, stripped, None, False),)
        return tuple(cell[:4] for cell in _delimited(cells, pipes=True))
    return tuple(_free(text))


def _delimited(cells: list[str], *, pipes: bool) -> Iterator[_Placed]:
    """Cells whose boundaries are known (tabs, pipes): an empty cell is a blank value.

    Empty cells before the row's first text cell are dropped (room left by a row
    span), and so are trailing empty cells of pipe rows, which end in runs of "|"
    whatever the table looked like. A pipe row with text and no number or mark
    is a header or a piece of a wrapped label: its empty cells are the room a
    converter leaves under merged headers, not blank values. Each cell comes with
    its position among ``cells`` (where an HTML or Word row says it was).
    """
    if pipes:
        cells = [_MARKUP.sub("", cell) for cell in cells]
    readings = [(at, cell, read_cell(cell)) for at, cell in enumerate(cells)]
    while pipes and readings and readings[-1][2].kind is CellKind.BLANK:
        readings.pop()
    if pipes and all(r.kind in (CellKind.TEXT, CellKind.BLANK) for _, _, r in readings):
        readings = [(at, cell, r) for at, cell, r in readings if r.kind is CellKind.TEXT]
    first_text = next(
        (i for i, (_, _, r) in enumerate(readings) if r.kind is CellKind.TEXT), len(readings)
    )
    for position, (at, cell, reading) in enumerate(readings):
        if reading.kind is CellKind.TEXT:
            yield TokenKind.TEXT, cell.strip(), None, False, at
        elif reading.kind is CellKind.BLANK and position < first_text < len(readings):
            continue
        elif reading.kind is CellKind.NUMBER and _ONLY_NUMBERS.match(_clean(cell)):
            # "200 000121" in one cell: numbers that ran together, not a remark
            for number in _clean(cell).split():
                yield TokenKind.VALUE, number, read_cell(number), True, at
        else:
            yield TokenKind.VALUE, cell.strip(), reading, False, at


def _free(line: str) -> Iterator[_Cell]:
    """A line without cell delimiters: prose, a label, a number, or a PDF table row."""
    # Matched as published (\d and \s are Unicode-aware), so labels keep their printed form.
    text = line.strip()
    if not text or (text[0] in _PAGE_NUMBER_START and is_page_number(text)):
        return
    label, numbers = text, ""
    if _ONLY_NUMBERS.match(text):
        label, numbers = "", text
    else:
        reading = read_cell(text)
        if reading.kind in (CellKind.NUMBER, CellKind.MARK):
            yield TokenKind.VALUE, text, reading, False
            return
        match = _TRAILING_NUMBERS.match(text) or _GLUED_AMOUNT.match(text)
        if match:
            label, numbers = match.groups()
    if label:
        yield TokenKind.TEXT, label.strip(), None, False
    for number in numbers.split():
        yield TokenKind.VALUE, number, read_cell(number), True
