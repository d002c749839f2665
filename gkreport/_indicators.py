"""The derived measures evaluators compute from a report: 公开率, 办结率, 复议纠错率 ….

Each measure is a `Metric`: a ratio of two sums of table cells, written over the
rows of the forms registry (``every row under applications.results.denied``), never
over a format id, so it is resolved per format when asked (`Metric.formula`): the
2021 （六）其他处理 is three sub-rows, the 2019 one a single row, and a measure
whose rows a format lacks is simply not defined for it. `METRICS` is the metric
dictionary; ``docs/indicators.md`` is generated from it (``tools/indicators_page.py``).

Values are `decimal.Decimal`, never float: a quotient is computed in a local decimal
context of `PRECISION` significant digits (whatever the caller's context), rounded half
to even, so it is exact whenever it terminates within them (18/40 is ``Decimal("0.45")``)
and 1/3 is ``Decimal("0.333333333333333")``. Fifteen digits is what a double holds:
the same value then goes unchanged into a workbook's number cell, a Parquet double
and a pandas float, so no output of the export rounds it again. A measure
that cannot be computed is None, never 0, NaN or 100%:

* *not applicable*: its denominator is blank (every cell of it blank), 0, or below 0
  (possible only in a table that does not add up);
* *unknown*: a cell of its formula could not be read (a note of kind ``unread`` or
  ``implausible``, or a value of the wrong type), so no value is guessed;
* *not stated*: its numerator is blank (every cell of it blank): the report gives
  no number to divide, and a blank is never taken for 0;
* for a year-on-year change, also when no previous report is given.

A blank cell beside cells that hold numbers counts as 0, as in the validator's
arithmetic (one blank 不予公开 row among eight adds nothing to 不予公开率); the
validator reports the blank on its own. Totals are read as printed, never
recomputed from their parts.
"""

from __future__ import annotations

import decimal
import enum
import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from gkreport._forms import layout
from gkreport._forms.tree import Group, Row
from gkreport._model import Report
from gkreport._validation.facts import Facts
from gkreport._validation.pointer import read_report

__all__ = [
    "DISPLAY_PLACES",
    "METRICS",
    "NOT_AVAILABLE",
    "PRECISION",
    "Formula",
    "Metric",
    "MetricKind",
    "Term",
    "display",
    "indicators",
    "metrics",
]

#: Significant digits of a computed value: every decimal of 15 digits survives a double.
PRECISION = 15
#: Decimal places of a percentage as displayed: 0.456 is "45.6%" (`display`).
DISPLAY_PLACES = 1
#: How a measure that is None is displayed.
NOT_AVAILABLE = "—"


class MetricKind(enum.Enum):
    """How a measure's two sums make its value."""

    SHARE = "share"  #: numerator / denominator, a part of a whole (a rate)
    CHANGE = "change"  #: this year's sum / last year's sum − 1 (year on year)


@attrs.frozen
class Term:
    """A column of one row, or of every row under a group, added (+1) or subtracted (−1).

    ``path`` is a dotted row or group path of the forms (``applications.results.denied``);
    a group stands for every printed row under it, at any depth.
    """

    path: str
    column: str = "total"
    sign: int = 1

    def cells(self, format_id: str) -> tuple[str, ...] | None:
        """The dotted cell ids this term adds in a format; None when the format lacks the row."""
        fmt = layout.get_format(format_id)
        try:
            node = fmt.node(self.path)
        except KeyError:
            return None
        rows = [(self.path, node)] if isinstance(node, Row) else _rows_under(node, self.path)
        if any(self.column not in {cell.id for cell in row.cells} for _, row in rows):
            return None
        return tuple(f"{row_path}.{self.column}" for row_path, _ in rows)


def _rows_under(group: Group, path: str) -> list[tuple[str, Row]]:
    found: list[tuple[str, Row]] = []
    for child in group.children:
        child_path = f"{path}.{child.id}"
        if isinstance(child, Row):
            found.append((child_path, child))
        else:
            found += _rows_under(child, child_path)
    return found


@attrs.frozen
class Formula:
    """A measure resolved for one format: the signed cell ids of each side.

    ``groups`` maps a group's dotted path to the cells it stands for, for a report
    that gives a group (a 2021 （六）其他处理) on its group row only.
    """

    numerator: tuple[tuple[int, str], ...]
    denominator: tuple[tuple[int, str], ...]
    groups: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)

    @property
    def cells(self) -> tuple[str, ...]:
        """Every cell id the formula reads, numerator first."""
        return tuple(cell for _, cell in self.numerator + self.denominator)


def _side(terms: tuple[Term, ...], format_id: str, groups: dict[str, tuple[str, ...]]) -> Any:
    side: list[tuple[int, str]] = []
    for term in terms:
        cells = term.cells(format_id)
        if cells is None:
            return None
        if len(cells) > 1:
            groups[f"{term.path}.{term.column}"] = cells
        side += [(term.sign, cell) for cell in cells]
    return tuple(side)


