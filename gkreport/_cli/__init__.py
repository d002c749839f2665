"""The ``gkreport`` command: validate, convert, template, render, schema.

Exit status, the same for every command:

* 0 — done, and (for ``validate``) no errors found;
* 1 — ``validate`` found errors (warnings alone do not count);
* 2 — an input could not be read, or the command line was wrong. Among many
  inputs, an unreadable one wins over errors found in others: the run is
  incomplete, and a script must not mistake it for a finished check. A file in
  a folder that is not a report (``notes.py``, ``~$report.xlsx``) is listed as
  skipped, with why, and changes no status (`gkreport._cli.walk`);
* 130, 143 — stopped by SIGINT (Ctrl-C) or SIGTERM: the shell's 128 + the
  signal's number. Every worker process is gone, and the ``--json`` lines
  written so far are whole (see `gkreport._cli.interrupt`).

Every failure is one line on stderr naming the file (and cell or line where
known), never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs
import simplejson

import gkreport
from gkreport import _io
from gkreport._atomic import write_bytes
from gkreport._cli import batch as _batch
from gkreport._cli import export as _export
from gkreport._cli import help_zh, interrupt, options, walk
from gkreport._cli import review as _review
from gkreport._cli import series as _series
from gkreport._cli import stdin as _stdin
from gkreport._cli import triage as _triage
from gkreport._cli._terminal import literal, visible
from gkreport._cli.notes import note_rows
from gkreport._cli.options import SKIPPED_SHOWN
from gkreport._errors import GkreportError
from gkreport._forms import registry
from gkreport._readers.dispatch import readable_suffixes
from gkreport._readers.files import MISSING
from gkreport._words import COMMAND, LANGS, Lang

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2

_STYLE = {
    "error": "bold red",
    "warning": "yellow",
    "info": "cyan",
    "compared": "green",
    "left_out": "magenta",
    "note": "dim",
}
#: Why a file was skipped (`walk.SKIPPED`, as in the JSON Lines) -> its key in `COMMAND`.
_REASONS = {walk.NOT_A_REPORT: "reason.not_a_report", walk.LOCK_FILE: "reason.lock_file"}


class UsageError(GkreportError):
    """The command line asks for something impossible (an unknown output type …)."""


# --- validate ------------------------------------------------------------------------------


def _check_each(
    name: str,
    inputs: Sequence[_batch.InputFile],
    take: Callable[[_batch.InputFile, dict[str, Any]], None],
    jobs: int,
) -> None:
    """Check every input for its result and report, ``take`` in input order (review, export).

    Behind a progress bar named ``name`` on stderr when that is a terminal.
    """
    with _progress(sys.stderr.isatty()) as progress:
        task = progress.add_task(name, total=len(inputs))
        _batch.each(
            inputs,
            take,
            jobs=jobs,
            want=_batch.Want(result=True, report=True),
            advance=lambda n: progress.advance(task, n),
        )


def _progress(enabled: bool) -> Any:
    """A rich progress bar on stderr, or a no-op when the output is not a terminal."""
    if not enabled:
        return _NoProgress()  # rich.progress costs ~15 ms to import: only for a terminal
    from rich.console import Console  # noqa: PLC0415 - rich costs ~50 ms; only validate needs it
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=Console(file=sys.stderr),
        transient=True,
    )


class _NoProgress:
    """The progress bar where none is drawn: every call does nothing."""

    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def add_task(self, *_: object, **__: object) -> int:
        return 0

    def advance(self, *_: object) -> None:
        return None


def _utf8_stdout() -> TextIO:
    """Standard output in UTF-8, whatever the locale: JSON Lines, HTML and Markdown are UTF-8."""
    stream = sys.stdout
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8")
    return stream


def _lenient_stdout() -> TextIO:
    """Standard output for people: a character it cannot encode becomes "?", not a crash."""
    stream = sys.stdout
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")
    return stream


def _json_line(data: dict[str, Any]) -> str:
    return _batch.json_line(data)  # the same bytes as the lines the workers write


def _write_json_lines(lines: Sequence[dict[str, Any]], out: TextIO) -> None:
    for data in lines:
        out.write(_json_line(data))
    out.flush()


def _message(finding: dict[str, Any], lang: Lang) -> str:
    if lang == "en":
        return finding.get("message_en") or finding.get("message") or ""
    return finding.get("message") or ""


def _error(error: str, words: Mapping[str, str]) -> str:
    """A read error as the table shows it: a missing path in the table's language."""
    if error.endswith(f": {MISSING}"):
        return error.removesuffix(MISSING) + words["reason.missing"]
    return error


