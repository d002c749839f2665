"""Reading back the pages gkreport renders: exact, and the general reader for anything else."""

from __future__ import annotations

import re
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import gkreport
from gkreport import Note
from gkreport._forms import layout
from gkreport._readers.rendered import read_rendered
from gkreport._render import render
from gkreport._render._page import HTML_GENERATOR, MD_MARKER
from tests.reference import EXAMPLES, GUANDU
from tests.strategies import report_dicts

TARGETS = ("html", "md")


def example(name=GUANDU):
    return gkreport.load(name if name == GUANDU else EXAMPLES / name)


def with_values(report, values):
    data = gkreport.to_dict(report)
    for pointer, value in values.items():
        node = data
        *parents, last = pointer.strip("/").split("/")
        for part in parents:
            node = node[part]
        node[last] = value
    return gkreport.from_dict(data)


def unmarked(page: str, to: str) -> str:
    """The page without its generator mark: what the general reader makes of it."""
    if to == "md":
        return page.replace(MD_MARKER + "\n", "", 1)
    return page.replace(f'<meta name="generator" content="{HTML_GENERATOR}"/>', "", 1)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("to", TARGETS)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=report_dicts())
def test_a_rendered_page_with_findings_reads_back_as_its_report(to, lang, data):
    report = gkreport.from_dict(data)
    page = render(report, to, gkreport.validate(report).findings, lang=lang)
    back = gkreport.parse_text(page)
    assert back == report


@pytest.mark.parametrize("to", TARGETS)
@pytest.mark.parametrize(
    "pointer",
    [
        f"/appeals/{row.id}/{cell.id}"
        for row in layout.FORMATS["2021"].appeals.children
        for cell in row.cells
    ],
)
def test_one_blank_cell_of_table_four_shifts_no_value(to, pointer):
    """The regression of issue 13: one blank 行政复议 cell shifted all 15 values of 四."""
    report = with_values(example(), {pointer: None})
    page = render(report, to)
    assert gkreport.parse_text(page).appeals == report.appeals  # read as gkreport's page
    assert gkreport.parse_text(unmarked(page, to)).appeals == report.appeals  # as any page


NARRATIVE = "\n".join(
    [
        "# 一、总体情况",  # a heading in Markdown and a part heading for the text reader
        "二、主动公开政府信息情况",
        "| 规章 | 1 | 2 | 3 |",
        "（七）总计\t20\t0\t0\t0\t1\t21",
        "- 第一项",
        "1. 第一条",
        "---",
        "<b>&amp;</b> *强调* [链接](x) `代码` ~~删除~~ \\反斜杠",
        "    缩进的行  ",
        "",
        "\r\x01\x0b\u2028\ufffe结尾",
    ]
)


@pytest.mark.parametrize("to", TARGETS)
def test_a_narrative_that_looks_like_markup_headings_and_rows_reads_back_exactly(to):
    base = example()
    report = attrs.evolve(base, text=attrs.evolve(base.text, overview=NARRATIVE, problems=""))
    page = render(report, to)
    back = gkreport.parse_text(page)
    assert back == report
    assert back.applications == base.applications
    if to == "md":
        lines = page.splitlines()
        for escaped in (
            r"\# 一、总体情况",
            r"\| 规章 \| 1 \| 2 \| 3 \|",
            r"\- 第一项",
            r"1\. 第一条",
        ):
            assert escaped in lines
        assert "&#32;&#32;&#32;&#32;缩进的行&#32;&#32;" in lines
        assert "&lt;b&gt;&amp;amp;&lt;/b&gt; \\*强调\\* \\[链接\\](x)" in page


@pytest.mark.parametrize("to", TARGETS)
def test_a_text_of_no_break_spaces_is_text_not_a_blank_line(to):
    """Found by hypothesis: Markdown's blank line is spaces and tabs only, never U+00A0."""
    base = example()
    report = attrs.evolve(base, text=attrs.evolve(base.text, problems="\xa0", overview="a\xa0"))
    assert gkreport.parse_text(render(report, to)) == report


@pytest.mark.parametrize("to", TARGETS)
def test_empty_texts_and_blanks_stay_apart(to):
    report = with_values(
        example("qingzhen-2020.json"),
        {"/agency": "", "/title": None, "/url": "", "/proactive/procurement/amount": ""},
    )
    report = attrs.evolve(report, text=attrs.evolve(report.text, overview="", problems=None))
    back = gkreport.parse_text(render(report, to, gkreport.validate(report).findings))
    assert back == report
    assert (back.agency, back.title, back.url) == ("", None, "")
    assert (back.text.overview, back.text.problems) == ("", None)
    assert back.proactive.procurement.amount == ""


