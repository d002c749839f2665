import copy
from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gkreport
from gkreport._convert import from_dict, to_dict
from gkreport._schema import validator
from tests.strategies import report_dicts


def _blank(format_id: str) -> dict:
    return to_dict(gkreport.from_dict({"format": format_id}))


@settings(max_examples=60, deadline=None)
@given(report_dicts())
def test_model_and_schema_agree_on_generated_reports(data):
    report = from_dict(data)
    out = to_dict(report)
    assert list(validator("report").iter_errors(out)) == []
    assert from_dict(out) == report
    assert out == {**_blank(data["format"]), **_with_defaults(data)}


def _with_defaults(data: dict) -> dict:
    """The generated dict as to_dict writes it: notes with every key."""
    notes = [{"source": None, "message": None, **note} for note in data["notes"]]
    return {**data, "notes": notes}


def test_amounts_keep_every_digit():
    data = _blank("2021")
    data["proactive"]["fees"]["amount"] = Decimal("834.6435")
    report = from_dict(data)
    assert report.proactive.fees.amount == Decimal("834.6435")
    assert to_dict(report)["proactive"]["fees"]["amount"] == Decimal("834.6435")


def test_a_float_amount_is_read_as_written():
    data = _blank("2021")
    data["proactive"]["fees"]["amount"] = 834.6435
    assert from_dict(data).proactive.fees.amount == Decimal("834.6435")


def test_blank_is_none_not_zero():
    report = from_dict({"format": "2019"})
    assert report.applications.new.total is None
    assert report.proactive.procurement.amount is None


def test_provenance_is_neither_equality_nor_json():
    report = from_dict({"format": "2021"})
    traced = attrs.evolve(report, sources={"/applications/new/total": "line 57"})
    assert traced == report
    assert "sources" not in to_dict(traced)
    assert traced.sources["/applications/new/total"] == "line 57"


def _mutated(format_id: str, path: tuple, value: object) -> dict:
    data = copy.deepcopy(_blank(format_id))
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def _deleted(path: tuple) -> dict:
    data = copy.deepcopy(_blank("2021"))
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return data


