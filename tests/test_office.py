"""gkreport._readers.office: .xls .ods .et .doc .docm .wps, read by content (calamine, LibreOffice).

The old-format files are made here from this package's own outputs: a seed read
and written as .xlsx (``gkreport.dump``) or as .docx (python-docx, the official
layout), then converted by LibreOffice to .xls, .ods, .doc, .docm at test time;
each must read back to what the .xlsx or .docx reads to. Those tests drive
LibreOffice and are marked ``slow``; the rest need neither LibreOffice nor calamine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from html import escape
from pathlib import Path

import pytest

import gkreport
from gkreport._cli.batch import collect, run
from gkreport._convert import to_dict
from gkreport._errors import ReadError
from gkreport._json import read_json
from gkreport._readers import office
from tests.office import convert, needs_libreoffice
from tests.reference import SEEDS, cell_values
from tests.test_text_docx import write_official
from tests.test_text_html import official_html

STEM = "002_ce68d56cc731e239"
OTHER = "004_3ee1f57b4b1cc898"


def whole(report: gkreport.Report) -> tuple[dict, dict]:
    return to_dict(report), dict(report.sources)


def as_old_format(read: tuple[dict, dict]) -> tuple[dict, dict]:
    """What an .xls (or an .ods read by calamine) saved from our .xlsx gives back.

    The record of empty narrative parts is a defined name of the workbook
    (`gkreport.empty_text`): python-calamine reads no defined names, and LibreOffice
    keeps it in an .ods but not in an .xls; without it an empty part is a blank cell.
    """
    data, sources = read
    texts = data["text"]
    empty = [part for part, text in texts.items() if text == ""]
    texts.update(dict.fromkeys(empty, None))
    return data, {k: v for k, v in sources.items() if k not in {f"/text/{p}" for p in empty}}


def seed_workbook(folder: Path, stem: str = STEM) -> Path:
    """A seed, read and written by this package as .xlsx."""
    path = folder / f"{stem}.xlsx"
    gkreport.dump(gkreport.load(SEEDS / f"{stem}.txt"), path)
    return path


def seed_document(folder: Path, stem: str = STEM) -> Path:
    """A seed's hand-checked values as a Word document in the official layout."""
    path = folder / f"{stem}.docx"
    write_official(read_json(SEEDS / f"{stem}.expected.json"), path)
    return path


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, Path]:
    """Each old format made once from the seed's .xlsx and .docx (LibreOffice, a few seconds)."""
    folder = tmp_path_factory.mktemp("office")
    workbook, document = seed_workbook(folder), seed_document(folder)
    out = folder / "out"
    made = {".xlsx": workbook, ".docx": document}
    for to in ("xls", "ods"):
        made[f".{to}"] = convert(workbook, to, out)[0]
    for to in ("doc", "docm:MS Word 2007 XML VBA"):
        made[f".{to.split(':')[0]}"] = convert(document, to, out)[0]
    return made


def without_calamine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "python_calamine", None)


# --- workbooks: .xls .ods .et ---------------------------------------------------------------


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize("route", ["calamine", "libreoffice"])
def test_an_xls_workbook_reads_as_the_xlsx_it_was_saved_from(converted, monkeypatch, route):
    if route == "calamine":
        pytest.importorskip("python_calamine", reason="python-calamine is not installed")
    else:
        without_calamine(monkeypatch)
    expected = as_old_format(whole(gkreport.load(converted[".xlsx"])))
    assert whole(gkreport.load(converted[".xls"])) == expected


