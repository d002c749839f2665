"""Messages in one place: every rule's words by code and language, English free of Chinese.

An English message may hold Chinese only inside quotes (“…”): an official label or
a piece of the report's text. The templates and fragments are checked as written,
and the rendered findings of every example, seed and corpus report (and of
generated reports) as the user sees them.
"""

from __future__ import annotations

import json
import pickle
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

import gkreport
from gkreport._render import render
from gkreport._validation import messages
from gkreport._validation.catalog import CATALOG
from gkreport._validation.engine import validate
from gkreport._validation.messages import (
    FRAGMENTS,
    RULE_TEXTS,
    CellName,
    Given,
    Joined,
    Label,
    SchemaMessage,
    blank_or,
    fragment,
)
from gkreport._words import LANGS
from tests.reference import CORPUS, EXAMPLES, SEEDS, needs_corpus
from tests.strategies import report_dicts
from tools.rules_page import rules_markdown

#: Chinese characters, CJK punctuation (、。〔〕) and full-width forms (（），：).
CJK = re.compile(
    "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002ffff]"
)
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def outside_quotes(text: str) -> str:
    """The text with every quoted (“…”, nested allowed) passage left out."""
    kept, depth = [], 0
    for char in text:
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(depth - 1, 0)
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def chinese_outside_quotes(text: str) -> list[str]:
    return CJK.findall(outside_quotes(text))


def test_outside_quotes_skips_nested_quotes():
    assert outside_quotes("a “b“c”d” e") == "a  e"
    assert chinese_outside_quotes("row “（三）3.危及“三安全一稳定”” 1") == []
    assert chinese_outside_quotes("总计 ≠ “总计”") == ["总", "计"]


# --- the tables -------------------------------------------------------------------------


def test_every_rule_has_its_words_and_only_rules_do():
    assert set(RULE_TEXTS) == {r.code for r in CATALOG}


def test_rules_read_their_words_by_code():
    for r in CATALOG:
        text = RULE_TEXTS[r.code]
        assert (r.title_zh, r.title_en) == (text.title("zh"), text.title("en"))
        assert (r.message_zh, r.message_en) == (text.message("zh"), text.message("en"))


@pytest.mark.parametrize("code", sorted(RULE_TEXTS))
def test_english_titles_and_templates_hold_no_chinese_outside_quotes(code):
    text = RULE_TEXTS[code]
    for template in (text.title_en, text.message_en):
        assert chinese_outside_quotes(PLACEHOLDER.sub("", template)) == [], template


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_english_fragments_hold_no_chinese_outside_quotes(name):
    assert set(FRAGMENTS[name]) == set(LANGS)
    english = FRAGMENTS[name]["en"]
    assert chinese_outside_quotes(PLACEHOLDER.sub("", english)) == [], english


@pytest.mark.parametrize("code", sorted(RULE_TEXTS))
def test_both_languages_take_the_same_parameters(code):
    text = RULE_TEXTS[code]
    assert set(PLACEHOLDER.findall(text.message_zh)) == set(PLACEHOLDER.findall(text.message_en))


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_fragments_take_the_same_parameters_in_both_languages(name):
    zh, en = FRAGMENTS[name]["zh"], FRAGMENTS[name]["en"]
    assert set(PLACEHOLDER.findall(zh)) == set(PLACEHOLDER.findall(en))


def test_chinese_templates_are_chinese():
    for text in RULE_TEXTS.values():
        assert CJK.search(text.title_zh)
        assert CJK.search(PLACEHOLDER.sub("", text.message_zh))


def test_docs_show_both_templates_of_every_rule():
    page = rules_markdown()
    for code, text in RULE_TEXTS.items():
        assert f"- message (zh): {text.message_zh}\n" in page, code
        assert f"- message (en): {text.message_en}\n" in page, code


# --- phrases ------------------------------------------------------------------------------


def test_a_label_is_plain_in_chinese_and_quoted_in_english():
    label = Label("三（一）予以公开 × 总计")
    assert label.render("zh") == "三（一）予以公开 × 总计"
    assert label.render("en") == "“三（一）予以公开 × 总计”"


def test_an_equation_reads_in_each_language():
    terms = Joined.of(
        (
            fragment("term", label=Label("自然人"), value=5),
            fragment("term", label=Label("其他"), value=blank_or(None)),
        ),
        "plus",
    )
    equation = fragment(
        "identity",
        left=fragment("term", label=Label("总计"), value=12),
        right=5,
        terms=fragment("other_zeros", terms=terms, count=3),
    )
    assert equation.render("zh") == "总计 12 ≠ 5 = 自然人 5 + 其他 空白（其余3项为0）"
    assert equation.render("en") == (
        "“总计” 12 ≠ 5 = “自然人” 5 + “其他” blank (the other 3 cells are 0)"
    )


