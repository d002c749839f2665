"""gkreport._readers.text.metadata: only what the page prints."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from gkreport._readers.text.lines import Line, split_lines
from gkreport._readers.text.metadata import read_metadata
from gkreport._readers.text.parts import PageOutline
from tests.reference import CORPUS, needs_corpus

SEEDS = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.txt"))


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


# --- the title in any order; the agency from the title first ------------------------------

SHANGHAI = "上海市人民政府办公厅"


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        (f"2019年{SHANGHAI}政府信息公开工作年度报告", SHANGHAI, 2019),  # FORMAT.md §6.5
        (f"{SHANGHAI}2019年政府信息公开工作年度报告", SHANGHAI, 2019),
        (f"2019年度{SHANGHAI}政府信息公开工作年度报告", SHANGHAI, 2019),
        (f"{SHANGHAI}2019年度政府信息公开年度报告", SHANGHAI, 2019),
        (f"{SHANGHAI}关于2019年度政府信息公开工作的报告", SHANGHAI, 2019),
        (f"{SHANGHAI}关于2019年度政府信息公开工作情况的报告", SHANGHAI, 2019),
        (f"{SHANGHAI}政府信息公开工作年度报告（2019年度）", SHANGHAI, 2019),
        ("关于2019年度政府信息公开工作的报告", None, 2019),
        ("2024 年政府信息公开工作年度报告", None, 2024),  # corpus PDF text, agency a line above
        ("昆明市官渡区人民政府2024年政府信息公开工作年度报告", "昆明市官渡区人民政府", 2024),
        ("黔西南州工业和信息化局2023年政府信息公开工作年度报告", "黔西南州工业和信息化局", 2023),
    ],
)
def test_the_title_in_any_order_gives_agency_and_year(title, agency, year):
    found = meta(f"{title}\n一、总体情况")
    assert (found.title, found.agency, found.year) == ("".join(title.split()), agency, year)
    assert found.sources["/title"] == "line 1"


def test_year_first_title_gives_the_agency_not_the_contact_sentence():
    """The issue's page: a year-first title and a contact office of another name."""
    found = meta(
        f"2019年{SHANGHAI}政府信息公开工作年度报告\n"
        "本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。"
        "如对本报告有任何疑问，请与上海市黄浦区人民政府办公室联系。"
    )
    assert (found.agency, found.year, found.kind) == (SHANGHAI, 2019, "department")
    assert found.sources["/agency"] == "line 1"


def test_a_line_of_chrome_above_the_title_is_no_part_of_its_agency():
    found = meta(f"当前位置：首页 > 政务公开\n{SHANGHAI}2019年政府信息公开工作年度报告")
    assert found.agency == SHANGHAI
    found = meta(f"政务公开\n{SHANGHAI}2019年政府信息公开工作年度报告")
    assert found.agency == SHANGHAI


def test_a_title_in_a_line_of_page_chrome():
    """A crawled page: breadcrumbs, the title and the publication line run together."""
    found = meta(
        f"首页 > 政务公开 > 年报 {SHANGHAI}2019年政府信息公开工作年度报告 "
        "发布时间：2020-01-31 10:00 来源：市政府办公厅"
    )
    assert (found.agency, found.year) == (SHANGHAI, 2019)
    assert found.title == f"{SHANGHAI}2019年政府信息公开工作年度报告"
    assert found.published_on == datetime.date(2020, 1, 31)


def test_links_to_other_reports_are_no_title():
    found = meta("上一篇：观山湖区2020年政府信息公开工作年度报告\n一、总体情况")
    assert (found.title, found.agency, found.year) == (None, None, None)


def test_a_title_with_an_agency_wins_over_one_with_the_year_only():
    found = meta(
        f"2024年政府信息公开工作年度报告\n正文。\n{SHANGHAI}2024年政府信息公开工作年度报告"
    )
    assert (found.agency, found.year) == (SHANGHAI, 2024)
    assert found.sources["/agency"] == "line 3"


def test_publishing_sentence_with_the_year_first():
    found = meta(f"根据要求，现公布2019年{SHANGHAI}政府信息公开工作年度报告。")
    assert (found.agency, found.year, found.title) == (SHANGHAI, 2019, None)


# --- published_on: page metadata, the publication line, the signature -----------------------


@pytest.mark.parametrize(
    "line",
    [
        "发布日期：2020-01-31",
        "【发布时间:2020年01月31日 10:30】",
        "发布时间: 2020/1/31",
        "日期：2020-01-31 字号：大 中 小",
        "索引号：001 发文日期：2020年1月31日",
        "- **发布日期**：2020-01-31",  # the package's own Markdown
    ],
)
def test_the_publication_line(line):
    found = meta(f"{SHANGHAI}2019年政府信息公开工作年度报告\n{line}")
    assert found.published_on == datetime.date(2020, 1, 31)
    assert found.sources["/published_on"] == "line 2"


def test_a_deadline_or_period_date_is_no_publication_date():
    assert meta("截止日期：2020-01-31\n统计日期2019年12月31日").published_on is None


