"""Put back the cell boundaries of table rows whose separators were lost.

Reports copied out of web pages, crawled into plain text or extracted from PDFs
often print a row of 三 as "本年新收政府信息公开申请数量200 000121", or the fifteen
numbers of 四 as "10 0 00 0 1 …": every digit is there, but the boundaries between
cells are gone and the spaces that remain do not fall on cell edges. Pouring the
digits into the cells in order produces wrong numbers silently.

The form's own arithmetic is usually enough to cut such a row exactly:

* a count has no leading zero, except a lone 0;
* the 总计 of a row of 三 is the sum of its six applicant columns (F2), and the
  总计 of each block of 四 the sum of its four results (F4);
* the column identities tie the rows of 三 together: 一 + 二 = （七）总计 + 四 (the
  column note printed in the form, F1) and （七）总计 = the sum of the result rows (F3);
* a sign ("+12", "-8") can only open a signed cell (2019 本年增/减).

`recover_rows` enumerates, for each run-together row, the splits that keep its own
rules (`splits` is the same search for one plain row), then searches the rows of a
section *jointly* with the column identities as constraints (bounds propagation and
backtracking). A row whose reading is the same in every joint solution is recovered,
with a note saying so; a row with several readings, or none, stays blank, with a note
listing what was found. Nothing is ever guessed: spaces and other separators in the
source only decide the order in which readings are tried and listed.

Every search is bounded by a step budget (``max_search_steps`` of the `Limits` in
effect), and a text of more than ``max_run_digits`` digits is not searched at all,
so a pathological row ends with an "unsolved" note saying why, instead of a hang.
"""

from __future__ import annotations

import enum
import functools
import unicodedata
from collections.abc import Collection, Iterator, Mapping, Sequence

import attrs

from gkreport._forms import layout
from gkreport._model import Note, NoteKind
from gkreport._readers import limits

__all__ = ["DEFAULT_BUDGET", "Recovery", "RecoveryOutcome", "recover_rows", "splits"]

#: Search steps allowed for each run-together text, and again for the joint search, by
#: default (`Limits.max_search_steps`). The rows of the tests and seeds take at most
#: some 1,400; the budget only stops pathological input.
DEFAULT_BUDGET = limits.DEFAULT.max_search_steps

#: Readings of one text kept for the joint search; more means the text says too little.
_MAX_READINGS = 1000

#: Readings quoted in a note.
_SHOWN = 5

#: Column sets whose last column, 总计, is the sum of the others: F2 for 三, F4 for 四.
_SUMMED_COLUMNS = (layout.APPLICANT_COLUMNS, layout.APPEAL_COLUMNS)

#: Cells whose printed digits are a whole number the search can cut.
_WHOLE_NUMBERS = (layout.Kind.COUNT, layout.Kind.SIGNED)

#: Characters that separate numbers in extracted text; like spaces, they are hints only.
_SEPARATORS = frozenset("|,;:/、")
_MINUS_SIGNS = frozenset("-−")  # NFKC leaves U+2212 MINUS SIGN alone


class RecoveryOutcome(enum.Enum):
    """What became of one run-together row."""

    RECOVERED = "recovered"  #: exactly one reading fits: its values are taken
    AMBIGUOUS = "ambiguous"  #: several readings fit: the cells stay blank
    UNSOLVED = "unsolved"  #: no reading fits, the text is unusable, or the budget ran out


@attrs.frozen
class Recovery:
    """The result of `recover_rows`.

    ``values`` holds cell pointer -> value for the uniquely recovered rows only.
    ``notes`` holds one note per row of every run-together text (recovered,
    ambiguous with its candidate readings, or unsolved with the reason; its path
    is the row pointer and its raw the whole text), or a single note at the text's
    key when the text cannot be read at all. The note of a row left blank has the
    kind ``"unread"``: its cells are unknown, and the validator reports the row
    once and skips the identities that need it. ``outcomes`` maps every row
    pointer a text covers (for "/appeals", its three rows) to its `RecoveryOutcome`.
    """

    values: dict[str, int] = attrs.field(factory=dict)
    notes: list[Note] = attrs.field(factory=list)
    outcomes: dict[str, RecoveryOutcome] = attrs.field(factory=dict)


# --- reading the run-together text -------------------------------------------------


class _Unreadable(Exception):
    """The text holds something other than digits, signs and separators."""


class _BudgetExceeded(Exception):
    """The search used up its step budget."""


