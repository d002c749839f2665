"""gkreport._readers.archive: a .docx or .xlsx is checked before python-docx or openpyxl opens it.

Before issue 12 a 1 MB .docx holding a 1 GiB word/document.xml reached 2 GB of
memory and then raised an uncaught lxml XMLSyntaxError, and so did a billion-laughs
.docx; a workbook nested 900,000 elements deep took 760 MB. Each is now a
`ReadError` naming the file, the part and the limit, in bounded time and memory.
"""

from __future__ import annotations

import contextlib
import io
import json
import pyexpat
import re
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gkreport
from gkreport import excel
from gkreport._readers import archive
from gkreport._readers.archive import (
    DOCX,
    XLSX,
    _known_plain,
    _plainly_within,
    _proven,
    _tags_within,
    check_archive,
)
from gkreport._readers.limits import Limits, applied
from tests.hostile.build import (
    LAUGHS,
    bomb,
    claim_size,
    deep_xml,
    example_report,
    read_part,
    with_part,
    word_document,
)

docx = pytest.importorskip("docx", reason="python-docx (gkreport[docx]) is not installed")

DOCUMENT = "word/document.xml"
SHEET = "xl/worksheets/sheet1.xml"


@pytest.fixture
def word(tmp_path: Path) -> Path:
    return word_document(tmp_path / "real.docx")


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    path = tmp_path / "real.xlsx"
    excel.write(example_report(), path)
    return path


def refusal(path: Path, pattern: str, limits: Limits | None = None) -> gkreport.ReadError:
    with pytest.raises(gkreport.ReadError, match=pattern) as info:
        gkreport.load(path, limits=limits)
    assert str(path) in str(info.value)
    return info.value


# --- the cases -----------------------------------------------------------------------


