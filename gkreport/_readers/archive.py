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

Most parts are plain: UTF-8, no declarations, no comments, attributes in double
quotes. For those the depth is counted from the tags' brackets by a few byte
operations, several times faster than expat calling Python for every element: first
by its tags (`_tags_within`, one pass over the part and two over what it leaves, for a
part without ``>`` in its texts and values), else in seven passes (`_plainly_within`);
any part that is not plain in that
sense goes through expat as before, so what is refused, and the message, stay the
same. The parts read whole can be kept for the caller (``keep``): the fast workbook
reader (`gkreport._readers.calamine`) then unpacks nothing twice. With the ``fast``
extra, zlib-ng unpacks a small part (the same bytes, checked against the same CRC).
"""

from __future__ import annotations

import functools
import io
import pyexpat
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from gkreport._errors import ReadError
from gkreport._readers import limits

#: The module that unpacks a deflated part: zlib-ng where installed (the `fast` extra),
#: which unpacks it to the same bytes in about two thirds of zlib's time.
_inflate: Any
try:
    from zlib_ng import zlib_ng as _inflate
except ModuleNotFoundError:  # pragma: no cover - the test extra installs it
    _inflate = zlib
#: What it raises for a damaged stream.
_INFLATE_ERRORS: tuple[type[BaseException], ...] = (zlib.error, _inflate.error)

__all__ = ["DAMAGED", "DOCX", "ODS", "XLSX", "Container", "Kept", "check_archive", "describe"]

_XML_SUFFIXES = (".xml", ".rels", ".vml")
#: Parts streamed through the XML check: VML is often not well-formed and is left alone.
_SCANNED_SUFFIXES = (".xml", ".rels")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_CHUNK = 2**20
#: Parts up to this size are unpacked whole (then checked, and kept if asked for);
#: larger ones are streamed through expat a chunk at a time.
_WHOLE = 4 * 2**20
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


class Kept(dict[str, bytes]):
    """The XML parts `check_archive` kept, by name, as it read and proved them.

    When they are every part of the archive, `unpacked` writes the archive again
    with them stored as they are: a reader handed those bytes parses exactly what
    was checked (not the file again, which may have changed since), and unpacks
    nothing a second time.
    """

    def __init__(self) -> None:
        super().__init__()
        self.checksums: dict[str, int] = {}
        #: Every part of the archive is kept, each under the one name zipfile gives it.
        self.whole = False

    def unpacked(self, without: Collection[str] = ()) -> bytes | None:
        """The archive of the kept parts, stored (not compressed); None unless `whole`.

        :param without: parts to leave out (a reader's sheets it never opens): every
            byte of the copy is copied again by the reader handed it.
        """
        if not self.whole or sum(map(len, self.values())) >= 2**31:
            return None  # not every part, or more than a zip without ZIP64 holds
        written: list[bytes] = []
        central: list[bytes] = []
        offset = 0
        for name, data in self.items():
            if name in without:
                continue
            encoded = name.encode("utf-8")
            # stored, no time, the date, CRC, both sizes, the name's length
            fields = (0, 0, _STORED_DATE, self.checksums[name], len(data), len(data), len(encoded))
            header = _LOCAL_HEADER.pack(_LOCAL_SIGNATURE, 20, 0, _UTF8_NAME, *fields, 0)
            written += (header, encoded, data)
            entry = _CENTRAL_ENTRY.pack(
                _CENTRAL_SIGNATURE, 20, 20, _UTF8_NAME, *fields, 0, 0, 0, 0, 0, offset
            )
            central += (entry, encoded)
            offset += len(header) + len(encoded) + len(data)
        entries = len(central) // 2
        size = sum(map(len, central))
        end = _END_RECORD.pack(b"PK\x05\x06", 0, 0, entries, entries, size, offset, 0)
        return b"".join([*written, *central, end])  # one copy of the parts, not one per join


def check_archive(
    path: Path, kind: Container, *, keep: Callable[[str], bool] | None = None
) -> Kept:
    """Refuse what the library should never open: not a zip, the old format, encrypted, a bomb.

    :param keep: which XML parts to hand back (by name), as read for the check; a
        part too large to be read whole is not handed back.
    :returns: the kept parts' bytes by name (empty without ``keep``).
    :raises ReadError: naming the file (and the part, where one is to blame).
    """
    limit = limits.current()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            if head == _OLE_MAGIC:
                _refuse_ole(path, kind, handle.read(min(size, _CHUNK)))
            # A small file is read once: its parts' compressed bytes are then at hand
            # (`_compressed`); a large one is left to zipfile, which reads what it needs.
            whole = head + handle.read() if size <= _WHOLE else None
    except OSError as exc:
        raise ReadError(path, f"cannot open: {exc.strerror or exc}") from None
    if size > limit.max_file_bytes:
        raise limits.refused(path, f"{size} bytes in the file", "max_file_bytes")
    kept = Kept()
    try:
        source = io.BytesIO(whole) if whole is not None else None
        with zipfile.ZipFile(source if source is not None else path) as archive:
            members = archive.infolist()
            _check_members(path, kind, members)
            for member in members:
                if member.filename.endswith(_SCANNED_SUFFIXES):
                    data = _scan_xml(path, kind, archive, member, source)
                    if data is not None and keep is not None and keep(member.filename):
                        kept[member.filename] = data
                        kept.checksums[member.filename] = member.CRC
            kept.whole = len(kept) == len(members) and all(
                member.filename == member.orig_filename for member in members
            )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ReadError(path, f"{kind.not_one} (the file is not a zip archive)") from None
    return kept


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
    path: Path,
    kind: Container,
    archive: zipfile.ZipFile,
    member: zipfile.ZipInfo,
    source: BinaryIO | None = None,
) -> bytes | None:
    """Check one XML part for depth and entities; its bytes when it was read whole.

    A plain part (`_plainly_within`) is counted without expat; any other goes
    through expat, whole or (when large) chunk by chunk. A part that is not
    well-formed is left to the library, which says how it is damaged; the scan only
    refuses what it was written to refuse. A small part whose compressed bytes were
    proven plain before (`_proven`) is not unpacked again: the same compressed bytes
    unpack to the same part, so it is the part already checked.
    """
    max_depth = limits.current().max_xml_depth
    if source is not None and member.file_size <= _REMEMBERED:
        raw = _compressed(source, archive, member)
        if raw is not None:
            deflated = member.compress_type == zipfile.ZIP_DEFLATED
            proven = _proven(raw, deflated, member.file_size, member.CRC, max_depth)
            if proven is not None:
                return proven
    where = f"part {member.filename}"
    parser = _parser(max_depth)
    try:
        if member.file_size > _WHOLE:
            with archive.open(member) as stream:
                while chunk := stream.read(_CHUNK):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
            return None
        with archive.open(member) as stream:  # read(): all a lying stream unpacks to
            data = stream.read(member.file_size)  # at most what is declared, then the CRC
        plain = (
            _known_plain(data, max_depth) if len(data) <= _REMEMBERED else _plain(data, max_depth)
        )
        if not plain:
            parser.Parse(data, True)
    except _Refused as refusal:
        if refusal.limit is not None:
            raise limits.refused(path, refusal.found, refusal.limit, where=where) from None
        message = f"{kind.unreadable} (refused: {refusal.found})"
        raise ReadError(path, message, where=where) from None
    except pyexpat.ExpatError:
        pass
    except DAMAGED as exc:
        message = f"{kind.unreadable} (the archive is damaged: {exc})"
        raise ReadError(path, message, where=where) from None
    return data


#: A zip's local file header (as `zipfile` reads it): its signature, the positions of
#: its flags, name length and extra field length, and the flags zipfile refuses to read.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_FLAGS, _NAME_LENGTH, _EXTRA_LENGTH = 3, 10, 11
_UTF8_NAME = 0x800
#: A central directory entry (`Kept.unpacked`): the signature, the versions made by and
#: needed, the flags, method, time, date, CRC, sizes, the lengths of the name, extra field
#: and comment, the disk, the attributes and the local header's offset.
_CENTRAL_ENTRY = struct.Struct("<4s6H3L5H2L")
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_END_RECORD = struct.Struct("<4s4H2LH")
_STORED_DATE = 0x21  # 1 January 1980, the first date a zip can hold
_NOT_PLAIN_FLAGS = 0x1 | 0x20 | 0x40  # encrypted, compressed patch, strong encryption


def _compressed(
    source: BinaryIO, archive: zipfile.ZipFile, member: zipfile.ZipInfo
) -> bytes | None:
    """A part's compressed bytes, where `zipfile` would read them without complaint; else None.

    The checks of `zipfile.ZipFile.open` are made as it makes them (the local header's
    signature and name, the flags, the method, an entry overlapping the next where
    this Python checks that): wherever zipfile would raise, None sends the part down
    the ordinary path, which raises the same.
    """
    if member.flag_bits & _NOT_PLAIN_FLAGS or member.compress_type not in (
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
    ):
        return None
    source.seek(member.header_offset)
    header = source.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        return None
    fields = _LOCAL_HEADER.unpack(header)
    name = source.read(fields[_NAME_LENGTH])
    encoding = (
        "utf-8"
        if fields[_FLAGS] & _UTF8_NAME
        else getattr(archive, "metadata_encoding", None) or "cp437"
    )
    if (
        fields[0] != _LOCAL_SIGNATURE
        or name.decode(encoding, "surrogateescape") != member.orig_filename
    ):
        return None
    start = source.seek(fields[_EXTRA_LENGTH], io.SEEK_CUR)
    end = getattr(member, "_end_offset", None)  # Pythons that refuse overlapping entries
    if end is not None and start + member.compress_size > end:
        return None
    raw = source.read(member.compress_size)
    return raw if len(raw) == member.compress_size else None


@functools.lru_cache(maxsize=128)
def _proven(raw: bytes, deflated: bool, size: int, crc: int, max_depth: int) -> bytes | None:
    """The part that ``raw`` unpacks to, if it is plain XML within ``max_depth`` (else None).

    None too where zipfile might read it otherwise: a stream that does not unpack
    to exactly the declared size and checksum. Never more than one byte past the
    declared size is unpacked (a zip whose directory understates a part is a bomb
    like any other). Remembered by the compressed bytes (compared whole, not by a
    checksum): workbooks written from one template share most parts byte for byte,
    so a batch of them unpacks and counts each such part once.
    """
    try:
        data = (
            _inflate.decompressobj(-zlib.MAX_WBITS).decompress(raw, size + 1) if deflated else raw
        )
    except _INFLATE_ERRORS:
        return None
    if len(data) != size or _inflate.crc32(data) != crc:
        return None
    return data if _plain(data, max_depth) else None


def _parser(max_depth: int) -> pyexpat.XMLParserType:
    """An expat parser whose handlers count the depth and refuse entity declarations."""
    scan = _Scan(max_depth)
    parser = pyexpat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.EntityDeclHandler = scan.entity
    parser.UnparsedEntityDeclHandler = scan.entity
    parser.ExternalEntityRefHandler = scan.external
    return parser


# --- plain parts, counted without expat ------------------------------------------------------

_UTF8_BOM = b"\xef\xbb\xbf"
#: The XML declaration a part may open with, and the encodings a byte search can trust.
_DECLARATION = re.compile(rb"<\?xml\s[^<>?]*\?>")
_ASCII_ENCODING = re.compile(rb"""\sencoding\s*=\s*(["'])(?i:utf-8|us-ascii)\1""")
#: What makes a part not plain: a declaration, comment, CDATA or processing instruction
#: (``<!``, ``<?``), NUL (UTF-16), and the two bytes UTF-8 never holds, which stand for
#: the brackets below.
_MARKUP_NOT_PLAIN = re.compile(rb"<[!?]")
_BYTES_NOT_PLAIN = b"\x00\xfe\xff"
_NOT_BYTES_NOT_PLAIN = bytes(range(256)).translate(None, _BYTES_NOT_PLAIN)
#: A ``/>`` in a text (after the ``>`` of the tag before it), and one not followed by
#: the next tag (or the end): a ``/>`` inside an attribute's value. One that is followed
#: by ``<`` inside a value puts that ``<`` there, where expat stops.
_LOOSE_SLASH = re.compile(rb">[^<>]*/>")
_SLASH_IN_VALUE = re.compile(rb"/>(?!\s*(?:<|\Z))")
_CLOSE = b"\xfe"
_NOT_BRACKET = bytes(range(256)).translate(None, b"<" + _CLOSE)
_NOT_ANGLE_OR_CLOSE = bytes(range(256)).translate(None, b"<>" + _CLOSE)
_PAIR = b"<" + _CLOSE


#: Parts up to this size are remembered by their content (`_known_plain`).
_REMEMBERED = 2**18


@functools.lru_cache(maxsize=128)
def _known_plain(data: bytes, max_depth: int) -> bool:
    """`_plainly_within`, remembered by the part's bytes (compared whole, not by a checksum).

    Workbooks written from one template share most parts byte for byte (the
    instructions sheet, the styles, the theme, the relationships), so a batch of
    them counts each such part once.
    """
    return _plain(data, max_depth)


def _plain(data: bytes, max_depth: int) -> bool:
    """Whether ``data`` is plain XML within ``max_depth``: by its tags, else byte by byte."""
    return _tags_within(data, max_depth) or _plainly_within(data, max_depth)


def _plain_body(data: bytes) -> bytes | None:
    """``data`` without a UTF-8 BOM and XML declaration; None if it declares another encoding."""
    body = data[len(_UTF8_BOM) :] if data.startswith(_UTF8_BOM) else data
    declaration = _DECLARATION.match(body)
    if declaration is not None:
        if b"encoding" in declaration.group() and not _ASCII_ENCODING.search(declaration.group()):
            return None
        body = body[declaration.end() :]
    return body


#: What `_tags_within` keeps of a part: the brackets, the slash and the quotes (a slash
#: closes an element only outside a quoted value), ``!`` and ``?`` (``<!``, ``<?``), and
#: the bytes that are never in UTF-8 XML: NUL (UTF-16), \x01 and \xfe (which mark an end
#: tag here, ``</`` made ``\x01\xfe``), \xff.
_END_TAG = b"\x01" + _CLOSE
_NOT_TAG_BYTES = bytes(range(256)).translate(None, b"<>/\"'!?\x00\x01\xfe\xff")
#: What may follow a ``<`` in a well-formed tag (the first byte of a name: an ASCII letter,
#: ":", "_", or the lead byte of a character past ASCII; a slash, "!" or "?"), and what
#: `_NOT_TAG_BYTES` keeps besides: all but these are dropped before the ``</`` are marked.
_NAME_START = b":_" + bytes(range(65, 91)) + bytes(range(97, 123)) + bytes(range(0xC0, 0x100))
_NOT_NAME_START_OR_TAG = bytes(range(256)).translate(None, _NAME_START + b"<>/\"'!?\x00\x01")
#: Of those, what delimits tags: nothing may remain left of ``<>``, ``\x01\xfe>``, and a
#: ``!`` or ``?`` not after a ``<`` (one in a text; one in a value is left to decide).
_NOT_DELIMITER = bytes(range(256)).translate(None, b"<>!?\x00\x01\xfe\xff")
#: In a part without ``!``, ``?``, \x01 or \xfe (`_markup_free`) the delimiters are the
#: brackets and marks, and NUL and \xff, which must not be there: each tag is then ``<>``
#: once its \x01 is read as ``<`` and its closings dropped, and the tags alternate.
_NOT_TAG_OR_MARK = bytes(range(256)).translate(None, b"<>\x00\x01\xfe\xff")
_MARK_AS_OPEN = bytes.maketrans(b"\x01", b"<")
#: Below this many bytes, counting the tags costs less than the searches that spare it.
_COMPARED_FROM = 2**15


def _tags_within(data: bytes, max_depth: int) -> bool:
    r"""Whether ``data`` is plain XML nested at most ``max_depth`` deep (False: not known).

    The common case in three passes, two of them over what the first leaves
    (`_plainly_within` makes seven over the part). First every byte is dropped that
    cannot follow a ``<`` in a well-formed tag (`_NOT_NAME_START_OR_TAG`: digits,
    spaces, ``=``, most of a text), and the ``</`` are marked in what is left; then all
    but a few bytes are dropped (`_NOT_TAG_BYTES`). A well-formed tag keeps the byte
    after its ``<``, so each ``</`` marked is one in the part, or a ``<`` followed by a
    dropped byte: where expat stops. What is left is small (texts and names gone) and
    decides:

    - ``<`` and ``>`` alternate, with no NUL, \xff or stray mark between them: no text
      or value holds a ``<`` or ``>``, so each tag runs from a ``<`` to the next ``>``;
    - no ``!`` or ``?`` inside those brackets, so no ``<!`` or ``<?``: no declaration
      (so no entity), comment, CDATA or instruction;
    - an end tag is left as ``\x01\xfe>``; an empty element's tag ends in ``/>``, as no
      other does (a slash in a value has the closing quote between it and the ``>``).

    Up to where expat stops (at the first byte that is not well-formed), each tag is
    well-formed and so read here as expat reads it, and the depth counted at each tag
    depends only on the tags before it: the deepest nesting counted is at least the
    deepest expat reaches. So True means expat would refuse nothing. False says
    nothing: `_plainly_within`, and then expat, decide.

    The first two checks are made by counting the delimiters (`_counted_within`), or,
    in a large part without ``!``, ``?`` or a mark byte, by one comparison
    (`_compared_within`): the same answer, found sooner.
    """
    body = _plain_body(data)
    if body is None:
        return False
    if len(body) >= _COMPARED_FROM and _markup_free(body):
        return _compared_within(_tags_kept(body), max_depth)
    return _counted_within(_tags_kept(body), max_depth)


def _tags_kept(body: bytes) -> bytes:
    """What `_tags_within` keeps of a part's body: its tags' bytes, each ``</`` marked."""
    names = body.translate(None, _NOT_NAME_START_OR_TAG)
    return names.replace(b"</", _END_TAG).translate(None, _NOT_TAG_BYTES)


def _compared_within(kept: bytes, max_depth: int) -> bool:
    r"""`_counted_within` of a part without ``!``, ``?``, \x01 or \xfe (`_markup_free`).

    Its delimiters are then the brackets, the marks, and NUL or \xff (never there): an
    empty element's tag made "<", a closing and ">", an end tag \x01, a closing and ">".
    With \x01 read as "<" and the closings dropped, the tags tile the delimiters exactly
    when what is left is "<>" again and again: one comparison instead of four counts.
    """
    tags = kept.replace(b"/>", _CLOSE + b">").translate(None, _NOT_TAG_OR_MARK)
    angles = tags.translate(_MARK_AS_OPEN, _CLOSE)
    if angles != b"<>" * (len(angles) >> 1):
        return False
    return _nested_within(tags.translate(None, b">\x01"), max_depth)


def _counted_within(kept: bytes, max_depth: int) -> bool:
    """Whether the tags `_tags_within` kept tile its delimiters and nest within ``max_depth``."""
    delimiters = kept.translate(None, _NOT_DELIMITER)
    tags_length = delimiters.count(b"<>") * 2 + delimiters.count(_END_TAG + b">") * 3
    if tags_length + delimiters.count(b"!") + delimiters.count(b"?") != len(delimiters):
        return False
    # An empty element's tag made "<" and a closing, an end tag the closing alone.
    brackets = kept.replace(b"/>", _CLOSE + b">").translate(None, _NOT_BRACKET)
    return _nested_within(brackets, max_depth)


def _markup_free(body: bytes) -> bool:
    """Whether ``body`` holds no ``!`` or ``?`` (so no ``<!``, ``<?``) and neither mark byte.

    Four searches for one byte each (memchr, a fraction of a pass over the part):
    `_tags_within` then checks its tags by one comparison instead of counting them.
    """
    return not (b"!" in body or b"?" in body or b"\x01" in body or _CLOSE in body)


def _nested_within(brackets: bytes, max_depth: int) -> bool:
    """Whether ``brackets`` (``<`` opens, `_CLOSE` closes) balance within ``max_depth``.

    The depth is how many rounds of deleting adjacent open-close pairs empty the string.
    """
    depth = 0
    while brackets:
        inner = brackets.replace(_PAIR, b"")
        depth += 1
        if len(inner) == len(brackets) or depth > max_depth:
            return False  # unbalanced (expat decides), or too deep (expat names the depth)
        brackets = inner
    return True


def _plainly_within(data: bytes, max_depth: int) -> bool:
    """Whether ``data`` is plain XML nested at most ``max_depth`` deep (False: not known).

    In a plain part every ``<`` opens a tag, ``</`` opens an end tag and ``/>``
    closes an empty element, so with every closing written as one byte (and the
    text and attributes left out) the depth is how many rounds of deleting adjacent
    open-close pairs empty the string. Up to the first place expat stops at, it sees
    exactly these tags, so True means expat would refuse nothing (and with no
    declaration there is no entity).
    """
    body = _plain_body(data)
    if body is None:
        return False
    if body.translate(None, _NOT_BYTES_NOT_PLAIN) or _MARKUP_NOT_PLAIN.search(body):
        return False
    # Each closing replaced by a space and the one byte (the same length: bytes.replace
    # then copies in place, twice as fast), the spaces dropped with the rest.
    empty_closed = body.replace(b"/>", b" " + _CLOSE)
    # A "/>" in a text (`_LOOSE_SLASH`) is one whose nearest "<" or ">" before it is a ">"
    # (its own, or that of a "/>"): with all but those and the closings left out, a ">"
    # or a closing right before a closing.
    angles = empty_closed.translate(None, _NOT_ANGLE_OR_CLOSE)
    if b">" + _CLOSE in angles or _CLOSE + _CLOSE in angles:
        return False
    if _SLASH_IN_VALUE.search(body):
        return False
    brackets = empty_closed.replace(b"</", _CLOSE + b" ").translate(None, _NOT_BRACKET)
    return _nested_within(brackets, max_depth)


def describe(exc: BaseException) -> str:
    """The innermost cause of a library's error: its wrappers only say "see the exception"."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
