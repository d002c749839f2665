"""Where everything goes in the gkreport workbook: the template's geometry, as data.

The template, the writer, the live checks and `template_cell` (used by the
validator for findings on reports that did not come from a file) all read the
same `SheetLayout`, so a cell moves in one place. Nothing here imports openpyxl:
the geometry is plain rows and columns computed from `gkreport._forms.layout`.

The main sheet (`MAIN_SHEET`) holds the metadata fields on top, then tables 二,
三 and 四 on one grid of `GRID_COLUMNS` equal columns, so the 15 cells of table
四 and the 7 columns of table 三 both print on one A4 width. Live check cells sit
in the column after the grid (`CHECK_COLUMN`) or in a row under their table.
"""

from __future__ import annotations

import functools

import attrs

from gkreport._forms import layout
from gkreport._forms.layout import Group, Kind, Row

__all__ = [
    "ALL_CORRECT",
    "APPLICATION_CHECK_ROWS",
    "CHECKS_UNDER_ROW",
    "CHECK_COLUMN",
    "CORRECT",
    "GRID_COLUMNS",
    "INSTRUCTIONS_SHEET",
    "LEGEND",
    "MAIN_SHEET",
    "NOTES_HEADER",
    "NOTES_HEADER_V1",
    "NOTES_SHEET",
    "NOT_FILLED",
    "TEMPLATE_VERSION",
    "TEXT_HEADER",
    "TEXT_SHEET",
    "VERDICT_LABEL",
    "WRONG",
    "Furniture",
    "Input",
    "Label",
    "SheetLayout",
    "Span",
    "check_caption",
    "column_letter",
    "sheet_layout",
    "split_columns",
    "template_cell",
    "template_furniture",
    "text_cell",
    "text_runs",
    "wrong_count",
]

#: Bumped when the template's geometry or what it prints changes; recorded in every
#: workbook written (`gkreport.excel._ooxml.VERSION_NAME`), so a reader knows what the
#: template owns (`template_furniture`). Version 1 (gkreport 0.1) had no instructions
#: sheet, no verdict and English notes headers.
TEMPLATE_VERSION = "2"

#: The sheet with the metadata and the three tables.
MAIN_SHEET = "二三四"
#: The narrative of the six parts, one part per run of rows (one row unless a text is
#: longer than a cell holds: `text_runs`).
TEXT_SHEET = "正文"
#: Notes: whatever the tables cannot hold (path, raw text, source, message, kind).
NOTES_SHEET = "备注"
#: Header of the notes sheet, in the order of `gkreport._model.Note`'s fields. Workbooks
#: written before ``kind`` existed have only the first four columns; they still read.
NOTES_HEADER = ("单元格", "原文", "来源", "说明", "类别")
#: The notes header of template version 1 (gkreport 0.1): still read.
NOTES_HEADER_V1 = ("path", "raw", "source", "message", "kind")
#: The sheet of instructions the template opens with (from template version 2): the
#: reader skips it whole.
INSTRUCTIONS_SHEET = "填报说明"


def instructions_title(format_id: str) -> str:
    """The first line of the instructions sheet: names the form, and marks the template.

    A workbook saved in a format without defined names (.xls, .ods read by
    python-calamine) loses its recorded format and version; this line, in A1 of
    the instructions sheet, still says the workbook is the template of ``format_id``.
    """
    from gkreport._forms import layout  # noqa: PLC0415 - the forms are loaded by then

    return f"政府信息公开工作年度报告填报说明（{layout.get_format(format_id).notice}格式）"


#: The header row of the text sheet (from template version 2).
TEXT_HEADER = ("部分", "内容")

#: What a live check cell shows when its identity holds, and when it does not.
CORRECT = "正确"
WRONG = "错误"
#: The verdict cell over every live check (`SheetLayout.verdict_row`): its label, and
#: what it shows when every check holds and when nothing is filled in yet;
#: otherwise `wrong_count`.
VERDICT_LABEL = "核对结果"
ALL_CORRECT = "全部正确"
NOT_FILLED = "尚未填写"
#: The legend beside the verdict: what a check cell's 正确, 错误 and blank mean.
LEGEND = (f"{CORRECT}：勾稽关系成立", f"{WRONG}：不成立，请核对", "空白：尚未填写")

