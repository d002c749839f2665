"""The template's geometry, label keys and cell values: the pure parts of the Excel adapter."""

from __future__ import annotations

import datetime
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._readers.grid import Grid, cell_name, read_grids
from gkreport._vocabulary import label_key, parse_value, strip_ordinal
from gkreport._workbook_map import (
    ALL_CORRECT,
    CHECK_COLUMN,
    GRID_COLUMNS,
    INSTRUCTIONS_SHEET,
    LEGEND,
    MAIN_SHEET,
    NOT_FILLED,
    TEXT_HEADER,
    VERDICT_LABEL,
    column_letter,
    sheet_layout,
    split_columns,
    template_cell,
    template_furniture,
    wrong_count,
)
from gkreport.excel._instructions import instructions
from gkreport.excel._livechecks import (
    check_address,
    check_cells,
    check_label_cells,
    identities,
    identity_words,
)
from gkreport.excel._narrative import MAX_LINES, row_height, text_lines, text_pieces

FORMATS = sorted(layout.FORMATS)


# --- template_cell ---------------------------------------------------------------------------


@pytest.mark.parametrize("format_id", FORMATS)
def test_every_cell_of_the_form_has_its_own_template_cell(format_id: str) -> None:
    cells = [template_cell(format_id, leaf.pointer) for leaf in layout.FORMATS[format_id].leaves()]
    assert all(cell and cell.startswith(f"{MAIN_SHEET}!") for cell in cells)
    assert len(set(cells)) == len(cells)


def test_template_cell_examples() -> None:
    assert template_cell("2021", "/applications/new/natural_person") == "二三四!I28"
    assert template_cell("2021", "/applications/results/total/total") == "二三四!O51"
    assert template_cell("2021", "/appeals/review/upheld") == "二三四!A60"
    assert template_cell("2021", "/proactive/fees/amount") == "二三四!G22"
    assert template_cell("2019", "/proactive/procurement/amount") == "二三四!K26"
    assert template_cell("2021", "/agency") == "二三四!E1"
    assert template_cell("2021", "/text/problems") == "正文!B6"


def test_template_cell_of_rows_and_groups_is_their_label() -> None:
    assert template_cell("2021", "/applications/results/denied") == "二三四!C32"
    assert template_cell("2021", "/applications/new") == "二三四!A28"
    assert template_cell("2019", "/applications/results/other") == "二三四!C52"


@pytest.mark.parametrize(
    ("format_id", "pointer"),
    [
        ("2021", "/notes/0"),
        ("2021", "/applications/new/nobody"),
        ("2021", "/proactive/procurement/amount"),  # 2019 only
        ("2020", "/applications/new/total"),
        ("2021", "/text/nothing"),
        ("2021", ""),
    ],
)
def test_template_cell_is_none_where_the_template_has_no_cell(format_id: str, pointer: str) -> None:
    assert template_cell(format_id, pointer) is None


def test_the_geometry_does_not_import_openpyxl() -> None:
    code = (
        "import sys, gkreport._workbook_map as s, gkreport.excel._livechecks;"
        "import gkreport._readers.grid;"
        "s.template_cell('2021', '/applications/new/total');"
        "print('openpyxl' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- geometry --------------------------------------------------------------------------------


@pytest.mark.parametrize("format_id", FORMATS)
def test_no_two_things_share_a_cell(format_id: str) -> None:
    geometry = sheet_layout(format_id)
    spans = [label.span for label in geometry.labels]
    spans += [item.span for item in (*geometry.metadata, *geometry.inputs)]
    spans += [check.span for check in check_cells(format_id)]
    taken: set[tuple[int, int]] = set()
    for span in spans:
        cells = {
            (row, column)
            for row in range(span.top, span.bottom + 1)
            for column in range(span.left, span.right + 1)
        }
        assert not cells & taken, span
        taken |= cells
    captions = set(check_label_cells(format_id))
    assert not captions & taken


@pytest.mark.parametrize("format_id", FORMATS)
def test_inputs_are_on_the_grid_and_in_printed_order(format_id: str) -> None:
    geometry = sheet_layout(format_id)
    assert [i.pointer for i in geometry.inputs] == [
        leaf.pointer for leaf in layout.FORMATS[format_id].leaves()
    ]
    assert all(1 <= i.span.left <= i.span.right <= GRID_COLUMNS for i in geometry.inputs)


def test_split_columns_shares_the_value_columns() -> None:
    assert split_columns(7, 15, 1) == [(7, 15)]
    assert split_columns(7, 15, 2) == [(7, 10), (11, 15)]
    assert split_columns(7, 15, 3) == [(7, 9), (10, 12), (13, 15)]


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (16, "P"), (26, "Z"), (27, "AA")])
def test_column_letter(number: int, letters: str) -> None:
    assert column_letter(number) == letters