def _loaded_in_a_child(path: Path) -> dict[str, Any]:
    """``gkreport.load(path)`` in a fresh process: its seconds, peak memory (KiB) and error."""
    child = textwrap.dedent(
        f"""
        import json, resource, time
        import gkreport
        started = time.perf_counter()
        try:
            gkreport.load({str(path)!r})
            message = None
        except gkreport.ReadError as error:
            message = str(error)
        print(json.dumps({{
            "seconds": time.perf_counter() - started,
            "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "message": message,
        }}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, timeout=120, check=True
    )
    outcome: dict[str, Any] = json.loads(result.stdout)
    return outcome


def test_a_1_gib_word_bomb_is_refused_in_bounded_time_and_memory(tmp_path: Path, word: Path):
    path = bomb(tmp_path / "bomb.docx", DOCUMENT, 2**30, skeleton=word)
    assert path.stat().st_size < 8 * 2**20
    outcome = _loaded_in_a_child(path)
    assert outcome["message"] is not None, "the bomb was read"
    assert f"part {DOCUMENT}" in outcome["message"]
    assert "max_xml_part_bytes=16777216" in outcome["message"]
    assert outcome["seconds"] < 10
    assert outcome["peak_kib"] < 300 * 1024


def test_a_billion_laughs_word_document_is_refused(tmp_path: Path, word: Path):
    body = read_part(word, DOCUMENT).split(b"?>", 1)[-1]
    laughs = LAUGHS.encode() + body.replace(b"</w:body>", b"&lol9;</w:body>")
    path = with_part(word, tmp_path / "laughs.docx", DOCUMENT, laughs)
    started = time.perf_counter()
    error = refusal(path, r"not a readable Word document \(refused: EntitiesForbidden")
    assert time.perf_counter() - started < 5
    assert error.where == f"part {DOCUMENT}"


def test_an_entity_in_any_part_of_a_workbook_is_refused_too(tmp_path: Path, workbook: Path):
    path = with_part(workbook, tmp_path / "laughs.xlsx", "xl/styles.xml", LAUGHS.encode() + b"<a/>")
    error = refusal(path, r"not a readable \.xlsx workbook \(refused: EntitiesForbidden")
    assert error.where == "part xl/styles.xml"


@pytest.mark.parametrize(("suffix", "part"), [(".docx", DOCUMENT), (".xlsx", SHEET)])
def test_deep_nesting_is_refused_before_any_tree_is_built(
    tmp_path: Path, word: Path, workbook: Path, suffix: str, part: str
):
    source = word if suffix == ".docx" else workbook
    path = with_part(source, tmp_path / f"deep{suffix}", part, deep_xml(100_000))
    started = time.perf_counter()
    error = refusal(path, "refused: XML elements nested 257 deep, over the limit max_xml_depth=256")
    assert time.perf_counter() - started < 5
    assert error.where == f"part {part}"


def test_nesting_within_a_raised_depth_limit_is_read(tmp_path: Path, workbook: Path):
    path = with_part(workbook, tmp_path / "deep.xlsx", None, None)
    with zipfile.ZipFile(path, "a") as archive:  # a part no one reads is checked all the same
        archive.writestr("customXml/item9.xml", deep_xml(300))
    refusal(path, "max_xml_depth=256")
    assert gkreport.load(path, limits=Limits(max_xml_depth=400)) == gkreport.load(workbook)


def test_a_lying_zip_directory_is_caught_by_the_crc(tmp_path: Path, word: Path):
    """zipfile never unpacks more than a part claims; the rest fails its CRC."""
    path = bomb(tmp_path / "liar.docx", DOCUMENT, 64 * 2**20, skeleton=word)
    claim_size(path, DOCUMENT, 1000)
    refusal(path, r"not a readable Word document \(the archive is damaged: Bad CRC-32")


@pytest.mark.parametrize("part", ["xl/styles.xml", SHEET])
def test_a_part_that_understates_its_size_is_never_unpacked_whole(
    tmp_path: Path, workbook: Path, part: str
):
    """A small file (read whole, its parts unpacked at once) whose part says 1000 bytes and
    unpacks to 512 MiB: refused by its CRC, with no more than the declared size unpacked."""
    path = tmp_path / "liar.xlsx"
    with zipfile.ZipFile(workbook) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename != part:
                new.writestr(item.filename, old.read(item))
        with new.open(part, "w") as handle:
            chunk = b"<a/>" * 2**18
            for _ in range(512):
                handle.write(chunk)
    claim_size(path, part, 1000)
    assert path.stat().st_size < archive._WHOLE
    outcome = _loaded_in_a_child(path)
    assert outcome["message"] is not None
    assert f"Bad CRC-32 for file '{part}'" in outcome["message"]
    assert outcome["peak_kib"] < 400 * 1024, outcome  # ~65 MB; 1.1 GB when it was unpacked


# --- what python-docx and lxml still raise becomes a ReadError ----------------------------------


def test_damaged_xml_in_a_word_document_is_a_read_error(tmp_path: Path, word: Path):
    path = with_part(word, tmp_path / "damaged.docx", DOCUMENT, b"<w:document><not-closed")
    refusal(path, r"not a readable Word document \(XMLSyntaxError")


def test_a_word_document_without_its_main_part_is_a_read_error(tmp_path: Path, word: Path):
    path = tmp_path / "partless.docx"
    with zipfile.ZipFile(word) as old, zipfile.ZipFile(path, "w") as new:
        for item in old.infolist():
            if item.filename != DOCUMENT:
                new.writestr(item, old.read(item))
    refusal(path, "not a readable Word document")


def test_an_old_binary_word_file_says_to_save_it_as_docx(tmp_path: Path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    refusal(path, r"old binary Word file \(\.doc\).*save as \.docx")


def test_an_encrypted_word_file_says_to_remove_the_password(tmp_path: Path):
    path = tmp_path / "secret.docx"
    body = "EncryptionInfo".encode("utf-16-le") + bytes(64)
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + body + bytes(1024))
    refusal(path, "the document is password-protected")


def test_a_real_word_document_still_reads(word: Path):
    assert gkreport.load(word).applications == example_report().applications


# --- every limit of the archive check, lowered onto a real file -----------------------------


@pytest.mark.parametrize(
    ("limits", "pattern"),
    [
        (Limits(max_file_bytes=1000), r"refused: \d+ bytes in the file.*max_file_bytes=1000"),
        (Limits(max_archive_members=3), r"refused: \d+ parts in the archive.*members=3"),
        (Limits(max_unpacked_bytes=5000), r"the archive unpacks to \d+ bytes.*bytes=5000"),
        (Limits(max_xml_part_bytes=500), r"refused: \d+ bytes of XML.*max_xml_part_bytes=500"),
        (Limits(max_xml_bytes=5000), r"the XML parts unpack to \d+ bytes.*max_xml_bytes=5000"),
        (Limits(max_compression_ratio=2, ratio_grace_bytes=100), r"compressed \d+:1.*ratio=2"),
        (Limits(max_xml_depth=2), r"nested 3 deep, over the limit max_xml_depth=2"),
    ],
)
@pytest.mark.parametrize("kind", [DOCX, XLSX])
def test_each_archive_limit_names_the_file_and_the_limit(
    word: Path, workbook: Path, kind: object, limits: Limits, pattern: str
):
    path = word if kind is DOCX else workbook
    with applied(limits), pytest.raises(gkreport.ReadError, match=pattern) as info:
        check_archive(path, kind)  # type: ignore[arg-type]
    assert str(path) in str(info.value)
    assert "refused" in str(info.value)


def test_the_command_line_reports_a_bomb_as_unreadable(tmp_path: Path, word: Path, capsys):
    """The CLI reads with the default limits: a refused file is "could not read", exit 2."""
    from gkreport._cli import main  # noqa: PLC0415 - the CLI loads rich

    path = bomb(tmp_path / "bomb.docx", DOCUMENT, 64 * 2**20, skeleton=word)
    assert main(["validate", "--json", str(path)]) == 2
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["error"].endswith("over the limit max_xml_part_bytes=16777216")


# --- plain parts, counted without expat -------------------------------------------------------


def expat_depth(data: bytes) -> int | None:
    """The deepest nesting expat reaches before it stops (None if it declares an entity)."""
    deepest = depth = 0

    def start(name: str, attributes: object) -> None:
        nonlocal depth, deepest
        depth += 1
        deepest = max(deepest, depth)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    def entity(*_: object) -> None:
        raise ValueError("entity")

    parser = pyexpat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except pyexpat.ExpatError:
        pass
    except ValueError:
        return None
    return deepest


@pytest.mark.parametrize("count", [_plainly_within, _tags_within], ids=lambda f: f.__name__)
def test_every_part_of_a_written_workbook_is_counted_exactly_without_expat(
    workbook: Path, count: Callable[[bytes, int], bool]
):
    with zipfile.ZipFile(workbook) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            depth = expat_depth(data)
            assert depth is not None
            assert count(data, depth), name
            assert not count(data, depth - 1), name  # the depth exactly


@pytest.mark.parametrize(
    "data",
    [
        b'<a x="/>">' * 300 + b"</a>" * 300,  # a "/>" inside a value closes nothing
        b"<a>/>" * 300 + b"</a>" * 300,  # nor one in a text
        b'<a x="/><">' * 300,  # nor one before a "<" in a value, where expat stops
        b"<!-- a comment --><a/>",  # a comment, CDATA, a declaration: expat decides
        b'<?xml version="1.0" encoding="UTF-16"?><a/>',
        "<a/>".encode("utf-16"),
        b"<a>" * 257 + b"</a>" * 257,
        b"<a><b></a>",  # unbalanced: expat decides
    ],
)
def test_a_part_that_is_not_plain_or_too_deep_goes_through_expat(data: bytes):
    assert not _plainly_within(data, 256)


_TOKENS = st.sampled_from(
    ["<a>", "</a>", "<b/>", '<c x="/>">', '<c x=">"/>', "<d y='/>'>", "/>", ">", "</", "<", "t"]
)


@settings(max_examples=400, deadline=None)
@given(tokens=st.lists(_TOKENS, max_size=60), limit=st.integers(1, 6))
def test_counted_without_expat_means_expat_refuses_nothing(tokens: list[str], limit: int):
    """Whatever the bytes, a part found plain within the limit is one expat finds within it."""
    data = "".join(tokens).encode()
    if _plainly_within(data, limit):
        depth = expat_depth(data)
        assert depth is not None
        assert depth <= limit


# --- a part proven before is not unpacked again, and nothing else changes ------------------


def _checked(path: Path, *, remembered: bool) -> dict[str, bytes] | str:
    """The parts `check_archive` keeps, or its refusal; with nothing remembered if asked."""
    if not remembered:
        _proven.cache_clear()
        _known_plain.cache_clear()
    try:
        return check_archive(path, XLSX, keep=lambda _name: True)
    except gkreport.ReadError as exc:
        return f"refused: {exc} ({exc.where})"


def test_the_parts_kept_are_those_zipfile_reads_remembered_or_not(workbook: Path):
    with zipfile.ZipFile(workbook) as archive:
        parts = {
            name: archive.read(name)
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }
    assert _checked(workbook, remembered=False) == parts
    assert _proven.cache_info().currsize == len(parts)
    hits = _proven.cache_info().hits
    assert _checked(workbook, remembered=True) == parts
    assert _proven.cache_info().hits == hits + len(parts)  # none unpacked again


def test_a_part_changed_after_the_template_was_proven_is_checked_again(
    tmp_path: Path, workbook: Path
):
    _checked(workbook, remembered=True)
    for depth, refused in ((256, False), (257, True)):
        path = with_part(workbook, tmp_path / f"deep{depth}.xlsx", SHEET, deep_xml(depth - 1))
        outcome = _checked(path, remembered=True)
        assert outcome == _checked(path, remembered=False)
        assert isinstance(outcome, str) == refused


def _directory_entry(data: bytearray, part: str) -> int:
    """Where the zip's central directory entry of ``part`` starts."""
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == part.encode():
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(part)


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("local name", r"the archive is damaged: File name in directory 'xl/styles\.xml'"),
        ("crc", r"the archive is damaged: Bad CRC-32 for file 'xl/styles\.xml'"),
        ("size", r"the archive is damaged"),
        ("signature", r"the archive is damaged: Bad magic number for file header"),
    ],
)
def test_a_part_zipfile_would_not_read_is_refused_the_same_though_its_bytes_are_known(
    tmp_path: Path, workbook: Path, damage: str, message: str
):
    """The same compressed bytes in a damaged entry: zipfile's refusal, as before."""
    _checked(workbook, remembered=True)  # xl/styles.xml is now remembered
    data = bytearray(workbook.read_bytes())
    local = data.find(b"xl/styles.xml")  # the local header comes first
    entry = _directory_entry(data, "xl/styles.xml")
    if damage == "local name":
        data[local + len("xl/style")] = ord("Z")
    elif damage == "crc":
        struct.pack_into("<L", data, entry + 16, struct.unpack_from("<L", data, entry + 16)[0] ^ 1)
    elif damage == "size":
        struct.pack_into("<L", data, entry + 24, struct.unpack_from("<L", data, entry + 24)[0] - 1)
    else:
        data[local - 30] = ord("Q")
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(bytes(data))
    outcome = _checked(path, remembered=True)
    assert isinstance(outcome, str)
    assert re.search(message, outcome), outcome
    assert outcome == _checked(path, remembered=False)


