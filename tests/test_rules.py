"""The rule catalog: every rule has a case that passes and a case that fails.

Reports are built as plain dicts from one consistent synthetic report per format
(`clean`), then changed in one place, so each failing case shows exactly what the
rule reacts to. Real reports are in test_validate.py.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pytest

import gkreport
from gkreport._forms import layout
from gkreport._model import SECOND_COPY
from gkreport._validation import catalog
from gkreport._validation.catalog import CATALOG, Basis, Rule, Scope, Severity, equations, rule
from gkreport._validation.engine import validate, validate_rollup, validate_run, validate_series
from gkreport._validation.facts import Facts, Hit
from gkreport._validation.messages import RuleText
from tools.rules_page import rules_markdown

ROOT = Path(__file__).resolve().parents[1]

OVERVIEW = (
    "2024年，本机关认真落实《条例》。\n"
    "（一）主动公开。全年主动公开信息120条。\n"
    "（二）依申请公开。2024年共收到政府信息公开申请5件，办结4件，结转下年度继续办理1件。"
    "行政复议1件，其中1件结果维持。\n"
    "（三）政府信息管理。2024年制定规范性文件2件，废止规范性文件1件，现行有效10件。\n"
    "（四）平台建设。优化网站栏目。\n"
    "（五）监督保障。纳入绩效考核。"
)


def put(data: dict, pointer: str, value: object) -> dict:
    """Set the value at a JSON pointer (creating objects on the way)."""
    *parents, last = pointer.strip("/").split("/")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value
    return data


def get(data: dict, pointer: str) -> object:
    node = data
    for key in pointer.strip("/").split("/"):
        node = node[key]
    return node


def clean(format_id: str = "2021") -> dict:
    """A consistent report: every identity holds, the text agrees with the tables."""
    fmt = layout.get_format(format_id)
    data: dict = {
        "format": format_id,
        "agency": "某市某局",
        "year": 2024 if format_id == "2021" else 2020,
        "kind": "department",
        "title": f"某市某局{2024 if format_id == '2021' else 2020}年政府信息公开工作年度报告",
        "published_on": "2025-01-20" if format_id == "2021" else "2021-01-20",
        "text": {
            "overview": OVERVIEW if format_id == "2021" else OVERVIEW.replace("2024", "2020"),
            "proactive": "",
            "applications": "",
            "appeals": "",
            "problems": "一是公开形式不够多样。",
            "other_matters": "本年度未收取信息处理费。",
        },
        "notes": [],
    }
    for leaf in fmt.leaves():
        put(data, leaf.pointer, {"money": 0, "text": "0元"}.get(leaf.cell.kind.value, 0))
    for row, value in (
        ("/applications/new", 5),
        ("/applications/results/granted", 3),
        ("/applications/results/unable/not_held", 1),
        ("/applications/results/total", 4),
        ("/applications/carried_forward", 1),
    ):
        put(data, f"{row}/natural_person", value)
        put(data, f"{row}/total", value)
    put(data, "/appeals/review/upheld", 1)
    put(data, "/appeals/review/total", 1)
    if format_id == "2021":
        for pointer, value in (
            ("/proactive/rules/in_force", 5),
            ("/proactive/normative/made", 2),
            ("/proactive/normative/repealed", 1),
            ("/proactive/normative/in_force", 10),
        ):
            put(data, pointer, value)
    else:
        data["text"]["overview"] = data["text"]["overview"].replace(
            "废止规范性文件1件，现行有效10件", "公开规范性文件2件"
        )
        put(data, "/proactive/normative/new_made", 2)
        put(data, "/proactive/normative/new_published", 2)
    return data


def codes(data: object) -> list[str]:
    return [f.code for f in validate(data).findings]


def findings(data: object, code: str) -> list:
    return [f for f in validate(data).findings if f.code == code]


def folded(finding: object) -> list:
    """A finding and every finding folded into it (``explains``), depth first."""
    return [finding, *(inner for f in finding.explains for inner in folded(f))]


def every(data: object, code: str) -> list:
    """The findings of ``code``, also those folded into another finding as its symptoms."""
    return [f for top in validate(data).findings for f in folded(top) if f.code == code]


@pytest.mark.parametrize("format_id", ["2021", "2019"])
def test_the_clean_reports_pass_every_rule(format_id):
    assert validate(clean(format_id)).findings == ()


# --- the catalog itself --------------------------------------------------------------------


def test_codes_are_unique_and_documented():
    assert len({r.code for r in CATALOG}) == len(CATALOG)
    page = rules_markdown()
    for r in CATALOG:
        assert f"## {r.code}\n" in page
        assert r.message_zh in page
        assert r.message_en in page


def test_docs_rules_md_is_current():
    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == rules_markdown()


def test_severities_follow_format_md():
    for code in ("F1", "F2", "F3", "F4", "F5", "F6", "D3", "D4"):
        assert rule(code).severity is Severity.ERROR
    for code in ("X1", "X2", "X3", "X4", "X6", "X7", "D5", "D7", "blank", "implausible"):
        assert rule(code).severity is Severity.WARNING
    assert rule("mark").severity is Severity.INFO


def test_every_equation_cell_exists_in_its_format():
    for format_id, fmt in layout.FORMATS.items():
        pointers = {leaf.pointer for leaf in fmt.leaves()}
        for equation in equations(format_id):
            virtual = {"/applications/results/other/" + c.id for c in layout.APPLICANT_COLUMNS}
            assert set(equation.cells) <= pointers | virtual


def test_equation_counts_follow_the_layout():
    # F1 and F3 per column (7 each), F2 per row (25 in 2021, 23 in 2019), F4 per block (3)
    assert len(equations("2021")) == 7 + 25 + 7 + 3
    assert len(equations("2019")) == 7 + 23 + 7 + 3


# --- arithmetic -----------------------------------------------------------------------------


def test_f1_column_identity():
    data = clean()
    put(data, "/applications/carried_forward/natural_person", 2)
    put(data, "/applications/carried_forward/total", 2)
    by_path = {f.path: f for f in findings(data, "F1")}
    assert set(by_path) == {
        "/applications/results/total/natural_person",
        "/applications/results/total/total",
    }
    f1 = by_path["/applications/results/total/natural_person"]
    assert f1.expected == 5
    assert f1.actual == 6
    assert "5 ≠ 6" in f1.equation
    assert "/applications/carried_forward/natural_person" in f1.cells


def test_f2_row_sum():
    data = clean()
    put(data, "/applications/new/commercial", 1)
    assert not findings(data, "F2")  # a symptom of the one wrong cell, folded into its diagnosis
    (diagnosis,) = findings(data, "diagnosis")
    (f2,) = [f for f in diagnosis.explains if f.code == "F2"]
    assert f2.path == "/applications/new/total"
    assert f2.expected == 6
    assert f2.actual == 5
    assert "自然人 5 + 商业企业 1" in f2.equation
    assert f2.label == "一、本年新收政府信息公开申请数量 × 总计"


def test_f3_result_sum_lists_the_non_zero_rows():
    data = clean()
    put(data, "/applications/results/partial/total", 2)
    f3 = [f for f in every(data, "F3") if f.path.endswith("/total/total")]
    assert f3
    assert "（二）部分公开 2" in f3[0].equation
    assert "其余" in f3[0].equation  # the zero rows are counted, not listed


def test_f4_appeal_sum():
    data = clean()
    put(data, "/appeals/litigation_direct/pending", 2)
    (f4,) = findings(data, "F4")
    assert f4.path == "/appeals/litigation_direct/total"
    assert f4.expected == 2
    assert f4.actual == 0
    assert not findings(data, "diagnosis")  # one failing identity: no single-cell diagnosis


def test_diagnosis_names_the_one_cell_and_its_implied_value():
    data = clean()
    put(data, "/applications/results/total/natural_person", 12)
    (diagnosis,) = findings(data, "diagnosis")
    assert diagnosis.path == "/applications/results/total/natural_person"
    assert diagnosis.actual == 12
    assert diagnosis.expected == 4
    assert "printed 12, the other cells imply 4" in diagnosis.message_en
    assert diagnosis.cells[0] == diagnosis.path
    # one problem, one finding: the identities it breaks are folded into it, not counted
    assert [f.code for f in validate(data).errors] == ["diagnosis"]
    assert validate(data).to_dict()["counts"]["error"] == 1
    assert {f.code for f in diagnosis.explains} == {"F1", "F2", "F3"}
    assert all(diagnosis.path in f.cells for f in diagnosis.explains)


def test_diagnosis_names_each_of_two_independent_faults():
    data = clean()
    put(data, "/applications/new/commercial", 3)
    put(data, "/applications/carried_forward/social_welfare", 2)
    diagnoses = {f.path: f.expected for f in findings(data, "diagnosis")}
    assert diagnoses == {
        "/applications/new/commercial": 0,
        "/applications/carried_forward/social_welfare": 0,
    }


def test_diagnosis_stays_silent_when_no_single_cell_explains_the_failures():
    data = clean()
    put(data, "/applications/new/commercial", 1)
    put(data, "/applications/new/total", 6)  # the row adds up; F1 fails in two columns
    assert {f.code for f in validate(data).errors} == {"F1", "T1"}  # T1: the text says 5
    assert not findings(data, "diagnosis")


def test_f5_counts_are_whole_and_not_negative():
    data = clean()
    put(data, "/applications/new/research", -1)
    (f5,) = findings(data, "F5")
    assert f5.path == "/applications/new/research"
    assert f5.actual == -1
    assert not [f for f in findings(data, "schema") if f.path == "/applications/new/research"]


def test_f6_fee_amount():
    data = clean()
    put(data, "/proactive/fees/amount", -3.5)
    (f6,) = findings(data, "F6")
    assert f6.path == "/proactive/fees/amount"
    put(data, "/proactive/fees/amount", 834.6435)
    assert not findings(data, "F6")


def test_f6b_signed_delta_and_procurement_text():
    data = clean("2019")
    put(data, "/proactive/licensing/delta", -8)
    assert not findings(data, "F6b")
    put(data, "/proactive/licensing/delta", "+8")
    put(data, "/proactive/procurement/amount", 251000)
    assert {f.path for f in findings(data, "F6b")} == {
        "/proactive/licensing/delta",
        "/proactive/procurement/amount",
    }


def test_a_bad_cell_skips_its_identities_instead_of_guessing():
    data = clean()
    put(data, "/applications/new/total", "5")
    assert codes(data) == ["F5"]


# --- cells ---------------------------------------------------------------------------------


def test_blank_is_a_warning_and_counts_as_zero():
    data = clean()
    put(data, "/applications/results/denied/state_secret/total", None)
    result = validate(data)
    assert [f.code for f in result.findings] == ["blank"]
    assert result.ok
    assert result.findings[0].label.endswith("1.属于国家秘密 × 总计")


def test_a_mark_is_info_not_blank():
    data = clean()
    put(data, "/proactive/coercion/decisions", None)
    data["notes"] = [{"path": "/proactive/coercion/decisions", "raw": "-"}]
    (mark,) = validate(data).findings
    assert mark.code == "mark"
    assert mark.severity == "info"
    assert mark.actual == "-"


def test_a_wholly_blank_table_is_one_d7_finding():
    data = clean()
    for block in data["appeals"].values():
        for key in block:
            block[key] = None
    assert codes(data) == ["D7"]
    assert not findings(clean(), "D7")


def test_other_processing_on_the_group_row_only():
    data = clean()
    for row in data["applications"]["results"]["other"].values():
        for key in row:
            row[key] = None
    put(data, "/applications/results/other/no_correction/natural_person", None)
    data["notes"] = [{"path": "/applications/results/other", "raw": "1 0 0 0 0 0 1"}]
    put(data, "/applications/results/granted/natural_person", 2)
    put(data, "/applications/results/granted/total", 2)
    result = validate(data)
    (finding,) = [f for f in result.findings if f.code == "other-group-only"]
    assert finding.severity == "warning"
    assert "sum of the three sub-rows" in finding.message_en
    assert not result.errors  # F3 took the group row's 2 as the three sub-rows' sum
    assert not findings(data, "blank")
    data["notes"] = [{"path": "/applications/results/other", "raw": "见说明"}]
    assert "not checked" in findings(data, "other-group-only")[0].message_en
    assert not findings(clean(), "other-group-only")


def _unread(data: dict, path: str, raw: str = "3459 00 12 35", source: str = "line 29") -> dict:
    """``data`` with every cell at or under ``path`` blank and an unread note for it."""
    for leaf in layout.get_format(data["format"]).leaves():
        if leaf.pointer == path or leaf.pointer.startswith(path + "/"):
            put(data, leaf.pointer, None)
    data["notes"] = [
        *data["notes"],
        {"path": path, "raw": raw, "source": source, "message": "x", "kind": "unread"},
    ]
    return data


@pytest.mark.parametrize("format_id", ["2021", "2019"])
def test_an_unread_row_is_one_warning_and_nothing_that_needs_its_cells(format_id):
    data = _unread(clean(format_id), "/applications/new")
    result = validate(data)
    (finding,) = result.findings  # no F1 per column, no blank per cell, no T1 on "收到…5件"
    assert finding.code == "unread"
    assert finding.severity == "warning"
    assert result.ok
    assert finding.path == "/applications/new"
    assert finding.label == "一、本年新收政府信息公开申请数量"
    assert finding.location == "line 29"
    assert finding.cells == tuple(f"/applications/new/{c.id}" for c in layout.APPLICANT_COLUMNS)
    assert "“3459 00 12 35”" in finding.message_en
    assert "3459 00 12 35" in finding.message
    assert not findings(clean(format_id), "unread")


def test_the_same_row_merely_blank_fails_the_identities_it_is_in():
    data = _unread(clean(), "/applications/new")
    data["notes"][-1].pop("kind")  # a plain note: the cells are blank, read as 0
    (blank,) = findings(data, "blank")  # the whole row, explaining the F1 it breaks
    assert blank.paths == tuple(f"/applications/new/{c.id}" for c in layout.APPLICANT_COLUMNS)
    assert {f.code for f in blank.explains} == {"F1"}
    assert blank.severity == "error"
    assert "unread" not in codes(data)


def test_an_unread_row_still_lets_the_identities_without_it_fail():
    data = _unread(clean(), "/applications/results/granted")
    put(data, "/applications/carried_forward/total", 2)  # F2 of its own row, F1, T4
    found = codes(data) + [f.code for f in every(data, "diagnosis") for f in f.explains]
    assert {"F1", "F2", "unread"} <= set(found)
    assert "F3" not in found  # every F3 needs a cell of 予以公开
    assert "blank" not in found


def test_an_unread_cell_skips_only_its_own_block():
    data = _unread(clean(), "/appeals/review/upheld", raw="1")
    put(data, "/appeals/litigation_direct/total", 3)
    assert sorted(codes(data)) == ["F4", "unread"]
    (f4,) = findings(data, "F4")
    assert f4.path == "/appeals/litigation_direct/total"
    assert findings(data, "unread")[0].label == "行政复议 × 结果维持"


def _set_aside(data: dict, path: str, raw: str, source: str = "line 572") -> dict:
    """``data`` with the cell at ``path`` null and an implausible note holding ``raw``."""
    put(data, path, None)
    data["notes"] = [
        *data["notes"],
        {"path": path, "raw": raw, "source": source, "message": "x", "kind": "implausible"},
    ]
    return data


def test_a_count_set_aside_as_implausible_is_one_warning_and_no_identity():
    """四 read as 2/2024/294/97 in a 2024 report: one finding instead of an F4 error."""
    data = _set_aside(clean(), "/appeals/review/upheld", "2024")
    result = validate(data)
    (finding,) = result.findings  # no F4, no blank, no T9 on "其中1件结果维持"
    assert (finding.code, finding.severity, finding.path) == (
        "implausible",
        "warning",
        "/appeals/review/upheld",
    )
    assert finding.location == "line 572"
    assert "2024" in finding.message
    assert "报告年度" in finding.message
    assert "report year" in finding.message_en
    assert result.ok
    assert not findings(clean(), "implausible")


def test_a_large_count_set_aside_says_why_and_still_lets_other_identities_fail():
    data = _set_aside(clean(), "/appeals/review/corrected", "58600")
    put(data, "/appeals/litigation_direct/total", 3)
    assert sorted(codes(data)) == ["F4", "implausible"]
    (finding,) = findings(data, "implausible")
    assert "100" in finding.message
    # The same cell merely blank with a plain note is a blank cell, counted as 0.
    data["notes"][-1].pop("kind")
    assert "implausible" not in codes(data)


def test_a_text_check_never_compares_with_a_partial_sum():
    # T6: 无法提供1件 is the row 不掌握; unread, the group's other rows would sum to 0
    data = with_text("其中无法提供1件。")
    assert not findings(data, "T6")
    assert codes(_unread(data, "/applications/results/unable/not_held", "1 0 0 0 0 0 1")) == [
        "unread"
    ]
    # T2: 上年结转2件 against a row whose total and one column are unknown, the rest 0
    data = with_text("上年结转2件。")
    put(data, "/applications/carried_over/natural_person", 2)
    put(data, "/applications/carried_over/total", 2)
    assert "T2" not in codes(data)  # (F1 fails; unread, those cells skip it)
    _unread(data, "/applications/carried_over/natural_person", "2")
    _unread(data, "/applications/carried_over/total", "2")
    assert codes(data) == ["unread", "unread"]
    # T8: 行政诉讼6件 against 复议后起诉 3 alone while 直接起诉 (3) was not read
    data = with_text("因政府信息公开引发的行政诉讼6件。")
    for block, outcome in (("litigation_direct", "upheld"), ("litigation_after_review", "pending")):
        put(data, f"/appeals/{block}/{outcome}", 3)
        put(data, f"/appeals/{block}/total", 3)
    assert "T8" not in codes(data)
    assert codes(_unread(data, "/appeals/litigation_direct", "3 0 0 0 3")) == ["unread"]


def test_a_table_with_an_unread_row_is_not_empty():
    data = _unread(clean(), "/appeals", raw="10 1 0 0 01 0 0 0 0 0 5 0 0 0 02")
    (finding,) = validate(data).findings  # not D7, not three F4
    assert finding.code == "unread"
    assert finding.label == layout.get_format("2021").appeals.label
    assert len(finding.cells) == 15


def test_an_unread_other_processing_group_is_not_taken_for_a_group_only_row():
    data = _unread(clean(), "/applications/results/other", raw="10 0 0 0 0 01")
    (finding,) = validate(data).findings  # not other-group-only as well
    assert finding.code == "unread"
    assert finding.label == f"{layout.RESULTS_LABEL} {layout.OTHER_PROCESSING_LABEL}"
    # its 3 sub-rows, named as the group with its table
    assert finding.message.startswith(f"表三“{layout.OTHER_PROCESSING_LABEL}”：")
    assert len(finding.cells) == 3 * len(layout.APPLICANT_COLUMNS)
    assert finding.path == "/applications/results/other"


def test_one_finding_per_unread_row_even_with_two_notes():
    data = _unread(clean(), "/applications/new")
    data["notes"].append({**data["notes"][-1], "raw": "again"})
    assert codes(data) == ["unread"]


def test_a_payload_that_does_not_structure_keeps_its_unread_rows():
    data = _unread(clean(), "/applications/new")
    put(data, "/appeals/review/upheld", "1")
    data["notes"][-1]["raw"] = 5  # a bad note: the schema says so, the row stays unknown
    assert sorted(codes(data)) == ["F5", "schema", "unread"]


def test_an_unsolved_run_together_row_is_one_unread_finding_not_a_cascade():
    from gkreport._readers.text import parse_text  # noqa: PLC0415 - a reader, only here

    seed = ROOT / "tests" / "fixtures" / "seeds" / "002_ce68d56cc731e239.txt"
    text = seed.read_text("utf-8")
    printed = "一、本年新收政府信息公开申请数量 | 345 | 9 | 0 | 0 | 1 | 2 | 357 | ||"
    assert printed in text
    before = codes(parse_text(text))
    # run together by a PDF, and its last digit lost: no split keeps the row's own sum
    lost = text.replace(printed, "一、本年新收政府信息公开申请数量 | 3459 00 12 35 | ||")
    report = parse_text(lost)
    assert report.applications.new == type(report.applications.new)()  # blank, not guessed
    (note,) = [n for n in report.notes if n.kind == "unread"]
    assert (note.path, note.raw, note.source) == ("/applications/new", "3459 00 12 35", "line 29")
    result = validate(report)
    assert [f.code for f in result.findings if f.code not in before] == ["unread"]
    assert not [f for f in result.findings if f.code.startswith("F") or f.code == "blank"]
    assert len([f for f in result.findings if f.code == "unread"]) == 1


# --- a second copy of the tables -----------------------------------------------------------


def _copy_note(path: str, raw: str) -> dict:
    """The text reader's note on a cell that a second copy of the tables gives otherwise."""
    message = f"{SECOND_COPY} (line 80–line 150) gives {raw or 'a blank'} here; the first is kept"
    return {"path": path, "raw": raw, "source": "line 90", "message": message}


