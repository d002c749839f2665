"""The rule catalog: every check gkreport makes, as data.

Each `Rule` has a stable code (FORMAT.md's ids: F1…F6b, X1…X7, D1…D7; T1…T12 for
the text ↔ table checks of §6.3; plus ``schema``, ``blank``, ``mark``,
``other-group-only`` and ``diagnosis``), a severity (FORMAT.md §9.3), the formula,
Chinese and English message templates with ``{named}`` parameters, its basis and
the function that applies it. The engine (`gkreport.validate`) only runs the
catalog and renders what the checks return; ``docs/rules.md`` is written from it
by `rules_markdown`.

The arithmetic identities are XBRL-style summations generated from the layout:
one `Equation` per column of F1 and F3, per row of F2, per block of F4, expanded
once per format and cached. Checks read `Facts`, a flat ``{pointer: value}`` view
of one report, so nothing walks the layout while validating.

Conventions every check follows:

* a blank cell counts as 0 in the arithmetic and is reported on its own
  (``blank``); a cell that held a mark ("-", "/", "无") is an info finding
  (``mark``); a value of the wrong type is reported (F5/F6/F6b) and every
  identity that uses it is skipped rather than guessed;
* a total is never recomputed into the data: a failing identity reports the
  printed value, the value the other cells imply and the full equation;
* a 2021 report whose （六）其他处理 came only as a group row (the parsers keep
  its numbers in a note on ``/applications/results/other``) is reported
  (``other-group-only``); when that note holds the seven numbers of the row,
  F3 uses them as the sum of the three sub-rows, otherwise F3 is skipped for it.
"""

from __future__ import annotations

import datetime
import enum
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

import attrs

from gkreport import _narrative, layout
from gkreport._narrative import Statement
from gkreport._pointer import cells
from gkreport.layout import Kind

__all__ = [
    "CATALOG",
    "Basis",
    "Equation",
    "Facts",
    "Hit",
    "Rule",
    "Scope",
    "Severity",
    "equations",
    "rule",
    "rules_markdown",
]


