"""Findings a reviewer can trust: every finding on real reports, judged by hand.

Run: ``python benchmarks/bench_findings.py [--originals] [--shape TEXT] [--quiet]``
(exit status 1 when a target is missed).

`findings_expected.json` beside this script lists, for every seed report
(tests/fixtures/seeds) and every corpus report (../shared/corpus, its .txt and its
.pdf; skipped where the folder is absent), the findings a careful reader expects —
code, primary pointer and severity — each with the source line that justifies it,
and what was checked and found right (``not_findings``). Its ``variants`` are seeds
with one documented fault injected into their text (a wrong total, a blank 总计
column, a sentence contradicting a cell, another format's notice cited …) and every
finding expected on the result, so recall is measured on faults put there on
purpose, not only on the few the seeds happen to hold.

Each report is validated as read from its file (``original``), then in every wild
shape of the fidelity benchmark (`bench_fidelity.wild_shapes`: crawled text,
encodings, HTML, Markdown with converter defects, and the office and browser shapes
where LibreOffice and Chromium are installed), with the same expectations: a shape
keeps the report's content, so it keeps its problems. The top-level findings are
the reported problems (a grouped finding counts once, whatever it ``explains``).
Each is *true* when an expected (code, path, severity) is left to match it, or
*false* — a false alarm — otherwise, including a finding caused by a reader's miss
(an F rule failing on a value misread). An expected finding nothing matches is
*missed*, unless the reader said it could not read that cell or row (an ``unread``
note covering the pointer): then it is *excused*. Findings of code ``unread`` are
the reader's honest word about its own miss: counted apart ("reader said unread"),
never as false alarms; a shape that is not meant to lose cells should have none.
The shapes made from the published page (`bench_fidelity.PUBLISHED_SHAPES`) lack
what the reading kept only as notes — the text before part 一, a group-only （六）
row: an expected finding resting on those says what to expect there instead
(``published``), and one with nothing to expect is counted "not in shape".

Precision = true / (true + false); recall = true / (true + missed). Targets: 100%
precision and 100% recall over every shape, and no ``unread`` outside the lossy
shapes (`LOSSY`: the converters' lost cells and cells joined by nothing).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gkreport
from gkreport._readers.pdf import extract_lines

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the shapes and reference data live with the tests
from benchmarks import bench_fidelity  # noqa: E402
from tests.reference import CORPUS, SEEDS  # noqa: E402

EXPECTATIONS = Path(__file__).with_name("findings_expected.json")
ORIGINAL = "original"
#: The shapes that lose what a reader needs: the converters' lost cells, and a page whose
#: cells are joined by nothing (12 and 13 printed as 1213: the boundary is gone).
LOSSY = bench_fidelity.LOSSY_SHAPES | {"one line, cells joined by nothing"}
#: Where a report's ``files`` entry points: seeds/<name> or corpus/<name>.
FOLDERS = {"seeds": SEEDS, "corpus": CORPUS}


@dataclass(frozen=True)
class Expected:
    """One finding a careful reader expects: what, where, how bad, and why.

    ``cells`` are the table cells it compares (a text finding's cells, an identity's
    terms); ``published`` what to expect instead on the published-page shapes, which
    lack what the reading kept only as notes (empty: nothing).
    """

    code: str
    path: str
    severity: str
    why: str
    cells: tuple[str, ...] = ()
    published: tuple[Expected, ...] | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.code, self.path, self.severity)


@dataclass
class Case:
    """One report to validate: its file, its text (for the text shapes) and its expectations."""

    name: str
    path: Path
    text: str
    expected: list[Expected]
    report: gkreport.Report | None = None


@dataclass
class Tally:
    """What the findings on one shape of every report came to."""

    reports: int = 0
    true: int = 0
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    excused: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    absent: int = 0  #: expected findings whose cause the shape does not carry

    @property
    def precision(self) -> float:
        return self.true / (self.true + len(self.false)) if self.true + len(self.false) else 1.0

    @property
    def recall(self) -> float:
        return self.true / (self.true + len(self.missed)) if self.true + len(self.missed) else 1.0

    def add(self, other: Tally) -> None:
        self.reports += other.reports
        self.true += other.true
        self.absent += other.absent
        for name in ("false", "missed", "unread", "excused", "unreadable"):
            getattr(self, name).extend(getattr(other, name))


# --- the expectations -----------------------------------------------------------------------


def expectations() -> dict[str, Any]:
    """The hand-judged expectations file, as written."""
    return json.loads(EXPECTATIONS.read_text("utf-8"))


def expected_of(entries: list[dict[str, Any]]) -> list[Expected]:
    """The expectations of one report as written in the file."""
    found = []
    for e in entries:
        published = None
        if "published" in e:
            published = tuple(expected_of([e["published"]])) if e["published"] else ()
        cells = tuple(e.get("cells", ()))
        found.append(Expected(e["code"], e["path"], e["severity"], e["why"], cells, published))
    return found


def expected_in(case: Case, shape: str) -> tuple[list[Expected], int]:
    """What to expect in ``shape`` of ``case``, and how many findings the shape cannot hold."""
    if shape not in bench_fidelity.PUBLISHED_SHAPES:
        return list(case.expected), 0
    found: list[Expected] = []
    absent = 0
    for expected in case.expected:
        if expected.published is None:
            found.append(expected)
        else:
            found += expected.published
            absent += not expected.published
    return found, absent


def resolve(file: str) -> Path:
    """The path of a ``files`` entry (``seeds/…`` or ``corpus/…``)."""
    folder, name = file.split("/", 1)
    return FOLDERS[folder] / name


def edited(text: str, edits: list[dict[str, Any]]) -> str:
    """``text`` with a variant's edits made: in line ``line`` (1-based), ``old`` → ``new`` once.

    With ``whole``, the line must start with ``old`` and becomes ``new``. An edit
    whose ``old`` is not on its line is an error: the seed or the file changed.
    """
    lines = text.split("\n")
    for edit in edits:
        index = edit["line"] - 1
        line = lines[index]
        if edit.get("whole"):
            if not line.startswith(edit["old"]):
                msg = f"line {edit['line']} does not start with {edit['old']!r}"
                raise ValueError(msg)
            lines[index] = edit["new"]
        else:
            if edit["old"] not in line:
                msg = f"line {edit['line']} does not hold {edit['old']!r}"
                raise ValueError(msg)
            lines[index] = line.replace(edit["old"], edit["new"], 1)
    return "\n".join(lines)


def _text(path: Path) -> str:
    if path.suffix == ".pdf":
        return "\n".join(line.text for line in extract_lines(path))
    return path.read_text("utf-8")


def cases(scratch: Path) -> Iterator[Case]:
    """The reports and the variants, each with its expectations (variants written to ``scratch``).

    Corpus files are left out, with a word, where the corpus is absent.
    """
    data = expectations()
    absent = False
    for entry in data["reports"]:
        for file in entry["files"]:
            path = resolve(file)
            if not path.is_file():
                absent = True
                continue
            yield Case(
                f"{entry['name']} {path.suffix}", path, _text(path), expected_of(entry["expected"])
            )
    if absent:
        print(f"(the real-report corpus is not at {CORPUS}: its reports are left out)")
    for number, variant in enumerate(data["variants"], 1):
        original = resolve(variant["of"])
        text = edited(original.read_text("utf-8"), variant["edits"])
        path = scratch / f"variant-{number:02d}{original.suffix}"
        path.write_text(text, "utf-8")
        yield Case(
            f"variant {number:02d} {variant['name']}", path, text, expected_of(variant["expected"])
        )


# --- judging ----------------------------------------------------------------------------------


def _covered(pointer: str, paths: list[str]) -> bool:
    return any(pointer == path or pointer.startswith(path + "/") for path in paths if path)


def judge(case: Case, report: gkreport.Report, shape: str) -> Tally:
    """The findings on ``report`` (one shape of ``case``) against the case's expectations."""
    pending, absent = expected_in(case, shape)
    tally = Tally(reports=1, absent=absent)
    where = f"{shape} | {case.name}"
    for finding in gkreport.validate(report).findings:
        said = f"{finding.code} {finding.severity} {finding.path} ({finding.location})"
        line = f"{where}: {said} {finding.message}"
        if finding.code == "unread":
            tally.unread.append(line)
            continue
        key = (finding.code, finding.path, finding.severity)
        match = next((e for e in pending if e.key == key), None)
        if match is None:
            tally.false.append(line)
        else:
            pending.remove(match)
            tally.true += 1
    unread = [note.path for note in report.notes if note.kind == "unread"]
    for expected in pending:
        line = f"{where}: {expected.code} {expected.severity} {expected.path} — {expected.why}"
        lost = any(_covered(pointer, unread) for pointer in (expected.path, *expected.cells))
        (tally.excused if lost else tally.missed).append(line)
    return tally


