"""The Excel workbook: template, writer and the label-anchored reader.

Hand-made workbooks are drawn here with openpyxl the way people make them (tables
pasted from a web page, rows moved, text numbers, subtotal rows) from a known
consistent report, so every test knows the values it must read back.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl import xml as openpyxl_xml
from openpyxl.utils.cell import coordinate_to_tuple

import gkreport
from gkreport import _json, excel
from gkreport._convert import from_dict, to_dict
from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._model import Note, Report
from gkreport._validation import catalog as rules
from gkreport._workbook_map import (
    ALL_CORRECT,
    INSTRUCTIONS_SHEET,
    LEGEND,
    MAIN_SHEET,
    NOT_FILLED,
    NOTES_HEADER,
    NOTES_SHEET,
    TEXT_SHEET,
    VERDICT_LABEL,
    sheet_layout,
    template_cell,
    template_furniture,
    wrong_count,
)
from gkreport.excel._livechecks import (
    CORRECT,
    WRONG,
    check_cells,
    check_label_cells,
    identity_words,
)
from gkreport.excel._narrative import MAX_LINES, row_height, text_lines
from gkreport.excel._ooxml import CELL_LIMIT, EMPTY_TEXT_NAME, escape, unescape
from tests.office import convert, needs_libreoffice
from tests.strategies import report_dicts

FORMATS = sorted(layout.FORMATS)


# --- a consistent report to draw workbooks from -------------------------------------------


def _set(tree: dict[str, Any], pointer: str, value: object) -> None:
    *parents, leaf = pointer.strip("/").split("/")
    for part in parents:
        tree = tree.setdefault(part, {})
    tree[leaf] = value


def consistent_report(format_id: str = "2021") -> Report:
    """A report whose tables satisfy F1–F4, with different numbers in every cell."""
    fmt = layout.get_format(format_id)
    data: dict[str, Any] = {
        "format": format_id,
        "agency": "某市某局",
        "year": 2023 if format_id == "2021" else 2020,
        "kind": "department",
        "published_on": "2024-01-25",
    }
    c6 = [c.id for c in layout.APPLICANT_COLUMNS[:-1]]
    leaves = [
        "/" + "/".join(path)
        for path, _, _ in fmt.rows(fmt.applications)
        if path[1] == "results" and path[-1] != "total"
    ]
    column_sums = dict.fromkeys(c6, 0)
    for i, leaf in enumerate(leaves):
        for j, column in enumerate(c6):
            value = (3 * i + 2 * j) % 5
            column_sums[column] += value
            _set(data, f"{leaf}/{column}", value)
        _set(data, f"{leaf}/total", sum((3 * i + 2 * j) % 5 for j in range(len(c6))))
    rows = {
        "results/total": column_sums,
        "carried_over": dict.fromkeys(c6, 1),
        "carried_forward": dict.fromkeys(c6, 2),
        "new": {c: column_sums[c] + 2 - 1 for c in c6},
    }
    for row, values in rows.items():
        for column, value in values.items():
            _set(data, f"/applications/{row}/{column}", value)
        _set(data, f"/applications/{row}/total", sum(values.values()))
    for block in ("review", "litigation_direct", "litigation_after_review"):
        values = {"upheld": 3, "corrected": 1, "other": 0, "pending": 2}
        for column, value in values.items():
            _set(data, f"/appeals/{block}/{column}", value)
        _set(data, f"/appeals/{block}/total", 6)
    for n, leaf in enumerate(fmt.leaves()):
        if leaf.path[0] == "proactive":
            kind = leaf.cell.kind
            value = {
                Kind.COUNT: 10 + n,
                Kind.SIGNED: -n,
                Kind.MONEY: Decimal("834.6435"),
                Kind.TEXT: "251000元",
            }[kind]
            _set(data, leaf.pointer, value)
    return from_dict(data)


# --- the template -----------------------------------------------------------------------------


@pytest.fixture(scope="module", params=FORMATS)
def blank(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / f"blank-{request.param}.xlsx"
    excel.template(path, format=request.param)
    return path


def _format_of(path: Path) -> str:
    return re.search(r"(\d{4})", path.stem).group(1)


def test_template_reads_back_as_a_blank_report_of_its_format(blank: Path) -> None:
    report = excel.read(blank)
    assert report.format == _format_of(blank)
    assert report == type(report)()  # every value blank, no notes
    assert all(
        report.sources[leaf.pointer] == template_cell(report.format, leaf.pointer)
        for leaf in layout.get_format(report.format).leaves()
    )


def test_template_records_format_and_version(blank: Path) -> None:
    workbook = load_workbook(blank)
    names = workbook.defined_names
    assert names["gkreport.format"].attr_text == f'"{_format_of(blank)}"'
    assert names["gkreport.template_version"].attr_text == f'"{excel.TEMPLATE_VERSION}"'
    assert f"format={_format_of(blank)}" in workbook.properties.keywords
    assert workbook.calculation.fullCalcOnLoad


def test_template_has_the_official_labels_and_merged_headers(blank: Path) -> None:
    sheet = load_workbook(blank)[MAIN_SHEET]
    fmt = layout.get_format(_format_of(blank))
    texts = {cell.value for row in sheet.iter_rows() for cell in row if cell.value}
    expected = {layout.APPLICANTS_HEADER, layout.LEGAL_PERSONS_HEADER, layout.COLUMN_NOTE}
    expected |= {layout.REVIEW_HEADER, layout.LITIGATION_HEADER, layout.CONTENT_HEADER}
    expected |= {block.caption for block in fmt.blocks}
    expected |= {leaf.cell.label for leaf in fmt.leaves()}
    expected |= {row.label for section in fmt.sections for _, row, _ in fmt.rows(section)}
    expected |= {label for _, label, _ in layout.METADATA}
    assert expected <= texts
    merged = {str(r) for r in sheet.merged_cells.ranges}
    for label in sheet_layout(fmt.id).labels:
        if label.span.merged:
            assert label.span.ref in merged
    header = next(
        lab for lab in sheet_layout(fmt.id).labels if lab.text == layout.APPLICANTS_HEADER
    )
    assert header.span.right - header.span.left + 1 == len(layout.APPLICANT_COLUMNS)
    assert header.span.ref in merged


def test_every_input_cell_has_data_validation_and_is_unlocked(blank: Path) -> None:
    sheet = load_workbook(blank)[MAIN_SHEET]
    geometry = sheet_layout(_format_of(blank))
    rules = {
        (dv.type, dv.operator, dv.formula1): dv for dv in sheet.data_validations.dataValidation
    }
    expected = {
        Kind.COUNT: ("whole", "greaterThanOrEqual", "0"),
        Kind.SIGNED: ("whole", "between", "-999999999999"),
        Kind.MONEY: ("decimal", "greaterThanOrEqual", "0"),
        Kind.TEXT: ("textLength", "lessThanOrEqual", "255"),
    }
    for item in geometry.inputs:
        rule = rules[expected[item.kind]]
        assert item.span.address in rule.sqref, item.pointer
        assert not sheet[item.span.address].protection.locked
    for item in geometry.metadata:
        assert not sheet[item.span.address].protection.locked
    for label in geometry.labels:
        assert sheet[label.span.address].protection.locked
    assert sheet.protection.sheet
    assert not sheet.protection.password


def test_signed_cells_exist_only_in_2019() -> None:
    kinds = {f: {i.kind for i in sheet_layout(f).inputs} for f in FORMATS}
    assert Kind.SIGNED in kinds["2019"]
    assert Kind.SIGNED not in kinds["2021"]


def test_template_prints_on_a4_one_page_wide(blank: Path) -> None:
    sheet = load_workbook(blank)[MAIN_SHEET]
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_area


def test_live_checks_are_formulas_for_every_catalog_identity(blank: Path) -> None:
    format_id = _format_of(blank)
    sheet = load_workbook(blank)[MAIN_SHEET]
    checks = check_cells(format_id)
    codes = [c.identity.code for c in checks]
    assert codes == [e.code for e in rules.equations(format_id)]
    for check in checks:
        formula = sheet[check.span.address].value
        assert formula == check.formula
        assert formula.startswith("=IF(")
        assert f'"{CORRECT}","{WRONG}"' in formula
    assert len({c.span for c in checks}) == len(checks)


def test_template_opens_on_instructions_in_chinese_for_its_format(blank: Path) -> None:
    format_id = _format_of(blank)
    fmt = layout.get_format(format_id)
    workbook = load_workbook(blank)
    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, MAIN_SHEET, TEXT_SHEET, NOTES_SHEET]
    assert workbook.active.title == INSTRUCTIONS_SHEET
    assert [s.sheet_view.tabSelected for s in workbook.worksheets] == [True, False, False, False]
    sheet = workbook[INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert fmt.notice in text
    assert all(section.label in text for section in fmt.sections)
    assert all(cell.label in text for cell in layout.APPLICANT_COLUMNS)
    assert "gkreport validate" in text
    assert ("万元" in text) == any(leaf.cell.kind is Kind.MONEY for leaf in fmt.leaves())
    assert ("-8" in text) == any(leaf.cell.kind is Kind.SIGNED for leaf in fmt.leaves())
    for check in check_cells(format_id):  # every live check, by its cell, with its rule
        row = next(r for r in sheet.iter_rows() if r[0].value == check.span.address)
        assert row[1].value.startswith(f"{check.identity.code} {check.identity.title}：")
    assert ALL_CORRECT in text
    assert wrong_count(2) in text


def test_every_sheet_prints_on_a4_with_page_numbers_and_titles(blank: Path) -> None:
    workbook = load_workbook(blank)
    for sheet in workbook.worksheets:
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4, sheet.title
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
        assert not sheet.oddFooter.left.text  # a blank template names no agency
    assert workbook[MAIN_SHEET].page_setup.fitToHeight == 1  # 二三四 on one page
    for name in (TEXT_SHEET, NOTES_SHEET):
        assert workbook[name].print_title_rows.replace("$", "") == "1:1"
        assert workbook[name].freeze_panes == "A2"
    verdict_row = sheet_layout(_format_of(blank)).verdict_row
    assert workbook[MAIN_SHEET].freeze_panes == f"A{verdict_row + 1}"


def test_a_written_report_has_its_agency_and_year_in_every_footer(tmp_path: Path) -> None:
    report = attrs.evolve(consistent_report("2021"), agency="某市A&B局")
    path = tmp_path / "footer.xlsx"
    excel.write(report, path)
    for sheet in load_workbook(path).worksheets:
        assert sheet.oddFooter.left.text == f"某市A&&B局 {report.year}年度"
        assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"


def test_one_verdict_over_every_live_check_at_the_top(blank: Path) -> None:
    format_id = _format_of(blank)
    geometry = sheet_layout(format_id)
    sheet = load_workbook(blank)[MAIN_SHEET]
    assert sheet[geometry.verdict_label.address].value == VERDICT_LABEL
    formula = sheet[geometry.verdict.address].value
    assert formula.startswith("=IF(")
    assert all(f'"{shown}"' in formula for shown in (ALL_CORRECT, NOT_FILLED, WRONG, CORRECT))
    covered: set[tuple[int, int]] = set()
    for area in re.findall(r'COUNTIF\(([A-Z]+\d+(?::[A-Z]+\d+)?),"' + WRONG, formula):
        first, _, last = area.partition(":")
        top, left = coordinate_to_tuple(first)
        bottom, right = coordinate_to_tuple(last or first)
        covered |= {(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)}
    checks = {(c.span.top, c.span.left) for c in check_cells(format_id)}
    assert covered == checks  # every check cell, and nothing else
    assert [sheet[s.address].value for s in geometry.legend] == list(LEGEND)
    formats = {str(rng.sqref): rng.rules for rng in sheet.conditional_formatting}
    assert len(formats[geometry.verdict.ref]) == 2  # green when right, red when wrong


def test_every_check_is_captioned_with_its_rule(blank: Path) -> None:
    format_id = _format_of(blank)
    sheet = load_workbook(blank)[MAIN_SHEET]
    prompts = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation if dv.prompt}
    for check in check_cells(format_id):
        prompt = prompts[check.span.address]
        assert prompt.promptTitle == f"{check.identity.code} {check.identity.title}"[:32]
        assert len(prompt.prompt) <= 255
        assert prompt.prompt[:20] == identity_words(format_id, check.identity)[:20]
    captions = {sheet.cell(*where).value for where in check_label_cells(format_id)}
    assert "F2 行合计" in captions
    assert "F4 复议、诉讼结果之和等于总计" in captions


def test_rows_of_the_text_sheet_are_unlocked_for_resizing(blank: Path) -> None:
    workbook = load_workbook(blank)
    for name in (MAIN_SHEET, TEXT_SHEET):
        protection = workbook[name].protection
        assert protection.sheet
        assert not protection.formatRows
        assert not protection.formatColumns


# --- write and read back ------------------------------------------------------------------


@pytest.mark.parametrize("format_id", FORMATS)
def test_write_then_read_gives_the_report_back(tmp_path: Path, format_id: str) -> None:
    report = consistent_report(format_id)
    path = tmp_path / "r.xlsx"
    gkreport.dump(report, path)
    back = gkreport.load(path)
    assert back == report
    for pointer, location in back.sources.items():
        assert location == template_cell(format_id, pointer)


@pytest.mark.parametrize("format_id", FORMATS)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_round_trip_property(tmp_path: Path, format_id: str, data: st.DataObject) -> None:
    """Exact: blanks, empty texts, long texts split over cells, notes of every kind."""
    report = from_dict(data.draw(report_dicts(format_id, long_texts=True)))
    path = tmp_path / f"{format_id}.xlsx"  # overwritten by every example
    excel.write(report, path)
    assert excel.read(path) == report


SEEDS = Path(__file__).parent / "fixtures" / "seeds"


@pytest.mark.parametrize(
    "seed", sorted(SEEDS.glob("*.expected.json")), ids=lambda path: path.name.split(".")[0]
)
def test_seed_reports_read_back_with_their_own_notes_only(tmp_path: Path, seed: Path) -> None:
    """The template's captions, headers and check cells never come back as notes."""
    report = from_dict(_json.read_json(seed))
    path = tmp_path / "seed.xlsx"
    excel.write(report, path)
    back = excel.read(path)
    assert back.notes == report.notes
    # a part that is only a table ("" in the text parser's output) reads back as ""
    assert to_dict(back) == to_dict(report)


