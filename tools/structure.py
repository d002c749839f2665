"""The source of ``gkreport/_structure_generated.py``: plain functions that structure payloads.

cattrs builds its structuring functions on first use (about 100 ms for the two report
classes, paid by every ``gkreport validate`` run); the same work done here, at build
time, leaves a module that imports in a millisecond. Each function takes a payload
node, its JSON pointer and two lists, and returns the model object, or None once any
problem was found. It walks on past a problem, so that when it is done:

- ``bad`` holds the pointer of every node it refused: a value its hook refused (the
  hooks of `gkreport._strict`, the same ones the cattrs converter calls), or the object
  holding an unknown key or lacking a required one;
- ``odd`` holds the pointer of every container the model takes but JSON Schema calls
  by another type: a mapping that is not a dict, a tuple where an array belongs.

Together they are every place the schema can find fault with (the model and the
schema agree on everything else), which is how `gkreport.validate` explains a bad
payload without running the whole schema. Build-time only (`tools/generate.py`
writes the file).
"""

from __future__ import annotations

import datetime
import sys
import types
import typing
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

import attrs

from gkreport._forms import registry
from gkreport._tables import Count, Signed

__all__ = ["structure_source"]

#: The hook of each value type, by its name in `gkreport._strict` (what the converter registers).
_HOOKS: dict[object, str] = {
    Count: "count",
    Signed: "signed",
    int: "signed",
    Decimal: "money",
    str: "string",
    datetime.date: "date",
}
#: A hook's first case, tested inline before it is called: a value it returns as it is
#: (most cells of a report are counts already whole and >= 0; `gkreport._strict.count`).
_TAKEN_AS_IS = {"count": "(type({v}) is not int or {v} < 0)"}
#: A report class's fields whose hook is overridden (as the converter overrides them).
_REPORT_OVERRIDES = {"year": "year"}
#: The modules the generated code reaches the model classes through.
_MODULES = {"gkreport._model": "_m", "gkreport._tables": "_t", "gkreport._forms.layout": "_layout"}
_WIDTH = 100  # ruff's line length


def _call(indent: int, head: str, args: list[str], tail: str = "") -> list[str]:
    """``head(args)tail`` laid out as ruff formats it: one line, or the arguments indented."""
    pad = " " * indent
    one = f"{pad}{head}({', '.join(args)}){tail}"
    if len(one) <= _WIDTH:
        return [one]
    inner = f"{pad}    {', '.join(args)}"
    if len(inner) <= _WIDTH:
        return [f"{pad}{head}(", inner, f"{pad}){tail}"]
    return [f"{pad}{head}(", *(f"{pad}    {arg}," for arg in args), f"{pad}){tail}"]


def _report_classes() -> list[type]:
    """The report class of every format that names one (the built-in formats)."""
    return [
        registry.report_class(fmt.id)
        for fmt in registry.FORMATS.values()
        if fmt.report_class is not None
    ]


def _reference(cls: type) -> str:
    module = _MODULES.get(cls.__module__)
    if module is None or getattr(sys.modules[cls.__module__], cls.__name__, None) is not cls:
        msg = f"{cls.__module__}.{cls.__qualname__}: not a class the generated code can name"
        raise ValueError(msg)
    return f"{module}.{cls.__name__}"


def _optional(type_: Any) -> tuple[bool, Any]:
    """Whether ``type_`` admits None, and the type without None."""
    if get_origin(type_) in (typing.Union, types.UnionType):
        rest = [arg for arg in get_args(type_) if arg is not type(None)]
        if len(rest) == 1 and len(rest) < len(get_args(type_)):
            return True, rest[0]
    return False, type_


