"""Turn published text into comparable keys, and printed cells into readings.

What the form's words and numbers mean (marks, units, number syntax, the shared
label key, traditional characters) is `gkreport._vocabulary`'s, the same for
every reader. This module adds only what printed text needs on top: pinyin
annotations after characters ("根據(jù)"), Markdown marks, "1、" for "1.", and
the reading of a printed cell. The parser never compares raw text: it compares
`label_key` of both sides. The published text itself is kept unchanged wherever
the model stores text.

Cells are read by `read_cell`, which tells a number from a mark ("-", "无"), a
blank, or text, and keeps any remark printed beside a number.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from enum import Enum

import attrs

from gkreport import _vocabulary as vocabulary
from gkreport._vocabulary import (
    EXPONENT,
    MARKS,
    NUMBER,
    UNITS,
    alternation,
    to_int,
    to_simplified,
)

__all__ = [
    "CellKind",
    "CellReading",
    "label_key",
    "normalize_line",
    "read_cell",
    "strip_pinyin",
]

#: A parenthesised run of Latin letters with at least one tone mark, straight after a
#: CJK character: the pinyin some sites print after each character, "據(jù)".
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])[(（]\s*[a-zA-Z{_TONED}]*[{_TONED}][a-zA-Z{_TONED}]*\s*[)）]"
)
#: "1、" (folded to "1,") after a leading digit means "1." (an item number), as in the form.
_ITEM_NUMBER = re.compile(r"(?<=^\d),")
_MARKDOWN = re.compile(r"^#+|\*\*|__")


def strip_pinyin(text: str) -> str:
    """Drop pinyin annotations such as "(jù)" printed after Chinese characters."""
    if "(" not in text and "（" not in text:
        return text
    return _PINYIN.sub("", text)


def normalize_line(text: str) -> str:
    """A whole line made comparable: pinyin dropped, simplified, NFKC, no Markdown marks.

    Spaces are kept (they separate numbers in PDF text); `label_key` removes them.
    """
    return unicodedata.normalize("NFKC", to_simplified(strip_pinyin(text)))


@functools.lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The key two labels share when a reader would call them the same label.

    The shared `gkreport._vocabulary.label_key` (NFKC, no whitespace, one kind of
    bracket, comma and quote, no trailing "数量"; the workbook reader uses it too),
    applied after dropping pinyin and simplifying traditional characters, then
    with quotes removed (“危及三安全一稳定” is printed both ways) and "1、" read
    as the item number "1.". Labels are short, so the result is cached.
    """
    key = vocabulary.label_key(to_simplified(strip_pinyin(text)))
    return _ITEM_NUMBER.sub(".", _MARKDOWN.sub("", key).replace('"', ""))


class CellKind(Enum):
    """What a printed table cell holds."""

    NUMBER = "number"
    MARK = "mark"  # "-", "/", "—", "无", "不适用": printed instead of a number
    BLANK = "blank"  # nothing, &nbsp; or a full-width space
    TEXT = "text"


@attrs.frozen
class CellReading:
    """A cell as read: its kind, the number's text and what was printed beside it."""

    kind: CellKind
    number: str | None = None  # sign, digits, decimals (an exponent if printed), no separators
    remark: str = ""  # text printed beside the number ("（不含…）", "万元")
    leading_zero: bool = False  # "0121": digits that probably ran together
    integer: int | None = None  # the number, when it is a plain whole number with no remark


#: What may follow a number in the same cell: a unit, or a remark after a space or bracket.
_REMARK_START = re.compile(rf"\s|[(\[【（]|{alternation(UNITS)}")


@functools.lru_cache(maxsize=4096)
def read_cell(raw: str) -> CellReading:
    """Classify one printed cell: a number (with any remark), a mark, a blank, or text."""
    text = unicodedata.normalize("NFKC", raw).strip().replace("−", "-")  # U+2212 minus sign
    if not text:
        return CellReading(CellKind.BLANK)
    if text.lower() in MARKS:
        return CellReading(CellKind.MARK)
    match = NUMBER.match(text)
    if match is None:
        return CellReading(CellKind.TEXT)
    rest = text[match.end() :]
    exponent = EXPONENT.match(rest)  # "1e3": a number, though none of the form (a note)
    if exponent:
        rest = rest[exponent.end() :]
    if rest and not _REMARK_START.match(rest):
        return CellReading(CellKind.TEXT)  # "2.重复申请" is a label, not the number 2
    sign, digits, fraction = match.groups()
    digits = digits.replace(",", "")
    number = f"{sign}{digits}.{fraction}" if fraction else f"{sign}{digits}"
    number += exponent.group(0) if exponent else ""
    remark = rest.strip()
    return CellReading(
        CellKind.NUMBER,
        number=number,
        remark=remark,
        leading_zero=len(digits) > 1 and digits.startswith("0"),
        integer=None if remark or fraction or exponent else to_int(number),
    )
