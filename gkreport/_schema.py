"""The packaged JSON Schemas, their registry and one cached validator each.

The schema files ship inside the package (``gkreport/schemas``, the one tracked copy;
``schemas/`` at the top of the repository links to it) and are generated from
`gkreport._forms.layout` and the rule catalog by ``tools/generate.py``. Every cross-file
``$ref`` resolves inside the registry built here, so validation never reaches for the network.
"""

from __future__ import annotations

import copy
import functools
import json
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

__all__ = ["SCHEMA_BASE", "schema", "schema_names", "validator"]

#: The base of every packaged schema's ``$id``: their ``$ref`` resolve against it, offline.
SCHEMA_BASE = "https://gkreport.org/schemas/1/"


@functools.cache
def _documents() -> dict[str, dict[str, Any]]:
    folder = resources.files("gkreport").joinpath("schemas")
    return {
        entry.name.removesuffix(".schema.json"): json.loads(entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".schema.json")
    }


def schema_names() -> list[str]:
    """The names `schema` accepts: ``report``, ``report-2021``, ``report-2019``, ``findings``."""
    return sorted(_documents())


def schema(name: str = "report") -> dict[str, Any]:
    """A packaged schema as a dict (a copy: change it freely).

    :raises KeyError: for a name not in `schema_names`.
    """
    documents = _documents()
    if name not in documents:
        msg = f"no schema {name!r}; known: {', '.join(schema_names())}"
        raise KeyError(msg)
    return copy.deepcopy(documents[name])


@functools.cache
def _registry() -> Registry:
    resources_ = [Resource.from_contents(doc) for doc in _documents().values()]
    return (resources_ @ Registry()).crawl()


@functools.cache
def validator(name: str = "report") -> Draft202012Validator:
    """The reusable validator of a packaged schema (built once; reuse it)."""
    return Draft202012Validator(
        _documents()[name],
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
