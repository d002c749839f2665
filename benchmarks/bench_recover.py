"""Recovery of run-together rows: share recovered exactly, and time against plain parsing.

Builds run-together versions of the hand-checked tables of the seed reports
(tests/fixtures/seeds/*.expected.json) and of the corpus (../shared/corpus, when
present): each row's cells joined with no separator, and again with spaces put at
random gaps (seeded), in two modes — one row run together while the rest of the
section is known, and every row of a section run together at once. It prints the
share of rows recovered exactly, left ambiguous, left unsolved, and recovered wrongly
(which must be 0), then the time to recover a whole report (all three sections, all
rows at once) against a baseline measured in the same run: int() on the same
numbers already separated.

Targets: no row recovered wrongly (0, always); the time has no target of its own
(recovery searches the ways digits can be cut, bounded by the robustness limits):
the ratio to the baseline is what the README reports.

    python benchmarks/bench_recover.py [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from gkreport._forms import layout
from gkreport._json import read_json
from gkreport._readers.text.recover import RecoveryOutcome, recover_rows

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))  # the corpus helper lives with the tests
from tests.reference import CORPUS, cell_values, expected, expected_values  # noqa: E402

SEEDS = ROOT / "tests" / "fixtures" / "seeds"
SECTIONS = ("proactive", "applications", "appeals")
ONE_LINE = "appeals"  # section 四 is printed, and recovered, as one line of fifteen numbers

Values = Mapping[str, object]


def seed_values(path: Path) -> tuple[str, Values]:
    data = read_json(path)
    return data["format"], cell_values(data)


def corpus_values(path: Path) -> tuple[str, Values]:
    name = path.name.split(".")[0]
    return expected(name)["format"], expected_values(name, proactive_rows=("rules", "normative"))


def texts(format_id: str, values: Values, section: str) -> dict[str, list[layout.Leaf]]:
    """Text key -> its cells, for the rows whose every cell is a whole number."""
    rows: dict[str, list[layout.Leaf]] = {}
    for leaf in layout.get_format(format_id).leaves():
        if leaf.path[0] == section:
            key = f"/{section}" if section == ONE_LINE else "/" + "/".join(leaf.path[:-1])
            rows.setdefault(key, []).append(leaf)
    whole = (layout.Kind.COUNT, layout.Kind.SIGNED)
    return {
        key: cells
        for key, cells in rows.items()
        if all(c.cell.kind in whole and isinstance(values.get(c.pointer), int) for c in cells)
    }


def printed(leaf: layout.Leaf, value: int) -> str:
    return f"{value:+d}" if leaf.cell.kind is layout.Kind.SIGNED else str(value)


def join(values: Values, cells: list[layout.Leaf], rng: random.Random | None) -> str:
    digits = "".join(printed(leaf, values[leaf.pointer]) for leaf in cells)  # type: ignore[arg-type]
    if rng is None:
        return digits
    gaps = [" " if rng.random() < 0.3 else "" for _ in digits[1:]]
    return digits[0] + "".join(gap + char for gap, char in zip(gaps, digits[1:], strict=True))


def known(values: Values, section: str, excluded: set[str]) -> dict[str, object]:
    return {p: v for p, v in values.items() if p.startswith(f"/{section}/") and p not in excluded}


def tally(values: Values, chosen: dict[str, list[layout.Leaf]], recovery, counts: Counter):
    """Count each row of the chosen texts as exact, wrong, ambiguous or unsolved."""
    for cells in chosen.values():
        rows: dict[str, list[layout.Leaf]] = {}
        for leaf in cells:
            rows.setdefault("/" + "/".join(leaf.path[:-1]), []).append(leaf)
        for row, row_cells in rows.items():
            outcome = recovery.outcomes[row]
            if outcome is RecoveryOutcome.RECOVERED:
                right = all(recovery.values[c.pointer] == values[c.pointer] for c in row_cells)
                counts["exact" if right else "WRONG"] += 1
            else:
                counts[outcome.value] += 1


def reports() -> list[tuple[str, str, Values]]:
    found = [(p.name.split(".")[0], *seed_values(p)) for p in sorted(SEEDS.glob("*.expected.json"))]
    if CORPUS.is_dir():
        found += [
            (p.name.split(".")[0], *corpus_values(p))
            for p in sorted(CORPUS.glob("*.expected.json"))
        ]
    return found


def shares(all_reports) -> None:
    for mode in ("one row at a time", "all rows at once"):
        for spaced in (False, True):
            by_section = {section: Counter() for section in SECTIONS}
            for name, format_id, values in all_reports:
                rng = random.Random(name) if spaced else None
                for section in SECTIONS:
                    chosen = texts(format_id, values, section)
                    if mode == "all rows at once":
                        groups = [chosen]
                    else:
                        groups = [{key: cells} for key, cells in chosen.items()]
                    for group in groups:
                        raw = {key: join(values, cells, rng) for key, cells in group.items()}
                        cells_in = {c.pointer for cells in group.values() for c in cells}
                        recovery = recover_rows(
                            format_id, section, known(values, section, cells_in), raw
                        )
                        tally(values, group, recovery, by_section[section])
            print(f"{mode}, {'misplaced spaces' if spaced else 'no separator'}:")
            for section, counts in [
                *by_section.items(),
                ("all", sum(by_section.values(), Counter())),
            ]:
                print(f"  {section:<13} {describe(counts)}")


def describe(counts: Counter) -> str:
    total = sum(counts.values())
    parts = ", ".join(
        f"{key} {counts[key]} ({counts[key] / total:.1%})"
        for key in ("exact", "ambiguous", "unsolved", "WRONG")
    )
    return f"rows {total:>3}: {parts}"


def timing(all_reports, repeat: int) -> None:
    """Whole reports, every row run together at once, against int() on the separated cells."""
    jobs = []
    for name, format_id, values in all_reports:
        for section in SECTIONS:
            chosen = texts(format_id, values, section)
            raw = {key: join(values, cells, random.Random(name)) for key, cells in chosen.items()}
            separated = [
                [printed(leaf, values[leaf.pointer]) for leaf in cells]  # type: ignore[arg-type]
                for cells in chosen.values()
            ]
            excluded = {c.pointer for cells in chosen.values() for c in cells}
            jobs.append((format_id, section, known(values, section, excluded), raw, separated))

    def recover_all() -> None:
        for format_id, section, known_cells, raw, _ in jobs:
            recover_rows(format_id, section, known_cells, raw)

    def parse_separated() -> None:
        for *_, separated in jobs:
            for cells in separated:
                [int(cell) for cell in cells]

    recover_all()  # warm the layout caches
    recover_times, baseline_times = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        recover_all()
        recover_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        parse_separated()
        baseline_times.append(time.perf_counter() - start)
    count = len(all_reports)
    recovered = statistics.median(recover_times) / count
    baseline = statistics.median(baseline_times) / count
    print(
        f"time per report ({count} reports, median of {repeat}): recovery {recovered * 1e3:.2f} ms,"
        f" int() on separated cells {baseline * 1e3:.3f} ms, ratio {recovered / baseline:.0f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    all_reports = reports()
    print(f"reports: {', '.join(name for name, _, _ in all_reports)}")
    shares(all_reports)
    timing(all_reports, args.repeat)


if __name__ == "__main__":
    main()
