"""The validation engine: run the rule catalog and render its findings.

`validate` takes a report object or a plain dict (a third-party payload). A dict
is structured first; when it structures cleanly it is schema-valid (the model and
the schema are proven to agree), so jsonschema runs only to explain a payload that
fails, and its problems become ``schema`` findings. The rules then run on every
cell that could be read. `validate_series` and `validate_rollup` apply the rules
that compare reports. Every check lives in `gkreport._validation.catalog`; this module only
gathers the facts, runs the catalog and turns hits into `Finding` objects.

Serialisation (`ValidationResult.to_dict`): ``expected`` and ``actual`` are JSON
integers for counts, strings for everything else — amounts as exact decimal
strings ("834.6435", never a float), percentages as "4.34%", dates as ISO strings.
"""

from __future__ import annotations

import datetime
import functools
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from gkreport._convert import attempt, structured
from gkreport._errors import InvalidReport, Problem
from gkreport._forms import layout, registry
from gkreport._model import Report, differs_in_copy
from gkreport._validation import catalog, grouping, locations, messages
from gkreport._validation.catalog import Facts, Hit, Rule, Scope
from gkreport._validation.finding import Finding, Severity, ValidationResult
from gkreport._validation.fingerprint import fingerprint
from gkreport._validation.pointer import cells, read_mapping, read_report

__all__ = [
    "Finding",
    "Severity",
    "ValidationResult",
    "validate",
    "validate_rollup",
    "validate_run",
    "validate_series",
]

_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@functools.cache
def _order() -> dict[str, int]:
    """Each rule's place in the catalog: findings of equal severity follow it."""
    return {rule.code: index for index, rule in enumerate(catalog.CATALOG)}


@functools.cache
def _severities() -> dict[str, Severity]:
    """Each rule's severity in the catalog: a hit's unless it says its own."""
    return {rule.code: rule.severity for rule in catalog.CATALOG}


# --- gathering the facts ------------------------------------------------------------------------


def _facts_from_report(report: Report, schema_problems: Sequence[tuple[str, str]] = ()) -> Facts:
    return Facts(
        report.format,
        read_report(report),
        # a row not read or a value set aside is no remark on its cells (no mark, no （六）)
        notes=[(note.path, note.raw) for note in report.notes if note.kind is None],
        unread=[(n.path, n.raw, n.source) for n in report.notes if n.kind == "unread"],
        implausible=[(n.path, n.raw, n.source) for n in report.notes if n.kind == "implausible"],
        copies=[(n.path, n.raw) for n in report.notes if differs_in_copy(n.path, n.message)],
        text={part.id: getattr(report.text, part.id) for part in layout.PARTS},
        agency=report.agency,
        year=report.year if report.year in layout.YEARS else None,  # one built by hand
        kind=report.kind,
        title=report.title,
        published_on=report.published_on,
        schema_problems=schema_problems,
        checked=structured(report),
    )


def _schema_problems(
    data: Mapping[str, Any], format_id: str | None = None, scopes: Sequence[str] | None = None
) -> list[tuple[str, str]]:
    """The problems jsonschema finds with a payload, each at its pointer, sorted.

    With the ``scopes`` structuring found fault with (`gkreport._convert.Attempt`), only
    those places are checked, each against its part of the schema: the same errors as
    the whole run, at a fraction of its cost (`gkreport._schema.errors_within`).
    """
    from gkreport._convert import pointer  # noqa: PLC0415 - keep the module import list short
    from gkreport._schema import errors_within, validator  # noqa: PLC0415 - bad payloads only

    errors = None
    if format_id is not None and scopes is not None:
        errors = errors_within("report", data, format_id, scopes)
    problems = []
    for error in validator("report").iter_errors(data) if errors is None else errors:
        path = "".join(f"/{pointer(str(step))}" for step in error.absolute_path)
        problems.append((path, messages.SchemaMessage(_said(error), error.instance)))
    return sorted(problems)


def _said(error: Any) -> str:
    """The message of jsonschema, a nullable value's ``anyOf`` worded as its one problem.

    The schemas say "a number or null" as ``anyOf`` (Ajv's strict mode refuses a ``type``
    array), on which jsonschema only says "not valid under any of the given schemas": the
    branch whose type fits says what is wrong (below the minimum …), else the types are
    listed as a ``type`` array would list them.
    """
    if error.validator != "anyOf" or not error.context:
        return str(error.message)
    wrong = [e for e in error.context if e.validator != "type" and not e.relative_path]
    if wrong:
        return _said(wrong[0])
    if all(e.validator == "type" for e in error.context):
        types = ", ".join(repr(e.validator_value) for e in error.context)
        return f"{error.instance!r} is not of type {types}"
    return str(error.message)


