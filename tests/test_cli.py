import copy
import json
import re
import subprocess
import sys

import openpyxl
import pytest
from jsonschema import Draft202012Validator

import gkreport
from gkreport import _json
from gkreport._cli import build_parser, main
from gkreport._validation.engine import validate
from tests.reference import EXAMPLES, GUANDU, earlier_year, put
from tools.schemas import record_schema

COMMANDS = ("validate", "convert", "template", "render", "schema")


def json_line_schema():
    """The schema of one line of ``validate --json``: record.schema.json."""
    return record_schema()


def example_dict(name=GUANDU):
    """An example by file name, or a report at an absolute path (GUANDU) as a dict."""
    return _json.read_json(EXAMPLES / name)


def wrong_total(data):
    data = copy.deepcopy(data)
    data["applications"]["new"]["total"] += 1
    return data


@pytest.fixture
def clean(tmp_path):
    """A report with no errors: the 2019 example (a warning or info may remain)."""
    return put(tmp_path / "clean.json", example_dict("qingzhen-2020.json"))


@pytest.fixture
def folder(tmp_path):
    put(tmp_path / "reports" / "2019" / "qingzhen.json", example_dict("qingzhen-2020.json"))
    put(tmp_path / "reports" / "wrong.json", wrong_total(example_dict()))
    (tmp_path / "reports" / "z-broken.json").write_text("{", "utf-8")
    return tmp_path / "reports"


