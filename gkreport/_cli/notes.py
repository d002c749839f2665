"""The notes the readers kept, as rows of the ``validate -v`` table.

A reader never drops what the tables cannot hold: a remark beside a number, a
mark such as "—" in a cell, a row it saw and could not capture (`Report.notes`).
A reviewer weighing a finding needs them beside it ("the 12 was written
“12（含转办）”"), so ``-v`` lists them after the file's findings, each at its
place in the source and under its cell's official label.
"""

from __future__ import annotations

from typing import Any

from gkreport._forms import layout
from gkreport._validation.pointer import cells
from gkreport._words import PAGE, Lang

__all__ = ["NOTE", "note_rows"]

#: The severity column's key of a note (`gkreport._words.COMMAND`).
NOTE = "note"


def note_rows(file: str, report: dict[str, Any] | None, lang: Lang) -> list[tuple[str, ...]]:
    """One row per note of ``report`` (its ``to_dict`` form): file, —, note, where, cell, text."""
    if not report or not report.get("notes"):
        return []
    format_id = report.get("format")
    labels = cells(format_id) if format_id in layout.FORMATS else None
    words = PAGE[lang]
    rows: list[tuple[str, ...]] = []
    for note in report["notes"]:
        path = note.get("path") or ""
        label = labels.label(path) if labels is not None and path else ""
        text = f"“{note.get('raw', '')}”"
        if note.get("kind") in ("unread", "implausible"):
            text = f"{words[note['kind']]}: {text}"
        if note.get("message"):
            text += f" — {note['message']}"
        where = note.get("source") or path
        rows.append((file, "—", NOTE, where, label if label != path else "", text))
    return rows