def test_values_excel_cannot_hold_as_numbers_survive_as_text(tmp_path: Path) -> None:
    report = attrs.evolve(
        consistent_report("2021"),
        year=2008,  # the first year a report can be for (was -44, now refused: issue 12)
        published_on=datetime.date(1899, 12, 31),
        agency='=HYPERLINK("http://evil")',
        title="+1 _x0041_ \x01 \r\n tail",
        url="@SUM(A1)",
        notes=(Note(path="", raw="-12", source="line 5", message="-"),),
    )
    data = to_dict(report)
    data["applications"]["new"]["total"] = 2**60 + 1
    data["proactive"]["fees"]["amount"] = Decimal("0.12345678901234567890123")
    report = from_dict(data)
    path = tmp_path / "odd.xlsx"
    excel.write(report, path)
    assert excel.read(path) == report


#: Texts shaped like OOXML escapes, alone, overlapping ("_x005F_x0041_": two escapes' shapes
#: share the "_"), run together and around a control character.
_ESCAPE_SHAPES = ["_x0041_", "_x005F_", "_x005F_x0041_", "_x005F" * 7, "__x0041__", "_x000D_\x01"]


@pytest.mark.parametrize("text", _ESCAPE_SHAPES)
def test_text_shaped_like_an_ooxml_escape_reads_back_as_written(tmp_path: Path, text: str) -> None:
    base = consistent_report("2021")
    report = attrs.evolve(base, agency=text, text=attrs.evolve(base.text, overview=text * 6_000))
    path = tmp_path / "escapes.xlsx"
    excel.write(report, path)
    assert excel.read(path) == report