class _Budget:
    """A step counter shared by one search; `spend` raises when it runs out."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.spent = 0

    def spend(self, steps: int = 1) -> None:
        self.spent += steps
        if self.limit is not None and self.spent > self.limit:
            raise _BudgetExceeded


@attrs.frozen
class _Digits:
    """The digits of a run-together text and what the text says about its boundaries.

    ``hints`` are the digit positions preceded by a space or separator (possible
    cuts, nothing more); ``signs`` maps a digit position to the sign printed right
    before it, which is a real boundary: a sign opens a signed cell.
    """

    digits: str
    hints: frozenset[int]
    signs: Mapping[int, str]


def _read_digits(raw: str) -> _Digits:
    text = unicodedata.normalize("NFKC", raw)  # full-width digits, spaces and signs
    digits: list[str] = []
    hints: set[int] = set()
    signs: dict[int, str] = {}
    sign: str | None = None
    gap = False
    for char in text:
        if "0" <= char <= "9":
            if gap and digits:
                hints.add(len(digits))
            if sign is not None:
                signs[len(digits)] = sign
            digits.append(char)
            gap, sign = False, None
        elif sign is not None and not char.isspace():  # "+ 12" is still +12
            msg = f"the sign {sign!r} is not followed by a digit"
            raise _Unreadable(msg)
        elif char.isspace() or char in _SEPARATORS:
            gap = True
        elif char == "+" or char in _MINUS_SIGNS:
            sign = "+" if char == "+" else "-"
        else:
            msg = f"{char!r} is neither a digit nor a separator"
            raise _Unreadable(msg)
    if sign is not None:
        msg = f"the sign {sign!r} is not followed by a digit"
        raise _Unreadable(msg)
    if not digits:
        msg = "there are no digits"
        raise _Unreadable(msg)
    hints.discard(0)
    return _Digits("".join(digits), frozenset(hints), signs)


# --- the split search for one text ------------------------------------------------


@attrs.frozen
class _Unit:
    """A run of cells cut together: a summed row (parts, then their total) or one cell."""

    first: int  # index of its first cell in the pattern
    size: int  # number of cells
    summed: bool  # the last cell is the sum of the others


@attrs.frozen
class _Pattern:
    """The cells one text must fill, in printed order, grouped into units.

    Cells of a summed unit are counts (the form has no signed cell in a summed
    row); ``signed`` marks the cells that may carry a sign (2019 本年增/减).
    """

    units: tuple[_Unit, ...]
    signed: tuple[bool, ...]

    def __attrs_post_init__(self) -> None:
        for unit in self.units:
            if unit.summed and (
                unit.size < 2 or any(self.signed[unit.first : unit.first + unit.size])
            ):
                msg = f"a summed unit needs two or more unsigned cells: {unit}"
                raise ValueError(msg)


class _Cutter:
    """The depth-first search for every reading of one text into one pattern.

    Units are cut left to right. A summed unit is cut from its end: for each place
    its total may start, the total's value is known, and the parts before it must
    add up to exactly that value. Bounds keep this fast even for long digit
    strings: no part has more digits than the total (so the parts cannot cover more
    than ``parts × len(total)`` digits), a string of digits is worth at least the
    sum of its digits, a part never exceeds what is left of the total (so the loop
    over its length stops at the first part too big), and `_bounds` gives the least
    and greatest sums the remaining digits can make, so a branch that cannot hit
    the total exactly ends at once. Cuts that fall on a hint are tried first;
    hints never exclude a reading.
    """

    def __init__(self, pattern: _Pattern, text: _Digits, budget: _Budget) -> None:
        self.pattern, self.budget = pattern, budget
        self.digits, self.hints, self.signs = text.digits, text.hints, text.signs
        length = len(self.digits)
        self.length = length
        self.digit_sums = [0]
        for char in self.digits:
            self.digit_sums.append(self.digit_sums[-1] + int(char))
        # The first sign strictly after each position: no cell runs into it.
        self.next_sign = [length] * (length + 1)
        for pos in range(length - 1, -1, -1):
            later = pos + 1
            self.next_sign[pos] = later if later in self.signs else self.next_sign[later]
        # The fewest digits the units after each one need (one per cell).
        sizes = [unit.size for unit in pattern.units]
        self.needed_after = [sum(sizes[index + 1 :]) for index in range(len(sizes))]
        self.values = [0] * len(pattern.signed)

    def readings(self) -> Iterator[tuple[int, ...]]:
        if self.length >= len(self.pattern.signed):
            yield from self._walk(0, 0)

    def _hinted_first(self, ends: Sequence[int]) -> list[int]:
        return [end for end in ends if end in self.hints] + [e for e in ends if e not in self.hints]

    def _walk(self, index: int, pos: int) -> Iterator[tuple[int, ...]]:
        units = self.pattern.units
        if index == len(units):
            if pos == self.length:
                yield tuple(self.values)
            return
        self.budget.spend()
        unit = units[index]
        last = index == len(units) - 1
        cuts = self._summed if unit.summed else self._single
        for end in cuts(index, pos, last=last):
            yield from self._walk(index + 1, end)

    def _limit(self, unit_index: int, pos: int) -> int:
        """The furthest a unit starting at ``pos`` may end."""
        return min(self.length - self.needed_after[unit_index], self.next_sign[pos])

    def _single(self, index: int, pos: int, *, last: bool) -> Iterator[int]:
        """One cell on its own: any length, no leading zero, a sign only if signed."""
        unit = self.pattern.units[index]
        if pos in self.signs and not self.pattern.signed[unit.first]:
            return
        limit = self._limit(index, pos)
        if last:
            ends: Sequence[int] = [self.length] if limit == self.length else []
        else:
            ends = range(pos + 1, limit + 1)
        if self.digits[pos] == "0":
            ends = [end for end in ends if end == pos + 1]
        sign = -1 if self.signs.get(pos) == "-" else 1
        for end in self._hinted_first(ends):
            self.values[unit.first] = sign * int(self.digits[pos:end])
            yield end

    def _summed(self, index: int, pos: int, *, last: bool) -> Iterator[int]:
        """Parts then their total: choose where the unit ends and where its total starts."""
        unit = self.pattern.units[index]
        if pos in self.signs:
            return
        parts = unit.size - 1
        limit = self._limit(index, pos)
        ends = [self.length] if last else range(pos + unit.size, limit + 1)
        for end in self._hinted_first([end for end in ends if end <= limit]):
            starts = range(end - 1, pos + parts - 1, -1)  # shortest total first
            for start in self._hinted_first(starts):
                if self.digits[start] == "0" and end > start + 1:
                    continue
                total = int(self.digits[start:end])
                if start - pos > parts * len(str(total)):
                    continue  # the parts cannot hold that many digits without exceeding it
                if self.digit_sums[start] - self.digit_sums[pos] > total:
                    continue  # digits are worth at least their sum
                bounds = self._bounds(pos, start, parts, len(str(total)))
                low, high = bounds[parts][pos]
                if not low <= total <= high:
                    continue
                self.values[unit.first + parts] = total
                for _ in self._parts(
                    unit.first, pos, start, count=parts, target=total, bounds=bounds
                ):
                    yield end

    def _bounds(self, pos: int, end: int, count: int, width: int) -> list[list[tuple[int, int]]]:
        """The least and greatest sums of cutting digits[p:end] into c counts of <= width digits.

        ``bounds[c][p]`` for every c <= ``count`` and p in [pos, end]; an impossible
        cut has the empty range (1, 0). Dynamic programming from the right, so the
        search below can drop a branch as soon as what is left cannot reach, or must
        overshoot, the total.
        """
        self.budget.spend()
        empty = (1, 0)
        digits = self.digits
        bounds = [[empty] * (end + 1) for _ in range(count + 1)]
        bounds[0][end] = (0, 0)
        for cells in range(1, count + 1):
            row, previous = bounds[cells], bounds[cells - 1]
            for start in range(end - cells, pos - 1, -1):
                longest = 1 if digits[start] == "0" else min(width, end - start - cells + 1)
                low, high = None, None
                for cut in range(start + 1, start + longest + 1):
                    rest_low, rest_high = previous[cut]
                    if rest_low > rest_high:
                        continue
                    value = int(digits[start:cut])
                    if low is None or value + rest_low < low:
                        low = value + rest_low
                    if high is None or value + rest_high > high:
                        high = value + rest_high
                if low is not None and high is not None:
                    row[start] = (low, high)
        return bounds

    def _parts(
        self,
        cell: int,
        pos: int,
        end: int,
        *,
        count: int,
        target: int,
        bounds: list[list[tuple[int, int]]],
    ) -> Iterator[None]:
        """Cut digits[pos:end] into ``count`` counts that add up to ``target``."""
        self.budget.spend()
        if count == 1:
            if (self.digits[pos] != "0" or end == pos + 1) and int(self.digits[pos:end]) == target:
                self.values[cell] = target
                yield
            return
        width = len(str(target))  # no part can have more digits than what is left
        top = min(end - count + 1, pos + width, pos + 1 if self.digits[pos] == "0" else end)
        cuts = []
        for cut in range(pos + 1, top + 1):
            value = int(self.digits[pos:cut])
            if value > target:
                break
            low, high = bounds[count - 1][cut]
            if low <= target - value <= high:
                cuts.append(cut)
        for cut in self._hinted_first(cuts):
            value = int(self.digits[pos:cut])
            self.values[cell] = value
            yield from self._parts(
                cell + 1, cut, end, count=count - 1, target=target - value, bounds=bounds
            )


def _enumerate(pattern: _Pattern, text: _Digits, budget: _Budget) -> Iterator[tuple[int, ...]]:
    """Every reading of ``text`` into the cells of ``pattern``, each exactly once."""
    return _Cutter(pattern, text, budget).readings()


def splits(
    digits: str, n: int, *, total_last: bool = False, hints: Collection[int] = ()
) -> Iterator[tuple[int, ...]]:
    """Every way to cut a string of digits into ``n`` counts the form allows.

    A count has no leading zero unless it is a lone ``0``. With ``total_last``
    the last count must equal the sum of the others (a row of 三 or a block of 四).
    ``hints`` are cut positions the source suggested (the index of the digit that
    followed a space): cuts there are tried first, so such readings tend to come
    first, but hints never exclude a reading, because real spaces do not reliably
    fall on cell edges.

    Every reading satisfying the rules is yielded exactly once, so joining the
    cells of any valid row and splitting the result always yields that row back;
    whether it is the only reading depends on the digits.

    >>> list(splits("200000121", 7, total_last=True))
    [(20, 0, 0, 0, 0, 1, 21)]
    >>> sorted(splits("1111", 3))
    [(1, 1, 11), (1, 11, 1), (11, 1, 1)]
    """
    if not (digits.isascii() and digits.isdigit()):
        msg = f"digits must be a non-empty string of 0-9, not {digits!r}"
        raise ValueError(msg)
    if n < (2 if total_last else 1):
        msg = f"cannot split into {n} cells" + (" with a total" if total_last else "")
        raise ValueError(msg)
    if total_last:
        units: tuple[_Unit, ...] = (_Unit(0, n, summed=True),)
    else:
        units = tuple(_Unit(index, 1, summed=False) for index in range(n))
    pattern = _Pattern(units=units, signed=(False,) * n)
    text = _Digits(digits, frozenset(h for h in hints if 0 < h < len(digits)), {})
    yield from _enumerate(pattern, text, _Budget(None))


# --- the section, as the search needs it -------------------------------------------


#: A linear identity over cells: the sum of coefficient × value is zero.
_Identity = tuple[tuple[str, int], ...]


@attrs.frozen
class _Section:
    """What the search needs to know about one section of one format.

    Read once from `gkreport._forms.layout`: the rows and groups by pointer, the kind of
    every cell, the rows whose last cell totals the others, and the identities
    that tie the rows of the section together column by column.
    """

    nodes: Mapping[str, tuple[str, ...]]  # row or group pointer -> its row pointers
    rows: Mapping[str, tuple[layout.Leaf, ...]]  # row pointer -> its cells
    summed_rows: frozenset[str]  # rows whose last cell is the sum of the others
    identities: tuple[_Identity, ...]

    @functools.cached_property
    def cells(self) -> Mapping[str, layout.Leaf]:
        return {leaf.pointer: leaf for leaf in (c for row in self.rows.values() for c in row)}


def _pointer(path: Sequence[str]) -> str:
    return "/" + "/".join(path)


def _nodes(node: layout.Row | layout.Group, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The path of ``node`` and of every group and row under it, in printed order."""
    yield path
    if isinstance(node, layout.Group):
        for child in node.children:
            yield from _nodes(child, (*path, child.id))


