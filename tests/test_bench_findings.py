"""The findings benchmark's expectations are well formed, and the originals meet its targets.

`benchmarks/bench_findings.py` validates the seeds, the corpus and seeds with
injected faults against findings judged by hand (`benchmarks/findings_expected.json`),
then every wild shape of them; the shapes are heavy and stay in the benchmark.
Here: the file itself (known codes, pointers, severities a rule can give, a
justification for each, edits that apply to their seed), the judging on a real
report, and 100% precision and recall on the files as read.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import attrs
import pytest

import gkreport
from benchmarks import bench_findings
from gkreport._model import Note
from gkreport._validation.catalog import RULES
from tests.reference import SEEDS

_RANK = {"error": 0, "warning": 1, "info": 2}
DATA = bench_findings.expectations()
ENTRIES = [
    *((report["name"], report["expected"]) for report in DATA["reports"]),
    *((variant["name"], variant["expected"]) for variant in DATA["variants"]),
]


@pytest.mark.parametrize(("name", "expected"), ENTRIES, ids=[name for name, _ in ENTRIES])
def test_every_expected_finding_is_one_a_rule_can_give(name, expected):
    for entry in expected:
        assert {"code", "path", "severity", "why"} <= set(entry), name
        assert set(entry) <= {"code", "path", "severity", "why", "cells", "published"}, name
        assert all(cell.startswith("/") for cell in entry.get("cells", ())), entry
        if entry.get("published"):  # what the published-page shapes show instead
            test_every_expected_finding_is_one_a_rule_can_give(name, [entry["published"]])
        rule = RULES[entry["code"]]
        assert entry["path"] == "" or entry["path"].startswith("/"), entry
        # a rule's own severity, its loose one, or a graver one taken from what it explains
        allowed = {rule.severity.value, *(s.value for s in [rule.loose_severity] if s)}
        assert entry["severity"] in allowed or _RANK[entry["severity"]] < _RANK[rule.severity.value]
        assert "line" in entry["why"], f"{name}: {entry['code']} quotes no source line"


def test_every_report_names_its_files_and_what_was_checked():
    names = [report["name"] for report in DATA["reports"]]
    assert len(names) == len(set(names))
    seeds = {f"seeds/{path.name}" for path in SEEDS.glob("*.txt")}
    listed = {file for report in DATA["reports"] for file in report["files"]}
    assert seeds <= listed  # every seed is judged
    for report in DATA["reports"]:
        assert all(file.split("/", 1)[0] in bench_findings.FOLDERS for file in report["files"])
        assert report["not_findings"], report["name"]


@pytest.mark.parametrize("variant", DATA["variants"], ids=[v["name"] for v in DATA["variants"]])
def test_every_variant_is_a_documented_change_to_a_seed(variant):
    seed = bench_findings.resolve(variant["of"])
    assert seed.parent == SEEDS
    text = seed.read_text("utf-8")
    changed = bench_findings.edited(text, variant["edits"])
    assert changed != text
    assert len(changed.split("\n")) == len(text.split("\n"))  # line numbers still hold
    seed_expected = next(r["expected"] for r in DATA["reports"] if variant["of"] in r["files"])
    injected = [e for e in variant["expected"] if e not in seed_expected]
    assert injected, "a variant expects at least one finding its seed does not have"


def test_an_edit_that_does_not_apply_is_refused():
    with pytest.raises(ValueError, match="does not hold"):
        bench_findings.edited("一\n二", [{"line": 2, "old": "三", "new": "四"}])
    with pytest.raises(ValueError, match="does not start with"):
        bench_findings.edited("一\n二三", [{"line": 2, "old": "三", "new": "四", "whole": True}])
    assert (
        bench_findings.edited("一\n二三", [{"line": 2, "old": "二", "new": "", "whole": True}])
        == "一\n"
    )


def _seed_case(name: str) -> bench_findings.Case:
    entry = next(r for r in DATA["reports"] if r["name"] == name)
    path = bench_findings.resolve(entry["files"][0])
    return bench_findings.Case(
        name, path, path.read_text("utf-8"), bench_findings.expected_of(entry["expected"])
    )


def test_judging_counts_true_false_and_missed_findings():
    case = _seed_case("seed 004")
    report = gkreport.load(case.path)
    assert bench_findings.judge(case, report, "original").true == 2
    d8, d5 = sorted(case.expected, key=lambda e: e.code, reverse=True)
    wrong_place = dataclasses.replace(d5, path="/text/problems")
    judged = bench_findings.judge(
        dataclasses.replace(case, expected=[d8, wrong_place]), report, "x"
    )
    assert judged.true == 1
    assert [line.split(": ", 1)[1][:32] for line in judged.false] == [
        "D5 warning /text/other_matters ("
    ]
    assert judged.missed == [f"x | seed 004: D5 warning /text/problems — {d5.why}"]
    assert judged.precision == judged.recall == 0.5


def test_a_published_page_expects_what_it_can_hold():
    entry = next(r for r in DATA["reports"] if r["name"] == "seed 004")
    case = bench_findings.Case(
        "seed 004", Path("x.txt"), "", bench_findings.expected_of(entry["expected"])
    )
    assert [e.code for e in bench_findings.expected_in(case, "original")[0]] == ["D5", "D8"]
    # the preamble citing 60号 is kept as a note: the published page does not carry it
    assert bench_findings.expected_in(case, "HTML as published") == (case.expected[:1], 1)


def test_a_finding_the_reader_said_it_could_not_read_is_excused_not_missed():
    case = _seed_case("seed 000")
    report = gkreport.load(case.path)
    row = "/applications/results/denied/state_secret"
    unread = attrs.evolve(report, notes=(*report.notes, Note(path=row, raw="", kind="unread")))
    lost = bench_findings.Expected("F2", f"{row}/total", "error", "line 94")
    judged = bench_findings.judge(
        dataclasses.replace(case, expected=[*case.expected, lost]), unread, "x"
    )
    assert judged.missed == []
    # the seed's blank in that row, and the F2 added here, are both the row the reader lost
    assert sorted(line.split(": ", 1)[1].split()[0] for line in judged.excused) == ["F2", "blank"]
    # the reader's word about the row is counted apart, never as a false alarm
    assert judged.unread
    assert all(": unread " in line for line in judged.unread)
    assert all(": unread " not in line for line in judged.false)


def test_the_originals_meet_the_targets():
    tallies = bench_findings.run(originals_only=True)
    original = tallies[bench_findings.ORIGINAL]
    assert original.false == []
    assert original.missed == []
    assert original.unread == []
    # the corpus's 8 expected findings (002: F4 ×2 and other-group-only, 003:
    # other-group-only; each as .txt and .pdf) only where the corpus is present
    from tests.reference import CORPUS  # noqa: PLC0415

    assert original.true == (47 if CORPUS.is_dir() else 47 - 8)
