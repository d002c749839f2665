"""gkreport._readers.text.pipes: pipe tables as PDF→Markdown converters print them.

Unit tests of the line-level repair, then the whole reader on converter-style
Markdown: every seed, example and corpus report rendered to Markdown, damaged
the way converters damage it (`tests/converter.py`), and read back. Every cell
must equal the undamaged reading's, with the same findings; where cells were
lost, a cell may come back blank with a note, never different.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gkreport
from gkreport._forms import layout
from gkreport._model import Report
from gkreport._readers.text import parse_text, read
from gkreport._readers.text.cells import Token, TokenKind
from gkreport._readers.text.lines import Line
from gkreport._readers.text.pipes import header_cells, is_placeholder, read_pipe_tables
from gkreport._readers.text.tables import LOST_CELLS
from gkreport._render import render
from gkreport._render._page import MD_MARKER
from tests import converter
from tests.reference import report_cells

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = Path(__file__).parent / "fixtures"
FORMAT_2021 = max(layout.FORMATS)


def lines(*texts: str) -> list[Line]:
    return [Line(text, f"line {n}") for n, text in enumerate(texts, start=1)]


# --- the line-level repair ------------------------------------------------------------


@pytest.mark.parametrize("text", ["数据1", "数据12", "列3", "Column1", "column 2", "Unnamed: 0"])
def test_made_up_header_names_are_placeholders(text):
    assert is_placeholder(text)


@pytest.mark.parametrize(
    "text", ["", "1", "0", "规章", "本年制发件数", "数据", "第二十条第（一）项"]
)
def test_real_headers_numbers_and_labels_are_not(text):
    assert not is_placeholder(text)


def test_a_placeholder_header_row_is_emptied_and_lines_keep_their_count_and_sources():
    page = lines("二、主动公开", "| 数据1 | 数据2 |", "| --- | --- |", "| 规章 | 5 |")
    repaired = read_pipe_tables(page)
    texts = [line.text for line in repaired.lines]
    assert texts == ["二、主动公开", "", "| --- | --- |", "| 规章 | 5 |"]
    assert [line.source for line in repaired.lines] == [line.source for line in page]
    assert repaired.ragged == frozenset()


def test_a_first_data_row_made_the_header_is_kept():
    page = lines("| 规章 | 5 | 0 | 10 |", "|:--|--:|--:|--:|", "| 行政规范性文件 | 1 | 2 | 3 |")
    assert read_pipe_tables(page).lines == page


def test_a_header_of_bare_numbers_is_kept():
    """pandas numbers its columns, but a converter's first data row may be numbers too."""
    page = lines("|  | 0 | 1 |", "|---|---|---|", "| 行政许可 | 4 | 5 |")
    assert read_pipe_tables(page).lines == page


def test_a_row_shorter_than_its_table_is_ragged():
    page = lines(
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "|---|---|---|---|",
        "| 规章 | 5 | 0 | 10 |",
        "| 行政规范性文件 | 5 | 10 |",
        "| 行政规范性文件 | 5 |  |  |",
    )
    assert read_pipe_tables(page).ragged == {3}


def test_an_extra_empty_cell_on_one_row_leaves_the_others_whole():
    page = lines(
        "|  | 自然人 | 总计 |",
        "|---|---|---|",
        "| 一、本年新收政府信息公开申请数量 | 1 | 1 |  |",
        "| 二、上年结转政府信息公开申请数量 | 0 | 0 |",
    )
    assert read_pipe_tables(page).ragged == frozenset()


def test_each_table_has_its_own_width():
    page = lines("| a | 1 | 2 | 3 |", "| b | 4 | 5 | 6 |", "", "| c | 7 |", "| d | 8 |")
    assert read_pipe_tables(page).ragged == frozenset()


def token(text: str, line: int) -> Token:
    return Token(TokenKind.TEXT, text, f"line {line}", line)


