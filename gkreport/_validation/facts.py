"""What a check reads (`Facts`) and what it returns (`Hit`).

`Facts` is one report as the checks of `gkreport._validation.catalog` see it: a flat
``{pointer: value}`` view of its cells, its notes, its text and its metadata,
built by `gkreport.validate` from a report object or a raw payload. The cells of a
row the reader saw but could not capture (a note of kind ``unread``) are unknown:
`Facts.value` gives None for them, and a sum or row total that needs one is None
rather than a partial sum, so no check compares with what was not read. Views that
several checks share (the blank cells, the narrative's statements) are computed
on first use and kept for that report only; whatever can be computed once per
format (pointer lists by kind or by table) is cached per format.
"""

from __future__ import annotations

import datetime
import functools
import math
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from gkreport._forms import features, layout
from gkreport._forms.layout import Kind
from gkreport._payload import MAX_DIGITS, number_problem
from gkreport._validation import narrative as _narrative
from gkreport._validation.finding import Severity
from gkreport._validation.messages import CellName, Label, Phrase
from gkreport._validation.narrative import Statement
from gkreport._validation.pointer import cells
from gkreport._vocabulary import is_mark

__all__ = ["C6", "C7", "OTHER_GROUP", "Facts", "Hit", "Severity", "UnreadRow", "region"]

C6 = tuple(cell.id for cell in layout.APPLICANT_COLUMNS[:-1])  #: the six applicant columns
C7 = tuple(cell.id for cell in layout.APPLICANT_COLUMNS)  #: C6 and 总计
#: The group row of （六）其他处理: a 2021 report may give its numbers only there.
OTHER_GROUP = "/applications/results/other"
_T = TypeVar("_T")  # what a memoised view computes


@attrs.frozen
class Hit:
    """What a check found, before the engine renders it into a `Finding`.

    ``params`` fill the rule's message templates: numbers, text and the phrases of
    `gkreport._validation.messages` (labels, named fragments), never worded text, so
    that each language words them its own way; ``equation`` is such a phrase too.
    ``cells`` are every JSON pointer the finding ties together; ``severity`` overrides
    the rule's when the evidence is weaker (a loosely worded sentence). ``paths`` are
    the pointers the problem affects when it is more than ``path`` (a blank column),
    and ``explains`` the hits it is the cause of (`gkreport._validation.grouping`).
    """

    code: str
    path: str
    params: Mapping[str, Any] = attrs.field(factory=dict)
    cells: tuple[str, ...] = ()
    expected: Any = None
    actual: Any = None
    equation: Phrase | str | None = None
    severity: Severity | None = None
    paths: tuple[str, ...] = ()
    explains: tuple[Hit, ...] = ()


@functools.cache
def _by_kind(format_id: str) -> dict[Kind, tuple[str, ...]]:
    """The pointers of each kind of cell, in printed order."""
    found: dict[Kind, list[str]] = {kind: [] for kind in Kind}
    for pointer, info in cells(format_id).by_pointer.items():
        found[info.kind].append(pointer)
    return {kind: tuple(pointers) for kind, pointers in found.items()}


@functools.cache
def _getter(format_id: str, kind: Kind | None) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """The values of every cell of ``kind`` (every cell for None) as one tuple, read in C."""
    pointers = cells(format_id).order if kind is None else _by_kind(format_id)[kind]
    return operator.itemgetter(*pointers)


@functools.cache
def _other_kinds(format_id: str) -> tuple[tuple[Kind, tuple[str, ...]], ...]:
    """The kinds other than COUNT that a format has cells of, with their pointers."""
    return tuple(
        (kind, pointers)
        for kind, pointers in _by_kind(format_id).items()
        if kind is not Kind.COUNT and pointers
    )


@functools.cache
def sections(format_id: str) -> dict[str, tuple[str, ...]]:
    """The pointers of each table (二, 三, 四), in printed order."""
    found: dict[str, list[str]] = {}
    for pointer, info in cells(format_id).by_pointer.items():
        found.setdefault(info.section, []).append(pointer)
    return {section: tuple(pointers) for section, pointers in found.items()}