def test_copies_pass_without_a_second_copy_or_with_a_copy_that_agrees():
    data = clean()
    assert not findings(data, "copies")
    # the summary of a copy identical to the first, and a plain note that only says so
    data["notes"] = [
        {"path": "", "raw": "某市某局2024年…", "message": f"{SECOND_COPY} (line 80–line 150) …"},
        {"path": "/proactive/rules/made", "raw": "0", "message": "printed again: 0"},
    ]
    assert not findings(data, "copies")


def test_copies_is_one_warning_listing_every_cell_the_copies_differ_in():
    data = clean()
    data["notes"] = [
        _copy_note("/applications/new/total", "6"),
        _copy_note("/proactive/rules/made", "7"),
        _copy_note("/appeals/review/total", ""),
    ]
    (finding,) = findings(data, "copies")
    assert finding.severity == "warning"
    assert finding.path == "/proactive/rules/made"  # the first in printed order
    assert finding.cells == (
        "/proactive/rules/made",
        "/applications/new/total",
        "/appeals/review/total",
    )
    assert "differ in 3 cell(s)" in finding.message_en
    assert "table 4 “行政复议—总计”: 1 in the first, blank in the second" in finding.message_en
    assert "表二“规章—本年制发件数”：第一份为0，第二份为7；" in finding.message
    assert finding.paths == finding.cells  # every cell the copies differ in
    assert codes(data) == ["copies"]  # the first copy's numbers hold: nothing else fires


