"""Recognise the form's labels and numbers as people actually type them.

Labels copied from web pages and hand-made workbooks differ from the official
text in ways that do not change their meaning (FORMAT.md §5): half-width
brackets, stray spaces and line breaks, 、 for ，, curly quotes, a trailing 数量.
`label_key` folds all of these, so comparing keys compares meanings.

Numbers arrive as text too: "1,234", full-width "１２", "12件", "-", "无".
`parse_value` turns a raw cell into the model's value and says when the raw
text holds more than that value, so the reader can keep it as a note.

Nothing here knows about Excel; the text parser can reuse it.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from decimal import Decimal

import attrs

from gkreport._forms.layout import Kind

__all__ = ["MARKS", "Parsed", "is_mark", "label_key", "parse_value", "strip_ordinal"]

_FOLD = str.maketrans(
    {
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "[": "(",
        "]": ")",
        "、": ",",
        "，": ",",
        "“": '"',
        "”": '"',
        "‘": '"',
        "’": '"',
        "「": '"',
        "」": '"',
        "'": '"',
        "．": ".",
        "：": ":",
    }
)
_SPACE = re.compile(r"\s+")
_ORDINAL = re.compile(r"^(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+[,.]|\d+[.,)])")

#: Cells that stand for "nothing to report" without being a number (FORMAT.md §5).
MARKS = frozenset(
    {"-", "--", "–", "—", "——", "－", "/", "\\", "无", "不适用", "n/a", "na", "×", "x"}
)


def is_mark(raw: str) -> bool:
    """Whether a printed cell is a mark standing for "nothing to report" (not a number)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", raw)).lower() in MARKS


def label_key(text: str) -> str:
    """The comparable form of a label: NFKC, no whitespace, one kind of bracket and quote.

    >>> label_key("（三） 不予公开") == label_key("(三)不予公开")
    True
    """
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    folded = _SPACE.sub("", folded).lower()
    return folded.removesuffix("数量") if len(folded) > 2 else folded


def strip_ordinal(key: str) -> str:
    """A label key without its leading ordinal ("(三)", "一,", "1.").

    For labels typed without their number, e.g. "属于国家秘密".
    """
    return _ORDINAL.sub("", key, count=1)


@attrs.frozen
class Parsed:
    """A cell's value for the model, and whether its raw form said more than that.

    ``value`` is None for a blank cell and for a cell that holds no usable
    number (a mark, a remark); ``note`` is then the reason to keep the raw text.
    """

    value: object
    note: str | None = None


_BLANK = Parsed(None)
# An optional sign, digits with optional thousands separators, an optional fraction.
_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
_UNITS = ("件", "个", "项", "次", "宗", "万元")
_MAX_DIGITS = 4300  # Python refuses int() of longer strings; a cell never needs more


def parse_value(raw: object, kind: Kind) -> Parsed:
    """The model value of one table cell, from what a spreadsheet or text gave.

    Counts accept whole numbers (``12``, ``12.0``, ``"1,234"``, ``"１２"``,
    ``"12件"``); a mark or remark gives None with a note; a number followed by
    a remark gives the number with a note. Money gives an exact `Decimal`.
    """
    if raw is None:
        return _BLANK
    if kind is Kind.TEXT:
        return _text_value(raw)
    if isinstance(raw, bool | datetime.date | datetime.time):
        return Parsed(None, "not a number")
    if isinstance(raw, int | float | Decimal):
        return _number_value(raw, kind)
    if not isinstance(raw, str):
        return Parsed(None, "not a number")
    return _string_value(raw, kind)


def _text_value(raw: object) -> Parsed:
    if isinstance(raw, str):
        return Parsed(raw or None)
    if isinstance(raw, bool):
        return Parsed(str(raw))
    if isinstance(raw, float) and raw.is_integer():
        return Parsed(str(int(raw)))
    if isinstance(raw, float):
        return Parsed(repr(raw))
    return Parsed(str(raw))


def _number_value(raw: float | Decimal, kind: Kind) -> Parsed:
    if isinstance(raw, float) and not math.isfinite(raw):
        return Parsed(None, "not a number")
    exact = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if kind is Kind.MONEY:
        if exact < 0:
            return Parsed(None, "an amount cannot be negative")
        return Parsed(exact)
    if exact != exact.to_integral_value():
        return Parsed(None, "not a whole number")
    number = int(exact)
    if kind is Kind.COUNT and number < 0:
        return Parsed(None, "a count cannot be negative")
    return Parsed(number)


def _string_value(raw: str, kind: Kind) -> Parsed:
    text = _SPACE.sub("", unicodedata.normalize("NFKC", raw))
    if not text:
        return _BLANK
    if text.lower() in MARKS:
        return Parsed(None, "a mark, not a number")
    match = _NUMBER.match(text) if len(text) <= _MAX_DIGITS else None
    if match is None:
        return Parsed(None, "not a number")
    sign, digits, fraction = match.groups()
    number = Decimal(sign + digits.replace(",", "") + (f".{fraction}" if fraction else ""))
    parsed = _number_value(number, kind)
    rest = text[match.end() :]
    if rest in _UNITS and (rest == "万元") == (kind is Kind.MONEY):
        return parsed
    if rest:
        return Parsed(
            parsed.value, "text beside the number" if parsed.value is not None else parsed.note
        )
    return parsed
