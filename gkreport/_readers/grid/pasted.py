"""A published page pasted into a workbook: its title, metadata and text parts.

Pasting a report's web page into Excel (or opening the saved page in a
spreadsheet) puts every paragraph in a cell of its own, one under the other: the
title, "发布日期：2024-01-17", the part headings with their paragraphs below them,
and the tables. The tables are found by their labels like any workbook's; the
rest is a page, laid out down the sheet, not the label-beside-value layout of
the template (`metadata`, `parts`). So the cells no other unit read are taken,
row by row, as the lines of that page and read by the text reader's own rules
(`gkreport._readers.text.metadata`, `gkreport._readers.text.parts`): a title
names the agency and the year, a heading starts its part wherever it stands.

Only what the workbook's own layout left unread is filled in, and only in a
workbook this package did not write (its fields sit beside their labels). The
cells used are claimed; every other cell stays a note (`leftovers`).
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from gkreport._readers.grid.cells import Grid, cell_name, is_blank, raw_text
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.index import Index
from gkreport._readers.text.lines import Line
from gkreport._readers.text.metadata import read_metadata
from gkreport._readers.text.parts import PageOutline, read_parts

__all__ = ["read_pasted_page"]

#: The metadata fields a page prints, each a field of the report.
_FIELDS = ("agency", "year", "kind", "title", "published_on")


@attrs.frozen
class _PageLine:
    """One sheet row's unread cells as a line of the page, and the cells it came from."""

    line: Line
    grid: Grid
    row: int
    columns: tuple[int, ...]


def read_pasted_page(index: Index, out: Collector) -> None:
    """Fill the metadata and text parts still unread from the page the sheets hold."""
    page_lines = list(_unread_lines(index, out))
    if not page_lines:
        return
    lines = [page_line.line for page_line in page_lines]
    outline = PageOutline.of(lines)
    used: set[int] = set()
    values = out.reading.values
    meta = read_metadata(outline.front(lines), lines)
    by_source = {page_line.line.source: number for number, page_line in enumerate(page_lines)}
    for field in _FIELDS:
        value = getattr(meta, field)
        pointer = f"/{field}"
        if value is None or values.get(pointer) is not None:
            continue
        source = meta.sources[pointer]
        out.put(pointer, value, source)
        used.add(by_source[source])
    texts, _notes = read_parts(lines, outline)  # what the parts leave out stays a leftover note
    order = sorted(outline.headings.items(), key=lambda item: item[1])
    ends = [heading for _part, heading in order[1:]] + [len(lines)]
    for (part_id, heading), end in zip(order, ends, strict=False):
        pointer = f"/text/{part_id}"
        text = texts.get(part_id)
        if text is None or values.get(pointer) is not None:
            continue
        out.put(pointer, text, lines[heading].source)
        kept = set(text.split("\n"))
        used.add(heading)
        used.update(n for n in range(heading + 1, end) if lines[n].text in kept)
    for number in used:
        page_line = page_lines[number]
        for column in page_line.columns:
            out.claim(page_line.grid, page_line.row, column)


def _unread_lines(index: Index, out: Collector) -> Iterator[_PageLine]:
    """Each row's cells that no unit read, sheet by sheet, as one tab-separated line.

    A row whose unread cells are all numbers is a table's, not the page's prose:
    it is left to the leftover notes.
    """
    for grid in index.grids:
        by_row: dict[int, list[int]] = {}
        for (row, column), value in grid.cells.items():
            if not is_blank(value) and (grid.name, row, column) not in out.claimed:
                by_row.setdefault(row, []).append(column)
        for row in sorted(by_row):
            columns = tuple(sorted(by_row[row]))
            cells = [grid.at(row, column) for column in columns]
            if not any(isinstance(value, str) for value in cells):
                continue
            text = "\t".join(raw_text(value) for value in cells)
            yield _PageLine(Line(text, cell_name(grid.name, row, columns[0])), grid, row, columns)
