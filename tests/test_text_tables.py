"""gkreport._readers.text.tables: the table reader on printed rows it must not misread."""

from __future__ import annotations

from gkreport._forms import layout
from gkreport._readers.text.cells import tokenize
from gkreport._readers.text.labels import label_index
from gkreport._readers.text.lines import Line
from gkreport._readers.text.pipes import read_pipe_tables
from gkreport._readers.text.tables import BESIDE, LOST_CELLS, MARK, TableReader, Tables


def read(rows: list[str], section: str = "applications", format_id: str = "2021") -> Tables:
    reader = TableReader(label_index(format_id))
    reader.enter(section)
    lines = [Line(text, f"line {n}") for n, text in enumerate(rows, start=1)]
    for token in tokenize(lines):
        reader.feed(token)
    return reader.finish()


def row(label: str, *values: object) -> str:
    return "\t".join([label, *map(str, values)])


NEW = "一、本年新收政府信息公开申请数量"


def test_a_row_fills_its_cells_in_the_form_order_with_sources():
    tables = read([row(NEW, 1, 2, 3, 4, 5, 6, 21)])
    cells = [c.id for c in layout.APPLICANT_COLUMNS]
    assert [tables.values[f"/applications/new/{c}"] for c in cells] == [1, 2, 3, 4, 5, 6, 21]
    assert tables.sources["/applications/new/total"] == "line 1"
    assert tables.notes == []


def test_subtotal_column_of_third_party_templates_is_a_note_not_a_cell():
    header = "\t".join(["自然人", *[c.label for c in layout.APPLICANT_COLUMNS[1:6]]])
    tables = read(
        [header + "\t" + layout.LEGAL_PERSONS_SUBTOTAL + "\t总计", row(NEW, 1, 2, 0, 0, 0, 0, 2, 3)]
    )
    assert tables.values["/applications/new/other_org"] == 0
    assert tables.values["/applications/new/total"] == 3
    (note,) = tables.notes
    assert note.raw == "2"
    assert note.message.startswith(layout.LEGAL_PERSONS_SUBTOTAL)


def test_group_subtotal_rows_are_notes_and_never_counted_twice():
    tables = read(
        ["（三）不予公开\t5\t0\t0\t0\t0\t0\t5", row("1.属于国家秘密", 5, 0, 0, 0, 0, 0, 5)]
    )
    assert tables.values["/applications/results/denied/state_secret/total"] == 5
    (note,) = tables.notes
    assert note.path == "/applications/results/denied"
    assert "subtotal" in note.message


def test_an_unknown_row_with_numbers_is_noted_with_them():
    tables = read(["其他主动公开文件\t3\t1\t9", row("规章", 1, 0, 4)], section="proactive")
    assert tables.values["/proactive/rules/in_force"] == 4
    (note,) = tables.notes
    assert note.raw == "其他主动公开文件\t3\t1\t9"
    assert note.message.startswith("row not in the form")


def test_a_row_printed_twice_keeps_the_first():
    tables = read([row(NEW, 1, 0, 0, 0, 0, 0, 1), row(NEW, 9, 0, 0, 0, 0, 0, 9)])
    assert tables.values["/applications/new/total"] == 1
    assert tables.notes[0].message.startswith("row printed twice")


def test_remark_in_the_cell_after_the_number_belongs_to_that_number():
    tables = read(["行政许可\t550\t（含撤回）"], section="proactive")
    assert tables.values["/proactive/licensing/decisions"] == 550
    (note,) = tables.notes
    assert (note.path, note.raw, note.message) == (
        "/proactive/licensing/decisions",
        "（含撤回）",
        BESIDE,
    )


def test_marks_blanks_and_zeros_stay_distinct():
    tables = read([row(NEW, 0, "", "-", "/", "无", "不适用", "")])
    values = [tables.values[f"/applications/new/{c.id}"] for c in layout.APPLICANT_COLUMNS]
    assert values == [0, None, None, None, None, None, None]
    assert [n.raw for n in tables.notes if n.message == MARK] == ["-", "/", "无", "不适用"]


