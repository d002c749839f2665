"""A region's folder for the review tests, and its entries as the command makes them.

Both formats, a text report, a report with errors (seed 002, 官渡区 T9), a
department's report of two consecutive years (the later one published late: D2),
a page that is not a report (unreadable) and a file that is not a report type.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import gkreport
from gkreport import _json
from gkreport._cli import batch
from gkreport._review import entries, pages
from tests.reference import EXAMPLES, GUANDU, SEEDS

#: The files of the folder that are reports, and the one that cannot be read.
LATE = "qianxinan-2023.json"
EARLIER = "qianxinan-2022.json"
BAD = "bad.html"


def make_folder(root: Path) -> Path:
    """Write the region's folder under ``root``; its path."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "sub").mkdir()
    shutil.copy(GUANDU, root / "guandu.json")
    shutil.copy(EXAMPLES / "qingzhen-2020.json", root / "sub" / "qingzhen.json")
    shutil.copy(SEEDS / "001_00e84ad5fcaa91e0.txt", root / "jiangle.txt")
    late = _json.read_json(EXAMPLES / LATE)
    late["published_on"] = "2024-03-15"  # a department's deadline is 31 January: D2
    (root / LATE).write_text(_json.dumps(late), "utf-8")
    earlier = dict(late, year=2022, published_on="2023-01-20", title=None)
    earlier["applications"] = _scaled(late["applications"])
    (root / EARLIER).write_text(_json.dumps(earlier), "utf-8")
    (root / BAD).write_text("<p>not a report</p>", "utf-8")
    (root / "notes.py").write_text("x = 1\n", "utf-8")
    return root


def _scaled(applications: dict) -> dict:
    """The same table with every count doubled: it still adds up, and new_yoy is -50%."""

    def walk(node: object) -> object:
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return node * 2 if isinstance(node, int) else node

    return walk(applications)


def checked(folder: Path, output: Path | None = None, lang: str = "zh") -> list[entries.Entry]:
    """The finished entries of the folder, pages written under ``output`` when given."""
    kept = []

    def take(outcome: batch.FileResult) -> None:
        if outcome.skipped is not None:
            return
        report = batch.report_of(outcome)
        page = None
        if report is not None and output is not None:
            page = pages.write_page(output, report, outcome.findings, outcome.file, lang)
        kept.append(entries.entry(outcome, report, page))

    batch.run(batch.gather([folder]), keep_reports=True, on_result=take)
    return entries.finish(kept)


def by_name(found: list[entries.Entry]) -> dict[str, entries.Entry]:
    """The entries by their file's name."""
    return {Path(entry.file).name: entry for entry in found}


def load(folder: Path, name: str) -> gkreport.Report:
    """The report of one file of the folder."""
    return gkreport.load(next(folder.rglob(name)))
