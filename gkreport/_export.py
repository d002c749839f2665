"""Writing the rows of `gkreport._dataset` as a table: CSV, Excel, JSON Lines or Parquet.

The file type is chosen by the extension (`WRITERS`). Every file is written all
at once or not at all (`gkreport._atomic.replacing`), so an export over last
week's table never leaves half a file. How each type holds the values:

* ``.csv``: UTF-8 with a byte-order mark (so that Excel shows the Chinese, and
  pandas and the ``csv`` module with ``utf-8-sig`` read it as plain UTF-8); numbers
  written out in full (``834.6435``, never ``8.346435E+2``); an empty field for a
  blank; text that a spreadsheet would take for a formula (``=``, ``+``, ``-``,
  ``@`` first) gets a leading ``'``, as OWASP advises for CSV meant for spreadsheets.
* ``.jsonl``: one JSON object per row, keys in column order, numbers exact
  (Decimal written as the JSON number it is), dates as ``YYYY-MM-DD``, null for blank.
* ``.xlsx``: one sheet of rows (header frozen, filters on) and one sheet naming every
  column; counts, amounts and measures are number cells wherever a double holds the
  value exactly, else the value's exact text; text is never a formula.
* ``.parquet`` (``pip install 'gkreport[parquet]'``): counts as int64, amounts as
  decimal128 with the scale the data needs (exact), measures as double (exact: they
  have 15 significant digits, `gkreport._indicators.PRECISION`), dates as date32.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import os
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import simplejson

from gkreport._atomic import replacing
from gkreport._dataset import Column, ColumnKind, Labels, columns

__all__ = ["FORMULA_START", "WRITERS", "write"]

#: What makes a spreadsheet read text as a formula (and CSV injection possible).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LARGEST_EXACT = 2**53  # beyond this a double cannot hold every whole number

Rows = Sequence[Mapping[str, Any]]


def _names(labels: Labels) -> list[str]:
    return [column.zh if labels == "zh" else column.id for column in columns()]


def _plain(value: Any) -> Any:
    """A value as text-based formats write it: exact numbers, ISO dates."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# --- CSV -------------------------------------------------------------------------------------


def _csv_field(column: Column, value: Any) -> str:
    if value is None:
        return ""
    text = str(_plain(value))
    if column.kind is ColumnKind.TEXT and text.startswith(FORMULA_START):
        return "'" + text
    return text


def write_csv(rows: Rows, path: str | os.PathLike[str], labels: Labels = "id") -> None:
    """The rows as CSV (module docstring)."""
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(_names(labels))
    listed = columns()
    for row in rows:
        out.writerow([_csv_field(column, row[column.id]) for column in listed])
    with replacing(path) as stream:
        stream.write(buffer.getvalue().encode("utf-8-sig"))


# --- JSON Lines ------------------------------------------------------------------------------


def write_jsonl(rows: Rows, path: str | os.PathLike[str], labels: Labels = "id") -> None:
    """The rows as JSON Lines (module docstring)."""
    names = _names(labels)
    ids = [column.id for column in columns()]
    with replacing(path) as stream:
        for row in rows:
            record = {
                name: value.isoformat() if isinstance(value, datetime.date) else value
                for name, value in zip(names, (row[i] for i in ids), strict=True)
            }
            line = simplejson.dumps(record, ensure_ascii=False, use_decimal=True)
            stream.write(line.encode("utf-8") + b"\n")


# --- Excel -----------------------------------------------------------------------------------


def _exact_number(value: Any) -> Any:
    """A number a double holds exactly, else its exact text (a workbook stores doubles)."""
    if isinstance(value, int):
        return value if abs(value) < _LARGEST_EXACT else str(value)
    if isinstance(value, Decimal):
        as_float = float(value)
        exact = math.isfinite(as_float) and Decimal(repr(as_float)) == value
        return as_float if exact else format(value, "f")
    return value


