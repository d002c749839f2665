"""Reading and writing a filled workbook, each against bare reads and writes of the same file.

Reading: two baselines, each what any reader must pay with that engine: a bare
python-calamine read (``CalamineWorkbook`` and ``to_python`` of every sheet) and a bare
openpyxl read (``load_workbook(read_only=True, data_only=True)`` and one pass over every
row). gkreport adds the zip checks, finding the tables (by the template's geometry, or
by their labels), parsing the values and building the report. Timed for a workbook
written from the package's template and for a hand-made one (the same report on a
main sheet edited by hand: a row inserted, notes beside the tables, so that its
tables are found by their labels), each read again and again; and for the template's
workbooks of many agencies, each read once by each side (`distinct_files`: what a
region's batch gives, where a part's bytes are rarely another file's; four rounds of
fresh files, the side that reads a round first alternating). Targets (issue 17): with
calamine installed (``gkreport[fast]``), at most 2x the bare calamine read for the
template's workbook and 4x for a hand-made one; without it, at most 1.5x the bare
openpyxl read.

Writing: the baseline is a bare openpyxl write of the same cells and styles: every
non-empty or styled cell of the written workbook set with its value and its named style
through openpyxl's public API (``ws.cell(...)``, ``cell.style = name``), the same column
widths, row heights and merged ranges (recorded directly, without ``merge_cells``'
border redrawing), then saved to memory. gkreport adds working out the layout, the live
checks and the verdict, the instructions sheet, data validations, conditional formats,
print setup and the defined names. Target: at most 2x the bare write (issue 17, item 5),
on the template as issue 16 left it.

Both sides of each ratio are timed in the same run, interleaved, and the ratio printed.
By default the time is the process's CPU time (``time.process_time``): on a shared
machine a short call (a bare calamine read, ~1.6 ms) mostly runs within one time slice
while a longer one is preempted, so wall-clock ratios grow with the load of other
processes; ``--clock wall`` times by the wall clock instead (``time.perf_counter``).

    python benchmarks/bench_excel.py [--rounds N] [--clock process|wall]
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
from openpyxl import Workbook, load_workbook

try:
    import python_calamine
except ModuleNotFoundError:  # the fast extra is not installed: openpyxl only
    python_calamine = None

import gkreport
from gkreport import excel
from gkreport._forms import layout
from gkreport._forms.layout import Kind
from gkreport._workbook_map import MAIN_SHEET
from gkreport.excel._draw import _styles  # the same named styles, made the same way


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


def bare_calamine(path: Path) -> None:
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python()
    workbook.close()


def hand_made(report: gkreport.Report, path: Path) -> None:
    """The report written, then edited on its main sheet as a person would in Excel.

    A row inserted under the metadata (the tables move down, their merged ranges
    with them), a unit above the tables and a name beside them: the template's
    geometry no longer holds, so the tables are found by their labels.
    """
    excel.write(report, path)
    workbook = load_workbook(path)
    sheet = workbook[MAIN_SHEET]
    ranges = list(sheet.merged_cells.ranges)
    for merged in ranges:
        sheet.merged_cells.remove(merged)
    sheet.insert_rows(3)
    for merged in ranges:
        if merged.min_row >= 3:
            merged.shift(row_shift=1)
        sheet.merged_cells.add(merged)
    sheet["A3"] = "单位：件"
    sheet["R12"] = "填表人：某某"
    workbook.save(path)


def bare_read(path: Path) -> None:
    workbook = load_workbook(path, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    workbook.close()


def workbook_contents(path: Path) -> list[dict[str, Any]]:
    """What a bare write must reproduce, sheet by sheet: cells with values and styles, etc."""
    sheets = []
    for sheet in load_workbook(path).worksheets:
        cells = [
            (cell.row, cell.column, cell.value, cell.style)
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None or cell.style != "Normal"
        ]
        sheets.append(
            {
                "title": sheet.title,
                "cells": cells,
                "merged": [str(r) for r in sheet.merged_cells.ranges],
                "widths": {k: d.width for k, d in sheet.column_dimensions.items() if d.width},
                "heights": {k: d.height for k, d in sheet.row_dimensions.items() if d.height},
            }
        )
    return sheets


def bare_write(contents: list[dict[str, Any]]) -> bytes:
    """The same cells, styles, sizes and merged ranges, written by plain openpyxl."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for named in _styles().values():
        workbook.add_named_style(named)
    for sheet_contents in contents:
        sheet = workbook.create_sheet(sheet_contents["title"])
        for letter, width in sheet_contents["widths"].items():
            sheet.column_dimensions[letter].width = width
        for row, height in sheet_contents["heights"].items():
            sheet.row_dimensions[row].height = height
        for row, column, value, style in sheet_contents["cells"]:
            cell = sheet.cell(row, column, value)
            cell.style = style
        for ref in sheet_contents["merged"]:
            sheet.merged_cells.add(ref)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_CLOCKS = {"process": time.process_time, "wall": time.perf_counter}
