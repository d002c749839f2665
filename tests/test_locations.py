"""gkreport._validation.locations: every finding's location in its source's own terms.

One seed (000: a blank 属于国家秘密 总计, and here a wrong 本年新收 总计) is read as
plain text, as an official-layout web page, as the HTML and Markdown gkreport
renders, as a Word document, as a workbook and as JSON; a PDF's lines come from the
corpus. In each, the blank cell's finding and the wrong total's finding must name
the place that prints them — checked against the file itself, never against the
workbook template unless the source is a workbook.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from pathlib import Path
from typing import Any

import attrs
import pytest

import gkreport
from gkreport._json import read_json
from gkreport._readers import pdf as pdf_reader
from gkreport._readers.text.parse import Line, parse_lines
from gkreport._validation import locations
from gkreport._workbook_map import template_cell
from tests.reference import CORPUS, needs_corpus

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
SEED = "000_3102a8a14c267752"
BLANK = "/applications/results/denied/state_secret/total"  # blank in the seed itself
TOTAL = "/applications/new/total"  # printed 46; made 47 here, against its row's 46


def wrong_total() -> dict[str, Any]:
    data = copy.deepcopy(read_json(SEEDS / f"{SEED}.expected.json"))
    assert data["applications"]["new"]["total"] == 46
    data["applications"]["new"]["total"] = 47
    return data


def located(report: gkreport.Report | dict[str, Any]) -> dict[str, str | None]:
    """The location of the blank's finding and of the wrong total's (an error)."""
    result = gkreport.validate(report)
    (blank,) = [f for f in result.findings if f.code == "blank" and f.path == BLANK]
    errors = {f.location for f in result.errors if f.path == TOTAL}
    assert len(errors) == 1, errors  # every finding on one cell names one place
    return {BLANK: blank.location, TOTAL: errors.pop()}


# --- the grid position of an HTML cell, computed here on its own ----------------------------


def html_cell(page: str, table: int, row: int, column: int) -> Any:
    """The lxml element covering (row, column) of the page's ``table``-th data table."""
    from lxml import html  # noqa: PLC0415 - python-docx's dependency, in the test extra

    tables = [t for t in html.fromstring(page).iter("table") if not t.findall(".//table")]
    taken: dict[tuple[int, int], Any] = {}
    for r, tr in enumerate(tables[table - 1].iter("tr"), start=1):
        c = 1
        for cell in tr:
            if cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rows, columns = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            for dr in range(rows):
                for dc in range(columns):
                    taken[(r + dr, c + dc)] = cell
            c += columns
    return taken[(row, column)]


HTML_PLACE = re.compile(r"table (\d+) row (\d+) column (\d+) \(line (\d+)\)")


def check_html(page: str, where: str | None, printed: str, label: str) -> None:
    """``where`` names the cell printing ``printed``, in a row labelled ``label``, and its line."""
    assert where is not None
    match = HTML_PLACE.fullmatch(where)
    assert match, where
    table, row, column, line = map(int, match.groups())
    cell = html_cell(page, table, row, column)
    assert cell.text_content().strip().replace("\xa0", "") == printed
    assert label in "".join(cell.getparent().itertext()) or label in page.split("\n")[line - 1]
    assert cell.sourceline == line


# --- each source ----------------------------------------------------------------------------


def test_json_payload_and_json_file_are_located_by_their_json_pointer(tmp_path):
    data = wrong_total()
    assert located(data) == {BLANK: BLANK, TOTAL: TOTAL}
    path = tmp_path / "report.json"
    gkreport.dump(gkreport.from_dict(data), path)
    assert located(gkreport.load(path)) == {BLANK: BLANK, TOTAL: TOTAL}


def test_plain_text_names_the_line_printing_the_cell(tmp_path):
    text = (SEEDS / f"{SEED}.txt").read_text("utf-8").split("\n")
    assert text[59].startswith("46 |")
    text[59] = "47" + text[59][2:]
    path = tmp_path / "report.txt"
    path.write_text("\n".join(text), "utf-8")
    found = located(gkreport.load(path))
    assert found[TOTAL] == "line 60"
    number = int((found[BLANK] or "").removeprefix("line "))
    assert text[number - 1].strip() == "||"  # the separator that printed the blank
    assert "國(guó)家秘密" in "".join(text[number - 9 : number - 7])  # in 属于国家秘密's row