def _is_array(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


class _Writer:
    """The module's source, one class at a time, each class once."""

    def __init__(self) -> None:
        self.functions: dict[type, list[str]] = {}
        self.constants: list[str] = []
        self.literals: dict[tuple[str, ...], str] = {}

    def literal(self, cls: type, name: str, type_: Any) -> str:
        """The hook constant of a ``Literal`` field, built from the alias its module names."""
        found = [
            (_MODULES[module], alias)
            for module in (cls.__module__, *_MODULES)
            for alias in getattr(sys.modules[module], "__all__", ())
            if getattr(sys.modules[module], alias) == type_
        ]
        if not found:
            msg = f"{cls.__name__}.{name}: a Literal field's type must be exported by name"
            raise ValueError(msg)
        module, alias = found[0]
        key = get_args(type_)
        if key not in self.literals:
            self.literals[key] = f"_L{len(self.literals)}"
            reference = f"{module}.{alias}"
            self.constants.append(f"{self.literals[key]} = literal({reference})")
        return self.literals[key]

    def hook(self, cls: type, name: str, type_: Any) -> str | None:
        if name in _REPORT_OVERRIDES and cls in _report_classes():
            return _REPORT_OVERRIDES[name]
        if get_origin(type_) is Literal:
            return self.literal(cls, name, type_)
        return _HOOKS.get(type_)

    def visit(self, cls: type) -> None:
        if cls in self.functions:
            return
        self.functions[cls] = []  # claimed: a class met again below is not written twice
        hints = typing.get_type_hints(cls)
        fields = [f for f in attrs.fields(cls) if f.init and f.name != "sources"]
        key_set = f"_K_{cls.__name__}"
        keys = "{" + ", ".join(f'"{f.name}"' for f in fields) + "}"
        if len(f"{key_set} = frozenset({keys})") <= _WIDTH:
            self.constants.append(f"{key_set} = frozenset({keys})")
        else:
            self.constants += [
                f"{key_set} = frozenset(",
                "    {",
                *(f'        "{f.name}",' for f in fields),
                "    }",
                ")",
            ]
        lines = [
            "",
            "",
            *_call(
                0,
                f"def structure_{cls.__name__}",
                ["d: Any", "at: str", "bad: list[str]", "odd: list[str]"],
                " -> Any:",
            ),
            f'    """`{_reference(cls)}` from ``d``, or None (see the module docstring)."""',
            "    if type(d) is not dict:",
            "        if not isinstance(d, Mapping):",
            "            bad.append(at)",
            "            return None",
            "        if not isinstance(d, dict):",
            "            odd.append(at)",
            f"    if not {key_set}.issuperset(d):",
            "        bad.append(at)",
            "    kw: dict[str, Any] = {}",
        ]
        arguments = []
        for index, field in enumerate(fields):
            lines += self.field(cls, field, hints[field.name], f"v{index}")
            if field.default is None or field.default is attrs.NOTHING:
                arguments.append(f"{field.name}=v{index}")
        lines += [
            "    if bad:",
            "        return None",
            *_call(4, f"return {_reference(cls)}", [*arguments, "**kw"]),
        ]
        self.functions[cls] = lines

    def field(self, cls: type, field: Any, type_: Any, var: str) -> list[str]:
        name = field.name
        where = f'at + "/{name}"'
        optional, base = _optional(type_)
        hook = None if attrs.has(base) or _is_array(base) else self.hook(cls, name, base)
        if attrs.has(base) or _is_array(base):
            if optional or field.default is None or field.default is attrs.NOTHING:
                msg = f"{cls.__name__}.{name}: an object or array field needs a default"
                raise ValueError(msg)
            if attrs.has(base):
                self.visit(base)
                arguments = [f'd["{name}"]', where, "bad", "odd"]
                head = f'kw["{name}"] = structure_{base.__name__}'
                return [f'    if "{name}" in d:', *_call(8, head, arguments)]
            item = get_args(base)[0]
            self.visit(item)
            call = f'structure_{item.__name__}(x, f"{{at}}/{name}/{{i}}", bad, odd)'
            return [
                f'    if "{name}" in d:',
                f'        {var} = d["{name}"]',
                f"        if isinstance({var}, (list, tuple)):",
                f"            if not isinstance({var}, list):",
                f"                odd.append({where})",
                *_call(
                    12,
                    f'kw["{name}"] = tuple',
                    [f"{call} for i, x in enumerate({var})"],
                ),
                "        else:",
                f"            bad.append({where})",
            ]
        if hook is None:
            msg = f"{cls.__name__}.{name}: no hook for {type_!r}"
            raise ValueError(msg)
        if optional and field.default is None:
            as_is = _TAKEN_AS_IS.get(hook)
            return [
                f'    {var} = d.get("{name}")',
                f"    if {var} is not None and {as_is.format(v=var)}:"
                if as_is
                else f"    if {var} is not None:",
                "        try:",
                f"            {var} = {hook}({var}, None)",
                "        except HOOK_ERRORS:",
                f"            bad.append({where})",
            ]
        if field.default is attrs.NOTHING:
            return [
                f'    {var} = d.get("{name}")',
                f'    if "{name}" not in d:',
                "        bad.append(at)",
                "    else:",
                "        try:",
                f"            {var} = {hook}({var}, None)",
                "        except HOOK_ERRORS:",
                f"            bad.append({where})",
            ]
        return [
            f'    if "{name}" in d:',
            "        try:",
            f'            kw["{name}"] = {hook}(d["{name}"], None)',
            "        except HOOK_ERRORS:",
            f"            bad.append({where})",
        ]


def structure_source() -> str:
    """The source of ``gkreport/_structure_generated.py``."""
    writer = _Writer()
    reports = _report_classes()
    for cls in reports:
        writer.visit(cls)
    used = sorted(set(_HOOKS.values()) | set(_REPORT_OVERRIDES.values()))
    out = [
        '"""Plain functions that structure a payload into the model classes, and say where not.',
        "",
        "Generated by ``python tools/generate.py`` from the model (`tools/structure.py` says",
        "how the functions work); do not edit. `gkreport._convert` calls them and falls back on",
        "its cattrs converter, which they agree with (tests/test_structure_generated.py).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Callable, Mapping",
        "from typing import Any",
        "",
        "from gkreport import _model as _m",
        "from gkreport import _tables as _t",
        "from gkreport._forms import layout as _layout",
        f"from gkreport._strict import HOOK_ERRORS, {', '.join(sorted([*used, 'literal']))}",
        "",
        '__all__ = ["STRUCTURE"]',
        "",
        *writer.constants,
    ]
    for lines in writer.functions.values():
        out += lines
    table = "".join(f"    {_reference(cls)}: structure_{cls.__name__},\n" for cls in reports)
    out += [
        "",
        "",
        "#: The structuring function of each report class, by class.",
        "STRUCTURE: dict[type, Callable[[Any, str, list[str], list[str]], Any]] = {",
        table.rstrip("\n"),
        "}",
    ]
    return "\n".join(out) + "\n"
