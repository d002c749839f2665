"""What the workbook records about itself, and text as OOXML stores it.

Shared by the writer (`gkreport.excel._draw`) and the reader
(`gkreport._readers.xlsx`); nothing here imports openpyxl.
"""

from __future__ import annotations

import re

__all__ = ["FORMAT_NAME", "FORMULA_START", "TEMPLATE_VERSION", "VERSION_NAME", "escape", "unescape"]

#: Bumped when the template's geometry changes; recorded in every workbook written.
TEMPLATE_VERSION = "1"
#: Defined names that record what wrote the workbook, for the reader to recognise it.
FORMAT_NAME = "gkreport.format"
VERSION_NAME = "gkreport.template_version"

# --- text in cells --------------------------------------------------------------------------
# OOXML writes characters XML cannot hold as _xHHHH_ (and a literal "_xHHHH_" as
# "_x005F_xHHHH_"); Excel and LibreOffice decode them, openpyxl does not.
_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_UNESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: What makes a spreadsheet read text as a formula.
FORMULA_START = ("=", "+", "-", "@")


def escape(text: str) -> str:
    """Text as OOXML stores it: control characters and literal ``_xHHHH_`` escaped."""

    def one(match: re.Match[str]) -> str:
        found = match.group()
        return "_x005F" + found if len(found) > 1 else f"_x{ord(found):04X}_"

    return _ESCAPE.sub(one, text)


def unescape(text: str) -> str:
    """The text an OOXML string stands for (`escape` undone)."""
    return _UNESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text
