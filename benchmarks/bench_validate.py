"""Validation throughput per report: rules only, schema + rules, against bare jsonschema.

Run ``python benchmarks/bench_validate.py``. Every figure is measured in this run on
the example reports, as CPU time per call: the best of many short repeats (what the
code costs when nothing else gets in the way) and their median (what a loaded
machine gives), with reports per second and the ratio to a bare
``Draft202012Validator.iter_errors`` over the same payload with the same packaged
schema — the cost a third party pays for schema validation alone.

- rules only: ``gkreport.validate(report)`` on a report object, tables + text rules;
- tables only: the same without the text rules (``ignore={"text"}``);
- schema + rules: ``gkreport.validate(payload)`` on the plain dict: structuring it
  proves it fits the schema, then the rules run; jsonschema runs only to explain a
  payload that fails to structure, as for the bad payload below.

Targets: rules only at 5,000 reports/s or more on one core (issue 3, kept by issue 17);
a bad payload at most 0.5x bare jsonschema (issue 17: its errors explained without
running the whole Python validator again). The load average is printed before and
after: on a shared machine, read the best figures and the ratios, which are taken
in the same run.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path

import gkreport
from gkreport._schema import validator
from gkreport._validation.engine import validate

ROOT = Path(__file__).resolve().parents[1]
TARGET = 5_000  # reports per second per core, rules only
BAD_TARGET = 0.5  # a bad payload, times bare jsonschema on the same payload


def per_call(function: Callable[[], object], number: int, repeat: int) -> tuple[float, float]:
    """Best and median CPU seconds per call over ``repeat`` runs of ``number`` calls."""
    function()  # warm the per-format caches
    timer = timeit.Timer(function, timer=time.process_time)
    runs = [total / number for total in timer.repeat(repeat=repeat, number=number)]
    return min(runs), statistics.median(runs)


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    schema = validator("report")
    print(f"load average before: {load()}")
    header = f"{'report':<22}{'case':<16}{'best µs':>9}{'median µs':>11}{'reports/s':>11}"
    print(f"{header}{'× jsonschema':>14}")
    verdicts = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        payload = json.loads(path.read_text("utf-8"))
        report = gkreport.from_dict(payload)
        bad = {**payload, "agency": 5}  # fails to structure: schema explains, rules still run
        bare = per_call(lambda payload=payload: list(schema.iter_errors(payload)), 20, 30)
        cases = {
            "bare jsonschema": bare,
            "rules only": per_call(lambda report=report: validate(report), 20, 150),
            "tables only": per_call(lambda r=report: validate(r, ignore={"text"}), 20, 150),
            "schema + rules": per_call(lambda payload=payload: validate(payload), 20, 100),
            "bad payload": per_call(lambda bad=bad: validate(bad), 10, 30),
        }
        for case, (best, median) in cases.items():
            print(
                f"{path.stem:<22}{case:<16}{best * 1e6:>9.0f}{median * 1e6:>11.0f}"
                f"{1 / best:>11.0f}{best / bare[0]:>14.2f}"
            )
        rate = 1 / cases["rules only"][0]
        verdicts.append((path.stem, rate, cases["bad payload"][0] / bare[0]))
        print()
    print(f"load average after:  {load()}")
    for name, rate, bad_ratio in verdicts:
        verdict = "meets" if rate >= TARGET else "misses"
        print(f"{name}: rules only {verdict} the target of {TARGET} reports/s ({rate:.0f}/s best)")
        verdict = "meets" if bad_ratio <= BAD_TARGET else "misses"
        print(f"{name}: bad payload {verdict} the target of <= {BAD_TARGET}x ({bad_ratio:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
