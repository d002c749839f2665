"""Linear cost: time and memory against input size, for pages and for series of years.

Issue 17 asks that time and memory grow at most linearly with the input (the hard
limits that stop a hostile input belong to `gkreport.Limits`). Measured here, each in
the same run as its own smaller size, so the baseline of every figure is the input
one step down:

* a published page at 1x, 10x and 100x its size (a seed report whose part 一 is its
  own prose repeated), read by ``gkreport.parse_text``;
* the same page as HTML with a table of junk rows after the report, at 1x, 10x, 100x;
* one agency's series of 2, 10 and all the years `layout.YEARS` holds (up to 100),
  checked by ``gkreport.validate_series`` (one report alone has nothing to compare).

For each step it prints CPU time and peak traced memory per unit of input (per KiB
of page, per report of the series) and their ratio to the step below. Target: no
ratio above 1.25 (linear, with room for noise); the exit status is 1 otherwise.

    python benchmarks/bench_linear.py
"""

from __future__ import annotations

import copy
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import gkreport
from gkreport._forms import layout
from gkreport._json import read_json

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "tests" / "fixtures" / "seeds").glob("*.txt"))[0]
EXAMPLE = sorted((ROOT / "examples").glob("*.json"))[0]
TARGET = 1.25  # most a unit may cost at one step, times its cost one step down
PAGE_SCALES = (1, 10, 100)
_OVERVIEW = layout.PARTS[1].label  # part 一's prose ends where part 二's heading starts


def page(scale: int) -> str:
    """The seed page with the prose before part 二 repeated ``scale`` times."""
    text = SEED.read_text("utf-8")
    cut = text.index(_OVERVIEW[2:]) if _OVERVIEW[2:] in text else len(text) // 3
    cut = text.rfind("\n", 0, cut)
    prose = text[text.index("\n", len(text) // 50) : cut]
    return text[:cut] + prose * (scale - 1) + text[cut:]


def html_page(scale: int) -> str:
    """The seed page as HTML paragraphs, then a table of ``40 * scale`` junk rows."""
    paragraphs = "".join(f"<p>{line}</p>" for line in SEED.read_text("utf-8").splitlines())
    rows = "".join(f"<tr><td>附表{i}</td><td>{i}</td><td>备注</td></tr>" for i in range(40 * scale))
    return f"<html><body>{paragraphs}<table>{rows}</table></body></html>"


def series(count: int) -> list[gkreport.Report]:
    """One agency's reports for ``count`` consecutive years (the example, re-dated)."""
    base = read_json(EXAMPLE)
    reports = []
    for year in layout.YEARS[:count]:
        data = copy.deepcopy(base)
        data["year"] = year
        data["title"] = None
        data["published_on"] = None
        reports.append(gkreport.from_dict(data))
    return reports


def measure(action: Callable[[], object], rounds: int = 3) -> tuple[float, int]:
    """Best CPU seconds of ``rounds`` runs, and the peak traced memory of one run."""
    action()
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        action()
        best = min(best, time.process_time() - started)
    tracemalloc.start()
    action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak


def steps(name: str, unit: str, cases: list[tuple[float, Callable[[], object]]]) -> bool:
    """Print each step's cost per unit and its ratio to the step below; True when linear."""
    print(f"{name}:")
    below: tuple[float, float] | None = None
    linear = True
    for size, action in cases:
        seconds, peak = measure(action, rounds=3 if size < 50 else 1)
        per = (seconds / size, peak / size)
        line = f"  {size:8.1f} {unit}: {seconds * 1000:9.1f} ms, peak {peak / 2**20:7.1f} MiB"
        line += f"  ({per[0] * 1e3:.2f} ms and {per[1] / 1024:.0f} KiB per {unit})"
        if below is not None:
            ratios = (per[0] / below[0], per[1] / below[1])
            line += f"  x{ratios[0]:.2f} time, x{ratios[1]:.2f} memory per {unit}"
            linear = linear and max(ratios) <= TARGET
        print(line)
        below = per
    return linear


def main() -> int:
    texts = {s: page(s) for s in PAGE_SCALES}
    pages = [(len(t.encode()) / 1024, lambda t=t: gkreport.parse_text(t)) for t in texts.values()]
    marked = {s: html_page(s) for s in PAGE_SCALES}
    htmls = [(len(t.encode()) / 1024, lambda t=t: gkreport.parse_text(t)) for t in marked.values()]
    years = min(100, len(layout.YEARS))
    reports = {count: series(count) for count in (2, 10, years)}
    runs = [(float(c), lambda c=c: gkreport.validate_series(reports[c])) for c in reports]
    results = [
        steps("text page (parse_text)", "KiB", pages),
        steps("HTML page with a junk table (parse_text)", "KiB", htmls),
        steps("series (validate_series)", "report", runs),
    ]
    verdict = "meets" if all(results) else "misses"
    print(f"{verdict} the target: cost per unit at most {TARGET}x the step below")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