#: Columns A..O: the grid every table is drawn on (table 四 has 15 cells in a row).
GRID_COLUMNS = 15
#: Column P: live checks that belong to a row (F2 of table 三).
CHECK_COLUMN = GRID_COLUMNS + 1

# Table 二: the 信息内容 label takes A..F, the values share G..O.
_PROACTIVE_LABEL_COLUMNS = (1, 6)
_PROACTIVE_VALUE_COLUMNS = (7, 15)
# Table 三: labels take A..H in three nesting levels (A.., C.., E..), values I..O.
_APPLICATION_LEVEL_STARTS = (1, 3, 5)
_APPLICATION_LABEL_END = 8
_APPLICATION_FIRST_VALUE = 9
#: Tables of one data row, whose row checks go in the check row under each total (四).
CHECKS_UNDER_ROW = frozenset({"appeals"})
#: Rows under table 三 for checks that run down a column (F1, F3), one row per rule.
APPLICATION_CHECK_ROWS = 2
# Metadata: label A..D, value E..O.
_META_LABEL_COLUMNS = (1, 4)
_META_VALUE_COLUMNS = (5, 15)
# The verdict takes E..H of its row, the legend I..O.
_VERDICT_END = 8
#: The words a check column's caption gives after the rule code: a check placed in a
#: column is always a sum across its row (`gkreport.excel._livechecks`).
ROW_TOTAL = "行合计"


@attrs.frozen
class Span:
    """A rectangle of cells, 1-based and inclusive; a single cell when top == bottom etc."""

    top: int
    left: int
    bottom: int
    right: int

    @property
    def address(self) -> str:
        """The A1 address of the top-left cell, where a merged range keeps its value."""
        return f"{column_letter(self.left)}{self.top}"

    @property
    def ref(self) -> str:
        """``A1:C3`` (or ``A1`` for one cell): the range to merge or validate."""
        end = f"{column_letter(self.right)}{self.bottom}"
        return self.address if end == self.address else f"{self.address}:{end}"

    @property
    def merged(self) -> bool:
        """Whether the span covers more than one cell."""
        return self.top != self.bottom or self.left != self.right


@attrs.frozen
class Label:
    """A printed, locked cell of the template: a caption, header or row label."""

    span: Span
    text: str
    role: str  # "section", "caption", "header", "row"
    pointer: str = ""  # the row or group it labels, if any


@attrs.frozen
class Input:
    """A cell the agency fills in: its pointer, what it holds and where it is."""

    pointer: str
    kind: Kind
    span: Span


@attrs.frozen
class SheetLayout:
    """The geometry of one format's main sheet."""

    format_id: str
    labels: tuple[Label, ...]
    inputs: tuple[Input, ...]  # table cells, in the printed order of `Format.leaves`
    metadata: tuple[Input, ...]  # pointer "/agency" etc., kind TEXT
    check_rows: dict[str, tuple[int, ...]]  # section id -> rows reserved for live checks
    row_count: int
    #: The row between the metadata and table 二: the verdict, and the legend beside it.
    verdict_row: int = 0

    @functools.cached_property
    def by_pointer(self) -> dict[str, Span]:
        """Every input cell (tables and metadata) by JSON pointer."""
        return {i.pointer: i.span for i in (*self.metadata, *self.inputs)}

    @functools.cached_property
    def label_by_pointer(self) -> dict[str, Span]:
        """The row label cell of every row and group, by JSON pointer."""
        return {label.pointer: label.span for label in self.labels if label.pointer}

    @property
    def verdict_label(self) -> Span:
        """`VERDICT_LABEL`, under the metadata labels."""
        return _row_span(self.verdict_row, _META_LABEL_COLUMNS)

    @property
    def verdict(self) -> Span:
        """The verdict cell: 全部正确, or how many live checks show 错误."""
        return Span(self.verdict_row, _META_VALUE_COLUMNS[0], self.verdict_row, _VERDICT_END)

    @property
    def legend(self) -> tuple[Span, ...]:
        """One cell per entry of `LEGEND`, right of the verdict."""
        columns = split_columns(_VERDICT_END + 1, _META_VALUE_COLUMNS[1], len(LEGEND))
        row = self.verdict_row
        return tuple(Span(row, left, row, right) for left, right in columns)


