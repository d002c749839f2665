"""The shared grid reader: one unit per table, fed plain grids, tied to no file format.

`tests/test_sheet.py` and `tests/test_excel.py` read whole workbooks through it;
here each unit is run alone on a small grid built from the layout's labels, as
an HTML, Word or PDF table reader would feed it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._model import Note
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


# --- headers merged (or visually wider) across columns: values read by the header's span ---

#: The format whose 二 has a 本年增/减 column (the example of a pasted page).
SIGNED_FMT = next(
    fmt
    for fmt in layout.FORMATS.values()
    if any(c.kind is Kind.SIGNED for row in fmt.proactive.children for c in row.cells)
)
LICENSING = next(
    row
    for row in SIGNED_FMT.proactive.children
    if any(c.kind is Kind.SIGNED for c in row.cells) and len(row.cells) == 3
)


def _licensing(values: dict[int, object], merged: bool) -> tuple[Grid, dict[str, str], Collector]:
    """Row 33 the three headers (B:J, K:T, U:AD), row 34 the row label and ``values``."""
    cells: dict[tuple[int, int], object] = {
        (33, 1): layout.CONTENT_HEADER,
        (34, 1): LICENSING.label,
    }
    spans = {}
    for cell, (left, right) in zip(LICENSING.cells, ((2, 10), (11, 20), (21, 30)), strict=True):
        cells[(33, left)] = cell.label
        spans[(33, left)] = (33, right)
    cells.update({(34, column): value for column, value in values.items()})
    grid = Grid("s", cells, spans if merged else {})
    out = Collector(SIGNED_FMT.id)
    read_proactive(Index([grid]), SIGNED_FMT, out)
    pointer = f"/{SIGNED_FMT.proactive.id}/{LICENSING.id}"
    return grid, {c.id: f"{pointer}/{c.id}" for c in LICENSING.cells}, out


def _row_notes(out: Collector, leaf: dict[str, str]) -> list[Note]:
    """The notes on the cells of the row ``leaf`` names (other rows are missing here)."""
    return [n for n in out.reading.notes if n.path in leaf.values()]


@pytest.mark.parametrize("merged", [True, False], ids=["merged", "visually-wider"])
def test_a_value_under_a_wide_header_is_read_by_the_headers_span(merged: bool) -> None:
    """本年增/减 at K33 across K:T, its value at P34: read, not kept as a stray note."""
    prev, delta, decisions = LICENSING.cells
    # the last header has no next header to make it visually wider: its value under it
    _, leaf, out = _licensing({6: 12, 16: -3, 26 if merged else 21: 40}, merged)
    values = out.reading.values
    assert (values[leaf[prev.id]], values[leaf[delta.id]], values[leaf[decisions.id]]) == (
        12,
        -3,
        40,
    )
    assert out.reading.sources[leaf[delta.id]] == "s!P34"
    assert out.reading.sources[leaf[prev.id]] == "s!F34"
    assert _row_notes(out, leaf) == []
    assert ("s", 34, 16) in out.claimed  # so no leftover note repeats it


def test_the_last_header_of_a_row_is_wider_only_where_merged() -> None:
    """No next header bounds the last one: a cell further right is no value of it."""
    decisions = LICENSING.cells[-1]
    _, leaf, out = _licensing({2: 1, 11: 2, 25: 40}, merged=False)
    assert out.reading.values[leaf[decisions.id]] is None
    assert ("s", 34, 25) not in out.claimed  # left to the leftover pass, as a note
    _, leaf, out = _licensing({2: 1, 11: 2, 25: 40}, merged=True)
    assert out.reading.values[leaf[decisions.id]] == 40


def test_several_values_under_one_header_are_no_guess() -> None:
    delta = LICENSING.cells[1]
    _, leaf, out = _licensing({2: 1, 13: 5, 17: 6, 21: 40}, merged=True)
    assert out.reading.values[leaf[delta.id]] is None
    (note,) = _row_notes(out, leaf)
    assert (note.path, note.raw, note.source) == (leaf[delta.id], "5\t6", "s!M34:Q34")
    assert "none read" in note.message


def test_a_header_never_spans_into_another_headers_column() -> None:
    """Blank cells right of a header, up to the column of a header in another row."""
    cells: dict[tuple[int, int], object] = {}
    first = FMT.applications.children[0]
    # 自然人 and 总计 in the upper header row, the other five in the lower one
    for j, cell in enumerate(layout.APPLICANT_COLUMNS):
        upper = j in (0, len(layout.APPLICANT_COLUMNS) - 1)
        cells[(1 if upper else 2, 2 + 2 * j)] = cell.label
        cells[(3, 2 + 2 * j + (0 if upper else 1))] = j + 1
    cells[(3, 1)] = first.label
    out = Collector(FMT.id)
    read_applications(Index([Grid("s", cells)]), FMT, out)
    pointer = f"/applications/{first.id}"
    values = {c.id: out.reading.values[f"{pointer}/{c.id}"] for c in first.cells}
    assert values == {cell.id: j + 1 for j, cell in enumerate(layout.APPLICANT_COLUMNS)}
    assert [n for n in out.reading.notes if n.path.startswith(pointer)] == []


def test_table_four_in_the_forms_layout_with_every_column_merged_three_wide() -> None:
    """行政复议 over 15 columns, each header over 3, each value in the middle one."""
    cells: dict[tuple[int, int], object] = {}
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    blocks = list(FMT.appeals.children)
    width = 3 * len(layout.APPEAL_COLUMNS)
    for i, block in enumerate(blocks):
        left = 1 + width * i
        label_row = 1 if i == 0 else 2
        cells[(label_row, left)] = block.label
        merged[(label_row, left)] = (label_row, left + width - 1)
        for j, cell in enumerate(layout.APPEAL_COLUMNS):
            header_row = 2 if i == 0 else 3
            cells[(header_row, left + 3 * j)] = cell.label
            # the review block's headers are merged down two rows, as the form prints them
            merged[(header_row, left + 3 * j)] = (3, left + 3 * j + 2)
            cells[(4, left + 3 * j + 1)] = 10 * i + j
    out = Collector(FMT.id)
    read_appeals(Index([Grid("s", cells, merged)]), FMT, out)
    assert {
        (block.id, cell.id): out.reading.values[f"/appeals/{block.id}/{cell.id}"]
        for block in blocks
        for cell in layout.APPEAL_COLUMNS
    } == {
        (block.id, cell.id): 10 * i + j
        for i, block in enumerate(blocks)
        for j, cell in enumerate(layout.APPEAL_COLUMNS)
    }
    assert out.reading.notes == []


def _page_grid(rows: list[str]) -> Grid:
    """A published page pasted into a sheet: one paragraph per cell down column A."""
    return Grid("Sheet1", {(number, 1): text for number, text in enumerate(rows, 1)})


PASTED = [
    "首页 > 政务公开 > 年报",
    "清镇市人民政府2020年政府信息公开工作年度报告",
    "发布日期:2021-01-29 09:34",
    "一、总体情况",
    "2020年,清镇市深入推进政务公开。",
    "全年主动公开政府信息1200条。",
    "五、存在的主要问题及改进情况",
    "公开的及时性有待提高。",
    "六、其他需要报告的事项",
    "本年度未收取信息处理费。",
]


def test_a_page_pasted_into_a_sheet_gives_its_title_fields_and_text_parts() -> None:
    reading = read_grids([_page_grid(PASTED)])
    values = reading.values
    assert (values["/agency"], values["/year"], values["/kind"]) == (
        "清镇市人民政府",
        2020,
        "government",
    )
    assert values["/title"] == "清镇市人民政府2020年政府信息公开工作年度报告"
    assert str(values["/published_on"]) == "2021-01-29"
    overview = "2020年,清镇市深入推进政务公开。\n全年主动公开政府信息1200条。"
    assert values["/text/overview"] == overview
    assert values["/text/problems"] == "公开的及时性有待提高。"
    assert values["/text/other_matters"] == "本年度未收取信息处理费。"
    assert reading.sources["/agency"] == "Sheet1!A2"
    assert reading.sources["/text/overview"] == "Sheet1!A4"
    # What no field or part took stays a note: nothing is dropped.
    kept = [(note.raw, note.source) for note in reading.notes if note.source]
    assert kept == [("首页 > 政务公开 > 年报", "Sheet1!A1")]


def test_a_pasted_page_does_not_override_fields_beside_their_labels() -> None:
    label = next(zh for field, zh, _ in layout.METADATA if field == "agency")
    grid = _page_grid(PASTED)
    cells = {**grid.cells, (20, 1): label, (20, 2): "清镇市人民政府办公室"}
    reading = read_grids([Grid("Sheet1", cells)])
    assert reading.values["/agency"] == "清镇市人民政府办公室"
    assert reading.sources["/agency"] == "Sheet1!B20"


def test_a_workbook_this_package_wrote_is_not_read_as_a_page() -> None:
    reading = read_grids([_page_grid(PASTED)], FMT.id)
    assert "/agency" not in reading.values
    assert "/text/overview" not in reading.values
