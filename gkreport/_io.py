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

from gkreport._convert import from_dict, to_dict
from gkreport._errors import InvalidReport
from gkreport._json import dumps, read_json
from gkreport._model import Report
from gkreport._readers import dispatch

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
    """Write a report as interchange JSON, amounts exact."""
    path.write_text(dumps(to_dict(report)), "utf-8")


def load(path: str | os.PathLike[str]) -> Report:
    """Read a report from any supported file, chosen by its extension.

    Supported: ``.json .xlsx .txt .md .html .htm`` and, with extras,
    ``.docx`` (``gkreport[docx]``) and ``.pdf`` (``gkreport[pdf]``): the
    table of `gkreport._readers.dispatch`, where more readers can be registered.

    :raises ReadError: the file is missing, of an unknown type, or unreadable.
    :raises InvalidReport: a JSON file whose content does not fit the model.
    """
    return dispatch.read(path)


def dump(report: Report, path: str | os.PathLike[str]) -> None:
    """Write a report; the extension chooses the form: ``.json .xlsx .html .md``."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in WRITERS:
        known = " ".join(sorted(WRITERS))
        msg = f"{path}: cannot write {suffix or '(no extension)'} files; gkreport writes {known}"
        raise ValueError(msg)
    WRITERS[suffix].write(report, path)


def parse_text(text: str, *, source: str | None = None) -> Report:
    """Read a published report from its text: plain text, Markdown or HTML.

    ``source`` names where the text came from, for error messages. The text
    reader is imported on first use, so ``import gkreport`` stays light.

    :raises ReadError: the text is not an annual report.
    """
    from gkreport._readers.text import parse_text as parse  # noqa: PLC0415

    return parse(text, source=source)