class Severity(str, enum.Enum):
    """How bad a finding is: an error breaks a rule of the form, a warning needs a look."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Basis(str, enum.Enum):
    """Where a rule comes from (FORMAT.md §0)."""

    OFFICIAL = "official"  #: printed in the official form or notice
    LAW = "law"  #: 《政府信息公开条例》
    INFERENCE = "inference"  #: follows from the structure of the form; stated nowhere


class Scope(str, enum.Enum):
    """What a rule looks at: one report, consecutive years of one agency, or a roll-up."""

    REPORT = "report"
    SERIES = "series"
    ROLLUP = "rollup"


@attrs.frozen
class Hit:
    """What a check found, before the engine renders it into a `Finding`.

    ``params`` fill the rule's message templates; ``cells`` are every JSON
    pointer the finding ties together; ``severity`` overrides the rule's when the
    evidence is weaker (a loosely worded sentence).
    """

    code: str
    path: str
    params: Mapping[str, Any] = attrs.field(factory=dict)
    cells: tuple[str, ...] = ()
    expected: Any = None
    actual: Any = None
    equation: str | None = None
    severity: Severity | None = None


@attrs.frozen
class Rule:
    """One check of the catalog."""

    code: str
    severity: Severity
    title_zh: str
    title_en: str
    formula: str
    message_zh: str
    message_en: str
    basis: Basis
    source: str  #: the evidence for the basis, in a few words
    check: Callable[..., Iterable[Hit]]
    tags: tuple[str, ...] = ()
    formats: tuple[str, ...] = ("2021", "2019")
    scope: Scope = Scope.REPORT
    loose_severity: Severity | None = None  #: severity when the evidence is loose


# --- the flat view of one report ----------------------------------------------------------

_C6 = tuple(cell.id for cell in layout.APPLICANT_COLUMNS[:-1])
_C7 = tuple(cell.id for cell in layout.APPLICANT_COLUMNS)
_OTHER_GROUP = "/applications/results/other"
_MARKS = frozenset({"-", "/", "无", "—", "——", "－", "／", "–", "不适用", "N/A", "n/a"})


@functools.cache
def _kinds(format_id: str) -> dict[Kind, tuple[str, ...]]:
    """The pointers of each kind of cell, in printed order."""
    by_kind: dict[Kind, list[str]] = {kind: [] for kind in Kind}
    for pointer, info in cells(format_id).by_pointer.items():
        by_kind[info.kind].append(pointer)
    return {kind: tuple(pointers) for kind, pointers in by_kind.items()}


class Facts:
    """One report as the checks see it: flat cells, notes, text and metadata.

    Built by the engine from a report object or from a raw payload. Derived views
    (the failing equations, the narrative's statements) are computed on first use
    and kept, so several rules can share them.
    """

    def __init__(
        self,
        format_id: str,
        values: dict[str, Any],
        *,
        unreadable: Iterable[str] = (),
        notes: Sequence[tuple[str, str]] = (),
        text: Mapping[str, str | None] | None = None,
        agency: str | None = None,
        year: int | None = None,
        kind: str | None = None,
        title: str | None = None,
        published_on: datetime.date | None = None,
        schema_problems: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.format_id = format_id
        self.cells = cells(format_id)
        self.values = values
        self.notes = tuple(notes)
        self.text: Mapping[str, str | None] = text or {}
        self.agency = agency
        self.year = year
        self.kind = kind
        self.title = title
        self.published_on = published_on
        self.schema_problems = tuple(schema_problems)
        self.bad = self._bad_cells()
        self.unreadable = frozenset(unreadable) | self.bad
        self.other_group = self._other_group()
        self._memo: dict[str, Any] = {}

    def _bad_cells(self) -> frozenset[str]:
        """Cells whose value has the wrong type for their kind (F5, F6, F6b)."""
        values, kinds = self.values, _kinds(self.format_id)
        bad = [
            p
            for p in kinds[Kind.COUNT]
            if (v := values[p]) is not None and (type(v) is not int or v < 0)
        ]
        bad += [
            p for p in kinds[Kind.SIGNED] if (v := values[p]) is not None and type(v) is not int
        ]
        bad += [p for p in kinds[Kind.MONEY] if (v := values[p]) is not None and not _is_amount(v)]
        bad += [p for p in kinds[Kind.TEXT] if (v := values[p]) is not None and type(v) is not str]
        return frozenset(bad)

    def _other_group(self) -> tuple[str, tuple[int, ...] | None] | None:
        """A 2021 （六）其他处理 given on its group row only: the note's raw text and numbers."""
        if self.format_id != "2021":
            return None
        raw = next((raw for path, raw in self.notes if path == _OTHER_GROUP), None)
        if raw is None:
            return None
        subrows = [p for p in self.cells.order if p.startswith(_OTHER_GROUP + "/")]
        if any(self.values.get(p) is not None for p in subrows):
            return None
        numbers = tuple(int(n) for n in re.findall(r"\d+", raw))
        parsed = numbers if len(numbers) == len(_C7) else None
        for column, number in zip(_C7, parsed or (None,) * len(_C7), strict=True):
            self.values[f"{_OTHER_GROUP}/{column}"] = number
        return raw, parsed

    def value(self, pointer: str) -> Any:
        """The value at ``pointer`` (None when blank or unreadable)."""
        return None if pointer in self.unreadable else self.values.get(pointer)

    def row_total(self, row: str) -> int | None:
        """A row's 总计, or the sum of its columns when 总计 is blank; None if all are blank."""
        total = self.value(f"{row}/total")
        if total is not None:
            return total
        parts = [self.value(f"{row}/{c}") for c in _C6]
        return sum(p for p in parts if p is not None) if any(p is not None for p in parts) else None

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """A derived view computed once per report."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def paragraphs(self, part: str) -> list[str]:
        """The normalised paragraphs of one text part ([] when it is blank or missing).

        Each part is normalised once, and only when a check reads it: a report's
        ``problems`` part, say, is never normalised unless it names a reporting period.
        """
        return self.memo(f"paragraphs/{part}", lambda: _narrative.paragraphs(self.text.get(part) or ""))

    def part_sentences(self, part: str) -> list[str]:
        """The normalised sentences of one text part."""
        return self.memo(
            f"sentences/{part}",
            lambda: [s for p in self.paragraphs(part) for s in _narrative.split_paragraph(p)],
        )

    @property
    def sentences(self) -> dict[str, list[str]]:
        """The normalised sentences of each text part that has any text."""
        return {part: self.part_sentences(part) for part, body in self.text.items() if body}

    @property
    def statements(self) -> list[Statement]:
        """The numbers and claims of the narrative (``problems`` talks of plans: skipped)."""
        return self.memo(
            "statements",
            lambda: _narrative.extract(
                {
                    part: self.part_sentences(part)
                    for part, body in self.text.items()
                    if body and part != "problems"
                },
                self.year,
            ),
        )

    @property
    def failures(self) -> list[tuple[Equation, int, int]]:
        """Every identity that does not hold, with its two sides."""
        return self.memo("failures", lambda: list(_failing(self)))


def _is_amount(value: object) -> bool:
    if type(value) is int:
        return value >= 0
    if isinstance(value, Decimal):
        return value.is_finite() and value >= 0
    if type(value) is float:
        return math.isfinite(value) and value >= 0
    return False


# --- arithmetic: the identities as data ------------------------------------------------------


@attrs.frozen
class Equation:
    """``Σ left = Σ right`` over cells; ``anchor`` is the cell a finding points at."""

    code: str
    anchor: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    about: str  # the column, row or block it checks, for messages

    @property
    def cells(self) -> tuple[str, ...]:
        """Every cell the identity ties, left side first."""
        return self.left + self.right


@functools.cache
def equations(format_id: str) -> tuple[Equation, ...]:
    """F1–F4 of one format, one equation per column, row or block, built once."""
    fmt = layout.get_format(format_id)
    info = cells(format_id)
    rows = [("/" + "/".join(path), row) for path, row, _ in fmt.rows(fmt.applications)]
    leaves = [
        p for p, _ in rows if p.startswith("/applications/results/") and not p.endswith("/total")
    ]
    if format_id == "2021":
        leaves.append(_OTHER_GROUP)  # a group-only （六）: see Facts._other_group
    found: list[Equation] = []
    for column in _C7:
        label = info.by_pointer[f"/applications/new/{column}"].column
        found.append(
            Equation(
                "F1",
                f"/applications/results/total/{column}",
                (f"/applications/new/{column}", f"/applications/carried_over/{column}"),
                (
                    f"/applications/results/total/{column}",
                    f"/applications/carried_forward/{column}",
                ),
                label,
            )
        )
    for pointer, _ in rows:
        found.append(
            Equation(
                "F2",
                f"{pointer}/total",
                (f"{pointer}/total",),
                tuple(f"{pointer}/{c}" for c in _C6),
                info.by_pointer[f"{pointer}/total"].row,
            )
        )
    for column in _C7:
        found.append(
            Equation(
                "F3",
                f"/applications/results/total/{column}",
                (f"/applications/results/total/{column}",),
                tuple(f"{leaf}/{column}" for leaf in leaves),
                info.by_pointer[f"/applications/new/{column}"].column,
            )
        )
    for path, row, _ in fmt.rows(fmt.appeals):
        pointer = "/" + "/".join(path)
        items = tuple(f"{pointer}/{c.id}" for c in row.cells if c.id != "total")
        found.append(Equation("F4", f"{pointer}/total", (f"{pointer}/total",), items, row.label))
    return tuple(found)


def _failing(facts: Facts) -> Iterator[tuple[Equation, int, int]]:
    unreadable = facts.unreadable
    numbers = {p: v or 0 for p, v in facts.values.items()}  # blank counts as 0
    get = numbers.get
    for equation in equations(facts.format_id):
        if unreadable and not unreadable.isdisjoint(equation.cells):
            continue
        left = sum(map(get, equation.left, _ZEROS))
        right = sum(map(get, equation.right, _ZEROS))
        if left != right:
            yield equation, left, right


_ZEROS = (0,) * 64  # the default of every lookup: a virtual cell that is absent is 0


_REMARK = re.compile(r"(?<=.)（[^）]*）$")


def _term(facts: Facts, pointer: str, by: str) -> str:
    """One term of an equation: the row (or column) label and the value, 空 for blank."""
    info = facts.cells.by_pointer.get(pointer)
    if info is None:  # the group row of a group-only （六）
        label = layout.OTHER_PROCESSING_LABEL
    else:
        label = _REMARK.sub("", info.row) if by == "row" else info.column
    value = facts.values.get(pointer)
    return f"{label} {'空' if value is None else value}"


def _side(facts: Facts, pointers: tuple[str, ...], by: str) -> str:
    present = [
        p for p in pointers if p in facts.cells.by_pointer or facts.values.get(p) is not None
    ]
    if len(present) <= 7:
        return " + ".join(_term(facts, p, by) for p in present)
    shown = [p for p in present if facts.values.get(p) != 0]
    zeros = len(present) - len(shown)
    text = " + ".join(_term(facts, p, by) for p in shown) or "0"
    return f"{text}（其余{zeros}项为0）" if zeros else text


def equation_text(facts: Facts, equation: Equation, left: int, right: int) -> str:
    """``总计 12 ≠ 11 = 自然人 5 + …``: the full identity with the printed numbers."""
    by = "column" if equation.code in ("F2", "F4") else "row"
    left_text = _side(facts, equation.left, by)
    if len(equation.left) > 1:
        left_text += f" = {left}"
    return f"{left_text} ≠ {right} = {_side(facts, equation.right, by)}"


def _check_identity(code: str) -> Callable[[Facts], Iterator[Hit]]:
    def check(facts: Facts) -> Iterator[Hit]:
        for equation, left, right in facts.failures:
            if equation.code != code:
                continue
            yield Hit(
                code,
                equation.anchor,
                {"about": equation.about, "delta": left - right},
                equation.cells,
                expected=right if len(equation.left) == 1 else left,
                actual=left if len(equation.left) == 1 else right,
                equation=equation_text(facts, equation, left, right),
            )

    check.__doc__ = f"The {code} identities that do not hold."
    return check


def _check_diagnosis(facts: Facts) -> Iterator[Hit]:
    """One cell whose change would satisfy every failing identity it is part of.

    A cell qualifies when it sits in at least two failing identities, in no
    identity that holds (changing it would break that one), and every failing
    identity it sits in asks for the same change. Two qualifying cells that
    explain a same identity make the diagnosis ambiguous; then nothing is said.
    """
    failures = facts.failures
    if len(failures) < 2:
        return
    failing = {id(eq): (eq, left - right) for eq, left, right in failures}
    candidates: dict[str, list[tuple[Equation, int]]] = {}
    for equation in equations(facts.format_id):
        for pointer in equation.cells:
            candidates.setdefault(pointer, []).append(
                (equation, 1 if pointer in equation.left else -1)
            )
    found: list[tuple[str, int, tuple[Equation, ...]]] = []
    for pointer, memberships in candidates.items():
        if pointer in facts.unreadable or pointer not in facts.cells.by_pointer:
            continue
        if len(memberships) < 2 or any(id(eq) not in failing for eq, _ in memberships):
            continue
        changes = {-failing[id(eq)][1] * weight for eq, weight in memberships}
        if len(changes) != 1:
            continue
        implied = (facts.values.get(pointer) or 0) + changes.pop()
        if implied >= 0:
            found.append((pointer, implied, tuple(eq for eq, _ in memberships)))
    for pointer, implied, explained in found:
        others = [other for other in found if other[0] != pointer]
        if any(set(map(id, explained)) & set(map(id, other[2])) for other in others):
            continue
        printed = facts.values.get(pointer)
        codes = "、".join(sorted({eq.code for eq in explained}))
        yield Hit(
            "diagnosis",
            pointer,
            {
                "cell": facts.cells.short(pointer),
                "printed": "空" if printed is None else printed,
                "printed_en": "blank" if printed is None else printed,
                "implied": implied,
                "count": len(explained),
                "codes": codes,
            },
            (pointer, *sorted({p for eq in explained for p in eq.cells} - {pointer})),
            expected=implied,
            actual=printed,
            equation="; ".join(
                equation_text(facts, eq, left, right)
                for eq, left, right in failures
                if id(eq) in set(map(id, explained))
            ),
        )


# --- cells: types, blanks, marks ------------------------------------------------------------


def _check_types(kinds: tuple[Kind, ...], code: str) -> Callable[[Facts], Iterator[Hit]]:
    def check(facts: Facts) -> Iterator[Hit]:
        for pointer in facts.cells.order:
            if pointer in facts.bad and facts.cells.by_pointer[pointer].kind in kinds:
                value = facts.values[pointer]
                yield Hit(
                    code,
                    pointer,
                    {"actual": repr(value)},
                    (pointer,),
                    actual=value if isinstance(value, (int, str)) else repr(value),
                )

    check.__doc__ = f"{code}: cells of kind {', '.join(k.value for k in kinds)} of the wrong type."
    return check


def _blank_cells(facts: Facts) -> list[str]:
    def compute() -> list[str]:
        values, skip = facts.values, facts.unreadable
        blank = [p for p in facts.cells.order if values[p] is None]
        return [p for p in blank if p not in skip] if skip else blank

    return facts.memo("blank", compute)


def _empty_sections(facts: Facts) -> set[str]:
    """The tables (二, 三, 四) whose every cell is blank."""

    def compute() -> set[str]:
        values = facts.values
        return {
            section
            for section, pointers in _sections(facts.format_id).items()
            if all(values[p] is None for p in pointers)
        }

    return facts.memo("empty_sections", compute)


@functools.cache
def _sections(format_id: str) -> dict[str, tuple[str, ...]]:
    by_section: dict[str, list[str]] = {}
    for pointer, info in cells(format_id).by_pointer.items():
        by_section.setdefault(info.section, []).append(pointer)
    return {section: tuple(pointers) for section, pointers in by_section.items()}


def _marks(facts: Facts) -> dict[str, str]:
    return facts.memo(
        "marks",
        lambda: {path: raw.strip() for path, raw in facts.notes if raw.strip() in _MARKS},
    )


def _check_blank(facts: Facts) -> Iterator[Hit]:
    """A blank cell where the form expects a number (a whole empty table is D7 instead)."""
    empty, marks = _empty_sections(facts), _marks(facts)
    group_only = facts.other_group is not None
    for pointer in _blank_cells(facts):
        info = facts.cells.by_pointer[pointer]
        if info.section in empty or pointer in marks:
            continue
        if group_only and pointer.startswith(_OTHER_GROUP + "/"):
            continue
        yield Hit("blank", pointer, {}, (pointer,))


def _check_mark(facts: Facts) -> Iterator[Hit]:
    """A cell that held "-", "/", "无" … instead of a number."""
    marks = _marks(facts)
    for pointer in _blank_cells(facts):
        if pointer in marks:
            yield Hit("mark", pointer, {"mark": marks[pointer]}, (pointer,), actual=marks[pointer])


def _check_empty_table(facts: Facts) -> Iterator[Hit]:
    """A whole table (二, 三 or 四) left blank."""
    fmt = layout.get_format(facts.format_id)
    for section in fmt.sections:
        if section.id in _empty_sections(facts):
            yield Hit("D7", f"/{section.id}", {"section": section.label})


def _check_other_group(facts: Facts) -> Iterator[Hit]:
    """（六）其他处理 on its group row only, in a 2021 report (FORMAT.md §9.5)."""
    if facts.other_group is None:
        return
    raw, parsed = facts.other_group
    subrows = tuple(p for p in facts.cells.order if p.startswith(_OTHER_GROUP + "/"))
    yield Hit(
        "other-group-only",
        _OTHER_GROUP,
        {
            "group": layout.OTHER_PROCESSING_LABEL,
            "raw": raw,
            "use_zh": "计算时以该行数字作为三个子项之和"
            if parsed
            else "该行数字无法读取，相关的（七）总计勾稽未检查",
            "use_en": "the arithmetic takes its numbers as the sum of the three sub-rows"
            if parsed
            else "its numbers cannot be read, so the results-total identity is not checked",
        },
        subrows,
        actual=raw,
    )


# --- document checks --------------------------------------------------------------------------

_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_PERIOD = re.compile(r"((?:19|20)\d\d)年1月1日(?:起)?至(?:((?:19|20)\d\d)年)?12月31日")


def _check_years(facts: Facts) -> Iterator[Hit]:
    """D1: the title and the 统计期限 name the report's year."""
    if facts.year is None:
        return
    if facts.title:
        match = _TITLE_YEAR.search(facts.title)
        if match and int(match.group(1)) != facts.year:
            yield Hit(
                "D1",
                "/title",
                {
                    "what_zh": "标题",
                    "what_en": "the title",
                    "said": match.group(1),
                    "year": facts.year,
                },
                actual=int(match.group(1)),
                expected=facts.year,
            )
    for part, body in facts.text.items():
        if not body or ("31" not in body and "３１" not in body):
            continue  # no reporting period here: spare the normalisation
        for paragraph in facts.paragraphs(part):
            if "12月31日" not in paragraph:
                continue
            for match in _PERIOD.finditer(paragraph):  # no match spans two sentences
                said = {int(y) for y in match.groups() if y}
                if said != {facts.year}:
                    yield Hit(
                        "D1",
                        f"/text/{part}",
                        {
                            "what_zh": f"统计期限“{match.group(0)}”",
                            "what_en": f"the reporting period “{match.group(0)}”",
                            "said": match.group(1),
                            "year": facts.year,
                        },
                        actual=int(match.group(1)),
                        expected=facts.year,
                    )


def _check_deadline(facts: Facts) -> Iterator[Hit]:
    """D2: published by 1月31日 (departments) or 3月31日 (governments) of the next year."""
    if facts.published_on is None or facts.year is None:
        return
    kind = facts.kind if facts.kind in layout.KINDS else "government"
    who, (month, day) = layout.KINDS[kind]
    deadline = datetime.date(facts.year + 1, month, day)
    if facts.published_on > deadline:
        yield Hit(
            "D2",
            "/published_on",
            {
                "published_on": facts.published_on.isoformat(),
                "deadline": deadline.isoformat(),
                "who": who if facts.kind else f"机关类别未填，按{who}",
                "who_en": kind if facts.kind else f"kind not given, taken as {kind}",
            },
            expected=deadline.isoformat(),
            actual=facts.published_on.isoformat(),
        )


def _check_parts(facts: Facts) -> Iterator[Hit]:
    """D3: every one of the six parts is present (skipped when the report carries no text)."""
    if not any(facts.text.get(part.id) is not None for part in layout.PARTS):
        return
    for part in layout.PARTS:
        if facts.text.get(part.id) is None:
            yield Hit("D3", f"/text/{part.id}", {"part": part.label})


def _expected_format(year: int) -> str | None:
    if year >= 2021:
        return "2021"
    if year >= 2019:
        return "2019"
    return None


def _check_format_year(facts: Facts) -> Iterator[Hit]:
    """D4: the 2021 format from 2021 on, the 2019 trial format for 2019 and 2020."""
    if facts.year is None:
        return
    expected = _expected_format(facts.year)
    if expected != facts.format_id:
        yield Hit(
            "D4",
            "/format",
            {
                "year": facts.year,
                "expected": expected or "—",
                "expected_notice": layout.FORMATS[expected].notice if expected else "—",
                "actual": facts.format_id,
            },
            expected=expected,
            actual=facts.format_id,
        )


def _check_fee_statement(facts: Facts) -> Iterator[Hit]:
    """D5: part 六 of a 2021-format report says whether 信息处理费 was charged."""
    if facts.text.get("other_matters") is None:
        return  # a missing part is D3's finding
    if not any("处理费" in p for p in facts.paragraphs("other_matters")):
        part = layout.PARTS[-1].label
        yield Hit("D5", "/text/other_matters", {"part": part}, actual=facts.text["other_matters"])


_OVERVIEW_TOPICS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("主动公开",), "主动公开", "proactive disclosure"),
    (("依申请", "申请公开"), "依申请公开", "disclosure on request"),
    (("信息管理", "规范管理"), "政府信息管理", "information management"),
    (("平台",), "政府信息公开平台建设", "disclosure platforms"),
    (("监督", "保障", "考核"), "监督保障", "supervision"),
)