def column_letter(column: int) -> str:
    """``1`` -> ``A``, ``16`` -> ``P``, ``27`` -> ``AA``: Excel's column names."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text_cell(part_index: int) -> Span:
    """The cell of the text sheet holding part ``part_index`` (0-based) of `layout.PARTS`.

    The template's cell, and a written workbook's whenever every part fits one cell.
    """
    return Span(part_index + 2, 2, part_index + 2, 2)


def text_runs(rows: list[int]) -> list[Span]:
    """The column-B run of each part on the text sheet, given how many rows each needs.

    Part ``i`` takes ``rows[i]`` consecutive rows (at least one), after the part
    before it; its label is merged down the run, which is how a reader knows the
    rows belong together. With one row each, the runs are the `text_cell` cells.
    """
    spans: list[Span] = []
    top = text_cell(0).top
    for count in rows:
        spans.append(Span(top, 2, top + max(count, 1) - 1, 2))
        top += max(count, 1)
    return spans


def split_columns(first: int, last: int, count: int) -> list[tuple[int, int]]:
    """Share the columns ``first..last`` among ``count`` cells as evenly as possible."""
    width = last - first + 1
    bounds = [first + (width * i) // count for i in range(count + 1)]
    return [(bounds[i], bounds[i + 1] - 1) for i in range(count)]


class _Builder:
    """Lays out one format's tables row by row, collecting labels and inputs."""

    def __init__(self, fmt: layout.Format) -> None:
        self.fmt = fmt
        self.row = 1
        self.labels: list[Label] = []
        self.inputs: list[Input] = []
        self.metadata: list[Input] = []
        self.check_rows: dict[str, tuple[int, ...]] = {}

    def label(self, span: Span, text: str, role: str, pointer: str = "") -> None:
        self.labels.append(Label(span, text, role, pointer))

    def full_width(self, text: str, role: str) -> None:
        self.label(Span(self.row, 1, self.row, GRID_COLUMNS), text, role)
        self.row += 1

    def build(self) -> SheetLayout:
        self.metadata_rows()
        verdict_row = self.row
        self.row += 1
        self.proactive()
        self.row += 1
        self.applications()
        self.row += 1
        self.appeals()
        ordered = {leaf.pointer: i for i, leaf in enumerate(self.fmt.leaves())}
        inputs = tuple(sorted(self.inputs, key=lambda i: ordered[i.pointer]))
        return SheetLayout(
            self.fmt.id,
            tuple(self.labels),
            inputs,
            tuple(self.metadata),
            self.check_rows,
            self.row - 1,
            verdict_row,
        )

    def metadata_rows(self) -> None:
        for field, label, _english in layout.METADATA:
            row = self.row
            self.label(_row_span(row, _META_LABEL_COLUMNS), label, "row", f"/{field}")
            self.metadata.append(Input(f"/{field}", Kind.TEXT, _row_span(row, _META_VALUE_COLUMNS)))
            self.row += 1

    def proactive(self) -> None:
        section = self.fmt.proactive
        self.full_width(section.label, "section")
        rows = {row.id: row for row in section.children if isinstance(row, Row)}
        for block in self.fmt.blocks:
            self.full_width(block.caption, "caption")
            cells = rows[block.rows[0]].cells
            columns = split_columns(*_PROACTIVE_VALUE_COLUMNS, len(cells))
            self.label(
                _row_span(self.row, _PROACTIVE_LABEL_COLUMNS), layout.CONTENT_HEADER, "header"
            )
            for cell, (left, right) in zip(cells, columns, strict=True):
                self.label(Span(self.row, left, self.row, right), cell.label, "header")
            self.row += 1
            for row_id in block.rows:
                row = rows[row_id]
                pointer = f"/{section.id}/{row.id}"
                self.label(_row_span(self.row, _PROACTIVE_LABEL_COLUMNS), row.label, "row", pointer)
                for cell, (left, right) in zip(row.cells, columns, strict=True):
                    span = Span(self.row, left, self.row, right)
                    self.inputs.append(Input(f"{pointer}/{cell.id}", cell.kind, span))
                self.row += 1

    def applications(self) -> None:
        section = self.fmt.applications
        self.full_width(section.label, "section")
        top = self.row
        label_end = _APPLICATION_LABEL_END
        first = _APPLICATION_FIRST_VALUE
        last = first + len(layout.APPLICANT_COLUMNS) - 1
        self.label(Span(top, 1, top + 2, label_end), layout.COLUMN_NOTE, "header")
        self.label(Span(top, first, top, last), layout.APPLICANTS_HEADER, "header")
        natural, *organisations, total = layout.APPLICANT_COLUMNS
        self.label(Span(top + 1, first, top + 2, first), natural.label, "header")
        self.label(
            Span(top + 1, first + 1, top + 1, last - 1), layout.LEGAL_PERSONS_HEADER, "header"
        )
        for offset, cell in enumerate(organisations, start=1):
            self.label(Span(top + 2, first + offset, top + 2, first + offset), cell.label, "header")
        self.label(Span(top + 1, last, top + 2, last), total.label, "header")
        self.row = top + 3
        self._application_rows(section, (section.id,), 0)
        self.reserve_check_rows(section.id, APPLICATION_CHECK_ROWS)

    def reserve_check_rows(self, section_id: str, count: int) -> None:
        self.check_rows[section_id] = tuple(range(self.row, self.row + count))
        self.row += count

    def _application_rows(self, group: Group, path: tuple[str, ...], depth: int) -> None:
        for child in group.children:
            pointer = "/" + "/".join((*path, child.id))
            left = _APPLICATION_LEVEL_STARTS[depth]
            if isinstance(child, Row):
                self.label(
                    Span(self.row, left, self.row, _APPLICATION_LABEL_END),
                    child.label,
                    "row",
                    pointer,
                )
                for offset, cell in enumerate(child.cells):
                    column = _APPLICATION_FIRST_VALUE + offset
                    span = Span(self.row, column, self.row, column)
                    self.inputs.append(Input(f"{pointer}/{cell.id}", cell.kind, span))
                self.row += 1
            else:
                top = self.row
                self._application_rows(child, (*path, child.id), depth + 1)
                right = _APPLICATION_LEVEL_STARTS[depth + 1] - 1
                self.label(Span(top, left, self.row - 1, right), child.label, "row", pointer)

    def appeals(self) -> None:
        """Table 四 as printed: 行政复议 over five columns, 行政诉讼 over two blocks of five."""
        section = self.fmt.appeals
        self.full_width(section.label, "section")
        top = self.row
        blocks = [row for row in section.children if isinstance(row, Row)]
        width = len(layout.APPEAL_COLUMNS)
        review = f"/{section.id}/{blocks[0].id}"
        self.label(Span(top, 1, top, width), layout.REVIEW_HEADER, "header", review)
        self.label(Span(top, width + 1, top, GRID_COLUMNS), layout.LITIGATION_HEADER, "header")
        for index, row in enumerate(blocks):
            left = 1 + index * width
            pointer = f"/{section.id}/{row.id}"
            if index:  # the litigation blocks have a caption row of their own
                span = Span(top + 1, left, top + 1, left + width - 1)
                self.label(span, row.label, "header", pointer)
            header_top = top + 2 if index else top + 1
            for offset, cell in enumerate(row.cells):
                column = left + offset
                self.label(Span(header_top, column, top + 2, column), cell.label, "header")
                span = Span(top + 3, column, top + 3, column)
                self.inputs.append(Input(f"{pointer}/{cell.id}", cell.kind, span))
        self.row = top + 4
        self.reserve_check_rows(section.id, 1)


