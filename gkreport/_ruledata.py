"""The rule catalog as data (``schemas/rules.json``) and the versions every record carries.

``rules.json`` is written by ``tools/generate.py`` from `gkreport._validation.catalog` and
ships beside the schemas, described by ``rule-catalog.schema.json``: every rule's code,
severity, formats, scope, titles and message templates, basis, and each arithmetic
identity as cell ids with coefficients, so a system that is not Python can evaluate the
identities itself. The workbook's live checks read their identities from this file, and
``docs/rules.md`` is written from the same data, so the three can never disagree.

Reading the file costs a few milliseconds, once per process, and only when a record is
written or a template drawn; ``import gkreport`` does not read it.
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from typing import Any

__all__ = [
    "IDENTITY_RULES",
    "RULES_FILE",
    "gkreport_version",
    "identities",
    "identity_data",
    "rule_data",
    "rules_version",
    "versions",
]

#: The file name of the rule catalog data, beside the schemas.
RULES_FILE = "rules.json"


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("gkreport").joinpath("schemas").joinpath(RULES_FILE).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def rule_data() -> dict[str, Any]:
    """The rule catalog as data, as shipped in ``schemas/rules.json`` (a copy: change it freely)."""
    return copy.deepcopy(_data())


def identities(format_id: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """Each arithmetic identity of a format: its rule code, the rule's Chinese title, its terms.

    In catalog order, as the data lists them (F1 per column, F2 per row, F3 per
    column, F4 per block). A format registered at run time (`gkreport._forms.registry`)
    is not in the shipped file: its identities are made by `identity_data`, the function
    that made the file's.
    """
    rules = _data()["rules"]
    if not any(format_id in rule.get("identities", {}) for rule in rules):
        from gkreport._validation import catalog  # noqa: PLC0415 - only for such a format

        return [
            (code, catalog.rule(code).title_zh, identity["terms"])
            for code in IDENTITY_RULES
            for identity in identity_data(code, format_id)
        ]
    return [
        (rule["code"], rule["title"]["zh"], identity["terms"])
        for rule in rules
        for identity in rule.get("identities", {}).get(format_id, ())
    ]


#: The rules whose check is a family of identities (`catalog.equations`).
IDENTITY_RULES = ("F1", "F2", "F3", "F4")


def identity_data(code: str, format_id: str) -> list[dict[str, Any]]:
    """The identities of rule ``code`` in a format, as ``rules.json`` writes them.

    Each is its anchor (where a finding points), what it checks (``about``) and its
    terms: the cell id, its JSON pointer and a coefficient (+1 left side, −1 right side),
    ``group_row`` on a column of the （六） group row, which is not a cell of the form.
    """
    from gkreport._validation import catalog  # noqa: PLC0415
    from gkreport._validation.pointer import cells  # noqa: PLC0415

    known = cells(format_id).by_pointer

    def term(pointer: str, coefficient: int) -> dict[str, Any]:
        found: dict[str, Any] = {
            "cell": pointer.strip("/").replace("/", "."),
            "pointer": pointer,
            "coefficient": coefficient,
        }
        if pointer not in known:
            found["group_row"] = True  # read from the group row's note
        return found

    return [
        {
            "anchor": equation.anchor,
            "about": equation.about,
            "terms": [term(p, 1) for p in equation.left] + [term(p, -1) for p in equation.right],
        }
        for equation in catalog.equations(format_id)
        if equation.code == code
    ]


def rules_version() -> str:
    """The rule catalog's version: a hash of its data, so any change of a rule changes it.

    The hash ``rules.json`` carries, written into `gkreport._version` when both are
    generated: the file is read only by those who ask for the rules themselves.
    """
    from gkreport._version import RULES_VERSION  # noqa: PLC0415

    return RULES_VERSION


def gkreport_version() -> str:
    """The version of gkreport itself (``gkreport.__version__``), read when first asked."""
    import gkreport  # noqa: PLC0415 - the package imports this module's users

    return str(gkreport.__version__)


def versions() -> dict[str, str]:
    """``gkreport_version`` and ``rules_version``: what every record gkreport writes carries."""
    return {"gkreport_version": gkreport_version(), "rules_version": rules_version()}
