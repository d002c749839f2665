"""The reviewer's workflow on ``gkreport validate`` (`gkreport._cli.triage`, `options`).

``--select``/``--ignore``, ``--accept`` (shown as accepted, not counted, not dropped),
``-q`` and ``-v``, on real report files through the command's own entry point.
"""

from __future__ import annotations

import copy
import json

import pytest
from jsonschema import Draft202012Validator

from gkreport import _json
from gkreport._cli import main
from gkreport._cli.triage import ALL, Triage
from gkreport._validation.selection import Selection
from tests.reference import EXAMPLES, GUANDU, earlier_year, put
from tests.test_rules import clean, get
from tests.test_rules import put as put_cell
from tools.schemas import record_schema

RECORD = Draft202012Validator(record_schema())
NEW = "/applications/new/natural_person"
REVIEW = "/appeals/review/upheld"
REVIEW_TOTAL = "/appeals/review/total"


def run(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def lines(text):
    records = [json.loads(line) for line in text.splitlines()]
    for record in records:
        RECORD.validate(record)
    return records


def two_problems():
    """Two errors: a wrong 新收 cell (a diagnosis explaining F1 and F2), a wrong 行政复议 (F4)."""
    data = clean()
    data["text"]["overview"] = "本年度工作情况如下。"  # no numbers: no text rule speaks (a D6 info)
    put_cell(data, NEW, get(data, NEW) + 2)
    put_cell(data, REVIEW, get(data, REVIEW) + 3)
    return data


@pytest.fixture
def report(tmp_path):
    return put(tmp_path / "reports" / "bureau-2024.json", two_problems())


def fingerprints(capsys, path, *options):
    _, out, _ = run(capsys, "validate", "--json", *options, str(path))
    return {f["path"]: f["fingerprint"] for f in lines(out)[0]["findings"]}


# --- --select / --ignore -------------------------------------------------------------------------


def test_select_and_ignore_name_codes_families_and_tags(capsys, report):
    _, out, _ = run(capsys, "validate", "--json", str(report))
    every = {f["code"] for f in lines(out)[0]["findings"]}
    assert every == {"diagnosis", "F4", "D6"}
    for argv, expected in [
        (["--select", "F4"], {"F4"}),
        (["--select", "F"], {"F1", "F2", "F4"}),  # what the diagnosis explains, in its place
        (["--select", "diagnosis,F4", "--ignore", "F4"], {"diagnosis"}),
        (["--select", "F2", "--select", "f4"], {"F2", "F4"}),
        (["--ignore", "F,D"], {"diagnosis"}),
        (["--select", "appeals"], {"F4"}),
        (["--select", "arithmetic"], {"diagnosis", "F4"}),
        (["--select", "T"], set()),
    ]:
        status, out, _ = run(capsys, "validate", "--json", *argv, str(report))
        (record,) = lines(out)
        assert {f["code"] for f in record["findings"]} == expected, argv
        assert record["counts"]["error"] == len(record["findings"]) - ("D6" in expected)
        assert status == (1 if expected - {"D6"} else 0)


def test_ignoring_every_error_makes_the_run_clean(capsys, report):
    status, out, _ = run(capsys, "validate", "--lang", "en", "--ignore", "arithmetic", str(report))
    assert status == 0
    assert "with errors 0" in out
    assert "diagnosis" not in out
    assert "F4" not in out


def test_an_unknown_rule_is_a_usage_error_before_anything_is_read(capsys, report):
    status, out, err = run(capsys, "validate", "--select", "T55", str(report))
    assert status == 2
    assert out == ""
    assert err.startswith("gkreport: unknown rule T55; give a rule code, a family (D, F, T, X)")


# --- --accept ------------------------------------------------------------------------------------


def test_accepted_findings_are_listed_as_accepted_and_not_counted(capsys, report, tmp_path):
    found = fingerprints(capsys, report)
    accept = tmp_path / "accepted.txt"
    accept.write_text(
        f"# reviewed by the office\n{found[NEW]}\t正文已说明\n{found[REVIEW_TOTAL]}\n",
        "utf-8",
    )
    status, out, err = run(capsys, "validate", "--json", "--accept", str(accept), str(report))
    assert status == 0  # every error accepted
    (record,) = lines(out)
    assert record["ok"] is True
    assert record["counts"] == {"error": 0, "warning": 0, "info": 1}  # D6
    by_path = {f["path"]: f for f in record["findings"]}
    assert by_path[NEW]["accepted"] == {"reason": "正文已说明"}
    assert by_path[REVIEW_TOTAL]["accepted"] == {"reason": None}
    assert "已接受2条" in err
    assert "有错误 0" in err

    status, table, _ = run(capsys, "validate", "--accept", str(accept), str(report))
    assert status == 0
    rows = [row for row in table.splitlines() if "diagnosis" in row or "F4" in row]
    assert len(rows) == 2
    assert all("错误 · 已接受" in row for row in rows)
    assert "已接受: 正文已说明" in table
    assert "有错误 0" in table
    assert "按规则统计" not in table  # nothing counted

    _, english, _ = run(capsys, "validate", "--lang", "en", "--accept", str(accept), str(report))
    assert "error · accepted" in english
    assert "accepted 2 (listed, not counted in the summary or exit status)" in english


def test_an_acceptance_survives_a_resubmission_that_fixes_other_cells(capsys, report, tmp_path):
    found = fingerprints(capsys, report)
    accept = tmp_path / "accepted.txt"
    accept.write_text(f"{found[NEW]}\t新收数含转办件\n", "utf-8")
    status, _, _ = run(capsys, "validate", "--accept", str(accept), str(report))
    assert status == 1  # the appeals error is not accepted
    fixed = two_problems()
    put_cell(fixed, REVIEW, get(fixed, REVIEW) - 3)
    fixed["agency"] = f" {fixed['agency']} "  # typed again, with spaces
    resubmitted = put(tmp_path / "resubmitted" / "第二次报送.json", fixed)
    status, out, _ = run(capsys, "validate", "--json", "--accept", str(accept), str(resubmitted))
    assert status == 0
    (record,) = lines(out)
    (finding,) = [f for f in record["findings"] if f["severity"] == "error"]
    assert finding["accepted"] == {"reason": "新收数含转办件"}


def test_a_malformed_accept_file_is_a_usage_error(capsys, report, tmp_path):
    accept = tmp_path / "accepted.txt"
    accept.write_text("F2 looks fine\n", "utf-8")
    status, out, err = run(capsys, "validate", "--accept", str(accept), str(report))
    assert (status, out) == (2, "")
    assert f"{accept}, line 1: 'F2 looks fine' is not a fingerprint" in err
    status, _, err = run(capsys, "validate", "--accept", str(tmp_path / "nope"), str(report))
    assert status == 2
    assert "nope: no such file or folder" in err


def test_accepting_a_folded_finding_marks_it_where_it_is(capsys, tmp_path):
    data = clean()
    put_cell(data, "/applications/results/total/natural_person", 12)  # one diagnosis, 3 inside
    path = put(tmp_path / "r.json", data)
    _, out, _ = run(capsys, "validate", "--json", str(path))
    (diagnosis,) = lines(out)[0]["findings"]
    inner = diagnosis["explains"][0]["fingerprint"]
    accept = tmp_path / "accepted.txt"
    accept.write_text(f"{inner}\tchecked\n", "utf-8")
    status, out, _ = run(capsys, "validate", "--json", "--accept", str(accept), str(path))
    assert status == 1  # the diagnosis itself still counts
    (shown,) = lines(out)[0]["findings"]
    assert "accepted" not in shown
    assert shown["explains"][0]["accepted"] == {"reason": "checked"}


def test_accepted_findings_of_a_check_across_files_are_not_counted(capsys, tmp_path):
    current = _json.read_json(EXAMPLES / "qianxinan-2023.json")
    put(tmp_path / "a-2023.json", current)
    put(tmp_path / "a-2022.json", earlier_year(current))  # an X1
    _, out, _ = run(capsys, "validate", "--json", "--series", str(tmp_path))
    series = next(line for line in lines(out) if line.get("check") == "series")
    (x1,) = [f for f in series["findings"] if f["code"] == "X1"]
    accept = tmp_path / "accepted.txt"
    accept.write_text(f"{x1['fingerprint']}\tcarried forward corrected in 2023\n", "utf-8")
    argv = ["validate", "--json", "--series", "--accept", str(accept), str(tmp_path)]
    _, out, err = run(capsys, *argv)
    accepted = next(line for line in lines(out) if line.get("check") == "series")
    assert accepted["counts"]["warning"] == series["counts"]["warning"] - 1
    assert [f["code"] for f in accepted["findings"] if "accepted" in f] == ["X1"]
    assert "X1" in series_codes(capsys, tmp_path)
    assert "X1" not in err.split("|", 1)[-1]  # not counted by rule either
    _, out, _ = run(capsys, "validate", "--json", "--series", "--ignore", "X", str(tmp_path))
    series = next(line for line in lines(out) if line.get("check") == "series")
    assert series["findings"] == []


def series_codes(capsys, folder):
    _, _, err = run(capsys, "validate", "--json", "--series", str(folder))
    return err.split("|", 1)[-1]


# --- -q and -v -----------------------------------------------------------------------------------


@pytest.fixture
def with_info(tmp_path):
    """The 官渡区 report (errors and warnings) with a mark in a cell: an info finding (mark)."""
    data = _json.read_json(GUANDU)
    data = copy.deepcopy(data)
    data["notes"] = [
        *data["notes"],
        {"path": "/proactive/rules/made", "raw": "—", "source": "line 3", "message": "a mark"},
    ]
    data["proactive"]["rules"]["made"] = None
    data["proactive"]["rules"]["repealed"] = None  # a blank: a warning
    return put(tmp_path / "guandu.json", data)


def severities(capsys, *argv):
    _, out, _ = run(capsys, "validate", "--json", *argv)
    return {f["severity"] for f in lines(out)[0]["findings"]}


def test_quiet_shows_errors_only_and_json_keeps_every_severity_unless_quiet(capsys, with_info):
    assert severities(capsys, str(with_info)) == {"error", "warning", "info"}
    assert severities(capsys, "-q", str(with_info)) == {"error"}
    status, table, _ = run(capsys, "validate", "--lang", "en", "-q", str(with_info))
    assert status == 1
    assert " warning " not in table
    assert " info " not in table
    assert " error " in table
    assert "findings of a lower severity not listed (-v lists all)" in table


def test_the_table_adds_info_findings_and_the_readers_notes_with_verbose(capsys, with_info):
    _, plain, _ = run(capsys, "validate", "--lang", "en", str(with_info))
    assert " warning " in plain
    assert " info " not in plain
    assert " note " not in plain
    assert "lower severity not listed" in plain
    _, verbose, _ = run(capsys, "validate", "--lang", "en", "-v", str(with_info))
    assert " info " in verbose
    note_rows = [row for row in verbose.splitlines() if " note " in row]
    assert any("line 3" in row and "“—” — a mark" in row for row in note_rows)
    assert "lower severity not listed" not in verbose
    _, chinese, _ = run(capsys, "validate", "-v", str(with_info))
    assert "附注" in chinese


def test_quiet_and_verbose_together_are_a_usage_error(capsys, with_info):
    with pytest.raises(SystemExit) as stopped:
        main(["validate", "-q", "-v", str(with_info)])
    assert stopped.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


# --- the triage as a library of the commands ------------------------------------------------------


def test_a_record_is_recounted_from_what_is_kept():
    record = {
        "ok": False,
        "format": None,
        "counts": {"error": 1, "warning": 1, "info": 0},
        "findings": [
            {"code": "F1", "severity": "error", "fingerprint": "a" * 16, "explains": []},
            {"code": "D5", "severity": "warning", "fingerprint": "b" * 16, "explains": []},
        ],
    }
    accepted = Triage(Selection(), ALL, {"a" * 16: None}).result(record)
    assert accepted["ok"] is True
    assert accepted["counts"] == {"error": 0, "warning": 1, "info": 0}
    assert accepted["findings"][0]["accepted"] == {"reason": None}
    assert record["findings"][0].get("accepted") is None  # the input is left alone
    ignored = Triage(Selection.of(ignore=["D"])).result(record)
    assert [f["code"] for f in ignored["findings"]] == ["F1"]
    assert ignored["ok"] is False
    assert Triage().result({"file": "x", "error": "gone"}) == {"file": "x", "error": "gone"}
