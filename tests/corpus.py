"""The real-report corpus beside the repository (``../shared/corpus``), for tests and benchmarks.

Its ``.expected.json`` files hold hand-checked values under their own keys
(``shared/corpus/README.md``); `expected_values` maps them onto the report's JSON
pointers. The corpus is not copied into the project: tests that need it skip
cleanly where the folder is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gkreport._json import read_json

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


def expected_values(name: str) -> dict[str, object]:
    """The hand-checked cells of one corpus report, keyed by the report's JSON pointers."""
    data = expected(name)
    return {
        f"{row_pointer}/{_CELLS.get(cell, cell)}": value
        for section, rows in _ROWS.items()
        for key, row_pointer in rows.items()
        for cell, value in data[section][key].items()
    }
