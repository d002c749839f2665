"""The words and numbers of the form as people actually print them: one list for every reader.

A report reaches gkreport as a workbook, an HTML or Markdown table, Word, PDF or
plain text, and its sentences are read by the validator. All of them must agree
on what a printed cell or phrase means, so this module is the only place that
says it (FORMAT.md §5):

- the marks that stand for "nothing to report" ("-", "/", "无" …): `MARKS`;
- the units a number may carry without saying more than its column: the count
  units (件 个 项 次 宗 起 条 人次 件次) and the money unit 万元; other units
  ("元", "%") end a number too but change its meaning, so the raw text is kept;
- numbers as typed: full-width digits, thousands separators, decimals for money;
- label keys: NFKC, no whitespace, one kind of bracket, comma and quote, no
  trailing 数量, without the ordinal when asked;
- traditional characters to simplified ones (OpenCC, imported only when a text
  may hold a traditional character, so `import gkreport` never loads it).

Readers keep only what is specific to their medium (pinyin annotations of web
pages, Markdown marks, the PDF row cut into spaced numbers).
"""

from __future__ import annotations

import codecs
import datetime
import functools
import math
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from gkreport._forms.layout import Kind
from gkreport._payload import LONE_SURROGATE, MAX_DIGITS, number_problem

__all__ = [
    "APPEAL_UNITS",
    "CASE_UNITS",
    "COUNT_UNITS",
    "EXPONENT",
    "MARKS",
    "MONEY_UNITS",
    "NUMBER",
    "OTHER_UNITS",
    "RUN_MARKS",
    "T2S_IN_GB2312",
    "UNITS",
    "Parsed",
    "alternation",
    "form_problem",
    "is_mark",
    "label_key",
    "may_be_traditional",
    "parse_value",
    "strip_ordinal",
    "to_decimal",
    "to_int",
    "to_simplified",
    "units_for",
    "with_ideographs",
    "without_count_suffix",
]

# --- marks ------------------------------------------------------------------------------

#: Cells that stand for "nothing to report" without being a number (FORMAT.md §5),
#: compared after NFKC, without whitespace, lower-cased.
MARKS = frozenset(
    {"-", "--", "–", "—", "——", "－", "/", "\\", "无", "不适用", "n/a", "na", "×", "x"}
)
#: The one-character marks a PDF row prints among its numbers ("规章 0 - 0"): they are
#: cut out of a run of spaced values, where a longer mark would be taken for a label.
RUN_MARKS = ("-", "—", "/")

_SPACE = re.compile(r"\s+")


def is_mark(raw: str) -> bool:
    """Whether a printed cell is a mark standing for "nothing to report" (not a number)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", raw)).lower() in MARKS


# --- units ------------------------------------------------------------------------------

#: Units a count may carry ("12件", "12宗"): they say nothing the column does not, so a
#: count printed with one reads as the bare number, without a note, from every source.
COUNT_UNITS = ("件", "个", "项", "次", "宗", "起", "条", "人次", "件次")
#: The unit of the form's amounts (本年收费金额 is in 万元): "1.5万元" reads as 1.5.
MONEY_UNITS = ("万元",)
#: Units that end a number but change what it means for the form's columns ("800元" in
#: a 万元 column, "12%" in a count): the number is read and the raw text kept as a note.
OTHER_UNITS = ("元", "%")
#: Every unit that may follow a number in the same cell.
UNITS = COUNT_UNITS + MONEY_UNITS + OTHER_UNITS
#: The units prose counts applications and appeals in ("收到申请12宗", "复议3起"). Not
#: 次/项/条/人次/个: "培训2次", "制度3项", "信息12条", "事项12个" count something else.
CASE_UNITS = ("件", "宗", "起", "件次")
#: Appeals are also counted in 个 ("复议案件2个"), which never counts applications.
APPEAL_UNITS = (*CASE_UNITS, "个")

_COUNT_UNIT_SET = frozenset(COUNT_UNITS)
_MONEY_UNIT_SET = frozenset(MONEY_UNITS)


def units_for(kind: Kind) -> frozenset[str]:
    """The units a value of ``kind`` may be printed with and still need no note."""
    return _MONEY_UNIT_SET if kind is Kind.MONEY else _COUNT_UNIT_SET


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so "件次" wins over "件"."""
    return "|".join(re.escape(word) for word in sorted(words, key=lambda w: (-len(w), w)))


