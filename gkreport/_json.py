"""Reading and writing report JSON with exact decimals.

The standard library cannot write a `decimal.Decimal` as a JSON number, and a
float round trip would turn 834.6435 into 834.64350000000002; simplejson does
both directions exactly.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import simplejson

from gkreport._errors import ReadError
from gkreport._payload import MAX_DIGITS

__all__ = ["dumps", "loads", "read_json"]


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
    """Read a JSON file or raise `ReadError` naming the file and the line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ReadError(path, exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        raise ReadError(path, f"not UTF-8 text (byte {exc.start})") from None
    try:
        return loads(text)
    except simplejson.JSONDecodeError as exc:
        raise ReadError(path, f"not valid JSON: {exc.msg}", where=f"line {exc.lineno}") from None
    except ValueError as exc:
        raise ReadError(path, f"not valid JSON: {exc}") from None
