"""Between reports and plain data: structuring, strict on purpose, and the cattrs converter.

Nothing is coerced (`gkreport._strict` holds the value hooks): a value is taken as it
is or reported, and every bad path of a payload is reported at once. A payload is
structured by the plain functions generated at build time
(`gkreport._structure_generated`), which also say where it fails; the cattrs
converter, built on first use, writes reports back (`to_dict`), words the problems
of a payload that fails, and structures the report classes of formats registered at
run time. Both call the same hooks and agree (tests/test_structure_generated.py).
"""

from __future__ import annotations

import datetime
import functools
import weakref
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

import attrs

from gkreport import _payload
from gkreport._errors import InvalidReport, Problem
from gkreport._forms import layout, registry
from gkreport._json import unencodable
from gkreport._model import Note, Report
from gkreport._strict import count, date, literal, money, show, signed, string, year
from gkreport._structure_generated import STRUCTURE
from gkreport._tables import Count, Signed

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "Attempt",
    "attempt",
    "from_checked_dict",
    "from_dict",
    "pointer",
    "structured",
    "to_dict",
]


def _is_literal(type_: object) -> bool:
    return get_origin(type_) is Literal


def _is_array(type_: object) -> bool:
    """A field holding a JSON array: ``tuple[Note, ...]``."""
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _array(type_: Any, converter: cattrs.Converter) -> Callable[[Any, object], Any]:
    """The hook of an array field: an array only, never an object or a string iterated.

    cattrs takes any iterable for a tuple: ``"notes": {}`` would be no notes and
    ``"notes": {"a": 1}`` a note ``"a"``, where the schema allows only an array.
    """
    from cattrs.cols import homogenous_tuple_structure_factory  # noqa: PLC0415 - on first use

    items: Callable[[Any, Any], Any] = homogenous_tuple_structure_factory(type_, converter)

    def hook(value: Any, _: object) -> Any:
        if not isinstance(value, (list, tuple)):
            msg = f"expected an array, got {show(value)}"
            raise TypeError(msg)
        return items(value, type_)

    return hook


def _object(cls: type, converter: cattrs.Converter) -> Callable[[Any, object], Any]:
    """The hook of a table or note class: an object only, never an array or a string."""
    from cattrs.gen import make_dict_structure_fn  # noqa: PLC0415 - on first use

    structure: Callable[[Any, Any], Any] = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True
    )

    def hook(value: Any, _: object) -> Any:
        if not isinstance(value, Mapping):
            msg = f"expected an object, got {show(value)}"
            raise TypeError(msg)
        return structure(value, cls)

    return hook


@functools.cache
def _converter() -> cattrs.Converter:
    """The cattrs converter, built on first use: ``import gkreport`` does not load cattrs."""
    import cattrs  # noqa: PLC0415
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override  # noqa: PLC0415

    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(Count, count)
    converter.register_structure_hook(Signed, signed)
    converter.register_structure_hook(int, signed)
    converter.register_structure_hook(Decimal, money)
    converter.register_structure_hook(str, string)
    converter.register_structure_hook(datetime.date, date)
    converter.register_structure_hook_factory(_is_literal, literal)
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
            year=override(struct_hook=year),
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
    from cattrs.gen import make_dict_unstructure_fn, override  # noqa: PLC0415 - on first use

    fields: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        cls, converter, sources=override(omit=True)
    )
    return lambda report: {"format": report.format, **fields(report)}


def to_dict(report: Report) -> dict[str, Any]:
    """The report as interchange data (the shape of ``report.schema.json``).

    Amounts stay `decimal.Decimal` so they are never rounded through a float;
    `gkreport.dump` writes them as exact JSON numbers.
    """
    data: dict[str, Any] = _converter().unstructure(report)  # cattrs returns Any
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
        raise InvalidReport([Problem("", f"a report must be a JSON object, got {show(data)}")])
    tried = attempt(data)
    if tried.report is not None:
        return tried.report
    report, problems = _explain(tried)
    if problems or report is None:
        raise InvalidReport(problems)
    return report  # pragma: no cover - the generated functions and cattrs agree


def from_checked_dict(data: Mapping[str, Any]) -> Report:
    """`from_dict` of a payload its builder has checked as `gkreport._payload.plain_leaves` says.

    For such a payload the walk of `_payload.check_text` would return it unchanged
    with no problem and no lone surrogate, so it is skipped: the report is what
    `from_dict` returns. Anything else (a payload that does not structure, an
    unknown format) goes through `from_dict`, which raises as it always does. Only
    the readers call this (`gkreport._readers.assemble`), on payloads they build.
    """
    format_id = data.get("format")
    if isinstance(format_id, str) and format_id in registry.FORMATS:
        report, _ = _structure(data, registry.report_class(format_id))
        if report is not None:
            return report
    return from_dict(data)


