import copy
import io
import json
import shutil
from pathlib import Path

import attrs
import pytest

from gkreport import _json
from gkreport._cli.batch import (
    CHUNK,
    Summary,
    Want,
    check_file,
    collect,
    copies_checks,
    each,
    gather,
    inputs,
    rollup_check,
    run,
    stream,
)
from gkreport._cli.series import series_checks
from gkreport._cli.triage import ERRORS, Counting, Triage
from gkreport._cli.workers import Pool
from gkreport._validation.selection import Selection
from tests.reference import CORPUS, EXAMPLES, GUANDU, SEEDS, needs_corpus, put


def example_dict(name=GUANDU):
    """An example by file name, or a report at an absolute path (GUANDU) as a dict."""
    return _json.read_json(EXAMPLES / name)


@pytest.fixture
def tree(tmp_path):
    """A folder as a supervising office gets it: nested, mixed, with debris."""
    put(tmp_path / "b" / "guandu.json", example_dict())
    put(tmp_path / "a" / "qingzhen.json", example_dict("qingzhen-2020.json"))
    (tmp_path / "a" / "deep").mkdir()
    shutil.copy(SEEDS / "002_ce68d56cc731e239.txt", tmp_path / "a" / "deep" / "guandu.txt")
    (tmp_path / "broken.json").write_text('{"format": "2021",', "utf-8")
    (tmp_path / "notes.ppt").write_text("not a report", "utf-8")  # unsupported: skipped in walks
    (tmp_path / "~$guandu.xlsx").write_bytes(b"lock")  # Excel's lock file
    (tmp_path / ".hidden").mkdir()
    put(tmp_path / ".hidden" / "x.json", example_dict())
    return tmp_path


def test_collect_walks_folders_recursively_sorted_and_skips_debris(tree, monkeypatch):
    monkeypatch.chdir(tree)
    shown = [item.shown for item in collect(["."])]
    assert shown == ["a/deep/guandu.txt", "a/qingzhen.json", "b/guandu.json", "broken.json"]


def test_collect_keeps_named_files_once_and_in_order(tree, monkeypatch):
    monkeypatch.chdir(tree)
    shown = [item.shown for item in collect(["b", "notes.ppt", "b/guandu.json", "missing.json"])]
    assert shown == ["b/guandu.json", "missing.json", "notes.ppt"]


def test_gather_lists_the_files_it_skips_with_why_and_runs_count_them_apart(tree, monkeypatch):
    monkeypatch.chdir(tree)
    items = gather(["."])
    skipped = [("notes.ppt", "not a report file type"), ("~$guandu.xlsx", "an Office lock file")]
    assert [(item.shown, item.skipped) for item in items if item.skipped] == skipped
    assert [item for item in items if item.skipped is None] == collect(["."])
    outcomes = run(items, jobs=1)
    assert run(items, jobs=2) == outcomes
    assert [o.line() for o in outcomes if o.skipped] == [
        {"file": file, "skipped": why} for file, why in skipped
    ]
    summary = Summary.of(outcomes)
    assert (summary.files, summary.unreadable, summary.skipped) == (4, 1, tuple(skipped))
    assert summary == attrs.evolve(Summary.of(run(collect(["."]))), skipped=tuple(skipped))


def test_check_file_turns_every_failure_into_an_error_message(tree):
    assert check_file(str(tree / "broken.json"))["error"].startswith(
        f"{tree / 'broken.json'}, line 1: not valid JSON"
    )
    for name in ("notes.ppt", "missing.json", "~$guandu.xlsx"):
        outcome = check_file(str(tree / name))
        assert set(outcome) == {"error"}
        assert name in outcome["error"]
        assert "Traceback" not in outcome["error"]


def test_schema_problems_in_json_are_findings_not_read_errors(tmp_path):
    data = example_dict()
    data["unknown_field"] = 1
    outcome = check_file(str(put(tmp_path / "r.json", data)))
    codes = {finding["code"] for finding in outcome["result"]["findings"]}
    assert "schema" in codes
    assert outcome["result"]["ok"] is False


def test_parallel_run_gives_the_same_outcomes_in_the_same_order(tree):
    inputs = collect([tree])
    progress = []
    one = run(inputs, jobs=1)
    two = run(inputs, jobs=2, advance=progress.append)
    assert one == two
    assert sum(progress) == len(inputs)
    assert [o.file for o in one] == [i.shown for i in inputs]