@given(st.lists(st.sampled_from(["_", "x", "0", "5", "F", "A", "_x", "005F", "_x0041_", "\x01"])))
def test_escape_is_undone_by_unescape(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert unescape(escape(text)) == text


def test_text_starting_like_a_formula_is_stored_as_text(tmp_path: Path) -> None:
    texts = ["=1+1", "+2", "-3", "@A1"]
    report = attrs.evolve(
        consistent_report("2021"),
        agency=texts[0],
        title=texts[1],
        url=texts[2],
        text=attrs.evolve(consistent_report("2021").text, overview=texts[3]),
    )
    path = tmp_path / "formulas.xlsx"
    excel.write(report, path)
    workbook = load_workbook(path)
    cells = [workbook[MAIN_SHEET][template_cell("2021", p).split("!")[1]] for p in ("/agency",)]
    cells += [workbook[MAIN_SHEET][template_cell("2021", p).split("!")[1]] for p in ("/title",)]
    cells += [workbook[MAIN_SHEET][template_cell("2021", "/url").split("!")[1]]]
    cells += [workbook[TEXT_SHEET][template_cell("2021", "/text/overview").split("!")[1]]]
    assert [c.value for c in cells] == texts
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    with zipfile.ZipFile(path) as archive:
        main = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>1+1</f>" not in main
    back = excel.read(path)
    assert (back.agency, back.title, back.url, back.text.overview) == tuple(texts)


def test_notes_and_text_have_their_own_sheets(tmp_path: Path) -> None:
    report = attrs.evolve(
        consistent_report("2021"),
        text=attrs.evolve(consistent_report("2021").text, problems="存在问题……"),
        notes=(Note(path="/proactive/fees/amount", raw="834.6435（不含…）", source="line 96"),),
    )
    path = tmp_path / "notes.xlsx"
    excel.write(report, path)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [INSTRUCTIONS_SHEET, MAIN_SHEET, TEXT_SHEET, NOTES_SHEET]
    assert workbook.active.title == MAIN_SHEET  # a written report opens on its tables
    assert workbook[NOTES_SHEET]["B2"].value == "834.6435（不含…）"
    assert workbook[TEXT_SHEET]["B6"].value == "存在问题……"
    assert excel.read(path) == report


@pytest.mark.parametrize("label", ["六、其他需要报告的事项", "自然人", "政府网站"])
def test_a_note_that_reads_like_a_label_is_no_label(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, label: str
) -> None:
    """Found by the property test of both readers: a note's raw text that is a part's
    heading, with its blank part, made the source beside it that part's text."""
    blank = type(consistent_report("2021").text)()
    note = Note(path="/applications/new/commercial", raw=label, source="# 一、总体情况")
    report = attrs.evolve(consistent_report("2021"), text=blank, notes=(note,))
    path = tmp_path / "label.xlsx"
    excel.write(report, path)
    assert excel.read(path) == report
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # the openpyxl reader too
    assert excel.read(path) == report


def test_a_note_kind_has_its_own_column_and_reads_back(tmp_path: Path) -> None:
    notes = (
        Note(path="/applications/new", raw="3459 00 12 35", source="line 29", kind="unread"),
        Note(path="/proactive/fees/amount", raw="-3", message="not an amount", kind="implausible"),
        Note(path="", raw="注：截至12月31日"),
    )
    report = attrs.evolve(consistent_report("2021"), notes=notes)
    path = tmp_path / "kinds.xlsx"
    excel.write(report, path)
    sheet = load_workbook(path)[NOTES_SHEET]
    assert [sheet.cell(1, c).value for c in range(1, 6)] == list(NOTES_HEADER)
    assert [sheet.cell(r, 5).value for r in (2, 3, 4)] == ["unread", "implausible", None]
    assert excel.read(path) == report


def test_a_notes_sheet_written_before_the_kind_column_still_reads(tmp_path: Path) -> None:
    plain = (Note(path="/applications/new", raw="3459 00 12 35", source="line 29", message="m"),)
    report = attrs.evolve(consistent_report("2021"), notes=plain)
    path = tmp_path / "old.xlsx"
    excel.write(report, path)
    workbook = load_workbook(path)
    workbook[NOTES_SHEET].delete_cols(len(NOTES_HEADER))  # the four columns of before
    workbook.save(path)
    assert load_workbook(path)[NOTES_SHEET].max_column == len(NOTES_HEADER) - 1
    assert excel.read(path) == report


def test_a_kind_that_is_no_kind_is_kept_as_a_note_of_its_own(tmp_path: Path) -> None:
    report = attrs.evolve(consistent_report("2021"), notes=(Note(path="/x", raw="a"),))
    path = tmp_path / "edited.xlsx"
    excel.write(report, path)
    workbook = load_workbook(path)
    workbook[NOTES_SHEET]["E2"] = "unreadable"
    workbook.save(path)
    back = excel.read(path)
    assert back.notes[0] == Note(path="/x", raw="a")
    (kept,) = [n for n in back.notes if n.raw == "unreadable"]
    assert (kept.path, kept.source, kept.kind) == ("/x", f"{NOTES_SHEET}!E2", None)
    assert "unread, implausible" in (kept.message or "")


# --- texts a cell cannot hold as they are -----------------------------------------------------


def test_a_text_longer_than_a_cell_continues_down_its_run_and_reads_back_whole(
    tmp_path: Path,
) -> None:
    long_text = "第一段。\n" + "很长的正文" * 10_000 + "\x01_x0041_结尾"  # 50,000+ characters
    base = consistent_report("2021")
    report = attrs.evolve(base, text=attrs.evolve(base.text, proactive=long_text, problems="问题"))
    path = tmp_path / "long.xlsx"
    excel.write(report, path)
    workbook = load_workbook(path)
    sheet = workbook[TEXT_SHEET]
    label = layout.PARTS[1].label
    assert sheet["A3"].value == label
    (run,) = [r for r in sheet.merged_cells.ranges if r.min_row == 3 and r.min_col == 1]
    last = run.max_row
    assert last > 4  # far more rows than a cell's 32,767 characters would need
    pieces = [sheet.cell(row, 2).value for row in range(3, last + 1)]
    assert all(len(piece) <= CELL_LIMIT for piece in pieces)
    assert sheet.cell(last + 1, 1).value == layout.PARTS[2].label  # the next part after the run
    back = excel.read(path)
    assert back == report
    assert back.sources["/text/proactive"] == f"{TEXT_SHEET}!B3:B{last}"
    assert back.sources["/text/problems"] == f"{TEXT_SHEET}!B{last + 3}"


def test_a_long_note_takes_a_run_of_rows_with_its_short_fields_merged(tmp_path: Path) -> None:
    raw = "表外数据" * 9_000  # 36,000 characters
    notes = (
        Note(path="/applications/new", raw=raw, source="line 3", kind="unread"),
        Note(path="", raw="短", message="m"),
    )
    report = attrs.evolve(consistent_report("2021"), notes=notes)
    path = tmp_path / "note.xlsx"
    excel.write(report, path)
    sheet = load_workbook(path)[NOTES_SHEET]
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    (run,) = [r for r in sheet.merged_cells.ranges if r.min_row == 2 and r.min_col == 1]
    last = run.max_row
    assert {f"{c}2:{c}{last}" for c in "ACDE"} <= merged
    assert "".join(sheet.cell(row, 2).value for row in range(2, last + 1)) == raw
    assert sheet.cell(last + 1, 2).value == "短"
    assert excel.read(path) == report


def test_empty_texts_read_back_as_empty_and_blank_cells_as_none(tmp_path: Path) -> None:
    base = consistent_report("2019")
    data = to_dict(base)
    data["proactive"]["procurement"]["amount"] = ""
    report = attrs.evolve(
        from_dict(data),
        agency="",
        title=None,
        text=attrs.evolve(base.text, overview="", problems=None),
        notes=(Note(path="", raw="", source="", message=""), Note(path="", raw="")),
    )
    path = tmp_path / "empty.xlsx"
    excel.write(report, path)
    workbook = load_workbook(path)
    names = [name for name in workbook.defined_names if name.startswith(EMPTY_TEXT_NAME)]
    recorded = ",".join(workbook.defined_names[name].attr_text for name in names)
    assert f"'{TEXT_SHEET}'!$B$2" in recorded.split(",")
    assert f"'{NOTES_SHEET}'!$C$2:$D$2" not in recorded  # a column's run, not a row's
    assert {f"'{NOTES_SHEET}'!$C$2", f"'{NOTES_SHEET}'!$D$2"} <= set(recorded.split(","))
    back = excel.read(path)
    assert back == report
    assert (back.agency, back.title, back.text.overview, back.text.problems) == ("", None, "", None)
    # the same cells filled in by hand read as typed; a workbook with no record reads blanks as None
    workbook[TEXT_SHEET]["B2"] = "补写的总体情况"
    for name in names:
        del workbook.defined_names[name]
    workbook.save(path)
    edited = excel.read(path)
    assert edited.text.overview == "补写的总体情况"
    assert edited.agency is None
    assert edited.proactive.procurement.amount is None


WORKBOOKS = Path(__file__).parent / "fixtures" / "workbooks"


@pytest.mark.parametrize("name", ["qianxinan-2023", "qingzhen-2020"])
def test_workbooks_written_by_0_1_still_read(name: str) -> None:
    """Template version 1: no instructions, no verdict, English notes headers, 90 pt rows."""
    old = WORKBOOKS / f"{name}.0.1.xlsx"
    sheet = load_workbook(old)["备注"]
    assert [sheet.cell(1, c).value for c in range(1, 6)] == [
        "path",
        "raw",
        "source",
        "message",
        "kind",
    ]
    assert excel.read(old) == gkreport.load(WORKBOOKS / f"{name}.0.1.json")


@pytest.mark.parametrize("name", ["qianxinan-2023", "qingzhen-2020"])
def test_every_part_of_the_narrative_has_the_rows_it_needs(tmp_path: Path, name: str) -> None:
    report = gkreport.load(WORKBOOKS / f"{name}.0.1.json")
    path = tmp_path / "text.xlsx"
    excel.write(report, path)
    sheet = load_workbook(path)[TEXT_SHEET]
    width = sheet.column_dimensions["B"].width
    for part in layout.PARTS:
        text = getattr(report.text, part.id)
        first = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == part.label)
        run = [r for r in sheet.merged_cells.ranges if (r.min_row, r.min_col) == (first, 1)]
        last = run[0].max_row if run else first
        pieces = [sheet.cell(row, 2).value for row in range(first, last + 1)]
        assert "".join(p or "" for p in pieces) == (text or "")
        for row, piece in zip(range(first, last + 1), pieces, strict=True):
            lines = text_lines(piece or "", width)
            assert lines <= MAX_LINES
            assert row_height(lines) <= sheet.row_dimensions[row].height <= 409
    assert excel.read(path) == report


