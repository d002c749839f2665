"""Table 二 (主动公开): each row found by its label, its columns by the headers above it.

The rows of 二 are few and their labels distinctive, so each is looked up on
its own: a row whose label appears with no header above it is not that row
(the label quoted in a sentence, a caption), and the next place is tried.
"""

from __future__ import annotations

from gkreport._forms.layout import Format, Row
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.form import header_matches, headers_above, table_rows
from gkreport._readers.grid.index import Index, keys
from gkreport._readers.grid.spans import header_spans

__all__ = ["read_proactive"]


def read_proactive(index: Index, fmt: Format, out: Collector) -> None:
    """Read every row of 二; the table is missing when none of its rows is found."""
    section = fmt.proactive
    found_any = False
    pending: list[tuple[str, Row]] = []
    for row_node, pointer in table_rows(section):
        if _read_row(index, pointer, row_node, out):
            found_any = True
        else:
            pending.append((pointer, row_node))
    if not found_any:
        out.missing_table(section)
        return
    out.found_table(section)
    for pointer, row_node in pending:
        out.missing(pointer, row_node.label, row_node.cells, "row")


def _read_row(index: Index, pointer: str, row_node: Row, out: Collector) -> bool:
    """Read one row at the first place its label has column headers above it."""
    for hit in index.all(keys(row_node.label, row_node.aliases)):
        headers = headers_above(index, hit, row_node.cells, header_matches)
        if not headers:
            continue
        out.claim_hit(hit)
        for header in headers.values():
            out.claim_hit(header)
        columns = {cell_id: header.column for cell_id, header in headers.items()}
        spans = header_spans(hit.grid, {i: (h.row, h.column) for i, h in headers.items()})
        out.read_row(pointer, row_node, hit.grid, hit.row, columns, note_missing=True, spans=spans)
        return True
    return False
