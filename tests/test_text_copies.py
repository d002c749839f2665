"""A report printed twice, a second copy of its tables, two reports in one file."""

from __future__ import annotations

import re

import pytest

from gkreport import ReadError, load, to_dict, validate
from gkreport._readers.text import parse_text
from gkreport._readers.text.copies import set_aside
from gkreport._readers.text.lines import split_lines
from tests.reference import CORPUS, SEEDS

GUANDU = (SEEDS / "002_ce68d56cc731e239.txt").read_text("utf-8")
QIANXINAN = (SEEDS / "004_3ee1f57b4b1cc898.txt").read_text("utf-8")
TITLE = "昆明市官渡区人民政府2024年政府信息公开工作年度报告"


def test_a_copy_is_set_aside_with_the_title_printed_before_it():
    lines = list(split_lines(GUANDU + "\n" + GUANDU))
    first, copies = set_aside(lines)
    assert len(first) == len(GUANDU.split("\n"))
    assert [copy[0].text for copy in copies] == [TITLE]


def test_the_same_report_twice_is_read_once_with_a_note():
    once, twice = parse_text(GUANDU), parse_text(GUANDU + "\n" + GUANDU)
    assert to_dict(twice) | {"notes": None} == to_dict(once) | {"notes": None}
    extra = [note for note in twice.notes if note not in once.notes]
    assert [(n.path, n.raw, n.source) for n in extra] == [("", TITLE, "line 76")]
    assert extra[0].message == (
        "the report is printed twice (line 76–line 150); the copy is identical, read once"
    )


def test_a_second_copy_of_the_tables_with_other_numbers_keeps_the_first():
    changed = GUANDU.replace("规章 | 0 | 0 | 0 |", "规章 | 7 | 0 | 0 |")
    report = parse_text(GUANDU + "\n" + changed)
    assert report.proactive.rules.made == 0
    notes = [note for note in report.notes if "second copy" in note.message]
    assert [(n.path, n.raw, n.source) for n in notes] == [
        ("/proactive/rules/made", "7", "line 88"),
        ("", TITLE, "line 76"),
    ]
    assert notes[0].message == (
        "a second copy of the tables (line 76–line 150) gives 7 here, the first 0; "
        "the first is kept"
    )
    assert notes[1].message == (
        "a second copy of the tables (line 76–line 150) differs from the first in 1 cell "
        "(a note on each); the first is kept"
    )


def test_a_copy_of_the_tables_alone_is_compared_cell_by_cell():
    start = GUANDU.index("二、主动公开政府信息情况")
    end = GUANDU.index("五、存在的主要问题及改进情况")
    report = parse_text(GUANDU + "\n" + GUANDU[start:end])
    assert report.text.other_matters == parse_text(GUANDU).text.other_matters
    summary = [note for note in report.notes if "second copy" in note.message]
    assert [note.message.split(" (")[0] for note in summary] == ["a second copy of the report"]


def test_two_reports_in_one_file_are_refused_naming_both():
    with pytest.raises(ReadError) as caught:
        parse_text(GUANDU + "\n" + QIANXINAN, source="both.txt")
    message = str(caught.value)
    assert TITLE in message
    assert "黔西南州工业和信息化局2023年政府信息公开工作年度报告" in message
    assert "two reports in one file" in message


def test_two_reports_on_one_line_are_refused_too():
    page = re.sub(r"\s*\n\s*", " ", GUANDU + "\n" + QIANXINAN)
    with pytest.raises(ReadError, match="two reports in one file"):
        parse_text(page)


def test_two_years_of_the_corpus_in_one_file_are_refused():
    paths = [
        CORPUS / f"{name}.txt"
        for name in ("002-hongze-district-gov-2023", "003-hongze-district-gov-2024")
    ]
    if not all(path.is_file() for path in paths):
        pytest.skip(f"the real-report corpus is not at {CORPUS}")
    text = "\n".join(path.read_text("utf-8") for path in paths)
    with pytest.raises(ReadError, match=r"2023.*2024"):
        parse_text(text)


def test_a_second_copy_with_one_changed_number_is_one_copies_finding(tmp_path):
    """End to end: a seed with its tables printed twice, one number changed, read from a file."""
    changed = GUANDU.replace("规章 | 0 | 0 | 0 |", "规章 | 7 | 0 | 0 |")
    path = tmp_path / "guandu.txt"
    path.write_text(GUANDU + "\n" + changed, "utf-8")
    report = load(path)
    once = validate(parse_text(GUANDU)).findings
    found = validate(report).findings
    (finding,) = [f for f in found if f.code == "copies"]
    assert (finding.path, finding.cells, finding.severity) == (
        "/proactive/rules/made",
        ("/proactive/rules/made",),
        "warning",
    )
    assert finding.location == "line 13"  # where the first copy, the one read, prints it
    assert "table 2 “规章—本年制发件数”: 0 in the first, 7 in the second" in finding.message_en
    assert [f for f in found if f.code != "copies"] == list(once)
    assert [f.code for f in validate(to_dict(report)).findings].count("copies") == 1


def test_a_copy_printed_identical_is_no_finding():
    assert "copies" not in [f.code for f in validate(parse_text(GUANDU + "\n" + GUANDU)).findings]