@pytest.mark.parametrize(
    "ending",
    [
        f"{SHANGHAI}\n2020年1月17日",
        f"{SHANGHAI}\n\n2020 年 1 月 17 日",
        f"{SHANGHAI}  2020年1月17日",
        "上海市人民政府办公室\n二〇二〇年一月十七日",
    ],
)
def test_the_date_under_the_closing_signature(ending):
    text = f"{SHANGHAI}2019年政府信息公开工作年度报告\n一、总体情况\n正文。\n{ending}\n扫一扫"
    found = meta(text)
    assert found.published_on == datetime.date(2020, 1, 17)


def test_a_date_under_something_else_is_no_signature():
    """Seed 003: the date follows an attachment line, not the agency."""
    found = meta("一、总体情况\n附件:2020年度政府信息公开情况统计表\n2021年1月26日")
    assert found.published_on is None


def test_the_publication_line_wins_over_the_signature():
    found = meta(f"发布日期：2020-01-31\n一、总体情况\n{SHANGHAI}\n2020年1月17日")
    assert found.published_on == datetime.date(2020, 1, 31)


def test_the_pages_own_metadata_comes_first():
    lines = list(split_lines(f"发布日期：2020-02-02\n{SHANGHAI}\n2020年1月17日"))
    page = {
        "published_on": Line("2020-01-31 09:00:00", "line 7"),
        "title": Line(f"2019年{SHANGHAI}政府信息公开工作年度报告_上海市人民政府", "line 5"),
    }
    found = read_metadata(lines, lines, page)
    assert found.published_on == datetime.date(2020, 1, 31)
    assert (found.title, found.agency, found.year) == (
        f"2019年{SHANGHAI}政府信息公开工作年度报告",
        SHANGHAI,
        2019,
    )
    assert (found.sources["/published_on"], found.sources["/title"]) == ("line 7", "line 5")


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.stem)
def test_the_seeds_read_to_their_hand_checked_metadata(seed):
    lines = list(split_lines(seed.read_text("utf-8")))
    expected = json.loads(seed.with_suffix(".expected.json").read_text("utf-8"))
    found = read_metadata(PageOutline.of(lines).front(lines), lines)
    published = found.published_on.isoformat() if found.published_on else None
    assert (found.agency, found.year, found.title, published) == (
        expected["agency"],
        expected["year"],
        expected["title"],
        expected["published_on"],
    )


@needs_corpus
@pytest.mark.parametrize(
    ("name", "agency", "year"),
    [
        ("001-huaian-gov-2024", "淮安市人民政府", 2024),
        ("002-hongze-district-gov-2023", "洪泽区人民政府", 2023),  # as its title prints it
        ("003-hongze-district-gov-2024", "淮安市洪泽区人民政府", 2024),
    ],
)
def test_the_corpus_titles_name_the_agency_not_the_compiling_office(name, agency, year):
    """Each PDF text names its 办公室 as compiler and contact; the title names the agency."""
    lines = list(split_lines((CORPUS / f"{name}.txt").read_text("utf-8")))
    found = read_metadata(PageOutline.of(lines).front(lines), lines)
    assert (found.agency, found.year, found.kind) == (agency, year, "government")


def test_fields_under_their_labels_as_this_package_prints_them():
    """The Markdown ("- **机关名称**：…") and the HTML (label, then value) of `dump`."""
    markdown = meta(
        "# 黔南州 2024\n- **机关名称**：黔南州\n- **报告年度**：2024\n- **机关类别**：部门\n"
        "- **报告标题**：黔南州2024年政府信息公开工作年度报告\n- **发布日期**：2025-01-20"
    )
    html = meta("机关名称\n黔南州\n报告年度\n2024\n机关类别\n部门\n发布日期\n2025-01-20")
    for found in (markdown, html):
        assert (found.agency, found.year, found.kind) == ("黔南州", 2024, "department")
        assert found.published_on == datetime.date(2025, 1, 20)
    assert markdown.title == "黔南州2024年政府信息公开工作年度报告"
    assert (markdown.sources["/agency"], html.sources["/agency"]) == ("line 2", "line 2")


def test_a_markdown_title_keeps_no_marks():
    assert meta(f"# **{SHANGHAI}2019年政府信息公开工作年度报告**").title == (
        f"{SHANGHAI}2019年政府信息公开工作年度报告"
    )


def test_a_title_glued_to_the_preamble_on_a_page_joined_by_nothing():
    found = meta(
        f"{SHANGHAI}2019年政府信息公开工作年度报告根据《中华人民共和国政府信息公开条例》规定"
        "编制本报告。如对本报告有疑问,请与上海市人民政府办公厅信息公开处联系。"
    )
    assert (found.agency, found.year) == (SHANGHAI, 2019)
    assert found.title == f"{SHANGHAI}2019年政府信息公开工作年度报告"


def test_breadcrumbs_glued_to_the_title_are_no_part_of_its_agency():
    found = meta(
        "当前位置: 首页政务公开政府信息公开政府信息公开年报2020年区(市、县)年报"
        "清镇市人民政府2020年政府信息公开工作年度报告清镇市发布日期:2021-01-29 09:34"
    )
    assert (found.agency, found.year, found.kind) == ("清镇市人民政府", 2020, "government")