def test_lists_join_in_each_language():
    codes = Joined.of(["F2", "F3"], "list")
    assert (codes.render("zh"), codes.render("en")) == ("F2、F3", "F2, F3")
    groups = Joined.of([Label("（一）予以公开"), Label("（二）部分公开")], "and")
    assert groups.render("zh") == "（一）予以公开及（二）部分公开"
    assert groups.render("en") == "“（一）予以公开” and “（二）部分公开”"


def test_a_given_value_keeps_its_repr_in_chinese_and_quotes_text_in_english():
    assert Given("五件").render("zh") == "'五件'"
    assert Given("五件").render("en") == "“五件”"
    assert Given(1.5).render("en") == "1.5"


def test_a_schema_message_quotes_the_payload_text_in_english_only():
    message = SchemaMessage("'部门' is not one of ['government', 'department', None]", "部门")
    assert (
        str(message)
        == message.render("zh")
        == "'部门' is not one of ['government', 'department', None]"
    )
    assert message.render("en") == "“部门” is not one of ['government', 'department', None]"
    assert SchemaMessage("5 is not of type 'string'", 5).render("en") == "5 is not of type 'string'"
    again = pickle.loads(pickle.dumps(message))
    assert (again, again.instance) == (message, "部门")


def test_english_schema_findings_quote_the_payload_text():
    data = _example("qianxinan-2023.json")
    data["kind"] = "部门"
    (finding,) = [f for f in validate(data).findings if f.code == "schema"]
    assert (
        finding.message
        == "数据不符合报告的 JSON Schema：'部门' is not one of ['government', 'department', None]"
    )
    assert chinese_outside_quotes(finding.message_en) == []


def test_message_renders_every_parameter_in_its_language():
    cell = CellName("三", "（一）予以公开—总计")
    params = {"cell": cell, "printed": blank_or(None), "implied": 4}
    params |= {"count": 2, "codes": Joined.of(["F2", "F3"], "list")}
    assert messages.message("diagnosis", "zh", params) == (
        "很可能是表三“（一）予以公开—总计”填错：填报空白，其他单元格推出应为4"
        "（改这一处即可同时满足2条勾稽关系：F2、F3）"
    )
    assert messages.message("diagnosis", "en", params) == (
        "likely table 3 “（一）予以公开—总计”: printed blank, the other cells imply 4 (this one "
        "change satisfies 2 failing identities: F2, F3)"
    )


# --- findings as the user sees them ----------------------------------------------------------


def _bundled() -> list[Path]:
    """Every example and seed, and the corpus's text reports where the corpus is present."""
    found = sorted(EXAMPLES.glob("*.json")) + sorted(SEEDS.glob("*.txt"))
    found += sorted(SEEDS.glob("*.expected.json"))
    if CORPUS.is_dir():
        found += sorted(p for p in CORPUS.glob("*.txt") if p.stem[:1].isdigit())
    return found


def _english_outside_quotes(result: gkreport.ValidationResult) -> list[tuple[str, str]]:
    return [(f.code, f.message_en) for f in result.findings if chinese_outside_quotes(f.message_en)]


@pytest.mark.parametrize("path", _bundled(), ids=lambda p: p.name)
def test_english_messages_of_real_reports_quote_every_chinese_word(path):
    assert _english_outside_quotes(validate(gkreport.load(path))) == []


def test_real_reports_cover_the_reworded_messages():
    codes = {f.code for p in _bundled() for f in validate(gkreport.load(p)).findings}
    assert {"blank", "D5", "T9", "T12"} <= codes


@needs_corpus
def test_the_corpus_covers_the_reworded_table_messages():
    codes = {f.code for p in _bundled() for f in validate(gkreport.load(p)).findings}
    assert "F4" in codes  # 洪泽区 2023: 复议 总计 0 vs 11


def _set(data: dict, pointer: str, value: object) -> None:
    *parents, last = pointer.strip("/").split("/")
    node = data
    for key in parents:
        node = node[key]
    node[last] = value


def _example(name: str) -> dict:
    return gkreport.to_dict(gkreport.load(EXAMPLES / name))


