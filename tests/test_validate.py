"""The engine on real reports: seeds, examples, corpus; payloads; mutation; serialisation."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import gkreport
from gkreport._forms import layout
from gkreport._schema import validator
from gkreport._validation.engine import Finding, ValidationResult, validate

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.expected.json"))
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def summary(result: ValidationResult) -> list[tuple[str, str, str]]:
    return [(f.severity, f.code, f.path) for f in result.findings]


# --- the seeds: exactly the faults tests/fixtures/seeds/README.md lists --------------------------

SEED_FINDINGS = {
    "000": [
        ("warning", "blank", "/applications/results/denied/state_secret/total"),
        ("warning", "D9", "/text/overview"),  # the template's 本行政机关(或全州各级行政机关)
    ],
    "001": [("warning", "T5", "/text/overview"), ("warning", "T12", "/text/overview")],
    "002": [("error", "T9", "/text/overview"), ("error", "T9", "/text/overview")],
    "003": [("warning", "T5", "/text/overview")],
    "004": [("warning", "D5", "/text/other_matters")],
}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seed_findings_are_the_known_faults(path):
    result = validate(gkreport.from_dict(load(path)))
    assert summary(result) == SEED_FINDINGS[path.name[:3]]


def test_guandu_review_split_names_both_cells():
    (seed,) = [p for p in SEEDS if p.name.startswith("002")]
    t9 = validate(load(seed)).errors
    assert {f.cells for f in t9} == {("/appeals/review/upheld",), ("/appeals/review/pending",)}
    assert {(f.actual, f.expected) for f in t9} == {(10, 11), (4, 3)}
    assert all("10件结果维持" in f.message for f in t9)


def test_jiangle_repealed_count_quotes_the_sentence():
    (seed,) = [p for p in SEEDS if p.name.startswith("001")]
    (t12,) = [f for f in validate(load(seed)).findings if f.code == "T12"]
    assert "废止或宣布失效规范性文件13件" in t12.message
    assert t12.cells == ("/proactive/normative/repealed",)
    assert (t12.actual, t12.expected) == (13, 4)


# --- examples ---------------------------------------------------------------------------------

#: Real faults of real reports: the examples whose text contradicts their tables.
KNOWN_EXAMPLE_ERRORS = {"guandu-2024.json": {("T9", "/text/overview")}}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_have_no_errors_but_their_known_real_faults(path):
    errors = {(f.code, f.path) for f in validate(load(path)).errors}
    assert errors == KNOWN_EXAMPLE_ERRORS.get(path.name, set())


# --- mutation: every count cell of 三 and 四, ±1, is caught, in both formats ----------

MUTATED = list(EXAMPLES) + [p for p in SEEDS if p.name[:3] in ("000", "001", "004")]


def count_cells(format_id: str) -> list[layout.Leaf]:
    fmt = layout.get_format(format_id)
    return [leaf for leaf in fmt.leaves() if leaf.path[0] in ("applications", "appeals")]


def changed(node: object, path: tuple[str, ...], value: int) -> object:
    """``node`` with the value at ``path`` replaced (frozen attrs, so rebuilt on the way up)."""
    head, *rest = path
    inner = value if not rest else changed(getattr(node, head), tuple(rest), value)
    return attrs.evolve(node, **{head: inner})


@pytest.mark.parametrize("path", MUTATED, ids=lambda p: p.name)
def test_every_single_cell_change_is_an_error_naming_that_cell(path):
    data = load(path)
    report = gkreport.from_dict(data)
    before = {(f.code, f.path, f.message) for f in validate(report).errors}
    missed = []
    for leaf in count_cells(data["format"]):
        value = attrgetter(leaf.dotted)(report) or 0
        for delta in (1, -1):
            # attrs does not validate on evolve, so 0 - 1 = -1 reaches the rules (F5)
            mutated = changed(report, leaf.path, value + delta)
            new = [f for f in validate(mutated).errors if (f.code, f.path, f.message) not in before]
            if not any(leaf.pointer in f.cells for f in new):
                missed.append((leaf.pointer, delta))
    assert missed == []


def test_both_formats_are_mutated():
    assert {load(p)["format"] for p in MUTATED} == {"2021", "2019"}


# --- payloads -------------------------------------------------------------------------------------


def test_a_payload_with_schema_problems_still_gets_its_rules():
    data = load(EXAMPLES[0])
    data["applications"]["new"]["colour"] = "red"
    data["applications"]["new"]["natural_person"] += 1
    result = validate(data)
    schema = [f for f in result.findings if f.code == "schema"]
    assert [f.path for f in schema] == ["/applications/new"]
    assert "colour" in schema[0].message
    (diagnosis,) = [f for f in result.errors if f.code == "diagnosis"]
    assert diagnosis.path == "/applications/new/natural_person"
    assert {"F1", "F2"} <= {f.code for f in diagnosis.explains}


def test_an_unreadable_row_skips_only_its_identities():
    data = load(EXAMPLES[0])
    data["applications"]["carried_over"] = [1, 2, 3]
    result = validate(data)
    assert {f.code for f in result.errors} >= {"schema"}
    assert not [f for f in result.errors if f.code in ("F1", "F2", "F3")]


def test_a_payload_of_unknown_format_gets_schema_findings_only():
    result = validate({"format": "2030", "year": 2030})
    assert result.format is None
    assert [f.code for f in result.findings] == ["schema"]
    assert result.findings[0].path == "/format"
    assert validate([1, 2]).findings[0].code == "schema"


def test_float_counts_that_are_whole_are_counts():
    data = load(EXAMPLES[0])
    data["agency"] = 5  # a schema problem elsewhere forces the lenient path
    as_int = validate(data)
    new = data["applications"]["new"]
    new["research"] = float(new["research"] or 0)
    as_float = validate(data)
    assert "schema" in {f.code for f in as_float.findings}
    assert "F5" not in {f.code for f in as_float.findings}
    assert as_float == as_int


# --- findings: labels, locations, serialisation -


def test_location_comes_from_the_source_else_the_json_pointer():
    report = gkreport.from_dict(load(EXAMPLES[0]))
    broken = attrs.evolve(
        report,
        appeals=attrs.evolve(
            report.appeals,
            review=attrs.evolve(report.appeals.review, total=99),
        ),
    )
    (f4,) = [f for f in validate(broken).findings if f.code == "F4"]
    assert f4.location == "/appeals/review/total"  # no file: JSON's own name of the place
    sourced = attrs.evolve(broken, sources={"/appeals/review/total": "line 59"})
    (f4,) = [f for f in validate(sourced).findings if f.code == "F4"]
    assert f4.location == "line 59"
    assert f4.label == "行政复议 × 总计"


def test_to_dict_matches_the_findings_schema_and_is_json():
    data = load(EXAMPLES[0])
    data["proactive"]["fees"]["amount"] = -1.5
    data["applications"]["new"]["total"] = None
    result = validate(data)
    document = result.to_dict()
    validator("findings").validate(document)
    assert json.loads(json.dumps(document, ensure_ascii=False)) == document
    assert document["counts"]["error"] == len(result.errors)
    assert document["ok"] is False


def test_findings_are_sorted_errors_first_and_stable():
    data = load(EXAMPLES[0])
    data["applications"]["new"]["total"] = None
    data["applications"]["results"]["granted"]["commercial"] = 9
    first, second = validate(data), validate(copy.deepcopy(data))
    assert first == second
    ranks = [("error", "warning", "info").index(f.severity) for f in first.findings]
    assert ranks == sorted(ranks)


def test_finding_is_frozen():
    finding = validate(load(SEEDS[0])).findings[0]
    assert isinstance(finding, Finding)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        finding.code = "x"  # type: ignore[misc]


def test_ignore_by_code_or_tag():
    data = load(EXAMPLES[0])
    assert validate(data, ignore={"T9"}).ok
    assert validate(data, ignore={"text"}).ok


# --- the corpus: real PDFs whose text agrees with their tables raise no text finding -


def corpus_report(expected: Path) -> dict:
    """A report from a corpus answer key: the totals it gives and the narrative of its text."""
    values = load(expected)
    text = expected.with_name(expected.name.replace(".expected.json", ".txt")).read_text("utf-8")

    def between(start: str, end: str | None) -> str:
        begin = text.index(start) + len(start)
        return text[begin : text.index(end, begin)] if end else text[begin:]

    s2, s3 = values["section2"], values["section3"]
    return {
        "format": values["format"],
        "year": values["report_year"],
        "text": {
            "overview": between("一、总体情况", "二、主动公开"),
            "other_matters": between("六、其他需要报告的事项", None),
        },
        "proactive": {
            "rules": {
                k: s2["regulations"][v]
                for k, v in (("made", "made"), ("repealed", "repealed"), ("in_force", "valid"))
            },
            "normative": {
                k: s2["normative_documents"][v]
                for k, v in (("made", "made"), ("repealed", "repealed"), ("in_force", "valid"))
            },
        },
        "applications": {
            "new": s3["new"],
            "carried_over": s3["carried_over"],
            "results": {"total": s3["result_total"]},
            "carried_forward": s3["carried_forward"],
        },
        "appeals": values["section4"],
    }


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared corpus is not checked out beside the repo"
)
@pytest.mark.parametrize(
    "name", ["001-huaian-gov-2024", "002-hongze-district-gov-2023", "003-hongze-district-gov-2024"]
)
def test_corpus_text_agrees_with_its_tables(name):
    result = validate(corpus_report(CORPUS / f"{name}.expected.json"))
    text_findings = [f for f in result.findings if f.code.startswith("T")]
    assert text_findings == []


@pytest.mark.skipif(
    not CORPUS.is_dir(), reason="the shared corpus is not checked out beside the repo"
)
def test_corpus_known_appeal_totals_are_f4_errors():
    result = validate(corpus_report(CORPUS / "002-hongze-district-gov-2023.expected.json"))
    f4 = {(f.path, f.actual, f.expected) for f in result.errors if f.code == "F4"}
    assert f4 == {
        ("/appeals/review/total", 0, 11),
        ("/appeals/litigation_after_review/total", 0, 5),
    }


def test_a_year_first_title_keeps_the_document_checks_on():
    """The issue's page: a year-first title once gave no agency and no year, silently."""
    seed = ROOT / "tests" / "fixtures" / "seeds" / "002_ce68d56cc731e239.txt"
    title, rest = seed.read_text("utf-8").split("\n", 1)
    agency = "昆明市官渡区人民政府"
    assert title == f"{agency}2024年政府信息公开工作年度报告"
    report = gkreport.parse_text(f"2024年{agency}政府信息公开工作年度报告\n{rest}")
    assert (report.agency, report.year, report.kind) == (agency, 2024, "government")
    assert "missing-metadata" not in {f.code for f in validate(report).findings}
    untitled = gkreport.parse_text(rest.replace("2024年1月1日", "本年1月1日"))
    missing = [f for f in validate(untitled).findings if f.code == "missing-metadata"]
    assert [f.path for f in missing] == ["/year"]  # the agency from the contact sentence
    assert "D1、D2、D4" in missing[0].message