def _finding_row(file: str, finding: dict[str, Any], lang: Lang) -> tuple[str, ...]:
    """A finding's row; an accepted one says so, with why, in its severity and message."""
    words = COMMAND[lang]
    severity = finding.get("severity", "")
    message = _message(finding, lang)
    accepted = finding.get("accepted")
    if accepted is not None:
        severity = f"{words.get(severity, severity)} · {words['accepted']}"
        reason = accepted.get("reason")
        message += f"\n{words['accepted']}: {reason}" if reason else ""
    location = finding.get("location") or finding.get("path") or ""
    return (file, finding.get("code", ""), severity, location, finding.get("label") or "", message)


def _table_rows(
    outcomes: Sequence[_batch.FileResult],
    cross: Sequence[dict[str, Any]],
    lang: Lang,
    *,
    notes: bool = False,
) -> list[tuple[str, ...]]:
    words = COMMAND[lang]
    rows: list[tuple[str, ...]] = []
    for outcome in outcomes:
        if outcome.error is not None:
            rows.append((outcome.file, "—", "unreadable", "", "", _error(outcome.error, words)))
            continue
        rows += [_finding_row(outcome.file, finding, lang) for finding in outcome.findings]
        if notes:
            report = outcome.kept.unpack()[0] if outcome.kept is not None else outcome.report
            rows += note_rows(outcome.file, report, lang)
    for check in cross:
        if "left_out" in check:  # a report in no series, and why
            rows.append((check["file"], "—", "left_out", "", "", _message(check, lang)))
            continue
        name = f"{words[check['check']]}: {check['name']}"
        if "agencies" in check:  # the files a series compared, with each one's agency as written
            rows.append((name, "—", "compared", "", "", _compared(check, lang)))
        if "error" in check:
            rows.append((name, "—", "error", "", "", check["error"]))
        rows += [_finding_row(name, finding, lang) for finding in check.get("findings", ())]
    return rows


def _compared(check: dict[str, Any], lang: Lang) -> str:
    """What a series compared: each file with its year and its agency as the report names it."""
    members = list(zip(check["years"], check["agencies"], check["files"], strict=True))
    candidates = check.get("candidates", ())
    if lang == "en":
        shown = "; ".join(f"{year} {agency} ({file})" for year, agency, file in members)
        if candidates:
            shown += f"; not joined to {' or '.join(candidates)}: the name could be either"
        return shown
    shown = "；".join(f"{year}年 {agency}（{file}）" for year, agency, file in members)
    if candidates:
        either = "或".join(f"“{name}”" for name in candidates)
        shown += f"；名称可能是{either}，无法确定，未与其合并"
    return shown


def _print_table(
    outcomes: Sequence[_batch.FileResult],
    cross: Sequence[dict[str, Any]],
    summary: _batch.Summary,
    lang: Lang,
    out: TextIO,
    *,
    verbose: bool = False,
    extra: Sequence[str] = (),
) -> None:
    from rich.console import Console  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415
    from rich.text import Text  # noqa: PLC0415

    words = COMMAND[lang]
    # Piped output goes to a file, a pager or grep: one line per finding, never folded.
    console = Console(file=out, highlight=False, width=None if out.isatty() else 1000)
    rows = _table_rows(outcomes, cross, lang, notes=verbose)
    if rows:
        table = Table(expand=out.isatty())  # on a terminal, the message takes the spare width
        table.add_column(words["file"], no_wrap=True, overflow="fold")
        table.add_column(words["code"], no_wrap=True)
        table.add_column(words["severity"], no_wrap=True)
        table.add_column(words["location"], no_wrap=True)
        table.add_column(words["cell"], ratio=1, overflow="fold")
        table.add_column(words["message"], ratio=2, overflow="fold")
        # Every cell is a literal Text: file names, messages and quoted report text are
        # data, never markup or terminal escapes (see `_terminal`).
        for file, code, severity, location, cell, message in rows:
            accepted = severity not in words  # "错误 · 已接受": shown, not counted
            style = "dim" if accepted else _STYLE.get(severity, "red")
            shown = literal(words.get(severity, severity), style)
            cells = (literal(file), literal(code), shown, literal(location), literal(cell))
            table.add_row(*cells, literal(message, newlines=True))  # a message may have lines
        console.print(table)
    else:
        console.print(Text.assemble(("✓", "green"), f" {words['no_findings']}"))
    # The summary's lines: never folded when piped, however long a list of files they name.
    unfolded = not out.isatty()
    console.print(Text(" · ").join(_counts(summary, words, styled=True)), soft_wrap=unfolded)
    if summary.by_code:
        by_code = ", ".join(f"{code} ×{count}" for code, count in summary.by_code)
        console.print(literal(f"{words['by_code']}: {by_code}"), soft_wrap=unfolded)
    for line in [*extra, *_skipped_lines(summary, words, verbose=verbose)]:
        console.print(literal(line), soft_wrap=unfolded)


