"""Start-up: ``import gkreport`` and ``gkreport validate one.json``, each against its baseline.

Issue 17's targets, on wall time of fresh processes (what a user waits for):

- ``import gkreport`` ≤ 1.3× ``import attrs, cattrs, jsonschema`` (the core dependencies);
- ``gkreport validate one.json`` ≤ 1.5× ``python -c "import gkreport"``.

These are figures of about 100 ms on a noisy machine, so each command runs ``--runs``
times (at least 20), the commands alternating so that drift hits all alike, and
medians are compared. The JSON file is the first example report.

Every command runs with its bytecode cached, as an installed package runs (pip
compiles it): the cache goes to a temporary folder (``PYTHONPYCACHEPREFIX``), also
where ``PYTHONDONTWRITEBYTECODE`` is set, which would otherwise have gkreport's modules
compiled from source on every run while the baseline's come compiled.

    python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = sorted((ROOT / "examples").glob("*.json"))[0]

COMMANDS = {
    "import attrs, cattrs, jsonschema": [sys.executable, "-c", "import attrs, cattrs, jsonschema"],
    "import gkreport": [sys.executable, "-c", "import gkreport"],
    "gkreport validate one.json": [sys.executable, "-m", "gkreport", "validate", str(EXAMPLE)],
}
TARGETS = (  # (case, baseline, most times the baseline)
    ("import gkreport", "import attrs, cattrs, jsonschema", 1.3),
    ("gkreport validate one.json", "import gkreport", 1.5),
)


CACHE = tempfile.mkdtemp(prefix="gkreport-bench-pyc-")
atexit.register(shutil.rmtree, CACHE, ignore_errors=True)


def run(command: list[str]) -> float:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": CACHE}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=environment, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr.decode()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = max(parser.parse_args().runs, 20)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():
        run(command)  # warm the file cache and the .pyc files
    for _ in range(runs):
        for name, command in COMMANDS.items():
            times[name].append(run(command))
    median = {name: statistics.median(found) for name, found in times.items()}
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; {runs} runs each")
    for name, seconds in median.items():
        print(f"{name:<36}{seconds * 1000:8.1f} ms (median)")
    missed = 0
    for case, baseline, target in TARGETS:
        ratio = median[case] / median[baseline]
        verdict = "meets" if ratio <= target else "misses"
        missed += ratio > target
        print(f"{case} / {baseline}: {ratio:.2f}x ({verdict} the target of <= {target}x)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