def test_summary_counts_files_and_rules_and_picks_the_exit_status(tree):
    outcomes = run(collect([tree]))
    summary = Summary.of(outcomes)
    assert summary.files == 4
    assert summary.unreadable == 1
    assert summary.clean + summary.with_errors + summary.unreadable == summary.files
    fired = [f["code"] for o in outcomes for f in o.findings]
    assert dict(summary.by_code) == {code: fired.count(code) for code in set(fired)}
    assert [code for code, _ in summary.by_code] == sorted(set(fired))
    assert summary.exit_status() == 2
    clean = Summary.of([o for o in outcomes if o.error is None and not o.count("error")])
    assert clean.exit_status() == 0
    assert clean.exit_status(cross_errors=1) == 1


def year_before(data, carried_forward_total):
    earlier = copy.deepcopy(data)
    earlier["year"] = data["year"] - 1
    earlier["title"] = None
    earlier["applications"]["carried_forward"] = copy.deepcopy(data["applications"]["carried_over"])
    earlier["applications"]["carried_forward"]["total"] = carried_forward_total
    return earlier


def test_series_compares_each_agencys_consecutive_years(tmp_path):
    current = example_dict()
    put(tmp_path / "2024.json", current)
    put(tmp_path / "2023.json", year_before(current, 5))  # 2024 says 6 were carried over
    put(tmp_path / "other.json", example_dict("qingzhen-2020.json"))  # alone: no series
    outcomes = run(collect([tmp_path]), keep_reports=True)
    (line,) = series_checks(outcomes)
    assert line["check"] == "series"
    assert line["name"] == current["agency"]
    assert line["files"] == [f"{tmp_path.as_posix()}/2023.json", f"{tmp_path.as_posix()}/2024.json"]
    x1 = [f for f in line["findings"] if f["code"] == "X1"]
    assert [f["path"] for f in x1] == ["/applications/carried_over/total"]
    assert x1[0]["expected"] == 5


def test_series_that_cannot_run_is_reported_not_raised(tmp_path):
    put(tmp_path / "one.json", example_dict())
    put(tmp_path / "two.json", example_dict())  # the same agency and year twice
    (line,) = series_checks(run(collect([tmp_path]), keep_reports=True))
    assert "same year" in line["error"]


def left_out(lines):
    """The left-out lines of a series run, by file name: (reason, candidates)."""
    return {
        Path(line["file"]).name: (line["left_out"], line.get("candidates", []))
        for line in lines
        if "left_out" in line
    }


@needs_corpus
def test_series_joins_the_real_hongze_reports_named_with_and_without_the_city(tmp_path):
    outcomes = run(collect(sorted(CORPUS.glob("00*.txt"))), keep_reports=True)
    series, alone = series_checks(outcomes, left_out_lines=True)
    assert series["agencies"] == ["洪泽区人民政府", "淮安市洪泽区人民政府"]
    assert series["years"] == [2023, 2024]
    assert [Path(f).name for f in series["files"]] == [
        "002-hongze-district-gov-2023.txt",
        "003-hongze-district-gov-2024.txt",
    ]
    assert series["name"] == "淮安市洪泽区人民政府"
    assert series["ok"] is True  # 行规 in force: 8 = 5 + 3 - 0, as checked by hand
    assert alone["left_out"] == "single_year"
    assert (alone["agency"], alone["year"]) == ("淮安市人民政府", 2024)
    assert "2024" in alone["message"]


def renamed(data, agency, year=None):
    return {**data, "agency": agency, **({"year": year} if year else {})}


def test_series_matches_names_after_normalising_and_a_region_prefix(tmp_path):
    current = example_dict("qianxinan-2023.json")  # 黔西南州工业和信息化局, 2023
    later = "黔西南州 工业和信息化局（办公室编制）"
    put(tmp_path / "a.json", renamed(current, later))
    put(tmp_path / "b.json", renamed(year_before(current, 0), "贵州省黔西南州工业和信息化局"))
    (line,) = series_checks(run(collect([tmp_path]), keep_reports=True))
    assert line["agencies"] == ["贵州省黔西南州工业和信息化局", later]
    assert [Path(f).name for f in line["files"]] == ["b.json", "a.json"]  # by year
    assert line["years"] == [2022, 2023]
    assert line["name"] == later  # the latest report's name