def no_tabs(report: gkreport.Report) -> dict:
    data = to_dict(report)
    for note in data["notes"]:
        note["raw"] = note["raw"].replace("\t", "")
    return data


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize("route", ["calamine", "libreoffice"])
def test_an_ods_workbook_reads_as_the_xlsx_it_was_saved_from(converted, monkeypatch, route):
    if route == "calamine":
        pytest.importorskip("python_calamine", reason="python-calamine is not installed")
    else:
        without_calamine(monkeypatch)
    back, original = gkreport.load(converted[".ods"]), gkreport.load(converted[".xlsx"])
    # An OpenDocument cell holds a tab as <text:tab/>, which neither route gives back:
    # only a note's raw text (a table row the text reader kept) has one.
    expected, sources = no_tabs(original), dict(original.sources)
    if (
        route == "calamine"
    ):  # LibreOffice keeps the defined name in an .ods; calamine cannot read it
        expected, sources = as_old_format((expected, sources))
    assert no_tabs(back) == expected
    assert dict(back.sources) == sources


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize("route", ["calamine", "libreoffice"])
def test_an_excel_file_named_et_reads_as_kingsoft_saves_it(converted, monkeypatch, tmp_path, route):
    if route == "calamine":
        pytest.importorskip("python_calamine", reason="python-calamine is not installed")
    else:
        without_calamine(monkeypatch)
    path = tmp_path / "报告.et"
    shutil.copyfile(converted[".xls"], path)
    assert whole(gkreport.load(path)) == as_old_format(whole(gkreport.load(converted[".xlsx"])))


@pytest.mark.parametrize("suffix", [".xls", ".et", ".ods"])
def test_an_xlsx_under_an_old_name_is_read_by_the_xlsx_reader(tmp_path, suffix):
    workbook = seed_workbook(tmp_path)
    renamed = workbook.with_suffix(suffix)
    shutil.copyfile(workbook, renamed)
    assert whole(office.read_workbook(renamed)) == whole(gkreport.load(workbook))


@pytest.mark.parametrize("suffix", [".xls", ".doc", ".wps", ".et"])
def test_a_web_page_under_an_office_name_is_read_as_the_page(tmp_path, suffix):
    page = official_html(read_json(SEEDS / f"{STEM}.expected.json"))
    html, renamed = tmp_path / "page.html", tmp_path / f"page{suffix}"
    html.write_text(page, "utf-8")
    renamed.write_bytes(page.encode("gb18030"))  # as an old web system exports its tables
    read = office.read_workbook if suffix in (".xls", ".et") else office.read_document
    assert whole(read(renamed)) == whole(gkreport.load(html))


def test_random_bytes_named_xls_are_not_a_spreadsheet(tmp_path):
    path = tmp_path / "report.xls"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ReadError, match=r"report\.xls: not a spreadsheet"):
        office.read_workbook(path)


def test_a_file_far_larger_than_a_report_is_refused_unread(tmp_path):
    path = tmp_path / "huge.xls"
    with path.open("wb") as handle:
        handle.truncate(65 * 2**20)  # sparse: nothing is written
    with pytest.raises(ReadError, match="over the limit max_file_bytes"):
        office.read_workbook(path)


def test_an_opendocument_zip_bomb_is_refused_before_calamine_opens_it(tmp_path):
    pytest.importorskip("python_calamine", reason="python-calamine is not installed")
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b"<" + b" " * (20 * 2**20) + b"/>")
    with pytest.raises(ReadError, match=r"refused: .* over the limit max_"):
        office.read_workbook(path)


def test_a_damaged_workbook_calamine_cannot_open_names_it_without_libreoffice(
    tmp_path, monkeypatch
):
    pytest.importorskip("python_calamine", reason="python-calamine is not installed")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    path = tmp_path / "report.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))
    with pytest.raises(ReadError, match=r"report\.xls: not a readable workbook \("):
        office.read_workbook(path)


# --- documents: .doc .docm .wps -------------------------------------------------------------


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize(("suffix", "name"), [(".doc", "报告.doc"), (".doc", "报告.wps")])
def test_a_word_97_document_reads_as_the_docx_it_was_saved_from(converted, tmp_path, suffix, name):
    path = tmp_path / name
    shutil.copyfile(converted[suffix], path)
    back, original = gkreport.load(path), gkreport.load(converted[".docx"])
    assert to_dict(back) == to_dict(original)
    assert cell_values(to_dict(back)) == cell_values(read_json(SEEDS / f"{STEM}.expected.json"))


