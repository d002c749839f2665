"""The six text parts (一 … 六): each the text right of its heading, the text sheet first."""

from __future__ import annotations

from gkreport._forms import layout
from gkreport._readers.grid.cells import cell_name, right_of
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.index import Index, keys
from gkreport._workbook_map import TEXT_SHEET

__all__ = ["read_text_parts"]


def read_text_parts(index: Index, out: Collector) -> None:
    """Each part's text: the first of its headings with a text beside it."""
    grids = sorted(index.grids, key=lambda g: g.name != TEXT_SHEET)
    for part in layout.PARTS:
        hits = index.all(keys(part.label, part.aliases))
        for hit in sorted(hits, key=lambda h: grids.index(h.grid)):
            found = right_of(hit.grid, hit.row, hit.column)
            if found is not None and isinstance(found[1], str):
                pointer = f"/text/{part.id}"
                out.claim_hit(hit)
                out.claim(hit.grid, hit.row, found[0], pointer)
                out.put(pointer, found[1], cell_name(hit.grid.name, hit.row, found[0]))
                break
