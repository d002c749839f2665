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
