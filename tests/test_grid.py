"""The shared grid reader: one unit per table, fed plain grids, tied to no file format.

`tests/test_sheet.py` and `tests/test_excel.py` read whole workbooks through it;
here each unit is run alone on a small grid built from the layout's labels, as
an HTML, Word or PDF table reader would feed it.
"""

from __future__ import annotations

import subprocess
import sys

from gkreport._forms import layout
from gkreport._readers.grid import Grid, read_grids
from gkreport._readers.grid.appeals import read_appeals
from gkreport._readers.grid.applications import read_applications
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.index import Index
from gkreport._readers.grid.proactive import read_proactive

#: The current format (listed first in the registry).
FMT = next(iter(layout.FORMATS.values()))


def test_the_grid_reader_needs_neither_openpyxl_nor_the_workbook_package() -> None:
    code = (
        "import sys, gkreport._readers.grid;"
        "print(sorted(m for m in sys.modules if m == 'openpyxl' or m.startswith('gkreport.excel')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_table_two_alone_reads_a_row_under_its_headers() -> None:
    row = FMT.proactive.children[0]
    cells: dict[tuple[int, int], object] = {}
    for j, cell in enumerate(row.cells):
        cells[(1, 2 + j)] = cell.label
        cells[(2, 2 + j)] = 10 + j
    cells[(2, 1)] = row.label
    out = Collector(FMT.id)
    read_proactive(Index([Grid("s", cells)]), FMT, out)
    pointer = f"/{FMT.proactive.id}/{row.id}"
    assert {c.id: out.reading.values[f"{pointer}/{c.id}"] for c in row.cells} == {
        c.id: 10 + j for j, c in enumerate(row.cells)
    }
    assert out.reading.tables_found == [FMT.proactive.id]
    # every other row of 二 is missing, read as blank with a note each
    assert len(out.reading.notes) == len(FMT.proactive.children) - 1


def test_table_three_alone_reads_the_matrix() -> None:
    cells: dict[tuple[int, int], object] = {}
    for j, cell in enumerate(layout.APPLICANT_COLUMNS):
        cells[(1, 2 + j)] = cell.label
        cells[(2, 2 + j)] = j
    first = FMT.applications.children[0]
    cells[(2, 1)] = first.label
    out = Collector(FMT.id)
    read_applications(Index([Grid("s", cells)]), FMT, out)
    values = {c.id: out.reading.values[f"/applications/{first.id}/{c.id}"] for c in first.cells}
    assert values == {cell.id: j for j, cell in enumerate(layout.APPLICANT_COLUMNS)}
    assert out.reading.sources[f"/applications/{first.id}/natural_person"] == "s!B2"


def test_table_four_alone_reads_a_transposed_table() -> None:
    """Blocks as rows, the five headers once above: the form turned round."""
    cells: dict[tuple[int, int], object] = {}
    for j, cell in enumerate(layout.APPEAL_COLUMNS):
        cells[(1, 2 + j)] = cell.label
    for i, block in enumerate(FMT.appeals.children):
        cells[(2 + i, 1)] = block.label
        for j in range(len(layout.APPEAL_COLUMNS)):
            cells[(2 + i, 2 + j)] = 10 * i + j
    out = Collector(FMT.id)
    read_appeals(Index([Grid("s", cells)]), FMT, out)
    last = FMT.appeals.children[-1]
    column = layout.APPEAL_COLUMNS[-1]
    expected = 10 * (len(FMT.appeals.children) - 1) + len(layout.APPEAL_COLUMNS) - 1
    assert out.reading.values[f"/appeals/{last.id}/{column.id}"] == expected
    assert out.reading.notes == []


def test_a_sources_own_fixed_texts_are_no_notes() -> None:
    """A workbook template's caption beside the tables is furniture, not a note."""
    cells: dict[tuple[int, int], object] = {(1, 1): FMT.proactive.children[0].label}
    cells[(5, 5)] = "本表由模板自动校验"
    grids = [Grid("s", cells)]
    plain = read_grids(grids, FMT.id)
    assert [n.raw for n in plain.notes if n.source == "s!E5"] == ["本表由模板自动校验"]
    own = read_grids(grids, FMT.id, own_texts=lambda _format: frozenset({"本表由模板自动校验"}))
    assert [n for n in own.notes if n.source == "s!E5"] == []