# --- issue 12: payloads no JSON holds are findings, never exceptions ----------------------------


def test_a_whole_decimal_count_on_the_lenient_path_is_a_count():
    data = gkreport.to_dict(gkreport.from_dict(load(EXAMPLES[0])))
    data["agency"] = 5  # a schema problem elsewhere forces the lenient path
    as_int = validate(data)
    new = data["applications"]["new"]
    new["research"] = Decimal(new["research"] or 0).quantize(Decimal("0.0"))
    as_decimal = validate(data)
    assert [f.path for f in as_decimal.findings if f.code == "schema"] == ["/agency"]
    assert as_decimal == as_int


def test_nan_in_a_fee_is_f6_said_once():
    data = load(EXAMPLES[0])
    data["proactive"]["fees"]["amount"] = Decimal("NaN")
    found = [(f.code, f.path, f.actual) for f in validate(data).findings if f.severity == "error"]
    assert found == [("F6", "/proactive/fees/amount", "NaN")]


@pytest.mark.parametrize("year", [1999, 10**30, Decimal("Infinity")])
def test_a_year_no_report_can_be_for_is_a_schema_finding_and_not_used(year):
    data = load(EXAMPLES[0])
    data["year"] = year
    result = validate(data)
    assert [(f.code, f.path) for f in result.findings if f.code == "schema"] == [
        ("schema", "/year")
    ]
    assert all("/year" not in f.cells for f in result.findings)