def _unreadable(case: Case, shape: str, exc: Exception) -> Tally:
    """A file the reader refused: every expected finding is missed."""
    tally = Tally(reports=1, unreadable=[f"{shape} | {case.name}: {exc}"])
    tally.missed = [
        f"{shape} | {case.name}: {e.code} {e.severity} {e.path} (file not read)"
        for e in expected_in(case, shape)[0]
    ]
    return tally


def run(*, originals_only: bool = False, only: str | None = None) -> dict[str, Tally]:
    """Every report and variant, as read and (unless ``originals_only``) in every wild shape."""
    tallies: dict[str, Tally] = {ORIGINAL: Tally()}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        all_cases = list(cases(scratch))
        for case in all_cases:
            case.report = gkreport.load(case.path)
            tallies[ORIGINAL].add(judge(case, case.report, ORIGINAL))
        if originals_only:
            return tallies
        shapes = {
            name: shape
            for name, shape in bench_fidelity.wild_shapes().items()
            if only is None or only.lower() in name.lower()
        }
        for name, shape in shapes.items():
            tally = tallies.setdefault(name, Tally())
            for number, case in enumerate(all_cases):
                assert case.report is not None
                source = bench_fidelity.Source(case.name, case.path, case.text, case.report, {})
                suffix, data = shape(source)
                path = scratch / f"shape-{number:02d}{suffix}"
                path.write_bytes(data)
                try:
                    report = gkreport.load(path)
                except gkreport.GkreportError as exc:
                    tally.add(_unreadable(case, name, exc))
                    continue
                tally.add(judge(case, report, name))
    return tallies


