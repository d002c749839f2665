"""tools/screenshot.py: the docs' picture of the filled template, by LibreOffice and poppler."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from tools import screenshot

_MISSING = [name for name in ("soffice", "pdftoppm", "pdftotext") if shutil.which(name) is None]


@pytest.mark.slow
@pytest.mark.skipif(bool(_MISSING), reason=f"not installed: {', '.join(_MISSING)}")
def test_the_screenshot_is_the_page_of_the_tables(tmp_path: Path) -> None:
    out = screenshot.screenshot(tmp_path / "shot.png")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert 500 < width < height  # one A4 page, portrait
    assert screenshot.OUT.exists()  # the committed picture the README shows
