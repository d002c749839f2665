"""``gkreport review PATH... -o DIR``: a region's review, written into a folder.

The inputs are gathered, read and validated as ``validate`` does (the same folder
walk, worker processes and order: `gkreport._cli.batch`). As each file is checked,
its report's page is written and only a compact `Entry` is kept
(`gkreport._review.entries`); at the end come ``index.html`` and ``问题清单.xlsx``.
Every file is written all at once or not at all; an existing folder is written
into, and only the files the review writes are replaced (``index.html``,
``问题清单.xlsx``, ``reports/<name>-<hash>.html``): nothing else in it is touched,
and a folder given as input is walked without the output folder inside it.

A progress bar on stderr when it is a terminal, and a summary line at the end.
Exit status as ``validate``'s: 0 no errors, 1 errors found, 2 an input could not
be read.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gkreport._cli import batch, options, triage
from gkreport._cli._terminal import visible
from gkreport._words import Lang

__all__ = ["add_command", "run_review"]

_WORDS = {
    "zh": {
        "wrote": "已写入",
        "no_font": (
            "提示：未找到中文字体，图表中的中文可能显示为方框"
            "（Debian/Ubuntu：apt-get install fonts-noto-cjk）"
        ),
        "no_charts": (
            "提示：未安装 matplotlib，index.html 不含图表（pip install 'gkreport[review]'）"
        ),
    },
    "en": {
        "wrote": "wrote",
        "no_font": (
            "note: no CJK font found, Chinese chart labels may show as boxes "
            "(Debian/Ubuntu: apt-get install fonts-noto-cjk)"
        ),
        "no_charts": (
            "note: matplotlib is not installed, index.html has no charts "
            "(pip install 'gkreport[review]')"
        ),
    },
}


def _inside(path: str, folder: str) -> bool:
    real = os.path.realpath(path)
    return real == folder or real.startswith(folder + os.sep)


def run_review(args: argparse.Namespace) -> int:
    """The ``review`` command: check every input, write the folder, summarise on stderr."""
    from gkreport._cli import UsageError, _check_each, _print_summary_line  # noqa: PLC0415
    from gkreport._readers.dispatch import readable_suffixes  # noqa: PLC0415
    from gkreport._review import charts, entries, index, pages, problems  # noqa: PLC0415

    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: -o takes a folder (it is written into)")
    real = os.path.realpath(folder)
    inputs = [item for item in batch.gather(args.paths) if not _inside(item.path, real)]
    if all(item.skipped is not None for item in inputs):
        known = " ".join(readable_suffixes())
        raise UsageError(f"no {known} files in {' '.join(args.paths)}")
    folder.mkdir(parents=True, exist_ok=True)
    lang: Lang = "en" if args.lang == "en" else "zh"
    chosen = options.triage_of(args)
    kept: list[entries.Entry] = []
    compact: list[batch.FileResult] = []  # for the summary: the findings' code and severity

    def take(item: batch.InputFile, done: dict[str, Any]) -> None:
        # each outcome is used as it comes and dropped: the run keeps only the compact
        # entries, so a region of any size reviews in flat memory. --select/--ignore/
        # -q/-v choose the findings; an accepted one stays on the report's page but is
        # neither counted nor sent back in the problem list
        outcome = batch.FileResult.of(item, done)
        shown = chosen.outcome(outcome)
        standing = triage.counted(shown)
        compact.append(standing.compact())
        if outcome.skipped is not None:
            return
        report = batch.report_of(outcome)
        page = None
        if report is not None:
            page = pages.write_page(folder, report, shown.findings, outcome.file, lang)
        kept.append(entries.entry(standing, report, page))

    _check_each("review", inputs, take, options.jobs_of(args))
    done = entries.finish(kept)
    skipped = sum(1 for outcome in compact if outcome.skipped is not None)
    index.write_index(folder, done, lang, skipped)
    problems.write_problems(folder, done, lang)
    words = _WORDS[lang]
    if not charts.available():
        sys.stderr.write(words["no_charts"] + "\n")
    elif charts.cjk_font() is None and lang == "zh":
        sys.stderr.write(words["no_font"] + "\n")
    summary = batch.Summary.of(compact)
    _print_summary_line(summary, lang, sys.stderr)
    sys.stderr.write(visible(f"{words['wrote']} {folder / index.NAME}") + "\n")
    return summary.exit_status()


def add_command(
    commands: Any,
    add: Callable[..., argparse.ArgumentParser],
    lang: Callable[[argparse.ArgumentParser], None],
) -> None:
    """Add ``review`` to the command line (``add`` and ``lang`` are the parser's helpers)."""
    review = add(
        commands,
        "review",
        "a region's review: index.html with indicators and charts, each report's page, "
        "and 问题清单.xlsx (the problems, a sheet per agency)",
        "  gkreport review reports/ -o review/\n"
        "  gkreport review 2023/ 2024/ -o review/ -j 4 --lang en\n"
        "  gkreport review reports/ -o review/ --ignore D10 --accept accepted.txt\n"
        "\nwrites DIR/index.html, DIR/reports/*.html and DIR/问题清单.xlsx, replacing only those;"
        "\ncharts need gkreport[review] (matplotlib) and, for Chinese labels, a CJK font"
        "\n(Debian: fonts-noto-cjk)"
        "\nexit status: 0 no errors, 1 errors found, 2 an input could not be read",
        run_review,
    )
    review.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders")
    review.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help="the folder to write into (made if missing)",
    )
    review.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0 = one per CPU)",
    )
    options.add_review_options(review)
    lang(review)