def _row_span(row: int, columns: tuple[int, int]) -> Span:
    return Span(row, columns[0], row, columns[1])


@functools.cache
def sheet_layout(format_id: str) -> SheetLayout:
    """The main sheet's geometry for a registered format."""
    return _Builder(layout.get_format(format_id)).build()


def template_cell(format_id: str, pointer: str) -> str | None:
    """The template's cell for a JSON pointer, e.g. ``"二三四!I12"``; None if it has none.

    A value's pointer gives its input cell; a row or group pointer gives its label
    cell; ``/text/<part>`` gives the cell on the text sheet. The validator uses this
    as a finding's ``location`` when the report did not come from a file.
    """
    if format_id not in layout.FORMATS:
        return None
    geometry = sheet_layout(format_id)
    span = geometry.by_pointer.get(pointer) or geometry.label_by_pointer.get(pointer)
    if span is not None:
        return f"{MAIN_SHEET}!{span.address}"
    parts = [part.id for part in layout.PARTS]
    prefix = "/text/"
    if pointer.startswith(prefix) and pointer[len(prefix) :] in parts:
        return f"{TEXT_SHEET}!{text_cell(parts.index(pointer[len(prefix) :])).address}"
    return None


def wrong_count(count: int) -> str:
    """What the verdict shows when ``count`` live checks show `WRONG`: "3 处错误"."""
    return f"{count} 处错误"


