"""The .xlsx reader through python-calamine gives the report the openpyxl reader gives.

`gkreport._readers.calamine` takes the cells from calamine and the rest (defined
names, dimensions, merged ranges) from the workbook's XML; every workbook here is
read both ways and the reports compared whole: values, notes and sources. Where the
calamine path cannot be sure (an error cell, an escape left in a text) it hands the
file to openpyxl, and `load` still gives the one report.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import gkreport
from gkreport import excel
from gkreport._forms import layout
from gkreport._readers import calamine, xlsx
from gkreport._readers.grid import template
from gkreport._workbook_map import MAIN_SHEET, sheet_layout
from tests.reference import EXAMPLES, SEEDS
from tests.strategies import report_dicts

FAST = calamine.module()
pytestmark = pytest.mark.skipif(FAST is None, reason="python-calamine (gkreport[fast]) missing")
FORMATS = sorted(layout.FORMATS)


def both(path: Path) -> tuple[gkreport.Report, gkreport.Report | None]:
    """The report as openpyxl reads ``path``, and as calamine does (None: left to openpyxl)."""
    return xlsx.read_with_openpyxl(path), calamine.read_xlsx(path, FAST)


def assert_same(path: Path) -> gkreport.Report:
    """Both readers agree on ``path``, and `load` gives that report."""
    slow, fast = both(path)
    assert fast is not None, "the calamine path left an ordinary workbook to openpyxl"
    assert gkreport.to_dict(fast) == gkreport.to_dict(slow)
    assert fast.sources == slow.sources
    assert gkreport.load(path) == slow
    return fast


def main_sheet_both_ways(path: Path, format_id: str) -> tuple[Any, Any, bool]:
    """The main sheet's grid as `_grid` builds it cell by cell, as the dense rows give it
    when checked as the template's (`template.template_grid`), and whether that held."""
    with zipfile.ZipFile(path) as archive:
        names, sheets = calamine._book(archive)
    sheet = next(sheet for sheet in sheets if sheet.name == MAIN_SHEET)
    empty = xlsx.empty_texts(names)
    workbook = FAST.CalamineWorkbook.from_path(str(path))
    try:
        built, _, _ = calamine._grid(sheet, workbook.get_sheet_by_name(MAIN_SHEET), empty)
        direct, _, proven = calamine._grid(
            sheet, workbook.get_sheet_by_name(MAIN_SHEET), empty, format_id
        )
    finally:
        workbook.close()
    return built, direct, proven


def assert_dense_check_agrees(path: Path, format_id: str) -> bool:
    """The dense rows pass as the template's exactly when the built grid does, and then
    give that grid; a grid the reader is not sure of (None) is never proven."""
    built, direct, proven = main_sheet_both_ways(path, format_id)
    plan = template._plan(format_id)
    assert plan is not None
    is_template = built is not None and template._is_template(built, plan)
    assert proven == is_template
    if proven:
        assert direct == built
    return proven


# --- workbooks gkreport writes ----------------------------------------------------------------


@pytest.mark.parametrize("format_id", FORMATS)
def test_the_blank_template_reads_the_same(tmp_path: Path, format_id: str) -> None:
    path = tmp_path / "blank.xlsx"
    excel.template(path, format=format_id)
    assert_same(path)


@pytest.mark.parametrize(
    "source",
    [*sorted(EXAMPLES.glob("*.json")), *sorted(SEEDS.glob("*.expected.json"))],
    ids=lambda path: path.name.split(".")[0],
)
def test_every_example_and_seed_written_as_a_workbook_reads_the_same(
    tmp_path: Path, source: Path
) -> None:
    path = tmp_path / "report.xlsx"
    gkreport.dump(gkreport.load(source), path)
    assert_same(path)


@pytest.mark.parametrize("format_id", FORMATS)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_generated_reports_read_the_same_both_ways(
    tmp_path: Path, format_id: str, data: st.DataObject
) -> None:
    """Long texts, empty texts, notes of every kind, odd characters: one report either way,
    and the main sheet's dense rows checked as the template's exactly when its grid is
    (`assert_dense_check_agrees`)."""
    report = gkreport.from_dict(data.draw(report_dicts(format_id, long_texts=True)))
    path = tmp_path / "generated.xlsx"
    excel.write(report, path)
    slow, fast = both(path)
    assert slow == report
    if fast is not None:
        assert gkreport.to_dict(fast) == gkreport.to_dict(slow)
        assert fast.sources == slow.sources
    proven = assert_dense_check_agrees(path, format_id)
    event("the template filled in" if proven else "left to the cell-by-cell grid")


