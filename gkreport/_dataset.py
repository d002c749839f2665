"""One row per report: the columns of ``gkreport export`` and `gkreport.to_frame`.

A researcher wants a folder of reports as one table, both formats together, and
every file accounted for. So a row has a fixed set of columns (`columns`), the same
for every row whatever its format: the file and how it fared (`status`, `error`),
the metadata, the number of findings by severity, every table cell of every
registered format as a column named by its cell id (``applications.new.total``),
and every measure of the metric dictionary (``indicators.disclosure_rate``). A cell
a report's format does not have is empty in that row, as is every cell of a file
that could not be read: the ``format`` column tells which cells a row can have.

Values stay exact here (ints, `decimal.Decimal`, dates, text); each writer
(`gkreport._export`, `gkreport._frame`) decides how its file type holds them. The
columns follow the registry, so a format registered at run time adds its own.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from gkreport._forms import layout, registry
from gkreport._forms.tree import Kind
from gkreport._indicators import METRICS, indicators
from gkreport._model import Report
from gkreport._validation.agencies import match_agencies
from gkreport._validation.pointer import cells, read_report

__all__ = [
    "INVALID",
    "NOT_A_REPORT",
    "OK",
    "SEVERITIES",
    "UNREADABLE",
    "Column",
    "ColumnKind",
    "Labels",
    "columns",
    "header",
    "previous_reports",
    "row",
    "rows",
]

#: ``status`` of a row: the report was read (its cells and measures are filled) …
OK = "ok"
#: … a JSON payload that does not fit the model (only its findings are counted) …
INVALID = "invalid"
#: … or the file could not be read at all (``error`` says why).
UNREADABLE = "unreadable"
#: ``error`` of an ``invalid`` row.
NOT_A_REPORT = "the payload does not fit the report schema (its findings say where)"
#: The severities counted, one column each (``findings.error`` …).
SEVERITIES = ("error", "warning", "info")
#: How the columns are named: by id (``applications.new.total``) or official Chinese label.
Labels = Literal["id", "zh"]


class ColumnKind(enum.Enum):
    """What a column holds; decides its type in each file type."""

    TEXT = "text"
    COUNT = "count"  #: a whole number ≥ 0 (件), or a count of findings
    SIGNED = "signed"  #: a whole number that may be negative (the 2019 本年增/减), or the year
    MONEY = "money"  #: a decimal amount in 万元, exact
    DATE = "date"
    RATIO = "ratio"  #: a measure of the metric dictionary (0.45 is 45%)


_CELL_KINDS = {
    Kind.COUNT: ColumnKind.COUNT,
    Kind.SIGNED: ColumnKind.SIGNED,
    Kind.MONEY: ColumnKind.MONEY,
    Kind.TEXT: ColumnKind.TEXT,
}


@attrs.frozen
class Column:
    """One column: its id, its Chinese header, what it holds, and which formats have it.

    ``formats`` is empty for a column every row has (metadata, counts, measures) and
    names the formats that print a table cell otherwise.
    """

    id: str
    zh: str
    kind: ColumnKind
    formats: tuple[str, ...] = ()


_META = {field: zh for field, zh, _ in layout.METADATA}


def _head() -> list[Column]:
    return [
        Column("file", "文件", ColumnKind.TEXT),
        Column("status", "读取状态", ColumnKind.TEXT),
        Column("error", "无法读取的原因", ColumnKind.TEXT),
        Column("agency", _META["agency"], ColumnKind.TEXT),
        Column("year", _META["year"], ColumnKind.SIGNED),
        Column("format", "报告格式", ColumnKind.TEXT),
        Column("kind", _META["kind"], ColumnKind.TEXT),
        Column("published_on", _META["published_on"], ColumnKind.DATE),
        Column("findings.error", "错误数", ColumnKind.COUNT),
        Column("findings.warning", "警告数", ColumnKind.COUNT),
        Column("findings.info", "提示数", ColumnKind.COUNT),
    ]


@functools.cache
def columns() -> tuple[Column, ...]:
    """Every column, in order: metadata and counts, the cells by table, then the measures.

    The cells are the union of every registered format's, table by table, in the
    printed order of the first format (the current one), a cell only a later format
    has right after the cell it follows in that format; a cell id several formats
    share is one column.
    """
    found = _head()
    formats = list(registry.FORMATS.values())
    for section in ("proactive", "applications", "appeals"):
        order: list[Column] = []
        for fmt in formats:
            after: int | None = None  # this format's last cell placed: a new one goes after it
            waiting: list[Column] = []  # its new cells before any cell it shares
            for leaf in fmt.leaves():
                if leaf.path[0] != section:
                    continue
                place = next((i for i, c in enumerate(order) if c.id == leaf.dotted), None)
                if place is None:
                    label = cells(fmt.id).by_pointer[leaf.pointer].label
                    column = Column(leaf.dotted, label, _CELL_KINDS[leaf.cell.kind], (fmt.id,))
                    if after is None:
                        waiting.append(column)
                        continue
                    after += 1
                    order.insert(after, column)
                    continue
                if after is None:  # the first shared cell: what came before it goes before it
                    order[place:place] = waiting
                    place += len(waiting)
                    waiting = []
                after = place
                order[place] = attrs.evolve(order[place], formats=(*order[place].formats, fmt.id))
            order += waiting
        found += order
    found += [Column(f"indicators.{m.id}", m.zh, ColumnKind.RATIO) for m in METRICS]
    return tuple(found)


registry.watch(columns.cache_clear)


def header(labels: Labels = "id") -> list[str]:
    """The column names: ids, or the official Chinese labels (``--labels zh``)."""
    return [column.zh if labels == "zh" else column.id for column in columns()]


def _counts(result: Mapping[str, Any] | None) -> dict[str, int | None]:
    if result is None:
        return dict.fromkeys(SEVERITIES)
    found: dict[str, int | None] = dict.fromkeys(SEVERITIES, 0)
    for finding in result.get("findings", ()):
        severity = finding.get("severity")
        if severity in found:
            found[severity] = (found[severity] or 0) + 1
    return dict(found)


def row(
    file: str,
    report: Report | None = None,
    result: Mapping[str, Any] | None = None,
    error: str | None = None,
    previous: Report | None = None,
) -> dict[str, Any]:
    """The row of one input, by column id, every column present (None when empty).

    ``result`` is `ValidationResult.to_dict` of the report (its findings are
    counted); ``error`` why the file could not be read; ``previous`` the same
    agency's report of the year before, for the year-on-year measures. With no
    report and no error, the input is an ``invalid`` payload.
    """
    values: dict[str, Any] = dict.fromkeys(column.id for column in columns())
    status = UNREADABLE if error is not None else OK if report is not None else INVALID
    values.update(file=file, status=status, error=NOT_A_REPORT if status == INVALID else error)
    for severity, count in _counts(None if error is not None else result).items():
        values[f"findings.{severity}"] = count
    if report is None:
        return values
    values.update(
        agency=report.agency,
        year=report.year,
        format=report.format,
        kind=report.kind,
        published_on=report.published_on,
    )
    for pointer, value in read_report(report).items():
        values[pointer[1:].replace("/", ".")] = value
    for metric_id, value in indicators(report, previous).items():
        values[f"indicators.{metric_id}"] = value
    return values


def previous_reports(reports: Sequence[Report | None]) -> list[Report | None]:
    """For each report, the same agency's report of the year before among ``reports``, if any.

    Agencies are matched as ``validate --series`` matches them (洪泽区人民政府 is
    淮安市洪泽区人民政府); a name that could be several agencies, or an agency
    with two reports of the same year, gets no previous report rather than a
    guessed one.
    """
    named = [(i, r) for i, r in enumerate(reports) if r is not None and r.agency and r.year]
    matching = match_agencies((r.agency or "").strip() for _, r in named)
    by_year: dict[tuple[str, int], list[Report]] = {}
    for _, report in named:
        name = (report.agency or "").strip()
        if name in matching.ambiguous:
            continue
        by_year.setdefault((matching.groups[name], report.year or 0), []).append(report)
    found: list[Report | None] = [None] * len(reports)
    for index, report in named:
        name = (report.agency or "").strip()
        if name in matching.ambiguous:
            continue
        group = matching.groups[name]
        mine = by_year.get((group, report.year or 0), [])
        earlier = by_year.get((group, (report.year or 0) - 1), [])
        if len(mine) == 1 and len(earlier) == 1:
            found[index] = earlier[0]
    return found


def rows(
    items: Iterable[tuple[str, Report | None, Mapping[str, Any] | None, str | None]],
) -> list[dict[str, Any]]:
    """The rows of a run: (file, report, result, error) each, previous years paired within it."""
    listed = list(items)
    previous = previous_reports([report for _, report, _, _ in listed])
    return [
        row(file, report, result, error, earlier)
        for (file, report, result, error), earlier in zip(listed, previous, strict=True)
    ]