def _check_overview(facts: Facts) -> Iterator[Hit]:
    """D6: part 一 covers the five sub-topics of the 30号 guidance."""
    # The topics hold no sentence marks: searching the paragraphs is searching the sentences.
    text = "".join(facts.paragraphs("overview"))
    if not text.strip(_narrative.SENTENCE_MARKS):
        return  # no sentence at all
    missing = [(zh, en) for words, zh, en in _OVERVIEW_TOPICS if not any(w in text for w in words)]
    if missing:
        yield Hit(
            "D6",
            "/text/overview",
            {
                "missing": "、".join(zh for zh, _ in missing),
                "missing_en": ", ".join(en for _, en in missing),
            },
        )


# --- proactive disclosure plausibility ------------------------------------------------------


def _document_rows(facts: Facts) -> Iterator[tuple[str, str]]:
    fmt = layout.get_format(facts.format_id)
    for block in fmt.blocks[:1]:  # 第二十条第（一）项: 规章 and (行政)规范性文件
        for row_id in block.rows:
            yield f"/proactive/{row_id}", fmt.node(("proactive", row_id)).label


def _check_made_vs_in_force(facts: Facts) -> Iterator[Hit]:
    """X3 (2021): documents made this year cannot exceed those in force plus those repealed."""
    for row, label in _document_rows(facts):
        made, repealed, in_force = (
            facts.value(f"{row}/{c}") for c in ("made", "repealed", "in_force")
        )
        if None in (made, repealed, in_force) or made <= in_force + repealed:
            continue
        cols = facts.cells.by_pointer
        yield Hit(
            "X3",
            f"{row}/made",
            {"row": label},
            (f"{row}/made", f"{row}/in_force", f"{row}/repealed"),
            expected=f"≤ {in_force + repealed}",
            actual=made,
            equation=(
                f"{cols[f'{row}/made'].column} {made} > {cols[f'{row}/in_force'].column} {in_force}"
                f" + {cols[f'{row}/repealed'].column} {repealed} = {in_force + repealed}"
            ),
        )