def _skipped_lines(
    summary: _batch.Summary, words: Mapping[str, str], *, verbose: bool
) -> list[str]:
    """The files skipped on purpose, a line per reason: the first `SKIPPED_SHOWN` unless verbose."""
    by_reason: dict[str, list[str]] = {}
    for file, reason in summary.skipped:
        by_reason.setdefault(reason, []).append(file)
    lines = []
    for reason, files in by_reason.items():
        shown = files if verbose else files[:SKIPPED_SHOWN]
        why = words.get(_REASONS.get(reason, ""), reason)
        more = len(files) - len(shown)
        tail = (" " + words["more"].format(count=more)) if more else ""
        lines.append(words["skipped_line"].format(why=why, files=", ".join(shown) + tail))
    return lines


def _counts(summary: _batch.Summary, words: Mapping[str, str], *, styled: bool) -> list[Any]:
    """The summary's counts in reading order: rich `Text`s coloured when ``styled``, else str."""
    counts = [
        ("", "files", summary.files),
        ("green", "clean", summary.clean),
        ("yellow", "with_warnings", summary.with_warnings),
        ("red", "with_errors", summary.with_errors),
        ("red", "unreadable", summary.unreadable),
        ("dim", "skipped", len(summary.skipped)),
    ]
    return [
        literal(f"{words[key]} {count}", style) if styled else f"{words[key]} {count}"
        for style, key, count in counts
        if key not in ("with_warnings", "skipped") or count
    ]


def _print_summary_line(
    summary: _batch.Summary, lang: Lang, out: TextIO, extra: Sequence[str] = ()
) -> None:
    """The summary as one plain line (stderr, beside --json output), and any ``extra`` lines."""
    words = COMMAND[lang]
    line = " · ".join(_counts(summary, words, styled=False))
    if summary.by_code:
        line += " | " + ", ".join(f"{code} ×{count}" for code, count in summary.by_code)
    out.write("".join(visible(text) + "\n" for text in [line, *extra]))


def _cmd_validate(args: argparse.Namespace) -> int:
    if _stdin.NAME not in args.paths:
        return _validate(args, args.paths)
    with _stdin.spooled(sys.stdin.buffer) as spooled:
        paths = [str(spooled) if path == _stdin.NAME else path for path in args.paths]
        return _validate(args, paths, spooled)


def _validate(args: argparse.Namespace, paths: list[str], spooled: Path | None = None) -> int:
    if args.rollup and not Path(args.rollup).is_file():
        raise UsageError(f"{args.rollup}: --rollup takes the region's own report file")
    paths = [*paths, *([args.rollup] if args.rollup else [])]
    # JSON Lines stream: the inputs are walked as the run goes (`batch.inputs`); the
    # table and --rollup need them all first (a progress bar's total, the parent's name),
    # and standard input its name "-" on its temporary copy.
    inputs: Iterable[_batch.InputFile]
    total: int | None
    if args.json and not args.rollup and spooled is None:
        head, inputs = _batch.peek(_batch.inputs(paths))
        total = None
    else:
        head = inputs = sorted(
            attrs.evolve(item, shown=_stdin.NAME) if item.path == str(spooled) else item
            for item in _batch.gather(paths)
        )
        total = len(head)
    rollup_parent = None
    if args.rollup:
        parent = os.path.realpath(args.rollup)
        rollup_parent = next(i.shown for i in head if os.path.realpath(i.path) == parent)
    if all(item.skipped is not None for item in head):
        known = " ".join(readable_suffixes())
        count = len(head)
        others = f" ({count} other file{'s' if count > 1 else ''} skipped)" if count else ""
        raise UsageError(f"no {known} files in {' '.join(args.paths)}{others}")
    jobs = options.jobs_of(args)
    chosen = options.triage_of(args, machine=args.json)
    out = _utf8_stdout() if args.json else None
    # --json streams: each line written as its file is done, nothing held per file; a
    # triaged run (--select, --ignore, --accept, -q) rewrites each line as it comes and
    # counts what it accepted and hid. The table is printed when the run is done.
    counting = None if out is None or chosen.changes_nothing else _triage.Counting(chosen)
    with _progress(_shows_progress(out)) as progress:
        task = progress.add_task("validate", total=total)
        tally, outcomes = _batch.stream(
            inputs,
            jobs=jobs,
            out=out,
            keep=out is None,
            kept=bool(args.series or rollup_parent or args.copies or _notes(args)),
            rewrite=counting,
            advance=lambda n: progress.advance(task, n),
        )
    cross = _series.series_checks(outcomes, left_out_lines=True) if args.series else []
    if rollup_parent is not None:
        cross.append(_batch.rollup_check(outcomes, rollup_parent))
    if args.copies:
        cross += _batch.copies_checks(outcomes)
    if out is not None:
        if counting is not None:
            cross = counting.cross(cross)
        cross_findings, cross_errors = _triage.standing_cross(cross)
        summary = tally.summary(cross_findings)
        _write_json_lines(cross, out)
        lines = counting.lines(args.lang) if counting is not None else []
        _print_summary_line(summary, args.lang, sys.stderr, lines)
        return summary.exit_status(cross_errors)
    run = chosen.run(outcomes, cross, args.lang)
    _print_table(
        run.outcomes,
        run.cross,
        run.summary,
        args.lang,
        _lenient_stdout(),
        verbose=args.verbose,
        extra=run.lines,
    )
    return run.summary.exit_status(run.cross_errors)


