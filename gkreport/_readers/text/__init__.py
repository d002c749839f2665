"""Published reports (text, Markdown, HTML, Word) into the report model.

``read(path)`` is the adapter `gkreport.load` calls for ``.txt .md .html .htm
.docx``; ``parse_text(text)`` parses text or HTML already in memory. Both turn
their input into `Line` objects and hand them to `parse_lines`, which the PDF reader
uses too. A page longer than ``max_page_chars`` characters, or than ``max_lines``
lines, is refused before it is split (`gkreport._readers.limits`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from gkreport._errors import ReadError
from gkreport._model import Report
from gkreport._readers import limits
from gkreport._readers.rendered import read_rendered
from gkreport._readers.text.encoding import decode
from gkreport._readers.text.lines import Line, Page, split_lines
from gkreport._readers.text.parse import parse_lines

__all__ = ["Line", "parse_lines", "parse_text", "read"]

_HTML = re.compile(r"<\s*(?:html|body|table|tr|td|p|div|br)\b", re.IGNORECASE)


def parse_text(text: str, *, source: str | None = None) -> Report:
    """Parse a report given as text: plain, Markdown, or HTML (detected by its tags).

    A page gkreport rendered (its generator mark, in the layout it wrote) reads back
    exactly as the report it shows (`gkreport._readers.rendered`).

    :param source: where the text came from, for error messages.
    :raises ReadError: the text is not an annual report, or is beyond a limit.
    """
    origin = source or "<text>"
    limit = limits.current()
    if len(text) > limit.max_page_chars:
        raise limits.refused(origin, f"{len(text)} characters in the page", "max_page_chars")
    if _HTML.search(text[:20000]):
        from gkreport._readers.html import html_page  # noqa: PLC0415 - html imports .lines
        from gkreport._readers.pagemeta import page_metadata  # noqa: PLC0415 - it imports .lines

        page = html_page(text, origin=origin)  # bounds the page's elements and rows
        if len(page.lines) > limit.max_lines:
            raise limits.refused(origin, f"{len(page.lines)} lines", "max_lines")
        if (own := read_rendered(text, origin)) is not None:
            return own
        meta = page_metadata(text)
    else:
        # counted before splitting: a page of newlines would be millions of Line objects
        count = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
        if count > limit.max_lines:
            raise limits.refused(origin, f"{count} lines", "max_lines")
        if (own := read_rendered(text, origin)) is not None:
            return own
        page = Page(list(split_lines(text)), [])
        meta = None
    return parse_lines(page.lines, origin=source, notes=page.notes, page_meta=meta)


def read(path: str | os.PathLike[str]) -> Report:
    """Read a ``.txt .md .html .htm`` or ``.docx`` file (Word needs ``gkreport[docx]``)."""
    path = Path(path)
    limits.check_file_size(path)
    if path.suffix.lower() == ".docx":
        from gkreport._readers.docx import docx_page  # noqa: PLC0415 - needs the docx extra

        page = docx_page(path)
        return parse_lines(page.lines, origin=str(path), notes=page.notes)
    try:
        _check_page_bytes(path, path.stat().st_size)
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot read the file: {exc.strerror or exc}") from None
    return parse_text(decode(data, path), source=str(path))


def _check_page_bytes(path: Path, size: int) -> None:
    """Refuse, unread, a file too large to hold at most ``max_page_chars`` characters.

    No encoding read here takes more than four bytes a character (besides a
    three-byte BOM), so such a file is refused without decoding tens of megabytes.
    """
    least = -(-(size - 3) // 4)
    if least > limits.current().max_page_chars:
        found = f"{size} bytes in the page (at least {least} characters)"
        raise limits.refused(path, found, "max_page_chars")