@attrs.frozen
class Metric:
    """One derived measure: its id, names, the sums it divides, its unit, its N/A cases.

    ``numerator`` and ``denominator`` are sums of `Term`; for a `MetricKind.CHANGE`
    both read the same cells, the denominator in the previous year's report.
    ``key`` marks the few measures a summary shows first.
    """

    id: str
    zh: str
    en: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...]
    not_applicable_zh: str
    not_applicable_en: str
    kind: MetricKind = MetricKind.SHARE
    key: bool = False
    unit: str = "ratio"  #: a pure number; 0.45 is displayed as 45.0%

    def formula(self, format_id: str) -> Formula | None:
        """The measure over the cell ids of ``format_id``; None when the format lacks a row."""
        return _formula(self, format_id)

    def display(self, value: Decimal | None) -> str:
        """The value as people read it: a percentage (`display`)."""
        return display(value)


@functools.cache
def _formula(metric: Metric, format_id: str) -> Formula | None:
    groups: dict[str, tuple[str, ...]] = {}
    numerator = _side(metric.numerator, format_id, groups)
    denominator = _side(metric.denominator, format_id, groups)
    if numerator is None or denominator is None:
        return None
    return Formula(numerator, denominator, groups)


_RESULTS = "applications.results"
_R = (Term(f"{_RESULTS}.total"),)
_A = (Term("applications.new"), Term("applications.carried_over"))
_RESULT_NA_ZH = "本年度办理结果总计为空白或0：没有办结的申请，比率无意义"
_RESULT_NA_EN = "the total of results is blank or 0: no application was concluded, so no rate"
_APPLIED_NA_ZH = "新收与上年结转之和为空白或0：没有需要办理的申请"
_APPLIED_NA_EN = "new plus carried over is blank or 0: there was no application to handle"


def _appeal(block: str) -> tuple[Term, Term]:
    return Term(f"appeals.{block}", "total"), Term(f"appeals.{block}", "pending", -1)


#: The metric dictionary, in the order of the export's columns.
METRICS: tuple[Metric, ...] = (
    Metric(
        "disclosure_rate",
        "公开率",
        "disclosure rate",
        (Term(f"{_RESULTS}.granted"), Term(f"{_RESULTS}.partial")),
        _R,
        _RESULT_NA_ZH,
        _RESULT_NA_EN,
        key=True,
    ),
    Metric(
        "denial_rate",
        "不予公开率",
        "denial rate",
        (Term(f"{_RESULTS}.denied"),),
        _R,
        _RESULT_NA_ZH,
        _RESULT_NA_EN,
    ),
    Metric(
        "unable_rate",
        "无法提供率",
        "unable-to-provide rate",
        (Term(f"{_RESULTS}.unable"),),
        _R,
        _RESULT_NA_ZH,
        _RESULT_NA_EN,
    ),
    Metric(
        "not_processed_rate",
        "不予处理率",
        "not-processed rate",
        (Term(f"{_RESULTS}.not_processed"),),
        _R,
        _RESULT_NA_ZH,
        _RESULT_NA_EN,
    ),
    Metric(
        "other_processing_rate",
        "其他处理率",
        "other-processing rate",
        (Term(f"{_RESULTS}.other"),),
        _R,
        _RESULT_NA_ZH,
        _RESULT_NA_EN,
    ),
    Metric(
        "fee_unpaid_rate",
        "逾期未缴费率",
        "fee-unpaid rate",
        (Term(f"{_RESULTS}.other.fee_unpaid"),),
        _R,
        _RESULT_NA_ZH,
        _RESULT_NA_EN,
    ),
    Metric(
        "completion_rate",
        "办结率",
        "completion rate",
        _R,
        _A,
        _APPLIED_NA_ZH,
        _APPLIED_NA_EN,
        key=True,
    ),
    Metric(
        "carry_forward_rate",
        "结转率",
        "carry-forward rate",
        (Term("applications.carried_forward"),),
        _A,
        _APPLIED_NA_ZH,
        _APPLIED_NA_EN,
    ),
    Metric(
        "review_correction_rate",
        "复议纠错率",
        "review correction rate",
        (Term("appeals.review", "corrected"),),
        _appeal("review"),
        "行政复议总计减尚未审结为空白或0：没有审结的复议案件",
        "review total minus pending is blank or 0: no review case was decided",
        key=True,
    ),
    Metric(
        "litigation_correction_rate",
        "诉讼纠错率（败诉率）",
        "litigation correction rate (loss rate)",
        (
            Term("appeals.litigation_direct", "corrected"),
            Term("appeals.litigation_after_review", "corrected"),
        ),
        (*_appeal("litigation_direct"), *_appeal("litigation_after_review")),
        "两类行政诉讼总计减尚未审结为空白或0：没有审结的诉讼案件",
        "both litigation totals minus pending are blank or 0: no lawsuit was decided",
        key=True,
    ),
    Metric(
        "new_yoy",
        "新收申请同比",
        "new applications, year on year",
        (Term("applications.new"),),
        (Term("applications.new"),),
        "未给出上年报告，或上年新收为空白或0，或本年新收为空白",
        "no previous report given, or its new applications are blank or 0, "
        "or this year's are blank",
        kind=MetricKind.CHANGE,
        key=True,
    ),
)

