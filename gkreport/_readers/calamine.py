"""Workbooks read by python-calamine (the ``gkreport[fast]`` extra), as openpyxl reads them.

calamine reads cell values in Rust, an order of magnitude faster than openpyxl, but
gives no defined names and no formulas. So a .xlsx is read in two halves: what
openpyxl takes from the small XML parts (the workbook's sheets and defined names:
the format gkreport recorded, the ranges holding an empty text; each sheet's
``<dimension>`` and merged ranges) is taken the same way, by the same openpyxl
classes and `gkreport._readers.merges`, and only the cells come from calamine,
made what openpyxl gives: a whole number an ``int``, a date a ``datetime``.

Both halves feed the one grid reader (`gkreport._readers.xlsx.grid_reading`), so a
workbook reads to the same report whichever reader runs. The main sheet of a workbook
written from the template is checked as the template's in calamine's dense rows
(`template.template_grid`), and its grid made from the plan, not cell by cell.

Where this path could not say exactly what openpyxl says, the file goes to openpyxl
instead (`read_xlsx` returns None): a sheet spanning more than a million cells from
A1 (calamine would hold them all), an error cell (``#DIV/0!``, which calamine reads as
blank), an OOXML escape left in a text (``_xD800_``: calamine leaves some as they are),
a sheet or name openpyxl parses differently, and a blank value cell that holds a formula
(openpyxl then names the formula that has no computed value:
`xlsx.refuse_uncomputed_formulas`).
"""

from __future__ import annotations

import bisect
import datetime
import functools
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from itertools import compress, repeat
from operator import ne
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from openpyxl.packaging import relationship
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.workbook import WorkbookPackage
from openpyxl.reader import excel as openpyxl_reader
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, range_boundaries
from openpyxl.xml.constants import ARC_CONTENT_TYPES
from openpyxl.xml.functions import fromstring

from gkreport._model import Report
from gkreport._readers import limits
from gkreport._readers.archive import Kept
from gkreport._readers.grid import Grid, Reading
from gkreport._readers.grid.template import planned_template, template_grid
from gkreport._readers.merges import merged_in
from gkreport._workbook_map import MAIN_SHEET, TEMPLATE_VERSION, template_furniture

__all__ = ["module", "read_xlsx"]

