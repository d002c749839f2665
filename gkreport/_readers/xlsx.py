"""Reading a report from an .xlsx workbook: this package's template or a hand-made one.

Untrusted files are checked against the `Limits` in effect before openpyxl sees
them (`gkreport._readers.archive`): openpyxl parses XML through defusedxml, but
nothing bounds a zip bomb or deep nesting. The tables are then found by their
labels (`gkreport._readers.grid`), not by coordinates; each sheet's merged ranges
come with its cells (`gkreport._readers.merges`).
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from gkreport._errors import ReadError
from gkreport._forms import layout, registry
from gkreport._model import Note, Report
from gkreport._readers import calamine, limits
from gkreport._readers.archive import XLSX, check_archive, describe
from gkreport._readers.assemble import assemble
from gkreport._readers.grid import Grid, Reading, read_grids
from gkreport._readers.grid.template import read_template, worth_planning
from gkreport._readers.merges import MAX_MERGES, merged_ranges
from gkreport._workbook_map import (
    INSTRUCTIONS_SHEET,
    TEMPLATE_VERSION,
    column_letter,
    instructions_title,
    template_furniture,
)
from gkreport.excel._ooxml import EMPTY_TEXT_NAME, FORMAT_NAME, VERSION_NAME, unescape

__all__ = [
    "cut_note",
    "empty_texts",
    "grid_reading",
    "read",
    "read_with_openpyxl",
    "recorded_format",
    "recorded_version",
    "refuse_uncomputed_formulas",
    "sheets_report",
]

_LOOKED_FOR = "looked for labels such as " + ", ".join(
    (
        registry.current().proactive.children[0].label,
        layout.APPLICANT_COLUMNS[0].label,
        layout.REVIEW_HEADER,
    )
)


# --- reading --------------------------------------------------------------------------------


def read(path: str | os.PathLike[str]) -> Report:
    """The reader behind `gkreport.excel.read` and `gkreport.load` (documented there).

    The archive is checked before anything opens it. With python-calamine installed
    (``gkreport[fast]``) the cells are read by calamine (`gkreport._readers.calamine`),
    to the same report; otherwise, and for the files that path leaves to it, by
    openpyxl, where a formula read as blank is looked up once more without cached
    values, to name its cell.
    """
    path = Path(path)
    fast = calamine.module()
    if fast is None:
        check_archive(path, XLSX)
        return _read_with_openpyxl(path)
    parts = check_archive(path, XLSX, keep=_every_part)
    report = calamine.read_xlsx(path, fast, parts)
    return report if report is not None else _read_with_openpyxl(path)


def _every_part(name: str) -> bool:
    """Every XML part the check reads is kept for the calamine reader (bounded by the limits)."""
    return True


def read_with_openpyxl(path: str | os.PathLike[str]) -> Report:
    """`read` by openpyxl alone, whether or not python-calamine is installed.

    The reader when calamine is not installed, and for the files its path leaves
    to openpyxl (`gkreport._readers.calamine`); tests compare the two.
    """
    path = Path(path)
    check_archive(path, XLSX)
    return _read_with_openpyxl(path)


def _read_with_openpyxl(path: Path) -> Report:
    try:
        with _open_workbook(path, data_only=True) as workbook:
            recorded = recorded_format(workbook)
            version = recorded_version(workbook) if recorded else None
            skipped = template_furniture(recorded, version).sheets if recorded else frozenset()
            empty = empty_texts(workbook)
            read_sheets = [
                _grid(sheet, empty.get(sheet.title, ()))
                for sheet in workbook.worksheets
                if sheet.title not in skipped
            ]
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ReadError(path, f"not a readable .xlsx workbook ({describe(exc)})") from None
    return sheets_report(path, read_sheets, recorded, version)


def sheets_report(
    path: Path,
    read_sheets: Sequence[tuple[Grid, bool]],
    recorded: str | None,
    version: str | None,
    *,
    formulas: Callable[[Sequence[Grid], Reading], bool] | None = None,
    proven_template: bool = False,
) -> Report:
    """The report in a workbook's sheets, each read with whether rows were left (`cut_note`).

    Both .xlsx paths (openpyxl here, python-calamine in `gkreport._readers.calamine`)
    end here. ``formulas`` says whether a blank may be an uncomputed formula to name
    (`refuse_uncomputed_formulas`); by default every blank value cell is looked at.
    ``proven_template``: the main sheet's grid was checked as the template's filled in
    (`template.template_grid`).
    """
    grids = [grid for grid, _ in read_sheets]
    cut = [cut_note(grid.name) for grid, more in read_sheets if more]
    reading = grid_reading(path, grids, recorded, version, proven_template=proven_template)
    if formulas is None or formulas(grids, reading):
        refuse_uncomputed_formulas(path, grids, reading)
    return assemble(
        path,
        reading.format_id,
        reading.values,
        notes=[*reading.notes, *cut],
        sources=reading.sources,
    )


def grid_reading(
    path: Path,
    grids: Sequence[Grid],
    recorded: str | None = None,
    version: str | None = None,
    *,
    proven_template: bool = False,
) -> Reading:
    """The report's tables in a workbook's sheets, read as every workbook reader reads them.

    Shared with the .xls/.ods reader (`gkreport._readers.office`), so a workbook
    reads the same whatever its file format. What the template owns besides the
    report (`gkreport._workbook_map.template_furniture`: the instructions sheet, the
    verdict, legends, captions) is no note.

    :param recorded: the format this package recorded in the workbook, if any.
    :param version: the template version recorded with it (a sheet of the template's
        own, such as 填报说明, is skipped here if the caller has not left it out).
    :param proven_template: the main sheet's grid was checked as the template's filled
        in (`template.template_grid`): it is not checked again.
    :raises ReadError: the workbook is empty or holds none of the report's tables.
    """
    if recorded is None:  # saved where defined names do not survive: known by its own text
        recorded, version = _template_by_instructions(grids)
    furniture = template_furniture(recorded, version) if recorded else None
    if furniture is not None:
        grids = [grid for grid in grids if grid.name not in furniture.sheets]
    if not any(grid.cells for grid in grids):
        raise ReadError(path, "the workbook is empty")

    if furniture is not None and version == TEMPLATE_VERSION and worth_planning(recorded or ""):
        direct = read_template(  # the template filled in
            grids, recorded or "", furniture.texts, proven=proven_template
        )
        if direct is not None:
            return direct

    def own_texts(format_id: str) -> frozenset[str]:
        # a workbook that records no format may still be the template: its texts of old
        return (furniture or template_furniture(format_id)).texts

    reading = read_grids(grids, recorded, own_texts=own_texts)
    if not reading.tables_found:
        raise ReadError(path, f"no table of the annual report found: {_LOOKED_FOR}")
    return reading


def _template_by_instructions(grids: Sequence[Grid]) -> tuple[str | None, str | None]:
    """The format and version of a template whose defined names were lost, else Nones.

    The instructions sheet (from template version 2) opens with the title naming its
    form (`instructions_title`): a workbook that has it is that template, whatever
    format it was saved in since.
    """
    for grid in grids:
        if grid.name != INSTRUCTIONS_SHEET:
            continue
        first = grid.at(1, 1)
        for format_id in layout.FORMATS:
            if first == instructions_title(format_id):
                return format_id, TEMPLATE_VERSION
    return None, None


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


def recorded_format(workbook: Any) -> str | None:
    """The format this package recorded in the workbook, if it wrote it."""
    value = _defined_text(workbook, FORMAT_NAME)
    return value if value in layout.FORMATS else None


def recorded_version(workbook: Any) -> str | None:
    """The template version this package recorded in the workbook (what the template owns)."""
    return _defined_text(workbook, VERSION_NAME)


def _defined_text(workbook: Any, name: str) -> str | None:
    """The text a defined name holds (``"2021"`` for ``="2021"``), if the workbook has it."""
    defined = workbook.defined_names.get(name)
    return defined.attr_text.strip('"') if defined is not None and defined.attr_text else None


def empty_texts(workbook: Any) -> dict[str, tuple[tuple[int, int, int, int], ...]]:
    """The ranges recorded as holding an empty text (`EMPTY_TEXT_NAME`), by sheet.

    As ``(top, left, bottom, right)``, at most `MAX_MERGES` of them; a name that is
    no reference, or a whole row or column, is ignored.
    """
    found: dict[str, list[tuple[int, int, int, int]]] = {}
    count = 0
    for name, defined in workbook.defined_names.items():
        if not name.startswith(EMPTY_TEXT_NAME):
            continue
        try:
            destinations = list(defined.destinations)
        except Exception:  # openpyxl's formula tokenizer raises many kinds
            continue
        for sheet, ref in destinations:
            try:
                left, top, right, bottom = range_boundaries(ref.replace("$", ""))
            except ValueError:
                continue
            if None in (left, top, right, bottom) or count >= MAX_MERGES:
                continue
            found.setdefault(sheet, []).append((top, left, bottom, right))  # type: ignore[arg-type]
            count += 1
    return {sheet: tuple(ranges) for sheet, ranges in found.items()}


def _grid(sheet: Any, empty_texts: tuple[tuple[int, int, int, int], ...] = ()) -> tuple[Grid, bool]:
    """A sheet's non-blank values within ``max_table_rows`` × ``max_table_columns``.

    Cells beyond are never looked at, so a lying ``<dimension>`` cannot make a read
    slow; the flag says whether the row right after the last one read holds a
    value (then the sheet goes on, and a note must say what was not read).
    """
    limit = limits.current()
    cells: dict[tuple[int, int], object] = {}
    width = min(sheet.max_column or limit.max_table_columns, limit.max_table_columns)
    cut = False
    # closing(): a row generator left suspended keeps the file open until collected
    with closing(sheet.iter_rows(max_col=width, values_only=True)) as rows:
        for row_number, values in enumerate(rows, start=1):
            if row_number > limit.max_table_rows:
                cut = any(value is not None for value in values)
                break
            for column, value in enumerate(values, start=1):
                if value is not None:
                    cells[(row_number, column)] = unescape(value) if type(value) is str else value
    return Grid(sheet.title, cells, _merged(sheet), empty_texts), cut


def _merged(sheet: Any) -> dict[tuple[int, int], tuple[int, int]]:
    """The sheet's merged ranges, read from its XML part (read-only openpyxl has none)."""
    archive = getattr(sheet.parent, "_archive", None)
    part = getattr(sheet, "_worksheet_path", None)
    if not isinstance(archive, zipfile.ZipFile) or not isinstance(part, str):
        return {}
    limit = limits.current()
    return merged_ranges(
        archive, part, max_row=limit.max_table_rows, max_column=limit.max_table_columns
    )


def cut_note(sheet: str) -> Note:
    """The note on a sheet whose rows go on past ``max_table_rows``: they were not read."""
    rows = limits.current().max_table_rows
    return Note(
        path="",
        raw="",
        source=f"{sheet}!A{rows + 1}",
        message=f"rows after row {rows} were not read (the limit max_table_rows={rows})",
    )


def refuse_uncomputed_formulas(path: Path, grids: list[Grid], reading: Reading) -> None:
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
