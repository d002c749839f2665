"""Published reports (text, Markdown, HTML, Word) into the report model.

``read(path)`` is the adapter `gkreport.load` calls for ``.txt .md .html .htm
.docx``; ``parse_text(text)`` parses text or HTML already in memory. Both turn
their input into `Line` objects and hand them to `parse_lines`, which the PDF reader
uses too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from gkreport._errors import ReadError
from gkreport._model import Report
from gkreport._readers.html import html_lines
from gkreport._readers.text.lines import Line, split_lines
from gkreport._readers.text.parse import parse_lines

__all__ = ["Line", "parse_lines", "parse_text", "read"]

_HTML = re.compile(r"<\s*(?:html|body|table|tr|td|p|div|br)\b", re.IGNORECASE)
_ENCODINGS = ("utf-8-sig", "gb18030", "big5")


def parse_text(text: str, *, source: str | None = None) -> Report:
    """Parse a report given as text: plain, Markdown, or HTML (detected by its tags).

    :param source: where the text came from, for error messages.
    :raises ReadError: the text is not an annual report.
    """
    if _HTML.search(text[:20000]):
        from gkreport._readers.pagemeta import page_metadata  # noqa: PLC0415 - it imports .lines

        return parse_lines(html_lines(text), origin=source, page_meta=page_metadata(text))
    return parse_lines(list(split_lines(text)), origin=source)


def read(path: str | os.PathLike[str]) -> Report:
    """Read a ``.txt .md .html .htm`` or ``.docx`` file (Word needs ``gkreport[docx]``)."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        from gkreport._readers.docx import docx_lines  # noqa: PLC0415 - needs the docx extra

        return parse_lines(docx_lines(path), origin=str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read the file: {exc.strerror or exc}") from None
    return parse_text(_decode(data, path), source=str(path))


def _decode(data: bytes, path: Path) -> str:
    """UTF-8 first; older Chinese pages are often GB18030 or Big5."""
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(path, "cannot decode the text (tried UTF-8, GB18030, Big5)")
