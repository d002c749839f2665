"""Table 四 (复议、诉讼): three blocks, each found by its label, five columns each.

The form prints each block's label over its five column headers and one data
row under all of them; hand-made tables often turn it round (a block per row,
the headers once above). Each block is read in whichever orientation its
headers show, so both read the same. A header merged (or visually wider)
across several columns heads them all (`spans`).
"""

from __future__ import annotations

import attrs

from gkreport._forms import layout
from gkreport._forms.layout import Format, Row
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.form import header_keys, headers_above, is_header, table_rows
from gkreport._readers.grid.index import Hit, Index, keys
from gkreport._readers.grid.spans import Span, header_spans

__all__ = ["read_appeals"]


@attrs.frozen
class _Block:
    """Where one block of table 四 keeps its five values."""

    columns: dict[str, int]  # appeal column id -> sheet column
    bottom: int  # the lowest header row
    below: bool  # the form's orientation (values in the row under the headers)
    spans: dict[str, Span] = attrs.field(factory=dict)  # headers wider than their column


def read_appeals(index: Index, fmt: Format, out: Collector) -> None:
    """Read the three blocks of 四; the table is missing when no block label is found."""
    section = fmt.appeals
    block_keys = frozenset(k for row in section.children for k in keys(row.label, row.aliases))
    placed: list[tuple[str, Row, Hit, _Block]] = []
    absent: list[tuple[str, Row]] = []
    for row_node, pointer in table_rows(section):
        hits = index.all(keys(row_node.label, row_node.aliases))
        blocks = [(hit, _block(index, hit, block_keys)) for hit in hits]
        # the first place where the label heads at least three of its columns
        best = next(((h, b) for h, b in blocks if len(b.columns) >= 3), None) or next(
            iter(blocks), None
        )
        if best is None:
            absent.append((pointer, row_node))
        else:
            placed.append((pointer, row_node, *best))
    if not placed:
        out.missing_table(section)
        return
    out.found_table(section)
    for pointer, row_node in absent:
        out.missing(pointer, row_node.label, row_node.cells, "block")
    below = [block.bottom for *_, block in placed if block.below]
    data_row = max(below, default=0) + 1  # the one data row under every header
    for pointer, row_node, hit, block in placed:
        out.claim_hit(hit)
        row = data_row if block.below else hit.row
        out.read_row(
            pointer, row_node, hit.grid, row, block.columns, note_missing=True, spans=block.spans
        )


def _block(index: Index, hit: Hit, block_keys: frozenset[str]) -> _Block:
    """Where a block's five columns are: under its label (the form) or in a row above."""
    below, bottom = _columns_below(index, hit, block_keys)
    if len(below) >= 3:
        return _block_of(hit, below, bottom, below=True)
    above = headers_above(index, hit, layout.APPEAL_COLUMNS, is_header)
    if len(above) >= len(below):
        return _block_of(hit, above, hit.row, below=False)
    return _block_of(hit, below, bottom, below=True)


def _block_of(hit: Hit, headers: dict[str, Hit], bottom: int, *, below: bool) -> _Block:
    columns = {cell_id: header.column for cell_id, header in headers.items()}
    spans = header_spans(hit.grid, {i: (h.row, h.column) for i, h in headers.items()})
    return _Block(columns, bottom, below=below, spans=spans)


def _columns_below(
    index: Index, hit: Hit, block_keys: frozenset[str]
) -> tuple[dict[str, Hit], int]:
    """The form's orientation: the five column headers sit under the block label.

    They end at the next block's label; the last block's within twice the
    form's five columns, as wide as its first header is merged (a pasted page
    merges every column across several), or anywhere under its merged label.
    """
    grid = hit.grid
    later = [
        h.column
        for r in (hit.row, hit.row + 1)
        for h in index.row(grid, r)
        if h.key in block_keys and h.column > hit.column
    ]
    below = [h for r in (hit.row + 1, hit.row + 2) for h in index.row(grid, r)]
    first = min((h for h in below if h.column >= hit.column), key=lambda h: h.column, default=None)
    width = grid.merge_end(first.row, first.column)[1] - first.column + 1 if first else 1
    reach = hit.column + 2 * len(layout.APPEAL_COLUMNS) * width
    bound = min(later, default=max(reach, grid.merge_end(hit.row, hit.column)[1] + 1))
    headers = [h for h in below if hit.column <= h.column < bound]
    columns: dict[str, Hit] = {}
    bottom = hit.row
    for cell in layout.APPEAL_COLUMNS:
        match = min(
            (h for h in headers if h.key in header_keys(cell)),
            key=lambda h: h.column,
            default=None,
        )
        if match is not None:
            columns[cell.id] = match
            # a header merged down (the form's rowspan) ends where its merged range does
            bottom = max(bottom, match.grid.merge_end(match.row, match.column)[0])
    return columns, bottom