# --- live checks -----------------------------------------------------------------------------


@pytest.mark.parametrize("format_id", FORMATS)
def test_check_cells_sit_beside_their_identity(format_id: str) -> None:
    geometry = sheet_layout(format_id)
    for check in check_cells(format_id):
        total = geometry.by_pointer[check.identity.left[0]]
        if check.identity.code == "F2":
            assert (check.span.top, check.span.left) == (total.top, CHECK_COLUMN)
        else:  # under the total's column: F1, F3 below table 三, F4 below table 四
            assert check.span.left == total.left
            assert check.span.top > total.top
    assert {c.identity.code for c in check_cells(format_id)} == {"F1", "F2", "F3", "F4"}


def test_identities_skip_cells_the_template_does_not_draw() -> None:
    f3 = next(i for i in identities("2021") if i.code == "F3")
    assert "/applications/results/other/no_correction/natural_person" in f3.right
    assert "/applications/results/other/natural_person" not in f3.right  # the catalog's group row
    drawn = sheet_layout("2021").by_pointer
    assert all(p in drawn for i in identities("2021") for p in (*i.left, *i.right))


# --- labels and values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variant", "official"),
    [
        ("(三) 不予公开", "（三）不予公开"),
        ("商 业 企\n业", "商业企业"),
        ("本年收费金额(单位:万元)", "本年收费金额（单位：万元）"),
        ("本年新制作", "本年新制作数量"),
        (
            "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        ('3.危及"三安全一稳定"', "3.危及“三安全一稳定”"),
    ],
)
def test_label_key_folds_the_variants_of_format_md_5(variant: str, official: str) -> None:
    assert label_key(variant) == label_key(official)


def test_strip_ordinal() -> None:
    assert strip_ordinal(label_key("（七）总计")) == "总计"
    assert strip_ordinal(label_key("1.属于国家秘密")) == "属于国家秘密"
    assert strip_ordinal(label_key("三、本年度办理结果")) == "本年度办理结果"


@pytest.mark.parametrize(
    ("raw", "kind", "value", "noted"),
    [
        (None, Kind.COUNT, None, False),
        ("", Kind.COUNT, None, False),
        ("  ", Kind.COUNT, None, False),
        (0, Kind.COUNT, 0, False),
        (12.0, Kind.COUNT, 12, False),
        ("1,234", Kind.COUNT, 1234, False),
        ("１２", Kind.COUNT, 12, False),
        ("12件", Kind.COUNT, 12, False),
        ("12 件", Kind.COUNT, 12, False),
        ("-", Kind.COUNT, None, True),
        ("无", Kind.COUNT, None, True),
        ("/", Kind.COUNT, None, True),
        ("12（含转办3件）", Kind.COUNT, 12, True),
        ("-8", Kind.COUNT, None, True),
        ("-8", Kind.SIGNED, -8, False),
        ("+1036", Kind.SIGNED, 1036, False),
        (3.5, Kind.COUNT, None, True),
        (True, Kind.COUNT, None, True),
        (datetime.datetime(2024, 1, 1), Kind.COUNT, None, True),
        ("834.6435", Kind.MONEY, Decimal("834.6435"), False),
        ("834.6435万元", Kind.MONEY, Decimal("834.6435"), False),
        (834.6435, Kind.MONEY, Decimal("834.6435"), False),
        ("12万元", Kind.COUNT, 12, True),
        ("251000元", Kind.TEXT, "251000元", False),
        (251000, Kind.TEXT, "251000", False),
        (float("nan"), Kind.MONEY, None, True),
    ],
)
def test_parse_value(raw: object, kind: Kind, value: object, noted: bool) -> None:
    parsed = parse_value(raw, kind)
    assert parsed.value == value
    assert type(parsed.value) is type(value)
    assert (parsed.note is not None) == noted


