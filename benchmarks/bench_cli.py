"""Batch validation speed: ``gkreport validate --json`` over 2,000 JSON and 200 xlsx reports.

Generates the reports into a temporary folder (the two example reports under
new agency names, one in ten with a wrong total), then runs the real command line with
``-j 1`` and ``-j 2`` in the same run and prints both times and their ratio. It
also checks that both runs print byte-identical JSON Lines.

Target (issue 17): ``-j 2`` at least 1.6x ``-j 1`` on 4,000 files or more with ``--json``.

    python benchmarks/bench_cli.py [--json N] [--xlsx N]
"""

from __future__ import annotations

import argparse
import copy
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gkreport
from gkreport import _json
from gkreport._forms import layout

EXAMPLES = Path(__file__).parents[1] / "examples"


def variants(count: int) -> list[dict]:
    """``count`` report dicts: the examples renamed, every tenth with a wrong total."""
    bases = [_json.read_json(path) for path in sorted(EXAMPLES.glob("*.json"))]
    reports = []
    for index in range(count):
        data = copy.deepcopy(bases[index % len(bases)])
        data["agency"] = f"{data['agency']}·{index:04d}"
        if index % 10 == 0:
            data["applications"]["new"]["total"] += 1
        reports.append(data)
    return reports


def generate(folder: Path, json_count: int, xlsx_count: int) -> None:
    (folder / "json").mkdir()
    (folder / "xlsx").mkdir()
    for index, data in enumerate(variants(json_count)):
        (folder / "json" / f"r{index:05d}.json").write_text(_json.dumps(data), "utf-8")
    for index, data in enumerate(variants(xlsx_count)):
        gkreport.excel.write(gkreport.from_dict(data), folder / "xlsx" / f"r{index:05d}.xlsx")


def timed_run(folder: Path, jobs: int) -> tuple[float, bytes, int]:
    command = [sys.executable, "-m", "gkreport", "validate", "--json", "-j", str(jobs), str(folder)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"gkreport failed ({done.returncode}):\n{done.stderr.decode()}")
    return elapsed, done.stdout, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=int, default=2000, help="JSON reports (default 2000)")
    parser.add_argument("--xlsx", type=int, default=200, help="xlsx reports (default 200)")
    args = parser.parse_args()
    print(f"formats: {', '.join(layout.FORMATS)}; CPUs: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        generate(folder, args.json, args.xlsx)
        files = args.json + args.xlsx
        print(
            f"generated {args.json} json + {args.xlsx} xlsx in {time.perf_counter() - start:.1f} s"
        )
        one, out_one, status = timed_run(folder, 1)
        two, out_two, _ = timed_run(folder, 2)
        lines = out_one.count(b"\n")
        print(f"-j 1: {one:6.2f} s  ({files / one:7.1f} files/s), {lines} lines, exit {status}")
        print(f"-j 2: {two:6.2f} s  ({files / two:7.1f} files/s)")
        print(f"speed-up -j 2 / -j 1: {one / two:.2f}x")
        print(f"identical output: {out_one == out_two}")


if __name__ == "__main__":
    main()
