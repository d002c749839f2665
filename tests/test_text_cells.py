"""gkreport._readers.text.cells: every printed shape of a row becomes the same tokens."""

from __future__ import annotations

from gkreport._readers.text.cells import TokenKind, is_page_number, is_rule, line_cells, tokenize
from gkreport._readers.text.lines import Line

TEXT, VALUE, SEPARATOR = TokenKind.TEXT, TokenKind.VALUE, TokenKind.SEPARATOR


def shape(text: str) -> list[tuple[TokenKind, str, bool]]:
    return [(kind, cell, spaced) for kind, cell, _, spaced in line_cells(text)]


def test_pipe_row_drops_the_closing_pipe_runs():
    assert shape("行政许可 | 156993 | ||") == [(TEXT, "行政许可", False), (VALUE, "156993", False)]


def test_one_cell_per_line_with_a_pipe():
    assert shape("46 | ||") == [(VALUE, "46", False)]
    assert shape("结果 维持 |") == [(TEXT, "结果 维持", False)]


def test_a_line_of_pipes_is_a_separator():
    assert shape("||") == [(SEPARATOR, "||", False)]
    assert shape("|||||||||||||") == [(SEPARATOR, "|||||||||||||", False)]


def test_markdown_table_rows_and_rules():
    assert shape("|---|:---:|---|") == []
    assert shape("| 规章 | 0 |  | 3 |") == [
        (TEXT, "规章", False),
        (VALUE, "0", False),
        (VALUE, "", False),
        (VALUE, "3", False),
    ]


def test_tab_row_keeps_blank_cells_even_at_the_end():
    assert shape("规章\t\u3000\t1\t") == [
        (TEXT, "规章", False),
        (VALUE, "", False),
        (VALUE, "1", False),
        (VALUE, "", False),
    ]


def test_blank_cells_before_the_label_are_room_left_by_a_span():
    assert shape("\t\t2.重复申请\t0") == [(TEXT, "2.重复申请", False), (VALUE, "0", False)]


def test_pdf_row_splits_its_numbers_at_spaces():
    assert shape("（七）总计 2932 53 0 0 61 4 3050") == [
        (TEXT, "（七）总计", False),
        *[(VALUE, n, True) for n in ("2932", "53", "0", "0", "61", "4", "3050")],
    ]
    assert shape("本年新收政府信息公开申请数量200 000121") == [
        (TEXT, "本年新收政府信息公开申请数量", False),
        (VALUE, "200", True),
        (VALUE, "000121", True),
    ]


def test_an_amount_glued_to_its_label_may_hold_more_than_one_cell():
    # A page whose cells were joined by nothing: "1468" and "2290.54万元" ran together.
    assert shape("政府集中采购14682290.54万元") == [
        (TEXT, "政府集中采购", False),
        (VALUE, "14682290.54万元", True),
    ]
    # Printed apart, the amount is a text line as before (the reliner cuts it off its row).
    assert shape("政府集中采购 2290.54万元") == [(TEXT, "政府集中采购 2290.54万元", False)]


def test_fifteen_numbers_on_one_line():
    printed = "72 64 178 37 351 13 4 8 1 26 12 1 1 6 20"
    cells = shape(printed)
    assert " ".join(c[1] for c in cells) == printed
    assert all(kind is VALUE and spaced for kind, _, spaced in cells)


def test_numbers_run_together_inside_one_delimited_cell_are_flagged():
    assert shape("数量\t200 000121") == [
        (TEXT, "数量", False),
        (VALUE, "200", True),
        (VALUE, "000121", True),
    ]


def test_full_width_digits_and_spaces_in_pdf_rows():
    assert shape("规章\u3000１\u3000０\u2002３") == [
        (TEXT, "规章", False),
        (VALUE, "１", True),
        (VALUE, "０", True),
        (VALUE, "３", True),
    ]


def test_labels_with_item_numbers_stay_text():
    assert shape("2.重复申请") == [(TEXT, "2.重复申请", False)]
    assert shape("3.其他 108 2 0 0 0 0 110")[0] == (TEXT, "3.其他", False)


def test_page_numbers_are_not_cells():
    assert is_page_number("- 4 -")
    assert is_page_number("—3—")
    assert not is_page_number("-58")
    assert shape("- 4 -") == []


def test_tokens_remember_line_and_source():
    lines = [Line("规章 | 1 |", "p.3"), Line("", "p.3"), Line("2", "p.4")]
    tokens = list(tokenize(lines, [10, 11, 12]))
    assert [(t.text, t.source, t.line) for t in tokens] == [
        ("规章", "p.3", 10),
        ("1", "p.3", 10),
        ("2", "p.4", 12),
    ]
    assert tokens[0].key == "规章"


def test_converter_delimiter_rows_with_two_hyphens_are_rules_but_a_lone_dash_is_a_mark():
    assert is_rule("|:--|:--|")
    assert is_rule("| -- | :-: |")
    assert shape("|:--|--:|") == []
    assert not is_rule("| - | - |")
    assert shape("| 行政许可 | - |") == [(TEXT, "行政许可", False), (VALUE, "-", False)]


def test_a_pipe_row_of_text_only_has_no_blank_values():
    """Room a converter leaves under merged headers is not a row of blank cells."""
    assert shape("| （本列数据的勾稽关系为：…） |  |  | 申请人情况 |  |") == [
        (TEXT, "（本列数据的勾稽关系为：…）", False),
        (TEXT, "申请人情况", False),
    ]
    assert shape("| 规章 |  | 0 |") == [
        (TEXT, "规章", False),
        (VALUE, "", False),
        (VALUE, "0", False),
    ]


def test_bold_and_footnote_marks_in_pipe_cells_are_not_the_cell():
    assert shape("| **行政复议** | 10 | **0**[^1] |") == [
        (TEXT, "行政复议", False),
        (VALUE, "10", False),
        (VALUE, "0", False),
    ]
