"""`gkreport._review.pages`: each report's page in the official layout, with its findings."""

import re

import attrs
from hypothesis import given
from hypothesis import strategies as st

import gkreport
from gkreport._render import render
from gkreport._review import pages
from tests.reference import GUANDU, SEEDS


def test_a_finding_comes_back_whole_from_its_dict():
    seen = 0
    for path in sorted(SEEDS.glob("*.expected.json")):
        for finding in gkreport.validate(gkreport.load(path)).findings:
            back = pages.finding_of(finding.to_dict())
            assert back.to_dict() == finding.to_dict()
            assert attrs.evolve(back, paths=finding.paths) == finding  # () reads as (path,)
            seen += 1
    assert seen


def test_the_page_is_the_renderers_with_the_findings(tmp_path):
    report = gkreport.load(GUANDU)
    result = gkreport.validate(report)
    assert result.errors  # seed 002 has a real fault
    name = pages.write_page(
        tmp_path, report, [f.to_dict() for f in result.findings], "region/guandu.json", "zh"
    )
    page = (tmp_path / name).read_text("utf-8")
    assert page == render(report, "html", result.findings, lang="zh")
    assert result.errors[0].message.split("“")[0] in page
    assert gkreport.load(tmp_path / name) == report  # a rendered page reads back


def test_page_names_are_stable_distinct_and_safe():
    first = pages.page_name("2023/a b/report.xlsx")
    assert first == pages.page_name("2023/a b/report.xlsx")
    assert first != pages.page_name("2024/a b/report.xlsx")
    assert re.fullmatch(r"reports/report-[0-9a-f]{8}\.html", first)
    assert pages.page_name("黔西南州/工信局 2023.docx").startswith("reports/工信局_2023-")


@given(st.text(min_size=1))
def test_any_file_name_gives_one_plain_file_in_the_folder(shown):
    name = pages.page_name(shown)
    folder, file = name.split("/")
    assert folder == pages.FOLDER
    assert file.endswith(".html")
    assert not file.startswith(".")
    assert re.fullmatch(r"[\w.-]+", file)
    assert len(file.encode("utf-8")) < 255