def _lenient(data: Mapping[str, Any], key: str, type_: type) -> Any:
    value = data.get(key)
    return value if type(value) is type_ else None


def _facts_from_mapping(
    data: Mapping[str, Any],
    format_id: str,
    refused: Sequence[Problem] = (),
    scopes: Sequence[str] | None = None,
) -> Facts:
    """What can be read of a payload that does not structure: cell by cell, field by field.

    ``refused`` are the values no JSON holds (`gkreport._payload`), already replaced
    in ``data`` by a text that stands for them: unreadable, and reported. ``scopes``
    are where the schema can find fault (None: anywhere; see `_schema_problems`).
    """
    values, unreadable = read_mapping(data, format_id)
    unreadable |= {problem.path for problem in refused}
    text = data.get("text")
    parts = (
        {p.id: v for p in layout.PARTS if type(v := text.get(p.id)) is str}
        if isinstance(text, Mapping)
        else {}
    )
    # The notes of a payload are a list (anything else: the schema says so, no note is read)
    listed = data.get("notes")
    given = listed if isinstance(listed, list) else []
    notes = [
        (note["path"], note["raw"])
        for note in given
        if isinstance(note, Mapping)
        and type(note.get("path")) is str
        and type(note.get("raw")) is str
        and note.get("kind") not in ("unread", "implausible")
    ]
    # A row not read, or a value set aside, stays unknown even when its note is malformed.
    unread, implausible = (
        [
            (note["path"], _lenient(note, "raw", str) or "", _lenient(note, "source", str))
            for note in given
            if isinstance(note, Mapping)
            and note.get("kind") == kind
            and type(note.get("path")) is str
        ]
        for kind in ("unread", "implausible")
    )
    copies = [
        (note["path"], _lenient(note, "raw", str) or "")
        for note in given
        if isinstance(note, Mapping) and differs_in_copy(note.get("path"), note.get("message"))
    ]
    published = _lenient(data, "published_on", str)
    try:
        published_on = datetime.date.fromisoformat(published) if published else None
    except ValueError:
        published_on = None
    year = _lenient(data, "year", int)
    facts = Facts(
        format_id,
        values,
        unreadable=unreadable,
        notes=notes,
        unread=unread,
        implausible=implausible,
        copies=copies,
        text=parts,
        agency=_lenient(data, "agency", str),
        year=year if year in layout.YEARS else None,
        kind=_lenient(data, "kind", str),
        title=_lenient(data, "title", str),
        published_on=published_on,
    )
    # A bad cell value is F5/F6/F6b's finding; the schema need not say it again, nor say
    # anything of the text that stands for a refused value.
    said = facts.bad | {problem.path for problem in refused}
    explained = _schema_problems(data, format_id, scopes)
    problems = [(path, msg) for path, msg in explained if path not in said]
    problems += [(p.path, p.message) for p in refused if p.path not in facts.bad]
    facts.schema_problems = tuple(sorted(problems))
    return facts


def _gather(report_or_dict: Report | Mapping[str, Any]) -> Facts | list[tuple[str, str]]:
    """The facts of a report or payload; the schema problems when even its format is unknown."""
    if not isinstance(report_or_dict, Mapping):
        format_id = getattr(report_or_dict, "format", None)
        if not (
            isinstance(format_id, str)
            and format_id in layout.FORMATS
            and isinstance(report_or_dict, registry.report_class(format_id))
        ):
            what = type(report_or_dict).__name__
            return [("", f"a report must be a Report or a JSON object, got {what}")]
        return _facts_from_report(report_or_dict)
    tried = attempt(report_or_dict)  # one walk: the report, or where the payload fails
    if tried.report is not None:
        return _facts_from_report(tried.report)
    data, refused = tried.data, tried.refused
    if data is None:
        return [(p.path, p.message) for p in refused]
    format_id = data.get("format")
    if not isinstance(format_id, str) or format_id not in layout.FORMATS:
        said = {p.path for p in refused}
        problems = [(path, msg) for path, msg in _schema_problems(data) if path not in said]
        problems += [(p.path, p.message) for p in refused]
        return sorted(problems) or [("/format", "unknown format")]
    return _facts_from_mapping(data, format_id, refused, tried.scopes)


