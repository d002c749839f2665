"""Undo what PDF→Markdown converters do to the pipe tables of a report.

Third-party converters turn the tables of a published PDF into Markdown pipe
tables, and they do it badly in a few recurring ways. Two of them can be put
right line by line, before any label is read, and that is this module's job:

* a header row the converter could not read is replaced by placeholders
  (``| 数据1 | 数据2 | … |``, ``| 列1 | … |``, ``| Column1 | … |``). The
  Markdown header row is the line right above the
  ``|---|`` rule; when every cell of it is a placeholder it says nothing, and
  it would otherwise pile onto the next row's label, so the line is emptied;
* a row that lost cells (``| 规章 | 5 | 10 |`` under a four-column header) looks
  like a row whose last cells are blank, which the reader would fill from the
  left: a wrong value in every shifted cell. Such a row is *ragged*: it has
  fewer cells than most lines of its table. Its line index is handed to the
  table reader, which then places its values only where the form's arithmetic
  leaves one choice (`gkreport._readers.text.placing`), and otherwise leaves the
  row blank with a note.

The defects that need the form's labels (a label wrapped onto the lines around
its row, a label floating between the pieces of a split table) are the table
reader's (`gkreport._readers.text.tables`). Lines keep their count and sources,
so that "line N" still points where the editor shows it.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

import attrs

from gkreport._forms import layout, registry
from gkreport._readers.text.cells import Token, TokenKind, is_rule
from gkreport._readers.text.labels import _headers, label_index
from gkreport._readers.text.lines import Line
from gkreport._readers.text.normalize import label_key

__all__ = [
    "HeaderCells",
    "PipeTables",
    "header_cells",
    "is_placeholder",
    "pipe_cells",
    "read_pipe_tables",
]

#: A header cell a converter made up: 数据1, 列1, 栏1, 字段1, 第1列, Column1, Col 1, Unnamed: 0.
_PLACEHOLDER = re.compile(
    r"^(?:(?:数据|列|栏|字段|column|col|field|unnamed:?)\s*_?\s*\d{1,2}|第\s*\d{1,2}\s*列)$",
    re.IGNORECASE,
)


@attrs.frozen
class PipeTables:
    """The lines with placeholder header rows emptied, and the ragged rows."""

    lines: list[Line]
    #: indices of pipe rows with fewer cells than most lines of their table
    ragged: frozenset[int]


def is_placeholder(text: str) -> bool:
    """A header cell a converter invented in place of the real one ("数据3", "Column1")."""
    return bool(_PLACEHOLDER.match(text.strip()))


def pipe_cells(text: str) -> list[str] | None:
    """The cells of a pipe row between its outer pipes, or None for other lines."""
    stripped = text.strip()
    if not stripped.startswith("|"):
        return None
    inner = stripped[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def read_pipe_tables(lines: Sequence[Line]) -> PipeTables:
    """Repair the pipe tables among ``lines``; other lines come back unchanged."""
    out = list(lines)
    ragged: set[int] = set()
    for table in _tables(out):
        widths: list[int] = []
        for index in table:
            cells = pipe_cells(out[index].text)
            assert cells is not None
            widths.append(len(cells))
            if _is_header(out, index) and _placeholders_only(cells):
                out[index] = Line("", out[index].source)
        if not any(is_rule(out[index].text) for index in table):
            continue  # pipes without a header rule: a crawled page's cell ends, not a table
        width = _usual_width(widths)
        ragged.update(
            index
            for index, cells in zip(table, widths, strict=True)
            if cells < width and not is_rule(out[index].text) and out[index].text
        )
    return PipeTables(out, frozenset(ragged))


#: Lines of text a converter leaves between the rows of one table (a wrapped label's
#: pieces) before the rows after them are taken for another table.
_MAX_GAP = 3


def _tables(lines: Sequence[Line]) -> list[list[int]]:
    """The pipe lines of each table, in order.

    A table starts with a header row (the line above a ``|---|`` rule). Pipe
    lines without one go on the table above them when only a few lines of text
    stand between (the pieces of a wrapped label); a blank line ends a table.
    """
    tables: list[list[int]] = []
    gap: int | None = None  # lines since the last pipe line; None: the table has ended
    for index, line in enumerate(lines):
        if not _is_pipe(line.text):
            if gap is not None:
                gap = None if not line.text.strip() or gap >= _MAX_GAP else gap + 1
            continue
        if gap is None or _is_header(lines, index):
            tables.append([])
        tables[-1].append(index)
        gap = 0
    return tables


def _is_pipe(text: str) -> bool:
    return text.lstrip().startswith("|")


def _is_header(lines: Sequence[Line], index: int) -> bool:
    """The row right above the ``|---|`` rule of its table."""
    return (
        index + 1 < len(lines)
        and is_rule(lines[index + 1].text)
        and _is_pipe(lines[index].text)
        and not is_rule(lines[index].text)
    )


def _placeholders_only(cells: list[str]) -> bool:
    """Every cell empty or made up, and at least one made up.

    Bare numbers ("| 0 | 1 | 2 |") are not taken for placeholders: a converter
    also makes a table's first data row its header, and that row may hold them.
    """
    filled = [cell for cell in cells if cell]
    return bool(filled) and all(is_placeholder(cell) for cell in filled)


def _usual_width(widths: list[int]) -> int:
    """The number of cells most lines of a table have (the larger on a tie)."""
    counts = Counter(widths)
    return max(counts, key=lambda width: (counts[width], width))


# --- a table's header printed again where a converter split it ---------------------------


@attrs.frozen
class HeaderCells:
    """The column headers of one format's tables, to skip where a split table repeats them."""

    keys: frozenset[str]
    #: keys that also name a row ("行政复议" heads a column group of 四 and names its row)
    rows: frozenset[str]

    def is_header(self, token: Token) -> bool:
        """A column header ("本年制发件数", "法人或其他组织：商业企业") or a placeholder."""
        if token.kind is not TokenKind.TEXT:
            return False
        key = token.key
        return (
            key in self.keys
            or all(part in self.keys for part in key.split(":"))
            or is_placeholder(token.text)
        )

    def without(self, tokens: list[Token], value_line: int) -> list[Token]:
        """``tokens`` without the lines made only of column headers.

        A converter that splits a table repeats its header in each piece, between
        a row's floating label and the row's values. The line of the values is
        kept whatever it holds: a header cell printed beside values is not a
        repeated header but a table printed the other way round. So is a line of
        one cell that names a row ("行政复议", "总计"): it may be the floating label.
        """
        lines: dict[int, list[Token]] = {}
        for token in tokens:
            lines.setdefault(token.line, []).append(token)
        headers = {
            line
            for line, on_line in lines.items()
            if line != value_line
            and all(self.is_header(token) for token in on_line)
            and (len(on_line) > 1 or on_line[0].key not in self.rows)
        }
        return [token for token in tokens if token.line not in headers]


@functools.cache
def header_cells(format_id: str) -> HeaderCells:
    """The header cells of a registered format, built once."""
    fmt = layout.get_format(format_id)
    texts = [*_headers(), *(block.caption for block in fmt.blocks)]
    for leaf in fmt.leaves():
        texts.extend((leaf.cell.label, *leaf.cell.aliases))
    rows = frozenset(key for keys in label_index(format_id).keys.values() for key, _ in keys)
    return HeaderCells(frozenset(label_key(text) for text in texts) - {""}, rows)


registry.watch(header_cells.cache_clear)
