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
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, TypeChecker
    from referencing import Registry

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


def _is_integer(checker: TypeChecker, instance: object) -> bool:
    """JSON Schema's integer: any number whose fraction is zero, a `Decimal` too.

    jsonschema takes 5.0 for an integer but not ``Decimal("5.0")``, which is how a
    JSON file's 5.0 reads with exact decimals (`gkreport._json`); the spec and the
    model take both.
    """
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - loaded with the validator

    if isinstance(instance, Decimal):
        return instance.is_finite() and instance == instance.to_integral_value()
    return bool(Draft202012Validator.TYPE_CHECKER.is_type(instance, "integer"))


@functools.cache
def _validator_class() -> Any:
    """Draft 2020-12 with `_is_integer`: jsonschema is imported here, on first use.

    A valid payload never needs it (structuring proves it fits the schema), so
    ``import gkreport`` and validating good reports do not pay for loading jsonschema.
    """
    from jsonschema import Draft202012Validator, validators  # noqa: PLC0415

    return validators.extend(  # type: ignore[no-untyped-call]  # jsonschema's own typing
        Draft202012Validator,
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
    )


def _checked(name: str) -> dict[str, Any]:
    """A packaged schema as `validator` checks it: without ``$schema``.

    Following a ``$ref``, jsonschema picks the validator class a document's ``$schema``
    names, which would drop the integer check above; a document without one keeps the
    class it is checked with (every packaged schema is Draft 2020-12).
    """
    return {key: value for key, value in _documents()[name].items() if key != "$schema"}


@functools.cache
def _registry() -> Registry:
    from referencing import Registry  # noqa: PLC0415 - with jsonschema, on first use
    from referencing.jsonschema import DRAFT202012  # noqa: PLC0415

    resources_ = [DRAFT202012.create_resource(_checked(name)) for name in _documents()]
    return (resources_ @ Registry()).crawl()


@functools.cache
def validator(name: str = "report") -> Draft202012Validator:
    """The reusable validator of a packaged schema (built once; reuse it)."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415 - on first use

    built: Draft202012Validator = _validator_class()(
        _checked(name),
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    return built
