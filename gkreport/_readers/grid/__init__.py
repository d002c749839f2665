"""Find the official tables in a grid of cells by their labels, wherever they sit.

A workbook made by hand (or pasted from a published web page) keeps the form's
labels but not its coordinates: rows move, tables share a sheet or get one each,
brackets turn half-width, a subtotal row or a 法人或其他组织小计 column appears.
So nothing here trusts a coordinate. Each table is found from its labels: the
applications matrix from its column headers (自然人, 商业企业 …) and row labels,
table 二 from its row labels and the header row above them, table 四 from its
three block labels and their five column headers, in either orientation.

What the form has no place for becomes a `Note` with the cell it came from; a
row that cannot be found reads as blank with a note, never as a neighbour's row.
Every cell the reader did not use and that is not the form's own fixed text (a
label, a header, a live check and its caption) ends as a note too: a title above
a table, a footnote under it, a remarks column, a whole sheet of something else.
The input is plain data (`Grid`: sheet name and cell values), so this package
does not depend on openpyxl and works for any source of tables.

One module per job, each writing to one `Collector`: `proactive` (二),
`applications` (三), `appeals` (四), `metadata`, `parts` (the text parts),
`notes` (a notes table), `pasted` (a published page pasted into the sheets: its
title, metadata and text parts read as the text reader reads them), then
`leftovers` (everything else, as notes). A header
merged (or visually wider) across several columns heads them all (`spans`): a
value pasted off its header's first column is read, not left as a note.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gkreport._forms import layout
from gkreport._forms.layout import Group
from gkreport._readers.grid.appeals import read_appeals
from gkreport._readers.grid.applications import read_applications
from gkreport._readers.grid.cells import Grid, cell_name
from gkreport._readers.grid.collect import Collector, Reading
from gkreport._readers.grid.index import Index
from gkreport._readers.grid.leftovers import read_leftovers
from gkreport._readers.grid.metadata import read_metadata
from gkreport._readers.grid.notes import is_notes_table, read_notes
from gkreport._readers.grid.parts import read_text_parts
from gkreport._readers.grid.pasted import read_pasted_page
from gkreport._readers.grid.proactive import read_proactive
from gkreport._vocabulary import label_key

__all__ = ["Grid", "Reading", "cell_name", "read_grids"]


def read_grids(
    grids: Sequence[Grid],
    format_id: str | None = None,
    *,
    own_texts: Callable[[str], frozenset[str]] | None = None,
) -> Reading:
    """Read a report's tables, metadata, text and notes from ``grids``.

    Every other non-blank cell that is not the form's own text becomes a note
    (`leftovers.read_leftovers`), so nothing in the grids is dropped silently;
    ``own_texts(format_id)`` adds the source's own fixed texts (a workbook
    template's captions and live checks) to the form's.

    ``format_id`` is the format recorded in the source, if any; otherwise it
    is detected from the labels. ``Reading.tables_found`` is empty when no
    table of the form was recognised.
    """
    index = Index(grids, unlabelled=[grid for grid in grids if is_notes_table(grid)])
    fmt = layout.get_format(format_id or _detect_format(index))
    out = Collector(fmt.id)
    read_metadata(index, out)
    read_proactive(index, fmt, out)
    read_applications(index, fmt, out)
    read_appeals(index, fmt, out)
    read_text_parts(index, out, written=format_id is not None)
    read_notes(index, out)
    if format_id is None:  # a workbook made by hand may be a published page pasted in
        read_pasted_page(index, out)
    read_leftovers(index, fmt.id, out, own_texts(fmt.id) if own_texts else frozenset())
    return out.reading


def _detect_format(index: Index) -> str:
    """The format whose marker labels (FORMAT.md §4.3) the workbook shows most."""
    scores: dict[str, int] = {}
    for format_id, fmt in layout.FORMATS.items():
        markers = [label_key(marker) for marker in fmt.markers]
        other = fmt.node(("applications", "results", "other"))
        if isinstance(other, Group):  # （六）其他处理 in sub-rows: their labels mark the format
            markers += [label_key(row.label) for row in other.children]
        scores[format_id] = sum(1 for key in index.by_key for marker in markers if marker in key)
    return max(scores, key=lambda f: scores[f])  # a tie goes to the first registered
