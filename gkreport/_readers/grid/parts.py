r"""The six text parts (一 … 六): each the text right of its heading, the text sheet first.

A part longer than one cell holds continues down the rows its heading is merged
over (`gkreport._workbook_map.text_runs`): the run's cells are joined, exactly
(``""`` between them) in a workbook gkreport wrote, which split the text at any
character, and as lines (``"\n"``) in one made by hand, where each row is a paragraph.
"""

from __future__ import annotations

from gkreport._forms import layout
from gkreport._readers.grid.cells import Grid, cell_name, raw_text, right_of
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.index import Index, keys
from gkreport._workbook_map import TEXT_SHEET, column_letter

__all__ = ["read_text_parts"]


def read_text_parts(index: Index, out: Collector, *, written: bool = False) -> None:
    """Each part's text: the first of its headings with a text beside it.

    ``written``: the workbook is one gkreport wrote (its format is recorded), so a
    run's pieces are joined as they are.
    """
    grids = sorted(index.grids, key=lambda g: g.name != TEXT_SHEET)
    for part in layout.PARTS:
        hits = index.all(keys(part.label, part.aliases))
        for hit in sorted(hits, key=lambda h: grids.index(h.grid)):
            found = right_of(hit.grid, hit.row, hit.column)
            if found is not None and isinstance(found[1], str):
                pointer = f"/text/{part.id}"
                out.claim_hit(hit)
                column, first = found
                last = hit.grid.merge_end(hit.row, hit.column)[0]
                if written and last == hit.row:  # merges lost (an .ods read by calamine)
                    last = _continued(hit.grid, hit.row, hit.column, column)
                pieces = [raw_text(first), *_run(hit.grid, hit.row + 1, last, column)]
                for row in range(hit.row, last + 1):
                    out.claim(hit.grid, row, column, pointer)
                where = cell_name(hit.grid.name, hit.row, column)
                if last > hit.row:
                    where += f":{column_letter(column)}{last}"
                out.put(pointer, ("" if written else "\n").join(pieces), where)
                break


def _continued(grid: Grid, row: int, label_column: int, column: int) -> int:
    """The last row of a run whose label's merge was lost: text below, no label beside it.

    In a workbook gkreport wrote, a part continues only in the rows its label is merged
    over, whose label cells are empty; the next part's label ends it.
    """
    while grid.at(row + 1, label_column) is None and isinstance(grid.at(row + 1, column), str):
        row += 1
    return row


def _run(grid: Grid, first: int, last: int, column: int) -> list[str]:
    """The non-blank cells of ``column`` in rows ``first`` … ``last``, as text."""
    values = (grid.at(row, column) for row in range(first, last + 1))
    return [raw_text(value) for value in values if value is not None and value != ""]
