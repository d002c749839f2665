"""The JSON Schemas gkreport ships, built from the forms and the rule catalog.

Build-time only: `tools/generate.py` writes them to ``gkreport/schemas`` (``schemas/``
at the top level is a link to that folder), and the runtime reads the files through
`gkreport._schema`. ``report-<format>`` describes one format's report, ``report`` either
format chosen by ``format``, ``findings`` what `gkreport.validate` returns, ``record`` any
line of ``gkreport validate --json``, ``service-result`` and ``error`` the answers of
``gkreport serve`` (a validation with the file it read; a 4xx/5xx).

Every file stands on its own, for any validator of any language: no ``$ref`` leaves its
file (``report`` embeds both formats), and no keyword Ajv's strict mode refuses (a union
``type`` array is an ``anyOf``; a keyword for objects or strings sits beside its ``type``).
"""

from __future__ import annotations

import json
from typing import Any, get_args

from gkreport._cli.walk import SKIPPED
from gkreport._forms import layout
from gkreport._forms.layout import Group, Kind, Row
from gkreport._model import NoteKind
from gkreport._schema import SCHEMA_BASE
from gkreport._service.errors import CODES, HTTP_CODE
from gkreport._service.jobs import BODY, UPLOAD
from gkreport._validation.catalog import CATALOG
from gkreport._validation.finding import Severity

__all__ = [
    "dump_json",
    "either_schema",
    "error_schema",
    "findings_schema",
    "nullable",
    "record_schema",
    "report_schema",
    "schema_documents",
    "service_result_schema",
]

DRAFT = "https://json-schema.org/draft/2020-12/schema"


# --- reports -------------------------------------------------------------------------------


_NULL = {"type": "null"}


def nullable(title: str | None = None, /, **base: Any) -> dict[str, Any]:
    """``base`` or null, as ``anyOf``: Ajv's strict mode refuses a union ``type`` array."""
    head = {"title": title} if title else {}
    description = base.pop("description", None)
    if description:
        head["description"] = description
    return {**head, "anyOf": [base, _NULL]}


def _cell_schema(cell: layout.Cell) -> dict[str, Any]:
    types = {
        Kind.COUNT: {"type": "integer", "minimum": 0},
        Kind.SIGNED: {"type": "integer"},
        Kind.MONEY: {"type": "number", "minimum": 0},
        Kind.TEXT: {"type": "string"},
    }
    return nullable(cell.label, **types[cell.kind])


def _node_schema(node: Row | Group) -> dict[str, Any]:
    if isinstance(node, Row):
        properties = {c.id: _cell_schema(c) for c in node.cells}
    else:
        properties = {c.id: {"title": c.label, "$ref": f"#/$defs/{c.model}"} for c in node.children}
    return {"type": "object", "properties": properties, "additionalProperties": False}


def _nullable_string(title: str, **extra: Any) -> dict[str, Any]:
    return nullable(title, type="string", **extra)


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
        "year": nullable(
            labels["year"], type="integer", minimum=layout.YEARS[0], maximum=layout.YEARS[-1]
        ),
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
            "source": nullable(type="string", description="where: 'line 57', 'Sheet!C12'"),
            "message": nullable(type="string"),
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
        "$schema": DRAFT,
        "$id": f"{SCHEMA_BASE}report-{fmt.id}.schema.json",
        "title": f"政府信息公开工作年度报告（{fmt.id}年格式，{fmt.notice}）",
        "type": "object",
        "properties": properties,
        "required": ["format"],
        "additionalProperties": False,
        "$defs": defs,
    }


def _embedded(fmt: layout.Format) -> dict[str, Any]:
    """One format's schema as a definition of ``report.schema.json``: no ``$id``, refs re-rooted.

    Each file stands alone (no registry, no network: issue 15), so ``report.schema.json``
    carries both formats itself instead of referring to the per-format files by URL.
    """
    document = report_schema(fmt)
    del document["$schema"], document["$id"]
    here = f"#/$defs/{_format_def(fmt.id)}/$defs/"
    text = json.dumps(document, ensure_ascii=False).replace('"#/$defs/', f'"{here}')
    embedded: dict[str, Any] = json.loads(text)
    return embedded