def test_a_web_page_names_table_row_and_column_with_its_line():
    from tests.test_text_html import official_html  # noqa: PLC0415 - the page layout of the form

    page = official_html(wrong_total())
    found = located(gkreport.parse_text(page))
    check_html(page, found[TOTAL], "47", "本年新收政府信息公开申请数量")
    check_html(page, found[BLANK], "", "属于国家秘密")


def test_a_web_page_on_one_line_names_table_row_and_column_only():
    from tests.test_text_html import official_html  # noqa: PLC0415

    page = official_html(wrong_total()).replace("\n", "")
    found = located(gkreport.parse_text(page))
    assert found[TOTAL] is not None
    assert re.fullmatch(r"table 2 row \d+ column \d+", found[TOTAL])  # "line 1" says nothing
    report = gkreport.parse_text(page)
    assert report.sources["/text/overview"].startswith("paragraph ")


def test_the_html_gkreport_renders_names_its_cells(tmp_path):
    path = tmp_path / "report.html"
    gkreport.dump(gkreport.from_dict(wrong_total()), path)
    page = path.read_text("utf-8")
    found = located(gkreport.load(path))
    for pointer in (BLANK, TOTAL):
        match = HTML_PLACE.fullmatch(found[pointer] or "")
        assert match, found[pointer]
        table, row, column, line = map(int, match.groups())
        assert html_cell(page, table, row, column).get("data-pointer") == pointer
        assert f'data-pointer="{pointer}"' in page.split("\n")[line - 1]


def test_the_markdown_gkreport_renders_names_its_lines(tmp_path):
    path = tmp_path / "report.md"
    gkreport.dump(gkreport.from_dict(wrong_total()), path)
    lines = path.read_text("utf-8").split("\n")
    found = located(gkreport.load(path))
    total = lines[int((found[TOTAL] or "").removeprefix("line ")) - 1]
    blank = lines[int((found[BLANK] or "").removeprefix("line ")) - 1]
    assert "本年新收" in total
    assert total.rstrip(" |").endswith("47")
    assert "属于国家秘密" in blank


def test_word_names_table_row_and_column(tmp_path):
    docx = pytest.importorskip("docx")
    from tests.test_text_docx import write_official  # noqa: PLC0415 - the form's Word layout

    path = tmp_path / "report.docx"
    write_official(wrong_total(), path)
    found = located(gkreport.load(path))
    tables = docx.Document(str(path)).tables
    for pointer, printed in ((TOTAL, "47"), (BLANK, "")):
        match = re.fullmatch(r"table (\d+) row (\d+) column (\d+)", found[pointer] or "")
        assert match, found[pointer]
        table, row, column = map(int, match.groups())
        assert tables[table - 1].rows[row - 1].cells[column - 1].text.strip() == printed


