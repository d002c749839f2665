"""Reading and writing report JSON with exact decimals.

The standard library cannot write a `decimal.Decimal` as a JSON number, and a
float round trip would turn 834.6435 into 834.64350000000002; simplejson does
both directions exactly.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import simplejson

from gkreport._errors import ReadError
from gkreport._payload import LONE_SURROGATE, MAX_DIGITS

__all__ = ["dumps", "encodable", "loads", "read_json", "unencodable"]


def _no_constants(name: str) -> None:
    msg = f"{name} is not a JSON number"
    raise ValueError(msg)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            msg = f"duplicate key {key!r}"
            raise ValueError(msg)
        result[key] = value
    return result


_SURROGATE = LONE_SURROGATE


def encodable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8: it holds no lone surrogate."""
    return _SURROGATE.search(text) is None


def unencodable(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    r"""Every string (value or key) in ``data`` that no UTF-8 file can hold: ``(pointer, why)``.

    JSON's ``"\ud800"`` escape gives Python a lone surrogate, a string that
    cannot be encoded in UTF-8 (nor in any other encoding). Other validators may
    accept such JSON, but gkreport refuses it on reading, because every report
    it reads must be writable again: a `convert` must never fail half-way.
    The walk uses its own stack, so deep nesting cannot exhaust Python's.
    """
    stack: list[tuple[str, Any]] = [(path, data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                why = f"lone surrogate U+{ord(found.group()):04X} at character {found.start()}"
                yield where, f"text that cannot be written as UTF-8 ({why})"
        elif isinstance(value, Mapping):
            for key, item in reversed(list(value.items())):
                if _SURROGATE.search(str(key)):  # its pointer could not be shown either
                    yield where, f"a key that cannot be written as UTF-8: {key!r}"
                    continue
                # RFC 6901 escaping, as `gkreport._convert.pointer` does.
                stack.append((f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}", item))
        elif isinstance(value, (list, tuple)):
            stack.extend(
                (f"{where}/{index}", item) for index, item in reversed(list(enumerate(value)))
            )


def _integer(text: str) -> int | Decimal:
    # Python refuses int() of more than 4,300 digits; as a Decimal the number reaches the
    # model, which refuses it at its JSON pointer (gkreport._payload.MAX_DIGITS).
    return int(text) if len(text) <= MAX_DIGITS + 1 else Decimal(text)


def loads(text: str) -> Any:
    """Parse JSON: numbers with a fraction become `Decimal`; NaN and duplicate keys are refused.

    :raises ValueError: not JSON, or nested too deep for Python to parse (`RecursionError`
        is a `RuntimeError`; it is raised as a `ValueError` like any other malformed text).
    """
    try:
        return simplejson.loads(
            text,
            use_decimal=True,
            parse_int=_integer,
            parse_constant=_no_constants,
            object_pairs_hook=_unique_keys,
        )
    except RecursionError:
        msg = "nested too deep"
        raise ValueError(msg) from None


def dumps(data: Any) -> str:
    """Write JSON the way gkreport always does: UTF-8 text, exact decimals, indented."""
    return simplejson.dumps(data, ensure_ascii=False, indent=2, use_decimal=True) + "\n"


def read_json(path: Path) -> Any:
    """Read a JSON file or raise `ReadError` naming the file and the line.

    A string that cannot be written as UTF-8 (a lone surrogate, see `unencodable`)
    is refused here, naming its JSON pointer.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # valid UTF-8 up to a character cut short
            msg = f"truncated: the file ends in the middle of a character (byte {exc.start})"
            raise ReadError(path, msg) from None
        raise ReadError(path, f"not UTF-8 text (byte {exc.start})") from None
    try:
        data = loads(text)
    except simplejson.JSONDecodeError as exc:
        raise ReadError(path, f"not valid JSON: {exc.msg}", where=f"line {exc.lineno}") from None
    except ValueError as exc:
        raise ReadError(path, f"not valid JSON: {exc}") from None
    for where, why in unencodable(data):
        raise ReadError(path, why, where=where or "/")
    return data