@pytest.mark.slow
@needs_libreoffice
def test_a_macro_enabled_docm_reads_as_the_docx_it_was_saved_from(converted):
    assert to_dict(gkreport.load(converted[".docm"])) == to_dict(gkreport.load(converted[".docx"]))


@pytest.mark.slow
@needs_libreoffice
def test_rtf_saved_under_a_doc_name_reads_as_the_docx(converted, tmp_path):
    made = convert(converted[".docx"], "rtf", tmp_path / "out")[0]
    path = tmp_path / "报告.doc"
    shutil.copyfile(made, path)
    back = cell_values(to_dict(gkreport.load(path)))
    assert back == cell_values(to_dict(gkreport.load(converted[".docx"])))


def spreadsheet_2003_xml(workbook: Path) -> str:
    """A workbook as Excel 2003 XML ("XML Spreadsheet"), as web systems export "xls" files."""
    from openpyxl import load_workbook  # noqa: PLC0415

    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?mso-application progid="Excel.Sheet"?>',
        (
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
        ),
    ]
    for sheet in load_workbook(workbook, data_only=True).worksheets:
        out.append(f'<Worksheet ss:Name="{escape(sheet.title)}"><Table>')
        for row in sheet.iter_rows():
            cells = [cell for cell in row if cell.value is not None]
            if not cells:
                continue
            out.append(f'<Row ss:Index="{row[0].row}">')
            for cell in cells:
                kind = "Number" if isinstance(cell.value, int | float) else "String"
                out.append(
                    f'<Cell ss:Index="{cell.column}"><Data ss:Type="{kind}">'
                    f"{escape(str(cell.value))}</Data></Cell>"
                )
            out.append("</Row>")
        out.append("</Table></Worksheet>")
    return "\n".join([*out, "</Workbook>"])


@pytest.mark.slow
@needs_libreoffice
def test_excel_2003_xml_saved_under_an_xls_name_reads_as_the_xlsx(converted, tmp_path):
    path = tmp_path / "报告.xls"
    path.write_text(spreadsheet_2003_xml(converted[".xlsx"]), "utf-8")
    back = cell_values(to_dict(gkreport.load(path)))
    assert back == cell_values(to_dict(gkreport.load(converted[".xlsx"])))


@pytest.mark.parametrize("name", ["报告.doc", "报告.wps"])
def test_a_docx_under_an_old_name_is_read_without_libreoffice(tmp_path, name):
    document = seed_document(tmp_path)
    renamed = tmp_path / name
    shutil.copyfile(document, renamed)
    assert whole(office.read_document(renamed)) == whole(gkreport.load(document))


