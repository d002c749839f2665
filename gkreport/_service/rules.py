"""The rule catalog as data, for ``GET /v1/rules``.

Until the catalog is published as a data file in the packaged schemas folder
(``rules.json``, with the arithmetic identities as cell ids and coefficients), the
service builds the same facts from the catalog itself (`gkreport._validation.catalog`):
code, severity, formats, scope, basis, formula, tags, title and message templates in
both languages. Once ``rules.json`` ships, it is served as it is: one catalog, one
answer, whatever produced it.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

from gkreport import _json
from gkreport._validation.catalog import CATALOG, Rule

__all__ = ["PUBLISHED", "catalog"]

#: The published catalog's file, in the packaged schemas folder, once it exists.
PUBLISHED = "rules.json"


def _entry(rule: Rule) -> dict[str, Any]:
    return {
        "code": rule.code,
        "severity": rule.severity.value,
        "loose_severity": rule.loose_severity.value if rule.loose_severity else None,
        "formats": list(rule.formats),
        "scope": rule.scope.value,
        "basis": rule.basis.value,
        "source": rule.source,
        "formula": rule.formula,
        "tags": list(rule.tags),
        "title": {"zh": rule.title_zh, "en": rule.title_en},
        "message": {"zh": rule.message_zh, "en": rule.message_en},
    }


@functools.cache
def catalog() -> Any:
    """The rule catalog as JSON data: the published ``rules.json`` if shipped, else built."""
    published = resources.files("gkreport").joinpath("schemas").joinpath(PUBLISHED)
    if published.is_file():
        return _json.loads(published.read_text("utf-8"))
    return {"rules": [_entry(rule) for rule in CATALOG]}
