"""`load` and `dump`: one entry point for every file type, chosen by extension.

Adapters are imported only when a file of their type is met, so reading JSON
never pays for openpyxl, and a missing optional extra is reported as a
`ReadError` that says which extra to install.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType

from gkreport._atomic import write_bytes
from gkreport._convert import from_dict, to_dict
from gkreport._errors import ReadError
from gkreport._json import dumps, read_json, unencodable
from gkreport._model import Report

__all__ = ["READABLE", "WRITABLE", "dump", "load", "parse_text"]

#: extension -> (adapter module, the extra that provides its dependencies)
READABLE: dict[str, tuple[str, str | None]] = {
    ".json": ("gkreport._io", None),
    ".xlsx": ("gkreport._readers.xlsx", None),
    ".txt": ("gkreport._readers.text", None),
    ".md": ("gkreport._readers.text", None),
    ".html": ("gkreport._readers.text", None),
    ".htm": ("gkreport._readers.text", None),
    ".docx": ("gkreport._readers.text", "docx"),
    ".pdf": ("gkreport._readers.pdf", "pdf"),
}
WRITABLE: dict[str, str] = {
    ".json": "gkreport._io",
    ".xlsx": "gkreport.excel",
    ".html": "gkreport._render",
    ".md": "gkreport._render",
}


def read(path: Path) -> Report:
    """Read a report from a ``.json`` file (the interchange format)."""
    return from_dict(read_json(path))


def write(report: Report, path: Path) -> None:
    """Write a report as interchange JSON, amounts exact; all at once or not at all."""
    write_bytes(path, dumps(to_dict(report)).encode("utf-8"))


def _adapter(name: str, path: Path, extra: str | None) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        hint = f"; install it with: pip install 'gkreport[{extra}]'" if extra else ""
        raise ReadError(
            path, f"cannot read {path.suffix} files: {exc.name} is missing{hint}"
        ) from None


def load(path: str | os.PathLike[str]) -> Report:
    """Read a report from any supported file, chosen by its extension.

    Supported: ``.json .xlsx .txt .md .html .htm`` and, with extras,
    ``.docx`` (``gkreport[docx]``) and ``.pdf`` (``gkreport[pdf]``).

    Every text read must be writable again: a string that cannot be encoded
    as UTF-8 (a lone surrogate, from a JSON escape, an Excel ``_xD800_`` escape or
    a broken PDF font) is refused with a `ReadError` naming the file and the value.

    :raises ReadError: the file is missing, of an unknown type, or unreadable.
    :raises InvalidReport: a JSON file whose content does not fit the model.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        known = " ".join(sorted(READABLE))
        raise ReadError(path, f"unsupported file type {suffix or '(none)'}; gkreport reads {known}")
    if not path.is_file():
        raise ReadError(path, "no such file" if not path.exists() else "not a file")
    module, extra = READABLE[suffix]
    return _writable(_adapter(module, path, extra).read(path), path)


def _writable(report: Report, origin: object) -> Report:
    """The report, or `ReadError` at the first string no file could hold (see `unencodable`)."""
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
    if suffix not in WRITABLE:
        known = " ".join(sorted(WRITABLE))
        msg = f"{path}: cannot write {suffix or '(no extension)'} files; gkreport writes {known}"
        raise ValueError(msg)
    importlib.import_module(WRITABLE[suffix]).write(report, path)


def parse_text(text: str, *, source: str | None = None) -> Report:
    """Read a published report from its text: plain text, Markdown or HTML.

    ``source`` names where the text came from, for error messages. The text
    reader is imported on first use, so ``import gkreport`` stays light.

    :raises ReadError: the text is not an annual report, or holds a string
        that cannot be written as UTF-8 (a lone surrogate).
    """
    from gkreport._readers.text import parse_text as parse  # noqa: PLC0415

    return _writable(parse(text, source=source), source or "<text>")