def test_the_reader_skips_what_the_template_owns_by_its_recorded_version(tmp_path: Path) -> None:
    report = consistent_report("2021")
    path = tmp_path / "owned.xlsx"
    excel.write(report, path)
    workbook = load_workbook(path)
    geometry = sheet_layout("2021")
    main = workbook[MAIN_SHEET]
    main[geometry.verdict.address] = wrong_count(2)  # what a spreadsheet shows, as a value
    for check in check_cells("2021")[:2]:
        main[check.span.address] = WRONG
    workbook[INSTRUCTIONS_SHEET]["C2"] = "本单位补充的填报要求"
    workbook.save(path)
    assert excel.read(path) == report  # no note for any of it
    workbook.defined_names["gkreport.template_version"].attr_text = '"1"'
    workbook.save(path)
    older = excel.read(path)  # version 1 had no instructions and no verdict: kept as notes
    assert any("本单位补充的填报要求" in n.raw for n in older.notes)
    assert any(wrong_count(2) in n.raw for n in older.notes)
    assert template_furniture("2021", "1").sheets == frozenset()


def test_a_text_in_the_template_s_sheets_is_kept_when_gkreport_did_not_write_it(
    tmp_path: Path,
) -> None:
    """Without a recorded format a sheet named 填报说明 is the agency's own: read as notes.

    (The template's own sheet opens with its generated title: that one is known even
    when the defined names are lost, see the test after the next ones.)
    """
    report = consistent_report("2021")
    path = tmp_path / "own.xlsx"
    excel.write(report, path)
    workbook = load_workbook(path)
    for name in list(workbook.defined_names):
        del workbook.defined_names[name]
    workbook[INSTRUCTIONS_SHEET]["A1"] = "本局填报要求"
    workbook.save(path)
    back = excel.read(path)
    assert any(n.source and n.source.startswith(f"{INSTRUCTIONS_SHEET}!") for n in back.notes)


def test_a_metadata_field_no_cell_can_hold_is_refused_not_cut(tmp_path: Path) -> None:
    report = attrs.evolve(consistent_report("2021"), title="标题" * 20_000)
    path = tmp_path / "title.xlsx"
    with pytest.raises(ValueError, match=r"/title: a text of 40000 characters .* 32,767"):
        excel.write(report, path)
    assert not path.exists()


def test_a_hand_made_part_merged_over_rows_reads_them_as_paragraphs(tmp_path: Path) -> None:
    made = HandMade(consistent_report("2021"))
    tables = made.sheet("表")
    made.appeals(tables, made.applications(tables, made.proactive(tables, 1, 1) + 1, 1) + 1, 1)
    sheet = made.sheet("正文")
    for row, part in enumerate(layout.PARTS, start=1):
        sheet.cell(row * 3, 1, part.label)
    sheet.cell(3, 2, "第一段")
    sheet.cell(4, 2, "第二段")
    sheet.merge_cells("A3:A4")
    back = excel.read(made.save(tmp_path / "paragraphs.xlsx"))
    assert back.text.overview == "第一段\n第二段"
    assert back.applications == consistent_report("2021").applications


# --- hand-made workbooks ----------------------------------------------------------------------


def _label(text: str, *, spaces: bool = False) -> str:
    """A label as a web page pastes it: half-width brackets, stray spaces."""
    out = text.replace("（", "(").replace("）", ")")
    return " ".join(out) if spaces and len(out) <= 6 else out


#: Subtotal rows some templates add, after the row they follow: (label, value in every cell).
SUBTOTAL_ROWS = {
    "/applications/results/denied/admin_query": ("（三）不予公开小计", 99),
    "/applications/results/unable/unclear": ("小计", 98),
}


