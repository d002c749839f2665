"""Reading a report from an .xlsx workbook: this package's template or a hand-made one.

Untrusted files are checked before openpyxl sees them (`_check_archive`): openpyxl
parses XML through defusedxml, but nothing bounds a zip bomb. The tables are then
found by their labels (`gkreport._readers.grid`), not by coordinates; each
sheet's merged ranges come with its cells (`gkreport._readers.merges`).
"""

from __future__ import annotations

import functools
import os
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from gkreport._errors import ReadError
from gkreport._forms import layout, registry
from gkreport._model import Report
from gkreport._readers.assemble import assemble
from gkreport._readers.grid import Grid, Reading, read_grids
from gkreport._readers.merges import merged_ranges
from gkreport._workbook_map import column_letter, sheet_layout
from gkreport.excel._livechecks import CORRECT, WRONG, check_label_cells
from gkreport.excel._ooxml import FORMAT_NAME, unescape

__all__ = ["read"]

# --- limits on untrusted input ------------------------------------------------------------
#: A real report workbook is well under 1 MiB; these leave room for pictures and many sheets.
MAX_FILE_BYTES = 64 * 2**20
MAX_MEMBERS = 2_000
MAX_TOTAL_BYTES = 256 * 2**20  # uncompressed, every member
MAX_XML_BYTES = 16 * 2**20  # uncompressed, one XML part (a sheet, the shared strings)
MAX_TOTAL_XML_BYTES = 48 * 2**20
MAX_RATIO = 100  # uncompressed / compressed, for members above RATIO_GRACE_BYTES
RATIO_GRACE_BYTES = 2**20
#: Cells beyond these are never looked at (a lying <dimension> cannot make a read slow).
MAX_ROWS = 5_000
MAX_COLUMNS = 200

_LOOKED_FOR = "looked for labels such as " + ", ".join(
    (
        registry.current().proactive.children[0].label,
        layout.APPLICANT_COLUMNS[0].label,
        layout.REVIEW_HEADER,
    )
)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


# --- reading --------------------------------------------------------------------------------


def read(path: str | os.PathLike[str]) -> Report:
    """The reader behind `gkreport.excel.read` and `gkreport.load` (documented there).

    The archive is checked before openpyxl opens it; a formula read as blank is
    looked up once more without cached values, to name its cell.
    """
    path = Path(path)
    _check_archive(path)
    try:
        with _open_workbook(path, data_only=True) as workbook:
            recorded = _recorded_format(workbook)
            grids = [_grid(sheet) for sheet in workbook.worksheets]
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadError(path, f"not a readable .xlsx workbook ({_describe(exc)})") from None
    if not any(grid.cells for grid in grids):
        raise ReadError(path, "the workbook is empty")
    reading = read_grids(grids, recorded, own_texts=_template_texts)
    if not reading.tables_found:
        raise ReadError(path, f"no table of the annual report found: {_LOOKED_FOR}")
    _refuse_uncomputed_formulas(path, grids, reading)
    return assemble(
        path, reading.format_id, reading.values, notes=reading.notes, sources=reading.sources
    )


@contextmanager
def _open_workbook(path: Path, *, data_only: bool) -> Iterator[Any]:
    """A read-only workbook on a file this function owns and closes.

    openpyxl given a path leaves its zip open when loading fails; given an open
    file, it never owns it, so nothing leaks whatever openpyxl raises.
    """
    with path.open("rb") as handle:
        workbook = load_workbook(handle, read_only=True, data_only=data_only, keep_links=False)
        try:
            yield workbook
        finally:
            workbook.close()


