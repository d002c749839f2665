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
from gkreport._readers.text.encoding import decode
from gkreport._readers.text.lines import Line, split_lines
from gkreport._readers.text.parse import parse_lines

__all__ = ["Line", "parse_lines", "parse_text", "read"]

_HTML = re.compile(r"<\s*(?:html|body|table|tr|td|p|div|br)\b", re.IGNORECASE)


def parse_text(text: str, *, source: str | None = None) -> Report:
    """Parse a report given as text: plain, Markdown, or HTML (detected by its tags).

    :param source: where the text came from, for error messages.
    :raises ReadError: the text is not an annual report.
    """
    if _HTML.search(text[:20000]):
        return parse_lines(html_lines(text), origin=source)
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
    return parse_text(decode(data, path), source=str(path))
