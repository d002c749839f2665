"""gkreport._readers.text.normalize: label keys and cell readings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkreport._forms import layout
from gkreport._readers.text.normalize import (
    CellKind,
    label_key,
    normalize_line,
    read_cell,
    strip_pinyin,
)
from gkreport._vocabulary import to_simplified, without_count_suffix


@pytest.mark.parametrize(
    ("printed", "official"),
    [
        ("二、主動(dòng)公開(kāi)政府信息情況", "二、主动公开政府信息情况"),
        (
            "(二)部分公開(kāi)(區(qū)分處理的,只計(jì)這一情形,不計(jì)其他情形)",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        ("商业 企业", "商业企业"),
        ("科研机\n构", "科研机构"),
        ("(三) 不予公开", "（三）不予公开"),
        ("3.“危及三安全一稳定”", "3.危及“三安全一稳定”"),
        (
            "1、申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        ("本年收费金额(单位:万元)", "本年收费金额（单位：万元）"),
        ("## 一、总体情况", "一、总体情况"),
    ],
)
def test_variants_share_the_official_key(printed, official):
    assert label_key(printed) == label_key(official)


def test_pinyin_is_dropped_only_after_chinese_characters_and_only_when_toned():
    assert (
        strip_pinyin("根據(jù)《條例》(國(guó)務(wù)院令第711號(hào))")
        == "根據《條例》(國務院令第711號)"
    )
    assert (
        strip_pinyin("本行政機(jī)關(guān)(或全州各級(jí)行政機(jī)關(guān))")
        == "本行政機關(或全州各級行政機關)"
    )
    assert strip_pinyin("门户网站(APP)") == "门户网站(APP)"
    assert strip_pinyin("第(一)项") == "第(一)项"


def test_traditional_text_becomes_simplified():
    assert to_simplified("收到和處理政府信息公開申請情況") == "收到和处理政府信息公开申请情况"
    assert normalize_line("（七）總計") == "(七)总计"


def test_count_suffix_is_optional():
    assert without_count_suffix(label_key("本年新制作数量")) == "本年新制作"
    assert without_count_suffix("数量") == "数量"


@pytest.mark.parametrize(
    ("cell", "kind", "number", "remark"),
    [
        ("0", CellKind.NUMBER, "0", ""),
        ("1\u2002", CellKind.NUMBER, "1", ""),
        ("3,119", CellKind.NUMBER, "3119", ""),
        ("１２", CellKind.NUMBER, "12", ""),
        ("+1882", CellKind.NUMBER, "+1882", ""),
        ("-58", CellKind.NUMBER, "-58", ""),
        ("\u221258", CellKind.NUMBER, "-58", ""),
        ("834.6435 (不含区发展改革局)", CellKind.NUMBER, "834.6435", "(不含区发展改革局)"),
        ("2290.54万元", CellKind.NUMBER, "2290.54", "万元"),
        ("-", CellKind.MARK, None, ""),
        ("/", CellKind.MARK, None, ""),
        ("—", CellKind.MARK, None, ""),
        ("无", CellKind.MARK, None, ""),
        ("不适用", CellKind.MARK, None, ""),
        ("", CellKind.BLANK, None, ""),
        ("\xa0", CellKind.BLANK, None, ""),
        ("\u3000\u3000", CellKind.BLANK, None, ""),
        ("2.重复申请", CellKind.TEXT, None, ""),
        ("2024年", CellKind.TEXT, None, ""),
        ("规章", CellKind.TEXT, None, ""),
    ],
)
def test_read_cell(cell, kind, number, remark):
    reading = read_cell(cell)
    assert (reading.kind, reading.number, reading.remark) == (kind, number, remark)


def test_leading_zero_flags_digits_that_ran_together():
    assert read_cell("000121").leading_zero
    assert not read_cell("0").leading_zero
    assert not read_cell("0.5").leading_zero


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_any_printed_integer_reads_back(number):
    for printed in (str(number), f"{number:,}"):
        reading = read_cell(printed)
        assert reading.kind is CellKind.NUMBER
        assert int(reading.number) == number


def test_every_official_label_is_its_own_key_fixed_point():
    for fmt in layout.FORMATS.values():
        for leaf in fmt.leaves():
            for label in (leaf.cell.label, *leaf.row_labels):
                assert label_key(label_key(label)) == label_key(label)