class HandMade:
    """Draws the official tables by hand, the way agencies and web pages lay them out."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.fmt = layout.get_format(report.format)
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)

    def value(self, pointer: str) -> object:
        node: object = self.report
        for part in pointer.strip("/").split("/"):
            node = getattr(node, part)
        return node

    def sheet(self, name: str) -> Any:
        if name in self.workbook.sheetnames:
            return self.workbook[name]
        return self.workbook.create_sheet(name)

    def proactive(self, sheet: Any, top: int, left: int) -> int:
        row = top
        rows = {r.id: r for r in self.fmt.proactive.children}
        for block in self.fmt.blocks:
            sheet.cell(row, left, _label(block.caption))
            row += 1
            sheet.cell(row, left, layout.CONTENT_HEADER)
            for j, cell in enumerate(rows[block.rows[0]].cells):
                sheet.cell(row, left + 1 + j, _label(cell.label, spaces=True))
            row += 1
            for row_id in block.rows:
                sheet.cell(row, left, " " + rows[row_id].label + " ")
                for j, cell in enumerate(rows[row_id].cells):
                    value = self.value(f"/proactive/{row_id}/{cell.id}")
                    sheet.cell(row, left + 1 + j, value)
                row += 1
        return row

    def applications(
        self,
        sheet: Any,
        top: int,
        left: int,
        *,
        order: list[str] | None = None,
        subtotal_column: bool = False,
        subtotal_rows: bool = False,
        skip: tuple[str, ...] = (),
        as_text: dict[str, str] | None = None,
    ) -> int:
        columns = list(layout.APPLICANT_COLUMNS)
        headers: list[str] = [c.label for c in columns]
        if subtotal_column:
            headers.insert(6, layout.LEGAL_PERSONS_SUBTOTAL)
        value_left = left + 2
        sheet.cell(top, left, layout.COLUMN_NOTE)
        sheet.merge_cells(start_row=top, start_column=left, end_row=top + 2, end_column=left + 1)
        sheet.cell(top, value_left, layout.APPLICANTS_HEADER)
        sheet.merge_cells(
            start_row=top, start_column=value_left, end_row=top, end_column=value_left + 7
        )
        sheet.cell(top + 1, value_left + 1, layout.LEGAL_PERSONS_HEADER)
        for j, header in enumerate(headers):
            two_rows = header in ("自然人", "总计")
            sheet.cell(
                top + 1 if two_rows else top + 2, value_left + j, _label(header, spaces=True)
            )
        rows = [
            ("/" + "/".join(path), row, labels)
            for path, row, labels in self.fmt.rows(self.fmt.applications)
        ]
        if order:
            rows.sort(key=lambda r: order.index(r[0]) if r[0] in order else -1)
        row_number = top + 3
        group_seen: set[str] = set()
        for pointer, row, labels in rows:
            if pointer in skip:
                continue
            group = labels[-2] if len(labels) > 2 and labels[-2] != labels[0] else None
            if group and group not in group_seen:
                group_seen.add(group)
                sheet.cell(row_number, left, _label(group))
            sheet.cell(row_number, left + 1, _label(row.label, spaces=True))
            for j, column in enumerate(columns):
                value = self.value(f"{pointer}/{column.id}")
                text = (as_text or {}).get(f"{pointer}/{column.id}")
                offset = j + 1 if subtotal_column and column.id == "total" else j
                sheet.cell(row_number, value_left + offset, text if text is not None else value)
            if subtotal_column:
                orgs = [self.value(f"{pointer}/{c.id}") for c in columns[1:6]]
                sheet.cell(row_number, value_left + 6, sum(orgs))
            row_number += 1
            subtotal = SUBTOTAL_ROWS.get(pointer) if subtotal_rows else None
            if subtotal:
                label, value = subtotal
                sheet.cell(row_number, left + 1, label)
                for j in range(8 if subtotal_column else 7):
                    sheet.cell(row_number, value_left + j, value)
                row_number += 1
        return row_number

    def appeals(self, sheet: Any, top: int, left: int, *, transposed: bool = False) -> int:
        blocks = list(self.fmt.appeals.children)
        columns = layout.APPEAL_COLUMNS
        if transposed:
            for j, cell in enumerate(columns):
                sheet.cell(top, left + 1 + j, cell.label)
            for i, block in enumerate(blocks):
                sheet.cell(top + 1 + i, left, block.label)
                for j, cell in enumerate(columns):
                    value = self.value(f"/appeals/{block.id}/{cell.id}")
                    sheet.cell(top + 1 + i, left + 1 + j, value)
            return top + 1 + len(blocks)
        sheet.cell(top, left, layout.REVIEW_HEADER)
        sheet.merge_cells(start_row=top, start_column=left, end_row=top, end_column=left + 4)
        sheet.cell(top, left + 5, layout.LITIGATION_HEADER)
        sheet.merge_cells(start_row=top, start_column=left + 5, end_row=top, end_column=left + 14)
        for i, block in enumerate(blocks):
            block_left = left + 5 * i
            header_row = top + 1 if i == 0 else top + 2
            if i:
                sheet.cell(top + 1, block_left, block.label)
            for j, cell in enumerate(columns):
                sheet.cell(header_row, block_left + j, cell.label)
                value = self.value(f"/appeals/{block.id}/{cell.id}")
                sheet.cell(top + 3, block_left + j, value)
        return top + 4

    def save(self, path: Path) -> Path:
        self.workbook.save(path)
        return path


def _tables(report: Report) -> dict[str, Any]:
    data = to_dict(report)
    return {k: data[k] for k in ("proactive", "applications", "appeals")}


def test_pasted_tables_on_separate_sheets_with_moved_rows(tmp_path: Path) -> None:
    report = consistent_report("2021")
    rows = ["/" + "/".join(path) for path, _, _ in report_rows(report.format, "applications")]
    order = [*reversed(rows[2:10]), *rows[:2], *rows[10:]]
    made = HandMade(report)
    made.proactive(made.sheet("表二"), 3, 2)
    made.applications(made.sheet("表三"), 2, 1, order=order)
    made.appeals(made.sheet("表四"), 4, 3)
    back = excel.read(made.save(tmp_path / "pasted.xlsx"))
    assert _tables(back) == _tables(report)
    assert back.notes == ()
    assert back.sources["/appeals/review/upheld"] == "表四!C7"
    assert back.sources["/proactive/rules/made"] == "表二!C5"


def report_rows(format_id: str, section: str) -> list[tuple[tuple[str, ...], Any, Any]]:
    fmt = layout.get_format(format_id)
    return list(fmt.rows(getattr(fmt, section)))


def test_one_sheet_with_extra_column_subtotal_rows_and_text_numbers(tmp_path: Path) -> None:
    report = consistent_report("2021")
    as_text = {
        "/applications/new/total": f"{report.applications.new.total:,}件",
        "/applications/new/natural_person": "１２"
        if report.applications.new.natural_person == 12
        else str(report.applications.new.natural_person).translate(
            str.maketrans("0123456789", "０１２３４５６７８９")
        ),
        "/applications/carried_over/commercial": " 1 ",
    }
    made = HandMade(report)
    sheet = made.sheet("年报")
    sheet.cell(1, 1, "机关名称")
    sheet.cell(1, 3, "某市某局")
    sheet.cell(2, 1, "报告年度")
    sheet.cell(2, 2, "2023年")
    row = made.proactive(sheet, 4, 1)
    row = made.applications(
        sheet, row + 2, 1, subtotal_column=True, subtotal_rows=True, as_text=as_text
    )
    made.appeals(sheet, row + 2, 1, transposed=True)
    back = excel.read(made.save(tmp_path / "one-sheet.xlsx"))
    assert _tables(back) == _tables(report)
    assert (back.agency, back.year) == ("某市某局", 2023)
    subtotal_notes = [n for n in back.notes if layout.LEGAL_PERSONS_SUBTOTAL in (n.message or "")]
    assert len(subtotal_notes) == len(report_rows("2021", "applications"))
    assert subtotal_notes[0].source == "年报!I23"
    denied = next(n for n in back.notes if n.path == "/applications/results/denied")
    assert denied.raw == " ".join(["99"] * 7)
    assert "subtotal" in denied.message
    assert "（三）不予公开小计" in denied.message
    assert denied.source == "年报!C35:J35"
    plain = next(n for n in back.notes if n.raw.startswith("98"))
    assert plain.path == "/applications"
    assert "not a row of the form" in plain.message


def test_2021_other_processing_on_its_group_row_only_is_kept_for_the_rules(
    tmp_path: Path,
) -> None:
    report = consistent_report("2021")
    made = HandMade(report)
    sheet = made.sheet("表三")
    other = "/applications/results/other"
    end = made.applications(
        sheet, 1, 1, skip=tuple(f"{other}/{r}" for r in ("no_correction", "fee_unpaid", "other"))
    )
    sheet.cell(end, 2, layout.OTHER_PROCESSING_LABEL)
    for j in range(7):
        sheet.cell(end, 3 + j, j)
    back = excel.read(made.save(tmp_path / "group-only.xlsx"))
    note = next(n for n in back.notes if n.path == other)
    assert note.raw == "0 1 2 3 4 5 6"
    assert {n.path for n in back.notes if "not found" in (n.message or "")} >= {
        f"{other}/no_correction",
        f"{other}/fee_unpaid",
        f"{other}/other",
    }


def test_marks_blanks_zeros_and_remarks_stay_distinct(tmp_path: Path) -> None:
    report = consistent_report("2021")
    as_text = {
        "/applications/results/granted/natural_person": "-",
        "/applications/results/granted/commercial": "无",
        "/applications/results/granted/research": "",
        "/applications/results/granted/social_welfare": "0",
        "/applications/results/granted/legal_service": "3（含转办1件）",
    }
    made = HandMade(report)
    made.applications(made.sheet("Sheet1"), 1, 1, as_text=as_text)
    back = excel.read(made.save(tmp_path / "marks.xlsx"))
    granted = back.applications.results.granted
    assert (granted.natural_person, granted.commercial, granted.research) == (None, None, None)
    assert (granted.social_welfare, granted.legal_service) == (0, 3)
    notes = {n.path: n for n in back.notes}
    assert notes["/applications/results/granted/natural_person"].raw == "-"
    assert notes["/applications/results/granted/commercial"].raw == "无"
    assert notes["/applications/results/granted/legal_service"].raw == "3（含转办1件）"
    assert notes["/applications/results/granted/legal_service"].source == "Sheet1!G6"
    assert "/applications/results/granted/research" not in notes


def test_missing_row_reads_blank_with_a_note_and_never_shifts(tmp_path: Path) -> None:
    report = consistent_report("2021")
    made = HandMade(report)
    skip = "/applications/results/not_processed/repeat"
    made.applications(made.sheet("表三"), 1, 1, skip=(skip,))
    back = excel.read(made.save(tmp_path / "missing.xlsx"))
    assert (
        back.applications.results.not_processed.repeat
        == type(back.applications.results.not_processed.repeat)()
    )
    assert back.applications.results.not_processed.publication == (
        report.applications.results.not_processed.publication
    )
    note = next(n for n in back.notes if n.path == skip)
    assert "not found" in note.message
    missing_tables = {n.path for n in back.notes if "table" in (n.message or "")}
    assert missing_tables == {"/proactive", "/appeals"}


def test_a_column_of_table_four_not_found_leaves_its_cells_unread(tmp_path: Path) -> None:
    report = consistent_report("2021")
    made = HandMade(report)
    sheet = made.sheet("表四")
    made.appeals(sheet, 1, 1, transposed=True)
    sheet.cell(1, 3, "改")  # the 结果纠正 header, worded so that no reader knows it
    back = excel.read(made.save(tmp_path / "no-corrected.xlsx"))
    blocks = [block.id for block in layout.get_format("2021").appeals.children]
    unread = [n for n in back.notes if n.kind == "unread"]
    assert [n.path for n in unread] == [f"/appeals/{b}/corrected" for b in blocks]
    assert [n.source for n in unread] == ["表四!2:2", "表四!3:3", "表四!4:4"]
    assert all(getattr(back.appeals, b).corrected is None for b in blocks)
    assert back.appeals.review.total == report.appeals.review.total
    found = gkreport.validate(back).findings
    assert [f.code for f in found if f.path.startswith("/appeals")] == ["unread"] * 3
    assert not [f for f in found if f.code in ("F4", "blank")]


#: The message of a note for a cell outside the form's tables.
OUTSIDE = "outside the form's tables"


def _row_of(sheet: Any, column: int, label: str) -> int:
    """The sheet row whose cell in ``column`` shows ``label`` (spaces and brackets aside)."""
    wanted = _label(label).replace(" ", "")
    for (cell,) in sheet.iter_rows(min_col=column, max_col=column):
        if isinstance(cell.value, str) and cell.value.replace(" ", "") == wanted:
            return cell.row
    raise AssertionError(label)


def test_text_around_the_tables_is_kept_as_notes_with_its_cell(tmp_path: Path) -> None:
    report = consistent_report("2021")
    made = HandMade(report)
    sheet = made.sheet("年报")
    sheet.cell(1, 1, "某市某局2023年政府信息公开工作年度报告")
    row = made.proactive(sheet, 3, 1)
    title_row = row + 1
    sheet.cell(title_row, 1, "表3 收到和处理政府信息公开申请情况（单位：件）")
    sheet.cell(title_row + 1, 1, layout.FORMATS["2021"].applications.label)  # the form's own
    end = made.applications(sheet, title_row + 2, 1)
    footnote_row = end + 1
    sheet.cell(footnote_row, 1, "注：本表数据截至12月31日")
    made.appeals(sheet, footnote_row + 2, 1)
    new_row = _row_of(sheet, 2, layout.FORMATS["2021"].applications.children[0].label)
    granted = ("applications", "results", "granted")
    granted_row = _row_of(sheet, 2, layout.FORMATS["2021"].node(granted).label)
    sheet.cell(new_row, 10, "含上年结转申请2件")  # J: right of the 总计 column (I)
    sheet.cell(granted_row, 10, "均已按期答复")
    sheet.cell(200, 26, 12345)  # a stray number far away
    annex = made.sheet("附件")
    for values in (("序号", "事项", "件数"), (1, "咨询", 3), (2, "投诉", 1)):
        annex.append(values)
    annex["A5"], annex["C5"], annex["G5"] = "说明：", "另有3件转办", "（盖章）"
    back = excel.read(made.save(tmp_path / "remarks.xlsx"))

    assert _tables(back) == _tables(report)
    kept = {(n.source, n.raw): n.path for n in back.notes if OUTSIDE in (n.message or "")}
    # The title above the tables names the report (`grid.pasted`): read, not a note.
    assert (back.title, back.agency, back.year) == (
        "某市某局2023年政府信息公开工作年度报告",
        "某市某局",
        2023,
    )
    assert back.sources["/title"] == "年报!A1"
    assert kept == {
        (f"年报!A{title_row}", "表3 收到和处理政府信息公开申请情况（单位：件）"): "",
        (f"年报!A{footnote_row}", "注：本表数据截至12月31日"): "",
        (f"年报!J{new_row}", "含上年结转申请2件"): "/applications/new",
        (f"年报!J{granted_row}", "均已按期答复"): "/applications/results/granted",
        ("年报!Z200", "12345"): "",
        ("附件!A1:C1", "序号\t事项\t件数"): "",
        ("附件!A2:C2", "1\t咨询\t3"): "",
        ("附件!A3:C3", "2\t投诉\t1"): "",
        ("附件!A5:C5", "说明：\t\t另有3件转办"): "",  # one blank inside: one note
        ("附件!G5", "（盖章）"): "",  # three blanks apart: a note of its own
    }
    assert {n.path for n in back.notes if OUTSIDE not in (n.message or "")} == set()


def test_a_remark_beside_table_four_gets_the_table_pointer(tmp_path: Path) -> None:
    made = HandMade(consistent_report("2021"))
    sheet = made.sheet("表四")
    end = made.appeals(sheet, 1, 1)
    sheet.cell(end - 1, 17, "单位：件")  # Q, on the one data row of all three blocks
    back = excel.read(made.save(tmp_path / "four.xlsx"))
    note = next(n for n in back.notes if OUTSIDE in (n.message or ""))
    assert (note.path, note.raw, note.source) == ("/appeals", "单位：件", f"表四!Q{end - 1}")


def test_a_row_of_table_three_below_the_table_is_kept_as_a_note(tmp_path: Path) -> None:
    made = HandMade(consistent_report("2021"))
    sheet = made.sheet("表三")
    end = made.applications(sheet, 1, 1)
    sheet.cell(end + 1, 2, "其中：网上申请")
    for j in range(7):
        sheet.cell(end + 1, 3 + j, j + 1)
    back = excel.read(made.save(tmp_path / "below.xlsx"))
    note = next(n for n in back.notes if OUTSIDE in (n.message or ""))
    assert (note.raw, note.source) == (
        "其中：网上申请\t1\t2\t3\t4\t5\t6\t7",
        f"表三!B{end + 1}:I{end + 1}",
    )


def _widened(source: Any, target: Any, width: int) -> None:
    """``source`` redrawn on ``target`` as a web page pastes it: each column ``width`` wide.

    Every text cell is merged across its columns (the page's colspan, kept by the
    paste), every number sits in one of them but never the first (a centred value).
    """
    for row in source.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            left = (cell.column - 1) * width + 1
            if isinstance(cell.value, str):
                target.cell(cell.row, left, cell.value)
            else:
                offset = 1 + (cell.row + cell.column) % (width - 1)
                target.cell(cell.row, left + offset, cell.value)
    merged = set()
    for span in source.merged_cells.ranges:
        merged |= {(r, c) for r, c in span.cells}
        target.merge_cells(
            start_row=span.min_row,
            start_column=(span.min_col - 1) * width + 1,
            end_row=span.max_row,
            end_column=span.max_col * width,
        )
    for row in source.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and (cell.row, cell.column) not in merged:
                left = (cell.column - 1) * width + 1
                target.merge_cells(
                    start_row=cell.row,
                    start_column=left,
                    end_row=cell.row,
                    end_column=left + width - 1,
                )


@pytest.mark.parametrize("format_id", FORMATS)
@pytest.mark.parametrize("width", [2, 3, 10])
def test_values_under_merged_headers_are_read_by_the_headers_span(
    tmp_path: Path, format_id: str, width: int
) -> None:
    """Tables pasted from a web page: headers merged across columns, values off their first."""
    report = consistent_report(format_id)
    made = HandMade(report)
    drawn = made.sheet("drawn")
    row = made.proactive(drawn, 1, 1)
    row = made.applications(drawn, row + 2, 1)
    made.appeals(drawn, row + 2, 1)
    pasted = Workbook()
    _widened(drawn, pasted.active, width)
    path = tmp_path / "pasted.xlsx"
    pasted.save(path)
    with zipfile.ZipFile(path) as archive:  # the merges are in the file, as a paste leaves them
        assert b"<mergeCell " in archive.read("xl/worksheets/sheet1.xml")
    back = excel.read(path)
    assert _tables(back) == _tables(report)
    assert back.notes == ()
    numbers = [p for p, v in _json_leaves(_tables(report)) if isinstance(v, int)]
    columns = {coordinate_to_tuple(back.sources[p].split("!")[1])[1] for p in numbers}
    assert all((column - 1) % width for column in columns)  # none at a header's first column


def _json_leaves(tree: object, pointer: str = "") -> list[tuple[str, object]]:
    if isinstance(tree, dict):
        return [
            leaf for key, value in tree.items() for leaf in _json_leaves(value, f"{pointer}/{key}")
        ]
    return [(pointer, tree)]


def _with_cached_values(path: Path, cached: dict[str, str]) -> None:
    """Give formula cells the cached values a spreadsheet program would have saved."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for ref, value in cached.items():
                    text = re.sub(
                        rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(?:</v>)?',
                        rf"\1\2<v>{value}</v>",
                        text,
                    )
                data = text.encode()
            target.writestr(item, data)
    path.write_bytes(buffer.getvalue())


