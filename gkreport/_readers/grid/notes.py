"""A table of notes (path, raw, source, message, kind), as gkreport writes one: read back as notes.

A workbook written before notes had a ``kind`` has the first four columns only; it reads
the same, every note plain. The header is Chinese (单元格 原文 来源 说明 类别) from
template version 2 on, English (path raw source message kind) before: both read.
A note longer than a cell holds takes a run of rows: its
short fields are merged down the run and each long field's pieces follow down its
column, joined back exactly. A ``source`` or ``message`` recorded as an empty text
(`Grid.empty_texts`) reads as ``""``; a blank one as None.
"""

from __future__ import annotations

import functools
from typing import get_args

from gkreport._model import Note, NoteKind
from gkreport._readers import limits
from gkreport._readers.grid.cells import Grid, cell_name, raw_text
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.index import Index
from gkreport._vocabulary import label_key
from gkreport._workbook_map import NOTES_HEADER, NOTES_HEADER_V1

__all__ = ["is_notes_table", "read_notes"]

_KINDS: tuple[NoteKind, ...] = get_args(NoteKind)


def read_notes(index: Index, out: Collector) -> None:
    """Every grid whose first row is the notes header: each later row (or run) one note."""
    for grid in index.grids:
        width = _header_width(grid)
        if width is None:
            continue
        recorded = (bottom for _top, _left, bottom, _right in grid.empty_texts)
        last = max((r for r, _ in grid.cells), default=1)
        last = min(max([last, *recorded]), limits.current().max_table_rows)
        for row in range(1, last + 1):
            for column in range(1, width + 1):
                out.claim(grid, row, column)
        row = 2
        while row <= last:
            end = max(grid.merge_end(row, column)[0] for column in range(1, width + 1))
            cells = [_field(grid, row, end, column) for column in range(1, width + 1)]
            if any(value is not None for value in cells):
                _note(out, grid, row, cells)
            row = end + 1


def _field(grid: Grid, first: int, last: int, column: int) -> object:
    """One field of a note: its cell, or the pieces of its run of rows joined."""
    if first == last:
        return grid.text_at(first, column)
    pieces = [grid.text_at(row, column) for row in range(first, last + 1)]
    found = [raw_text(piece) for piece in pieces if piece is not None]
    return "".join(found) if found else None


def _note(out: Collector, grid: Grid, row: int, cells: list[object]) -> None:
    path, raw, source, message, kind = [*cells, None][: len(NOTES_HEADER)]
    note = Note(
        path="" if path is None else raw_text(path),
        raw="" if raw is None else raw_text(raw),
        source=None if source is None else raw_text(source),
        message=None if message is None else raw_text(message),
        kind=_kind(kind),
    )
    out.reading.notes.append(note)
    if kind is not None and note.kind is None:  # a hand-edited kind: kept, not lost
        where = cell_name(grid.name, row, len(NOTES_HEADER))
        known = ", ".join(_KINDS)
        out.note(note.path, raw_text(kind), where, f"not a kind of note ({known})")


def is_notes_table(grid: Grid) -> bool:
    """Whether ``grid`` is a table of notes (its first row the notes header): no form labels."""
    return _header_width(grid) is not None


def _header_width(grid: Grid) -> int | None:
    """How many columns the grid's notes table has (None when its first row is no notes header).

    All of `NOTES_HEADER` (or of `NOTES_HEADER_V1`), or all but the last (``kind``) in
    a workbook written before it.
    """
    first = tuple(
        _key(v) if isinstance(v := grid.at(1, c), str) else None
        for c in range(1, len(NOTES_HEADER) + 1)
    )
    for header in (NOTES_HEADER, NOTES_HEADER_V1):
        names = tuple(_key(name) for name in header)
        if first == names:
            return len(names)
        if first[:-1] == names[:-1] and first[-1] is None:
            return len(names) - 1
    return None


#: A label's key, remembered: the notes header is looked for in every sheet of every workbook.
_key = functools.lru_cache(maxsize=4096)(label_key)


def _kind(value: object) -> NoteKind | None:
    """The note kind a cell names, or None (a blank cell, or a word that is no kind)."""
    text = raw_text(value).strip() if value is not None else ""
    return next((kind for kind in _KINDS if kind == text), None)
