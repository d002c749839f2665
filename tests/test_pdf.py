"""The PDF reader: page geometry into lines, lines into a report, and the files it refuses.

The three corpus PDFs (../shared/corpus) carry the real layouts: wrapped labels,
the vertical 三、本年度办理结果 label, page-number lines inside tables, tables split
across pages, the vertical headers of 四. Their values are checked against the
hand-checked ``.expected.json``. Small PDFs written here cover what the corpus
lacks: a blank cell, a repeated header row, a borderless table, and the files
that must be refused (encrypted, scanned, not a PDF).
"""

from __future__ import annotations

import re
import shutil
import sys
import zlib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

import gkreport
from gkreport._convert import to_dict
from gkreport._errors import ReadError
from gkreport._forms import layout
from gkreport._readers import pdf as pdf_reader
from gkreport._readers.text.parse import parse_lines
from tests.office import convert
from tests.pdf_bytes import serialize
from tests.reference import CORPUS, NAMES, expected_values, needs_corpus

CORPUS_PDFS = NAMES


def value_at(data: dict, pointer: str) -> object:
    for part in pointer.strip("/").split("/"):
        data = data[part]
    return data


@pytest.fixture(scope="module")
def corpus_lines() -> dict[str, list[pdf_reader.PdfLine]]:
    return {name: pdf_reader.extract_lines(CORPUS / f"{name}.pdf") for name in CORPUS_PDFS}


@pytest.fixture(scope="module")
def corpus_reports(corpus_lines) -> dict[str, gkreport.Report]:
    """The reports parsed from the lines above (`read` does the same; reading each PDF once)."""
    return {
        name: parse_lines([line.as_line() for line in lines], origin=name)
        for name, lines in corpus_lines.items()
    }


def cells(line: pdf_reader.PdfLine) -> list[str]:
    return line.text.split("\t")


def is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(\.\d+)?", text))


def matrix_rows(lines: Sequence[pdf_reader.PdfLine]) -> list[list[int]]:
    """The 7 numbers of every row of table 三, in printed order, read from the lines alone."""
    start = next(i for i, line in enumerate(lines) if line.text == layout.PARTS[2].label)
    end = next(i for i, line in enumerate(lines) if line.text == layout.PARTS[3].label)
    rows = []
    for line in lines[start:end]:
        values = [cell for cell in cells(line) if is_number(cell)]
        if len(values) == 7:
            rows.append([int(value) for value in values])
    return rows


# --- the corpus: values, pages, geometry -------------------------------------------


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_every_hand_checked_cell_is_read(corpus_reports, name):
    data = to_dict(corpus_reports[name])
    expected = expected_values(name)
    wrong = {
        pointer: (value, value_at(data, pointer))
        for pointer, value in expected.items()
        if value_at(data, pointer) != value
    }
    assert not wrong, wrong
    assert len(expected) == 53


@needs_corpus
def test_hongze_2023_keeps_the_printed_zero_totals(corpus_reports):
    appeals = corpus_reports["002-hongze-district-gov-2023"].appeals
    assert (appeals.review.upheld, appeals.review.corrected, appeals.review.total) == (10, 1, 0)
    assert (appeals.litigation_after_review.upheld, appeals.litigation_after_review.total) == (5, 0)


@needs_corpus
def test_hongze_2023_fault_is_reported_by_validation():
    result = gkreport.validate(gkreport.load(CORPUS / "002-hongze-district-gov-2023.pdf"))
    flagged = {finding.path for finding in result.errors}
    assert "/appeals/review/total" in flagged
    assert "/appeals/litigation_after_review/total" in flagged
    by_path = {finding.path: finding for finding in result.errors}
    # 四 is the second table on p.4; its 4th row holds the numbers, 行政复议—总计 in column 5
    assert by_path["/appeals/review/total"].location == "p.4 table 2 row 4 column 5"


