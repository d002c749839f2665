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
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from types import MappingProxyType
from typing import TypeVar

import attrs

from gkreport._model import Note
from gkreport._readers import limits
from gkreport._readers.text.lines import Line, Page

__all__ = ["html_lines", "html_page"]

_Item = TypeVar("_Item")

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
_ROW_ENDS = frozenset({"td", "th", "tr"})
_SECTION_ENDS = frozenset({"td", "th", "tr", "tbody", "thead"})
#: The open elements a start tag closes (HTML's implied end tags), by the tag.
_IMPLIED_ENDS: dict[str, frozenset[str]] = {
    "p": frozenset({"p"}),
    "li": frozenset({"li"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    "tr": _ROW_ENDS,
    "tbody": _SECTION_ENDS,
    "thead": _SECTION_ENDS,
}


@attrs.define(eq=False)
class _Element:
    tag: str
    attributes: Mapping[str, str]  # not `attrs`: that would hide the module in this body
    line: int
    children: list[_Element | _Text | _Cell] = attrs.Factory(list)
    rows: int = 0  # <tr> met so far, for a table
    dropped: bool = False  # a row past the limit, or inside one: held by no one


_NO_ATTRIBUTES: Mapping[str, str] = MappingProxyType({})  # shared by the many bare tags


def _attributes(pairs: list[tuple[str, str | None]]) -> Mapping[str, str]:
    return {k: v or "" for k, v in pairs} if pairs else _NO_ATTRIBUTES


@attrs.define(eq=False)
class _Cell:
    """A ``<td>``/``<th>`` of text alone, as its row keeps it once the row is closed.

    Most rows of a big table are such cells: kept as one small object each (not an
    element, its attributes and a text node), they hold a fraction of the memory,
    and read the same both ways a row is read (`_Emitter.walk`, `_Emitter.table`).
    Not frozen: a frozen class's ``__init__`` costs twice as much, once per cell.
    """

    line: int
    text: str  # its texts joined, each run of HTML spaces one space; not stripped
    text_line: int  # where its first text is
    rowspan: int
    colspan: int


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
        element = _Element(tag, _attributes(attributes), self.getpos()[0])
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
        self.stack[-1].children.append(_Element(tag, _attributes(attributes), self.getpos()[0]))

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
                for closed in self.stack[depth:]:
                    _seal(closed)
                del self.stack[depth:]
                return
            if self.stack[depth].tag == "table" and tag != "table":
                return  # never close past the enclosing table

    def handle_data(self, data: str) -> None:
        if not self.stack[-1].dropped:
            self.stack[-1].children.append(_Text(data, self.getpos()[0]))

    def _imply_end(self, tag: str) -> None:
        closes = _IMPLIED_ENDS.get(tag)
        if not closes:
            return
        while len(self.stack) > 1 and self.stack[-1].tag in closes:
            if tag == "p" and self.stack[-1].tag != "p":
                break
            _seal(self.stack.pop())


def _seal(element: _Element) -> None:
    """A closed row whose cells hold only text keeps them as `_Cell`s (and no blank text).

    A row with anything else (an element in a cell, text between its cells, a
    cell in the page's navigation) is kept as it is. Blank text between cells is
    read by neither way of reading a row: dropping it changes nothing.
    """
    if element.tag != "tr":
        return
    cells: list[_Element | _Text | _Cell] = []
    for child in element.children:
        if isinstance(child, _Text):
            if child.text.strip():
                return
            continue
        if not isinstance(child, _Element) or child.tag not in _CELL:
            return
        texts: list[str] = []
        for text in child.children:
            if not isinstance(text, _Text):
                return
            texts.append(text.text)
        spans = (1, 1)
        if child.attributes:  # most cells have none
            if child.attributes.get("role") == "navigation":
                return
            spans = _span(child, "rowspan"), _span(child, "colspan")
        first = child.children[0].line if child.children else child.line
        cells.append(_Cell(child.line, _SPACES.sub(" ", "".join(texts)), first, *spans))
    element.children = cells


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
            if isinstance(child, _Cell):  # a cell is a block: its text alone
                self.flush()
                self.buffer, self.buffer_line = [child.text], child.text_line
                self.flush()
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
        """The lines, with sources in the page's terms (see the module's docstring).

        Each item is let go as its line is made, so a page's lines and their
        drafts are never all held at once.
        """
        items, self.items = self.items, []
        starts = {item[1] if isinstance(item, tuple) else item.line for item in items}
        by_line = len(starts) * 2 > len(items)  # a block to a line, mostly
        found: list[Line] = []
        paragraphs = 0
        for item in _taken(items):
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
        rows = _rows(table)
        table.children.clear()  # each row is let go once read: not the whole table held twice
        for row_number, row in enumerate(_taken(rows)):
            column = 0
            placed: list[tuple[int, str, int]] = []
            for cell in row.children:
                if isinstance(cell, _Cell):
                    text, down, across = cell.text.strip(" "), cell.rowspan, cell.colspan
                elif isinstance(cell, _Element) and cell.tag in _CELL:
                    text = _cell_text(cell).replace("\t", " ")
                    down, across = _span(cell, "rowspan"), _span(cell, "colspan")
                else:
                    continue
                taken = grid.setdefault(row_number, {})
                while column in taken:
                    column += 1
                for r in range(down):
                    for c in range(across):
                        grid.setdefault(row_number + r, {})[column + c] = (row_number, column)
                placed.append((column, text, cell.line))
                column += across
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


def _taken(items: list[_Item]) -> Iterator[_Item]:
    """The items in order, each removed from ``items`` as it is handed out."""
    items.reverse()
    while items:
        yield items.pop()


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
    _collect(cell, parts)
    return _SPACES.sub(" ", "".join(parts)).strip(" ")


def _collect(element: _Element, parts: list[str]) -> None:
    """The texts under ``element`` into ``parts``, a space for each block.

    A function of the module, not a closure in `_cell_text`: a closure that calls
    itself is a reference cycle, garbage only the cyclic collector frees, one per cell.
    """
    for child in element.children:
        if isinstance(child, _Text):
            parts.append(child.text)
        elif isinstance(child, _Cell):  # in a row inside this cell (broken markup)
            parts.extend((" ", child.text))
        elif child.tag not in _SKIP:
            if child.tag in _BLOCK:
                parts.append(" ")
            _collect(child, parts)


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
