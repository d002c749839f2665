"""The metadata fields (机关, 年度, 类型, 发布日期 …): each the value right of its label."""

from __future__ import annotations

import datetime
import functools
import re

from gkreport._forms import layout
from gkreport._readers.grid.cells import Grid, cell_name, raw_text, right_of
from gkreport._readers.grid.collect import Collector
from gkreport._readers.grid.index import Index, keys
from gkreport._vocabulary import label_key

__all__ = ["read_field", "read_metadata"]

_DATE_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_YEAR_TEXT = re.compile(r"(\d{4})\s*年?(?:度)?")


def read_metadata(index: Index, out: Collector) -> None:
    """Each field from the first of its labels with a value beside it; a bad value is a note."""
    for field, label, _english in layout.METADATA:
        for hit in index.all(keys(label)):
            if read_field(hit.grid, hit.row, hit.column, field, out):
                break


def read_field(grid: Grid, row: int, column: int, field: str, out: Collector) -> bool:
    """The field from the value right of its label at ``(row, column)``; False if none is there."""
    found = right_of(grid, row, column)
    if found is None:
        return False
    value_column, raw = found
    location = cell_name(grid.name, row, value_column)
    out.claim(grid, row, column)
    out.claim(grid, row, value_column, f"/{field}")
    value, problem = _metadata_value(field, raw)
    out.put(f"/{field}", value, location)
    if problem:
        out.note(f"/{field}", raw_text(raw), location, problem)
    return True


def _metadata_value(field: str, raw: object) -> tuple[object, str | None]:
    """A metadata field's value from its cell, and a problem when it cannot be used."""
    if field == "year":
        return _year(raw)
    if field == "kind":
        key = label_key(raw_text(raw))
        for kind, label in _kind_keys():
            if key in (label, kind):
                return kind, None
        return None, "not a kind of agency"
    if field == "published_on":
        return _date(raw)
    return (raw if isinstance(raw, str) else raw_text(raw)), None


@functools.cache
def _kind_keys() -> tuple[tuple[str, str], ...]:
    """Each kind of agency with its label's key (`layout.KINDS`), in their order."""
    return tuple((kind, label_key(label)) for kind, (label, _deadline) in layout.KINDS.items())


def _year(raw: object) -> tuple[int | None, str | None]:
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e9:
        return int(raw), None
    if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) < 10**9:
        return raw, None
    if isinstance(raw, str) and (match := _YEAR_TEXT.fullmatch(raw.strip())):
        return int(match.group(1)), None
    if isinstance(raw, str) and re.fullmatch(r"[+-]?\d{1,9}", raw.strip()):
        return int(raw), None
    return None, "not a year"


def _date(raw: object) -> tuple[datetime.date | None, str | None]:
    if isinstance(raw, datetime.datetime):
        return raw.date(), None
    if isinstance(raw, datetime.date):
        return raw, None
    if isinstance(raw, str) and (match := _DATE_TEXT.fullmatch(raw.strip())):
        try:
            return datetime.date(*(int(part) for part in match.groups())), None
        except ValueError:
            return None, "no such date"
    return None, "not a date"