def test_an_ambiguous_short_name_is_left_out_and_says_with_which(tmp_path):
    current = example_dict("qianxinan-2023.json")
    put(tmp_path / "gulou.json", renamed(year_before(current, 0), "鼓楼区人民政府"))
    put(tmp_path / "nanjing.json", renamed(current, "南京市鼓楼区人民政府"))
    put(tmp_path / "fuzhou.json", renamed(current, "福州市鼓楼区人民政府"))
    lines = series_checks(run(collect([tmp_path]), keep_reports=True), left_out_lines=True)
    candidates = ["南京市鼓楼区人民政府", "福州市鼓楼区人民政府"]
    assert left_out(lines) == {
        "fuzhou.json": ("single_year", []),
        "gulou.json": ("ambiguous", candidates),
        "nanjing.json": ("single_year", []),
    }
    ambiguous = next(line for line in lines if line["left_out"] == "ambiguous")
    assert "“南京市鼓楼区人民政府”或“福州市鼓楼区人民政府”" in ambiguous["message"]
    assert "南京市鼓楼区人民政府 or 福州市鼓楼区人民政府" in ambiguous["message_en"]


def test_reports_that_share_an_ambiguous_name_are_compared_only_among_themselves(tmp_path):
    current = example_dict("qianxinan-2023.json")
    put(tmp_path / "gulou-2022.json", renamed(year_before(current, 0), "鼓楼区人民政府"))
    put(tmp_path / "gulou-2023.json", renamed(current, "鼓楼区 人民政府"))
    put(tmp_path / "nanjing.json", renamed(current, "南京市鼓楼区人民政府"))
    put(tmp_path / "fuzhou.json", renamed(current, "福州市鼓楼区政府"))
    lines = series_checks(run(collect([tmp_path]), keep_reports=True), left_out_lines=True)
    series = lines[0]
    assert [Path(f).name for f in series["files"]] == ["gulou-2022.json", "gulou-2023.json"]
    assert series["candidates"] == ["南京市鼓楼区人民政府", "福州市鼓楼区政府"]
    assert left_out(lines) == {
        "fuzhou.json": ("single_year", []),
        "nanjing.json": ("single_year", []),
    }


def test_every_report_in_no_series_is_listed_with_why(tmp_path):
    current = example_dict()
    put(tmp_path / "2024.json", current)
    put(tmp_path / "2023.json", year_before(current, 6))
    put(tmp_path / "no-agency.json", renamed(current, None))
    put(tmp_path / "blank-agency.json", renamed(current, "  "))
    put(tmp_path / "no-year.json", {**current, "agency": "甲局", "year": None})
    put(tmp_path / "alone.json", example_dict("qingzhen-2020.json"))
    put(tmp_path / "schema.json", {**current, "unknown_field": 1})
    (tmp_path / "broken.json").write_text("{", "utf-8")
    outcomes = run(collect([tmp_path]), keep_reports=True)
    lines = series_checks(outcomes, left_out_lines=True)
    assert left_out(lines) == {
        "alone.json": ("single_year", []),
        "blank-agency.json": ("no_agency", []),
        "broken.json": ("unreadable", []),
        "no-agency.json": ("no_agency", []),
        "no-year.json": ("no_year", []),
        "schema.json": ("not_a_report", []),
    }
    in_series = {file for line in lines for file in line.get("files", ())}
    named = {line["file"] for line in lines if "left_out" in line}
    assert in_series.isdisjoint(named)
    assert in_series | named == {outcome.file for outcome in outcomes}
    assert [Path(line["file"]).name for line in lines[1:]] == sorted(left_out(lines))


def test_rollup_sums_the_departments_of_the_same_year(tmp_path):
    parent = example_dict()
    parent["agency"] = "区政府"
    child = example_dict()
    other_year = year_before(example_dict(), 17)
    put(tmp_path / "region.json", parent)
    put(tmp_path / "dept" / "a.json", {**child, "agency": "甲局"})
    put(tmp_path / "dept" / "b.json", {**child, "agency": "乙局"})
    put(tmp_path / "dept" / "old.json", {**other_year, "agency": "丙局"})  # another year: left out
    outcomes = run(collect([tmp_path]), keep_reports=True)
    line = rollup_check(outcomes, f"{tmp_path.as_posix()}/region.json")
    assert line["files"][0].endswith("region.json")
    assert sorted(Path(f).name for f in line["files"][1:]) == ["a.json", "b.json"]
    totals = [f for f in line["findings"] if f["path"] == "/applications/new/total"]
    assert totals[0]["code"] == "X4"
    assert totals[0]["expected"] == 2 * parent["applications"]["new"]["total"]


def test_rollup_with_an_unreadable_parent_says_why(tmp_path):
    (tmp_path / "region.json").write_text("{", "utf-8")
    put(tmp_path / "a.json", example_dict())
    outcomes = run(collect([tmp_path]), keep_reports=True)
    line = rollup_check(outcomes, f"{tmp_path.as_posix()}/region.json")
    assert "not valid JSON" in line["error"]


