"""`gkreport._review.index`: index.html, one row per agency and year, sortable, self-contained.

The slow tests open the page in headless Chromium: a screenshot shows the table
with its coloured status cells, and a click on a header sorts the rows (Selenium
drives the browser, as for the service's upload page).
"""

from decimal import Decimal
from html.parser import HTMLParser

import pytest

try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
except ImportError:  # the browser tests skip, saying why
    webdriver = None

from gkreport._review import entries, index
from gkreport._review.words import WORDS
from tests.browser import CHROMIUM, MISSING, headless
from tests.review_folder import BAD, EARLIER, LATE, checked, make_folder
from tests.test_render import chromium, png_pixels

OK_FILL = (0xC6, 0xEF, 0xCE)  # tr.status-ok td.status in index.py's CSS
ERROR_FILL = (0xFF, 0xC7, 0xCE)  # tr.status-errors td.status


class Tables(HTMLParser):
    """Each table of a page by id: its header texts and its rows of (text, data-value)."""

    def __init__(self):
        super().__init__()
        self.tables, self.links, self.sources = {}, [], []
        self._table = self._row = self._cell = None
        self._head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "thead":
            self._head = True
        elif tag == "table":
            self._table = self.tables.setdefault(attrs.get("id"), {"head": [], "rows": []})
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ["", attrs.get("data-value")]
        if "href" in attrs:
            self.links.append(attrs["href"])
        if "src" in attrs or tag == "link":
            self.sources.append(attrs)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append((self._cell[0].strip(), self._cell[1]))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._head:
                self._table["head"] = [text for text, _ in self._row]
            else:
                self._table["rows"].append(self._row)
            self._row = None
        elif tag == "thead":
            self._head = False
        elif tag == "table":
            self._table = None

    @classmethod
    def of(cls, page):
        parser = cls()
        parser.feed(page)
        return parser


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    root = tmp_path_factory.mktemp("region")
    found = checked(make_folder(root / "reports"), root / "out")
    return root / "out", found


@pytest.fixture(scope="module")
def page(region):
    out, found = region
    index.write_index(out, found, "zh", skipped=1)
    return (out / index.NAME).read_text("utf-8")


def test_one_row_per_report_in_the_runs_order(page, region):
    _, found = region
    table = Tables.of(page).tables["reports-table"]
    assert len(table["rows"]) == len(found)
    assert [row[-1][0] for row in table["rows"]] == [e.file for e in found]


def test_the_header_names_the_key_indicators(page):
    head = Tables.of(page).tables["reports-table"]["head"]
    words = WORDS["zh"]
    assert head[:6] == [
        words[k] for k in ("agency", "year", "status", "timely", "errors", "warnings")
    ]
    assert head[6:-2] == [m.zh for m in entries.key_metrics()]


def test_a_row_shows_status_timeliness_counts_and_indicators(page, region):
    _, found = region
    words = WORDS["zh"]
    rows = dict(
        zip([e.file for e in found], Tables.of(page).tables["reports-table"]["rows"], strict=True)
    )
    for entry in found:
        row = rows[entry.file]
        assert row[2][0] == words[f"status.{entry.status}"]
        if entry.status == entries.UNREADABLE:
            assert [text for text, _ in row[3:-1]] == [""] * (len(row) - 4)
            continue
        assert row[0][0] == entry.agency
        assert row[1][0] == str(entry.year)
        assert (row[4][0], row[5][0]) == (str(entry.count("error")), str(entry.count("warning")))
        for cell, metric in zip(row[6:-2], entries.key_metrics(), strict=True):
            value = entry.indicators[metric.id]
            assert cell[0] == metric.display(value)
            assert cell[1] == ("" if value is None else format(value, "f"))
            if value is not None:
                assert Decimal(cell[1]) == value  # exact, for sorting
    late = next(e for e in found if e.file.endswith(LATE))
    assert rows[late.file][3][0] == words["timely.no"]
    assert (
        rows[next(e.file for e in found if e.file.endswith(EARLIER))][3][0] == words["timely.yes"]
    )
    assert rows[late.file][6 + 4][0] == "-50.0%"  # new_yoy against the doubled 2022 report


def test_each_readable_report_links_to_its_page(page, region):
    out, found = region
    links = [link for link in Tables.of(page).links if link.startswith("reports/")]
    assert links == [e.page for e in found if e.page]
    assert all((out / link).is_file() for link in links)
    assert next(e for e in found if e.file.endswith(BAD)).page is None