def check_caption(code: str, title: str, *, across_row: bool) -> str:
    """The caption of a live check: "F2 行合计" over a check column, else code and title."""
    return f"{code} {ROW_TOTAL}" if across_row else f"{code} {title}"


@attrs.frozen
class Furniture:
    """What a workbook this package wrote holds besides the report: the reader skips it.

    ``sheets`` are skipped whole; a cell whose text is one of ``texts`` is no note.
    Known from the template version the workbook records, not from positions, so
    rows a user inserted change nothing; both workbook readers (openpyxl, calamine)
    take it from here.
    """

    sheets: frozenset[str]
    texts: frozenset[str]


#: The template version that added the instructions sheet, the verdict and the legend.
_FURNISHED = 2


@functools.cache
def template_furniture(format_id: str, version: str | None = None) -> Furniture:
    """The template's own sheets and texts for a workbook recording ``version``.

    ``None`` (a workbook gkreport did not write, or one written by version 1) gives
    the texts every version printed: the labels, the live checks' captions and
    results. Version 2 on adds the instructions sheet, the verdict, its legend and
    the text sheet's header.
    """
    from gkreport._validation import catalog as rules  # noqa: PLC0415 - titles, on first use

    geometry = sheet_layout(format_id)
    titles = {e.code: rules.rule(e.code).title_zh for e in rules.equations(format_id)}
    texts = {label.text for label in geometry.labels} | {CORRECT, WRONG}
    texts |= {check_caption(code, title, across_row=False) for code, title in titles.items()}
    texts |= set(titles)  # version 1 headed a check column with the code alone
    sheets: set[str] = set()
    if version is not None and version.isdigit() and int(version) >= _FURNISHED:
        sheets.add(INSTRUCTIONS_SHEET)
        texts |= {check_caption(code, "", across_row=True) for code in titles}
        texts |= {VERDICT_LABEL, ALL_CORRECT, NOT_FILLED, *LEGEND, *TEXT_HEADER}
        texts |= {wrong_count(n) for n in range(1, len(rules.equations(format_id)) + 1)}
    return Furniture(frozenset(sheets), frozenset(texts))