def _broken(name: str) -> dict:
    """An example with one result cell off by one (F2, F3, the diagnosis) and a bad cell."""
    data = _example(name)
    _set(data, "/applications/results/granted/natural_person", 7)
    _set(data, "/appeals/review/total", 3)
    _set(data, "/applications/new/commercial", None)
    _set(data, "/applications/new/research", "五件")
    for row in ("rules", "normative"):
        if "made" in data["proactive"][row]:
            _set(data, f"/proactive/{row}/made", 9)
        else:
            _set(data, f"/proactive/{row}/new_published", 9)
    return data


def test_english_messages_of_broken_reports_quote_every_chinese_word():
    found = []
    for name in ("qianxinan-2023.json", "qingzhen-2020.json"):
        data = _broken(name)
        found += validate(data).findings
        later = _broken(name)
        later["year"] += 1
        _set(later, "/applications/carried_over/total", 99)
        if "in_force" in later["proactive"]["rules"]:
            _set(later, "/proactive/rules/in_force", 99)
        series = gkreport.validate_series([gkreport.from_dict(_example(name)), later])
        found += series.findings
        rollup = gkreport.validate_rollup(_example(name), [data])
        found += rollup.findings
    found += [inner for f in found for inner in f.explains]  # the symptoms folded into a cause
    codes = {f.code for f in found}
    assert {"F2", "F3", "F4", "F5", "blank", "diagnosis", "X1", "X2", "X3", "X4", "X6"} <= codes
    assert [(f.code, f.message_en) for f in found if chinese_outside_quotes(f.message_en)] == []


@settings(max_examples=60, deadline=None)
@given(report_dicts())
def test_english_messages_of_generated_reports_quote_every_chinese_word(data):
    assert _english_outside_quotes(validate(data)) == []


# --- messages an official would sign ---------------------------------------------------------

#: Characters a message never holds: tabs, line breaks, other control characters.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _all(findings: tuple[gkreport.Finding, ...]) -> list[gkreport.Finding]:
    """Every finding, those folded into another (``explains``) included."""
    return [g for f in findings for g in (f, *_all(f.explains))]


def test_a_cell_is_named_by_its_table_then_its_row_and_column():
    cell = CellName("四", "行政复议—结果维持")
    assert cell.render("zh") == "表四“行政复议—结果维持”"
    assert cell.render("en") == "table 4 “行政复议—结果维持”"
    (t9, _) = validate(gkreport.load(SEEDS / "002_ce68d56cc731e239.txt")).errors
    assert "与表四“行政复议—结果维持”（11）不符" in t9.message
    assert "表格中四" not in t9.message


def test_a_blank_is_blank_in_each_language_and_null_in_json():
    data = _example("qianxinan-2023.json")
    for row in ("new", "results/total"):
        _set(data, f"/applications/{row}/total", None)  # the row adds up to 1: F2 ×2
    result = validate(data)
    symptoms = [f for f in _all(result.findings) if f.code == "F2"]
    assert len(symptoms) == 2
    for f2 in symptoms:
        assert f2.actual is None  # the printed total is blank: null, not 0
        assert f2.expected == 1
        assert "总计 空白 ≠ 1" in f2.equation
        assert "“总计” blank ≠ 1" in f2.message_en
        assert "总计 空白 ≠ 1" in f2.message
    dumped = json.dumps(result.to_dict(), ensure_ascii=False)
    assert '"actual": 0' not in dumped
    for finding in _all(result.findings):
        assert "空" not in re.sub("“[^”]*”", "", finding.message_en)
        assert "空白" in finding.message or finding.code not in ("blank", "F2")


def test_no_message_holds_a_control_character():
    data = _example("qianxinan-2023.json")
    for row in data["applications"]["results"]["other"].values():
        for key in row:
            row[key] = None
    data["notes"].append({"path": "/applications/results/other", "raw": "0\t0\t0\t0\t0\t0\t0"})
    data["text"]["overview"] += "\n其中予以公开\n12件。"  # a sentence broken across lines
    found = _all(validate(data).findings)
    (group,) = [f for f in found if f.code == "other-group-only"]
    assert "“0 0 0 0 0 0 0”" in group.message_en
    assert [(f.code, f.message) for f in found if CONTROL.search(f.message + f.message_en)] == []


def test_a_printable_message_holds_no_control_character():
    """`messages.message` returns a printable text as it is: this proves none is left in it."""
    printable = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if messages._CONTROL.search(chr(code)) and chr(code).isprintable()
    ]
    assert printable == []


@pytest.mark.parametrize("path", _bundled(), ids=lambda p: p.name)
def test_messages_of_real_reports_are_one_line_each(path):
    found = _all(validate(gkreport.load(path)).findings)
    assert [f.code for f in found if CONTROL.search(f.message + f.message_en)] == []
    for finding in found:  # no "应为" clause without a value (the rendered footnote)
        assert "应为 ，" not in finding.message


