"""Archives: ``validate --json -j 2`` and the Dask example on one machine, same reports.

Generates ``--files`` small JSON reports (as `bench_batch` does), then, alternately,
``--runs`` times each:

* ``python -m gkreport validate --json -j 2 DIR > FILE``;
* ``python examples/archive_with_dask.py DIR OUT.parquet --workers 2`` (a local
  cluster of two single-threaded worker processes, started and stopped by the run).

Prints each one's median wall time and files/s, and their ratio. Target: on one
machine the engine costs at most 2x the time of ``-j 2`` (cluster start-up, task
scheduling, Arrow and Parquet); it earns its keep only across machines, where
``-j`` cannot go. Needs ``gkreport[dask]``.

    python benchmarks/bench_archive.py [--files 4000] [--runs 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_batch import ROOT, generate

TARGET = 2.0


def timed(command: list[str], out: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    with out.open("wb") as sink:
        done = subprocess.run(command, stdout=sink, stderr=subprocess.PIPE, env=env, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"{command[1]} failed ({done.returncode}):\n{done.stderr.decode()[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=4000, help="reports (4000)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each (2)")
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()}; load average at start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        (tmp / "reports").mkdir()
        generate(tmp / "reports", args.files)
        python = sys.executable
        commands = {
            "validate --json -j 2": [
                *(python, "-m", "gkreport", "validate", "--json", "-j", "2"),
                str(tmp / "reports"),
            ],
            "archive_with_dask --workers 2": [
                python,
                str(ROOT / "examples" / "archive_with_dask.py"),
                str(tmp / "reports"),
                str(tmp / "out.parquet"),
                "--workers",
                "2",
            ],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command, tmp / "out.txt"))
        medians = {name: statistics.median(each) for name, each in times.items()}
        for name, median in medians.items():
            print(f"{name:32} {median:7.1f} s  ({args.files / median:6.0f} files/s)")
        dask, cli = medians["archive_with_dask --workers 2"], medians["validate --json -j 2"]
        print(f"dask / -j 2 time: {dask / cli:.2f}x (target <= {TARGET}x on one machine)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
