"""Which reader an upload needs, told from its content; its name only breaks ties.

A file posted by a portal may have no name, or one that lies (``report.xls`` that
is really an .xlsx, a web page saved as ``.txt``). The first bytes say which family
a file is: a zip archive (.xlsx, .docx, .ods), a PDF, an old office compound file
(.xls, .doc), or text (JSON, HTML, plain text). Within a family the content is
looked at further (the parts of the archive, the streams of the compound file);
only where the content cannot tell (.md from .txt, .htm from .html, .et from
.xls) does the name's suffix decide.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

__all__ = ["HEAD_BYTES", "suffix_for"]

#: How much of the start of a file `suffix_for` looks at (besides a zip's directory).
HEAD_BYTES = 64 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The compound file streams that make a workbook or a Word document (UTF-16 names).
_WORKBOOK = "Workbook".encode("utf-16-le")
_OLD_WORKBOOK = "Book".encode("utf-16-le")
_WORD = "WordDocument".encode("utf-16-le")
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|meta|div|p)[\s>]", re.IGNORECASE)

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


def _zip_family(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.startswith("word/") for name in names):
        return "docx"
    return None


def _ole_family(path: Path, head: bytes) -> str | None:
    """A Word document or a workbook, by the names of its streams (in the file's directory).

    The directory usually sits near the start; where it is not in ``head``, the
    whole file (an upload, within the upload limit) is searched.
    """
    for content in (head, path.read_bytes()):
        if _WORD in content:
            return "doc"
        if _WORKBOOK in content or _OLD_WORKBOOK in content:
            return "xls"
    return None


def _text_family(head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[:1] in (b"{", b"["):
        return "json"
    if _HTML.search(head[:4096]):
        return "html"
    return "text"


def family_of(path: Path) -> str | None:
    """The family of the file's content (`_FAMILIES`), None for none gkreport reads."""
    with path.open("rb") as file:
        head = file.read(HEAD_BYTES)
    if head.startswith(b"PK\x03\x04"):
        return _zip_family(path)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE):
        return _ole_family(path, head)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # binary, and not UTF-16 text
    return _text_family(head)


def suffix_for(path: Path, name: str | None) -> str | None:
    """The suffix to read the file at ``path`` by: its content's family, ``name``'s within it.

    None when the content is of no type gkreport reads (an image, an unknown archive).
    """
    family = family_of(path)
    if family is None:
        return None
    suffixes = _FAMILIES[family]
    given = Path(name).suffix.lower() if name else ""
    if family == "text" and given in (".html", ".htm"):
        return given  # an HTML fragment without a tag the sniff knows
    return given if given in suffixes else suffixes[0]
