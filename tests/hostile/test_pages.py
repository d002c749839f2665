"""Pathological pages (issue 12, finding 7): bounded time, and never a silent loss.

Before issue 12 a 42 MB HTML page with a 200,000-row junk table took 118 s and
1.7 GB, and a 1,000-digit run-together row 19.8 s. Now a page beyond
``max_page_chars`` is refused at once, the rows of a table beyond
``max_table_rows`` are not read (a note says where they start), and a run of
more than ``max_run_digits`` digits is left blank with a note.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

import gkreport
from gkreport import excel
from gkreport._readers.limits import Limits
from gkreport._workbook_map import MAIN_SHEET
from tests.hostile.build import example_report

_JUNK_ROW = "<tr><td>junk {n}</td><td>{n}</td></tr>\n"


def _html() -> str:
    return gkreport.render.render(example_report(), "html")


def _markdown() -> str:
    return gkreport.render.render(example_report(), "md")


def _tables(report: gkreport.Report) -> tuple[object, ...]:
    return (report.proactive, report.applications, report.appeals)


def _with_junk_table(page: str, rows: int) -> str:
    """The page with a junk table of ``rows`` rows right after <body>."""
    junk = "<table>" + "".join(_JUNK_ROW.format(n=n) for n in range(rows)) + "</table>"
    head, body = page.split("<body>", 1) if "<body>" in page else ("", page)
    return f"{head}<body>{junk}{body}"


# --- HTML -------------------------------------------------------------------------------------


def test_a_42_mb_junk_page_is_refused_at_once(tmp_path: Path):
    page = _with_junk_table(_html(), 200_000)
    page += "<!--" + "x" * (42 * 10**6 - len(page)) + "-->"
    path = tmp_path / "junk.html"
    path.write_text(page, "utf-8")
    started = time.process_time()
    with pytest.raises(gkreport.ReadError, match=r"junk\.html: refused: \d+ bytes in the page"):
        gkreport.load(path)  # refused unread: too many bytes for max_page_chars characters
    with pytest.raises(gkreport.ReadError, match=r"<text>: refused: \d+ characters in the page"):
        gkreport.parse_text(page)
    assert time.process_time() - started < 10


def test_a_file_of_four_byte_characters_is_held_to_the_character_limit(tmp_path: Path):
    path = tmp_path / "wide.md"
    path.write_text(_markdown() + "\n" + "𠀀" * (2**20), "utf-8")  # 4 MiB of U+20000
    refused = Limits(max_page_chars=2**20)
    with pytest.raises(gkreport.ReadError, match=r"\(at least \d+ characters\), over"):
        gkreport.load(path, limits=refused)
    report = gkreport.load(path, limits=Limits(max_page_chars=2 * 2**20))
    assert _tables(report) == _tables(example_report())


def test_a_junk_table_within_the_page_limit_is_cut_with_a_note_in_bounded_time():
    page = _with_junk_table(_html(), 95_000)
    assert len(page) < Limits().max_page_chars
    started = time.process_time()
    report = gkreport.parse_text(page)
    assert time.process_time() - started < 10
    assert _tables(report) == _tables(example_report())
    cut = [note for note in report.notes if "max_table_rows" in (note.message or "")]
    assert [note.message for note in cut] == [
        "rows of this table from here on were not read (the limit max_table_rows=5000)"
    ]
    assert cut[0].source == f"line {1 + page[: page.index('junk 5000<')].count(chr(10))}"


def test_a_table_just_within_the_row_limit_has_no_note():
    report = gkreport.parse_text(_with_junk_table(_html(), 40), limits=Limits(max_table_rows=40))
    assert not any("max_table_rows" in (note.message or "") for note in report.notes)


def test_a_large_but_legitimate_page_reads_once_its_limit_is_raised(tmp_path: Path):
    page = _html().replace("</body>", "<!--" + "注" * (4 * 2**20) + "--></body>")
    path = tmp_path / "large.html"
    path.write_text(page, "utf-8")
    with pytest.raises(gkreport.ReadError, match="max_page_chars=4194304"):
        gkreport.load(path)
    report = gkreport.load(path, limits=Limits(max_page_chars=8 * 2**20))
    assert _tables(report) == _tables(example_report())


def test_a_page_of_many_elements_is_refused_before_its_tree_grows():
    page = _html().replace("</body>", "<br>" * 200_000 + "</body>")
    with pytest.raises(gkreport.ReadError, match=r"more than 100000 HTML elements"):
        gkreport.parse_text(page, source="many.html")


# --- plain text and Markdown --------------------------------------------------------------------


def test_a_page_of_blank_lines_is_refused_before_it_is_split():
    page = _markdown() + "\n" * 1_000_000
    started = time.process_time()
    with pytest.raises(gkreport.ReadError, match=r"refused: \d+ lines, over the limit max_lines"):
        gkreport.parse_text(page, source="blank.md")
    assert time.process_time() - started < 2
    report = gkreport.parse_text(page, limits=Limits(max_lines=2_000_000))
    assert _tables(report) == _tables(example_report())


# --- run-together digits ------------------------------------------------------------------------


def _run_together(page: str, label_part: str, digits: str) -> str:
    """The Markdown page with the row whose label holds ``label_part`` printed as ``digits``."""
    lines = page.splitlines()
    index = next(i for i, line in enumerate(lines) if label_part in line)
    label = lines[index].split("|")[1].strip()
    lines[index] = f"{label} {digits[: len(digits) // 2]} {digits[len(digits) // 2 :]}"
    return "\n".join(lines)


def _digit_notes(report: gkreport.Report) -> list[str]:
    return [note.message or "" for note in report.notes if "run-together" in (note.message or "")]


def test_a_1000_digit_run_together_row_is_left_blank_quickly():
    digits = "".join(random.Random(7).choices("0123456789", k=1000))
    page = _run_together(_markdown(), "本年新收", digits)
    started = time.process_time()
    report = gkreport.parse_text(page)
    assert time.process_time() - started < 5
    expected = "unsolved run-together digits, cells left blank: 1000 digits, over the limit"
    assert _digit_notes(report) == [f"{expected} max_run_digits=100"]
    assert report.applications.new.total is None


def test_every_row_at_the_digit_limit_stays_within_a_bound():
    """Every row of 三 and 四 a run of 100 digits: each search stops at its step budget."""
    lines = _markdown().splitlines()
    start = next(i for i, line in enumerate(lines) if "本年新收" in line)
    rng = random.Random(11)
    rows = 0
    for index in range(start, len(lines)):
        cells = [cell.strip() for cell in lines[index].split("|")[1:-1]]
        labels = [cell for cell in cells if cell and not cell.isdigit()]
        if len(cells) >= 7 and labels and "---" not in lines[index]:
            digits = "".join(rng.choices("123456789", k=100))
            lines[index] = f"{' '.join(labels)} {digits[:50]} {digits[50:]}"
            rows += 1
    assert rows >= 20
    started = time.process_time()
    report = gkreport.parse_text("\n".join(lines))
    assert time.process_time() - started < 10
    assert len(_digit_notes(report)) >= rows


def test_a_long_run_is_searched_once_its_limit_is_raised():
    values = [10**24 + 7, 3 * 10**24 + 1, 0, 0, 0, 2 * 10**24 + 5]
    digits = "".join(str(value) for value in [*values, sum(values)])
    assert len(digits) == 103
    page = _run_together(_markdown(), "本年新收", digits)
    expected = "unsolved run-together digits, cells left blank: 103 digits, over the limit"
    assert _digit_notes(gkreport.parse_text(page)) == [f"{expected} max_run_digits=100"]
    report = gkreport.parse_text(page, limits=Limits(max_run_digits=200))
    assert report.applications.new.total == sum(values)


# --- Word tables and worksheets -------------------------------------------------------------------


def test_the_rows_of_a_word_table_past_the_limit_are_noted(tmp_path: Path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in _markdown().splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=30, cols=2)
    for number, row in enumerate(table.rows):
        row.cells[0].text, row.cells[1].text = "备注", str(number)
    path = tmp_path / "rows.docx"
    document.save(path)
    report = gkreport.load(path, limits=Limits(max_table_rows=10))
    cut = [note for note in report.notes if "max_table_rows" in (note.message or "")]
    assert [(note.source, note.message) for note in cut] == [
        (
            "table 1 row 11",
            "rows after row 10 of this table were not read (the limit max_table_rows=10)",
        )
    ]


def test_a_worksheet_going_on_past_the_row_limit_is_noted(tmp_path: Path):
    path = tmp_path / "long.xlsx"
    excel.write(example_report(), path)
    workbook = load_workbook(path)
    sheet = workbook[MAIN_SHEET]  # the first sheet, 填报说明, is the template's own: not read
    sheet.cell(row=201, column=1, value="第201行的说明")
    workbook.save(path)
    report = gkreport.load(path, limits=Limits(max_table_rows=200))
    cut = [note for note in report.notes if "max_table_rows" in (note.message or "")]
    assert [(note.source, note.message) for note in cut] == [
        (f"{sheet.title}!A201", "rows after row 200 were not read (the limit max_table_rows=200)")
    ]
    assert not any("第201行" in note.raw for note in report.notes)
    assert _tables(gkreport.load(path)) == _tables(report)
