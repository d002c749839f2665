from decimal import Decimal

import pytest
from jsonschema import Draft202012Validator

import gkreport
from gkreport._schema import schema_names, validator


@pytest.mark.parametrize("name", schema_names())
def test_each_packaged_schema_is_a_valid_draft_2020_12_schema(name):
    document = gkreport.schema(name)
    Draft202012Validator.check_schema(document)
    assert document["$id"] == f"https://gkreport.org/schemas/1/{name}.schema.json"


def test_the_either_format_schema_resolves_both_formats_offline():
    assert list(validator("report").iter_errors({"format": "2019"})) == []
    errors = list(validator("report").iter_errors({"format": "2021", "proactive": {"x": 1}}))
    assert [list(e.absolute_path) for e in errors] == [["proactive"]]


def test_schema_titles_carry_the_official_labels():
    document = gkreport.schema("report-2021")
    new = document["properties"]["applications"]
    assert new["title"] == "三、收到和处理政府信息公开申请情况"
    assert document["$defs"]["ApplicantCounts"]["properties"]["total"]["title"] == "总计"


def test_schema_returns_a_copy():
    gkreport.schema("report")["title"] = "changed"
    assert gkreport.schema("report")["title"] != "changed"


def test_an_unknown_schema_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="report-2021"):
        gkreport.schema("nope")


# --- issue 12: years and whole numbers -----------------------------------------------------


@pytest.mark.parametrize(
    ("year", "valid"),
    [
        (2008, True),
        (2100, True),
        (None, True),
        (2007, False),
        (2101, False),
        (-1, False),
        (10**30, False),
    ],
)
def test_a_year_is_from_2008_to_2100(year, valid):
    errors = list(validator("report").iter_errors({"format": "2021", "year": year}))
    assert [list(e.absolute_path) for e in errors] == ([] if valid else [["year"]])


def test_the_years_are_the_templates_data_validation():
    from gkreport._forms import layout  # noqa: PLC0415
    from gkreport.excel._draw import _METADATA_VALIDATIONS  # noqa: PLC0415

    rule, _prompt = _METADATA_VALIDATIONS["/year"]
    bounds = (int(rule["formula1"]), int(rule["formula2"]))
    assert bounds == (layout.YEARS[0], layout.YEARS[-1])
    for name in ("report-2021", "report-2019"):
        year = gkreport.schema(name)["properties"]["year"]["anyOf"][0]  # an integer, or null
        assert (year["minimum"], year["maximum"]) == bounds


@pytest.mark.parametrize(
    ("count", "valid"),
    [
        (1, True),
        (1.0, True),
        (Decimal("1.0"), True),
        (Decimal("1E+3"), True),
        (1.5, False),
        (Decimal("1.5"), False),
        (True, False),
    ],
)
def test_an_integer_is_any_number_without_a_fraction_as_json_schema_says(count, valid):
    """So the schema agrees with the model on 1.0 however Python holds it (a float, a decimal)."""
    data = {"format": "2021", "applications": {"new": {"total": count}}}
    assert (list(validator("report").iter_errors(data)) == []) is valid
    if valid:
        assert gkreport.from_dict(data).applications.new.total == count
    else:
        with pytest.raises(gkreport.InvalidReport):
            gkreport.from_dict(data)
