"""The registry of formats: year → format, features, a toy format registered at run time.

The toy is the 2021 format with one extra row in table 三 and without the
``fee_statement`` feature. It proves that the rules follow the features (not a
list of format ids) and that the arithmetic follows the tree: the extra row is
summed into （七）总计 although no module outside the forms package knows it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

import gkreport
import gkreport.excel
from gkreport._cli import build_parser, main
from gkreport._convert import from_dict, to_dict
from gkreport._forms import features, layout, registry
from gkreport._forms.layout import Format, Group, Kind, Row
from gkreport._readers.text.labels import label_index
from gkreport._validation.catalog import CATALOG, Scope, Severity
from gkreport._validation.engine import _rules, validate, validate_series

ROOT = Path(__file__).resolve().parents[1]
NEW, OLD = layout.FORMATS[layout.ID_2021], layout.FORMATS[layout.ID_2019]
TOY_ID = "toy"
EXTRA = "/applications/results/referred"
EXTRA_LABEL = "（六）bis 告知向其他机关申请"


def _toy() -> Format:
    """The 2021 tree with a row （六）bis before （七）总计, a toy notice and no fee statement."""
    extra = Row("referred", EXTRA_LABEL, layout.APPLICANT_COLUMNS, "ApplicantCounts")
    results = NEW.node("applications.results")
    assert isinstance(results, Group)
    results = attrs.evolve(
        results, children=(*results.children[:-1], extra, results.children[-1]), model="ResultsToy"
    )
    applications = attrs.evolve(
        NEW.applications,
        children=tuple(results if c.id == "results" else c for c in NEW.applications.children),
        model="ApplicationsToy",
    )
    return attrs.evolve(
        NEW,
        id=TOY_ID,
        notice="toy notice",
        applications=applications,
        markers=(*NEW.markers, EXTRA_LABEL),
        first_year=None,
        last_year=None,
        features=NEW.features - {features.FEE_STATEMENT},
        report_class=None,
    )


@pytest.fixture
def toy() -> Iterator[Format]:
    with registry.registered(_toy()) as fmt:
        yield fmt
    assert TOY_ID not in registry.FORMATS


def _put(data: dict[str, Any], pointer: str, value: object) -> None:
    *parents, last = pointer.strip("/").split("/")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value


def _clean(fmt: Format, **text: str) -> dict[str, Any]:
    """A report of ``fmt`` as data whose identities hold: 3 new, 3 concluded.

    Of the three, one is in the toy's extra row when the format has it.
    """
    data: dict[str, Any] = {"format": fmt.id, "text": text, "notes": []}
    for leaf in fmt.leaves():
        _put(data, leaf.pointer, Decimal(0) if leaf.cell.kind is Kind.MONEY else 0)
    extra = any(leaf.pointer.startswith(EXTRA + "/") for leaf in fmt.leaves())
    rows = [("/applications/new", 3), ("/applications/results/total", 3)]
    granted = "/applications/results/granted"
    rows += [(granted, 2), (EXTRA, 1)] if extra else [(granted, 3)]
    for row, value in rows:
        _put(data, f"{row}/natural_person", value)
        _put(data, f"{row}/total", value)
    return data


#: The toy reports name no agency or year (no real year is the toy format's): the rule that
#: says so is set aside where a test looks at the others.
_UNNAMED = ("missing-metadata",)


def _codes(result: gkreport.ValidationResult) -> set[str]:
    return {f.code for f in result.findings}


# --- no format id outside the forms package ---------------------------------------------------


def _constants(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and type(n.value) is str}


def test_no_module_outside_the_forms_package_spells_a_format_id():
    generated = {ROOT / "gkreport" / "_tables.py"}
    forms = ROOT / "gkreport" / "_forms"
    ids = set(registry.FORMATS)
    offenders = [
        f"{path.relative_to(ROOT)}: {sorted(_constants(path) & ids)}"
        for path in sorted((ROOT / "gkreport").rglob("*.py"))
        if path not in generated and forms not in path.parents and _constants(path) & ids
    ]
    assert offenders == []


def test_the_scan_would_see_a_format_id():
    """The scan above is not vacuous: the forms package does spell the ids."""
    assert set(registry.FORMATS) <= _constants(ROOT / "gkreport" / "_forms" / "layout.py")


# --- the two official formats -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2019, layout.ID_2019),
        (2020, layout.ID_2019),
        (2021, layout.ID_2021),
        (2024, layout.ID_2021),
        (2100, layout.ID_2021),
    ],
)
def test_the_year_tells_the_format(year, expected):
    assert registry.for_year(year).id == expected


@pytest.mark.parametrize("year", [None, 2007, 2018])
def test_a_year_before_the_formats_has_none(year):
    assert registry.for_year(year) is None


def test_the_current_format_is_the_2021_one():
    assert registry.current() is NEW
    assert list(registry.FORMATS) == [layout.ID_2021, layout.ID_2019]


def test_the_official_formats_carry_their_notice_years_and_features():
    assert (NEW.notice, NEW.first_year, NEW.last_year) == ("国办公开办函〔2021〕30号", 2021, None)
    assert (OLD.notice, OLD.first_year, OLD.last_year) == ("国办公开办函〔2019〕60号", 2019, 2020)
    assert NEW.features == {
        features.OTHER_SUBROWS,
        features.FEE_AMOUNT,
        features.IN_FORCE_CHAIN,
        features.FEE_STATEMENT,
    }
    assert OLD.features == {features.SIGNED_DELTA, features.MADE_PUBLISHED}
    assert NEW.features | OLD.features == set(features.FEATURES)


def test_each_feature_is_a_fact_of_the_tree():
    """The features the trees can show agree with the trees."""
    for fmt in registry.FORMATS.values():
        kinds = {leaf.cell.kind for leaf in fmt.leaves()}
        other = fmt.node("applications.results.other")
        rules = {cell.id for cell in fmt.node("proactive.rules").cells}
        assert fmt.has(features.OTHER_SUBROWS) == isinstance(other, Group)
        assert fmt.has(features.FEE_AMOUNT) == (Kind.MONEY in kinds)
        assert fmt.has(features.SIGNED_DELTA) == (Kind.SIGNED in kinds)
        assert fmt.has(features.IN_FORCE_CHAIN) == ({"made", "repealed", "in_force"} <= rules)
        assert fmt.has(features.MADE_PUBLISHED) == ({"new_made", "new_published"} <= rules)


def test_the_report_classes_are_the_generated_ones():
    assert registry.report_class(layout.ID_2021) is gkreport.Report2021
    assert registry.report_class(layout.ID_2019) is gkreport.Report2019
    assert registry.is_report_class(gkreport.Report2019)
    assert not registry.is_report_class(dict)


def test_an_unknown_id_names_the_known_ones():
    known = ", ".join(registry.FORMATS)
    with pytest.raises(KeyError, match=f"unknown format '1999'; expected one of {known}"):
        registry.get_format("1999")
    with pytest.raises(KeyError, match="1999"):
        registry.report_class("1999")
    with pytest.raises(KeyError, match="1999"):
        registry.unregister("1999")


def test_a_taken_id_or_an_unknown_feature_is_refused():
    with pytest.raises(ValueError, match="already registered"):
        registry.register(NEW)
    with pytest.raises(ValueError, match="unknown features"):
        registry.register(attrs.evolve(NEW, id="other", features=frozenset({"colour"})))
    assert "other" not in registry.FORMATS


def test_a_rule_needing_an_unknown_feature_is_refused():
    with pytest.raises(ValueError, match="unknown features"):
        attrs.evolve(CATALOG[0], needs=frozenset({"colour"}))


def test_rules_apply_by_feature_to_the_official_formats():
    """The rules the catalog applied by format id before apply by feature now."""
    only = {r.code: r.formats for r in CATALOG if len(r.formats) == 1}
    new, old = layout.ID_2021, layout.ID_2019
    assert only == {
        "F6": (new,),
        "F6b": (old,),
        "other-group-only": (new,),
        "D5": (new,),
        "X3": (new,),
        "X6": (old,),
        "X2": (new,),
        "T13": (new,),
    }
    assert all(r.formats == (new, old) for r in CATALOG if not r.needs)


# --- a toy third format registered at run time --------------------------------------------------


def test_a_toy_format_is_known_while_registered(toy):
    assert registry.get_format(TOY_ID) is toy
    assert list(registry.FORMATS)[-1] == TOY_ID
    assert registry.for_year(2024) is NEW  # a format of no year takes no year from another
    assert TOY_ID in next(r for r in CATALOG if not r.needs).formats


def test_the_toy_report_class_is_built_from_its_tree(toy):
    cls = registry.report_class(TOY_ID)
    assert registry.report_class(TOY_ID) is cls
    assert registry.is_report_class(cls)
    report = cls(year=2024)
    assert report.format == TOY_ID
    assert report.applications.results.referred.total is None
    assert report.proactive.fees.amount is None
    assert attrs.fields_dict(type(report.applications.results.other))["fee_unpaid"]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.year = 2025  # type: ignore[misc]


def test_a_toy_report_converts_through_the_registry(toy):
    data = _clean(toy)
    report = from_dict(data)
    assert type(report) is registry.report_class(TOY_ID)
    assert report.applications.results.referred.natural_person == 1
    assert to_dict(report)["applications"]["results"]["referred"]["total"] == 1
    with pytest.raises(gkreport.InvalidReport, match="unknown key"):
        from_dict({**data, "colour": "blue"})
    _put(data, f"{EXTRA}/commercial", -1)
    with pytest.raises(gkreport.InvalidReport, match="a count cannot be negative"):
        from_dict(data)


def test_the_toy_gets_every_rule_whose_features_it_has(toy):
    for scope in Scope:
        applied = set(_rules(TOY_ID, scope))
        assert applied == {r for r in CATALOG if r.scope is scope and r.needs <= toy.features}
    report_rules = {r.code for r in _rules(TOY_ID, Scope.REPORT)}
    assert {"F1", "F2", "F3", "F4", "F5", "F6", "blank", "other-group-only", "X3"} <= report_rules
    assert report_rules.isdisjoint({"D5", "F6b", "X6"})
    assert len(report_rules) == len([r for r in CATALOG if r.scope is Scope.REPORT]) - 3


def test_a_clean_toy_report_passes(toy):
    result = validate(from_dict(_clean(toy)), ignore=_UNNAMED)
    assert result.format == TOY_ID
    assert result.findings == ()
    # a toy report names no agency and no year (no year is the toy's): said, not skipped
    unnamed = validate(from_dict(_clean(toy))).findings
    assert [(f.code, f.path) for f in unnamed] == [
        ("missing-metadata", "/agency"),
        ("missing-metadata", "/year"),
    ]


def test_a_broken_identity_through_the_extra_row_is_reported(toy):
    data = _clean(toy)
    _put(data, f"{EXTRA}/natural_person", 2)
    _put(data, f"{EXTRA}/total", 2)
    result = validate(from_dict(data))
    f3 = [f for f in result.findings if f.code == "F3"]
    assert [f.path for f in f3] == [
        "/applications/results/total/natural_person",
        "/applications/results/total/total",
    ]
    columns = ("natural_person", "total")
    assert all(f"{EXTRA}/{c}" in f.cells for f, c in zip(f3, columns, strict=True))
    assert f3[0].severity == Severity.ERROR.value
    assert _codes(result) - set(_UNNAMED) == {"F3"}
    assert f3[0].equation == (
        "（七）总计 3 ≠ 4 = （一）予以公开 2 + （六）bis 告知向其他机关申请 2（其余20项为0）"
    )
    assert (f3[0].expected, f3[0].actual) == (4, 3)


def test_a_broken_row_sum_of_the_extra_row_is_reported(toy):
    data = _clean(toy)
    _put(data, f"{EXTRA}/commercial", 1)  # the row's 总计 stays 1
    data_report = from_dict(data)
    result = validate(data_report)
    (diagnosis,) = [f for f in result.findings if f.code == "diagnosis"]  # the one wrong cell
    assert diagnosis.path == f"{EXTRA}/commercial"
    f2 = [f for f in diagnosis.explains if f.code == "F2"]  # a symptom, folded into it
    assert [f.path for f in f2] == [f"{EXTRA}/total"]
    assert "告知向其他机关申请" in f2[0].message


def test_rules_of_the_toy_features_fire_on_it(toy):
    data = _clean(toy)
    _put(data, "/proactive/rules/made", 3)  # X3 (in_force_chain): 3 > 0 + 0
    _put(data, "/applications/results/denied/third_party/commercial", None)  # blank
    report = from_dict(data)
    fees = attrs.evolve(report.proactive.fees, amount=Decimal(-1))  # F6 (fee_amount)
    report = attrs.evolve(report, proactive=attrs.evolve(report.proactive, fees=fees))
    found = {(f.code, f.path) for f in validate(report, ignore=_UNNAMED).findings}
    assert found == {
        ("F6", "/proactive/fees/amount"),
        ("X3", "/proactive/rules/made"),
        ("blank", "/applications/results/denied/third_party/commercial"),
    }


def test_a_group_only_other_processing_is_read_as_in_2021(toy):
    """other-group-only (other_subrows) and F3's use of the group row's numbers."""
    data = _clean(toy)
    for column in layout.APPLICANT_COLUMNS:
        for row in ("no_correction", "fee_unpaid", "other"):
            _put(data, f"/applications/results/other/{row}/{column.id}", None)
    data["notes"] = [{"path": "/applications/results/other", "raw": "1 0 0 0 0 0 1"}]
    found = [(f.code, f.path, f.actual) for f in validate(data, ignore=_UNNAMED).findings]
    assert found == [
        ("F3", "/applications/results/total/natural_person", 3),
        ("F3", "/applications/results/total/total", 3),
        ("other-group-only", "/applications/results/other", "1 0 0 0 0 0 1"),
    ]


def test_a_rule_needing_a_feature_the_toy_lacks_is_not_applied(toy):
    """D5 (fee_statement) reports the 2021 report and stays silent on the same toy report."""
    text = {"other_matters": "本年度无其他需要报告的事项。"}
    official, toys = _codes(validate(_clean(NEW, **text))), _codes(validate(_clean(toy, **text)))
    assert "D5" in official
    assert toys == official - {"D5"}


def test_the_in_force_chain_spans_formats_that_both_have_it(toy):
    def year(fmt: Format, y: int, in_force: int) -> dict[str, Any]:
        data = _clean(fmt)
        data["year"] = y
        _put(data, "/proactive/rules/in_force", in_force)
        return data

    series = validate_series([year(NEW, 2023, 5), year(toy, 2024, 9)])
    assert [(f.code, f.path) for f in series.findings] == [("X2", "/proactive/rules/in_force")]
    assert validate_series([year(OLD, 2020, 5), year(toy, 2021, 9)]).findings == ()


def test_the_text_reader_detects_and_reads_a_toy_report():
    """Detection asks the registry: the toy's extra row sets it apart, and only while registered."""
    text = {part.id: "本机关依法做好政府信息公开工作。" for part in layout.PARTS}
    exclusive = label_index(layout.ID_2021).exclusive
    with registry.registered(_toy()) as toy:
        report = from_dict(_clean(toy, **text))
        page = gkreport.render.render(report, to="md")
        back = gkreport.parse_text(page)
        assert type(back) is registry.report_class(TOY_ID)
        assert {k: to_dict(back)[k] for k in ("proactive", "applications", "appeals")} == {
            k: to_dict(report)[k] for k in ("proactive", "applications", "appeals")
        }
        assert label_index(layout.ID_2021).exclusive == frozenset()  # the toy prints them all
    assert label_index(layout.ID_2021).exclusive == exclusive
    official = gkreport.parse_text(page.replace(EXTRA_LABEL, "（六）其他处理 3.其他"))
    assert official.format == layout.ID_2021


def _format_choices() -> tuple[str, ...]:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.choices and "template" in a.choices)
    template = commands.choices["template"]
    return tuple(next(a for a in template._actions if a.dest == "format").choices)


def test_the_template_command_offers_the_registered_formats(tmp_path):
    assert _format_choices() == tuple(registry.FORMATS)
    with registry.registered(_toy()) as toy:
        assert _format_choices()[-1] == TOY_ID
        assert main(["template", str(tmp_path / "toy.xlsx"), "--format", TOY_ID]) == 0
        blank = gkreport.excel.read(tmp_path / "toy.xlsx")
        assert type(blank) is registry.report_class(TOY_ID)
        report = from_dict(_clean(toy))
        gkreport.excel.write(report, tmp_path / "filled.xlsx")
        back = gkreport.excel.read(tmp_path / "filled.xlsx")
        assert back.applications == report.applications
    with pytest.raises(ValueError, match="unknown format 'toy'"):
        gkreport.excel.template(tmp_path / "gone.xlsx", format=TOY_ID)
