"""`gkreport._review.problems`: 问题清单.xlsx, a row per finding, a sheet per agency, printable."""

import io

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkreport._review import entries, problems
from gkreport._review.words import WORDS
from tests.office import convert
from tests.review_folder import BAD, LATE, checked, make_folder


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return checked(make_folder(tmp_path_factory.mktemp("region") / "reports"))


@pytest.fixture(scope="module")
def book(found):
    return openpyxl.load_workbook(io.BytesIO(problems.workbook(found)))


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_first_sheet_has_every_finding_once(book, found):
    sheet = book.worksheets[0]
    assert sheet.title == WORDS["zh"]["all"]
    assert [cell.value for cell in sheet[1]] == problems.columns("zh")
    rows = _rows(sheet)
    expected = [(e.file, p.code, p.message) for e in found for p in e.problems]
    assert [(r[2], r[3], r[7]) for r in rows] == expected
    assert len(rows) == sum(len(e.problems) for e in found)


def test_a_row_says_agency_year_rule_severity_cell_location(book, found):
    late = next(e for e in found if e.file.endswith(LATE))
    problem = next(p for p in late.problems if p.code == "D2")
    row = next(r for r in _rows(book.worksheets[0]) if r[2] == late.file and r[3] == "D2")
    assert row[:2] == [late.agency, late.year]
    assert row[4] == WORDS["zh"][problem.severity]
    assert row[5] == problem.label
    assert row[6] == (problem.location or problem.path)
    assert row[7] == problem.message
    assert row[8:] == [problem.cells, problem.explains]


def test_one_sheet_per_agency_with_its_rows(book, found):
    with_findings = {e.group for e in found if e.problems and e.status != entries.UNREADABLE}
    agency_sheets = book.worksheets[1:-1]  # the last lists the unreadable files
    assert len(agency_sheets) == len(with_findings)
    total = 0
    for sheet in agency_sheets:
        rows = _rows(sheet)
        assert len({r[0] for r in rows}) == 1 or sheet.title.startswith(rows[-1][0][:31])
        assert sheet.title == problems.sheet_names([rows[-1][0]])[0]
        total += len(rows)
    assert total == len(_rows(book.worksheets[0]))


def test_the_unreadable_files_have_a_sheet_with_why(book, found):
    sheet = book.worksheets[-1]
    assert sheet.title == WORDS["zh"]["unreadable"]
    [(file, why)] = _rows(sheet)
    assert file.endswith(BAD)
    assert why == next(e.error for e in found if e.status == entries.UNREADABLE)


def test_every_sheet_filters_freezes_and_prints_on_a4_landscape(book):
    for sheet in book.worksheets:
        assert (
            sheet.auto_filter.ref
            == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        )
        assert sheet.freeze_panes == "A2"
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1"


def test_english_headers_and_messages(found):
    book = openpyxl.load_workbook(io.BytesIO(problems.workbook(found, "en")))
    sheet = book.worksheets[0]
    assert sheet.title == "all"
    assert [cell.value for cell in sheet[1]] == problems.columns("en")
    messages = [r[7] for r in _rows(sheet)]
    assert messages == [p.message_en for e in found for p in e.problems]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    problem = entries.Problem("F1", "error", "/x", "=SUM(A1)", None, "=1+1", "=1+1")
    entry = entries.Entry("=cmd.json", entries.ERRORS, agency="=HYPERLINK(1)", problems=(problem,))
    path = problems.write_problems(tmp_path, [entry])
    sheet = openpyxl.load_workbook(path).worksheets[0]
    row = list(sheet[2])
    assert [c.data_type for c in row[:8] if c.value is not None] == ["s"] * 7
    assert row[0].value == "=HYPERLINK(1)"
    assert row[7].value == "=1+1"


def test_no_findings_still_gives_a_sheet_with_its_header(tmp_path):
    entry = entries.Entry("clean.json", entries.OK, agency="某局", year=2023)
    book = openpyxl.load_workbook(problems.write_problems(tmp_path, [entry]))
    assert book.sheetnames == [WORDS["zh"]["all"]]
    assert book.worksheets[0].max_row == 1


def test_sheet_names_are_cut_cleaned_and_made_unique():
    long = "黔西南布依族苗族自治州人民政府办公室关于某某某某某某某某某某某某的工作机构"
    names = problems.sheet_names(
        [long, long + "二", "a/b:c", "History", "AB", "ab", "'quoted'", "[]", ""]
    )
    assert [len(n) <= 31 for n in names] == [True] * len(names)
    assert names[0] == long[:31]
    assert names[1] == long[:29] + "~2"
    assert names[2] == "a_b_c"
    assert names[3] == "History~2"
    assert names[4:6] == ["AB", "ab~2"]
    assert names[6] == "quoted"
    assert names[7] == "__"
    assert names[8] == "_"


@given(st.lists(st.text(), max_size=12))
def test_any_names_give_valid_distinct_sheet_names(given_names):
    names = problems.sheet_names(given_names)
    assert len(names) == len(given_names)
    assert len({n.casefold() for n in names}) == len(names)
    for name in names:
        assert 1 <= len(name) <= 31
        assert not set(name) & set("[]:*?/\\")
        assert not name.startswith("'")
        assert not name.endswith("'")
        assert name.casefold() != "history"
    openpyxl_book = openpyxl.Workbook()
    for name in names:
        openpyxl_book.create_sheet(name)  # openpyxl refuses a bad title


@pytest.mark.slow
def test_libreoffice_opens_and_prints_the_problem_list(tmp_path, found):
    pypdf = pytest.importorskip("pypdf")
    path = problems.write_problems(tmp_path, found)
    [printed] = convert(path, "pdf", tmp_path / "out")
    reader = pypdf.PdfReader(printed)
    text = "".join(page.extract_text() for page in reader.pages)
    first = reader.pages[0].mediabox
    assert float(first.width) > float(first.height)  # landscape
    assert float(first.width) == pytest.approx(841.9, abs=2)  # A4: 297 mm
    d2 = next(p for e in found for p in e.problems if p.code == "D2")
    assert d2.code in text
    assert WORDS["zh"]["message"] in text  # the header, on the printed page
    assert "".join(d2.message.split())[:12] in "".join(text.split())