def _plainly_within_by_patterns(data: bytes, max_depth: int) -> bool:
    """`_plainly_within` as first written: each check a pattern of its own, a pass each."""
    body = data
    if body.translate(None, archive._NOT_BYTES_NOT_PLAIN) or archive._MARKUP_NOT_PLAIN.search(body):
        return False
    if archive._LOOSE_SLASH.search(body) or archive._SLASH_IN_VALUE.search(body):
        return False
    brackets = body.replace(b"/>", archive._CLOSE).replace(b"</", archive._CLOSE)
    brackets = brackets.translate(None, archive._NOT_BRACKET)
    depth = 0
    while brackets:
        inner = brackets.replace(archive._PAIR, b"")
        depth += 1
        if len(inner) == len(brackets) or depth > max_depth:
            return False
        brackets = inner
    return True


@settings(max_examples=600, deadline=None)
@given(tokens=st.lists(_TOKENS | st.sampled_from(["<e/>", "a/b", "</e>", " ", "\n"]), max_size=60))
def test_the_plain_count_decides_as_its_patterns_did(tokens: list[str]):
    """The closings marked once and the loose "/>" found from them: the same answers."""
    data = "".join(tokens).encode()
    close = archive._CLOSE
    angles = data.replace(b"/>", b" " + close).translate(None, archive._NOT_ANGLE_OR_CLOSE)
    assert (archive._LOOSE_SLASH.search(data) is not None) == (
        b">" + close in angles or close + close in angles
    )
    for limit in (1, 3, 256):
        assert _plainly_within(data, limit) == _plainly_within_by_patterns(data, limit)


