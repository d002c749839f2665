"""A finding's fingerprint (`gkreport._validation.fingerprint`): what a problem *is*, stably.

The cases are resubmissions a supervising office sees: the same report with other
cells corrected, re-typed into a workbook, renamed, its agency written another way;
the fingerprint of a finding that is still there must not move, and that of a
finding whose own cells or values changed must.
"""

from __future__ import annotations

import copy
import re

import pytest

import gkreport
from gkreport._validation.engine import validate
from gkreport._validation.finding import Finding
from gkreport._validation.fingerprint import LENGTH, fingerprint
from tests.reference import EXAMPLES, GUANDU, SEEDS
from tests.test_rules import clean, get, put

HEX = re.compile(rf"^[0-9a-f]{{{LENGTH}}}$")
NEW_TOTAL = "/applications/new/total"
REVIEW_TOTAL = "/appeals/review/total"


def flat(findings: tuple[Finding, ...]) -> list[Finding]:
    return [g for f in findings for g in (f, *flat(f.explains))]


def by_code_and_path(findings: tuple[Finding, ...]) -> dict[tuple[str, str], str]:
    return {(f.code, f.path): f.fingerprint for f in flat(findings)}


def two_problems() -> dict:
    """A report with a wrong 新收 total and, elsewhere, a wrong 行政复议 total."""
    data = clean()
    put(data, NEW_TOTAL, get(data, NEW_TOTAL) + 2)
    put(data, REVIEW_TOTAL, get(data, REVIEW_TOTAL) + 3)
    return data


def test_every_finding_and_every_finding_it_explains_has_a_fingerprint():
    for path in [*EXAMPLES.glob("*.json"), *SEEDS.glob("*.expected.json")]:
        result = validate(gkreport.load(path))
        every = flat(result.findings)
        assert all(HEX.match(f.fingerprint) for f in every), path
        assert len({f.fingerprint for f in every}) == len(every), path  # none shared
        dumped = result.to_dict()["findings"]
        assert [f["fingerprint"] for f in dumped] == [f.fingerprint for f in result.findings]


def test_nested_findings_are_fingerprinted_too():
    data = clean()
    put(data, "/applications/results/total/natural_person", 12)
    (diagnosis,) = validate(data).findings
    assert diagnosis.explains
    inner = [f.fingerprint for f in diagnosis.explains]
    assert all(HEX.match(value) for value in inner)
    assert diagnosis.fingerprint not in inner
    again = validate(copy.deepcopy(data)).findings[0]
    assert [f.fingerprint for f in again.explains] == inner


def test_it_survives_a_resubmission_that_fixes_other_cells():
    first = two_problems()
    before = by_code_and_path(validate(first).findings)
    resubmitted = copy.deepcopy(first)
    put(resubmitted, REVIEW_TOTAL, get(resubmitted, REVIEW_TOTAL) - 3)  # the appeals fixed
    after = by_code_and_path(validate(resubmitted).findings)
    assert not any(path.startswith("/appeals") for _, path in after)  # it was fixed
    kept = {key: value for key, value in before.items() if key[1].startswith("/applications")}
    assert kept  # the applications problem is still there ...
    assert {key: after[key] for key in kept} == kept  # ... under the same fingerprint


def test_its_own_values_or_cells_changing_makes_another_problem():
    first = two_problems()
    (old,) = [f for f in validate(first).findings if f.path == NEW_TOTAL]
    worse = copy.deepcopy(first)
    put(worse, NEW_TOTAL, get(worse, NEW_TOTAL) + 1)
    (new,) = [f for f in validate(worse).findings if f.path == NEW_TOTAL]
    assert (new.code, new.path) == (old.code, old.path)
    assert new.actual != old.actual
    assert new.fingerprint != old.fingerprint