def _check_published_vs_made(facts: Facts) -> Iterator[Hit]:
    """X6 (2019): documents newly published should not outnumber those newly made."""
    for row, label in _document_rows(facts):
        made, published = facts.value(f"{row}/new_made"), facts.value(f"{row}/new_published")
        if made is None or published is None or published <= made:
            continue
        cols = facts.cells.by_pointer
        yield Hit(
            "X6",
            f"{row}/new_published",
            {"row": label},
            (f"{row}/new_published", f"{row}/new_made"),
            expected=f"≤ {made}",
            actual=published,
            equation=(
                f"{cols[f'{row}/new_published'].column} {published} > "
                f"{cols[f'{row}/new_made'].column} {made}"
            ),
        )


# --- text ↔ table (FORMAT.md §6.3) ----------------------------------------------------------

_RESULTS = "/applications/results"
_APPEAL_BLOCKS = {
    "review": ("/appeals/review",),
    "litigation": ("/appeals/litigation_direct", "/appeals/litigation_after_review"),
}


def _group_rows(facts: Facts, group: str) -> list[str]:
    """The leaf rows of a result group (（一）…（六）), as row pointers."""
    prefix = f"{_RESULTS}/{group}"
    rows = sorted(
        {
            p.rsplit("/", 1)[0]
            for p in facts.cells.order
            if p == prefix or p.startswith(prefix + "/")
        }
    )
    if group == "other" and facts.other_group is not None:
        rows.append(_OTHER_GROUP)
    return rows


def _sum(facts: Facts, pointers: Iterable[str]) -> int | None:
    values = [facts.value(p) for p in pointers]
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _text_hit(
    code: str,
    statement: Statement,
    cells_: tuple[str, ...],
    table: object,
    facts: Facts,
    **params: Any,
) -> Hit:
    return Hit(
        code,
        f"/text/{statement.part}",
        {
            "quote": statement.sentence,
            "stated": statement.number,
            "table": table,
            "cells": " + ".join(facts.cells.short(p) for p in cells_),
            **params,
        },
        cells_,
        expected=table,
        actual=statement.number,
        severity=Severity.WARNING if statement.loose or statement.subset else None,
    )


def _compare(
    code: str,
    topic: str,
    readings: Callable[[Facts, Statement], list[tuple[int | None, tuple[str, ...]]]],
) -> Callable[[Facts], Iterator[Hit]]:
    """A check that a stated count equals one of the table's readings of it.

    ``readings`` lists what the table says the number could be (the first is the
    main reading, shown in the message); a subset statement need only not exceed
    the largest reading.
    """

    def check(facts: Facts) -> Iterator[Hit]:
        for statement in facts.statements:
            if statement.topic != topic:
                continue
            options = [
                (value, ptrs) for value, ptrs in readings(facts, statement) if value is not None
            ]
            if not options:
                continue
            stated = statement.number
            if statement.subset:
                if stated <= max(value for value, _ in options):
                    continue
            elif any(stated == value for value, _ in options):
                continue
            value, pointers = options[0]
            yield _text_hit(code, statement, pointers, value, facts)

    check.__doc__ = f"{code}: the narrative's {topic} count against the table."
    return check


def _received(facts: Facts, statement: Statement) -> list[tuple[int | None, tuple[str, ...]]]:
    new, over = facts.row_total("/applications/new"), facts.row_total("/applications/carried_over")
    both = new + over if new is not None and over is not None else None
    cells_new = ("/applications/new/total",)
    cells_both = (*cells_new, "/applications/carried_over/total")
    if statement.includes_carried_over:
        return [(both, cells_both)]
    return [(new, cells_new), (both, cells_both)]


def _single(row: str) -> Callable[[Facts, Statement], list[tuple[int | None, tuple[str, ...]]]]:
    def readings(facts: Facts, _: Statement) -> list[tuple[int | None, tuple[str, ...]]]:
        return [(facts.row_total(row), (f"{row}/total",))]

    return readings


def _concluded(facts: Facts, statement: Statement) -> list[tuple[int | None, tuple[str, ...]]]:
    found = [(facts.row_total(f"{_RESULTS}/total"), (f"{_RESULTS}/total/total",))]
    if statement.loose:  # "办理N件" may mean received or handled
        found += _received(facts, statement)
    return found


def _group(facts: Facts, statement: Statement) -> list[tuple[int | None, tuple[str, ...]]]:
    rows = [row for group in statement.subject for row in _group_rows(facts, group)]
    by_columns = _sum(facts, (f"{row}/{c}" for row in rows for c in _C6))
    by_total = _sum(facts, (f"{row}/total" for row in rows))
    return [(by_columns, tuple(f"{row}/total" for row in rows)), (by_total, ())]


def _appeal_count(facts: Facts, statement: Statement) -> list[tuple[int | None, tuple[str, ...]]]:
    blocks = _APPEAL_BLOCKS[statement.subject[0]]
    totals = [_block_total(facts, block) for block in blocks]
    found = []
    if all(t is not None for t in totals):
        found.append((sum(totals), tuple(f"{b}/total" for b in blocks)))
    if len(blocks) > 1:  # "行政诉讼N件" sometimes counts only one kind of suit
        found += [(t, (f"{b}/total",)) for t, b in zip(totals, blocks, strict=True)]
    return found


