"""Which reader a file needs, told from its content; a name only breaks ties.

A file posted to the service may have no name, or one that lies (``report.xls`` that
is really an .xlsx, a web page saved as ``.txt``), and standard input
(``gkreport validate -``) has none at all. The first bytes say which family a file
is: a zip archive (.xlsx, .docx, .ods), a PDF, an old office compound file (.xls,
.doc), or text (JSON, RTF, HTML, plain text). Within a family the content is looked
at further (the parts of the archive, the streams of the compound file); only where
the content cannot tell (.md from .txt, .htm from .html, .et from .xls) does the
name's suffix decide. The suffix answered is one `gkreport._readers.dispatch` has a
reader for; the service and ``validate -`` both ask here, so they agree on every input.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path
from typing import BinaryIO

__all__ = ["HEAD_BYTES", "family_of", "suffix_for"]

#: How much of the start of a file `family_of` looks at (besides a zip's directory).
HEAD_BYTES = 64 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The compound file streams that make a workbook or a Word document (UTF-16 names).
_WORKBOOK = "Workbook".encode("utf-16-le")
_OLD_WORKBOOK = "Book".encode("utf-16-le")
_WORD = "WordDocument".encode("utf-16-le")
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|meta|div|p)[\s>]", re.IGNORECASE)
#: A JSON array's start: "[打印本页]" at the top of a pasted page is text, not JSON.
_ARRAY = re.compile(rb'\[\s*(?:[\[{"\d\-\]]|true|false|null)')
#: Byte order marks, UTF-32 first (its little-endian mark begins with UTF-16's), as the
#: text reader (`gkreport._readers.text.encoding`) takes them.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: The suffixes each family may carry; the first is what a file without a fitting name gets.
_FAMILIES = {
    "xlsx": (".xlsx",),
    "docx": (".docx", ".docm"),
    "ods": (".ods",),
    "pdf": (".pdf",),
    "xls": (".xls", ".et"),
    "doc": (".doc", ".wps"),
    "json": (".json",),
    "html": (".html", ".htm"),
    "text": (".txt", ".md"),
}


def _zip_family(file: BinaryIO) -> str | None:
    """.xlsx, .docx or .ods by the parts the archive holds; None for another or a broken zip."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return None
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("word/") for name in names):
        return "docx"
    return None


def _ole_family(file: BinaryIO, head: bytes) -> str | None:
    """A Word document or a workbook, by the names of its streams (in the file's directory).

    The directory usually sits near the start; where it is not in ``head``, the
    whole file (an upload or standard input, within the size limit) is searched.
    """
    found = _stream_family(head)
    if found is None:
        file.seek(0)
        found = _stream_family(file.read())
    return found


def _stream_family(content: bytes) -> str | None:
    if _WORD in content:
        return "doc"
    if _WORKBOOK in content or _OLD_WORKBOOK in content:
        return "xls"
    return None


def _as_text(head: bytes) -> bytes | None:
    """The head as UTF-8 without its byte order mark; None for binary content (NUL bytes)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, "ignore").encode("utf-8")
    return None if b"\x00" in head else head


def _text_family(text: bytes) -> str:
    start = text.lstrip(b" \t\r\n\f")
    if start.startswith(b"{\\rtf"):
        return "doc"  # Word's rich text, often saved as .doc: LibreOffice reads it
    if start.startswith(b"{") or _ARRAY.match(start):
        return "json"
    if _HTML.search(text[:4096]):
        return "html"
    return "text"


def family_of(file: BinaryIO) -> str | None:
    """The family of a seekable file's content (a key of `_FAMILIES`); None for none read."""
    head = file.read(HEAD_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return _zip_family(file)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE):
        return _ole_family(file, head)
    text = _as_text(head)
    return None if text is None else _text_family(text)


def suffix_for(source: Path | bytes, name: str | None = None) -> str | None:
    """The suffix to read ``source`` (a file, or its bytes) by: its family, ``name``'s within it.

    None when the content is of no type gkreport reads (an image, an unknown archive).
    """
    if isinstance(source, bytes):
        family = family_of(io.BytesIO(source))
    else:
        with source.open("rb") as file:
            family = family_of(file)
    if family is None:
        return None
    suffixes = _FAMILIES[family]
    given = Path(name).suffix.lower() if name else ""
    if family == "text" and given in (".html", ".htm"):
        return given  # an HTML fragment without a tag the sniff knows
    return given if given in suffixes else suffixes[0]
