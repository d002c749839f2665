"""gkreport._readers.html: web pages with the official tables (row and column spans).

The pages are built here in the layout of the form (FORMAT.md §3: the corner
note spanning 3×3, 申请人情况 over seven columns, 三、本年度办理结果 spanning 22
rows, the group labels spanning their sub-rows, single values spanning three
columns) from the hand-checked seed values, then read back.
"""

from __future__ import annotations

import gc
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkreport._convert import to_dict
from gkreport._forms import layout
from gkreport._forms.layout import Row
from gkreport._json import read_json
from gkreport._readers.html import html_lines, html_page
from gkreport._readers.text import parse_text, read

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
STEMS = sorted(path.name.removesuffix(".expected.json") for path in SEEDS.glob("*.expected.json"))


def td(text: object, rowspan: int = 1, colspan: int = 1) -> str:
    spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    return f"<td{spans}>{'&nbsp;' if text is None else text}</td>"


def value(data: dict[str, Any], *path: str) -> object:
    for part in path:
        data = data[part]
    return data


def proactive_table(data: dict[str, Any], fmt: layout.Format) -> list[str]:
    out = ["<table>"]
    for block in fmt.blocks:
        rows = [fmt.node(("proactive", row_id)) for row_id in block.rows]
        assert all(isinstance(row, Row) for row in rows)
        columns = rows[0].cells
        wide = 3 if len(columns) == 1 else 1
        out.append("<tr>" + td(block.caption, colspan=4) + "</tr>")
        header = "".join(td(c.label, colspan=wide) for c in columns)
        out.append("<tr>" + td(layout.CONTENT_HEADER) + header + "</tr>")
        for row in rows:
            cells = "".join(
                td(value(data, "proactive", row.id, c.id), colspan=wide) for c in columns
            )
            out.append("<tr>" + td(row.label) + cells + "</tr>")
    return [*out, "</table>"]


def applications_table(data: dict[str, Any], fmt: layout.Format) -> list[str]:
    columns = layout.APPLICANT_COLUMNS
    out = [
        "<table><tbody>",
        "<tr>" + td(layout.COLUMN_NOTE, 3, 3) + td(layout.APPLICANTS_HEADER, colspan=7) + "</tr>",
        "<tr>"
        + td(columns[0].label, rowspan=2)
        + td(layout.LEGAL_PERSONS_HEADER, colspan=5)
        + td(columns[6].label, rowspan=2)
        + "</tr>",
        "<tr>" + "".join(td(c.label) for c in columns[1:6]) + "</tr>",
    ]

    def values(*path: str) -> str:
        return "".join(td(value(data, "applications", *path, c.id)) for c in columns)

    results = fmt.node(("applications", "results"))
    spanned = sum(1 for _ in fmt.rows(results))
    for child in fmt.applications.children:
        if isinstance(child, Row):
            out.append("<tr>" + td(child.label, colspan=3) + values(child.id) + "</tr>")
            continue
        lead = td(child.label, rowspan=spanned)
        for sub in child.children:
            if isinstance(sub, Row):
                out.append(f"<tr>{lead}{td(sub.label, colspan=2)}{values('results', sub.id)}</tr>")
                lead = ""
                continue
            group = td(sub.label, rowspan=len(sub.children))
            for leaf in sub.children:
                cells = values("results", sub.id, leaf.id)
                out.append(f"<tr>{lead}{group}{td(leaf.label)}{cells}</tr>")
                lead = group = ""
    return [*out, "</tbody></table>"]


def appeals_table(data: dict[str, Any], fmt: layout.Format) -> list[str]:
    columns = layout.APPEAL_COLUMNS
    blocks = fmt.appeals.children
    review = td(layout.REVIEW_HEADER, colspan=5) + td(layout.LITIGATION_HEADER, colspan=10)
    second = "".join(td(c.label, rowspan=2) for c in columns)
    second += td(blocks[1].label, colspan=5) + td(blocks[2].label, colspan=5)
    numbers = "".join(td(value(data, "appeals", b.id, c.id)) for b in blocks for c in columns)
    return [
        "<table>",
        f"<tr>{review}</tr>",
        f"<tr>{second}</tr>",
        "<tr>" + "".join(td(c.label) for c in columns) * 2 + "</tr>",
        f"<tr>{numbers}</tr>",
        "</table>",
    ]