_clock = time.process_time


def distinct_files(report: gkreport.Report, folder: Path, count: int, first: int = 0) -> list[Path]:
    """``count`` workbooks of the report, each of another agency: no two sheets alike.

    Each sheet's page footer names the agency, so no part but the shared ones (styles,
    the workbook's own) has the bytes of another file's: what a batch of a region's
    reports gives the reader, where the same file read again would flatter its caches.
    """
    paths = []
    for index in range(first, first + count):
        path = folder / f"distinct-{report.format}-{index:03d}.xlsx"
        excel.write(attrs.evolve(report, agency=f"某市第{index}局"), path)
        paths.append(path)
    return paths


def median_ms_each(action: Callable[[Path], object], paths: list[Path]) -> float:
    """The median time of ``action`` on each of ``paths``, each once."""
    times = []
    for path in paths:
        started = _clock()
        action(path)
        times.append(_clock() - started)
    return statistics.median(times) * 1000


def median_ms(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = _clock()
        action()
        times.append(_clock() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--clock", choices=sorted(_CLOCKS), default="process")
    arguments = parser.parse_args()
    rounds = arguments.rounds
    global _clock  # noqa: PLW0603 - one clock for the whole run, chosen on the command line
    _clock = _CLOCKS[arguments.clock]
    fast = python_calamine is not None
    print(f"python-calamine: {'installed' if fast else 'not installed (openpyxl only)'}")
    print(f"clock: {arguments.clock}")
    with tempfile.TemporaryDirectory() as folder:
        for format_id in sorted(layout.FORMATS):
            report = filled_report(format_id)
            template = Path(folder) / f"filled-{format_id}.xlsx"
            excel.write(report, template)
            assert excel.read(template) == report
            edited = Path(folder) / f"hand-made-{format_id}.xlsx"
            hand_made(report, edited)
            for kind, path in (("template", template), ("hand-made", edited)):
                excel.read(path)  # warm every path (imports, caches) before timing
                cases = {"openpyxl": bare_read, "gkreport": excel.read}
                if fast:
                    cases["calamine"] = bare_calamine
                runs: dict[str, list[float]] = {name: [] for name in cases}
                for _ in range(5):  # interleaved, so drift on a shared machine hits all alike
                    for name, action in cases.items():
                        runs[name].append(median_ms(lambda a=action, p=path: a(p), rounds))
                ms = {name: statistics.median(found) for name, found in runs.items()}
                line = (
                    f"format {format_id} {kind:<9}: gkreport.excel.read {ms['gkreport']:6.1f} ms;"
                    f" bare openpyxl {ms['openpyxl']:6.1f} ms "
                    f"({ms['gkreport'] / ms['openpyxl']:.2f}x"
                )
                if fast:
                    target = 2 if kind == "template" else 4
                    line += (
                        f"); bare calamine {ms['calamine']:5.2f} ms "
                        f"({ms['gkreport'] / ms['calamine']:.1f}x, target <= {target}x)"
                    )
                else:
                    line += ", target <= 1.5x)"
                print(line)
            if fast:  # the template's workbooks of many agencies, each read once
                # Fresh files each round, each read once by each side; which side reads a
                # round's files first alternates (the first reader finds them less cached).
                count = max(rounds, 20)
                both: dict[str, list[float]] = {"ours": [], "bare": []}
                for round_ in range(4):
                    paths = distinct_files(report, Path(folder), count, first=round_ * count)
                    sides = [("ours", excel.read), ("bare", bare_calamine)]
                    for side, action in sides if round_ % 2 == 0 else sides[::-1]:
                        both[side].append(median_ms_each(action, paths))
                ours, bare = statistics.median(both["ours"]), statistics.median(both["bare"])
                print(
                    f"format {format_id} template, 4 x {count} distinct files read once each: "
                    f"gkreport.excel.read {ours:6.1f} ms; bare calamine {bare:5.2f} ms "
                    f"({ours / bare:.2f}x, target <= 2x)"
                )
            contents = workbook_contents(template)
            bare_write(contents)  # warm both
            bare, ours = [], []
            for _ in range(5):
                bare.append(median_ms(lambda c=contents: bare_write(c), max(rounds // 3, 3)))
                ours.append(
                    median_ms(lambda r=report, p=template: excel.write(r, p), max(rounds // 3, 3))
                )
            bare_ms, ours_ms = statistics.median(bare), statistics.median(ours)
            print(
                f"format {format_id}: bare openpyxl write {bare_ms:.1f} ms, "
                f"gkreport.excel.write {ours_ms:.1f} ms, ratio {ours_ms / bare_ms:.2f}x "
                f"(target <= 2x)"
            )


if __name__ == "__main__":
    main()
