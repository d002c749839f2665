"""A table of notes (path, raw, source, message), as gkreport writes one: read back as notes."""

from __future__ import annotations

from gkreport._model import Note
from gkreport._readers.grid.cells import raw_text
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.index import Index
from gkreport._vocabulary import label_key
from gkreport._workbook_map import NOTES_HEADER

__all__ = ["read_notes"]


def read_notes(index: Index, out: Collector) -> None:
    """Every grid whose first row is the notes header: each later row one note."""
    header = tuple(label_key(name) for name in NOTES_HEADER)
    for grid in index.grids:
        first = tuple(
            label_key(v) if isinstance(v := grid.at(1, c), str) else None
            for c in range(1, len(header) + 1)
        )
        if first != header:
            continue
        last = max((r for r, _ in grid.cells), default=1)
        for row in range(1, last + 1):
            for column in range(1, len(header) + 1):
                out.claim(grid, row, column)
        for row in range(2, last + 1):
            path, raw, source, message = (grid.at(row, c) for c in range(1, 5))
            if path is None and raw is None and source is None and message is None:
                continue
            out.reading.notes.append(
                Note(
                    path="" if path is None else raw_text(path),
                    raw="" if raw is None else raw_text(raw),
                    source=None if source is None else raw_text(source),
                    message=None if message is None else raw_text(message),
                )
            )
