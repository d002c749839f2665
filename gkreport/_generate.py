"""Write the files that are generated from the layout: table classes, schemas, docs.

Run ``python -m gkreport._generate`` after changing `gkreport._forms.layout` or the rule
catalog; ``tests/test_generate.py`` fails while a committed file is stale.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gkreport._forms import layout
from gkreport._forms.layout import Group, Kind, Row

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_BASE = "https://gkreport.org/schemas/1/"

_PYTHON_TYPES = {
    Kind.COUNT: "Count",
    Kind.SIGNED: "Signed",
    Kind.MONEY: "Decimal",
    Kind.TEXT: "str",
}


# --- table classes -----------------------------------------------------------


def _models() -> dict[str, Row | Group]:
    """Every row and group model of both formats, by class name, children first."""
    found: dict[str, Row | Group] = {}

    def visit(node: Row | Group) -> None:
        if isinstance(node, Group):
            for child in node.children:
                visit(child)
        known = found.setdefault(node.model, node)
        if _shape(known) != _shape(node):
            msg = f"layout: two shapes share the model name {node.model}"
            raise ValueError(msg)

    for fmt in layout.FORMATS.values():
        for section in fmt.sections:
            visit(section)
    return found


def _shape(node: Row | Group) -> object:
    if isinstance(node, Row):
        return tuple((c.id, c.kind) for c in node.cells)
    return tuple((c.id, c.model) for c in node.children)


def tables_source() -> str:
    """The source of ``gkreport/_tables.py``: one frozen attrs class per model name."""
    out = [
        '"""The tables of the report as attrs classes, generated from `gkreport._forms.layout`.',
        "",
        "Do not edit: regenerate with ``python -m gkreport._generate``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from decimal import Decimal",
        "from typing import NewType",
        "",
        "import attrs",
        "",
        "#: A whole number >= 0 (件). Its own type so the converter can refuse negatives.",
        'Count = NewType("Count", int)',
        "#: A whole number that may be negative (the 2019 year-on-year change).",
        'Signed = NewType("Signed", int)',
        "",
    ]
    models = _models()
    names = ["Count", "Signed", "TextParts", *models]
    out += [
        "__all__ = [",
        *(f'    "{name}",' for name in sorted(names)),
        "]",
        "",
        "",
        "@attrs.frozen(kw_only=True)",
        "class TextParts:",
        '    """The narrative of the six parts, as published, without the tables."""',
        "",
    ]
    for part in layout.PARTS:
        out += [f"    #: {part.label}", f"    {part.id}: str | None = None"]
    for name, node in models.items():
        out += ["", "", "@attrs.frozen(kw_only=True)", f"class {name}:"]
        what = "Every row shaped like" if isinstance(node, Row) else "The group"
        out += [f'    """{what} {node.label}."""', ""]
        if isinstance(node, Row):
            fields = [
                (c.label, f"{c.id}: {_PYTHON_TYPES[c.kind]} | None = None") for c in node.cells
            ]
        else:
            fields = [
                (c.label, f"{c.id}: {c.model} = attrs.field(factory={c.model})")
                for c in node.children
            ]
        for label, field in fields:
            out += [f"    #: {label}", f"    {field}"]
    return "\n".join(out) + "\n"


# --- schemas -------------------------------------------------------------------


def _cell_schema(cell: layout.Cell) -> dict[str, Any]:
    types: dict[Kind, dict[str, Any]] = {
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
        "year": {"title": labels["year"], "type": ["integer", "null"]},
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


def schema_documents() -> dict[str, dict[str, Any]]:
    """Every schema this package ships, by file stem."""
    docs = {"report": either_schema()}
    docs.update({f"report-{fid}": report_schema(fmt) for fid, fmt in layout.FORMATS.items()})
    docs.update(_extra_schemas())
    return docs


def _extra_schemas() -> dict[str, dict[str, Any]]:
    """Schemas owned by other modules (findings), imported late to avoid cycles."""
    try:
        from gkreport._validation.engine import findings_schema  # noqa: PLC0415
    except ImportError:  # the validation engine is not built yet
        return {}
    return {"findings": findings_schema()}


def dump_json(document: object) -> str:
    """How every generated JSON file is written: stable, readable, UTF-8."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- everything ------------------------------------------------------------------


def generated_files() -> Iterator[tuple[Path, Callable[[], str]]]:
    """Each generated file with the function that produces its content."""
    yield ROOT / "gkreport" / "_tables.py", tables_source
    for stem, document in schema_documents().items():
        text = dump_json(document)
        for folder in (ROOT / "schemas", ROOT / "gkreport" / "schemas"):
            yield folder / f"{stem}.schema.json", functools.partial(str, text)  # the text itself
    yield from _extra_files()


def _extra_files() -> Iterator[tuple[Path, Callable[[], str]]]:
    try:
        from gkreport._validation.catalog import rules_markdown  # noqa: PLC0415
    except ImportError:  # the rule catalog is not built yet
        return
    yield ROOT / "docs" / "rules.md", rules_markdown


def main() -> int:
    """Write every generated file; print the ones that changed."""
    for path, produce in generated_files():
        content = produce()
        if not path.exists() or path.read_text("utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, "utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
