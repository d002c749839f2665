"""The registry of formats: the one place that knows which formats exist.

Each format is one `Format` object (its id, the years it covers, its notice, its
table tree, its detection markers, its report class and its features), like
``referencing``'s ``Specification``. Year → format, the report class of a format,
the choices of the CLI, format detection in the readers and the rules that apply
all ask this registry, so a format registered here (at import for the official
ones, at run time for a toy in a test) is known everywhere at once.

Per-format views elsewhere are cached by format id: an id, once used, must keep
naming the same format, so `unregister` a run-time format only to drop it for good.
A view that depends on the set of formats (what sets one format apart from the
others) is cleared on every change by a function given to `watch`.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs

from gkreport._forms.features import FEATURES
from gkreport._forms.tree import Format, Group, Kind, Node

__all__ = [
    "FORMATS",
    "current",
    "first_with",
    "for_year",
    "get_format",
    "is_report_class",
    "register",
    "registered",
    "report_class",
    "unregister",
    "watch",
]

#: Every registered format by id, in the order registered (the newest official one first).
FORMATS: dict[str, Format] = {}

_RUNTIME_CLASSES: dict[str, type] = {}
_WATCHERS: list[Callable[[], object]] = []


def watch(clear: Callable[[], object]) -> None:
    """Call ``clear`` (a cache's ``cache_clear``) whenever a format is registered or dropped."""
    _WATCHERS.append(clear)


def _changed() -> None:
    for clear in _WATCHERS:
        clear()


def register(fmt: Format) -> Format:
    """Add ``fmt`` to the registry; `ValueError` for a taken id or an unknown feature."""
    if fmt.id in FORMATS:
        msg = f"a format with id {fmt.id!r} is already registered"
        raise ValueError(msg)
    unknown = sorted(fmt.features - FEATURES.keys())
    if unknown:
        msg = f"format {fmt.id!r}: unknown features {unknown}; known: {sorted(FEATURES)}"
        raise ValueError(msg)
    FORMATS[fmt.id] = fmt
    _changed()
    return fmt


def unregister(format_id: str) -> None:
    """Remove a format registered at run time; `KeyError` when no format has that id."""
    get_format(format_id)
    del FORMATS[format_id]
    _RUNTIME_CLASSES.pop(format_id, None)
    _changed()


@contextlib.contextmanager
def registered(fmt: Format) -> Iterator[Format]:
    """``fmt`` registered for the ``with`` block, unregistered after it."""
    register(fmt)
    try:
        yield fmt
    finally:
        unregister(fmt.id)


def get_format(format_id: str) -> Format:
    """The registered format with id ``format_id``; `KeyError` naming the known ids otherwise."""
    try:
        return FORMATS[format_id]
    except (KeyError, TypeError):
        msg = f"unknown format {format_id!r}; expected one of {', '.join(FORMATS)}"
        raise KeyError(msg) from None


def for_year(year: int | None) -> Format | None:
    """The format a report for ``year`` is to use (None for no year or a year none covers)."""
    if year is None:
        return None
    return next((fmt for fmt in FORMATS.values() if fmt.covers(year)), None)


def current() -> Format:
    """The format of the latest years: the default for a new template or a report of no year."""
    open_ended = [f for f in FORMATS.values() if f.first_year is not None and f.last_year is None]
    return max(open_ended, key=lambda f: f.first_year or 0)


def first_with(feature: str) -> Format:
    """The first registered format that has ``feature``: where its labels are quoted from.

    A rule's title quotes the column it reads (本年制发件数 …); the labels come from
    a format that prints that column, whichever it is.
    """
    found = next((fmt for fmt in FORMATS.values() if feature in fmt.features), None)
    if found is None:
        msg = f"no registered format has the feature {feature!r}"
        raise LookupError(msg)
    return found


def report_class(format_id: str) -> type[Any]:
    """The report class of a format: the generated one, else one built from its tree."""
    fmt = get_format(format_id)
    if fmt.report_class is not None:
        module, _, name = fmt.report_class.partition(":")
        generated: type[Any] = getattr(importlib.import_module(module), name)
        return generated
    if format_id not in _RUNTIME_CLASSES:
        _RUNTIME_CLASSES[format_id] = _build_report_class(fmt)
    return _RUNTIME_CLASSES[format_id]


def is_report_class(cls: object) -> bool:
    """True for the report class of a registered format (the converter's hooks ask this)."""
    return any(
        cls is _RUNTIME_CLASSES.get(fmt.id)
        or (fmt.report_class is not None and cls is report_class(fmt.id))
        for fmt in FORMATS.values()
    )


# --- report classes built at run time ---------------------------------------------------------


def _build_report_class(fmt: Format) -> type[Any]:
    """An attrs report class for ``fmt`` shaped like the generated ones, from its tree.

    Row and group classes are made per model name, so rows of one shape share a
    class as they do in ``gkreport._tables``; metadata, text and notes come from the
    generated report classes' common base.
    """
    from gkreport._model import Note, _ReportBase  # noqa: PLC0415 - the model needs the forms
    from gkreport._tables import Count, Signed  # noqa: PLC0415 - generated from the forms

    types: dict[Kind, Any] = {Kind.COUNT: Count, Kind.SIGNED: Signed, Kind.MONEY: Decimal}
    models: dict[str, type] = {}
    fields: dict[str, Any] = {"format": attrs.field(default=fmt.id, type=str)}
    for section in fmt.sections:
        cls = _node_class(section, models, types)
        fields[section.id] = attrs.field(factory=cls, type=cls)
    fields["notes"] = attrs.field(default=(), type=tuple[Note, ...])
    fields["sources"] = attrs.field(
        factory=dict, converter=_frozen_mapping, eq=False, repr=False, type=dict
    )
    return attrs.make_class(
        f"Report{_class_suffix(fmt.id)}", fields, bases=(_ReportBase,), frozen=True, kw_only=True
    )


def _node_class(node: Node, models: dict[str, type], types: dict[Kind, Any]) -> type:
    if node.model in models:
        return models[node.model]
    fields: dict[str, Any] = {}
    if isinstance(node, Group):
        for child in node.children:
            cls = _node_class(child, models, types)
            fields[child.id] = attrs.field(factory=cls, type=cls)
    else:
        for cell in node.cells:
            fields[cell.id] = attrs.field(default=None, type=types.get(cell.kind, str) | None)
    models[node.model] = attrs.make_class(node.model, fields, frozen=True, kw_only=True)
    return models[node.model]


def _frozen_mapping(sources: Any) -> Any:
    from gkreport._model import _freeze  # noqa: PLC0415 - the model needs the forms first

    return _freeze(sources)


def _class_suffix(format_id: str) -> str:
    return "".join(part.capitalize() for part in format_id.replace("-", "_").split("_"))