def test_formula_cells_read_their_cached_value(tmp_path: Path) -> None:
    report = consistent_report("2021")
    made = HandMade(report)
    sheet = made.sheet("表三")
    made.applications(sheet, 1, 1)
    total = report.applications.new.total
    sheet["I4"] = "=SUM(C4:H4)"
    path = made.save(tmp_path / "formula.xlsx")
    _with_cached_values(path, {"I4": str(total)})
    back = excel.read(path)
    assert back.applications.new.total == total


def test_formula_without_cached_value_is_an_error_naming_the_cell(tmp_path: Path) -> None:
    made = HandMade(consistent_report("2021"))
    sheet = made.sheet("表三")
    made.applications(sheet, 1, 1)
    sheet["I4"] = "=SUM(C4:H4)"
    path = made.save(tmp_path / "uncached.xlsx")
    with pytest.raises(gkreport.ReadError, match=r"表三!I4.*SUM\(C4:H4\)") as info:
        excel.read(path)
    assert info.value.where == "表三!I4"
    assert str(path) in str(info.value)


@pytest.mark.parametrize("format_id", FORMATS)
def test_format_is_detected_from_labels_without_a_recorded_format(
    tmp_path: Path, format_id: str
) -> None:
    report = consistent_report(format_id)
    made = HandMade(report)
    sheet = made.sheet("all")
    row = made.proactive(sheet, 1, 1)
    row = made.applications(sheet, row + 1, 1)
    made.appeals(sheet, row + 1, 1)
    back = excel.read(made.save(tmp_path / "detect.xlsx"))
    assert back.format == format_id
    assert _tables(back) == _tables(report)


