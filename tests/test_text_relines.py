"""Pages that lost their line breaks read like the pages that kept them.

Every seed and corpus text is reshaped as crawlers and copy-paste leave reports
(newlines replaced by single spaces or by nothing, headings misnumbered, site
chrome before the title) and must read to the same cells and the same findings as
the original, or, where the run-together recovery cannot decide, to blank cells
with the recovery's note: never to a wrong number.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gkreport
from gkreport._model import Report
from gkreport._readers.text import parse_text
from gkreport._readers.text.lines import Line
from gkreport._readers.text.relines import (
    _cut_labelled_rows,
    _cut_rows,
    _Finder,
    _Keyed,
    _occurrences,
    reline,
)
from tests.reference import CORPUS, NAMES, SEEDS, cell_values, expected_values, report_cells
from tests.shapes import SHAPES


def _inputs() -> list[tuple[str, Path]]:
    seeds = [(path.stem, path) for path in sorted(SEEDS.glob("*.txt"))]
    corpus = [(name, CORPUS / f"{name}.txt") for name in NAMES]
    return seeds + [(name, path) for name, path in corpus if path.is_file()]


def _reference(name: str) -> dict[str, object]:
    if name in NAMES:
        return expected_values(name)
    return cell_values(gkreport._json.read_json(SEEDS / f"{name}.expected.json"))


def _findings(report: Report) -> set[tuple[str, str]]:
    return {(f["code"], f["path"]) for f in gkreport.validate(report).to_dict()["findings"]}


def _explained(report: Report, pointer: str) -> bool:
    """A blank cell has a note on itself, its row or its table (the recovery's, or debris)."""
    return any(pointer == note.path or pointer.startswith(note.path + "/") for note in report.notes)


INPUTS = _inputs()


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("name", "path"), INPUTS, ids=[name for name, _ in INPUTS])
def test_a_reshaped_report_reads_to_the_same_cells_and_findings(name, path, shape):
    text = path.read_text("utf-8")
    original = parse_text(text, source=name)
    reshaped = parse_text(SHAPES[shape](text), source=name)
    reference = _reference(name)
    cells = report_cells(reshaped)
    blanked = set()
    for pointer, value in reference.items():
        if cells[pointer] != value:
            assert cells[pointer] is None, f"{pointer}: read {cells[pointer]!r}, printed {value!r}"
            assert _explained(reshaped, pointer), f"{pointer} is blank without a note"
            blanked.add(pointer)
    before, after = _findings(original), _findings(reshaped)
    extra = {(code, path) for code, path in after - before if not _about(path, blanked)}
    assert extra == set()  # a blank cell, or an unread row of blank cells, may add its finding
    assert before - after == set()


def _about(path: str, blanked: set[str]) -> bool:
    """The finding is about a cell left blank, or about the row that holds such cells."""
    return any(cell == path or cell.startswith(path + "/") for cell in blanked)


def _share(shape: str) -> float:
    equal = total = 0
    for name, path in INPUTS:
        cells = report_cells(parse_text(SHAPES[shape](path.read_text("utf-8")), source=name))
        reference = _reference(name)
        total += len(reference)
        equal += sum(cells[pointer] == value for pointer, value in reference.items())
    return equal / total


@pytest.mark.parametrize("shape", ["spaces", "misnumbered", "chrome", "crawled"])
def test_every_cell_of_every_shape_but_cells_joined_by_nothing_is_read(shape):
    assert _share(shape) == 1.0


def test_cells_joined_by_nothing_are_recovered_where_the_form_decides():
    # seed 003 (2019 form) joins 本年增/减 to its neighbours: "行政许可2471+18825297"
    # has seven readings, so those rows stay blank with the recovery's note.
    assert _share("nothing") >= 0.98


# --- the cuts themselves ----------------------------------------------------------------


def texts(text: str) -> list[str]:
    return [line.text for line in reline([Line(text, "line 1")])]


def test_a_one_line_page_is_cut_at_headings_and_rows():
    page = (
        "某县2024年政府信息公开工作年度报告 一、总体情况 本年度工作扎实。"
        " 二、主动公开政府信息情况 第二十条第（一）项"
        " 信息内容 本年制发件数 本年废止件数 现行有效件数"
        " 规章 0 0 0 行政规范性文件 898989 第二十条第（五）项"
        " 信息内容 本年处理决定数量 行政许可 12"
        " 三、收到和处理政府信息公开申请情况 （七）总计20 0 00 0 121"
        " 四、结转下年度继续办理 1 0 0 0 0 0 1"
        " 五、存在的主要问题及改进情况 无。"
    )
    assert texts(page) == [
        "某县2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度工作扎实。",
        "二、主动公开政府信息情况",
        "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数",
        "规章 0 0 0",
        "行政规范性文件 898989",
        "第二十条第（五）项 信息内容 本年处理决定数量",
        "行政许可 12",
        "三、收到和处理政府信息公开申请情况",
        "（七）总计20 0 00 0 121",
        "四、结转下年度继续办理 1 0 0 0 0 0 1",
        "五、存在的主要问题及改进情况",
        "无。",
    ]


