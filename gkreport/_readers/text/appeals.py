"""Table 四 printed as one labelled row per line, as Markdown and converters print it.

The official layout of 四 is one row of fifteen numbers under a two-level header,
and the table reader reads it by position. Markdown (this library's own, and
what converters make of a PDF) prints it as three rows, 行政复议, 未经复议直接起诉
and 复议后起诉, five cells each. Read by position, a blank first cell, a row that
lost a cell or the empty label cell of a split table shifts every value after
it. Read by rows, each row's cells are where its own line prints them.

`appeal_rows` decides whether the table was printed so: no line holds more than
five values, and lines name rows of 四 — on the line, just above it (a label
left floating between the pieces of a split table), or wrapped onto the text
below it — each row once. A line of values among them that names no row is not
read (a note keeps it). Anything else is left to the reading by position.
"""

from __future__ import annotations

from collections.abc import Collection

import attrs

from gkreport._forms import layout
from gkreport._readers.text.cells import Token
from gkreport._readers.text.labels import LabelIndex
from gkreport._readers.text.normalize import CellKind
from gkreport._readers.text.pipes import HeaderCells

__all__ = ["AppealRow", "appeal_rows"]

_SECTION = "appeals"


@attrs.frozen
class AppealRow:
    """One row of 四 as printed: its label and its values, blanks included."""

    pointer: str | None  # "/appeals/review"; None: a line of values that names no row
    label: list[Token]
    values: list[Token]


def appeal_rows(
    values: list[Token],
    texts: list[Token],
    index: LabelIndex,
    headers: HeaderCells,
    ragged: Collection[int] = frozenset(),
) -> list[AppealRow] | None:
    """The rows of 四 if it is printed by rows, else None.

    ``values`` are the value tokens of the section in order, blanks included;
    ``texts`` its text tokens; ``ragged`` the lines of pipe rows that lost cells.
    A line of values that names no row among labelled ones comes back with the
    pointer None: it is not read, as reading it by position would be a guess.
    """
    if any(token.spaced for token in values):
        return None  # free text: the reading by position and the digit recovery
    by_line: dict[int, list[Token]] = {}
    for token in values:
        by_line.setdefault(token.line, []).append(token)
    lines = list(by_line)
    width = len(layout.APPEAL_COLUMNS)
    rows: list[AppealRow] = []
    taken = 0  # text tokens after the previous line that its label already took
    for number, line in enumerate(lines):
        previous = lines[number - 1] if number else -1
        following = lines[number + 1] if number + 1 < len(lines) else 1 << 62
        above = [t for t in texts if previous < t.line < line][taken:]
        on_line = [t for t in texts if t.line == line]
        below = [t for t in texts if line < t.line < following]
        found = _label(headers.without(above, line), on_line, below, index)
        printed = by_line[line]
        blank_first = bool(printed) and _is_blank(printed[0])
        if not on_line and blank_first and (len(printed) > width or line in ragged):
            # the empty label cell of a floating label's row: its first cell, unless the
            # row has no more cells than values (the label column left out) and has
            # not lost cells (then it has lost values too)
            printed = printed[1:]
        if len(printed) > width:
            return None
        pointer, label, taken = found or (None, on_line, 0)
        if pointer is not None and any(row.pointer == pointer for row in rows):
            return None
        rows.append(AppealRow(pointer, label, printed))
    return rows if any(row.pointer for row in rows) else None


def _label(
    above: list[Token], on_line: list[Token], below: list[Token], index: LabelIndex
) -> tuple[str, list[Token], int] | None:
    """The row a line names, its label tokens, and how many tokens below it took."""
    heads = [on_line, above + on_line] if on_line else [above]
    for head in heads:
        found = index.match(_key(head), _SECTION) if head else None
        if found is not None:
            return found[0].pointer, head, 0
    for count in range(1, len(below) + 1):
        for head in heads:
            if not head:
                continue
            found = index.match(_key(head + below[:count]), _SECTION)
            if found is not None and len(found[1]) < len(_key(head)):  # starts in the head
                return found[0].pointer, head + below[:count], count
    return None


def _key(tokens: list[Token]) -> str:
    return "".join(token.key for token in tokens)


def _is_blank(token: Token) -> bool:
    return token.reading is not None and token.reading.kind is CellKind.BLANK