# --- document ------------------------------------------------------------------------------


def test_missing_metadata_passes_when_agency_and_year_are_read():
    assert not findings(clean(), "missing-metadata")
    tables_only = clean()
    tables_only["text"] = {}  # a workbook of tables alone, its agency and year filled in
    assert not findings(tables_only, "missing-metadata")


def test_missing_metadata_fires_for_a_tables_only_report():
    """A workbook with no narrative and no agency or year: D1, D2, D4 were skipped unsaid."""
    tables_only = clean()
    tables_only["text"] = {}
    tables_only["agency"] = tables_only["year"] = None
    agency, year = findings(tables_only, "missing-metadata")
    assert (agency.path, year.path) == ("/agency", "/year")
    assert year.message.endswith("以下检查未进行：D1、D2、D4、X1、X2、X7、X8、X10")


@pytest.mark.parametrize(
    ("format_id", "series"), [("2021", "X1、X2、X7、X8、X10"), ("2019", "X1、X7、X8、X10")]
)
def test_missing_metadata_names_the_checks_that_could_not_run(format_id, series):
    """A year-first title once gave neither agency nor year: D1, D2, D4 were off, unsaid."""
    data = clean(format_id)
    data["agency"] = data["year"] = None
    agency, year = findings(data, "missing-metadata")
    assert (agency.path, agency.severity, year.path) == ("/agency", "warning", "/year")
    assert agency.message.endswith(f"以下检查未进行：{series}")
    assert year.message.endswith(f"以下检查未进行：D1、D2、D4、{series}")
    assert year.message_en == (
        "the year could not be read, so these checks did not run: D1, D2, D4, "
        f"{series.replace('、', ', ')}"
    )
    data["agency"] = "某市某局"
    assert [f.path for f in findings(data, "missing-metadata")] == ["/year"]


