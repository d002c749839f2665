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
from collections.abc import Iterable, Mapping
from decimal import Decimal
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, TypeChecker, ValidationError
    from referencing import Registry

__all__ = ["SCHEMA_BASE", "errors_within", "schema", "schema_names", "validator"]

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


@functools.cache
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


# --- the errors of a payload, looked for only where they can be ---------------------------------

#: What a schema node on the way to a place may say besides where its children are: each
#: of these speaks of the node itself only, never of a child (``additionalProperties`` is
#: always false in the packaged schemas; another value sends the walk back, see `_child`).
_ON_THE_WAY = frozenset(
    {"type", "properties", "additionalProperties", "required", "items"}
    | {"title", "description", "$comment", "$defs"}
)


def errors_within(
    name: str, data: Mapping[str, Any], format_id: str, scopes: Iterable[str]
) -> list[ValidationError] | None:
    """What `validator` ``name`` says of ``data``, looking only at the places ``scopes`` name.

    ``scopes`` are JSON pointers into a payload of format ``format_id`` that together hold
    every error the schema could find (`gkreport._convert.attempt` gives them): each
    place is checked against its own part of the schema, and the errors come back
    as the whole run gives them (their ``absolute_path`` from the top). The same
    jsonschema validator words them, so nothing is worded twice. None when a place
    cannot be checked alone (the top, or a schema shaped otherwise than expected): then
    run the whole validator.
    """
    places = sorted({tuple(_tokens(scope)) for scope in scopes})
    if () in places:
        return None  # the top: that is the whole run
    top: list[tuple[str, ...]] = []
    for place in places:  # sorted: an ancestor comes before its descendants
        if not any(place[: len(outer)] == outer for outer in top):
            top.append(place)
    checker = validator(name)
    found: list[ValidationError] = []
    for place in top:
        node = _format_node(name, format_id)
        for token in place:
            node = _child(name, node, token)
        instance = _instance(data, place)
        if node is None or instance is _NOWHERE:
            return None
        for error in checker.evolve(schema=node).iter_errors(instance):
            error.path.extendleft(reversed(_steps(data, place)))
            found.append(error)
    return found


_NOWHERE = object()


def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def _steps(data: Any, place: tuple[str, ...]) -> list[str | int]:
    """The tokens of ``place`` as jsonschema paths hold them: an array index as an int."""
    steps: list[str | int] = []
    node = data
    for token in place:
        if isinstance(node, list):
            steps.append(int(token))
            node = node[int(token)]
        else:
            steps.append(token)
            node = node[token]
    return steps


def _instance(data: Any, place: tuple[str, ...]) -> Any:
    node = data
    for token in place:
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return _NOWHERE
    return node


def _format_node(name: str, format_id: str) -> Any:
    """The schema a payload of ``format_id`` meets: the ``then`` its ``format`` selects."""
    for branch in _checked(name).get("allOf", ()):
        condition = branch.get("if", {}).get("properties", {}).get("format", {})
        if set(branch) == {"if", "then"} and condition.get("const") == format_id:
            return _resolved(name, branch["then"])
    return None


def _resolved(name: str, node: Any) -> Any:
    """``node`` with its ``$ref`` followed (a local one, standing alone with a title)."""
    while isinstance(node, dict) and "$ref" in node:
        reference = node["$ref"]
        if set(node) - {"$ref", "title", "description"} or not reference.startswith("#/"):
            return None
        node = _checked(name)
        for token in _tokens(reference[1:]):
            node = node.get(token) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _child(name: str, node: Any, token: str) -> Any:
    """The schema of the child ``token`` of a node: through ``properties`` or ``items``."""
    node = _resolved(name, node)
    if node is None or set(node) - _ON_THE_WAY or node.get("additionalProperties", False):
        return None
    if token in node.get("properties", {}):
        return node["properties"][token]
    if "items" in node and token.isdigit():
        return node["items"]
    return None
