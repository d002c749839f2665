"""gkreport._readers.text.parse: published reports into the model.

The seed reports are compared cell by cell with the expected JSON a colleague
wrote by hand (tests/fixtures/seeds/README.md); the PDF-extracted corpus texts
with their hand-checked values. The other tests build reports in each printed
layout from values drawn by hypothesis and read them back.
"""

from __future__ import annotations

import contextlib
import random
import sys
import types
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import gkreport
from gkreport._convert import to_dict
from gkreport._errors import ReadError
from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._json import read_json
from gkreport._model import Note
from gkreport._readers.rendered import read_rendered
from gkreport._readers.text import Line, parse_lines, parse_text, read
from gkreport._readers.text.plausible import implausible
from gkreport._readers.text.tables import RUN_TOGETHER
from gkreport._render import render as render_page
from tests import converter
from tests.reference import CORPUS, GUANDU, SEEDS, expected, expected_values
from tests.reference import cell_values as cells

STEMS = sorted(path.name.removesuffix(".expected.json") for path in SEEDS.glob("*.expected.json"))
METADATA = ("format", "agency", "year", "kind", "title", "published_on", "url")


def seed_text(stem: str) -> str:
    return (SEEDS / f"{stem}.txt").read_text("utf-8")


# --- the five seed reports ------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_seed_tables_match_the_hand_written_json(stem):
    expected = read_json(SEEDS / f"{stem}.expected.json")
    got = to_dict(read(SEEDS / f"{stem}.txt"))
    assert cells(got) == cells(expected)


@pytest.mark.parametrize("stem", STEMS)
def test_seed_metadata_matches(stem):
    expected = read_json(SEEDS / f"{stem}.expected.json")
    got = to_dict(read(SEEDS / f"{stem}.txt"))
    assert {k: got[k] for k in METADATA} == {k: expected[k] for k in METADATA}


@pytest.mark.parametrize("stem", STEMS)
def test_seed_text_parts_present_and_start_like_the_expected(stem):
    expected = read_json(SEEDS / f"{stem}.expected.json")["text"]
    got = read(SEEDS / f"{stem}.txt").text
    for part, text in expected.items():
        value = getattr(got, part)
        assert (value is None) == (text is None), part
        if text:
            assert value.startswith(text[:20]), part


@pytest.mark.parametrize("stem", STEMS)
def test_seed_expected_notes_are_found_where_the_readme_says(stem):
    expected = read_json(SEEDS / f"{stem}.expected.json")["notes"]
    got = {(note.path, note.source) for note in read(SEEDS / f"{stem}.txt").notes}
    assert {(note["path"], note["source"]) for note in expected} <= got


@pytest.mark.parametrize("stem", STEMS)
def test_seed_every_value_remembers_its_line(stem):
    report = read(SEEDS / f"{stem}.txt")
    text = seed_text(stem).split("\n")
    for pointer, value in cells(to_dict(report)).items():
        if value is None:
            continue
        source = report.sources[pointer]
        line = text[int(source.removeprefix("line ")) - 1]
        printed = str(value) if not isinstance(value, Decimal) else format(value, "f")
        assert printed.lstrip("0") in line.replace(",", "") or printed == "0", (pointer, line)
    assert report.sources["/agency"].startswith("line ")


def test_fee_remark_is_a_note_and_the_number_is_kept():
    report = read(SEEDS / "002_ce68d56cc731e239.txt")
    assert report.proactive.fees.amount == Decimal("834.6435")
    note = next(n for n in report.notes if n.path == "/proactive/fees/amount")
    assert note.raw.startswith("834.6435 (不含区发展改革局")
    assert note.source == "line 24"


def test_blank_cell_stays_null_without_a_note():
    report = read(SEEDS / "000_3102a8a14c267752.txt")
    assert report.applications.results.denied.state_secret.total is None
    assert report.applications.results.denied.state_secret.other_org == 0
    assert not [n for n in report.notes if "state_secret" in n.path]