def _format_def(format_id: str) -> str:
    return f"report-{format_id}"


def either_schema() -> dict[str, Any]:
    """``report.schema.json``: a report of either format, chosen by ``format``."""
    return {
        "$schema": DRAFT,
        "$id": f"{SCHEMA_BASE}report.schema.json",
        "title": "政府信息公开工作年度报告",
        "type": "object",
        "properties": {"format": {"enum": sorted(layout.FORMATS)}},
        "required": ["format"],
        "allOf": [
            {
                "if": {
                    "type": "object",
                    "properties": {"format": {"const": fid}},
                    "required": ["format"],
                },
                "then": {"$ref": f"#/$defs/{_format_def(fid)}"},
            }
            for fid in sorted(layout.FORMATS, reverse=True)
        ],
        "$defs": {
            _format_def(fid): _embedded(layout.FORMATS[fid])
            for fid in sorted(layout.FORMATS, reverse=True)
        },
    }


# --- what validation prints: ValidationResult.to_dict() and each line of --json ---------------

#: Every record gkreport writes (a result, each JSON line) says what made it.
_VERSIONS: dict[str, Any] = {
    "gkreport_version": {
        "type": "string",
        "description": "the gkreport that wrote the record (gkreport.__version__)",
    },
    "rules_version": {
        "type": "string",
        "description": "the rule catalog's version (rules.json's version; a hash of the catalog)",
    },
}
_VERSIONS_REQUIRED = list(_VERSIONS)

_RESULT_REQUIRED = ["ok", "format", "counts", "findings", *_VERSIONS_REQUIRED]
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
    **_VERSIONS,
}

#: The fields of a finding every result has (all required) ...
_FINDING_FIELDS: dict[str, Any] = {
    "code": {"enum": [rule.code for rule in CATALOG], "description": "the rule (docs/rules.md)"},
    "severity": {"enum": [s.value for s in Severity]},
    "path": {"type": "string", "description": "JSON pointer into the report"},
    "label": {"type": "string", "description": "official row × column labels"},
    "location": nullable(
        type="string",
        description=(
            "where in the report's own source: a workbook cell ('二三四!D17'), "
            "'line 57', 'table 2 row 6 column 3', 'p.3', or for JSON the pointer"
        ),
    ),
    "message": {"type": "string", "description": "in Chinese"},
    "message_en": {"type": "string", "description": "in English"},
    "expected": {"anyOf": [{"type": "integer"}, {"type": "string"}, _NULL]},
    "actual": {"anyOf": [{"type": "integer"}, {"type": "string"}, _NULL]},
    "equation": nullable(
        type="string",
        description="the identity with the printed numbers (空白 = blank, counted as 0)",
    ),
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
    "fingerprint": {
        "type": "string",
        "pattern": "^[0-9a-f]{16}$",
        "description": (
            "names the problem across runs and resubmissions: made of the agency's "
            "normalised name, the year, the rule, the pointers and the values involved, "
            "not of the file, the location or the wording (what --accept lists)"
        ),
    },
}
#: ... and those a finding may leave out: one line each, e.g. ``"paths": {...},``.
_FINDING_OPTIONAL: dict[str, Any] = {
    "accepted": {
        "type": "object",
        "properties": {"reason": nullable(type="string")},
        "required": ["reason"],
        "additionalProperties": False,
        "description": (
            "validate --accept only: the reviewer let this finding stand (its fingerprint is "
            "in the accept file), with the reason given there; listed, not counted"
        ),
    },
}


def _finding_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {**_FINDING_FIELDS, **_FINDING_OPTIONAL},
        "required": list(_FINDING_FIELDS),
        "additionalProperties": False,
    }