def run_cli(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def json_lines(text):
    return [json.loads(line) for line in text.splitlines()]


# --- validate ------------------------------------------------------------------------------


def test_exit_status_zero_one_two(capsys, clean, folder):
    assert run_cli(capsys, "validate", str(clean))[0] == 0
    assert run_cli(capsys, "validate", str(folder / "wrong.json"))[0] == 1
    assert run_cli(capsys, "validate", str(folder))[0] == 2  # unreadable wins over errors


def test_table_names_the_file_rule_cell_and_ends_with_a_summary(capsys, folder):
    _, out, _ = run_cli(capsys, "validate", str(folder))
    wrong = f"{folder.as_posix()}/wrong.json"
    assert wrong in out
    assert "F2" in out
    assert "一、本年新收政府信息公开申请数量 × 总计" in out
    assert "z-broken.json, line 1: not valid JSON" in out
    assert re.search(r"\n文件 3 · 无错误 1 · (其中有警告 1 · )?有错误 1 · 无法读取 1\n", out)
    assert "按规则统计: " in out
    assert "Traceback" not in out


def test_english_table(capsys, folder):
    _, out, _ = run_cli(capsys, "validate", "--lang", "en", str(folder / "wrong.json"))
    assert "files 1 · clean 0 · with errors 1 · unreadable 0" in out
    findings = validate(_json.read_json(folder / "wrong.json")).findings
    for finding in findings:
        assert finding.message_en in out
        assert finding.message not in out


def test_json_lines_one_per_input_in_the_findings_schema(capsys, folder):
    status, out, err = run_cli(capsys, "validate", "--json", str(folder))
    assert status == 2
    lines = json_lines(out)
    assert [line["file"] for line in lines] == sorted(line["file"] for line in lines)
    assert len(lines) == 3
    line_schema = Draft202012Validator(json_line_schema())
    for line in lines:
        line_schema.validate(line)
        if "error" in line:
            assert set(line) == {"file", "error", "gkreport_version", "rules_version"}
    wrong = next(line for line in lines if line["file"].endswith("wrong.json"))
    folded = [g for f in wrong["findings"] for g in f["explains"]]  # symptoms of a diagnosis
    assert {f["code"] for f in wrong["findings"] + folded} >= {"F1", "F2"}
    assert err.startswith("文件 3")


def test_json_output_is_byte_identical_across_runs_and_job_counts(capsys, folder):
    _, first, _ = run_cli(capsys, "validate", "--json", str(folder))
    _, again, _ = run_cli(capsys, "validate", "--json", str(folder))
    _, parallel, _ = run_cli(capsys, "validate", "--json", "-j", "2", str(folder))
    assert first == again == parallel


@pytest.fixture
def series_folder(tmp_path):
    """洪泽区 named with and without its city, a 鼓楼区 of two cities, a report without agency."""
    current = example_dict()
    earlier = earlier_year(current)  # an X1 warning
    put(tmp_path / "hongze-2023.json", {**earlier, "agency": "洪泽区人民政府"})
    put(tmp_path / "hongze-2024.json", {**current, "agency": "淮安市洪泽区人民政府"})
    put(tmp_path / "gulou.json", {**earlier, "agency": "鼓楼区政府"})
    put(tmp_path / "nanjing.json", {**current, "agency": "南京市鼓楼区人民政府"})
    put(tmp_path / "fuzhou.json", {**current, "agency": "福州市鼓楼区人民政府"})
    put(tmp_path / "nobody.json", {**current, "agency": None})
    return tmp_path


def test_series_table_shows_the_names_it_joined_and_every_report_left_out(capsys, series_folder):
    status, out, _ = run_cli(capsys, "validate", "--series", str(series_folder))
    assert status == 1  # guandu's own errors
    rows = [row for row in out.splitlines() if "连续年度" in row]
    compared = next(row for row in rows if "已比较" in row)
    assert "连续年度: 淮安市洪泽区人民政府" in compared
    assert "2023年 洪泽区人民政府（" in compared
    assert "2024年 淮安市洪泽区人民政府（" in compared
    assert any("X1" in row for row in rows if "淮安市洪泽区人民政府" in row)
    left = {row.split()[1].rsplit("/", 1)[-1]: row for row in rows if "未纳入连续年度" in row}
    assert sorted(left) == ["fuzhou.json", "gulou.json", "nanjing.json", "nobody.json"]
    assert "“南京市鼓楼区人民政府”或“福州市鼓楼区人民政府”" in left["gulou.json"]
    assert "未写明机关名称" in left["nobody.json"]

    _, out, _ = run_cli(capsys, "validate", "--series", "--lang", "en", str(series_folder))
    assert "2023 洪泽区人民政府 (" in out
    assert "the report names no agency" in out


def test_series_of_an_ambiguous_name_says_what_it_was_not_joined_to(capsys, series_folder):
    gulou = json.loads((series_folder / "gulou.json").read_text("utf-8"))
    put(series_folder / "gulou-2024.json", {**example_dict(), "agency": gulou["agency"]})
    _, out, _ = run_cli(capsys, "validate", "--series", str(series_folder))
    (row,) = [row for row in out.splitlines() if "连续年度: 鼓楼区政府" in row and "已比较" in row]
    assert "名称可能是“南京市鼓楼区人民政府”或“福州市鼓楼区人民政府”，无法确定，未与其合并" in row
    _, out, _ = run_cli(capsys, "validate", "--series", "--lang", "en", str(series_folder))
    assert "not joined to 南京市鼓楼区人民政府 or 福州市鼓楼区人民政府" in out


def test_series_json_lines_are_valid_and_identical_for_any_job_count(capsys, series_folder):
    _, one, _ = run_cli(capsys, "validate", "--json", "--series", "-j", "1", str(series_folder))
    _, two, _ = run_cli(capsys, "validate", "--json", "--series", "-j", "2", str(series_folder))
    assert one == two
    lines = json_lines(one)
    schema = Draft202012Validator(json_line_schema())
    for line in lines:
        schema.validate(line)
    *files, series, fuzhou, gulou, nanjing, nobody = lines
    assert len(files) == 6
    assert series["agencies"] == ["洪泽区人民政府", "淮安市洪泽区人民政府"]
    assert [line["left_out"] for line in (fuzhou, gulou, nanjing, nobody)] == [
        "single_year",
        "ambiguous",
        "single_year",
        "no_agency",
    ]
    assert gulou["candidates"] == ["南京市鼓楼区人民政府", "福州市鼓楼区人民政府"]
    assert nobody["agency"] is None


def test_copies_lines_name_the_reports_whose_text_repeats_another_agencys(capsys, tmp_path):
    text = {
        "overview": "本局认真贯彻落实政府信息公开条例，主动公开工作稳步推进。",
        "problems": "存在的问题是公开形式不够多样，改进措施是加强培训学习。",
    }
    one = example_dict()
    one["text"] = {**one["text"], **text}
    put(tmp_path / "a.json", one)
    put(tmp_path / "b.json", {**one, "agency": "另一个县人民政府"})
    status, out, _ = run_cli(capsys, "validate", "--json", "--copies", str(tmp_path))
    assert status == 0  # a warning
    *files, first, second = json_lines(out)
    assert len(files) == 2
    for line in (first, second):
        assert line["check"] == "copies"
        Draft202012Validator(json_line_schema()).validate(line)
        assert [f["code"] for f in line["findings"]] == ["X9"]
    assert [first["files"], second["files"]] == [
        [f"{tmp_path.as_posix()}/a.json"],
        [f"{tmp_path.as_posix()}/b.json"],
    ]
    _, out, _ = run_cli(capsys, "validate", "--json", str(tmp_path))
    assert all("check" not in line for line in json_lines(out))  # only when asked


def test_series_and_rollup_lines_follow_the_file_lines(capsys, tmp_path):
    current = example_dict()
    earlier = earlier_year(current)  # an X1 warning
    put(tmp_path / "2024.json", current)
    put(tmp_path / "2023.json", earlier)
    status, out, _ = run_cli(capsys, "validate", "--json", "--series", str(tmp_path))
    *files, series = json_lines(out)
    assert len(files) == 2
    assert series["check"] == "series"
    Draft202012Validator(json_line_schema()).validate(series)
    assert "X1" in {f["code"] for f in series["findings"]}
    assert status == 1

    parent = put(tmp_path / "region" / "region.json", {**current, "agency": "区政府"})
    status, out, _ = run_cli(capsys, "validate", "--json", "--rollup", str(parent), str(tmp_path))
    rollup = json_lines(out)[-1]
    assert rollup["check"] == "rollup"
    Draft202012Validator(json_line_schema()).validate(rollup)
    assert rollup["files"] == [parent.as_posix(), f"{tmp_path.as_posix()}/2024.json"]
    assert "X4" not in {f["code"] for f in rollup["findings"]}  # one child equal to the parent


def test_no_progress_bar_when_piped_and_python_dash_m_works(folder):
    done = subprocess.run(
        [sys.executable, "-m", "gkreport", "validate", "--json", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stdout.splitlines()) == 3
    assert done.stderr.splitlines() == [done.stderr.strip()]  # the summary, nothing else
    assert "━" not in done.stderr


def test_folder_without_reports_is_a_usage_error(capsys, tmp_path):
    status, _, err = run_cli(capsys, "validate", str(tmp_path))
    assert status == 2
    assert err.startswith("gkreport: no ")


@pytest.fixture
def with_others(folder):
    """The folder of reports, with files of other types and debris beside them."""
    for index in range(12):
        (folder / f"scan-{index:02}.png").write_bytes(b"\x89PNG")
    (folder / "2019" / "convert.py").write_text("print()", "utf-8")
    (folder / "~$wrong.xlsx").write_bytes(b"lock")
    (folder / ".hidden.json").write_text("{", "utf-8")  # hidden: neither read nor listed
    return folder


def test_skipped_files_are_json_lines_in_place_byte_identical_for_any_job_count(
    capsys, with_others
):
    status, first, err = run_cli(capsys, "validate", "--json", str(with_others))
    _, parallel, _ = run_cli(capsys, "validate", "--json", "-j", "2", str(with_others))
    assert first == parallel
    assert status == 2  # z-broken.json, as without the others: skipping changes no status
    lines = json_lines(first)
    assert [line["file"] for line in lines] == sorted(line["file"] for line in lines)
    skipped = {line["file"]: line["skipped"] for line in lines if "skipped" in line}
    base = with_others.as_posix()
    assert skipped == {
        f"{base}/2019/convert.py": "not a report file type",
        **{f"{base}/scan-{i:02}.png": "not a report file type" for i in range(12)},
        f"{base}/~$wrong.xlsx": "an Office lock file",
    }
    line_schema = Draft202012Validator(json_line_schema())
    for line in lines:
        line_schema.validate(line)
    assert err.startswith("文件 3 · ")
    assert "跳过 14" in err


def test_the_summary_counts_and_names_the_skipped_files(capsys, with_others):
    status, out, _ = run_cli(capsys, "validate", "--lang", "en", str(with_others))
    assert status == 2
    base = with_others.as_posix()
    assert re.search(
        r"\nfiles 3 · clean 1 · (of which with warnings 1 · )?with errors 1 · "
        r"unreadable 1 · skipped 14\n",
        out,
    )
    shown = ", ".join(f"{base}/scan-{i:02}.png" for i in range(9))
    assert (
        f"skipped (not a report file type): {base}/2019/convert.py, {shown} "
        "… and 3 more (-v lists all)\n"
    ) in out
    assert f"skipped (an Office lock file): {base}/~$wrong.xlsx\n" in out
    assert ".hidden" not in out
    _, verbose, _ = run_cli(capsys, "validate", "--lang", "en", "-v", str(with_others))
    assert f"{base}/scan-11.png\n" in verbose
    assert "more (-v lists all)" not in verbose
    _, chinese, _ = run_cli(capsys, "validate", str(with_others))
    assert "跳过（非报告文件类型）：" in chinese
    assert "……另有3个（-v 列出全部）" in chinese


def test_a_folder_of_other_files_only_is_a_usage_error_that_counts_them(capsys, tmp_path):
    (tmp_path / "convert.py").write_text("print()", "utf-8")
    status, _, err = run_cli(capsys, "validate", str(tmp_path))
    assert status == 2
    assert err.startswith("gkreport: no ")
    assert err.rstrip().endswith("(1 other file skipped)")


# --- convert, template, render, schema ---------------------------------------------------------


def test_convert_json_to_xlsx_and_back(capsys, tmp_path):
    data = example_dict()
    # An empty part ("") reads back from a blank cell as missing (None): compare like with like.
    data["text"] = {part: text or None for part, text in data["text"].items()}
    source = put(tmp_path / "in.json", data)
    assert run_cli(capsys, "convert", str(source), str(tmp_path / "out.xlsx"))[0] == 0
    assert (
        run_cli(capsys, "convert", str(tmp_path / "out.xlsx"), str(tmp_path / "back.json"))[0] == 0
    )
    assert gkreport.load(tmp_path / "back.json") == gkreport.load(source)


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_convert_to_the_official_layout(capsys, tmp_path, suffix):
    source = put(tmp_path / "in.json", example_dict())
    target = tmp_path / f"out{suffix}"
    assert run_cli(capsys, "convert", str(source), str(target))[0] == 0
    assert "834.6435" in target.read_text("utf-8")


def test_convert_refuses_a_title_no_workbook_cell_holds_in_one_line(capsys, tmp_path):
    data = example_dict()
    data["title"] = "标题" * 20_000
    source = put(tmp_path / "long.json", data)
    status, _, err = run_cli(capsys, "convert", str(source), str(tmp_path / "out.xlsx"))
    assert status == 2
    assert err.count("\n") == 1
    assert "/title: a text of 40000 characters does not fit one workbook cell" in err
    assert not (tmp_path / "out.xlsx").exists()


def test_convert_errors_are_one_line_and_exit_2(capsys, tmp_path):
    source = put(tmp_path / "in.json", example_dict())
    status, _, err = run_cli(capsys, "convert", str(source), str(tmp_path / "out.pdf"))
    assert status == 2
    assert (
        err == f"gkreport: {tmp_path / 'out.pdf'}: cannot write .pdf; use .html .json .md .xlsx\n"
    )
    status, _, err = run_cli(capsys, "convert", str(tmp_path / "nope.json"), str(tmp_path / "x.md"))
    assert status == 2
    assert err == f"gkreport: {tmp_path / 'nope.json'}: no such file or folder\n"


@pytest.mark.parametrize("form", ["2021", "2019"])
def test_template_writes_the_blank_workbook(capsys, tmp_path, form):
    target = tmp_path / "blank.xlsx"
    assert run_cli(capsys, "template", str(target), "--format", form)[0] == 0
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames
    assert gkreport.load(target).format == form


def test_template_needs_an_xlsx_name(capsys, tmp_path):
    status, _, err = run_cli(capsys, "template", str(tmp_path / "blank.xls"))
    assert status == 2
    assert "*.xlsx" in err


def test_render_marks_findings_in_html_and_prints_markdown(capsys, tmp_path):
    source = put(tmp_path / "wrong.json", wrong_total(example_dict()))
    target = tmp_path / "wrong.html"
    assert run_cli(capsys, "render", str(source), "-o", str(target))[0] == 0
    page = target.read_text("utf-8")
    assert 'data-pointer="/applications/new/total" class="finding finding-error"' in page
    status, out, _ = run_cli(capsys, "render", str(source), "--to", "md", "--no-findings")
    assert status == 0
    assert out.startswith("# ")
    assert "[^1]" not in out


def test_schema_prints_the_packaged_schema(capsys):
    status, out, _ = run_cli(capsys, "schema")
    assert status == 0
    assert json.loads(out) == gkreport.schema("report")
    _, names, _ = run_cli(capsys, "schema", "--list")
    assert "report-2019" in names.split()
    status, _, err = run_cli(capsys, "schema", "nope")
    assert status == 2
    assert "known: " in err


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(capsys, command):
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: gkreport {command}" in out
    assert f"  gkreport {command} " in out.split("examples:")[1]


def test_parser_lists_every_command():
    help_text = build_parser().format_help()
    for command in COMMANDS:
        assert command in help_text


def test_version_is_printed_on_stdout(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"gkreport {gkreport.__version__}\n"


@pytest.mark.parametrize("flags", [[], ["--json"]], ids=["table", "json"])
def test_validating_one_json_file_loads_only_what_it_needs(flags):
    """Start-up (issue 17): no package metadata, cattrs, workers, progress bar or jsonschema.

    The version is a constant written at build time, a valid payload is structured by
    generated code, one file needs no worker process, a pipe no bar, a good report no
    schema run.
    """
    code = (
        "import sys\n"
        "from gkreport._cli import main\n"
        f"status = main(['validate', *{flags!r}, {str(EXAMPLES / 'qianxinan-2023.json')!r}])\n"
        "names = ('importlib.metadata', 'cattrs', 'multiprocessing', 'rich.progress')\n"
        "names += ('jsonschema',)\n"
        "sys.stderr.write('\\nloaded: ' + repr(sorted(m for m in names if m in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.splitlines()[-1] == "loaded: []"


def test_the_program_freezes_what_it_imported_a_caller_keeps_its_garbage_collected(capsys):
    """`gc.freeze` only when run as the program (start-up, issue 17), never for a caller."""
    import gc  # noqa: PLC0415

    before = gc.get_freeze_count()
    assert main(["schema", "--list"]) == 0
    assert gc.get_freeze_count() == before
    capsys.readouterr()
    code = (
        "import gc, sys\n"
        "from gkreport._cli import main\n"
        "sys.argv = ['gkreport', 'schema', '--list']\n"
        "main()\n"
        "sys.stderr.write(str(gc.get_freeze_count() > 0))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr == "True"
