"""gkreport._readers.grid.template: a filled template read by its geometry, as the search reads it.

Every workbook here is read twice from the same grids: by the direct path
(`read_template`) and by the label search (`read_grids`), and the readings are
compared whole: values, sources, cells, notes (with their order) and the tables
found. A workbook that is not the template filled in must go to the search
(`read_template` gives None), whatever was changed.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import gkreport
from gkreport import excel
from gkreport._forms import layout
from gkreport._readers import xlsx
from gkreport._readers.grid import Grid, Reading, read_grids, template
from gkreport._readers.grid.template import blueprint, read_template
from gkreport._workbook_map import (
    CORRECT,
    MAIN_SHEET,
    NOTES_SHEET,
    TEXT_SHEET,
    sheet_layout,
    template_furniture,
    wrong_count,
)
from tests.reference import EXAMPLES
from tests.strategies import report_dicts

FORMATS = sorted(layout.FORMATS)


def grids_of(path: Path) -> tuple[list[Grid], str, frozenset[str]]:
    """The grids the openpyxl reader reads from ``path``, its recorded format and own texts."""
    with xlsx._open_workbook(path, data_only=True) as workbook:
        recorded = xlsx.recorded_format(workbook)
        assert recorded is not None
        furniture = template_furniture(recorded, xlsx.recorded_version(workbook))
        empty = xlsx.empty_texts(workbook)
        grids = [
            xlsx._grid(sheet, empty.get(sheet.title, ()))[0]
            for sheet in workbook.worksheets
            if sheet.title not in furniture.sheets
        ]
    return grids, recorded, furniture.texts


def both(path: Path) -> tuple[Reading | None, Reading]:
    """The direct reading of ``path`` (None: left to the search) and the search's."""
    grids, recorded, texts = grids_of(path)
    return read_template(grids, recorded, texts), read_grids(
        grids, recorded, own_texts=lambda _format: texts
    )


def assert_same(direct: Reading | None, search: Reading) -> None:
    assert direct is not None, "a filled template was left to the search"
    assert direct.format_id == search.format_id
    assert list(direct.values.items()) == list(search.values.items())
    assert list(direct.sources.items()) == list(search.sources.items())
    assert direct.positions == search.positions
    assert direct.notes == search.notes
    assert direct.tables_found == search.tables_found


def written(tmp_path: Path, edit: Any = None, format_id: str = FORMATS[0]) -> Path:
    """An example report written as a workbook, then changed on its main sheet."""
    source = next(
        p for p in sorted(EXAMPLES.glob("*.json")) if gkreport.load(p).format == format_id
    )
    path = tmp_path / "written.xlsx"
    excel.write(gkreport.load(source), path)
    if edit is not None:
        workbook = load_workbook(path)
        edit(workbook[MAIN_SHEET], sheet_layout(format_id))
        workbook.save(path)
    return path


def at(geometry: Any, pointer: str) -> str:
    return geometry.by_pointer[pointer].address


# --- the blueprint is the template's main sheet ------------------------------------------------


@pytest.mark.parametrize("format_id", FORMATS)
def test_the_blueprint_is_what_the_writer_draws(tmp_path: Path, format_id: str) -> None:
    path = tmp_path / "blank.xlsx"
    excel.template(path, format=format_id)
    sheet = load_workbook(path)[MAIN_SHEET]
    cells = {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row if c.value}
    formulas = {at for at, value in cells.items() if str(value).startswith("=")}
    expected = blueprint(format_id)
    assert {at: v for at, v in cells.items() if at not in formulas} == dict(expected.fixed)
    assert formulas == expected.checks
    merged = {(r.min_row, r.min_col): (r.max_row, r.max_col) for r in sheet.merged_cells.ranges}
    assert merged == dict(expected.merged)
    geometry = sheet_layout(format_id)
    inputs = {(i.span.top, i.span.left) for i in (*geometry.inputs, *geometry.metadata)}
    assert expected.inputs == inputs


# --- filled templates: the same reading --------------------------------------------------------


@pytest.mark.parametrize(
    "source", sorted(EXAMPLES.glob("*.json")), ids=lambda path: path.name.split(".")[0]
)
def test_every_example_written_reads_the_same_both_ways(tmp_path: Path, source: Path) -> None:
    path = tmp_path / "example.xlsx"
    excel.write(gkreport.load(source), path)
    assert_same(*both(path))


@pytest.mark.parametrize("format_id", FORMATS)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_generated_reports_read_the_same_both_ways(
    tmp_path: Path, format_id: str, data: st.DataObject
) -> None:
    """Blanks, empty texts, long texts, notes of every kind, odd characters: one reading."""
    report = gkreport.from_dict(data.draw(report_dicts(format_id, long_texts=True)))
    path = tmp_path / "generated.xlsx"
    excel.write(report, path)
    direct, search = both(path)
    if direct is not None:  # a field that reads like a label goes to the search
        assert_same(direct, search)