def findings_schema() -> dict[str, Any]:
    """``findings.schema.json``: the shape of `ValidationResult.to_dict` (one report's result)."""
    return {
        "$schema": DRAFT,
        "$id": f"{SCHEMA_BASE}findings.schema.json",
        "title": "gkreport validation result",
        "description": (
            "What gkreport.validate found in one report (ValidationResult.to_dict(); the HTTP "
            "service answers it with file: service-result.schema.json). expected/actual are "
            "integers for counts and strings "
            "otherwise: amounts as exact decimal strings, percentages as '4.34%', dates as "
            "YYYY-MM-DD."
        ),
        "type": "object",
        "properties": _RESULT_PROPERTIES,
        "required": _RESULT_REQUIRED,
        "additionalProperties": False,
        "$defs": {"Finding": _finding_schema()},
    }


def record_schema() -> dict[str, Any]:
    """``record.schema.json``: any one line of ``gkreport validate --json``.

    A line wraps the result (``findings.schema.json``'s root object: ``ok``, ``format``,
    ``counts``, ``findings``) with the file it is about, or with the check across files
    (``--series``, ``--rollup``, ``--copies``) and the files it compared; with ``--series``,
    a report in no series has a line saying why, so no input is left out in silence. A
    file found in a folder and not read on purpose is a line of its own, with why. Every
    line carries ``gkreport_version`` and ``rules_version``.
    """
    name = {"type": "string", "description": "the input as given, folders walked; - for stdin"}
    return {
        "$schema": DRAFT,
        "$id": f"{SCHEMA_BASE}record.schema.json",
        "title": "one line of `gkreport validate --json` (JSON Lines)",
        "description": (
            "Each line is one of: a file's result, an unreadable file, a file skipped on "
            "purpose, a check across files, a report left out of every series."
        ),
        "oneOf": [
            {"$ref": f"#/$defs/{kind}"}
            for kind in (
                "FileResult",
                "Unreadable",
                "Skipped",
                "CheckAcross",
                "CheckNotRun",
                "LeftOut",
            )
        ],
        "$defs": {
            "FileResult": _record(
                "a file's validation result",
                {"file": name, **_RESULT_PROPERTIES},
                ["file", *_RESULT_REQUIRED],
            ),
            "Unreadable": _record(
                "a file that could not be read",
                {"file": name, "error": {"type": "string"}},
                ["file", "error"],
            ),
            "Skipped": _record(
                (
                    "a file found in a folder and not read on purpose: a type no reader "
                    "is registered for, or an Office lock file (~$…); it changes no exit "
                    "status (hidden entries, named with a leading dot, are not listed)"
                ),
                {"file": name, "skipped": {"enum": list(SKIPPED)}},
                ["file", "skipped"],
            ),
            "CheckAcross": _check_across_schema(name, ran=True),
            "CheckNotRun": _check_across_schema(name, ran=False),
            "LeftOut": _left_out_schema(name),
            "Finding": _finding_schema(),
        },
    }


