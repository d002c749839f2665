"""The core imports no adapter: forms, model, convert, schema, vocabulary and validation.

A supervising office validating JSON payloads never loads a workbook, PDF or terminal
library, and a finding's workbook cell comes from the workbook map, which is core.
The scan reads every import statement, including those inside functions.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "gkreport"
CORE = (
    "_forms",
    "_validation",
    "_model.py",
    "_tables.py",
    "_convert.py",
    "_schema.py",
    "_vocabulary.py",
    "_workbook_map.py",
    "_errors.py",
    "_json.py",
    "_words.py",
    "_payload.py",
    "_strict.py",
    "_structure_generated.py",
)
ADAPTERS = (
    "gkreport._readers",
    "gkreport.excel",
    "gkreport._render",
    "gkreport._cli",
    "gkreport._io",
)
ADAPTER_LIBRARIES = ("openpyxl", "pdfplumber", "docx", "lxml", "rich")


def _core_modules() -> list[Path]:
    found: list[Path] = []
    for name in CORE:
        path = PACKAGE / name
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_a_core_module_imports_no_adapter(path: Path) -> None:
    forbidden = ADAPTERS + ADAPTER_LIBRARIES
    wrong = sorted(
        name
        for name in _imports(path)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    )
    assert wrong == []


def test_the_scan_sees_an_adapter_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from gkreport.excel import _draw\n    import openpyxl\n")
    assert {"gkreport.excel", "openpyxl"} <= _imports(module)


HEAVY_MODULES = ("gkreport.excel", "gkreport._render", "gkreport._cli", "gkreport._readers.xlsx")


def test_validating_a_payload_loads_no_adapter() -> None:
    code = (
        "import sys, json, gkreport\n"
        "data = json.load(open('examples/qianxinan-2023.json', encoding='utf-8'))\n"
        "assert gkreport.validate(data).findings, 'findings carry their workbook cells'\n"
        f"heavy, libraries = {HEAVY_MODULES!r}, {ADAPTER_LIBRARIES!r}\n"
        "print(sorted(m for m in sys.modules\n"
        "             if m.startswith(heavy) or m.split('.')[0] in libraries))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert out.stdout.strip() == "[]"
