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
    "notes as an empty object": (_mutated("2021", ("notes",), {}), "/notes"),
    "notes as an object": (_mutated("2019", ("notes",), {"/year": "x"}), "/notes"),
    "notes as a string": (_mutated("2021", ("notes",), "n"), "/notes"),
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


# --- issue 12: years, whole numbers, and what no JSON holds --------------------------------


@pytest.mark.parametrize("year", [2008, 2024, 2100, None])
def test_a_year_the_template_allows_is_kept(year):
    assert from_dict(_mutated("2021", ("year",), year)).year == year


@pytest.mark.parametrize("year", [-1, 0, 2007, 2101, 10**30])
def test_a_year_outside_the_template_range_is_refused_at_its_pointer(year):
    with pytest.raises(gkreport.InvalidReport) as caught:
        from_dict(_mutated("2021", ("year",), year))
    assert [(p.path, p.message) for p in caught.value.errors] == [
        ("/year", f"a report year is from 2008 to 2100, got {year}")
    ]


@pytest.mark.parametrize(
    "value", [1, 1.0, Decimal("1"), Decimal("1.0"), Decimal("1.000"), Decimal("0.1E+1")]
)
def test_a_whole_number_is_a_count_whatever_type_holds_it(value):
    """1.0 and Decimal("1.0") are treated alike: JSON Schema calls both the integer 1."""
    for format_id, path in (("2021", ("applications", "new", "total")), ("2019", ("year",))):
        data = _mutated(format_id, path, 2021 * value if path == ("year",) else value)
        report = from_dict(data)
        got = report.year if path == ("year",) else report.applications.new.total
        assert type(got) is int
        assert got == (2021 if path == ("year",) else 1)
        assert list(validator("report").iter_errors(data)) == []


@pytest.mark.parametrize("value", [1.5, Decimal("1.5"), Decimal("0.5E+0"), "1", True])
def test_a_number_that_is_not_whole_is_no_count(value):
    with pytest.raises(gkreport.InvalidReport) as caught:
        from_dict(_mutated("2021", ("applications", "new", "total"), value))
    assert [p.path for p in caught.value.errors] == ["/applications/new/total"]


def test_an_array_where_an_object_belongs_is_named_as_such():
    with pytest.raises(gkreport.InvalidReport) as caught:
        from_dict(_mutated("2021", ("applications", "results"), []))
    assert [str(p) for p in caught.value.errors] == [
        "/applications/results: expected an object, got an array"
    ]


@pytest.mark.parametrize(("notes", "shown"), [({}, "an object"), ("ab", "the string 'ab'")])
def test_notes_are_an_array_not_anything_iterable(notes, shown):
    # cattrs iterates any iterable into a tuple: {} was no notes, "ab" two notes "a" and "b"
    with pytest.raises(gkreport.InvalidReport) as caught:
        from_dict({"format": "2021", "notes": notes})
    assert [str(p) for p in caught.value.errors] == [f"/notes: expected an array, got {shown}"]
    found = gkreport.validate({"format": "2021", "notes": notes}).findings
    assert ("schema", "/notes") in {(f.code, f.path) for f in found}
    assert from_dict({"format": "2021", "notes": []}).notes == ()


def test_what_no_json_holds_is_listed_with_every_other_problem():
    data = _mutated("2021", ("proactive", "fees", "amount"), Decimal("NaN"))
    data["applications"]["new"]["total"] = -1
    data["text"][5] = "x"
    with pytest.raises(gkreport.InvalidReport) as caught:
        from_dict(data)
    assert {p.path: p.message for p in caught.value.errors} == {
        "/proactive/fees/amount": "NaN is not a number JSON can hold",
        "/text/5": "a key must be a string, not 5",
        "/applications/new/total": "a count cannot be negative, got -1",
    }


@pytest.mark.parametrize("format_id", [["2021"], {"id": "2021"}, 2021, Decimal("NaN")])
def test_a_format_that_is_no_string_is_refused(format_id):
    with pytest.raises(gkreport.InvalidReport) as caught:
        from_dict({"format": format_id})
    assert [p.path for p in caught.value.errors] == ["/format"]
