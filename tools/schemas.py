"""The JSON Schemas gkreport ships, built from the forms and the rule catalog.

Build-time only: `tools/generate.py` writes them to ``gkreport/schemas`` (``schemas/``
at the top level is a link to that folder), and the runtime reads the files through
`gkreport._schema`. ``report-<format>`` describes one format's report, ``report`` either
format chosen by ``format``, ``findings`` what `gkreport.validate` returns (its ``Line``
definition one line of ``gkreport validate --json``).
"""

from __future__ import annotations

import json
from typing import Any, get_args

from gkreport._cli.walk import SKIPPED
from gkreport._forms import layout
from gkreport._forms.layout import Group, Kind, Row
from gkreport._model import NoteKind
from gkreport._schema import SCHEMA_BASE
from gkreport._validation.catalog import CATALOG
from gkreport._validation.finding import Severity

__all__ = ["dump_json", "either_schema", "findings_schema", "report_schema", "schema_documents"]


# --- reports -------------------------------------------------------------------------------


def _cell_schema(cell: layout.Cell) -> dict[str, Any]:
    types = {
        Kind.COUNT: {"type": ["integer", "null"], "minimum": 0},
        Kind.SIGNED: {"type": ["integer", "null"]},
        Kind.MONEY: {"type": ["number", "null"], "minimum": 0},
        Kind.TEXT: {"type": ["string", "null"]},
    }
    return {"title": cell.label, **types[cell.kind]}


