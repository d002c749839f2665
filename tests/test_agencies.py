"""Agency names of one run matched for ``--series`` (`gkreport._validation.agencies`)."""

import hypothesis.strategies as st
from hypothesis import given

from gkreport._validation.agencies import agency_key, match_agencies

GULOU = ("鼓楼区人民政府", "南京市鼓楼区人民政府", "福州市鼓楼区人民政府")


def test_keys_ignore_width_spaces_brackets_remarks_and_renmin():
    same = (
        "淮安市洪泽区人民政府",
        "淮安市洪泽区政府",
        "淮安市 洪泽区 人民政府",
        "淮安市洪泽区人民政府（区政府办公室编制）",
        "淮安市洪泽区人民政府(区政府办公室编制)",
        "淮安市洪泽区人民政府【区政府办公室编制】",
    )
    assert {agency_key(name) for name in same} == {"淮安市洪泽区政府"}
    assert agency_key("ＡＢＣ开发区管委会") == agency_key("abc开发区管委会")
    # A bracket inside the name is part of it.
    assert agency_key("中国（上海）自由贸易试验区管理委员会") != agency_key(
        "中国自由贸易试验区管理委员会"
    )


def test_a_short_name_joins_the_only_longer_name_with_a_region_prefix():
    matching = match_agencies(["洪泽区人民政府", "淮安市洪泽区人民政府", "淮安市人民政府"])
    groups = matching.groups
    assert groups["洪泽区人民政府"] == groups["淮安市洪泽区人民政府"] == "淮安市洪泽区政府"
    assert groups["淮安市人民政府"] == "淮安市政府"  # a city is not its district
    assert matching.ambiguous == {}


def test_prefixes_chain_to_one_agency():
    names = ["江苏省淮安市洪泽区人民政府", "淮安市洪泽区政府", "洪泽区人民政府"]
    assert set(match_agencies(names).groups.values()) == {"江苏省淮安市洪泽区政府"}


def test_a_short_name_several_agencies_end_with_is_ambiguous():
    matching = match_agencies(GULOU)
    assert matching.ambiguous == {"鼓楼区人民政府": GULOU[1:]}
    assert matching.groups["鼓楼区人民政府"] == "鼓楼区政府"  # a group of its own key only
    assert matching.groups["南京市鼓楼区人民政府"] == "南京市鼓楼区政府"
    assert matching.groups["南京市鼓楼区人民政府"] != matching.groups["福州市鼓楼区人民政府"]


def test_only_a_whole_region_name_is_a_prefix():
    matching = match_agencies(["区政府", "南京市鼓楼区政府", "公安局", "淮安市公安局"])
    assert matching.groups["区政府"] == "区政府"  # 南京市鼓楼 is no region
    assert matching.groups["公安局"] == matching.groups["淮安市公安局"]


@given(st.permutations([*GULOU, "洪泽区人民政府", "淮安市洪泽区政府", "区政府", "淮安市人民政府"]))
def test_the_matching_does_not_depend_on_the_order_of_the_names(names):
    assert match_agencies(names) == match_agencies(sorted(names))
