import attrs
import pytest

import gkreport
from gkreport._forms import layout
from gkreport._tables import ApplicantCounts


def test_a_new_report_is_blank_everywhere():
    report = gkreport.Report2021()
    assert report.format == "2021"
    values = gkreport.to_dict(report)
    for leaf in layout.FORMATS["2021"].leaves():
        node = values
        for part in leaf.path:
            node = node[part]
        assert node is None, leaf.dotted


def test_reports_are_frozen_slotted_and_hashable():
    report = gkreport.Report2019(agency="某局")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.agency = "x"
    assert not hasattr(report, "__dict__")
    assert hash(report) == hash(gkreport.Report2019(agency="某局"))


def test_formats_are_distinct_types():
    assert gkreport.Report2021() != gkreport.Report2019()


@pytest.mark.parametrize("format_id", sorted(layout.FORMATS))
def test_model_fields_follow_the_layout(format_id):
    fmt = layout.FORMATS[format_id]
    report = gkreport.from_dict({"format": format_id})
    for section in fmt.sections:
        for path, row, _ in fmt.rows(section):
            node = report
            for part in path:
                node = getattr(node, part)
            assert [f.name for f in attrs.fields(type(node))] == [c.id for c in row.cells]


def test_rows_of_the_matrix_share_one_class():
    report = gkreport.Report2021()
    assert type(report.applications.new) is ApplicantCounts
    assert type(report.applications.results.denied.admin_query) is ApplicantCounts


def test_a_note_is_plain_unless_given_a_kind():
    plain = gkreport.Note(path="/applications/new", raw="200 000121")
    unread = attrs.evolve(plain, kind="unread")
    assert plain.kind is None
    assert unread.kind == "unread"
    assert unread != plain  # the kind is part of what the note says
    assert {plain, unread, attrs.evolve(plain, kind="implausible")} == {
        plain,
        unread,
        gkreport.Note(path="/applications/new", raw="200 000121", kind="implausible"),
    }
