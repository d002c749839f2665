"""The options shared by the commands that show findings (`gkreport._cli.options`).

Also the manners of the command line they belong to: a negative ``-j`` is a usage
error, and a path that is not there is named as such.
"""

from __future__ import annotations

import argparse

import pytest

from gkreport._cli import main
from gkreport._cli.options import add_review_options, non_negative, triage_of
from gkreport._cli.triage import ALL, ERRORS, PEOPLE


def test_non_negative_takes_zero_and_more_only():
    assert non_negative("0") == 0
    assert non_negative("12") == 12
    with pytest.raises(argparse.ArgumentTypeError, match="-1 is negative; give 0 or more"):
        non_negative("-1")
    with pytest.raises(argparse.ArgumentTypeError, match="'many' is not a whole number"):
        non_negative("many")


@pytest.mark.parametrize("command", ["validate", "export"])
@pytest.mark.parametrize("value", ["-1", "-8", "x"])
def test_a_negative_or_wrong_job_count_is_a_usage_error(capsys, tmp_path, command, value):
    argv = [command, str(tmp_path), "-j", value]
    if command == "export":
        argv += ["-o", str(tmp_path / "t.csv")]
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: ")
    assert "argument -j/--jobs: " in err
    assert ("is negative" if value != "x" else "not a whole number") in err
    assert not (tmp_path / "t.csv").exists()


def parsed(*argv):
    parser = argparse.ArgumentParser()
    add_review_options(parser)
    return parser.parse_args(list(argv))


def test_severities_shown_for_people_and_programs():
    assert triage_of(parsed()).severities == PEOPLE
    assert triage_of(parsed(), machine=True).severities == ALL
    assert triage_of(parsed("-v")).severities == ALL
    assert triage_of(parsed("-q"), machine=True).severities == ERRORS
    assert triage_of(parsed("--select", "T,D", "--ignore", "T5")).selection.wants("D1")


@pytest.mark.parametrize(
    ("lang", "said"), [("en", "no such file or folder"), ("zh", "没有这个文件或文件夹")]
)
@pytest.mark.parametrize("name", ["2023", "reports/2023", "missing.xlsx"])
def test_a_missing_path_is_no_such_file_or_folder(capsys, tmp_path, lang, said, name):
    missing = tmp_path / name
    status = main(["validate", "--lang", lang, str(missing)])
    out = capsys.readouterr().out
    assert status == 2
    assert f"{missing.as_posix()}: {said}" in out
    assert "unsupported file type" not in out
    assert main(["validate", "--json", str(missing)]) == 2
    assert ": no such file or folder" in capsys.readouterr().out


def test_convert_names_a_missing_input_without_an_extension(capsys, tmp_path):
    status = main(["convert", str(tmp_path / "report"), str(tmp_path / "out.json")])
    assert status == 2
    assert capsys.readouterr().err == f"gkreport: {tmp_path / 'report'}: no such file or folder\n"
