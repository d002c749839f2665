r"""Strings no file can hold are refused on reading (gkreport._json.unencodable and its users).

JSON may spell a lone surrogate as ``"\ud800"``; Python then holds a string that
cannot be encoded as UTF-8, and writing the report would fail half-way. So
`from_dict` refuses it with `InvalidReport` at its pointer, and `load`,
`parse_text` and the CLI refuse it with `ReadError` naming the file.
"""

from __future__ import annotations

import copy
import os

import attrs
import pytest
import simplejson
from hypothesis import given
from hypothesis import strategies as st

import gkreport
from gkreport import _io, _json
from gkreport._cli import main
from gkreport._convert import from_dict
from gkreport._errors import InvalidReport, ReadError
from gkreport._json import unencodable
from tests.reference import GUANDU, SEEDS

LONE = "\ud800"
WHY = "text that cannot be written as UTF-8 (lone surrogate U+D800"


@pytest.fixture(scope="module")
def data():
    return _json.read_json(GUANDU)


def with_surrogates(data):
    """The report with a lone surrogate in its agency, a text part and a note's raw text."""
    data = copy.deepcopy(data)
    data["agency"] = f"区政府{LONE}"
    data["text"]["overview"] = f"{LONE}{data['text']['overview']}"
    data["notes"][0]["raw"] += "\udfff"
    return data


def write_ascii_json(path, data):
    """JSON the way another tool may write it: every non-ASCII character as an escape."""
    path.write_text(simplejson.dumps(data, use_decimal=True), "ascii")
    return path


# --- the walk -------------------------------------------------------------------------------


def test_unencodable_names_every_value_and_key_by_pointer():
    data = {"a": ["x", f"y{LONE}"], "b/c": {"~k": "\udc80"}, f"k{LONE}": 1, "ok": "是"}
    assert sorted(unencodable(data)) == [
        ("", "a key that cannot be written as UTF-8: 'k\\ud800'"),
        ("/a/1", f"{WHY} at character 1)"),
        (
            "/b~1c/~0k",
            "text that cannot be written as UTF-8 (lone surrogate U+DC80 at character 0)",
        ),
    ]
    assert list(unencodable({"emoji": "😀", "pair": "\U0001f600", "n": [1, None]})) == []


def test_unencodable_walks_deep_nesting_without_recursion():
    deep: list = [LONE]
    for _ in range(100_000):
        deep = [deep]
    [(pointer, _)] = unencodable(deep)
    assert pointer == "/0" * 100_001


# --- from_dict ------------------------------------------------------------------------------


def test_from_dict_refuses_surrogates_at_their_pointers(data):
    with pytest.raises(InvalidReport) as caught:
        from_dict(with_surrogates(data))
    problems = {problem.path: problem.message for problem in caught.value.errors}
    assert set(problems) == {"/agency", "/text/overview", "/notes/0/raw"}
    assert problems["/agency"] == f"{WHY} at character 3)"
    assert problems["/text/overview"] == f"{WHY} at character 0)"


def test_from_dict_lists_surrogates_with_the_other_problems(data):
    broken = with_surrogates(data)
    broken["year"] = "2024"
    with pytest.raises(InvalidReport) as caught:
        from_dict(broken)
    assert {"/agency", "/year"} <= {problem.path for problem in caught.value.errors}


@given(st.text(max_size=20))
def test_from_dict_accepts_exactly_the_encodable_strings(data, agency):
    changed = {**data, "agency": agency}
    try:
        agency.encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(InvalidReport) as caught:
            from_dict(changed)
        assert [problem.path for problem in caught.value.errors] == ["/agency"]
    else:
        assert from_dict(changed).agency == agency


# --- load and parse_text --------------------------------------------------------------------


def test_load_refuses_a_json_file_with_a_surrogate_naming_file_and_pointer(tmp_path, data):
    path = write_ascii_json(tmp_path / "escaped.json", with_surrogates(data))
    with pytest.raises(ReadError) as caught:
        gkreport.load(path)
    assert caught.value.path == str(path)
    assert caught.value.where == "/agency"
    assert str(caught.value) == f"{path}, /agency: {WHY} at character 3)"


def test_parse_text_refuses_a_surrogate_naming_the_line():
    text = (SEEDS / "002_ce68d56cc731e239.txt").read_text("utf-8")
    assert gkreport.parse_text(text).agency  # the seed itself reads
    broken = text.replace("根据《中华人民共和国政府信息公开条例》", f"根据{LONE}《条例》", 1)
    with pytest.raises(ReadError) as caught:
        gkreport.parse_text(broken, source="seed.txt")
    assert str(caught.value) == f"seed.txt, line 2: {WHY} at character 2)"


def test_every_reader_is_checked_naming_the_cell(tmp_path, data):
    """The net under every reader: a value from a workbook is named by its cell."""
    path = tmp_path / "report.xlsx"
    gkreport.dump(from_dict(data), path)
    read = gkreport.load(path)
    with pytest.raises(ReadError) as caught:
        _io._writable(attrs.evolve(read, agency=LONE), path)  # as a reader could return it
    assert str(caught.value) == f"{path}, 二三四!E1: /agency: {WHY} at character 0)"


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".json", ".xlsx", ".html", ".md"])
def test_cli_convert_refuses_and_leaves_the_old_output(capsys, tmp_path, data, suffix):
    source = write_ascii_json(tmp_path / "escaped.json", with_surrogates(data))
    target = tmp_path / f"out{suffix}"
    gkreport.dump(from_dict(data), target)
    before = target.read_bytes()
    assert main(["convert", str(source), str(target)]) == 2
    err = capsys.readouterr().err
    assert err == f"gkreport: {source}, /agency: {WHY} at character 3)\n"
    assert target.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == sorted(["escaped.json", target.name])


def test_cli_validate_reports_the_file_unreadable(capsys, tmp_path, data):
    source = write_ascii_json(tmp_path / "escaped.json", with_surrogates(data))
    assert main(["validate", "--json", str(source)]) == 2
    line = simplejson.loads(capsys.readouterr().out)
    assert {line.pop("gkreport_version"), line.pop("rules_version")}  # every record has them
    assert line == {"file": source.as_posix(), "error": f"{source}, /agency: {WHY} at character 3)"}