@needs_corpus
@pytest.mark.parametrize(
    "name", [name for name in CORPUS_PDFS if name != "002-hongze-district-gov-2023"]
)  # 洪泽区 2023 carries a real fault: see the test above
def test_clean_reports_pass_validation(corpus_reports, name):
    result = gkreport.validate(corpus_reports[name])
    assert not result.errors, result.errors


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_whole_matrix_adds_up(corpus_lines, name):
    """Every row of 三, not only the hand-checked ones: the leaves add up to （七）总计."""
    rows = matrix_rows(corpus_lines[name])
    format_id = "2021" if name.startswith("001") else "2019"  # 洪泽 prints one （六） row
    form = layout.FORMATS[format_id]
    assert len(rows) == len(list(form.rows(form.applications)))
    new, carried_over, *results, total, carried_forward = rows
    assert [sum(column) for column in zip(*results, strict=True)] == total
    assert [a + b for a, b in zip(new, carried_over, strict=True)] == [
        a + b for a, b in zip(total, carried_forward, strict=True)
    ]


@needs_corpus
def test_values_remember_their_page(corpus_reports):
    sources = corpus_reports["001-huaian-gov-2024"].sources
    assert sources["/proactive/rules/made"] == "p.3 table 1 row 3 column 2"
    assert sources["/proactive/penalty/decisions"] == "p.4 table 1 row 2 column 2"
    assert sources["/applications/results/unable/not_held/total"] == "p.4 table 2 row 16 column 10"
    # 三 continues on p.5: its rows there are counted from the top of that page
    assert (
        sources["/applications/results/unable/needs_creation/total"]
        == "p.5 table 1 row 1 column 10"
    )
    assert sources["/appeals/litigation_after_review/total"] == "p.5 table 2 row 4 column 15"


@needs_corpus
def test_header_cell_without_its_own_rules_is_placed_by_position(corpus_lines):
    """洪泽 2023 p.3: "信息内容" sits in the table but its cell's top rule is on p.2."""
    lines = [(line.text, line.source) for line in corpus_lines["002-hongze-district-gov-2023"]]
    decisions = layout.FORMATS["2021"].node("proactive.penalty").cells[0].label
    assert (f"{layout.CONTENT_HEADER}\t{decisions}", "p.3 table 1 row 1") in lines


@needs_corpus
def test_label_cut_by_the_page_break_is_mended(corpus_lines):
    texts = [line.text for line in corpus_lines["001-huaian-gov-2024"]]
    assert any(text.startswith("（四）无法提供\t1.本机关不掌握相关政府信息\t746") for text in texts)
    assert any(text.startswith("2.没有现成信息需要另行制作\t11\t") for text in texts)
    assert not any("法提供" in text and "无法提供" not in text for text in texts)


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_page_numbers_and_the_vertical_label_are_left_out(corpus_lines, name):
    lines = corpus_lines[name]
    assert not any(pdf_reader.PAGE_NUMBER.match(line.text) for line in lines)
    assert not any(len(line.text) == 1 for line in lines)  # 本 / 年 / 度 … one per line
    assert not any(layout.RESULTS_LABEL in cells(line) for line in lines)


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_wrapped_labels_are_one_cell(corpus_lines, name):
    partial = layout.FORMATS["2021"].node("applications.results.partial").label
    rows = [line for line in corpus_lines[name] if cells(line)[0] == partial]
    assert len(rows) == 1
    assert sum(is_number(cell) for cell in cells(rows[0])) == 7


@needs_corpus
@pytest.mark.parametrize("name", CORPUS_PDFS)
def test_appeals_row_is_fifteen_cells_under_interleaved_headers(corpus_lines, name):
    lines = corpus_lines[name]
    start = next(i for i, line in enumerate(lines) if line.text == layout.PARTS[3].label)
    end = next(i for i, line in enumerate(lines) if line.text == layout.PARTS[4].label)
    section = [cells(line) for line in lines[start + 1 : end]]
    *headers, data = section
    assert len(data) == 15
    assert all(is_number(cell) for cell in data)
    columns = [column.label for column in layout.APPEAL_COLUMNS]
    assert headers[-1] == columns * 2  # "结 果\n维持" etc., each column one cell