# --- workbooks edited by hand -----------------------------------------------------------------


def edited(tmp_path: Path, edit: Any, format_id: str = FORMATS[0]) -> Path:
    """A written example report, then changed with openpyxl as a person would in Excel."""
    source = next(
        p for p in sorted(EXAMPLES.glob("*.json")) if gkreport.load(p).format == format_id
    )
    path = tmp_path / "edited.xlsx"
    gkreport.dump(gkreport.load(source), path)
    workbook = load_workbook(path)
    edit(workbook[MAIN_SHEET], sheet_layout(format_id))
    workbook.save(path)
    return path


def _input(geometry: Any, pointer: str) -> str:
    return geometry.by_pointer[pointer].address


@pytest.mark.parametrize("format_id", FORMATS)
def test_no_text_the_dense_check_compares_whole_holds_an_escape(format_id: str) -> None:
    """The printed texts and what a check shows are compared whole, never looked into:
    none may hold an escape the cell-by-cell grid would leave to openpyxl."""
    plan = template._plan(format_id)
    assert plan is not None
    for text in [*plan.blueprint.fixed.values(), *plan.shown]:
        assert not (isinstance(text, str) and calamine._ESCAPE.search(text))


@pytest.mark.parametrize("source", sorted(EXAMPLES.glob("*.json")), ids=lambda path: path.stem)
def test_every_example_written_passes_the_dense_check(tmp_path: Path, source: Path) -> None:
    report = gkreport.load(source)
    path = tmp_path / "written.xlsx"
    excel.write(report, path)
    assert assert_dense_check_agrees(path, report.format)


def _beside(sheet: Any, geometry: Any) -> None:
    sheet.cell(3, sheet.max_column + 2, "填表人：张三")


def _below(sheet: Any, geometry: Any) -> None:
    sheet.cell(sheet.max_row + 2, 1, "制表：张三")


def _label_erased(sheet: Any, geometry: Any) -> None:
    sheet[geometry.label_by_pointer["/applications/new"].address] = None


def _label_like_input(sheet: Any, geometry: Any) -> None:
    sheet[_input(geometry, "/agency")] = "自然人"


def _check_shows_a_number(sheet: Any, geometry: Any) -> None:
    sheet[geometry.verdict.address] = 12


def _escape_in_an_input(sheet: Any, geometry: Any) -> None:
    sheet[_input(geometry, "/agency")] = "某局_x005F_x000D_"  # the literal "_x000D_", escaped


def _merge_undone(sheet: Any, geometry: Any) -> None:
    span = next(item.span for item in geometry.inputs if item.span.merged)
    sheet.unmerge_cells(span.ref)


def _typed_values(sheet: Any, geometry: Any) -> None:
    sheet[_input(geometry, "/applications/new/natural_person")] = 5.0
    sheet[_input(geometry, "/applications/new/research")] = datetime.datetime(2024, 3, 1)
    sheet[_input(geometry, "/published_on")] = datetime.date(2025, 1, 20)
    sheet[_input(geometry, "/applications/new/commercial")] = True


@pytest.mark.parametrize("format_id", FORMATS)
@pytest.mark.parametrize(
    ("edit", "still_the_template"),
    [
        (_beside, False),
        (_below, False),
        (_label_erased, False),
        (_label_like_input, False),
        (_check_shows_a_number, False),
        (_escape_in_an_input, False),
        (_merge_undone, False),
        (_typed_values, True),
    ],
)
def test_the_dense_check_decides_as_the_cell_by_cell_check(
    tmp_path: Path, format_id: str, edit: Any, still_the_template: bool
) -> None:
    """A value beside or below the tables, a label erased, an input the search would take
    for a label, a check showing its own value, an escape, a merge undone: each fails
    both checks (or leaves the reader unsure); numbers, dates and a truth value typed in
    the inputs pass both, as the same grid. Either way `load` reads what openpyxl reads."""
    path = edited(tmp_path, edit, format_id)
    assert assert_dense_check_agrees(path, format_id) == still_the_template
    assert gkreport.load(path) == xlsx.read_with_openpyxl(path)


