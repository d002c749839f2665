"""What a reviewer sees of a run: the rules selected, the severities shown, the accepted.

``validate`` (and ``review``) hand every result through one `Triage`, built from
``--select``/``--ignore`` (`Selection`), ``-q``/``-v`` (the severities shown) and
``--accept`` (fingerprints let stand, with why):

* a finding of a rule not selected, or of a severity not shown, is left out; what it
  explains that is kept takes its place (`selection.keep`);
* an accepted finding stays, marked ``"accepted": {"reason": …}`` (in the JSON
  Lines and the table alike), and is not counted: neither in ``counts`` and ``ok``
  of its record, nor in the summary, nor in the exit status. A supervising office
  sees what it accepted, and why, every time, so an acceptance is never forgotten.

Results are the plain dicts of ``ValidationResult.to_dict`` as the batch runner
returns them; a record's ``ok`` and ``counts`` are recomputed from what is kept
and not accepted, so a line always agrees with its own findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from gkreport._cli import batch
from gkreport._validation.finding import Severity
from gkreport._validation.selection import Selection, keep
from gkreport._words import COMMAND, Lang

__all__ = [
    "ALL",
    "ERRORS",
    "PEOPLE",
    "Counting",
    "Reviewed",
    "Triage",
    "accepted_count",
    "counted",
    "standing_cross",
    "summary_lines",
]

#: The severities shown: ``-q``; a table (info only with ``-v``); ``--json`` or ``-v``.
ERRORS = frozenset({Severity.ERROR.value})
PEOPLE = frozenset({Severity.ERROR.value, Severity.WARNING.value})
ALL = frozenset(s.value for s in Severity)


@attrs.frozen
class Reviewed:
    """A whole run as the reviewer sees it: what to print, what it counts, the exit status.

    ``outcomes`` and ``cross`` (the checks across files) are triaged; ``summary`` and
    ``cross_errors`` count neither the accepted findings nor those left out; ``lines``
    say, after the summary, how many were accepted and how many the level hid.
    """

    outcomes: list[batch.FileResult]
    cross: list[dict[str, Any]]
    summary: batch.Summary
    cross_errors: int
    lines: list[str]


@attrs.frozen
class Triage:
    """The reviewer's choices, applied to each result (see the module docstring)."""

    selection: Selection = attrs.field(factory=Selection)
    severities: frozenset[str] = ALL
    accepted: Mapping[str, str | None] = attrs.field(factory=dict)

    @property
    def changes_nothing(self) -> bool:
        """Every rule, every severity, nothing accepted: each result shown as it is."""
        return self.selection == Selection() and self.severities == ALL and not self.accepted

    def findings(self, findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """The findings shown, accepted ones marked (nested ones too)."""
        kept = keep(
            findings,
            lambda f: (
                self.selection.wants(str(f.get("code", "")))
                and f.get("severity") in self.severities
            ),
        )
        return [self._marked(finding) for finding in kept] if self.accepted else kept

    def _marked(self, finding: dict[str, Any]) -> dict[str, Any]:
        marked = dict(finding)
        fingerprint = str(finding.get("fingerprint", ""))
        if fingerprint in self.accepted:
            marked["accepted"] = {"reason": self.accepted[fingerprint]}
        if finding.get("explains"):
            marked["explains"] = [self._marked(inner) for inner in finding["explains"]]
        return marked

    def result(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """A record with ``findings`` triaged and its ``ok`` and ``counts`` to match."""
        data = dict(record)
        if "findings" not in data:  # an unreadable file, a check that did not run …
            return data
        shown = self.findings(data["findings"])
        standing = [f for f in shown if "accepted" not in f]
        data["findings"] = shown
        if "counts" in data:
            data["counts"] = {s.value: _count(standing, s.value) for s in Severity}
        if "ok" in data:
            data["ok"] = not _count(standing, Severity.ERROR.value)
        return data

    def outcome(self, outcome: batch.FileResult) -> batch.FileResult:
        """A file's outcome, its result triaged."""
        if outcome.result is None:
            return outcome
        return attrs.evolve(outcome, result=self.result(outcome.result))

    def hidden(self, findings: Iterable[dict[str, Any]]) -> int:
        """How many of ``findings`` the selection keeps but the severities shown leave out."""
        every = list(findings)
        wanted = keep(every, lambda f: self.selection.wants(str(f.get("code", ""))))
        return max(0, len(wanted) - len(self.findings(every)))

    def run(
        self,
        outcomes: Sequence[batch.FileResult],
        cross: Sequence[dict[str, Any]],
        lang: Lang,
    ) -> Reviewed:
        """Every outcome and check across files of a run through the triage, and their summary."""
        counting = Counting(self)
        shown_outcomes = [counting(outcome) for outcome in outcomes]
        shown_cross = counting.cross(cross)
        cross_findings, cross_errors = standing_cross(shown_cross)
        summary = batch.Summary.of([counted(o) for o in shown_outcomes], cross_findings)
        lines = counting.lines(lang)
        return Reviewed(shown_outcomes, shown_cross, summary, cross_errors, lines)


@attrs.define
class Counting:
    """A `Triage` applied to each outcome of a streamed run as it comes (`batch.stream`).

    Nothing of an outcome is kept: only how many findings were accepted and how
    many the severities shown left out, for the summary's lines at the end.
    """

    triage: Triage
    accepted: int = 0
    hidden: int = 0

    def __call__(self, outcome: batch.FileResult) -> batch.FileResult:
        """The outcome as shown, counted."""
        self.hidden += self.triage.hidden(outcome.findings)
        shown = self.triage.outcome(outcome)
        self.accepted += accepted_count(shown.findings)
        return shown

    def cross(self, checks: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """The checks across files as shown, counted."""
        self.hidden += sum(self.triage.hidden(check.get("findings", ())) for check in checks)
        shown = [self.triage.result(check) for check in checks]
        self.accepted += sum(accepted_count(check.get("findings", ())) for check in shown)
        return shown

    def lines(self, lang: Lang) -> list[str]:
        """The summary's lines on what was accepted and what was left out (`summary_lines`)."""
        return summary_lines(self.accepted, self.hidden, lang)


def standing_cross(checks: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The findings of the checks across files that count (not accepted), and the errors.

    The errors are the counted findings of severity error and the checks that could not
    run (an ``error`` of their own): what the exit status counts beside the files'.
    """
    findings = [f for check in checks for f in check.get("findings", ()) if "accepted" not in f]
    errors = sum(1 for f in findings if f.get("severity") == "error")
    return findings, errors + sum(1 for check in checks if "error" in check)


def counted(outcome: batch.FileResult) -> batch.FileResult:
    """An outcome without its accepted findings: what the summary and exit status count."""
    if outcome.result is None:
        return outcome
    findings = [f for f in outcome.findings if "accepted" not in f]
    return attrs.evolve(outcome, result={**outcome.result, "findings": findings})


def accepted_count(findings: Iterable[dict[str, Any]]) -> int:
    """How many of ``findings`` (not those nested in them) are accepted."""
    return sum(1 for finding in findings if "accepted" in finding)


def summary_lines(accepted: int, hidden: int, lang: Lang) -> list[str]:
    """The summary's lines on what was accepted and what the severities shown left out."""
    words = COMMAND[lang]
    lines = [words["accepted_line"].format(count=accepted)] if accepted else []
    return lines + ([words["hidden_line"].format(count=hidden)] if hidden else [])


def _count(findings: Iterable[dict[str, Any]], severity: str) -> int:
    return sum(1 for finding in findings if finding.get("severity") == severity)
