"""Data is printed literally: no rich markup, no terminal escapes (gkreport._cli._terminal).

Every test goes through the real command line (`main`) with hostile file names,
agency names and narrative text, and checks the table, the ``--json`` lines,
the stderr messages and the exit status.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gkreport import _json
from gkreport._cli import main
from gkreport._cli._terminal import json_safe, visible
from tests.reference import GUANDU, earlier_year, put

#: Markup rich would interpret, an ANSI colour, a bell, a carriage return, a bidi override.
#: (Its "/" makes folders of a file name: the walk must show those literally too.)
HOSTILE = "[red]x[/] [/] [b]a[/b] ] [ \x1b[31mred\x1b[0m \x07\r\u202e"
SHOWN = r"[red]x[/] [/] [b]a[/b] ] [ \x1b[31mred\x1b[0m \x07\x0d\u202e"
#: Characters that must never reach a terminal raw from data.
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]")
#: A sentence the narrative check T1 quotes in its message (the table says 357).
CLAIM = "本年新接收政府信息公开申请99999件"


def run_cli(capsys, *argv):
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def guandu(**changes):
    data = _json.read_json(GUANDU)
    data.update(changes)
    return data


def with_overview(text):
    data = guandu()
    data["text"] = {**data["text"], "overview": text}
    return data


def assert_literal(output, shown=SHOWN):
    assert shown in output
    assert not RAW.search(output)
    assert "Traceback" not in output


@pytest.fixture
def hostile_folder(tmp_path):
    """Files named with markup and escapes: one with errors, one clean-ish, one unreadable."""
    folder = tmp_path / "reports"
    put(folder / f"{HOSTILE} errors.json", with_overview(f"{CLAIM}[/]。"))
    put(folder / "[red]x.json", guandu())
    (folder / f"{HOSTILE} broken.json").write_text("{", "utf-8")
    return folder


# --- validate: the table ---------------------------------------------------------------------


def test_missing_file_with_markup_in_its_name_is_unreadable_not_a_crash(capsys, tmp_path):
    missing = tmp_path / "nope[/b].json"
    status, out, err = run_cli(capsys, "validate", str(missing))
    assert status == 2
    assert f"{missing.as_posix()}: 没有这个文件或文件夹" in out  # the table speaks zh by default
    assert "Traceback" not in out + err


def test_file_names_are_shown_as_they_are_in_the_table(capsys, hostile_folder):
    status, out, _ = run_cli(capsys, "validate", str(hostile_folder))
    assert status == 2  # the broken file wins
    assert_literal(out, f"{SHOWN} errors.json")
    assert f"{SHOWN} broken.json" in out
    assert f"{hostile_folder.as_posix()}/[red]x.json" in out  # not "x.json"
    assert re.search(r"\n文件 3 · 无错误 \d · (其中有警告 \d · )?有错误 \d · 无法读取 1\n", out)


def test_a_line_break_in_a_file_name_cannot_fake_a_row(capsys, tmp_path):
    put(tmp_path / "a\n│ fake.json │ T1 │ x.json", guandu())
    put(tmp_path / "b\nc.json", with_overview(f"{CLAIM}。"))
    status, out, _ = run_cli(capsys, "validate", str(tmp_path))
    assert status == 1
    base = tmp_path.as_posix()
    assert f"│ {base}/a\\x0a│ fake.json │ T1 │ x.json │" in out
    assert re.search(rf"│ {re.escape(base)}/b\\x0ac\.json +│ T1 ", out)
    assert not [line for line in out.splitlines() if line.startswith(("│ fake", "c.json"))]


def test_quoted_narrative_with_markup_does_not_stop_a_folder_run(capsys, tmp_path):
    # The quote is the report's text; a message holds no control character (each run of
    # them is one space), and the bidi override left in it is shown as an escape.
    narrative = "[red]x[/][/][b]a[/b]][\x1b[31mred\x1b[0m\x07\u202e"
    quoted = "[red]x[/][/][b]a[/b]][ [31mred [0m \u202e"
    shown = r"[red]x[/][/][b]a[/b]][ [31mred [0m \u202e"
    put(tmp_path / "a.json", with_overview(f"{CLAIM}{narrative}。"))
    put(tmp_path / "b.json", with_overview(f"{CLAIM}。"))
    status, out, _ = run_cli(capsys, "validate", "--lang", "en", "-v", str(tmp_path))  # D6: info
    assert status == 1
    rows = [line for line in out.splitlines() if line.startswith("│") and " T1 " in line]
    assert [row.split()[1].rsplit("/", 1)[-1] for row in rows] == ["a.json", "b.json"]
    assert_literal(rows[0], f"“{CLAIM}{shown}。”")
    assert "findings by rule: D6 ×2, T1 ×2" in out

    status, out, _ = run_cli(capsys, "validate", "--json", str(tmp_path))
    assert status == 1
    first = json.loads(out.splitlines()[0])
    assert f"“{CLAIM}{quoted}。”" in first["findings"][0]["message"]


def test_agency_names_are_shown_as_they_are_in_a_series(capsys, tmp_path):
    current = guandu(agency=HOSTILE)
    earlier = earlier_year(current)  # an X1 warning
    put(tmp_path / "2024.json", current)
    put(tmp_path / "2023.json", earlier)
    status, out, _ = run_cli(capsys, "validate", "--series", str(tmp_path))
    assert status == 1
    assert_literal(out, f"连续年度: {SHOWN}")

    status, out, _ = run_cli(capsys, "validate", "--json", "--series", str(tmp_path))
    series = [json.loads(line) for line in out.splitlines()][-1]
    assert series["check"] == "series"
    assert series["name"] == HOSTILE


# --- validate --json ------------------------------------------------------------------------


def test_json_lines_keep_hostile_data_intact_and_valid(capsys, hostile_folder):
    status, out, err = run_cli(capsys, "validate", "--json", str(hostile_folder))
    assert status == 2
    assert not RAW.search(out)  # every such character is a \u escape inside a string
    lines = [json.loads(line) for line in out.splitlines()]
    files = [line["file"] for line in lines]
    base = hostile_folder.as_posix()
    names = [f"{HOSTILE} broken.json", f"{HOSTILE} errors.json", "[red]x.json"]
    assert files == sorted(f"{base}/{name}" for name in names)
    lines = {line["file"].removeprefix(f"{base}/"): line for line in lines}
    assert lines[names[0]]["error"].startswith(
        f"{base}/{HOSTILE} broken.json, line 1: not valid JSON"
    )
    quoted = [f["message"] for f in lines[names[1]]["findings"] if f["code"] == "T1"]
    assert f"{CLAIM}[/]" in quoted[0]
    assert "文件 3" in err
    assert "Traceback" not in err


def test_json_lines_escape_undecodable_file_names(tmp_path):
    """A file name that is not UTF-8 (a lone surrogate in Python) stays valid JSON."""
    (tmp_path / "x").mkdir()
    try:
        with open(os.fsencode(tmp_path / "x") + b"/\xff[b].json", "w") as handle:
            handle.write("{")
    except OSError:  # pragma: no cover - a file system that refuses non-UTF-8 names
        pytest.skip("file system refuses non-UTF-8 names")
    done = subprocess.run(
        [sys.executable, "-m", "gkreport", "validate", "--json", str(tmp_path / "x")],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 2
    line = json.loads(done.stdout.decode("utf-8"))  # strict UTF-8: no raw surrogate
    assert line["file"].endswith("/x/\udcff[b].json")
    assert b"Traceback" not in done.stderr

    done = subprocess.run(
        [sys.executable, "-m", "gkreport", "validate", str(tmp_path / "x")],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 2
    assert "\\udcff[b].json" in done.stdout.decode("utf-8")


# --- the other commands' messages -----------------------------------------------------------


def test_convert_render_and_template_name_hostile_paths_literally(capsys, tmp_path):
    source = put(tmp_path / f"{HOSTILE}.json", guandu())
    target = tmp_path / f"{HOSTILE}.md"
    status, _, err = run_cli(capsys, "convert", str(source), str(target))
    assert status == 0
    assert target.is_file()
    assert_literal(err)

    status, _, err = run_cli(capsys, "render", str(source), "-o", str(tmp_path / f"{HOSTILE}.html"))
    assert status == 0
    assert_literal(err)

    status, _, err = run_cli(capsys, "template", str(tmp_path / f"{HOSTILE}.xlsx"))
    assert status == 0
    assert_literal(err)


def test_errors_name_hostile_paths_literally_and_exit_2(capsys, tmp_path):
    status, _, err = run_cli(capsys, "convert", str(tmp_path / f"{HOSTILE}.json"), "x.md")
    assert status == 2
    assert_literal(err)
    assert err.startswith("gkreport: ")

    status, _, err = run_cli(capsys, "convert", str(tmp_path / "a.json"), f"{HOSTILE}.pdf")
    assert status == 2
    assert_literal(err)

    status, _, err = run_cli(capsys, "validate", "--rollup", f"{HOSTILE}.json", str(tmp_path))
    assert status == 2
    assert_literal(err)


# --- the helpers ----------------------------------------------------------------------------


@given(st.text())
def test_visible_leaves_nothing_a_terminal_would_act_on(text):
    shown = visible(text)
    assert not re.search("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]", shown)
    assert "\n" in visible(text + "\n", newlines=True)


@given(st.recursive(st.text(), lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner)))
def test_json_safe_keeps_the_data_and_the_json_valid(data):
    line = json_safe(json.dumps(data, ensure_ascii=False))
    assert json.loads(line) == data
    line.encode("utf-8")  # strict: no lone surrogate left raw
    assert not re.search("[\x7f-\x9f\u2028\u2029]", line)