def test_a_key_that_is_no_string_is_a_schema_finding_at_its_pointer():
    data = load(EXAMPLES[0])
    data["appeals"]["review"][7] = 1
    result = validate(data)
    schema = [(f.path, f.message_en) for f in result.findings if f.code == "schema"]
    assert schema == [
        (
            "/appeals/review/7",
            "the payload does not fit the report schema: a key must be a string, not 7",
        )
    ]


def test_a_report_built_by_hand_with_endless_numbers_validates_without_a_traceback():
    """from_dict refuses these; a report object built directly reaches validate anyway."""
    report = gkreport.from_dict(load(EXAMPLES[0]))
    new = attrs.evolve(report.applications.new, total=10**5000)
    fees = attrs.evolve(report.proactive.fees, amount=Decimal("1E+999999"))
    odd = attrs.evolve(
        report,
        year=10**5000,
        applications=attrs.evolve(report.applications, new=new),
        proactive=attrs.evolve(report.proactive, fees=fees),
    )
    errors = {(f["code"], f["path"], f["actual"]) for f in validate(odd).to_dict()["findings"]}
    assert ("F5", "/applications/new/total", "<a number of 5001 digits>") in errors
    assert ("F6", "/proactive/fees/amount", "<a number of 1000000 digits>") in errors


@pytest.mark.parametrize("format_id", ["2021", ["2021"], None])
def test_an_object_that_only_looks_like_a_report_gets_a_schema_finding(format_id):
    import types  # noqa: PLC0415

    result = validate(types.SimpleNamespace(format=format_id))
    assert [(f.code, f.path) for f in result.findings] == [("schema", "")]