def test_d1_title_year():
    data = clean()
    data["title"] = "某市某局2023年政府信息公开工作年度报告"
    (d1,) = findings(data, "D1")
    assert d1.path == "/title"
    assert d1.actual == 2023
    assert d1.expected == 2024


def test_d1_reporting_period():
    data = clean()
    data["text"]["overview"] += "\n本报告统计期限为2023年1月1日至12月31日。"
    (d1,) = findings(data, "D1")
    assert d1.path == "/text/overview"


def test_d2_deadline_depends_on_kind():
    data = clean()
    data["published_on"] = "2025-02-10"
    (d2,) = findings(data, "D2")
    assert d2.expected == "2025-01-31"
    data["kind"] = "government"
    assert not findings(data, "D2")


def test_d3_missing_part():
    data = clean()
    data["text"]["problems"] = None
    (d3,) = findings(data, "D3")
    assert d3.path == "/text/problems"
    data["text"] = {}
    assert not findings(data, "D3")  # a tables-only report (an Excel workbook) has no text


def test_d3_a_table_part_is_present_through_its_table():
    data = clean()
    data["text"]["appeals"] = None  # part 四 printed as its table alone (a workbook's blank cell)
    assert not findings(data, "D3")
    for row in data["appeals"].values():
        row.update(dict.fromkeys(row))
    (d3,) = findings(data, "D3")
    assert d3.path == "/text/appeals"


def test_d4_format_and_year():
    data = clean("2019")
    data["year"] = 2022
    (d4,) = findings(data, "D4")
    assert d4.expected == "2021"
    assert d4.actual == "2019"


def test_d5_fee_statement():
    data = clean()
    data["text"]["other_matters"] = "无。"
    assert findings(data, "D5")[0].severity == "warning"
    assert not findings(
        clean("2019") | {"text": {**clean("2019")["text"], "other_matters": "无。"}}, "D5"
    )


@pytest.mark.parametrize(
    "stated",
    [
        "政府信息公开未发生收费情况。",
        "无收费情况。",
        "本年度未收取任何费用。",
        "依据《政府信息公开信息处理费管理办法》规定，2024年度我办未收取政府信息公开信息处理费。",
        "全年收取政府信息公开信息处理费 0 元。",
    ],
)
def test_d5_accepts_every_way_of_stating_the_fee(stated):
    data = clean()
    data["text"]["other_matters"] = stated
    assert not findings(data, "D5")


