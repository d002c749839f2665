"""``docs/export.md``: the columns of ``gkreport export`` and `gkreport.to_frame`.

Build-time only: `tools/generate.py` writes the page from `gkreport._dataset.columns`,
so the list of columns, and which formats have each table cell, follow the registry.
"""

from __future__ import annotations

from gkreport._dataset import INVALID, NOT_A_REPORT, OK, UNREADABLE, Column, columns
from gkreport._forms import registry

__all__ = ["export_markdown"]


def _cells_only_in(format_id: str, listed: tuple[Column, ...]) -> list[str]:
    return [c.id for c in listed if c.formats == (format_id,)]


def export_markdown() -> str:
    """``docs/export.md``: the export's columns and the formats' differences."""
    listed = columns()
    formats = list(registry.FORMATS)
    shared = [c for c in listed if len(c.formats) == len(formats)]
    every = [c for c in listed if not c.formats]
    out = [
        "# Export: one row per report",
        "",
        "Generated from `gkreport/_dataset.py` by `python tools/generate.py`; do not edit.",
        "",
        "```bash",
        "gkreport export reports/ -o reports.csv          # .csv .xlsx .jsonl .parquet",
        "gkreport export reports/ -o 报告.xlsx --labels zh  # official Chinese labels as headers",
        "```",
        "",
        "```python",
        "import gkreport",
        "frame = gkreport.to_frame([\"reports/\"])  # pip install 'gkreport[pandas]'",
        "```",
        "",
        (
            "Every row has the same columns, whatever its format: the file and how it fared, "
            "the metadata, the findings by severity, every table cell of every format as a "
            "column named by its cell id, and every measure of "
            "[the metric dictionary](indicators.md) as `indicators.<id>`. A cell the row's "
            "format does not print is empty, like a blank cell: the `format` column says which "
            "cells a row can have (below). The xlsx file has a second sheet, `columns`, "
            "listing each column with its label, kind and formats."
        ),
        "",
        "## Files that are not rows of data",
        "",
        (
            "Nothing is dropped silently. `status` is "
            f"`{OK}` (read: every column filled from the report), "
            f"`{INVALID}` (a JSON payload that does not fit the model: its findings are counted, "
            f"its cells are empty, `error` says “{NOT_A_REPORT}”) or "
            f"`{UNREADABLE}` (the file could not be read: `error` says why; the command also "
            "names it on stderr and exits with status 2 after writing the table). Files in a "
            "folder that are not reports (another file type, an Office lock file) are counted "
            "as skipped in the summary and are not rows. The output file itself is never read "
            "as an input."
        ),
        "",
        "## How each file type holds the values",
        "",
        "| kind | CSV | JSON Lines | xlsx | Parquet | `to_frame` |",
        "|---|---|---|---|---|---|",
        "| count | digits | number | number | int64 | Int64 |",
        "| signed (2019 本年增/减, year) | digits | number | number | int64 | Int64 |",
        (
            "| money (万元) | exact decimal | exact number | number if a double holds it "
            "exactly, else exact text | decimal128, exact | float64 (rounded past ~15 digits) |"
        ),
        "| ratio (indicators) | exact decimal | exact number | number | float64 | float64 |",
        '| date | YYYY-MM-DD | "YYYY-MM-DD" | date | date32 | datetime64 |',
        "| text | text (`'` before = + - @) | string | text, never a formula | string | string |",
        "| blank | empty field | null | empty cell | null | `<NA>` / NaN / NaT |",
        "",
        (
            "CSV is UTF-8 with a byte-order mark, so Excel shows the Chinese; pandas reads it "
            "as is. The indicators have at most 15 significant digits, so the double of every "
            "file type and of pandas holds them exactly; amounts may have more digits, which "
            "only the float of `to_frame` rounds."
        ),
        "",
        "## Columns by format",
        "",
        (
            f"{len(listed)} columns: {len(every)} for the file, the metadata, the finding "
            f"counts and the indicators; {len(shared)} table cells every format prints "
            f"(tables 三 and 四, and the cells of 二 that keep their id); and "
            f"{len(listed) - len(every) - len(shared)} cells only some formats print, listed "
            "below. Comparing across formats: （六）其他处理 is one row in one format and three "
            "sub-rows in the other, so compare their sum, or `indicators.other_processing_rate`, "
            "which sums per format; table 二 counts different things in each format (documents "
            "made, repealed and in force against documents made, published and published in "
            "total; items and their yearly change), so its cells of different ids are not "
            "the same measure under another name."
        ),
        "",
    ]
    for format_id in formats:
        only = _cells_only_in(format_id, listed)
        out += [f"### Only in the {format_id} format ({len(only)} cells)", ""]
        out += [f"- `{cell}`" for cell in only]
        out.append("")
    out += [
        "## Every column",
        "",
        "| column | 标签 (`--labels zh`) | kind | formats |",
        "|---|---|---|---|",
    ]
    for column in listed:
        where = ", ".join(column.formats) if column.formats else "all"
        out.append(f"| `{column.id}` | {column.zh} | {column.kind.value} | {where} |")
    return "\n".join(out) + "\n"