# --- streaming: bounded memory, the same bytes for any -j ------------------------------------


@pytest.fixture
def many(tmp_path):
    """Enough files for many chunks, with errors, unreadable files and debris among them."""
    wrong = example_dict("qianxinan-2023.json")
    wrong["applications"]["new"]["total"] += 1
    for index in range(90):
        data = example_dict("qingzhen-2020.json") if index % 3 else wrong
        put(tmp_path / f"d{index % 4}" / f"r{index:03d}.json", {**data, "agency": f"局{index}"})
        if index % 17 == 0:
            (tmp_path / f"d{index % 4}" / f"r{index:03d}-broken.json").write_text("{", "utf-8")
            (tmp_path / f"d{index % 4}" / f"notes{index}.ppt").write_text("x", "utf-8")
    return tmp_path


def test_json_lines_are_byte_identical_for_any_number_of_jobs(many):
    outputs = []
    for jobs in (1, 2, 3):
        out = io.StringIO()
        tally, kept = stream(inputs([many]), jobs=jobs, out=out)
        outputs.append(out.getvalue())
        assert kept == []  # nothing held per file
    assert outputs[0] == outputs[1] == outputs[2]
    lines = outputs[0].splitlines()
    every = gather([many])
    assert [json.loads(line)["file"] for line in lines] == [item.shown for item in every]
    versions = {"gkreport_version", "rules_version"}  # on every line the run writes
    written = [json.loads(line) for line in lines]
    assert all(versions <= set(line) for line in written)
    assert written == [{**o.line(), **{k: written[0][k] for k in versions}} for o in run(every)]
    assert tally.summary() == Summary.of(run(every))


def test_a_triaged_run_streams_its_rewritten_lines_and_holds_nothing(many):
    every = gather([many])
    accepted_fingerprint = next(f for o in run(every) for f in o.findings)["fingerprint"]
    chosen = Triage(
        selection=Selection(ignore=frozenset({"F2"})),
        severities=ERRORS,
        accepted={accepted_fingerprint: "known"},
    )
    outputs = []
    for jobs in (1, 2):
        out = io.StringIO()
        counting = Counting(chosen)
        tally, kept = stream(inputs([many]), jobs=jobs, out=out, rewrite=counting)
        outputs.append(out.getvalue())
        assert kept == []  # nothing held per file, rewritten or not
    assert outputs[0] == outputs[1]
    whole = chosen.run(run(every), [], "en")  # the same triage on every outcome at the end
    written = [json.loads(line) for line in outputs[0].splitlines()]
    versions = {"gkreport_version", "rules_version"}
    assert written == [{**o.line(), **{k: written[0][k] for k in versions}} for o in whole.outcomes]
    assert tally.summary() == whole.summary
    assert counting.lines("en") == whole.lines
    assert counting.accepted >= 1
    assert counting.hidden >= 1


def test_a_run_reads_its_inputs_only_a_bounded_way_ahead_of_its_output(many):
    handed = []
    read = 0
    every = gather([many])

    def source():
        nonlocal read
        for item in every:
            read += 1
            yield item

    def on_each(item, done):
        handed.append(item.shown)
        # chunks out at once, each with at most CHUNK files and the skipped ones among them
        assert read - len(handed) <= Pool.AHEAD * 2 * CHUNK * 2

    each(source(), on_each, jobs=2, want=Want(line=True))
    assert handed == [item.shown for item in every]


def test_the_checks_across_files_give_the_same_from_packed_reports(tmp_path):
    current = example_dict()
    put(tmp_path / "2024.json", current)
    put(tmp_path / "2023.json", year_before(current, 5))
    put(tmp_path / "copy.json", {**current, "agency": "另一个局"})  # copied text (X9)
    put(tmp_path / "other.json", example_dict("qingzhen-2020.json"))
    (tmp_path / "broken.json").write_text("{", "utf-8")
    whole = run(collect([tmp_path]), keep_reports=True)
    _, packed = stream(collect([tmp_path]), jobs=2, out=io.StringIO(), kept=True)
    assert all(o.result is None and o.report is None for o in packed)  # compact: no findings
    assert series_checks(packed, left_out_lines=True) == series_checks(whole, left_out_lines=True)
    assert copies_checks(packed) == copies_checks(whole)
    parent = f"{tmp_path.as_posix()}/other.json"
    assert rollup_check(packed, parent) == rollup_check(whole, parent)
    size = len((tmp_path / "2024.json").read_bytes())
    assert all(len(o.kept.packed) < size / 2 for o in packed if o.kept is not None)