# --- running the catalog ------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _rules(
    format_id: str | None, scope: Scope, ignore: frozenset[str] = frozenset()
) -> tuple[Rule, ...]:
    """The rules of ``scope`` whose features a format has (all for None), less those ignored.

    Computed once per format, scope and ignore set: validating a report then only
    calls the checks.
    """
    return tuple(
        r
        for r in catalog.CATALOG
        if r.scope is scope
        and (format_id is None or r.applies_to(layout.get_format(format_id)))
        and r.code not in ignore
        and not ignore.intersection(r.tags)
    )


@functools.lru_cache(maxsize=256)
def _checks(format_id: str, ignore: frozenset[str]) -> tuple[Callable[[Facts], Iterable[Hit]], ...]:
    return tuple(r.check for r in _rules(format_id, Scope.REPORT, ignore))


for _cache in (_order, _severities, _rules, _checks):
    catalog.watch(_cache.cache_clear)


def validate(
    report_or_dict: Report | Mapping[str, Any], *, ignore: Iterable[str] = ()
) -> ValidationResult:
    """Check one report (object or plain dict) against every rule of the catalog.

    ``ignore`` names rule codes or tags to skip (``{"blank", "text"}``). A payload
    whose format cannot be told gets only ``schema`` findings: the rules need to
    know which form they are reading.
    """
    skip = frozenset(ignore)
    gathered = _gather(report_or_dict)
    if isinstance(gathered, list):
        current = registry.current().id
        blank = dict.fromkeys(cells(current).order)  # no cells to read: only the schema speaks
        facts = Facts(current, blank, schema_problems=gathered)
        schema_rules = [r for r in catalog.CATALOG if r.code == "schema" and r.code not in skip]
        hits: list[Hit] = [hit for r in schema_rules for hit in r.check(facts)]
        return ValidationResult(_render_all(hits, None, {}), None)
    hits = []
    for check in _checks(gathered.format_id, skip):
        # not ``hits += check(…)``: extending by a generator grows the list by a guess and
        # shrinks it back, which costs more than the check of a report without that problem
        for hit in check(gathered):
            hits.append(hit)
    hits = grouping.group(hits, gathered, _severities())
    sources = (
        getattr(report_or_dict, "sources", {}) if not isinstance(report_or_dict, Mapping) else {}
    )
    return ValidationResult(_render_all(hits, gathered, sources), gathered.format_id)


def _readable(
    reports: Iterable[Report | Mapping[str, Any]],
) -> list[tuple[Facts, Mapping[str, str]]]:
    if isinstance(reports, (str, bytes, Mapping)) or not isinstance(reports, Iterable):
        what = type(reports).__name__
        raise InvalidReport([Problem("", f"expected a list of reports, got {what}")])
    found = []
    for report in reports:
        gathered = _gather(report)
        if isinstance(gathered, list):
            raise InvalidReport([Problem(path, str(message)) for path, message in gathered])
        sources = getattr(report, "sources", {}) if not isinstance(report, Mapping) else {}
        found.append((gathered, sources))
    return found


def validate_series(
    reports: Iterable[Report | Mapping[str, Any]], *, ignore: Iterable[str] = ()
) -> ValidationResult:
    """Compare one agency's reports of consecutive years (X1, X2, X7, X8, X10).

    The reports may come in any order; each is compared with the report of the
    year before it, when there is one. Findings point into the later report and
    name both years. Each report's own findings come from `validate`.

    :raises ValueError: when a report has no year or two reports share one.
    :raises InvalidReport: when a payload's format cannot be told.
    """
    readable = _readable(reports)
    years = [facts.year for facts, _ in readable]
    if None in years:
        msg = "every report of a series needs its year"
        raise ValueError(msg)
    if len(set(years)) != len(years):
        msg = f"two reports of the series are for the same year: {sorted(cast(list[int], years))}"
        raise ValueError(msg)
    readable.sort(key=lambda pair: cast(int, pair[0].year))  # every year is known (above)
    skip = frozenset(ignore)
    findings: list[Finding] = []
    for (previous, _), (current, sources) in itertools.pairwise(readable):
        if current.year != cast(int, previous.year) + 1:
            continue
        rules = _rules(current.format_id, Scope.SERIES, skip)
        hits = [hit for r in rules for hit in r.check(previous, current)]
        findings += _render_all(hits, current, sources)
    formats = {facts.format_id for facts, _ in readable}
    return ValidationResult(tuple(findings), formats.pop() if len(formats) == 1 else None)