def official_html(data: dict[str, Any]) -> str:
    """A web page with the report in the official layout, wrapped in site chrome."""
    fmt = layout.get_format(data["format"])
    label = {part.id: part.label for part in layout.PARTS}
    text = data["text"]
    out = [
        "<!DOCTYPE html><html><head><title>年报</title><style>td{}</style></head><body>",
        "<nav><a href='/'>首页</a> &gt; <a>政务公开</a></nav>",
        f"<h1>{data['title'] or ''}</h1>",
        f"<p>{label['overview']}</p><p>{text['overview']}</p>",
        f"<p><strong>{label['proactive']}</strong></p>",
        *proactive_table(data, fmt),
        f"<h3>{label['applications']}</h3>",
        *applications_table(data, fmt),
        f"<p>{label['appeals']}</p>",
        *appeals_table(data, fmt),
        f"<p>{label['problems']}</p><p>{text['problems']}</p>",
        f"<p>{label['other_matters']}</p><p>{text['other_matters']}</p>",
        "<footer>版权所有</footer><script>var s = '一、总体情况';</script></body></html>",
    ]
    return "\n".join(out)


def cells(report_data: dict[str, Any]) -> dict[str, Any]:
    return {s: report_data[s] for s in ("proactive", "applications", "appeals")}


@pytest.mark.parametrize("stem", STEMS)
def test_official_layout_with_spans_reads_back_every_cell(stem):
    expected = read_json(SEEDS / f"{stem}.expected.json")
    report = parse_text(official_html(expected))
    assert cells(to_dict(report)) == cells(expected)
    assert report.format == expected["format"]
    assert report.title == expected["title"]


def test_nbsp_cells_are_blank_and_sources_are_html_lines():
    expected = read_json(SEEDS / "000_3102a8a14c267752.expected.json")
    page = official_html(expected)
    report = parse_text(page)
    assert report.applications.results.denied.state_secret.total is None  # &nbsp;
    source = report.sources["/applications/new/total"]
    line = re.fullmatch(r"table 2 row 4 column 10 \(line (\d+)\)", source)
    assert line, source
    assert "一、本年新收政府信息公开申请数量" in page.split("\n")[int(line.group(1)) - 1]


def test_script_nav_and_footer_are_dropped_but_prose_is_kept():
    expected = read_json(SEEDS / "002_ce68d56cc731e239.expected.json")
    lines = [line.text for line in html_lines(official_html(expected))]
    assert "首页 > 政务公开" not in lines
    assert not any("var s" in line or "版权所有" in line for line in lines)
    report = parse_text(official_html(expected))
    assert report.text.overview.startswith(expected["text"]["overview"][:20])
    assert report.text.other_matters.startswith("(一)依申请公开收费情况")


def test_spans_give_each_cell_its_column_once():
    page = """<table>
    <tr><td rowspan="2">A</td><td colspan="2">B</td></tr>
    <tr><td>1</td><td>2</td></tr>
    <tr><td>C</td><td colspan="2"> 3 </td></tr>
    </table>"""
    assert [line.text for line in html_lines(page)] == ["A\tB", "1\t2", "C\t3"]


def test_a_value_spanning_rows_leaves_a_blank_so_columns_stay_aligned():
    page = """<table>
    <tr><td rowspan="2">（六）其他处理</td><td>1.逾期不补正</td>
        <td rowspan="2">4</td><td>1</td></tr>
    <tr><td>2.逾期未缴费</td><td>2</td></tr>
    </table>"""
    lines = [line.text for line in html_lines(page)]
    assert lines == ["（六）其他处理\t1.逾期不补正\t4\t1", "2.逾期未缴费\t\t2"]