def test_every_part_of_a_written_workbook_is_plain_as_its_patterns_said(workbook: Path):
    with zipfile.ZipFile(workbook) as zipped:
        for name in zipped.namelist():
            data = zipped.read(name)
            body = data.split(b"?>", 1)[-1] if data.startswith(b"<?xml") else data
            assert _plainly_within(body, 256) == _plainly_within_by_patterns(body, 256), name


# --- the tag scan: two passes, decided as expat decides ----------------------------------------


def expat_refuses(data: bytes, limit: int) -> bool:
    """Whether the exact check (expat, with the archive check's handlers) refuses ``data``."""
    try:
        archive._parser(limit).Parse(data, True)
    except archive._Refused:
        return True
    except pyexpat.ExpatError:
        pass
    return False


#: Names of every first byte the tag scan keeps (a letter, ":", "_", a character past ASCII),
#: and of bytes it drops after the first (digits, ".", "-").
_NAMES = st.sampled_from(
    ["a", "b", "x:c", "row", "c", "t", "\u6b63\u6587", "_d.e-f", "_", "a1", ":", "\u00e9-2"]
)
_ESCAPES = st.sampled_from(["&amp;", "&#26426;", "&lt;", "&gt;", "&quot;"])
_VALUE_TEXT = st.lists(
    st.text(alphabet="ab/!?'>\u6570 ;#x", max_size=3) | _ESCAPES, max_size=3
).map("".join)
_TEXT = st.lists(st.text(alphabet="ab/!?'\"\u6570 \n;#x", max_size=3) | _ESCAPES, max_size=3).map(
    "".join
)