def test_cells_joined_by_nothing_stay_on_their_rows_piece():
    line = "二、主动公开政府信息情况规章000规范性文件898989第二十条第（五）项信息内容"
    assert texts(line) == [
        "二、主动公开政府信息情况",
        "规章000",
        "规范性文件898989",
        "第二十条第（五）项信息内容",
    ]


def test_a_sign_glued_to_the_number_before_opens_a_cell():
    line = "二、主动公开政府信息情况 行政许可2471+18825297 行政处罚1368-58"
    assert texts(line)[1:] == ["行政许可2471 +18825297", "行政处罚1368 -58"]


def test_an_amount_with_its_unit_is_a_cell_of_its_own():
    line = (
        "二、主动公开政府信息情况 政府集中采购 1468 2290.54万元 三、收到和处理政府信息公开申请情况"
    )
    assert texts(line)[1:3] == ["政府集中采购 1468", "2290.54万元"]


def test_prose_that_names_a_row_is_not_cut():
    line = "二、主动公开政府信息情况 本年度制发行政规范性文件2件，行政许可 156993 项。"
    assert texts(line) == [
        "二、主动公开政府信息情况",
        "本年度制发行政规范性文件2件，行政许可 156993 项。",
    ]


def test_a_row_with_one_label_is_returned_as_it_was():
    lines = [
        Line("二、主动公开政府信息情况", "line 1"),
        Line("规章 | 0 | 0 | 0 |", "line 2"),
        Line("第二十条第（五）项 信息内容 本年处理决定数量 行政许可 447228", "line 3"),
    ]
    assert reline(lines) == lines


def test_pipe_rows_joined_keep_their_empty_cells_with_the_row_before():
    line = (
        "二、主动公开政府信息情况 第二十条第(一)项 | ||| 信息内容 | 本年制发件数 |"
        " 规章 | 0 | 0 | 0 | 行政规范性文件 | 2 | 1 | 12 |"
    )
    assert texts(line)[1:] == [
        "第二十条第(一)项 | |||",
        "信息内容 | 本年制发件数 |",
        "规章 | 0 | 0 | 0 |",
        "行政规范性文件 | 2 | 1 | 12 |",
    ]


def test_headings_after_a_sentence_or_chrome_are_cut_out():
    assert texts("【打印】【关闭】一、总体情况2024年，本机关认真落实《条例》。") == [
        "【打印】【关闭】",
        "一、总体情况",
        "2024年，本机关认真落实《条例》。",
    ]
    assert texts("现将有关情况报告如下。一、总体情况 正文。") == [
        "现将有关情况报告如下。",
        "一、总体情况",
        "正文。",
    ]


def test_headings_in_a_list_a_quotation_or_a_table_of_contents_are_not_cut():
    for line in (
        "本报告包括一、总体情况、二、主动公开政府信息情况等部分。",
        "详见“二、主动公开政府信息情况”部分。",
        "目录 一、总体情况 二、主动公开政府信息情况 三、收到和处理政府信息公开申请情况 正文",
    ):
        assert texts(line) == [line]


def test_a_heading_quoted_inside_its_own_part_stays_in_its_sentence():
    lines = [
        Line("六、其他需要报告的事项", "line 1"),
        Line("D5 警告 · 六、其他需要报告的事项 未说明收费情况。", "line 2"),
    ]
    assert reline(lines) == lines


def test_pieces_keep_the_source_of_their_line():
    lines = reline([Line("说明。一、总体情况 正文。", "line 7")])
    assert {line.source for line in lines} == {"line 7"}


def test_a_title_between_spaces_is_cut_out_for_the_metadata():
    line = (
        "当前位置: 首页 > 年报 清镇市人民政府2020年政府信息公开工作年度报告 清镇市"
        " 发布日期:2021-01-29 根据《条例》要求，现公布清镇市2020年政府信息公开工作年度报告。"
        " 一、总体情况 正文。"
    )
    assert texts(line) == [
        "当前位置: 首页 > 年报",
        "清镇市人民政府2020年政府信息公开工作年度报告",
        "清镇市 发布日期:2021-01-29 根据《条例》要求，现公布清镇市2020年政府信息公开工作年度报告。",
        "一、总体情况",
        "正文。",
    ]