#: An error cell (``t="e"``): calamine reads it as blank, openpyxl as its text.
_ERROR_CELL = re.compile(rb"""<(?:[\w.-]+:)?c\s[^>]*?\bt\s*=\s*["']e["']""")
#: An error cell's type in double quotes, as every writer seen quotes it: a pattern finds
#: it a quarter faster than ``in`` in a sheet's XML, where every other byte is a quote.
_QUOTED_E = re.compile(rb'"e"')
#: What every error cell holds, found by its rarer first byte (a sheet holds several
#: times more quotes than "e"s); few of these are a value "e" (an ``e`` after a quote).
_E_THEN_QUOTE = re.compile(rb"e[\"']")
#: More hits than that, and the part is left to `_QUOTED_E` (a Python step for each hit).
_MOST_E_HITS = 64
#: A formula element, and the reference of the cell it is in (the nearest ``r="…"``).
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_REFERENCE = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]{1,3}[0-9]{1,7})["']""")
_CELL_START = re.compile(rb"<(?:[\w.-]+:)?c[\s>]")
_ROW_NUMBER = re.compile(rb"""<(?:[\w.-]+:)?row\s[^>]*?\br\s*=\s*["']([0-9]{1,9})["']""")
_COLUMN_LETTERS = re.compile(rb"""<(?:[\w.-]+:)?c\s[^>]*?\br\s*=\s*["']([A-Za-z]{1,3})[0-9]""")
#: More cells than a report's sheets span by far (calamine holds every cell from A1).
_MOST_CELLS = 1_000_000
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData[\s>/]")
_DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\s[^>]*?\bref\s*=\s*["']([A-Za-z0-9:$]*)["']""")
#: An OOXML escape left in a text: calamine undoes most (``_x000D_``) but leaves some as
#: they are (a surrogate ``_xD800_``, a non-character ``_xFFFE_``), and one written as
#: a literal (``_x005F_x000D_``) reads the same: openpyxl's text is needed to tell.
_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
#: Numbers calamine gives as floats that openpyxl gives as ints: whole and below 10^15,
#: which every spreadsheet writes as plain digits ("5", never "5.0").
_WHOLE_BELOW = 1e15


def module() -> Any:
    """The python_calamine module, or None when the ``fast`` extra is not installed."""
    try:
        import python_calamine  # noqa: PLC0415 - an optional extra, loaded on first use
    except ModuleNotFoundError:
        return None
    return python_calamine


class _Sheet:
    """A worksheet as openpyxl lists it: name, XML part, and what its XML says."""

    def __init__(self, name: str, data: bytes, part: str) -> None:
        self.name = name
        self.data = data
        self.part = part  #: where the archive holds it

    def too_large(self) -> bool:
        """Whether calamine would hold more than `_MOST_CELLS` cells for the sheet (`_extent`)."""
        return _extent(self.data, _MOST_CELLS) > _MOST_CELLS

    @functools.cached_property
    def _dimensions(self) -> tuple[int, int, int, int] | None:
        return _dimensions(self.data)

    @property
    def max_row(self) -> int | None:
        """The last row of the ``<dimension>``, where openpyxl's read-only rows end."""
        return self._dimensions[3] if self._dimensions else None

    @property
    def max_column(self) -> int | None:
        """The last column of the ``<dimension>``."""
        return self._dimensions[2] if self._dimensions else None

    def has_error_cell(self) -> bool:
        """Whether a cell is an error (``t="e"``, `_quoted_error_cell`).

        Every error cell's type is a quote, ``e`` and a quote: each ``e`` and a quote
        found (`_E_THEN_QUOTE`) is checked for the quote before it, and only a part that
        holds one is looked at further.
        """
        data = self.data
        hit = _E_THEN_QUOTE.search(data)
        for _ in range(_MOST_E_HITS):
            if hit is None:
                return False
            at = hit.start()
            if at and data[at - 1] in b"\"'":
                break
            hit = _E_THEN_QUOTE.search(data, at + 1)
        return _quoted_error_cell(data)

    def formula_cells(self) -> set[tuple[int, int]] | None:
        """The cells holding a formula; None when one cannot be placed (openpyxl must look)."""
        data = self.data
        formulas = [match.start() for match in _FORMULA.finditer(data)]
        if not formulas:
            return set()
        starts = [match.start() for match in _CELL_START.finditer(data)]
        found: set[tuple[int, int]] = set()
        for at in formulas:
            before = bisect.bisect_left(starts, at) - 1  # the cell the formula is in
            if before < 0 or starts[before] < at - 4096:
                return None
            reference = _REFERENCE.search(data, starts[before], at)
            if reference is None:
                return None
            found.add(coordinate_to_tuple(reference.group(1).decode("ascii").upper()))
        return found


def _quoted_error_cell(data: bytes) -> bool:
    """Whether ``data`` holds an error cell (`_ERROR_CELL`) and ``"e"`` or ``'e'``.

    A part without either is taken to hold none, as every writer seen quotes a value
    with one kind of quote (one typed ``"e'`` is not XML, and is not looked for).
    """
    if _QUOTED_E.search(data) is None and (b"'" not in data or b"'e'" not in data):
        return False
    return _ERROR_CELL.search(data) is not None


#: Row and cell elements as every writer seen writes them: unprefixed, the reference first.
_PLAIN_ROW = re.compile(rb'<row r="([0-9]{1,9})"')
_PLAIN_CELL = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_ANY_ROW = re.compile(rb"<row[\s>/]")
#: A cell element ``_PLAIN_CELL`` does not find (``<c`` and a space, ``>`` or ``/``, as
#: ``<c[\s>/]`` finds every cell element, but not followed by ``r="B3``).
_UNPLAIN_CELL = re.compile(rb'<c(?:[\t\n\r\x0b\x0c>/]| (?!r="[A-Z]{1,3}[0-9]))')
_PREFIXED = re.compile(rb":(?:row|c)[\s>/]")
#: One pass for what `_extent`'s bound needs: a plain row (`_PLAIN_ROW`) gives its number;
#: a row or cell element `_PLAIN_ROW` or `_PLAIN_CELL` does not find, or a plain cell in a
#: column after Z (two or three letters), gives b"". At a "<" where one of the two
#: matches the other does not, and no match holds a second "<". A cell is odd or wide
#: exactly when ``<c`` and a space, ``>`` or ``/`` is not ``<c r="B3`` (one letter, then
#: a digit): one lookahead, the cheapest test sre makes at each of a sheet's thousands of
#: "<" (a quarter faster than a branch for each way a cell may be odd).
_PLAIN_ROW_OR_ODD = re.compile(
    rb'<(?:c(?! r="[A-Z][0-9])[\s>/]'
    rb'|row(?: r="([0-9]{1,9})"|[\t\n\r\x0b\x0c>/]| (?!r="[0-9]{1,9}")))'
)


def _extent(data: bytes, enough: int | None = None) -> int:
    """How many cells calamine would hold for the sheet: its last row times its last column.

    calamine keeps a sheet as one dense range from A1, so a single value far away
    (XFD1048576) would take gigabytes: such a sheet is left to openpyxl, which reads
    rows one by one and stops at the limits. When every row and cell element is
    written as the writers write them (``<row r="3"``, ``<c r="B3"``), a pattern
    starting with those literal bytes finds them all; otherwise the general patterns
    look. With ``enough``, a sheet whose cells all lie in columns A to Z and within
    ``enough`` cells of A1 answers that bound (26 columns times its last row) instead
    of its exact extent: either is at most ``enough``.
    """
    prefixed = _PREFIXED.search(data) is not None
    if enough is not None and not prefixed:
        # One pass for both: the plain rows' numbers, and b"" for an odd or wide element
        found = _PLAIN_ROW_OR_ODD.findall(data)
        if b"" not in found:  # no odd or wide element: every row found is a plain one
            bound = max(map(int, found), default=0) * 26  # every cell plain, columns A to Z
            if bound <= enough:
                return bound
    rows = _PLAIN_ROW.findall(data)
    if (
        len(rows) == len(_ANY_ROW.findall(data))
        and _UNPLAIN_CELL.search(data) is None  # every cell element is a plain one
        and not prefixed
    ):
        letters = set(_PLAIN_CELL.findall(data))
    else:
        rows = _ROW_NUMBER.findall(data)
        letters = set(_COLUMN_LETTERS.findall(data))
    last_row = max(map(int, rows), default=0)
    columns = max((column_index_from_string(c.decode("ascii").upper()) for c in letters), default=0)
    return last_row * columns


def _dimensions(data: bytes) -> tuple[int, int, int, int] | None:
    """The sheet's ``<dimension>`` as openpyxl's read-only sheet reads it (before the cells).

    (min column, min row, max column, max row); None when there is none.
    """
    cells = _SHEET_DATA.search(data)
    head = data[: cells.start()] if cells is not None else data
    found = _DIMENSION.search(head)
    if found is None:
        return None
    left, top, right, bottom = range_boundaries(found.group(1).decode("ascii"))
    if left is None or top is None or right is None or bottom is None:
        raise ValueError("a dimension of whole rows or columns")  # openpyxl then decides
    return left, top, right, bottom


class _Parts:
    """An archive's parts as `_book` reads them: those the check kept, the rest from the zip.

    The zip is opened only if a part was not kept (a large one) or a name must be
    looked up that no kept part has.
    """

    def __init__(self, source: Path | zipfile.ZipFile, kept: Mapping[str, bytes]) -> None:
        self.kept = kept
        self._path = source if isinstance(source, Path) else None
        self._archive = source if isinstance(source, zipfile.ZipFile) else None

    def _zip(self) -> zipfile.ZipFile:
        if self._archive is None:
            self._archive = zipfile.ZipFile(self._path or "")
        return self._archive

    def read(self, name: str) -> bytes:
        found = self.kept.get(name)
        return found if found is not None else self._zip().read(name)

    def has(self, name: str) -> bool:
        return name in self.kept or name in self._zip().NameToInfo

    def close(self) -> None:
        if self._archive is not None and self._path is not None:  # opened here
            self._archive.close()


def _book(archive: zipfile.ZipFile | _Parts) -> tuple[Any, list[_Sheet]]:
    """The workbook's global defined names and its worksheets, found as openpyxl finds them.

    The same openpyxl classes parse the same small parts (`openpyxl.reader.excel`);
    what they make of the parts is kept by their bytes (`_structure`), which every
    workbook written from one template shares.
    """
    parts = archive if isinstance(archive, _Parts) else _Parts(archive, {})
    part = _workbook_part(parts.read(ARC_CONTENT_TYPES))
    rels = relationship.get_rels_path(part)  # type: ignore[no-untyped-call]
    names, listed = _structure(part, parts.read(part), parts.read(rels))
    sheets = [
        _Sheet(name, parts.read(target), target)
        for name, target, kind in listed
        if parts.has(target) and "chartsheet" not in kind
    ]
    return SimpleNamespace(defined_names=names), sheets


@functools.lru_cache(maxsize=64)
def _workbook_part(content_types: bytes) -> str:
    """The workbook part's name, as openpyxl finds it in ``[Content_Types].xml``."""
    reader: Any = openpyxl_reader
    tree: Any = fromstring
    manifest = Manifest.from_tree(tree(content_types))
    return str(reader._find_workbook_part(manifest).PartName[1:])


@functools.lru_cache(maxsize=64)
def _structure(
    part: str, workbook: bytes, rels: bytes
) -> tuple[Mapping[str, Any], tuple[tuple[str, str, str], ...]]:
    """The global defined names and each sheet's (name, part, relation), as openpyxl has them.

    The stubs of openpyxl's classes do not cover all of them: hence the ``Any``.
    """
    parts: Any = relationship
    tree: Any = fromstring
    package: Any = WorkbookPackage.from_tree(tree(workbook))
    relations = parts.get_dependents(
        _Parts(Path(), {parts.get_rels_path(part): rels}), parts.get_rels_path(part)
    ).to_dict()
    names = package.definedNames.by_sheet().get("global") if package.definedNames else None
    listed = []
    for sheet in package.sheets:
        if not sheet.id:
            continue  # openpyxl drops it with a warning
        relation = relations[sheet.id]
        listed.append((sheet.name, relation.target, relation.Type))
    return (names if names is not None else {}), tuple(listed)


def read_xlsx(path: Path, calamine: Any, parts: Mapping[str, bytes] | None = None) -> Report | None:
    """The report in an .xlsx workbook (already checked: `archive.check_archive`), or None.

    None when openpyxl must read the file for the same report (see the module).
    ``parts`` are the XML parts the check read (`archive.check_archive`'s ``keep``):
    they are not unpacked again. When they are the whole archive (`archive.Kept.whole`)
    calamine is handed them too, stored as read: the bytes it parses are those the
    check proved, not the file read again.

    :raises ReadError: as `gkreport._readers.xlsx.read` raises it for the same grids.
    """
    from gkreport._readers import xlsx  # noqa: PLC0415 - xlsx imports this module

    try:
        archive = _Parts(path, parts or {})
        try:
            names, sheets = _book(archive)
        finally:
            archive.close()
        recorded = xlsx.recorded_format(names)
        version = xlsx.recorded_version(names) if recorded else None
        skipped = template_furniture(recorded, version).sheets if recorded else frozenset()
        listed = sheets
        sheets = [sheet for sheet in sheets if sheet.name not in skipped]  # never read
        unread = {sheet.part for sheet in listed} - {sheet.part for sheet in sheets}
        if any(sheet.too_large() or sheet.has_error_cell() for sheet in sheets):
            return None
        empty = xlsx.empty_texts(names)
        # a filled template's main sheet is checked in its dense rows (`template.template_grid`)
        planned = (
            recorded
            if recorded is not None
            and version == TEMPLATE_VERSION
            and planned_template(recorded, [sheet.name for sheet in sheets])
            else None
        )
        # calamine reads a file-like object whole: handed the bytes, it skips Python's file
        # reads; handed the parts the check proved, stored, it parses them and unpacks
        # nothing (and copies no sheet it is never asked for)
        unpacked = parts.unpacked(without=unread) if isinstance(parts, Kept) else None
        source = unpacked if unpacked is not None else path.read_bytes()
        workbook = calamine.CalamineWorkbook.from_filelike(io.BytesIO(source))
        try:
            read_sheets = [
                _grid(sheet, workbook.get_sheet_by_name(sheet.name), empty, planned)
                for sheet in sheets
            ]
        finally:
            workbook.close()
    except Exception:  # whatever fails here, openpyxl reads the file or says why
        return None
    if any(grid is None for grid, _, _ in read_sheets):
        return None
    whole = [(grid, more) for grid, more, _ in read_sheets if grid is not None]
    return xlsx.sheets_report(  # openpyxl names a formula read as blank
        path,
        whole,
        recorded,
        version,
        formulas=lambda grids, reading: _blank_formulas(grids, sheets, reading),
        proven_template=any(proven for _, _, proven in read_sheets),
    )


def _grid(
    sheet: _Sheet,
    values: Any,
    empty: dict[str, tuple[tuple[int, int, int, int], ...]],
    planned: str | None = None,
) -> tuple[Grid | None, bool, bool]:
    """A sheet's cells as the openpyxl path has them (`xlsx._grid`); None where it cannot be.

    With whether rows were left (`xlsx.cut_note`), and whether the grid is the main sheet
    of the template of format ``planned``, proven so by `template.template_grid`.
    """
    limit = limits.current()
    merged = merged_in(sheet.data, max_row=limit.max_table_rows, max_column=limit.max_table_columns)
    width = min(sheet.max_column or limit.max_table_columns, limit.max_table_columns)
    last = limit.max_table_rows + 1
    if sheet.max_row is not None:
        last = min(last, sheet.max_row)
    rows = values.to_python(skip_empty_area=False, nrows=last)
    if (
        planned is not None
        and sheet.name == MAIN_SHEET
        and len(rows) <= min(last, limit.max_table_rows)
    ):
        grid = template_grid(
            rows,
            planned,
            width=width,
            merged=merged,
            empty_texts=empty.get(sheet.name, ()),
            values=_as_openpyxl_in_place,
        )
        if grid is not None:
            return grid, False, True
    cells: dict[tuple[int, int], object] = {}
    cut = False
    for row_number, row in enumerate(rows, start=1):
        if row_number > last:
            break
        if row_number > limit.max_table_rows:
            cut = any(value != "" for value in row[:width])
            break
        within = row[:width]
        # calamine's blanks ("", most of a sheet's cells) are passed over without a step of Python
        for column, value in compress(enumerate(within, start=1), map(ne, within, repeat(""))):
            kind = type(value)
            if kind is str:  # most cells: a text; inlined
                if "_x" in value and _ESCAPE.search(value):
                    return None, False, False
                cells[(row_number, column)] = value
                continue
            if kind is float:  # the next most: a number (`_as_openpyxl`, inlined)
                whole = value.is_integer() and -_WHOLE_BELOW < value < _WHOLE_BELOW
                cells[(row_number, column)] = int(value) if whole else value
                continue
            cell = _as_openpyxl(value)
            if cell is _UNSURE:
                return None, False, False
            cells[(row_number, column)] = cell
    return Grid(sheet.name, cells, merged, empty.get(sheet.name, ())), cut, False


_UNSURE = object()


def _as_openpyxl_in_place(cells: dict[tuple[int, int], object]) -> bool:
    """`_as_openpyxl` on every value of ``cells``, in place; False where one is not sure.

    For `template.template_grid`; a text and a number inlined, as `_grid` has them.
    """
    for position, value in cells.items():
        if type(value) is float:
            if value.is_integer() and -_WHOLE_BELOW < value < _WHOLE_BELOW:
                cells[position] = int(value)
        elif type(value) is str:
            if "_x" in value and _ESCAPE.search(value):
                return False
        else:
            cell = _as_openpyxl(value)
            if cell is _UNSURE:
                return False
            cells[position] = cell
    return True


def _as_openpyxl(value: object) -> object:
    """A calamine value as openpyxl gives the same cell; `_UNSURE` where that is not known."""
    kind = type(value)
    if kind is str:
        assert isinstance(value, str)
        return _UNSURE if "_x" in value and _ESCAPE.search(value) else value
    if kind is float:
        assert isinstance(value, float)
        return int(value) if value.is_integer() and abs(value) < _WHOLE_BELOW else value
    if kind is datetime.date:
        assert isinstance(value, datetime.date)
        return datetime.datetime(value.year, value.month, value.day)  # as openpyxl gives it
    if kind in (bool, int, datetime.datetime, datetime.time, datetime.timedelta):
        return value
    return _UNSURE


def _blank_formulas(grids: Sequence[Grid], sheets: Sequence[_Sheet], reading: Reading) -> bool:
    """Whether a value read as blank may be a formula whose value was never computed."""
    by_name = {grid.name: grid.cells for grid in grids}
    xml = {sheet.name: sheet for sheet in sheets}
    formulas: dict[str, set[tuple[int, int]] | None] = {}
    for sheet, row, column in reading.positions.values():
        if by_name[sheet].get((row, column)) is not None:  # `Grid.at`, inlined
            continue
        if sheet not in formulas:
            formulas[sheet] = xml[sheet].formula_cells()
        cells = formulas[sheet]
        if cells is None or (row, column) in cells:
            return True
    return False