def _rows_of(fmt: layout.Format, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    node = fmt.node(path)
    if isinstance(node, layout.Row):
        return [path]
    return [(*path[:-1], *row_path) for row_path, _, _ in fmt.rows(node)]


def _column_identities(fmt: layout.Format) -> tuple[_Identity, ...]:
    """F1 and F3 for every column of 三, derived from the structure of the layout.

    The column note (`layout.COLUMN_NOTE`) says the first item plus the second
    equals the third plus the fourth; the third item, 三、本年度办理结果, is a group
    whose last row, （七）总计, carries its value (F1). That row is the sum of every
    other row under the group (F3).
    """
    section = fmt.applications
    items = section.children
    if len(items) != 4:
        msg = f"the column note ties four items; layout {fmt.id} has {len(items)}"
        raise ValueError(msg)
    results = next(item for item in items if isinstance(item, layout.Group))
    root = (section.id,)
    results_path = (*root, results.id)
    total = (*results_path, results.children[-1].id)
    ends = [total if item is results else (*root, item.id) for item in items]
    leaves = [row for row in _rows_of(fmt, results_path) if row != total]
    identities: list[_Identity] = []
    for cell in layout.APPLICANT_COLUMNS:
        column = [_pointer((*row, cell.id)) for row in ends]
        identities.append(((column[0], 1), (column[1], 1), (column[2], -1), (column[3], -1)))
        identities.append(
            ((_pointer((*total, cell.id)), 1), *((_pointer((*r, cell.id)), -1) for r in leaves))
        )
    return tuple(identities)


@functools.cache
def _section(format_id: str, section_id: str) -> _Section:
    try:
        fmt = layout.get_format(format_id)
    except KeyError:
        msg = f"unknown format {format_id!r}; expected one of {sorted(layout.FORMATS)}"
        raise ValueError(msg) from None
    sections = {group.id: group for group in fmt.sections}
    if section_id not in sections:
        msg = f"unknown section {section_id!r}; expected one of {sorted(sections)}"
        raise ValueError(msg)
    group = sections[section_id]
    leaves: dict[tuple[str, ...], list[layout.Leaf]] = {}
    for leaf in fmt.leaves():
        if leaf.path[0] == section_id:
            leaves.setdefault(leaf.path[:-1], []).append(leaf)
    rows = {_pointer(path): tuple(cells) for path, cells in leaves.items()}
    summed_rows = frozenset(
        _pointer(path) for path, row, _ in fmt.rows(group) if row.cells in _SUMMED_COLUMNS
    )
    nodes = {
        _pointer(path): tuple(_pointer(row) for row in _rows_of(fmt, path))
        for path in _nodes(group, (group.id,))
    }
    identities = _column_identities(fmt) if group is fmt.applications else ()
    return _Section(nodes=nodes, rows=rows, summed_rows=summed_rows, identities=identities)


# --- one run-together text ---------------------------------------------------------


@attrs.define
class _Span:
    """One run-together text: the cells it must fill and what is known of its readings."""

    key: str  # the row or group pointer the text was given under
    raw: str
    rows: tuple[str, ...]  # the row pointers it covers, in printed order
    cells: tuple[layout.Leaf, ...]
    row_sizes: tuple[int, ...]  # cells per row, to print a reading row by row
    pattern: _Pattern | None = None
    readings: list[tuple[int, ...]] = attrs.field(factory=list)
    problem: str | None = None  # set when the text has no usable readings
    tied: bool = False  # whether a column identity involves this text

    def rules(self) -> str:
        """The rules the readings were checked against, for the notes."""
        rules = ["no leading zeros"]
        if self.pattern is not None and any(unit.summed for unit in self.pattern.units):
            rules.append("each total equal to the sum of its row")
        if self.tied:
            rules.append("the column identities with the other rows")
        return ", ".join(rules)

    @functools.cached_property
    def pointers(self) -> tuple[str, ...]:
        """The JSON pointers of its cells."""
        return tuple(leaf.pointer for leaf in self.cells)

    def slices(self) -> Iterator[tuple[str, int, int]]:
        """Each row of the span with the index of its first cell and its number of cells."""
        start = 0
        for row, size in zip(self.rows, self.row_sizes, strict=True):
            yield row, start, size
            start += size


def _cuts(reading: tuple[int, ...]) -> tuple[int, ...]:
    """The digit positions where ``reading`` cuts its text (no leading zeros: lengths are exact)."""
    cuts, pos = [], 0
    for value in reading[:-1]:
        pos += len(str(abs(value)))
        cuts.append(pos)
    return tuple(cuts)


def _prepare(span: _Span, section: _Section, budget: int) -> None:
    """Read the text of ``span`` and list its readings under the span's own rules."""
    odd = [leaf for leaf in span.cells if leaf.cell.kind not in _WHOLE_NUMBERS]
    if odd:
        span.problem = f"{odd[0].label} is not a whole number, so the digits cannot be cut"
        return
    try:
        text = _read_digits(span.raw)
    except _Unreadable as error:
        span.problem = f"the text cannot be read as numbers: {error}"
        return
    most = limits.current().max_run_digits
    if len(text.digits) > most:
        span.problem = f"{len(text.digits)} digits, over the limit max_run_digits={most}"
        return
    units = []
    for row, start, size in span.slices():
        if row in section.summed_rows:
            units.append(_Unit(start, size, summed=True))
        else:
            units.extend(_Unit(cell, 1, summed=False) for cell in range(start, start + size))
    signed = tuple(leaf.cell.kind is layout.Kind.SIGNED for leaf in span.cells)
    span.pattern = _Pattern(units=tuple(units), signed=signed)
    found: list[tuple[int, ...]] = []
    try:
        for reading in _enumerate(span.pattern, text, _Budget(budget)):
            found.append(reading)
            if len(found) > _MAX_READINGS:
                span.problem = f"more than {_MAX_READINGS} readings keep {span.rules()}"
                break
    except _BudgetExceeded:
        span.problem = f"the search stopped after {budget} steps"
        if found:
            span.problem += f"; readings found so far: {_listing(found)}"
    # The readings that agree best with the spaces come first: the order of the notes.
    found.sort(
        key=lambda reading: (len(text.hints.symmetric_difference(_cuts(reading))), _cuts(reading))
    )
    span.readings = found
    if not found and span.problem is None:
        span.problem = (
            f"no split of its {len(text.digits)} digits into {len(span.cells)} cells"
            f" keeps {span.rules()}"
        )


# --- the joint search --------------------------------------------------------------


@attrs.frozen
class _Constraint:
    """An identity with the known cells folded into ``constant``.

    ``contributions[j][c]`` is what candidate reading ``c`` of span ``spans[j]``
    adds to the sum; the identity holds when constant + contributions = 0.
    """

    constant: int
    spans: tuple[int, ...]
    contributions: tuple[tuple[int, ...], ...]


_Domains = list[tuple[int, ...]]  # per span, the indices of its readings still possible


def _constraints(
    spans: Sequence[_Span], section: _Section, known: Mapping[str, int | None]
) -> list[_Constraint]:
    """The identities of ``section`` that the readings of ``spans`` can be checked by.

    An identity with a blank or missing cell is left out: a blank may be a zero or
    a value never filled in, so it cannot decide between readings.
    """
    where = {
        pointer: (s, i) for s, span in enumerate(spans) for i, pointer in enumerate(span.pointers)
    }
    result = []
    for identity in section.identities:
        constant, terms = 0, []
        for pointer, coefficient in identity:
            if pointer in where:
                terms.append((*where[pointer], coefficient))
            elif isinstance(value := known.get(pointer), int):
                constant += coefficient * value
            else:
                break  # blank, missing, or not a count
        else:
            involved = sorted({s for s, _, _ in terms})
            if not involved:
                continue
            contributions = []
            for s in involved:
                mine = [(i, coefficient) for t, i, coefficient in terms if t == s]
                contributions.append(
                    tuple(sum(c * reading[i] for i, c in mine) for reading in spans[s].readings)
                )
                spans[s].tied = True
            result.append(_Constraint(constant, tuple(involved), tuple(contributions)))
    return result


def _propagate(
    domains: _Domains, constraints: Sequence[_Constraint], budget: _Budget
) -> _Domains | None:
    """Drop readings that cannot fit some identity whatever the other spans read.

    Bounds consistency: a reading survives when the identity can still be met by
    some value between the smallest and largest contributions of the other spans.
    Repeats until nothing changes; None when some span has nothing left. Each
    reading looked at costs a step of the budget.
    """
    domains = list(domains)
    changed = True
    while changed:
        changed = False
        for constraint in constraints:
            pairs = list(zip(constraint.spans, constraint.contributions, strict=True))
            budget.spend(sum(len(domains[s]) for s, _ in pairs))
            lows = [min(contribution[c] for c in domains[s]) for s, contribution in pairs]
            highs = [max(contribution[c] for c in domains[s]) for s, contribution in pairs]
            low = constraint.constant + sum(lows)
            high = constraint.constant + sum(highs)
            if low > 0 or high < 0:
                return None
            for (s, contribution), span_low, span_high in zip(pairs, lows, highs, strict=True):
                rest_low, rest_high = low - span_low, high - span_high
                keep = tuple(
                    c
                    for c in domains[s]
                    if rest_low + contribution[c] <= 0 <= rest_high + contribution[c]
                )
                if len(keep) < len(domains[s]):
                    if not keep:
                        return None
                    domains[s] = keep
                    changed = True
    return domains


def _solve(
    domains: _Domains, constraints: Sequence[_Constraint], budget: _Budget
) -> tuple[int, ...] | None:
    """One joint reading (an index per span) that meets every identity, or None.

    Propagates, then branches on the span with the fewest readings left.
    """
    narrowed = _propagate(domains, constraints, budget)
    if narrowed is None:
        return None
    open_spans = [s for s, domain in enumerate(narrowed) if len(domain) > 1]
    if not open_spans:
        return tuple(domain[0] for domain in narrowed)
    branch = min(open_spans, key=lambda s: len(narrowed[s]))
    for choice in narrowed[branch]:
        budget.spend()
        trial = list(narrowed)
        trial[branch] = (choice,)
        solution = _solve(trial, constraints, budget)
        if solution is not None:
            return solution
    return None


@attrs.frozen
class _Support:
    """What the joint search found out about each span.

    ``readings[s]`` are the indices of the readings of span ``s`` that belong to
    some joint solution (all of them for a span no identity ties). ``complete``
    is False when the budget ran out before every reading was decided;
    ``infeasible`` is True when the tied spans have no joint solution at all.
    """

    readings: list[set[int]]
    complete: bool
    infeasible: bool


def _support(spans: Sequence[_Span], constraints: Sequence[_Constraint], budget: int) -> _Support:
    """Which readings of each span some joint solution uses.

    Only the spans some identity ties are searched. Each of their readings not yet
    seen in a solution is tried on its own; every solution found marks the readings
    of all the spans it uses, so most tries are skipped.
    """
    supported = [set(range(len(span.readings))) for span in spans]
    tied = sorted({s for constraint in constraints for s in constraint.spans})
    if not tied:
        return _Support(supported, complete=True, infeasible=False)
    position = {s: index for index, s in enumerate(tied)}
    local = [
        attrs.evolve(constraint, spans=tuple(position[s] for s in constraint.spans))
        for constraint in constraints
    ]
    found: list[set[int]] = [set() for _ in tied]
    steps = _Budget(budget)
    try:
        _find_support([tuple(range(len(spans[s].readings))) for s in tied], local, steps, found)
    except _BudgetExceeded:
        complete = False
    else:
        complete = True
    for index, s in enumerate(tied):
        supported[s] = found[index]
    return _Support(supported, complete=complete, infeasible=complete and not any(found))


def _find_support(
    domains: _Domains, constraints: Sequence[_Constraint], budget: _Budget, found: list[set[int]]
) -> None:
    """Add to ``found[s]`` every reading of span ``s`` that some joint solution uses."""
    root = _propagate(domains, constraints, budget)
    if root is None:
        return
    for index, domain in enumerate(root):
        for choice in domain:
            if choice in found[index]:
                continue
            trial = list(root)
            trial[index] = (choice,)
            solution = _solve(trial, constraints, budget)
            if solution is not None:
                for other, reading in enumerate(solution):
                    found[other].add(reading)
        if not found[index]:
            return  # no joint solution at all


# --- the entry point ---------------------------------------------------------------


def recover_rows(
    format_id: str,
    section: str,
    known: Mapping[str, int | None],
    raw: Mapping[str, str],
    *,
    budget: int | None = None,
) -> Recovery:
    """Recover the cells of run-together rows of one section of a report.

    ``section`` is a layout section id ("proactive", "applications", "appeals").
    ``known`` maps the cell pointers the parser separated cleanly to their values
    (None = blank); they take part in the column identities. ``raw`` maps a row
    pointer ("/applications/new") — or a group pointer whose rows are printed as
    one line, such as "/appeals" for the fifteen numbers of 四 — to the text of its
    values with the boundaries lost.

    Returns the values of every row whose reading is unique given all the rules
    and the other rows, and a note on every row: recovered, ambiguous (with the
    candidate readings) or unsolved (with the reason); see `Recovery`. ``budget``
    bounds the search steps for each text and for the joint search (by default
    ``max_search_steps`` of the limits in effect); a text of more than
    ``max_run_digits`` digits is not searched.

    Raises ValueError for an unknown format or section, a pointer outside the
    section, or two texts covering the same cells: those are the caller's bugs.
    """
    steps = limits.current().max_search_steps if budget is None else budget
    table = _section(format_id, section)
    stray = [pointer for pointer in known if pointer not in table.cells]
    if stray:
        msg = f"known cells outside section {section!r} of format {format_id}: {stray}"
        raise ValueError(msg)
    spans = _spans(table, raw, f"section {section!r} of format {format_id}")
    for span in spans:
        _prepare(span, table, steps)
    usable = [span for span in spans if span.problem is None]
    support = _support(usable, _constraints(usable, table, known), steps)
    supported = dict(zip((span.key for span in usable), support.readings, strict=True))
    recovery = Recovery()
    for span in spans:
        if span.problem is not None:
            recovery.notes.append(
                Note(
                    path=span.key,
                    raw=span.raw,
                    message=f"{_LEFT_BLANK}: {span.problem}",
                    kind="unread",
                )
            )
            recovery.outcomes.update(dict.fromkeys(span.rows, RecoveryOutcome.UNSOLVED))
            continue
        for row, start, size in span.slices():
            verdict = _verdict(
                span,
                slice(start, start + size),
                [span.readings[index] for index in sorted(supported[span.key])],
                complete=support.complete or not span.tied,
                infeasible=support.infeasible and span.tied,
            )
            if verdict.values is not None:
                cells = span.cells[start : start + size]
                recovery.values.update(
                    (leaf.pointer, value) for leaf, value in zip(cells, verdict.values, strict=True)
                )
            recovery.outcomes[row] = verdict.outcome
            kind: NoteKind | None = (
                None if verdict.outcome is RecoveryOutcome.RECOVERED else "unread"
            )
            recovery.notes.append(Note(path=row, raw=span.raw, message=verdict.message, kind=kind))
    return recovery


def _spans(table: _Section, raw: Mapping[str, str], where: str) -> list[_Span]:
    """One span per run-together text, in printed order; overlapping texts are refused."""
    order = {pointer: index for index, pointer in enumerate(table.nodes)}
    unknown = [key for key in raw if key not in order]
    if unknown:
        msg = f"not a row or group of {where}: {unknown}"
        raise ValueError(msg)
    claimed: dict[str, str] = {}
    spans = []
    for key in sorted(raw, key=order.__getitem__):
        rows = table.nodes[key]
        cells = tuple(leaf for row in rows for leaf in table.rows[row])
        for leaf in cells:
            if leaf.pointer in claimed:
                msg = f"texts {claimed[leaf.pointer]!r} and {key!r} both cover {leaf.pointer}"
                raise ValueError(msg)
            claimed[leaf.pointer] = key
        sizes = tuple(len(table.rows[row]) for row in rows)
        spans.append(_Span(key=key, raw=raw[key], rows=rows, cells=cells, row_sizes=sizes))
    return spans


_RECOVERED = "recovered from run-together digits"
_LEFT_BLANK = "unsolved run-together digits, cells left blank"


@attrs.frozen
class _Verdict:
    """What becomes of one row of a span: its outcome, its note, the values taken."""

    outcome: RecoveryOutcome
    message: str
    values: tuple[int, ...] | None = None


def _distinct(readings: Sequence[tuple[int, ...]], cells: slice) -> list[tuple[int, ...]]:
    """The different values ``readings`` give the cells of one row, in reading order."""
    return list(dict.fromkeys(reading[cells] for reading in readings))


def _verdict(
    span: _Span,
    cells: slice,
    supported: Sequence[tuple[int, ...]],
    *,
    complete: bool,
    infeasible: bool,
) -> _Verdict:
    """The verdict on one row of a span whose text has readings.

    A row is recovered when every joint solution gives it the same values. A row
    given the same values by every reading of its own text is recovered even when
    the joint search fails or runs out of steps: its digits can mean nothing else,
    so a broken column identity lies elsewhere and the validator reports it.
    """
    own = _distinct(span.readings, cells)
    if len(own) == 1:
        message = f"{_RECOVERED}: {_show(own[0])}"
        if infeasible:
            message += (
                " (the only reading of the row; the column identities of the table fail"
                " whatever the run-together rows read, see the arithmetic findings)"
            )
        return _Verdict(RecoveryOutcome.RECOVERED, message, own[0])
    if infeasible:
        return _Verdict(
            RecoveryOutcome.UNSOLVED,
            f"{_LEFT_BLANK}: {len(own)} readings keep the rules of the row"
            f" ({_listing(own)}), but the column identities of the table fail"
            " whatever the run-together rows read",
        )
    joint = _distinct(supported, cells)
    if len(joint) == 1 and complete:
        return _Verdict(RecoveryOutcome.RECOVERED, f"{_RECOVERED}: {_show(joint[0])}", joint[0])
    if len(joint) >= 2:
        count = f"{len(joint)}" if complete else f"at least {len(joint)}"
        return _Verdict(
            RecoveryOutcome.AMBIGUOUS,
            f"ambiguous run-together digits, cells left blank: {count} readings keep"
            f" {span.rules()}: {_listing(joint)}",
        )
    return _Verdict(
        RecoveryOutcome.UNSOLVED,
        f"{_LEFT_BLANK}: the joint search of the table stopped at its step budget;"
        f" readings that keep the rules of the row: {_listing(own)}",
    )


def _show(values: Sequence[int]) -> str:
    """The values of a row as printed in a note: separated by spaces."""
    return " ".join(str(value) for value in values)


def _listing(readings: Sequence[Sequence[int]]) -> str:
    """Up to `_SHOWN` readings for a note, then how many more there are."""
    shown = "; ".join(_show(reading) for reading in readings[:_SHOWN])
    more = len(readings) - _SHOWN
    return shown + (f"; and {more} more" if more > 0 else "")
