"""``gkreport validate -``: one report read from standard input, its type told by its content.

A service or a pipeline hands gkreport a payload without writing a file of its own. The
bytes are read whole (up to the file size limit of `gkreport.Limits`), their type is
told from the content — a JSON object, a zip holding a workbook or a Word document, a
PDF, an old Office file, a web page, else text — and they are kept in a private
temporary folder, under the suffix whose reader reads them, for the length of the run;
the folder is removed afterwards. The input is shown as ``-`` in every line and message.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from gkreport._errors import ReadError
from gkreport._readers import limits

__all__ = ["NAME", "detect_suffix", "spooled"]

#: How standard input is named on the command line and in the output.
NAME = "-"

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _zip_suffix(data: bytes) -> str:
    """.xlsx, .docx or .ods by the parts the archive holds (.xlsx when it cannot tell)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return ".xlsx"  # the workbook reader says what is wrong with it
    if "word/document.xml" in names:
        return ".docx"
    if "content.xml" in names and "xl/workbook.xml" not in names:
        return ".ods"
    return ".xlsx"


def detect_suffix(data: bytes) -> str:
    """The suffix of the reader for ``data``: what a file of this content would be called."""
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_suffix(data)
    if data.startswith(_OLE):
        # An old Word document names its main stream "WordDocument" (UTF-16 in the directory).
        return ".doc" if "WordDocument".encode("utf-16-le") in data else ".xls"
    return _text_suffix(data)


def _text_suffix(data: bytes) -> str:
    """.json for an object, .doc for RTF, .html for markup, else .txt (text or Markdown)."""
    text = data
    for bom in _BOMS:
        if text.startswith(bom):
            text = text[len(bom) :].replace(b"\x00", b"")
            break
    text = text.lstrip()
    starts = ((b"{\\rtf", ".doc"), (b"{", ".json"), (b"<", ".html"))
    return next((suffix for head, suffix in starts if text.startswith(head)), ".txt")


def _read_all(stream: BinaryIO) -> bytes:
    most = limits.current().max_file_bytes
    data = stream.read(most + 1)
    if len(data) > most:
        raise limits.refused(NAME, f"over {most} bytes on standard input", "max_file_bytes")
    return data


@contextlib.contextmanager
def spooled(stream: BinaryIO) -> Iterator[Path]:
    """Standard input as a file in a private temporary folder, removed when the block ends."""
    data = _read_all(stream)
    if not data.strip():
        raise ReadError(NAME, "standard input is empty")
    with tempfile.TemporaryDirectory(prefix="gkreport-stdin-") as folder:
        path = Path(folder) / f"stdin{detect_suffix(data)}"
        path.write_bytes(data)
        yield path
