"""The inputs issue 12 names, one by one: never a traceback, always the file and the pointer.

Each crashed a public entry point before (``ValueError`` from Python's 4,300-digit
limit, ``RecursionError``, ``decimal.InvalidOperation``, ``AttributeError``). Now a dict
is refused by `gkreport.from_dict` with `InvalidReport` at the value's JSON pointer and
reported by `gkreport.validate` as a finding there; a file is refused by `gkreport.load`
(`ReadError`, or `InvalidReport` naming the file) and by ``gkreport convert`` with exit
2. ``gkreport validate`` reads a JSON file as a payload, so a value that does not fit is
a finding (exit 1) and only a file it cannot parse is unreadable (exit 2).
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

import gkreport
from gkreport._cli import main
from gkreport._forms import layout
from tests.reference import SEEDS

FORMAT = next(iter(layout.FORMATS))  # the current format


def _blank() -> dict[str, Any]:
    return gkreport.to_dict(gkreport.from_dict({"format": FORMAT}))


def _with(path: tuple[Any, ...], value: object) -> dict[str, Any]:
    data = copy.deepcopy(_blank())
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def _deep(depth: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth):
        node["a"] = {}
        node = node["a"]
    return root


#: name: (payload, the pointer of the problem)
PAYLOADS: dict[str, tuple[dict[str, Any], str]] = {
    "a count of 5,000 digits": (
        _with(("applications", "new", "total"), 10**5000),
        "/applications/new/total",
    ),
    "nested 100,000 deep": (_with(("text",), _deep(100_000)), "/text"),
    "NaN in a fee": (
        _with(("proactive", "fees", "amount"), Decimal("NaN")),
        "/proactive/fees/amount",
    ),
    "sNaN in a fee": (
        _with(("proactive", "fees", "amount"), Decimal("sNaN")),
        "/proactive/fees/amount",
    ),
    "Infinity in a fee": (
        _with(("proactive", "fees", "amount"), Decimal("Infinity")),
        "/proactive/fees/amount",
    ),
    "a fee of 10^999999999": (
        _with(("proactive", "fees", "amount"), Decimal("1E+999999999")),
        "/proactive/fees/amount",
    ),
    "a key that is no string": (_with(("applications", "new", 1), 2), "/applications/new/1"),
    "a key that is a tuple": (_with(((1, 2),), 2), "/(1, 2)"),
    "a list where a row belongs": (_with(("applications", "new"), [1, 2]), "/applications/new"),
    "a list where the text belongs": (_with(("text",), ["x"]), "/text"),
    "a list where a note belongs": (_with(("notes",), [["x"]]), "/notes/0"),
    "a string where a table belongs": (_with(("appeals",), "none"), "/appeals"),
    "the year -1": (_with(("year",), -1), "/year"),
    "the year 10^30": (_with(("year",), 10**30), "/year"),
    "a format that is a list": ({"format": [FORMAT]}, "/format"),
}


@pytest.mark.parametrize("name", PAYLOADS)
def test_from_dict_refuses_at_the_pointer(name):
    data, pointer = PAYLOADS[name]
    with pytest.raises(gkreport.InvalidReport) as caught:
        gkreport.from_dict(data)
    assert any(p.path.startswith(pointer) for p in caught.value.errors), caught.value.errors


@pytest.mark.parametrize("name", PAYLOADS)
def test_validate_reports_at_the_pointer(name):
    data, pointer = PAYLOADS[name]
    result = gkreport.validate(data)
    assert not result.ok
    errors = [f for f in result.findings if f.severity == "error"]
    assert any(f.path.startswith(pointer) for f in errors), [(f.code, f.path) for f in errors]
    result.to_dict()  # every finding serialises (no 5,000-digit int to print)


@pytest.mark.parametrize("name", PAYLOADS)
def test_series_and_rollup_take_a_bad_member_without_a_traceback(name):
    data, pointer = PAYLOADS[name]
    good = gkreport.from_dict({"format": FORMAT, "year": 2023})
    member = data if pointer in ("/year", "/format") else {**data, "year": 2024}
    if pointer == "/format":  # which form the member is cannot be told
        with pytest.raises(gkreport.InvalidReport):
            gkreport.validate_series([good, member])
        with pytest.raises(gkreport.InvalidReport):
            gkreport.validate_rollup(good, [member, good])
        return
    if pointer == "/year":  # documented: a series needs every report's year
        with pytest.raises(ValueError, match="needs its year"):
            gkreport.validate_series([good, member])
    else:
        gkreport.validate_series([good, member]).to_dict()
    gkreport.validate_rollup(good, [member, good]).to_dict()


@pytest.mark.parametrize("members", [None, 5, "2021", {"format": FORMAT}, [None], [[1]], [5]])
def test_a_series_of_what_is_no_list_of_reports_is_refused(members):
    with pytest.raises(gkreport.InvalidReport):
        gkreport.validate_series(members)


@pytest.mark.parametrize("child", [None, 5, "2021", [1], {"format": None}])
def test_a_rollup_with_a_child_that_is_no_report_is_refused(child):
    with pytest.raises(gkreport.InvalidReport):
        gkreport.validate_rollup(gkreport.from_dict({"format": FORMAT}), [child])


# --- files and the command line ------------------------------------------------------------


def _document(body: str) -> str:
    """A JSON report of the current format with ``body`` as its other members."""
    return '{"format": "' + FORMAT + '", ' + body + "}"


#: name: (JSON text, the pointer of the problem, or None when the file cannot be parsed)
FILES: dict[str, tuple[str, str | None]] = {
    "a count of 5,000 digits": (
        _document('"applications": {"new": {"total": ' + "9" * 5000 + "}}"),
        "/applications/new/total",
    ),
    "a count of 1e999999999": (
        _document('"applications": {"new": {"total": 1e999999999}}'),
        "/applications/new/total",
    ),
    "nested 100,000 deep": (_document('"text": ' + "[" * 100_000 + "]" * 100_000), None),
    "NaN": (_document('"proactive": {"fees": {"amount": NaN}}'), None),
    "a list where a row belongs": (
        _document('"applications": {"new": [1]}'),
        "/applications/new",
    ),
    "the year -1": (_document('"year": -1'), "/year"),
    "a format that is a list": ('{"format": ["' + FORMAT + '"]}', "/format"),
}


@pytest.mark.parametrize("name", FILES)
def test_load_names_the_file_and_the_pointer(tmp_path, name):
    text, pointer = FILES[name]
    path = tmp_path / "hostile.json"
    path.write_text(text, "utf-8")
    with pytest.raises((gkreport.ReadError, gkreport.InvalidReport)) as caught:
        gkreport.load(path)
    assert str(path) in str(caught.value)
    if pointer is None:
        assert isinstance(caught.value, gkreport.ReadError)
    else:
        assert isinstance(caught.value, gkreport.InvalidReport)
        assert pointer in {p.path for p in caught.value.errors}


@pytest.mark.parametrize("name", FILES)
def test_the_command_line_exits_2_for_convert_and_says_where(tmp_path, capsys, name):
    text, pointer = FILES[name]
    path = tmp_path / "hostile.json"
    path.write_text(text, "utf-8")
    assert main(["convert", str(path), str(tmp_path / "out.xlsx")]) == 2
    err = capsys.readouterr().err
    assert str(path) in err
    assert pointer is None or pointer in err
    assert not (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("name", FILES)
def test_the_command_line_validates_without_a_traceback(tmp_path, capsys, name):
    text, pointer = FILES[name]
    path = tmp_path / "hostile.json"
    path.write_text(text, "utf-8")
    status = main(["validate", "--json", str(path)])
    out = capsys.readouterr().out
    if pointer is None:
        assert status == 2
        assert '"error"' in out
    else:
        assert status == 1  # read, and the value reported where it is
        assert f'"path": "{pointer}"' in out


def _seed_with(line: str) -> str:
    lines = (SEEDS / "001_00e84ad5fcaa91e0.txt").read_text("utf-8").splitlines()
    at = next(i for i, text in enumerate(lines) if text.startswith("一、本年新收")) + 1
    return "\n".join([*lines[:at], line, *lines[at + 1 :]])


@pytest.mark.parametrize("cell", ["7" * 5000, " ".join(["7" * 5000] * 7), "1e3 |", "12.0 |"])
def test_a_row_of_endless_digits_or_odd_numbers_is_read_with_a_note(tmp_path, capsys, cell):
    """Issue 12: a row of 5,000 digits raised ValueError from int(); now the cell is a note."""
    report = gkreport.parse_text(_seed_with(cell))
    assert report.applications.new.natural_person is None
    notes = [n for n in report.notes if n.path == "/applications/new/natural_person"]
    assert [n.raw[:4] for n in notes] == [cell.removesuffix(" |")[:4]]
    path = tmp_path / "digits.txt"
    path.write_text(_seed_with(cell), "utf-8")
    assert main(["convert", str(path), str(tmp_path / "out.json")]) == 0
    assert main(["validate", str(path)]) in (0, 1)
    capsys.readouterr()


def test_the_seed_line_replaced_is_a_value_line():
    """The helper above replaces the first value of 一、本年新收 (3), not some other line."""
    assert gkreport.parse_text(_seed_with("3 |")) == gkreport.load(
        SEEDS / "001_00e84ad5fcaa91e0.txt"
    )
