"""What a payload may hold before the model or the schema reads it: JSON data of bounded size.

`gkreport.from_dict` and `gkreport.validate` take plain Python data, which can hold
what a JSON document cannot: a key that is not a string, NaN or an infinity, a
number of thousands of digits, nesting thousands deep, a container that holds
itself. cattrs, jsonschema and the rules would raise on those (``AttributeError``,
``decimal.InvalidOperation``, ``RecursionError``, the ``ValueError`` of Python's
int-to-text limit) instead of reporting them, so `check` finds them first, each at
its JSON pointer, and hands on a copy where each is replaced by a short text that
stands for it (which no cell of a number accepts).

These are gkreport's rules, not JSON Schema's: a JSON document cannot hold most of
them, and the bound on digits is this library's own (a schema validator accepts a
count of any size). The readers apply the same bound to the numbers they read, so
a file is never refused for a number the model would not hold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from gkreport._errors import Problem

__all__ = [
    "LONE_SURROGATE",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_VALUES",
    "check",
    "check_text",
    "digits",
    "has_lone_surrogate",
    "number_problem",
    "plain_leaves",
]

#: The most digits a number may have, written out in full (``1E+3`` is 4 digits,
#: ``0.0001`` is 5): far beyond any count or amount, and far below Python's limit on
#: converting an int to text (4,300 digits by default, never below 640).
MAX_DIGITS = 100
#: How deep objects and arrays may nest: a report nests 5 deep.
MAX_DEPTH = 32
#: How many values (objects, arrays and leaves) a payload may hold: a report holds
#: about 400, or a few thousand with many notes.
MAX_VALUES = 100_000

_LIMIT: int = 10**MAX_DIGITS
#: A lone surrogate: text no UTF-8 file can hold (`gkreport._json.unencodable`).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE = LONE_SURROGATE
_LOG10_2 = math.log10(2) - 1e-12  # a hair low, so the estimate of digits is never too high


def digits(number: int | float | Decimal) -> int:
    """How many digits ``number`` has, written out in full (without an exponent)."""
    if isinstance(number, int):
        size = abs(number)
        estimate = max(int(size.bit_length() * _LOG10_2), 1)  # never above the digits
        return estimate + 1 if size >= 10**estimate else estimate
    exact = Decimal(repr(number)) if isinstance(number, float) else number
    if not exact.is_finite():
        return 0
    exponent = exact.as_tuple().exponent
    assert isinstance(exponent, int)  # finite (above)
    return max(exact.adjusted() + 1, 1) + max(-exponent, 0)


def number_problem(number: int | float | Decimal) -> str | None:
    """Why a number is not one a report can hold (None when it is): not finite, too long."""
    if isinstance(number, int):
        if -_LIMIT < number < _LIMIT:
            return None
    elif isinstance(number, float) and not math.isfinite(number):
        return f"{number!r} is not a number JSON can hold"
    elif isinstance(number, Decimal) and not number.is_finite():
        return f"{number} is not a number JSON can hold"
    elif digits(number) <= MAX_DIGITS:
        return None
    return f"a number of {digits(number)} digits; gkreport reads numbers of at most {MAX_DIGITS}"


def pointer(token: str) -> str:
    """Escape one reference token of a JSON pointer (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def shown(value: object) -> str:
    """A short text for a value that may be huge or odd (never raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and number_problem(value):
        return f"<a number of {digits(value)} digits>"
    if isinstance(value, (float, Decimal)) and number_problem(value):
        return str(value) if digits(value) == 0 else f"<a number of {digits(value)} digits>"
    try:
        text = repr(value)
    except Exception:  # a caller's object whose repr fails: name its type instead
        return f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


class _Walk:
    """One pass over a payload, collecting problems and copying only what changes."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.values = 0
        self.open: set[int] = set()  # the containers on the current path (a cycle)
        self.surrogates = False  # a string or key holds a lone surrogate (`has_surrogate`)

    def node(self, value: Any, path: str, depth: int) -> Any:
        kind = type(value)
        if kind is str:
            self.surrogates = self.surrogates or _SURROGATE.search(value) is not None
            return value
        if value is None or kind is bool:
            return value
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooLarge
        if kind is int or isinstance(value, (float, Decimal)):
            problem = number_problem(value)
            if problem is None:
                return value
            self.problems.append(Problem(path, problem))
            return shown(value)
        if isinstance(value, (Mapping, list, tuple)):
            return self.container(value, path, depth)
        if isinstance(value, str):  # a subclass of str
            self.surrogates = self.surrogates or _SURROGATE.search(value) is not None
        return value  # another type: the converter and the schema name it

    def container(self, value: Any, path: str, depth: int) -> Any:
        if id(value) in self.open:
            self.problems.append(Problem(path, "an object or array that contains itself"))
            return "<a cycle>"
        if depth >= MAX_DEPTH:
            self.problems.append(Problem(path, f"nested more than {MAX_DEPTH} deep"))
            return "<nested too deep>"
        self.open.add(id(value))
        try:
            if isinstance(value, Mapping):
                return self.mapping(value, path, depth)
            items = [self.node(item, f"{path}/{i}", depth + 1) for i, item in enumerate(value)]
            if all(new is old for new, old in zip(items, value, strict=True)):
                return value
            return type(value)(items) if type(value) in (list, tuple) else items
        finally:
            self.open.discard(id(value))

    def mapping(self, value: Mapping[Any, Any], path: str, depth: int) -> Mapping[Any, Any]:
        out: dict[str, Any] = {}
        changed = False
        for key, item in value.items():
            if not isinstance(key, str):
                where = f"{path}/{pointer(shown(key))}"
                self.problems.append(Problem(where, f"a key must be a string, not {shown(key)}"))
                changed = True
                continue
            self.surrogates = self.surrogates or _SURROGATE.search(key) is not None
            new = self.node(item, f"{path}/{pointer(key)}", depth + 1)
            changed = changed or new is not item
            out[key] = new
        return out if changed else value


class _TooLarge(Exception):
    """More values than `MAX_VALUES`: the walk stops."""


def plain_leaves(leaves: Iterable[object]) -> bool:
    """Whether `check_text` passes each of ``leaves`` as it is, with no lone surrogate.

    True only for None, a bool, a str without a lone surrogate, and an int, float or
    `Decimal` (exactly those types) that `number_problem` accepts: False for anything
    else, which the caller then hands to the walk. A payload built of fresh dicts and
    lists (no cycle, nothing shared), string keys checked here among the leaves, nested
    less than `MAX_DEPTH` and holding at most `MAX_VALUES` values is then one `check_text`
    returns unchanged, with no problem and no surrogate: what
    `gkreport._convert.from_checked_dict` relies on.
    """
    texts: list[str] = []
    for value in leaves:
        if type(value) is str:
            texts.append(value)
        elif value is None or type(value) is bool:
            continue
        elif type(value) is int:
            if not -_LIMIT < value < _LIMIT:
                return False
        elif type(value) is float or type(value) is Decimal:
            if number_problem(value) is not None:
                return False
        else:
            return False  # another type, or a subclass: the walk looks at it
    # Joining makes no surrogate and hides none: Python's text is code points, never pairs.
    return not has_lone_surrogate("".join(texts))


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a surrogate code point (`LONE_SURROGATE`): none is in UTF-8.

    Asked of a whole payload's texts joined: the codec tells it in a quarter of the
    time the pattern takes.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check(data: Mapping[str, Any]) -> tuple[Mapping[str, Any] | None, list[Problem]]:
    """``data`` made safe to read, and the problems found, each at its JSON pointer.

    The copy replaces each bad value by a short text (``"NaN"``, ``"<a number of 5000
    digits>"``) and leaves out keys that are not strings; it is ``data`` itself when
    nothing was wrong. The copy is None when ``data`` holds more than `MAX_VALUES`
    values, too many to read at all.
    """
    clean, problems, _ = check_text(data)
    return clean, problems


def check_text(
    data: Mapping[str, Any],
) -> tuple[Mapping[str, Any] | None, list[Problem], bool]:
    """`check`, and whether any string or key of the copy holds a lone surrogate.

    The same walk answers both, so `gkreport._convert.from_dict` walks a payload for
    the strings no file can hold (`gkreport._json.unencodable`, which names each)
    only when there is one to name.
    """
    walk = _Walk()
    try:
        clean = walk.node(data, "", 0)
    except _TooLarge:
        return None, [Problem("", f"more than {MAX_VALUES} values: not a report")], False
    return clean, walk.problems, walk.surrogates