def _shows_progress(out: TextIO | None) -> bool:
    """A bar on stderr whenever stderr is a terminal (a person is watching there).

    Except when JSON Lines stream to that same terminal: they show the progress
    themselves, and a bar redrawn between them would garble them.
    """
    if not sys.stderr.isatty():
        return False
    return out is None or not out.isatty()


def _notes(args: argparse.Namespace) -> bool:
    """The table lists the notes the readers kept (``-v``): the reports come back for them."""
    return bool(args.verbose and not args.json)


# --- convert, template, render, schema ------------------------------------------------------


def _tell(line: str) -> None:
    """One line for the person on stderr; paths in it are shown literally (see `_terminal`)."""
    sys.stderr.write(visible(line) + "\n")


def _cmd_convert(args: argparse.Namespace) -> int:
    target = Path(args.output)
    if target.suffix.lower() not in _io.WRITERS:
        known = " ".join(sorted(_io.WRITERS))
        raise UsageError(f"{target}: cannot write {target.suffix or '(no extension)'}; use {known}")
    report = _io.load(args.input)
    try:
        _io.dump(report, target)
    except ValueError as exc:  # a text no workbook cell can hold: the file cannot be written
        raise UsageError(str(exc)) from None
    _tell(f"{args.input} → {target}")
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from gkreport import excel  # noqa: PLC0415 - openpyxl only when a workbook is written

    target = Path(args.output)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"{target}: a template is an Excel workbook; name it *.xlsx")
    excel.template(target, format=args.format)
    _tell(f"{target} ({args.format})")
    return EXIT_OK


def _cmd_render(args: argparse.Namespace) -> int:
    from gkreport._render import render  # noqa: PLC0415
    from gkreport._validation.engine import validate  # noqa: PLC0415

    target = args.to
    if target is None:
        suffix = Path(args.output).suffix.lower() if args.output else ".html"
        target = {".html": "html", ".htm": "html", ".md": "md"}.get(suffix)
        if target is None:
            raise UsageError(f"{args.output}: say --to html or --to md for a {suffix} file")
    report = _io.load(args.input)
    findings = None if args.no_findings else validate(report).findings
    page = render(report, target, findings, lang=args.lang)
    if args.output:
        write_bytes(args.output, page.encode("utf-8"))
        _tell(f"{args.input} → {args.output}")
    else:
        _utf8_stdout().write(page)
    return EXIT_OK


#: What ``gkreport schema rules`` prints: the rule catalog as data, not a schema.
RULES_NAME = "rules"


