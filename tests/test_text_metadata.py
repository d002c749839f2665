"""gkreport._readers.text.metadata: only what the page prints."""

from __future__ import annotations

import datetime

import pytest

from gkreport._readers.text.lines import split_lines
from gkreport._readers.text.metadata import read_metadata


def meta(text: str):
    lines = list(split_lines(text))
    return read_metadata(lines, lines)


def test_title_line_gives_agency_year_and_kind():
    found = meta("清镇市人民政府2020年政府信息公开工作年度报告\n发布日期:2021-01-29 09:34")
    assert found.title == "清镇市人民政府2020年政府信息公开工作年度报告"
    assert (found.agency, found.year, found.kind) == ("清镇市人民政府", 2020, "government")
    assert found.published_on == datetime.date(2021, 1, 29)
    assert found.sources["/title"] == "line 1"
    assert found.sources["/published_on"] == "line 2"


def test_title_broken_over_two_lines_in_pdf_text():
    found = meta(
        "- 1 -\n淮安市人民政府\n2024 年政府信息公开工作年度报告\n本报告由淮安市人民政府办公室编制。"
    )
    assert found.title == "淮安市人民政府2024年政府信息公开工作年度报告"  # PDF text spaces dropped
    assert found.agency == "淮安市人民政府"


def test_publishing_sentence_in_traditional_characters_with_pinyin():
    found = meta("根據(jù)要求,現(xiàn)公布黔南州2024年政府信息公開(kāi)工作年度報(bào)告。")
    assert (found.agency, found.year, found.kind, found.title) == (
        "黔南州",
        2024,
        "government",
        None,
    )


def test_contact_office_names_the_agency_without_its_section():
    found = meta(
        "统计时间为2024年1月1日至2024年12月31日。如有疑问,请与将乐县政府办电子政务科联系。"
    )
    assert (found.agency, found.year, found.kind) == ("将乐县政府办", 2024, "department")


@pytest.mark.parametrize(
    ("agency", "kind"),
    [("黔西南州工业和信息化局", "department"), ("某县人民政府", "government"), ("某某", None)],
)
def test_kind_follows_the_agency_name(agency, kind):
    assert meta(f"{agency}2023年政府信息公开工作年度报告").kind == kind


def test_nothing_printed_nothing_inferred():
    found = meta("一、总体情况\n正文。")
    assert (found.agency, found.year, found.title, found.published_on) == (None, None, None, None)


def test_an_impossible_date_is_not_a_date():
    assert meta("发布日期:2021-02-30").published_on is None