def test_appendix_table_after_part_six_is_one_note_and_never_data():
    report = read(SEEDS / "003_e60c3c3fc476d400.txt")
    appendix = [n for n in report.notes if n.source == "line 627"]
    assert len(appendix) == 1
    assert appendix[0].path == ""
    assert appendix[0].raw == "2020年度政府信息公开情况统计表"
    assert report.text.other_matters.count("\n") == 0  # line 619 only
    assert report.text.problems.startswith("(一)存在问题")


def test_web_chrome_is_a_note_not_text():
    report = read(SEEDS / "001_00e84ad5fcaa91e0.txt")
    assert "扫一扫" not in report.text.other_matters
    assert any(
        n.raw == "扫一扫在手机上查看当前页面" and n.source == "line 337" for n in report.notes
    )


def test_traditional_text_is_kept_as_published():
    report = read(SEEDS / "000_3102a8a14c267752.txt")
    assert report.text.overview.startswith("2024年,黔南州各級(jí)")
    assert report.agency == "黔南州"


def test_load_dispatches_text_files():
    assert gkreport.load(SEEDS / "002_ce68d56cc731e239.txt").agency == "昆明市官渡区人民政府"


def test_markdown_file_with_headings_and_a_pipe_table(tmp_path):
    lines = seed_text("002_ce68d56cc731e239").split("\n")
    markdown = []
    for line in lines:
        if " | " in line:
            markdown += [f"| {line.rstrip(' |')} |", "| --- | --- |"]
        elif line[:2] in {"一、", "二、", "三、", "四、", "五、", "六、"}:
            markdown.append(f"## {line}")
        else:
            markdown.append(line)
    path = tmp_path / "report.md"
    path.write_text("\n".join(markdown), "utf-8")
    expected = read_json(SEEDS / "002_ce68d56cc731e239.expected.json")
    report = gkreport.load(path)
    assert cells(to_dict(report)) == cells(expected)
    assert report.text.problems.startswith(expected["text"]["problems"][:20])


# --- the PDF-extracted corpus ----------------------------------------------------

CORPUS_TEXTS = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_TEXTS, reason="../shared/corpus is not present")
@pytest.mark.parametrize("path", CORPUS_TEXTS, ids=lambda p: p.stem)
def test_corpus_pdf_text_matches_the_hand_checked_values(path):
    report = read(path)
    got = cells(to_dict(report))
    for pointer, value in expected_values(path.stem).items():
        assert got[pointer] == value, pointer
    assert report.format == expected(path.stem)["format"]
    assert report.year == expected(path.stem)["report_year"]
    assert all(getattr(report.text, part.id) is not None for part in layout.PARTS)


@pytest.mark.skipif(not CORPUS_TEXTS, reason="../shared/corpus is not present")
def test_other_processing_printed_as_one_row_is_a_note_with_its_numbers():
    report = read(CORPUS / "002-hongze-district-gov-2023.txt")
    assert report.applications.results.other.other.total is None
    note = next(n for n in report.notes if n.path == "/applications/results/other")
    assert note.message == f"{layout.OTHER_PROCESSING_LABEL} printed as one row"
    assert note.raw == "\t".join(["0"] * 7)
    assert note.source == "line 109"


# --- contracts: lines, errors, missing tables, mixed formats ----------------------


def test_parse_lines_keeps_the_sources_it_is_given():
    lines = [
        Line(text.replace(" | ", "\t").rstrip(" |"), f"p.{1 + n // 20}")
        for n, text in enumerate(seed_text("002_ce68d56cc731e239").split("\n"))
    ]
    report = parse_lines(lines, origin="report.pdf")
    assert report.applications.new.total == 357
    assert report.sources["/applications/new/total"] == "p.2"


def test_a_page_that_is_not_a_report_is_a_read_error_naming_the_file(tmp_path):
    page = tmp_path / "news.html"
    page.write_text("<html><body><h1>新闻</h1><p>今天天气很好。</p></body></html>", "utf-8")
    with pytest.raises(ReadError, match=r"news\.html.*not an annual report"):
        read(page)


def test_an_unreadable_file_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match=r"missing\.txt"):
        read(tmp_path / "missing.txt")