@functools.lru_cache(maxsize=1024)  # bounded: the paths come from the notes of payloads
def region(format_id: str, path: str) -> tuple[tuple[str, ...], str]:
    """The cells at or under ``path`` (a cell, row, group or table), and its short label.

    The label is the cell's short label, the row's (``三 一、本年新收…``), a table's or a
    group's official label, or the path itself when it names nothing of the form.
    """
    info = cells(format_id)
    covered = tuple(p for p in info.order if p == path or p.startswith(path + "/"))
    if path in info.by_pointer:
        return covered, info.by_pointer[path].short
    rows = {info.by_pointer[p].short.rsplit(" × ", 1)[0] for p in covered}
    if len(rows) == 1:
        return covered, rows.pop()
    try:
        node = layout.get_format(format_id).node(tuple(path.strip("/").split("/")))
    except KeyError:
        return covered, path
    if not covered:
        return covered, path
    section = info.by_pointer[covered[0]].short[:1]
    return covered, node.label if path.count("/") == 1 else f"{section}{node.label}"


@attrs.frozen
class UnreadRow:
    """A row of the form the reader saw but could not capture: one ``unread`` note."""

    path: str  #: the note's pointer: a row, a cell, or a group of rows printed as one
    raw: str  #: the text as found
    source: str | None  #: where it was found
    cells: tuple[str, ...]  #: the cells it leaves unknown
    label: str  #: the short label of what it covers


@functools.cache
def _other_subrows(format_id: str) -> tuple[str, ...]:
    return tuple(p for p in cells(format_id).order if p.startswith(OTHER_GROUP + "/"))


@functools.cache
def _has_other_subrows(format_id: str) -> bool:
    return layout.get_format(format_id).has(features.OTHER_SUBROWS)