def test_quotes_keep_the_reports_own_punctuation():
    data = _example("qianxinan-2023.json")
    data["text"]["applications"] = "全年共收到政府信息公开申请1,000件，\n均已按时答复。"
    (t1,) = [f for f in validate(data).findings if f.code == "T1"]
    # as printed: full-width comma, thousands separator; the PDF-style line break dropped
    assert "正文“全年共收到政府信息公开申请1,000件，均已按时答复。”所述1000件" in t1.message
    assert "“全年共收到政府信息公开申请1,000件，均已按时答复。” states 1000" in t1.message_en
    (seed,) = list(SEEDS.glob("000_*.txt"))
    (d9,) = [f for f in validate(gkreport.load(seed)).findings if f.code == "D9"]
    assert "(或全州各級行政機關)" in d9.message  # as printed, its pinyin annotations aside
    assert d9.actual == "(或全州各级行政机关)"  # the form matched


# --- English punctuation: ASCII outside what is quoted ----------------------------------------

#: Full-width and CJK punctuation (：（），；、。【】〔〕): English text uses ASCII instead.
FULL_WIDTH = re.compile("[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
CONFORMANCE = Path(__file__).parent / "conformance" / "cases"


def full_width_outside_quotes(text: str) -> list[str]:
    return FULL_WIDTH.findall(outside_quotes(text))


def _payloads() -> list[tuple[str, object]]:
    """Every example, seed and corpus report, and every conformance case's payload."""
    found: list[tuple[str, object]] = [(p.name, p) for p in _bundled()]
    if CORPUS.is_dir() and _has_pdf_reader():
        found += [(p.name, p) for p in sorted(CORPUS.glob("[0-8]*.pdf"))]
    found += [
        (p.name, json.loads(p.read_text("utf-8"))["payload"])
        for p in sorted(CONFORMANCE.glob("*.json"))
    ]
    return found


def _has_pdf_reader() -> bool:
    try:
        import pdfplumber  # noqa: F401, PLC0415 - only asks whether the extra is installed
    except ModuleNotFoundError:
        return False
    return True


def _validated(source: object) -> tuple[gkreport.Report | None, gkreport.ValidationResult]:
    if isinstance(source, Path):
        report = gkreport.load(source)
        return report, validate(report)
    return None, validate(source)


def test_full_width_outside_quotes_sees_what_english_must_not_hold():
    assert full_width_outside_quotes("row “（三）不予公开”: total ≠ 3 (expected 4)") == []
    assert full_width_outside_quotes("total：3（expected 4）") == ["：", "（", "）"]
    assert full_width_outside_quotes("a, b; c、d。") == ["、", "。"]


@pytest.mark.parametrize(("name", "source"), _payloads(), ids=[n for n, _ in _payloads()])
def test_english_messages_use_ascii_punctuation_outside_quotes(name, source):
    _, result = _validated(source)
    found = _all(result.findings)
    wrong = [(f.code, f.message_en) for f in found if full_width_outside_quotes(f.message_en)]
    assert wrong == []


def test_the_payloads_cover_the_messages_that_name_cells_and_rows():
    codes = {f.code for _, source in _payloads() for f in _all(_validated(source)[1].findings)}
    assert {"F1", "F2", "F3", "F4", "blank", "diagnosis", "unread", "X3", "X6"} <= codes


def _footnotes(page: str) -> list[str]:
    """The findings listed under a rendered page (HTML items or Markdown footnotes)."""
    return [
        re.sub(r"<[^>]+>", "", line)
        for line in page.splitlines()
        if line.startswith(('<li id="finding-', "[^"))
    ]


@pytest.mark.parametrize("path", _bundled(), ids=lambda p: p.name)
def test_english_footnotes_of_rendered_pages_use_ascii_punctuation(path):
    report = gkreport.load(path)
    findings = validate(report).findings
    for target in ("html", "md"):
        english = _footnotes(render(report, target, findings, lang="en"))
        assert len(english) == len(findings)
        assert [line for line in english if full_width_outside_quotes(line)] == []
        assert [line for line in english if CONTROL.search(line)] == []
        chinese = _footnotes(render(report, target, findings, lang="zh"))
        assert all("：" in line for line in chinese)  # the Chinese page keeps its own


def test_an_english_footnote_reads_where_message_and_values():
    data = _example("qianxinan-2023.json")
    _set(data, "/appeals/review/total", 3)
    report = gkreport.from_dict(data)
    findings = [f for f in validate(report).findings if f.code == "F4"]
    (line,) = _footnotes(render(report, "md", findings, lang="en"))
    where = "“行政复议 × 总计” /appeals/review/total"  # a report built in code: its pointer
    assert line.startswith(f"[^1]: **F4** error · {where}: table 4 “行政复议”: total ≠")
    assert line.endswith(" (expected 0, actual 3)")
    (line,) = _footnotes(render(report, "md", findings, lang="zh"))
    assert "行政复议 × 总计 /appeals/review/total：表四“行政复议”：" in line
    assert line.endswith("（应为 0，实为 3）")


# --- cells, rows and columns named with their table --------------------------------------------


def test_report_text_in_an_english_footnote_is_quoted():
    path = next(SEEDS.glob("004_*.txt"))
    report = gkreport.load(path)
    findings = [f for f in validate(report).findings if f.code == "D5"]
    (english,) = _footnotes(render(report, "md", findings, lang="en"))
    assert english.endswith(f"(actual “{findings[0].actual}”)")
    (chinese,) = _footnotes(render(report, "md", findings, lang="zh"))
    assert chinese.endswith(f"（实为 {findings[0].actual}）")


def test_identities_name_their_column_or_row_with_its_table():
    data = _example("qianxinan-2023.json")
    _set(data, "/applications/results/granted/natural_person", 7)  # F2 and F3 (and F1)
    _set(data, "/appeals/review/total", 3)
    _set(data, "/applications/carried_over/commercial", 1)  # F1 of 商业企业, F2 of 上年结转
    found = {(f.code, f.path): f for f in _all(validate(data).findings)}
    f1 = found["F1", "/applications/results/total/commercial"]
    assert f1.message.startswith("表三“商业企业”列不满足")
    assert f1.message_en.startswith("the column “商业企业” of table 3: new + carried over")
    f2 = found["F2", "/applications/results/granted/total"]
    assert f2.message.startswith("表三“（一）予以公开”：总计不等于")
    assert f2.message_en.startswith("table 3 “（一）予以公开”: the total ≠")
    f3 = found["F3", "/applications/results/total/natural_person"]
    assert f3.message.startswith("表三“自然人”列：（七）总计不等于")
    assert f3.message_en.startswith("the column “自然人” of table 3: the results total ≠")
    f4 = found["F4", "/appeals/review/total"]
    assert f4.message.startswith("表四“行政复议”：总计不等于")
    assert f4.message_en.startswith("table 4 “行政复议”: total ≠")


def test_a_row_of_table_two_is_named_with_its_table():
    data = _example("qianxinan-2023.json")
    _set(data, "/proactive/rules/made", 99)
    (x3,) = [f for f in validate(data).findings if f.code == "X3"]
    assert x3.message.startswith("表二“规章”：")
    assert x3.message_en.startswith("table 2 “规章”: more made")


def test_a_row_remark_is_left_out_of_its_name():
    data = _example("qianxinan-2023.json")
    _set(data, "/applications/results/partial/total", 9)
    (f2,) = [f for f in _all(validate(data).findings) if f.code == "F2"]
    assert f2.message.startswith("表三“（二）部分公开”：")  # not （区分处理的，只计这一情形…）


@pytest.mark.parametrize(
    ("path", "zh", "en"),
    [
        (
            "/applications/new",
            "表三“一、本年新收政府信息公开申请数量”",
            "table 3 “一、本年新收政府信息公开申请数量”",
        ),
        (
            "/applications/new/total",
            "表三“一、本年新收政府信息公开申请数量—总计”",
            "table 3 “一、本年新收政府信息公开申请数量—总计”",
        ),
        ("/applications/results/partial", "表三“（二）部分公开”", "table 3 “（二）部分公开”"),
        ("/applications/results/denied", "表三“（三）不予公开”", "table 3 “（三）不予公开”"),
        ("/appeals/review", "表四“行政复议”", "table 4 “行政复议”"),
        ("/appeals", "表四", "table 4"),
    ],
)
def test_an_unread_row_is_named_with_its_table(path, zh, en):
    data = _example("qianxinan-2023.json")
    note = {"path": path, "raw": "3459 00 12", "source": "line 29", "message": "x"}
    data["notes"].append({**note, "kind": "unread"})
    (unread,) = [f for f in validate(data).findings if f.code == "unread"]
    assert unread.message.startswith(f"{zh}：原文有这一行")
    assert unread.message_en.startswith(f"{en}: the source has this row")
