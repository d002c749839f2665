"""The upload page in a real browser: headless Chromium, driven by Selenium.

A person opens the page, picks their workbook and presses the button; the result
page shows the report in the official layout with the failing total coloured.
The screenshot is checked for that colour inside the cell (and kept beside the
test's files for a person to look at).
"""

import copy
import importlib.util

import pytest

import gkreport
from gkreport import _json
from tests.browser import MISSING, headless
from tests.reference import EXAMPLES
from tests.service_server import Server
from tests.test_render import FINDING_FILL, png_pixels

try:
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # skipped below, with the reason
    webdriver = None

POINTER = "/applications/new/total"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        webdriver is None, reason="selenium is not installed (pip install selenium)"
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("starlette") is None,
        reason="gkreport[server] is not installed",
    ),
    pytest.mark.skipif(MISSING is not None, reason=MISSING or ""),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with Server(tmp_path_factory.mktemp("server"), "--workers", "1", "--max-upload", "256K") as s:
        yield s


@pytest.fixture
def browser(tmp_path):
    with headless(tmp_path / "profile", 1200, 1000) as driver:
        yield driver


@pytest.fixture
def workbook(tmp_path):
    """The example's workbook as an agency would fill it, one total mistyped (an F1 error)."""
    data = copy.deepcopy(_json.read_json(EXAMPLES / "qianxinan-2023.json"))
    data["applications"]["new"]["total"] += 1
    path = tmp_path / "黔西南州工信局2023年报.xlsx"
    gkreport.dump(gkreport.from_dict(data), path)
    return path


def upload(browser, server, path):
    browser.get(server.url + "/")
    assert "年度报告检查" in browser.title
    browser.find_element(By.ID, "file").send_keys(str(path))
    browser.find_element(By.ID, "submit").click()


def test_the_result_page_colours_the_failing_total(browser, server, workbook, tmp_path):
    upload(browser, server, workbook)
    WebDriverWait(browser, 60).until(
        expected_conditions.presence_of_element_located((By.ID, "gk-summary"))
    )
    result = gkreport.validate(gkreport.load(workbook))
    summary = browser.find_element(By.ID, "gk-summary").text
    assert workbook.name in summary
    assert f"错误 {len(result.errors)} 处" in summary

    cell = browser.find_element(By.CSS_SELECTOR, f'td[data-pointer="{POINTER}"]')
    assert "finding-error" in cell.get_attribute("class").split()
    assert cell.value_of_css_property("background-color") in (
        "rgb(255, 199, 206)",
        "rgba(255, 199, 206, 1)",
    )
    expected = next(f for f in result.errors if f.path == POINTER)
    assert expected.message in cell.get_attribute("title")
    findings = browser.find_element(By.CSS_SELECTOR, "ol.findings").text
    assert expected.message in findings

    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", cell)
    box = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return [r.left, r.top, r.width, r.height, window.devicePixelRatio];",
        cell,
    )
    shot = tmp_path / "result.png"
    assert browser.save_screenshot(str(shot))
    width, height, rows = png_pixels(shot)
    left, top, cell_width, cell_height, ratio = (float(v) for v in box)
    x0, y0 = int(left * ratio), int(top * ratio)
    x1, y1 = int((left + cell_width) * ratio), int((top + cell_height) * ratio)
    assert 0 <= x0 < x1 <= width
    assert 0 <= y0 < y1 <= height
    inside = [rows[y][x] for y in range(y0, y1) for x in range(x0, x1)]
    filled = sum(1 for pixel in inside if tuple(pixel[:3]) == FINDING_FILL)
    assert filled > 0.3 * len(inside)  # the cell is coloured, around its number
    everywhere = sum(1 for row in rows for pixel in row if tuple(pixel[:3]) == FINDING_FILL)
    assert everywhere - filled < filled  # and little else on screen is


def test_a_file_that_is_not_a_report_gets_a_page_saying_why(browser, server, tmp_path):
    notes = tmp_path / "会议纪要.txt"
    notes.write_text("会议纪要：今天讨论了三件事。\n", "utf-8")
    upload(browser, server, notes)
    WebDriverWait(browser, 60).until(
        expected_conditions.presence_of_element_located((By.CLASS_NAME, "error-message"))
    )
    assert "无法检查" in browser.find_element(By.TAG_NAME, "h1").text
    assert notes.name in browser.find_element(By.CLASS_NAME, "error-message").text
    assert browser.find_element(By.LINK_TEXT, "返回上传页面")


def test_a_file_over_the_limit_is_refused_on_the_page_before_it_is_sent(browser, server, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (256 * 1024 + 1))
    upload(browser, server, big)
    message = browser.find_element(By.ID, "too-large")
    assert message.is_displayed()
    assert "256 KiB" in message.text
    assert browser.current_url == server.url + "/"  # nothing was posted