# --- numbers ----------------------------------------------------------------------------

#: An optional sign, digits with optional thousands separators, an optional fraction:
#: groups (sign, digits, fraction without its dot). Match it on NFKC text (full-width
#: digits are then ASCII).
NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?")
#: An exponent printed after a `NUMBER` ("1e3", "1.5E+03"): no number of the form has one.
EXPONENT = re.compile(r"[eE][+-]?\d+")
_PLAIN = re.compile(r"[+-]?(\d+)(?:\.(\d+))?")


def form_problem(number: str, kind: Kind) -> str | None:
    """Why a printed number is not one the form prints for ``kind`` (None when it may be).

    ``number`` is a number's text as read, thousands separators removed, an
    exponent kept. The form prints no exponent ("1e3" is not 1000, nor 1 with a
    remark), no number longer than `MAX_DIGITS` digits, and a count or a change
    without decimals: "12.0" is not 12, since a decimal point in a count column says
    the cell holds something else. A fraction that is not zero ("1.5") is left to
    the reader, which says it is no whole number.
    """
    plain = _PLAIN.fullmatch(number)
    if plain is None:
        return "a number in exponent notation, not as the form prints it"
    whole, fraction = plain.groups()
    if len(whole.lstrip("0")) + len(fraction or "") > MAX_DIGITS:
        return f"a number of more than {MAX_DIGITS} digits"
    if fraction and kind in (Kind.COUNT, Kind.SIGNED) and not fraction.strip("0"):
        return "a whole number printed with decimals, not as the form prints it"
    return None


def to_int(number: str) -> int | None:
    """A whole number from a number's text ("12", "-3", "12.00"); None if it has a fraction.

    None too for "1e3" and for more than `MAX_DIGITS` digits. Whether a cell may print
    a count as "12.00" is `form_problem`'s question (it may not).
    """
    plain = _PLAIN.fullmatch(number)
    if plain is None or len(plain.group(1)) > MAX_DIGITS or (plain.group(2) or "").strip("0"):
        return None
    return int(number.partition(".")[0])


def to_decimal(number: str) -> Decimal | None:
    """An exact amount from a number's text (never through a float); None for "1e3"."""
    plain = _PLAIN.fullmatch(number)
    if plain is None or len(plain.group(1)) + len(plain.group(2) or "") > MAX_DIGITS:
        return None
    try:
        return Decimal(number)
    except InvalidOperation:  # pragma: no cover - `_PLAIN` admits only valid numbers
        return None


@attrs.frozen
class Parsed:
    """A cell's value for the model, and whether its raw form said more than that.

    ``value`` is None for a blank cell and for a cell that holds no usable
    number (a mark, a remark); ``note`` is then the reason to keep the raw text.
    """

    value: object
    note: str | None = None


_BLANK = Parsed(None)


