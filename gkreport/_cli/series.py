"""``gkreport validate --series``: group a run's reports by agency, compare each agency's years.

The agencies are matched by `gkreport._validation.agencies` (洪泽区人民政府 and
淮安市洪泽区人民政府 are one agency), and every series line names the agency
string of each file it compared. A report that joins no series is never dropped
in silence: it gets a line of its own saying why (`LEFT_OUT`), so every input of
the run is accounted for, in a series or left out of one.

Series lines come sorted by name, then the left-out lines in input order: the
output does not depend on how many processes checked the files.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, cast

from gkreport._cli.batch import FileResult, check_line, report_of
from gkreport._model import Report
from gkreport._validation.agencies import match_agencies

__all__ = ["LEFT_OUT", "series_checks"]

#: Why a report is in no series: the reason's code, with its message in Chinese and English.
LEFT_OUT = {
    "unreadable": ("文件无法读取，未纳入连续年度比较", "the file could not be read"),
    "not_a_report": (
        "报告不符合数据格式（见其检查结果），未纳入连续年度比较",
        "the report does not fit the model (see its findings)",
    ),
    "no_agency": (
        "报告未写明机关名称，无法归入连续年度比较",
        "the report names no agency, so it cannot be placed in a series",
    ),
    "no_year": (
        "报告未写明年度，无法归入连续年度比较",
        "the report gives no year, so it cannot be placed in a series",
    ),
    "ambiguous": (
        "机关名称“{agency}”可能是{candidates_zh}，无法确定是哪一个，未纳入连续年度比较",
        "the agency name {agency} could be {candidates_en}: it is matched to none of them",
    ),
    "single_year": (
        "本次只有“{agency}”{year}年的这一份报告，没有其他年度可比",
        "the only report of {agency} in this run ({year}): no other year to compare with",
    ),
}


def _left_out(
    outcome: FileResult,
    reason: str,
    agency: str | None = None,
    year: int | None = None,
    candidates: Sequence[str] = (),
) -> dict[str, Any]:
    """The JSON line of a report left out of every series, with why."""
    zh, en = LEFT_OUT[reason]
    fields = {
        "agency": agency,
        "year": year,
        "candidates_zh": "或".join(f"“{name}”" for name in candidates),
        "candidates_en": " or ".join(candidates),
    }
    line: dict[str, Any] = {
        "check": "series",
        "file": outcome.file,
        "left_out": reason,
        "agency": agency,
        "year": year,
    }
    if candidates:
        line["candidates"] = list(candidates)
    return {**line, "message": zh.format(**fields), "message_en": en.format(**fields)}


def _agency_and_year(outcome: FileResult) -> tuple[str | None, int | None] | None:
    """The agency and year of a report that fits the model, without unpacking it; else None."""
    if outcome.kept is not None:
        return outcome.kept.agency, outcome.kept.year
    if outcome.report is not None:
        return outcome.report.get("agency"), outcome.report.get("year")
    return None


def series_checks(
    outcomes: Sequence[FileResult], *, left_out_lines: bool = False
) -> list[dict[str, Any]]:
    """Group the reports by agency and compare each agency's consecutive years.

    Agencies are matched by name (`match_agencies`); a group of two or more
    reports is a series, checked by `gkreport.validate_series` (which reports,
    as the line's ``error``, two reports of one year). Its line names, for each
    file, the agency as written and the year, and, for a name that could be
    several agencies, the ``candidates`` it was not joined to. With ``left_out_lines`` (the
    command), every other report follows with a line giving its reason (`LEFT_OUT`).
    """
    from gkreport._validation.engine import validate_series  # noqa: PLC0415

    placed: list[tuple[FileResult, int, str]] = []  # (outcome, year, agency stripped)
    left_out: dict[str, dict[str, Any]] = {}
    for outcome in outcomes:
        found = _agency_and_year(outcome)
        if found is None:
            reason = "unreadable" if outcome.error is not None else "not_a_report"
            left_out[outcome.file] = _left_out(outcome, reason)
            continue
        agency, year = found
        name = (agency or "").strip()
        if not name:
            left_out[outcome.file] = _left_out(outcome, "no_agency", agency, year)
        elif year is None:
            left_out[outcome.file] = _left_out(outcome, "no_year", agency, year)
        else:
            placed.append((outcome, year, name))
    matching = match_agencies(name for _, _, name in placed)
    groups: dict[str, list[tuple[FileResult, int, str]]] = {}
    for outcome, year, name in placed:
        groups.setdefault(matching.groups[name], []).append((outcome, year, name))
    lines = []
    for members in groups.values():
        members.sort(key=lambda member: (member[1], member[0].file))
        candidates = matching.ambiguous.get(members[-1][2], ())  # one key: all or none
        if len(members) == 1:
            outcome, year, _ = members[0]
            reason = "ambiguous" if candidates else "single_year"
            written = (_agency_and_year(outcome) or (None, None))[0]
            left_out[outcome.file] = _left_out(outcome, reason, written, year, candidates)
            continue
        # unpacked only now, a group at a time (`batch.Kept`)
        reports = [cast(Report, report_of(outcome)) for outcome, _, _ in members]
        line = check_line(
            "series",
            members[-1][2],  # the latest report's name for the agency
            [outcome.file for outcome, _, _ in members],
            functools.partial(validate_series, reports),
        )
        head = {key: line.pop(key) for key in ("check", "name", "files")}
        agencies = [name for _, _, name in members]
        head.update(agencies=agencies, years=[year for _, year, _ in members])
        if candidates:  # compared among themselves, joined to none of the longer names
            head["candidates"] = list(candidates)
        lines.append({**head, **line})
    lines.sort(key=lambda line: (line["name"], line["files"]))
    if not left_out_lines:
        return lines
    return lines + [left_out[outcome.file] for outcome in outcomes if outcome.file in left_out]