# --- small PDFs written here ---------------------------------------------------------


def _pdf(pages: Sequence[Sequence[str]]) -> bytes:
    """A PDF whose pages draw the given content-stream operators (Helvetica as /F1)."""
    count = len(pages)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
        + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, operators in enumerate(pages):
        stream = zlib.compress("\n".join(operators).encode("latin-1"))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * index)
        )
        objects.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream"
        )
    return serialize(objects)


def _text(x: float, top: float, text: str, size: int = 10) -> str:
    return f"BT /F1 {size} Tf {x} {842 - top - size} Td ({text}) Tj ET"


def _grid(
    left: float, top: float, widths: Sequence[float], rows: Sequence[Sequence[str]]
) -> list[str]:
    """A ruled table: every cell boxed, text near each cell's top-left corner."""
    height = 20
    right = left + sum(widths)
    operators = ["0.5 w"]
    for r in range(len(rows) + 1):
        y = 842 - (top + r * height)
        operators.append(f"{left} {y} m {right} {y} l S")
    x = left
    for width in (0, *widths):
        x += width
        operators.append(f"{x} {842 - top} m {x} {842 - top - len(rows) * height} l S")
    for r, row in enumerate(rows):
        x = left
        for width, cell in zip(widths, row, strict=True):
            if cell:
                operators.append(_text(x + 4, top + r * height + 5, cell))
            x += width
    return operators


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


WIDTHS = (200, 60, 60, 60)


def test_blank_cell_keeps_its_column(tmp_path):
    page = _grid(72, 100, WIDTHS, [("Item", "Made", "Repealed", "Valid"), ("Rules", "1", "", "11")])
    lines = pdf_reader.extract_lines(_write(tmp_path, "blank.pdf", _pdf([page])))
    assert [line.text for line in lines] == ["Item\tMade\tRepealed\tValid", "Rules\t1\t\t11"]
    assert [line.source for line in lines] == ["p.1 table 1 row 1", "p.1 table 1 row 2"]
    # the blank keeps its column's place, so a finding on it names the empty cell
    assert lines[1].cells == tuple(f"p.1 table 1 row 2 column {c}" for c in (1, 2, 3, 4))


def _frame(left: float, top: float, width: float, texts: Sequence[str]) -> list[str]:
    """Prose in an invisible frame: a white, unstroked box behind each line (as WPS draws it)."""
    operators = ["1 1 1 rg"]
    for index in range(len(texts)):
        operators.append(f"{left} {842 - top - (index + 1) * 20} {width} 20 re f")
    operators.append("0 0 0 rg")
    for index, text in enumerate(texts):
        operators.append(_text(left + 4, top + index * 20 + 5, text))
    return operators


def test_rows_are_counted_as_a_reader_sees_them(tmp_path):
    """Lines in an invisible frame above the table are neither a table nor its rows."""
    prose = ("A paragraph printed in a frame,", "over two lines.")
    page = [
        *_frame(72, 60, sum(WIDTHS), prose),
        *_grid(72, 100, WIDTHS, [("Item", "Made", "Repealed", "Valid"), ("Rules", "1", "", "11")]),
        *_frame(72, 200, sum(WIDTHS), ("More prose in a frame.",)),
        *_grid(72, 240, WIDTHS, [("Norms", "8", "26", "66")]),
    ]
    lines = pdf_reader.extract_lines(_write(tmp_path, "frames.pdf", _pdf([page])))
    assert [(line.text, line.source) for line in lines] == [
        (prose[0], "p.1"),
        (prose[1], "p.1"),
        ("Item\tMade\tRepealed\tValid", "p.1 table 1 row 1"),
        ("Rules\t1\t\t11", "p.1 table 1 row 2"),
        ("More prose in a frame.", "p.1"),
        ("Norms\t8\t26\t66", "p.1 table 2 row 1"),
    ]
    assert lines[-1].cells[1] == "p.1 table 2 row 1 column 2"


