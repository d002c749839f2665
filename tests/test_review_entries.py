"""`gkreport._review.entries`: each checked file as a compact entry; the run's indicators."""

import attrs
import pytest

import gkreport
from gkreport._cli import batch
from gkreport._review import entries
from tests.reference import EXAMPLES, SEEDS
from tests.review_folder import BAD, EARLIER, LATE, by_name, checked, load, make_folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_folder(tmp_path_factory.mktemp("region") / "reports")


@pytest.fixture(scope="module")
def found(folder):
    return checked(folder)


def test_every_input_is_an_entry_with_its_status(found):
    status = {name: entry.status for name, entry in by_name(found).items()}
    assert status == {
        "guandu.json": entries.ERRORS,
        "qingzhen.json": entries.OK,
        "jiangle.txt": entries.OK,
        LATE: entries.OK,
        EARLIER: entries.OK,
        BAD: entries.UNREADABLE,
    }  # notes.py is not a report: skipped, not an entry


def test_an_unreadable_file_keeps_why(found):
    bad = by_name(found)[BAD]
    assert bad.error is not None
    assert BAD in bad.error
    assert (bad.agency, bad.problems, bad.page, bad.indicators) == (None, (), None, {})


def test_the_counts_and_problems_are_the_validators(folder, found):
    for name, entry in by_name(found).items():
        if entry.status == entries.UNREADABLE:
            continue
        result = gkreport.validate(load(folder, name))
        assert entry.counts == {
            s: len(getattr(result, f"{s}s")) for s in ("error", "warning", "info")
        }
        assert [p.code for p in entry.problems] == [f.code for f in result.findings]
        assert [p.message for p in entry.problems] == [f.message for f in result.findings]
        assert [p.cells for p in entry.problems] == [
            len(f.paths or (f.path,)) for f in result.findings
        ]


def test_a_grouped_finding_counts_its_cells_and_what_it_explains():
    data = gkreport.to_dict(gkreport.load(EXAMPLES / LATE))
    for key in data["applications"]["new"]:
        data["applications"]["new"][key] = None  # a blank row: one finding, seven cells
    data["applications"]["results"]["granted"]["total"] += 1  # one wrong cell, identities broken
    finding = next(f for f in gkreport.validate(data).findings if len(f.paths) > 1 or f.explains)
    problem = entries.Problem.of(finding.to_dict())
    assert problem.cells == len(finding.paths or (finding.path,))
    assert problem.explains == len(finding.explains)
    assert (problem.cells, problem.explains) != (1, 0)


def test_timeliness_follows_d2(found):
    named = by_name(found)
    assert named[LATE].timely is False  # published 2024-03-15, a department: late
    assert any(p.code == "D2" for p in named[LATE].problems)
    assert named[EARLIER].timely is True
    assert named["guandu.json"].timely is None  # no publication date: unknown


def test_the_key_indicators_are_the_libraries_with_last_year_paired(folder, found):
    named = by_name(found)
    shown = {m.id for m in entries.key_metrics()}
    assert shown == {m.id for m in gkreport.metrics() if m.key}
    late, earlier = load(folder, LATE), load(folder, EARLIER)
    expected = gkreport.indicators(late, earlier)
    assert named[LATE].indicators == {key: expected[key] for key in shown}
    assert named[LATE].indicators["new_yoy"] is not None  # paired with 2022
    alone = gkreport.indicators(load(folder, "guandu.json"))
    assert named["guandu.json"].indicators == {key: alone[key] for key in shown}


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.expected.json")), ids=lambda p: p.name[:3])
def test_a_slim_report_gives_the_same_indicators(path):
    report = gkreport.load(path)
    slim = entries.slim(report)
    assert gkreport.indicators(slim) == gkreport.indicators(report)
    assert not any(getattr(slim.text, part) for part in attrs.fields_dict(type(slim.text)))
    assert dict(slim.sources) == {}


def test_entries_come_by_agency_then_year_the_unnamed_last(found):
    names = [entry.file.rsplit("/", 1)[-1] for entry in found]
    assert names.index(EARLIER) + 1 == names.index(LATE)
    assert names[-1] == BAD
    groups = [entry.group for entry in found if entry.group]
    assert groups == sorted(groups)


def test_a_payload_that_does_not_fit_is_an_entry_with_errors_and_no_page(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "2021", "applications": 3}', "utf-8")
    [outcome] = batch.run(batch.gather([path]), keep_reports=True)
    entry = entries.entry(outcome, batch.report_of(outcome))
    assert entry.status == entries.ERRORS
    assert entry.problems
    assert entry.page is None
    assert entries.finish([entry])[0].indicators == {}
