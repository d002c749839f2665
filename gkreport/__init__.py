"""gkreport: the annual report on government information disclosure as validated data.

The public API is what this module exports, plus the documented `gkreport.excel`
(imported on first use, so that JSON-only users never load openpyxl).
"""

from __future__ import annotations

import importlib
from typing import Any

from gkreport._convert import from_dict, to_dict
from gkreport._errors import GkreportError, InvalidReport, ReadError
from gkreport._frame import to_frame
from gkreport._indicators import indicators, metrics
from gkreport._io import dump, load, parse_text
from gkreport._model import Note, Report, Report2019, Report2021
from gkreport._readers.limits import Limits
from gkreport._schema import schema
from gkreport._validation.engine import validate, validate_rollup, validate_series
from gkreport._validation.finding import Finding, Severity, ValidationResult
from gkreport._version import __version__

__all__ = [
    "Finding",
    "GkreportError",
    "InvalidReport",
    "Limits",
    "Note",
    "ReadError",
    "Report",
    "Report2019",
    "Report2021",
    "Severity",
    "ValidationResult",
    "__version__",
    "dump",
    "from_dict",
    "indicators",
    "load",
    "metrics",
    "parse_text",
    "schema",
    "to_dict",
    "to_frame",
    "validate",
    "validate_rollup",
    "validate_series",
]

#: The documented modules loaded on first use: the workbook, PDF reading and the renderer.
_LAZY_MODULES = {
    "excel": "gkreport.excel",
    "pdf": "gkreport._readers.pdf",
    "render": "gkreport._render",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        return importlib.import_module(_LAZY_MODULES[name])
    msg = f"module 'gkreport' has no attribute {name!r}"
    raise AttributeError(msg)