def test_money_stays_exact_and_a_negative_count_is_refused():
    tables = read(["行政事业性收费\t96171.6000", "行政处罚\t-3"], section="proactive")
    assert str(tables.values["/proactive/fees/amount"]) == "96171.6000"
    assert tables.values["/proactive/penalty/decisions"] is None
    assert tables.notes[0].message == "not a whole number >= 0"


def test_signed_delta_and_text_amount_of_2019():
    tables = read(
        ["行政许可\t2,471\t-58\t5297", "政府集中采购\t1468\t2290.54万元"],
        section="proactive",
        format_id="2019",
    )
    assert tables.values["/proactive/licensing/prev_items"] == 2471
    assert tables.values["/proactive/licensing/delta"] == -58
    assert tables.values["/proactive/procurement/amount"] == "2290.54万元"
    assert tables.notes == []


def test_appeals_are_read_by_position_whatever_the_header():
    header = [
        "行政复议",
        "行政诉讼",
        "结 结 其 尚",
        "果 果 他 未",
        "维 纠 结 审",
        "持 正 果 结 总 计",
    ]
    tables = read([*header, " ".join(str(n) for n in range(15))], section="appeals")
    assert tables.values["/appeals/review/upheld"] == 0
    assert tables.values["/appeals/litigation_direct/upheld"] == 5
    assert tables.values["/appeals/litigation_after_review/total"] == 14
    assert tables.notes == []


def test_a_blank_shown_by_a_pipe_line_inside_a_row_keeps_the_columns():
    rows = ["1.属于国家秘密 |", *["0 |"] * 5, "||", "7 |", "2.其他法律行政法规禁止公开 |"]
    tables = read(rows)
    assert tables.values["/applications/results/denied/state_secret/other_org"] is None
    assert tables.values["/applications/results/denied/state_secret/total"] == 7


def test_other_processing_with_numbers_and_its_sub_rows_is_a_subtotal():
    rows = [
        "（六）其他处理\t1\t0\t0\t0\t0\t0\t1",
        row(
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 1, 0, 0, 0, 0, 0, 1
        ),
    ]
    tables = read(rows)
    assert tables.values["/applications/results/other/no_correction/total"] == 1
    (note,) = tables.notes
    assert note.path == "/applications/results/other"
    assert "subtotal" in note.message


def test_other_processing_alone_is_the_group_printed_as_one_row():
    tables = read(["（六）其他处理\t2\t0\t0\t0\t0\t0\t2"])
    (note,) = tables.notes
    assert (note.raw, note.message) == ("2\t0\t0\t0\t0\t0\t2", "（六）其他处理 printed as one row")
    assert not [p for p in tables.values if p.startswith("/applications/results/other")]


# --- pipe tables from PDF→Markdown converters -------------------------------------------

NO_CORRECTION = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
FEE_UNPAID = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"


def pipes(*cells: object) -> str:
    return "| " + " | ".join(map(str, cells)) + " |"


def read_pipes(rows: list[str], section: str = "applications", format_id: str = "2021") -> Tables:
    """Read ``rows`` as `parse_lines` does: converter repairs first, ragged rows known."""
    lines = [Line(text, f"line {n}") for n, text in enumerate(rows, start=1)]
    repaired = read_pipe_tables(lines)
    reader = TableReader(label_index(format_id), ragged=repaired.ragged)
    reader.enter(section)
    for token in tokenize(repaired.lines):
        reader.feed(token)
    return reader.finish()


def cells_of(tables: Tables, pointer: str) -> list[object]:
    return [tables.values.get(f"{pointer}/{c.id}") for c in layout.APPLICANT_COLUMNS]