@st.composite
def _attribute(draw: st.DrawFn, name: str) -> str:
    value = draw(_VALUE_TEXT)
    quote = draw(st.sampled_from(['"', "'"]))
    value = value.replace(quote, "")  # the other quote may stay
    space = draw(st.sampled_from([" ", "\n ", "  "]))
    return f"{space}{name}{draw(st.sampled_from(['=', ' = ']))}{quote}{value}{quote}"


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: st.DrawFn) -> str:
        name = draw(_NAMES)
        taken = draw(st.lists(_NAMES, max_size=3, unique=True))
        attributes = "".join(draw(_attribute(each)) for each in taken)
        inner = draw(st.lists(children | _TEXT, max_size=4))
        if not inner and draw(st.booleans()):
            return f"<{name}{attributes}{draw(st.sampled_from(['/>', ' />']))}"
        close = draw(st.sampled_from([">", " >", "\n>"]))
        return f"<{name}{attributes}>{''.join(inner)}</{name}{close}"

    return build()


#: Well-formed documents, nested up to several deep, with slashes, quotes, ``!``, ``?`` and ``>``
#: in values and texts.
_DOCUMENTS = st.recursive(st.just("<e/>"), _element, max_leaves=30).map(str.encode)

#: What a hostile part holds: declarations, entities, comments, CDATA, instructions, BOMs,
#: bytes never in UTF-8, loose brackets and slashes, and the marks the scan itself uses.
_HOSTILE = st.sampled_from(
    [
        b'<!DOCTYPE a [<!ENTITY e "x">]>',
        b'<!ENTITY e SYSTEM "file:///etc/passwd">',
        b"&e;",
        b"<!-- </a> -->",
        b"<![CDATA[</a><b>]]>",
        b"<?pi </a>?>",
        b'<?xml version="1.0" encoding="UTF-16"?>',
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\x00",
        b"\x01",
        b"\xfe",
        b"\x01\xfe>",
        b"<",
        b">",
        b"/>",
        b"</",
        b'"',
        b"'",
        b'<a x="/>">',
        b"<a x='</b>'>",
        b"<a>" * 8,
        b"</a>",
        b"< /a>",  # a byte the tag scan drops between "<" and "/": where expat stops
        b"<1/>",
        b"<=/>",
        b"< a/>",
    ]
)