def test_numbers_typed_as_decimals_dates_and_remarks_read_the_same(tmp_path: Path) -> None:
    def edit(sheet: Any, geometry: Any) -> None:
        sheet[_input(geometry, "/applications/new/natural_person")] = 5.0
        sheet[_input(geometry, "/applications/new/commercial")] = "3件（含补正）"
        sheet[_input(geometry, "/applications/new/research")] = datetime.datetime(2024, 3, 1)
        sheet[_input(geometry, "/applications/new/social_welfare")] = "-"
        sheet[_input(geometry, "/published_on")] = datetime.date(2025, 1, 20)
        sheet["Q3"] = "填表人：张三"  # beside the tables: a note with its cell

    report = assert_same(edited(tmp_path, edit))
    assert report.applications.new.natural_person == 5
    assert report.published_on == datetime.date(2025, 1, 20)


def test_rows_moved_and_a_subtotal_row_inserted_read_the_same(tmp_path: Path) -> None:
    def edit(sheet: Any, geometry: Any) -> None:
        row = geometry.by_pointer["/applications/carried_over/total"].top
        sheet.insert_rows(row + 1)
        sheet.cell(row + 1, 1, "法人或其他组织小计")
        sheet.cell(row + 1, 9, 7)

    assert_same(edited(tmp_path, edit))


def test_cells_past_a_lying_dimension_are_left_out_by_both(tmp_path: Path) -> None:
    path = edited(tmp_path, lambda sheet, geometry: None)
    last = sheet_layout(FORMATS[0]).by_pointer["/appeals/review/total"].top - 1
    cut = f"A1:O{last}"  # table 四's values lie below
    rewritten = tmp_path / "lying.xlsx"
    # openpyxl writes the sheets as sheet1.xml, sheet2.xml … in the workbook's order
    main = load_workbook(path, read_only=True).sheetnames.index(MAIN_SHEET) + 1
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == f"xl/worksheets/sheet{main}.xml":
                data = re.sub(
                    rb'<dimension ref="[A-Z0-9:]+"', f'<dimension ref="{cut}"'.encode(), data
                )
            target.writestr(item, data)
    slow, fast = both(rewritten)
    assert fast is not None
    assert gkreport.to_dict(fast) == gkreport.to_dict(slow)
    assert slow.appeals.review.total is None  # below the dimension: not read
    assert slow.applications.new.total is not None


def test_an_error_cell_is_left_to_openpyxl_which_reads_its_text(tmp_path: Path) -> None:
    def edit(sheet: Any, geometry: Any) -> None:
        cell = sheet[_input(geometry, "/applications/new/natural_person")]
        cell.value = "#DIV/0!"
        cell.data_type = "e"

    path = edited(tmp_path, edit)
    slow, fast = both(path)
    assert fast is None  # calamine reads an error as blank
    assert gkreport.load(path) == slow
    assert any(note.raw == "#DIV/0!" for note in slow.notes)


def test_a_text_that_holds_an_escape_is_left_to_openpyxl(tmp_path: Path) -> None:
    def edit(sheet: Any, geometry: Any) -> None:
        sheet[_input(geometry, "/agency")] = "某局_x005F_x000D_"  # the literal "_x000D_", escaped

    path = edited(tmp_path, edit)
    slow, fast = both(path)
    assert fast is None
    assert gkreport.load(path).agency == slow.agency == "某局_x000D_"


def test_a_blank_value_cell_holding_a_formula_is_named_as_openpyxl_names_it(
    tmp_path: Path,
) -> None:
    def edit(sheet: Any, geometry: Any) -> None:
        sheet[_input(geometry, "/applications/new/natural_person")] = "=1+1"  # no cached value

    path = edited(tmp_path, edit)
    with pytest.raises(gkreport.ReadError) as slow:
        xlsx.read_with_openpyxl(path)
    with pytest.raises(gkreport.ReadError) as fast:
        calamine.read_xlsx(path, FAST)
    assert str(fast.value) == str(slow.value)
    assert "=1+1" in str(fast.value)