def test_d5_other_matters_that_do_not_state_the_fee():
    data = clean()
    data["text"]["other_matters"] = "本机关无其他需要报告的事项。"
    assert findings(data, "D5")


def test_d6_topics_as_section_titles():
    data = clean()
    data["text"]["overview"] = (
        "2024年，本机关认真落实《条例》。\n"
        "（一）主动公开\n全年发布信息120条。\n"
        "（二）依申请公开\n全年收到申请5件。\n"
        "（三）政务公开管理\n严格落实“三审三校”制度。\n"
        "（四）网站建设\n优化栏目。\n"
        "（五）考核培训\n组织业务培训2次。"
    )
    assert not findings(data, "D6")
    # The same words in running text do not name the topics: 管理 alone says too little.
    data["text"]["overview"] = "2024年，本机关加强管理，优化网站栏目，组织业务培训2次。"
    (d6,) = findings(data, "D6")
    assert "政府信息管理" in d6.message


def test_d6_overview_topics():
    data = clean()
    data["text"]["overview"] = "2024年工作稳步推进。"
    (d6,) = findings(data, "D6")
    assert d6.severity == "info"
    assert "监督保障" in d6.message


SEEDS = ROOT / "tests" / "fixtures" / "seeds"


def seed(stem: str) -> dict:
    """A seed's hand-checked interchange JSON."""
    return json.loads((SEEDS / f"{stem}.expected.json").read_text("utf-8"))


def test_d8_notice_of_another_format():
    old, new = (layout.get_format(f).notice for f in ("2019", "2021"))
    data = clean()
    assert not findings(data, "D8")
    data["text"]["overview"] = f"根据{old}要求编制本报告。\n" + OVERVIEW
    (d8,) = findings(data, "D8")
    assert (d8.severity, d8.path, d8.actual, d8.expected) == ("info", "/text/overview", old, new)
    data["text"]["overview"] = f"根据国办公开办函[2021]30号和{old}要求编制。"
    assert not findings(data, "D8")  # its own notice is cited too
    reverse = clean("2019")
    reverse["title"] = f"依据{new.replace('〔', '（').replace('〕', '）')}编制"
    assert [f.path for f in findings(reverse, "D8")] == ["/title"]


def test_d8_on_the_seeds():
    # 黔西南州工信局2023 (2021 format) follows 60号 in the text before part 一.
    report = gkreport.load(SEEDS / "004_3ee1f57b4b1cc898.txt")
    (d8,) = [f for f in gkreport.validate(report).findings if f.code == "D8"]
    assert d8.path == "/notes"
    # 将乐县2024 cites 30号 and 清镇市2020 (2019 format) cites 60号: both right.
    for stem in ("001_00e84ad5fcaa91e0", "003_e60c3c3fc476d400"):
        report = gkreport.load(SEEDS / f"{stem}.txt")
        assert "D8" not in {f.code for f in gkreport.validate(report).findings}


@pytest.mark.parametrize(
    ("where", "text", "quoted"),
    [
        (
            "/text/overview",
            "本行政机关(或全州各级行政机关)全年主动公开信息120条。",
            "(或全州各级行政机关)",
        ),
        ("/text/problems", "XXXX年，本机关存在培训不足的问题。", "XXXX"),
        ("/text/problems", "X年X月开展培训，存在培训不足的问题。", "X"),
        ("/title", "××局2024年政府信息公开工作年度报告", "××"),
        ("/agency", "某市XX局", "XX"),
    ],
)
def test_d9_template_text_left_in(where, text, quoted):
    data = put(clean(), where, text)
    (d9,) = findings(data, "D9")
    assert (d9.severity, d9.path, d9.actual) == ("warning", where, quoted)


def test_d9_spares_web_addresses_and_real_text():
    data = clean()
    data["text"]["other_matters"] = (
        "本年度未收取信息处理费。网址：http://www.xx.gov.cn/xxgk，7×24小时在线。"
    )
    assert not findings(data, "D9")
    for path in [*SEEDS.glob("*.txt"), *SEEDS.glob("*.expected.json")]:
        report = gkreport.load(path)
        flagged = [f for f in gkreport.validate(report).findings if f.code == "D9"]
        if path.name.startswith("000_"):
            # 黔南州2024 keeps the template's choice (the seed's README says so).
            assert [(f.path, f.actual) for f in flagged] == [
                ("/text/overview", "(或全州各级行政机关)")
            ]
        else:
            assert not flagged, path


def test_d9_on_the_official_template():
    template = ROOT.parent / "shared" / "corpus" / "900-template-2021-govnianbao.docx"
    if not template.is_file():
        pytest.skip("the shared corpus is not here")
    report = gkreport.load(template)
    flagged = {f.path for f in gkreport.validate(report).findings if f.code == "D9"}
    assert flagged == {"/text/overview", "/text/problems", "/text/other_matters"}


@pytest.mark.parametrize(
    ("part", "text", "flagged"),
    [
        ("problems", "无。", True),
        ("problems", "暂无", True),
        ("problems", "略", True),
        ("problems", "", True),
        ("problems", "培训不够。", True),
        ("problems", "一是公开形式不够多样。", False),
        ("other_matters", "略。", True),
        ("other_matters", "详见附件。", True),
        ("other_matters", "无。", False),
        ("other_matters", "无收费情况。", False),
        ("other_matters", "本年度未收取信息处理费。", False),
    ],
)
def test_d10_part_without_content(part, text, flagged):
    data = clean()
    data["text"][part] = text
    found = findings(data, "D10")
    assert [(f.path, f.severity) for f in found] == (
        [(f"/text/{part}", "warning")] if flagged else []
    )


@pytest.mark.parametrize("count", [8, 9, 10, 11, 12, 30])
def test_d10_counts_content_characters_whatever_stands_between_them(count):
    # Ten characters of content make a part 五, however much punctuation and space
    # stands between them (the count past which a part is surely content is one call).
    data = clean()
    words = ("问题" + "整改措施落实到位还需加强培训工作" * 2)[:count]
    data["text"]["problems"] = " ，\n".join(words) + "。——"
    assert bool(findings(data, "D10")) == (count < 10)


def test_d10_not_for_a_missing_part_or_a_tables_only_report():
    data = clean()
    data["text"]["problems"] = None
    assert not findings(data, "D10")  # D3's finding
    data["text"] = dict.fromkeys(data["text"], "")
    assert not findings(data, "D10")
    # 黔西南州工信局2023 says only 无。 in 六: D5 (no fee statement), not D10.
    report = gkreport.load(SEEDS / "004_3ee1f57b4b1cc898.txt")
    assert report.text.other_matters == "无。"
    found = {f.code for f in gkreport.validate(report).findings}
    assert "D5" in found
    assert "D10" not in found


