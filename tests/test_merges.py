"""gkreport._readers.merges: a sheet's merged ranges, picked out of its XML."""

from __future__ import annotations

import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from gkreport._readers import merges
from gkreport._readers.merges import _FEW, MAX_MERGES, merged_in, merged_ranges

_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<{p}worksheet xmlns{colon}{q}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<{p}sheetData/>"
    '<{p}mergeCells count="4">'
    '<{p}mergeCell ref="K33:T33"/>'
    "<{p}mergeCell ref='A1:B3'/>"
    '<{p}mergeCell ref="C:C"/>'
    '<{p}mergeCell ref="E4990:F5010"/>'
    "</{p}mergeCells></{p}worksheet>"
)


def _archive(xml: str) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    return zipfile.ZipFile(buffer)


def _read(xml: str, **limits: int) -> dict[tuple[int, int], tuple[int, int]]:
    limits = {"max_row": 5000, "max_column": 200, **limits}
    return merged_ranges(_archive(xml), "/xl/worksheets/sheet1.xml", **limits)


def test_each_range_by_its_top_left_cell_clipped_to_the_limits() -> None:
    expected = {(33, 11): (33, 20), (1, 1): (3, 2), (4990, 5): (5000, 6)}
    assert _read(_SHEET.format(p="", colon="", q="")) == expected
    assert _read(_SHEET.format(p="x:", colon=":", q="x")) == expected  # a prefixed namespace


def test_ranges_starting_beyond_the_limits_are_left_out() -> None:
    assert _read(_SHEET.format(p="", colon="", q=""), max_row=100, max_column=10) == {
        (1, 1): (3, 2)
    }


def test_a_sheet_without_merges_or_a_missing_part_has_none() -> None:
    assert _read("<worksheet><sheetData/></worksheet>") == {}
    assert (
        merged_ranges(_archive("<worksheet/>"), "xl/worksheets/sheet9.xml", max_row=1, max_column=1)
        == {}
    )


def test_ranges_remembered_are_handed_out_as_copies() -> None:
    xml = _SHEET.format(p="", colon="", q="")
    first = _read(xml)
    first[(99, 99)] = (99, 99)
    assert _read(xml) == {(33, 11): (33, 20), (1, 1): (3, 2), (4990, 5): (5000, 6)}


def test_many_ranges_are_read_as_few_are_and_at_most_max_merges() -> None:
    """Past `_FEW` ranges nothing is remembered; either way at most `MAX_MERGES` are kept."""
    for count in (_FEW - 1, _FEW + 1, MAX_MERGES + 10):
        cells = "".join(f'<mergeCell ref="A{row}:B{row}"/>' for row in range(1, count + 1))
        xml = f"<worksheet><sheetData/><mergeCells>{cells}</mergeCells></worksheet>"
        found = merged_in(xml.encode(), max_row=10**6, max_column=200)
        assert found == {(row, 1): (row, 2) for row in range(1, min(count, MAX_MERGES) + 1)}


# --- the search bounded at the last mergeCell finds what a search of the whole sheet finds ---

_PIECES = [
    "<mergeCell ",
    "<x:mergeCell\t",
    "mergeCell",
    "<mergeCells>",
    'ref="A1:B2"',
    "ref='C3:D9'",
    "ref = 'E1:E2'",
    "ref=",
    "A1:C3",
    '"',
    "'",
    ">",
    "/>",
    "<",
    " ",
    '<c r="A1"><v>1</v></c>',
    "</mergeCells>",
    'xref="A1:B2"',
]


def _whole_sheet(
    data: bytes, max_row: int, max_column: int
) -> dict[tuple[int, int], tuple[int, int]]:
    """The reference: every ``<mergeCell ref=…>`` match in the whole of ``data``."""
    start = data.find(b"mergeCell")
    if start < 0:
        return {}
    refs = [m.group(1) for m in merges._MERGE_CELL.finditer(data, max(start - 64, 0))]
    return merges._ranges(refs, max_row, max_column)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from(["", "<tail a='1'>x"]))
def test_the_search_stops_at_the_last_merge_cell_and_finds_the_same(
    pieces: list[str], tail: str
) -> None:
    data = ("".join(pieces) + tail).encode()
    assert merged_in(data, max_row=50, max_column=20) == _whole_sheet(data, 50, 20)


_PLAIN_EDGES = [
    *_PIECES,
    '<mergeCell ref="A1:B2"/>',
    "<mergeCell ref='A1:B2'/>",
    '<mergeCell  ref="A1:B2"/>',
    '<mergeCell\tref="A1:B2"/>',
    '<mergeCell ref="A1 B2"/>',
    '<mergeCell ref=""/>',
    '<mergeCell ref="mergeCell"/>',
    '<mergeCell ref="A1:B2" ref="C3:D4"/>',
    '<mergeCell ref="A1 B2" ref="C3:D4"/>',
    '<mergeCell id="1" ref="A1:B2"/>',
    '<mergeCell ref="$A$1:$B$2"/>',
    "<x:mergeCell ref='A1:B2'/>",
    '<mergeCellsx ref="A1:B2"/>',
    '<mergeCells count="2">',
    "<t>mergeCell</t>",
    '<mergeCell ref="A1:B2">',
    '<mergeCell ref="A1:B2',
    "<mergeCell/>",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PLAIN_EDGES), max_size=25))
def test_plain_range_elements_are_read_as_the_general_pattern_reads_them(
    pieces: list[str],
) -> None:
    data = "".join(pieces).encode()
    words = data.count(b"mergeCell")
    assert merges._refs(data, 0, len(data), words) == merges._MERGE_CELL.findall(data)
    assert merged_in(data, max_row=50, max_column=20) == _whole_sheet(data, 50, 20)
