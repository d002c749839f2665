r"""Printing data to a terminal literally: no markup, no escape sequences, no hidden text.

File names, error messages and the report text quoted by findings come from
the inputs, and inputs may be hostile or careless. Printed as they are, ``[/]``
would be read by rich as markup (a crash, or ``[red]x.json`` shown as ``x.json``)
and an ESC byte would be obeyed by the terminal (colours changed, the screen
cleared, a line overwritten with ``\r``). So every piece of data is shown here:

* to a person (the table, stderr): as a rich `Text`, which rich never parses
  for markup, with every control character, lone surrogate and bidirectional
  control replaced by a visible Python-style escape (``\x1b``, ``\u202e``);
* to a program (``--json``): as JSON with the data intact, the same characters
  written as ``\uXXXX`` escapes so the line stays valid JSON, readable with a
  strict UTF-8 decoder and harmless when it reaches a terminal.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["json_safe", "literal", "visible"]

# C0 controls, DEL and C1 controls (ESC, CSI … start escape sequences), lone surrogates
# (undecodable file names; they cannot be written as UTF-8), and the bidirectional
# controls that reorder what is shown ("Trojan source"), and the line/paragraph separators.
_OTHERS = "\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x0a{_OTHERS}]")
_UNSAFE_BUT_NEWLINE = re.compile(f"[\x00-\x09{_OTHERS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, newlines: bool = False) -> str:
    """``text`` with every character that could act on a terminal shown as an escape.

    ``newlines=True`` keeps line breaks (a multi-line error message in a table cell).
    """
    pattern = _UNSAFE_BUT_NEWLINE if newlines else _UNSAFE
    return pattern.sub(_escape, text)


def literal(text: object, style: str = "", *, newlines: bool = False) -> Text:
    """A rich `Text` showing ``text`` exactly as written (see `visible`), never as markup."""
    from rich.text import Text  # noqa: PLC0415 - rich only when a table is printed

    shown = Text(visible(str(text), newlines=newlines))
    shown.stylize(style)  # on the characters only, not on a table cell's padding
    return shown


def json_safe(line: str) -> str:
    r"""A JSON text with the characters `visible` escapes written as ``\uXXXX`` escapes.

    JSON's own syntax is ASCII, so such a character can only stand inside a
    string, where ``\uXXXX`` means the same character: the data is unchanged.
    Control characters below U+0020 are already escaped by every JSON encoder.
    """
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", line)