def test_x3_made_within_in_force_and_repealed():
    data = clean()
    put(data, "/proactive/rules/made", 9)
    (x3,) = findings(data, "X3")
    assert x3.actual == 9
    assert x3.expected == "≤ 5"


def test_x6_published_within_made():
    data = clean("2019")
    put(data, "/proactive/rules/new_published", 3)
    (x6,) = findings(data, "X6")
    assert x6.path == "/proactive/rules/new_published"


# --- text ↔ table --------------------------------------------------------------------------


def with_text(sentence: str, format_id: str = "2021") -> dict:
    data = clean(format_id)
    data["text"]["overview"] += "\n" + sentence
    return data


@pytest.mark.parametrize(
    ("code", "agrees", "contradicts"),
    [
        ("T1", "2024年共收到政府信息公开申请5件。", "2024年共收到政府信息公开申请6件。"),
        ("T1", "受理申请5件(含上年结转0件)。", "受理申请7件(含上年结转2件)。"),
        ("T2", "上年结转0件。", "上年度结转3件。"),
        ("T3", "本年度办结4件。", "本年度办结5件。"),
        ("T4", "1件结转下年度办理。", "结转下年度继续办理2件。"),
        ("T6", "其中予以公开3件，无法提供1件。", "其中予以公开2件。"),
        ("T8", "行政诉讼0件。", "行政诉讼3件。"),
        ("T9", "行政复议1件，其中结果维持1件。", "行政复议1件，其中2件结果维持。"),
        ("T12", "制定规范性文件2件。", "制定规范性文件4件。"),
    ],
)
def test_counts_in_the_text(code, agrees, contradicts):
    assert not findings(with_text(agrees), code)
    (finding,) = findings(with_text(contradicts), code)
    assert finding.severity == "error"
    assert contradicts in finding.message  # quoted as written: full-width ，
    assert finding.path == "/text/overview"
    assert finding.cells


def test_loose_wording_is_a_warning():
    (t12,) = findings(with_text("废止或宣布失效规范性文件3件。"), "T12")
    assert t12.severity == "warning"
    (t3,) = findings(with_text("依法办理9件。"), "T3")
    assert t3.severity == "warning"
    assert not findings(with_text("依法办理5件。"), "T3")  # 办理 may mean received


def test_t3_compares_only_counts_of_applications():
    """A real false alarm: a count of appeal cases read as applications concluded."""
    appeals = "依法做好相关行政复议、行政诉讼案件的应诉工作，全县共办理相关案件74件。"
    assert not findings(with_text(appeals), "T3")
    assert not findings(with_text("全年共办理人大代表建议和政协提案45件。"), "T3")
    (t3,) = findings(with_text("全年共办理政府信息公开申请74件。"), "T3")
    assert t3.actual == 74


def test_a_subset_may_not_exceed_the_table():
    assert not findings(with_text("区政府办代表区政府受理政府信息公开申请3件。"), "T1")
    (t1,) = findings(with_text("区政府办代表区政府受理政府信息公开申请9件。"), "T1")
    assert t1.severity == "warning"


def test_t5_all_concluded():
    assert not findings(with_text("收到申请4件，均已按时答复，另有1件顺延。"), "T5")
    (t5,) = findings(with_text("收到政府信息公开申请5件，均在期限内依法答复。"), "T5")
    assert t5.severity == "warning"
    assert t5.actual == 4
    assert findings(with_text("办结率100%。"), "T5")


def test_t7_percentages():
    assert not findings(with_text("予以公开3件，占75%。"), "T7")
    (t7,) = findings(with_text("予以公开3件，占60%。"), "T7")
    assert t7.expected == "75.0%"
    assert t7.actual == "60%"


def test_t10_all_upheld():
    assert not findings(with_text("行政复议1件，均获维持。"), "T10")
    data = with_text("行政复议1件，均获维持。")
    put(data, "/appeals/review/pending", 1)
    put(data, "/appeals/review/total", 2)
    data["text"]["overview"] = data["text"]["overview"].replace(
        "行政复议1件，其中1件结果维持。", ""
    )
    (t10,) = findings(data, "T10")
    assert t10.severity == "error"
    assert t10.actual == 1
    # a case still pending was not "not upheld": the message says it is pending
    assert t10.message.endswith("称均获维持，但表中行政复议尚有1件未审结")
    assert "未获维持" not in t10.message
    assert t10.message_en.endswith("1 administrative review case(s) are still pending")


def test_t10_says_decided_and_pending_cases_apart():
    data = with_text("行政复议1件，均获维持。")
    data["text"]["overview"] = data["text"]["overview"].replace(
        "行政复议1件，其中1件结果维持。", ""
    )
    put(data, "/appeals/review/corrected", 1)
    put(data, "/appeals/review/total", 2)
    (t10,) = findings(data, "T10")
    assert t10.message.endswith("行政复议有1件未获维持（结果纠正1，其他结果0）")
    put(data, "/appeals/review/pending", 2)
    put(data, "/appeals/review/total", 4)
    (t10,) = findings(data, "T10")
    assert t10.actual == 3
    assert t10.message.endswith("行政复议有1件未获维持（结果纠正1，其他结果0），另有2件尚未审结")
    assert t10.message_en.endswith(
        "1 administrative review case(s) were not upheld (corrected 1, other 0) and 2 are "
        "still pending"
    )


def test_t6_names_the_cells_it_summed_in_table_order_never_a_blank_total():
    data = with_text("其中予以公开3件，无法提供2件。")
    put(data, "/applications/results/unable/not_held/total", None)  # its row: 自然人 1
    (t6,) = findings(data, "T6")
    assert t6.actual == 2
    assert t6.cells == (
        "/applications/results/unable/not_held/natural_person",
        "/applications/results/unable/needs_creation/total",
        "/applications/results/unable/unclear/total",
    )
    assert "本机关不掌握相关政府信息—总计" not in t6.message
    assert "所述2件与表三“（四）1.本机关不掌握相关政府信息—自然人” + " in t6.message
    data = with_text("其中无法提供及予以公开5件。")
    (t6,) = findings(data, "T6")
    order = [leaf.pointer for leaf in layout.get_format("2021").leaves()]
    assert t6.cells[0] == "/applications/results/granted/total"  # （一） before （四）
    assert list(t6.cells) == sorted(t6.cells, key=order.index)


def test_t11_no_appeals():
    assert not findings(with_text("未发生因政府信息公开引起的行政诉讼。"), "T11")
    (t11,) = findings(with_text("未出现行政复议、行政诉讼情况。"), "T11")
    assert t11.severity == "warning"
    assert t11.actual == 1


