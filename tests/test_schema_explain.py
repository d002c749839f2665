"""A bad payload's schema findings come from the places that fail, not from a whole run.

`gkreport.validate` structures a payload with the generated functions, which name every
place they refuse (`gkreport._convert.attempt`); `gkreport._schema.errors_within` runs
the packaged schema's validator on those places only. These tests hold the result to
the reference — the whole schema run over the whole payload, as before — on a table of
every kind of bad payload and on generated ones: the same findings, codes, paths,
locations and messages in both languages, byte for byte.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings

import gkreport
from gkreport import _schema
from gkreport._convert import attempt
from gkreport._forms import layout, registry
from gkreport._json import read_json
from gkreport._validation.engine import _schema_problems
from tests.strategies import bad_payloads
from tests.test_structure_generated import ROOT

NEW, OLD = layout.ID_2021, layout.ID_2019
_NOTES = [
    {"path": "/applications/new/total", "raw": "约三十件", "source": "line 3"},
    {"path": "/applications/results/granted", "raw": "", "kind": "unread"},
]
#: The example report of each format, with two notes.
EXAMPLES = {
    fmt: {**read_json(ROOT / "examples" / name), "notes": _NOTES}
    for fmt, name in ((NEW, "qianxinan-2023.json"), (OLD, "qingzhen-2020.json"))
}


@contextlib.contextmanager
def _whole_run() -> Iterator[None]:
    """The reference: jsonschema over the whole payload, as validate did before."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_schema, "errors_within", lambda *_: None)
        yield


def _findings(data: object) -> list[dict[str, Any]]:
    return [f.to_dict() for f in gkreport.validate(data).findings]


def _reference(data: object) -> list[dict[str, Any]]:
    with _whole_run():
        return _findings(data)


def _changed(fmt: str, *changes: tuple[tuple[object, ...], object]) -> dict[str, Any]:
    """An example report with each ``(path, value)`` set (`_GONE` removes the key)."""
    data = copy.deepcopy(EXAMPLES[fmt])
    for path, value in changes:
        node: Any = data
        for step in path[:-1]:
            node = node[step]
        if value is _GONE:
            del node[path[-1]]
        else:
            node[path[-1]] = value
    return data


_GONE = object()
_NOTE = ("notes", 0)

