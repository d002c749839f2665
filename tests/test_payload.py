"""gkreport._payload: what no JSON holds is found at its pointer before anything reads it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkreport._payload import (
    LONE_SURROGATE,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_VALUES,
    check,
    check_text,
    digits,
    has_lone_surrogate,
    number_problem,
    plain_leaves,
)


def test_a_clean_payload_is_handed_on_as_it_is():
    data = {"format": "2021", "notes": [{"path": "", "raw": "x"}], "year": 2024, "a": 1.5}
    clean, problems = check(data)
    assert clean is data
    assert problems == []


@pytest.mark.parametrize(
    ("value", "stand_in", "message"),
    [
        (Decimal("NaN"), "NaN", "NaN is not a number JSON can hold"),
        (Decimal("sNaN"), "sNaN", "sNaN is not a number JSON can hold"),
        (Decimal("-Infinity"), "-Infinity", "-Infinity is not a number JSON can hold"),
        (float("inf"), "inf", "inf is not a number JSON can hold"),
        (float("nan"), "nan", "nan is not a number JSON can hold"),
        (10**5000, "<a number of 5001 digits>", "a number of 5001 digits"),
        (Decimal("1E+999999999"), "<a number of 1000000000 digits>", "a number of"),
        (Decimal("1E-999999999"), "<a number of 1000000000 digits>", "a number of"),
        (1e300, "<a number of 301 digits>", "a number of 301 digits"),
    ],
    ids=[
        "nan",
        "snan",
        "-inf",
        "float-inf",
        "float-nan",
        "5001-digits",
        "1e+999999999",
        "1e-999999999",
        "float-1e300",
    ],
)
def test_a_number_no_report_holds_is_refused_at_its_pointer(value, stand_in, message):
    data = {"format": "2021", "proactive": {"fees": {"amount": value}}}
    clean, problems = check(data)
    assert [p.path for p in problems] == ["/proactive/fees/amount"]
    assert problems[0].message.startswith(message)
    assert clean["proactive"]["fees"]["amount"] == stand_in
    assert data["proactive"]["fees"]["amount"] is value  # the caller's payload is untouched


def test_keys_that_are_not_strings_are_refused_and_left_out():
    data = {"format": "2021", 1: "x", "applications": {"new": {(1, 2): 3, "total": 4}}}
    clean, problems = check(data)
    assert {p.path: p.message for p in problems} == {
        "/1": "a key must be a string, not 1",
        "/applications/new/(1, 2)": "a key must be a string, not (1, 2)",
    }
    assert clean == {"format": "2021", "applications": {"new": {"total": 4}}}


def test_nesting_is_cut_at_the_bound_and_a_cycle_at_once():
    deep: dict = {}
    node = deep
    for _ in range(100_000):  # deeper than Python could recurse
        node["a"] = {}
        node = node["a"]
    clean, problems = check({"format": "2021", "text": deep})
    assert [p.message for p in problems] == [f"nested more than {MAX_DEPTH} deep"]
    assert problems[0].path.count("/") == MAX_DEPTH

    cycle: dict = {"format": "2021"}
    wide: list = []
    wide += [wide, wide]
    cycle["text"] = cycle
    cycle["notes"] = wide
    clean, problems = check(cycle)
    assert {p.path: p.message for p in problems} == {
        "/text": "an object or array that contains itself",
        "/notes/0": "an object or array that contains itself",
        "/notes/1": "an object or array that contains itself",
    }
    assert clean["text"] == clean["notes"][0] == "<a cycle>"


def test_too_many_values_are_not_read_at_all():
    clean, problems = check({"format": "2021", "notes": list(range(MAX_VALUES + 1))})
    assert clean is None
    assert [p.path for p in problems] == [""]


@given(st.integers(min_value=-(10**150), max_value=10**150))
def test_digits_of_an_int_are_its_printed_digits(number):
    assert digits(number) == len(str(abs(number)))
    assert (number_problem(number) is None) == (len(str(abs(number))) <= MAX_DIGITS)


@pytest.mark.parametrize(
    ("number", "count"),
    [(Decimal("834.6435"), 7), (Decimal("1E+3"), 4), (Decimal("0.0001"), 5), (0.5, 2)],
)
def test_digits_count_a_number_written_out_in_full(number, count):
    assert digits(number) == count


_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**99, max_value=10**101)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010).map(str)
    | st.binary(max_size=3)
    | st.lists(st.integers(), max_size=2)
)


@given(leaves=st.lists(_LEAVES, max_size=6))
def test_leaves_found_plain_are_what_the_walk_hands_on_unchanged(leaves: list[object]):
    """`plain_leaves` True: the walk finds no problem and no lone surrogate, and copies nothing."""
    data = {f"k{i}": leaf for i, leaf in enumerate(leaves)}
    clean, problems, surrogates = check_text(data)
    if plain_leaves(leaves):
        assert clean is data
        assert problems == []
        assert not surrogates
    elif all(type(leaf) in (type(None), bool, int, float, Decimal, str) for leaf in leaves):
        assert problems or surrogates  # a plain type is refused only for what the walk finds


@pytest.mark.parametrize(
    "leaf",
    ["a\ud800", 10**MAX_DIGITS, float("nan"), Decimal("Infinity"), Decimal("1E+200"), [1], b"x"],
    ids=repr,
)
def test_a_leaf_the_walk_would_flag_or_look_into_is_not_plain(leaf: object):
    assert not plain_leaves(["ok", 1, leaf])


@given(st.text(st.characters(codec=None, min_codepoint=0xD000, max_codepoint=0xE100)) | st.text())
def test_a_lone_surrogate_is_told_by_the_codec_as_by_the_pattern(text: str):
    """`has_lone_surrogate` (UTF-8 refuses a surrogate, and nothing else) is `LONE_SURROGATE`."""
    assert has_lone_surrogate(text) == (LONE_SURROGATE.search(text) is not None)