def test_the_counts_by_rule_add_up(page, region):
    _, found = region
    rows = Tables.of(page).tables["rules-table"]["rows"]
    by_code = {row[0][0]: int(row[4][0]) for row in rows}
    assert sum(by_code.values()) == sum(len(e.problems) for e in found)
    assert by_code["D2"] == sum(1 for e in found for p in e.problems if p.code == "D2")


def test_unreadable_files_are_listed_with_why(page, region):
    _, found = region
    bad = next(e for e in found if e.status == entries.UNREADABLE)
    rows = Tables.of(page).tables["unreadable-table"]["rows"]
    assert rows == [[(bad.file, None), (bad.error, None)]]


def test_nothing_is_fetched_when_the_page_is_opened(page):
    parsed = Tables.of(page)
    assert parsed.sources == []  # no <img src>, <script src>, <link>
    external = [link for link in parsed.links if ":" in link.split("/")[0]]
    assert external == []
    assert "@import" not in page
    assert "url(http" not in page


def test_the_summary_counts_and_links_the_problem_list(page, region):
    _, found = region
    assert f"共 {len(found)} 份" in page
    assert "另有 1 个非报告文件未读取" in page
    assert 'href="问题清单.xlsx"' in page


def test_english(region):
    _, found = region
    text = index.page(found, "en")
    head = Tables.of(text).tables["reports-table"]["head"]
    assert head[6:-2] == [m.en for m in entries.key_metrics()]
    assert '<html lang="en">' in text
    assert "correct" in text


def test_values_are_escaped():
    entry = entries.Entry("<b>x</b>.json", entries.UNREADABLE, error="<script>alert(1)</script>")
    text = index.page([entry])
    assert "<script>alert(1)" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


# --- in a browser -------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)"
)
def test_chromium_shows_the_table_with_its_status_colours(page, region, tmp_path):
    out, found = region
    uri = (out / index.NAME).as_uri()
    profile = tmp_path / "profile"
    dom = chromium("--dump-dom", uri, profile=profile).stdout
    parsed = Tables.of(dom)
    assert len(parsed.tables["reports-table"]["rows"]) == len(found)
    assert dom.count("<svg") == page.count("<svg") >= 3
    shot = out / "index.png"  # kept beside the outputs for a person to look at
    chromium("--screenshot=" + str(shot), "--window-size=1400,1600", uri, profile=profile)
    width, height, rows = png_pixels(shot)
    assert (width, height) == (1400, 1600)
    pixels = [pixel for row in rows for pixel in row]
    assert pixels.count(OK_FILL) > 300  # the 正确 cells
    assert pixels.count(ERROR_FILL) > 100  # the 有错误 cell


@pytest.fixture
def browser(tmp_path):
    if webdriver is None:
        pytest.skip("selenium is not installed (pip install selenium)")
    if MISSING:
        pytest.skip(MISSING)
    with headless(tmp_path / "profile", 1400, 1000) as driver:
        yield driver


def _column(browser, number):
    cells = browser.find_elements(By.CSS_SELECTOR, f"#reports-table tbody td:nth-child({number})")
    return [cell.get_attribute("data-value") or cell.text for cell in cells]


@pytest.mark.slow
def test_a_click_on_a_header_sorts_the_rows(browser, page, region):
    out, found = region
    browser.get((out / index.NAME).as_uri())
    heads = browser.find_elements(By.CSS_SELECTOR, "#reports-table thead th")
    rate = 7  # 公开率, the first key indicator
    assert heads[rate - 1].text == entries.key_metrics()[0].zh

    heads[rate - 1].click()
    values = _column(browser, rate)
    known = [Decimal(v) for v in values if v]
    assert known == sorted(known)
    assert values[len(known) :] == [""] * (len(values) - len(known))  # blanks last
    assert heads[rate - 1].get_attribute("aria-sort") == "ascending"

    heads[rate - 1].click()
    values = _column(browser, rate)
    known = [Decimal(v) for v in values if v]
    assert known == sorted(known, reverse=True)
    assert values[len(known) :] == [""] * (len(values) - len(known))
    assert heads[rate - 1].get_attribute("aria-sort") == "descending"

    heads[1].click()  # 年度
    years = [int(v) for v in _column(browser, 2) if v]
    assert years == sorted(years)
    files = _column(browser, len(heads))
    assert sorted(files) == sorted(e.file for e in found)  # every row still there, once