@pytest.mark.parametrize("format_id", FORMATS)
def test_the_formula_scan_finds_the_cells_openpyxl_finds(tmp_path: Path, format_id: str) -> None:
    """The template's live checks (formulas without cached values), found in the sheet XML."""
    path = tmp_path / "blank.xlsx"
    excel.template(path, format=format_id)
    workbook = load_workbook(path)
    with zipfile.ZipFile(path) as archive:
        _names, sheets = calamine._book(archive)
    for sheet in sheets:
        expected = {
            (cell.row, cell.column)
            for row in workbook[sheet.name].iter_rows()
            for cell in row
            if isinstance(cell.value, str) and cell.value.startswith("=")
        }
        assert sheet.formula_cells() == expected
    assert any(sheet.formula_cells() for sheet in sheets)  # the template has live checks


def test_a_value_far_away_is_left_to_openpyxl_not_held_as_a_dense_range(tmp_path: Path) -> None:
    """calamine would hold every cell from A1 to XFD1048576 (gigabytes); openpyxl streams."""

    def edit(sheet: Any, geometry: Any) -> None:
        sheet["XFD1048576"] = "far away"

    path = edited(tmp_path, edit)
    slow, fast = both(path)
    assert fast is None
    assert gkreport.load(path) == slow


_STYLES = {
    "plain": ('<row r="{row}">', '<c r="{ref}">', "c", "row"),
    "prefixed": ('<x:row r="{row}">', '<x:c r="{ref}">', "x:c", "x:row"),
    "tab": ('<row\tr="{row}">', '<c\tr="{ref}">', "c", "row"),
    "style first": ('<row spans="1:2" r="{row}">', '<c s="1" r="{ref}">', "c", "row"),
}


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(
        st.tuples(st.integers(1, 60_000), st.sampled_from(["A", "P", "Z", "AA", "ZZ", "XFD"])),
        max_size=6,
    ),
    style=st.sampled_from(sorted(_STYLES)),
)
def test_the_bound_on_a_sheets_cells_decides_as_its_exact_extent(
    cells: list[tuple[int, str]], style: str
) -> None:
    """Within columns A to Z, 26 times the last row stands for the extent, on the same side."""
    row_tag, cell_tag, cell_end, row_end = _STYLES[style]
    rows = "".join(
        row_tag.format(row=row)
        + cell_tag.format(ref=f"{column}{row}")
        + f"<v>1</v></{cell_end}></{row_end}>"
        for row, column in cells
    )
    data = f"<worksheet><cols><col min='1'/></cols><sheetData>{rows}</sheetData></worksheet>"
    exact = calamine._extent(data.encode())
    for enough in (1_000, 100_000, calamine._MOST_CELLS):
        bounded = calamine._extent(data.encode(), enough)
        assert (bounded > enough) == (exact > enough)
        assert bounded >= exact


_ODD_PIECES = [
    '<row r="3">',
    '<row r="1234567890">',
    "<row>",
    "<row/>",
    '<row\tr="2">',
    '<row spans="1" r="4">',
    '<c r="B3">',
    '<c r="AA3">',
    '<c r="b3">',
    "<c>",
    "<c/>",
    '<c s="1" r="C1">',
    "<col/>",
    "<cols>",
    '<x:row r="5">',
    '<x:c r="A5">',
    "<v>1</v>",
    "</c>",
    "</row>",
    "<",
    '"',
    "r=",
    "9",
]


#: What the one pass must tell apart from plain rows, as one pattern of its own: a row or
#: cell element `_PLAIN_ROW` or `_PLAIN_CELL` does not find, or a plain cell after column Z.
_ODD_OR_WIDE = re.compile(
    rb"<(?:c(?:[\t\n\r\x0b\x0c>/]| (?!r=\"[A-Z]{1,3}[0-9])| r=\"[A-Z]{2})"
    rb"|row(?:[\t\n\r\x0b\x0c>/]| (?!r=\"[0-9]{1,9}\")))"
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ODD_PIECES), max_size=25))
def test_one_pass_for_plain_rows_and_odd_elements_decides_as_the_two_did(pieces: list[str]) -> None:
    """`_PLAIN_ROW_OR_ODD`: no b"" exactly when `_ODD_OR_WIDE` finds nothing, then the rows."""
    data = "".join(pieces).encode()
    found = calamine._PLAIN_ROW_OR_ODD.findall(data)
    odd = _ODD_OR_WIDE.search(data) is not None
    assert (b"" in found) == odd
    if not odd:
        assert found == calamine._PLAIN_ROW.findall(data)
    for enough in (26, 1_000, calamine._MOST_CELLS):
        exact = calamine._extent(data)
        bounded = calamine._extent(data, enough)
        assert (bounded > enough) == (exact > enough)


