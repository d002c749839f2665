"""gkreport._readers.limits: one documented set of limits, raised or lowered by the caller.

Every breach is a `ReadError` naming the file and the limit (``max_lines=20000``),
so the message says which limit to raise; the caller passes `gkreport.Limits` to
`gkreport.load` or `gkreport.parse_text`, and the limits hold for that read only.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

import gkreport
from gkreport._readers.limits import Limits, applied, current
from tests.hostile.build import EXAMPLE, example_report


def test_the_defaults_are_the_documented_table():
    """Each field is a row of the table in the docstring of Limits, with its default."""
    table = {
        match[1]: match[2]
        for match in re.finditer(r"^ *(max_\w+) +([\d,]+(?: Mi)?)", Limits.__doc__ or "", re.M)
    }
    assert set(table) == {field.name for field in attrs.fields(Limits)} - {"ratio_grace_bytes"}
    for name, text in table.items():
        number, _, unit = text.partition(" ")
        documented = int(number.replace(",", "")) * (2**20 if unit == "Mi" else 1)
        assert getattr(Limits(), name) == documented, name
    assert "``ratio_grace_bytes`` (1 MiB)" in (Limits.__doc__ or "")
    assert Limits().ratio_grace_bytes == 2**20


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "10", None])
def test_a_limit_is_a_whole_number_above_zero(value: object):
    with pytest.raises(ValueError, match=r"Limits\.max_lines must be a whole number above zero"):
        Limits(max_lines=value)  # type: ignore[arg-type]


def test_limits_are_frozen_and_set_by_keyword():
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        Limits().max_lines = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        Limits(1)  # type: ignore[misc]


def test_the_callers_limits_hold_for_one_read_only(tmp_path: Path):
    lowered = Limits(max_file_bytes=10)
    with pytest.raises(gkreport.ReadError, match="max_file_bytes=10"):
        gkreport.load(EXAMPLE, limits=lowered)
    assert current() == Limits()
    assert gkreport.load(EXAMPLE) == example_report()
    with applied(lowered):
        assert current() is lowered
        with applied(None):
            assert current() is lowered  # None keeps the limits in effect
    assert current() == Limits()


def test_limits_that_are_not_a_limits_object_are_refused():
    with pytest.raises(TypeError, match=r"gkreport\.Limits"):
        gkreport.load(EXAMPLE, limits={"max_lines": 5})  # type: ignore[arg-type]


# --- each limit's message names the file --------------------------------------------------------

_DEFAULTS = attrs.asdict(Limits())


def _page(tmp_path: Path) -> Path:
    path = tmp_path / "report.html"
    path.write_text(gkreport.render.render(example_report(), "html"), "utf-8")
    return path


def _text(tmp_path: Path) -> Path:
    path = tmp_path / "report.md"
    path.write_text(gkreport.render.render(example_report(), "md"), "utf-8")
    return path


def _pdf(tmp_path: Path) -> Path:
    pypdf = pytest.importorskip("pypdf")
    pytest.importorskip("pdfplumber")
    writer = pypdf.PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    path = tmp_path / "three-pages.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return path


@pytest.mark.parametrize(
    ("make", "limits", "found"),
    [
        (lambda tmp: EXAMPLE, Limits(max_file_bytes=100), r"\d+ bytes in the file"),
        (_page, Limits(max_file_bytes=100), r"\d+ bytes in the file"),
        (_page, Limits(max_page_chars=1000), r"\d+ bytes in the page \(at least \d+ char"),
        (_page, Limits(max_page_elements=50), "more than 50 HTML elements in the page"),
        (_page, Limits(max_lines=10), r"\d+ lines"),
        (_text, Limits(max_page_chars=3000), r"^\S+ refused: \d+ characters in the page"),
        (_text, Limits(max_lines=10), r"\d+ lines"),
        (_pdf, Limits(max_pdf_pages=2), "more than 2 pages in the PDF"),
    ],
)
def test_each_limit_names_the_file_and_the_limit(tmp_path, make, limits: Limits, found: str):
    path = make(tmp_path)
    with pytest.raises(gkreport.ReadError) as info:
        gkreport.load(path, limits=limits)
    (name,) = (
        field.name
        for field in attrs.fields(Limits)
        if getattr(limits, field.name) != getattr(Limits(), field.name)
    )
    message = str(info.value)
    assert message.startswith(f"{path}: refused: ")
    assert re.search(found, message)
    assert message.endswith(f"over the limit {name}={getattr(limits, name)}")


def test_parse_text_names_its_source_or_text():
    page = gkreport.render.render(example_report(), "md")
    with pytest.raises(gkreport.ReadError, match=r"^<text>: refused: \d+ lines"):
        gkreport.parse_text(page, limits=Limits(max_lines=10))
    with pytest.raises(gkreport.ReadError, match=r"^https://example\.org/a: refused"):
        gkreport.parse_text(page, source="https://example.org/a", limits=Limits(max_lines=10))
