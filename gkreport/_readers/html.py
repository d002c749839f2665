"""HTML pages into `Line` objects: prose one block per line, each table row one tab-separated line.

Built on the standard library's `html.parser` (forgiving with the broken markup
of real government pages, and no new dependency). The page is first read into a
small element tree, because whether a ``<table>`` is a data table or a layout
table (a page framed by tables, common on older sites) is only known once its
content is seen: a table that contains another table is a container, and its
cells are read as blocks of prose.

Row and column spans are expanded into a grid so every cell gets its true
column; each row is then emitted with the cells that *start* in it, so a label
spanning 22 rows is read once and a value spanning three columns is not read
three times. Scripts, styles, ``<nav>``, ``<aside>`` and ``<footer>`` are dropped;
everything else that holds text is kept. A table cell's source is its place in
the page, "table T row R column C" (data tables counted from 1, the row among its
table's rows, the column of the grid the spans make), followed by "(line N)" of
the HTML source when the page is written a block to a line; prose is "line N"
then, and "paragraph N" on a page crawled onto a few long lines, where line
numbers would say nothing.

The tree is bounded by the `Limits` in effect: a page of more than
``max_page_elements`` elements is refused, and the rows of a table beyond
``max_table_rows`` are parsed but never kept (a note says where they start), so
a page of 200,000 junk rows costs neither minutes nor gigabytes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import attrs

from gkreport._model import Note
from gkreport._readers import limits
from gkreport._readers.text.lines import Line, Page

__all__ = ["html_lines", "html_page"]

_SKIP = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "nav",
        "aside",
        "footer",
        "svg",
        "select",
        "button",
    }
)
_VOID = frozenset(
    {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
)
_BLOCK = frozenset(
    {
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
        "section", "article", "header", "main", "blockquote", "pre", "dd", "dt", "dl", "hr",
        "caption", "tbody", "thead", "tfoot", "center", "form", "figure", "td", "th", "body",
    }
)  # fmt: skip
_CELL = frozenset({"td", "th"})
_SPACES = re.compile(r"[ \t\r\n\f]+")
_MAX_DEPTH = 200  # deeper nesting is flattened: no page needs it, and recursion has limits
_MAX_SPAN = 30  # rowspan/colspan beyond this are typos ("colspan=1000") and are clipped


@attrs.define(eq=False)
class _Element:
    tag: str
    attributes: dict[str, str]  # not `attrs`: that would hide the module in this body
    line: int
    children: list[_Element | _Text] = attrs.Factory(list)
    rows: int = 0  # <tr> met so far, for a table
    dropped: bool = False  # a row past the limit, or inside one: held by no one


class _TooManyElements(Exception):
    """The page holds more elements than ``max_page_elements``."""


@attrs.define(eq=False)
class _Text:
    text: str
    line: int


class _TreeBuilder(HTMLParser):
    """A forgiving tree: implied end tags for p, li, td, th, tr; stray end tags ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {}, 1)
        self.stack = [self.root]
        limit = limits.current()
        self.max_elements, self.max_rows = limit.max_page_elements, limit.max_table_rows
        self.elements = 0
        self.cut: list[int] = []  # the line of the first row not kept, per table cut

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        self._imply_end(tag)
        element = _Element(tag, {k: v or "" for k, v in attributes}, self.getpos()[0])
        parent = self.stack[-1]
        if parent.dropped or (tag == "tr" and not self._keep_row(element)):
            element.dropped = True  # on the stack to be closed, but nothing keeps it
        else:
            self._count()
            parent.children.append(element)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        if self.stack[-1].dropped:
            return
        self._count()
        self.stack[-1].children.append(
            _Element(tag, {k: v or "" for k, v in attributes}, self.getpos()[0])
        )

    def _count(self) -> None:
        self.elements += 1
        if self.elements > self.max_elements:
            raise _TooManyElements

    def _keep_row(self, row: _Element) -> bool:
        """Whether a new ``<tr>`` is kept: its table holds fewer than ``max_table_rows``."""
        table = next((e for e in reversed(self.stack) if e.tag == "table"), None)
        if table is None:
            return True
        table.rows += 1
        if table.rows == self.max_rows + 1:
            self.cut.append(row.line)
        return table.rows <= self.max_rows

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
            if self.stack[depth].tag == "table" and tag != "table":
                return  # never close past the enclosing table

    def handle_data(self, data: str) -> None:
        if not self.stack[-1].dropped:
            self.stack[-1].children.append(_Text(data, self.getpos()[0]))

    def _imply_end(self, tag: str) -> None:
        closes = {
            "p": {"p"},
            "li": {"li"},
            "td": {"td", "th"},
            "th": {"td", "th"},
            "tr": {"td", "th", "tr"},
            "tbody": {"td", "th", "tr", "tbody", "thead"},
            "thead": {"td", "th", "tr", "tbody", "thead"},
        }.get(tag)
        if not closes:
            return
        while len(self.stack) > 1 and self.stack[-1].tag in closes:
            if tag == "p" and self.stack[-1].tag != "p":
                break
            self.stack.pop()


def _contains_table(element: _Element) -> bool:
    return any(
        isinstance(child, _Element) and (child.tag == "table" or _contains_table(child))
        for child in element.children
    )


