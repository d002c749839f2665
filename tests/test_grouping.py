"""One problem, one finding (`gkreport._validation.grouping`).

Reports are the bundled examples and the synthetic clean report of test_rules.py with
cells blanked or changed, so each case shows what is folded into what. The property
test checks on generated blanks that grouping loses nothing: every blank cell and every
failing identity the checks report is in exactly one finding, at the top or folded.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gkreport._forms import layout
from gkreport._schema import validator
from gkreport._validation.catalog import CATALOG
from gkreport._validation.engine import _checks, _gather, validate
from gkreport._validation.facts import Facts
from gkreport._validation.finding import Finding
from gkreport._validation.pointer import cells
from tests.reference import EXAMPLES, SEEDS, cell_values
from tests.test_rules import clean, get, put

QIANXINAN = EXAMPLES / "qianxinan-2023.json"
C7 = [c.id for c in layout.APPLICANT_COLUMNS]


def example() -> dict[str, Any]:
    return json.loads(QIANXINAN.read_text("utf-8"))


def flat(findings: tuple[Finding, ...]) -> list[Finding]:
    """Every finding, those folded into another (``explains``) included."""
    return [g for f in findings for g in (f, *flat(f.explains))]


def applications(data: dict[str, Any]) -> list[str]:
    return [p for p in cell_values(data) if p.startswith("/applications/")]


def blank_total_column(data: dict[str, Any]) -> dict[str, Any]:
    """The report with the 总计 column of table 三 left blank throughout."""
    data = copy.deepcopy(data)
    for pointer in applications(data):
        if pointer.endswith("/total"):
            put(data, pointer, None)
    return data


def raw_hits(data: dict[str, Any]) -> list[Any]:
    """What the checks say before grouping."""
    facts = _gather(data)
    assert isinstance(facts, Facts)
    return [hit for check in _checks(facts.format_id, frozenset()) for hit in check(facts)]


# --- a blank column, a blank row, the rest of a table --------------------------------------------


def test_a_blank_total_column_is_one_finding_explaining_its_identities():
    data = blank_total_column(example())
    result = validate(data)
    raw = Counter(hit.code for hit in raw_hits(data))
    assert raw["F2"] == 3  # rows with applications and no total
    assert raw["blank"] == 25  # … and a blank warning on each 总计 cell
    (column,) = [f for f in result.findings if f.code == "blank"]
    totals = tuple(p for p in applications(data) if p.endswith("/total"))
    assert column.paths == totals
    assert column.path == totals[0]
    assert sorted(f.code for f in column.explains) == ["F2"] * 3
    assert column.severity == "error"  # it breaks the form's arithmetic: the report fails
    assert "“总计”列的25个单元格均为空白" in column.message
    assert "3条勾稽关系因此不成立（F2 ×3）" in column.message
    assert "all 25 cells of the column “总计” of table 3 are blank" in column.message_en
    assert [f.code for f in result.findings] == ["blank", "D5"]
    assert result.to_dict()["counts"] == {"error": 1, "warning": 1, "info": 0}
    assert list(validator("findings").iter_errors(result.to_dict())) == []


@pytest.mark.parametrize(
    ("unread", "first"),
    [
        ("/applications/carried_over", "/applications/new/total"),  # a row not read
        ("/applications/new/total", "/applications/new/total"),  # the column's first cell
    ],
)
def test_a_cell_not_read_does_not_split_a_blank_column(unread, first):
    # A converter lost one row (or cell) of a report whose 总计 column is blank: the cell
    # is unknown, not a value, so the column is still one finding, and the identities
    # its blanks break are folded into it as before.
    data = blank_total_column(example())
    totals = tuple(p for p in applications(data) if p.endswith("/total"))
    for pointer in applications(data):
        if pointer == unread or pointer.startswith(unread + "/"):
            put(data, pointer, None)
    data["notes"] = [{"path": unread, "raw": "0 0 0", "source": "line 9", "kind": "unread"}]
    result = validate(data)
    (column,) = [f for f in result.findings if f.code == "blank"]
    assert column.path == first
    assert column.paths == totals  # the whole column, the cell not read among it
    assert column.severity == "error"
    assert {f.code for f in column.explains} == {"F2"}
    assert not [f for f in result.findings if f.code in ("F1", "F2", "F3")]
    assert "“总计”列除1个未能读出的单元格外，其余24个单元格均为空白" in column.message
    assert "all 24 cells of the column “总计” of table 3 are blank, besides 1 not read" in (
        column.message_en
    )
    assert [f.code for f in result.findings] == ["blank", "unread", "D5"]
    assert list(validator("findings").iter_errors(result.to_dict())) == []


def test_a_column_mostly_not_read_is_no_blank_column():
    # Three blanks and the rest unknown: nothing says the column was left blank.
    data = example()
    rows = list(dict.fromkeys(p.rsplit("/", 1)[0] for p in applications(data)))
    for row in rows[:3]:
        put(data, f"{row}/total", None)
    data["notes"] = [
        {"path": row, "raw": "…", "source": f"line {n}", "kind": "unread"}
        for n, row in enumerate(rows[3:], start=10)
    ]
    blanks = [f for f in validate(data).findings if f.code == "blank"]
    assert not any("均为空白" in f.message for f in blanks)


def test_a_sparsely_filled_report_gives_a_handful_of_findings():
    # The reported case: 总计 of 三 blank, and most zero cells left blank in every table.
    data = blank_total_column(example())
    for pointer, value in cell_values(data).items():
        if value == 0:
            put(data, pointer, None)
    raw = Counter(hit.code for hit in raw_hits(data))
    assert raw["blank"] > 100
    assert raw["F2"] >= 3
    result = validate(data)
    blanks = [f for f in result.findings if f.code == "blank"]
    # the 总计 column (it breaks F2), the other blanks of 二 and of 三, D7 for 四, and D5
    assert [(f.code, f.severity) for f in result.findings] == [
        ("blank", "error"),
        ("blank", "warning"),
        ("blank", "warning"),
        ("D5", "warning"),
        ("D7", "warning"),
    ]
    assert "表三有147个单元格空白：“商业企业”、“科研机构”" in blanks[2].message
    assert "“其他”列；“二、上年结转政府信息公开申请数量—自然人”" in blanks[2].message
    assert "等22个单元格" in blanks[2].message
    # every blank cell is in exactly one finding
    covered = Counter(p for f in blanks for p in f.paths)
    assert set(covered.values()) == {1}
    blank = {p for p, v in cell_values(data).items() if v is None}
    assert set(covered) == {p for p in blank if not p.startswith("/appeals/")}  # 四: D7
    # the findings list their cells in table order
    order = cells(data["format"]).order
    for finding in blanks:
        assert list(finding.paths) == sorted(finding.paths, key=order.index)


def test_a_blank_row_is_one_finding():
    data = clean()
    for column in C7:
        put(data, f"/applications/carried_over/{column}", None)
    (blank,) = [f for f in validate(data).findings if f.code == "blank"]
    assert blank.paths == tuple(f"/applications/carried_over/{c}" for c in C7)
    assert blank.explains == ()  # blank as 0 breaks nothing here: 0 was carried over
    assert blank.severity == "warning"
    assert "“二、上年结转政府信息公开申请数量”行的7个单元格均为空白" in blank.message


def test_scattered_blanks_of_one_table_are_one_finding_listing_them():
    data = clean()
    for pointer in ("/appeals/review/corrected", "/appeals/litigation_direct/upheld"):
        put(data, pointer, None)
    result = validate(data)
    (blank,) = result.findings
    assert blank.paths == ("/appeals/review/corrected", "/appeals/litigation_direct/upheld")
    assert blank.message.startswith(
        "表四有2个单元格空白：“行政复议—结果纠正”、“未经复议直接起诉—结果维持”（"
    )
    assert blank.message_en.startswith(
        "2 cells of table 4 are blank: “行政复议—结果纠正”, “未经复议直接起诉—结果维持” ("
    )


def test_one_blank_total_explains_its_identity_and_says_what_it_should_be():
    data = clean()
    put(data, "/appeals/review/total", None)  # the case upheld, total blank: F4 fails
    put(data, "/appeals/review/pending", None)  # blank too, but no cause: 0 is fine there
    result = validate(data)
    blanks = [f for f in result.findings if f.code == "blank"]
    (total,) = [f for f in blanks if f.explains]
    assert total.path == "/appeals/review/total"
    assert total.paths == ("/appeals/review/total",)
    assert [f.code for f in total.explains] == ["F4"]
    assert total.severity == "error"
    assert (total.expected, total.actual) == (1, None)
    assert "表四“行政复议—总计”：空白单元格（计算时按0处理，按其余单元格应为1）" in total.message
    assert "the other cells imply 1" in total.message_en
    (pending,) = [f for f in blanks if not f.explains]
    assert pending.paths == ("/appeals/review/pending",)
    assert pending.severity == "warning"
    assert [f.code for f in result.errors] == ["blank"]


def test_a_blank_on_the_larger_side_is_no_cause():
    data = clean()
    put(data, "/applications/new/total", 7)  # printed more than its row: 5
    put(data, "/applications/new/other_org", None)  # blank, so 0: filling it could only help
    put(data, "/applications/new/commercial", None)
    put(data, "/applications/new/total", 4)  # printed less than its row: a blank cannot fix it
    result = validate(data)
    assert "/applications/new/total" in {f.path for f in flat(result.findings) if f.code == "F2"}
    (blank,) = [f for f in result.findings if f.code == "blank"]
    assert not any(f.code == "F2" for f in blank.explains)


# --- the diagnosis ------------------------------------------------------------------------------


def test_the_diagnosis_carries_the_identities_it_explains():
    data = clean()
    put(data, "/applications/results/total/natural_person", 12)
    result = validate(data)
    (diagnosis,) = result.findings
    assert diagnosis.code == "diagnosis"
    assert sorted(f.code for f in diagnosis.explains) == ["F1", "F2", "F3"]
    assert result.to_dict()["counts"]["error"] == 1
    dumped = result.to_dict()["findings"][0]
    assert [f["code"] for f in dumped["explains"]] == [f.code for f in diagnosis.explains]
    assert dumped["paths"] == ["/applications/results/total/natural_person"]
    assert list(validator("findings").iter_errors(result.to_dict())) == []


def test_a_blank_cell_the_diagnosis_names_is_not_reported_again():
    data = clean()
    put(data, "/applications/results/total/natural_person", None)
    result = validate(data)
    assert [f.code for f in result.findings] == ["diagnosis"]
    (diagnosis,) = result.findings
    assert diagnosis.actual is None
    assert diagnosis.expected == 4
    assert "填报空白" in diagnosis.message
    assert "printed blank" in diagnosis.message_en


# --- nothing lost -------------------------------------------------------------------------------


def _pointers(format_id: str) -> list[str]:
    return [p for p in cells(format_id).order if not p.startswith("/proactive/")]


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_grouping_loses_no_blank_and_no_identity(draw):
    data = clean()
    pointers = _pointers("2021")
    blanked = draw.draw(st.lists(st.sampled_from(pointers), unique=True, max_size=40))
    for pointer in blanked:
        put(data, pointer, None)
    changed = draw.draw(st.lists(st.sampled_from(pointers), unique=True, max_size=3))
    for pointer in changed:
        put(data, pointer, (get(data, pointer) or 0) + 2)
    raw = raw_hits(data)
    found = flat(validate(data).findings)
    symptoms = {(h.code, h.path) for h in raw if h.code in ("F1", "F2", "F3", "F4")}
    assert symptoms == {(f.code, f.path) for f in found if f.code in ("F1", "F2", "F3", "F4")}
    assert len(found) == len({id(f) for f in found})
    blank_raw = {h.path for h in raw if h.code == "blank"}
    blank_found = Counter(p for f in found if f.code == "blank" for p in f.paths)
    diagnosed = {f.path for f in found if f.code == "diagnosis"}
    assert set(blank_found.values()) <= {1}
    assert set(blank_found) | (blank_raw & diagnosed) == blank_raw
    severities = {r.code: r.severity.value for r in CATALOG}
    for finding in validate(data).findings:
        inner = [severities[f.code] for f in finding.explains]
        if "error" in inner:
            assert finding.severity == "error"


# --- the seeds: their real contradictions stay found ---------------------------------------------


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.expected.json")), ids=lambda p: p.name[:3])
def test_a_seed_with_its_total_column_blank_keeps_its_real_findings(path):
    data = json.loads(path.read_text("utf-8"))
    before = validate(data)
    after = validate(blank_total_column(data))
    # every finding that is not about blank cells is still there, as it was
    kept = [(f.code, f.path, f.message) for f in before.findings if f.code != "blank"]
    assert [(f.code, f.path, f.message) for f in after.findings if f.code != "blank"] == kept
    totals = {p for p in applications(data) if p.endswith("/total")}
    blanks = [f for f in after.findings if f.code == "blank"]
    assert totals <= {p for f in blanks for p in f.paths}
    column = next(f for f in blanks if totals <= set(f.paths))
    assert all(f.code in ("F1", "F2", "F3") for f in column.explains)
    assert not [f for f in after.findings if f.code in ("F1", "F2", "F3")]