def _node_schema(node: Row | Group) -> dict[str, Any]:
    if isinstance(node, Row):
        properties = {c.id: _cell_schema(c) for c in node.cells}
    else:
        properties = {c.id: {"title": c.label, "$ref": f"#/$defs/{c.model}"} for c in node.children}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _nullable_string(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": title, "type": ["string", "null"], **extra}


def report_schema(fmt: layout.Format) -> dict[str, Any]:
    """The Draft 2020-12 schema of one format's report."""
    defs: dict[str, Any] = {}

    def collect(node: Row | Group) -> None:
        defs[node.model] = _node_schema(node)
        if isinstance(node, Group):
            for child in node.children:
                collect(child)

    for section in fmt.sections:
        collect(section)
    labels = {field: zh for field, zh, _ in layout.METADATA}
    properties: dict[str, Any] = {
        "format": {"title": f"报告格式（{fmt.notice}）", "const": fmt.id},
        "agency": _nullable_string(labels["agency"]),
        "year": {
            "title": labels["year"],
            "type": ["integer", "null"],
            "minimum": layout.YEARS[0],
            "maximum": layout.YEARS[-1],
        },
        "kind": {
            "title": labels["kind"],
            "description": "; ".join(f"{k}: {zh}" for k, (zh, _) in layout.KINDS.items()),
            "enum": [*layout.KINDS, None],
        },
        "title": _nullable_string(labels["title"]),
        "published_on": _nullable_string(
            labels["published_on"], format="date", pattern=r"^\d{4}-\d{2}-\d{2}$"
        ),
        "url": _nullable_string(labels["url"]),
        "text": {
            "title": "报告正文（六个部分，不含表格）",
            "type": "object",
            "properties": {p.id: _nullable_string(p.label) for p in layout.PARTS},
            "additionalProperties": False,
        },
        **{s.id: {"title": s.label, "$ref": f"#/$defs/{s.model}"} for s in fmt.sections},
        "notes": {
            "title": "附注（表格容纳不了的原文）",
            "type": "array",
            "items": {"$ref": "#/$defs/Note"},
        },
    }
    defs["Note"] = {
        "type": "object",
        "description": "Source text the tables cannot hold, kept beside the cell it belongs to.",
        "properties": {
            "path": {"type": "string", "description": "JSON pointer of the value it belongs to"},
            "raw": {"type": "string", "description": "the text as found in the source"},
            "source": {"type": ["string", "null"], "description": "where: 'line 57', 'Sheet!C12'"},
            "message": {"type": ["string", "null"]},
            "kind": {
                "enum": [*get_args(NoteKind), None],
                "description": (
                    "omitted (or null) for a plain note; 'unread': a row of the form seen in "
                    "the source whose values could not be captured (its cells stay null and "
                    "are not blank); 'implausible': a value kept out of its cell because it "
                    "cannot be a count"
                ),
            },
        },
        "required": ["path", "raw"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}report-{fmt.id}.schema.json",
        "title": f"政府信息公开工作年度报告（{fmt.id}年格式，{fmt.notice}）",
        "type": "object",
        "properties": properties,
        "required": ["format"],
        "additionalProperties": False,
        "$defs": defs,
    }


def either_schema() -> dict[str, Any]:
    """``report.schema.json``: a report of either format, chosen by ``format``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}report.schema.json",
        "title": "政府信息公开工作年度报告",
        "type": "object",
        "properties": {"format": {"enum": sorted(layout.FORMATS)}},
        "required": ["format"],
        "allOf": [
            {
                "if": {"properties": {"format": {"const": fid}}, "required": ["format"]},
                "then": {"$ref": f"{SCHEMA_BASE}report-{fid}.schema.json"},
            }
            for fid in sorted(layout.FORMATS, reverse=True)
        ],
    }


# --- the schema of ValidationResult.to_dict() ------------------------------------------------


_RESULT_REQUIRED = ["ok", "format", "counts", "findings"]
_RESULT_PROPERTIES: dict[str, Any] = {
    "ok": {"type": "boolean", "description": "true when no finding is an error"},
    "format": {"enum": [*sorted(layout.FORMATS), None]},
    "counts": {
        "type": "object",
        "properties": {s.value: {"type": "integer", "minimum": 0} for s in Severity},
        "required": [s.value for s in Severity],
        "additionalProperties": False,
    },
    "findings": {"type": "array", "items": {"$ref": "#/$defs/Finding"}},
}


def findings_schema() -> dict[str, Any]:
    """``findings.schema.json``: the shape of `ValidationResult.to_dict`."""
    value = {"type": ["integer", "string", "null"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE}findings.schema.json",
        "title": "gkreport validation result",
        "description": (
            "What gkreport.validate found in one report. expected/actual are integers for "
            "counts and strings otherwise: amounts as exact decimal strings, percentages as "
            "'4.34%', dates as YYYY-MM-DD."
        ),
        "type": "object",
        "properties": _RESULT_PROPERTIES,
        "required": _RESULT_REQUIRED,
        "additionalProperties": False,
        "$defs": {
            "Finding": {
                "type": "object",
                "properties": {
                    "code": {
                        "enum": [rule.code for rule in CATALOG],
                        "description": "the rule (docs/rules.md)",
                    },
                    "severity": {"enum": [s.value for s in Severity]},
                    "path": {"type": "string", "description": "JSON pointer into the report"},
                    "label": {"type": "string", "description": "official row × column labels"},
                    "location": {
                        "type": ["string", "null"],
                        "description": (
                            "source cell or line ('二三四!D17', 'line 57'), else the template cell"
                        ),
                    },
                    "message": {"type": "string", "description": "in Chinese"},
                    "message_en": {"type": "string", "description": "in English"},
                    "expected": value,
                    "actual": value,
                    "equation": {
                        "type": ["string", "null"],
                        "description": (
                            "the identity with the printed numbers (空白 = blank, counted as 0)"
                        ),
                    },
                    "cells": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "every JSON pointer the finding ties together",
                    },
                    "paths": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": (
                            "every JSON pointer the problem affects, in table order (the "
                            "cells of a blank column, say); path is the primary one"
                        ),
                    },
                    "explains": {
                        "type": "array",
                        "items": {"$ref": "#/$defs/Finding"},
                        "description": (
                            "the findings this one is the cause of, folded into it and not "
                            "counted (the identities a wrong or blank cell breaks)"
                        ),
                    },
                },
                "required": [
                    "code",
                    "severity",
                    "path",
                    "label",
                    "location",
                    "message",
                    "message_en",
                    "expected",
                    "actual",
                    "equation",
                    "cells",
                    "paths",
                    "explains",
                ],
                "additionalProperties": False,
            },
            "Line": _json_lines_schema(),
        },
    }


def _json_lines_schema() -> dict[str, Any]:
    """One line of ``gkreport validate --json``: a result, an unreadable or skipped file, a check.

    A line wraps this schema's root object (``ok``, ``format``, ``counts``,
    ``findings``) with the file it is about, or with the check across files
    (``--series``, ``--rollup``) and the files it compared; with ``--series``, a
    report in no series has a line saying why, so no input is left out in silence. A file
    found in a folder and not read on purpose is a line of its own, with why.
    """
    name = {"type": "string", "description": "the input as given, folders walked"}
    return {
        "description": "one line of `gkreport validate --json` (JSON Lines)",
        "oneOf": [
            {
                "description": "a file's validation result",
                "type": "object",
                "properties": {"file": name, **_RESULT_PROPERTIES},
                "required": ["file", *_RESULT_REQUIRED],
                "additionalProperties": False,
            },
            {
                "description": "a file that could not be read",
                "type": "object",
                "properties": {"file": name, "error": {"type": "string"}},
                "required": ["file", "error"],
                "additionalProperties": False,
            },
            {
                "description": (
                    "a file found in a folder and not read on purpose: a type no reader "
                    "is registered for, or an Office lock file (~$…); it changes no exit "
                    "status (hidden entries, named with a leading dot, are not listed)"
                ),
                "type": "object",
                "properties": {"file": name, "skipped": {"enum": list(SKIPPED)}},
                "required": ["file", "skipped"],
                "additionalProperties": False,
            },
            {
                "description": (
                    "a check across files: --series (one agency), --rollup or --copies (one "
                    "line per report whose text repeats another agency's)"
                ),
                "type": "object",
                "properties": {
                    "check": {"enum": ["series", "rollup", "copies"]},
                    "name": {"type": "string"},
                    "files": {"type": "array", "items": name},
                    "agencies": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "--series: each file's agency as its report names it",
                    },
                    "years": {
                        "type": "array",
                        "items": {"type": "integer"},
                        "description": "--series: each file's report year",
                    },
                    "candidates": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": (
                            "--series: the longer agency names this one could stand for "
                            "(several cities have a 鼓楼区); the series is joined to none"
                        ),
                    },
                    "error": {"type": "string", "description": "why the check could not run"},
                    **_RESULT_PROPERTIES,
                },
                "required": ["check", "name", "files"],
                "additionalProperties": False,
                "oneOf": [{"required": _RESULT_REQUIRED}, {"required": ["error"]}],
            },
            _left_out_schema(name),
        ],
    }


def _left_out_schema(name: dict[str, Any]) -> dict[str, Any]:
    """A ``--series`` line for a report in no series: the file and why it was left out."""
    reasons = ["unreadable", "not_a_report", "no_agency", "no_year", "ambiguous", "single_year"]
    return {
        "description": "--series: a report left out of every series, and why",
        "type": "object",
        "properties": {
            "check": {"const": "series"},
            "file": name,
            "left_out": {
                "enum": reasons,
                "description": (
                    "unreadable / not_a_report: no report to place; no_agency, no_year: "
                    "the report does not say; ambiguous: its agency name could be several "
                    "agencies of the run (candidates); single_year: the only report of its agency"
                ),
            },
            "agency": {"type": ["string", "null"], "description": "the agency as written"},
            "year": {"type": ["integer", "null"]},
            "candidates": {
                "type": "array",
                "items": {"type": "string"},
                "description": "ambiguous: the agency names it could stand for",
            },
            "message": {"type": "string"},
            "message_en": {"type": "string"},
        },
        "required": ["check", "file", "left_out", "agency", "year", "message", "message_en"],
        "additionalProperties": False,
    }


# --- every schema ----------------------------------------------------------------------------


def schema_documents() -> dict[str, dict[str, Any]]:
    """Every schema this package ships, by file stem."""
    docs = {"report": either_schema()}
    docs.update({f"report-{fid}": report_schema(fmt) for fid, fmt in layout.FORMATS.items()})
    docs["findings"] = findings_schema()
    return docs


def dump_json(document: object) -> str:
    """How every generated JSON file is written: stable, readable, UTF-8."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
