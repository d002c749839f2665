"""gkreport._readers.text.appeals: table 四 printed by rows is read by rows."""

from __future__ import annotations

from gkreport._forms import layout
from gkreport._readers.text.appeals import appeal_rows
from gkreport._readers.text.cells import TokenKind, tokenize
from gkreport._readers.text.labels import label_index
from gkreport._readers.text.lines import Line
from gkreport._readers.text.pipes import header_cells

FORMAT = max(layout.FORMATS)


def rows_of(*texts: str, ragged: frozenset[int] = frozenset()):
    tokens = list(tokenize([Line(text, f"line {n}") for n, text in enumerate(texts, start=1)]))
    values = [t for t in tokens if t.kind is TokenKind.VALUE]
    words = [t for t in tokens if t.kind is TokenKind.TEXT]
    found = appeal_rows(values, words, label_index(FORMAT), header_cells(FORMAT), ragged)
    if found is None:
        return None
    return [(row.pointer, [t.text for t in row.values]) for row in found]


def test_each_line_names_its_row():
    assert rows_of(
        "| 行政复议 |  | 13 | 0 | 0 | 13 |",
        "| 行政诉讼 未经复议直接起诉 | 1 | 0 | 0 | 0 | 1 |",
        "| 行政诉讼 复议后起诉 | 2 | 0 | 0 | 0 | 2 |",
    ) == [
        ("/appeals/review", ["", "13", "0", "0", "13"]),
        ("/appeals/litigation_direct", ["1", "0", "0", "0", "1"]),
        ("/appeals/litigation_after_review", ["2", "0", "0", "0", "2"]),
    ]


def test_a_floating_label_names_the_row_below_it_whose_empty_label_cell_is_dropped():
    assert rows_of(
        "行政复议",
        "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
        "|  | 12 | 13 | 0 | 0 | 25 |",
    ) == [("/appeals/review", ["12", "13", "0", "0", "25"])]


def test_a_label_wrapped_below_its_row_is_joined():
    assert rows_of(
        "| 行政复 | 1 | 0 | 0 | 0 | 1 |", "议", "| 复议后起诉 | 2 | 0 | 0 | 0 | 2 |"
    ) == [
        ("/appeals/review", ["1", "0", "0", "0", "1"]),
        ("/appeals/litigation_after_review", ["2", "0", "0", "0", "2"]),
    ]


def test_a_line_of_values_naming_no_row_is_left_unread():
    found = rows_of("| 行政复议 | 1 | 0 | 0 | 0 | 1 |", "|  | 2 | 0 | 0 | 0 | 2 |")
    assert found == [
        ("/appeals/review", ["1", "0", "0", "0", "1"]),
        (None, ["2", "0", "0", "0", "2"]),
    ]


def test_the_official_layout_of_fifteen_values_is_left_to_the_reading_by_position():
    assert rows_of("行政复议\t行政诉讼", "\t".join(str(n) for n in range(15))) is None
    assert rows_of("行政复议 行政诉讼", " ".join(str(n) for n in range(15))) is None


def test_a_row_named_twice_is_left_to_the_reading_by_position():
    assert rows_of("| 行政复议 | 1 | 0 | 0 | 0 | 1 |", "| 行政复议 | 2 | 0 | 0 | 0 | 2 |") is None