def test_a_layout_table_around_the_report_is_read_as_prose():
    inner = "<table><tr><td>规章</td><td>1</td><td>2</td><td>3</td></tr></table>"
    page = f"<table><tr><td><p>一、总体情况</p><p>正文。</p>{inner}</td></tr></table>"
    assert [line.text for line in html_lines(page)] == ["一、总体情况", "正文。", "规章\t1\t2\t3"]


def test_label_broken_by_br_inside_a_cell_is_one_cell():
    page = "<table><tr><td>本年新<br/>制作数量</td><td>5</td></tr></table>"
    assert [line.text for line in html_lines(page)] == ["本年新 制作数量\t5"]


def test_unclosed_cells_and_stray_end_tags_are_forgiven():
    page = "<table><tr><td>规章<td>1<td>2</span><td>3<tr><td>x</table></div>"
    assert [line.text for line in html_lines(page)] == ["规章\t1\t2\t3", "x"]


def test_html_file_in_gb18030_is_read(tmp_path):
    expected = read_json(SEEDS / "004_3ee1f57b4b1cc898.expected.json")
    path = tmp_path / "report.htm"
    path.write_bytes(official_html(expected).encode("gb18030"))
    assert read(path).applications.new.total == expected["applications"]["new"]["total"]


_TEXTS = st.sampled_from(
    ["", " ", "规章", "<!--\n-->备注", " 1 ", "a\tb", "x\n y", "&nbsp;", "\u3000", "2&amp;3"]
)
_CELL_ATTRIBUTES = st.sampled_from(
    ["", ' rowspan="2"', ' colspan="3"', ' rowspan="x"', ' role="navigation"', ' class="c"']
)
_CELLS = st.tuples(st.sampled_from(["td", "th"]), _CELL_ATTRIBUTES, _TEXTS, st.booleans())
_ROWS = st.lists(
    st.tuples(st.lists(_CELLS, max_size=5), st.sampled_from(["", "\n", " ", "说明"])),
    min_size=1,
    max_size=8,
)


def _table(rows: list[tuple[list[tuple[str, str, str, bool]], str]], mark: str) -> str:
    """A table of these rows; ``mark`` opens every cell (between cells: the row's text)."""
    out = []
    for cells, between in rows:
        tags = [f"<{tag}{attributes}>{mark}{text}" + (f"</{tag}>" if closed else "")
                for tag, attributes, text, closed in cells]  # fmt: skip
        out.append("<tr>" + between.join(tags) + "</tr>")
    return "<table>" + "\n".join(out) + "</table>"


@settings(max_examples=150, deadline=None)
@given(_ROWS, st.sampled_from(["", "<p>前言</p>", "<table><tr><td>内</td></tr></table>"]))
def test_rows_of_text_cells_read_as_any_other_rows(rows, after):
    """Rows whose cells hold text alone are kept compact: they read as rows of element cells.

    An empty ``<b></b>`` at the start of each cell changes no text but keeps the row
    a tree; ``after`` a nested table in a last row makes the table a layout table,
    read as prose: both ways of reading a row give the same lines.
    """
    table = _table(rows, "")
    nested = _table(rows, "<b></b>")
    if after.startswith("<table>"):
        table = table.replace("</table>", f"<tr><td>{after}</td></tr></table>", 1)
        nested = nested.replace("</table>", f"<tr><td>{after}</td></tr></table>", 1)
    else:
        table, nested = table + after, nested + after
    assert html_page(table) == html_page(nested)


def test_a_page_leaves_no_garbage_for_the_cycle_collector():
    """A big table's cells are freed as soon as they are read, not by the cycle collector."""
    rows = "".join(f"<tr><td>附表{i}</td><td><span>{i}</span></td></tr>" for i in range(300))
    page = f"<html><body><p>一、总体情况</p><table>{rows}</table></body></html>"
    html_page(page)
    gc.collect()
    gc.disable()
    try:
        lines = html_page(page).lines
        unreachable = gc.collect()
    finally:
        gc.enable()
    assert len(lines) == 301
    assert unreachable == 0