@given(st.integers(min_value=0, max_value=10**30))
def test_counts_typed_as_text_read_exactly(number: int) -> None:
    assert parse_value(f"{number:,}", Kind.COUNT).value == number
    assert parse_value(str(number), Kind.COUNT).value == number


@given(st.decimals(min_value=0, max_value=10**15, allow_nan=False, places=6))
def test_money_typed_as_text_reads_exactly(amount: Decimal) -> None:
    assert parse_value(format(amount, "f"), Kind.MONEY).value == amount


# --- reading grids ---------------------------------------------------------------------------


def test_cell_name_quotes_sheet_names_that_need_it() -> None:
    assert cell_name("二三四", 17, 4) == "二三四!D17"
    assert cell_name("Sheet 1", 1, 1) == "'Sheet 1'!A1"
    assert cell_name("O'Brien", 2, 2) == "'O''Brien'!B2"


def test_grid_with_a_stray_label_elsewhere_still_finds_the_matrix() -> None:
    columns = layout.APPLICANT_COLUMNS
    cells: dict[tuple[int, int], object] = {(1, 1): "机关名称", (1, 2): "自然人"}
    for j, cell in enumerate(columns):
        cells[(5, 3 + j)] = cell.label
    cells[(6, 1)] = "一、本年新收政府信息公开申请数量"
    for j in range(len(columns)):
        cells[(6, 3 + j)] = j + 1
    reading = read_grids([Grid("s", cells)])
    assert reading.values["/applications/new/natural_person"] == 1
    assert reading.values["/applications/new/total"] == 7
    assert reading.sources["/applications/new/total"] == "s!I6"
    assert reading.values["/agency"] == "自然人"


def test_group_label_and_leaf_label_in_one_cell() -> None:
    cells: dict[tuple[int, int], object] = {}
    for j, cell in enumerate(layout.APPLICANT_COLUMNS):
        cells[(1, 2 + j)] = cell.label
    cells[(2, 1)] = "（三）不予公开 1.属于国家秘密"
    cells[(2, 2)] = 4
    reading = read_grids([Grid("s", cells)], "2021")
    assert reading.values["/applications/results/denied/state_secret/natural_person"] == 4


# --- the verdict, what the template owns --------------------------------------------------------


@pytest.mark.parametrize("format_id", FORMATS)
def test_the_verdict_row_is_free_of_everything_else(format_id: str) -> None:
    geometry = sheet_layout(format_id)
    row = geometry.verdict_row
    spans = [label.span for label in geometry.labels]
    spans += [item.span for item in (*geometry.metadata, *geometry.inputs)]
    spans += [check.span for check in check_cells(format_id)]
    assert all(not span.top <= row <= span.bottom for span in spans)
    assert row < min(item.span.top for item in geometry.inputs)  # above every table
    mine = [geometry.verdict_label, geometry.verdict, *geometry.legend]
    columns = [c for span in mine for c in range(span.left, span.right + 1)]
    assert columns == list(range(1, GRID_COLUMNS + 1))  # side by side, the grid's width
    assert len(geometry.legend) == len(LEGEND)


