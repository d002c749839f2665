"""gkreport._readers.text.encoding: every encoding a report is saved in reads like UTF-8.

The files are the seeds and a web page built from their hand-checked values,
re-encoded here at test time: each encoding must read to the same report (or,
for Big5, whose text is the traditional-character version, the same cells) as
the UTF-8 original.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import opencc
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import gkreport
from gkreport._convert import to_dict
from gkreport._errors import ReadError
from gkreport._json import read_json
from gkreport._readers.text import read
from gkreport._readers.text.encoding import declared_encoding, decode
from tests.reference import SEEDS, cell_values
from tests.test_text_html import official_html

STEMS = sorted(path.name.removesuffix(".txt") for path in SEEDS.glob("*.txt"))

#: Notepad's "Unicode" (UTF-16 LE), its big-endian variant, UTF-32, UTF-8 with a mark.
UNICODE = {
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
    "utf-8": codecs.BOM_UTF8,
}


def seed_text(stem: str) -> str:
    return (SEEDS / f"{stem}.txt").read_text("utf-8")


def whole(report: gkreport.Report) -> tuple[dict, dict]:
    return to_dict(report), dict(report.sources)


def traditional(text: str) -> str:
    """A simplified report as a Taiwanese site would publish it, in characters Big5 has.

    What Big5 has no code for is left out: the pinyin a converter added to seed 000
    (``(jù)``, which the reader drops too) and no-break spaces (spaces here).
    """
    converted = opencc.OpenCC("s2tw").convert(text)
    without_pinyin = _PINYIN.sub(lambda m: "" if _not_big5(m.group()) else m.group(), converted)
    return "".join(" " if _not_big5(c) else c for c in without_pinyin)


_PINYIN = re.compile(r"\([a-z\u00e0-\u01dc]+\)")


def _not_big5(text: str) -> bool:
    try:
        text.encode("big5")
    except UnicodeEncodeError:
        return True
    return False


def html_page(stem: str) -> str:
    return official_html(read_json(SEEDS / f"{stem}.expected.json"))


def with_head(page: str, head: str) -> str:
    return page.replace("<head>", f"<head>{head}", 1)


@pytest.fixture(scope="module")
def originals() -> dict[str, gkreport.Report]:
    return {stem: read(SEEDS / f"{stem}.txt") for stem in STEMS}


# --- Unicode with a byte order mark: the same report, line numbers and all -------------


@pytest.mark.parametrize("encoding", sorted(UNICODE))
@pytest.mark.parametrize("stem", STEMS)
def test_a_seed_with_a_byte_order_mark_reads_as_the_utf8_original(
    tmp_path, originals, stem, encoding
):
    path = tmp_path / "report.txt"
    path.write_bytes(UNICODE[encoding] + seed_text(stem).encode(encoding))
    assert whole(read(path)) == whole(originals[stem])


@pytest.mark.parametrize("stem", STEMS)
def test_notepad_unicode_with_crlf_line_ends_reads_as_the_original(tmp_path, originals, stem):
    path = tmp_path / "report.txt"
    text = seed_text(stem).replace("\r\n", "\n").replace("\n", "\r\n")
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert whole(read(path)) == whole(originals[stem])


@pytest.mark.parametrize("stem", STEMS)
def test_a_notepad_unicode_page_reads_as_the_utf8_page(tmp_path, stem):
    page = with_head(html_page(stem), '<meta charset="gb2312">')  # the mark wins, as in browsers
    utf8, utf16 = tmp_path / "utf8.html", tmp_path / "utf16.html"
    utf8.write_bytes(page.encode("utf-8"))
    utf16.write_bytes(codecs.BOM_UTF16_LE + page.encode("utf-16-le"))
    assert whole(read(utf16)) == whole(read(utf8))


# --- GB18030 and GB2312-declared pages ------------------------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_a_seed_in_gb18030_reads_as_the_utf8_original(tmp_path, originals, stem):
    path = tmp_path / "report.txt"
    path.write_bytes(seed_text(stem).encode("gb18030"))
    assert whole(read(path)) == whole(originals[stem])


@pytest.mark.parametrize("stem", STEMS)
def test_a_gb2312_declared_page_reads_as_the_utf8_page(tmp_path, stem):
    declaration = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    page = with_head(html_page(stem), declaration)
    utf8, gb = tmp_path / "utf8.htm", tmp_path / "gb.htm"
    utf8.write_bytes(page.encode("utf-8"))
    gb.write_bytes(page.encode("gb18030"))
    assert whole(read(gb)) == whole(read(utf8))


def test_a_utf8_page_that_still_declares_gb2312_is_read_as_utf8(tmp_path):
    page = html_page(STEMS[0])
    plain, declared = tmp_path / "plain.html", tmp_path / "declared.html"
    plain.write_bytes(page.encode("utf-8"))
    declared.write_bytes(with_head(page, '<meta charset="gb2312">').encode("utf-8"))
    assert cell_values(to_dict(read(declared))) == cell_values(to_dict(read(plain)))
    assert read(declared).text == read(plain).text


# --- Big5: by its declaration or by the decoding check --------------------------------------


@pytest.mark.parametrize("stem", STEMS)
def test_a_seed_in_big5_without_a_declaration_reads_as_in_utf8(tmp_path, stem):
    text = traditional(seed_text(stem))
    utf8, big5 = tmp_path / "utf8.txt", tmp_path / "big5.txt"
    utf8.write_bytes(text.encode("utf-8"))
    big5.write_bytes(text.encode("big5"))
    assert any("\u3040" <= c <= "\u30ff" for c in text.encode("big5").decode("gb18030"))
    assert whole(read(big5)) == whole(read(utf8))  # not the kana above: Big5 was recognised


@pytest.mark.parametrize("stem", STEMS)
def test_a_seed_in_big5_reads_to_the_cells_of_the_simplified_original(tmp_path, originals, stem):
    path = tmp_path / "report.txt"
    path.write_bytes(traditional(seed_text(stem)).encode("big5"))
    got, want = cell_values(to_dict(read(path))), cell_values(to_dict(originals[stem]))
    if stem == "003_e60c3c3fc476d400":  # 萬元 in a text cell: the reader keeps it as a note
        del got["/proactive/procurement/amount"], want["/proactive/procurement/amount"]
    assert got == want


@pytest.mark.parametrize("stem", STEMS)
def test_a_big5_declared_page_reads_as_in_utf8(tmp_path, stem):
    page = traditional(with_head(html_page(stem), "<meta charset=big5>"))
    utf8, big5 = tmp_path / "utf8.html", tmp_path / "big5.html"
    utf8.write_bytes(page.encode("utf-8"))
    big5.write_bytes(page.encode("big5"))
    assert whole(read(big5)) == whole(read(utf8))


def test_a_declaration_breaks_a_tie_the_check_cannot():
    data = "總計".encode("big5")
    assert data.decode("gb18030") == "羆璸"  # two plain characters in GB18030 too...
    assert decode(data, "x") == "羆璸"  # ...so, undeclared, GB18030 wins the tie
    assert decode(b"<meta charset='big5'>" + data, "x").endswith("總計")


def test_a_gb_page_declared_big5_is_still_read_as_gb():
    text = "<meta charset=big5><p>" + seed_text(STEMS[0])[:400]
    assert decode(text.encode("gb18030"), "x") == text


# --- the function and its errors ------------------------------------------------------------


@given(
    st.text(alphabet=st.characters(exclude_categories=("Cs",))), st.sampled_from(sorted(UNICODE))
)
def test_any_text_with_a_byte_order_mark_decodes_exactly(text, encoding):
    # FF FE 00 00 is UTF-32's mark and also UTF-16's mark before a NUL: a text that starts
    # with NUL is ambiguous there (no report does), so UTF-32 wins where it decodes at all.
    assume(not (encoding == "utf-16-le" and text.startswith("\x00") and len(text) % 2 == 1))
    assert decode(UNICODE[encoding] + text.encode(encoding), "x") == text


def test_a_utf16_text_starting_with_nul_that_utf32_cannot_read_is_read_as_utf16():
    text = "\x00" + "年报"  # FF FE 00 00 then 4 bytes: not a whole UTF-32 text after the mark
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "x") == text


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",))))
def test_any_utf8_text_decodes_exactly(text):
    assert decode(text.encode("utf-8"), "x") == text


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (b'<meta charset="Big5">', "big5"),
        (b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=GB2312'>", "gb2312"),
        (b'<?xml version="1.0" encoding="gbk"?>', "gbk"),
        (b"<p>charset=big5 is only text</p>", None),
    ],
)
def test_the_declared_charset_is_found_in_meta_tags_and_xml_prologs(head, name):
    assert declared_encoding(b"<html><head>" + head + b"</head>") == name


def test_bytes_no_encoding_reads_are_refused_naming_the_file(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(b"\x80\x80\xff\xfe\xfd")
    with pytest.raises(
        ReadError, match=r"report\.txt: cannot decode the text \(tried UTF-8, UTF-16"
    ):
        read(path)


def test_a_broken_utf16_file_says_it_starts_with_a_utf16_mark(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "一、总体情况".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(ReadError, match="starts with a utf-16-le mark"):
        read(path)


def test_gkreport_load_reads_a_notepad_unicode_file(tmp_path, originals):
    path = Path(tmp_path / "report.txt")
    path.write_bytes(codecs.BOM_UTF16_LE + seed_text(STEMS[2]).encode("utf-16-le"))
    assert gkreport.load(path) == originals[STEMS[2]]
