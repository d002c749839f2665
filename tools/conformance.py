"""``tests/conformance/cases/*.json``: payloads with the findings gkreport gives them.

Build-time only: `tools/generate.py` writes one file per case from the table below (a
balanced report of each format, then one change) and records what `gkreport.validate`
finds — code, pointer, severity, in order — so that another implementation can compare
its own findings (``tests/conformance/README.md``). The table states what each case is
for (``covers``); ``tests/test_conformance.py`` proves every covered rule is found, and
that every rule which reads only the tables is covered.

A change to a rule that changes a case's findings shows up as a stale case: regenerate,
then read the diff.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from gkreport._forms import layout
from gkreport._json import loads
from gkreport._model import SECOND_COPY
from gkreport._validation.engine import validate
from gkreport._validation.facts import C6, C7
from gkreport._validation.finding import Finding
from gkreport._validation.pointer import cells

__all__ = ["CASES", "IDENTITY_CODES", "Case", "balanced", "case_documents", "payload"]

Payload = dict[str, Any]

NEW, OLD = layout.ID_2021, layout.ID_2019  #: the format with sub-rows of （六）, the signed one

#: Rules whose findings a JavaScript runner computes from ``rules.json`` alone.
IDENTITY_CODES = ("F1", "F2", "F3", "F4")


def _put(data: Payload, pointer: str, value: Any) -> None:
    *parents, last = pointer.strip("/").split("/")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value


def _get(data: Payload, pointer: str) -> Any:
    node: Any = data
    for key in pointer.strip("/").split("/"):
        node = node[key]
    return node


def balanced(format_id: str) -> Payload:
    """A report of ``format_id`` whose every identity holds, every cell filled, no text.

    Deterministic small numbers, different in every cell, so that a change of one cell
    is seen by every identity that has it.
    """
    data: Payload = {
        "format": format_id,
        "agency": "示例县人民政府办公室",
        "year": layout.FORMATS[format_id].first_year,
        "kind": "department",
        "title": None,
        "published_on": None,
        "url": None,
        "text": {},
        "notes": [],
    }
    order = cells(format_id).order
    for index, pointer in enumerate(order):
        info = cells(format_id).by_pointer[pointer]
        kind = info.kind.value
        value: Any = {
            "count": index % 7 + 1,
            "signed": index % 5 - 2,
            "money": 12.5,
            "text": "12项",
        }[kind]
        _put(data, pointer, value)
    rows = sorted({p.rsplit("/", 1)[0] for p in order if p.startswith("/applications/")})
    leaves = [
        r
        for r in rows
        if r.startswith("/applications/results/") and r != "/applications/results/total"
    ]
    for column in C6:
        total = sum(_get(data, f"{leaf}/{column}") for leaf in leaves)
        _put(data, f"/applications/results/total/{column}", total)
        carried_over = _get(data, f"/applications/carried_over/{column}")
        carried_forward = _get(data, f"/applications/carried_forward/{column}")
        _put(data, f"/applications/new/{column}", total + carried_forward - carried_over)
    for row in rows:
        _put(data, f"{row}/total", sum(_get(data, f"{row}/{c}") for c in C6))
    for block in ("review", "litigation_direct", "litigation_after_review"):
        parts = ("upheld", "corrected", "other", "pending")
        _put(
            data, f"/appeals/{block}/total", sum(_get(data, f"/appeals/{block}/{p}") for p in parts)
        )
    for row in ("rules", "normative"):  # X3 (2021) and X6 (2019) hold
        for column, value in (("made", 1), ("repealed", 1), ("in_force", 5)):
            if f"/proactive/{row}/{column}" in order:
                _put(data, f"/proactive/{row}/{column}", value)
        for column, value in (("new_made", 4), ("new_published", 3), ("total_published", 9)):
            if f"/proactive/{row}/{column}" in order:
                _put(data, f"/proactive/{row}/{column}", value)
    return data


@attrs.frozen
class Case:
    """One conformance case: a balanced report of a format, changed by ``change``."""

    name: str
    description: str
    format: str
    covers: tuple[str, ...]  #: the rules the case is about (none for a clean case)
    change: Callable[[Payload], object]


def _set(*pairs: tuple[str, Any]) -> Callable[[Payload], None]:
    def change(data: Payload) -> None:
        for pointer, value in pairs:
            _put(data, pointer, value)

    return change


def _add(*pairs: tuple[str, int]) -> Callable[[Payload], None]:
    def change(data: Payload) -> None:
        for pointer, delta in pairs:
            _put(data, pointer, _get(data, pointer) + delta)

    return change


def _note(
    pointer: str, raw: str, kind: str | None = None, *blank: str
) -> Callable[[Payload], None]:
    def change(data: Payload) -> None:
        for cell in blank or (pointer,):
            _put(data, cell, None)
        note: Payload = {"path": pointer, "raw": raw, "source": "line 1", "message": None}
        if kind is not None:
            note["kind"] = kind
        data["notes"].append(note)

    return change


def _blank_zero(pointer: str) -> Callable[[Payload], None]:
    """A cell of table 四 that was 0, left blank: its block's 总计 lowered by its value."""

    def change(data: Payload) -> None:
        total = pointer.rsplit("/", 1)[0] + "/total"
        _put(data, total, _get(data, total) - _get(data, pointer))
        _put(data, pointer, None)

    return change