def test_a_title_spaced_by_pdf_text_is_cut_whole_and_the_page_number_dropped():
    line = "- 1 - 淮安市人民政府 2024 年政府信息公开工作年度报告 本报告由淮安市人民政府办公室编制。"
    assert texts(line + " 一、总体情况")[:2] == [
        "淮安市人民政府 2024 年政府信息公开工作年度报告",
        "本报告由淮安市人民政府办公室编制。",
    ]


_WORDS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "六、其他需要报告的事项",
    "规章",
    "行政规范性文件",
    "（七）总计",
    "1.属于国家秘密",
    "某县2024年政府信息公开工作年度报告",
    "本年度工作扎实。",
    "、",
    "“",
    "”",
    "（",
    "）",
    "|",
    "件",
    "万元",
    "+",
    "0",
    "12",
    "898989",
    " ",
    " ",
]


@given(st.lists(st.sampled_from(_WORDS), max_size=40), st.sampled_from([" ", ""]))
@settings(max_examples=200, deadline=None)
def test_relining_neither_loses_nor_invents_text(words, joint):
    """Only spaces change (and a pipe that opened a row, which the cell reader drops)."""
    text = joint.join(words)
    pieces = texts(text)
    assert re.sub(r"[\s|]", "", "".join(pieces)) == re.sub(r"[\s|]", "", text)
    assert all(piece == piece.strip() and piece for piece in pieces) or pieces == [text]


# --- PDF text (tab-separated cells) crawled onto one line ------------------------------------

_APPEAL_HEADERS = (
    "行政复议\t行政诉讼 结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉"
    " 结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计"
)
_APPEAL_VALUES = "\t".join(map(str, (72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20)))


@pytest.mark.parametrize("glue", [" ", ""], ids=["space", "nothing"])
def test_a_tabbed_values_line_glued_to_the_headers_of_four_starts_its_own_piece(glue):
    """PDF text lines joined on one line: "…总计 72\t64…" must not lose 72 to the header."""
    line = f"{_APPEAL_HEADERS}{glue}{_APPEAL_VALUES}"
    *headers, values = [piece.text for piece in reline([Line(line, "line 1")])]
    assert values == _APPEAL_VALUES
    assert "\t".join(headers) == _APPEAL_HEADERS  # cut at most between header cells


def test_four_printed_as_pdf_text_on_one_line_reads_every_value():
    page = f"四、政府信息公开行政复议、行政诉讼情况 {_APPEAL_HEADERS} {_APPEAL_VALUES}"
    appeals = parse_text(page).appeals
    assert (appeals.review.upheld, appeals.review.total) == (72, 351)
    assert (appeals.litigation_after_review.upheld, appeals.litigation_after_review.total) == (
        12,
        20,
    )


def test_a_row_with_its_cells_in_tabs_stays_whole():
    line = "一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3"
    assert [piece.text for piece in reline([Line(line, "line 1")])] == [line]


# --- finding label keys in a line -----------------------------------------------------------


def _occurrences_by_find(key: str, keys: list[str]) -> list[tuple[int, int, str]]:
    """The definition: every occurrence of every key, then the leftmost-longest kept."""
    found = []
    for label in keys:
        start = key.find(label)
        while start >= 0:
            stop = start + len(label) + (2 if key.startswith("数量", start + len(label)) else 0)
            found.append((start, stop, label))
            start = key.find(label, start + 1)
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen, end = [], 0
    for item in found:
        if item[0] >= end:
            chosen.append(item)
            end = item[1]
    return chosen


_KEY_ALPHABET = "数量规章范性文件予以公开不其他1.,"


@given(
    st.lists(st.text(_KEY_ALPHABET, min_size=1, max_size=6), min_size=1, max_size=8, unique=True),
    st.text(_KEY_ALPHABET, max_size=60),
)
def test_label_keys_are_found_as_by_trying_every_key(keys, key):
    keys = sorted(keys, key=lambda label: (-len(label), label))
    keyed = _Keyed(key, key, tuple(range(len(key))))
    assert _occurrences(keyed, _Finder.of(keys)) == _occurrences_by_find(key, keys)


_ROW_PIECES = [
    "（一）予以公开",
    "1.属于国家秘密",
    "3.危及“三安全一稳定”",
    "规章",
    "规范性文件",
    "收费金额（万元）",
    "七、总计",
    "其他",
    "12",
    "0",
    "834.6435",
    "1,234",
    "5.",
    "+3",
    "-",
    "—",
    "/",
    "万元",
    "件",
    "（不含）",
    " ",
    "  ",
    "\t",
    " | ",
    "\u3000",
    "。",
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_ROW_PIECES), max_size=12))
def test_a_row_seen_as_printed_is_cut_as_by_keying_its_labels(pieces):
    """The quick look at a row (`_AS_PRINTED`) never decides otherwise than the long way."""
    line = Line("".join(pieces), "line 1")
    assert _cut_rows(line) == _cut_labelled_rows(line)
