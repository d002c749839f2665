"""A batch that scales: ``validate --json`` memory stays flat, and ``-j 2`` is ~2x ``-j 1``.

Generates small JSON reports into a temporary folder (the two example reports
under new agency names, one in ten with a wrong total; folders of 1,000), then
runs the real command line, ``python -m gkreport validate --json DIR > FILE``:

* speed: ``-j 1`` and ``-j 2`` alternately, ``--runs`` times each, on ``--files``
  reports; the medians' ratio. Target: ``-j 2`` >= 1.6x ``-j 1`` on 4,000+ files
  (on two idle cores). Both runs must print byte-identical JSON Lines. Beside the
  wall time it counts the CPU time of every process of the run (main process,
  forkserver, workers), since the machine may be shared: ``-j 2`` cannot be faster
  than its CPU time over two cores allows, and not slower than ``-j 1`` on idle ones.
* memory: the peak resident memory of the main process of ``-j 1`` and ``-j 2``
  runs over each of ``--sizes`` reports, as a ratio to the peak at the smallest.
  Target: 150,000 files within 1.25x the peak of 2,000.

``--options "-q --ignore D"`` adds options to every command (a triaged run streams
too, so the memory target is the same).

``--baseline PATH`` runs the same commands with another checkout of gkreport
(``PYTHONPATH=PATH``) in the same run, for a before/after.

    python benchmarks/bench_batch.py [--files 4000] [--sizes 2000,20000] [--runs 3]
        [--memory-jobs 1,2] [--options "-q"] [--baseline /path/to/other/checkout]
        [--skip-speed] [--skip-memory]
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import ctypes
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gkreport import _json

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PER_FOLDER = 1000
#: Options added to every command (``--options``).
OPTIONS: list[str] = []
SPEED_TARGET = 1.6
MEMORY_TARGET = 1.25


def generate(folder: Path, count: int) -> None:
    """``count`` report files under ``folder``, in sub-folders of `PER_FOLDER`."""
    bases = [_json.read_json(path) for path in sorted(EXAMPLES.glob("*.json"))]
    for index in range(count):
        data = copy.deepcopy(bases[index % len(bases)])
        data["agency"] = f"{data['agency']}·{index:06d}"
        if index % 10 == 0:
            data["applications"]["new"]["total"] += 1
        sub = folder / f"s{index // PER_FOLDER:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"r{index:06d}.json").write_text(_json.dumps(data), "utf-8")


def _subreaper() -> None:
    """Orphaned descendants (the forkserver, its workers) are reparented to this process.

    So their CPU time reaches ``RUSAGE_CHILDREN`` once they are reaped here (Linux).
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _reap_all() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def run(code: str, folders: list[Path], jobs: int, out: Path) -> tuple[float, float, float]:
    """One ``validate --json`` run: wall s, CPU s of all its processes, main process's peak MiB."""
    env = {**os.environ, "PYTHONPATH": code}
    command = [sys.executable, "-m", "gkreport", "validate", "--json", "-j", str(jobs), *OPTIONS]
    _reap_all()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with out.open("wb") as sink:
        process = subprocess.Popen(
            [*command, *map(str, folders)], stdout=sink, stderr=subprocess.DEVNULL, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"gkreport failed ({process.returncode})")
    _reap_all()  # the forkserver and the resource tracker, reparented here
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return wall, cpu, usage.ru_maxrss / 1024


def speed(code: str, folders: list[Path], files: int, runs: int, tmp: Path) -> float:
    """Alternate ``-j 1`` and ``-j 2`` runs; print the medians; return the wall ratio."""
    walls: dict[int, list[float]] = {1: [], 2: []}
    cpus: dict[int, list[float]] = {1: [], 2: []}
    for _ in range(runs):
        for jobs in (1, 2):
            wall, cpu, _ = run(code, folders, jobs, tmp / f"out-{jobs}.jsonl")
            walls[jobs].append(wall)
            cpus[jobs].append(cpu)
    same = (tmp / "out-1.jsonl").read_bytes() == (tmp / "out-2.jsonl").read_bytes()
    for jobs in (1, 2):
        wall, cpu = statistics.median(walls[jobs]), statistics.median(cpus[jobs])
        print(f"  -j {jobs}: {wall:6.2f} s wall ({files / wall:6.0f} files/s), {cpu:6.2f} s CPU")
    ratio = statistics.median(walls[1]) / statistics.median(walls[2])
    bound = 2 * statistics.median(cpus[1]) / statistics.median(cpus[2])
    print(
        f"  -j 2 / -j 1: {ratio:.2f}x wall (target >= {SPEED_TARGET}x); CPU cost allows "
        f"{bound:.2f}x on two idle cores; output identical: {same}"
    )
    return ratio


def memory(code: str, folder: Path, sizes: list[int], jobs_list: list[int], tmp: Path) -> None:
    """The main process's peak over runs of growing size, as ratios to the smallest."""
    for jobs in jobs_list:
        peaks = []
        for size in sizes:
            folders = sorted(folder.iterdir())[: -(-size // PER_FOLDER)]
            wall, _, peak = run(code, folders, jobs, tmp / "out-memory.jsonl")
            peaks.append(peak)
            print(
                f"  -j {jobs}, {size:7,} files: peak {peak:6.1f} MiB "
                f"({peak / peaks[0]:.3f}x the {sizes[0]:,}), {wall:6.1f} s"
            )
        slope = (peaks[-1] - peaks[0]) * 1024 * 1024 / max(1, sizes[-1] - sizes[0])
        print(
            f"  -j {jobs}: {slope:.1f} bytes more per file; "
            f"{sizes[-1]:,} files at {peaks[-1] / peaks[0]:.3f}x (target <= {MEMORY_TARGET}x)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--files", type=int, default=4000, help="reports for speed (4000)")
    parser.add_argument("--sizes", default="2000,20000", help="reports for memory (2000,20000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each -j for speed (3)")
    parser.add_argument("--memory-jobs", default="1,2", help="-j values for memory (1,2)")
    parser.add_argument("--options", default="", help='options for every command ("-q")')
    parser.add_argument("--baseline", help="another gkreport checkout to measure the same way")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))
    OPTIONS[:] = shlex.split(args.options)
    _subreaper()
    print(f"CPUs: {os.cpu_count()}; load average at start: {os.getloadavg()[0]:.1f}")
    codes = [("this checkout", str(ROOT))]
    if args.baseline:
        codes.append(("baseline", str(Path(args.baseline).resolve())))
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        data = tmp / "reports"
        data.mkdir()
        start = time.perf_counter()
        count = max([0 if args.skip_speed else args.files, *([] if args.skip_memory else sizes)])
        generate(data, count)
        print(f"generated {count:,} reports in {time.perf_counter() - start:.0f} s")
        for name, code in codes:
            print(f"{name} ({code}):")
            if not args.skip_speed:
                folders = sorted(data.iterdir())[: -(-args.files // PER_FOLDER)]
                speed(code, folders, args.files, args.runs, tmp)
            if not args.skip_memory:
                jobs_list = [int(jobs) for jobs in args.memory_jobs.split(",")]
                memory(code, data, sizes, jobs_list, tmp)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
