"""Draw the workbook with openpyxl: the template of a format, filled in or blank.

Private to `gkreport.excel`, which imports it only when a workbook is written;
the geometry comes from `gkreport._workbook_map` and the check formulas from
`gkreport.excel._livechecks`, so this module only decides how things look.

Cells are styled through named styles ("gk …"), registered once per workbook:
assigning a style object cell by cell costs openpyxl a hash per assignment and
made writing ten times slower.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from typing import Any, Literal, TypedDict, cast

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._model import Report
from gkreport._workbook_map import (
    CHECK_COLUMN,
    GRID_COLUMNS,
    MAIN_SHEET,
    NOTES_HEADER,
    NOTES_SHEET,
    TEXT_SHEET,
    SheetLayout,
    Span,
    column_letter,
    sheet_layout,
    text_cell,
    text_runs,
)
from gkreport.excel._livechecks import CORRECT, WRONG, check_cells, check_label_cells
from gkreport.excel._ooxml import (
    CELL_LIMIT,
    EMPTY_TEXT_NAME,
    FORMAT_NAME,
    FORMULA_START,
    TEMPLATE_VERSION,
    VERSION_NAME,
    cell_pieces,
    escape,
)

__all__ = ["Drawing"]

# --- styles ---------------------------------------------------------------------------------

_FONT = "宋体"
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_UNLOCKED = Protection(locked=False)
_INPUT_FILL = PatternFill("solid", fgColor="FFFBEA")
_INPUT_FONT = Font(name=_FONT, size=10, color="1F3A93")
_WRONG_FILL = PatternFill("solid", fgColor="F4B6B6")
_RIGHT_FILL = PatternFill("solid", fgColor="D7EFD2")


def _styles() -> dict[str, NamedStyle]:
    """The named styles of the workbook, by name (fresh objects: a workbook owns them)."""
    label = Font(name=_FONT, size=10)
    bold = Font(name=_FONT, size=10, bold=True)

    def style(name: str, **attributes: Any) -> NamedStyle:
        return NamedStyle(name=name, **attributes)

    def cell(name: str, number_format: str, alignment: Alignment) -> NamedStyle:
        return style(
            name,
            font=_INPUT_FONT,
            fill=_INPUT_FILL,
            border=_BOX,
            alignment=alignment,
            protection=_UNLOCKED,
            number_format=number_format,
        )

    styles = [
        style("gk section", font=Font(name=_FONT, size=12, bold=True), alignment=_LEFT),
        style("gk caption", font=bold, border=_BOX, alignment=_CENTER),
        style("gk header", font=bold, border=_BOX, alignment=_CENTER),
        style("gk row", font=label, border=_BOX, alignment=_LEFT),
        cell("gk count", "0", _CENTER),
        cell("gk money", "General", _CENTER),
        cell("gk text", "@", _LEFT),
        cell("gk date", "yyyy-mm-dd", _LEFT),
        style("gk check", font=bold, border=_BOX, alignment=_CENTER),
        style(
            "gk check caption",
            font=Font(name=_FONT, size=8, italic=True, color="666666"),
            alignment=Alignment(vertical="center"),
        ),
        style("gk part", font=bold, alignment=_TOP_LEFT),
        cell("gk part text", "@", _TOP_LEFT),
    ]
    return {s.name: s for s in styles}


_INPUT_STYLES = {
    Kind.COUNT: "gk count",
    Kind.SIGNED: "gk count",
    Kind.MONEY: "gk money",
    Kind.TEXT: "gk text",
}
_COLUMN_WIDTH = 6.9
_CHECK_WIDTH = 6.0
_LINE_HEIGHT = 14.0
_LARGEST_EXACT = 2**53  # beyond this a double cannot hold every whole number
_FIRST_EXCEL_DATE = datetime.date(1900, 3, 1)  # Excel's dates before this are off by one
_NAME_AREAS = 200  # ranges per defined name of empty texts, far below Excel's formula limits


class _Rule(TypedDict, total=False):
    """The keywords of a `DataValidation` this module uses, typed as openpyxl's stubs want."""

    type: Literal["whole", "decimal", "list", "date", "textLength"]
    operator: Literal["greaterThanOrEqual", "lessThanOrEqual", "greaterThan", "between"]
    formula1: str
    formula2: str