@pytest.mark.parametrize(
    ("sentence", "table", "flagged"),
    [
        ("本年度行政事业性收费0.5万元。", "0.5", False),
        ("本年度行政事业性收费5000元。", "0.5", False),
        ("全年行政事业性收费金额共计1.2亿元。", "12000", False),
        ("本年度行政事业性收费5000元。", "5", True),
        ("本年度行政事业性收费0.5万元。", "0.49", True),
        # 信息处理费 is not what table 二 counts
        ("本年度收取信息处理费3940元，行政事业性收费情况见表。", "96171.6", False),
        ("行政事业性收费中信息处理费3940元。", "96171.6", False),
        # both fees in one sentence: the 行政事业性收费 clause is still compared
        ("本年度行政事业性收费800万元，未收取信息处理费。", "834.6435", True),
        ("本年度行政事业性收费834.6435万元，未收取信息处理费。", "834.6435", False),
        # another year's amount is no statement about this report's table
        ("2023年行政事业性收费745.05万元。", "834.6435", False),
        ("2024年行政事业性收费745.05万元。", "834.6435", True),
    ],
)
def test_t13_fee_in_text_vs_table(sentence, table, flagged):
    data = with_text(sentence)
    put(data, "/proactive/fees/amount", Decimal(table))
    found = findings(data, "T13")
    assert [(f.path, f.severity) for f in found] == (
        [("/text/overview", "warning")] if flagged else []
    )


def test_t13_the_corpus_states_another_fee():
    # 淮安市2024: 行政事业性收费 96171.6万元 in 二, 信息处理费 3940元 in the text.
    path = ROOT.parent / "shared" / "corpus" / "001-huaian-gov-2024.txt"
    if not path.is_file():
        pytest.skip("the shared corpus is not here")
    report = gkreport.load(path)
    assert report.proactive.fees.amount == Decimal("96171.6")
    assert "T13" not in {f.code for f in gkreport.validate(report).findings}


def test_t13_only_where_the_fee_is_one_amount():
    data = with_text("本年度行政事业性收费5000元。", "2019")
    assert not findings(data, "T13")


def test_shanghai_2019_style_contradictions():
    """FORMAT.md §6.5: groups that disagree, and 均获维持 while cases are pending."""
    data = clean("2019")
    data["year"] = 2019
    data["title"] = "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    data["published_on"] = "2020-01-31"
    data["kind"] = "government"
    rows = {
        "new": 859, "carried_over": 18, "results/granted": 272, "results/partial": 3,
        "results/denied/state_secret": 35, "results/unable/not_held": 265,
        "results/unable/needs_creation": 50, "results/unable/unclear": 22,
        "results/not_processed/petition": 158, "results/total": 805, "carried_forward": 72,
    }  # fmt: skip
    for leaf in layout.FORMAT_2019.leaves():
        if leaf.path[0] == "applications":
            put(data, leaf.pointer, 0)
    for row, value in rows.items():
        put(data, f"/applications/{row}/natural_person", value)
        put(data, f"/applications/{row}/total", value)
    for block, (upheld, pending) in {"review": (5, 2), "litigation_direct": (8, 1)}.items():
        put(data, f"/appeals/{block}/upheld", upheld)
        put(data, f"/appeals/{block}/pending", pending)
        put(data, f"/appeals/{block}/total", upheld + pending)
    data["text"]["overview"] = (
        "2019年共收到政府信息公开申请859件。予以公开及部分公开258件，"
        "不予公开35件(4.34%)，无法提供265件，不予处理158件(19.6%)。"
        "复议7件，诉讼9件，均获维持。主动公开、依申请公开、政府信息管理、平台建设、监督保障。"
    )
    result = validate(data)
    t6 = {f.actual: f.expected for f in result.findings if f.code == "T6"}
    assert t6 == {258: 275, 265: 337}
    assert not [f for f in result.findings if f.code == "T7"]  # 4.34% and 19.6% do match
    t10 = [f for f in result.findings if f.code == "T10"]
    assert {f.actual for f in t10} == {2, 1}
    assert not [f for f in result.findings if f.code in ("T1", "T8", "F1", "F2", "F3", "F4")]


# --- across reports -------------------------------------------------------------------------


def year_pair() -> tuple[dict, dict]:
    before = clean()
    before["year"] = 2023
    before["title"] = before["title"].replace("2024", "2023")
    before["text"] = {k: v and v.replace("2024", "2023") for k, v in before["text"].items()}
    now = clean()
    put(now, "/applications/carried_over/natural_person", 1)
    put(now, "/applications/carried_over/total", 1)
    put(now, "/applications/new/natural_person", 4)
    put(now, "/applications/new/total", 4)
    put(now, "/proactive/normative/in_force", 11)
    now["text"] = {
        "overview": (
            "今年的总体情况另行撰写，"
            "主动公开、依申请公开、政府信息管理、平台建设、监督保障均有新进展。"
        ),
        "proactive": "",
        "applications": "",
        "appeals": "",
        "problems": "存在的问题是培训不足，改进措施是加强学习。",
        "other_matters": "本年度依法未收取任何信息处理费。",
    }
    return before, now


def test_x1_x2_x7_hold_for_a_consistent_pair():
    before, now = year_pair()
    assert validate(now).findings == ()
    assert validate_series([now, before]).findings == ()


def test_x1_carried_over_continuity():
    before, now = year_pair()
    put(now, "/applications/carried_over/natural_person", 3)
    assert [f.code for f in validate_series([before, now]).findings] == ["X1"]


def test_x2_in_force_chain():
    before, now = year_pair()
    put(now, "/proactive/normative/in_force", 15)
    (x2,) = validate_series([before, now]).findings
    assert x2.code == "X2"
    assert x2.expected == 11
    assert x2.actual == 15


def test_x7_repeated_text():
    before, now = year_pair()
    now["text"] = copy.deepcopy(before["text"])
    (x7,) = validate_series([before, now]).findings
    assert x7.code == "X7"
    assert x7.actual == "100%"


def _same_tables(before: dict, now: dict) -> dict:
    """``now`` with every count of ``before``."""
    for leaf in layout.get_format(now["format"]).leaves():
        if leaf.cell.kind is layout.Kind.COUNT:
            put(now, leaf.pointer, get(before, leaf.pointer))
    return now


def test_x8_same_numbers_as_last_year():
    before, now = year_pair()
    assert not [f for f in validate_series([before, now]).findings if f.code == "X8"]
    _same_tables(before, now)
    (x8,) = [f for f in validate_series([before, now]).findings if f.code == "X8"]
    assert x8.severity == "warning"
    assert x8.path == "/proactive/rules/in_force"  # the first non-zero count, in table order
    assert "2023" in x8.message


def test_x8_spares_a_small_agencys_zero_tables():
    before, now = year_pair()
    for data in (before, now):
        for leaf in layout.FORMAT_2021.leaves():
            if leaf.cell.kind is layout.Kind.COUNT:
                put(data, leaf.pointer, 0)
        put(data, "/applications/new/natural_person", 1)
        put(data, "/applications/new/total", 1)
    _same_tables(before, now)
    assert not [f for f in validate_series([before, now]).findings if f.code == "X8"]


