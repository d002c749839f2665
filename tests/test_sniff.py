"""gkreport/_readers/sniff.py: a file's type from its content, the name within its family.

The service's uploads (a file on disk, a name from the client) and ``gkreport validate -``
(bytes, no name) ask the same function; every case is asked both ways and must agree.
"""

import zipfile

import pytest

import gkreport
from gkreport._readers import sniff
from gkreport._readers.dispatch import readable_suffixes
from tests.pdf_bytes import serialize
from tests.reference import EXAMPLES, SEEDS

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def compound(stream, filler=0):
    """The start of an old office file whose directory names ``stream``, after ``filler`` bytes."""
    return OLE + bytes(504 + filler) + stream.encode("utf-16-le") + bytes(64)


def archive(path, members):
    with zipfile.ZipFile(path, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "made.xlsx"
    gkreport.dump(gkreport.load(EXAMPLES / "qingzhen-2020.json"), path)
    return path


def put(tmp_path, data):
    path = tmp_path / "upload"
    path.write_bytes(data)
    return path


def suffix_for(path, name):
    """The suffix for a file, checked to be the one its bytes get (standard input's way)."""
    found = sniff.suffix_for(path, name)
    assert sniff.suffix_for(path.read_bytes(), name) == found
    return found


def test_a_workbook_is_an_xlsx_whatever_its_name_says(workbook):
    assert suffix_for(workbook, "report.xlsx") == ".xlsx"
    assert suffix_for(workbook, "report.xls") == ".xlsx"  # renamed by hand: the content wins
    assert suffix_for(workbook, None) == ".xlsx"


def test_zip_families_by_their_parts(tmp_path):
    docx = archive(tmp_path / "a", {"[Content_Types].xml": "", "word/document.xml": "<w/>"})
    assert suffix_for(docx, None) == ".docx"
    assert suffix_for(docx, "报告.docm") == ".docm"
    ods = archive(tmp_path / "b", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})
    assert suffix_for(ods, "x.xlsx") == ".ods"
    other = archive(tmp_path / "c", {"photo.jpg": "…"})
    assert suffix_for(other, "report.xlsx") is None


def test_a_damaged_zip_is_of_no_type(tmp_path):
    assert suffix_for(put(tmp_path, b"PK\x03\x04" + bytes(100)), "a.xlsx") is None


def test_a_pdf(tmp_path):
    pdf = serialize([b"<< /Type /Catalog >>"])
    assert suffix_for(put(tmp_path, pdf), "report.doc") == ".pdf"


@pytest.mark.parametrize(
    ("stream", "name", "expected"),
    [
        ("WordDocument", None, ".doc"),
        ("WordDocument", "报告.wps", ".wps"),
        ("WordDocument", "报告.xls", ".doc"),
        ("Workbook", None, ".xls"),
        ("Workbook", "表.et", ".et"),
        ("Book", "old.xls", ".xls"),
    ],
)
def test_old_office_files_by_their_streams(tmp_path, stream, name, expected):
    assert suffix_for(put(tmp_path, compound(stream)), name) == expected


def test_an_old_office_file_whose_directory_is_far_from_the_start(tmp_path):
    assert suffix_for(put(tmp_path, compound("Workbook", filler=200_000)), None) == ".xls"
    assert suffix_for(put(tmp_path, compound("Nothing")), "a.doc") is None


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b'\xef\xbb\xbf  {"format": "2021"}', None, ".json"),
        (b"[1, 2]", "x.txt", ".json"),
        (b"<!DOCTYPE html><html><body>x</body></html>", None, ".html"),
        (b"<table><tr><td>1</td></tr></table>", "page.htm", ".htm"),
        ("一、总体情况\n本机关…".encode(), None, ".txt"),
        ("一、总体情况\n本机关…".encode("gb18030"), "报告.md", ".md"),
        ("一、总体情况".encode(), "page.html", ".html"),  # a fragment saved as a page
        ("一、总体情况".encode("utf-16"), None, ".txt"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.pdf", None),
    ],
)
def test_text_families(tmp_path, data, name, expected):
    assert suffix_for(put(tmp_path, data), name) == expected


def test_a_published_text_and_an_example_payload(tmp_path):
    text = SEEDS / "002_ce68d56cc731e239.txt"
    assert suffix_for(text, None) == ".txt"
    assert suffix_for(EXAMPLES / "qianxinan-2023.json", "payload") == ".json"


# --- standard input's cases: bytes, no name ----------------------------------------------


@pytest.mark.parametrize(
    ("head", "suffix"),
    [
        (b'\xef\xbb\xbf  {"format": "2021"}', ".json"),
        (b"%PDF-1.7", ".pdf"),
        (b"<!doctype html><html>", ".html"),
        (b"{\\rtf1\\ansi", ".doc"),  # Word's rich text, often saved as .doc
        (OLE + "WordDocument".encode("utf-16-le"), ".doc"),
        (OLE + "Workbook".encode("utf-16-le"), ".xls"),
        ("一、总体情况\n".encode(), ".txt"),
        ("| 一 | 二 |".encode(), ".txt"),
        ("[打印本页] 一、总体情况".encode(), ".txt"),  # a pasted page, not a JSON array
        ('{"format": "2021"}'.encode("utf-16"), ".json"),  # Notepad's "Unicode"
        ("<html><body>一</body></html>".encode("utf-32"), ".html"),
        ('{"format": "2021"}'.encode("utf-16-le"), None),  # NUL bytes and no mark: binary
    ],
)
def test_the_type_is_told_from_the_first_bytes(head, suffix):
    assert sniff.suffix_for(head) == suffix


def test_the_name_breaks_ties_for_bytes_too():
    assert sniff.suffix_for("一、总体情况".encode(), "报告.md") == ".md"
    assert sniff.suffix_for(OLE + "Workbook".encode("utf-16-le"), "表.et") == ".et"


def test_every_suffix_it_answers_has_a_reader():
    answered = {suffix for suffixes in sniff._FAMILIES.values() for suffix in suffixes}
    assert answered <= set(readable_suffixes())
