"""`gkreport._review.charts`: the index's charts as inline SVG, the same every run."""

import re
import xml.etree.ElementTree as ET

import pytest

from gkreport._review import charts
from gkreport._review.entries import key_metrics
from tests.review_folder import checked, make_folder

pytestmark = pytest.mark.skipif(
    not charts.available(), reason="matplotlib is not installed (pip install 'gkreport[review]')"
)


@pytest.fixture(scope="module")
def found(tmp_path_factory):
    return checked(make_folder(tmp_path_factory.mktemp("region") / "reports"))


@pytest.fixture(scope="module")
def svgs(found):
    return _all(found)


def _all(found, lang="zh"):
    return [
        charts.indicator_chart(found, lang),
        *(svg for _, svg in charts.findings_charts(found, lang)),
    ]


def test_each_chart_is_an_inline_svg_element(svgs):
    for svg in svgs:
        assert svg.startswith("<svg")
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "<?xml" not in svg
        assert "DOCTYPE" not in svg


def test_the_charts_fetch_nothing_and_carry_no_date(svgs):
    for svg in svgs:
        links = re.findall(r'(?:href|src)="([^"#][^"]*)"', svg)
        assert links == []
        assert "<dc:date>" not in svg
        assert "<text" not in svg  # glyphs as outlines: no font needed to view


def test_the_same_entries_give_the_same_svg(found, svgs):
    assert _all(found) == svgs


def test_ids_are_unique_across_the_page(svgs):
    ids = [i for svg in svgs for i in re.findall(r'\bid="([^"]+)"', svg)]
    assert ids
    assert len(ids) == len(set(ids))
    for svg in svgs:  # every reference points into its own chart
        own = set(re.findall(r'\bid="([^"]+)"', svg))
        refs = set(re.findall(r'(?:href="#|url\(#)([^")]+)', svg))
        assert refs <= own


def test_a_bar_per_rule_and_a_panel_per_key_indicator(found, svgs):
    indicators, rules, _ = svgs
    codes = {p.code for e in found for p in e.problems}
    assert codes
    bars = re.findall(r'<g id="rules-patch_\d+">', rules)
    severities_per_code = {(p.code, p.severity) for e in found for p in e.problems}
    assert len(bars) >= len(severities_per_code)  # and the frame and legend patches
    panels = re.findall(r'<g id="indicators-axes_\d+">', indicators)
    assert len(panels) == len(key_metrics())


def test_no_values_is_said_not_drawn():
    svg = charts.indicator_chart([], "zh")
    assert ET.fromstring(svg) is not None
    assert list(charts.findings_charts([], "en"))


def test_noto_sans_cjk_sc_is_used_when_installed():
    font_manager = pytest.importorskip("matplotlib.font_manager")
    installed = {font.name for font in font_manager.fontManager.ttflist}
    if "Noto Sans CJK SC" not in installed:
        pytest.skip("Noto Sans CJK SC is not installed (Debian: apt-get install fonts-noto-cjk)")
    assert charts.cjk_font() == "Noto Sans CJK SC"
