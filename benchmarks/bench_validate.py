"""Validation throughput per report: rules only, schema + rules, against bare jsonschema.

Run ``python benchmarks/bench_validate.py``. Every figure is measured in this run on
the example reports: CPU time per call (best of several repeats, so other processes
on the machine matter less), reports per second, and the ratio to a bare
``Draft202012Validator.iter_errors`` over the same payload with the same packaged
schema — the cost a third party pays for schema validation alone.

- rules only: ``gkreport.validate(report)`` on a report object (tables + text rules);
- tables only: the same without the text rules (``ignore={"text"}``);
- schema + rules: ``gkreport.validate(payload)`` on the plain dict (structure, then rules;
  jsonschema runs only when structuring fails, as for a bad payload below).
"""

from __future__ import annotations

import json
import sys
import time
import timeit
from pathlib import Path

import gkreport
from gkreport.schema import validator
from gkreport.validate import validate

ROOT = Path(__file__).resolve().parents[1]
TARGET = 5_000  # reports per second per core, rules only


def per_call(function, number: int = 200, repeat: int = 7) -> float:
    timer = timeit.Timer(function, timer=time.process_time)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def main() -> int:
    schema = validator("report")
    print(f"{'report':<28}{'case':<20}{'µs/report':>11}{'reports/s':>11}{'× jsonschema':>14}")
    for path in sorted((ROOT / "examples").glob("*.json")):
        payload = json.loads(path.read_text("utf-8"))
        report = gkreport.from_dict(payload)
        bad = {**payload, "agency": 5}  # fails to structure: schema explains, rules still run
        bare = per_call(lambda payload=payload: list(schema.iter_errors(payload)), number=50)
        cases = {
            "bare jsonschema": bare,
            "rules only": per_call(lambda report=report: validate(report)),
            "tables only": per_call(lambda report=report: validate(report, ignore={"text"})),
            "schema + rules": per_call(lambda payload=payload: validate(payload)),
            "bad payload": per_call(lambda bad=bad: validate(bad), number=50),
        }
        for case, seconds in cases.items():
            print(
                f"{path.name:<28}{case:<20}{seconds * 1e6:>11.0f}{1 / seconds:>11.0f}"
                f"{seconds / bare:>14.2f}"
            )
        rate = 1 / cases["rules only"]
        verdict = "meets" if rate >= TARGET else "misses"
        print(f"{'':<28}rules only {verdict} the {TARGET} reports/s target ({rate:.0f}/s)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
