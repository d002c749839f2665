"""``gkreport export PATH... -o FILE``: a folder of reports as one table, a row per report.

The inputs are gathered and read as ``validate`` reads them (the same folder walk,
the same worker processes, the same order), each report is validated for its
finding counts, and the rows of `gkreport._dataset` are written in the file type
the output's extension names (`gkreport._export`). Nothing is dropped: a file that
cannot be read is a row with ``status`` ``unreadable`` and its ``error``, and is
named in the summary on stderr; a JSON payload that does not fit the model is a row
with ``status`` ``invalid`` and its finding counts. Files in a folder that are not
reports (another file type, an Office lock file) are not rows: the summary counts
them, as ``validate``'s does. Exit status: 0 written, 2 written but some input could
not be read; findings in the reports do not change it.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gkreport._cli import batch, options
from gkreport._cli._terminal import visible
from gkreport._cli.options import non_negative

if TYPE_CHECKING:
    from gkreport._model import Report

__all__ = ["add_command", "run_export"]

#: Summary words, as ``validate``'s summary has them (`gkreport._words.COMMAND`).
_WORDS = {
    "zh": {
        "rows": "行",
        "ok": "已读取",
        "invalid": "不符合数据格式",
        "unreadable": "无法读取",
        "skipped": "跳过（非报告文件）",
        "wrote": "已写入",
    },
    "en": {
        "rows": "rows",
        "ok": "read",
        "invalid": "not fitting the schema",
        "unreadable": "unreadable",
        "skipped": "skipped (not a report)",
        "wrote": "wrote",
    },
}


def run_export(args: argparse.Namespace) -> int:
    """The ``export`` command: read, validate, write the table, summarise on stderr."""
    from gkreport._cli import EXIT_OK, EXIT_UNREADABLE, UsageError, _check_each  # noqa: PLC0415
    from gkreport._dataset import UNREADABLE, rows  # noqa: PLC0415
    from gkreport._export import WRITERS, write  # noqa: PLC0415
    from gkreport._readers.dispatch import readable_suffixes  # noqa: PLC0415

    target = Path(args.output)
    if target.suffix.lower() not in WRITERS:
        known = " ".join(WRITERS)
        raise UsageError(f"{target}: cannot export to {target.suffix or '(no extension)'}; {known}")
    output = os.path.realpath(target)
    inputs = [i for i in batch.gather(args.paths) if os.path.realpath(i.path) != output]
    if all(item.skipped is not None for item in inputs):
        known = " ".join(readable_suffixes())
        raise UsageError(f"no {known} files in {' '.join(args.paths)}")
    read: list[tuple[str, Report | None, dict[str, Any] | None, str | None]] = []
    skipped = 0

    def take(item: batch.InputFile, done: dict[str, Any]) -> None:
        # a row needs the report (for its cells, and as the next year's previous one)
        # and the findings' severities (`FileResult.compact`); the rest is dropped as it comes
        nonlocal skipped
        outcome = batch.FileResult.of(item, done)
        if outcome.skipped is not None:
            skipped += 1
            return
        counts = outcome.compact()
        read.append((outcome.file, batch.report_of(outcome), counts.result, outcome.error))

    _check_each("export", inputs, take, options.jobs_of(args))
    table = rows(read)
    try:
        write(table, target, args.labels)
    except ValueError as exc:  # Parquet without pyarrow
        raise UsageError(str(exc)) from None
    _summary(table, skipped, target, args.lang)
    unreadable = sum(1 for row in table if row["status"] == UNREADABLE)
    return EXIT_UNREADABLE if unreadable else EXIT_OK


def _summary(table: list[dict[str, Any]], skipped: int, target: Path, lang: str) -> None:
    """The counts on stderr, and each unreadable file with why."""
    from gkreport._dataset import UNREADABLE  # noqa: PLC0415 - only when exporting

    words = _WORDS["en" if lang == "en" else "zh"]
    by_status: dict[str, int] = {}
    for row in table:
        by_status[row["status"]] = by_status.get(row["status"], 0) + 1
    parts = [f"{words['rows']} {len(table)}"]
    parts += [f"{words[status]} {count}" for status, count in sorted(by_status.items())]
    if skipped:
        parts.append(f"{words['skipped']} {skipped}")
    for row in table:
        if row["status"] == UNREADABLE:
            sys.stderr.write(visible(f"{words['unreadable']}: {row['error']}") + "\n")
    sys.stderr.write(visible(" · ".join(parts) + f" → {words['wrote']} {target}") + "\n")


def add_command(
    commands: Any,
    add: Callable[..., argparse.ArgumentParser],
    lang: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add ``export`` to the command line (``add`` and ``lang`` are the parser's helpers)."""
    export = add(
        commands,
        "export",
        "one row per report (cells, indicators, finding counts) as csv/xlsx/jsonl/parquet",
        "  gkreport export reports/ -o reports.csv\n"
        "  gkreport export 2023/ 2024/ -o table.xlsx --labels zh -j 2\n"
        "  gkreport export reports/ -o reports.parquet   # needs gkreport[parquet]\n"
        "\nexit status: 0 written, 2 written but an input could not be read (its row says why)",
        run_export,
    )
    export.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the table to write: .csv .xlsx .jsonl or .parquet",
    )
    export.add_argument(
        "--labels",
        choices=("id", "zh"),
        default="id",
        help="column names: cell ids (applications.new.total, default) or official Chinese labels",
    )
    export.add_argument(
        "-j",
        "--jobs",
        type=non_negative,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0 = one per CPU)",
    )
    lang(export)
