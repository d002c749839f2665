"""Check an Office Open XML zip (.xlsx, .docx) before openpyxl or python-docx opens it.

Both libraries unpack whatever the archive holds: nothing in them bounds a zip
bomb, and python-docx builds a whole lxml tree of every XML part. So the archive
is checked here first, against the `Limits` in effect: the file size, the number
of parts, each part's and all parts' unpacked size, the compression ratio, and
then each XML part is streamed through expat (never more than a chunk in memory)
to refuse nesting deeper than ``max_xml_depth`` and any entity declaration
(a billion-laughs or external-entity attack; no Office file declares entities).
The sizes a zip's directory declares can be trusted: Python's zipfile never
unpacks more than the declared size, and a part that holds more fails its CRC.
"""

from __future__ import annotations

import pyexpat
import zipfile
import zlib
from pathlib import Path

import attrs

from gkreport._errors import ReadError
from gkreport._readers import limits

__all__ = ["DAMAGED", "DOCX", "ODS", "XLSX", "Container", "check_archive", "describe"]

_XML_SUFFIXES = (".xml", ".rels", ".vml")
#: Parts streamed through the XML check: VML is often not well-formed and is left alone.
_SCANNED_SUFFIXES = (".xml", ".rels")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_CHUNK = 2**20
#: What a damaged zip raises while a part is unpacked.
#: What a damaged zip raises while it is read (zipfile itself, and zlib beneath it).
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)


@attrs.frozen
class Container:
    """The words for one kind of archive in the messages of `check_archive`."""

    noun: str  #: "workbook"
    not_one: str  #: the file is not one: "not an .xlsx workbook"
    unreadable: str  #: it is one, but damaged: "not a readable .xlsx workbook"
    old_binary: str  #: the message for the older binary format (an OLE file)
    manifest: str = "[Content_Types].xml"  #: the part every archive of this kind has


XLSX = Container(
    noun="workbook",
    not_one="not an .xlsx workbook",
    unreadable="not a readable .xlsx workbook",
    old_binary=(
        "an old binary Excel file (.xls); open it in Excel or LibreOffice and save as .xlsx"
    ),
)
DOCX = Container(
    noun="document",
    not_one="not a readable Word document",
    unreadable="not a readable Word document",
    old_binary="an old binary Word file (.doc); open it in Word or LibreOffice and save as .docx",
)


ODS = Container(
    noun="workbook",
    not_one="not an OpenDocument workbook",
    unreadable="not a readable OpenDocument workbook",
    old_binary="not an OpenDocument workbook (an OLE file)",
    manifest="META-INF/manifest.xml",
)


def check_archive(path: Path, kind: Container) -> None:
    """Refuse what the library should never open: not a zip, the old format, encrypted, a bomb.

    :raises ReadError: naming the file (and the part, where one is to blame).
    """
    limit = limits.current()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            if head == _OLE_MAGIC:
                _refuse_ole(path, kind, handle.read(min(size, _CHUNK)))
    except OSError as exc:
        raise ReadError(path, f"cannot open: {exc.strerror or exc}") from None
    if size > limit.max_file_bytes:
        raise limits.refused(path, f"{size} bytes in the file", "max_file_bytes")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_members(path, kind, members)
            for member in members:
                if member.filename.endswith(_SCANNED_SUFFIXES):
                    _scan_xml(path, kind, archive, member)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ReadError(path, f"{kind.not_one} (the file is not a zip archive)") from None


def _refuse_ole(path: Path, kind: Container, body: bytes) -> None:
    if _ENCRYPTION_STREAM in body:
        raise ReadError(path, f"the {kind.noun} is password-protected; save it without a password")
    raise ReadError(path, kind.old_binary)


def _check_members(path: Path, kind: Container, members: list[zipfile.ZipInfo]) -> None:
    """The checks the zip's directory alone can answer: counts, sizes, ratios, encryption."""
    limit = limits.current()
    if len(members) > limit.max_archive_members:
        raise limits.refused(path, f"{len(members)} parts in the archive", "max_archive_members")
    for member in members:
        where = f"part {member.filename}"
        if member.filename.endswith(_XML_SUFFIXES) and member.file_size > limit.max_xml_part_bytes:
            found = f"{member.file_size} bytes of XML"
            raise limits.refused(path, found, "max_xml_part_bytes", where=where)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limit.ratio_grace_bytes and ratio > limit.max_compression_ratio:
            found = f"compressed {ratio:.0f}:1 (a zip bomb?)"
            raise limits.refused(path, found, "max_compression_ratio", where=where)
        if member.flag_bits & 0x1:
            raise ReadError(path, f"the {kind.noun} is password-protected; remove the password")
    total = sum(m.file_size for m in members)
    if total > limit.max_unpacked_bytes:
        found = f"the archive unpacks to {total} bytes"
        raise limits.refused(path, found, "max_unpacked_bytes")
    xml = sum(m.file_size for m in members if m.filename.endswith(_XML_SUFFIXES))
    if xml > limit.max_xml_bytes:
        raise limits.refused(path, f"the XML parts unpack to {xml} bytes", "max_xml_bytes")
    if not any(m.filename == kind.manifest for m in members):
        raise ReadError(path, f"{kind.not_one} (a zip archive without {kind.manifest})")


class _Refused(Exception):
    """Raised from an expat handler to stop the scan: what was found, and the limit's name."""

    def __init__(self, found: str, limit: str | None = None) -> None:
        super().__init__(found)
        self.found = found
        self.limit = limit


class _Scan:
    """The expat handlers of one part: depth counted, entity declarations refused."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.depth = 0

    def start(self, name: str, attributes: object) -> None:
        self.depth += 1
        if self.depth > self.max_depth:
            raise _Refused(f"XML elements nested {self.depth} deep", "max_xml_depth")

    def end(self, name: str) -> None:
        self.depth -= 1

    def entity(self, name: str, *_: object) -> None:
        raise _Refused(f"EntitiesForbidden, the part declares the XML entity {name!r}")

    def external(self, *_: object) -> int:
        raise _Refused("ExternalReferenceForbidden, the part refers to an external entity")


def _scan_xml(
    path: Path, kind: Container, archive: zipfile.ZipFile, member: zipfile.ZipInfo
) -> None:
    """Stream one XML part through expat, chunk by chunk, refusing depth and entities.

    A part that is not well-formed is left to the library, which says how it is
    damaged; the scan only refuses what it was written to refuse.
    """
    scan = _Scan(limits.current().max_xml_depth)
    parser = pyexpat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.EntityDeclHandler = scan.entity
    parser.UnparsedEntityDeclHandler = scan.entity
    parser.ExternalEntityRefHandler = scan.external
    where = f"part {member.filename}"
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Refused as refusal:
        if refusal.limit is not None:
            raise limits.refused(path, refusal.found, refusal.limit, where=where) from None
        message = f"{kind.unreadable} (refused: {refusal.found})"
        raise ReadError(path, message, where=where) from None
    except pyexpat.ExpatError:
        return
    except DAMAGED as exc:
        message = f"{kind.unreadable} (the archive is damaged: {exc})"
        raise ReadError(path, message, where=where) from None


def describe(exc: BaseException) -> str:
    """The innermost cause of a library's error: its wrappers only say "see the exception"."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