def _cmd_schema(args: argparse.Namespace) -> int:
    from gkreport._ruledata import rule_data  # noqa: PLC0415
    from gkreport._schema import schema, schema_names  # noqa: PLC0415

    names = [*schema_names(), RULES_NAME]
    if args.list:
        sys.stdout.write("\n".join(names) + "\n")
        return EXIT_OK
    if args.name not in names:
        raise UsageError(f"no schema {args.name!r}; known: {', '.join(names)}")
    document = rule_data() if args.name == RULES_NAME else schema(args.name)
    _utf8_stdout().write(simplejson.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        from gkreport._service.app import serve  # noqa: PLC0415 - the server extra, on use
        from gkreport._service.settings import Settings, parse_size  # noqa: PLC0415
    except ModuleNotFoundError as exc:
        need = exc.name or "a module"
        raise UsageError(f"serve needs {need}: pip install 'gkreport[server]'") from None
    try:
        settings = Settings(
            host=args.host,
            port=args.port,
            workers=args.workers or (os.cpu_count() or 1),
            cors=tuple(args.cors),
            max_upload=parse_size(args.max_upload),
            time_limit=args.time_limit,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    serve(settings)
    return EXIT_OK


# --- the parser -------------------------------------------------------------------------------

_Formatter = argparse.RawDescriptionHelpFormatter


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked (`gkreport.__version__`)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        sys.stdout.write(f"gkreport {gkreport.__version__}\n")
        parser.exit()


def _add(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    example: str,
    handler: Callable[[argparse.Namespace], int],
) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        name,
        help=summary,
        description=summary,
        epilog="examples:\n" + example,
        formatter_class=_Formatter,
    )
    parser.set_defaults(handler=handler)
    return parser


def _lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGS,
        default="zh",
        help="language of the messages (default: zh)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every command (also used to document the CLI)."""
    parser = argparse.ArgumentParser(
        prog="gkreport",
        description="政府信息公开工作年度报告: validate, convert and render annual reports.",
        epilog=(
            "examples:\n"
            "  gkreport validate reports/ -j 4\n"
            "  gkreport convert report.xlsx report.json\n"
            "  gkreport render report.json --to html -o report.html\n"
            "\nexit status: 0 no errors, 1 errors found, 2 an input could not be read,"
            "\n130 stopped by SIGINT (Ctrl-C), 143 stopped by SIGTERM"
        ),
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)

    validate = _add(
        commands,
        "validate",
        "check reports (files or folders, walked recursively) against every rule",
        "  gkreport validate report.xlsx\n"
        "  gkreport validate reports/ 2023/ -j 4 --json > findings.jsonl\n"
        "  curl -s https://example.org/report.json | gkreport validate --json -\n"
        "  gkreport validate reports/ --series\n"
        "  gkreport validate departments/ --rollup county.json\n"
        "  gkreport validate reports/ --copies\n"
        "  gkreport validate reports/ --select F,T --ignore T5 --accept accepted.txt\n"
        "\nexit status: 0 no errors, 1 errors found, 2 an input could not be read,"
        "\n130 stopped by SIGINT (Ctrl-C), 143 stopped by SIGTERM;"
        "\nstopped, it leaves no worker process behind, and every --json line written is whole",
        _cmd_validate,
    )
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="report files or folders; - reads one report from stdin (any type, told by content)",
    )
    validate.add_argument(
        "--json",
        action="store_true",
        help=(
            "JSON Lines on stdout: one result per input, one line per file skipped, one per "
            "check across files, each described by record.schema.json (a result alone: "
            "findings.schema.json) and carrying gkreport_version and rules_version; "
            "summary on stderr; streamed as the files are done, in the same memory for any "
            "number of files (the table is printed at the end, so it holds every finding "
            "until then)"
        ),
    )
    options.add_review_options(validate)
    validate.add_argument(
        "-j",
        "--jobs",
        type=options.non_negative,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0 = one per CPU)",
    )
    validate.add_argument(
        "--series",
        action="store_true",
        help=(
            "also compare the reports of each agency across consecutive years (agencies "
            "matched by name, 洪泽区人民政府 = 淮安市洪泽区人民政府; every report in no "
            "series is listed with why)"
        ),
    )
    validate.add_argument(
        "--copies",
        action="store_true",
        help="also compare the text of the reports of different agencies (copied text, X9)",
    )
    validate.add_argument(
        "--rollup",
        metavar="PARENT",
        help="also check the region's report PARENT against the other reports (its departments)",
    )
    _lang(validate)

    convert = _add(
        commands,
        "convert",
        "convert a report: xlsx/docx/html/txt/md/pdf -> json, json -> xlsx/html/md",
        "  gkreport convert report.xlsx report.json\n  gkreport convert report.json report.html",
        _cmd_convert,
    )
    convert.add_argument("input", metavar="IN", help="the report to read")
    convert.add_argument("output", metavar="OUT", help="the file to write; its extension decides")

    template = _add(
        commands,
        "template",
        "write the blank Excel workbook to fill in",
        "  gkreport template blank.xlsx\n  gkreport template blank-2019.xlsx --format 2019",
        _cmd_template,
    )
    template.add_argument("output", metavar="OUT.xlsx", help="the workbook to write")
    current = registry.current().id
    template.add_argument(
        "--format",
        choices=tuple(registry.FORMATS),
        default=current,
        help=f"the form (default {current})",
    )

    render = _add(
        commands,
        "render",
        "print a report's tables in the official layout, findings marked on their cells",
        "  gkreport render report.xlsx --to html -o report.html\n"
        "  gkreport render report.json --to md > report.md",
        _cmd_render,
    )
    render.add_argument("input", metavar="IN", help="the report to read")
    render.add_argument(
        "--to", choices=("html", "md"), help="output form (default: from -o, else html)"
    )
    render.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    render.add_argument(
        "--no-findings", action="store_true", help="render the tables without validating"
    )
    _lang(render)

    schema = _add(
        commands,
        "schema",
        "print a packaged JSON Schema, or (NAME rules) the rule catalog as data",
        "  gkreport schema report > report.schema.json\n"
        "  gkreport schema record      # one line of validate --json\n"
        "  gkreport schema rules       # the rule catalog (rule-catalog.schema.json)\n"
        "  gkreport schema --list",
        _cmd_schema,
    )
    schema.add_argument(
        "name",
        nargs="?",
        default="report",
        metavar="NAME",
        help="schema name (default: report; rules: the rule catalog as data)",
    )
    schema.add_argument("--list", action="store_true", help="list the schema names")
    _export.add_command(commands, _add, _lang)
    _review.add_command(commands, _add, _lang)
    _serve_parser(commands)
    return parser


