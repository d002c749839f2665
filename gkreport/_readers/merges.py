"""A worksheet's merged ranges, read from its XML: openpyxl's read-only mode drops them.

A table pasted from a web page keeps the page's column spans as merged cells
(a header merged across K:T, its value at P34), and the grid reader needs them
to place such a value. Loading the workbook without ``read_only`` would give
them, at several times the cost of the read, so only the ``<mergeCell ref=…>``
elements are picked out of the sheet's XML. The archive was bounded before
openpyxl opened it (`xlsx._check_archive`), and a pattern over bytes expands no
entity, so this reads nothing a hostile file could inflate.
"""

from __future__ import annotations

import functools
import re
import zipfile
from collections.abc import Iterable

from openpyxl.utils.cell import range_boundaries

__all__ = ["MAX_MERGES", "merged_in", "merged_ranges"]

#: More merged ranges than any report sheet has; the rest are ignored.
MAX_MERGES = 5_000

_MERGE_CELL = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([A-Za-z0-9:$]+)[\"']")
#: A range's element as every writer seen writes it: where each "mergeCell" of the part
#: (but those of "mergeCells") opens one, `_MERGE_CELL` finds those and no others.
_PLAIN_MERGE_CELL = re.compile(rb'<mergeCell ref="([A-Za-z0-9:$]+)"')
#: The word itself: sre finds it sooner than ``bytes.find`` (the word's bytes are common).
_MERGE_WORD = re.compile(rb"mergeCell")


def merged_ranges(
    archive: zipfile.ZipFile, part: str, *, max_row: int, max_column: int
) -> dict[tuple[int, int], tuple[int, int]]:
    """The merged ranges of the sheet stored at ``part``: top-left cell -> bottom-right cell.

    Ranges starting beyond ``max_row`` × ``max_column`` are left out and the
    others clipped to it; a part that cannot be read has none.
    """
    try:
        data = archive.read(part.lstrip("/"))
    except (KeyError, OSError, zipfile.BadZipFile, EOFError, ValueError):
        return {}
    return merged_in(data, max_row=max_row, max_column=max_column)


def merged_in(
    data: bytes, *, max_row: int, max_column: int
) -> dict[tuple[int, int], tuple[int, int]]:
    """`merged_ranges` of a sheet's XML already read (the calamine reader has it at hand).

    A sheet of a few merges (every report sheet) has them worked out once per list of
    ranges (`_merged`): the template's merges recur in every workbook written from it.
    """
    first = _MERGE_WORD.search(data)
    if first is None:
        return {}
    start = max(first.start() - 64, 0)
    # Every match holds a "mergeCell" and no ">": none runs past the first ">" after the
    # last "mergeCell", so the search stops there (not at the end of the sheet's XML).
    last = data.rfind(b"mergeCell")
    end = data.find(b">", last)
    end = len(data) if end < 0 else end
    words = data.count(b"mergeCell", start, end)
    if words <= _FEW:  # each range's element says it once
        refs = tuple(_refs(data, start, end, words))
        return dict(_merged(refs, max_row, max_column))  # a copy: the remembered one is shared
    return _ranges(
        (match.group(1) for match in _MERGE_CELL.finditer(data, start, end)), max_row, max_column
    )


def _refs(data: bytes, start: int, end: int, words: int) -> list[bytes]:
    """What `_MERGE_CELL` finds between ``start`` and ``end``, which hold ``words`` "mergeCell"s.

    Where each of those words but the "mergeCells" opens a range's element written
    plainly (`_PLAIN_MERGE_CELL`), each is where `_MERGE_CELL` finds a range, the same
    one, and it finds no other (each of its matches holds a "mergeCell" and a space):
    the plain pattern, three times faster, finds them all.
    """
    refs: list[bytes] = _PLAIN_MERGE_CELL.findall(data, start, end)
    if len(refs) == words - data.count(b"mergeCells", start, end):
        return refs
    found: list[bytes] = _MERGE_CELL.findall(data, start, end)
    return found


#: At most this many merged ranges are remembered by their list (`_merged`).
_FEW = 2_000


@functools.lru_cache(maxsize=64)
def _merged(
    refs: tuple[bytes, ...], max_row: int, max_column: int
) -> dict[tuple[int, int], tuple[int, int]]:
    """`_ranges` of a few ``refs``, remembered by them."""
    return _ranges(refs, max_row, max_column)


def _ranges(
    refs: Iterable[bytes], max_row: int, max_column: int
) -> dict[tuple[int, int], tuple[int, int]]:
    """The ranges of the ``<mergeCell ref=…>`` values ``refs``, clipped (see `merged_ranges`)."""
    found: dict[tuple[int, int], tuple[int, int]] = {}
    for ref in refs:
        bounds = _bounds(ref)
        if bounds is None:
            continue  # not a range, or a whole row or column merged: no header of a table
        left, top, right, bottom = bounds
        if top <= max_row and left <= max_column:
            found[(top, left)] = (min(bottom, max_row), min(right, max_column))
        if len(found) >= MAX_MERGES:
            break
    return found


@functools.lru_cache(maxsize=16384)
def _bounds(ref: bytes) -> tuple[int, int, int, int] | None:
    """A merged range's (left, top, right, bottom); None for a whole row or column, or no range.

    Cached: the template's merges recur in every workbook written from it.
    """
    try:
        left, top, right, bottom = range_boundaries(ref.decode("ascii"))
    except ValueError:
        return None
    if left is None or top is None or right is None or bottom is None:
        return None
    return left, top, right, bottom