def _second_copy(pointer: str) -> Callable[[Payload], None]:
    def change(data: Payload) -> None:
        message = f"{SECOND_COPY} gives {_get(data, pointer) + 1}"
        note = {"path": pointer, "raw": str(_get(data, pointer) + 1), "source": "line 9"}
        data["notes"].append({**note, "message": message})

    return change


def _both(*changes: Callable[[Payload], object]) -> Callable[[Payload], None]:
    def change(data: Payload) -> None:
        for each in changes:
            each(data)

    return change


def _other_group_only(numbers: str) -> Callable[[Payload], None]:
    """2021: （六）其他处理 printed on its group row only, its sub-rows blank."""

    def change(data: Payload) -> None:
        other = data["applications"]["results"]["other"]
        for row in other.values():
            for column in row:
                row[column] = None
        data["notes"].append(
            {
                "path": "/applications/results/other",
                "raw": numbers,
                "source": "line 1",
                "message": None,
            }
        )

    return change


def _group_numbers(format_id: str) -> str:
    data = balanced(format_id)
    other = data["applications"]["results"]["other"]
    return " ".join(str(sum(row[c] for row in other.values())) for c in C7)


def _cases() -> Iterator[Case]:
    new, over = "/applications/new", "/applications/carried_over"
    forward, total = "/applications/carried_forward", "/applications/results/total"
    granted, partial = "/applications/results/granted", "/applications/results/partial"
    for fid in sorted(layout.FORMATS, reverse=True):

        def case(
            name: str, description: str, covers: tuple[str, ...], change: Any, fid: str = fid
        ) -> Case:
            return Case(f"{fid}-{name}", description, fid, covers, change)

        yield case("balanced", "every cell filled, every identity holds", (), _set())
        for column in C6:
            yield case(
                f"f1-{column}",
                f"上年结转 of {column} and its total one higher: F1 fails in both, F2 holds",
                ("F1",),
                _add((f"{over}/{column}", 1), (f"{over}/total", 1)),
            )
        yield case(
            "f2-new-row",
            "新收 one higher and 上年结转 one lower for natural persons: F1 holds, two F2",
            ("F2",),
            _add((f"{new}/natural_person", 1), (f"{over}/natural_person", -1)),
        )
        yield case(
            "f2-carried-forward-row",
            "结转下年度's and 上年结转's totals one lower than their columns: F1 holds, two F2",
            ("F2",),
            _add((f"{forward}/total", -1), (f"{over}/total", -1)),
        )
        yield case(
            "f3-columns",
            "one 予以公开 moved between columns: F2 holds, F3 fails in both columns",
            ("F3",),
            _add((f"{granted}/natural_person", 1), (f"{granted}/research", -1)),
        )
        yield case(
            "f3-total",
            "办理结果总计 one higher in a column and its total, 结转 one lower: F3 fails",
            ("F3",),
            _add(
                (f"{total}/legal_service", 1),
                (f"{total}/total", 1),
                (f"{forward}/legal_service", -1),
                (f"{forward}/total", -1),
            ),
        )
        for block in ("review", "litigation_direct", "litigation_after_review"):
            yield case(
                f"f4-{block}",
                f"{block}: one more 维持 than its 总计 says",
                ("F4",),
                _add((f"/appeals/{block}/upheld", 1)),
            )
        yield case(
            "f4-pending-blank",
            "复议 尚未审结 left blank: counted as 0, so F4 fails, and the blank is reported",
            ("F4", "blank"),
            _set(("/appeals/review/pending", None)),
        )
        for column in ("natural_person", "total"):
            yield case(
                f"diagnosis-new-{column}",
                f"新收 {column} one higher: F1 and F2 fail, and that one cell explains both",
                ("diagnosis", "F1", "F2"),
                _add((f"{new}/{column}", 1)),
            )
        yield case(
            "diagnosis-partial",
            "部分公开 of research one lower: F2 and F3 fail, one cell explains both",
            ("diagnosis", "F2", "F3"),
            _add((f"{partial}/research", -1)),
        )
        yield case(
            "blank-zero",
            "a zero cell left blank (its total lowered to match): blank only, F4 holds",
            ("blank",),
            _blank_zero("/appeals/litigation_direct/pending"),
        )
        yield case(
            "blank-total",
            "a row total left blank: the diagnosis names the one cell and its value, and the F2 "
            "and F3 failures it causes are folded into it (one problem, one finding)",
            ("diagnosis", "F2", "F3"),
            _set((f"{partial}/total", None)),
        )
        for mark in ("-", "/", "无"):
            yield case(
                f"mark-{'dash' if mark == '-' else 'slash' if mark == '/' else 'wu'}",
                f"a cell printed “{mark}” (null with a note): counted as 0 like a blank",
                ("mark",),
                _both(
                    _blank_zero("/appeals/litigation_direct/other"),
                    _note("/appeals/litigation_direct/other", mark),
                ),
            )
        yield case(
            "f5-negative",
            "a negative count: F5, and the identities that use it are skipped",
            ("F5",),
            _set((f"{new}/research", -1)),
        )
        yield case(
            "f5-fraction",
            "a count of 1.5: F5, the identities that use it skipped",
            ("F5",),
            _set(("/appeals/review/corrected", 1.5)),
        )
        yield case(
            "f5-text",
            "a count written as text: F5, the identities that use it skipped",
            ("F5",),
            _set((f"{forward}/natural_person", "3")),
        )
        yield case(
            "count-written-12.0",
            "a count written 12.0 is the integer 12: nothing to say",
            (),
            _set((f"{new}/total", float(_get(balanced(fid), f"{new}/total")))),
        )
        yield case(
            "unread-row",
            "a row seen but not read (unread note, cells null): one finding, F1–F3 skipped for it",
            ("unread",),
            _note(new, "本年新收 1 2 3", "unread", *(f"{new}/{c}" for c in C7)),
        )
        yield case(
            "implausible-cell",
            "a 复议 count set aside as the report year (implausible note): F4 skipped for it",
            ("implausible",),
            _note("/appeals/review/upheld", str(balanced(fid)["year"]), "implausible"),
        )
        yield case(
            "empty-appeals",
            "table 四 left wholly blank: one D7 finding, not one per cell",
            ("D7",),
            _set(
                *(
                    (f"/appeals/{block}/{column}", None)
                    for block in ("review", "litigation_direct", "litigation_after_review")
                    for column in ("upheld", "corrected", "other", "pending", "total")
                )
            ),
        )
        yield case(
            "schema-unknown-property",
            "a property the schema does not know",
            ("schema",),
            _set(("/colour", "red")),
        )
        yield case(
            "copies",
            "a second copy of the tables gives another number for a cell (a note): copies",
            ("copies",),
            _second_copy(f"{new}/total"),
        )
        yield case("schema-year", "a year before 2008", ("schema",), _set(("/year", 2007)))
        yield case("schema-kind", "an unknown kind of agency", ("schema",), _set(("/kind", "city")))
    yield Case(
        f"{NEW}-f6-negative",
        "a negative fee amount",
        NEW,
        ("F6",),
        _set(("/proactive/fees/amount", -1)),
    )
    yield Case(
        f"{NEW}-amount-exact",
        "an amount with four decimals is exact: nothing to say",
        NEW,
        (),
        _set(("/proactive/fees/amount", 834.6435)),
    )
    yield Case(
        f"{NEW}-x3",
        "规章 made exceeds in force plus repealed",
        NEW,
        ("X3",),
        _set(("/proactive/rules/made", 9)),
    )
    yield Case(
        f"{NEW}-other-group-only",
        "（六）其他处理 printed on its group row only, the seven numbers of the row: F3 uses them",
        NEW,
        ("other-group-only",),
        _other_group_only(_group_numbers(NEW)),
    )
    yield Case(
        f"{NEW}-other-group-only-unparsed",
        "（六）其他处理 on its group row only, but not seven numbers: the row counts as blank",
        NEW,
        ("other-group-only", "F3"),
        _other_group_only("见附表"),
    )
    yield Case(
        f"{NEW}-other-group-only-wrong",
        "（六）其他处理 on its group row only, a number off by one: F3 fails",
        NEW,
        ("other-group-only", "F3"),
        _other_group_only(
            " ".join(str(int(n) + (i == 0)) for i, n in enumerate(_group_numbers(NEW).split()))
        ),
    )
    yield Case(
        f"{OLD}-signed-negative",
        "a signed 本年增/减 of −8 is a valid value and in no identity",
        OLD,
        (),
        _set(("/proactive/licensing/delta", -8)),
    )
    yield Case(
        f"{OLD}-f6b-text",
        "a signed 本年增/减 written as text: F6b",
        OLD,
        ("F6b",),
        _set(("/proactive/penalty/delta", "增加3")),
    )
    yield Case(
        f"{OLD}-x6",
        "more 规范性文件 published than made",
        OLD,
        ("X6",),
        _set(("/proactive/normative/new_published", 9)),
    )
    yield Case(
        f"{OLD}-schema-2021-row",
        "a 2021 sub-row of （六） in a 2019 report",
        OLD,
        ("schema",),
        _set(("/applications/results/other", {"fee_unpaid": {"total": 1}})),
    )


CASES: tuple[Case, ...] = tuple(_cases())


def payload(case: Case) -> Payload:
    """The case's payload, as JSON would give it (floats print exactly as written here)."""
    data = balanced(case.format)
    case.change(data)
    return data


@functools.cache
def case_documents() -> dict[str, Payload]:
    """Each case file's content, by file stem (computed once per process)."""
    documents = {}
    for case in CASES:
        data = payload(case)
        # validated as read from its JSON text, amounts exact, as the tests read the file
        result = validate(loads(json.dumps(data, ensure_ascii=False)))
        documents[case.name] = {
            "description": case.description,
            "format": case.format,
            "covers": list(case.covers),
            "payload": data,
            "expected": [_expected(finding) for finding in result.findings],
        }
    return documents


def _expected(finding: Finding) -> dict[str, Any]:
    """A finding as a case records it; the findings it explains nested the same way."""
    recorded: dict[str, Any] = {
        "code": finding.code,
        "path": finding.path,
        "severity": finding.severity,
    }
    if finding.explains:
        recorded["explains"] = [_expected(explained) for explained in finding.explains]
    return recorded