_VALIDATIONS: dict[Kind, tuple[_Rule, str]] = {
    Kind.COUNT: (
        {"type": "whole", "operator": "greaterThanOrEqual", "formula1": "0"},
        "请填写非负整数（件），没有请填0",
    ),
    Kind.SIGNED: (
        {
            "type": "whole",
            "operator": "between",
            "formula1": "-999999999999",
            "formula2": "999999999999",
        },
        "请填写整数，减少用负数表示，如 -8",
    ),
    Kind.MONEY: (
        {"type": "decimal", "operator": "greaterThanOrEqual", "formula1": "0"},
        "请填写非负数（万元），可带小数",
    ),
    Kind.TEXT: (
        {"type": "textLength", "operator": "lessThanOrEqual", "formula1": "255"},
        "请填写不超过255个字符的文字",
    ),
}
_KIND_LIST = ",".join(label for label, _deadline in layout.KINDS.values())
_METADATA_VALIDATIONS: dict[str, tuple[_Rule, str]] = {
    "/year": (
        {"type": "whole", "operator": "between", "formula1": "2008", "formula2": "2100"},
        "请填写报告年度，如 2024",
    ),
    "/kind": ({"type": "list", "formula1": f'"{_KIND_LIST}"'}, "本级人民政府或部门"),
    "/published_on": (
        {"type": "date", "operator": "greaterThan", "formula1": "39448"},  # 2008-01-01
        "请填写日期，如 2025-01-20",
    ),
}