def test_a_missing_table_is_null_with_a_note():
    lines = seed_text("002_ce68d56cc731e239").split("\n")
    without_appeals = "\n".join(lines[:55] + lines[59:])  # keep heading 四, drop its table
    report = parse_text(without_appeals)
    appeals = [v for p, v in cells(to_dict(report)).items() if p.startswith("/appeals/")]
    assert set(appeals) == {None}
    assert any(n.path == "/appeals" and n.message.startswith("table missing") for n in report.notes)
    assert report.applications.new.total == 357


def test_mixed_formats_pick_the_majority_and_say_so():
    text = seed_text("002_ce68d56cc731e239").replace(
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
    )
    report = parse_text(text)
    assert report.format == "2021"
    mixed = [n for n in report.notes if n.message.startswith("mixed formats")]
    assert len(mixed) == 1
    assert mixed[0].path == ""
    assert report.proactive.normative.made == 2


def test_marks_are_null_with_a_note():
    text = seed_text("002_ce68d56cc731e239").replace("行政强制 | 55 | ||", "行政强制 | — | ||")
    report = parse_text(text)
    assert report.proactive.coercion.decisions is None
    assert (
        Note(
            path="/proactive/coercion/decisions",
            raw="—",
            source="line 21",
            message="mark instead of a number",
        )
        in report.notes
    )


def _huaian_with(old: str, new: str) -> str:
    text = (CORPUS / "001-huaian-gov-2024.txt").read_text("utf-8")
    assert old in text
    return text.replace(old, new)


@pytest.mark.skipif(not CORPUS_TEXTS, reason="../shared/corpus is not present")
def test_run_together_cells_without_recovery_stay_null_with_a_note(monkeypatch):
    monkeypatch.setitem(sys.modules, "gkreport._readers.text.recover", None)  # as if not installed
    text = _huaian_with("数量 3001 53 0 0 61 4 3119", "数量3001 530 0 61 43119")
    report = parse_text(text)
    assert attrs.asdict(report.applications.new) == dict.fromkeys(
        (c.id for c in layout.APPLICANT_COLUMNS), None
    )
    note = next(n for n in report.notes if n.path == "/applications/new")
    assert (note.raw, note.message, note.source) == ("3001 530 0 61 43119", RUN_TOGETHER, "line 92")
    assert report.applications.carried_over.total == 34


@pytest.mark.skipif(not CORPUS_TEXTS, reason="../shared/corpus is not present")
def test_run_together_cells_without_recovery_are_an_unread_row(monkeypatch):
    monkeypatch.setitem(sys.modules, "gkreport._readers.text.recover", None)  # as if not installed
    report = parse_text(_huaian_with("数量 3001 53 0 0 61 4 3119", "数量3001 530 0 61 43119"))
    (note,) = [n for n in report.notes if n.kind == "unread"]
    assert (note.path, note.raw) == ("/applications/new", "3001 530 0 61 43119")


@pytest.mark.skipif(not CORPUS_TEXTS, reason="../shared/corpus is not present")
def test_run_together_cells_go_to_the_recovery_hook_and_its_values_apply(monkeypatch):
    calls = []

    def recover_rows(format_id, section, known, raw):
        calls.append((format_id, section, dict(known), dict(raw)))
        note = Note(path="/applications/new", raw=raw["/applications/new"], message="recovered")
        return types.SimpleNamespace(values={"/applications/new/total": 3119}, notes=[note])

    module = types.ModuleType("gkreport._readers.text.recover")
    module.recover_rows = recover_rows
    monkeypatch.setitem(sys.modules, "gkreport._readers.text.recover", module)
    report = parse_text(_huaian_with("数量 3001 53 0 0 61 4 3119", "数量3001 530 0 61 43119"))
    ((format_id, section, known, raw),) = calls
    assert (format_id, section) == ("2021", "applications")
    assert raw == {"/applications/new": "3001 530 0 61 43119"}
    assert known["/applications/carried_over/total"] == 34
    assert "/applications/new/total" not in known
    assert report.applications.new.total == 3119
    assert report.sources["/applications/new/total"] == "line 92"
    assert any(n.message == "recovered" and n.source == "line 92" for n in report.notes)