def test_computed_checks_and_values_typed_by_hand_read_the_same(tmp_path: Path) -> None:
    """What Excel leaves after a save (checks computed), and what a person types in a cell."""

    def edit(sheet: Any, geometry: Any) -> None:
        sheet[geometry.verdict.address] = wrong_count(2)
        for check in sheet.iter_rows():
            for cell in check:
                if isinstance(cell.value, str) and cell.value.startswith("=IF("):
                    cell.value = CORRECT
        sheet[at(geometry, "/applications/new/natural_person")] = 5.0
        sheet[at(geometry, "/applications/new/commercial")] = "3件（含补正）"
        sheet[at(geometry, "/applications/new/research")] = datetime.datetime(2024, 3, 1)
        sheet[at(geometry, "/applications/new/social_welfare")] = "-"
        sheet[at(geometry, "/published_on")] = datetime.date(2025, 1, 20)
        sheet[at(geometry, "/agency")] = "某市某局" * 40  # longer than any label
        sheet[at(geometry, "/year")] = "2024年"

    direct, search = both(written(tmp_path, edit))
    assert_same(direct, search)
    assert any(note.raw == "3件（含补正）" for note in search.notes)


def test_blank_metadata_reads_the_same(tmp_path: Path) -> None:
    def edit(sheet: Any, geometry: Any) -> None:
        for field, _label, _english in layout.METADATA:
            sheet[at(geometry, f"/{field}")] = None

    assert_same(*both(written(tmp_path, edit)))


# --- anything else goes to the search ----------------------------------------------------------


def _note_beside(sheet: Any, geometry: Any) -> None:
    sheet["Q3"] = "填表人：张三"


def _label_edited(sheet: Any, geometry: Any) -> None:
    label = geometry.label_by_pointer["/applications/new"]
    sheet[label.address] = "本年新收申请"


def _merge_undone(sheet: Any, geometry: Any) -> None:
    span = next(item.span for item in geometry.inputs if item.span.merged)  # a value of 二
    sheet.unmerge_cells(span.ref)


def _value_like_a_label(sheet: Any, geometry: Any) -> None:
    sheet[at(geometry, "/agency")] = "自然人"


def _check_overwritten(sheet: Any, geometry: Any) -> None:
    sheet[geometry.verdict.address] = 12


def _row_inserted(sheet: Any, geometry: Any) -> None:
    sheet.insert_rows(geometry.by_pointer["/applications/new/total"].top + 1)


@pytest.mark.parametrize(
    "edit",
    [
        _note_beside,
        _label_edited,
        _merge_undone,
        _value_like_a_label,
        _check_overwritten,
        _row_inserted,
    ],
)
def test_a_sheet_that_is_not_the_template_goes_to_the_search(tmp_path: Path, edit: Any) -> None:
    path = written(tmp_path, edit)
    direct, _search = both(path)
    assert direct is None
    assert excel.read(path) == xlsx.read_with_openpyxl(path)


def test_a_blank_field_whose_label_is_also_elsewhere_goes_to_the_search(tmp_path: Path) -> None:
    """The search would read the agency beside 机关名称 written in the text sheet."""
    path = written(
        tmp_path, lambda sheet, geometry: sheet.__setitem__(at(geometry, "/agency"), None)
    )
    workbook = load_workbook(path)
    workbook[TEXT_SHEET]["A40"] = layout.METADATA[0][1]
    workbook[TEXT_SHEET]["B40"] = "写在正文里的机关"
    workbook.save(path)
    direct, search = both(path)
    assert direct is None
    assert search.values["/agency"] == "写在正文里的机关"
    assert excel.read(path).agency == "写在正文里的机关"


def test_a_label_in_the_notes_sheet_is_a_note_either_way(tmp_path: Path) -> None:
    """A table of notes holds no labels of the form: 机关名称 there is a note's path."""
    path = written(
        tmp_path, lambda sheet, geometry: sheet.__setitem__(at(geometry, "/agency"), None)
    )
    workbook = load_workbook(path)
    workbook[NOTES_SHEET]["A40"] = layout.METADATA[0][1]
    workbook[NOTES_SHEET]["B40"] = "写在备注里的机关"
    workbook.save(path)
    direct, search = both(path)
    assert direct == search
    assert "/agency" not in search.values
    read = excel.read(path)
    assert read.agency is None
    assert (layout.METADATA[0][1], "写在备注里的机关") in [(n.path, n.raw) for n in read.notes]


def test_a_sheet_added_or_renamed_goes_to_the_search(tmp_path: Path) -> None:
    path = written(tmp_path)
    workbook = load_workbook(path)
    workbook[TEXT_SHEET].title = "正文（续）"
    workbook.save(path)
    assert both(path)[0] is None
    workbook.create_sheet("附表")["A1"] = "附表"
    workbook.save(path)
    assert both(path)[0] is None


def test_the_plan_is_worked_out_from_the_second_workbook_of_a_format(monkeypatch: Any) -> None:
    """A process that reads one workbook does not pay for the plan; the second one uses it."""
    monkeypatch.setattr(template, "_sighted", set())
    assert not template.worth_planning(FORMATS[0])
    assert template.worth_planning(FORMATS[0])
    assert not template.worth_planning(FORMATS[1])
