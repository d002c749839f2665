"""``--select``/``--ignore`` as data (`gkreport._validation.selection`)."""

from __future__ import annotations

import pytest

from gkreport._validation.catalog import CATALOG
from gkreport._validation.engine import validate
from gkreport._validation.finding import Finding
from gkreport._validation.selection import Selection, UnknownRule, keep, known_names
from tests.test_rules import clean, put

CODES = [rule.code for rule in CATALOG]


def flat(findings):
    return [g for f in findings for g in (f, *flat(f.explains))]


def test_nothing_given_keeps_everything():
    selection = Selection.of()
    assert selection.everything
    assert all(selection.wants(code) for code in CODES)
    assert selection.ignored_codes() == frozenset()


def test_a_family_is_its_numbered_codes():
    selection = Selection.of(["T"])
    kept = {code for code in CODES if selection.wants(code)}
    assert kept == {code for code in CODES if code.startswith("T") and code[1:].isdigit()}
    assert "T13" in kept
    f_family = {code for code in CODES if Selection.of(["F"]).wants(code)}
    assert f_family == {"F1", "F2", "F3", "F4", "F5", "F6", "F6b"}


def test_names_are_comma_separated_or_repeated_in_any_case():
    one = Selection.of(["t1,F2", "d"])
    assert one == Selection.of(["T1", "f2", "D"]) == Selection.of(["T1, F2 ,D"])
    assert one.wants("T1")
    assert one.wants("F2")
    assert one.wants("D10")
    assert not one.wants("T2")


def test_tags_name_rules_across_families():
    text = Selection.of(["text"])
    assert text.wants("T1")
    assert text.wants("D5")
    assert text.wants("X9")
    assert not text.wants("F1")


def test_ignore_applies_after_select():
    selection = Selection.of(["T"], ["T5", "appeals"])
    assert selection.wants("T1")
    assert not selection.wants("T5")
    assert not selection.wants("T8")  # an appeals text rule
    assert not selection.wants("F1")
    assert Selection.of(ignore=["blank"]).ignored_codes() == frozenset({"blank"})


def test_an_unknown_name_is_refused_with_what_there_is():
    with pytest.raises(UnknownRule, match=r"^unknown rule T55, Q; .*family \(D, F, T, X\)"):
        Selection.of(["T1,T55", "Q"])
    with pytest.raises(UnknownRule, match=r"^unknown rule F99;"):
        Selection.of(ignore=["F99"])
    assert known_names()[:4] == ("D", "F", "T", "X")
    assert set(CODES) <= set(known_names())


def test_apply_keeps_order_on_findings_and_on_their_dicts():
    data = clean()
    put(data, "/applications/new/total", 99)
    put(data, "/appeals/review/total", 99)
    result = validate(data)
    assert len({f.code for f in result.findings}) > 1
    assert "F4" in {f.code for f in result.findings}
    only_f4 = Selection.of(["F4"])
    assert [f.code for f in only_f4.apply(result.findings)] == ["F4"]
    dicts = result.to_dict()["findings"]
    assert [f["code"] for f in only_f4.apply(dicts)] == ["F4"]
    assert only_f4.apply(dicts)[0] == next(f for f in dicts if f["code"] == "F4")


def test_what_a_dropped_finding_explains_takes_its_place():
    data = clean()
    put(data, "/applications/results/total/natural_person", 12)
    (diagnosis,) = validate(data).findings
    assert sorted(f.code for f in diagnosis.explains) == ["F1", "F2", "F3"]
    shown = Selection.of(ignore=["diagnosis"]).apply((diagnosis,))
    assert sorted(f.code for f in shown) == ["F1", "F2", "F3"]
    assert shown == [f for f in diagnosis.explains if f.code in ("F1", "F2", "F3")]
    # kept, it keeps only the explained findings the selection wants
    (kept,) = Selection.of(ignore=["F1"]).apply((diagnosis,))
    assert sorted(f.code for f in kept.explains) == ["F2", "F3"]
    (kept_dict,) = Selection.of(ignore=["F1"]).apply([diagnosis.to_dict()])
    assert sorted(f["code"] for f in kept_dict["explains"]) == ["F2", "F3"]


def test_keep_with_any_predicate_never_loses_a_wanted_finding():
    data = clean()
    put(data, "/applications/results/total/natural_person", 12)
    findings = validate(data).findings
    every = flat(findings)
    for code in {f.code for f in every}:
        kept = flat(tuple(keep(findings, lambda f, code=code: f.code == code)))
        assert [f.fingerprint for f in kept] == [f.fingerprint for f in every if f.code == code]


def test_selection_agrees_with_ignore_in_the_engine_for_rules_that_fold_nothing():
    data = clean()
    put(data, "/applications/new/total", 99)
    data["text"]["other_matters"] = "无。"  # D5: the fee is not mentioned
    result = validate(data)
    selection = Selection.of(["D"])
    engine = validate(data, ignore=selection.ignored_codes())
    assert [f.code for f in selection.apply(result.findings)] == [f.code for f in engine.findings]
    assert [f.code for f in engine.findings] == ["D5"]


def test_a_finding_of_a_code_not_in_the_catalog_is_kept_only_without_select():
    stranger = Finding("Z1", "error", "/a", "", None, "", "")
    assert Selection.of().apply([stranger]) == [stranger]
    assert Selection.of(ignore=["F"]).apply([stranger]) == [stranger]
    assert Selection.of(["F"]).apply([stranger]) == []