def validate_rollup(
    parent: Report | Mapping[str, Any],
    children: Iterable[Report | Mapping[str, Any]],
    *,
    ignore: Iterable[str] = (),
) -> ValidationResult:
    """Compare a parent report (a county, say) with the sum of its children's (X4).

    :raises InvalidReport: when a payload's format cannot be told.
    """
    (parent_facts, sources), *_ = _readable([parent])
    child_facts = [facts for facts, _ in _readable(children)]
    if not child_facts:
        return ValidationResult((), parent_facts.format_id)
    rules = _rules(None, Scope.ROLLUP, frozenset(ignore))
    hits = [hit for r in rules for hit in r.check(parent_facts, child_facts)]
    return ValidationResult(_render_all(hits, parent_facts, sources), parent_facts.format_id)


# --- rendering ------------------------------------------------------------------------------


_META_LABELS = {f"/{field}": zh for field, zh, _ in layout.METADATA}
_PART_LABELS = {f"/text/{part.id}": part.label for part in layout.PARTS}


def _label(facts: Facts | None, path: str, hit: Hit) -> str:
    """The official labels of what a finding is about."""
    if facts is not None:
        info = facts.cells.by_pointer.get(path)
        if info is not None:
            return info.label
        if hit.cells and path.startswith("/text"):
            return "；".join(facts.cells.label(p) for p in hit.cells)
        if path == "/applications/results/other":
            return f"{layout.RESULTS_LABEL} {layout.OTHER_PROCESSING_LABEL}"
        # a table, else a row not read (its own label)
        found = _section_labels(facts.format_id).get(path) or _unread_label(facts, path)
        if found is not None:
            return found
    if path == "/format":
        return "报告格式"
    return (
        _META_LABELS.get(path)
        or _PART_LABELS.get(path)
        or ("报告正文" if path == "/text" else path)
    )


def _unread_label(facts: Facts, path: str) -> str | None:
    """The official label of a row not read (its cells' row labels), if ``path`` is one."""
    unread = next((row for row in facts.unread_rows if row.path == path), None)
    if unread is None:
        return None
    rows = {facts.cells.label(p).rsplit(" × ", 1)[0] for p in unread.cells}
    return rows.pop() if len(rows) == 1 else None


@functools.cache
def _section_labels(format_id: str) -> dict[str, str]:
    return {f"/{s.id}": s.label for s in layout.get_format(format_id).sections}


@functools.lru_cache(maxsize=2048)
def _template_location(format_id: str, path: str) -> str | None:
    """The template's cell for ``path``: fixed per format, so looked up once."""
    try:
        from gkreport._workbook_map import template_cell  # noqa: PLC0415 - the Excel geometry, on demand
    except ImportError:  # pragma: no cover - the workbook module ships with the package
        return None
    return template_cell(format_id, path)


def _quoted(hit: Hit) -> str | None:
    """What a finding on text quotes: its sentence, else a short text it found (D8, D9).

    A finding on a whole part (D5's ``actual`` is the part) keeps the part's heading.
    """
    quote = hit.params.get("quote")
    if isinstance(quote, str):
        return quote
    if isinstance(hit.actual, str) and len(hit.actual) <= _SHORT_QUOTE:
        return hit.actual
    return None


_SHORT_QUOTE = 40


def _location(
    facts: Facts | None, path: str, sources: Mapping[str, str], hit: Hit | None = None
) -> str | None:
    """Where ``path`` is in the report's own source, in that source's terms (`locations`).

    A finding on a part's text that quotes it points at the line printing the quote.
    """
    quoted = _quoted(hit) if hit is not None else None
    if facts is not None and quoted and (path.startswith("/text/") or path == "/notes"):
        text = (
            next((raw for where, raw in facts.notes if where == ""), None)
            if path == "/notes"  # the text before part 一, kept as a note
            else facts.text.get(path.removeprefix("/text/"))
        )
        whole = text is not None and quoted.strip() == text.strip()  # the part itself: its heading
        line = None if whole else locations.sentence(path, quoted, text, sources)
        if line is not None:
            return line
    if path in sources:
        return sources[path]
    if facts is None:  # a payload whose format cannot be told: its pointer
        return locations.fallback(path, sources, lambda: None)
    for row in facts.unread_rows:  # a row not read is where its note says it was seen
        if row.path == path and row.source:
            return row.source
    set_aside = facts.implausible.get(path)  # so is a count set aside
    if set_aside is not None and set_aside[1]:
        return set_aside[1]
    template = functools.partial(_template_location, facts.format_id, path)
    return locations.fallback(path, sources, template, _cells_under(facts.format_id, path))


