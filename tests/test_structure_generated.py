"""`gkreport._structure_generated`: the build-time structuring functions agree with cattrs.

`gkreport._convert` structures every payload of a built-in format with the generated
functions, and words the problems of a payload that fails with its cattrs converter;
both call the hooks of `gkreport._strict`. These tests hold the two paths to one
answer — the same report, or a failure on both — on every example, fixture and
conformance payload, on generated reports and on generated bad payloads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import MappingProxyType

import pytest
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError
from hypothesis import given, settings

import gkreport
from gkreport import _structure_generated
from gkreport._convert import _converter, attempt
from gkreport._forms import registry
from tests.strategies import bad_payloads, report_dicts
from tools.structure import structure_source

ROOT = Path(__file__).resolve().parents[1]
PAYLOADS = sorted(
    [
        *ROOT.glob("examples/*.json"),
        *ROOT.glob("tests/fixtures/**/*.json"),
        *ROOT.glob("tests/conformance/cases/*.json"),
    ]
)


def _payload(path: Path) -> dict:
    data = gkreport._json.read_json(path)
    return data.get("payload", data)  # a conformance case holds its payload


def _by_cattrs(data: dict) -> object | None:
    """The report cattrs makes of ``data``, or None when it refuses it."""
    try:
        return _converter().structure(data, registry.report_class(data["format"]))
    except (ClassValidationError, ForbiddenExtraKeysError):
        return None


def _by_generated(data: dict) -> tuple[object | None, list[str]]:
    bad: list[str] = []
    odd: list[str] = []
    function = _structure_generated.STRUCTURE[registry.report_class(data["format"])]
    return function(data, "", bad, odd), bad


def test_the_generated_module_is_current():
    path = ROOT / "gkreport" / "_structure_generated.py"
    assert path.read_text("utf-8") == structure_source(), "run python tools/generate.py"


def test_every_built_in_report_class_has_a_function():
    built_in = [fmt for fmt in registry.FORMATS.values() if fmt.report_class is not None]
    assert built_in
    assert set(_structure_generated.STRUCTURE) == {registry.report_class(f.id) for f in built_in}


@pytest.mark.parametrize("path", PAYLOADS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_both_paths_make_the_same_report_of_every_payload_on_file(path):
    data = _payload(path)
    report, bad = _by_generated(data)
    assert report == _by_cattrs(data)
    assert (report is None) == bool(bad)
    if report is not None:
        assert gkreport.to_dict(report) == gkreport.to_dict(_by_cattrs(data))


@settings(max_examples=80, deadline=None)
@given(report_dicts())
def test_both_paths_make_the_same_report_of_generated_payloads(data):
    report, bad = _by_generated(data)
    assert bad == []
    assert report == _by_cattrs(data)
    assert report.notes == _by_cattrs(data).notes  # notes: the one array


@settings(max_examples=300, deadline=None)
@given(bad_payloads())
def test_both_paths_fail_alike_on_changed_payloads(data):
    clean = gkreport._payload.check(data)[0]
    report, bad = _by_generated(clean)
    expected = _by_cattrs(clean)
    assert report == expected
    assert (report is None) == bool(bad)


def test_a_failure_names_every_place_and_walks_on():
    data = {
        "format": registry.current().id,
        "agency": 5,
        "applications": {"new": {"total": -1, "extra": 1}, "results": []},
        "notes": [{"path": "/x"}, {"path": "", "raw": 1}],
    }
    report, bad = _by_generated(data)
    assert report is None
    assert sorted(bad) == [
        "/agency",
        "/applications/new",  # the object holding an unknown key
        "/applications/new/total",
        "/applications/results",
        "/notes/0",  # the object lacking its raw text
        "/notes/1/raw",
    ]


def test_containers_json_schema_calls_otherwise_are_odd_not_bad():
    """A mapping that is no dict and a tuple of notes: the model takes them, the schema does not."""
    data = {
        "format": registry.current().id,
        "text": MappingProxyType({"overview": "一"}),
        "notes": ({"path": "", "raw": "r"},),
    }
    tried = attempt(data)
    assert tried.report is not None
    assert tried.report == _by_cattrs(data)
    assert sorted(tried.scopes) == ["/notes", "/text"]  # where the schema finds fault


def test_a_valid_payload_never_loads_cattrs():
    code = (
        "import pathlib, sys, gkreport\n"
        "data = gkreport._json.read_json(pathlib.Path('examples/qianxinan-2023.json'))\n"
        "gkreport.validate(data); gkreport.from_dict(data)\n"
        "print('cattrs' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"