@pytest.mark.parametrize(
    ("then", "now", "flagged"),
    [(30, 150, True), (150, 30, True), (30, 149, False), (19, 100, False), (100, 19, False)],
)
def test_x10_year_on_year_jump(then, now, flagged):
    before, after = year_pair()
    for data, count in ((before, then), (after, now)):
        for row in ("new", "results/granted", "results/total"):
            put(data, f"/applications/{row}/natural_person", count)
            put(data, f"/applications/{row}/total", count)
    found = [f for f in validate_series([before, after]).findings if f.code == "X10"]
    expected = ["/applications/new/total", "/applications/results/granted/total"]
    assert [f.path for f in found] == (expected if flagged else [])
    assert all(f.severity == "info" for f in found)


def test_x10_on_the_corpus_series():
    # 洪泽区2023 → 2024: 新收 21 → 95, under five times: no finding.
    corpus = ROOT.parent / "shared" / "corpus"
    paths = [corpus / f"00{n}-hongze-district-gov-{y}.txt" for n, y in ((2, 2023), (3, 2024))]
    if not all(p.is_file() for p in paths):
        pytest.skip("the shared corpus is not here")
    reports = [gkreport.load(p) for p in paths]
    codes = {f.code for f in validate_series(reports).findings}
    assert not codes & {"X8", "X10"}


def test_series_needs_distinct_years():
    before, now = year_pair()
    with pytest.raises(ValueError, match="same year"):
        validate_series([now, now])
    assert validate_series([before, now]).format == "2021"


def _agency(name: str, text: dict) -> dict:
    data = clean()
    data["agency"] = name
    data["title"] = data["title"].replace("某市某局", name)
    data["text"] = copy.deepcopy(text)
    return data


def test_x9_copied_text_between_agencies():
    _, now = year_pair()
    copied = [_agency("甲县民政局", now["text"]), _agency("乙县民政局", now["text"])]
    found = [r.findings for r in validate_run(copied)]
    assert [[f.code for f in f_] for f_ in found] == [["X9"], ["X9"]]
    assert found[0][0].severity == "warning"
    assert "乙县民政局" in found[0][0].message
    assert found[0][0].actual == "100%"


def test_x9_spares_own_text_the_same_agency_and_shared_boilerplate():
    before, now = year_pair()
    own = [_agency("甲县民政局", before["text"]), _agency("乙县民政局", now["text"])]
    assert all(not r.findings for r in validate_run(own))
    # one agency under two spellings (a region prefix, 人民政府/政府) is no copy: X7's
    same = [_agency("洪泽区人民政府", now["text"]), _agency("淮安市洪泽区政府", now["text"])]
    assert all(not r.findings for r in validate_run(same))
    # a sentence in every report of a large run is boilerplate, not a copy
    boiler = {**now["text"], "overview": "本报告依据《条例》和年度报告格式的要求编制。"}
    many = [_agency(f"第{n}县民政局", boiler) for n in range(12)]
    assert all(not r.findings for r in validate_run(many))


def test_x9_on_the_seeds_and_corpus():
    paths = sorted(SEEDS.glob("*.txt"))
    corpus = ROOT.parent / "shared" / "corpus"
    paths += sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    results = validate_run([gkreport.load(p) for p in paths])
    assert [f for r in results for f in r.findings] == []


def test_x4_rollup():
    parent = clean()
    children = [clean(), clean()]
    for leaf in layout.FORMAT_2021.leaves():
        if leaf.path[0] in ("applications", "appeals"):
            put(children[1], leaf.pointer, 0)
    assert validate_rollup(parent, children).findings == ()
    put(parent, "/appeals/review/upheld", 2)
    put(parent, "/appeals/review/total", 2)
    flagged = {f.path for f in validate_rollup(parent, children).findings}
    assert "/appeals/review/upheld" in flagged


def test_scopes_split_the_catalog():
    assert {r.code for r in CATALOG if r.scope is Scope.SERIES} == {
        "X1",
        "X2",
        "X7",
        "X8",
        "X10",
    }
    assert {r.code for r in CATALOG if r.scope is Scope.ROLLUP} == {"X4"}
    assert {r.code for r in CATALOG if r.scope is Scope.RUN} == {"X9"}


def test_messages_render_for_every_finding():
    data = clean()
    put(data, "/applications/new/commercial", 1)
    data["text"]["overview"] += "\n收到政府信息公开申请9件。"
    for finding in validate(data).findings:
        assert not re.search(r"\{\w+\}", finding.message + finding.message_en)


_EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# --- a rule of one's own: the catalog is the only place a rule is written --------------------


def _many_new_applications(facts: Facts) -> Iterator[Hit]:
    """A toy house rule: more than 1,000 new applications in a year deserves a look."""
    pointer = "/applications/new/total"
    received = facts.values.get(pointer)
    if isinstance(received, int) and received > 1000:
        yield Hit("Z1", pointer, {"received": received}, cells=(pointer,), actual=received)


_TOY_RULE = Rule(
    code="Z1",
    severity=Severity.WARNING,
    formula="applications.new.total ≤ 1000",
    basis=Basis.INFERENCE,
    source="a toy house rule",
    check=_many_new_applications,
    tags=("toy",),
)
_TOY_TEXT = RuleText(
    title_zh="新收申请过多",
    title_en="Many new applications",
    message_zh="本年新收申请{received}件，超过1000件，请核实",
    message_en="{received} new applications in one year, more than 1,000: please check",
)


def test_a_rule_added_to_the_catalog_runs_renders_and_is_documented():
    data = json.loads((_EXAMPLES / "qianxinan-2023.json").read_text("utf-8"))
    data["applications"]["new"]["total"] = 1001
    before = validate(data)
    with catalog.registered(_TOY_RULE, _TOY_TEXT):
        found = [f for f in validate(data).findings if f.code == "Z1"]
        page = rules_markdown()
        assert validate(data, ignore={"toy"}).findings == before.findings
    assert [(f.severity, f.path, f.actual) for f in found] == [
        ("warning", "/applications/new/total", 1001)
    ]
    assert found[0].message == "本年新收申请1001件，超过1000件，请核实"
    assert found[0].message_en == "1001 new applications in one year, more than 1,000: please check"
    assert "[`Z1`](#z1) | warning | 新收申请过多 — Many new applications" in page
    assert "Z1" not in catalog.RULES
    assert validate(data).findings == before.findings


def test_a_rule_code_is_taken_once():
    taken = attrs.evolve(_TOY_RULE, code="F1")
    with pytest.raises(ValueError, match="F1"), catalog.registered(taken, _TOY_TEXT):
        pass