def test_a_label_wrapped_around_its_row_is_joined_with_it():
    """The issue's shape: the label's head above the row, its middle in it, its tail below."""
    tables = read_pipes(
        [
            "1.申请人无正当理由逾期不补正、",
            pipes("行政机关不再处理其政府信息公", 40, 1, 0, 0, 2, 0, 43),
            "开申请",
            pipes(FEE_UNPAID, 6, 0, 0, 0, 0, 0, 6),
        ]
    )
    group = "/applications/results/other"
    assert cells_of(tables, f"{group}/no_correction") == [40, 1, 0, 0, 2, 0, 43]
    assert cells_of(tables, f"{group}/fee_unpaid") == [6, 0, 0, 0, 0, 0, 6]
    assert tables.sources[f"{group}/no_correction"] == "line 1"
    assert tables.notes == []


def test_a_label_wrapped_over_rows_of_empty_cells_is_joined_with_its_row():
    empty = [""] * 7
    tables = read_pipes(
        [
            pipes("1、申请人无正当理由逾期不补", *empty),
            pipes("正、行政机关不再处理其政府信", 67, 3, 0, 0, 1, 0, 71),
            pipes("息公开申请", *empty),
            pipes("2、申请人逾期未按收费通知要", *empty),
            pipes("求缴纳费用、行政机关不再处理", 6, 0, 0, 0, 0, 0, 6),
            pipes("其政府信息公开申请", *empty),
        ]
    )
    assert cells_of(tables, "/applications/results/other/no_correction")[-1] == 71
    assert cells_of(tables, "/applications/results/other/fee_unpaid")[-1] == 6
    assert tables.notes == []


def test_the_next_rows_label_is_never_taken_for_the_end_of_an_unknown_row():
    tables = read_pipes(
        [pipes("其他主动公开文件", 3, 1, 9), "规章", pipes("", 1, 0, 4)], section="proactive"
    )
    assert tables.values["/proactive/rules/in_force"] == 4
    (note,) = tables.notes
    assert note.raw == "其他主动公开文件\t3\t1\t9"
    assert note.message.startswith("row not in the form")


def test_a_label_floating_above_a_split_table_that_repeats_its_header():
    header = pipes(
        "", "自然人", *(f"法人或其他组织：{c.label}" for c in layout.APPLICANT_COLUMNS[1:6])
    )
    tables = read_pipes(
        [
            "二、上年结转政府信息公开申请数量",
            "",
            header[:-2] + " | 总计 |",
            "|---|---|---|---|---|---|---|---|",
            pipes("", 13, 0, 0, 0, 0, 0, 13),
        ]
    )
    assert cells_of(tables, "/applications/carried_over") == [13, 0, 0, 0, 0, 0, 13]
    assert "/applications/results/total/total" not in tables.values


def test_room_under_merged_label_columns_is_not_a_value():
    tables = read_pipes(
        [
            pipes("三、本年度办理结果", "（一）予以公开", "", 1288, 21, 0, 0, 50, 3, 1362),
            pipes("", "（三）不予公开", "1.属于国家秘密", 2, 0, 0, 0, 0, 0, 2),
        ]
    )
    assert cells_of(tables, "/applications/results/granted") == [1288, 21, 0, 0, 50, 3, 1362]
    assert cells_of(tables, "/applications/results/denied/state_secret")[0] == 2
    assert tables.notes == []


