"""Draw the workbook with openpyxl: the template of a format, filled in or blank.

Private to `gkreport.excel`, which imports it only when a workbook is written;
the geometry comes from `gkreport._workbook_map`, the check formulas from
`gkreport.excel._livechecks`, the instructions from `gkreport.excel._instructions`
and long texts' pieces and row heights from `gkreport.excel._narrative`, so this
module only decides how things look.

Writing is kept close to what a bare openpyxl write of the same cells costs
(`benchmarks/bench_excel.py`): cells get named styles ("gk …") as prepared style
arrays, not through openpyxl's style lookups, and merged ranges are recorded
directly, every cell of them styled already (openpyxl's `merge_cells` and
`MergedCellRange` redraw the borders cell by cell, most of the time of a write).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Literal, TypedDict, cast

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._model import Report
from gkreport._workbook_map import (
    ALL_CORRECT,
    CHECK_COLUMN,
    GRID_COLUMNS,
    INSTRUCTIONS_SHEET,
    LEGEND,
    MAIN_SHEET,
    NOTES_HEADER,
    NOTES_SHEET,
    TEXT_HEADER,
    TEXT_SHEET,
    VERDICT_LABEL,
    SheetLayout,
    Span,
    column_letter,
    sheet_layout,
    text_runs,
)
from gkreport.excel._instructions import instructions
from gkreport.excel._livechecks import (
    CORRECT,
    WRONG,
    check_cells,
    check_label_cells,
    identity_words,
    verdict_formula,
)
from gkreport.excel._narrative import row_height, text_lines, text_pieces
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

    def legend(name: str, fill: PatternFill | None) -> NamedStyle:
        font = Font(name=_FONT, size=9)
        if fill is None:
            return style(name, font=font, border=_BOX, alignment=_CENTER)
        return style(name, font=font, fill=fill, border=_BOX, alignment=_CENTER)

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
        style(
            "gk check header",
            font=Font(name=_FONT, size=8, bold=True, color="666666"),
            border=_BOX,
            alignment=_CENTER,
        ),
        style("gk verdict label", font=bold, border=_BOX, alignment=_LEFT),
        style(
            "gk verdict",
            font=Font(name=_FONT, size=12, bold=True),
            border=_BOX,
            alignment=_CENTER,
        ),
        legend("gk legend right", _RIGHT_FILL),
        legend("gk legend wrong", _WRONG_FILL),
        legend("gk legend blank", None),
        style("gk part", font=bold, alignment=_TOP_LEFT),
        cell("gk part text", "@", _TOP_LEFT),
        style("gk note", font=label, alignment=_TOP_LEFT, number_format="@"),
        style("gk title", font=Font(name=_FONT, size=14, bold=True), alignment=_LEFT),
        style("gk heading", font=Font(name=_FONT, size=11, bold=True), alignment=_LEFT),
        style("gk body", font=label, alignment=_TOP_LEFT),
        style("gk key", font=bold, alignment=_TOP_LEFT),
    ]
    return {s.name: s for s in styles}


_INPUT_STYLES = {
    Kind.COUNT: "gk count",
    Kind.SIGNED: "gk count",
    Kind.MONEY: "gk money",
    Kind.TEXT: "gk text",
}
_LEGEND_STYLES = ("gk legend right", "gk legend wrong", "gk legend blank")
_COLUMN_WIDTH = 6.9
_CHECK_WIDTH = 6.0
_TEXT_WIDTHS = (30.0, 80.0)  # 正文: the part's heading, its text
_NOTES_WIDTHS = (34.0, 40.0, 16.0, 50.0, 12.0)
_INSTRUCTION_WIDTHS = (20.0, 90.0)  # 填报说明: the key, the text
_BLANK_PART_LINES = 8  # the room a blank template gives each part (rows can be resized)
_MIN_PART_LINES = 2
_LINE_HEIGHT = 14.0  # a label row of one line
_PROMPT_LIMIT = 255  # Excel refuses a longer input message
_LARGEST_EXACT = 2**53  # beyond this a double cannot hold every whole number
_FIRST_EXCEL_DATE = datetime.date(1900, 3, 1)  # Excel's dates before this are off by one
_NAME_AREAS = 200  # ranges per defined name of empty texts, far below Excel's formula limits
_PAGE_NUMBERS = "第 &P 页 共 &N 页"
_FOOTER_LIMIT = 100  # Excel allows 255 characters for the whole footer, codes included


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
    """One workbook being drawn: the template of a format, filled in with ``report`` if given.

    The sheets, in order: 填报说明 (instructions), 二三四 (metadata, verdict and the
    tables), 正文 (the six parts) and 备注 (notes). A blank template opens on the
    instructions, a written report on its tables.

    :raises ValueError: a metadata field or table cell longer than one cell holds.
    """

    def __init__(self, format_id: str, report: Report | None = None) -> None:
        self.geometry: SheetLayout = sheet_layout(format_id)
        self.workbook = Workbook()
        self._styles: dict[str, StyleArray] = {}
        for named in _styles().values():
            self.workbook.add_named_style(named)
            self._styles[named.name] = named.as_tuple()
        self.instructions = cast("Worksheet", self.workbook.active)  # a new Workbook has one
        self.instructions.title = INSTRUCTIONS_SHEET
        self.main = self.workbook.create_sheet(MAIN_SHEET)
        self.text = self.workbook.create_sheet(TEXT_SHEET)
        self.notes = self.workbook.create_sheet(NOTES_SHEET)
        #: Cells holding an empty text, by sheet title (`EMPTY_TEXT_NAME`).
        self.empty: dict[str, list[tuple[int, int]]] = {}
        self._record(format_id)
        self._draw_instructions(format_id)
        self._draw_main()
        texts = [getattr(report.text, p.id) if report else None for p in layout.PARTS]
        self._draw_text(texts, filled=report is not None)
        self._draw_notes(report)
        if report is not None:
            self._fill_main(report)
            self._name_empty_cells()
        self._footers(report)
        self._open_on(self.main if report is not None else self.instructions)

    # --- cells ---

    def _style(self, sheet: Worksheet, row: int, column: int, style: str) -> Any:
        """The cell at ``row``, ``column`` with the named ``style`` (a copy of its array).

        What ``cell.style = name`` does, without openpyxl looking the name up each time.
        """
        cell: Any = sheet.cell(row, column)
        cell._style = StyleArray(self._styles[style])
        return cell

    def _span(self, sheet: Worksheet, span: Span, style: str, text: str | None = None) -> Any:
        """Style every cell of ``span`` (borders included), put ``text`` in it, merge it."""
        for row in range(span.top, span.bottom + 1):
            for column in range(span.left, span.right + 1):
                self._style(sheet, row, column, style)
        first = sheet.cell(span.top, span.left)
        if text is not None:
            put_text(first, text)
        if span.merged:
            _merge(sheet, span)
        return first

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

    def _draw_instructions(self, format_id: str) -> None:
        """The 填报说明 sheet: headings and texts across both columns, items key | text."""
        sheet = self.instructions
        for column, width in enumerate(_INSTRUCTION_WIDTHS, start=1):
            sheet.column_dimensions[column_letter(column)].width = width
        both = sum(_INSTRUCTION_WIDTHS)
        for row, line in enumerate(instructions(format_id), start=1):
            if line.role == "item":
                self._span(sheet, Span(row, 1, row, 1), "gk key", line.key)
                self._span(sheet, Span(row, 2, row, 2), "gk body", line.text)
                lines = max(
                    text_lines(line.key, _INSTRUCTION_WIDTHS[0]),
                    text_lines(line.text, _INSTRUCTION_WIDTHS[1]),
                )
            else:
                style = {"title": "gk title", "heading": "gk heading"}.get(line.role, "gk body")
                self._span(sheet, Span(row, 1, row, 2), style, line.text)
                lines = text_lines(line.text, both * (0.7 if line.role == "title" else 1.0))
            height = row_height(lines)
            sheet.row_dimensions[row].height = height + (8 if line.role != "item" else 0)
        _print_setup(sheet)

    def _draw_main(self) -> None:
        sheet = self.main
        for column in range(1, GRID_COLUMNS + 1):
            sheet.column_dimensions[column_letter(column)].width = _COLUMN_WIDTH
        sheet.column_dimensions[column_letter(CHECK_COLUMN)].width = _CHECK_WIDTH
        heights: dict[int, float] = {}
        for label in self.geometry.labels:
            self._span(sheet, label.span, f"gk {label.role}", label.text)
            _need_height(heights, label.span, label.text)
        for item in self.geometry.inputs:
            self._span(sheet, item.span, _INPUT_STYLES[item.kind])
        for item in self.geometry.metadata:
            style = "gk date" if item.pointer == "/published_on" else "gk text"
            self._span(sheet, item.span, style)
        self._verdict(heights)
        self._checks()
        for row, height in heights.items():
            sheet.row_dimensions[row].height = height
        self._validations()
        sheet.freeze_panes = sheet.cell(self.geometry.verdict_row + 1, 1)
        self._print_main()
        _protect(sheet)

    def _verdict(self, heights: dict[int, float]) -> None:
        """The verdict over every live check, its label and the legend of 正确 / 错误 / blank."""
        sheet, geometry = self.main, self.geometry
        self._span(sheet, geometry.verdict_label, "gk verdict label", VERDICT_LABEL)
        verdict = self._span(sheet, geometry.verdict, "gk verdict")
        verdict.value = verdict_formula(geometry.format_id)
        for span, text, style in zip(geometry.legend, LEGEND, _LEGEND_STYLES, strict=True):
            self._span(sheet, span, style, text)
            _need_height(heights, span, text, width=_COLUMN_WIDTH * 9 / 10)  # 9 pt text
        where = geometry.verdict.ref
        first = geometry.verdict.address
        # types-openpyxl declares the rule factories without annotations
        right = CellIsRule(operator="equal", formula=[f'"{ALL_CORRECT}"'], fill=_RIGHT_FILL)  # type: ignore[no-untyped-call]
        wrong = FormulaRule(formula=[f'ISNUMBER(SEARCH("{WRONG}",{first}))'], fill=_WRONG_FILL)  # type: ignore[no-untyped-call]
        sheet.conditional_formatting.add(where, right)
        sheet.conditional_formatting.add(where, wrong)
        row = geometry.verdict_row
        heights[row] = max(heights.get(row, 0.0), row_height(2))

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
        """Each live check cell, with its rule in words as its input message; their captions."""
        sheet, format_id = self.main, self.geometry.format_id
        refs = []
        for check in check_cells(format_id):
            cell = self._style(sheet, check.span.top, check.span.left, "gk check")
            cell.value = check.formula
            refs.append(check.span.address)
            words = identity_words(format_id, check.identity)
            title = f"{check.identity.code} {check.identity.title}"
            prompt = DataValidation(
                sqref=check.span.address,
                showInputMessage=True,
                promptTitle=title[:32],  # Excel's limit for a title
                prompt=_clip(words, _PROMPT_LIMIT),
            )
            sheet.add_data_validation(prompt)
        first_check: dict[int, int] = {}
        for check in check_cells(format_id):
            column, row = check.span.left, check.span.top
            first_check[column] = min(first_check.get(column, row), row)
        for (row, column), caption in check_label_cells(format_id).items():
            if column > GRID_COLUMNS:  # a check column: its caption down the table's header
                bottom = max(row, first_check.get(column, row + 1) - 1)
                self._span(sheet, Span(row, column, bottom, column), "gk check header", caption)
            else:
                self._span(sheet, Span(row, column, row, column), "gk check caption", caption)
        if refs:
            area = " ".join(refs)
            for shown, fill in ((WRONG, _WRONG_FILL), (CORRECT, _RIGHT_FILL)):
                rule = CellIsRule(operator="equal", formula=[f'"{shown}"'], fill=fill)  # type: ignore[no-untyped-call]
                sheet.conditional_formatting.add(area, rule)

    def _print_main(self) -> None:
        """Tables 二, 三 and 四 on one A4 page, the checks included."""
        sheet = self.main
        checks = check_cells(self.geometry.format_id)
        last_row = max(self.geometry.row_count, *(c.span.top for c in checks))
        last_column = max(CHECK_COLUMN, *(c.span.left for c in checks))
        sheet.print_area = f"A1:{column_letter(last_column)}{last_row}"
        _print_setup(sheet, pages_tall=1)
        sheet.print_options.horizontalCentered = True

    def _draw_text(self, texts: Sequence[str | None], *, filled: bool) -> None:
        """A header row, then each part's heading in column A and its text down column B.

        Each text is cut into pieces a row shows whole (`text_pieces`), one row each,
        the heading merged down them; every row gets the height of its piece.
        """
        sheet = self.text
        for column, width in enumerate(_TEXT_WIDTHS, start=1):
            sheet.column_dimensions[column_letter(column)].width = width
        for column, name in enumerate(TEXT_HEADER, start=1):
            self._span(sheet, Span(1, column, 1, column), "gk header", name)
        pieces = [text_pieces(text or "", _TEXT_WIDTHS[1]) for text in texts]
        runs = text_runs([len(p) for p in pieces])
        for part, text, span, parts in zip(layout.PARTS, texts, runs, pieces, strict=True):
            self._span(sheet, Span(span.top, 1, span.bottom, 1), "gk part", part.label)
            label_lines = text_lines(part.label, _TEXT_WIDTHS[0])
            for offset, row in enumerate(range(span.top, span.bottom + 1)):
                cell = self._style(sheet, row, span.left, "gk part text")
                if offset < len(parts):
                    put_text(cell, parts[offset])
                lines = text_lines(parts[offset], _TEXT_WIDTHS[1]) if parts else 0
                least = _MIN_PART_LINES if filled else _BLANK_PART_LINES
                if offset == 0:
                    least = max(least, label_lines)
                sheet.row_dimensions[row].height = row_height(max(lines, least))
            if text == "":
                self._empty(sheet, span.top, span.left)
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        _print_setup(sheet)
        _protect(sheet)

    def _draw_notes(self, report: Report | None) -> None:
        """The header, then one row per note, or a run of rows for a long one.

        A long field is cut into pieces its column shows whole, down its column;
        the other fields (the ``kind`` column always among them) are merged down
        the run, which tells a reader how many rows the note takes.
        """
        sheet = self.notes
        for column, (name, width) in enumerate(zip(NOTES_HEADER, _NOTES_WIDTHS, strict=True), 1):
            self._span(sheet, Span(1, column, 1, column), "gk header", name)
            sheet.column_dimensions[column_letter(column)].width = width
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        _print_setup(sheet)
        row = 2
        for note in report.notes if report else ():
            fields = (note.path, note.raw, note.source, note.message, note.kind)
            pieces = [
                text_pieces(value or "", width)
                for value, width in zip(fields, _NOTES_WIDTHS, strict=True)
            ]
            count = max(1, *(len(parts) for parts in pieces))
            lines = [1] * count
            for column, (value, parts) in enumerate(zip(fields, pieces, strict=True), start=1):
                width = _NOTES_WIDTHS[column - 1]
                for offset, piece in enumerate(parts):
                    put_text(self._style(sheet, row + offset, column, "gk note"), piece)
                    lines[offset] = max(lines[offset], text_lines(piece, width))
                if value == "" and column in (3, 4):  # source, message: "" is not None
                    self._empty(sheet, row, column)
                if count > 1 and len(parts) <= 1:
                    self._span(sheet, Span(row, column, row + count - 1, column), "gk note")
            if not any(fields) and note.source is None and note.message is None:
                self._empty(sheet, row, 1)  # an all-empty note still has its row
            for offset, needed in enumerate(lines):
                if needed > 1:
                    sheet.row_dimensions[row + offset].height = row_height(needed)
            row += count

    def _footers(self, report: Report | None) -> None:
        """Page numbers on every sheet; a written report's agency and year beside them.

        A footer cannot refer to a cell, so the agency and year are fixed text,
        written only when there is a report to take them from.
        """
        said = ""
        if report is not None:
            year = f"{report.year}年度" if report.year is not None else ""
            said = " ".join(part for part in (report.agency or "", year) if part)
        said = _clip("".join(c for c in said if c.isprintable()), _FOOTER_LIMIT)
        for sheet in self.workbook.worksheets:
            footer: Any = sheet.oddFooter  # openpyxl always makes one; the stubs allow None
            footer.center.text = _PAGE_NUMBERS
            if said:
                footer.left.text = said.replace("&", "&&")

    def _open_on(self, sheet: Worksheet) -> None:
        """Make ``sheet`` the one shown on opening, and the only tab selected."""
        sheets = [self.instructions, self.main, self.text, self.notes]
        for other in sheets:
            other.sheet_view.tabSelected = other is sheet
        self.workbook.active = sheets.index(sheet)

    # --- the values ---

    def _fill_main(self, report: Report) -> None:
        """The metadata and table values; an empty text is recorded (`EMPTY_TEXT_NAME`).

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


def _merge(sheet: Worksheet, span: Span) -> None:
    """Record ``span`` as merged; its cells are styled already (see the module docstring)."""
    sheet.merged_cells.ranges.add(
        CellRange(min_col=span.left, min_row=span.top, max_col=span.right, max_row=span.bottom)
    )


def _protect(sheet: Worksheet) -> None:
    """Lock the labels against slips (no password); rows and columns stay resizable."""
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False


def _print_setup(sheet: Worksheet, pages_tall: int = 0) -> None:
    """A4 portrait, one page wide (and ``pages_tall`` high, 0 for as many as needed)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = pages_tall
    # WorksheetProperties always makes one; the stubs allow the None it may be set to
    cast(PageSetupProperties, sheet.sheet_properties.pageSetUpPr).fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.page_margins.footer = 0.3


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def _need_height(
    heights: dict[int, float], span: Span, text: str, width: float = _COLUMN_WIDTH
) -> None:
    """Grow the rows under ``span`` so its wrapped text shows in full.

    ``width`` is one grid column's width in units of the text's own size.
    """
    lines = text_lines(text, (span.right - span.left + 1) * width)
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
