"""Hand-checked reference data for tests and benchmarks: the seeds, the examples, the corpus.

The seeds' expected JSON (``tests/fixtures/seeds``) and the examples are interchange
dicts; `cell_values` flattens one to its table cells by JSON pointer. The real-report
corpus beside the repository (``../shared/corpus``) holds hand-checked values under
its own keys (``shared/corpus/README.md``); `expected_values` maps them onto the
report's JSON pointers. The corpus is not copied into the project: tests that need it
skip cleanly where the folder is absent.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from gkreport import Report, to_dict
from gkreport._forms import layout
from gkreport._json import dumps, read_json

SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
#: A real report with a real text↔table fault (seed 002, 官渡区 2024).
GUANDU = SEEDS / "002_ce68d56cc731e239.expected.json"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
NAMES = (
    "001-huaian-gov-2024",
    "002-hongze-district-gov-2023",
    "003-hongze-district-gov-2024",
)

needs_corpus = pytest.mark.skipif(
    not all((CORPUS / f"{name}.expected.json").is_file() for name in NAMES),
    reason=f"the real-report corpus is not at {CORPUS}",
)

_ROWS = {
    "section2": {
        "regulations": "/proactive/rules",
        "normative_documents": "/proactive/normative",
        "licensing": "/proactive/licensing",
        "punishment": "/proactive/penalty",
        "coercion": "/proactive/coercion",
        "fees": "/proactive/fees",
    },
    "section3": {
        "new": "/applications/new",
        "carried_over": "/applications/carried_over",
        "result_total": "/applications/results/total",
        "carried_forward": "/applications/carried_forward",
    },
    "section4": {
        "review": "/appeals/review",
        "litigation_direct": "/appeals/litigation_direct",
        "litigation_after_review": "/appeals/litigation_after_review",
    },
}
_CELLS = {"valid": "in_force", "processed": "decisions", "amount_wan_yuan": "amount"}


def expected(name: str) -> dict[str, Any]:
    """The hand-checked ``.expected.json`` of one corpus report, as written."""
    return read_json(CORPUS / f"{name}.expected.json")


def expected_values(
    name: str, *, proactive_rows: tuple[str, ...] | None = None
) -> dict[str, object]:
    """The hand-checked cells of one corpus report, keyed by the report's JSON pointers.

    ``proactive_rows`` keeps only those rows of table 二 (all rows when None).
    """
    data = expected(name)
    values = {
        f"{row_pointer}/{_CELLS.get(cell, cell)}": value
        for section, rows in _ROWS.items()
        for key, row_pointer in rows.items()
        for cell, value in data[section][key].items()
    }
    if proactive_rows is None:
        return values
    return {
        pointer: value
        for pointer, value in values.items()
        if not pointer.startswith("/proactive/") or pointer.split("/")[2] in proactive_rows
    }


def cell_values(data: dict[str, Any]) -> dict[str, Any]:
    """Every table cell of an interchange dict, by JSON pointer, in printed order."""
    values = {}
    for leaf in layout.get_format(data["format"]).leaves():
        node = data
        for part in leaf.path:
            node = node[part]
        values[leaf.pointer] = node
    return values


def report_cells(report: Report) -> dict[str, Any]:
    """Every table cell of a report object, by JSON pointer, in printed order."""
    return cell_values(to_dict(report))


def earlier_year(data: dict[str, Any]) -> dict[str, Any]:
    """The same agency's report of the year before, its carried-forward row one off (an X1)."""
    earlier = copy.deepcopy(data)
    earlier["year"] -= 1
    earlier["title"] = None
    earlier["applications"]["carried_forward"] = copy.deepcopy(data["applications"]["carried_over"])
    earlier["applications"]["carried_forward"]["natural_person"] += 1
    return earlier


def put(path: Path, data: Any) -> Path:
    """Write an interchange dict as a JSON file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(data), "utf-8")
    return path
