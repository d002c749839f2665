"""Headless Chromium driven by Selenium, as the upload page and the review's index are tested.

One place for the browser's flags: on these machines Chromium must not reach for the
network (its background requests are refused, many at a time) and runs as root, so
without a sandbox, in a profile folder of the test's own.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
#: Why a browser test cannot run here, or None when it can.
MISSING = (
    None
    if CHROMIUM and CHROMEDRIVER
    else "Chromium and its driver are not installed "
    "(Debian: apt-get install chromium chromium-driver)"
)


@contextlib.contextmanager
def headless(profile: Path, width: int, height: int) -> Iterator[Any]:
    """A Selenium driver of headless Chromium with a window of ``width`` × ``height``."""
    from selenium import webdriver  # noqa: PLC0415 - the test extra's; skipped without it
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={width},{height}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