def test_lines_of_column_headers_are_dropped_but_never_the_line_of_the_values():
    headers = header_cells(FORMAT_2021)
    pile = [
        token("规章", 1),
        token("信息内容", 2),
        token("本年制发件数", 2),
        token("数据3", 2),
        token("本年制发件数", 3),
    ]
    assert [t.text for t in headers.without(pile, value_line=3)] == ["规章", "本年制发件数"]


def test_a_header_cell_alone_on_its_line_that_names_a_row_is_kept():
    """ "行政复议" heads a column group of 四, and it is the floating label of its row too."""
    headers = header_cells(FORMAT_2021)
    pile = [token(layout.REVIEW_HEADER, 1), token("结果维持", 2), token("总计", 2)]
    assert [t.text for t in headers.without(pile, value_line=3)] == [layout.REVIEW_HEADER]
    assert headers.is_header(token("法人或其他组织：商业企业", 1))


# --- converter-style Markdown of every report ----------------------------------------------


def _originals() -> list[tuple[str, Path]]:
    found = [(f"example {p.stem}", p) for p in sorted((ROOT / "examples").glob("*.json"))]
    found += [(f"seed {p.stem}", p) for p in sorted((FIXTURES / "seeds").glob("*.txt"))]
    return found


def _corpus() -> list[tuple[str, Path]]:
    return [(f"corpus {p.stem}", p) for p in sorted(CORPUS.glob("0*.txt"))]


_REPORTS = dict(_originals())


def codes(report: Report) -> list[str]:
    return sorted(finding.code for finding in gkreport.validate(report).findings)


def converted(path: Path) -> str:
    """The rendered Markdown as a converter would give it: no gkreport generator mark.

    With the mark, an undamaged page is read as gkreport's own (exactly, its notes as
    notes); a converter's output never carries it, and these tests are about the
    general reader, undamaged and damaged alike.
    """
    return render(gkreport.load(path), "md").replace(MD_MARKER + "\n", "", 1)


def check_reads_alike(path: Path, damage: Callable[[str], str]) -> None:
    """The damaged Markdown reads to the cells and findings of the undamaged Markdown."""
    page = converted(path)
    undamaged = parse_text(page)
    damaged = parse_text(damage(page))
    assert report_cells(damaged) == report_cells(undamaged)
    assert codes(damaged) == codes(undamaged)


@pytest.mark.parametrize("defect", sorted(converter.DEFECTS))
@pytest.mark.parametrize("name", sorted(_REPORTS))
def test_every_converter_defect_reads_to_the_same_cells(name, defect):
    check_reads_alike(_REPORTS[name], converter.DEFECTS[defect])


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")
@pytest.mark.parametrize("defect", sorted(converter.DEFECTS))
def test_every_converter_defect_reads_the_corpus_reports_alike(defect):
    for _, path in _corpus():
        check_reads_alike(path, converter.DEFECTS[defect])


def check_never_wrong(path: Path, damage: Callable[[str], str]) -> list[str]:
    """Cells equal or blank; each row with a blanked cell has a note; returns those rows."""
    page = converted(path)
    undamaged = report_cells(parse_text(page))
    damaged = parse_text(damage(page))
    got = report_cells(damaged)
    blanked = [p for p, value in got.items() if value != undamaged[p]]
    assert all(got[p] is None for p in blanked), {p: (undamaged[p], got[p]) for p in blanked}
    noted = {note.path for note in damaged.notes if (note.message or "").startswith(LOST_CELLS)}
    rows = sorted({p.rsplit("/", 1)[0] for p in blanked})
    assert all(p.rsplit("/", 1)[0] in noted or p in noted for p in blanked)
    return rows


