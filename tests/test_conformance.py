"""tests/conformance: gkreport against every case, and a JavaScript runner that agrees with it.

The cases (`tools/conformance.py`, written by ``tools/generate.py``) record what gkreport
finds; here every case is checked against `gkreport.validate` read from its file as
another system would read it, each case is shown to be about what it says it covers,
and every rule that reads only the tables is covered. The JavaScript runner
(``tests/conformance/run.mjs``, Ajv only) must agree on every case's arithmetic from
``schemas/rules.json`` alone — and must disagree when a case is wrong.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gkreport import validate
from gkreport._json import read_json
from gkreport._validation import catalog
from tests.node import ajv_folder, run_script
from tools.conformance import CASES, IDENTITY_CODES

HERE = Path(__file__).resolve().parent / "conformance"
CASE_FILES = sorted((HERE / "cases").glob("*.json"))
SCHEMAS = HERE.parents[1] / "schemas"
#: The rules that read only a report's tables and notes: each needs a case.
TABLE_RULES = {
    "schema", "diagnosis", "F1", "F2", "F3", "F4", "F5", "F6", "F6b", "blank", "unread",
    "implausible", "mark", "other-group-only", "copies", "D7", "X3", "X6",
}  # fmt: skip


def test_there_are_at_least_sixty_cases_of_both_formats():
    assert len(CASE_FILES) >= 60
    assert {read_json(path)["format"] for path in CASE_FILES} == {"2019", "2021"}
    assert sorted(path.stem for path in CASE_FILES) == sorted(case.name for case in CASES)


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_gkreport_finds_what_the_case_expects(path):
    case = read_json(path)
    result = validate(case["payload"])
    found = [_recorded(f) for f in result.findings]
    assert found == case["expected"]
    codes = {f["code"] for f in _flattened(found)}
    assert set(case["covers"]) <= codes, "the case does not show what it covers"
    if not case["covers"]:
        assert found == [], "a case that covers nothing must be clean"


def _recorded(finding) -> dict:
    """A finding as a case records it (`tests/conformance/README.md`)."""
    recorded = {"code": finding.code, "path": finding.path, "severity": finding.severity}
    if finding.explains:
        recorded["explains"] = [_recorded(explained) for explained in finding.explains]
    return recorded


def _flattened(findings: list[dict]) -> list[dict]:
    return [e for f in findings for e in [f, *_flattened(f.get("explains", []))]]


def test_every_rule_that_reads_only_the_tables_is_covered_in_both_formats_where_it_applies():
    covered: dict[str, set[str]] = {}
    for path in CASE_FILES:
        case = read_json(path)
        for code in case["covers"]:
            covered.setdefault(code, set()).add(case["format"])
    for code in TABLE_RULES:
        assert covered.get(code) == set(catalog.rule(code).formats), code


def test_blanks_and_marks_are_covered():
    raws = {note["raw"] for path in CASE_FILES for note in read_json(path)["payload"]["notes"]}
    assert {"-", "/", "无"} <= raws


# --- the JavaScript runner ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def ajv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ajv_folder(tmp_path_factory.mktemp("node"))


@pytest.mark.slow
def test_the_javascript_runner_agrees_with_python_on_every_case(ajv):
    done = run_script(ajv, HERE / "run.mjs", str(HERE / "cases"), str(SCHEMAS))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == f"{len(CASE_FILES)} passed, 0 failed"
    identity_cases = [
        p
        for p in CASE_FILES
        if any(f["code"] in IDENTITY_CODES for f in _flattened(read_json(p)["expected"]))
    ]
    assert len(identity_cases) >= 30  # the runner found failing identities, not only silence
    assert sorted(line.split()[1] for line in lines[:-1]) == [p.name for p in CASE_FILES]


@pytest.mark.slow
def test_the_javascript_runner_fails_a_case_whose_expectation_is_wrong(ajv, tmp_path):
    """The runner is no rubber stamp: a missing F-finding or a wrong schema verdict fails."""
    folder = tmp_path / "cases"
    folder.mkdir()
    dropped = json.loads((HERE / "cases" / "2021-f4-review.json").read_text("utf-8"))
    dropped["expected"] = []
    (folder / "dropped.json").write_text(json.dumps(dropped, ensure_ascii=False), "utf-8")
    invalid = json.loads((HERE / "cases" / "2019-f5-text.json").read_text("utf-8"))
    invalid["expected"] = []
    (folder / "invalid.json").write_text(json.dumps(invalid, ensure_ascii=False), "utf-8")
    shutil.copyfile(HERE / "cases" / "2019-balanced.json", folder / "balanced.json")
    done = run_script(ajv, HERE / "run.mjs", str(folder), str(SCHEMAS))
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == "1 passed, 2 failed"
    assert "FAIL dropped.json: identities" in done.stdout
    assert "FAIL invalid.json: schema" in done.stdout
