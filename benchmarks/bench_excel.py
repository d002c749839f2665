"""Reading a filled template: gkreport.excel.read vs a bare openpyxl read of the same file.

The baseline is what any reader must pay: ``openpyxl.load_workbook(read_only=True,
data_only=True)`` and one pass over every row of every sheet. gkreport adds the
zip checks, finding the tables by their labels, parsing the values and building
the report. Both are timed in the same run, interleaved, and the ratio printed.
Target: at most 1.5x the bare read. Writing is timed too, for reference.

    python benchmarks/bench_excel.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

import gkreport
from gkreport import excel
from gkreport._forms import layout
from gkreport._forms.layout import Kind


def filled_report(format_id: str) -> gkreport.Report:
    """A report with every cell of the form filled (the worst case for the reader)."""
    data: dict = {
        "format": format_id,
        "agency": "某市某局",
        "year": 2024,
        "kind": "department",
        "published_on": "2025-01-20",
        "text": {part.id: f"{part.label}……" * 20 for part in layout.PARTS},
    }
    for index, leaf in enumerate(layout.get_format(format_id).leaves()):
        node = data
        for part in leaf.path[:-1]:
            node = node.setdefault(part, {})
        node[leaf.path[-1]] = {
            Kind.COUNT: index * 7 % 50,
            Kind.SIGNED: index % 9 - 4,
            Kind.MONEY: Decimal("834.6435"),
            Kind.TEXT: "251000元",
        }[leaf.cell.kind]
    return gkreport.from_dict(data)


def bare_read(path: Path) -> None:
    workbook = load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    workbook.close()


def median_ms(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        for format_id in sorted(layout.FORMATS):
            report = filled_report(format_id)
            path = Path(folder) / f"filled-{format_id}.xlsx"
            excel.write(report, path)
            assert excel.read(path) == report
            bare_read(path)  # warm both paths (imports, caches) before timing
            bare, ours = [], []
            for _ in range(5):  # interleaved, so drift on a shared machine hits both alike
                bare.append(median_ms(lambda path=path: bare_read(path), rounds))
                ours.append(median_ms(lambda path=path: excel.read(path), rounds))
            write = median_ms(lambda report=report, path=path: excel.write(report, path), 5)
            bare_ms, ours_ms = statistics.median(bare), statistics.median(ours)
            print(
                f"format {format_id}: bare openpyxl read {bare_ms:.1f} ms, "
                f"gkreport.excel.read {ours_ms:.1f} ms, ratio {ours_ms / bare_ms:.2f}x "
                f"(target <= 1.5x); write {write:.0f} ms"
            )


if __name__ == "__main__":
    main()