def _serve_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = _add(
        commands,
        "serve",
        "run the HTTP service: POST /v1/validate and /v1/convert, an upload page at /",
        "  gkreport serve\n"
        "  gkreport serve --host 0.0.0.0 --port 8080 --workers 4 --cors https://portal.example\n"
        "\nroutes: POST /v1/validate, POST /v1/convert, GET /v1/schemas/{name}, GET /v1/rules,"
        "\nGET /openapi.json, GET / (the upload page, in Chinese); needs gkreport[server]"
        "\n\nanswers, each described by a schema in schemas/ (GET /v1/schemas/{name}):"
        "\n- POST /v1/validate: service-result.schema.json (the result with file)"
        "\n- POST /v1/convert: report.schema.json"
        "\n- GET /v1/rules: rules.json, described by rule-catalog.schema.json"
        "\n- 4xx, 5xx: error.schema.json"
        "\nevery result and error carries gkreport_version and rules_version",
        _cmd_serve,
    )
    serve.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="worker processes doing the reading and validating (default: one per CPU)",
    )
    serve.add_argument(
        "--cors",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let web pages of ORIGIN call the API (repeatable; default: none)",
    )
    serve.add_argument(
        "--max-upload",
        default="20M",
        metavar="SIZE",
        help="largest request body, refused (413) before it is read (default 20M)",
    )
    serve.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="work one request may take; its worker is stopped past it (504) (default 60)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, 1, 2, 130 or 143: the module docstring).

    Run as the program (no ``argv``), what is imported by now lives until the process
    ends: `gc.freeze` spares every collection, and the one at exit, from scanning it
    again (~10% of a one-file run). Called with ``argv`` (a test, a script), nothing
    of the caller's is frozen.
    """
    if argv is None:
        gc.freeze()
    given = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if help_zh.wants_chinese(given, os.environ):  # before argparse prints any --help
        help_zh.localise(parser)
    args = parser.parse_args(given)
    with interrupt.stop_on_signals():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.handler(args))
    except GkreportError as exc:
        sys.stderr.write(f"gkreport: {visible(str(exc), newlines=True)}\n")
    except BrokenPipeError:
        # The reader went away (`gkreport validate --json … | head`): stop quietly, and
        # point stdout at /dev/null so the interpreter's final flush does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERRORS
    except OSError as exc:
        place = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"gkreport: {visible(f'{place}{exc.strerror or exc}')}\n")
    except KeyboardInterrupt:
        sys.stderr.write("gkreport: interrupted\n")
        return interrupt.EXIT_SIGINT
    except interrupt.Terminated:
        sys.stderr.write("gkreport: terminated\n")
        return interrupt.EXIT_SIGTERM
    return EXIT_UNREADABLE
