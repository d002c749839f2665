"""The structure hooks of single values: each value taken as it is, or refused.

cattrs' default hooks are lenient (``"5"`` becomes 5, ``3.7`` becomes 3, ``True``
becomes 1). A report is evidence, so nothing here is coerced. One module holds
them because two structuring paths call them: the cattrs converter of
`gkreport._convert`, and the plain functions `tools/generate.py` writes into
`gkreport._structure_generated` (so both accept exactly the same values). Each
hook takes ``(value, type)`` as cattrs calls it and raises `TypeError` or
`ValueError` (`HOOK_ERRORS`) with the message a problem shows.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, get_args

from gkreport import _payload
from gkreport._forms import layout

__all__ = [
    "HOOK_ERRORS",
    "count",
    "date",
    "literal",
    "money",
    "show",
    "signed",
    "string",
    "whole_number",
    "year",
]

#: What a hook raises for a value it refuses (`decimal.InvalidOperation` is an ArithmeticError).
HOOK_ERRORS = (TypeError, ValueError, ArithmeticError)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def whole_number(value: object) -> int:
    """A whole number, whatever holds it: ``5``, ``5.0``, ``Decimal("5.0")``; never True or "5".

    JSON Schema calls 5.0 an integer, and so does the model: a JSON file's 5.0 reads
    as Decimal("5.0"), a pandas column's as the float 5.0. (A *printed* "5.0" is
    another matter: see `gkreport._vocabulary`.)
    """
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    msg = f"expected a whole number, got {show(value)}"
    raise TypeError(msg)


def count(value: object, _: object) -> int:
    """A count (件): a whole number >= 0."""
    if type(value) is int and value >= 0:  # most counts: `whole_number`'s first case
        return value
    number = whole_number(value)
    if number < 0:
        msg = f"a count cannot be negative, got {number}"
        raise ValueError(msg)
    return number


def signed(value: object, _: object) -> int:
    """A whole number that may be negative (the 2019 year-on-year change)."""
    return whole_number(value)


def year(value: object, _: object) -> int | None:
    """A report year of `layout.YEARS`, or None."""
    if value is None:
        return None
    found = whole_number(value)
    if found not in layout.YEARS:
        first, last = layout.YEARS[0], layout.YEARS[-1]
        msg = f"a report year is from {first} to {last}, got {found}"
        raise ValueError(msg)
    return found


def money(value: object, _: object) -> Decimal:
    """An amount (万元): a finite number >= 0, exact (a float by its shortest repr)."""
    if type(value) is int or isinstance(value, Decimal):
        amount = Decimal(value)
    elif type(value) is float and math.isfinite(value):
        amount = Decimal(repr(value))  # the shortest repr is what the JSON said
    else:
        msg = f"expected a number (万元), got {show(value)}"
        raise TypeError(msg)
    if not amount.is_finite() or amount < 0:
        msg = f"an amount must be a finite number >= 0, got {value}"
        raise ValueError(msg)
    return amount


def string(value: object, _: object) -> str:
    """A string, never a number or anything else written as one."""
    if type(value) is not str:
        msg = f"expected a string, got {show(value)}"
        raise TypeError(msg)
    return value


def date(value: object, _: object) -> datetime.date:
    """A date written YYYY-MM-DD."""
    if type(value) is not str or not _DATE.fullmatch(value):
        msg = f"expected a date as YYYY-MM-DD, got {show(value)}"
        raise ValueError(msg)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        msg = f"no such date: {value}"
        raise ValueError(msg) from None


def literal(type_: Any) -> Callable[[object, object], object]:
    """The hook of a ``Literal[...]`` of strings: one of them exactly."""
    allowed = get_args(type_)

    def structure(value: object, _: object) -> object:
        if type(value) is str and value in allowed:
            return value
        expected = ", ".join(repr(a) for a in allowed)
        msg = f"expected one of {expected}, got {show(value)}"
        raise ValueError(msg)

    return structure


def show(value: object) -> str:
    """A value as a problem names it: ``a boolean (true)``, ``the string '5'``, ``null`` …."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, str):
        return f"the string {value!r}"
    if value is None:
        return "null"
    if isinstance(value, (Mapping, list)):
        return "an object" if isinstance(value, Mapping) else "an array"
    if isinstance(value, Decimal):
        return str(value)  # as the JSON file wrote it: 1.0, 1E+3
    return _payload.shown(value)
