"""Read the three tables from a stream of tokens, whatever their printed shape.

The reader is label-driven for tables 二 and 三: text tokens pile up until values
arrive, then the pile is matched against the official row labels (its end must
be a row label; what comes before is header debris or an unknown row). The
values that follow fill the row's cells in the form's column order. Table 四 is
one row of 15 values, read by position after its header.

Pipe tables from PDF→Markdown converters need three more rules: an unknown row is
joined with the text after it when that completes a label (a label wrapped around
its row); lines of column headers between a floating label and its values are
skipped (a table split into pieces); a row that lost cells (`pipes`) is placed only
where the form's arithmetic leaves one choice (`placing`), else left blank.

Nothing is guessed: a value the reader cannot place becomes a `Note` with its
source; numbers that ran together in PDF text are kept raw for
`gkreport._readers.text.recover` (when it exists) and otherwise left null with a note.
A row of the form whose values stay unknown so gets a note of kind ``"unread"``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from typing import Any

import attrs

from gkreport._forms import layout
from gkreport._forms.layout import Cell, Kind
from gkreport._model import Note, NoteKind
from gkreport._readers.text.appeals import AppealRow, appeal_rows
from gkreport._readers.text.cells import Token, TokenKind
from gkreport._readers.text.labels import LabelIndex, Target
from gkreport._readers.text.normalize import CellKind
from gkreport._readers.text.pipes import header_cells
from gkreport._readers.text.placing import place
from gkreport._vocabulary import form_problem, to_decimal, to_int, units_for

__all__ = ["TableReader", "Tables"]

Value = int | Decimal | str | None

MARK = "mark instead of a number"
BESIDE = "text beside the number"
RUN_TOGETHER = "cells run together; could not separate"
LOST_CELLS = "cells lost in conversion"

#: Column sets whose last column, 总计, is the sum of the others: F2 for 三, F4 for 四.
_SUMMED_COLUMNS = (layout.APPLICANT_COLUMNS, layout.APPEAL_COLUMNS)


@attrs.define
class Tables:
    """What the reader found: values and sources by JSON pointer, notes, rows seen."""

    values: dict[str, Value] = attrs.Factory(dict)
    sources: dict[str, str] = attrs.Factory(dict)
    notes: list[Note] = attrs.Factory(list)
    rows: dict[str, int] = attrs.Factory(
        lambda: dict.fromkeys(("proactive", "applications", "appeals"), 0)
    )


@attrs.define
class _Row:
    target: Target | None  # None: a row the form does not have
    label: list[Token]
    expected: int
    values: list[Token | None] = attrs.Factory(list)  # None: a blank shown by a separator
    blanks: dict[int, str] = attrs.Factory(dict)  # position of such a blank -> its line

    @property
    def full(self) -> bool:
        return len(self.values) >= self.expected


class TableReader:
    """Feed tokens section by section with `enter` and `feed`; `finish` returns `Tables`."""

    def __init__(
        self,
        index: LabelIndex,
        *,
        follow_labels: bool = False,
        ragged: Collection[int] = frozenset(),
    ) -> None:
        self.index = index
        self.fmt = layout.get_format(index.format_id)
        #: without part headings, switch sections when a row of another section is named
        self.follow_labels = follow_labels
        #: lines of pipe rows that lost cells (`pipes.read_pipe_tables`): never filled by position
        self.ragged = ragged
        self.header_lines = header_cells(index.format_id)
        self.result = Tables()
        self.section: str | None = None
        self.pending: list[Token] = []
        self.row: _Row | None = None
        #: a row whose label names no row yet: its label may go on after its values
        self.unmatched: _Row | None = None
        #: the value tokens of table 四 as printed, blanks included, for reading it by rows
        self.appeal_tokens: list[Token] = []
        #: lines of labels whose pipe row lost every value (`_valueless_rows`)
        self.emptied: set[int] = set()
        self.subtotal_column = False
        self.last_text_line = -1
        self.raw: dict[str, dict[str, str]] = {}
        self.raw_sources: dict[str, str] = {}

    # --- driving -------------------------------------------------------------

    def enter(self, section: str | None) -> None:
        """Start reading ``section`` (a part heading was met); None ends the tables."""
        self._end_section()
        self.section = section
        if section == "appeals":
            self._open_appeals()

    def feed(self, token: Token) -> None:
        """Take the next token of the current section."""
        if self.section is None:
            return
        if token.kind is TokenKind.TEXT:
            self._text(token)
        elif token.kind is TokenKind.VALUE:
            self._value(token)
        elif self.row is not None and 0 < len(self.row.values) < self.row.expected:
            self.row.blanks[len(self.row.values)] = token.source
            self.row.values.append(None)  # "||" inside a row: a blank cell
        elif self.row is None and self.pending and token.line in self.ragged:
            self.emptied.add(self.pending[-1].line)  # a floating label's row lost every cell

    def finish(self) -> Tables:
        """End the last section, run digit recovery, and return what was read."""
        self._end_section()
        for section, raw in self.raw.items():
            self._recover(section, raw)
        self._subtotals_beside_their_rows()
        return self.result

    def _subtotals_beside_their_rows(self) -> None:
        """（六） with numbers *and* its sub-rows is a subtotal, not the group as one row."""
        one_row = f"{layout.OTHER_PROCESSING_LABEL} printed as one row"
        group = "/applications/results/other"
        if not any(p.startswith(group + "/") for p in self.result.sources):
            return
        self.result.notes = [
            attrs.evolve(note, message=_subtotal_message(layout.OTHER_PROCESSING_LABEL))
            if note.path == group and note.message == one_row
            else note
            for note in self.result.notes
        ]

    # --- tokens ---------------------------------------------------------------

    def _text(self, token: Token) -> None:
        row = self.row
        if row is not None and row.full and row.values and row.values[-1] is not None:
            last = row.values[-1]
            if last.line == token.line and self.section != "appeals":
                # a remark in the cell after the number, on the same printed row
                pointer = self._cell_pointer(row, len(row.values) - 1)
                self._note(pointer, token.text, token.source, BESIDE)
                return
        if row is not None and self.section != "appeals":
            self._close_row()
        self.last_text_line = token.line
        key = token.key
        if key == self.index.subtotal_key:
            self.subtotal_column = True
        if self.follow_labels and self.section == "applications" and key == self.index.review_key:
            self.enter("appeals")
        self.pending.append(token)

    def _value(self, token: Token) -> None:
        reading = token.reading
        blank = reading is not None and reading.kind is CellKind.BLANK
        if self.section == "appeals":
            self._appeals_value(token, blank)
            return
        if self.row is not None and not self.row.full:
            self.row.values.append(token)
            return
        if self.row is not None and _spacer_first(self.row.values, token.line):
            # more values on the line than the row has cells, after an empty cell that
            # was room under a merged label column, not the row's first value
            self.row.values.pop(0)
            self.row.values.append(token)
            return
        if self.row is not None:
            self._close_row()
        if self.unmatched is not None:
            self._settle_unmatched()
        if not self.pending:
            if not blank:
                self._note(f"/{self.section}", token.text, token.source, "value outside any row")
            return
        if blank and self.pending[-1].line != token.line:
            return  # a blank cell with no label on its row: room left by a span
        self._open_row(token.line)
        assert self.row is not None
        self.row.values.append(token)

    # --- rows -----------------------------------------------------------------

    def _open_row(self, value_line: int) -> None:
        label, self.pending = self.pending, []
        # a table split by a converter prints its header again between a floating label and
        # the row's values: without those lines first, as "…总计" would name a row
        found = self._find(self.header_lines.without(label, value_line)) or self._find(label)
        if found is None:
            self.row = _Row(None, label, expected=1 << 30)
            return
        self.row = self._row_for(found, label)

    def _find(self, tokens: list[Token]) -> tuple[Target, str] | None:
        """The row whose label ends ``tokens``, and the key text before it."""
        assert self.section is not None
        candidate = "".join(token.key for token in tokens)
        found = self.index.match(candidate, self.section)
        if found is None and self.follow_labels:
            for section in ("proactive", "applications"):
                found = self.index.match(candidate, section)
                if found is not None:
                    self.section = section
                    break
        return found

    def _row_for(self, found: tuple[Target, str], label: list[Token]) -> _Row:
        target, rest = found
        self._valueless_rows(label, target)
        if rest and not self.index.is_debris(rest):
            debris = " ".join(token.text for token in label)
            self._note(
                f"/{target.section}", debris, label[0].source, "text before a row, not in the form"
            )
        expected = len(target.cells)
        if target.section == "applications" and self.subtotal_column:
            expected += 1
        return _Row(target, label, expected)

    # --- labels wrapped past their row's values --------------------------------

    def _settle_unmatched(self) -> None:
        """Join an unknown row with the text after it if that completes a label, else note it.

        Converters wrap a long label over the lines (or rows) around its values:
        "1.申请人无正当理由逾期不补正、" above the row, "行政机关不再处理其政府信息公"
        in it, "开申请" below. The text that follows an unknown row is tried a token
        at a time; it completes the row's label only if the label found starts
        before that text (the row's own text is part of it), so the label of the
        next row is never taken for the end of this one.
        """
        row, self.unmatched = self.unmatched, None
        if row is None:
            return
        joined = self._rejoin(row)
        if joined is None:
            self._note_unknown(row)
            return
        found, taken = joined
        label, self.pending = row.label + self.pending[:taken], self.pending[taken:]
        self.row = self._row_for(found, label)
        while len(row.values) > self.row.expected and _spacer_first(row.values, -1):
            row.values.pop(0)
        extra = row.values[self.row.expected :]
        self.row.values = row.values[: self.row.expected]
        self._close_row()
        for token in extra:
            if token is not None:
                self._note(f"/{self.section}", token.text, token.source, "value outside any row")

    def _rejoin(self, row: _Row) -> tuple[tuple[Target, str], int] | None:
        """The label that the row's text and the fewest tokens after it complete."""
        line = next((token.line for token in row.values if token is not None), -1)
        heads = (self.header_lines.without(row.label, line), row.label)
        for taken in range(1, len(self.pending) + 1):
            tail = self.pending[:taken]
            for head in heads:
                found = self._find(head + tail)
                if found is not None and len(found[1]) < sum(len(t.key) for t in head):
                    return found, taken
        return None

    def _note_unknown(self, row: _Row) -> None:
        texts = [t.text for t in row.label] + [t.text if t else "" for t in row.values]
        self._note(
            f"/{self.section}",
            "\t".join(texts),
            row.label[0].source,
            "row not in the form; values not captured",
        )

    def _close_row(self) -> None:
        row, self.row = self.row, None
        if row is None:
            return
        if row.target is None:
            if self.unmatched is not None:
                self._note_unknown(self.unmatched)
            self.unmatched = row  # its label may go on after its values
            return
        target = row.target
        tokens = row.values
        if target.section == "applications" and self.subtotal_column and len(tokens) > 6:
            subtotal = tokens.pop(6)
            if subtotal is not None:
                self._note(
                    target.pointer,
                    subtotal.text,
                    subtotal.source,
                    f"{layout.LEGAL_PERSONS_SUBTOTAL} column (not in the form)",
                )
        if _ran_together(tokens, len(target.cells)):
            self._keep_raw(target.section, target.pointer, tokens)
            return
        if target.is_group:
            self._group_row(target, tokens)
            return
        if target.pointer in self.result.sources:
            printed = "\t".join(t.text if t else "" for t in tokens)
            self._note(
                target.pointer, printed, row.label[0].source, "row printed twice; the first is kept"
            )
            return
        self.result.rows[target.section] += 1
        self.result.sources[target.pointer] = row.label[0].source
        blanks = row.blanks
        if self._lost_cells(tokens, len(target.cells)):
            tokens, blanks = self._placed(target.pointer, target.cells, tokens, row.label), {}
        self._assign(target.pointer, target.cells, tokens, blanks, row.label[0].source)

    # --- rows that lost cells in conversion -------------------------------------

    def _lost_cells(self, tokens: list[Token | None], width: int) -> bool:
        """Fewer values than cells, printed in a pipe row shorter than its table."""
        return len(tokens) < width and any(
            token is not None and token.line in self.ragged for token in tokens
        )

    def _placed(
        self, pointer: str, cells: tuple[Cell, ...], tokens: list[Token | None], label: list[Token]
    ) -> list[Token | None]:
        """The row's values in the cells the form's arithmetic leaves them, or all blank."""
        summed = cells in _SUMMED_COLUMNS and not (
            pointer.startswith("/applications/") and self.subtotal_column
        )
        numbers = [token.reading.integer if token and token.reading else None for token in tokens]
        placement = place(numbers, len(cells), summed=summed)
        printed = "\t".join(
            [*(token.text for token in label), *(token.text if token else "" for token in tokens)]
        )
        source = next((token.source for token in [*label, *tokens] if token is not None), "")
        seen = f"{len(tokens)} values printed for {len(cells)} columns"
        where = placement.cells
        if where is None:
            why = (
                f"{len(placement.fitting)} placements keep the row's arithmetic"
                if summed
                else "the row has no arithmetic to tell"
            )
            message = f"{LOST_CELLS}: {seen}; which columns they belong to cannot be told ({why})"
            self._note(pointer, printed, source, message + ", cells left blank", "unread")
            return [None] * len(cells)
        arranged: list[Token | None] = [None] * len(cells)
        for cell, token in zip(where, tokens, strict=True):
            arranged[cell] = token
        message = (
            f"{LOST_CELLS}: {seen}, placed by the row's arithmetic (the only placement where"
            f" {cells[-1].label} can be the sum of the others)"
        )
        for cell in placement.lost():  # a note on each lost cell, where its value belongs
            lost = f"{message}; {cells[cell].label} lost, left blank"
            self._note(f"{pointer}/{cells[cell].id}", printed, source, lost, "unread")
        return arranged

    def _valueless_rows(self, tokens: list[Token], target: Target | None) -> None:
        """Note a row of the form whose pipe row lost every value ("| 行政强制 |").

        Its label is left among the text before another row (``target``), where
        it would pass for header debris; its cells stay blank.
        """
        lines: dict[int, list[Token]] = {}
        for token in tokens:
            if token.line in self.ragged or token.line in self.emptied:
                lines.setdefault(token.line, []).append(token)
        assert self.section is not None
        for on_line in lines.values():
            found = self.index.match("".join(t.key for t in on_line), self.section)
            if found is None or found[1] or found[0].is_group or found[0] == target:
                continue
            printed = "\t".join(t.text for t in on_line)
            self._note(
                found[0].pointer,
                printed,
                on_line[0].source,
                f"{LOST_CELLS}: no value printed",
                "unread",
            )

    def _group_row(self, target: Target, tokens: list[Token | None]) -> None:
        printed = "\t".join(t.text if t else "" for t in tokens)
        source = next((t.source for t in tokens if t is not None), "")
        if target.pointer == "/applications/results/other":
            message = f"{layout.OTHER_PROCESSING_LABEL} printed as one row"
        else:
            message = _subtotal_message(target.label)
        self.result.sources.setdefault(target.pointer, source)  # findings on the row point here
        self._note(target.pointer, printed, source, message)

    def _assign(
        self,
        base: str,
        cells: tuple[Cell, ...],
        tokens: list[Token | None],
        blanks: Mapping[int, str] | None = None,
        row_source: str | None = None,
    ) -> None:
        """Fill the row's cells; a blank or missing cell is where its row (or separator) was."""
        for position, cell in enumerate(cells):
            pointer = f"{base}/{cell.id}"
            token = tokens[position] if position < len(tokens) else None
            if token is None:
                seen = (blanks or {}).get(position) or row_source
                if seen:
                    self.result.sources.setdefault(pointer, seen)
                if position < len(tokens):
                    self.result.values[pointer] = None
                continue
            self.result.sources[pointer] = token.source
            self.result.values[pointer] = self._cell_value(pointer, cell.kind, token)

    def _cell_value(self, pointer: str, kind: Kind, token: Token) -> Value:
        """The cell's value by its kind; marks, remarks and impossible numbers are noted."""
        reading = token.reading
        integer = reading.integer if reading is not None else None
        if kind is Kind.COUNT and integer is not None and integer >= 0:
            return integer  # the common case, decided once per printed cell
        if reading is not None and reading.kind is CellKind.MARK:
            self._note(pointer, token.text, token.source, MARK)
            return None
        if reading is None or reading.kind is not CellKind.NUMBER or reading.number is None:
            return None  # a blank
        if kind is Kind.TEXT:
            return token.text.strip()  # 2019 采购总金额: kept as printed, unit and all
        value: int | Decimal | None = None
        problem = form_problem(reading.number, kind)  # "12.0", "1e3": kept, never 12 or 1
        if problem is None:
            if reading.remark and reading.remark not in units_for(kind):
                self._note(pointer, token.text.strip(), token.source, BESIDE)
            value = to_decimal(reading.number) if kind is Kind.MONEY else to_int(reading.number)
            if value is None or (value < 0 and kind is not Kind.SIGNED):
                problem = "not an amount >= 0" if kind is Kind.MONEY else "not a whole number >= 0"
        if problem is not None:
            self._note(pointer, token.text.strip(), token.source, problem)
            return None
        return value

    def _cell_pointer(self, row: _Row, position: int) -> str:
        if row.target is None or position >= len(row.target.cells):
            return f"/{self.section}"
        return f"{row.target.pointer}/{row.target.cells[position].id}"

    # --- table 四: one row of 15 values by position ------------------------------

    def _open_appeals(self) -> None:
        cells = len(layout.APPEAL_COLUMNS) * len(self.fmt.appeals.children)
        target = Target("/appeals", "appeals", self.fmt.appeals.label, (), is_group=False)
        self.row = _Row(target, [], expected=cells)

    def _appeals_value(self, token: Token, blank: bool) -> None:
        self.appeal_tokens.append(token)
        row = self.row
        if row is None or row.full:
            if not blank:
                self._note("/appeals", token.text, token.source, "value outside any row")
            return
        if blank and not row.values and token.line == self.last_text_line:
            return  # an empty header cell, not the first value
        row.values.append(token)

    def _close_appeals(self) -> None:
        row, self.row = self.row, None
        assert row is not None
        rows = appeal_rows(
            self.appeal_tokens, self.pending, self.index, self.header_lines, self.ragged
        )
        self.appeal_tokens = []
        self._debris("appeals")
        if rows:
            self._read_appeal_rows(rows)
            return
        if not any(row.values):
            return
        if _ran_together(row.values, row.expected):
            self._keep_raw("appeals", "/appeals", row.values)
            return
        self.result.rows["appeals"] += 1
        width = len(layout.APPEAL_COLUMNS)
        for number, appeal in enumerate(self.fmt.appeals.children):
            chunk = row.values[number * width : (number + 1) * width]
            seen = next((t.source for t in chunk if t is not None), None)
            self._assign(f"/appeals/{appeal.id}", layout.APPEAL_COLUMNS, chunk, row_source=seen)

    def _read_appeal_rows(self, rows: list[AppealRow]) -> None:
        """Table 四 read by rows (`appeals.appeal_rows`): each row's cells where it prints them."""
        self.result.rows["appeals"] += 1
        for row in rows:
            if row.pointer is None:
                printed = "\t".join(t.text for t in [*row.label, *row.values])
                source = row.values[0].source
                self._note("/appeals", printed, source, "row not in the form; values not captured")
                continue
            tokens: list[Token | None] = list(row.values)
            if self._lost_cells(tokens, len(layout.APPEAL_COLUMNS)):
                tokens = self._placed(row.pointer, layout.APPEAL_COLUMNS, tokens, row.label)
            seen = next((t.source for t in [*row.label, *row.values]), None)
            self._assign(row.pointer, layout.APPEAL_COLUMNS, tokens, row_source=seen)

    # --- section ends -----------------------------------------------------------

    def _end_section(self) -> None:
        if self.section == "appeals":
            self._close_appeals()
        elif self.section is not None:
            self._close_row()
            self._settle_unmatched()
            self._debris(self.section)
        self.pending = []
        self.subtotal_column = False

    def _debris(self, section: str) -> None:
        """Text left after the last row: header debris is dropped, anything else noted."""
        if not self.pending:
            return
        if section != "appeals":  # its labels are read with its rows (`appeals`)
            self._valueless_rows(self.pending, None)
        key = "".join(token.key for token in self.pending)
        if not self.index.is_debris(key):
            printed = "\t".join(token.text for token in self.pending)
            self._note(
                f"/{section}",
                printed,
                self.pending[0].source,
                "text in the table that is not part of the form",
            )
        self.pending = []

    # --- numbers that ran together -----------------------------------------------

    def _keep_raw(self, section: str, pointer: str, tokens: list[Token | None]) -> None:
        """Keep a row whose numbers ran together, as printed, for the digit recovery."""
        printed = " ".join(token.text for token in tokens if token is not None)
        self.raw.setdefault(section, {})[pointer] = printed
        self.raw_sources[pointer] = next((t.source for t in tokens if t is not None), "")
        self.result.rows[section] += 1  # the row is there, only its cells are unknown

    def _recover(self, section: str, raw: dict[str, str]) -> None:
        """Apply what digit recovery can tell for sure; without it, note every such row."""
        recovery = _recover_hook()
        if recovery is None:
            for pointer, text in raw.items():
                self._note(pointer, text, self.raw_sources[pointer], RUN_TOGETHER, kind="unread")
            return
        outcome = recovery(
            self.index.format_id, section, known_values(self.result.values, section), raw
        )
        for pointer, value in outcome.values.items():
            self.result.values[pointer] = value
            row = self._raw_row(pointer)
            if row is not None:
                self.result.sources[pointer] = self.raw_sources[row]
        for note in outcome.notes:
            row = self._raw_row(note.path)
            if note.source is None and row is not None:
                note = attrs.evolve(note, source=self.raw_sources[row])  # noqa: PLW2901
            self.result.notes.append(note)

    def _raw_row(self, pointer: str) -> str | None:
        """The run-together row ``pointer`` lies in (or is)."""
        return next(
            (
                row
                for row in self.raw_sources
                if pointer == row or pointer.startswith(row + "/") or row.startswith(pointer + "/")
            ),
            None,
        )

    def _note(
        self, path: str, raw: str, source: str, message: str, kind: NoteKind | None = None
    ) -> None:
        self.result.notes.append(
            Note(path=path, raw=raw, source=source or None, message=message, kind=kind)
        )


def _is_blank(token: Token) -> bool:
    return token.reading is not None and token.reading.kind is CellKind.BLANK


def _spacer_first(values: list[Token | None], line: int) -> bool:
    """The row's first value is an empty cell printed on ``line`` (-1: on the line of them all)."""
    first = values[0] if values else None
    if first is None or not _is_blank(first):
        return False
    if line == -1:
        line = first.line
    return all(token is not None and token.line == line for token in values)


def _subtotal_message(label: str) -> str:
    return f"{label} printed with numbers of its own (a subtotal, not in the form)"


def _ran_together(tokens: list[Token | None], expected: int) -> bool:
    """Numbers split from free text at spaces, too few of them, or one with a leading zero."""
    present = [token for token in tokens if token is not None]
    if any(t.reading is not None and t.reading.leading_zero for t in present):
        return True
    return any(t.spaced for t in present) and len(tokens) < expected


def _recover_hook() -> Callable[..., Any] | None:
    """`gkreport._readers.text.recover.recover_rows` if that module is installed, else None."""
    try:
        module = importlib.import_module("gkreport._readers.text.recover")
    except ModuleNotFoundError as exc:
        if exc.name != "gkreport._readers.text.recover":
            raise
        return None
    return getattr(module, "recover_rows", None)


def known_values(values: Mapping[str, Value], section: str) -> dict[str, Value]:
    """The values already read in ``section`` (what digit recovery may rely on)."""
    return {p: v for p, v in values.items() if p.startswith(f"/{section}/")}
