"""Validating many files at once: walking folders, worker processes, a stable order.

A supervising office validates hundreds to thousands of reports in one command,
so one bad file must never stop the run, and the output must not depend on how
many processes ran or which finished first: inputs are sorted by their shown
path and results are reported in that order, whatever the parallelism.

Each file is checked by `check_file`, a plain top-level function that returns
plain data, so it runs the same in this process (``jobs=1``) and in worker
processes (``jobs>1``), and what crosses the process boundary is cheap to pickle.
Folders are walked by `walk` (what cannot be read is an input with its reason;
a file that is not a report is listed as skipped, never dropped), the processes
are a `workers.Pool` (stopped at once when the run is interrupted), and each
outcome is handed on as soon as it and every earlier one are known, so ``--json``
output streams and a stopped run leaves whole lines.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from gkreport._cli import walk, workers
from gkreport._errors import GkreportError, ReadError
from gkreport._model import Report
from gkreport._readers.files import unreadable

__all__ = [
    "FileResult",
    "InputFile",
    "Summary",
    "check_file",
    "check_line",
    "collect",
    "copies_checks",
    "gather",
    "report_of",
    "rollup_check",
    "run",
]


@attrs.frozen(order=True)
class InputFile:
    """One file to check: the path as shown in the output, and where it is.

    ``problem`` says why it cannot be checked when the walk already knows (a folder
    that cannot be listed, a dangling link): it is reported, never skipped.
    ``skipped`` says why a file found in a folder is not read on purpose (not a
    report file type, a lock file): it is listed, and changes no exit status.
    """

    shown: str
    path: str = attrs.field(order=False)
    problem: str | None = attrs.field(default=None, order=False)
    skipped: str | None = attrs.field(default=None, order=False)


def _preferred(found: walk.Found) -> tuple[bool, Path]:
    """A file reached twice in a folder (through a link) is shown by its path without links."""
    return os.path.realpath(found.path) != os.path.abspath(found.path), found.path


def gather(paths: Iterable[str | os.PathLike[str]]) -> list[InputFile]:
    """Every input named on the command line, folders walked recursively, sorted, once each.

    A folder contributes the files with a supported extension, whatever in it
    cannot be looked into, and (as skipped) every other file but hidden ones
    (`walk`); a file named explicitly is always an input, so a wrong extension or a
    missing file is reported rather than silently ignored, and never also skipped.
    """
    found: dict[str, InputFile] = {}
    for given in paths:
        path = Path(given)
        candidates = walk.walk(path) if path.is_dir() else [walk.named(path)]
        for candidate in sorted(candidates, key=_preferred):
            shown = candidate.path.as_posix()
            item = InputFile(shown, str(candidate.path), candidate.problem, candidate.skipped)
            real = os.path.realpath(candidate.path)
            if found.get(real, item).skipped is not None and item.skipped is None:
                found[real] = item  # named on the command line as well: an input after all
            found.setdefault(real, item)
    return sorted(found.values())


def collect(paths: Iterable[str | os.PathLike[str]]) -> list[InputFile]:
    """The inputs of `gather` to check: the files skipped on purpose left out."""
    return [item for item in gather(paths) if item.skipped is None]


# --- one file --------------------------------------------------------------------------


def _validate_file(path: Path, keep_report: bool) -> dict[str, Any]:
    from gkreport import _convert as convert  # noqa: PLC0415 - light, but keep workers lean
    from gkreport import _io, _json  # noqa: PLC0415
    from gkreport._errors import InvalidReport  # noqa: PLC0415
    from gkreport._validation.engine import validate  # noqa: PLC0415

    report = None
    if path.suffix.lower() == ".json":
        # (other types are read by `load`, which asks the same question first)
        reason = unreadable(path)  # a named pipe would block, a dangling link looks missing
        if reason is not None:
            raise ReadError(path, reason)
        # A plain dict, so that schema problems become findings rather than an exception.
        data = _json.read_json(path)
        result = validate(data)
        if keep_report:
            try:
                report = convert.from_dict(data)
            except InvalidReport:
                report = None  # its schema findings are already in the result
    else:
        report = _io.load(path)
        result = validate(report)
    outcome: dict[str, Any] = {"result": result.to_dict()}
    if keep_report and report is not None:
        outcome["report"] = convert.to_dict(report)
        outcome["sources"] = dict(report.sources)
    return outcome


def check_file(path: str, keep_report: bool = False) -> dict[str, Any]:
    """Validate one file; never raises.

    Returns ``{"result": ValidationResult.to_dict()}`` (plus ``"report"`` and
    ``"sources"`` when ``keep_report``, for the checks across files), or
    ``{"error": message}`` when the file cannot be read. Any exception, expected
    or not, is caught here: one unreadable file must not stop a batch of thousands.
    """
    try:
        return _validate_file(Path(path), keep_report)
    except GkreportError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # reported as this file's error, never as a traceback
        return {"error": f"{path}: unexpected {type(exc).__name__}: {exc}"}


def _check_chunk(paths: Sequence[str], keep_report: bool) -> list[dict[str, Any]]:
    return [check_file(path, keep_report) for path in paths]


# --- many files ------------------------------------------------------------------------


@attrs.frozen
class FileResult:
    """The result of one input, as reported: a validation result or a read error."""

    file: str
    result: dict[str, Any] | None = None
    error: str | None = None
    report: dict[str, Any] | None = None
    sources: dict[str, str] | None = None
    skipped: str | None = None  #: why the file was not read on purpose (`walk.SKIPPED`)

    @property
    def findings(self) -> list[dict[str, Any]]:
        """The findings of this input (none for an unreadable one)."""
        return list(self.result.get("findings", ())) if self.result else []

    def count(self, severity: str) -> int:
        """How many findings of this severity the input has."""
        return sum(1 for finding in self.findings if finding.get("severity") == severity)

    def line(self) -> dict[str, Any]:
        """The JSON Lines object of this input.

        ``{"file", **result}``, ``{"file", "error"}`` or ``{"file", "skipped"}``.
        """
        if self.skipped is not None:
            return {"file": self.file, "skipped": self.skipped}
        if self.error is not None:
            return {"file": self.file, "error": self.error}
        return {"file": self.file, **(self.result or {})}


def _context() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    """A start method that never forks a process holding threads (the progress bar has one)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["gkreport._cli.batch", "gkreport._validation.engine"])
        return context
    return multiprocessing.get_context("spawn")