# --- cells of the wrong type in a report built by hand ---------------------------------------

_ODD_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
    st.floats(allow_nan=True),
    st.decimals(allow_nan=True),
    st.text(max_size=3),
)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_the_cells_of_a_report_built_by_hand_find_every_count_of_the_wrong_type(data):
    """`Facts`' quick test of the counts (their types, smallest and largest) misses none."""
    from gkreport._forms.layout import Kind  # noqa: PLC0415
    from gkreport._validation.facts import Facts, _by_kind  # noqa: PLC0415 - internals under test
    from gkreport._validation.pointer import read_report  # noqa: PLC0415

    path = data.draw(st.sampled_from(EXAMPLES), label="example")
    report = gkreport.from_dict(load(path))
    leaves = list(layout.get_format(report.format).leaves())
    for leaf in data.draw(st.lists(st.sampled_from(leaves), max_size=4), label="cells"):
        report = changed(report, leaf.path, data.draw(_ODD_VALUES, label=leaf.pointer))
    values = read_report(report)
    counts = _by_kind(report.format)[Kind.COUNT]
    wrong = {
        p for p in counts if values[p] is not None and (type(values[p]) is not int or values[p] < 0)
    }
    assert Facts(report.format, values).bad & set(counts) == wrong


# --- a report gkreport structured holds no value of the wrong type ---------------------------

#: Values a payload may hold for a cell: structuring takes some of them, refuses the rest.
_PAYLOAD_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(10**101), max_value=10**101),
    st.floats(allow_nan=False, allow_infinity=False),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.text(max_size=3),
)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_structured_report_has_no_bad_cell_by_the_full_check(data):
    """What lets `Facts` skip the type check (`_convert.structured`) is what structuring proves."""
    from gkreport._convert import structured  # noqa: PLC0415 - internals under test
    from gkreport._validation.engine import _facts_from_report  # noqa: PLC0415
    from gkreport._validation.facts import Facts  # noqa: PLC0415
    from gkreport._validation.pointer import read_report  # noqa: PLC0415

    payload = load(data.draw(st.sampled_from(EXAMPLES), label="example"))
    leaves = list(layout.get_format(payload["format"]).leaves())
    for leaf in data.draw(st.lists(st.sampled_from(leaves), max_size=6), label="cells"):
        node = payload
        for key in leaf.path[:-1]:
            node = node[key]
        node[leaf.path[-1]] = data.draw(_PAYLOAD_VALUES, label=leaf.pointer)
    try:
        report = gkreport.from_dict(payload)
    except gkreport.InvalidReport:
        event("refused")
        return
    event("structured")
    assert structured(report)
    values = read_report(report)
    assert Facts(report.format, values).bad == frozenset()
    assert _facts_from_report(report).bad == frozenset()


def test_a_report_changed_or_built_by_hand_is_checked_cell_by_cell():
    from gkreport._convert import structured  # noqa: PLC0415 - internals under test

    report = gkreport.from_dict(load(EXAMPLES[0]))
    assert structured(report)
    assert not structured(attrs.evolve(report))  # another object: not the one checked
    odd = changed(report, ("applications", "new", "total"), -1)
    assert not structured(odd)
    assert ("F5", "/applications/new/total") in {(f.code, f.path) for f in validate(odd).errors}
    rebuilt = type(report)(
        **{field.name: getattr(report, field.name) for field in attrs.fields(type(report))}
    )
    assert not structured(rebuilt)


@pytest.mark.parametrize("notes", [True, 0, "一条附注", {"path": "", "raw": "x"}, None])
def test_notes_that_are_no_list_are_a_schema_finding_not_a_traceback(notes):
    """Found by the property test of explained payloads: ``"notes": true`` raised TypeError."""
    payload = {**load(EXAMPLES[0]), "notes": notes}
    findings = validate(payload).to_dict()["findings"]
    assert ("schema", "/notes") in {(f["code"], f["path"]) for f in findings}


@pytest.mark.parametrize("format_id", sorted(layout.FORMATS))
def test_the_generated_readers_name_each_cell_by_the_key_object_of_its_values(format_id):
    """`compile_function` interns its pointers as `cells` does: a lookup compares no characters."""
    from gkreport._validation.checks.arithmetic import _imbalances  # noqa: PLC0415 - internals
    from gkreport._validation.pointer import _filler, cells  # noqa: PLC0415

    keys = {pointer: id(pointer) for pointer in cells(format_id).order}
    for generated in (_filler(format_id), _imbalances(format_id)):
        named = [c for c in generated.__code__.co_consts if isinstance(c, str) and c in keys]
        assert len(named) >= len(keys) // 2  # the filler names every cell, the sums most
        assert all(id(c) == keys[c] for c in named)