def _xlsx_cell(sheet: Any, column: Column | None, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415 - openpyxl only when writing one

    from gkreport.excel._ooxml import escape  # noqa: PLC0415

    if value is not None and (column is None or column.kind is not ColumnKind.DATE):
        value = _exact_number(value)
    cell = WriteOnlyCell(sheet)
    if isinstance(value, str):
        cell.value = escape(value)
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
    return cell


def write_xlsx(rows: Rows, path: str | os.PathLike[str], labels: Labels = "id") -> None:
    """The rows as an Excel workbook (module docstring)."""
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    listed = columns()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("reports")
    sheet.freeze_panes = "B2"
    last = get_column_letter(len(listed))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    for index, column in enumerate(listed, start=1):
        width = 28 if column.kind is ColumnKind.TEXT else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    head = []
    for name in _names(labels):
        cell = _xlsx_cell(sheet, None, name)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, column, row[column.id]) for column in listed])
    about = book.create_sheet("columns")
    about.append([_xlsx_cell(about, None, word) for word in ("id", "标签", "kind", "formats")])
    for column in listed:
        fields = (column.id, column.zh, column.kind.value, " ".join(column.formats))
        about.append([_xlsx_cell(about, None, field) for field in fields])
    buffer = io.BytesIO()
    book.save(buffer)
    with replacing(path) as stream:
        stream.write(buffer.getvalue())


# --- Parquet ---------------------------------------------------------------------------------


def _decimal_type(values: list[Any]) -> Any:
    """decimal128 with the scale the values need, or None when 38 digits cannot hold them."""
    import pyarrow as pa  # noqa: PLC0415

    known = [v for v in values if v is not None]
    scale = max((max(0, -int(v.as_tuple().exponent)) for v in known), default=0)
    whole = max((len(str(abs(int(v)))) for v in known), default=1)
    if scale + whole > 38:
        return None
    return pa.decimal128(38, scale)


def _arrow_array(column: Column, values: list[Any]) -> Any:
    import pyarrow as pa  # noqa: PLC0415

    kind = column.kind
    if kind in (ColumnKind.COUNT, ColumnKind.SIGNED):
        try:
            return pa.array(values, pa.int64())
        except (OverflowError, pa.ArrowInvalid):  # a count beyond 64 bits: its exact text
            return _texts(values)
    if kind is ColumnKind.MONEY:
        decimals = [None if v is None else Decimal(v) for v in values]
        exact = _decimal_type(decimals)
        return _texts(decimals) if exact is None else pa.array(decimals, exact)
    if kind is ColumnKind.RATIO:
        return pa.array([None if v is None else float(v) for v in values], pa.float64())
    if kind is ColumnKind.DATE:
        return pa.array(values, pa.date32())
    return _texts(values)


def _texts(values: list[Any]) -> Any:
    """A string column; numbers written out in full."""
    import pyarrow as pa  # noqa: PLC0415

    return pa.array([None if v is None else str(_plain(v)) for v in values], pa.string())


def write_parquet(rows: Rows, path: str | os.PathLike[str], labels: Labels = "id") -> None:
    """The rows as a Parquet file (module docstring); needs pyarrow (``gkreport[parquet]``)."""
    try:
        import pyarrow as pa  # noqa: PLC0415
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError:
        msg = "writing .parquet needs pyarrow: pip install 'gkreport[parquet]'"
        raise ValueError(msg) from None
    listed = columns()
    arrays = [_arrow_array(column, [row[column.id] for row in rows]) for column in listed]
    table = pa.Table.from_arrays(arrays, names=_names(labels))
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer)
    with replacing(path) as stream:
        stream.write(buffer.getvalue().to_pybytes())


#: The writer of each file type, by extension.
WRITERS: dict[str, Callable[[Rows, str | os.PathLike[str], Labels], None]] = {
    ".csv": write_csv,
    ".jsonl": write_jsonl,
    ".xlsx": write_xlsx,
    ".parquet": write_parquet,
}


def write(rows: Rows, path: str | os.PathLike[str], labels: Labels = "id") -> None:
    """Write ``rows`` to ``path`` in the file type its extension names (`WRITERS`).

    :raises ValueError: for an extension with no writer, or Parquet without pyarrow.
    """
    suffix = Path(path).suffix.lower()
    writer = WRITERS.get(suffix)
    if writer is None:
        known = " ".join(WRITERS)
        msg = f"{path}: cannot export to {suffix or '(no extension)'}; use {known}"
        raise ValueError(msg)
    writer(rows, path, labels)