def _block_total(facts: Facts, block: str) -> int | None:
    total = facts.value(f"{block}/total")
    if total is not None:
        return total
    return _sum(facts, (f"{block}/{o}" for o in ("upheld", "corrected", "other", "pending")))


def _outcome(facts: Facts, statement: Statement) -> list[tuple[int | None, tuple[str, ...]]]:
    kind, outcome = statement.subject
    pointers = tuple(f"{b}/{outcome}" for b in _APPEAL_BLOCKS[kind])
    value = _sum(facts, pointers)
    if statement.loose and value is not None and statement.number <= value:
        return [(statement.number, pointers)]  # 撤诉 is one of several 其他结果
    return [(value, pointers)]


def _documents(facts: Facts, statement: Statement) -> list[tuple[int | None, tuple[str, ...]]]:
    row, what = statement.subject
    column = what if facts.format_id == "2021" else {"made": "new_made"}.get(what)
    if column is None:
        return []
    pointer = f"/proactive/{row}/{column}"
    return [(facts.value(pointer), (pointer,))]


def _check_all_concluded(facts: Facts) -> Iterator[Hit]:
    """T5: "均已答复", "办结率100%" while the table carries applications forward."""
    concluded = facts.row_total(f"{_RESULTS}/total")
    forward = facts.row_total("/applications/carried_forward")
    for statement in facts.statements:
        if statement.topic != _narrative.ALL_CONCLUDED:
            continue
        short = (
            statement.number is not None and concluded is not None and concluded < statement.number
        )
        if short or (forward or 0) > 0:
            yield Hit(
                "T5",
                f"/text/{statement.part}",
                {"quote": statement.sentence, "concluded": concluded, "forward": forward},
                (f"{_RESULTS}/total/total", "/applications/carried_forward/total"),
                expected=statement.number,
                actual=concluded,
            )


def _check_percent(facts: Facts) -> Iterator[Hit]:
    """T7: a result group's percentage against the table's count over the results total."""
    base = facts.row_total(f"{_RESULTS}/total")
    if not base:
        return
    for statement in facts.statements:
        if statement.topic != _narrative.GROUP or statement.percent is None:
            continue
        count = _group(facts, statement)[0][0]
        if count is None:
            continue
        computed = Decimal(count) * 100 / base
        places = (
            -statement.percent.as_tuple().exponent
            if statement.percent.as_tuple().exponent < 0
            else 0
        )
        if abs(computed - statement.percent) <= Decimal(1).scaleb(-places):
            continue
        shown = computed.quantize(Decimal(1).scaleb(-max(places, 1)))
        names = "及".join(
            facts.cells.by_pointer[f"{_group_rows(facts, g)[0]}/total"].row.split("）")[0] + "）"
            for g in statement.subject
        )
        yield Hit(
            "T7",
            f"/text/{statement.part}",
            {
                "quote": statement.sentence,
                "group": names,
                "stated": f"{statement.percent}%",
                "computed": f"{shown}%",
                "count": count,
                "base": base,
            },
            (f"{_RESULTS}/total/total",),
            expected=f"{shown}%",
            actual=f"{statement.percent}%",
        )


_KIND_LABELS = {"review": layout.REVIEW_HEADER, "litigation": layout.LITIGATION_HEADER}


def _check_all_upheld(facts: Facts) -> Iterator[Hit]:
    """T10: "均获维持" while the table has appeals corrected, otherwise decided or pending."""
    for statement in facts.statements:
        if statement.topic != _narrative.ALL_UPHELD:
            continue
        for kind in statement.subject:
            blocks = _APPEAL_BLOCKS[kind]
            parts = {
                o: _sum(facts, (f"{b}/{o}" for b in blocks)) or 0
                for o in ("corrected", "other", "pending")
            }
            not_upheld = sum(parts.values())
            if not_upheld:
                yield Hit(
                    "T10",
                    f"/text/{statement.part}",
                    {
                        "quote": statement.sentence,
                        "kind": _KIND_LABELS[kind],
                        "not_upheld": not_upheld,
                        **parts,
                    },
                    tuple(f"{b}/{o}" for b in blocks for o in ("corrected", "other", "pending")),
                    expected=0,
                    actual=not_upheld,
                )


def _check_no_appeals(facts: Facts) -> Iterator[Hit]:
    """T11: "未出现复议、诉讼" while the table counts some."""
    for statement in facts.statements:
        if statement.topic != _narrative.NO_APPEALS:
            continue
        for kind in statement.subject:
            blocks = _APPEAL_BLOCKS[kind]
            total = _sum(facts, (f"{b}/total" for b in blocks))
            if total:
                yield Hit(
                    "T11",
                    f"/text/{statement.part}",
                    {"quote": statement.sentence, "kind": _KIND_LABELS[kind], "table": total},
                    tuple(f"{b}/total" for b in blocks),
                    expected=0,
                    actual=total,
                )


# --- schema ------------------------------------------------------------------------------------


def _check_schema(facts: Facts) -> Iterator[Hit]:
    """Problems the engine found while reading a raw payload against the schema."""
    for path, problem in facts.schema_problems:
        yield Hit("schema", path, {"problem": problem})


# --- across reports ---------------------------------------------------------------------------


def _check_continuity(previous: Facts, current: Facts) -> Iterator[Hit]:
    """X1: this year's 上年结转 equals last year's 结转下年度, per column."""
    for column in _C7:
        before = previous.value(f"/applications/carried_forward/{column}")
        now = current.value(f"/applications/carried_over/{column}")
        if before is None or now is None or before == now:
            continue
        pointer = f"/applications/carried_over/{column}"
        yield Hit(
            "X1",
            pointer,
            {
                "column": current.cells.by_pointer[pointer].column,
                "year": current.year,
                "previous": previous.year,
                "before": before,
                "now": now,
            },
            (pointer,),
            expected=before,
            actual=now,
        )


def _check_in_force_chain(previous: Facts, current: Facts) -> Iterator[Hit]:
    """X2 (2021): in force now ≈ in force last year + made − repealed this year."""
    if previous.format_id != "2021" or current.format_id != "2021":
        return
    for row, label in _document_rows(current):
        before = previous.value(f"{row}/in_force")
        made, repealed, now = (
            current.value(f"{row}/{c}") for c in ("made", "repealed", "in_force")
        )
        if None in (before, made, repealed, now):
            continue
        implied = before + made - repealed
        if implied != now:
            yield Hit(
                "X2",
                f"{row}/in_force",
                {"row": label, "year": current.year, "previous": previous.year},
                (f"{row}/in_force", f"{row}/made", f"{row}/repealed"),
                expected=implied,
                actual=now,
                equation=f"{now} ≠ {before} + {made} − {repealed} = {implied}",
            )


_DIGITS = re.compile(r"\d+")


def _check_repetition(previous: Facts, current: Facts) -> Iterator[Hit]:
    """X7: more than half of this year's narrative repeats last year's, numbers aside."""

    def units(facts: Facts) -> list[str]:
        return [
            _DIGITS.sub("#", s) for part in facts.sentences.values() for s in part if len(s) >= 10
        ]

    now, before = units(current), set(units(previous))
    total = sum(len(s) for s in now)
    if not total:
        return
    repeated = sum(len(s) for s in now if s in before)
    share = repeated / total
    if share > 0.5:
        yield Hit(
            "X7",
            "/text",
            {"share": f"{share:.0%}", "year": current.year, "previous": previous.year},
            expected="≤ 50%",
            actual=f"{share:.0%}",
        )