def test_table_split_across_pages_drops_the_repeated_header(tmp_path):
    header = ("Item", "Made", "Repealed", "Valid")
    first = [*_grid(72, 640, WIDTHS, [header, ("Rules", "1", "0", "11")]), _text(280, 800, "- 1 -")]
    second = [_text(280, 40, "- 2 -"), *_grid(72, 72, WIDTHS, [header, ("Norms", "8", "26", "66")])]
    lines = pdf_reader.extract_lines(_write(tmp_path, "split.pdf", _pdf([first, second])))
    assert [(line.text, line.source) for line in lines] == [
        ("Item\tMade\tRepealed\tValid", "p.1 table 1 row 1"),
        ("Rules\t1\t0\t11", "p.1 table 1 row 2"),
        ("Norms\t8\t26\t66", "p.2 table 1 row 2"),  # row 1 on p.2 is the repeated header
    ]


def test_borderless_rows_are_split_at_wide_gaps(tmp_path):
    page = [
        _text(72, 100, "A heading in prose, with words close together"),
        *(
            _text(x, 130, cell)
            for x, cell in zip((72, 300, 380, 460), ("Rules", "1", "0", "11"), strict=True)
        ),
    ]
    lines = pdf_reader.extract_lines(_write(tmp_path, "borderless.pdf", _pdf([page])))
    assert [line.text for line in lines] == [
        "A heading in prose, with words close together",
        "Rules\t1\t0\t11",
    ]


def _two_pages(head: str, tail: str, row_labels: tuple[str, str]) -> list[pdf_reader.PdfLine]:
    """A table of 三 cut at a page break inside the merged group-label cell of column 2."""
    before = pdf_reader._Table(
        0, 70, 520, [pdf_reader._TableRow(4, [None, head, row_labels[0], "7"], 2, 9)]
    )
    after = pdf_reader._Table(
        0, 70, 520, [pdf_reader._TableRow(5, ["", tail, row_labels[1], "1"], 1, 1)]
    )
    (joined,) = pdf_reader._join_split_tables([[before], [after]])
    return list(pdf_reader._table_lines(joined))


def test_label_cut_by_a_page_break_is_joined_into_the_form_label():
    unable = layout.FORMATS["2021"].node("applications.results.unable")
    leaves = tuple(child.label for child in unable.children[:2])
    lines = _two_pages(unable.label[:4], unable.label[4:], leaves)
    assert [(line.text, line.source) for line in lines] == [
        (f"{unable.label}\t{leaves[0]}\t7", "p.4 table 2 row 9"),
        (f"{leaves[1]}\t1", "p.5 table 1 row 1"),
    ]


def test_new_group_label_after_a_page_break_is_left_alone():
    form = layout.FORMATS["2021"]
    denied, unable = (
        form.node("applications.results.denied"),
        form.node("applications.results.unable"),
    )
    leaves = (denied.children[-1].label, unable.children[0].label)
    lines = _two_pages(denied.label, unable.label, leaves)
    assert [line.text for line in lines] == [
        f"{denied.label}\t{leaves[0]}\t7",
        f"{unable.label}\t{leaves[1]}\t1",
    ]


# --- files that are refused ------------------------------------------------------------