def parse_value(raw: object, kind: Kind) -> Parsed:
    """The model value of one table cell, from what a spreadsheet or text gave.

    Counts accept whole numbers (``12``, ``"1,234"``, ``"１２"``, ``"12件"``,
    ``"12宗"``) and a spreadsheet's number cell holding a whole number (the float
    ``12.0``: typed as a number, its value is the count); a mark or remark gives None
    with a note; a number followed by a remark gives the number with a note. Text
    that is no number of the form (``"12.0"``, ``"1.5"``, ``"1e3"``, see
    `form_problem`) gives None with a note, never 12 or 1. Money gives an exact
    `Decimal`.
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
    if number_problem(raw) is not None:  # NaN, an infinity, more than MAX_DIGITS digits
        finite = not isinstance(raw, float) or math.isfinite(raw)
        return Parsed(
            None, f"a number of more than {MAX_DIGITS} digits" if finite else "not a number"
        )
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
    match = NUMBER.match(text)
    if match is None:
        return Parsed(None, "not a number")
    sign, digits, fraction = match.groups()
    number = sign + digits.replace(",", "") + (f".{fraction}" if fraction else "")
    rest = text[match.end() :]
    exponent = EXPONENT.match(rest)
    problem = form_problem(number + (exponent.group(0) if exponent else ""), kind)
    if problem is not None:
        return Parsed(None, problem)
    parsed = _number_value(Decimal(number), kind)
    if rest and rest not in units_for(kind):
        return Parsed(
            parsed.value, "text beside the number" if parsed.value is not None else parsed.note
        )
    return parsed


# --- labels -----------------------------------------------------------------------------

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
_ORDINAL = re.compile(r"^(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+[,.]|\d+[.,)])")


def without_count_suffix(key: str) -> str:
    """FORMAT.md §5: a trailing "数量" is optional in labels ("收费数量" is "收费")."""
    return key[:-2] if key.endswith("数量") and len(key) > 2 else key


def label_key(text: str) -> str:
    """The comparable form of a label: NFKC, no whitespace, one kind of bracket and quote.

    >>> label_key("（三） 不予公开") == label_key("(三)不予公开")
    True
    """
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD)
    return without_count_suffix(_SPACE.sub("", folded).lower())


def strip_ordinal(key: str) -> str:
    """A label key without its leading ordinal ("(三)", "一,", "1.").

    For labels typed without their number, e.g. "属于国家秘密".
    """
    return _ORDINAL.sub("", key, count=1)


# --- traditional characters ---------------------------------------------------------------

#: The characters of GB 2312 (a simplified-only charset) that OpenCC's t2s changes on
#: their own; tests/test_vocabulary.py recomputes the list from OpenCC.
T2S_IN_GB2312 = "乾吒夥後徵拚捱摺於榘菸薹袷醣麴麽"


@functools.cache
def _gb2312() -> Any:
    """The codec's encoder, looked up once (``str.encode`` looks it up on every call).

    On first use, so that `import gkreport` does not load the codec.
    """
    return codecs.lookup("gb2312").encode


#: `T2S_IN_GB2312` as one-character strings, made once rather than on every search.
_T2S_CHARS = tuple(T2S_IN_GB2312)


def may_be_traditional(text: str) -> bool:
    """Whether OpenCC t2s may change ``text``.

    Only if it holds a character outside GB 2312 or one of `T2S_IN_GB2312`. The C
    codec answers for nearly every simplified report, so OpenCC is neither loaded
    nor run for them. It runs on every part and on every quote's window, so the
    fixed cost matters as much as the cost per character.
    """
    if text.isascii():
        return False
    try:
        _gb2312()(text)
    except UnicodeEncodeError:
        return True
    # sixteen one-character searches (each at memory speed) take a third of a character class;
    # a loop, not any() over a generator: half the cost on a short text
    for char in _T2S_CHARS:  # noqa: SIM110
        if char in text:
            return True
    return False


@functools.cache
def _t2s() -> Any:
    import opencc  # noqa: PLC0415 - loaded on the first text that may be traditional

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified Chinese (OpenCC t2s).

    OpenCC is loaded and run only when it may change something (`may_be_traditional`).
    A lone surrogate (a payload may hold one; OpenCC takes only UTF-8) is kept as it
    is, the text around it converted.
    """
    if not may_be_traditional(text):
        return text
    return "".join(
        piece if LONE_SURROGATE.fullmatch(piece) else str(_t2s().convert(piece))
        for piece in _AROUND_SURROGATES.split(text)
        if piece
    )


#: Splits a text at each lone surrogate, keeping it (`gkreport._payload.LONE_SURROGATE`).
_AROUND_SURROGATES = re.compile(f"({LONE_SURROGATE.pattern})")


#: Kangxi radicals (U+2F00–U+2FD5) as the ideographs they look like (NFKC). A PDF printed
#: by a browser often maps its CJK glyphs to them ("⼀、总体情况", "⾏政许可"): the page
#: shows 一 and 行, the text layer says ⼀ and ⾏, and no heading or label would match.
#: The CJK radicals supplement has no such mapping in Unicode's normalisation: the radicals
#: that are whole characters of a report's text are listed here ("人⺠政府" is 人民政府).
_RADICALS: dict[int, str] = {
    **{code: unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)},
    **{
        ord(radical): ideograph
        for radical, ideograph in zip(
            "⺟⺠⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻨⻩⻬⻮⻰⻳",
            "母民西见角贝车长门青韦页风飞食马骨鬼鱼鸟麦黄齐齿龙龟",
            strict=True,
        )
    },
}
_RADICAL = re.compile("[\u2e80-\u2ef3\u2f00-\u2fd5]")


def with_ideographs(text: str) -> str:
    """``text`` with every radical that stands for an ideograph replaced by it."""
    return text.translate(_RADICALS) if _RADICAL.search(text) else text