@functools.lru_cache(maxsize=2048)  # bounded: the paths come from the notes of payloads
def _cells_under(format_id: str, path: str) -> tuple[str, ...]:
    """The cells below ``path`` (a row, a group, a table) in printed order: none for a cell."""
    inside = path + "/"
    return tuple(p for p in cells(format_id).order if p.startswith(inside))


def _json_safe(value: object) -> int | str | None:
    if value is None or type(value) is int or type(value) is str:
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _in_order(facts: Facts | None, pointers: Iterable[str]) -> tuple[str, ...]:
    """Pointers in table order; those of no cell (a text part) after them, as given."""
    order = _cell_order(facts.format_id) if facts is not None else {}
    return tuple(sorted(dict.fromkeys(pointers), key=lambda p: order.get(p, len(order))))


def _render(hit: Hit, facts: Facts | None, sources: Mapping[str, str]) -> Finding:
    """A hit as a finding: its parameters rendered once per language (`messages`)."""
    rule = catalog.RULES[hit.code]
    params = dict(hit.params)
    if facts is not None:
        params.setdefault("cell", facts.name(hit.path))
    params.setdefault("actual", hit.actual)
    params.setdefault("expected", hit.expected)
    params.setdefault("equation", hit.equation)
    equation = messages.render(hit.equation, "zh")  # the field keeps the form's own words
    paths = _in_order(facts, hit.paths) if hit.paths else (hit.path,)
    expected, actual = _json_safe(hit.expected), _json_safe(hit.actual)
    return Finding(
        code=hit.code,
        severity=(hit.severity or rule.severity).value,
        path=hit.path,
        label=_label(facts, hit.path, hit),
        location=_location(facts, hit.path, sources, hit),
        message=messages.message(hit.code, "zh", params),
        message_en=messages.message(hit.code, "en", params),
        expected=expected,
        actual=actual,
        equation=equation,
        cells=hit.cells,
        paths=paths,
        explains=_render_all(hit.explains, facts, sources) if hit.explains else (),
        fingerprint=fingerprint(
            agency=facts.agency if facts is not None else None,
            year=facts.year if facts is not None else None,
            code=hit.code,
            path=hit.path,
            paths=paths,
            expected=expected,
            actual=actual,
        ),
    )


@functools.cache
def _cell_order(format_id: str) -> dict[str, int]:
    return {pointer: index for index, pointer in enumerate(cells(format_id).order)}


def _render_all(
    hits: Iterable[Hit], facts: Facts | None, sources: Mapping[str, str]
) -> tuple[Finding, ...]:
    order = _cell_order(facts.format_id) if facts is not None else {}
    findings = [_render(hit, facts, sources) for hit in hits]
    findings.sort(
        key=lambda f: (
            _RANK[Severity(f.severity)],
            _order()[f.code],
            order.get(f.path, len(order)),
            f.path,
            f.message,
        )
    )
    return tuple(findings)


def validate_run(
    reports: Iterable[Report | Mapping[str, Any]], *, ignore: Iterable[str] = ()
) -> tuple[ValidationResult, ...]:
    """Compare the text of every report of one run with the others' (X9), one result each.

    The results are in the order of ``reports``; a finding names the other agency and
    year its text repeats. Each report's own findings come from `validate`.

    :raises InvalidReport: when a payload's format cannot be told.
    """
    readable = _readable(reports)
    found: list[list[Hit]] = [[] for _ in readable]
    for r in _rules(None, Scope.RUN, frozenset(ignore)):
        for hit in r.check([facts for facts, _ in readable]):
            found[hit.params["report"]].append(hit)  # a run's hit names its report
    return tuple(
        ValidationResult(_render_all(hits, facts, sources), facts.format_id)
        for hits, (facts, sources) in zip(found, readable, strict=True)
    )
