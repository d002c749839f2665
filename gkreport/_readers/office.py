"""Old and other office formats: .xls .xlsb .ods .et workbooks, .doc .docm .wps documents.

What agencies send is often not what its name says: an "xls" exported by a web
system is an HTML table, a "doc" is a page saved from a browser or a .docx
renamed, Kingsoft's .et and .wps are usually Excel and Word files under another
name. So the content decides, not the suffix:

- a web page is read as one (`gkreport._readers.text`), whatever its name;
- an .xlsx or .docx under another name is read by the .xlsx or .docx reader;
- a binary Excel (.xls, .xlsb) or OpenDocument workbook is read by python-calamine
  (the ``gkreport[fast]`` extra) into the same grids the .xlsx reader builds,
  then through the same grid reader and assembly step (with the merged ranges of
  an .xls; an .xlsb or .ods has none on this path: calamine gives none for them);
- everything else that is an office file, and workbooks when calamine is not
  installed or cannot read one, is converted by LibreOffice (`soffice`) into
  .xlsx or .docx and read by those readers. Errors then name the original file.

Content that is none of these (random bytes, plain text called .doc) is refused
before LibreOffice sees it: LibreOffice would import it as a text document.
"""

from __future__ import annotations

import codecs
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from gkreport._errors import ReadError
from gkreport._model import Report
from gkreport._readers import calamine, limits, soffice, xlsx
from gkreport._readers.archive import DAMAGED, ODS, XLSX, Container, check_archive
from gkreport._readers.assemble import assemble
from gkreport._readers.dispatch import missing_extra
from gkreport._readers.grid import Grid
from gkreport._readers.merges import MAX_MERGES

