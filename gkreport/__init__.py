"""gkreport: the annual report on government information disclosure as validated data.

The public API is what this module exports, plus the documented `gkreport.excel`
(imported on first use, so that JSON-only users never load openpyxl).
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

from gkreport._io import dump, load, parse_text
from gkreport.convert import from_dict, to_dict
from gkreport.errors import GkreportError, InvalidReport, ReadError
from gkreport.model import Note, Report, Report2019, Report2021
from gkreport.rules import Severity
from gkreport.schema import schema
from gkreport.validate import (
    Finding,
    ValidationResult,
    validate,
    validate_rollup,
    validate_series,
)

try:
    __version__ = version("gkreport")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0+unknown"

__all__ = [
    "Finding",
    "GkreportError",
    "InvalidReport",
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
    "load",
    "parse_text",
    "schema",
    "to_dict",
    "validate",
    "validate_rollup",
    "validate_series",
]

_LAZY_MODULES = ("excel", "pdf", "render")


def __getattr__(name: str) -> ModuleType:
    if name in _LAZY_MODULES:
        return importlib.import_module(f"gkreport.{name}")
    msg = f"module 'gkreport' has no attribute {name!r}"
    raise AttributeError(msg)
