"""`gkreport.to_frame`: a folder of reports as one pandas DataFrame, in one call.

The columns are those of ``gkreport export`` (`gkreport._dataset.columns`), with
pandas types a researcher can compute with at once, instead of ``object`` columns of
`decimal.Decimal`:

* counts (and the 2019 signed changes, the year, the finding counts): nullable
  ``Int64``, so a blank cell is ``<NA>``, never 0 and never a float;
* amounts (``proactive.fees.amount``, 万元): ``float64``. A double holds about 15
  significant digits, so an amount of more digits is rounded (834.6435 is exact;
  12345678901234.5678 is not). The CSV, JSON Lines and Excel exports keep the exact
  decimal; use them when the last digit matters;
* measures: ``float64``, exact: they are computed to 15 significant digits;
* dates: ``datetime64``; text: pandas' nullable string type.

pandas is an optional dependency (``pip install 'gkreport[pandas]'``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from gkreport._dataset import ColumnKind, Labels, columns, rows
from gkreport._errors import ReadError
from gkreport._model import Report

__all__ = ["to_frame"]

Item = Report | str | os.PathLike[str]


def _read(path: str | os.PathLike[str]) -> list[tuple[str, Any, Any, Any]]:
    """The inputs a path names (a folder walked as the command walks it), each read once."""
    from gkreport._cli import batch  # noqa: PLC0415 - the command's folder walk and reader
    from gkreport._convert import from_dict  # noqa: PLC0415

    found: list[tuple[str, Any, Any, Any]] = []
    for item in batch.collect([path]):
        if item.problem is not None:
            found.append((item.shown, None, None, str(ReadError(item.path, item.problem))))
            continue
        outcome = batch.check_file(item.path, keep_report=True)
        report = from_dict(outcome["report"]) if "report" in outcome else None
        found.append((item.shown, report, outcome.get("result"), outcome.get("error")))
    return found


def _validated(report: Report) -> tuple[None, Report, Mapping[str, Any], None]:
    from gkreport._validation.engine import validate  # noqa: PLC0415

    return (None, report, validate(report).to_dict(), None)


def to_frame(reports: Iterable[Item], *, labels: Labels = "id") -> Any:
    """One row per report, as a pandas DataFrame with the columns of ``gkreport export``.

    ``reports`` holds `Report` objects, files, or folders (walked recursively as
    ``gkreport validate`` walks them; a file that is not a report type is left
    out). A file that cannot be read is a row with ``status`` ``"unreadable"`` and
    its ``error``, never dropped; each report is validated, for the finding counts.
    Within the call, each report's previous year (the same agency) fills the
    year-on-year measures. ``labels="zh"`` names the columns by their official
    Chinese labels. Types: the module docstring (amounts become floats).

    :raises ImportError: when pandas is not installed.
    """
    try:
        import pandas as pd  # noqa: PLC0415
    except ImportError:
        msg = "gkreport.to_frame needs pandas: pip install 'gkreport[pandas]'"
        raise ImportError(msg) from None
    items: list[tuple[Any, Any, Any, Any]] = []
    for item in reports:
        if isinstance(item, (str, os.PathLike)):
            items += _read(Path(item))
        else:
            items.append(_validated(item))
    table = rows(items)
    data: dict[str, Any] = {}
    for column in columns():
        name = column.zh if labels == "zh" else column.id
        values = [row[column.id] for row in table]
        data[name] = _series(pd, column.kind, values)
    return pd.DataFrame(data, index=pd.RangeIndex(len(table)))


def _series(pd: Any, kind: ColumnKind, values: list[Any]) -> Any:
    if kind in (ColumnKind.COUNT, ColumnKind.SIGNED):
        return pd.array(values, dtype="Int64")
    if kind in (ColumnKind.MONEY, ColumnKind.RATIO):
        return pd.array([float("nan") if v is None else float(v) for v in values], "float64")
    if kind is ColumnKind.DATE:
        return pd.to_datetime(pd.Series(values, dtype="object"))
    return pd.array(values, dtype="string")