def _check_rollup(parent: Facts, children: Sequence[Facts]) -> Iterator[Hit]:
    """X4: each count of tables 三 and 四 of a parent equals the sum over its children."""
    shared = [
        p
        for p in parent.cells.order
        if p.startswith(("/applications/", "/appeals/"))
        and all(p in child.cells.by_pointer for child in children)
    ]
    for pointer in shared:
        printed = parent.value(pointer)
        parts = [child.value(pointer) for child in children]
        if printed is None or any(v is None for v in parts):
            continue
        total = sum(parts)
        if total != printed:
            yield Hit(
                "X4",
                pointer,
                {"cell": parent.cells.short(pointer), "children": len(children)},
                (pointer,),
                expected=total,
                actual=printed,
                equation=f"{printed} ≠ {' + '.join(map(str, parts))} = {total}",
            )


# --- the catalog --------------------------------------------------------------------------------

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_TEXT_ZH = "正文“{quote}”所述{stated}件与表格中{cells}（{table}）不符"
_TEXT_EN = "the text “{quote}” states {stated}, the table has {table} ({cells})"

CATALOG: tuple[Rule, ...] = (
    Rule(
        "schema",
        E,
        "不符合数据格式",
        "Payload does not fit the schema",
        "the payload validates against report.schema.json",
        "数据不符合报告的 JSON Schema：{problem}",
        "the payload does not fit the report schema: {problem}",
        Basis.OFFICIAL,
        "gkreport's published schema (generated from the official tables)",
        _check_schema,
        ("schema",),
    ),
    Rule(
        "diagnosis",
        E,
        "最可能出错的单元格",
        "The one cell that explains several failures",
        "one cell c lies in ≥ 2 failing identities, in no holding one, and each asks the same "
        "change",
        "很可能是{cell}填错：填报{printed}，其他单元格推出应为{implied}"
        "（改这一处即可同时满足{count}条勾稽关系：{codes}）",
        "likely {cell}: printed {printed_en}, the other cells imply {implied} "
        "(this one change satisfies {count} failing identities: {codes})",
        Basis.INFERENCE,
        "the failing identities of F1–F4 taken together",
        _check_diagnosis,
        ("arithmetic", "diagnosis"),
    ),
    Rule(
        "F1",
        E,
        "申请数量勾稽关系",
        "New + carried over = concluded + carried forward",
        "∀c∈C7: applications.new.c + applications.carried_over.c = "
        "applications.results.total.c + applications.carried_forward.c",
        f"{{about}}列不满足{layout.COLUMN_NOTE}：{{equation}}",
        "column {about}: new + carried over ≠ results total + carried forward: {equation}",
        Basis.OFFICIAL,
        "the column note printed in the form (2019 and 2021)",
        _check_identity("F1"),
        ("arithmetic", "applications"),
    ),
    Rule(
        "F2",
        E,
        "各类申请人之和等于总计",
        "Applicant columns add up to 总计",
        "∀ row r of table 三: applications.r.total = Σ_{c∈C6} applications.r.c",
        "{about}：总计不等于各类申请人之和：{equation}",
        "row {about}: 总计 ≠ the sum of the six applicant columns: {equation}",
        Basis.INFERENCE,
        "the column is labelled 总计",
        _check_identity("F2"),
        ("arithmetic", "applications"),
    ),
    Rule(
        "F3",
        E,
        "办理结果之和等于（七）总计",
        "Result rows add up to （七）总计",
        "∀c∈C7: applications.results.total.c = Σ_{ℓ∈LEAF21|LEAF19} applications.results.ℓ.c",
        "{about}列：（七）总计不等于各项办理结果之和：{equation}",
        "column {about}: the results total ≠ the sum of the result rows: {equation}",
        Basis.INFERENCE,
        "the row is （七）总计 and the 部分公开 rule counts each application once",
        _check_identity("F3"),
        ("arithmetic", "applications"),
    ),
    Rule(
        "F4",
        E,
        "复议、诉讼结果之和等于总计",
        "Appeal outcomes add up to 总计",
        "∀ block b ∈ {review, litigation_direct, litigation_after_review}: "
        "appeals.b.total = b.upheld + b.corrected + b.other + b.pending",
        "{about}：总计不等于结果维持、结果纠正、其他结果、尚未审结之和：{equation}",
        "{about}: total ≠ upheld + corrected + other + pending: {equation}",
        Basis.INFERENCE,
        "the column is labelled 总计",
        _check_identity("F4"),
        ("arithmetic", "appeals"),
    ),
    Rule(
        "F5",
        E,
        "数量为非负整数",
        "Counts are whole numbers ≥ 0",
        "every count cell (tables 二, 三, 四) is an integer ≥ 0",
        "{cell}：应为不小于0的整数，实为 {actual}",
        "{cell}: must be a whole number ≥ 0, found {actual}",
        Basis.INFERENCE,
        "counts of applications, cases and documents (件)",
        _check_types((Kind.COUNT,), "F5"),
        ("cells",),
    ),
    Rule(
        "F6",
        E,
        "收费金额为非负数",
        "The fee amount is a number ≥ 0",
        "proactive.fees.amount ≥ 0, decimals allowed, unit 万元",
        "{cell}：金额（万元）应为不小于0的数，实为 {actual}",
        "{cell}: the amount (万元) must be a number ≥ 0, found {actual}",
        Basis.OFFICIAL,
        "the column label 本年收费金额（单位：万元）",
        _check_types((Kind.MONEY,), "F6"),
        ("cells", "proactive"),
        ("2021",),
    ),
    Rule(
        "F6b",
        E,
        "2019年格式的增减与采购金额",
        "2019 signed changes and procurement amount",
        "delta is a signed integer; procurement.amount is kept as the printed text",
        "{cell}：应为整数（减少用负数）或原样文字，实为 {actual}",
        "{cell}: must be a whole number (negative for a decrease) or the printed text, found "
        "{actual}",
        Basis.OFFICIAL,
        "the 2019 form's 本年增/减 column; 湖北 notes: 减用负值表示",
        _check_types((Kind.SIGNED, Kind.TEXT), "F6b"),
        ("cells", "proactive"),
        ("2019",),
    ),
    Rule(
        "blank",
        W,
        "空白单元格",
        "Blank cell",
        "every number cell is filled; write 0 when there were none (a blank counts as 0)",
        "{cell}：空白单元格（计算时按0处理）；表格要求填写数字，没有发生的应填0",
        "{cell}: blank cell (counted as 0 in the arithmetic); the form expects a number, 0 for "
        "none",
        Basis.INFERENCE,
        "blank ≠ 0: FORMAT.md §5 zero values, §6 blank cells",
        _check_blank,
        ("cells",),
    ),
    Rule(
        "mark",
        INFO,
        "以符号代替数字",
        "A mark instead of a number",
        "a cell holding “-”, “/”, “无”, “—” or “不适用” is read as blank and counted as 0",
        "{cell}：填写了“{mark}”而不是数字（计算时按0处理）",
        "{cell}: holds “{mark}” instead of a number (counted as 0 in the arithmetic)",
        Basis.INFERENCE,
        "marks seen in real reports (武汉2020 “-”)",
        _check_mark,
        ("cells",),
    ),
    Rule(
        "other-group-only",
        W,
        "（六）其他处理未分项填写",
        "（六）其他处理 not split into sub-rows",
        "2021 format: （六）其他处理 is given in its three sub-rows, not on the group row",
        "{group}只在合计行填写了“{raw}”，没有按2021年格式分三个子项填写；{use_zh}",
        "{group} is given on its group row only (“{raw}”), not in the three 2021 sub-rows; "
        "{use_en}",
        Basis.OFFICIAL,
        "国办公开办函〔2021〕30号 splits （六） into three rows (FORMAT.md §9.5)",
        _check_other_group,
        ("format", "applications"),
        ("2021",),
    ),
    Rule(
        "D1",
        W,
        "年份一致",
        "One year throughout",
        "the title year and the 统计期限 name the report year Y",
        "{what_zh}的年份 {said} 与报告年度 {year} 不一致",
        "{what_en} names {said}, the report is for {year}",
        Basis.INFERENCE,
        "the 统计期限 sentence printed by most reports",
        _check_years,
        ("document",),
    ),
    Rule(
        "D2",
        W,
        "按期发布",
        "Published on time",
        "published_on ≤ Y+1-01-31 (部门) or Y+1-03-31 (本级人民政府)",
        "发布日期 {published_on} 晚于条例第四十九条规定的期限 {deadline}（{who}）",
        "published {published_on}, after the deadline of 条例 Art. 49, {deadline} ({who_en})",
        Basis.LAW,
        "《政府信息公开条例》第四十九条",
        _check_deadline,
        ("document",),
    ),
    Rule(
        "D3",
        E,
        "六个部分齐全",
        "All six parts present",
        "each of the six parts of 条例第五十条 is present (when the report carries text at all)",
        "缺少“{part}”部分",
        "the part “{part}” is missing",
        Basis.LAW,
        "《政府信息公开条例》第五十条 and the official template",
        _check_parts,
        ("document",),
    ),
    Rule(
        "D4",
        E,
        "格式与年度相符",
        "Format matches the year",
        "Y ≥ 2021 → 2021 format; Y ∈ {2019, 2020} → 2019 trial format",
        "{year}年度报告应使用{expected}年格式（{expected_notice}），实为{actual}年格式",
        "a report for {year} uses the {expected} format ({expected_notice}), this one is {actual}",
        Basis.OFFICIAL,
        "国办公开办函〔2019〕60号 and 〔2021〕30号",
        _check_format_year,
        ("document", "format"),
    ),
    Rule(
        "D5",
        W,
        "说明信息处理费",
        "States the 信息处理费",
        "2021 format: part 六 says whether 信息处理费 was charged (“未收取” is fine)",
        "“{part}”未说明信息处理费的收取情况",
        "part “{part}” does not say whether a 信息处理费 (processing fee) was charged",
        Basis.OFFICIAL,
        "30号 guidance for part 六; 国办函〔2020〕109号",
        _check_fee_statement,
        ("document", "text"),
        ("2021",),
    ),
    Rule(
        "D6",
        INFO,
        "总体情况的五个方面",
        "Overview covers the five topics",
        "part 一 covers 主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障",
        "“总体情况”未涉及：{missing}",
        "the overview does not cover: {missing_en}",
        Basis.OFFICIAL,
        "30号 guidance for part 一",
        _check_overview,
        ("document", "text"),
    ),
    Rule(
        "D7",
        W,
        "整张表为空",
        "A whole table left blank",
        "tables 二, 三 and 四 are filled (a wholly blank table is one finding, not one per cell)",
        "“{section}”整张表为空",
        "the table “{section}” is entirely blank",
        Basis.INFERENCE,
        "every cell of the form holds a number, 0 for none",
        _check_empty_table,
        ("cells",),
    ),
    Rule(
        "X3",
        W,
        "制发不多于现行有效加废止",
        "Made ≤ in force + repealed",
        "proactive.r.made ≤ proactive.r.in_force + proactive.r.repealed (规章, 行政规范性文件)",
        "{row}：本年制发件数多于现行有效件数与本年废止件数之和：{equation}",
        "{row}: more made this year than in force plus repealed: {equation}",
        Basis.INFERENCE,
        "a document made this year is either in force or was repealed",
        _check_made_vs_in_force,
        ("proactive",),
        ("2021",),
    ),
    Rule(
        "X6",
        W,
        "新公开不多于新制作",
        "Newly published ≤ newly made",
        "2019 format: proactive.r.new_published ≤ proactive.r.new_made (heuristic)",
        "{row}：本年新公开数量多于本年新制作数量：{equation}",
        "{row}: more newly published than newly made: {equation}",
        Basis.INFERENCE,
        "a heuristic; 上海2019 has 13 = 13 and 60 = 60",
        _check_published_vs_made,
        ("proactive",),
        ("2019",),
    ),
    Rule(
        "T1",
        E,
        "正文收到申请数",
        "Applications received, text vs table",
        "“收到/受理/新收…申请N件” = applications.new.total "
        "(or new.total + carried_over.total, always when the text says 含上年结转)",
        _TEXT_ZH,
        _TEXT_EN,
        Basis.INFERENCE,
        "FORMAT.md §6.3",
        _compare("T1", _narrative.RECEIVED, _received),
        ("text", "applications"),
        loose_severity=W,
    ),
    Rule(
        "T2",
        E,
        "正文上年结转数",
        "Carried over, text vs table",
        "“上年结转N件” = applications.carried_over.total",
        _TEXT_ZH,
        _TEXT_EN,
        Basis.INFERENCE,
        "FORMAT.md §6.3",
        _compare("T2", _narrative.CARRIED_OVER, _single("/applications/carried_over")),
        ("text", "applications"),
    ),
    Rule(
        "T3",
        E,
        "正文办结数",
        "Applications concluded, text vs table",
        "“办结/答复N件” = applications.results.total.total (“办理N件” may also mean received)",
        _TEXT_ZH,
        _TEXT_EN,
        Basis.INFERENCE,
        "FORMAT.md §6.3",
        _compare("T3", _narrative.CONCLUDED, _concluded),
        ("text", "applications"),
        loose_severity=W,
    ),
    Rule(
        "T4",
        E,
        "正文结转下年度数",
        "Carried forward, text vs table",
        "“结转下年度/顺延…N件” = applications.carried_forward.total",
        _TEXT_ZH,
        _TEXT_EN,
        Basis.INFERENCE,
        "FORMAT.md §6.3",
        _compare("T4", _narrative.CARRIED_FORWARD, _single("/applications/carried_forward")),
        ("text", "applications"),
    ),
    Rule(
        "T5",
        W,
        "正文称全部办结",
        "Text says every application was concluded",
        "“均已答复/办结”, “办结率100%” ⇒ carried_forward.total = 0 "
        "and results.total.total = the count",
        "正文“{quote}”称申请均已办结，但表中办理结果总计为{concluded}，结转下年度继续办理{forward}",
        "the text “{quote}” says every application was concluded, "
        "but the table concludes {concluded} and carries {forward} forward",
        Basis.INFERENCE,
        "FORMAT.md §6.3; 将乐县2024, 清镇市2020",
        _check_all_concluded,
        ("text", "applications"),
    ),
    Rule(
        "T6",
        E,
        "正文办理结果分类数",
        "Result group counts, text vs table",
        "“予以公开/部分公开/不予公开/无法提供/不予处理/其他处理 N件” = Σ_{ℓ∈group} Σ_{c∈C6} ℓ.c",
        _TEXT_ZH,
        _TEXT_EN,
        Basis.INFERENCE,
        "FORMAT.md §6.3 and §6.5 (上海2019)",
        _compare("T6", _narrative.GROUP, _group),
        ("text", "applications"),
        loose_severity=W,
    ),
    Rule(
        "T7",
        W,
        "正文办理结果百分比",
        "Result group percentages, text vs table",
        "“… N件，占x%”: x ≈ 100 × group / applications.results.total.total (to the printed digits)",
        "正文“{quote}”中{group}占{stated}，按表格应为{computed}（{count}/{base}）",
        "the text “{quote}” gives {group} as {stated}; the table gives {computed} ({count}/{base})",
        Basis.INFERENCE,
        "FORMAT.md §6.3",
        _check_percent,
        ("text", "applications"),
    ),
    Rule(
        "T8",
        E,
        "正文复议、诉讼数",
        "Appeal counts, text vs table",
        "“行政复议N件” = appeals.review.total; “行政诉讼N件” = litigation_direct.total + "
        "litigation_after_review.total",
        _TEXT_ZH,
        _TEXT_EN,
        Basis.INFERENCE,
        "FORMAT.md §6.3",
        _compare("T8", _narrative.APPEALS, _appeal_count),
        ("text", "appeals"),
    ),
    Rule(
        "T9",
        E,
        "正文复议、诉讼结果",
        "Appeal outcomes, text vs table",
        "“其中N件维持/纠正/尚未审结…” = the outcome column of 复议 (or of both 诉讼 blocks); "
        "撤诉 ≤ 其他结果",
        _TEXT_ZH,
        _TEXT_EN,
        Basis.INFERENCE,
        "FORMAT.md §6.3; 官渡区2024",
        _compare("T9", _narrative.OUTCOME, _outcome),
        ("text", "appeals"),
        loose_severity=W,
    ),
    Rule(
        "T10",
        E,
        "正文称均获维持",
        "Text says every case was upheld",
        "“均获维持” ⇒ corrected + other + pending = 0 for the 复议/诉讼 the sentence names",
        "正文“{quote}”称均获维持，但表中{kind}有{not_upheld}件未获维持"
        "（结果纠正{corrected}，其他结果{other}，尚未审结{pending}）",
        "the text “{quote}” says all were upheld, but the table has {not_upheld} {kind} cases "
        "not upheld (corrected {corrected}, other {other}, pending {pending})",
        Basis.INFERENCE,
        "FORMAT.md §6.5 (上海2019: 均获维持 while 3 cases were pending)",
        _check_all_upheld,
        ("text", "appeals"),
    ),
    Rule(
        "T11",
        W,
        "正文称没有复议、诉讼",
        "Text says there were no appeals",
        "“未出现复议、诉讼” ⇒ the named totals are 0",
        "正文“{quote}”称没有{kind}，但表中{kind}总计为{table}",
        "the text “{quote}” says there was no {kind}, but the table counts {table}",
        Basis.INFERENCE,
        "FORMAT.md §6.3",
        _check_no_appeals,
        ("text", "appeals"),
    ),
    Rule(
        "T12",
        E,
        "正文规章、规范性文件数",
        "Rules and normative documents, text vs table",
        "“制定/废止/现行有效 规章|规范性文件 N件” = "
        "proactive.rules|normative.made|repealed|in_force "
        "(2019: new_made)",
        _TEXT_ZH,
        _TEXT_EN,
        Basis.INFERENCE,
        "FORMAT.md §6.3; 将乐县2024",
        _compare("T12", _narrative.DOCUMENTS, _documents),
        ("text", "proactive"),
        loose_severity=W,
    ),
    Rule(
        "X1",
        W,
        "上年结转与上年报告衔接",
        "Carried over matches last year's carried forward",
        "∀c∈C7: applications.carried_over.c(Y) = applications.carried_forward.c(Y−1)",
        "{year}年“上年结转”（{column}）为{now}，{previous}年报告的“结转下年度继续办理”为{before}",
        "{year}: carried over ({column}) is {now}, the {previous} report carried {before} forward",
        Basis.INFERENCE,
        "the two rows count the same applications",
        _check_continuity,
        ("series", "applications"),
        scope=Scope.SERIES,
    ),
    Rule(
        "X2",
        W,
        "现行有效件数衔接",
        "In-force documents chain from last year",
        "2021 format: in_force(Y) = in_force(Y−1) + made(Y) − repealed(Y) "
        "for 规章 and 行政规范性文件",
        "{row}：{year}年现行有效件数与{previous}年现行有效加本年制发减本年废止不符：{equation}",
        "{row}: in force in {year} ≠ in force in {previous} + made − repealed: {equation}",
        Basis.INFERENCE,
        "a warning only: expiry (失效) and revisions also change the count",
        _check_in_force_chain,
        ("series", "proactive"),
        ("2021",),
        Scope.SERIES,
    ),
    Rule(
        "X7",
        W,
        "与上年报告雷同",
        "Repeats last year's text",
        "share of this year's sentences (numbers masked) found in last year's text ≤ 50%",
        "{year}年报告正文有{share}与{previous}年报告相同（数字除外）",
        "{share} of the {year} text repeats the {previous} report (numbers aside)",
        Basis.OFFICIAL,
        "30号: 内容雷同 is held to account; 宿迁 考核 deducts for > 50% repetition",
        _check_repetition,
        ("series", "text"),
        scope=Scope.SERIES,
    ),
    Rule(
        "X4",
        W,
        "汇总等于下级之和",
        "Parent equals the sum of its children",
        "∀ count cell x of tables 三 and 四: parent.x = Σ children.x",
        "{cell}：汇总报告为{actual}，{children}份下级报告之和为{expected}",
        "{cell}: the parent report has {actual}, its {children} children add up to {expected}",
        Basis.INFERENCE,
        "roll-up practice (KIROGOVCOMPARE hierarchy checks); not an official rule",
        _check_rollup,
        ("rollup",),
        scope=Scope.ROLLUP,
    ),
)