@st.composite
def _hostile_documents(draw: st.DrawFn) -> bytes:
    """A document with hostile pieces put in at any byte, or UTF-16 encoded."""
    data = draw(_DOCUMENTS)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(_HOSTILE) + data[at:]
    if draw(st.integers(0, 9)) == 0:
        data = data.decode("utf-8", "surrogateescape").encode("utf-16", "surrogatepass")
    return data


def _no_loose(data: bytes) -> bool:
    """Whether every ``>`` of ``data`` ends a tag and no ``!`` or ``?`` is inside one."""
    angles = data.translate(None, bytes(range(256)).translate(None, b"<>!?"))
    return re.fullmatch(rb"(?:<>|[!?])*", angles) is not None


@pytest.mark.parametrize(
    "data",
    [
        b'<a x="/>">' * 3 + b"</a>" * 3,  # ">" in a value: not decided here
        b"<a>x > y</a>",  # nor in a text
        b"<!-- a comment --><a/>",
        b"<![CDATA[x]]><a/>",
        b"<?pi?><a/>",
        b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
        b'<?xml version="1.0" encoding="UTF-16"?><a/>',
        "<a/>".encode("utf-16"),
        b"<a>\xfe</a>",
        b"<a>" * 257 + b"</a>" * 257,
        b"<a><b></a>",
    ],
)
def test_a_part_the_tag_scan_cannot_decide_goes_on(data: bytes):
    assert not _tags_within(data, 256)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_the_tag_scan_alone_refuses_nothing_expat_would_not(
    tmp_path: Path, word: Path, workbook: Path, suffix: str, monkeypatch: pytest.MonkeyPatch
):
    """With the byte count switched off, the archive's refusals are the same (the tag scan's)."""
    monkeypatch.setattr(archive, "_plainly_within", lambda data, depth: False)
    _proven.cache_clear()
    _known_plain.cache_clear()
    source = word if suffix == ".docx" else workbook
    part = DOCUMENT if suffix == ".docx" else SHEET
    path = with_part(source, tmp_path / f"deep{suffix}", part, deep_xml(300))
    refusal(path, "refused: XML elements nested 257 deep, over the limit max_xml_depth=256")
    assert check_archive(source, DOCX if suffix == ".docx" else XLSX) == {}
    _proven.cache_clear()
    _known_plain.cache_clear()


# --- the kept parts, stored again for the fast reader -----------------------------------------


def test_the_kept_parts_of_a_whole_archive_are_stored_again_as_read(workbook: Path):
    kept = check_archive(workbook, XLSX, keep=lambda _name: True)
    assert kept.whole
    unpacked = kept.unpacked()
    assert unpacked is not None
    with zipfile.ZipFile(io.BytesIO(unpacked)) as copy, zipfile.ZipFile(workbook) as original:
        assert copy.testzip() is None  # every CRC holds
        assert copy.namelist() == original.namelist()
        assert {name: copy.read(name) for name in copy.namelist()} == {
            name: original.read(name) for name in original.namelist()
        }
        assert all(info.compress_type == zipfile.ZIP_STORED for info in copy.infolist())
    calamine = pytest.importorskip("python_calamine", reason="gkreport[fast] is not installed")
    copied = calamine.CalamineWorkbook.from_filelike(io.BytesIO(unpacked))
    read = calamine.CalamineWorkbook.from_path(str(workbook))
    assert copied.sheet_names == read.sheet_names
    for name in read.sheet_names:
        assert (
            copied.get_sheet_by_name(name).to_python() == read.get_sheet_by_name(name).to_python()
        )


