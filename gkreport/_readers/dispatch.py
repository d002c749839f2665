"""The one table of readers: file suffix → the function that reads it, and what it needs.

`gkreport.load` and the batch runner's folder walk both ask this table, so a reader
added here (or with `register`, e.g. by a test or a plugin) is loaded and picked up
from folders at once. Each entry names its function as ``"module:function"`` and
imports it only when a file of its type is read, so reading JSON never pays for
openpyxl, and a missing optional extra is a `ReadError` that says which extra to
install. A reader that runs an external program (LibreOffice for .doc and, without
python-calamine, .xls) names it, and a missing program is a `ReadError` too, before
the reader runs, that says how to install it. Every file is held to
``max_file_bytes`` here, whatever its reader, and the caller's `Limits` are in
effect while the reader runs (`gkreport._readers.limits`).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import attrs

from gkreport._errors import ReadError
from gkreport._model import Report
from gkreport._readers.files import unreadable
from gkreport._readers.limits import Limits, applied, check_file_size

__all__ = [
    "Reader",
    "missing_extra",
    "read",
    "readable_suffixes",
    "reader_for",
    "register",
    "unregister",
]

#: A reader: a path in, a report out (raising `ReadError` naming the file).
ReadFunction = Callable[[Path], Report]


@attrs.frozen
class Reader:
    """How one kind of file is read.

    ``function`` is ``"module:function"`` (imported on first use) or the function
    itself; ``extra`` is the pip extra that provides its dependencies
    (``gkreport[extra]``), ``program`` an external program it runs. A reader
    with ``instead_of_program`` needs either: the program, or that module (which
    the extra installs), as the .xls reader needs LibreOffice or python-calamine.
    """

    suffix: str
    function: str | ReadFunction
    extra: str | None = None
    program: str | None = None
    #: How to install ``program``, for the message when it is missing.
    install: str | None = None
    #: A module that, when installed, does the program's work (``program`` is then not needed).
    instead_of_program: str | None = None
    #: Its reports are built by `gkreport._convert.from_dict` (as `assemble` builds them),
    #: which refuses text no file could hold: `gkreport.load` need not walk them again.
    checked: bool = False

    def load(self, path: Path) -> ReadFunction:
        """The reading function, imported now; a missing dependency names the extra."""
        if callable(self.function):
            return self.function
        module_name, _, name = self.function.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            raise missing_extra(path, exc.name or module_name, self.extra) from None
        function: ReadFunction = getattr(module, name)
        return function

    def check_program(self, path: Path) -> None:
        """Refuse before reading when the external program this reader runs is not installed."""
        if self.program is None or shutil.which(self.program) is not None:
            return
        if self.instead_of_program and _installed(self.instead_of_program):
            return
        how = f"; {self.install}" if self.install else ""
        if self.instead_of_program:
            how += f"{',' if how else ';'} or pip install 'gkreport[{self.extra}]'"
        raise ReadError(
            path,
            f"cannot read {self.suffix} files: the program {self.program} is not installed "
            f"or not on PATH{how}",
        )


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # ValueError: None in sys.modules, as tests do
        return False


def missing_extra(path: Path, module: str, extra: str | None) -> ReadError:
    """The error for a reader whose optional dependency is not installed."""
    hint = f"; install it with: pip install 'gkreport[{extra}]'" if extra else ""
    return ReadError(path, f"cannot read {path.suffix} files: {module} is missing{hint}")


_READERS: dict[str, Reader] = {}


def register(
    suffix: str,
    function: str | ReadFunction,
    *,
    extra: str | None = None,
    program: str | None = None,
    install: str | None = None,
    instead_of_program: str | None = None,
    checked: bool = False,
) -> Reader:
    """Make ``suffix`` (e.g. ``".xls"``) readable by ``function``; replaces any reader it had.

    A reader registered at run time exists in this process only: batch worker
    processes (``--jobs`` above 1) see the readers of this table's defaults.
    """
    if not suffix.startswith(".") or suffix != suffix.lower():
        raise ValueError(f"a suffix is lower case and starts with a dot, not {suffix!r}")
    reader = Reader(suffix, function, extra, program, install, instead_of_program, checked)
    _READERS[suffix] = reader
    return reader


def unregister(suffix: str) -> None:
    """Forget the reader of ``suffix`` (a test's toy reader, when the test ends)."""
    _READERS.pop(suffix, None)


def reader_for(suffix: str) -> Reader | None:
    """The reader of a suffix (any case), None when the suffix is not readable."""
    return _READERS.get(suffix.lower())


def readable_suffixes() -> tuple[str, ...]:
    """Every suffix a reader is registered for, sorted."""
    return tuple(sorted(_READERS))


def read(path: str | os.PathLike[str], *, limits: Limits | None = None) -> Report:
    """Read a report with the reader of the file's suffix, within ``limits``.

    ``limits`` None keeps the limits in effect (the defaults, unless a caller set others).

    :raises ReadError: the file is missing, of an unknown type, needs an extra or
        a program that is not installed, cannot be read, or breaks a limit.
    """
    with applied(limits):
        return _read(Path(path))


def _read(path: Path) -> Report:
    # What the path is comes first: a missing path (or a folder) is named as such,
    # not as a file of an unsupported type "(none)".
    reason = unreadable(path)  # a named pipe would block, a dangling link looks missing
    if reason is not None:
        raise ReadError(path, reason)
    suffix = path.suffix.lower()
    reader = reader_for(suffix)
    if reader is None:
        known = " ".join(readable_suffixes())
        raise ReadError(path, f"unsupported file type {suffix or '(none)'}; gkreport reads {known}")
    check_file_size(path)
    reader.check_program(path)
    return reader.load(path)(path)


# --- the readers gkreport ships ------------------------------------------------------------
# Each builds its report with `from_dict` (`assemble`), so each is ``checked``.
register(".json", "gkreport._io:read", checked=True)
register(".xlsx", "gkreport._readers.xlsx:read", checked=True)
for _suffix in (".txt", ".md", ".html", ".htm"):
    register(_suffix, "gkreport._readers.text:read", checked=True)
register(".docx", "gkreport._readers.text:read", extra="docx", checked=True)
register(".pdf", "gkreport._readers.pdf:read", extra="pdf", checked=True)
#: Old and other office formats, read by converting them with LibreOffice (about a second
#: a file); workbooks need it only without python-calamine (``gkreport[fast]``). Kingsoft
#: WPS's .et and .wps files are usually Excel and Word files under another name.
LIBREOFFICE = (
    "install LibreOffice (Debian/Ubuntu: apt-get install --no-install-recommends "
    "libreoffice-writer-nogui libreoffice-calc-nogui)"
)
for _suffix in (".xls", ".xlsb", ".ods", ".et"):
    register(
        _suffix,
        "gkreport._readers.office:read_workbook",
        extra="fast",
        program="soffice",
        install=LIBREOFFICE,
        instead_of_program="python_calamine",
        checked=True,
    )
for _suffix in (".doc", ".docm", ".wps"):
    register(
        _suffix,
        "gkreport._readers.office:read_document",
        extra="docx",
        program="soffice",
        install=LIBREOFFICE,
        checked=True,
    )
del _suffix
