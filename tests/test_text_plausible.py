"""gkreport._readers.text.plausible: narrative numbers taken for cells are set aside."""

from __future__ import annotations

from pathlib import Path

import pytest

import gkreport
from gkreport._forms import layout
from gkreport._readers.text import parse_text
from gkreport._readers.text.plausible import implausible, implausible_notes

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# Seed 004 (a 2023 report): the first value of table 四 (行政复议 结果维持) is on this line.
REVIEW_UPHELD_LINE = 572


def _appeals(values: list[int]) -> dict[str, object]:
    """Table 四 of the 2021 form with ``values`` in printed order (15 cells)."""
    leaves = [leaf for leaf in layout.get_format("2021").leaves() if leaf.path[0] == "appeals"]
    return {leaf.pointer: value for leaf, value in zip(leaves, values, strict=True)}


def test_the_report_year_in_table_4_is_not_a_count():
    # 四 read as 2 / 2024 / 294 / 97 from the narrative of a 2024 report.
    values = _appeals([2, 2024, 294, 97, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    assert implausible(values, "2021", 2024) == [
        ("/appeals/review/corrected", 2024, "equal to a report year (2023–2025)")
    ]
    # The year before counts as a date too; another year does not.
    assert implausible(values, "2021", 2023)
    assert implausible(values, "2021", 2021) == []


def test_a_lone_huge_count_is_not_a_count_but_a_confirmed_one_is():
    stray = _appeals([1, 5860, 0, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    ((pointer, value, _),) = implausible(stray, "2021", None)
    assert (pointer, value) == ("/appeals/review/corrected", 5860)
    # A large bureau: the same count in its row's 总计 confirms it.
    confirmed = _appeals([0, 5860, 0, 0, 5860, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    assert implausible(confirmed, "2021", 2024) == []
    # Large beside large: 1,500 is not 100 times 20.
    assert implausible(_appeals([1500, 20, 0, 0, 1520, *[0] * 10]), "2021", None) == []


def test_table_2_is_not_checked():
    # A licensing office's tens of thousands of decisions beside a handful of documents.
    values = {"/proactive/licensing/decisions": 52000, "/proactive/normative/made": 2}
    assert implausible(values, "2021", 2024) == []


def test_a_value_set_aside_leaves_its_cell_null_with_a_note_and_its_source():
    values = _appeals([2, 2024, 294, 97, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    sources = {"/appeals/review/corrected": "line 80"}
    (note,) = implausible_notes(values, sources, "2021", 2024)
    assert values["/appeals/review/corrected"] is None
    assert (note.path, note.raw, note.source, note.kind) == (
        "/appeals/review/corrected",
        "2024",
        "line 80",
        "implausible",
    )
    assert sources == {"/appeals/review/corrected": "line 80"}


def test_a_year_read_into_table_4_of_a_real_report_is_one_warning_not_an_f4_error():
    lines = (SEEDS / "004_3ee1f57b4b1cc898.txt").read_text("utf-8").split("\n")
    assert lines[REVIEW_UPHELD_LINE - 1].strip() == "0"
    lines[REVIEW_UPHELD_LINE - 1] = "2023"
    report = parse_text("\n".join(lines))
    assert report.appeals.review.upheld is None
    (note,) = [n for n in report.notes if n.kind == "implausible"]
    assert (note.path, note.raw, note.source) == (
        "/appeals/review/upheld",
        "2023",
        f"line {REVIEW_UPHELD_LINE}",
    )
    findings = gkreport.validate(report).findings
    (finding,) = [f for f in findings if f.code == "implausible"]
    assert finding.severity == "warning"
    assert finding.path == "/appeals/review/upheld"
    assert "2023" in finding.message
    assert not [f for f in findings if f.code in ("F4", "blank") and "review" in f.path]


@pytest.mark.parametrize(
    "path",
    [
        *sorted(SEEDS.glob("*.txt")),
        *(sorted(CORPUS.glob("0*.txt")) if CORPUS.is_dir() else []),
    ],
    ids=lambda path: path.name,
)
def test_no_count_of_the_seeds_and_corpus_is_set_aside(path):
    report = gkreport.load(path)
    assert [n for n in report.notes if n.kind == "implausible"] == []