RULES: Mapping[str, Rule] = {r.code: r for r in CATALOG}


def rule(code: str) -> Rule:
    """The catalog entry for ``code``; `KeyError` for an unknown code."""
    return RULES[code]


#: Checks FORMAT.md names that gkreport deliberately does not make, and why.
NOT_CHECKED: tuple[tuple[str, str], ...] = (
    (
        "X3′",
        (
            "in_force ≥ made fails legitimately when a document made this year was repealed "
            "or expired within the year; X3 is the safe form."
        ),
    ),
    (
        "X5",
        (
            "Table 四 is not bounded by table 三: appeals may concern earlier years' applications "
            "(瓯海审计局2024 had 0 applications and 3 appeals)."
        ),
    ),
)


def rules_markdown() -> str:
    """``docs/rules.md``: the catalog as a reference page."""
    out = [
        "# Rule catalog",
        "",
        "Generated from `gkreport/rules.py` by `python -m gkreport._generate`; do not edit.",
        "",
        (
            "Every finding `gkreport.validate` reports comes from one of these rules. "
            "Severity: `error` breaks the form's arithmetic or structure, `warning` needs a look, "
            "`info` is worth knowing. A rule with two severities reports the second when the "
            "evidence is loose (a sentence that admits another reading, or speaks of part of the "
            "agency)."
        ),
        "",
        (
            "Conventions: a blank cell counts as 0 in the arithmetic and is reported on its own "
            "(`blank`); a cell that held a mark is `mark`; a cell of the wrong type is reported "
            "(F5/F6/F6b) and every identity using it is skipped. Totals are never recomputed into "
            "the data. A 2021 （六）其他处理 given only as a group row (a note on "
            "`/applications/results/other`) is `other-group-only`; when the note holds the row's "
            "seven numbers, F3 uses them as the sum of the three sub-rows, otherwise F3 is "
            "skipped. "
            "Text findings quote the sentence after normalisation (simplified characters, "
            "half-width punctuation, no pinyin annotations or spaces)."
        ),
        "",
        (
            "Notation: C6 = the six applicant columns, C7 = C6 + 总计; LEAF21/LEAF19 = the result "
            "rows of the 2021/2019 format (（六） is three rows in 2021, one in 2019)."
        ),
        "",
        "| code | severity | title | scope | formats | basis |",
        "|---|---|---|---|---|---|",
    ]
    for r in CATALOG:
        severity = r.severity.value + (f" / {r.loose_severity.value}" if r.loose_severity else "")
        out.append(
            f"| [`{r.code}`](#{r.code.lower()}) | {severity} | {r.title_zh} — {r.title_en} "
            f"| {r.scope.value} | {', '.join(r.formats)} | {r.basis.value} |"
        )
    for r in CATALOG:
        severity = r.severity.value + (
            f" (loose: {r.loose_severity.value})" if r.loose_severity else ""
        )
        out += [
            "",
            f"## {r.code}",
            "",
            f"**{r.title_zh}** — {r.title_en}",
            "",
            f"- severity: {severity}",
            f"- scope: {r.scope.value}; formats: {', '.join(r.formats)}; tags: {', '.join(r.tags)}",
            f"- formula: {r.formula}",
            f"- basis: {r.basis.value} — {r.source}",
            f"- message (zh): {r.message_zh}",
            f"- message (en): {r.message_en}",
        ]
    out += ["", "## Not checked", ""]
    out += [f"- **{code}**: {why}" for code, why in NOT_CHECKED]
    return "\n".join(out) + "\n"