#: `_PLAIN_ROW_OR_ODD` as it was first written, with a branch for each way a cell may be odd
#: or wide; the reader's one lookahead must find exactly what it found.
_BRANCHED_ROW_OR_ODD = re.compile(
    rb'<(?:row r="([0-9]{1,9})"'
    rb"|c(?:[\t\n\r\x0b\x0c>/]| (?!r=\"[A-Z]{1,3}[0-9])| r=\"[A-Z]{2})"
    rb"|row(?:[\t\n\r\x0b\x0c>/]| (?!r=\"[0-9]{1,9}\")))"
)

_CELL_EDGES = [
    *_ODD_PIECES,
    '<c r="Z9">',
    '<c r="A">',
    '<c r="A"',
    '<c r="AB',
    '<c r="XFD1048576"/>',
    "<c r='A1'>",
    '<c  r="A1">',
    '<c\x0br="A1">',
    '<c\x0cr="A1">',
    '<c\nr="A1">',
    '<c\rr="A1">',
    "<c r=",
    "<c ",
    "<crow>",
    "<cfRule/>",
    '<row r="">',
    '<row r="123456789">',
    "<row\x0b>",
    ' r="A1"',
    "<<c",
    "<c<c",
    "<c>",
    "<c/>",
]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(_CELL_EDGES) | st.text(alphabet="<>/ \"'=rowcAZ19:\t\x0b", max_size=4),
        max_size=30,
    )
)
def test_the_one_lookahead_for_odd_cells_finds_what_the_branches_found(pieces: list[str]) -> None:
    data = "".join(pieces).encode()
    assert calamine._PLAIN_ROW_OR_ODD.findall(data) == _BRANCHED_ROW_OR_ODD.findall(data)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=60))
def test_the_one_lookahead_agrees_on_any_bytes(data: bytes) -> None:
    for edge in (b'<c r="A1', b"<c ", b"<row ", b'<row r="1"'):
        spliced = data[: len(data) // 2] + edge + data[len(data) // 2 :]
        assert calamine._PLAIN_ROW_OR_ODD.findall(spliced) == _BRANCHED_ROW_OR_ODD.findall(spliced)


_ERROR_PIECES = [
    '<c r="A1" t="e">',
    "<c r='A1' t='e'>",
    '<c r="A1" t = "e">',
    "<c\tt=\"e'>",
    '<x:c t="e"/>',
    '<c r="A1" t="n">',
    '<c r="A1" t="inlineStr">',
    '<c r="A1">',
    '<v>"e"</v>',
    "<t>'e'</t>",
    'type="whole"',
    'e"',
    "e'",
    '"e',
    '"',
    "'",
    "e",
    "t=",
    "<c ",
    ">",
    '="e"' * 3,
    'one"' * 70,  # more value ends in "e" than are looked at one by one
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_ERROR_PIECES), max_size=20))
def test_the_error_cell_check_says_what_the_general_pattern_finds(pieces: list[str]) -> None:
    data = "".join(pieces).encode()
    sheet = calamine._Sheet("s", data, "xl/worksheets/sheet1.xml")
    assert sheet.has_error_cell() == _quoted_then_general(data)
    if b"\"e'" not in data and b"'e\"" not in data:  # no value in two kinds of quote
        assert sheet.has_error_cell() == (calamine._ERROR_CELL.search(data) is not None)


def _quoted_then_general(data: bytes) -> bool:
    """The error cell check as first written: ``"e"`` or ``'e'``, then the general pattern."""
    if b'"e"' not in data and (b"'" not in data or b"'e'" not in data):
        return False
    return calamine._ERROR_CELL.search(data) is not None


@pytest.mark.parametrize("format_id", FORMATS)
def test_the_templates_sheets_hold_no_error_cell_and_one_typed_e_is_found(
    tmp_path: Path, format_id: str
) -> None:
    path = tmp_path / "blank.xlsx"
    excel.template(path, format=format_id)
    with zipfile.ZipFile(path) as archive:
        _names, sheets = calamine._book(archive)
    for sheet in sheets:
        assert not sheet.has_error_cell()
        typed = sheet.data.replace(b' t="n"', b' t="e"', 1)
        changed = calamine._Sheet(sheet.name, typed, sheet.part)
        assert changed.has_error_cell() == (typed != sheet.data)