def test_encrypted_pdf_is_refused(tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf writes the encrypted fixture")
    plain = _write(tmp_path, "plain.pdf", _pdf([[_text(72, 100, "Hello")]]))
    writer = pypdf.PdfWriter(clone_from=plain)
    writer.encrypt("secret", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as stream:
        writer.write(stream)
    with pytest.raises(ReadError, match="the PDF is encrypted") as caught:
        gkreport.load(locked)
    assert caught.value.path == str(locked)


def test_owner_password_only_pdf_is_read(tmp_path):
    """Printing/copying restrictions without a user password do not stop reading."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf writes the encrypted fixture")
    plain = _write(tmp_path, "plain.pdf", _pdf([[_text(72, 100, "Hello")]]))
    writer = pypdf.PdfWriter(clone_from=plain)
    writer.encrypt("", owner_password="owner", algorithm="RC4-128")
    restricted = tmp_path / "restricted.pdf"
    with restricted.open("wb") as stream:
        writer.write(stream)
    assert [line.text for line in pdf_reader.extract_lines(restricted)] == ["Hello"]


def test_scanned_pdf_is_refused(tmp_path):
    image = pytest.importorskip(
        "PIL.Image", reason="Pillow (a pdfplumber dependency) draws the scan"
    )
    scan = tmp_path / "scan.pdf"
    image.new("L", (400, 300), 230).save(scan)
    with pytest.raises(ReadError, match=r"no text layer \(a scan\?\); OCR is out of scope"):
        gkreport.load(scan)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "not a readable PDF"), (b"<html>not a pdf</html>", "not a readable PDF")],
)
def test_broken_file_is_refused_naming_it(tmp_path, content, reason):
    path = _write(tmp_path, "broken.pdf", content)
    with pytest.raises(ReadError, match=reason) as caught:
        gkreport.load(path)
    assert str(path) in str(caught.value)


def _damaged_xref(pdf: bytes) -> bytes:
    """The PDF with every cross-reference entry pointing 7 bytes past its object."""
    table = pdf.index(b"xref\n")
    entries = re.sub(
        rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m[1]) + 7), pdf[table:]
    )
    return pdf[:table] + entries


@pytest.mark.parametrize(
    "damage", [_damaged_xref, lambda pdf: pdf[: len(pdf) // 2]], ids=["xref", "cut"]
)
def test_a_damaged_pdf_is_called_damaged_not_empty(tmp_path, damage):
    whole = _pdf([[_text(72, 100, "Dear colleague")]])
    path = _write(tmp_path, "damaged.pdf", damage(whole))
    with pytest.raises(ReadError, match="the PDF is damaged") as caught:
        gkreport.load(path)
    assert "contains no text" not in str(caught.value)


def test_pdf_without_any_text_is_refused(tmp_path):
    path = _write(tmp_path, "lines-only.pdf", _pdf([["72 700 m 300 700 l S"]]))
    with pytest.raises(ReadError, match="contains no text"):
        gkreport.load(path)


def test_text_pdf_that_is_not_a_report_is_refused(tmp_path):
    path = _write(tmp_path, "letter.pdf", _pdf([[_text(72, 100, "Dear colleague")]]))
    with pytest.raises(ReadError, match="not an annual report"):
        gkreport.load(path)


def test_missing_pdfplumber_says_which_extra_to_install(tmp_path, monkeypatch):
    path = _write(tmp_path, "any.pdf", _pdf([[_text(72, 100, "Hello")]]))
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with pytest.raises(ReadError, match=re.escape("pip install 'gkreport[pdf]'")):
        gkreport.load(path)


@needs_corpus
def test_scanned_page_beside_text_pages_becomes_a_note(tmp_path):
    pypdf = pytest.importorskip("pypdf", reason="pypdf joins the fixture's pages")
    image = pytest.importorskip("PIL.Image", reason="Pillow draws the scanned page")
    scan = tmp_path / "scan.pdf"
    image.new("L", (400, 300), 230).save(scan)
    writer = pypdf.PdfWriter()
    writer.append(CORPUS / "003-hongze-district-gov-2024.pdf")
    writer.append(scan)
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as stream:
        writer.write(stream)
    report = gkreport.load(mixed)
    (note,) = [note for note in report.notes if note.source == "p.6"]
    assert "(a scan?)" in note.message
    assert report.applications.new.total == 95


@needs_corpus
def test_amounts_stay_exact(corpus_reports):
    fees = corpus_reports["002-hongze-district-gov-2023"].proactive.fees
    assert fees.amount == Decimal("7730.28")


# --- the official layout with blank cells, printed to PDF by LibreOffice ----------------

BLANK = (
    "/proactive/rules/repealed",
    "/applications/results/granted/commercial",
    "/appeals/review/other",
)


def report_with_blanks() -> gkreport.Report:
    """A 2021 report with a distinct number in every cell but three, which are left blank."""
    data = to_dict(gkreport.Report2021(agency="某某市人民政府", year=2024))
    for index, leaf in enumerate(layout.FORMATS["2021"].leaves()):
        node = data
        for part in leaf.path[:-1]:
            node = node[part]
        blank = leaf.pointer in BLANK
        value = Decimal(f"{index}.5") if leaf.cell.kind is layout.Kind.MONEY else index * 7
        node[leaf.path[-1]] = None if blank else value
    return gkreport.from_dict(data)


@pytest.mark.slow
def test_blank_cells_of_the_official_layout_stay_blank(tmp_path):
    """The official tables (the Excel workbook printed by LibreOffice): no value shifts.

    Plain text drops a blank cell ("规章 1 11"), moving every later value one
    column to the left; the cells from the ruling lines keep it blank.
    """
    report = report_with_blanks()
    gkreport.dump(report, tmp_path / "report.xlsx")
    [printed] = convert(tmp_path / "report.xlsx", "pdf", tmp_path)
    read = gkreport.load(printed)
    expected, actual = to_dict(report), to_dict(read)
    wrong = {
        leaf.pointer: (value_at(expected, leaf.pointer), value_at(actual, leaf.pointer))
        for leaf in layout.FORMATS["2021"].leaves()
        if value_at(expected, leaf.pointer) != value_at(actual, leaf.pointer)
    }
    assert not wrong, wrong
    assert all(value_at(actual, pointer) is None for pointer in BLANK)
    # the metadata, 二 and then 三: （一）予以公开 is the 6th row of the third table on the
    # page of 二三四 (the workbook prints its 填报说明 first)
    granted = read.sources["/applications/results/granted/total"]
    assert re.fullmatch(r"p\.\d+ table 3 row 6 column \d+", granted)


def test_a_page_without_a_media_box_is_a_read_error_not_a_crash_on_close(tmp_path):
    """Closing walks the pages again; a damaged page must not escape as a TypeError (issue 12)."""
    content = _pdf([[_text(72, 100, "Dear colleague")]]).replace(b"/MediaBox [0 0 595 842] ", b"")
    path = _write(tmp_path, "no-box.pdf", content)
    with pytest.raises(ReadError, match="cannot read this PDF") as caught:
        gkreport.load(path)
    assert str(path) in str(caught.value)


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("chromium") or shutil.which("chromium-browser")),
    reason="Chromium is not installed (Debian: apt-get install chromium)",
)
def test_a_page_printed_to_pdf_by_a_browser_reads_as_the_page(tmp_path, capfd):
    """Chromium's PDF maps many glyphs to radicals (⼀、⾏, 人⺠): read as the ideographs."""
    from tests import shapes  # noqa: PLC0415
    from tests.reference import SEEDS, report_cells  # noqa: PLC0415
    from tests.test_render import chromium  # noqa: PLC0415

    original = gkreport.load(SEEDS / "002_ce68d56cc731e239.txt")
    page = tmp_path / "page.html"
    page.write_text(shapes.published_page(original), encoding="utf-8")
    pdf = tmp_path / "page.pdf"
    chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri(), profile=tmp_path)
    capfd.readouterr()
    read = gkreport.load(pdf)
    assert report_cells(read) == report_cells(original)
    assert (read.agency, read.year) == (original.agency, original.year)
    assert "FontBBox" not in capfd.readouterr().err  # pdfminer's font warnings stay quiet