@attrs.frozen
class Attempt:
    """A payload structured, or what `gkreport.validate` needs to read and explain it.

    ``data`` is the payload made safe (`gkreport._payload.check`; None when it holds too
    many values to read) and ``refused`` the values no JSON holds. ``scopes`` are the
    JSON pointers of every place the schema can find fault with, when known (None: look
    everywhere); the places in between fit the schema, so checking these is checking all.
    """

    report: Report | None
    data: Mapping[str, Any] | None
    refused: tuple[Problem, ...]
    surrogates: bool
    scopes: tuple[str, ...] | None


def attempt(data: Mapping[str, Any]) -> Attempt:
    """Structure ``data``: the report, or None with where it fails (see `Attempt`).

    The report is None too when the payload holds what no JSON holds or a string no
    file can hold (a lone surrogate), as `from_dict` refuses those.
    """
    # What no JSON holds (NaN, a key that is not a string, 5,000 digits) is refused first.
    clean, refused, surrogates = _payload.check_text(data)
    if clean is None:
        return Attempt(None, None, tuple(refused), surrogates=False, scopes=None)
    format_id = clean.get("format")
    if not isinstance(format_id, str) or format_id not in registry.FORMATS:
        return Attempt(None, clean, tuple(refused), surrogates, scopes=None)
    report, scopes = _structure(clean, registry.report_class(format_id))
    if refused or surrogates:
        report = None
    return Attempt(report, clean, tuple(refused), surrogates, scopes)


#: The reports structured here, by identity, while they live (`structured`).
_STRUCTURED: weakref.WeakValueDictionary[int, Report] = weakref.WeakValueDictionary()


def structured(report: Report) -> bool:
    """Whether ``report`` was built here, so every cell holds a value of its kind.

    Structuring checks each cell (`gkreport._strict`: a count a whole number >= 0, an
    amount finite and >= 0, a text a str) and the payload's bounds (100 digits); the
    report classes themselves check nothing, so a report built by hand may hold
    anything. Reports are frozen: one structured here stays as it was checked
    (``attrs.evolve`` makes another object, which is not in the registry). Known by
    identity, not by value: hashing a report would read every cell.
    """
    return _STRUCTURED.get(id(report)) is report


def _structure(data: Mapping[str, Any], cls: type) -> tuple[Report | None, tuple[str, ...] | None]:
    """The report, and the pointers the generated function found fault with (None: not known).

    A class without a generated function (a format registered at run time) goes
    through the cattrs converter, which says only whether it fits.
    """
    function = STRUCTURE.get(cls)
    if function is not None:
        bad: list[str] = []
        odd: list[str] = []
        report: Report | None = function(data, "", bad, odd)
        if report is not None:
            _STRUCTURED[id(report)] = report
        return report, (*bad, *odd)
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError  # noqa: PLC0415

    try:
        report = _converter().structure(data, cls)
    except (ClassValidationError, ForbiddenExtraKeysError):
        return None, None
    _STRUCTURED[id(report)] = report
    return report, None


def _explain(tried: Attempt) -> tuple[Report | None, list[Problem]]:
    """Every problem of a payload that did not structure, worded by the cattrs converter."""
    from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError  # noqa: PLC0415

    refused = list(tried.refused)
    data = tried.data
    if data is None:
        return None, refused
    format_id = data.get("format")
    if not isinstance(format_id, str) or format_id not in registry.FORMATS:
        known = " or ".join(repr(f) for f in registry.FORMATS)
        what = "missing" if "format" not in data else f"unknown format {show(format_id)}"
        format_problem = (
            []
            if "/format" in {p.path for p in refused}
            else [Problem("/format", f"{what}; expected {known}")]
        )
        return None, [*refused, *format_problem]
    if tried.surrogates:
        said = {problem.path for problem in refused}
        refused += [Problem(path, why) for path, why in unencodable(data) if path not in said]
    report: Report | None = None
    try:
        report = _converter().structure(data, registry.report_class(format_id))
    except (ClassValidationError, ForbiddenExtraKeysError) as exc:
        said = {problem.path for problem in refused}
        refused += [p for p in _problems(exc, "", format_id) if p.path not in said]
    return report, refused


def _problems(exc: BaseException, path: str, format_id: str) -> Iterator[Problem]:
    """Flatten cattrs' exception groups into problems with JSON pointers."""
    from cattrs.errors import (  # noqa: PLC0415 - with the converter
        ClassValidationError,
        ForbiddenExtraKeysError,
        IterableValidationError,
    )

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