# --- bad input --------------------------------------------------------------------------------


def _error(path: Path, pattern: str) -> gkreport.ReadError:
    with pytest.raises(gkreport.ReadError, match=pattern) as info:
        excel.read(path)
    assert str(path) in str(info.value)
    return info.value


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "text.xlsx"
    path.write_text("agency,year\n", "utf-8")
    _error(path, "not a zip archive")


def test_old_binary_xls(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    body = "Workbook".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + body + bytes(1024))
    _error(path, r"\.xls.*save as \.xlsx")


def test_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    body = "EncryptionInfo".encode("utf-16-le") + bytes(64) + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + body + bytes(1024))
    _error(path, "password-protected")


def test_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    _error(path, "the workbook is empty")


def test_no_recognisable_table(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    workbook = Workbook()
    workbook.active["A1"] = "姓名"
    workbook.active["B1"] = "电话"
    workbook.active["A2"] = "张三"
    workbook.save(path)
    _error(path, "no table of the annual report found")


def test_damaged_zip(tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<not-closed")
    _error(path, "not a readable .xlsx workbook")


def test_xml_entities_are_refused(tmp_path: Path) -> None:
    assert openpyxl_xml.DEFUSEDXML, "openpyxl must parse through defusedxml"
    path = tmp_path / "laughs.xlsx"
    excel.write(consistent_report("2021"), path)
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # parsed through defusedxml
                data = laughs.encode() + data.split(b"?>", 1)[-1]
            target.writestr(item, data)
    path.write_bytes(buffer.getvalue())
    _error(path, "not a readable .xlsx workbook.*EntitiesForbidden")


def _bomb(path: Path, member: str, size: int) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open(member, "w", force_zip64=True) as handle:
            chunk = b"<c/>" * (2**18)
            for _ in range(size // len(chunk)):
                handle.write(chunk)


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"])
def test_decompression_bomb_is_refused_quickly(tmp_path: Path, member: str) -> None:
    path = tmp_path / "bomb.xlsx"
    _bomb(path, member, 64 * 2**20)
    started = time.perf_counter()
    error = _error(path, "refused")
    assert time.perf_counter() - started < 1.0
    assert member in str(error)


def test_a_lying_dimension_does_not_make_reading_slow(tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    excel.write(consistent_report("2021"), path)
    workbook = load_workbook(path)
    workbook[MAIN_SHEET]["XFD1048576"] = "far away"
    workbook.save(path)
    started = time.perf_counter()
    assert excel.read(path) == consistent_report("2021")
    assert time.perf_counter() - started < 2.0


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(gkreport.ReadError, match="cannot open"):
        excel.read(tmp_path / "nope.xlsx")


def test_unknown_template_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format '2020'"):
        excel.template(tmp_path / "t.xlsx", format="2020")


# --- LibreOffice recalculates the live checks -----------------------------------------------


def _recalculate(paths: list[Path], out: Path, tmp_path: Path) -> list[Path]:
    """Open and save with LibreOffice headless, which computes every formula."""
    return convert(paths, "xlsx:Calc MS Excel 2007 XML", out, profile=tmp_path / "lo-profile")


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize("format_id", FORMATS)
def test_live_checks_in_libreoffice(tmp_path: Path, format_id: str) -> None:
    good = consistent_report(format_id)
    data = to_dict(good)
    data["applications"]["results"]["total"]["natural_person"] += 1  # a wrong total: F1, F2, F3
    bad = from_dict(data)
    (tmp_path / "in").mkdir()
    paths = [
        tmp_path / "in" / "good.xlsx",
        tmp_path / "in" / "bad.xlsx",
        tmp_path / "in" / "blank.xlsx",
    ]
    excel.write(good, paths[0])
    excel.write(bad, paths[1])
    excel.template(paths[2], format=format_id)
    out = tmp_path / "out"
    good_out, bad_out, blank_out = _recalculate(paths, out, tmp_path)

    def shown(path: Path) -> dict[str, list[str]]:
        sheet = load_workbook(path, data_only=True)[MAIN_SHEET]
        results: dict[str, list[str]] = {}
        for check in check_cells(format_id):
            results.setdefault(check.identity.code, []).append(sheet[check.span.address].value)
        return results

    assert all(v == CORRECT for values in shown(good_out).values() for v in values)
    wrong = {code for code, values in shown(bad_out).items() if WRONG in values}
    assert wrong == {"F1", "F2", "F3"}
    assert all(v in (None, "") for values in shown(blank_out).values() for v in values)
    # the one verdict: 全部正确, the number of checks showing 错误, 尚未填写 while blank
    count = sum(values.count(WRONG) for values in shown(bad_out).values())
    verdicts = [verdict(path, format_id) for path in (good_out, bad_out, blank_out)]
    assert verdicts == [ALL_CORRECT, wrong_count(count), NOT_FILLED]
    assert excel.read(good_out) == good  # LibreOffice's own file reads back too
    assert excel.read(bad_out) == bad  # the verdict and checks it computed are no notes


def verdict(path: Path, format_id: str) -> str:
    """What the verdict cell shows in a workbook a spreadsheet computed."""
    sheet = load_workbook(path, data_only=True)[MAIN_SHEET]
    return sheet[sheet_layout(format_id).verdict.address].value


_PDFTOTEXT = shutil.which("pdftotext")


def _last_sentence(text: str) -> str:
    """The text's last sentence (after the last 。 before its end), whitespace removed."""
    flat = re.sub(r"\s+", "", text)
    sentences = [s for s in re.split(r"(?<=[。！？；])", flat) if s]
    return sentences[-1]


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.skipif(_PDFTOTEXT is None, reason="pdftotext (Debian poppler-utils) is not installed")
def test_every_narrative_part_prints_whole_from_libreoffice(tmp_path: Path) -> None:
    """Open the filled workbook, recalculate, print it to PDF: each part's last sentence is there.

    LibreOffice prints only what a row shows, so a part cut off by its row height
    loses its last sentence from the PDF.
    """
    reports = [
        gkreport.load(WORKBOOKS / f"{n}.0.1.json") for n in ("qianxinan-2023", "qingzhen-2020")
    ]
    long_part = "".join(f"第{n}项工作按计划推进，取得第{n}个阶段性成果。" for n in range(1, 400))
    reports[0] = attrs.evolve(
        reports[0], text=attrs.evolve(reports[0].text, problems=long_part + "\n最后一句在这里。")
    )
    (tmp_path / "in").mkdir()
    paths = [tmp_path / "in" / f"{r.format}.xlsx" for r in reports]
    for report, path in zip(reports, paths, strict=True):
        excel.write(report, path)
    computed = _recalculate(paths, tmp_path / "computed", tmp_path)
    printed_pdfs = convert(computed, "pdf", tmp_path / "pdf", profile=tmp_path / "lo-profile")
    for report, pdf in zip(reports, printed_pdfs, strict=True):
        printed = subprocess.run(
            [_PDFTOTEXT, str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        flat = re.sub(r"\s+", "", printed)
        parts = [getattr(report.text, part.id) for part in layout.PARTS]
        assert sum(1 for text in parts if text) >= 3
        for text in parts:
            if text:
                assert _last_sentence(text) in flat, _last_sentence(text)
        shown = (ALL_CORRECT, wrong_count(1).removeprefix("1").strip())
        assert any(verdict in flat for verdict in shown)  # the verdict was computed


@pytest.mark.slow
@needs_libreoffice
def test_a_table_pasted_from_a_published_web_page(tmp_path: Path) -> None:
    """A report page in the official layout, opened as a spreadsheet the way a paste does it."""
    report = consistent_report("2021")
    page = tmp_path / "in" / "page.html"
    page.parent.mkdir()
    gkreport.dump(report, page)
    html = page.read_text("utf-8")
    for label in ("商业企业", "科研机构", "（三）不予公开"):  # as 龙岗2024 and 雄县2019 print them
        html = html.replace(label, " ".join(_label(label)))
    page.write_text(html.replace("（", "(").replace("）", ")"), "utf-8")
    [pasted] = convert(page, "xlsx:Calc MS Excel 2007 XML", tmp_path, infilter="HTML (StarCalc)")
    back = excel.read(pasted)
    assert _tables(back) == _tables(report)
    assert all(location.startswith("Sheet1!") for location in back.sources.values())


def test_numbers_typed_not_as_the_form_prints_them_are_notes(tmp_path: Path) -> None:
    """Issue 12: text "1e3" and "12.0" are notes with the cell blank, never 1 or 12; a number
    cell holding 12.0 is the count 12; a year no report can be for is a note."""
    report = consistent_report("2021")
    path = tmp_path / "typed.xlsx"
    excel.write(report, path)
    workbook = load_workbook(path)
    typed = {
        "/applications/new/natural_person": "1e3",
        "/applications/new/commercial": "12.0",
        "/applications/new/research": 12.0,
        "/year": 1999,
    }
    for pointer, value in typed.items():
        workbook[MAIN_SHEET][template_cell("2021", pointer).split("!")[1]] = value
    workbook.save(path)
    back = excel.read(path)
    assert (back.year, back.applications.new.research) == (None, 12)
    assert back.applications.new.natural_person is None
    assert back.applications.new.commercial is None
    assert {(n.path, n.raw) for n in back.notes} == {
        ("/applications/new/natural_person", "1e3"),
        ("/applications/new/commercial", "12.0"),
        ("/year", "1999"),
    }


@pytest.mark.slow
@needs_libreoffice
def test_long_and_empty_texts_survive_a_save_in_libreoffice(tmp_path: Path) -> None:
    base = consistent_report("2021")
    report = attrs.evolve(
        base,
        agency="",
        text=attrs.evolve(base.text, overview="长" * 40_000 + "尾", problems=""),
        notes=(Note(path="", raw="x" * 33_000, source="", kind="unread"),),
    )
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "long.xlsx"
    excel.write(report, path)
    (saved,) = _recalculate([path], tmp_path / "out", tmp_path)
    assert excel.read(saved) == report


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_reads_escape_shaped_texts_as_written(tmp_path: Path) -> None:
    """LibreOffice decodes the escapes as gkreport writes them (its own save does not escape
    a literal ``_xHHHH_`` again, so the check is of what it reads, exported as CSV)."""
    agency = "|".join(shape for shape in _ESCAPE_SHAPES if shape.isprintable())
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "escapes.xlsx"
    excel.write(attrs.evolve(consistent_report("2021"), agency=agency), path)
    # every sheet, one file each (filter option 12: -1)
    convert(
        [path],
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        tmp_path / "out",
    )
    sheets = [csv.read_text("utf-8") for csv in (tmp_path / "out").glob("*.csv")]
    assert any(agency in sheet for sheet in sheets), [sheet[:200] for sheet in sheets]


def test_a_template_that_lost_its_defined_names_is_known_by_its_instructions(tmp_path):
    """Saved where defined names do not survive (.xls, .ods by calamine): still the template."""
    from tests.reference import EXAMPLES  # noqa: PLC0415

    report = gkreport.load(EXAMPLES / "qingzhen-2020.json")
    path = tmp_path / "report.xlsx"
    excel.write(report, path)
    book = load_workbook(path)
    for name in list(book.defined_names):
        del book.defined_names[name]
    book.save(path)
    back = gkreport.load(path)
    assert not [note for note in back.notes if (note.source or "").startswith("填报说明")]
    assert to_dict(back)["text"] == {
        part: (text if text != "" else None) for part, text in to_dict(report)["text"].items()
    }
    assert back.applications == report.applications
