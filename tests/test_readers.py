"""The readers' dispatch table and the assembly step every reader ends with.

The toy reader below is the README's "a new input format goes in the dispatch
table": registered at run time for ``.toy``, it is read by `gkreport.load` and
picked up by ``gkreport validate`` on a folder, and gone once unregistered.
"""

from __future__ import annotations

import datetime
import importlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import gkreport
from gkreport import _io
from gkreport._cli import main
from gkreport._cli.batch import collect
from gkreport._forms import layout
from gkreport._model import Note, Report
from gkreport._readers import dispatch
from gkreport._readers.assemble import assemble
from tests.reference import EXAMPLES

#: The current format (listed first in the registry).
FORMAT = next(iter(layout.FORMATS))


def read_toy(path: Path) -> Report:
    """A toy format: one ``pointer<TAB>number`` per line, the format the current one."""
    values: dict[str, object] = {}
    sources: dict[str, str] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        pointer, value = line.split("\t")
        values[pointer] = int(value)
        sources[pointer] = f"line {number}"
    return assemble(path, FORMAT, values, sources=sources)


@pytest.fixture
def toy() -> Iterator[dispatch.Reader]:
    reader = dispatch.register(".toy", read_toy)
    yield reader
    dispatch.unregister(".toy")


@pytest.fixture
def toy_folder(tmp_path: Path) -> Path:
    """A folder with one toy report whose new applications do not add up (5 ≠ 3)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    lines = ["/applications/new/natural_person\t3", "/applications/new/total\t5"]
    (folder / "county.toy").write_text("\n".join(lines), "utf-8")
    return folder


# --- the table -------------------------------------------------------------------------------


OFFICE_SUFFIXES = (
    ".doc",
    ".docm",
    ".et",
    ".ods",
    ".wps",
    ".xls",
    ".xlsb",
)  # converted by LibreOffice


def test_every_suffix_gkreport_reads_has_a_reader_and_names_its_extra():
    extras = {suffix: dispatch.reader_for(suffix).extra for suffix in dispatch.readable_suffixes()}
    assert extras == {
        ".doc": "docx",
        ".docm": "docx",
        ".docx": "docx",
        ".et": "fast",
        ".htm": None,
        ".html": None,
        ".json": None,
        ".md": None,
        ".ods": "fast",
        ".pdf": "pdf",
        ".txt": None,
        ".wps": "docx",
        ".xls": "fast",
        ".xlsb": "fast",
        ".xlsx": None,
    }
    programs = {s: dispatch.reader_for(s).program for s in dispatch.readable_suffixes()}
    assert {s for s, program in programs.items() if program} == set(OFFICE_SUFFIXES)
    assert {programs[s] for s in OFFICE_SUFFIXES} == {"soffice"}


@pytest.mark.parametrize("suffix", dispatch.readable_suffixes())
def test_each_reader_names_a_function_that_exists(suffix, tmp_path):
    reader = dispatch.reader_for(suffix)
    assert callable(reader.load(tmp_path / f"r{suffix}"))


def test_suffixes_are_matched_in_any_case():
    assert dispatch.reader_for(".XLSX") is dispatch.reader_for(".xlsx")


def test_an_unknown_suffix_lists_what_the_table_reads(tmp_path):
    path = tmp_path / "report.ppt"
    path.write_bytes(b"x")
    with pytest.raises(gkreport.ReadError, match=re.escape(" ".join(dispatch.readable_suffixes()))):
        gkreport.load(path)


def test_a_suffix_must_be_lower_case_with_a_dot():
    for bad in ("toy", ".TOY"):
        with pytest.raises(ValueError, match="suffix"):
            dispatch.register(bad, read_toy)
    assert dispatch.reader_for(".toy") is None


# --- a reader registered at run time ------------------------------------------------------


def test_a_registered_reader_is_used_by_load(toy, toy_folder):
    report = gkreport.load(toy_folder / "county.toy")
    assert report.applications.new.total == 5
    assert report.sources["/applications/new/total"] == "line 2"


def test_a_registered_reader_is_picked_up_by_validate_on_a_folder(toy, toy_folder, capsys):
    (toy_folder / "ignored.unknown").write_text("not a report", "utf-8")
    status = main(["validate", str(toy_folder), "--json", "--jobs", "1"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    skipped = [(Path(line["file"]).name, line["skipped"]) for line in lines if "skipped" in line]
    assert skipped == [("ignored.unknown", "not a report file type")]  # listed, not read
    lines = [line for line in lines if "skipped" not in line]
    assert [Path(line["file"]).name for line in lines] == ["county.toy"]
    broken = [f for f in lines[0]["findings"] if f["path"] == "/applications/new/total"]
    assert [f["severity"] for f in broken] == ["error"]
    assert status == 1


def test_an_unregistered_reader_is_gone(toy_folder):
    dispatch.register(".toy", read_toy)
    dispatch.unregister(".toy")
    assert ".toy" not in dispatch.readable_suffixes()
    assert collect([toy_folder]) == []
    with pytest.raises(gkreport.ReadError, match=r"unsupported file type \.toy"):
        gkreport.load(toy_folder / "county.toy")


def test_a_reader_is_named_by_module_and_function_and_imported_on_first_read(toy_folder):
    dispatch.register(".toy", "tests.test_readers:read_toy")
    try:
        assert gkreport.load(toy_folder / "county.toy").applications.new.natural_person == 3
    finally:
        dispatch.unregister(".toy")


def test_every_reader_gkreport_ships_refuses_unwritable_text_itself():
    """Each builds its report with from_dict, so `load` does not walk it a second time."""
    assert all(dispatch.reader_for(suffix).checked for suffix in dispatch.readable_suffixes())


def test_a_registered_reader_that_builds_its_report_itself_is_still_checked(toy_folder):
    def unwritable(path: Path) -> Report:
        return attrs.evolve(read_toy(path), agency="区政府\ud800")  # not through from_dict

    dispatch.register(".toy", unwritable)
    try:
        with pytest.raises(gkreport.ReadError, match="/agency: text that cannot be written"):
            gkreport.load(toy_folder / "county.toy")
    finally:
        dispatch.unregister(".toy")


# --- what a reader needs --------------------------------------------------------------------


def test_a_missing_extra_says_which_to_install(toy_folder):
    dispatch.register(".toy", "gkreport_toy_extra_not_installed:read", extra="toy")
    try:
        with pytest.raises(gkreport.ReadError) as caught:
            gkreport.load(toy_folder / "county.toy")
    finally:
        dispatch.unregister(".toy")
    message = str(caught.value)
    assert message.startswith(str(toy_folder / "county.toy"))
    assert "gkreport_toy_extra_not_installed is missing" in message
    assert message.endswith("install it with: pip install 'gkreport[toy]'")


def test_a_missing_docx_extra_gives_the_same_message(tmp_path, monkeypatch):
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK")
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(gkreport.ReadError) as caught:
        gkreport.load(path)
    assert str(caught.value) == (
        f"{path}: cannot read .docx files: python-docx is missing; "
        "install it with: pip install 'gkreport[docx]'"
    )


def test_a_missing_program_is_refused_before_the_reader_runs(toy_folder):
    def never(path: Path) -> Report:
        raise AssertionError("the reader ran without its program")

    dispatch.register(".toy", never, program="gkreport-toy-program-not-installed")
    try:
        with pytest.raises(gkreport.ReadError, match="gkreport-toy-program-not-installed"):
            gkreport.load(toy_folder / "county.toy")
    finally:
        dispatch.unregister(".toy")


def test_a_missing_program_says_how_to_install_it_or_the_extra_that_replaces_it(toy_folder):
    dispatch.register(
        ".toy",
        read_toy,
        extra="toy",
        program="gkreport-toy-program-not-installed",
        install="install Toy (apt-get install toy)",
        instead_of_program="gkreport_toy_extra_not_installed",
    )
    try:
        with pytest.raises(gkreport.ReadError) as caught:
            gkreport.load(toy_folder / "county.toy")
    finally:
        dispatch.unregister(".toy")
    assert str(caught.value) == (
        f"{toy_folder / 'county.toy'}: cannot read .toy files: the program "
        "gkreport-toy-program-not-installed is not installed or not on PATH; "
        "install Toy (apt-get install toy), or pip install 'gkreport[toy]'"
    )


def test_a_module_instead_of_the_program_lets_the_reader_run_without_it(toy_folder):
    dispatch.register(
        ".toy",
        read_toy,
        program="gkreport-toy-program-not-installed",
        instead_of_program="json",  # any module that is installed
    )
    try:
        assert gkreport.load(toy_folder / "county.toy").applications.new.total == 5
    finally:
        dispatch.unregister(".toy")


@pytest.mark.parametrize(
    ("suffixes", "function", "needs"),
    [
        ((".xls", ".xlsb", ".ods", ".et"), "read_workbook", ("fast", "soffice", "python_calamine")),
        ((".doc", ".docm", ".wps"), "read_document", ("docx", "soffice", None)),
    ],
)
def test_old_office_formats_are_registered_with_libreoffice(suffixes, function, needs):
    for suffix in suffixes:
        reader = dispatch.reader_for(suffix)
        assert reader.function == f"gkreport._readers.office:{function}"
        assert (reader.extra, reader.program, reader.instead_of_program) == needs
        assert reader.install == dispatch.LIBREOFFICE


def test_a_program_on_path_lets_the_reader_run(toy_folder):
    dispatch.register(".toy", read_toy, program=Path(sys.executable).name)
    try:
        assert gkreport.load(toy_folder / "county.toy").applications.new.total == 5
    finally:
        dispatch.unregister(".toy")


# --- the writers ----------------------------------------------------------------------------


def test_the_writers_table_names_a_function_for_each_suffix():
    assert sorted(_io.WRITERS) == [".html", ".json", ".md", ".xlsx"]
    for writer in _io.WRITERS.values():
        module, _, name = writer.function.partition(":")
        assert callable(getattr(importlib.import_module(module), name))


# --- the assembly step ----------------------------------------------------------------------


def test_assemble_puts_values_by_pointer_and_keeps_notes_and_sources(tmp_path):
    note = Note(path="/proactive", raw="注：截至12月31日", source="A40", message="kept")
    report = assemble(
        tmp_path / "r.xlsx",
        FORMAT,
        {
            "/agency": "某某县人民政府",
            "/published_on": datetime.date(2024, 1, 31),
            "/text/overview": "概述",
            "/proactive/rules/made": 2,
        },
        notes=[note],
        sources={"/proactive/rules/made": "二三四!D5"},
    )
    assert report.format == FORMAT
    assert report.agency == "某某县人民政府"
    assert report.published_on == datetime.date(2024, 1, 31)
    assert report.text.overview == "概述"
    assert report.proactive.rules.made == 2
    assert report.proactive.rules.repealed is None  # not given: blank
    assert report.notes == (note,)
    assert dict(report.sources) == {"/proactive/rules/made": "二三四!D5"}


def test_assemble_of_every_value_of_an_example_gives_the_example_back(tmp_path):
    example = gkreport.load(EXAMPLES / "qingzhen-2020.json")
    values = dict(_leaves(gkreport.to_dict(example)))
    format_id = values.pop("/format")
    notes = values.pop("/notes")
    rebuilt = assemble(tmp_path / "r", format_id, values, notes=[Note(**n) for n in notes])
    assert rebuilt == example


def test_a_value_the_model_refuses_is_a_read_error_naming_the_file(tmp_path):
    with pytest.raises(gkreport.ReadError, match="values that do not fit the model") as caught:
        assemble(tmp_path / "r.toy", FORMAT, {"/proactive/rules/made": "two"})
    assert caught.value.path == str(tmp_path / "r.toy")
    assert "/proactive/rules/made" in str(caught.value)


def _leaves(data: dict, pointer: str = "") -> Iterator[tuple[str, object]]:
    for key, value in data.items():
        if isinstance(value, dict):
            yield from _leaves(value, f"{pointer}/{key}")
        else:
            yield f"{pointer}/{key}", value


@pytest.mark.parametrize("year", [1999, 2101, -1, 10**30])
def test_a_year_no_report_can_be_for_is_a_note_not_a_refusal(tmp_path, year):
    """A misprinted year (issue 12): the report is read, the year left blank and kept."""
    report = assemble(tmp_path / "r.xlsx", FORMAT, {"/year": year}, sources={"/year": "封面!B3"})
    assert report.year is None
    assert report.notes == (
        Note(
            path="/year",
            raw=str(year),
            source="封面!B3",
            message="not a report year (from 2008 to 2100)",
        ),
    )