NOTES = (
    Note(path="/applications/new", raw="3459 00 12 35", source="line 29", kind="unread"),
    Note(path="/proactive/fees/amount", raw="-3", message="not an amount", kind="implausible"),
    Note(path="", raw="注：截至12月31日 | 来源：假的"),
    Note(path="/x：y", raw="【未读取】不是类型", source="", message=""),
    Note(path="", raw="", source="  边上有空格 ", message="说明：含|竖线\n和换行"),
)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("to", TARGETS)
def test_notes_come_back_as_notes_not_as_part_six(to, lang):
    report = attrs.evolve(example(), notes=NOTES)
    back = gkreport.parse_text(render(report, to, lang=lang))
    assert back.notes == NOTES
    assert back.text.other_matters == report.text.other_matters


def test_the_markdown_notes_list_one_line_per_note_with_its_fields():
    report = attrs.evolve(example(), notes=NOTES)
    lines = render(report, "md").splitlines()
    assert "- /applications/new：【未读取】3459 00 12 35 | 来源：line 29" in lines
    assert "- /proactive/fees/amount：【不合理数值】-3 | 说明：not an amount" in lines
    assert "- ：注：截至12月31日 \\| 来源：假的" in lines  # the raw text's pipe is escaped
    assert "- /x&#xFF1A;y：&#x3010;未读取】不是类型 | 来源： | 说明：" in lines


def test_metadata_and_cells_read_from_the_html_page_by_their_pointers():
    report = with_values(example(), {"/proactive/fees/amount": Decimal("834.6435")})
    page = render(report)
    assert '<dd data-pointer="/agency">昆明市官渡区人民政府</dd>' in page
    back = read_rendered(page, "<page>")
    assert back == report
    where = re.fullmatch(
        r"table 1 row \d+ column 2 \(line (\d+)\)", back.sources["/proactive/fees/amount"]
    )
    assert where, back.sources["/proactive/fees/amount"]
    assert 'data-pointer="/proactive/fees/amount"' in page.splitlines()[int(where.group(1)) - 1]


@pytest.mark.parametrize("to", TARGETS)
def test_a_page_edited_out_of_shape_is_read_as_any_page(to):
    report = example()
    page = render(report, to)
    if to == "md":
        edited = "\n".join(line for line in page.splitlines() if not line.startswith("| 规章"))
    else:
        edited = re.sub(r"<tr><th class=\"label\">规章</th>.*?</tr>", "", page, count=1)
    assert edited != page
    assert read_rendered(edited, "<page>") is None
    back = gkreport.parse_text(edited)  # the general reader: the rest still reads
    assert back.applications == report.applications
    assert back.appeals == report.appeals


@pytest.mark.parametrize("to", TARGETS)
def test_a_value_edited_by_hand_is_read_as_a_reader_reads_it_with_a_note(to):
    report = example()
    page = render(report, to)
    total = str(report.applications.new.total)
    if to == "md":
        row = next(line for line in page.splitlines() if line.startswith("| 一、本年新收"))
        edited = page.replace(row, row.rsplit(f"| {total} |", 1)[0] + f"| {total}件（含转办） |")
    else:
        cell = f'data-pointer="/applications/new/total">{total}<'
        edited = page.replace(cell, cell.replace(f">{total}<", f">{total}件（含转办）<"))
    assert edited != page
    back = read_rendered(edited, "<page>")
    assert back is not None
    assert back.applications.new.total == report.applications.new.total
    (note,) = [n for n in back.notes if n.path == "/applications/new/total"]
    assert note.raw == f"{total}件（含转办）"


@pytest.mark.parametrize("to", TARGETS)
def test_text_added_where_the_renderer_prints_none_is_kept_by_the_general_reader(to):
    page = render(example(), to)
    if to == "md":
        edited = page.replace("\n## ", "\n*另附：本单位补充数据999件*\n\n## ", 1)
    else:
        edited = page.replace("</table>", "</table>\n<div>另附：本单位补充数据999件</div>", 1)
    assert edited != page
    assert read_rendered(edited, "<page>") is None
    back = gkreport.parse_text(edited)
    assert "本单位补充数据999件" in str(gkreport.to_dict(back))  # in a note or a part's text


def test_other_pages_are_not_taken_for_rendered_ones():
    assert read_rendered("# 标题\n\n一、总体情况\n", "<page>") is None
    assert read_rendered("<html><body><p>一、总体情况</p></body></html>", "<page>") is None