CASES: dict[str, dict[str, Any]] = {
    "wrong type: text in a count": _changed(NEW, (("applications", "new", "total"), "5")),
    "wrong type: number as agency": _changed(NEW, (("agency",), 5)),
    "wrong type: boolean count": _changed(OLD, (("proactive", "rules", "new_made"), True)),
    "wrong type: number as narrative": _changed(NEW, (("text", "overview"), 1)),
    "null where not allowed: a section": _changed(NEW, (("proactive",), None)),
    "null where not allowed: the text": _changed(OLD, (("text",), None)),
    "null where not allowed: notes": _changed(NEW, (("notes",), None)),
    "null where not allowed: a note's raw": _changed(NEW, ((*_NOTE, "raw"), None)),
    "missing key: a note's raw": _changed(NEW, ((*_NOTE, "raw"), _GONE)),
    "missing key: a note's path": _changed(OLD, ((*_NOTE, "path"), _GONE)),
    "extra key: top level": _changed(NEW, (("unknown",), 1)),
    "extra key: sources": _changed(NEW, (("sources",), {})),
    "extra key: in a row": _changed(NEW, (("applications", "new", "subtotal"), 1)),
    "extra key: a 2019 row in a 2021 report": _changed(
        NEW, (("proactive", "procurement"), {"projects": 1, "amount": None})
    ),
    "extra key: in a note": _changed(NEW, ((*_NOTE, "page"), 3)),
    "negative count": _changed(NEW, (("appeals", "review", "pending"), -1)),
    "negative amount": _changed(NEW, (("proactive", "fees", "amount"), Decimal("-1"))),
    "non-integer count": _changed(NEW, (("applications", "new", "total"), 3.7)),
    "non-integer delta": _changed(OLD, (("proactive", "fees", "delta"), Decimal("1.5"))),
    "whole number as 5.0 among errors": _changed(
        NEW, (("applications", "new", "total"), 5.0), (("agency",), 1)
    ),
    "year out of range": _changed(NEW, (("year",), 2101)),
    "year as text": _changed(OLD, (("year",), "2020")),
    "wrong string: kind": _changed(NEW, (("kind",), "county")),
    "wrong string: note kind": _changed(NEW, ((*_NOTE, "kind"), "lost")),
    "wrong string: impossible date": _changed(NEW, (("published_on",), "2024-02-30")),
    "wrong string: date in another form": _changed(OLD, (("published_on",), "2024年1月25日")),
    "nested object wrong: a row as a list": _changed(NEW, (("applications", "new"), [1, 2])),
    "nested object wrong: a group as text": _changed(OLD, (("applications", "results"), "x")),
    "nested object wrong: a row holding a row": _changed(
        NEW, (("appeals", "review", "upheld"), {"total": 1})
    ),
    "notes wrong: an object": _changed(OLD, (("notes",), {"/year": "x"})),
    "notes wrong: a string": _changed(NEW, (("notes",), "n")),
    "notes wrong: an item that is no object": _changed(NEW, (_NOTE, "note")),
    "notes wrong: every field of an item": _changed(
        NEW, (_NOTE, {"path": 5, "raw": None, "source": 1, "message": [], "kind": "x"})
    ),
    "many errors at once": _changed(
        NEW,
        (("agency",), 5),
        (("year",), "2023"),
        (("applications", "new", "total"), -3),
        (("applications", "results", "denied", "state_secret"), "一"),
        (("appeals", "litigation_direct", "x"), 1),
        (("proactive", "fees"), []),
        ((*_NOTE, "raw"), _GONE),
        (("text", "problems"), 7),
        (("extra",), None),
    ),
    "what no JSON holds beside an error": _changed(
        NEW, (("applications", "new", "total"), float("nan")), (("agency",), 5)
    ),
    "a number of 200 digits beside an error": _changed(
        OLD, (("applications", "new", "total"), 10**200), (("kind",), "x")
    ),
    "a key that is no string beside an error": _changed(NEW, ((5,), 1), (("agency",), 5)),
    "a lone surrogate alone": _changed(NEW, (("title",), "\ud800")),
    "a lone surrogate beside an error": _changed(NEW, (("title",), "\udfff"), (("year",), 1)),
    "a tuple of notes beside an error": _changed(NEW, (("notes",), ()), (("agency",), 5)),
    "a mapping that is no dict beside an error": _changed(
        NEW, (("text",), MappingProxyType({"overview": "x"})), (("year",), 7)
    ),
    "a mapping that is no dict holding an error": _changed(
        OLD, (("proactive", "rules"), MappingProxyType({"new_made": -1}))
    ),
    "unknown format": _changed(NEW, (("format",), "2020"), (("agency",), 5)),
    "missing format": _changed(OLD, (("format",), _GONE)),
    "the blank report of each format, one bad cell": {"format": OLD, "year": 1999},
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_kind_of_bad_payload_has_the_findings_of_the_whole_run(case):
    data = CASES[case]
    found = _findings(data)
    assert found == _reference(data)
    assert found or "surrogate" in case  # a bad cell value may be F5's finding, not schema's


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_schema_problems_are_the_whole_runs_with_their_values(case):
    tried = attempt(CASES[case])
    if tried.data is None or tried.data.get("format") not in layout.FORMATS:
        pytest.skip("no format: the whole run is cheap and is what runs")
    fast = _schema_problems(tried.data, tried.data["format"], tried.scopes)
    whole = _schema_problems(tried.data)
    assert fast == whole
    assert [m.instance for _, m in fast] == [m.instance for _, m in whole]  # what en quotes


def test_the_places_are_checked_alone_not_by_a_whole_run():
    """The table's payloads are explained from their places: no fallback for these shapes."""
    for case, data in CASES.items():
        tried = attempt(data)
        if tried.data is None or tried.scopes is None or "" in tried.scopes:
            continue  # an unknown format, or an unknown key at the top: the whole run
        fmt = tried.data["format"]
        assert _schema.errors_within("report", tried.data, fmt, tried.scopes) is not None, case


def test_a_place_at_the_top_or_an_unknown_format_falls_back_to_the_whole_run():
    data = CASES["extra key: top level"]
    assert "" in attempt(data).scopes
    assert _schema.errors_within("report", data, NEW, [""]) is None
    assert _schema.errors_within("report", data, "no such format", ["/agency"]) is None


def test_a_place_below_a_refused_container_is_left_to_the_container():
    data = {"format": NEW, "text": MappingProxyType({"overview": 1})}
    errors = _schema.errors_within("report", data, NEW, ["/text", "/text/overview"])
    assert [list(e.absolute_path) for e in errors] == [["text"]]  # not a dict: one error


def test_no_place_means_no_schema_problem():
    assert _schema.errors_within("report", EXAMPLES[NEW], NEW, []) == []


@settings(max_examples=150, deadline=None)
@given(bad_payloads())
def test_generated_bad_payloads_have_the_findings_of_the_whole_run(data):
    assert _findings(data) == _reference(data)


def test_a_format_registered_at_run_time_is_explained_by_the_whole_run():
    fmt = registry.current()
    try:
        registry.register(layout_copy := _renamed(fmt, "toy-explain"))
        data = {"format": layout_copy.id, "agency": 5}
        assert attempt(data).scopes is None
        assert _findings(data) == _reference(data)
    finally:
        registry.unregister("toy-explain")


def _renamed(fmt: layout.Format, new_id: str) -> layout.Format:
    import attrs  # noqa: PLC0415

    return attrs.evolve(fmt, id=new_id, report_class=None)
