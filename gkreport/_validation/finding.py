"""What validation gives back: `Severity`, `Finding` and `ValidationResult`.

These are public types (exported by `gkreport`); they sit in a module of their own,
apart from the engine that makes them and the checks that feed it, so that
the result's shape has one home. ``findings.schema.json`` describes their
``to_dict`` output.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = ["Finding", "Severity", "ValidationResult"]


class Severity(str, enum.Enum):
    """How bad a finding is: an error breaks a rule of the form, a warning needs a look."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen
class Finding:
    """One problem found in a report, ready to show next to the right cell.

    ``path`` is a JSON pointer into the report; ``cells`` lists every pointer the
    finding ties together (the failing equation's cells, the cells a sentence
    contradicts). ``location`` is where it is in the report's own source
    (`gkreport._validation.locations`): ``二三四!D17``, ``line 57``, ``table 2 row 6
    column 3``, ``p.3``, or the JSON pointer for JSON and reports not read from a file.

    One problem is one finding: ``paths`` lists every pointer the problem affects,
    in table order, ``path`` first among them as the primary one (a blank column's
    eleven cells, say); ``explains`` holds the findings it is the cause of, folded
    into it rather than counted beside it (the F2 failures of rows whose 总计 was
    left blank, the identities one wrong cell breaks).

    ``fingerprint`` names the problem stably across runs, files and resubmissions
    (`gkreport._validation.fingerprint`): what a reviewer's accept file lists.
    """

    code: str
    severity: str  # "error" | "warning" | "info"
    path: str
    label: str
    location: str | None
    message: str
    message_en: str
    expected: int | str | None = None
    actual: int | str | None = None
    equation: str | None = None
    cells: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    explains: tuple[Finding, ...] = ()
    fingerprint: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON-safe data (the ``Finding`` of ``findings.schema.json``)."""
        return {
            **attrs.asdict(self, recurse=False),
            "cells": list(self.cells),
            "paths": list(self.paths or (self.path,)),
            "explains": [finding.to_dict() for finding in self.explains],
        }


@attrs.frozen
class ValidationResult:
    """Every finding about a report (or a series, or a roll-up), in a stable order."""

    findings: tuple[Finding, ...]
    format: str | None = None

    @property
    def ok(self) -> bool:
        """True when nothing is an error (warnings and infos allowed)."""
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        """The findings of severity ``error``."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The findings of severity ``warning``."""
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def infos(self) -> list[Finding]:
        """The findings of severity ``info``."""
        return [f for f in self.findings if f.severity == "info"]

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-safe data matching ``findings.schema.json``, with the versions."""
        from gkreport._ruledata import versions  # noqa: PLC0415 - read on first use

        return {
            "ok": self.ok,
            "format": self.format,
            "counts": {
                "error": len(self.errors),
                "warning": len(self.warnings),
                "info": len(self.infos),
            },
            "findings": [f.to_dict() for f in self.findings],
            **versions(),
        }