def _chunks(items: Sequence[str], size: int) -> list[Sequence[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _not_checked(chunk: Sequence[str], why: str) -> list[dict[str, Any]]:
    """The outcomes of a chunk whose worker died on it (out of memory, killed …)."""
    return [{"error": f"{path}: not checked, the worker process failed ({why})"} for path in chunk]


def _in_order(
    inputs: Sequence[InputFile],
    jobs: int,
    keep_reports: bool,
    advance: Callable[[int], None] | None,
    pool: workers.Pool | None,
) -> Iterator[dict[str, Any]]:
    """Each input's outcome, in input order, checked here or by the workers."""
    checked = _checked(
        [item.path for item in inputs if _to_check(item)], jobs, keep_reports, pool, advance
    )
    for item in inputs:
        if _to_check(item):
            yield next(checked)
            continue
        if advance:  # known from the walk; not worth a worker's time
            advance(1)
        if item.problem is not None:
            yield {"error": str(ReadError(item.path, item.problem))}
        else:
            yield {"skipped": item.skipped}


def _to_check(item: InputFile) -> bool:
    """The input is a file to read: neither known unreadable nor skipped by the walk."""
    return item.problem is None and item.skipped is None


def _checked(
    paths: Sequence[str],
    jobs: int,
    keep_reports: bool,
    pool: workers.Pool | None,
    advance: Callable[[int], None] | None,
) -> Iterator[dict[str, Any]]:
    """Each file's outcome, in the order of ``paths`` (progress counted as each is known)."""
    if pool is None:
        for path in paths:
            outcome = check_file(path, keep_reports)
            if advance:
                advance(1)
            yield outcome
        return
    # Small chunks keep the bar moving and the workers balanced; big enough to
    # make the cost of sending a task negligible beside the validation itself.
    chunks = _chunks(paths, max(1, min(32, len(paths) // (jobs * 8))))
    for chunk, results in zip(chunks, pool.map(chunks, _not_checked), strict=True):
        if advance:
            advance(len(chunk))
        yield from results


def run(
    inputs: Sequence[InputFile],
    *,
    jobs: int = 1,
    keep_reports: bool = False,
    advance: Callable[[int], None] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Check every input with ``jobs`` processes; outcomes come back in input order.

    ``advance(n)`` is called as each batch of ``n`` files is done (the progress bar);
    ``on_result(outcome)`` as each outcome is known, in input order (streamed output).
    Left by an exception (Ctrl-C, SIGTERM, a closed pipe in ``on_result``), the
    run stops its worker processes before the exception goes on.
    """
    parallel = jobs > 1 and sum(1 for item in inputs if _to_check(item)) > 1
    task = functools.partial(_check_chunk, keep_report=keep_reports)
    outcomes: list[FileResult] = []
    with workers.Pool(jobs, task, _context()) if parallel else contextlib.nullcontext() as pool:
        checked = _in_order(inputs, jobs, keep_reports, advance, pool)
        for item, data in zip(inputs, checked, strict=True):
            outcome = FileResult(
                file=item.shown,
                result=data.get("result"),
                error=data.get("error"),
                report=data.get("report"),
                sources=data.get("sources"),
                skipped=data.get("skipped"),
            )
            outcomes.append(outcome)
            if on_result:
                on_result(outcome)
    return outcomes


# --- checks across files ----------------------------------------------------------------


def report_of(outcome: FileResult) -> Report | None:
    """The report an outcome carried back, with its provenance, for the checks across files."""
    if outcome.report is None:
        return None
    from gkreport._convert import from_dict  # noqa: PLC0415

    return attrs.evolve(from_dict(outcome.report), sources=outcome.sources or {})


def check_line(kind: str, name: str, files: list[str], run: Callable[[], Any]) -> dict[str, Any]:
    """One JSON line of a check across files: its result, or why it could not run."""
    head: dict[str, Any] = {"check": kind, "name": name, "files": files}
    try:
        return {**head, **run().to_dict()}
    except (GkreportError, ValueError) as exc:
        return {**head, "error": str(exc)}


def rollup_check(outcomes: Sequence[FileResult], parent_file: str) -> dict[str, Any]:
    """Check the parent report against every other report of the same year (its departments)."""
    from gkreport._validation.engine import validate_rollup  # noqa: PLC0415

    by_file = {outcome.file: outcome for outcome in outcomes}
    parent = report_of(by_file[parent_file])
    if parent is None:
        reason = by_file[parent_file].error or "the parent report does not fit the model"
        return {"check": "rollup", "name": parent_file, "files": [parent_file], "error": reason}
    children: list[tuple[str, Report]] = []
    for outcome in outcomes:
        report = report_of(outcome) if outcome.file != parent_file else None
        if report is not None and (parent.year is None or report.year in (None, parent.year)):
            children.append((outcome.file, report))
    files = [parent_file] + [file for file, _ in children]
    reports = [report for _, report in children]
    return check_line("rollup", parent_file, files, lambda: validate_rollup(parent, reports))


def copies_checks(outcomes: Sequence[FileResult]) -> list[dict[str, Any]]:
    """Compare the text of every readable report with the others' (X9).

    A line per report whose text repeats another agency's, naming the file; the
    reports whose text is their own say nothing.
    """
    from gkreport._validation.engine import validate_run  # noqa: PLC0415

    members = [(o.file, r) for o in outcomes if (r := report_of(o)) is not None]
    if len(members) < 2:
        return []
    try:
        results = validate_run([report for _, report in members])
    except (GkreportError, ValueError) as exc:
        files = [file for file, _ in members]
        return [{"check": "copies", "name": "run", "files": files, "error": str(exc)}]
    return [
        {"check": "copies", "name": file, "files": [file], **result.to_dict()}
        for (file, _), result in zip(members, results, strict=True)
        if result.findings
    ]


# --- the summary -------------------------------------------------------------------------


@attrs.frozen
class Summary:
    """The end of a batch: how many files, how they fared, and which rules fired how often.

    ``clean + with_errors + unreadable == files``: a file with warnings but no
    errors counts as clean (the exit status agrees), and ``with_warnings``
    says how many of those had warnings. The files skipped on purpose are not
    among ``files``; ``skipped`` names each with why, in input order.
    """

    files: int
    clean: int
    with_errors: int
    unreadable: int
    with_warnings: int
    by_code: tuple[tuple[str, int], ...]  # (rule code, number of findings), sorted by code
    skipped: tuple[tuple[str, str], ...] = ()  # (file, why), in input order

    @classmethod
    def of(cls, outcomes: Sequence[FileResult], extra: Iterable[dict[str, Any]] = ()) -> Summary:
        """Count the outcomes; ``extra`` are findings across files (series, rollup)."""
        skipped = tuple((o.file, o.skipped) for o in outcomes if o.skipped is not None)
        outcomes = [o for o in outcomes if o.skipped is None]
        unreadable = sum(1 for o in outcomes if o.error is not None)
        with_errors = sum(1 for o in outcomes if o.error is None and o.count("error"))
        with_warnings = sum(
            1 for o in outcomes if o.error is None and not o.count("error") and o.count("warning")
        )
        codes = Counter(f.get("code", "?") for o in outcomes for f in o.findings)
        codes.update(f.get("code", "?") for f in extra)
        return cls(
            files=len(outcomes),
            clean=len(outcomes) - unreadable - with_errors,
            with_errors=with_errors,
            unreadable=unreadable,
            with_warnings=with_warnings,
            by_code=tuple(sorted(codes.items())),
            skipped=skipped,
        )

    def exit_status(self, cross_errors: int = 0) -> int:
        """2 if any input was unreadable (the check is incomplete), else 1 if errors, else 0."""
        if self.unreadable:
            return 2
        if self.with_errors or cross_errors:
            return 1
        return 0