def test_agency_written_another_way_is_the_same_agency_another_agency_or_year_is_not():
    base = two_problems()
    fingerprints = sorted(f.fingerprint for f in validate(base).findings)

    def of(**changes: object) -> list[str]:
        data = {**copy.deepcopy(base), **changes}
        return sorted(f.fingerprint for f in validate(data).findings)

    agency = base["agency"]
    assert of(agency=f" {agency}（办公室编制）") == fingerprints  # spaces, a remark
    assert of(agency=agency.replace("局", " 局")) == fingerprints
    assert set(of(agency="另一个县人民政府")).isdisjoint(fingerprints)
    assert set(of(year=base["year"] - 1)).isdisjoint(fingerprints)


def test_it_does_not_depend_on_the_file_its_type_its_location_or_the_wording(tmp_path):
    report = gkreport.load(GUANDU)
    from_json = validate(report)
    workbook = tmp_path / "renamed copy.xlsx"
    gkreport.dump(report, workbook)
    from_xlsx = validate(gkreport.load(workbook))
    json_by_key = by_code_and_path(from_json.findings)
    xlsx_by_key = by_code_and_path(from_xlsx.findings)
    common = json_by_key.keys() & xlsx_by_key.keys()
    assert common
    assert {k: json_by_key[k] for k in common} == {k: xlsx_by_key[k] for k in common}
    json_at = {(f.code, f.path): f.location for f in flat(from_json.findings)}
    xlsx_at = {(f.code, f.path): f.location for f in flat(from_xlsx.findings)}
    assert any(json_at[key] != xlsx_at[key] for key in common)  # a pointer, then a cell


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("agency", "另一机关"),
        ("year", 2023),
        ("code", "F2"),
        ("path", "/b"),
        ("paths", ["/a", "/b"]),
        ("expected", 4),
        ("actual", "3"),  # a string 3 is not the count 3
    ],
)
def test_each_ingredient_counts(field, value):
    recipe = {
        "agency": "某市某局",
        "year": 2024,
        "code": "F1",
        "path": "/a",
        "paths": ["/a"],
        "expected": 3,
        "actual": 3,
    }
    assert fingerprint(**recipe) != fingerprint(**{**recipe, field: value})
    assert fingerprint(**recipe) == fingerprint(**copy.deepcopy(recipe))


def test_a_payload_without_agency_or_format_still_gets_fingerprints():
    result = validate({"agency": 3, "year": "x"})
    assert result.findings
    assert all(HEX.match(f.fingerprint) for f in flat(result.findings))


def test_a_lone_surrogate_in_the_agency_is_fingerprinted_not_raised():
    data = clean()
    data["agency"] = "清镇\ud800市"  # JSON may spell one as an escape; UTF-8 cannot hold it
    put(data, "/applications/new/total", get(data, "/applications/new/total") + 1)
    result = validate(data)
    assert result.findings
    assert all(HEX.match(f.fingerprint) for f in flat(result.findings))


@pytest.mark.parametrize(
    ("recipe", "expected"),
    [
        (
            {
                "agency": "洪泽区人民政府",
                "year": 2023,
                "code": "F1",
                "path": "/applications/new/total",
                "paths": ["/applications/new/total"],
                "expected": 3,
                "actual": 4,
            },
            "9c7042cf0bfb74d4",
        ),
        (
            {
                "agency": None,
                "year": None,
                "code": "T5",
                "path": "/text/overview",
                "paths": ("/text/overview",),
                "expected": None,
                "actual": '引号"、反斜杠\\、换行\n与制表\t',
            },
            "904e6eb6d1cea0c7",
        ),
        (
            {
                "agency": "淮安市 洪泽区政府（办公室编制）",
                "year": 2024,
                "code": "blank",
                "path": "/a/b",
                "paths": ["/a/b", "/a/c"],
                "expected": "834.6435",
                "actual": None,
            },
            "315f5ccd144bd773",
        ),
    ],
)
def test_the_recipe_stays_as_accepted(recipe, expected):
    # Accept files list these: made however the code is made faster, a fingerprint of
    # recipe 1 stays what it was (values an accept file written before holds).
    assert fingerprint(**recipe) == expected