@pytest.mark.parametrize("defect", sorted(converter.LOSSY))
@pytest.mark.parametrize("name", sorted(_REPORTS))
def test_cells_lost_by_a_converter_come_back_blank_with_a_note_never_wrong(name, defect):
    check_never_wrong(_REPORTS[name], converter.LOSSY[defect])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(_REPORTS)),
    width=st.integers(min_value=3, max_value=24),
    as_rows=st.booleans(),
    every=st.integers(min_value=1, max_value=6),
    header=st.sampled_from(["placeholder", "repeat"]),
    style=st.sampled_from(["数据", "列", "Column"]),
    where=st.sampled_from(["trailing", "leading"]),
)
def test_any_mix_of_defects_reads_to_the_same_cells(
    name, width, as_rows, every, header, style, where
):
    def damage(md: str) -> str:
        md = converter.placeholder_headers(md, style)
        md = converter.extra_cell(md, where)
        md = converter.wrapped_labels(md, width, as_rows=as_rows)
        return converter.split_tables(md, every, header=header)

    check_reads_alike(_REPORTS[name], damage)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(_REPORTS)),
    row=st.integers(min_value=1, max_value=25),
    cell=st.integers(min_value=-1, max_value=15),
)
def test_any_lost_cell_is_blank_or_right_never_wrong(name, row, cell):
    check_never_wrong(_REPORTS[name], lambda md: converter.lost_cell(md, row, cell))


# --- hand-written converter output of the corpus PDFs -----------------------------------------

_HANDWRITTEN = {
    "huaian-2024-merged-labels.md": "001-huaian-gov-2024.txt",
    "hongze-2023-split-tables.md": "002-hongze-district-gov-2023.txt",
    "hongze-2024-lost-cells.md": "003-hongze-district-gov-2024.txt",
}


PREAMBLE = "text before the first part heading (一、总体情况), not in any part"


def test_labels_in_merged_columns_and_wrapped_over_three_rows_read_in_place():
    report = read(FIXTURES / "converter" / "huaian-2024-merged-labels.md")
    results = report.applications.results
    assert results.other.no_correction.total == 71
    assert results.other.no_correction.natural_person == 67
    assert results.other.fee_unpaid.total == 6
    assert report.applications.new.total == 3119
    assert report.appeals.review.total == 351
    assert [note.message for note in report.notes] == [PREAMBLE]  # only the text before 一


def test_a_table_split_with_its_labels_floating_between_the_pieces_reads_by_label():
    report = read(FIXTURES / "converter" / "hongze-2023-split-tables.md")
    assert report.proactive.coercion.decisions == 195
    assert report.applications.results.granted.total == 0
    assert report.applications.results.partial.total == 4
    assert report.applications.results.unable.unclear.total == 0
    assert report.appeals.litigation_after_review.upheld == 5


def test_rows_that_lost_cells_are_blank_or_placed_by_the_arithmetic_with_a_note():
    report = read(FIXTURES / "converter" / "hongze-2024-lost-cells.md")
    normative = report.proactive.normative
    assert (normative.made, normative.repealed, normative.in_force) == (None, None, None)
    new = report.applications.new
    assert (new.natural_person, new.other_org, new.total) == (95, 0, None)
    lost = {note.path: note for note in report.notes if note.message.startswith(LOST_CELLS)}
    assert lost["/proactive/normative"].raw == "行政规范性文件\t3\t8"
    assert "cannot be told" in lost["/proactive/normative"].message
    assert "总计 lost" in lost["/applications/new/total"].message


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not on this machine")
@pytest.mark.parametrize("fixture", sorted(_HANDWRITTEN))
def test_handwritten_conversions_read_to_the_corpus_cells_or_blank(fixture):
    original = report_cells(gkreport.load(CORPUS / _HANDWRITTEN[fixture]))
    got = report_cells(read(FIXTURES / "converter" / fixture))
    different = {p: (original[p], got[p]) for p in original if got[p] != original[p]}
    assert all(value is None for _, value in different.values()), different
    expected_blank = 4 if fixture.startswith("hongze-2024") else 0
    assert len(different) == expected_blank