__all__ = ["read_document", "read_workbook"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97 .doc, Excel 97 .xls, most .wps/.et
_ZIP = b"PK\x03\x04"  # .docx .xlsx .docm .ods .odt
_RTF = b"{\\rtf"
_OFFICE_XML = b"<?mso-application"  # Word/Excel 2003 XML, which LibreOffice opens
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_HEAD_BYTES = 4096
_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_MAX_CONTENT_TYPES_BYTES = 2**20
_XLSB_PART = "xl/workbook.bin"  # the main part of an Excel binary workbook (.xlsb)
_T = TypeVar("_T")


# --- workbooks: .xls .ods .et ---------------------------------------------------------------


def read_workbook(path: str | os.PathLike[str]) -> Report:
    """Read a report from an .xls, .xlsb, .ods or .et file (or such a name on other content)."""
    path = Path(path)
    head = _head(path)
    kind = _kind(head)
    if kind == "html":
        return _read_page(path)
    binary = kind == "zip" and _zip_has(path, _XLSB_PART)
    if kind == "zip" and not binary and _zip_has(path, "[Content_Types].xml"):
        return xlsx.read(path)  # an .xlsx under another name: its own checks apply
    if kind not in ("ole", "zip", "office-xml"):
        raise ReadError(path, "not a spreadsheet: its content is no .xls, .xlsx, .ods or web page")
    fast = _calamine()
    if fast is not None and kind != "office-xml":
        try:
            archive = (XLSX if binary else ODS) if kind == "zip" else None
            return _read_with_calamine(path, fast, archive=archive)
        except _CalamineFailed as failed:
            if shutil.which(soffice.PROGRAM) is None:
                raise ReadError(path, f"not a readable workbook ({failed})") from None
    infilter = {"ole": "MS Excel 97", "zip": None, "office-xml": None}[kind]
    as_suffix = {"ole": ".xls", "zip": ".xlsb" if binary else ".ods", "office-xml": ".xml"}[kind]
    with soffice.converted(path, "xlsx", as_suffix=as_suffix, infilter=infilter) as workbook:
        return _renamed(xlsx.read, workbook, path)


class _CalamineFailed(Exception):
    """python-calamine could not open the file (LibreOffice may)."""


def _calamine() -> Any:
    """The python_calamine module, or None when the extra is not installed."""
    return calamine.module()


def _read_with_calamine(path: Path, fast: Any, *, archive: Container | None) -> Report:
    if archive is not None:
        check_archive(path, archive)
    try:
        with path.open("rb") as handle:
            workbook = fast.CalamineWorkbook.from_filelike(handle)
            try:
                grids = [
                    _grid(name, workbook.get_sheet_by_index(index))
                    for index, name in enumerate(workbook.sheet_names)
                ]
            finally:
                workbook.close()
    except OSError as exc:
        raise ReadError(path, f"cannot open: {exc.strerror or exc}") from None
    except Exception as exc:  # calamine raises its own errors, and ValueError, for bad files
        raise _CalamineFailed(f"{type(exc).__name__}: {' '.join(str(exc).split())}") from None
    reading = xlsx.grid_reading(path, grids)
    return assemble(
        path, reading.format_id, reading.values, notes=reading.notes, sources=reading.sources
    )


def _grid(name: str, sheet: Any) -> Grid:
    """A sheet's non-blank values from A1, within the .xlsx reader's row and column limits.

    With its merged ranges where calamine gives them (.xls; none for .xlsb and .ods):
    a label merged down the rows its text continues in, a header over its columns.
    """
    limit = limits.current()
    rows = sheet.to_python(skip_empty_area=False, nrows=limit.max_table_rows)
    cells: dict[tuple[int, int], object] = {}
    for row_number, values in enumerate(rows, start=1):
        for column, value in enumerate(values[: limit.max_table_columns], start=1):
            if value != "":  # calamine's blank
                cells[(row_number, column)] = value
    ranges = (getattr(sheet, "merged_cell_ranges", None) or [])[:MAX_MERGES]
    merged = {
        (top + 1, left + 1): (bottom + 1, right + 1) for (top, left), (bottom, right) in ranges
    }
    return Grid(name, cells, merged)


# --- documents: .doc .docm .wps -------------------------------------------------------------


def read_document(path: str | os.PathLike[str]) -> Report:
    """Read a report from a .doc, .docm or .wps file (or one of those names on other content)."""
    path = Path(path)
    kind = _kind(_head(path))
    if kind == "html":
        return _read_page(path)
    if kind not in ("ole", "zip", "rtf", "office-xml"):
        raise ReadError(
            path, "not a Word or WPS document: its content is no .doc, .docx, RTF or web page"
        )
    from gkreport._readers.text import parse_lines  # noqa: PLC0415 - the text reader, on use

    try:
        import docx  # noqa: F401, PLC0415 - checked before LibreOffice spends a second

        from gkreport._readers.docx import docx_lines  # noqa: PLC0415
    except ModuleNotFoundError:
        raise missing_extra(path, "python-docx", "docx") from None
    if kind == "zip" and _docx_type(path) == _DOCX_TYPE:
        return parse_lines(docx_lines(path), origin=str(path))  # a .docx under another name
    infilter = {"ole": "MS Word 97", "rtf": "Rich Text Format"}.get(kind)
    as_suffix = {"ole": ".doc", "zip": ".docm", "rtf": ".rtf", "office-xml": ".xml"}[kind]
    with soffice.converted(path, "docx", as_suffix=as_suffix, infilter=infilter) as document:
        lines = _renamed(docx_lines, document, path)
    return parse_lines(lines, origin=str(path))


def _docx_type(path: Path) -> str | None:
    """The main part's content type of an Office Open XML file, None if it has none."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = archive.getinfo("[Content_Types].xml")
            if member.file_size > _MAX_CONTENT_TYPES_BYTES:
                return None
            types = archive.read(member).decode("utf-8", "replace")
    except (KeyError, *DAMAGED):
        return None  # LibreOffice is asked next, and says whether it can open the file
    return _DOCX_TYPE if f'ContentType="{_DOCX_TYPE}"' in types else None


# --- both -----------------------------------------------------------------------------------


def _head(path: Path) -> bytes:
    """The first bytes of the file, after refusing one far larger than any report."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError as exc:
        raise ReadError(path, f"cannot open: {exc.strerror or exc}") from None
    if size > limits.current().max_file_bytes:
        raise limits.refused(path, f"{size} bytes in the file", "max_file_bytes")
    return head


def _kind(head: bytes) -> str | None:
    """What the content is: "ole", "zip", "rtf", "office-xml", "html", or None (unknown)."""
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(_ZIP):
        return "zip"
    text = head
    for bom in _BOMS:
        if text.startswith(bom):
            text = text[len(bom) :].replace(b"\x00", b"")  # UTF-16: its ASCII, good enough here
            break
    text = text.lstrip()
    if text.startswith(_RTF):
        return "rtf"
    if _OFFICE_XML in text:
        return "office-xml"
    if text.startswith(b"<"):
        return "html"
    return None


def _zip_has(path: Path, name: str) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return name in archive.namelist()
    except DAMAGED:
        return False


def _read_page(path: Path) -> Report:
    """A web page under an office name (web systems export their tables so)."""
    from gkreport._readers import text  # noqa: PLC0415 - the text reader, on use

    return text.read(path)


def _renamed(read: Callable[[Path], _T], converted: Path, original: Path) -> _T:
    """``read(converted)``, its errors naming the file the user gave, not the temporary one."""
    try:
        return read(converted)
    except ReadError as exc:
        raise ReadError(original, exc.reason, where=exc.where) from None
