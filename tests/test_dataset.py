"""gkreport._dataset: the export's columns, one row per report, previous years paired."""

import attrs
import pytest

import gkreport
from gkreport._dataset import (
    INVALID,
    NOT_A_REPORT,
    OK,
    UNREADABLE,
    ColumnKind,
    columns,
    header,
    previous_reports,
    row,
    rows,
)
from gkreport._forms import registry
from gkreport._indicators import metrics
from tests.reference import EXAMPLES, GUANDU, SEEDS, cell_values

QINGZHEN = EXAMPLES / "qingzhen-2020.json"


def test_every_cell_of_every_format_is_one_column():
    ids = [column.id for column in columns()]
    assert len(ids) == len(set(ids))
    cell_columns = {c.id: c for c in columns() if c.formats}
    for fmt in registry.FORMATS.values():
        leaves = [leaf.dotted for leaf in fmt.leaves()]
        assert set(leaves) <= set(cell_columns)
        assert all(fmt.id in cell_columns[leaf].formats for leaf in leaves)
        # each format's cells keep their printed order among the columns
        positions = [ids.index(leaf) for leaf in leaves]
        assert positions == sorted(positions)


def test_a_cell_only_some_formats_print_says_which():
    counts = {c.id: c.formats for c in columns() if c.formats}
    only = {cid for cid, formats in counts.items() if len(formats) < len(registry.FORMATS)}
    assert "applications.new.total" not in only
    assert "applications.results.other.fee_unpaid.total" in only
    assert "proactive.fees.amount" in only


def test_the_measures_and_the_metadata_are_columns():
    ids = [column.id for column in columns()]
    assert ids[:3] == ["file", "status", "error"]
    assert [f"indicators.{m.id}" for m in metrics()] == ids[-len(metrics()) :]
    kinds = {c.id: c.kind for c in columns()}
    assert kinds["proactive.fees.amount"] is ColumnKind.MONEY
    assert kinds["indicators.disclosure_rate"] is ColumnKind.RATIO
    assert kinds["published_on"] is ColumnKind.DATE


def test_chinese_headers_are_unique_and_official():
    names = header("zh")
    assert len(names) == len(set(names))
    assert names[header().index("agency")] == "机关名称"
    zh = dict(zip(header(), names, strict=True))
    assert zh["applications.new.total"] == "一、本年新收政府信息公开申请数量 × 总计"
    assert zh["indicators.disclosure_rate"] == "公开率"


@pytest.mark.parametrize("path", [QINGZHEN, GUANDU], ids=lambda p: p.stem)
def test_a_row_holds_every_cell_of_its_report(path):
    report = gkreport.load(path)
    result = gkreport.validate(report).to_dict()
    values = row(path.name, report, result)
    assert values["status"] == OK
    assert values["error"] is None
    assert (values["agency"], values["year"], values["format"]) == (
        report.agency,
        report.year,
        report.format,
    )
    for pointer, value in cell_values(gkreport.to_dict(report)).items():
        assert values[pointer[1:].replace("/", ".")] == value
    for severity in ("error", "warning", "info"):
        expected = sum(1 for f in result["findings"] if f["severity"] == severity)
        assert values[f"findings.{severity}"] == expected
    assert values["indicators.disclosure_rate"] == gkreport.indicators(report)["disclosure_rate"]
    assert set(values) == {c.id for c in columns()}


def test_a_cell_the_format_lacks_is_empty():
    report = gkreport.load(QINGZHEN)
    fee_unpaid = "applications.results.other.fee_unpaid.total"
    assert report.format not in next(c for c in columns() if c.id == fee_unpaid).formats
    assert row("q", report)[fee_unpaid] is None


def test_an_unreadable_file_is_a_row_that_says_why():
    values = row("bad.html", error="bad.html: not an annual report")
    assert values["status"] == UNREADABLE
    assert values["error"] == "bad.html: not an annual report"
    assert values["findings.error"] is None  # not checked, not zero
    assert values["agency"] is None


def test_a_payload_that_does_not_fit_is_an_invalid_row_with_its_findings():
    result = gkreport.validate({"format": "nonsense"}).to_dict()
    values = row("payload.json", None, result)
    assert values["status"] == INVALID
    assert values["error"] == NOT_A_REPORT
    assert values["findings.error"] == len(result["findings"]) > 0


def _year(report, year, agency=None):
    return attrs.evolve(report, year=year, agency=agency or report.agency)


def test_the_previous_year_of_the_same_agency_is_paired():
    base = gkreport.load(GUANDU)  # 昆明市官渡区人民政府 2024
    earlier = _year(base, 2023, "官渡区人民政府")  # the same agency, written shorter
    other = _year(base, 2023, "呈贡区人民政府")
    assert previous_reports([base, earlier, other, None]) == [earlier, None, None, None]


def test_two_reports_of_one_year_pair_with_nothing():
    base = gkreport.load(GUANDU)
    earlier = _year(base, 2023)
    assert previous_reports([base, earlier, _year(base, 2023)]) == [None, None, None]


def test_rows_fill_the_year_on_year_measure_within_a_run():
    base = gkreport.load(GUANDU)
    earlier = _year(base, 2023)
    found = rows([("a", base, None, None), ("b", earlier, None, None)])
    assert found[0]["indicators.new_yoy"] == 0  # the same 357 new applications
    assert found[1]["indicators.new_yoy"] is None


def test_the_seeds_make_rows():
    found = rows(
        (path.name, gkreport.load(path), None, None) for path in SEEDS.glob("*.expected.json")
    )
    assert all(r["status"] == OK for r in found)
    assert {r["format"] for r in found} == set(registry.FORMATS)  # both formats in one table
