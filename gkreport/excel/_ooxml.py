"""What the workbook records about itself, and text as OOXML stores it.

Shared by the writer (`gkreport.excel._draw`) and the reader
(`gkreport._readers.xlsx`); nothing here imports openpyxl.
"""

from __future__ import annotations

import re

from gkreport._workbook_map import TEMPLATE_VERSION

__all__ = [
    "CELL_LIMIT",
    "EMPTY_TEXT_NAME",
    "FORMAT_NAME",
    "FORMULA_START",
    "TEMPLATE_VERSION",
    "VERSION_NAME",
    "cell_pieces",
    "escape",
    "unescape",
]

# TEMPLATE_VERSION (re-exported): bumped when the template changes; recorded in every
# workbook written. It lives in the workbook map, which says what each version owns.
#: Defined names that record what wrote the workbook, for the reader to recognise it.
FORMAT_NAME = "gkreport.format"
VERSION_NAME = "gkreport.template_version"
#: Defined names (this one, then ``…_2``, ``…_3`` when one would be too long) whose
#: ranges are the cells holding an empty text: a report's ``""``, which a cell cannot
#: show apart from a blank. Only a blank cell in such a range reads as ``""``; a cell
#: left blank anywhere else (a hand-filled workbook) reads as None, and a value typed
#: into such a cell later is read as typed. Being references, Excel moves them with
#: inserted rows.
EMPTY_TEXT_NAME = "gkreport.empty_text"
#: The characters one cell holds (Excel counts UTF-16 units; openpyxl cuts a longer
#: string without a word). A longer text is split by `cell_pieces`.
CELL_LIMIT = 32_767

# --- text in cells --------------------------------------------------------------------------
# OOXML writes characters XML cannot hold as _xHHHH_ (and a literal "_xHHHH_" as
# "_x005F_xHHHH_"); Excel and LibreOffice decode them, openpyxl does not. Every "_"
# that begins an escape's shape is escaped, also where two shapes share it
# ("_x005F_x0041_") or the escape of a control character would complete one
# ("_x0000" + "\x01"): a reader decodes left to right, so one left bare would be read.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_ESCAPE = re.compile(rf"_(?=x[0-9A-Fa-f]{{4}}(?:_|{_CONTROL}))|{_CONTROL}")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: What makes a spreadsheet read text as a formula.
FORMULA_START = ("=", "+", "-", "@")


def escape(text: str) -> str:
    """Text as OOXML stores it: control characters and literal ``_xHHHH_`` escaped."""

    def one(match: re.Match[str]) -> str:
        return f"_x{ord(match.group()):04X}_"  # "_" is "_x005F_"

    return _ESCAPE.sub(one, text)


def unescape(text: str) -> str:
    """The text an OOXML string stands for (`escape` undone)."""
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def cell_pieces(text: str) -> list[str]:
    """``text`` in pieces that each fit one cell once escaped; joined, they are ``text``.

    Each piece is escaped on its own (`escape`) and unescaped on its own when read, so
    a cut inside a control character's escape or a literal ``_xHHHH_`` loses nothing.
    An empty text has no piece.
    """
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + CELL_LIMIT)
        while (units := _utf16_units(escape(text[start:end]))) > CELL_LIMIT:
            end = start + max(1, (end - start) * CELL_LIMIT // units - 1)
        pieces.append(text[start:end])
        start = end
    return pieces


def _utf16_units(text: str) -> int:
    """The length Excel counts: a character beyond U+FFFF is two."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)