# --- the report -------------------------------------------------------------------------------


def _listed(title: str, lines: list[str], quiet: bool) -> None:
    if not lines:
        return
    print(f"\n{title} ({len(lines)}):")
    for line in lines[: 20 if quiet else None]:
        print(f"  {line}")
    if quiet and len(lines) > 20:
        print(f"  … and {len(lines) - 20} more (run without --quiet)")


def report(tallies: dict[str, Tally], *, quiet: bool) -> bool:
    """Print the table, then every false, missed and unread finding; True when targets are met."""
    width = max(len(name) for name in [*tallies, "overall"])
    print(
        f"{'shape':<{width}}  reports  true  false  missed  precision  recall"
        "  reader said unread  excused  not in shape"
    )
    overall = Tally()
    for name, tally in tallies.items():
        overall.add(tally)
        print(
            f"{name:<{width}}  {tally.reports:7}  {tally.true:4}  {len(tally.false):5}"
            f"  {len(tally.missed):6}  {tally.precision:9.1%}  {tally.recall:6.1%}"
            f"  {len(tally.unread):18}  {len(tally.excused):7}  {tally.absent:12}"
        )
    print(
        f"{'overall':<{width}}  {overall.reports:7}  {overall.true:4}  {len(overall.false):5}"
        f"  {len(overall.missed):6}  {overall.precision:9.1%}  {overall.recall:6.1%}"
        f"  {len(overall.unread):18}  {len(overall.excused):7}  {overall.absent:12}"
    )
    stray = [line for name, tally in tallies.items() if name not in LOSSY for line in tally.unread]
    _listed("FILES NOT READ", overall.unreadable, quiet)
    _listed("!!! FALSE ALARMS", overall.false, quiet)
    _listed("!!! MISSED", overall.missed, quiet)
    _listed("reader said unread, in a shape that loses nothing", stray, quiet)
    _listed(
        "reader said unread, in a lossy shape (honest, not counted)",
        [
            line
            for name in bench_fidelity.LOSSY_SHAPES
            for line in tallies.get(name, Tally()).unread
        ],
        quiet,
    )
    _listed("excused (the reader said it could not read the cell)", overall.excused, quiet)
    met = not overall.false and not overall.missed and not stray and not overall.unreadable
    print("\ntargets: 100% precision, 100% recall, no unread outside lossy shapes:", end=" ")
    print("met" if met else "MISSED")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--originals", action="store_true", help="only the files as read, no shapes"
    )
    parser.add_argument("--shape", help="only the shapes whose name holds this text")
    parser.add_argument("--quiet", action="store_true", help="list at most 20 lines of each kind")
    args = parser.parse_args(argv)
    tallies = run(originals_only=args.originals, only=args.shape)
    return 0 if report(tallies, quiet=args.quiet) else 1


if __name__ == "__main__":
    sys.exit(main())
