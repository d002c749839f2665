"""Between reports and plain data: the cattrs converter, strict on purpose.

cattrs' default hooks are lenient (``"5"`` becomes 5, ``3.7`` becomes 3, ``True``
becomes 1). A report is evidence, so nothing here is coerced: a value is taken
as it is or reported, and every bad path of a payload is reported at once.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from gkreport import _payload
from gkreport._errors import InvalidReport, Problem
from gkreport._forms import layout, registry
from gkreport._json import unencodable
from gkreport._model import Note, Report
from gkreport._tables import Count, Signed

__all__ = ["from_dict", "pointer", "to_dict"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _whole_number(value: object) -> int:
    # JSON Schema calls 5.0 an integer, and so does the model, whatever the type that holds
    # it: a JSON file's 5.0 reads as Decimal("5.0"), a pandas column's as the float 5.0.
    # Never True or "5". (A *printed* "5.0" is another matter: see `gkreport._vocabulary`.)
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        return int(value)
    msg = f"expected a whole number, got {_show(value)}"
    raise TypeError(msg)


def _count(value: object, _: object) -> int:
    number = _whole_number(value)
    if number < 0:
        msg = f"a count cannot be negative, got {number}"
        raise ValueError(msg)
    return number


def _signed(value: object, _: object) -> int:
    return _whole_number(value)


def _year(value: object, _: object) -> int | None:
    if value is None:
        return None
    year = _whole_number(value)
    if year not in layout.YEARS:
        first, last = layout.YEARS[0], layout.YEARS[-1]
        msg = f"a report year is from {first} to {last}, got {year}"
        raise ValueError(msg)
    return year


def _money(value: object, _: object) -> Decimal:
    if type(value) is int or isinstance(value, Decimal):
        amount = Decimal(value)
    elif type(value) is float and math.isfinite(value):
        amount = Decimal(repr(value))  # the shortest repr is what the JSON said
    else:
        msg = f"expected a number (万元), got {_show(value)}"
        raise TypeError(msg)
    if not amount.is_finite() or amount < 0:
        msg = f"an amount must be a finite number >= 0, got {value}"
        raise ValueError(msg)
    return amount


def _string(value: object, _: object) -> str:
    if type(value) is not str:
        msg = f"expected a string, got {_show(value)}"
        raise TypeError(msg)
    return value


def _date(value: object, _: object) -> datetime.date:
    if type(value) is not str or not _DATE.fullmatch(value):
        msg = f"expected a date as YYYY-MM-DD, got {_show(value)}"
        raise ValueError(msg)
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        msg = f"no such date: {value}"
        raise ValueError(msg) from None


def _is_literal(type_: object) -> bool:
    return get_origin(type_) is Literal


def _literal(type_: Any) -> Any:
    allowed = get_args(type_)

    def structure(value: object, _: object) -> object:
        if type(value) is str and value in allowed:
            return value
        expected = ", ".join(repr(a) for a in allowed)
        msg = f"expected one of {expected}, got {_show(value)}"
        raise ValueError(msg)

    return structure


def _show(value: object) -> str:
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


def _is_array(type_: object) -> bool:
    """A field holding a JSON array: ``tuple[Note, ...]``."""
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _array(type_: Any, converter: cattrs.Converter) -> Callable[[Any, object], Any]:
    """The hook of an array field: an array only, never an object or a string iterated.

    cattrs takes any iterable for a tuple: ``"notes": {}`` would be no notes and
    ``"notes": {"a": 1}`` a note ``"a"``, where the schema allows only an array.
    """
    items: Callable[[Any, Any], Any] = homogenous_tuple_structure_factory(type_, converter)

    def hook(value: Any, _: object) -> Any:
        if not isinstance(value, (list, tuple)):
            msg = f"expected an array, got {_show(value)}"
            raise TypeError(msg)
        return items(value, type_)

    return hook


def _object(cls: type, converter: cattrs.Converter) -> Callable[[Any, object], Any]:
    """The hook of a table or note class: an object only, never an array or a string."""
    structure: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True
    )

    def hook(value: Any, _: object) -> Any:
        if not isinstance(value, Mapping):
            msg = f"expected an object, got {_show(value)}"
            raise TypeError(msg)
        return structure(value, cls)

    return hook


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(Count, _count)
    converter.register_structure_hook(Signed, _signed)
    converter.register_structure_hook(int, _signed)
    converter.register_structure_hook(Decimal, _money)
    converter.register_structure_hook(str, _string)
    converter.register_structure_hook(datetime.date, _date)
    converter.register_structure_hook_factory(_is_literal, _literal)
    converter.register_structure_hook_factory(attrs.has, lambda cls: _object(cls, converter))
    converter.register_structure_hook_factory(_is_array, lambda type_: _array(type_, converter))
    converter.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    converter.register_unstructure_hook(Decimal, lambda amount: amount)
    # Every registered format's report class, including one registered after this runs.
    converter.register_structure_hook_factory(
        registry.is_report_class,
        lambda cls: make_dict_structure_fn(
            cls,
            converter,
            _cattrs_forbid_extra_keys=True,
            sources=override(omit=True),
            year=override(struct_hook=_year),
        ),
    )
    converter.register_unstructure_hook_factory(
        registry.is_report_class, lambda cls: _unstructure_report(cls, converter)
    )
    # A plain note has no ``kind`` key: payloads written before the field existed stay as
    # they were, both ways (a ``"kind": null`` is read as well, as the schema allows).
    converter.register_unstructure_hook(
        Note, make_dict_unstructure_fn(Note, converter, kind=override(omit_if_default=True))
    )
    return converter


def _unstructure_report(cls: type, converter: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    fields: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls, converter, sources=override(omit=True)
    )
    return lambda report: {"format": report.format, **fields(report)}


_CONVERTER = _make_converter()


def to_dict(report: Report) -> dict[str, Any]:
    """The report as interchange data (the shape of ``report.schema.json``).

    Amounts stay `decimal.Decimal` so they are never rounded through a float;
    `gkreport.dump` writes them as exact JSON numbers.
    """
    data: dict[str, Any] = _CONVERTER.unstructure(report)  # cattrs returns Any
    return data


def from_dict(data: object) -> Report:
    r"""Build a report from interchange data, or raise `InvalidReport` listing every problem.

    A string that cannot be written as UTF-8 (a lone surrogate such as ``"\ud800"``,
    which JSON can spell as an escape) is a problem at its JSON pointer: a Python-side
    rule, since other JSON Schema validators accept such a string, but a report
    gkreport accepts must be writable again (see `gkreport._json.unencodable`).

    Besides what the schema says, what no JSON document holds is refused at its pointer
    (`gkreport._payload`): a key that is not a string, NaN or an infinity, a number of
    more than 100 digits written out, nesting deeper than 32. A whole number is a count
    whatever holds it (``1``, ``1.0``, ``Decimal("1.0")``), as JSON Schema says.
    """
    if not isinstance(data, Mapping):
        raise InvalidReport([Problem("", f"a report must be a JSON object, got {_show(data)}")])
    # What no JSON holds (NaN, a key that is not a string, 5,000 digits) is refused first.
    data, refused, surrogates = _payload.check_text(data)
    if data is None:
        raise InvalidReport(refused)
    format_id = data.get("format")
    if not isinstance(format_id, str) or format_id not in registry.FORMATS:
        known = " or ".join(repr(f) for f in registry.FORMATS)
        what = "missing" if "format" not in data else f"unknown format {_show(format_id)}"
        format_problem = (
            []
            if "/format" in {p.path for p in refused}
            else [Problem("/format", f"{what}; expected {known}")]
        )
        raise InvalidReport([*refused, *format_problem])
    if surrogates:
        said = {problem.path for problem in refused}
        refused += [Problem(path, why) for path, why in unencodable(data) if path not in said]
    report: Report | None = None
    try:
        report = _CONVERTER.structure(data, registry.report_class(format_id))
    except (ClassValidationError, ForbiddenExtraKeysError) as exc:
        said = {problem.path for problem in refused}
        refused += [p for p in _problems(exc, "", format_id) if p.path not in said]
    if refused or report is None:
        raise InvalidReport(refused)
    return report


def _problems(exc: BaseException, path: str, format_id: str) -> Iterator[Problem]:
    """Flatten cattrs' exception groups into problems with JSON pointers."""
    if isinstance(exc, ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield Problem(f"{path}/{pointer(key)}", _unknown_key(f"{path}/{key}", format_id))
    elif isinstance(exc, (ClassValidationError, IterableValidationError)):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            step = getattr(note, "name", getattr(note, "index", ""))
            yield from _problems(inner, f"{path}/{pointer(str(step))}", format_id)
        for inner in without:
            yield from _problems(inner, path, format_id)
    elif isinstance(exc, KeyError):
        yield Problem(path, f"missing: {exc}")
    elif isinstance(exc, (TypeError, ValueError, InvalidOperation)):
        yield Problem(path, str(exc))
    else:  # pragma: no cover - cattrs raises only the kinds above
        yield Problem(path, f"{type(exc).__name__}: {exc}")


def _unknown_key(key_path: str, format_id: str) -> str:
    for other_id, other in layout.FORMATS.items():
        if other_id != format_id and _exists(other, key_path):
            return f"unknown key: it belongs to the {other_id} format, not to {format_id}"
    return "unknown key"


def _exists(fmt: layout.Format, key_path: str) -> bool:
    ids = tuple(part for part in key_path.split("/") if part)
    if ids and ids[0] in {s.id for s in fmt.sections}:
        try:
            fmt.node(ids)
        except KeyError:
            return any(leaf.path == ids for leaf in fmt.leaves())
        return True
    return False


def pointer(token: str) -> str:
    """Escape one reference token of a JSON pointer (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")