@pytest.mark.parametrize("format_id", FORMATS)
def test_furniture_of_a_recorded_version(format_id: str) -> None:
    old, new = template_furniture(format_id, "1"), template_furniture(format_id, "2")
    assert template_furniture(format_id) == old
    assert old.sheets == frozenset()
    assert new.sheets == {INSTRUCTIONS_SHEET}
    assert old.texts < new.texts
    assert set(check_label_cells(format_id).values()) <= new.texts  # every caption drawn
    count = len(check_cells(format_id))
    assert {wrong_count(n) for n in range(1, count + 1)} <= new.texts
    assert {ALL_CORRECT, NOT_FILLED, VERDICT_LABEL, *LEGEND, *TEXT_HEADER} <= new.texts
    assert not {ALL_CORRECT, *LEGEND} & old.texts
    assert {c.identity.code for c in check_cells(format_id)} <= old.texts  # 0.1's captions


def test_identity_words_name_the_cells_as_the_form_does() -> None:
    checks: dict[str, Any] = {}
    for check in check_cells("2021"):
        checks.setdefault(check.identity.code, check)  # the first: the 自然人 column
    f2 = identity_words("2021", checks["F2"].identity)
    assert f2.split("：")[1] == "总计 = " + " + ".join(
        c.label for c in layout.APPLICANT_COLUMNS[:-1]
    )
    f3 = identity_words("2021", checks["F3"].identity)
    assert f3.startswith(f"{layout.APPLICANT_COLUMNS[0].label}列：（七）总计 = （一）予以公开")
    assert "（三）不予公开各项" in f3
    f4 = identity_words("2021", checks["F4"].identity)
    assert f4 == f"{layout.REVIEW_HEADER}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"


@pytest.mark.parametrize("format_id", FORMATS)
def test_instructions_explain_every_live_check(format_id: str) -> None:
    lines = instructions(format_id)
    items = {line.key: line.text for line in lines if line.role == "item"}
    for check in check_cells(format_id):
        words = identity_words(format_id, check.identity)
        assert items[check_address(check)].endswith(words)
    assert lines[0].role == "title"
    assert layout.get_format(format_id).notice in lines[0].text


# --- long texts in rows ---------------------------------------------------------------------------

_PARAGRAPHS = st.lists(
    st.text(alphabet=st.sampled_from("政府信息公开工作。ab1 ，；\n"), max_size=400), max_size=12
)


@given(_PARAGRAPHS, st.sampled_from([12.0, 40.0, 80.0]))
def test_text_pieces_join_back_and_each_fits_a_row(paragraphs: list[str], width: float) -> None:
    text = "\n".join(paragraphs)
    pieces = text_pieces(text, width, max_lines=6)
    assert "".join(pieces) == text
    assert all(pieces)
    for piece in pieces:  # a piece may end in the paragraph break that starts no more text
        assert text_lines(piece.removesuffix("\n"), width) <= 6


def test_a_piece_ends_at_a_paragraph_or_sentence_when_one_is_near() -> None:
    sentence = "政府信息公开工作取得新进展。"  # 14 characters, 28 units
    pieces = text_pieces(sentence * 20, 30.0, max_lines=10)
    assert all(piece.endswith("。") for piece in pieces[:-1])
    paragraphs = text_pieces(("第一段" * 30 + "\n") * 6, 30.0, max_lines=10)
    assert all(piece.endswith("\n") for piece in paragraphs[:-1])
    assert text_pieces("", 30.0) == []


def test_row_heights_grow_with_lines_up_to_excel_s_limit() -> None:
    assert text_lines("一二三", 80.0) == 1
    assert text_lines("一\n二\n三", 80.0) == 3
    assert text_lines("政" * 100, 21.0) == 12  # 18.95 units a line: 9 characters
    assert row_height(1) < row_height(2) < row_height(MAX_LINES) <= 409 == row_height(500)
    assert row_height(MAX_LINES + 1) == 409
