"""Long texts in cells: pieces a row can show whole, and the height each row needs.

LibreOffice does not fit row heights to wrapped text when it opens a file, and Excel
rows stop at 409 points (about 28 lines), so a text taller than that is cut off on
screen and on paper. The writer therefore measures each text in lines of its
column, cuts it into pieces of at most `MAX_LINES` lines (at a paragraph or
sentence end where one is near), puts the pieces in consecutive rows and gives each
row an explicit height. The reader joins the pieces back exactly.

The measure is deliberately generous (a CJK character is two column units, any
other one unit; 宋体 10 pt is narrower in both Excel and LibreOffice), so a row is
sometimes taller than its text but never shorter. Nothing here imports openpyxl.
"""

from __future__ import annotations

import math
import unicodedata

from gkreport.excel._ooxml import cell_pieces

__all__ = ["LINE_HEIGHT", "MAX_LINES", "row_height", "text_lines", "text_pieces"]

#: Points per line of 10 pt text, in Excel (宋体) and LibreOffice (its CJK substitutes).
LINE_HEIGHT = 14.0
#: Points above and below the text of a row.
_PADDING = 4.0
#: Excel's highest row, in points.
_MAX_ROW = 409.0
#: The lines one row shows: the most a piece of text may take.
MAX_LINES = int((_MAX_ROW - _PADDING) // LINE_HEIGHT)
#: Where a piece prefers to end: after a paragraph, then after a sentence.
_PARAGRAPH_END = "\n"
_SENTENCE_END = frozenset("。！？；!?;")
#: A piece is cut at a preferred end only if that keeps at least this share of it.
_KEEP = 0.5


def _units(char: str) -> float:
    """The width of ``char`` in column units (the width of "0")."""
    return 2.0 if unicodedata.east_asian_width(char) in "WF" else 1.0


def _room(width: float) -> float:
    """The column units one line of a column ``width`` wide holds (less the cell's margins)."""
    return max(width * 0.95 - 1.0, 2.0)


def text_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` wide (at least one)."""
    room = _room(width)
    lines, used = 1, 0.0
    for char in text:
        if char == _PARAGRAPH_END:
            lines, used = lines + 1, 0.0
            continue
        units = _units(char)
        if used + units > room:
            lines, used = lines + 1, 0.0
        used += units
    return lines


def row_height(lines: int) -> float:
    """The height in points of a row showing ``lines`` lines."""
    return min(_MAX_ROW, max(1, lines) * LINE_HEIGHT + _PADDING)


def text_pieces(text: str, width: float, max_lines: int = MAX_LINES) -> list[str]:
    """``text`` cut into pieces of at most ``max_lines`` lines each; joined, they are ``text``.

    A piece ends after a paragraph or a sentence when one is in its second half,
    else wherever its lines run out; a paragraph break that would start one line too
    many ends the piece (the blank line it leaves is all a row may cut). Each piece
    also fits one cell (`cell_pieces`). An empty text has no piece.
    """
    room = _room(width)
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = _piece_end(text, start, room, max_lines)
        pieces.append(text[start:end])
        start = end
    return [part for piece in pieces for part in cell_pieces(piece)]


def _piece_end(text: str, start: int, room: float, max_lines: int) -> int:
    """Where the piece of ``text`` from ``start`` ends: at most ``max_lines`` lines."""
    lines, used = 1, 0.0
    paragraph = sentence = -1  # the latest preferred ends so far
    for index in range(start, len(text)):
        char = text[index]
        if char == _PARAGRAPH_END:
            if lines == max_lines:
                return index + 1
            lines, used, paragraph = lines + 1, 0.0, index + 1
            continue
        units = _units(char)
        if used + units > room:
            if lines == max_lines:
                return _cut(start, index, paragraph, sentence)
            lines, used = lines + 1, 0.0
        used += units
        if char in _SENTENCE_END:
            sentence = index + 1
    return len(text)


def _cut(start: int, index: int, paragraph: int, sentence: int) -> int:
    """Where the piece from ``start`` ends when line room runs out at ``index``."""
    least = start + math.ceil((index - start) * _KEEP)
    for end in (paragraph, sentence):
        if end >= least:
            return end
    return index