INVALID = {
    "string count": (
        _mutated("2021", ("applications", "new", "total"), "5"),
        "/applications/new/total",
    ),
    "fractional count": (
        _mutated("2021", ("applications", "new", "total"), 3.7),
        "/applications/new/total",
    ),
    "negative count": (
        _mutated("2021", ("appeals", "review", "pending"), -1),
        "/appeals/review/pending",
    ),
    "bool count": (
        _mutated("2019", ("proactive", "rules", "new_made"), True),
        "/proactive/rules/new_made",
    ),
    "negative amount": (
        _mutated("2021", ("proactive", "fees", "amount"), Decimal("-1")),
        "/proactive/fees/amount",
    ),
    "string amount": (
        _mutated("2021", ("proactive", "fees", "amount"), "12"),
        "/proactive/fees/amount",
    ),
    "fractional delta": (
        _mutated("2019", ("proactive", "fees", "delta"), Decimal("1.5")),
        "/proactive/fees/delta",
    ),
    "number as procurement amount": (
        _mutated("2019", ("proactive", "procurement", "amount"), 251000),
        "/proactive/procurement/amount",
    ),
    "unknown key": (_mutated("2021", ("applications", "subtotal"), {}), "/applications/subtotal"),
    "unknown top-level key": (_mutated("2021", ("sources",), {}), "/sources"),
    "2019 field in a 2021 report": (
        _mutated("2021", ("proactive", "procurement"), {"projects": 1, "amount": None}),
        "/proactive/procurement",
    ),
    "2021 sub-rows in a 2019 report": (
        _mutated("2019", ("applications", "results", "other", "fee_unpaid"), 0),
        "/applications/results/other/fee_unpaid",
    ),
    "missing format": (_deleted(("format",)), "/format"),
    "unknown format": (_mutated("2021", ("format",), "2020"), "/format"),
    "unknown kind": (_mutated("2021", ("kind",), "county"), "/kind"),
    "impossible date": (_mutated("2021", ("published_on",), "2024-02-30"), "/published_on"),
    "date in another form": (_mutated("2021", ("published_on",), "2024年1月25日"), "/published_on"),
    "year as text": (_mutated("2021", ("year",), "2023"), "/year"),
    "note without raw": (_mutated("2021", ("notes",), [{"path": "/x"}]), "/notes/0/raw"),
    "row as a list": (_mutated("2021", ("applications", "new"), [1, 2]), "/applications/new"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_payloads_are_rejected_by_schema_and_model(case):
    data, path = INVALID[case]
    schema_paths = {
        "/" + "/".join(str(p) for p in error.absolute_path)
        for error in validator("report").iter_errors(data)
    }
    with pytest.raises(gkreport.InvalidReport) as caught:
        from_dict(data)
    assert path in {problem.path for problem in caught.value.errors}
    assert schema_paths & {path, path.rsplit("/", 1)[0] or "/"}, schema_paths


def test_every_bad_path_is_listed_not_only_the_first():
    data = _blank("2021")
    data["applications"]["new"]["total"] = -1
    data["appeals"]["review"]["upheld"] = "x"
    data["unknown"] = 1
    with pytest.raises(gkreport.InvalidReport) as caught:
        from_dict(data)
    assert {p.path for p in caught.value.errors} == {
        "/applications/new/total",
        "/appeals/review/upheld",
        "/unknown",
    }
    assert "/applications/new/total" in str(caught.value)


@pytest.mark.parametrize("payload", [None, [], "report", 5])
def test_a_payload_that_is_not_an_object(payload):
    with pytest.raises(gkreport.InvalidReport) as caught:
        from_dict(payload)
    assert caught.value.errors[0].path == ""


@given(st.integers(min_value=0, max_value=10**30))
def test_counts_of_any_size(n):
    data = _mutated("2021", ("proactive", "licensing", "decisions"), n)
    assert from_dict(data).proactive.licensing.decisions == n


def test_a_plain_note_has_no_kind_key_so_old_payloads_round_trip_unchanged():
    old = {**_blank("2021"), "notes": [{"path": "/x", "raw": "a", "source": None, "message": None}]}
    assert to_dict(from_dict(old)) == old
    assert list(validator("report").iter_errors(old)) == []


@pytest.mark.parametrize("kind", ["unread", "implausible"])
def test_a_note_kind_is_written_and_read_back(kind):
    data = {**_blank("2021"), "notes": [{"path": "/applications/new", "raw": "200 000121"}]}
    data["notes"][0]["kind"] = kind
    report = from_dict(data)
    assert report.notes[0].kind == kind
    out = to_dict(report)
    assert out["notes"][0]["kind"] == kind
    assert list(validator("report").iter_errors(out)) == []
    assert from_dict(out) == report


def test_a_null_kind_is_read_as_a_plain_note_and_written_without_the_key():
    data = {**_blank("2021"), "notes": [{"path": "/x", "raw": "a", "kind": None}]}
    assert list(validator("report").iter_errors(data)) == []
    report = from_dict(data)
    assert report.notes[0].kind is None
    assert "kind" not in to_dict(report)["notes"][0]


@pytest.mark.parametrize("kind", ["blank", "", 1, True])
def test_an_unknown_note_kind_is_refused_by_model_and_schema_alike(kind):
    data = {**_blank("2021"), "notes": [{"path": "/x", "raw": "a", "kind": kind}]}
    with pytest.raises(gkreport.InvalidReport) as caught:
        from_dict(data)
    assert [p.path for p in caught.value.errors] == ["/notes/0/kind"]
    paths = [list(e.absolute_path) for e in validator("report").iter_errors(data)]
    assert paths == [["notes", 0, "kind"]]