def test_a_workbook_names_its_cells(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    report = gkreport.from_dict(wrong_total())
    path = tmp_path / "report.xlsx"
    gkreport.dump(report, path)
    found = located(gkreport.load(path))
    book = openpyxl.load_workbook(path)
    for pointer, printed in ((TOTAL, 47), (BLANK, None)):
        where = found[pointer] or ""
        assert where == template_cell(report.format, pointer)  # written in the template's layout
        sheet, cell = where.rsplit("!", 1)
        assert book[sheet.strip("'")][cell].value == printed


@needs_corpus
def test_pdf_lines_name_the_page_table_row_and_column_printing_the_cell():
    lines = pdf_reader.extract_lines(CORPUS / "001-huaian-gov-2024.pdf")
    (index,) = [i for i, line in enumerate(lines) if line.text.startswith("一、本年新收")]
    row = lines[index]
    cells = row.text.split("\t")
    cells[1] = str(int(cells[1]) + 1)  # 自然人 one more: the printed 总计 is now wrong
    cells[-1] = ""  # and 总计 itself blank
    edited = [line.as_line() for line in lines]
    edited[index] = Line("\t".join(cells), row.source, row.cells)
    report = parse_lines(edited, origin="huaian.pdf")
    result = gkreport.validate(report)
    (blank,) = [f for f in result.findings if f.code == "blank" and f.path == TOTAL]
    # 三 is the second table on p.4; 本年新收 its 4th row; 总计 the 10th column of its grid
    assert blank.location == row.cells[-1] == "p.4 table 2 row 4 column 10"
    report = parse_lines(
        [
            *edited[:index],
            Line("\t".join([*cells[:-1], "1"]), row.source, row.cells),
            *edited[index + 1 :],
        ],
        origin="huaian.pdf",
    )
    errors = [f for f in gkreport.validate(report).errors if f.path == TOTAL]
    assert errors
    assert {f.location for f in errors} == {row.cells[-1]}


# --- findings on the narrative: the line printing the sentence ---------------------------------


def test_a_finding_on_a_sentence_names_its_line():
    path = next(SEEDS.glob("001_*.txt"))
    lines = path.read_text("utf-8").split("\n")
    result = gkreport.validate(gkreport.load(path))
    quoted = [f for f in result.findings if f.code in ("T5", "T12")]
    assert quoted
    for finding in quoted:
        number = int((finding.location or "").removeprefix("line "))
        quote = re.search(r"“(.+?)”", finding.message)
        assert quote
        printed = "".join(unicodedata.normalize("NFKC", lines[number - 1]).split())
        assert quote.group(1)[:12] in printed


def test_a_finding_on_text_before_part_one_names_its_line():
    path = next(SEEDS.glob("004_*.txt"))
    lines = path.read_text("utf-8").split("\n")
    (d8,) = [f for f in gkreport.validate(gkreport.load(path)).findings if f.code == "D8"]
    assert d8.path == "/notes"
    assert "〔2019〕60号" in lines[int((d8.location or "").removeprefix("line ")) - 1]


def test_a_finding_on_a_whole_part_names_its_heading():
    path = next(SEEDS.glob("004_*.txt"))
    lines = path.read_text("utf-8").split("\n")
    (d5,) = [f for f in gkreport.validate(gkreport.load(path)).findings if f.code == "D5"]
    assert "六、其他需要报告的事项" in lines[int((d5.location or "").removeprefix("line ")) - 1]


# --- the fallback, on its own ---------------------------------------------------------------


def never() -> str:
    raise AssertionError("the template's cell asked for a source that is not a workbook")


def test_a_cell_without_a_source_takes_its_rows():
    sources = {"/applications/new": "line 43"}
    assert locations.fallback("/applications/new/total", sources, never) == "line 43"


def test_the_template_cell_only_for_a_workbook():
    assert locations.fallback("/year", {"/agency": "正文!B3"}, lambda: "封面!B4") == "封面!B4"
    assert locations.fallback("/year", {"/agency": "'my sheet'!$B$3"}, lambda: "X!A1") == "X!A1"
    for page in ("line 3", "p.2", "table 1 row 2 column 3", "paragraph 4"):
        assert locations.fallback("/year", {"/agency": page}, never) is None


def test_no_sources_at_all_is_json_named_by_its_pointer():
    assert locations.fallback("/appeals/review/total", {}, never) == "/appeals/review/total"


def test_a_report_built_in_code_gets_pointers_and_one_with_sources_keeps_them():
    report = gkreport.from_dict(wrong_total())
    assert located(report) == {BLANK: BLANK, TOTAL: TOTAL}
    sourced = attrs.evolve(report, sources={TOTAL: "line 60", BLANK: "line 94"})
    assert located(sourced) == {TOTAL: "line 60", BLANK: "line 94"}


def test_a_payload_whose_format_cannot_be_told_is_located_by_its_pointers():
    findings = gkreport.validate({"format": "1999", "agency": 5}).findings
    assert findings
    assert all(f.location == f.path for f in findings)


def test_a_row_without_a_source_takes_its_first_cells():
    sources = {"/applications/results/other/fee_unpaid/total": "line 9"}
    sources |= {"/applications/results/other/no_correction/natural_person": "line 8"}
    order = (
        "/applications/results/other/no_correction/natural_person",
        "/applications/results/other/fee_unpaid/total",
    )
    found = locations.fallback("/applications/results/other", sources, never, order)
    assert found == "line 8"