class Drawing:
    """One workbook being drawn: the template of a format, optionally filled in."""

    def __init__(self, format_id: str) -> None:
        self.geometry: SheetLayout = sheet_layout(format_id)
        self.workbook = Workbook()
        for named in _styles().values():
            self.workbook.add_named_style(named)
        self.main = cast("Worksheet", self.workbook.active)  # a new Workbook holds one Worksheet
        self.main.title = MAIN_SHEET
        self.text = self.workbook.create_sheet(TEXT_SHEET)
        self.notes = self.workbook.create_sheet(NOTES_SHEET)
        #: Cells holding an empty text, by sheet title (`EMPTY_TEXT_NAME`).
        self.empty: dict[str, list[tuple[int, int]]] = {}
        self._record(format_id)
        self._draw_main()
        self._draw_text()
        self._draw_notes()

    # --- the template ---

    def _record(self, format_id: str) -> None:
        names = self.workbook.defined_names
        names[FORMAT_NAME] = DefinedName(FORMAT_NAME, attr_text=f'"{format_id}"')
        names[VERSION_NAME] = DefinedName(VERSION_NAME, attr_text=f'"{TEMPLATE_VERSION}"')
        properties = self.workbook.properties
        properties.title = layout.get_format(format_id).notice
        properties.subject = f"gkreport template {TEMPLATE_VERSION}, format {format_id}"
        properties.keywords = f"gkreport;format={format_id};template={TEMPLATE_VERSION}"
        properties.creator = "gkreport"
        self.workbook.calculation.fullCalcOnLoad = True  # live checks computed on opening

    def _draw_main(self) -> None:
        sheet = self.main
        for column in range(1, GRID_COLUMNS + 1):
            sheet.column_dimensions[column_letter(column)].width = _COLUMN_WIDTH
        sheet.column_dimensions[column_letter(CHECK_COLUMN)].width = _CHECK_WIDTH
        heights: dict[int, float] = {}
        for label in self.geometry.labels:
            _span(sheet, label.span, f"gk {label.role}", label.text)
            _need_height(heights, label.span, label.text)
        for item in self.geometry.inputs:
            _span(sheet, item.span, _INPUT_STYLES[item.kind])
        for item in self.geometry.metadata:
            style = "gk date" if item.pointer == "/published_on" else "gk text"
            _span(sheet, item.span, style)
        for row, height in heights.items():
            sheet.row_dimensions[row].height = height
        self._validations()
        self._checks()
        self._print_setup()
        sheet.protection.sheet = True  # no password: it only guards the labels against slips

    def _validations(self) -> None:
        for kind, (rule, message) in _VALIDATIONS.items():
            cells = [item.span.ref for item in self.geometry.inputs if item.kind is kind]
            if cells:
                self._validation(rule, message, cells)
        spans = {item.pointer: item.span for item in self.geometry.metadata}
        for pointer, (rule, message) in _METADATA_VALIDATIONS.items():
            self._validation(rule, message, [spans[pointer].ref])

    def _validation(self, rule: _Rule, message: str, cells: list[str]) -> None:
        validation = DataValidation(
            **rule,
            sqref=" ".join(cells),  # one string: adding ranges one by one is quadratic
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle="输入有误",
            error=message,
            prompt=message,
        )
        self.main.add_data_validation(validation)

    def _checks(self) -> None:
        sheet = self.main
        refs = []
        for check in check_cells(self.geometry.format_id):
            cell = sheet.cell(check.span.top, check.span.left)
            cell.value = check.formula
            cell.style = "gk check"
            refs.append(check.span.address)
        for (row, column), caption in check_label_cells(self.geometry.format_id).items():
            put_text(sheet.cell(row, column), caption)
            sheet.cell(row, column).style = "gk check caption"
        if refs:
            area = " ".join(refs)
            for shown, fill in ((WRONG, _WRONG_FILL), (CORRECT, _RIGHT_FILL)):
                # types-openpyxl declares CellIsRule without annotations
                rule = CellIsRule(operator="equal", formula=[f'"{shown}"'], fill=fill)  # type: ignore[no-untyped-call]
                sheet.conditional_formatting.add(area, rule)

    def _print_setup(self) -> None:
        sheet = self.main
        checks = check_cells(self.geometry.format_id)
        last_row = max(self.geometry.row_count, *(c.span.top for c in checks))
        sheet.print_area = f"A1:{column_letter(CHECK_COLUMN)}{last_row}"
        _fit_a4(sheet)
        sheet.print_options.horizontalCentered = True

    def _draw_text(self, runs: list[Span] | None = None) -> None:
        """Each part's label in column A and its text in B: one row, or the rows of its run."""
        sheet = self.text
        sheet.column_dimensions["A"].width = 30
        sheet.column_dimensions["B"].width = 80
        spans = runs or [text_cell(index) for index in range(len(layout.PARTS))]
        for part, span in zip(layout.PARTS, spans, strict=True):
            _span(sheet, Span(span.top, 1, span.bottom, 1), "gk part", part.label)
            for row in range(span.top, span.bottom + 1):
                sheet.cell(row, span.left).style = "gk part text"
                sheet.row_dimensions[row].height = 90
        _fit_a4(sheet)
        sheet.protection.sheet = True

    def _draw_notes(self) -> None:
        sheet = self.notes
        widths = (34, 40, 16, 50, 12)
        for column, (name, width) in enumerate(zip(NOTES_HEADER, widths, strict=True), start=1):
            put_text(sheet.cell(1, column), name)
            sheet.cell(1, column).style = "gk header"
            sheet.column_dimensions[column_letter(column)].width = width
        sheet.freeze_panes = "A2"
        _fit_a4(sheet)

    # --- the values ---

    def fill(self, report: Report) -> None:
        """Write ``report``'s values into the drawn template.

        A narrative part or a note longer than a cell holds continues in the rows
        below (`_fill_text`, `_fill_notes`); an empty text is recorded in a defined
        name (`EMPTY_TEXT_NAME`), since its cell looks blank.

        :raises ValueError: a metadata field or a table cell longer than a cell holds
            (`CELL_LIMIT`): its cell cannot grow, and cutting it would lose text.
        """
        sheet = self.main
        for item in (*self.geometry.metadata, *self.geometry.inputs):
            value = _value_at(report, item.pointer)
            if item.pointer == "/kind" and value in layout.KINDS:
                value = layout.KINDS[value][0]  # the form says 本级人民政府 / 部门
            if value == "":
                self._empty(sheet, item.span.top, item.span.left)
            elif value is not None:
                _check_fits(item.pointer, value)
                put_value(sheet.cell(item.span.top, item.span.left), value)
        self._fill_text(report)
        self._fill_notes(report)
        self._name_empty_cells()

    def _fill_text(self, report: Report) -> None:
        """Each part in the rows of its run: one row, or as many as its pieces need."""
        texts = [getattr(report.text, part.id) for part in layout.PARTS]
        pieces = [cell_pieces(text or "") for text in texts]
        runs = text_runs([len(p) for p in pieces])
        if any(span.merged for span in runs):  # the one-row template is drawn again
            position = self.workbook.index(self.text)
            self.workbook.remove(self.text)
            self.text = self.workbook.create_sheet(TEXT_SHEET, position)
            self._draw_text(runs)
        for text, span, parts in zip(texts, runs, pieces, strict=True):
            if text == "":
                self._empty(self.text, span.top, span.left)
            for row, piece in enumerate(parts, start=span.top):
                put_text(self.text.cell(row, span.left), piece)

    def _fill_notes(self, report: Report) -> None:
        """One row per note, or a run of rows for a long one, its short fields merged down it.

        The merged cells (the ``kind`` column always among them) tell a reader how
        many rows the note takes; each long field's pieces follow down its column.
        """
        sheet = self.notes
        row = 2
        for note in report.notes:
            fields = (note.path, note.raw, note.source, note.message, note.kind)
            pieces = [cell_pieces(value or "") for value in fields]
            count = max(1, *(len(parts) for parts in pieces))
            for column, (value, parts) in enumerate(zip(fields, pieces, strict=True), start=1):
                for offset, piece in enumerate(parts):
                    put_text(sheet.cell(row + offset, column), piece)
                if value == "" and NOTES_HEADER[column - 1] in ("source", "message"):
                    self._empty(sheet, row, column)  # None is a blank; "" must be told apart
                if count > 1 and len(parts) <= 1:
                    sheet.merge_cells(
                        start_row=row,
                        start_column=column,
                        end_row=row + count - 1,
                        end_column=column,
                    )
            if not any(fields) and note.source is None and note.message is None:
                self._empty(sheet, row, 1)  # an all-empty note still has its row
            row += count

    def _empty(self, sheet: Worksheet, row: int, column: int) -> None:
        self.empty.setdefault(sheet.title, []).append((row, column))

    def _name_empty_cells(self) -> None:
        """Record the cells holding an empty text in `EMPTY_TEXT_NAME` (and ``…_2`` …).

        One name per sheet (a union of ranges on one sheet is a valid reference
        everywhere), a column's consecutive cells as one range.
        """
        names = self.workbook.defined_names
        number = 0
        for title, cells in self.empty.items():
            areas = _areas(cells)
            for start in range(0, len(areas), _NAME_AREAS):
                number += 1
                name = EMPTY_TEXT_NAME if number == 1 else f"{EMPTY_TEXT_NAME}_{number}"
                quoted = "'" + title.replace("'", "''") + "'"
                refs = ",".join(f"{quoted}!{area}" for area in areas[start : start + _NAME_AREAS])
                names[name] = DefinedName(name, attr_text=refs)


