"""Every cell no unit read and that is not the form's own text, as notes: nothing is dropped."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence

import attrs

from gkreport._forms import layout
from gkreport._forms.layout import Row
from gkreport._readers.grid.cells import Grid, cell_name, is_blank, raw_text
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.form import nodes
from gkreport._readers.grid.index import Index
from gkreport._vocabulary import label_key, strip_ordinal
from gkreport._workbook_map import NOTES_HEADER_V1, column_letter

__all__ = ["form_texts", "read_leftovers"]

_OUTSIDE_MESSAGE = "outside the form's tables: kept as a note"
#: Blank cells that may sit inside one leftover note; a wider gap starts another note.
_MAX_RUN_GAP = 2


def read_leftovers(
    index: Index, format_id: str, out: Collector, own_texts: frozenset[str] = frozenset()
) -> None:
    """Every cell not read and not the form's own text, as notes: nothing is dropped.

    Neighbouring cells of one row make one note (values joined by tabs, blanks
    inside as empty fields, the source a range), so a paragraph pasted across
    a row is one note, not one per cell. A run made only of the form's own
    labels, headers and live checks (the template, a table's title) is no note;
    ``own_texts`` are more such texts the source prints (a template's captions).
    A note on a row of a table gets that row's pointer (the table's, when the
    row holds several), elsewhere the path "".
    """
    furniture = _furniture(format_id, own_texts)
    for grid in index.grids:
        by_row: dict[int, list[int]] = defaultdict(list)
        for (row, column), value in grid.cells.items():
            if not is_blank(value) and (grid.name, row, column) not in out.claimed:
                by_row[row].append(column)
        for row in sorted(by_row):
            for run in _runs(grid, row, sorted(by_row[row]), out.claimed):
                values = [grid.at(row, column) for column in range(run[0], run[-1] + 1)]
                if all(is_blank(v) or furniture.holds(v) for v in values):
                    continue
                source = cell_name(grid.name, row, run[0])
                if len(run) > 1:
                    source += f":{column_letter(run[-1])}{row}"
                raw = "\t".join("" if is_blank(v) else raw_text(v) for v in values)
                path = _common_pointer(out.row_pointers.get((grid.name, row), ()))
                out.note(path, raw, source, _OUTSIDE_MESSAGE)


def _runs(
    grid: Grid, row: int, columns: Sequence[int], claimed: set[tuple[str, int, int]]
) -> Iterator[list[int]]:
    """``columns`` split where a read cell or more than `_MAX_RUN_GAP` blanks part them."""
    run = [columns[0]]
    for column in columns[1:]:
        between = range(run[-1] + 1, column)
        if len(between) > _MAX_RUN_GAP or any((grid.name, row, c) in claimed for c in between):
            yield run
            run = []
        run.append(column)
    yield run


def _common_pointer(pointers: Iterable[str]) -> str:
    """The deepest pointer every one of ``pointers`` is under ("" for none)."""
    split = [pointer.split("/") for pointer in pointers]
    if not split:
        return ""
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) > 1:
            break
        common.append(parts[0])
    return "/".join(common)


@attrs.frozen
class _Furniture:
    """The form's own fixed text, by label key: what a leftover cell may be without a note."""

    keys: frozenset[str]
    bare: frozenset[str]  # the keys without their ordinals

    def holds(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        key = label_key(value)
        return key in self.keys or strip_ordinal(key) in self.bare


@functools.cache
def form_texts(format_id: str) -> frozenset[str]:
    """Every label, header and caption the form of ``format_id`` prints, as printed."""
    fmt = layout.get_format(format_id)
    texts: set[str] = set()
    for section in fmt.sections:
        texts.add(section.label)
        for node, _ in nodes(section, ""):
            texts.update((node.label, *node.aliases))
            for cell in node.cells if isinstance(node, Row) else ():
                texts.update((cell.label, *cell.aliases))
    for part in layout.PARTS:
        texts.update((part.label, *part.aliases))
    texts.update(label for _field, label, _english in layout.METADATA)
    texts.update(block.caption for block in fmt.blocks)
    texts.update(
        (
            layout.APPLICANTS_HEADER,
            layout.LEGAL_PERSONS_HEADER,
            layout.LEGAL_PERSONS_SUBTOTAL,
            layout.COLUMN_NOTE,
            layout.CONTENT_HEADER,
            layout.RESULTS_LABEL,
            layout.OTHER_PROCESSING_LABEL,
            layout.REVIEW_HEADER,
            layout.LITIGATION_HEADER,
        )
    )
    return frozenset(texts)


@functools.cache
def _furniture(format_id: str, own_texts: frozenset[str]) -> _Furniture:
    """Every label, header and caption the form prints, and the source's ``own_texts``."""
    # a notes sheet's own header claims its cells (`notes`)
    texts = form_texts(format_id) | own_texts | frozenset(NOTES_HEADER_V1)
    keys = frozenset(label_key(text) for text in texts)
    return _Furniture(keys, frozenset(strip_ordinal(key) for key in keys) - {""})
