"""Reading a filled workbook: gkreport.excel.read against bare reads of the same file.

Two baselines, each what any reader must pay with that engine: a bare python-calamine
read (``CalamineWorkbook`` and ``to_python`` of every sheet) and a bare openpyxl read
(``load_workbook(read_only=True, data_only=True)`` and one pass over every row). gkreport
adds the zip checks, finding the tables by their labels, parsing the values and
building the report. Everything is timed in the same run, interleaved, and the
ratios printed, for a workbook written from the package's template and for a
hand-made one (the same report with its rows moved and notes beside the tables).

Targets (issue 17): with calamine installed (``gkreport[fast]``), at most 2x the bare
calamine read for the template's workbook and 4x for a hand-made one; without it,
at most 1.5x the bare openpyxl read. Writing is timed too, for reference.

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

try:
    import python_calamine
except ModuleNotFoundError:  # the fast extra is not installed: openpyxl only
    python_calamine = None

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


def bare_calamine(path: Path) -> None:
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        workbook.get_sheet_by_name(name).to_python()
    workbook.close()


def hand_made(report: gkreport.Report, path: Path) -> None:
    """The report written, then edited as a person would: a row moved down, notes beside."""
    excel.write(report, path)
    workbook = load_workbook(path)
    sheet = workbook.worksheets[0]
    sheet.insert_rows(3)
    sheet["Q5"] = "填表人：某某"
    sheet["A2"] = "单位：件"
    workbook.save(path)


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
    fast = python_calamine is not None
    print(f"python-calamine: {'installed' if fast else 'not installed (openpyxl only)'}")
    with tempfile.TemporaryDirectory() as folder:
        for format_id in sorted(layout.FORMATS):
            report = filled_report(format_id)
            template = Path(folder) / f"filled-{format_id}.xlsx"
            excel.write(report, template)
            assert excel.read(template) == report
            write = median_ms(lambda r=report, p=template: excel.write(r, p), 5)
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
            print(f"format {format_id}: write {write:.0f} ms")


if __name__ == "__main__":
    main()
