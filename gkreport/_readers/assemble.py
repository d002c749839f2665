"""The last step of every reader: values by JSON pointer, notes and sources into a `Report`.

Readers differ in how they find values (cells of a workbook, tokens of a text,
table rows of a PDF) but not in what they hand over: a value for each JSON
pointer they read, the notes on what did not fit, and where each value came
from. Building the report in one place keeps them from drifting apart (a date
written one way by one reader and another way by the next), and turns a value
the model refuses into a `ReadError` naming the file, never a bare `InvalidReport`
the caller could mistake for a bad JSON payload.
"""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from gkreport._convert import from_checked_dict, from_dict
from gkreport._errors import InvalidReport, ReadError
from gkreport._forms import layout
from gkreport._model import Note, Report
from gkreport._payload import MAX_DEPTH, MAX_VALUES, plain_leaves

__all__ = ["assemble"]


def assemble(
    origin: str | os.PathLike[str],
    format_id: str,
    values: Mapping[str, object],
    *,
    notes: Iterable[Note] = (),
    sources: Mapping[str, str] | None = None,
) -> Report:
    """The report of ``format_id`` holding ``values``, ``notes`` and ``sources``.

    ``values`` maps JSON pointers (``/applications/new/total``, ``/text/overview``,
    ``/published_on``) to what the reader parsed; a pointer not given reads as
    blank, a date is stored as the model stores it. ``origin`` names the file
    (or ``<text>``) for the error message. A year no report can be for (outside
    `layout.YEARS`: a misprint, not a reader's bug) is left blank and kept as a note.

    :raises ReadError: naming ``origin``, when a value does not fit the model
        (a reader parses by kind, so this means a bug in the reader).
    """
    values, notes = _year_in_range(values, notes, sources or {})
    data: dict[str, Any] = {"format": format_id}
    read = _stored(list(values.values()))
    shape = _shape(tuple(values))
    start = 0
    for parents, keys in shape.runs:  # a row's values come together: its object is found once
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        end = start + len(keys)
        node.update(zip(keys, read[start:end], strict=True))
        start = end
    deepest = shape.deepest
    leaves: list[object] = [format_id, *read]
    leaves.append("".join(values))  # every key is in its pointer: their text checked at once
    data["notes"] = note_dicts = [attrs.asdict(note) for note in notes]
    for note in note_dicts:
        leaves.extend(note.values())
    # Fresh dicts and lists: no cycle, nothing shared; each pointer adds at most one
    # value per key (a container or its leaf), each note a dict and its fields.
    most = 2 + len(values) * (deepest + 1) + 6 * len(note_dicts)
    fits = deepest + 1 < MAX_DEPTH and most <= MAX_VALUES
    try:
        report = from_checked_dict(data) if fits and plain_leaves(leaves) else from_dict(data)
    except InvalidReport as exc:
        raise ReadError(origin, f"values that do not fit the model: {exc}") from None
    return attrs.evolve(report, sources=sources or {})


#: The types of value stored as they are read (a date is stored as its text).
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _stored(read: list[object]) -> list[object]:
    """``read`` as the payload holds it, in place: each date as its ISO text.

    A report holds a date or two among hundreds of values: the values of each other
    type are found by `list.index`, at C speed, not looked at one by one.
    """
    kinds = list(map(type, read))
    for kind in set(kinds) - _PLAIN_TYPES:
        if not issubclass(kind, datetime.date):
            continue
        at = -1
        for _ in range(kinds.count(kind)):
            at = kinds.index(kind, at + 1)
            read[at] = read[at].isoformat()  # type: ignore[attr-defined]
    return read


@attrs.frozen
class _Shape:
    """Where a reader's pointers put their values: runs of keys under one parent each."""

    #: Each run: the parents' keys, and the keys of its values in turn.
    runs: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    #: How many parents the deepest pointer has.
    deepest: int


@functools.lru_cache(maxsize=256)
def _shape(pointers: tuple[str, ...]) -> _Shape:
    """The `_Shape` of ``pointers``, in their order.

    Remembered: a reader reads the same pointers again and again (every workbook of a
    template, every page of one layout), in the same order.
    """
    runs: list[tuple[tuple[str, ...], list[str]]] = []
    for pointer in pointers:
        *parents, leaf = pointer.strip("/").split("/")
        if not runs or runs[-1][0] != tuple(parents):
            runs.append((tuple(parents), []))
        runs[-1][1].append(leaf)
    return _Shape(
        runs=tuple((parents, tuple(keys)) for parents, keys in runs),
        deepest=max((len(parents) for parents, _ in runs), default=0),
    )


def _year_in_range(
    values: Mapping[str, object], notes: Iterable[Note], sources: Mapping[str, str]
) -> tuple[Mapping[str, object], list[Note]]:
    """The values without a year outside `layout.YEARS`, and the notes with it kept."""
    year = values.get("/year")
    if not isinstance(year, int) or year in layout.YEARS:
        return values, list(notes)
    first, last = layout.YEARS[0], layout.YEARS[-1]
    note = Note(
        path="/year",
        raw=str(year),
        source=sources.get("/year"),
        message=f"not a report year (from {first} to {last})",
    )
    return {**values, "/year": None}, [*notes, note]
