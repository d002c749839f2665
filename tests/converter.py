"""Converter-style Markdown made from a rendered report, one defect at a time.

Third-party PDF→Markdown converters damage the tables of an annual report in a
few recurring ways (issue 13). Each function here applies one of them to the
Markdown that `gkreport.render(report, "md")` writes, so that tests (and
benchmarks) can check that every damaged shape still reads to the report's cells.
Every function takes and returns the whole page as a string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_RULE = re.compile(r"^\|(\s*:?-{3,}:?\s*\|)+\s*$")


def cells_of(line: str) -> list[str]:
    """The cells of a pipe row between its outer pipes."""
    return [cell.strip() for cell in line.strip()[1:-1].split("|")]


def row_of(cells: list[str]) -> str:
    """A pipe row of ``cells``."""
    return "| " + " | ".join(cells) + " |"


def _rows(md: str) -> Iterator[tuple[int, str, str]]:
    """(index, line, role) of every line: role "header", "rule", "row" or "" (not a table)."""
    lines = md.split("\n")
    for index, line in enumerate(lines):
        if _RULE.match(line):
            role = "rule"
        elif line.startswith("|"):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            role = "header" if _RULE.match(following) else "row"
        else:
            role = ""
        yield index, line, role


def placeholder_headers(md: str, style: str = "数据") -> str:
    """Every header row replaced by made-up names: 数据1 …, 列1 …, Column1 …."""
    out = []
    for _, line, role in _rows(md):
        if role == "header":
            width = len(cells_of(line))
            if style == "数据":  # the label column left empty, as in the issue
                line = row_of(["", *(f"数据{k}" for k in range(1, width))])  # noqa: PLW2901
            else:
                line = row_of([f"{style}{k}" for k in range(1, width + 1)])  # noqa: PLW2901
        out.append(line)
    return "\n".join(out)


def extra_cell(md: str, where: str = "trailing") -> str:
    """An empty cell added to every line of every table, at its end or its start."""
    out = []
    for _, line, role in _rows(md):
        if role:
            cells = cells_of(line)
            extra = "---" if role == "rule" else ""
            line = row_of([*cells, extra] if where == "trailing" else [extra, *cells])  # noqa: PLW2901
        out.append(line)
    return "\n".join(out)


def wrapped_labels(md: str, width: int = 14, *, as_rows: bool = False) -> str:
    """Long row labels wrapped at ``width`` characters, as a PDF's narrow label column.

    The row keeps its own label only (not its groups'); the first piece goes on
    the line above the row and the rest below it when there are three pieces or
    more, otherwise the row holds the first piece and the line below the rest.
    With ``as_rows`` the pieces are rows of empty cells instead of free lines.
    """
    out = []
    for _, line, role in _rows(md):
        cells = cells_of(line) if role == "row" else []
        label = cells[0].split(" ")[-1] if cells else ""
        pieces = [label[i : i + width] for i in range(0, len(label), width)]
        if len(pieces) < 2 or not any(cells[1:]):
            out.append(line)
            continue
        head, middle, tail = (
            (pieces[0], pieces[1], "".join(pieces[2:]))
            if len(pieces) > 2
            else ("", pieces[0], pieces[1])
        )
        empty = [""] * (len(cells) - 1)
        if head:
            out.append(row_of([head, *empty]) if as_rows else head)
        out.append(row_of([middle, *cells[1:]]))
        out.append(row_of([tail, *empty]) if as_rows else tail)
    return "\n".join(out)


def split_tables(md: str, every: int = 3, *, header: str = "placeholder") -> str:
    """Every ``every``-th row of a table starts a new small table, its label floating above.

    The new table's header is made-up names (``header="placeholder"``) or the
    table's own header printed again (``"repeat"``); the row's label cell is empty.
    """
    out: list[str] = []
    own_header = ""
    count = 0
    for _, line, role in _rows(md):
        if role == "header":
            own_header, count = line, 0
        elif role == "row":
            count += 1
            if count % every == 0:
                cells = cells_of(line)
                width = len(cells)
                out.extend(["", cells[0], ""])
                if header == "repeat":
                    out.append(own_header)
                else:
                    out.append(row_of([f"数据{k}" for k in range(1, width + 1)]))
                out.append(row_of(["---"] * width))
                out.append(row_of(["", *cells[1:]]))
                continue
        out.append(line)
    return "\n".join(out)


def lost_cell(md: str, row: int = 2, cell: int = 1) -> str:
    """The ``row``-th data row of every table loses its ``cell``-th cell.

    Cell 0 is the label; -1 is the last cell.
    """
    out = []
    count = 0
    for _, line, role in _rows(md):
        if role == "header":
            count = 0
        elif role == "row":
            count += 1
            cells = cells_of(line)
            index = cell if cell >= 0 else len(cells) + cell
            if count == row and 0 < index < len(cells) and len(cells) > 2:
                del cells[index]
                line = row_of(cells)  # noqa: PLW2901
        out.append(line)
    return "\n".join(out)


#: Each defect a converter leaves, by name, applied with typical settings.
DEFECTS: dict[str, Callable[[str], str]] = {
    "placeholder header 数据N": lambda md: placeholder_headers(md, "数据"),
    "placeholder header 列N": lambda md: placeholder_headers(md, "列"),
    "placeholder header ColumnN": lambda md: placeholder_headers(md, "Column"),
    "trailing empty cell": lambda md: extra_cell(md, "trailing"),
    "leading empty cell": lambda md: extra_cell(md, "leading"),
    "labels wrapped around rows": lambda md: wrapped_labels(md, 14),
    "labels wrapped into rows": lambda md: wrapped_labels(md, 14, as_rows=True),
    "labels wrapped narrow": lambda md: wrapped_labels(md, 8),
    "tables split, placeholder headers": lambda md: split_tables(md, 3),
    "tables split, header repeated": lambda md: split_tables(md, 2, header="repeat"),
    "all of them": lambda md: split_tables(
        wrapped_labels(extra_cell(placeholder_headers(md)), 12, as_rows=True), 4
    ),
}

#: Defects after which a cell may come back blank (with a note), never different.
LOSSY: dict[str, Callable[[str], str]] = {
    "a cell lost": lambda md: lost_cell(md, row=2, cell=1),
    "the last cell lost": lambda md: lost_cell(md, row=1, cell=-1),
}
