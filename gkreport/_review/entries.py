"""Each checked file as the review keeps it: a compact `Entry`, then the run's indicators.

A region's run holds hundreds to thousands of reports, so nothing the outputs do not
need is kept once a file's page is written: an `Entry` holds the metadata, the
finding counts, each finding as a `Problem` (the columns of the problem list), and a
slim copy of the report (`slim`: its tables and the notes on them, no narrative, no
provenance), which is all the indicators read. When every file is in, `finish`
pairs each report with its agency's report of the year before (the pairing of the
export, `gkreport._dataset.previous_reports`), computes the key indicators and
orders the entries by agency (names matched as ``validate --series`` matches them)
and year.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal

import attrs

from gkreport._cli.batch import FileResult
from gkreport._dataset import previous_reports
from gkreport._indicators import Metric, indicators, metrics
from gkreport._model import Report
from gkreport._validation.agencies import match_agencies

__all__ = [
    "ERRORS",
    "OK",
    "UNREADABLE",
    "Entry",
    "Problem",
    "Status",
    "entry",
    "finish",
    "key_metrics",
    "slim",
]

Status = Literal["ok", "errors", "unreadable"]
#: No error found (warnings allowed), errors found, or the file could not be read.
OK: Status = "ok"
ERRORS: Status = "errors"
UNREADABLE: Status = "unreadable"
#: The parts of a report the indicators read: their notes are kept by `slim`.
_TABLES = ("/applications/", "/appeals/")


@attrs.frozen
class Problem:
    """One finding as the problem list shows it.

    ``cells`` is how many cells the finding is about (``Finding.paths``: a blank
    column is one finding on eleven cells) and ``explains`` how many findings it
    folded in as their cause (``Finding.explains``): one row each, with the counts.
    """

    code: str
    severity: str
    path: str
    label: str
    location: str | None
    message: str
    message_en: str
    cells: int = 1
    explains: int = 0

    @classmethod
    def of(cls, finding: Mapping[str, Any]) -> Problem:
        """The problem of one finding of ``ValidationResult.to_dict``."""
        return cls(
            code=str(finding.get("code", "?")),
            severity=str(finding.get("severity", "")),
            path=str(finding.get("path", "")),
            label=str(finding.get("label") or ""),
            location=finding.get("location"),
            message=str(finding.get("message", "")),
            message_en=str(finding.get("message_en") or finding.get("message", "")),
            cells=max(1, len(finding.get("paths") or ())),
            explains=len(finding.get("explains") or ()),
        )

    def text(self, lang: str) -> str:
        """The message in ``lang``."""
        return self.message_en if lang == "en" else self.message


@attrs.frozen
class Entry:
    """One input of the review, compact: what the index and the problem list show of it.

    ``page`` is the report's rendered page relative to the output folder (None when
    no report could be made of the file); ``timely`` is False when the report was
    published after its deadline (D2), True when its date and year show it was not,
    None when either is missing. ``indicators`` and ``group`` are set by `finish`.
    """

    file: str
    status: Status
    error: str | None = None
    agency: str | None = None
    year: int | None = None
    kind: str | None = None
    format: str | None = None
    published_on: datetime.date | None = None
    counts: Mapping[str, int] = attrs.field(factory=dict)
    timely: bool | None = None
    problems: tuple[Problem, ...] = ()
    page: str | None = None
    report: Report | None = attrs.field(default=None, eq=False, repr=False)
    indicators: Mapping[str, Decimal | None] = attrs.field(factory=dict)
    group: str = ""

    def count(self, severity: str) -> int:
        """How many findings of ``severity`` the file has."""
        return self.counts.get(severity, 0)


def slim(report: Report) -> Report:
    """The report without what the indicators do not read: narrative, provenance, other notes."""
    notes = tuple(note for note in report.notes if note.path.startswith(_TABLES))
    return attrs.evolve(report, text=type(report.text)(), notes=notes, sources={})


def entry(outcome: FileResult, report: Report | None, page: str | None = None) -> Entry:
    """The entry of one checked file (``report`` is `batch.report_of` the outcome)."""
    if outcome.error is not None:
        return Entry(outcome.file, UNREADABLE, error=outcome.error)
    problems = tuple(Problem.of(finding) for finding in outcome.findings)
    counts = {severity: outcome.count(severity) for severity in ("error", "warning", "info")}
    status: Status = ERRORS if counts["error"] else OK
    if report is None:  # a payload that does not fit the model: its findings say why
        return Entry(outcome.file, status, counts=counts, problems=problems)
    late = any(problem.code == "D2" for problem in problems)
    known = report.published_on is not None and report.year is not None
    return Entry(
        outcome.file,
        status,
        agency=(report.agency or "").strip() or None,
        year=report.year,
        kind=report.kind,
        format=report.format,
        published_on=report.published_on,
        counts=counts,
        timely=False if late else (True if known else None),
        problems=problems,
        page=page,
        report=slim(report),
    )


def key_metrics() -> tuple[Metric, ...]:
    """The measures the review shows: those the metric dictionary marks as key."""
    return tuple(metric for metric in metrics() if metric.key)


def finish(entries: Sequence[Entry]) -> list[Entry]:
    """The entries with their key indicators and agency group, by agency, year and file.

    The slim reports are dropped: the indicators are all the outputs need of them.
    """
    previous = previous_reports([e.report for e in entries])
    names = match_agencies(e.agency for e in entries if e.agency)
    shown = {metric.id for metric in key_metrics()}
    done = []
    for item, earlier in zip(entries, previous, strict=True):
        values: dict[str, Decimal | None] = {}
        if item.report is not None:
            every = indicators(item.report, earlier)
            values = {key: value for key, value in every.items() if key in shown}
        group = names.groups.get(item.agency, item.agency) if item.agency else ""
        done.append(attrs.evolve(item, report=None, indicators=values, group=group))
    return sorted(done, key=_order)


def _order(item: Entry) -> tuple[bool, str, int, str]:
    """Readable reports by agency group and year; the rest (no agency) after, by file."""
    return (not item.group, item.group, item.year or 0, item.file)
