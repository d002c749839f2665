"""One set of limits for every file and page the readers open, so hostile input ends quickly.

A report is small: a workbook well under 1 MiB, a page of a few hundred lines,
tables of some thirty rows. Input far beyond that is a mistake or an attack
(a zip bomb, a billion-laughs entity, a page of 200,000 junk rows), and reading
it would take minutes and gigabytes. Every reader checks the same `Limits`
before the expensive step, and a breach is a `ReadError` naming the file and
the limit, e.g. ``report.docx, part word/document.xml: refused: 1073741824
bytes of XML, over the limit max_xml_part_bytes=16777216``.

The limits and their defaults are the table of `Limits`. The limits in effect are
those passed to `gkreport.load` or `gkreport.parse_text` (``limits=``), else the
defaults; the command line uses the defaults. They are held in a context variable
for the duration of one read, so a reader registered with a one-argument function
and the steps deep inside a reader (the line parser, the digit recovery) see the
caller's limits without every signature carrying them.

Nothing is ever fetched from the network: XML is parsed with external entities
and DTD loading off, and HTML links and images are never followed.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

from gkreport._errors import ReadError

__all__ = ["DEFAULT", "Limits", "applied", "check_file_size", "current", "refused"]

_MiB = 2**20


def _positive(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    """A limit is a whole number above zero (not a bool, which Python counts as an int)."""
    if type(value) is not int or value <= 0:
        msg = f"Limits.{attribute.name} must be a whole number above zero, not {value!r}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Limits:
    """How much a reader takes before it refuses a file, or leaves part of it unread.

    Every field is a whole number above zero; raise the ones a large but legitimate
    input needs and pass the object to `gkreport.load` or `gkreport.parse_text`::

        gkreport.load(path, limits=gkreport.Limits(max_page_chars=16 * 2**20))

    A breach is a `ReadError` naming the file and the limit (``refused: 25000
    lines, over the limit max_lines=20000``); what is left unread gets a note.

    ========================  ============  ==================================================
    limit                     default       what it bounds (and what happens beyond it)
    ========================  ============  ==================================================
    max_file_bytes            64 MiB        the size of any file read (refused)
    max_archive_members       2,000         parts in an .xlsx/.docx zip archive (refused)
    max_unpacked_bytes        256 MiB       every part of an archive, uncompressed (refused)
    max_xml_part_bytes        16 MiB        one XML part, uncompressed (refused)
    max_xml_bytes             48 MiB        all XML parts, uncompressed (refused)
    max_compression_ratio     100           uncompressed : compressed, for a part over
                                            ``ratio_grace_bytes`` (1 MiB) (refused)
    max_xml_depth             256           nesting of XML elements in a part (refused);
                                            entity declarations are always refused; a
                                            .docx stays within lxml's own 256 when raised
    max_page_chars            4 Mi chars    an HTML, text or Markdown page (refused; a file of
                                            more than four bytes a character, unread)
    max_page_elements         100,000       HTML elements of a page (refused)
    max_lines                 20,000        lines handed to the parser, from any reader (refused)
    max_table_rows            5,000         rows of one table or worksheet: later rows are not
                                            read, and a note says so (a worksheet: when a row
                                            right after the limit holds a value)
    max_table_columns         200           columns of a worksheet looked at
    max_run_digits            100           digits of one run-together row: more are not cut,
                                            the cells stay blank with a note
    max_search_steps          20,000        steps of the digit-recovery search, per row and
                                            for the whole table: beyond, blank with a note
    max_pdf_pages             200           pages of a PDF (refused)
    ========================  ============  ==================================================
    """

    max_file_bytes: int = attrs.field(default=64 * _MiB, validator=_positive)
    max_archive_members: int = attrs.field(default=2_000, validator=_positive)
    max_unpacked_bytes: int = attrs.field(default=256 * _MiB, validator=_positive)
    max_xml_part_bytes: int = attrs.field(default=16 * _MiB, validator=_positive)
    max_xml_bytes: int = attrs.field(default=48 * _MiB, validator=_positive)
    max_compression_ratio: int = attrs.field(default=100, validator=_positive)
    ratio_grace_bytes: int = attrs.field(default=1 * _MiB, validator=_positive)
    max_xml_depth: int = attrs.field(default=256, validator=_positive)
    max_page_chars: int = attrs.field(default=4 * _MiB, validator=_positive)
    max_page_elements: int = attrs.field(default=100_000, validator=_positive)
    max_lines: int = attrs.field(default=20_000, validator=_positive)
    max_table_rows: int = attrs.field(default=5_000, validator=_positive)
    max_table_columns: int = attrs.field(default=200, validator=_positive)
    max_run_digits: int = attrs.field(default=100, validator=_positive)
    max_search_steps: int = attrs.field(default=20_000, validator=_positive)
    max_pdf_pages: int = attrs.field(default=200, validator=_positive)


#: The defaults; `Limits` is frozen, so one shared instance is safe.
DEFAULT = Limits()
_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar(
    "gkreport_limits",
    default=DEFAULT,
)


def current() -> Limits:
    """The limits in effect: the caller's during `applied`, else the defaults."""
    return _CURRENT.get()


@contextmanager
def applied(limits: Limits | None) -> Iterator[Limits]:
    """Make ``limits`` the ones in effect for the block; None keeps those in effect."""
    if limits is None:
        yield current()
        return
    if not isinstance(limits, Limits):
        msg = f"limits must be a gkreport.Limits, not {type(limits).__name__}"
        raise TypeError(msg)
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def refused(path: object, found: str, limit: str, *, where: str | None = None) -> ReadError:
    """The error for a breached limit: what was found, then the limit's name and value.

    ``limit`` is a field of `Limits`, so the message says which one to raise:
    ``refused: 2001 parts in the archive, over the limit max_archive_members=2000``.
    """
    allowed = getattr(current(), limit)
    return ReadError(path, f"refused: {found}, over the limit {limit}={allowed}", where=where)


def check_file_size(path: str | os.PathLike[str]) -> None:
    """Refuse a file larger than ``max_file_bytes`` before anything reads it.

    A file that cannot be looked at is left to the reader, which says why.
    """
    try:
        size = Path(path).stat().st_size
    except OSError:
        return
    if size > current().max_file_bytes:
        raise refused(path, f"{size} bytes in the file", "max_file_bytes")