def test_random_bytes_named_doc_are_refused_before_libreoffice_sees_them(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(bytes(range(256)) * 8)  # LibreOffice would import this as text
    with pytest.raises(ReadError, match=r"report\.doc: not a Word or WPS document"):
        office.read_document(path)


@pytest.mark.slow
@needs_libreoffice
def test_a_damaged_doc_is_a_file_libreoffice_cannot_open(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 16)
    with pytest.raises(ReadError, match=r"report\.doc: LibreOffice cannot open this file"):
        gkreport.load(path)


@pytest.mark.slow
@needs_libreoffice
def test_errors_in_a_converted_file_name_the_original(tmp_path):
    import docx  # noqa: PLC0415 - python-docx, in the test extra

    document = docx.Document()
    document.add_paragraph("会议纪要")
    document.save(tmp_path / "memo.docx")
    path = convert(tmp_path / "memo.docx", "doc", tmp_path / "out")[0]
    with pytest.raises(ReadError) as caught:
        gkreport.load(path)
    assert str(caught.value).startswith(f"{path}: not an annual report")


# --- running LibreOffice side by side -------------------------------------------------------


@pytest.mark.slow
@needs_libreoffice
def test_same_named_files_in_parallel_workers_each_read_their_own(tmp_path):
    out = tmp_path / "out"
    for folder, stem in (("a", STEM), ("b", OTHER)):
        made = convert(seed_document(tmp_path, stem), "doc", out)[0]
        (tmp_path / folder).mkdir()
        shutil.copyfile(made, tmp_path / folder / "报告.doc")
    outcomes = run(collect([tmp_path / "a", tmp_path / "b"]), jobs=2, keep_reports=True)
    assert [outcome.error for outcome in outcomes] == [None, None]
    for outcome, stem in zip(outcomes, (STEM, OTHER), strict=True):
        assert cell_values(outcome.report) == cell_values(
            read_json(SEEDS / f"{stem}.expected.json")
        )


# --- without LibreOffice --------------------------------------------------------------------


def load_without_libreoffice(tmp_path: Path, path: Path, *, calamine: bool = True) -> str:
    """``gkreport.load(path)`` in a Python whose PATH has no soffice: its error message."""
    block = "" if calamine else "import sys; sys.modules['python_calamine'] = None\n"
    code = (
        f"{block}import gkreport\n"
        f"try:\n    gkreport.load({str(path)!r})\n"
        "except gkreport.ReadError as exc:\n    print(exc)\n"
    )
    (tmp_path / "empty").mkdir(exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PATH": str(tmp_path / "empty")},
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
    )
    return result.stdout.strip()


INSTALL_LINE = (
    "install LibreOffice (Debian/Ubuntu: apt-get install --no-install-recommends "
    "libreoffice-writer-nogui libreoffice-calc-nogui)"
)


@pytest.mark.parametrize("name", ["报告.doc", "报告.wps", "报告.docm"])
def test_without_libreoffice_a_document_names_the_file_the_program_and_the_install_line(
    tmp_path, name
):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    message = load_without_libreoffice(tmp_path, path)
    assert message == (
        f"{path}: cannot read {path.suffix} files: the program soffice is not installed or "
        f"not on PATH; {INSTALL_LINE}"
    )


@pytest.mark.parametrize("name", ["报告.xls", "报告.ods", "报告.et"])
def test_without_libreoffice_or_calamine_a_workbook_says_how_to_get_either(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    message = load_without_libreoffice(tmp_path, path, calamine=False)
    assert message == (
        f"{path}: cannot read {path.suffix} files: the program soffice is not installed or "
        f"not on PATH; {INSTALL_LINE}, or pip install 'gkreport[fast]'"
    )


@pytest.mark.slow
@needs_libreoffice
def test_with_calamine_an_xls_needs_no_libreoffice(converted, tmp_path):
    pytest.importorskip("python_calamine", reason="python-calamine is not installed")
    path = tmp_path / "报告.xls"
    shutil.copyfile(converted[".xls"], path)
    out = tmp_path / "back.json"
    code = f"import gkreport\ngkreport.dump(gkreport.load({str(path)!r}), {str(out)!r})\n"
    (tmp_path / "empty").mkdir()
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env={**os.environ, "PATH": str(tmp_path / "empty")},
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
    )
    expected, _ = as_old_format(whole(gkreport.load(converted[".xlsx"])))
    assert to_dict(gkreport.load(out)) == expected


# --- a published page opened in (or pasted into) a spreadsheet ----------------------------------


@pytest.mark.slow
@needs_libreoffice
@pytest.mark.parametrize("stem", [STEM, OTHER])
def test_a_page_saved_from_a_spreadsheet_reads_as_the_page(tmp_path, stem):
    """Calc's import of the published page: a cell per paragraph, the tables as grids."""
    from gkreport._readers import soffice  # noqa: PLC0415
    from tests import shapes  # noqa: PLC0415

    original = gkreport.load(SEEDS / f"{stem}.txt")
    page = tmp_path / "page.html"
    page.write_text(shapes.published_page(original), encoding="utf-8")
    with soffice.converted(
        page, "xlsx", as_suffix=".html", infilter=shapes.PASTED_PAGE_FILTER
    ) as converted:
        report = gkreport.load(converted)
    assert cell_values(to_dict(report)) == cell_values(to_dict(original))
    assert (report.agency, report.year, report.kind) == (
        original.agency,
        original.year,
        original.kind,
    )
    assert report.text == original.text