@pytest.mark.skipif(not CORPUS_TEXTS, reason="../shared/corpus is not present")
def test_pdf_header_of_table_four_interleaved_and_numbers_on_one_line():
    text = _huaian_with("结 果\n维持\n结 果\n纠正\n", "结 结 其 尚\n果 果 他 未\n")
    report = parse_text(text)
    assert report.appeals.litigation_after_review.total == 20
    assert report.appeals.review.upheld == 72


# --- every printed layout reads back the values it was made from --------------------


def _value(kind: Kind) -> st.SearchStrategy[Any]:
    if kind is Kind.MONEY:
        return st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False).map(abs)
    if kind is Kind.SIGNED:
        return st.integers(-(10**6), 10**6)
    if kind is Kind.TEXT:
        return st.integers(0, 10**6).map(lambda n: f"{n}元")
    return st.integers(0, 10**9)


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A format and a value (or None) for every cell of its tables."""
    format_id = draw(st.sampled_from(sorted(layout.FORMATS)))
    values = {
        leaf.pointer: draw(st.none() | _value(leaf.cell.kind))
        for leaf in layout.get_format(format_id).leaves()
    }
    return format_id, values


def _print(value: Any, style: str, *, first: bool) -> str:
    if value is None:
        # A blank first cell cannot be told from a row separator in the pipe
        # layouts; a mark reads as None too (with a note).
        return "—" if first and style != "tabs" else ""
    if isinstance(value, int) and style == "pipes" and value >= 1000:
        return f"{value:,}"  # thousands separators
    if isinstance(value, int) and value > 0 and style == "cells" and value % 2:
        return f"+{value}"  # an explicit sign, as 2019 本年增/减 prints it
    return str(value)


def render(format_id: str, values: dict[str, Any], style: str) -> str:
    """The report in one printed layout: "cells" one per line, "pipes", "markdown", "tabs"."""
    fmt = layout.get_format(format_id)
    out = ["某某局2024年政府信息公开工作年度报告", layout.PARTS[0].label, "本机关认真落实条例。"]
    for number, section in enumerate(fmt.sections, start=1):
        out.append(layout.PARTS[number].label)
        if section.id == "appeals":
            out += [layout.REVIEW_HEADER, layout.LITIGATION_HEADER]
            out += [c.label for c in layout.APPEAL_COLUMNS] * 3
            row_values = [v for p, v in values.items() if p.startswith("/appeals/")]
            out += _row([], row_values, style)
            continue
        for path, row, labels in fmt.rows(section):
            pointer = "/" + "/".join(path)
            row_values = [values[f"{pointer}/{cell.id}"] for cell in row.cells]
            out += _row(list(labels[1:]), row_values, style)
    out += [layout.PARTS[4].label, "无。", layout.PARTS[5].label, "未收取信息处理费。"]
    return "\n".join(out)


def _row(labels: list[str], values: list[Any], style: str) -> list[str]:
    printed = [_print(v, style, first=i == 0) for i, v in enumerate(values)]
    if style == "cells":
        return [f"{label} |" for label in labels] + [f"{p} |" if p else "||" for p in printed]
    if style == "pipes":
        return [" | ".join([*labels, *printed]) + " |"]
    if style == "markdown":
        return ["| " + " | ".join([*labels, *printed]) + " |", "|---|---|---|"]
    return ["\t".join([*labels, *printed])]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from(["cells", "pipes", "tabs", "markdown"]))
def test_every_layout_reads_back_its_values(table, style):
    format_id, values = table
    # A count the reader must set aside (the year 2024, a lone huge count) is
    # test_text_plausible's; every other table reads back as printed.
    assume(not implausible(values, format_id, 2024))
    report = parse_text(render(format_id, values, style))
    assert report.format == format_id
    assert cells(to_dict(report)) == values
    assert report.agency == "某某局"
    assert report.kind == "department"


# --- robustness: nothing but ReadError ------------------------------------------------


def _parse_or_read_error(text: str) -> None:
    with contextlib.suppress(ReadError):
        parse_text(text)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_random_text_raises_nothing_but_read_error(text):
    _parse_or_read_error(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(STEMS), st.integers(0, 10**6), st.integers(0, 2**32))
def test_truncated_and_shuffled_seeds_raise_nothing_but_read_error(stem, cut, seed):
    text = seed_text(stem)
    _parse_or_read_error(text[: cut % (len(text) + 1)])
    lines = text.split("\n")
    random.Random(seed).shuffle(lines)
    _parse_or_read_error("\n".join(lines))


_TAGS = st.sampled_from(
    ["p", "div", "table", "tr", "td", "th", "tbody", "span", "br", "script", "nav"]
)
_ATTRS = st.sampled_from(
    ["", ' rowspan="3"', ' colspan="7"', ' colspan="0"', ' rowspan="x"', ' colspan="99999"']
)
_WORDS = st.sampled_from(
    [
        "一、总体情况",
        "三、收到和处理政府信息公开申请情况",
        "0",
        "12",
        "自然人",
        "（七）总计",
        "&nbsp;",
        "-",
        "规章",
    ]
)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(0, 60))):
        choice = draw(st.integers(0, 2))
        tag = draw(_TAGS)
        if choice == 0:
            pieces.append(f"<{tag}{draw(_ATTRS)}>")
        elif choice == 1:
            pieces.append(f"</{tag}>")
        else:
            pieces.append(draw(_WORDS | st.text(max_size=10)))
    return "<html><body>" + "".join(pieces)


@settings(max_examples=150, deadline=None)
@given(html_pages())
def test_random_html_raises_nothing_but_read_error(page):
    _parse_or_read_error(page)


@pytest.mark.parametrize("surrogate", [chr(0xD800), chr(0xDFFF)])
def test_a_lone_surrogate_is_refused_naming_its_line(surrogate):
    """A str can hold one; no file can, and OpenCC would fail on it (issue 12)."""
    with pytest.raises(gkreport.ReadError, match="lone surrogate") as caught:
        gkreport.parse_text(
            f"一、总体情况\n正文{surrogate}\n二、主动公开政府信息情况", source="page"
        )
    assert caught.value.where == "line 2"
    assert caught.value.path == "page"


def test_a_procurement_row_joined_by_nothing_is_unread_not_text():
    """Seed 003 on one line with its cells joined by nothing: 项目数 and 金额 ran together."""
    page = next(SEEDS.glob("003_*.txt")).read_text(encoding="utf-8")
    report = gkreport.parse_text("".join(page.splitlines()))
    assert report.proactive.procurement.projects is None
    assert report.proactive.procurement.amount is None
    (note,) = [n for n in report.notes if n.path == "/proactive/procurement"]
    assert note.kind == "unread"
    assert note.raw == "14682290.54万元"
    assert not [n for n in report.notes if n.path == "/proactive" and "政府集中采购" in n.raw]


#: Notes as a first reading keeps them, the awkward ones included (as test_rendered.py).
NOTES = (
    Note(path="/applications/results/other", raw="0\t0\t0\t0\t0\t0\t1", source="line 109"),
    Note(path="/applications/new", raw="3459 00 12 35", source="line 29", kind="unread"),
    Note(path="/proactive/fees/amount", raw="-3", message="not an amount", kind="implausible"),
    Note(path="", raw="前言：依据国办公开办函〔2019〕60号 | 来源：假的\n第二行", source="line 2"),
    Note(path="", raw="", source="  边上有空格 ", message="说明：含|竖线\n和换行"),
)


@pytest.mark.parametrize("findings", [False, True])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "defect", ["trailing empty cell", "labels wrapped around rows", "all of them"]
)
def test_a_rendered_page_a_converter_damaged_keeps_its_notes_out_of_part_six(
    defect, lang, findings
):
    # The renderer's own reader gives up on the damaged page; the general reader reads
    # the notes list back as the notes it lists, and part 六 as it was.
    report = attrs.evolve(gkreport.load(GUANDU), notes=NOTES)
    shown = gkreport.validate(report).findings if findings else None
    page = converter.DEFECTS[defect](render_page(report, "md", shown, lang=lang))
    assert read_rendered(page, "<page>") is None
    back = parse_text(page)
    assert back.text.other_matters == report.text.other_matters
    assert [note for note in back.notes if note in NOTES] == list(NOTES)
    assert back.sources["/notes"].startswith("line ")  # where the first of them is printed
