"""``schemas/rules.json``: the rule catalog as data, and ``rule-catalog.schema.json``, its schema.

Build-time only: `tools/generate.py` writes both from `gkreport._validation.catalog`. The
data is what a system that is not Python needs to apply the arithmetic itself: every
identity of F1–F4 as terms (a cell id, its JSON pointer, a coefficient; the identity holds
when Σ coefficient × value = 0), and how a blank, a mark, a signed cell and an unknown
cell count in it. ``docs/rules.md`` (`tools.rules_page`) and the workbook's live checks
(`gkreport.excel._livechecks`) are made from this data, not from the catalog directly.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._ruledata import IDENTITY_RULES, identity_data
from gkreport._schema import SCHEMA_BASE
from gkreport._validation import catalog
from gkreport._validation.catalog import Rule
from gkreport._validation.facts import C6, C7, OTHER_GROUP
from gkreport._validation.finding import Severity
from gkreport._validation.pointer import cells
from gkreport._vocabulary import MARKS
from tools.schemas import DRAFT

__all__ = ["rule_catalog_schema", "rules_document"]


def _rule(rule: Rule) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "code": rule.code,
        "severity": rule.severity.value,
        "loose_severity": rule.loose_severity.value if rule.loose_severity else None,
        "scope": rule.scope.value,
        "formats": list(rule.formats),
        "needs": sorted(rule.needs),
        "tags": list(rule.tags),
        "title": {"zh": rule.title_zh, "en": rule.title_en},
        "message": {"zh": rule.message_zh, "en": rule.message_en},
        "formula": rule.formula,
        "basis": {"kind": rule.basis.value, "source": rule.source},
    }
    if rule.code in IDENTITY_RULES:
        entry["identities"] = {fid: identity_data(rule.code, fid) for fid in rule.formats}
    return entry


def _signed_cells() -> dict[str, list[str]]:
    return {
        fid: [p for p, info in cells(fid).by_pointer.items() if info.kind is Kind.SIGNED]
        for fid in layout.FORMATS
    }


def _arithmetic() -> dict[str, Any]:
    """How to evaluate an identity: what each value counts as, and when it is skipped."""
    return {
        "holds": (
            "an identity holds when the sum of coefficient × value over its terms is 0; "
            "one that does not hold is one finding of its rule (severity error) at its anchor"
        ),
        "read": (
            "follow the term's pointer into the payload: a missing key or a null on the way "
            "is a blank; a value on the way that is not an object, or an object or array at "
            "the cell, is unknown"
        ),
        "blank": {
            "value": 0,
            "description": "a null cell counts as 0 (and is reported on its own: blank)",
        },
        "mark": {
            "value": 0,
            "marks": sorted(MARKS),
            "description": (
                "a cell that held a mark is null with a note (no kind) whose raw is the mark "
                "(compared after NFKC, without spaces, lower case): it counts as 0, like a "
                "blank (reported as mark)"
            ),
        },
        "signed": {
            "cells": _signed_cells(),
            "description": (
                "the signed cells (2019 本年增/减) are integers that may be negative; no identity "
                "has them as a term, so they count in none (F6b checks their type)"
            ),
        },
        "unknown": (
            "an identity neither holds nor fails, and is skipped, when a term is unknown: not a "
            "number of its kind (a count is an integer ≥ 0; 12.0 is 12), unreadable (see read), "
            "a cell at or under the path of a note of kind unread, or the cell of a note of "
            "kind implausible"
        ),
        "group_row": {
            "pointer": OTHER_GROUP,
            "columns": list(C7),
            "description": (
                "a term marked group_row is a column of the （六）其他处理 group row, which a 2021 "
                "report may print instead of its three sub-rows: when a note (no kind) has this "
                "pointer and every sub-row cell under it is blank, the note's runs of digits are "
                "the group row's columns in this order if there are exactly as many, and blank "
                "otherwise; without such a note the term is blank. The workbook's live checks "
                "leave these terms out (the template always has the sub-rows)"
            ),
        },
        "finding": (
            "expected is the sum of the right-hand terms (coefficient −1) when the left has one "
            "term (the printed total), else the left's; actual is the other side"
        ),
    }


def _document_body() -> dict[str, Any]:
    return {
        "title": "gkreport rule catalog",
        "description": (
            "Every rule gkreport.validate applies, as data (generated from "
            "gkreport/_validation/catalog.py). Identity rules list each identity of each format "
            "as terms: cell id, JSON pointer, coefficient; `arithmetic` says how to evaluate "
            "them. Message templates have {named} parameters, filled by the Python engine."
        ),
        "formats": {
            fid: {"notice": fmt.notice, "features": sorted(fmt.features)}
            for fid, fmt in layout.FORMATS.items()
        },
        "columns": {"C6": list(C6), "C7": list(C7)},
        "arithmetic": _arithmetic(),
        "rules": [_rule(r) for r in catalog.CATALOG],
    }


def rules_document() -> dict[str, Any]:
    """``rules.json``: the catalog as data, with ``version``, a hash of everything else."""
    body = _document_body()
    digest = hashlib.sha256(
        json.dumps(body, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ).hexdigest()
    return {"version": digest[:16], **body}


# --- the schema of rules.json ---------------------------------------------------------------


def _i18n(description: str) -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "description": description,
        "type": "object",
        "properties": {"zh": text, "en": text},
        "required": ["zh", "en"],
        "additionalProperties": False,
    }


def _strict_object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def rule_catalog_schema() -> dict[str, Any]:
    """``rule-catalog.schema.json``: the shape of ``rules.json``."""
    string = {"type": "string"}
    strings = {"type": "array", "items": string}
    severity = {"enum": [s.value for s in Severity]}
    format_ids = sorted(layout.FORMATS)
    by_format = {"type": "object", "propertyNames": {"enum": format_ids}}
    term = _strict_object(
        {
            "cell": {"type": "string", "description": "the dotted cell id of FORMAT.md"},
            "pointer": {"type": "string", "description": "the JSON pointer of the cell"},
            "coefficient": {"enum": [1, -1]},
            "group_row": {"const": True, "description": "see arithmetic.group_row"},
        },
        ["cell", "pointer", "coefficient"],
    )
    identity = _strict_object(
        {
            "anchor": {"type": "string", "description": "the pointer a finding points at"},
            "about": {"type": "string", "description": "the column, row or block it checks"},
            "terms": {"type": "array", "items": {"$ref": "#/$defs/Term"}, "minItems": 2},
        }
    )
    rule = _strict_object(
        {
            "code": string,
            "severity": severity,
            "loose_severity": {
                "description": "the severity when the evidence is loose",
                "anyOf": [severity, {"type": "null"}],
            },
            "scope": {"enum": [s.value for s in catalog.Scope]},
            "formats": {"type": "array", "items": {"enum": format_ids}},
            "needs": {**strings, "description": "the format features the rule needs"},
            "tags": strings,
            "title": _i18n("the rule's title"),
            "message": _i18n("the message templates, with {named} parameters"),
            "formula": string,
            "basis": _strict_object(
                {"kind": {"enum": [b.value for b in catalog.Basis]}, "source": string}
            ),
            "identities": {
                **by_format,
                "description": "F1–F4: each identity of the rule, by format",
                "additionalProperties": {"type": "array", "items": {"$ref": "#/$defs/Identity"}},
            },
        },
        [
            "code",
            "severity",
            "loose_severity",
            "scope",
            "formats",
            "needs",
            "tags",
            "title",
            "message",
            "formula",
            "basis",
        ],
    )
    described = {
        "type": "object",
        "properties": {"description": string},
        "required": ["description"],
    }
    arithmetic = _strict_object(
        {
            "holds": string,
            "read": string,
            "blank": {**described, "properties": {"value": {"const": 0}, "description": string}},
            "mark": {
                **described,
                "properties": {"value": {"const": 0}, "marks": strings, "description": string},
            },
            "signed": {
                **described,
                "properties": {
                    "cells": {**by_format, "additionalProperties": strings},
                    "description": string,
                },
            },
            "unknown": string,
            "group_row": {
                **described,
                "properties": {"pointer": string, "columns": strings, "description": string},
            },
            "finding": string,
        }
    )
    return {
        "$schema": DRAFT,
        "$id": f"{SCHEMA_BASE}rule-catalog.schema.json",
        "title": "gkreport rule catalog (rules.json)",
        "description": (
            "The shape of schemas/rules.json (gkreport schema rules): every rule as data, the "
            "arithmetic identities as terms with coefficients."
        ),
        "type": "object",
        "properties": {
            "version": {
                "type": "string",
                "pattern": "^[0-9a-f]{16}$",
                "description": "a hash of the rest: every record's rules_version",
            },
            "title": string,
            "description": string,
            "formats": {
                **by_format,
                "additionalProperties": _strict_object({"notice": string, "features": strings}),
            },
            "columns": _strict_object({"C6": strings, "C7": strings}),
            "arithmetic": arithmetic,
            "rules": {"type": "array", "items": {"$ref": "#/$defs/Rule"}},
        },
        "required": [
            "version",
            "title",
            "description",
            "formats",
            "columns",
            "arithmetic",
            "rules",
        ],
        "additionalProperties": False,
        "$defs": {"Rule": rule, "Identity": identity, "Term": term},
    }
