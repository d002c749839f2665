"""The source of ``gkreport/_tables.py``: the report's tables as attrs classes.

Build-time only (`tools/generate.py` writes the file); the runtime imports the
generated module and never this one.
"""

from __future__ import annotations

from gkreport._forms import layout
from gkreport._forms.layout import Group, Kind, Row

__all__ = ["tables_source"]

_PYTHON_TYPES = {
    Kind.COUNT: "Count",
    Kind.SIGNED: "Signed",
    Kind.MONEY: "Decimal",
    Kind.TEXT: "str",
}


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
        "Do not edit: regenerate with ``python tools/generate.py``.",
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