class Facts:
    """One report as the checks see it: flat cells, notes, text and metadata."""

    def __init__(
        self,
        format_id: str,
        values: dict[str, Any],
        *,
        unreadable: Iterable[str] = (),
        notes: Sequence[tuple[str, str]] = (),
        unread: Sequence[tuple[str, str, str | None]] = (),
        implausible: Sequence[tuple[str, str, str | None]] = (),
        copies: Sequence[tuple[str, str]] = (),
        text: Mapping[str, str | None] | None = None,
        agency: str | None = None,
        year: int | None = None,
        kind: str | None = None,
        title: str | None = None,
        published_on: datetime.date | None = None,
        schema_problems: Sequence[tuple[str, str]] = (),
        checked: bool = False,
    ) -> None:
        self.format_id = format_id
        self.cells = cells(format_id)
        self.values = values
        self.notes = tuple(notes)
        #: The cells a second copy of the tables gives otherwise: (path, its value as raw).
        self.copies = tuple(copies)
        self.text: Mapping[str, str | None] = text or {}
        self.agency = agency
        self.year = year
        self.kind = kind
        self.title = title
        self.published_on = published_on
        self.schema_problems = tuple(schema_problems)
        # ``checked``: every cell already holds a value of its kind (a report gkreport
        # structured, `gkreport._convert.structured`), so none is looked at again
        self.bad = frozenset() if checked else self._bad_cells()
        #: The ``unread`` notes, one per path, and every cell they leave unknown.
        self.unread_rows = self._unread_rows(unread)
        #: The ``implausible`` notes on cells (pointer → raw, source), first kept: a
        #: reader set the number aside, so the cell is unknown like an unread one.
        self.implausible: dict[str, tuple[str, str | None]] = {}
        for path, raw, source in implausible:
            if path in self.cells.by_pointer:
                self.implausible.setdefault(path, (raw, source))
        self.unread = frozenset(p for row in self.unread_rows for p in row.cells) | frozenset(
            self.implausible
        )
        self.unreadable = frozenset(unreadable) | self.bad | self.unread
        self._memo: dict[str, Any] = {}
        self.other_group = self._other_group()

    # --- cells ----------------------------------------------------------------------------

    def _bad_cells(self) -> frozenset[str]:
        """Cells whose value has the wrong type for their kind (F5, F6, F6b).

        The common case, every count an ``int`` ≥ 0 or blank, is told by looking at
        the set of types and the smallest and largest value; only otherwise is each
        cell checked.
        """
        values, kinds = self.values, _by_kind(self.format_id)
        counts = _getter(self.format_id, Kind.COUNT)(values)
        numbers = [*filter(None, counts)] if set(map(type, counts)) <= _COUNT_TYPES else None
        if (
            numbers is None
            or (numbers and (min(numbers) < 0 or max(numbers) >= _TOO_LONG))  # built by hand
        ):
            bad = [
                p
                for p in kinds[Kind.COUNT]
                if (v := values[p]) is not None and (type(v) is not int or not 0 <= v < _TOO_LONG)
            ]
        else:
            bad = []
        for kind, pointers in _other_kinds(self.format_id):
            if kind is Kind.SIGNED:
                bad += [p for p in pointers if (v := values[p]) is not None and not _is_signed(v)]
            elif kind is Kind.MONEY:
                bad += [p for p in pointers if (v := values[p]) is not None and not _is_amount(v)]
            elif kind is Kind.TEXT:
                bad += [p for p in pointers if (v := values[p]) is not None and type(v) is not str]
        return frozenset(bad)

    def _unread_rows(self, notes: Sequence[tuple[str, str, str | None]]) -> tuple[UnreadRow, ...]:
        """One `UnreadRow` per path of the ``unread`` notes (path, raw, source), first kept."""
        found: dict[str, UnreadRow] = {}
        for path, raw, source in notes:
            if path not in found:
                covered, label = region(self.format_id, path)
                found[path] = UnreadRow(path, raw, source, covered, label)
        return tuple(found.values())

    def _other_group(self) -> tuple[str, tuple[int, ...] | None] | None:
        """A split （六）其他处理 given on its group row only: the note's raw text and numbers."""
        if not self.notes or not _has_other_subrows(self.format_id):
            return None
        raw = next((raw for path, raw in self.notes if path == OTHER_GROUP), None)
        if raw is None:
            return None
        if any(self.values.get(p) is not None for p in _other_subrows(self.format_id)):
            return None
        numbers = tuple(int(n) for n in re.findall(r"\d+", raw))
        parsed = numbers if len(numbers) == len(C7) else None
        for column, number in zip(C7, parsed or (None,) * len(C7), strict=True):
            self.values[f"{OTHER_GROUP}/{column}"] = number
        return raw, parsed

    def name(self, pointer: str) -> Phrase:
        """How a message names a cell: 表四“行政复议—结果维持” (anything else by its pointer)."""
        info = self.cells.by_pointer.get(pointer)
        return CellName(info.table, info.name) if info is not None else Label(pointer)

    def value(self, pointer: str) -> Any:
        """The value at ``pointer`` (None when blank or unreadable)."""
        return None if pointer in self.unreadable else self.values.get(pointer)

    def row_total(self, row: str) -> int | None:
        """A row's 总计, or the sum of its columns when 总计 is blank; None if all are blank.

        None as well when the row was not read (``unread``): its sum is unknown, not 0.
        """
        total: int | None = self.value(f"{row}/total")
        if total is not None:
            return total
        pointers = [f"{row}/{c}" for c in C6]
        if self.unread and not self.unread.isdisjoint((f"{row}/total", *pointers)):
            return None
        parts = [self.value(p) for p in pointers]
        return sum(p for p in parts if p is not None) if any(p is not None for p in parts) else None

    def sum(self, pointers: Iterable[str]) -> int | None:
        """The sum of the cells that are not blank; None when all are blank or one is unread."""
        if self.unread:
            pointers = tuple(pointers)
            if not self.unread.isdisjoint(pointers):
                return None
        known = [v for p in pointers if (v := self.value(p)) is not None]
        return sum(known) if known else None

    def memo(self, key: str, compute: Callable[[], _T]) -> _T:
        """A derived view computed once per report."""
        if key not in self._memo:
            self._memo[key] = compute()
        view: _T = self._memo[key]  # what ``compute`` made for this key
        return view

    @property
    def blank(self) -> list[str]:
        """The blank cells that could be read, in printed order."""

        def compute() -> list[str]:
            values, skip = self.values, self.unreadable
            # Besides the cells, ``values`` holds at most the （六）其他处理 columns read from a
            # group row, there only when cells are blank. A loop of ``is``: ``None in`` calls
            # each number's ``==`` and None's, which costs half as much again.
            for value in values.values():
                if value is None:
                    break
            else:
                return []
            blank = [p for p in self.cells.order if values[p] is None]
            return [p for p in blank if p not in skip] if skip else blank

        return self.memo("blank", compute)

    @property
    def empty_sections(self) -> set[str]:
        """The tables (二, 三, 四) whose every cell is blank (a row not read is no blank)."""

        def compute() -> set[str]:
            values, unread = self.values, self.unread
            return {
                section
                for section, pointers in sections(self.format_id).items()
                if _all_blank(values, pointers) and unread.isdisjoint(pointers)
            }

        return self.memo("empty_sections", compute)

    @property
    def marks(self) -> dict[str, str]:
        """The cells that held a mark ("-", "/", "无" …) instead of a number."""
        return self.memo(
            "marks",
            lambda: {path: raw.strip() for path, raw in self.notes if is_mark(raw)},
        )

    # --- text -----------------------------------------------------------------------------

    def part_text(self, part: str) -> str:
        """The normalised text of one part, a paragraph per line ("" when blank or missing).

        A part is normalised only when a check reads it: the ``problems`` part, say,
        only when it names a reporting period.
        """
        body = self.text.get(part)
        if not body:
            return ""
        key = f"text/{part}"
        if key not in self._memo:
            self._memo[key] = _narrative.part_text(body)
        text: str = self._memo[key]
        return text

    def verbatim(self, part: str, normalised: str) -> str:
        """Words of a part found in its normalised text, as the report printed them (a quote)."""
        key = f"verbatim/{part}/{normalised}"
        if key not in self._memo:
            self._memo[key] = _narrative.verbatim(self.text.get(part) or "", normalised)
        quote: str = self._memo[key]
        return quote

    def paragraphs(self, part: str) -> list[str]:
        """The normalised paragraphs of one text part ([] when it is blank or missing)."""
        text = self.part_text(part)
        return text.split("\n") if text else []

    def part_sentences(self, part: str) -> list[str]:
        """The normalised sentences of one text part."""
        key = f"sentences/{part}"
        if key not in self._memo:
            split = _narrative.split_paragraph
            self._memo[key] = [s for p in self.paragraphs(part) for s in split(p)]
        sentences: list[str] = self._memo[key]
        return sentences

    @property
    def sentences(self) -> dict[str, list[str]]:
        """The normalised sentences of each text part that has any text."""
        return {part: self.part_sentences(part) for part, body in self.text.items() if body}

    @property
    def statements(self) -> list[Statement]:
        """The numbers and claims of the narrative (``problems`` talks of plans: skipped)."""

        def compute() -> list[Statement]:
            parts = {
                part: self.part_text(part)
                for part, body in self.text.items()
                if body and part != "problems"
            }
            return _narrative.read_statements(parts, self.year)

        return self.memo("statements", compute)

    def statements_about(self, topic: str) -> list[Statement]:
        """The statements of one topic (`narrative.RECEIVED` …), in text order."""
        by_topic: dict[str, list[Statement]] | None = self._memo.get("by_topic")
        if by_topic is None:
            by_topic = {}
            for statement in self.statements:
                by_topic.setdefault(statement.topic, []).append(statement)
            self._memo["by_topic"] = by_topic
        return by_topic.get(topic, [])


#: A number of more digits than a report holds (`gkreport._payload.MAX_DIGITS`).
_TOO_LONG: int = 10**MAX_DIGITS
#: The types of a count that can be right: a number, or blank.
_COUNT_TYPES = frozenset({int, type(None)})


def _all_blank(values: Mapping[str, Any], pointers: Iterable[str]) -> bool:
    """Whether every cell of ``pointers`` is blank: a loop, as all() of a generator costs more."""
    for pointer in pointers:  # noqa: SIM110
        if values[pointer] is not None:
            return False
    return True


def _is_signed(value: object) -> bool:
    return type(value) is int and -_TOO_LONG < value < _TOO_LONG


def _is_amount(value: object) -> bool:
    if type(value) is int:
        return 0 <= value < _TOO_LONG
    if isinstance(value, Decimal):
        return value.is_finite() and value >= 0 and number_problem(value) is None
    if type(value) is float:
        return math.isfinite(value) and value >= 0
    return False