def _describe(exc: BaseException) -> str:
    """The innermost cause of an openpyxl error: its wrappers only say "see the exception"."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _check_archive(path: Path) -> None:
    """Refuse what openpyxl should never open: not a zip, .xls, encrypted, a zip bomb."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
            if head == _OLE_MAGIC:
                _refuse_ole(path, handle.read(min(size, 2**20)))
    except OSError as exc:
        raise ReadError(path, f"cannot open: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise ReadError(path, f"file too large for a report workbook ({size} bytes)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ReadError(path, "not an .xlsx workbook (the file is not a zip archive)") from None
    if len(members) > MAX_MEMBERS:
        raise ReadError(path, f"refused: {len(members)} parts in the archive")
    xml = [m for m in members if m.filename.endswith(_XML_SUFFIXES)]
    for member in members:
        where = f"part {member.filename}"
        if member.filename.endswith(_XML_SUFFIXES) and member.file_size > MAX_XML_BYTES:
            raise ReadError(path, f"refused: {member.file_size} bytes of XML", where=where)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_GRACE_BYTES and ratio > MAX_RATIO:
            raise ReadError(path, f"refused: compressed {ratio:.0f}:1 (a zip bomb?)", where=where)
        if member.flag_bits & 0x1:
            raise ReadError(path, "the workbook is password-protected; remove the password")
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES or sum(m.file_size for m in xml) > MAX_TOTAL_XML_BYTES:
        raise ReadError(path, f"refused: the archive unpacks to {total} bytes")
    if not any(m.filename == "[Content_Types].xml" for m in members):
        raise ReadError(path, "not an .xlsx workbook (a zip archive without [Content_Types].xml)")


def _refuse_ole(path: Path, body: bytes) -> None:
    if _ENCRYPTION_STREAM in body:
        raise ReadError(path, "the workbook is password-protected; save it without a password")
    raise ReadError(
        path, "an old binary Excel file (.xls); open it in Excel or LibreOffice and save as .xlsx"
    )


def _recorded_format(workbook: Any) -> str | None:
    """The format this package recorded in the workbook, if it wrote it."""
    name = workbook.defined_names.get(FORMAT_NAME)
    value = name.attr_text.strip('"') if name is not None and name.attr_text else None
    return value if value in layout.FORMATS else None


def _grid(sheet: Any) -> Grid:
    """A sheet's non-blank values, within `MAX_ROWS` × `MAX_COLUMNS`."""
    cells: dict[tuple[int, int], object] = {}
    width = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
    # closing(): a row generator left suspended keeps the file open until collected
    with closing(sheet.iter_rows(max_col=width, values_only=True)) as rows:
        for row_number, values in enumerate(rows, start=1):
            if row_number > MAX_ROWS:
                break
            for column, value in enumerate(values, start=1):
                if value is not None:
                    cells[(row_number, column)] = unescape(value) if type(value) is str else value
    return Grid(sheet.title, cells, _merged(sheet))


def _merged(sheet: Any) -> dict[tuple[int, int], tuple[int, int]]:
    """The sheet's merged ranges, read from its XML part (read-only openpyxl has none)."""
    archive = getattr(sheet.parent, "_archive", None)
    part = getattr(sheet, "_worksheet_path", None)
    if not isinstance(archive, zipfile.ZipFile) or not isinstance(part, str):
        return {}
    return merged_ranges(archive, part, max_row=MAX_ROWS, max_column=MAX_COLUMNS)


@functools.cache
def _template_texts(format_id: str) -> frozenset[str]:
    """The texts this package's template prints besides the form's labels: no notes for them."""
    texts = {label.text for label in sheet_layout(format_id).labels}
    texts |= set(check_label_cells(format_id).values()) | {CORRECT, WRONG}
    return frozenset(texts)


def _refuse_uncomputed_formulas(path: Path, grids: list[Grid], reading: Reading) -> None:
    """A formula read as blank may be one whose value was never computed: say which cell."""
    by_name = {grid.name: grid for grid in grids}
    wanted: dict[str, set[tuple[int, int]]] = {}
    for sheet, row, column in reading.positions.values():
        if by_name[sheet].at(row, column) is None:
            wanted.setdefault(sheet, set()).add((row, column))
    if not wanted:
        return
    with _open_workbook(path, data_only=False) as workbook:
        for sheet in workbook.worksheets:
            cells = wanted.get(sheet.title)
            if not cells:
                continue
            last_row = max(row for row, _ in cells)
            width = max(column for _, column in cells)
            rows = sheet.iter_rows(max_row=last_row, max_col=width, values_only=True)
            with closing(rows):
                for row_number, values in enumerate(rows, start=1):
                    for column, value in enumerate(values, start=1):
                        if (row_number, column) in cells and _is_formula(value):
                            where = f"{sheet.title}!{column_letter(column)}{row_number}"
                            raise ReadError(
                                path,
                                f"the formula {value} has no computed value; open the file "
                                "in Excel or LibreOffice and save it, then read it again",
                                where=where,
                            )


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith("=")