def test_parts_left_out_of_the_stored_copy_are_left_out_alone(workbook: Path):
    """A reader's copy without the sheets it never opens: the rest as read, still read alike."""
    kept = check_archive(workbook, XLSX, keep=lambda _name: True)
    with zipfile.ZipFile(workbook) as original:
        sheets = [name for name in original.namelist() if name.startswith("xl/worksheets/")]
        left_out, *opened = sheets
        unpacked = kept.unpacked(without={left_out})
        assert unpacked is not None
        with zipfile.ZipFile(io.BytesIO(unpacked)) as copy:
            assert copy.testzip() is None
            assert copy.namelist() == [n for n in original.namelist() if n != left_out]
            assert all(copy.read(name) == original.read(name) for name in copy.namelist())
    assert opened
    calamine = pytest.importorskip("python_calamine", reason="gkreport[fast] is not installed")
    copied = calamine.CalamineWorkbook.from_filelike(io.BytesIO(unpacked))
    read = calamine.CalamineWorkbook.from_path(str(workbook))
    assert copied.sheet_names == read.sheet_names  # the workbook still lists every sheet
    for index in range(1, len(read.sheet_names)):
        assert (
            copied.get_sheet_by_index(index).to_python()
            == read.get_sheet_by_index(index).to_python()
        )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("xl/media/image1.png", b"\x89PNG\r\n\x1a\n"),  # a part the check does not read
        ("xl/styles.xml", b"<styleSheet/>"),  # a name twice: which one a reader takes varies
    ],
)
def test_an_archive_not_kept_whole_is_not_stored_again(
    tmp_path: Path, workbook: Path, name: str, data: bytes
):
    path = tmp_path / "more.xlsx"
    path.write_bytes(workbook.read_bytes())
    twice = name == "xl/styles.xml"
    warned = pytest.warns(UserWarning, match="Duplicate") if twice else contextlib.nullcontext()
    with zipfile.ZipFile(path, "a") as archive, warned:
        archive.writestr(name, data)
    kept = check_archive(path, XLSX, keep=lambda _name: True)
    assert not kept.whole
    assert kept.unpacked() is None
    if not twice:
        assert gkreport.load(path) == gkreport.load(workbook)


def test_parts_not_asked_for_are_not_kept(workbook: Path):
    kept = check_archive(workbook, XLSX, keep=lambda name: name.startswith("xl/worksheets/"))
    assert kept
    assert all(name.startswith("xl/worksheets/") for name in kept)
    assert not kept.whole
    assert kept.unpacked() is None


# --- the tags of a large part without markup, checked by one comparison --------------------

#: More hostile pieces: prefixed names, whitespace, attributes in other orders and quotes,
#: brackets and slashes in values and texts.
_MORE_HOSTILE = st.sampled_from(
    [
        b"<x:a>",
        b"</x:a>",
        b"<x:a/>",
        b"<a\n/>",
        b"<a\t x='1'\n/>",
        b'<a y="2" x=\'"\'/>',
        b"<a x=\"'>'\"/>",
        b'<a x="<"/>',
        b"<a/ >",
        b"</a\t>",
        b"</a x>",
        b"<a>>",
        b"<<a>",
        b"</>",
        b"<>",
        b"\x00",
        b"\xff",
        b"/",
        b"text",
    ]
)


@st.composite
def _more_hostile_documents(draw: st.DrawFn) -> bytes:
    data = draw(_hostile_documents())
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(_MORE_HOSTILE) + data[at:]
    return data


@settings(max_examples=1500, deadline=None)
@given(data=_more_hostile_documents(), limit=st.integers(1, 8))
def test_the_comparison_decides_as_the_count_does(data: bytes, limit: int):
    """`_compared_within` answers as `_counted_within` wherever it is used (`_markup_free`)."""
    body = archive._plain_body(data)
    if body is None or not archive._markup_free(body):
        return
    kept = archive._tags_kept(body)
    assert archive._compared_within(kept, limit) == archive._counted_within(kept, limit)


@contextlib.contextmanager
def _compared_from(size: int):
    """`_tags_within` with its comparison used from ``size`` bytes on."""
    before = archive._COMPARED_FROM
    archive._COMPARED_FROM = size
    try:
        yield
    finally:
        archive._COMPARED_FROM = before