def _record(description: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    """One kind of JSON line: its fields, the versions, nothing else."""
    return {
        "description": description,
        "type": "object",
        "properties": {**properties, **_VERSIONS},
        "required": [*dict.fromkeys([*required, *_VERSIONS_REQUIRED])],
        "additionalProperties": False,
    }


def _check_across_schema(name: dict[str, Any], *, ran: bool) -> dict[str, Any]:
    """A line of a check across files: its result when it ran, else why it could not run.

    Two kinds rather than one with a ``oneOf`` of ``required`` lists, which Ajv's strict
    mode refuses (a required property must be declared beside it).
    """
    result = {key: value for key, value in _RESULT_PROPERTIES.items() if key not in _VERSIONS}
    outcome = result if ran else {"error": {"type": "string", "description": "why it did not run"}}
    return _record(
        (
            "a check across files: --series (one agency), --rollup or --copies (one "
            "line per report whose text repeats another agency's)"
            + ("" if ran else "; it could not run")
        ),
        {
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
            **outcome,
        },
        ["check", "name", "files", *outcome],
    )


def _left_out_schema(name: dict[str, Any]) -> dict[str, Any]:
    """A ``--series`` line for a report in no series: the file and why it was left out."""
    reasons = ["unreadable", "not_a_report", "no_agency", "no_year", "ambiguous", "single_year"]
    return _record(
        "--series: a report left out of every series, and why",
        {
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
            "agency": nullable(type="string", description="the agency as written"),
            "year": nullable(type="integer"),
            "candidates": {
                "type": "array",
                "items": {"type": "string"},
                "description": "ambiguous: the agency names it could stand for",
            },
            "message": {"type": "string"},
            "message_en": {"type": "string"},
        },
        ["check", "file", "left_out", "agency", "year", "message", "message_en"],
    )


# --- the answers of gkreport serve ------------------------------------------------------------


def service_result_schema() -> dict[str, Any]:
    """``service-result.schema.json``: ``POST /v1/validate``'s answer, the result with ``file``.

    The result is ``findings.schema.json``'s root object; ``file`` says what the service
    read, where a ``--json`` line has the file's name (a client has no path to give).
    """
    file_info = {
        "description": "what the service read",
        "type": "object",
        "properties": {
            "name": nullable(
                type="string", description="the upload's name as the client gave it; null for none"
            ),
            "type": {
                "type": "string",
                "pattern": "^[a-z0-9]+$",
                "description": (
                    "the reader that read it, as a suffix without its dot (xlsx, json, txt …): "
                    "told from the content, the name only breaking ties"
                ),
            },
            "bytes": {"type": "integer", "minimum": 0},
            "source": {
                "enum": [BODY, UPLOAD],
                "description": f"{BODY}: a JSON request body; {UPLOAD}: a file uploaded",
            },
        },
        "required": ["name", "type", "bytes", "source"],
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "$id": f"{SCHEMA_BASE}service-result.schema.json",
        "title": "gkreport serve: the answer of POST /v1/validate",
        "description": (
            "gkreport.validate's result (findings.schema.json) with file: what the service "
            "read. A JSON body that is not a report is answered too, with schema findings."
        ),
        "type": "object",
        "properties": {"file": {"$ref": "#/$defs/FileInfo"}, **_RESULT_PROPERTIES},
        "required": ["file", *_RESULT_REQUIRED],
        "additionalProperties": False,
        "$defs": {"FileInfo": file_info, "Finding": _finding_schema()},
    }


def error_schema() -> dict[str, Any]:
    """``error.schema.json``: every 4xx and 5xx answer of ``gkreport serve`` in JSON."""
    other = HTTP_CODE.format(status="[0-9]{3}")
    problem = {
        "type": "object",
        "properties": {
            "path": {"type": "string", "description": "JSON pointer into the payload"},
            "message": {"type": "string"},
        },
        "required": ["path", "message"],
        "additionalProperties": False,
    }
    error = {
        "type": "object",
        "properties": {
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "code": {
                "description": "; ".join(f"{code}: {when}" for code, when in CODES.items())
                + f"; {HTTP_CODE.format(status='NNN')}: another refusal of the web framework",
                "anyOf": [{"enum": list(CODES)}, {"type": "string", "pattern": f"^{other}$"}],
            },
            "message": {"type": "string", "description": "in Chinese"},
            "message_en": {"type": "string", "description": "in English"},
            "problems": {
                "type": "array",
                "items": problem,
                "description": "invalid_report: every place the payload does not fit the model",
            },
        },
        "required": ["status", "code", "message", "message_en"],
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "$id": f"{SCHEMA_BASE}error.schema.json",
        "title": "gkreport serve: an error answer (4xx, 5xx)",
        "description": (
            "What the service answers, in JSON, when it cannot do what was asked: the status "
            "again, a stable code, what went wrong in Chinese and English; never a traceback."
        ),
        "type": "object",
        "properties": {"error": error, **_VERSIONS},
        "required": ["error", *_VERSIONS_REQUIRED],
        "additionalProperties": False,
    }


# --- every schema ----------------------------------------------------------------------------


def schema_documents() -> dict[str, dict[str, Any]]:
    """Every schema this package ships, by file stem."""
    docs = {"report": either_schema()}
    docs.update({f"report-{fid}": report_schema(fmt) for fid, fmt in layout.FORMATS.items()})
    docs["findings"] = findings_schema()
    docs["record"] = record_schema()
    docs["service-result"] = service_result_schema()
    docs["error"] = error_schema()
    return docs


def dump_json(document: object) -> str:
    """How every generated JSON file is written: stable, readable, UTF-8."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