def _areas(cells: list[tuple[int, int]]) -> list[str]:
    """``$B$6`` or ``$C$2:$C$9``: the cells as ranges, a column's consecutive rows as one."""
    runs: list[list[int]] = []  # column, first row, last row
    for row, column in sorted(set(cells), key=lambda cell: (cell[1], cell[0])):
        if runs and runs[-1][0] == column and runs[-1][2] == row - 1:
            runs[-1][2] = row
        else:
            runs.append([column, row, row])
    areas = []
    for column, first, last in runs:
        letter = column_letter(column)
        area = f"${letter}${first}"
        areas.append(area if first == last else f"{area}:${letter}${last}")
    return areas


def _check_fits(pointer: str, value: object) -> None:
    """Refuse a text no single cell can hold (see `Drawing.fill`)."""
    if isinstance(value, str) and len(cell_pieces(value)) > 1:
        msg = (
            f"{pointer}: a text of {len(value)} characters does not fit one workbook cell "
            f"(at most {CELL_LIMIT:,}); write .json instead"
        )
        raise ValueError(msg)


def _span(sheet: Worksheet, span: Span, style: str, text: str | None = None) -> None:
    """Style every cell of ``span``, then merge it.

    Every cell gets the style, borders included, so the merge is recorded
    directly: `Worksheet.merge_cells` would redraw the borders one slow style
    assignment at a time (70 % of the time to write a workbook).
    """
    for row in range(span.top, span.bottom + 1):
        for column in range(span.left, span.right + 1):
            sheet.cell(row, column).style = style
    if text is not None:
        put_text(sheet.cell(span.top, span.left), text)
    if span.merged:
        sheet.merged_cells.add(MergedCellRange(sheet, span.ref))


def _fit_a4(sheet: Worksheet) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    # WorksheetProperties always makes one; the stubs allow the None it may be set to
    cast(PageSetupProperties, sheet.sheet_properties.pageSetUpPr).fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def _need_height(heights: dict[int, float], span: Span, text: str) -> None:
    """Grow the rows under ``span`` so its wrapped text shows in full."""
    width = (span.right - span.left + 1) * _COLUMN_WIDTH
    per_line = max(int(width / 2.1), 1)  # a Chinese character is about two widths of "0"
    lines = math.ceil(len(text) / per_line)
    rows = span.bottom - span.top + 1
    height = max(lines * _LINE_HEIGHT / rows, _LINE_HEIGHT + 2)
    for row in range(span.top, span.bottom + 1):
        heights[row] = max(heights.get(row, 0.0), height)


def _value_at(report: Report, pointer: str) -> object:
    node: object = report
    for part in pointer.strip("/").split("/"):
        node = getattr(node, part)
    return node


def put_text(cell: Any, text: str) -> None:
    """Store ``text`` as a string, never as a formula."""
    cell.value = escape(text)
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True


def put_value(cell: Any, value: object) -> None:
    """Store a value so that reading the cell gives exactly ``value`` back."""
    stored = _stored_form(value)
    if isinstance(stored, str):
        put_text(cell, stored)
        return
    cell.value = stored


def _stored_form(value: object) -> object:
    """A number or date that Excel holds exactly, or else the value's exact text."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < _LARGEST_EXACT:
        return value
    if isinstance(value, Decimal):
        as_float = float(value)
        exact = math.isfinite(as_float) and Decimal(repr(as_float)) == value
        return as_float if exact else format(value, "f")
    if isinstance(value, datetime.date):
        return value if value >= _FIRST_EXCEL_DATE else value.isoformat()
    return value if isinstance(value, str) else str(value)
