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

A run holds nothing per file that it does not need (`each`): the inputs are
walked lazily where no file can be found twice (`inputs`), a worker does a whole
chunk of files and sends back only what the command asked for (`Want`: the
JSON line itself, the findings' codes for the summary, `Tally`), and the checks
across files keep a compact, compressed record of each report (`Kept`) rather
than its findings. So ``validate --json`` over 150,000 files uses the memory of
a run over 2,000.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import os
import pickle
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import attrs
import simplejson

from gkreport._cli import walk
from gkreport._cli._terminal import json_safe
from gkreport._errors import GkreportError, ReadError
from gkreport._model import Report
from gkreport._readers.files import unreadable

if TYPE_CHECKING:
    import multiprocessing.context

    from gkreport._cli import workers

__all__ = [
    "FileResult",
    "InputFile",
    "Kept",
    "Summary",
    "Tally",
    "Want",
    "check_file",
    "check_line",
    "collect",
    "copies_checks",
    "each",
    "gather",
    "inputs",
    "json_line",
    "peek",
    "report_of",
    "rollup_check",
    "run",
    "stream",
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


def _apart(roots: Sequence[Path]) -> bool:
    """No root is another, is inside a folder root, or holds a link: no file can be found twice."""
    real = [os.path.realpath(root) for root in roots]
    folders = [path for path, root in zip(real, roots, strict=True) if root.is_dir()]
    if len(set(real)) != len(real):
        return False
    if any(path.startswith(folder.rstrip(os.sep) + os.sep) for path in real for folder in folders):
        return False
    return not any(walk.has_links(root) for root in roots if root.is_dir())


def inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[InputFile]:
    """The inputs of `gather`, in its order, lazily where that is safe.

    Where no file can be reached twice (`_apart`: no link under a folder named,
    no path named inside another), the folders are walked in order as the run
    goes (`walk.in_order`), so the names of a nation's reports are never all
    held at once; otherwise this is `gather`, which must see every path to keep
    one of each.
    """
    roots = [Path(given) for given in paths]
    if not _apart(roots):
        yield from gather(roots)
        return
    for found in walk.in_order(roots):
        yield InputFile(found.path.as_posix(), str(found.path), found.problem, found.skipped)


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


@attrs.frozen
class Want:
    """What a run needs of each file: a worker computes and sends back only that.

    ``line``: the JSON line ``--json`` writes; ``result``: the whole result (the
    table, `run`); ``report``: the report as a dict with its sources (`run` with
    ``keep_reports``); ``kept``: the report packed small (`Kept`), for the checks
    across files of a streamed run. The findings' codes and severities always come
    back, for the summary (`Tally`).
    """

    line: bool = False
    result: bool = False
    report: bool = False
    kept: bool = False


@attrs.frozen
class Kept:
    """What the checks across files keep of a report: its agency and year, the rest packed.

    The series are formed from ``agency`` and ``year`` alone; a report is unpacked
    (`report_of`) only when its group is compared, so a run holds a few KiB per
    report (compressed) instead of its findings and a tree of Python objects.
    """

    agency: str | None
    year: int | None
    packed: bytes  # zlib-compressed pickle of (report dict, sources)

    @classmethod
    def pack(cls, report: dict[str, Any], sources: dict[str, str]) -> Kept:
        """Keep a report (as `gkreport.to_dict` gives it) and its provenance."""
        packed = zlib.compress(pickle.dumps((report, sources), pickle.HIGHEST_PROTOCOL), 1)
        return cls(report.get("agency"), report.get("year"), packed)

    def unpack(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The report dict and its sources, as packed."""
        report, sources = pickle.loads(zlib.decompress(self.packed))  # bytes of our own worker
        return report, sources


def json_line(data: dict[str, Any]) -> str:
    """One line of ``validate --json`` (a record of record.schema.json), with its newline.

    Every kind of line says which gkreport and rules made it; `_terminal.json_safe`
    escapes what a terminal would act on.
    """
    from gkreport._ruledata import versions  # noqa: PLC0415 - cached after the first line

    line = {**data, **versions()}
    return json_safe(simplejson.dumps(line, ensure_ascii=False, use_decimal=True)) + "\n"


def _line(
    file: str,
    result: dict[str, Any] | None = None,
    error: str | None = None,
    skipped: str | None = None,
) -> dict[str, Any]:
    """``{"file", **result}``, ``{"file", "error"}`` or ``{"file", "skipped"}``."""
    if skipped is not None:
        return {"file": file, "skipped": skipped}
    if error is not None:
        return {"file": file, "error": error}
    return {"file": file, **(result or {})}


def _done(shown: str, outcome: dict[str, Any], want: Want) -> dict[str, Any]:
    """What goes back to the run of one file's `check_file` outcome (or a known one): `Want`."""
    result: dict[str, Any] | None = outcome.get("result")
    done: dict[str, Any] = {key: outcome[key] for key in ("error", "skipped") if key in outcome}
    if result is not None:
        findings = result.get("findings", ())
        done["codes"] = [(f.get("code", "?"), f.get("severity")) for f in findings]
        if want.result:
            done["result"] = result
    if want.line:
        done["line"] = json_line(_line(shown, result, outcome.get("error"), outcome.get("skipped")))
    if "report" in outcome:
        if want.report:
            done["report"], done["sources"] = outcome["report"], outcome["sources"]
        if want.kept:
            done["kept"] = Kept.pack(outcome["report"], outcome["sources"])
    return done


def _checked(shown: str, path: str, keep: bool) -> dict[str, Any]:
    """`check_file`'s outcome, its error naming the input as shown (standard input is "-")."""
    outcome = check_file(path, keep)
    if shown != path and "error" in outcome:
        outcome["error"] = outcome["error"].replace(path, shown)
    return outcome


def _check_chunk(items: Sequence[tuple[str, str]], want: Want) -> list[dict[str, Any]]:
    """A worker's task: each file of a chunk, ``(shown, path)``, checked (`_done`)."""
    keep = want.report or want.kept
    return [_done(shown, _checked(shown, path, keep), want) for shown, path in items]


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
    kept: Kept | None = None  #: the report packed, in place of ``report`` (a streamed run)

    @property
    def findings(self) -> list[dict[str, Any]]:
        """The findings of this input (none for an unreadable one)."""
        return list(self.result.get("findings", ())) if self.result else []

    def count(self, severity: str) -> int:
        """How many findings of this severity the input has."""
        return sum(1 for finding in self.findings if finding.get("severity") == severity)

    def compact(self) -> FileResult:
        """The outcome as a summary counts it: each finding's code and severity only."""
        findings = [{"code": f.get("code"), "severity": f.get("severity")} for f in self.findings]
        return FileResult(
            file=self.file,
            result={"findings": findings} if self.result is not None else None,
            error=self.error,
            skipped=self.skipped,
        )

    def codes(self) -> list[tuple[str, str | None]]:
        """Each counted finding's code and severity (those marked ``accepted`` are not counted)."""
        return [
            (f.get("code", "?"), f.get("severity")) for f in self.findings if "accepted" not in f
        ]

    def line(self) -> dict[str, Any]:
        """The JSON Lines object of this input.

        ``{"file", **result}``, ``{"file", "error"}`` or ``{"file", "skipped"}``.
        """
        return _line(self.file, self.result, self.error, self.skipped)

    @classmethod
    def of(cls, item: InputFile, done: dict[str, Any]) -> FileResult:
        """The outcome of an input from what its run sent back (`Want`)."""
        return cls(
            file=item.shown,
            result=done.get("result"),
            error=done.get("error"),
            report=done.get("report"),
            sources=done.get("sources"),
            skipped=done.get("skipped"),
            kept=done.get("kept"),
        )


#: Files per chunk a worker is sent: big enough that sending it costs nothing beside
#: checking it, small enough that the workers stay balanced and the reorder buffer small.
#: The first chunks are smaller (1, 2, 4 …), so that a short run is shared out too.
CHUNK = 32
#: Characters of file names per chunk, at most: a chunk message stays well inside a pipe's buffer.
CHUNK_TEXT = 8192


def _not_checked(chunk: Sequence[tuple[str, str]], why: str, want: Want) -> list[dict[str, Any]]:
    """The outcomes of a chunk whose worker died on it (out of memory, killed …)."""
    return [
        _done(shown, {"error": f"{path}: not checked, the worker process failed ({why})"}, want)
        for shown, path in chunk
    ]


def _to_check(item: InputFile) -> bool:
    """The input is a file to read: neither known unreadable nor skipped by the walk."""
    return item.problem is None and item.skipped is None


def _known(item: InputFile, want: Want) -> dict[str, Any]:
    """The outcome of an input the walk already knows: unreadable or skipped on purpose."""
    if item.problem is not None:
        return _done(item.shown, {"error": str(ReadError(item.path, item.problem))}, want)
    return _done(item.shown, {"skipped": item.skipped}, want)


def _pieces(items: Iterator[InputFile]) -> Iterator[list[InputFile]]:
    """Consecutive inputs, each piece with at most `CHUNK` files to check (fewer at first)."""
    piece: list[InputFile] = []
    checked = text = 0
    for size in itertools.chain((1, 2, 4, 8, 16), itertools.repeat(CHUNK)):
        for item in items:
            piece.append(item)
            if _to_check(item):
                checked += 1
                text += len(item.shown) + len(item.path)
                if checked >= size or text >= CHUNK_TEXT:
                    break
        if not piece:
            return
        yield piece
        piece, checked, text = [], 0, 0


def _pooled(
    items: Iterator[InputFile], jobs: int, want: Want, pool: workers.Pool
) -> Iterator[tuple[list[InputFile], list[dict[str, Any]]]]:
    """Each piece of inputs with the workers' outcomes of its files to check, in input order."""
    pieces: collections.deque[list[InputFile]] = collections.deque()

    def chunks() -> Iterator[list[tuple[str, str]]]:
        for piece in _pieces(items):
            pieces.append(piece)
            yield [(item.shown, item.path) for item in piece if _to_check(item)]

    failed = functools.partial(_not_checked, want=want)
    for results in pool.map(chunks(), failed):
        yield pieces.popleft(), results


def _context() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    """A start method that never forks a process holding threads (the progress bar has one)."""
    import multiprocessing  # noqa: PLC0415 - ~15 ms to import: only when there are workers

    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["gkreport._cli.batch", "gkreport._validation.engine"])
        return context
    return multiprocessing.get_context("spawn")


def each(
    items: Iterable[InputFile],
    on_each: Callable[[InputFile, dict[str, Any]], None],
    *,
    jobs: int = 1,
    want: Want = Want(),
    advance: Callable[[int], None] | None = None,
) -> None:
    """Check every input with ``jobs`` processes; ``on_each(input, done)`` in input order.

    ``done`` holds what ``want`` asks for (see `Want` and `_done`): ``error`` or
    ``skipped`` when so, the findings' ``codes``, and ``line``, ``result``,
    ``report`` and ``sources``, ``kept`` as asked. ``items`` is read as the run
    goes, and only a bounded number of outcomes wait for an earlier one
    (`workers.Pool`), so the memory a run takes does not grow with its length.
    ``advance(n)`` is called as each batch of ``n`` inputs is done (the progress bar).
    Left by an exception (Ctrl-C, SIGTERM, a closed pipe in ``on_each``), the run
    stops its worker processes before the exception goes on.
    """
    stream = iter(items)
    head: list[InputFile] = []
    to_check = 0
    for item in stream:  # two files to check, or fewer in all: a pool, or not
        head.append(item)
        to_check += _to_check(item)
        if to_check > 1:
            break
    stream = itertools.chain(head, stream)
    if jobs <= 1 or to_check <= 1:
        keep = want.report or want.kept
        for item in stream:
            if _to_check(item):
                on_each(item, _done(item.shown, _checked(item.shown, item.path, keep), want))
            else:
                on_each(item, _known(item, want))
            if advance:
                advance(1)
        return
    from gkreport._cli import workers  # noqa: PLC0415 - multiprocessing, only for workers

    task = functools.partial(_check_chunk, want=want)
    with workers.Pool(jobs, task, _context()) as pool:
        for piece, results in _pooled(stream, jobs, want, pool):
            outcomes = iter(results)
            for item in piece:
                on_each(item, next(outcomes) if _to_check(item) else _known(item, want))
            if advance:
                advance(len(piece))


def run(
    inputs: Iterable[InputFile],
    *,
    jobs: int = 1,
    keep_reports: bool = False,
    advance: Callable[[int], None] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> list[FileResult]:
    """Check every input with ``jobs`` processes; outcomes come back in input order.

    Every outcome whole, with its result (and report, with ``keep_reports``): for
    a library caller and the tests. The command streams with `each` instead.
    ``on_result(outcome)`` is called as each outcome is known, in input order.
    """
    outcomes: list[FileResult] = []

    def keep(item: InputFile, done: dict[str, Any]) -> None:
        outcomes.append(FileResult.of(item, done))
        if on_result:
            on_result(outcomes[-1])

    want = Want(result=True, report=keep_reports)
    each(inputs, keep, jobs=jobs, want=want, advance=advance)
    return outcomes


def peek(items: Iterable[InputFile]) -> tuple[list[InputFile], Iterator[InputFile]]:
    """The inputs up to the first one not skipped (all of them if none), and all the inputs.

    So a command can tell "no report in these folders" before it starts, without
    holding the inputs of a long run.
    """
    stream = iter(items)
    head: list[InputFile] = []
    for item in stream:
        head.append(item)
        if item.skipped is None:
            break
    return head, itertools.chain(head, stream)


class _Lines:
    """JSON lines written as they come, flushed every `EVERY` seconds and at the end.

    Each line is written whole, so a stopped run leaves whole lines; flushing by
    time rather than by line spares a system call per file on a long run while a
    reader (a pipe, ``tail -f``) still sees the lines as they come.
    """

    EVERY = 0.1

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self._flushed = time.monotonic()

    def write(self, line: str) -> None:
        self._out.write(line)
        now = time.monotonic()
        if now - self._flushed >= self.EVERY:
            self._out.flush()
            self._flushed = now

    def flush(self) -> None:
        self._out.flush()


def stream(
    items: Iterable[InputFile],
    *,
    jobs: int = 1,
    out: TextIO | None = None,
    keep: bool = False,
    kept: bool = False,
    rewrite: Callable[[FileResult], FileResult] | None = None,
    advance: Callable[[int], None] | None = None,
) -> tuple[Tally, list[FileResult]]:
    """A command's run: the summary counted, the JSON lines written to ``out`` as they come.

    With ``out``, each input's JSON line is written in input order as soon as it
    is known and nothing else of it is held; ``keep`` keeps each outcome with its
    findings (the table, which is printed at the end); ``kept`` keeps each
    report packed (`Kept`) for the checks across files, with only its file name
    and error beside it. ``rewrite`` turns each outcome into the one shown (the
    reviewer's triage) before its line is written and counted; a finding it marks
    ``accepted`` is not counted. The memory of a run with ``out`` alone does not
    grow with the number of inputs, rewritten or not.
    """
    tally = Tally()
    outcomes: list[FileResult] = []
    lines = _Lines(out) if out is not None else None
    want = Want(
        line=lines is not None and rewrite is None,
        result=keep or rewrite is not None,
        kept=kept,
    )

    def on_each(item: InputFile, done: dict[str, Any]) -> None:
        if rewrite is not None:
            shown = rewrite(FileResult.of(item, done))
            done = {**done, "codes": shown.codes(), "result": shown.result}
            if lines is not None:
                done["line"] = json_line(shown.line())
        tally.add(item.shown, done)
        if lines is not None:
            lines.write(done["line"])
        if keep or kept:
            outcomes.append(FileResult.of(item, done))

    try:
        each(items, on_each, jobs=jobs, want=want, advance=advance)
    finally:
        if lines is not None:
            with contextlib.suppress(OSError):  # a closed pipe: what could be written was
                lines.flush()
    return tally, outcomes


# --- checks across files ----------------------------------------------------------------


def report_of(outcome: FileResult) -> Report | None:
    """The report an outcome carried back, with its provenance, for the checks across files."""
    report, sources = outcome.report, outcome.sources
    if report is None and outcome.kept is not None:
        report, sources = outcome.kept.unpack()
    if report is None:
        return None
    from gkreport._convert import from_dict  # noqa: PLC0415

    return attrs.evolve(from_dict(report), sources=sources or {})


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
        tally = Tally()
        for outcome in outcomes:
            codes = [(f.get("code", "?"), f.get("severity")) for f in outcome.findings]
            done = {"error": outcome.error, "skipped": outcome.skipped, "codes": codes}
            tally.add(outcome.file, {key: v for key, v in done.items() if v is not None})
        return tally.summary(extra)

    def exit_status(self, cross_errors: int = 0) -> int:
        """2 if any input was unreadable (the check is incomplete), else 1 if errors, else 0."""
        if self.unreadable:
            return 2
        if self.with_errors or cross_errors:
            return 1
        return 0


@attrs.define
class Tally:
    """A `Summary` counted as the outcomes go by, so that none of them need be kept."""

    files: int = 0
    unreadable: int = 0
    with_errors: int = 0
    with_warnings: int = 0
    codes: Counter[str] = attrs.field(factory=Counter)
    skipped: list[tuple[str, str]] = attrs.field(factory=list)

    def add(self, file: str, done: dict[str, Any]) -> None:
        """Count one input's outcome (what `each` hands on)."""
        if done.get("skipped") is not None:
            self.skipped.append((file, done["skipped"]))
            return
        self.files += 1
        codes = done.get("codes", ())
        self.codes.update(code for code, _ in codes)
        if done.get("error") is not None:
            self.unreadable += 1
        elif any(severity == "error" for _, severity in codes):
            self.with_errors += 1
        elif any(severity == "warning" for _, severity in codes):
            self.with_warnings += 1

    def summary(self, extra: Iterable[dict[str, Any]] = ()) -> Summary:
        """The summary of what was counted; ``extra`` are findings across files (series, rollup)."""
        codes = self.codes.copy()
        codes.update(f.get("code", "?") for f in extra)
        return Summary(
            files=self.files,
            clean=self.files - self.unreadable - self.with_errors,
            with_errors=self.with_errors,
            unreadable=self.unreadable,
            with_warnings=self.with_warnings,
            by_code=tuple(sorted(codes.items())),
            skipped=tuple(self.skipped),
        )