_BY_ID = {metric.id: metric for metric in METRICS}


def metrics(format_id: str | None = None) -> tuple[Metric, ...]:
    """The metric dictionary: every measure, or those defined for the format ``format_id``."""
    if format_id is None:
        return METRICS
    layout.get_format(format_id)  # KeyError naming the known formats
    return tuple(metric for metric in METRICS if metric.formula(format_id) is not None)


# --- computing ------------------------------------------------------------------------------


def _facts(report: Report) -> Facts:
    """The report as the validator's checks see it: blanks, unread rows, a group given whole."""
    return Facts(
        report.format,
        read_report(report),
        notes=[(note.path, note.raw) for note in report.notes if note.kind is None],
        unread=[(n.path, n.raw, n.source) for n in report.notes if n.kind == "unread"],
        implausible=[(n.path, n.raw, n.source) for n in report.notes if n.kind == "implausible"],
    )


def _pointer(cell: str) -> str:
    return "/" + cell.replace(".", "/")


class _Unknown(Exception):
    """A cell of the formula could not be read."""


def _sum(facts: Facts, side: tuple[tuple[int, str], ...], groups: Mapping[str, Any]) -> int | None:
    """The signed sum of one side; None when every cell is blank; `_Unknown` for an unread cell."""
    given: dict[str, int] = {}
    for group, cells in groups.items():
        # A group given on its group row only (a 2021 （六）其他处理, `Facts._other_group`):
        # its numbers stand for its rows' sum, or leave the sum unknown when unparsed.
        if _pointer(group) not in facts.values or any(
            facts.values.get(_pointer(c)) is not None for c in cells
        ):
            continue
        whole = facts.values[_pointer(group)]
        if whole is None:
            raise _Unknown(group)
        given.update(dict.fromkeys(cells, 0))
        given[cells[0]] = whole
    total, seen = 0, False
    for sign, cell in side:
        pointer = _pointer(cell)
        if pointer in facts.unreadable:
            raise _Unknown(cell)
        value = given.get(cell, facts.values.get(pointer))
        if value is not None:
            total += sign * int(value)
            seen = True
    return total if seen else None


def _divide(numerator: int, denominator: int) -> Decimal:
    with decimal.localcontext() as context:
        context.prec = PRECISION
        context.rounding = decimal.ROUND_HALF_EVEN
        context.traps[decimal.Inexact] = False
        context.traps[decimal.Rounded] = False
        return Decimal(numerator) / Decimal(denominator)


def _sides(
    metric: Metric, report: Report, facts: Facts, previous: Report | None
) -> tuple[int, int] | None:
    """The numerator and denominator, or None when the measure is undefined or unknown."""
    formula = metric.formula(report.format)
    if formula is None or (metric.kind is MetricKind.CHANGE and previous is None):
        return None
    base: Formula | None = formula
    base_facts = facts
    if previous is not None and metric.kind is MetricKind.CHANGE:
        base, base_facts = metric.formula(previous.format), _facts(previous)
    if base is None:
        return None
    try:
        numerator = _sum(facts, formula.numerator, formula.groups)
        denominator = _sum(base_facts, base.denominator, base.groups)
    except _Unknown:
        return None
    if numerator is None or denominator is None:
        return None
    return numerator, denominator


def _value(metric: Metric, report: Report, facts: Facts, previous: Report | None) -> Decimal | None:
    sides = _sides(metric, report, facts, previous)
    if sides is None or sides[1] <= 0:
        return None
    quotient = _divide(*sides)
    if metric.kind is MetricKind.CHANGE:
        with decimal.localcontext() as context:
            context.prec = PRECISION
            return quotient - 1
    return quotient


def indicators(report: Report, previous: Report | None = None) -> dict[str, Decimal | None]:
    """Every measure of the metric dictionary for ``report``, by metric id, in dictionary order.

    ``previous`` is the same agency's report of the year before, for the year-on-year
    measures (None without it). A measure the report's format does not define, or that
    is not applicable or unknown (module docstring), is None.

    :raises ValueError: when ``previous`` is not of the year before ``report`` (both known).
    """
    if (
        previous is not None
        and report.year is not None
        and previous.year is not None
        and previous.year != report.year - 1
    ):
        msg = f"previous is the report of {previous.year}, not of {report.year - 1}"
        raise ValueError(msg)
    facts = _facts(report)
    return {metric.id: _value(metric, report, facts, previous) for metric in METRICS}


def display(value: Decimal | None) -> str:
    """A measure as a percentage of `DISPLAY_PLACES` decimals, rounded half up (四舍五入).

    0.4545 is "45.5%", 1/3 is "33.3%", −0.05 is "-5.0%"; None is `NOT_AVAILABLE`. The
    value itself is never rounded: only what is shown.
    """
    if value is None:
        return NOT_AVAILABLE
    percent = (value * 100).quantize(Decimal(1).scaleb(-DISPLAY_PLACES), decimal.ROUND_HALF_UP)
    return f"{percent}%"
