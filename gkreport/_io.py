"""`load` and `dump`: one entry point for every file type, chosen by extension.

The readers are one table in `gkreport._readers.dispatch`, the writers one table
here. Adapters are imported only when a file of their type is met, so reading
JSON never pays for openpyxl, and a missing optional extra is reported as a
`ReadError` that says which extra to install.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import attrs

from gkreport._atomic import write_bytes
from gkreport._convert import from_dict, to_dict
from gkreport._errors import InvalidReport, ReadError
from gkreport._json import dumps, read_json, unencodable
from gkreport._model import Report
from gkreport._readers import dispatch
from gkreport._readers.limits import Limits, applied

__all__ = ["WRITERS", "Writer", "dump", "load", "parse_text"]


@attrs.frozen
class Writer:
    """How a report is written to one kind of file: ``"module:function"``, imported on use."""

    suffix: str
    function: str

    def write(self, report: Report, path: Path) -> None:
        module_name, _, name = self.function.partition(":")
        getattr(importlib.import_module(module_name), name)(report, path)


#: The one table of writers, by suffix (the readers' table is `gkreport._readers.dispatch`).
WRITERS: dict[str, Writer] = {
    writer.suffix: writer
    for writer in (
        Writer(".json", "gkreport._io:write"),
        Writer(".xlsx", "gkreport.excel:write"),
        Writer(".html", "gkreport._render:write"),
        Writer(".md", "gkreport._render:write"),
    )
}


def read(path: Path) -> Report:
    """Read a report from a ``.json`` file (the interchange format).

    :raises InvalidReport: naming the file, when its content does not fit the model.
    """
    try:
        return from_dict(read_json(path))
    except InvalidReport as exc:
        raise InvalidReport(exc.errors, path=path) from None


def write(report: Report, path: Path) -> None:
    """Write a report as interchange JSON, amounts exact; all at once or not at all."""
    write_bytes(path, dumps(to_dict(report)).encode("utf-8"))


def load(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Report:
    """Read a report from any supported file, chosen by its extension.

    Supported: ``.json .xlsx .txt .md .html .htm`` and, with extras,
    ``.docx`` (``gkreport[docx]``) and ``.pdf`` (``gkreport[pdf]``); with
    LibreOffice (``soffice``) installed, ``.doc .docm .wps`` (and ``gkreport[docx]``)
    and ``.xls .ods .et``, which python-calamine (``gkreport[calamine]``) reads
    without LibreOffice: the table of `gkreport._readers.dispatch`, where more
    readers can be registered.

    Every text read must be writable again: a string that cannot be encoded
    as UTF-8 (a lone surrogate, from a JSON escape, an Excel ``_xD800_`` escape or
    a broken PDF font) is refused with a `ReadError` naming the file and the value.

    ``limits`` (a `gkreport.Limits`) bounds what is read: file and page size,
    zip archives, XML, table rows, PDF pages; the defaults refuse only what no
    report needs. Raise a limit for a large but legitimate file.

    :raises ReadError: the file is missing, of an unknown type, unreadable, or
        beyond a limit (the message names the limit).
    :raises InvalidReport: a JSON file whose content does not fit the model.
    """
    report = dispatch.read(path, limits=limits)
    reader = dispatch.reader_for(Path(path).suffix)
    return report if reader is not None and reader.checked else _writable(report, path)


def _writable(report: Report, origin: object) -> Report:
    """The report, or `ReadError` at the first string no file could hold (see `unencodable`).

    For a reader registered without ``checked`` (its report may not come through
    `from_dict`); gkreport's own readers refuse such text as they read.
    """
    for pointer, why in unencodable(to_dict(report)):
        where = report.sources.get(pointer)
        raise ReadError(origin, f"{pointer}: {why}" if where else why, where=where or pointer)
    return report


def dump(report: Report, path: str | os.PathLike[str]) -> None:
    """Write a report; the extension chooses the form: ``.json .xlsx .html .md``.

    The file is written to a temporary file beside it and renamed into place when
    complete, so a failure leaves an existing file untouched (see `gkreport._atomic`).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        known = " ".join(sorted(WRITERS))
        msg = f"{path}: cannot write {suffix or '(no extension)'} files; gkreport writes {known}"
        raise ValueError(msg)
    WRITERS[suffix].write(report, path)


def parse_text(text: str, *, source: str | None = None, limits: Limits | None = None) -> Report:
    """Read a published report from its text: plain text, Markdown or HTML.

    ``source`` names where the text came from, for error messages; ``limits``
    bounds the page as in `load`. The text reader is imported on first use, so
    ``import gkreport`` stays light.

    :raises ReadError: the text is not an annual report, is beyond a limit, or holds
        a string that cannot be written as UTF-8 (a lone surrogate).
    """
    from gkreport._readers.text import parse_text as parse  # noqa: PLC0415

    with applied(limits):
        return parse(text, source=source)  # refuses text no file could hold, line by line