@attrs.frozen
class _Row:
    """A table row as emitted: its place, its source line, and each cell's column and line."""

    text: str
    place: str  # "table 2 row 6"
    line: int
    cells: tuple[tuple[int, int], ...]  # (column from 1, line) of each tab-separated cell


class _Emitter:
    """Walk the tree and produce lines (`finish`: their sources, once the page is known)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, int] | _Row] = []  # a block of prose (text, line) or a row
        self.buffer: list[str] = []
        self.buffer_line = 0
        self.tables = 0

    def walk(self, element: _Element) -> None:
        for child in element.children:
            if isinstance(child, _Text):
                if not self.buffer:
                    self.buffer_line = child.line
                self.buffer.append(child.text)
                continue
            if child.tag in _SKIP or child.attributes.get("role") == "navigation":
                continue
            if child.tag == "table" and not _contains_table(child):
                self.flush()
                self.table(child)
                continue
            if child.tag in _BLOCK:
                self.flush()
            self.walk(child)
            if child.tag in _BLOCK:
                self.flush()

    def flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.buffer)).strip()
        if text:
            self.items.append((text, self.buffer_line))
        self.buffer = []

    def finish(self) -> list[Line]:
        """The lines, with sources in the page's terms (see the module's docstring)."""
        lines = [item if isinstance(item, tuple) else (item.text, item.line) for item in self.items]
        by_line = len({line for _, line in lines}) * 2 > len(lines)  # a block to a line, mostly
        found: list[Line] = []
        paragraphs = 0
        for item in self.items:
            if isinstance(item, tuple):
                paragraphs += 1
                text, line = item
                found.append(Line(text, f"line {line}" if by_line else f"paragraph {paragraphs}"))
                continue
            at = f" (line {item.line})" if by_line else ""
            cells = tuple(
                f"{item.place} column {column}" + (f" (line {line})" if by_line else "")
                for column, line in item.cells
            )
            found.append(Line(item.text, item.place + at, cells))
        return found

    def table(self, table: _Element) -> None:
        """One line per row: the cells that start in it.

        Where a cell from a row above spans down into this row's value columns, a
        blank stands in for it, so the cells after it keep their columns.
        """
        # row -> column -> (row, column) where the cell covering that grid position starts
        grid: dict[int, dict[int, tuple[int, int]]] = {}
        self.tables += 1
        for row_number, row in enumerate(_rows(table)):
            column = 0
            placed: list[tuple[int, str, int]] = []
            for cell in (c for c in row.children if isinstance(c, _Element) and c.tag in _CELL):
                taken = grid.setdefault(row_number, {})
                while column in taken:
                    column += 1
                rows, columns = _span(cell, "rowspan"), _span(cell, "colspan")
                for r in range(rows):
                    for c in range(columns):
                        grid.setdefault(row_number + r, {})[column + c] = (row_number, column)
                placed.append((column, _cell_text(cell).replace("\t", " "), cell.line))
                column += columns
            grid.pop(row_number - 1, None)  # rows above are done
            if not placed:
                continue
            first = placed[0][0]
            from_above = [
                (c, "", row.line)
                for c, (start_row, start_column) in grid.get(row_number, {}).items()
                if start_row < row_number and c == start_column and c > first
            ]
            cells = sorted(placed + from_above, key=lambda item: item[0])
            if any(text for _, text, _ in cells):
                self.items.append(
                    _Row(
                        "\t".join(text for _, text, _ in cells),
                        f"table {self.tables} row {row_number + 1}",
                        row.line,
                        tuple((c + 1, line) for c, _, line in cells),
                    )
                )


def _rows(table: _Element) -> list[_Element]:
    rows: list[_Element] = []
    for child in table.children:
        if isinstance(child, _Element):
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("tbody", "thead", "tfoot"):
                rows.extend(_rows(child))
    return rows


def _span(cell: _Element, name: str) -> int:
    value = cell.attributes.get(name, "1").strip()
    return min(int(value), _MAX_SPAN) if value.isdigit() and int(value) > 0 else 1


def _cell_text(cell: _Element) -> str:
    parts: list[str] = []

    def collect(element: _Element) -> None:
        for child in element.children:
            if isinstance(child, _Text):
                parts.append(child.text)
            elif child.tag not in _SKIP:
                if child.tag in _BLOCK:
                    parts.append(" ")
                collect(child)

    collect(cell)
    return _SPACES.sub(" ", "".join(parts)).strip(" ")


def html_lines(text: str) -> list[Line]:
    """The lines of an HTML page, prose and table rows, in reading order."""
    return html_page(text).lines


def html_page(text: str, *, origin: str = "<text>") -> Page:
    """The lines of an HTML page, and a note on each table cut at ``max_table_rows``.

    :raises ReadError: naming ``origin``, when the page has more than
        ``max_page_elements`` elements.
    """
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except _TooManyElements:
        found = f"more than {builder.max_elements} HTML elements in the page"
        raise limits.refused(origin, found, "max_page_elements") from None
    emitter = _Emitter()
    emitter.walk(builder.root)
    emitter.flush()
    lines = emitter.finish()
    notes = [
        Note(
            path="",
            raw="",
            source=f"line {line}",
            message=f"rows of this table from here on were not read"
            f" (the limit max_table_rows={builder.max_rows})",
        )
        for line in builder.cut
    ]
    return Page(lines, notes)