#: The tag scan as it is used (the comparison from `archive._COMPARED_FROM` bytes on) and
#: with the comparison used for every part, each on its hostile documents.
_SCANS = pytest.mark.parametrize(
    ("compared_from", "hostile"),
    [(archive._COMPARED_FROM, _hostile_documents()), (0, _more_hostile_documents())],
    ids=["as-used", "by-comparison"],
)


@_SCANS
@settings(max_examples=1500, deadline=None)
@given(data=st.data(), limit=st.integers(1, 8))
def test_the_tag_scan_never_passes_what_expat_refuses(
    compared_from: int, hostile: st.SearchStrategy[bytes], data: st.DataObject, limit: int
):
    document = data.draw(hostile)
    with _compared_from(compared_from):
        passed = _tags_within(document, limit)
    if passed:
        assert not expat_refuses(document, limit)


@_SCANS
@settings(max_examples=800, deadline=None)
@given(data=_DOCUMENTS, limit=st.integers(1, 8))
def test_the_tag_scan_decides_a_plain_document_as_expat_does(
    compared_from: int, hostile: st.SearchStrategy[bytes], data: bytes, limit: int
):
    """Without ``>`` in texts and values, or ``!``, ``?`` in values: decided as expat decides."""
    depth = expat_depth(data)
    assert depth is not None
    pyexpat.ParserCreate().Parse(data, True)  # well-formed
    with _compared_from(compared_from):
        passed = _tags_within(data, limit)
    if _no_loose(data):
        assert passed == (depth <= limit)
    elif passed:
        assert depth <= limit


def test_a_large_part_is_checked_by_comparison_and_counted_exactly(workbook: Path):
    with zipfile.ZipFile(workbook) as archive_file:
        data = archive_file.read(SHEET.replace("sheet1", "sheet2"))
    body = archive._plain_body(data)
    assert body is not None
    assert len(body) >= archive._COMPARED_FROM
    assert archive._markup_free(body)
    depth = expat_depth(data)
    assert depth is not None
    assert _tags_within(data, depth)
    assert not _tags_within(data, depth - 1)
    for piece in (b"<!-- c -->", b"<a>1 > 0</a>", b"<?pi?>"):  # where the count decides
        changed = data.replace(b"</sheetData>", piece + b"</sheetData>", 1)
        assert _tags_within(changed, 256) == archive._counted_within(
            archive._tags_kept(archive._plain_body(changed) or b""), 256
        )


def _raw_deflate(data: bytes, level: int) -> bytes:
    """``data`` deflated as a zip stores a part: raw, no zlib header."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(st.characters(exclude_characters="<>&\x00", codec="utf-8"), max_size=3000),
    level=st.integers(0, 9),
    cut=st.integers(0, 40),
    flip=st.none() | st.integers(0, 10_000),
    size_off=st.sampled_from([0, 0, -1, 1]),
    crc_off=st.sampled_from([0, 0, 1]),
)
def test_zlib_ng_and_zlib_prove_the_same_parts(
    text: str, level: int, cut: int, flip: int | None, size_off: int, crc_off: int
):
    """Whichever module unpacks a part (zlib-ng with the fast extra, else zlib), `_proven`
    gives the same answer: a part whole, cut short, with a byte changed, or declared with
    another size or checksum."""
    zlib_ng = pytest.importorskip("zlib_ng.zlib_ng", reason="zlib-ng (gkreport[fast]) missing")
    data = f"<r>{text}</r>".encode()
    raw = _raw_deflate(data, level)
    raw = raw[: max(len(raw) - cut, 0)]
    if flip is not None and raw:
        at = flip % len(raw)
        raw = raw[:at] + bytes([raw[at] ^ 0x5A]) + raw[at + 1 :]
    args = (raw, True, len(data) + size_off, zlib.crc32(data) + crc_off, 256)
    answers = []
    for module in (zlib, zlib_ng):
        previous, archive._inflate = archive._inflate, module
        try:
            answers.append(_proven.__wrapped__(*args))
        finally:
            archive._inflate = previous
    assert answers[0] == answers[1]
    if not (cut or flip is not None or size_off or crc_off):
        assert answers[0] == data
