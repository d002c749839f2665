"""gkreport/_ruledata.py and tools/rules_data.py: the rule catalog as data, and the versions.

``schemas/rules.json`` is what another language needs to evaluate the arithmetic: these
tests hold it to the catalog it is made from (every rule, every identity with the cells
and signs of `catalog.equations`), show that the workbook's live checks and
``docs/rules.md`` are made from it, and that ``gkreport schema rules`` prints it.
"""

from __future__ import annotations

import json

import pytest

import gkreport
from gkreport import _ruledata
from gkreport._cli import main
from gkreport._forms import layout
from gkreport._validation import catalog
from gkreport.excel import _livechecks
from tests.reference import EXAMPLES
from tools import rules_data, rules_page

DATA = _ruledata.rule_data()
RULES = {rule["code"]: rule for rule in DATA["rules"]}


def test_every_rule_of_the_catalog_is_in_the_data_in_catalog_order():
    assert list(RULES) == [rule.code for rule in catalog.CATALOG]
    for rule in catalog.CATALOG:
        entry = RULES[rule.code]
        assert entry["severity"] == rule.severity.value
        assert entry["formats"] == list(rule.formats)
        assert entry["scope"] == rule.scope.value
        assert entry["title"] == {"zh": rule.title_zh, "en": rule.title_en}
        assert entry["message"] == {"zh": rule.message_zh, "en": rule.message_en}
        assert entry["basis"] == {"kind": rule.basis.value, "source": rule.source}


@pytest.mark.parametrize("format_id", sorted(layout.FORMATS))
def test_each_identity_is_its_equation_as_signed_cell_terms(format_id):
    data = [
        (code, identity)
        for code, rule in RULES.items()
        for identity in rule.get("identities", {}).get(format_id, ())
    ]
    equations = catalog.equations(format_id)
    assert len(data) == len(equations) > 30
    for (code, identity), equation in zip(data, equations, strict=True):
        assert (code, identity["anchor"]) == (equation.code, equation.anchor)
        terms = [(t["pointer"], t["coefficient"]) for t in identity["terms"]]
        assert terms == [(p, 1) for p in equation.left] + [(p, -1) for p in equation.right]
        for term in identity["terms"]:
            assert term["cell"] == term["pointer"][1:].replace("/", ".")


def test_only_identity_rules_have_identities_and_the_signed_cells_are_in_none():
    assert sorted(code for code, rule in RULES.items() if "identities" in rule) == [
        "F1",
        "F2",
        "F3",
        "F4",
    ]
    signed = DATA["arithmetic"]["signed"]["cells"]
    assert signed["2019"]  # 本年增/减
    assert signed["2021"] == []
    in_identities = {
        t["pointer"]
        for rule in RULES.values()
        for identities in rule.get("identities", {}).values()
        for identity in identities
        for t in identity["terms"]
    }
    assert in_identities.isdisjoint(signed["2019"])


def test_the_group_row_terms_are_the_2021_f3_columns_of_the_other_group():
    group = DATA["arithmetic"]["group_row"]
    flagged = {
        (fid, t["pointer"])
        for rule in RULES.values()
        for fid, identities in rule.get("identities", {}).items()
        for identity in identities
        for t in identity["terms"]
        if t.get("group_row")
    }
    assert flagged == {("2021", f"{group['pointer']}/{c}") for c in group["columns"]}


@pytest.mark.parametrize("format_id", sorted(layout.FORMATS))
def test_the_live_checks_are_the_datas_identities_less_the_group_row(format_id):
    for identity, (code, title, terms) in zip(
        _livechecks.identities(format_id), _ruledata.identities(format_id), strict=True
    ):
        assert (
            (identity.code, identity.title) == (code, title) == (code, RULES[code]["title"]["zh"])
        )
        drawn = [t for t in terms if not t.get("group_row")]
        assert identity.left == tuple(t["pointer"] for t in drawn if t["coefficient"] == 1)
        assert identity.right == tuple(t["pointer"] for t in drawn if t["coefficient"] == -1)


def test_the_reference_page_is_written_from_the_data(monkeypatch):
    changed = rules_data.rules_document()
    changed["rules"][0]["title"]["en"] = "a title only the data has"
    monkeypatch.setattr(rules_page, "rules_document", lambda: changed)
    assert "a title only the data has" in rules_page.rules_markdown()


def test_the_version_is_a_hash_of_the_data_and_changes_with_it(monkeypatch):
    assert DATA["version"] == rules_data.rules_document()["version"]
    assert _ruledata.rules_version() == DATA["version"]
    body = dict(rules_data._document_body())
    body["rules"] = body["rules"][1:]
    monkeypatch.setattr(rules_data, "_document_body", lambda: body)
    assert rules_data.rules_document()["version"] != DATA["version"]


def test_every_result_carries_the_versions():
    result = gkreport.validate(json.loads((EXAMPLES / "qingzhen-2020.json").read_text("utf-8")))
    versions = {key: result.to_dict()[key] for key in ("gkreport_version", "rules_version")}
    assert versions == {"gkreport_version": gkreport.__version__, "rules_version": DATA["version"]}


def test_schema_rules_prints_the_catalog_data_and_list_names_it(capsys):
    assert main(["schema", "rules"]) == 0
    assert json.loads(capsys.readouterr().out) == DATA
    assert main(["schema", "--list"]) == 0
    assert capsys.readouterr().out.split() == [
        "error",
        "findings",
        "record",
        "report",
        "report-2019",
        "report-2021",
        "rule-catalog",
        "service-result",
        "rules",
    ]


def test_the_data_is_a_copy():
    _ruledata.rule_data()["rules"].clear()
    assert _ruledata.rule_data()["rules"]