def test_a_row_that_lost_a_cell_is_blank_with_a_note_never_filled_from_the_left():
    tables = read_pipes(
        [
            pipes("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
            "|---|---|---|---|",
            pipes("规章", 5, 0, 10),
            pipes("行政规范性文件", 5, 10),
        ],
        section="proactive",
    )
    assert tables.values["/proactive/rules/in_force"] == 10
    normative = [
        tables.values[f"/proactive/normative/{c}"] for c in ("made", "repealed", "in_force")
    ]
    assert normative == [None, None, None]
    (note,) = tables.notes
    assert (note.path, note.raw, note.source) == (
        "/proactive/normative",
        "行政规范性文件\t5\t10",
        "line 4",
    )
    assert note.message.startswith(LOST_CELLS)


def test_a_row_that_lost_a_cell_is_placed_when_the_arithmetic_leaves_one_placement():
    tables = read_pipes(
        [
            pipes(
                "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"
            ),
            "|---|---|---|---|---|---|---|---|",
            pipes(NEW, 95, 3, 0, 0, 0, 0),
            pipes("二、上年结转政府信息公开申请数量", 0, 0, 0, 0, 0, 0, 0),
        ]
    )
    assert cells_of(tables, "/applications/new") == [95, 3, 0, 0, 0, 0, None]
    (note,) = tables.notes
    assert note.path == "/applications/new/total"
    assert "总计 lost" in note.message


def test_a_row_that_lost_every_value_is_noted():
    tables = read_pipes(
        [
            pipes("信息内容", "本年处理决定数量"),
            "|---|---|",
            pipes("行政处罚", 4119),
            pipes("行政强制"),
            pipes("行政事业性收费", 12),
        ],
        section="proactive",
    )
    assert tables.values["/proactive/fees/amount"] == 12
    assert "/proactive/coercion/decisions" not in tables.values
    (note,) = tables.notes
    assert (note.path, note.message) == ("/proactive/coercion", f"{LOST_CELLS}: no value printed")


def test_appeals_printed_by_rows_keep_a_blank_first_cell_in_place():
    tables = read_pipes(
        [
            pipes("", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"),
            "|---|---|---|---|---|---|",
            pipes("行政复议", "", 13, 0, 0, 13),
            pipes("行政诉讼 未经复议直接起诉", 1, 0, 0, 0, 1),
            pipes("行政诉讼 复议后起诉", 11, 0, 0, 0, 11),
        ],
        section="appeals",
    )
    assert tables.values["/appeals/review/upheld"] is None
    assert tables.values["/appeals/review/corrected"] == 13
    assert tables.values["/appeals/litigation_direct/upheld"] == 1
    assert tables.values["/appeals/litigation_after_review/total"] == 11
    assert tables.notes == []


def test_an_appeals_row_that_lost_a_cell_does_not_shift_the_rows_below():
    tables = read_pipes(
        [
            pipes("", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"),
            "|---|---|---|---|---|---|",
            pipes("行政复议", 12, 0, 0, 25),
            pipes("未经复议直接起诉", 1, 0, 0, 0, 1),
            pipes("复议后起诉", 11, 0, 0, 0, 11),
        ],
        section="appeals",
    )
    review = [tables.values.get(f"/appeals/review/{c.id}") for c in layout.APPEAL_COLUMNS]
    assert review == [None] * 5
    assert tables.values["/appeals/litigation_direct/total"] == 1
    (note,) = tables.notes
    assert (note.path, note.raw) == ("/appeals/review", "行政复议\t12\t0\t0\t25")
    assert "5 placements" in note.message


def test_numbers_not_of_the_form_are_notes_never_a_silent_number():
    """Issue 12: "12.0", "1e3" and 5,000 digits in count cells are kept as notes, cells blank."""
    tables = read([row(NEW, "12.0", "1e3", "7" * 5000, "1.5", 0, 0, 3)])
    values = [tables.values[f"/applications/new/{c.id}"] for c in layout.APPLICANT_COLUMNS]
    assert values == [None, None, None, None, 0, 0, 3]
    assert [(n.path, n.raw[:4], n.message) for n in tables.notes] == [
        (
            "/applications/new/natural_person",
            "12.0",
            "a whole number printed with decimals, not as the form prints it",
        ),
        (
            "/applications/new/commercial",
            "1e3",
            "a number in exponent notation, not as the form prints it",
        ),
        ("/applications/new/research", "7777", "a number of more than 100 digits"),
        ("/applications/new/social_welfare", "1.5", "not a whole number >= 0"),
    ]


def test_an_amount_in_exponent_notation_is_a_note():
    tables = read(["行政事业性收费\t1.5e3"], section="proactive")
    assert tables.values["/proactive/fees/amount"] is None
    assert [n.raw for n in tables.notes] == ["1.5e3"]
